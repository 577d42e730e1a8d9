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
    /// A list (its items are the scan's [`List`]).
    List,
    /// A block quote; `open` when its last line was paragraph text, which a
    /// line without `>` may continue (lazily).
    Quote { open: bool },
    /// Footnote definitions (`[^1]: text`); `open` as for a quote.
    Footnotes { open: bool },
}

/// The byte ranges of `text[from..]`'s code blocks (fenced and indented), as
/// far as they matter for directives: every `{{#` outside them is outside
/// code. `None` when the chapter needs the real parser.
pub fn directive_literal_ranges(text: &str, from: usize) -> Option<Vec<Range<usize>>> {
    scan(text, from, true)
        .filter(|outline| !outline.directives_unsure)
        .map(|outline| outline.literal)
}

/// One scan of `text[from..]` (a chapter's body) for both questions: its
/// [`directive_literal_ranges`], and its [`outline`] (as the outline of the
/// body alone, at offsets in it).
pub fn directive_literal_ranges_and_outline(
    text: &str,
    from: usize,
) -> (Option<Vec<Range<usize>>>, Option<Outline>) {
    let Some(scanned) = scan(text, from, true) else {
        return (None, None);
    };
    let body = &text.as_bytes()[from.min(text.len())..];
    let outline = memchr::memchr3(b'\t', 0x0b, 0x0c, body)
        .is_none()
        .then(|| Outline {
            literal: Vec::new(),
            headings: (scanned.headings.iter())
                .map(|(level, line)| (*level, line.start - from..line.end - from))
                .collect(),
            breaks: scanned.breaks.iter().map(|at| at - from).collect(),
            setext: scanned.setext,
            directives_unsure: false,
        });
    let literal = (!scanned.directives_unsure).then_some(scanned.literal);
    (literal, outline)
}

/// The block structure the scanner sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// Whether a `{{#` may sit in a code span or HTML comment the scanner
    /// cannot tell (scanning for directives): its `literal` is then no
    /// answer, while the rest of the outline is.
    pub directives_unsure: bool,
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
    let mut list = List::default();
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
        let literal = &mut outline.literal;
        state = match state {
            State::Fenced { fence, len } => {
                extend(literal, at..end);
                if indent <= 3 && closes_fence(rest, fence, len) {
                    State::Between
                } else {
                    state
                }
            }
            State::List => {
                match list.line(bytes, at..end, indent, blank, &mut paragraph, literal)? {
                    Step::Stay => State::List,
                    Step::Ended => {
                        // The line starts what follows the list: read it again.
                        state = State::Between;
                        continue;
                    }
                }
            }
            State::Quote { open } => {
                match quote_line(bytes, at..end, indent, blank, open, &mut paragraph, literal)? {
                    Some(open) => State::Quote { open },
                    None if blank => State::Between,
                    None => {
                        state = State::Between;
                        continue;
                    }
                }
            }
            State::Footnotes { open } => {
                match footnote_line(bytes, at..end, indent, blank, open, &mut paragraph, literal)? {
                    Some(open) => State::Footnotes { open },
                    None => {
                        state = State::Between;
                        continue;
                    }
                }
            }
            _ if blank => {
                paragraph.end(bytes, literal);
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
                extend(literal, at..end);
                State::Indented
            }
            _ => {
                let opened = line_start(rest, state)?;
                let line = at..end;
                opened_state(
                    opened,
                    line,
                    indent,
                    bytes,
                    &mut outline,
                    &mut paragraph,
                    &mut list,
                )?
            }
        };
        at = end;
    }
    paragraph.end(bytes, &mut outline.literal);
    outline.directives_unsure = paragraph.unsure;
    Some(outline)
}

/// What the line `line` (indented `indent`) leaves open when it opens
/// `opened`, noting what it is in the outline; `None` when it ends a table.
fn opened_state(
    opened: Block,
    line: Range<usize>,
    indent: usize,
    bytes: &[u8],
    outline: &mut Outline,
    paragraph: &mut ParagraphCheck,
    list: &mut List,
) -> Option<State> {
    let (at, end) = (line.start, line.end);
    let literal = &mut outline.literal;
    if opened != Block::Paragraph {
        // What ends a table differs from what ends a paragraph.
        if paragraph.has_pipe {
            return None;
        }
        paragraph.end(bytes, literal);
    }
    Some(match opened {
        Block::Fence { fence, len } => {
            extend(literal, at..end);
            State::Fenced { fence, len }
        }
        Block::Heading(level) => {
            paragraph.line(bytes, at..end, literal);
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
        Block::Item(item) => {
            list.items.clear();
            list.items.push(Item {
                content: indent + item.width,
                kind: item.kind,
            });
            list.open = true;
            paragraph.add(bytes, at..end);
            State::List
        }
        Block::Quote => {
            paragraph.add(bytes, at..end);
            State::Quote { open: true }
        }
        Block::Footnote => {
            paragraph.opaque = true;
            paragraph.add(bytes, at..end);
            State::Footnotes { open: true }
        }
    })
}

/// An item of the list the scanner is in: where its content starts (the
/// column a line must reach to stay in it) and its marker (`-`, `*`, `+`,
/// or an ordered list's `.` or `)`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Item {
    content: usize,
    kind: u8,
}

