//! Insertions that leave the rest of a chapter's markdown reading as it did:
//! a paragraph of its own, put where a top-level block may start. The
//! outline of the chapter (code ranges, headings, sections) then only
//! moves, so the all-in-one program shifts it instead of scanning the
//! chapter again (the status member's badge line is one, in every chapter).
//!
//! The condition ([`keeps_outline`]) is deliberately narrow, and each part
//! is there for a reason:
//!
//! - Where: at the start of the body, or right after a line break that ends
//!   an ATX heading line the line scanner found (so a top-level one: the
//!   scanner gives up on a heading in a list or quote). Nothing is open
//!   there (no paragraph a line could continue, no container, no code), so
//!   what follows parses the same after a blank line as it did before.
//! - What: complete lines (every one ends with a line break): blank lines
//!   (`\n` or `\r\n`, nothing else), then one run of non-blank lines, the
//!   paragraph, then at least one blank line, so the text after it cannot
//!   continue it or turn it into a setext heading or a table (unless the
//!   insertion is at the end of the text, where nothing follows).
//! - Each line of the paragraph starts with a character that starts no
//!   block: an ASCII letter, a non-ASCII character, a backslash escape, or
//!   an inline `<span` (see [`starts_inline_span`]); so no heading, list,
//!   quote, indentation, fence, break, underline, table row, HTML block,
//!   link reference or footnote definition.
//! - It holds nothing an outline records or that makes the scanner give up:
//!   no `{{` (directives), no backtick (code spans), no `<!--` (comments),
//!   no tab, vertical tab or form feed, and no `\r` but in a line break.
//!
//! Inline markup (links, emphasis, other inline HTML) stays inside the
//! paragraph and is in no outline.

use crate::text::sections::Heading;
use crate::text::simple_markdown::Outline;
use std::ops::Range;

/// Whether inserting `text` between `before` and `after` (a body cut at the
/// insertion point) whose line scanner outline (at offsets in the body) is
/// `outline`, leaves the rest reading as it did, with nothing in `text` an
/// outline records (see the module).
pub fn keeps_outline(outline: Option<&Outline>, (before, after): (&str, &str), text: &str) -> bool {
    let at = before.len();
    // A byte order mark opening the body is no text to the parser; after
    // the paragraph it would be.
    let at_start = at == 0 && !after.starts_with('\u{feff}');
    let after_heading_line = || {
        before.ends_with('\n')
            && outline.is_some_and(|outline| {
                (outline.headings)
                    .binary_search_by_key(&at, |(_, line)| line.end)
                    .is_ok()
            })
    };
    (at_start || after_heading_line()) && is_own_paragraph(text, after.is_empty())
}

/// Whether `text` is blank lines, one paragraph and (unless it goes at the
/// end of the text, `at_end`) at least one blank line, holding nothing an
/// outline records. Each test is a `memchr` pass: the status member's badge
/// line, hundreds of bytes, is judged in every chapter.
fn is_own_paragraph(text: &str, at_end: bool) -> bool {
    let bytes = text.as_bytes();
    if !text.ends_with('\n') || holds_what_outlines_record(bytes) {
        return false;
    }
    let (mut paragraph, mut blank_after) = (false, false);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        let line = &bytes[start..end];
        start = end + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            blank_after = paragraph;
        } else if blank_after || !starts_no_block(line) {
            return false;
        } else {
            paragraph = true;
        }
    }
    paragraph && (blank_after || at_end)
}

/// Whether `text` holds a code span's backtick, a directive's `{{`, an HTML
/// comment, a tab, vertical tab or form feed, or a `\r` that is not half
/// of a line break.
fn holds_what_outlines_record(text: &[u8]) -> bool {
    let followed_by = |at: usize, next: &[u8]| text[at + 1..].starts_with(next);
    let lone_cr_or_feed = |at: usize| text[at] == 0x0c || !followed_by(at, b"\n");
    // `{{` and `<!--` are found by their rarer second byte (the badge line
    // holds many `<`).
    let opens = |at: usize| match text[at] {
        b'{' => followed_by(at, b"{"),
        _ => at > 0 && text[at - 1] == b'<' && followed_by(at, b"--"),
    };
    memchr::memchr3(b'`', b'\t', 0x0b, text).is_some()
        || memchr::memchr2_iter(0x0c, b'\r', text).any(lone_cr_or_feed)
        || memchr::memchr2_iter(b'{', b'!', text).any(opens)
}

