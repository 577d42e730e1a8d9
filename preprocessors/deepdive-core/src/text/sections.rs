//! Headings and sections of a chapter, found with `pulldown-cmark` (or its
//! line scanner where that is certain to agree) so that a `#` inside a code
//! block is never taken for a heading.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A heading: its level (1-6), its plain text, and the byte range of the
/// heading itself and of its section (up to the next heading of the same or a
/// higher level, or a thematic break at level 2 or above).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's plain text.
    pub text: String,
    /// The heading's bytes.
    pub range: Range<usize>,
    /// The section's bytes, heading included.
    pub section: Range<usize>,
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The headings of `text`, in order.
///
/// A chapter whose headings the line scanner finds (see [`scanned_headings`])
/// is not parsed: `mdbook serve` reruns this for every chapter on every save.
pub fn headings(text: &str) -> Vec<Heading> {
    headings_from(text, crate::text::simple_markdown::outline(text).as_ref())
}

/// [`headings`], with `outline` the line scanner's outline of `text`
/// (`None` when it could not make one), made by the caller.
pub fn headings_from(
    text: &str,
    outline: Option<&crate::text::simple_markdown::Outline>,
) -> Vec<Heading> {
    outline
        .and_then(|outline| scanned_headings_from(text, outline))
        .unwrap_or_else(|| parsed_headings(text))
}

/// The headings `pulldown-cmark` finds (also the reference the line scanner
/// is tested against).
pub fn parsed_headings(text: &str) -> Vec<Heading> {
    let mut found: Vec<Heading> = Vec::new();
    let mut breaks = Vec::new();
    let mut current: Option<(u8, usize, String)> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level_number(level), range.start, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, buffer)) = current.as_mut() {
                    buffer.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, buffer)) = current.take() {
                    found.push(Heading {
                        level,
                        text: buffer.trim().to_owned(),
                        range: start..range.end,
                        section: range.end..text.len(),
                    });
                }
            }
            Event::Rule if current.is_none() => breaks.push(range.start),
            _ => {}
        }
    }
    with_sections(found, &breaks, text.len())
}

/// The headings of a chapter the line scanner can outline, when each is an
/// ATX heading at the start of its line whose text needs no inline parsing
/// (no emphasis, code, links, escapes, entities or HTML); else `None`.
#[cfg(test)]
fn scanned_headings(text: &str) -> Option<Vec<Heading>> {
    scanned_headings_from(text, &crate::text::simple_markdown::outline(text)?)
}