/// The open items of the list the scanner is in, outermost first, and
/// whether its last line was paragraph text (which the next line may
/// continue, lazily).
#[derive(Default)]
struct List {
    items: Vec<Item>,
    open: bool,
}

/// What a line does to the list.
enum Step {
    /// It is part of the list.
    Stay,
    /// It follows the list, which it ends.
    Ended,
}

impl List {
    /// Reads a line of the list: items (nested by their indentation) and
    /// paragraph text in them. `None` for anything else in a list (code,
    /// headings, quotes, tables, HTML), and where `CommonMark`'s rules for
    /// what may interrupt a paragraph would matter.
    fn line(
        &mut self,
        bytes: &[u8],
        line: Range<usize>,
        indent: usize,
        blank: bool,
        paragraph: &mut ParagraphCheck,
        literal: &mut Vec<Range<usize>>,
    ) -> Option<Step> {
        if blank {
            paragraph.end(bytes, literal);
            self.open = false;
            return Some(Step::Stay);
        }
        let rest = &bytes[line.start + indent..line.end];
        // The items the line's indentation keeps it in.
        let depth = self
            .items
            .iter()
            .take_while(|item| item.content <= indent)
            .count();
        if !self.open && depth == 0 {
            return Some(Step::Ended);
        }
        let base = depth.checked_sub(1).map_or(0, |d| self.items[d].content);
        if is_underline_or_break(rest) || indent - base >= 4 {
            return None;
        }
        if let Some(marker) = list_marker(rest) {
            let item = marker.modelled()?;
            // A list inside the item, interrupting its paragraph: only a
            // bullet or `1.` may.
            if self.open && depth == self.items.len() && item.number.is_some_and(|n| n != 1) {
                return None;
            }
            paragraph.end(bytes, literal);
            self.items.truncate(depth);
            self.items.push(Item {
                content: indent + item.width,
                kind: item.kind,
            });
        } else if !plain_text(rest) {
            return None;
        } else if !self.open {
            // A paragraph of the item the indentation keeps it in.
            self.items.truncate(depth);
        }
        // Else paragraph text, in its item or lazily continued.
        paragraph.add(bytes, line);
        self.open = true;
        Some(Step::Stay)
    }
}

/// Reads a line of a block quote whose last line was paragraph text if
/// `open`: `Some(open)` while the quote goes on, `None` when the line ends
/// it (the caller reads a non-blank one again), and `None` from the outer
/// `Option` for quotes the scanner does not model (anything but paragraphs
/// in them).
#[allow(
    clippy::option_option,
    reason = "the outer `None` gives up on the chapter, the inner ends the quote"
)]
fn quote_line(
    bytes: &[u8],
    line: Range<usize>,
    indent: usize,
    blank: bool,
    open: bool,
    paragraph: &mut ParagraphCheck,
    literal: &mut Vec<Range<usize>>,
) -> Option<Option<bool>> {
    let rest = &bytes[line.start + indent..line.end];
    if blank {
        paragraph.end(bytes, literal);
        return Some(None);
    }
    if indent <= 3 && rest.first() == Some(&b'>') {
        let content = quote_content(rest);
        if content.iter().all(|b| matches!(b, b'\n' | b'\r' | b' ')) {
            paragraph.end(bytes, literal);
            return Some(Some(false));
        }
        if !plain_text(content) {
            return None;
        }
        paragraph.add(bytes, line);
        return Some(Some(true));
    }
    continuation(bytes, line, rest, open, paragraph)
}

/// A line of neither marker after a quote's or a footnote definition's
/// lines: a lazy continuation of its paragraph when one is `open` (and the
/// line is plain text), else the end of the block (the inner `None`).
#[allow(
    clippy::option_option,
    reason = "the outer `None` gives up on the chapter, the inner ends the block"
)]
fn continuation(
    bytes: &[u8],
    line: Range<usize>,
    rest: &[u8],
    open: bool,
    paragraph: &mut ParagraphCheck,
) -> Option<Option<bool>> {
    if !open {
        return Some(None);
    }
    if !plain_text(rest) {
        return None;
    }
    paragraph.add(bytes, line);
    Some(Some(true))
}