/// Whether a paragraph line `line` (without its line break) starts with
/// what cannot start a block or interrupt a paragraph.
fn starts_no_block(line: &[u8]) -> bool {
    match line {
        [first, ..] if first.is_ascii_alphabetic() || !first.is_ascii() => true,
        [b'\\', escaped, ..] => escaped.is_ascii_punctuation(),
        [b'<', ..] => starts_inline_span(line),
        _ => false,
    }
}

/// Whether `line` starts with a `<span>` open tag followed by more on its
/// line (as the badge line does). `span` is no HTML block's tag, and an
/// open tag alone on its line (an HTML block too) is ruled out: the tag
/// ends at its first `>`, as no `'` and an even number of `"` before it
/// leave that `>` outside any attribute value, and something other than a
/// space follows it.
fn starts_inline_span(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"<span") else {
        return false;
    };
    if !matches!(rest.first(), Some(b' ' | b'>')) {
        return false;
    }
    let Some(close) = memchr::memchr(b'>', rest) else {
        return false;
    };
    let tag = &rest[..close];
    let quotes = tag.iter().filter(|b| **b == b'"').count();
    !tag.contains(&b'\'') && quotes % 2 == 0 && rest.get(close + 1).is_some_and(|b| *b != b' ')
}

/// `offset` after `len` bytes are inserted at `at`: moved when at or after it.
fn shifted(offset: usize, at: usize, len: usize) -> usize {
    if offset >= at { offset + len } else { offset }
}

/// `range` after `len` bytes are inserted at `at`, a point that is not inside
/// it: a range that ends at `at` ends before the inserted text and stays.
fn shifted_range(range: &Range<usize>, at: usize, len: usize) -> Range<usize> {
    let start = shifted(range.start, at, len);
    let end = if range.end > at || range.start >= at {
        range.end + len
    } else {
        range.end
    };
    start..end
}

/// Moves `ranges` (code ranges) for `len` bytes inserted at `at`.
pub fn shift_ranges(ranges: &mut [Range<usize>], at: usize, len: usize) {
    for range in ranges {
        *range = shifted_range(range, at, len);
    }
}

/// Moves `offsets` (where a text holds `{{#`) for `len` bytes inserted at `at`.
pub fn shift_offsets(offsets: &mut [usize], at: usize, len: usize) {
    for offset in offsets {
        *offset = shifted(*offset, at, len);
    }
}

/// Moves the line scanner's `outline` for `len` bytes inserted at `at` (an
/// offset in the text it outlines).
pub fn shift_outline(outline: &mut Outline, at: usize, len: usize) {
    shift_ranges(&mut outline.literal, at, len);
    for (_, line) in &mut outline.headings {
        *line = shifted_range(line, at, len);
    }
    for start in &mut outline.breaks {
        *start = shifted(*start, at, len);
    }
}

/// Moves `headings` for a paragraph of `len` bytes inserted at `at` (an
/// offset in the text they are in). A section that ends at `at` (the
/// heading right before it, or one whose section the next heading, at
/// `at`, ends) takes the paragraph in; one that starts at `at` starts
/// right after its heading, which stays before it.
pub fn shift_headings(headings: &mut [Heading], at: usize, len: usize) {
    for heading in headings {
        heading.range = shifted_range(&heading.range, at, len);
        let section = &mut heading.section;
        if section.start > at {
            section.start += len;
        }
        section.end = shifted(section.end, at, len);
    }
}

