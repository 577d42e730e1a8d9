//! Finds `{{#name args}}` directives in a chapter.
//!
//! Directives inside fenced or indented code, inline code and HTML comments are
//! text, not directives. `pulldown-cmark`'s source offsets tell where those
//! are; the directives themselves are found in the raw bytes, so the edit that
//! replaces one covers exactly its bytes. A chapter without `{{#` is never
//! parsed (one `memmem` search), which keeps the common case free.
//!
//! `\{{#name}}` is an escape: the member that owns `name` removes the
//! backslash, so the text shows as written. Members leave escapes of other
//! members' directives alone, so a later member does not expand them.

use crate::text::diagnostics::{Diagnostics, Location};
use crate::text::splice::Edit;
use memchr::memmem::Finder;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// The chapter a text is scanned in, as far as scanning needs it: where its
/// body starts (directives in front matter are text) and where a byte of it
/// is in its file, for diagnostics. The book model's page is one.
pub trait ChapterSource {
    /// Where the chapter's body starts (after any front matter).
    fn body_start(&self) -> usize;
    /// The location of byte `offset` of the chapter's text, `text`.
    fn location(&self, text: &str, offset: usize) -> Location;
    /// The ranges of the chapter's body where a `{{#` is text (see
    /// [`directive_literal_ranges`]); a source that keeps them works them
    /// out once for every member that asks.
    fn directive_literal_ranges(&self, text: &str) -> Cow<'_, [Range<usize>]> {
        Cow::Owned(directive_literal_ranges(
            text,
            self.body_start().min(text.len()),
        ))
    }
    /// Where the chapter's body holds `{{#`, code included (see
    /// [`opening_offsets`]); a source that keeps them searches once for
    /// every member that asks.
    fn directive_openings(&self, text: &str) -> Cow<'_, [usize]> {
        Cow::Owned(opening_offsets(text, self.body_start().min(text.len())))
    }
}

/// The offsets of every `{{#` in `text[from..]`, code included: the one
/// search of a chapter's bytes every question about its directives starts
/// from.
pub fn opening_offsets(text: &str, from: usize) -> Vec<usize> {
    OPEN_FINDER
        .find_iter(&text.as_bytes()[from..])
        .map(|i| i + from)
        .collect()
}

const OPEN: &[u8] = b"{{#";
const CLOSE: &[u8] = b"}}";

/// A directive in a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'a> {
    /// The directive's name, e.g. `status`.
    pub name: &'a str,
    /// The text after the name, up to the closing `}}`.
    pub args: &'a str,
    /// Byte offset of `args` in the chapter.
    pub args_offset: usize,
    /// The directive's bytes in the chapter, `{{#` to `}}`.
    pub range: Range<usize>,
    /// Whether a backslash escapes it; the backslash is at `range.start - 1`.
    pub escaped: bool,
}

/// The searcher for `{{#`, built once: building one per chapter costs more
/// than searching most chapters.
static OPEN_FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(OPEN));

/// Whether `text` could hold a directive at all.
pub fn may_contain_directives(text: &str) -> bool {
    OPEN_FINDER.find(text.as_bytes()).is_some()
}

/// Where `text[from..]` holds `{{#`, code included ([`opening_offsets`]),
/// and where the directive each opens closes.
struct Openings<'a> {
    text: &'a str,
    /// The offsets of the `{{#`s, in order.
    starts: Vec<usize>,
    /// Per opening, where its arguments start (after the name), `None` for
    /// a `{{#` without a name.
    args_starts: Vec<Option<usize>>,
    /// Per opening, the close found scanning from its arguments' start
    /// outside quotes (`[0]`) or inside them (`[1]`), once known.
    #[allow(
        clippy::option_option,
        reason = "not scanned yet (`None`) differs from scanned, no close (`Some(None)`)"
    )]
    closes: Vec<[Option<Option<usize>>; 2]>,
}

impl<'a> Openings<'a> {
    /// The openings of the chapter `page` of text `text`.
    fn of(page: &impl ChapterSource, text: &'a str) -> Self {
        Self::at(text, page.directive_openings(text).into_owned())
    }