/// A quote line's content: after the `>` and one optional space.
fn quote_content(rest: &[u8]) -> &[u8] {
    let content = &rest[1..];
    content.strip_prefix(b" ").unwrap_or(content)
}

/// Reads a line after footnote definitions (`[^1]: text`), as
/// [`quote_line`] reads a quote's: more definitions and their paragraph
/// text. Only unindented lines are modelled (a definition's indented lines
/// are its content).
#[allow(
    clippy::option_option,
    reason = "the outer `None` gives up on the chapter, the inner ends the definitions"
)]
fn footnote_line(
    bytes: &[u8],
    line: Range<usize>,
    indent: usize,
    blank: bool,
    open: bool,
    paragraph: &mut ParagraphCheck,
    literal: &mut Vec<Range<usize>>,
) -> Option<Option<bool>> {
    let rest = &bytes[line.start + indent..line.end];
    if blank {
        paragraph.end(bytes, literal);
        return Some(Some(false));
    }
    if indent > 0 {
        return None;
    }
    if is_footnote_definition(rest) {
        // One paragraph check for consecutive definitions, whether or not
        // they are one paragraph; see `ParagraphCheck::opaque`.
        paragraph.opaque = true;
        paragraph.add(bytes, line);
        return Some(Some(true));
    }
    continuation(bytes, line, rest, open, paragraph)
}

/// `[^label]: text`, with plain text.
fn is_footnote_definition(rest: &[u8]) -> bool {
    let Some(label) = rest.strip_prefix(b"[^") else {
        return false;
    };
    let len = label
        .iter()
        .take_while(|b| !matches!(b, b']' | b'[' | b'\\' | b' ' | b'\t' | b'\r' | b'\n'))
        .count();
    len > 0 && label[len..].starts_with(b"]: ") && plain_text(&label[len + 3..])
}

/// A list item marker that starts a line's content: `-`, `*` or `+`, or
/// one to nine digits and `.` or `)`, followed by a space or the line's end.
#[derive(Clone, Copy)]
struct Marker<'a> {
    kind: u8,
    number: Option<u32>,
    /// The marker's length.
    len: usize,
    /// The line's content from the marker on.
    rest: &'a [u8],
}

/// A list item the scanner models: its marker, one space, and plain text.
#[derive(Clone, Copy, PartialEq, Eq)]
struct ModelledItem {
    kind: u8,
    number: Option<u32>,
    /// The marker and its space: where the item's content starts.
    width: usize,
}

impl Marker<'_> {
    /// The item, when its content is one space away and plain text (an
    /// empty item, or content further away, follows rules of its own).
    fn modelled(self) -> Option<ModelledItem> {
        let content = self.rest[self.len..].strip_prefix(b" ")?;
        plain_text(content).then_some(ModelledItem {
            kind: self.kind,
            number: self.number,
            width: self.len + 1,
        })
    }
}

fn list_marker(rest: &[u8]) -> Option<Marker<'_>> {
    let ends_or_space = |b: Option<&u8>| matches!(b, None | Some(b' ' | b'\t' | b'\r' | b'\n'));
    match *rest.first()? {
        kind @ (b'-' | b'*' | b'+') if ends_or_space(rest.get(1)) => Some(Marker {
            kind,
            number: None,
            len: 1,
            rest,
        }),
        b'0'..=b'9' => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let kind = *rest.get(digits)?;
            let number = rest[..digits.min(9)]
                .iter()
                .fold(0, |n: u32, digit| n * 10 + u32::from(digit - b'0'));
            (digits <= 9 && matches!(kind, b'.' | b')') && ends_or_space(rest.get(digits + 1)))
                .then_some(Marker {
                    kind,
                    number: Some(number),
                    len: digits + 1,
                    rest,
                })
        }
        _ => None,
    }
}

/// Whether a line's content (after its indentation, list marker or `>`)
/// is text of a paragraph whatever comes before it: it starts no block
/// (heading, fence, quote, list item, break, underline, HTML, link
/// reference or footnote definition) and holds no `|` (a table's row).
fn plain_text(content: &[u8]) -> bool {
    let Some(&first) = content.first() else {
        return false;
    };
    if memchr::memchr(b'|', content).is_some() {
        return false;
    }
    let next = content.get(1);
    match first {
        b'#' | b'>' | b'`' | b'~' | b'<' | b'=' | b'_' | b'-' | b'+' | b' ' | b'\t' | b'\r'
        | b'\n' => false,
        // Emphasis (`*a*`, `**a**`), not a marker or a break.
        b'*' => match next {
            Some(b'*') => content.get(2).is_some_and(u8::is_ascii_alphanumeric),
            Some(next) => next.is_ascii_alphanumeric(),
            None => false,
        },
        b'0'..=b'9' => list_marker(content).is_none(),
        b'[' => starts_link_text(content),
        _ => true,
    }
}

