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

use crate::splice::Edit;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

const OPEN: &[u8] = b"{{#";
const CLOSE: &[u8] = b"}}";

/// A directive in a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'a> {
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

/// Whether `text` could hold a directive at all.
pub fn may_contain_directives(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), OPEN).is_some()
}

/// The directives of `text[from..]` (pass the end of the front matter as
/// `from`), in order, with their names, outside code and comments.
pub fn scan(text: &str, from: usize) -> Vec<Directive<'_>> {
    let from = from.min(text.len());
    let body = &text.as_bytes()[from..];
    let mut candidates = memchr::memmem::find_iter(body, OPEN)
        .map(|i| i + from)
        .peekable();
    if candidates.peek().is_none() {
        return Vec::new();
    }
    let literal = literal_ranges(text, from);
    let mut found = Vec::new();
    let mut resume_at = 0;
    let mut literal_index = 0;
    for start in candidates {
        if start < resume_at {
            continue;
        }
        while literal_index < literal.len() && literal[literal_index].end <= start {
            literal_index += 1;
        }
        if literal.get(literal_index).is_some_and(|r| r.start <= start) {
            continue;
        }
        if let Some(directive) = directive_at(text, start) {
            resume_at = directive.range.end;
            found.push(directive);
        }
    }
    found
}

/// The directives named in `names` in `text[from..]`, and the edits that turn
/// their escaped forms (`\{{#name}}`) into literal text. Escapes of other names
/// are left for the member that owns them.
pub fn owned<'a>(text: &'a str, from: usize, names: &[&str]) -> (Vec<Directive<'a>>, Vec<Edit>) {
    let mut directives = Vec::new();
    let mut unescapes = Vec::new();
    // Most chapters name none of a member's directives: a substring search
    // per name spares them the markdown parse that finds code and comments.
    let body = text.as_bytes().get(from..).unwrap_or_default();
    let mentions = |name: &&str| {
        let needle = format!("{{{{#{name}");
        memchr::memmem::find(body, needle.as_bytes()).is_some()
    };
    if !names.iter().any(mentions) {
        return (directives, unescapes);
    }
    for directive in scan(text, from) {
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
    (directives, unescapes)
}

/// Parses the directive that opens at `start` (which holds `{{#`).
fn directive_at(text: &str, start: usize) -> Option<Directive<'_>> {
    let bytes = text.as_bytes();
    let name_start = start + OPEN.len();
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
        .count();
    if name_len == 0 {
        return None;
    }
    let name_end = name_start + name_len;
    let close = find_close(bytes, name_end)?;
    let escaped = start > 0 && bytes[start - 1] == b'\\';
    Some(Directive {
        name: &text[name_start..name_end],
        args: &text[name_end..close],
        args_offset: name_end,
        range: start..close + CLOSE.len(),
        escaped,
    })
}

/// The offset of the `}}` closing a directive whose arguments start at `from`:
/// outside double quotes, and before any blank line (a directive never spans
/// paragraphs, so a stray `{{#` cannot swallow the rest of a chapter).
fn find_close(bytes: &[u8], from: usize) -> Option<usize> {
    let mut in_quotes = false;
    let mut seen_newline = false;
    let mut line_blank = true;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_quotes => i += 1,
            b'"' => in_quotes = !in_quotes,
            b'}' if !in_quotes && bytes.get(i + 1) == Some(&b'}') => return Some(i),
            b'\n' => {
                if seen_newline && line_blank {
                    return None;
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
    }
    None
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
        let (found, unescapes) = owned(text, 0, &["status"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].args, " a");
        assert_eq!(
            crate::splice::apply(text, unescapes),
            r"{{#status a}} {{#status b}} {{#template c}} \{{#template d}}"
        );
    }

    #[test]
    fn no_open_brace_costs_no_parse() {
        assert!(!may_contain_directives("plain text {{ not one }}"));
        assert!(scan("plain", 0).is_empty());
    }
}
