//! A line scanner that tells which `{{#` of a chapter sit in code, and where
//! its headings are, without a full markdown parse, for chapters made of the
//! common blocks: paragraphs, ATX and setext headings, thematic breaks,
//! tables, fenced and indented code.
//!
//! `mdbook serve` reruns every member on every save, and a chapter that shows
//! a directive in a code block would otherwise cost a full `pulldown-cmark`
//! parse per member. The scanner answers only when its answer is certain to
//! be `pulldown-cmark`'s: it returns `None` (and the caller parses) on any
//! line that opens a block it does not model (block quotes, lists, footnote
//! and link reference definitions, HTML blocks: a line that starts with `<`
//! is parsed alone to tell), on tabs in indentation, on a bare `\r`, and
//! when a paragraph holding a `{{#` also holds `` ` `` or `<` (code spans and
//! inline HTML comments need the inline parser). Property tests and a fuzz
//! target hold it to `pulldown-cmark` on every input where it answers.

use pulldown_cmark::{Event, Tag};
use std::ops::Range;

const OPEN: &[u8] = b"{{#";

/// What the lines before the current one leave open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing: the start, after a blank line, a heading or a break.
    Between,
    /// A paragraph (or table): an indented line continues it.
    Paragraph,
    /// Indented code; blank lines inside it keep it open.
    Indented,
    /// Fenced code opened by `len` times `fence`.
    Fenced { fence: u8, len: usize },
}

/// The byte ranges of `text[from..]`'s code blocks (fenced and indented), as
/// far as they matter for directives: every `{{#` outside them is outside
/// code. `None` when the chapter needs the real parser.
pub fn directive_literal_ranges(text: &str, from: usize) -> Option<Vec<Range<usize>>> {
    scan(text, from, true).map(|outline| outline.literal)
}

/// The block structure the scanner sees.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// Code blocks (fenced and indented).
    pub literal: Vec<Range<usize>>,
    /// ATX heading lines (`## Title`): the level and the line, from its
    /// start (indentation included) through its line break.
    pub headings: Vec<(u8, Range<usize>)>,
    /// Where the lines of thematic breaks start.
    pub breaks: Vec<usize>,
    /// Whether an underline made a paragraph a (setext) heading.
    pub setext: bool,
}

/// The outline of `text`, or `None` when it needs the real parser. A tab,
/// vertical tab or form feed, which the scanner reads as text, can make a
/// line an underline or a break: a chapter with one is left to the parser.
pub fn outline(text: &str) -> Option<Outline> {
    if memchr::memchr3(b'\t', 0x0b, 0x0c, text.as_bytes()).is_some() {
        return None;
    }
    scan(text, 0, false)
}

/// Scans `text[from..]`; with `for_directives`, also gives up on paragraphs
/// where a `{{#` may sit in a code span or an HTML comment.
fn scan(text: &str, from: usize, for_directives: bool) -> Option<Outline> {
    let bytes = text.as_bytes();
    let from = from.min(bytes.len());
    // A `\r` alone ends a line for CommonMark; the scanner splits at `\n`.
    let bare_cr = |i: usize| bytes.get(from + i + 1) != Some(&b'\n');
    if memchr::memchr_iter(b'\r', &bytes[from..]).any(bare_cr) {
        return None;
    }
    let mut outline = Outline::default();
    let mut state = State::Between;
    // The paragraph in progress: where it starts, and whether it holds a
    // `{{#` and a character that may start a code span or an HTML comment.
    let mut paragraph = ParagraphCheck {
        for_directives,
        ..ParagraphCheck::default()
    };
    let mut at = from;
    while at < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        let line = &bytes[at..end];
        let indent = line.iter().take_while(|b| **b == b' ').count();
        let rest = &line[indent..];
        let blank = rest.iter().all(|b| matches!(b, b'\n' | b'\r' | b' '));
        if !matches!(state, State::Fenced { .. }) && rest.first() == Some(&b'\t') && !blank {
            return None;
        }
        state = match state {
            State::Fenced { fence, len } => {
                extend(&mut outline.literal, at..end);
                if indent <= 3 && closes_fence(rest, fence, len) {
                    State::Between
                } else {
                    state
                }
            }
            _ if blank => {
                paragraph.end(bytes)?;
                if state == State::Indented {
                    State::Indented
                } else {
                    State::Between
                }
            }
            // An indented line continues a paragraph but ends a table.
            State::Paragraph if indent >= 4 && paragraph.has_pipe => return None,
            State::Paragraph if indent >= 4 => {
                paragraph.add(bytes, at..end);
                State::Paragraph
            }
            _ if indent >= 4 => {
                extend(&mut outline.literal, at..end);
                State::Indented
            }
            _ => {
                let opened = line_start(rest, state)?;
                if opened != Block::Paragraph {
                    // What ends a table differs from what ends a paragraph.
                    if paragraph.has_pipe {
                        return None;
                    }
                    paragraph.end(bytes)?;
                }
                match opened {
                    Block::Fence { fence, len } => {
                        extend(&mut outline.literal, at..end);
                        State::Fenced { fence, len }
                    }
                    Block::Heading(level) => {
                        paragraph.line(bytes, at..end)?;
                        outline.headings.push((level, at..end));
                        State::Between
                    }
                    Block::Break => {
                        outline.breaks.push(at);
                        State::Between
                    }
                    Block::Underline => {
                        outline.setext = true;
                        State::Between
                    }
                    Block::Paragraph => {
                        paragraph.add(bytes, at..end);
                        State::Paragraph
                    }
                }
            }
        };
        at = end;
    }
    paragraph.end(bytes)?;
    Some(outline)
}