/// Whether a line that starts with `[` starts text (a link, a task box),
/// not a link reference or footnote definition (`[label]:`), whose label
/// would end on this line at its first `]`.
fn starts_link_text(content: &[u8]) -> bool {
    if content.get(1) == Some(&b'^') {
        return false;
    }
    match memchr::memchr3(b']', b'[', b'\\', &content[1..]) {
        Some(at) => content[1 + at] == b']' && content.get(2 + at) != Some(&b':'),
        None => false,
    }
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
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about one paragraph, each found by a different line"
)]
struct ParagraphCheck {
    /// Whether a `{{#` that may be in a code span or comment is a reason to
    /// give up.
    for_directives: bool,
    /// The paragraph's lines so far (they are consecutive).
    lines: Option<Range<usize>>,
    has_directive: bool,
    /// Whether it may be a table.
    has_pipe: bool,
    /// Whether its code spans are not to be worked out (footnote
    /// definitions, where what makes one paragraph is not modelled).
    opaque: bool,
    /// Whether a paragraph so far held a `{{#` the scanner cannot place.
    unsure: bool,
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

    /// Ends the paragraph, adding to `literal` the code spans of one that
    /// holds a `{{#`; notes it as unsure when the `{{#` could be in a code
    /// span the scanner cannot tell, or in an HTML comment.
    fn end(&mut self, bytes: &[u8], literal: &mut Vec<Range<usize>>) {
        let check = std::mem::replace(
            self,
            ParagraphCheck {
                for_directives: self.for_directives,
                unsure: self.unsure,
                ..ParagraphCheck::default()
            },
        );
        if check.placed(bytes, literal).is_none() {
            self.unsure = true;
        }
    }

    /// Adds the code spans of the ended paragraph to `literal`; `None`
    /// when its `{{#` cannot be placed.
    fn placed(self, bytes: &[u8], literal: &mut Vec<Range<usize>>) -> Option<()> {
        let check = self;
        let Some(lines) = check
            .lines
            .filter(|_| check.for_directives && check.has_directive)
        else {
            return Some(());
        };
        let text = &bytes[lines.clone()];
        // An HTML comment is literal; an inline tag is not.
        if memchr::memchr_iter(b'<', text).any(|at| text[at..].starts_with(b"<!--")) {
            return None;
        }
        if memchr::memchr(b'`', text).is_none() {
            return Some(());
        }
        if check.has_pipe || check.opaque {
            return None;
        }
        literal.extend(
            code_spans(text)?
                .into_iter()
                .map(|span| lines.start + span.start..lines.start + span.end),
        );
        Some(())
    }

    /// A heading: a block of one line, checked as a paragraph of its own.
    fn line(&mut self, bytes: &[u8], line: Range<usize>, literal: &mut Vec<Range<usize>>) {
        self.add(bytes, line);
        self.end(bytes, literal);
    }
}