    /// The openings at `starts`, the [`opening_offsets`] of `text`.
    fn at(text: &'a str, starts: Vec<usize>) -> Self {
        let bytes = text.as_bytes();
        let args_starts = starts
            .iter()
            .map(|&start| {
                let name_start = start + OPEN.len();
                let name_len = bytes[name_start..]
                    .iter()
                    .take_while(|b| is_name_byte(**b))
                    .count();
                (name_len > 0).then_some(name_start + name_len)
            })
            .collect();
        Openings {
            text,
            closes: vec![[None; 2]; starts.len()],
            starts,
            args_starts,
        }
    }

    /// The directive the opening `index` opens, if it is closed.
    fn directive(&mut self, index: usize) -> Option<Directive<'a>> {
        let start = self.starts[index];
        let name_end = self.args_starts[index]?;
        let close = self.close(index)?;
        let text = self.text;
        Some(Directive {
            name: &text[start + OPEN.len()..name_end],
            args: &text[name_end..close],
            args_offset: name_end,
            range: start..close + CLOSE.len(),
            escaped: start > 0 && text.as_bytes()[start - 1] == b'\\',
        })
    }

    /// The offset of the `}}` closing the opening `index`: outside double
    /// quotes, and before any blank line (a directive never spans
    /// paragraphs, so a stray `{{#` cannot swallow the rest of a chapter).
    ///
    /// A scan that reaches the arguments of a later opening goes on exactly
    /// as that opening's own scan would (in the same quote state), so every
    /// opening it passes gets its answer, and a later scan stops at the
    /// first opening with a known answer: a paragraph of many unclosed
    /// `{{#` costs one pass, not one per `{{#`.
    fn close(&mut self, index: usize) -> Option<usize> {
        if let Some(known) = self.closes[index][0] {
            return known;
        }
        let bytes = self.text.as_bytes();
        let mut passed = vec![(index, 0)];
        let mut next = index + 1;
        let mut in_quotes = false;
        let mut seen_newline = false;
        let mut line_blank = true;
        let mut i = self.args_starts[index].unwrap_or(bytes.len());
        let found = loop {
            let Some(&byte) = bytes.get(i) else {
                break None;
            };
            while self
                .args_starts
                .get(next)
                .is_some_and(|a| a.is_none_or(|a| a < i))
            {
                next += 1;
            }
            if self.args_starts.get(next) == Some(&Some(i)) {
                let state = usize::from(in_quotes);
                if let Some(known) = self.closes[next][state] {
                    break known;
                }
                passed.push((next, state));
                next += 1;
            }
            match byte {
                b'\\' if in_quotes => i += 1,
                b'"' => in_quotes = !in_quotes,
                b'}' if !in_quotes && bytes.get(i + 1) == Some(&b'}') => break Some(i),
                b'\n' => {
                    if seen_newline && line_blank {
                        break None;
                    }
                    seen_newline = true;
                    line_blank = true;
                    i += 1;
                    continue;
                }
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            line_blank = false;
            i += 1;
        };
        for (opening, state) in passed {
            self.closes[opening][state] = Some(found);
        }
        found
    }
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// The directives of `text[from..]` (pass the end of the front matter as
/// `from`), in order, with their names, outside code and comments.
pub fn scan(text: &str, from: usize) -> Vec<Directive<'_>> {
    let from = from.min(text.len());
    let mut openings = Openings::at(text, opening_offsets(text, from));
    if openings.starts.is_empty() {
        return Vec::new();
    }
    let literal = directive_literal_ranges(text, from);
    scan_outside(&mut openings, &literal)
}

/// The literal ranges of `text[from..]` as far as `{{#` is concerned: the
/// line scanner's when it can answer, else the parser's.
pub fn directive_literal_ranges(text: &str, from: usize) -> Vec<Range<usize>> {
    crate::text::simple_markdown::directive_literal_ranges(text, from)
        .unwrap_or_else(|| literal_ranges(text, from))
}