/// The check the insertion property test and the `outline_insertion` fuzz
/// target share: inserting `text` at `at` of the body of `chapter` (which
/// starts at `from`), when [`keeps_outline`] lets it through (`Ok(true)`),
/// moves every part of the outline (the line scanner's code ranges and
/// outline, the parser's code ranges, the headings with their sections, the
/// `{{#` openings) to where outlining the new text finds it; `Err` says
/// which part differs, in which text. `Ok(false)`: not let through.
#[doc(hidden)]
pub fn check_moved_outline(
    chapter: &str,
    from: usize,
    at: usize,
    text: &str,
) -> Result<bool, String> {
    use crate::text::{directive, sections, simple_markdown, splice};
    let body = &chapter[from..];
    let (mut literal, mut outline) =
        simple_markdown::directive_literal_ranges_and_outline(chapter, from);
    if !keeps_outline(outline.as_ref(), body.split_at(at), text) {
        return Ok(false);
    }
    let (len, in_text) = (text.len(), from + at);
    let new = splice::apply(chapter, vec![splice::Edit::new(in_text..in_text, text)]);
    let new_body = &new[from..];
    let mut headings = sections::headings_from(body, outline.as_ref());
    let mut parsed_headings = sections::parsed_headings(body);
    let mut parsed_literal = directive::literal_ranges(chapter, from);
    let mut openings = directive::opening_offsets(chapter, from);
    if let Some(literal) = &mut literal {
        shift_ranges(literal, in_text, len);
    }
    if let Some(outline) = &mut outline {
        shift_outline(outline, at, len);
    }
    shift_headings(&mut headings, at, len);
    shift_headings(&mut parsed_headings, at, len);
    shift_ranges(&mut parsed_literal, in_text, len);
    shift_offsets(&mut openings, in_text, len);
    let made = simple_markdown::directive_literal_ranges_and_outline(&new, from);
    let differs = |part: &str| Err(format!("the moved {part} differs in {new_body:?}"));
    if headings != sections::headings_from(new_body, made.1.as_ref()) {
        return differs("headings");
    }
    if (literal, outline) != made {
        return differs("line scanner's outline");
    }
    if parsed_headings != sections::parsed_headings(new_body) {
        return differs("parser's headings");
    }
    if parsed_literal != directive::literal_ranges(&new, from) {
        return differs("parser's code ranges");
    }
    if openings != directive::opening_offsets(&new, from) {
        return differs("openings");
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{sections, simple_markdown};

    const BADGE_LINE: &str = "<span class=\"deepdive-meta\"><span class=\"deepdive-badge\" title=\"Done\">✅ Done</span> · [Next](b.md)</span>";

    fn keeps(body: &str, at: usize, text: &str) -> bool {
        let outline = simple_markdown::outline(body);
        keeps_outline(outline.as_ref(), body.split_at(at), text)
    }

    #[test]
    fn a_badge_line_after_the_title_keeps_the_outline() {
        let body = "# Title\n\nText.\n\n## Part\n\nMore.\n";
        assert!(keeps(body, 8, &format!("\n{BADGE_LINE}\n\n")));
        assert!(keeps(body, 0, &format!("{BADGE_LINE}\n\n")));
        assert!(keeps(body, 0, "✅ Done · Owner: ann\n\n"));
        assert!(keeps(body, 0, "\\*Draft\\* badge\n\n"));
    }

    #[test]
    fn an_insertion_where_a_block_is_open_does_not() {
        let body = "# Title\ntext\n```\ncode\n```\n";
        // Inside a paragraph, inside code, mid-line.
        assert!(!keeps(body, 13, "\nBadge\n\n"));
        assert!(!keeps(body, 22, "\nBadge\n\n"));
        assert!(!keeps(body, 3, "\nBadge\n\n"));
        // After a heading in a list (which the scanner leaves to the parser).
        assert!(!keeps("- a\n\n  ## T\n  more\n", 12, "\nBadge\n\n"));
        // After a heading line at the end of a text without a line break.
        assert!(!keeps("# Title", 7, "\n\nBadge\n"));
        // Before a byte order mark, which only opening the text is no text.
        assert!(!keeps("\u{feff}# Title\n", 0, "Badge\n\n"));
    }

    #[test]
    fn text_that_could_change_what_follows_does_not() {
        let body = "# Title\n\nText.\n";
        for text in [
            "\nBadge\n",
            "\nBadge\n===\n\n",
            "\n- item\n\n",
            "\n1. one\n\n",
            "\n<div>\n\n",
            "\n<span class=\"a\">\n\n",
            "\n<span title=\"a>b\">\n\n",
            "\n[x]: /url\n\n",
            "\nBadge `code`\n\n",
            "\nBadge {{#status done}}\n\n",
            "\nBadge <!-- c -->\n\n",
            "\n    indented\n\n",
            "\nBadge\tx\n\n",
            "\nBadge\rx\n\n",
            "\nOne\n\nTwo\n\n",
            "\nBadge",
            "\n \n",
            "\n\n",
        ] {
            assert!(!keeps(body, 8, text), "{text:?}");
        }
        // At the end of the text, nothing follows to continue it.
        assert!(keeps("# Title\n", 8, "\nBadge\n"));
    }

    #[test]
    fn the_section_before_takes_the_paragraph_in() {
        let body = "# A\n## B\nText.\n";
        let text = "\nBadge\n\n";
        let mut headings = sections::headings(body);
        shift_headings(&mut headings, 4, text.len());
        let new = format!("{}{text}{}", &body[..4], &body[4..]);
        assert_eq!(headings, sections::headings(&new));
        assert_eq!(headings[0].range, 0..4);
        assert_eq!(headings[0].section, 4..new.len());
        assert_eq!(headings[1].range, 12..17);
    }
}