/// Adds a line to the ranges, joining it to the previous range if adjacent.
fn extend(literal: &mut Vec<Range<usize>>, line: Range<usize>) {
    match literal.last_mut() {
        Some(last) if last.end == line.start => last.end = line.end,
        _ => literal.push(line),
    }
}

/// Tracks whether the paragraph in progress is one the scanner can answer for.
#[derive(Default)]
struct ParagraphCheck {
    /// Whether a `{{#` that may be in a code span or comment is a reason to
    /// give up.
    for_directives: bool,
    /// The paragraph's lines so far (they are consecutive).
    lines: Option<Range<usize>>,
    has_directive: bool,
    /// Whether it may be a table.
    has_pipe: bool,
}

impl ParagraphCheck {
    /// Adds the line `bytes[line]` in one pass, for `{{#` and `|`. Whether a
    /// code span or comment may hide the `{{#` is asked at the end, of the
    /// few paragraphs that hold one.
    fn add(&mut self, bytes: &[u8], line: Range<usize>) {
        let text = &bytes[line.clone()];
        if self.for_directives {
            for at in memchr::memchr2_iter(b'{', b'|', text) {
                match text[at] {
                    b'{' => self.has_directive |= text[at..].starts_with(OPEN),
                    _ => self.has_pipe = true,
                }
            }
        } else if !self.has_pipe {
            self.has_pipe = memchr::memchr(b'|', text).is_some();
        }
        self.lines = Some(match self.lines.take() {
            Some(lines) => lines.start..line.end,
            None => line,
        });
    }

    /// Ends the paragraph: `None` when it holds a `{{#` that could be in a
    /// code span or a comment.
    fn end(&mut self, bytes: &[u8]) -> Option<()> {
        let unsure = self.for_directives
            && self.has_directive
            && self
                .lines
                .as_ref()
                .is_some_and(|lines| memchr::memchr2(b'`', b'<', &bytes[lines.clone()]).is_some());
        *self = ParagraphCheck {
            for_directives: self.for_directives,
            ..ParagraphCheck::default()
        };
        (!unsure).then_some(())
    }

    /// A heading: a block of one line, checked as a paragraph of its own.
    fn line(&mut self, bytes: &[u8], line: Range<usize>) -> Option<()> {
        self.add(bytes, line);
        self.end(bytes)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    Fence {
        fence: u8,
        len: usize,
    },
    /// An ATX heading of this level.
    Heading(u8),
    Break,
    /// A setext heading's underline.
    Underline,
    Paragraph,
}

/// What a line indented at most three spaces starts (`rest` is the line
/// without its indentation); `None` for blocks the scanner does not model.
fn line_start(rest: &[u8], state: State) -> Option<Block> {
    let first = *rest.first()?;
    let run = rest.iter().take_while(|b| **b == first).count();
    let after_run = &rest[run..];
    let ends_or_space = |b: Option<&u8>| matches!(b, None | Some(b' ' | b'\t' | b'\r' | b'\n'));
    match first {
        b'`' | b'~' if run >= 3 => {
            // A backtick fence's info string cannot hold a backtick.
            if first == b'`' && memchr::memchr(b'`', after_run).is_some() {
                Some(Block::Paragraph)
            } else {
                Some(Block::Fence {
                    fence: first,
                    len: run,
                })
            }
        }
        b'<' => html_or_paragraph(rest, state),
        b'>' => None,
        b'-' | b'+' | b'*' if ends_or_space(rest.get(1)) => None,
        b'0'..=b'9' => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let marker = rest.get(digits);
            if matches!(marker, Some(b'.' | b')')) && ends_or_space(rest.get(digits + 1)) {
                None
            } else {
                Some(Block::Paragraph)
            }
        }
        // A paragraph that opens with `[` may be link reference definitions
        // (their destination and title may follow on the next lines), and
        // `[^` opens a footnote definition.
        b'[' if state != State::Paragraph || rest.get(1) == Some(&b'^') => None,
        // `run` is at most 6.
        b'#' if run <= 6 && ends_or_space(after_run.first()) => {
            u8::try_from(run).ok().map(Block::Heading)
        }
        b'-' | b'*' | b'_' | b'=' if is_underline_or_break(rest) => {
            // An underline is one run of `=` or `-` and trailing spaces.
            let underline = after_run.iter().all(|b| matches!(b, b' ' | b'\r' | b'\n'));
            let count = rest.iter().filter(|b| **b == first).count();
            match first {
                // `===` underlines a paragraph, else it is text.
                b'=' if state == State::Paragraph && underline => Some(Block::Underline),
                b'=' => Some(Block::Paragraph),
                // `-` underlines a paragraph; three or more of `-*_` are a break.
                b'-' if state == State::Paragraph && underline => Some(Block::Underline),
                _ if count >= 3 => Some(Block::Break),
                _ => Some(Block::Paragraph),
            }
        }
        _ => Some(Block::Paragraph),
    }
}