/// The directives at `openings` outside the `literal` ranges.
fn scan_outside<'a>(openings: &mut Openings<'a>, literal: &[Range<usize>]) -> Vec<Directive<'a>> {
    let mut found = Vec::new();
    let mut resume_at = 0;
    let mut literal_index = 0;
    for index in 0..openings.starts.len() {
        let start = openings.starts[index];
        if start < resume_at {
            continue;
        }
        while literal_index < literal.len() && literal[literal_index].end <= start {
            literal_index += 1;
        }
        if literal.get(literal_index).is_some_and(|r| r.start <= start) {
            continue;
        }
        if let Some(directive) = openings.directive(index) {
            resume_at = directive.range.end;
            found.push(directive);
        }
    }
    found
}

/// Whether one of `openings` (see [`openings`]) is `{{#name` for one of
/// `names`, code included: most chapters name none of a member's
/// directives, and this spares them the scan that finds code and comments.
fn mentions(openings: &Openings<'_>, names: &[&str]) -> bool {
    (openings.starts.iter()).any(|&at| named(openings.text, at, names).is_some())
}

/// Which of `names` the `{{#` at `at` opens: the whole name, not a prefix of
/// a longer one.
fn named<'n>(text: &str, at: usize, names: &[&'n str]) -> Option<&'n str> {
    let rest = &text.as_bytes()[at + OPEN.len()..];
    // The first byte first: the names come from the member at run time, so
    // each comparison would otherwise be a call to `memcmp`.
    names.iter().copied().find(|name| {
        rest.first() == name.as_bytes().first()
            && rest.starts_with(name.as_bytes())
            && !rest.get(name.len()).is_some_and(|b| is_name_byte(*b))
    })
}

/// The first unescaped `{{#name}}` of a chapter's body outside code and
/// comments.
pub fn first_named<'a>(
    page: &impl ChapterSource,
    text: &'a str,
    name: &str,
) -> Option<Directive<'a>> {
    let mut openings = Openings::of(page, text);
    if !mentions(&openings, &[name]) {
        return None;
    }
    let literal = page.directive_literal_ranges(text);
    scan_outside(&mut openings, &literal)
        .into_iter()
        .find(|d| d.name == name && !d.escaped)
}

/// The directives named in `names` in a chapter's body, and the edits that
/// turn their escaped forms (`\\{{#name}}`) into literal text. Escapes of other
/// names are left for the member that owns them. An opening `{{#name` of
/// these names that is never closed is an error at its position: silently
/// showing it as text would hide the typo.
pub fn owned<'a>(
    page: &impl ChapterSource,
    text: &'a str,
    names: &[&str],
    diagnostics: &mut Diagnostics,
) -> (Vec<Directive<'a>>, Vec<Edit>) {
    let mut directives = Vec::new();
    let mut unescapes = Vec::new();
    let mut openings = Openings::of(page, text);
    if !mentions(&openings, names) {
        return (directives, unescapes);
    }
    let literal = page.directive_literal_ranges(text);
    for directive in scan_outside(&mut openings, &literal) {
        if !names.contains(&directive.name) {
            continue;
        }
        if directive.escaped {
            let backslash = directive.range.start - 1;
            unescapes.push(Edit::delete(backslash..directive.range.start));
        } else {
            directives.push(directive);
        }
    }
    report_unclosed(
        page,
        &mut openings,
        names,
        &literal,
        &directives,
        diagnostics,
    );
    (directives, unescapes)
}

/// A chapter's directives of one member's names, as [`owned`] finds them:
/// what the run hands the member's editor for each chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned<'a> {
    /// The directives, in the chapter's order.
    pub directives: Vec<Directive<'a>>,
    /// The edits that turn their escaped forms into literal text.
    pub unescapes: Vec<Edit>,
}

impl<'a> Owned<'a> {
    /// The directives named in `names` in a chapter's body (see [`owned`]).
    pub fn find(
        page: &impl ChapterSource,
        text: &'a str,
        names: &[&str],
        diagnostics: &mut Diagnostics,
    ) -> Self {
        let (directives, unescapes) = owned(page, text, names, diagnostics);
        Owned {
            directives,
            unescapes,
        }
    }