/// The code spans of a paragraph's text without HTML comments: each
/// backtick string up to the next one of the same length. `None` when a
/// backslash (an escaped backtick) or a backtick in what may be a link's
/// destination or title (`](…)`), a reference label (`][…]`), an HTML tag
/// or an autolink (`<…>`), where those would win, leaves it to the parser.
fn code_spans(text: &[u8]) -> Option<Vec<Range<usize>>> {
    if memchr::memchr(b'\\', text).is_some() {
        return None;
    }
    for at in memchr::memchr2_iter(b']', b'<', text) {
        let close = match (text[at], text.get(at + 1)) {
            (b'<', _) => b'>',
            (_, Some(b'(')) => b')',
            (_, Some(b'[')) => b']',
            _ => continue,
        };
        let inside = &text[at + 1..];
        // A `<` may end the text.
        let end = (inside.get(1..).and_then(|rest| memchr::memchr(close, rest)))
            .map_or(inside.len(), |i| i + 1);
        if memchr::memchr(b'`', &inside[..end]).is_some() {
            return None;
        }
    }
    let mut runs = Vec::new();
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'`', &text[at..]) {
        let start = at + found;
        let len = text[start..].iter().take_while(|b| **b == b'`').count();
        runs.push((start, len));
        at = start + len;
    }
    let mut spans = Vec::new();
    let mut next = 0;
    while let Some(&(start, len)) = runs.get(next) {
        match runs[next + 1..].iter().position(|run| run.1 == len) {
            Some(offset) => {
                let (close, _) = runs[next + 1 + offset];
                spans.push(start..close + len);
                next += offset + 2;
            }
            // No closer: the backticks are text.
            None => next += 1,
        }
    }
    Some(spans)
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
    /// A list item the scanner models.
    Item(ModelledItem),
    /// A block quote's first line, of plain text.
    Quote,
    /// A footnote definition of plain text.
    Footnote,
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
        b'>' => plain_text(quote_content(rest)).then_some(Block::Quote),
        b'-' | b'+' | b'*' if ends_or_space(rest.get(1)) && !is_underline_or_break(rest) => {
            let item = list_marker(rest)?.modelled()?;
            Some(Block::Item(item))
        }
        b'-' | b'+' | b'*' if ends_or_space(rest.get(1)) => None,
        b'0'..=b'9' => match list_marker(rest) {
            // Only a list that starts at 1 may interrupt a paragraph.
            Some(marker) => {
                let item = marker.modelled()?;
                (state != State::Paragraph || item.number == Some(1)).then_some(Block::Item(item))
            }
            None => Some(Block::Paragraph),
        },
        b'[' if state != State::Paragraph && is_footnote_definition(rest) => Some(Block::Footnote),
        // A paragraph that opens with `[` may be link reference definitions
        // (their destination and title may follow on the next lines), and
        // `[^` opens a footnote definition.
        b'[' if state != State::Paragraph && !starts_link_text(rest) => None,
        b'[' if rest.get(1) == Some(&b'^') => None,
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
            "> - quote of a list\n",
            "- ```\n",
            "- item\n\n      indented code in the item\n",
            "text\n2. not a list\n",
            "<div>\n",
            "[^1]: note\n    indented\n",
            "\tcode\n",
            "a\rb\n",
            "x <!-- {{#status a}} -->\n",
            "x <a title=\"`\"> `{{#status a}}`\n",
        ] {
            assert_eq!(directive_literal_ranges(text, 0), None, "{text:?}");
        }
        // Inline code in a paragraph without a directive is no reason to parse.
        assert!(directive_literal_ranges("`a`\n\n{{#status b}}\n", 0).is_some());
    }

    /// Lists, quotes and footnotes of paragraphs, and code spans around
    /// directives, are outlined without the parser, as the parser reads them.
    #[test]
    fn lists_quotes_footnotes_and_code_spans_are_modelled() {
        let text = "Set the stage:\n- a `{{#status a}}`\n  - nested {{#status b}}\n1. one\n2. two\n\n> quote `{{#status c}}`\nlazy\n\n    {{#status d}}\n\n[^1]: note {{#status e}}\n";
        for piece in [
            "Set the stage:\n- a `{{#status a}}`\n",
            "- a\n  - nested {{#status b}}\n",
            "- a\n1. one\n2. two\n",
            "> quote `{{#status c}}`\nlazy\n",
            "[^1]: note {{#status e}}\n",
        ] {
            assert!(directive_literal_ranges(piece, 0).is_some(), "{piece:?}");
        }
        assert_eq!(
            literal_texts(text).unwrap(),
            ["`{{#status a}}`", "`{{#status c}}`", "    {{#status d}}\n"]
        );
        let parsed = crate::text::directive::literal_ranges(text, 0);
        let ranges = directive_literal_ranges(text, 0).unwrap();
        for at in memchr::memmem::find_iter(text.as_bytes(), OPEN) {
            let inside = |ranges: &[Range<usize>]| ranges.iter().any(|r| r.contains(&at));
            assert_eq!(inside(&ranges), inside(&parsed), "at {at}");
        }
        // An item's indented line after a blank line is a paragraph of the
        // item, not code.
        assert_eq!(
            literal_texts("- a\n\n    {{#status x}}\n").unwrap(),
            Vec::<&str>::new()
        );
    }

    /// Found by the `outline_insertion` fuzz target: a paragraph with a code
    /// span and a directive that ends the text with `<`.
    #[test]
    fn a_paragraph_may_end_the_text_with_a_tag_opening() {
        let text = "Intro `x` {{#status a}<";
        let parsed = crate::text::directive::literal_ranges(text, 0);
        let scanned = directive_literal_ranges(text, 0).unwrap_or_else(|| parsed.clone());
        assert_eq!(scanned, parsed);
    }
}