/// A line that starts with `<` (like the badge line status writes at the
/// top of every chapter) opens an HTML block or is text of a paragraph; which
/// one takes `CommonMark`'s seven kinds of HTML block, so that line alone is
/// given to the real parser: a parse of one line instead of the chapter.
/// `None` for an HTML block, which the scanner does not model.
fn html_or_paragraph(rest: &[u8], state: State) -> Option<Block> {
    let line = std::str::from_utf8(rest).ok()?;
    // Only some kinds of HTML block may interrupt a paragraph: ask with one.
    let parsed = if state == State::Paragraph {
        pulldown_cmark::Parser::new(&format!("a\n{line}"))
            .any(|event| matches!(event, Event::Start(Tag::HtmlBlock)))
    } else {
        matches!(
            pulldown_cmark::Parser::new(line).next(),
            Some(Event::Start(Tag::HtmlBlock))
        )
    };
    (!parsed).then_some(Block::Paragraph)
}

/// Whether the line is one repeated character among `-*_=`, with spaces.
fn is_underline_or_break(rest: &[u8]) -> bool {
    let first = rest[0];
    rest.iter()
        .all(|b| *b == first || matches!(b, b' ' | b'\r' | b'\n'))
}

/// Whether `rest` closes a fence of `len` times `fence`.
fn closes_fence(rest: &[u8], fence: u8, len: usize) -> bool {
    let run = rest.iter().take_while(|b| **b == fence).count();
    run >= len
        && rest[run..]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal_texts(text: &str) -> Option<Vec<&str>> {
        directive_literal_ranges(text, 0)
            .map(|ranges| ranges.into_iter().map(|r| &text[r]).collect())
    }

    #[test]
    fn fenced_and_indented_code_are_literal() {
        let text = "# T\n\nText {{#status a}}\n\n```yaml\n{{#status b}}\n```\n\n    {{#status c}}\n\n| a | b |\n| - | - |\n";
        assert_eq!(
            literal_texts(text).unwrap(),
            ["```yaml\n{{#status b}}\n```\n", "    {{#status c}}\n"]
        );
    }

    #[test]
    fn a_badge_line_is_a_paragraph_and_a_block_tag_an_html_block() {
        let badged =
            "# T\n\n<span class=\"deepdive-badge\" title=\"a > b\">✅ Done</span>\n\n## Next\n";
        assert_eq!(outline(badged).unwrap().headings.len(), 2);
        assert_eq!(
            literal_texts("<span>x</span>\n\n    {{#status a}}\n").unwrap(),
            ["    {{#status a}}\n"]
        );
        // A tag alone on its line opens an HTML block (CommonMark's 7th kind),
        // and a block tag interrupts a paragraph: both need the parser.
        assert!(outline("<span class=\"b\">\n# x\n").is_none());
        assert!(outline("text\n<div>\n").is_none());
        // A tag alone on its line cannot interrupt a paragraph.
        assert_eq!(outline("text\n<span>\n# x\n").unwrap().headings.len(), 1);
    }

    #[test]
    fn an_indented_line_after_a_paragraph_continues_it() {
        assert_eq!(
            literal_texts("para\n    {{#status a}}\n").unwrap(),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn unmodelled_blocks_and_unsure_paragraphs_need_the_parser() {
        for text in [
            "> quote\n",
            "- item\n",
            "1. item\n",
            "<div>\n",
            "[^1]: note\n",
            "\tcode\n",
            "a\rb\n",
            "`{{#status a}}`\n",
            "x <!-- {{#status a}} -->\n",
        ] {
            assert_eq!(directive_literal_ranges(text, 0), None, "{text:?}");
        }
        // Inline code in a paragraph without a directive is no reason to parse.
        assert!(directive_literal_ranges("`a`\n\n{{#status b}}\n", 0).is_some());
    }
}