fn scanned_headings_from(
    text: &str,
    outline: &crate::text::simple_markdown::Outline,
) -> Option<Vec<Heading>> {
    if outline.setext || outline.breaks.iter().any(|&at| text[at..].starts_with(' ')) {
        return None;
    }
    let found = outline
        .headings
        .iter()
        .map(|(level, line)| {
            let (level, line) = (*level, line.clone());
            let heading = text[line.clone()].trim_end_matches(['\n', '\r']);
            Some(Heading {
                level,
                text: atx_text(heading)?.trim().to_owned(),
                section: line.end..text.len(),
                range: line,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(with_sections(found, &outline.breaks, text.len()))
}

/// The text of an ATX heading line (`## Title ##`) that starts at its `#`s,
/// when it is plain text.
fn atx_text(line: &str) -> Option<&str> {
    let content = line.strip_prefix('#')?.trim_start_matches('#');
    let content = content.trim_matches(' ');
    // An optional closing run of `#` after a space.
    let open = content.trim_end_matches('#');
    let content = if open.is_empty() {
        open
    } else if open.ends_with(' ') {
        open.trim_end_matches(' ')
    } else {
        content
    };
    let bytes = content.as_bytes();
    let plain = bytes.iter().enumerate().all(|(i, b)| match b {
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'!' => false,
        // `&` starts an entity only before a name or `#`.
        b'&' => !bytes
            .get(i + 1)
            .is_some_and(|next| next.is_ascii_alphanumeric() || *next == b'#'),
        _ => true,
    });
    plain.then_some(content)
}

/// Sets each heading's section: up to the next heading of its level or above;
/// a level-1 or level-2 section also ends at a thematic break (the templates
/// separate their parts with `---`).
fn with_sections(mut found: Vec<Heading>, breaks: &[usize], len: usize) -> Vec<Heading> {
    for i in 0..found.len() {
        let (level, start) = (found[i].level, found[i].section.start);
        let next_heading = found[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(len, |h| h.range.start);
        let next_break = breaks
            .iter()
            .copied()
            .find(|&b| b >= start && level <= 2)
            .unwrap_or(len);
        found[i].section.end = next_heading.min(next_break);
    }
    found
}

/// The end of the first heading's line in `text`, and whether it is the end
/// of the text without a line break. Without a heading, `None`.
///
/// When the first non-blank line is an ATX heading (`# Title`), nothing can
/// come before it, so it is found without parsing; otherwise the markdown is
/// parsed (setext headings, headings after an intro paragraph…).
pub fn first_heading_line_end(text: &str) -> Option<usize> {
    first_heading_line_end_from(text, || headings(text).first().map(|h| h.range.end))
}

/// [`first_heading_line_end`], with `first_heading_end` the end of the
/// range of `text`'s first heading (from headings already made), asked only
/// when the first line is not an ATX heading.
pub fn first_heading_line_end_from(
    text: &str,
    first_heading_end: impl FnOnce() -> Option<usize>,
) -> Option<usize> {
    let first_line_start = text.len() - text.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    let line_start = text[..first_line_start].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let indent = line.len() - line.trim_start_matches(' ').len();
    let atx = indent <= 3 && {
        let hashes = line[indent..].bytes().take_while(|b| *b == b'#').count();
        (1..=6).contains(&hashes) && line[indent + hashes..].starts_with([' ', '\t', '\r', '\n'])
    };
    let heading_end = if atx {
        line_start
    } else {
        first_heading_end()?.checked_sub(1)?
    };
    Some(match text[heading_end..].find('\n') {
        Some(i) => heading_end + i + 1,
        None => text.len(),
    })
}

/// The metadata sections of the technical deep-dive template (seed 001).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MetadataSections {
    /// `# Title`.
    pub title: Option<String>,
    /// `## Summary (Excerpt)`.
    pub summary: Option<String>,
    /// `## Published Date`.
    pub date: Option<String>,
    /// `## Tags`.
    pub tags: Vec<String>,
    /// `## Difficulty`.
    pub difficulty: Option<String>,
}

const MARKERS: [&str; 4] = [
    "## Summary",
    "## Published Date",
    "## Tags",
    "## Difficulty",
];

/// Reads `## Summary (Excerpt)`, `## Published Date`, `## Tags` and
/// `## Difficulty`; `None` when the chapter has none of them (the common case,
/// decided by a substring search before any parsing).
pub fn metadata_sections(text: &str) -> Option<MetadataSections> {
    let mentions_marker = memchr::memmem::find_iter(text.as_bytes(), b"## ")
        .any(|at| MARKERS.iter().any(|m| text[at..].starts_with(m)));
    if !mentions_marker {
        return None;
    }
    let mut out = MetadataSections::default();
    let mut any = false;
    for heading in headings(text) {
        let wanted = match heading.level {
            1 => out.title.is_none(),
            2 => heading.text.len() <= "summary (excerpt)".len(),
            _ => false,
        };
        if !wanted {
            continue;
        }
        let body = text[heading.section.clone()].trim();
        let first_paragraph = body.split("\n\n").next().unwrap_or("").trim();
        let value =
            (!first_paragraph.is_empty()).then(|| first_paragraph.replace(['\r', '\n'], " "));
        match (heading.level, heading.text.to_ascii_lowercase().as_str()) {
            (1, _) if out.title.is_none() => out.title = Some(heading.text.clone()),
            (2, "summary (excerpt)" | "summary") => (out.summary, any) = (value, true),
            (2, "published date" | "date") => (out.date, any) = (value, true),
            (2, "difficulty") => (out.difficulty, any) = (value, true),
            (2, "tags") => {
                any = true;
                out.tags = first_paragraph
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            _ => {}
        }
    }
    any.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chapter of headings, paragraphs, breaks and code is outlined without
    /// parsing, and the outline is the parser's. (Lists, as most templates
    /// have, are left to the parser.)
    #[test]
    fn simple_chapters_are_outlined_without_parsing() {
        let (_, deep_dive) = crate::suite::seeds::TEMPLATES[0];
        let scanned = scanned_headings(deep_dive).unwrap();
        assert_eq!(scanned, parsed_headings(deep_dive));
        assert!(scanned.len() > 5);
        let text = "# T\n\n## Failure Modes & Blast Radius\n\ntext\n\n---\n\n## Next ##\n```\n# not\n```\n";
        let found = scanned_headings(text).unwrap();
        assert_eq!(found, parsed_headings(text));
        assert_eq!(found[1].text, "Failure Modes & Blast Radius");
        assert_eq!(&text[found[1].section.clone()], "\ntext\n\n");
        assert_eq!(found[2].text, "Next");
    }

    #[test]
    fn headings_that_need_inline_parsing_are_parsed() {
        for line in [
            "# *T*",
            "# `T`",
            "# a &amp; b",
            "# [T](x)",
            "# a\\",
            "Title\n===",
            // Found by fuzzing: a vertical tab after `-` makes an underline.
            "-,^\n-\u{b}\n[n",
        ] {
            assert_eq!(scanned_headings(line), None, "{line}");
        }
    }

    #[test]
    fn headings_ignore_code_and_end_at_breaks() {
        let text = "# T\n\n## A\n\nx\n\n```\n## not\n```\n\n---\n\n## B\ny\n";
        let hs = headings(text);
        let names: Vec<_> = hs.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(names, ["T", "A", "B"]);
        assert_eq!(text[hs[1].section.clone()].trim(), "x\n\n```\n## not\n```");
        assert_eq!(text[hs[2].section.clone()].trim(), "y");
    }

    #[test]
    fn first_heading_line_end_with_and_without_parsing() {
        assert_eq!(first_heading_line_end("\n# T\nx"), Some(5));
        assert_eq!(first_heading_line_end("#No\n\nText\n=====\nx"), Some(16));
        assert_eq!(first_heading_line_end("intro\n\n## T\r\nx"), Some(13));
        assert_eq!(first_heading_line_end("    # code\n"), None);
        assert_eq!(first_heading_line_end("# T"), Some(3));
        assert_eq!(first_heading_line_end("text only\n"), None);
    }

    #[test]
    fn seed_001_metadata_sections() {
        let text = "# Raft in Practice\n\n## Summary (Excerpt)\nA tour of Raft.\n\n## Published Date\n2026-03-01\n\n## Tags\ntechnical, raft , consensus\n\n## Difficulty\nAdvanced\n\n---\n\n## Overview\n";
        let m = metadata_sections(text).unwrap();
        assert_eq!(m.title.as_deref(), Some("Raft in Practice"));
        assert_eq!(m.summary.as_deref(), Some("A tour of Raft."));
        assert_eq!(m.date.as_deref(), Some("2026-03-01"));
        assert_eq!(m.tags, ["technical", "raft", "consensus"]);
        assert_eq!(m.difficulty.as_deref(), Some("Advanced"));
    }

    #[test]
    fn chapters_without_metadata_sections_are_none() {
        assert_eq!(metadata_sections("# T\n\n## Overview\n"), None);
    }
}