    /// Replaces each directive with what `expand` makes of it; `None`
    /// leaves it as it is (`expand` reports why). Returns the edits
    /// (unescapes included) and the directives' byte ranges.
    pub fn expand(
        self,
        diagnostics: &mut Diagnostics,
        mut expand: impl FnMut(&Directive<'_>, &mut Diagnostics) -> Option<String>,
    ) -> (Vec<Edit>, Vec<Range<usize>>) {
        let mut edits = self.unescapes;
        for found in &self.directives {
            if let Some(replacement) = expand(found, diagnostics) {
                edits.push(Edit::new(found.range.clone(), replacement));
            }
        }
        (
            edits,
            self.directives.into_iter().map(|d| d.range).collect(),
        )
    }
}

/// Reports each `{{#name` of `names` outside code that no directive covers.
fn report_unclosed(
    page: &impl ChapterSource,
    openings: &mut Openings<'_>,
    names: &[&str],
    literal: &[Range<usize>],
    found: &[Directive<'_>],
    diagnostics: &mut Diagnostics,
) {
    // Both are sorted and do not overlap: a binary search each.
    let covered = |at: usize| {
        let directive = found.partition_point(|d| d.range.start <= at);
        let range = literal.partition_point(|r| r.start <= at);
        directive
            .checked_sub(1)
            .is_some_and(|i| found[i].range.contains(&at))
            || range
                .checked_sub(1)
                .is_some_and(|i| literal[i].contains(&at))
    };
    let text = openings.text;
    for index in 0..openings.starts.len() {
        let start = openings.starts[index];
        let Some(name) = named(text, start, names) else {
            continue;
        };
        let escaped = start > 0 && text.as_bytes()[start - 1] == b'\\';
        if !escaped && !covered(start) && openings.directive(index).is_none() {
            diagnostics.error(
                Some(page.location(text, start)),
                format!(
                    "`{{{{#{name}` is never closed: end it with `}}}}` on the same paragraph \
                     (a directive cannot span a blank line; check for an unclosed `\"`)"
                ),
            );
        }
    }
}

/// Byte ranges of `text[from..]` whose content is literal: code blocks, code
/// spans and HTML comments. Sorted and non-overlapping.
pub fn literal_ranges(text: &str, from: usize) -> Vec<Range<usize>> {
    let body = &text[from..];
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES);
    for (event, range) in parser.into_offset_iter() {
        let range = range.start + from..range.end + from;
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => ranges.push(range),
            Event::Start(Tag::HtmlBlock) => comment_ranges(text, range, &mut ranges),
            Event::InlineHtml(html) if html.starts_with("<!--") => ranges.push(range),
            _ => {}
        }
    }
    ranges.sort_by_key(|r| r.start);
    // Nested starts (a code block in a list in a block quote) come in order but
    // may overlap; merge them.
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// The `<!-- ... -->` comments inside an HTML block.
fn comment_ranges(text: &str, block: Range<usize>, out: &mut Vec<Range<usize>>) {
    let html = &text.as_bytes()[block.clone()];
    let mut at = 0;
    while let Some(open) = memchr::memmem::find(&html[at..], b"<!--") {
        let open = at + open;
        let close = memchr::memmem::find(&html[open + 4..], b"-->")
            .map_or(html.len(), |c| open + 4 + c + 3);
        out.push(block.start + open..block.start + close);
        at = close;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        scan(text, 0).iter().map(|d| d.name).collect()
    }

    #[test]
    fn finds_directives_with_arguments() {
        let text = "a {{#status done}} b {{#template x k=\"a }} b\"}} c";
        let found = scan(text, 0);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "status");
        assert_eq!(found[0].args, " done");
        assert_eq!(&text[found[0].range.clone()], "{{#status done}}");
        assert_eq!(found[1].args, " x k=\"a }} b\"");
    }

    #[test]
    fn code_and_comments_are_literal() {
        let text = "```\n{{#status a}}\n```\n\n    {{#status b}}\n\n`{{#status c}}`\n\n<!-- {{#status d}} -->\n\nx <!-- {{#status e}} --> {{#status f}}\n";
        assert_eq!(names(text), ["status"]);
        assert_eq!(scan(text, 0)[0].args, " f");
    }

    #[test]
    fn escapes_are_reported() {
        let found = scan(r"\{{#status done}}", 0);
        assert!(found[0].escaped);
        assert_eq!(found[0].range, 1..17);
    }

    #[test]
    fn front_matter_is_skipped_and_unclosed_directives_ignored() {
        let text = "---\nx: \"{{#status a}}\"\n---\n{{#status b}} {{#oops\n\nnext {{#}}";
        let found = scan(text, 26);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].args, " b");
    }

    #[test]
    fn owned_directives_and_their_escapes() {
        let text = r"{{#status a}} \{{#status b}} {{#template c}} \{{#template d}}";
        let mut diagnostics = Diagnostics::new(false);
        let (found, unescapes) = owned(&page(), text, &["status"], &mut diagnostics);
        assert!(!diagnostics.has_errors());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].args, " a");
        assert_eq!(
            crate::text::splice::apply(text, unescapes),
            r"{{#status a}} {{#status b}} {{#template c}} \{{#template d}}"
        );
    }

    /// A chapter without front matter, named `src/c.md`, its lines indexed
    /// once (as a page's are).
    struct Detached(std::sync::OnceLock<crate::text::diagnostics::LineIndex>);

    impl ChapterSource for Detached {
        fn body_start(&self) -> usize {
            0
        }
        fn location(&self, text: &str, offset: usize) -> Location {
            self.0
                .get_or_init(|| crate::text::diagnostics::LineIndex::new(text))
                .location("src/c.md", text, offset)
        }
    }

    fn page() -> Detached {
        Detached(std::sync::OnceLock::new())
    }

    #[test]
    fn unclosed_directives_of_owned_names_are_errors() {
        let text = "a {{#status \"done}}\n\n`{{#status x` {{#statusx {{#template y\n";
        let mut diagnostics = Diagnostics::new(false);
        let (found, _) = owned(&page(), text, &["status"], &mut diagnostics);
        assert!(found.is_empty());
        let messages: Vec<_> = diagnostics
            .items()
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].starts_with("error: src/c.md:1:3: `{{#status` is never closed"),
            "{messages:?}"
        );
    }

    /// The close of a directive whose arguments start at `from`, scanned on
    /// its own: what [`Openings::close`] must agree with.
    fn close_scanned_alone(bytes: &[u8], from: usize) -> Option<usize> {
        let (mut in_quotes, mut seen_newline, mut line_blank) = (false, false, true);
        let mut i = from;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if in_quotes => i += 1,
                b'"' => in_quotes = !in_quotes,
                b'}' if !in_quotes && bytes.get(i + 1) == Some(&b'}') => return Some(i),
                b'\n' if seen_newline && line_blank => return None,
                b'\n' => {
                    (seen_newline, line_blank) = (true, true);
                    i += 1;
                    continue;
                }
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            line_blank = false;
            i += 1;
        }
        None
    }

    #[test]
    fn remembered_closes_agree_with_scanning_each_alone() {
        let pieces = [
            "{{#a ", "\"", "\\", "}}", "\n", "\n\n", " x ", "{{#b", "}", "{{#",
        ];
        let mut seed = 7u64;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..40 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let mut openings = Openings::at(&text, opening_offsets(&text, 0));
            // Asked in an order that exercises both directions.
            let order: Vec<usize> = (0..openings.starts.len())
                .rev()
                .step_by(2)
                .chain(0..openings.starts.len())
                .collect();
            for index in order {
                let expected = openings.args_starts[index]
                    .and_then(|from| close_scanned_alone(text.as_bytes(), from));
                assert_eq!(openings.close(index), expected, "{text:?} opening {index}");
            }
        }
    }

    #[test]
    fn many_unclosed_openings_in_one_paragraph_cost_one_pass() {
        let text = format!("# A\n\n{}\n", "{{#x \"a\" ".repeat(200_000));
        let started = std::time::Instant::now();
        let mut diagnostics = Diagnostics::new(false);
        let (found, _) = owned(&page(), &text, &["x"], &mut diagnostics);
        assert!(found.is_empty());
        assert_eq!(diagnostics.items().len(), 200_000);
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }

    #[test]
    fn no_open_brace_costs_no_parse() {
        assert!(!may_contain_directives("plain text {{ not one }}"));
        assert!(scan("plain", 0).is_empty());
    }
}
