//! Property tests of the invariants every member relies on.

#![allow(
    clippy::format_collect,
    reason = "strategies build small inputs; clarity over allocations"
)]

use deepdive_core::book_writer::write_book;
use deepdive_core::date::Date;
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::directive;
use deepdive_core::frontmatter;
use deepdive_core::insertion;
use deepdive_core::member::{Editor, Member, NoEdits, Run, run_member};
use deepdive_core::page::Page;
use deepdive_core::protocol::parse_input;
use deepdive_core::sections;
use deepdive_core::simple_markdown;
use deepdive_core::splice::{self, Edit, Splice};
use proptest::prelude::*;

/// Markdown-ish text: headings, fences, tables, HTML, braces, CRLF, emoji and
/// mojibake, so the generated chapters hit the parser's corners.
fn markdown() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "# ",
        "## ",
        "\n",
        "\r\n",
        "\n\n",
        "```\n",
        "~~~",
        "    ",
        "`",
        "---",
        "+++",
        "***",
        "| a | b |\n|---|---|\n",
        "<!-- ",
        " -->",
        "<div>",
        "</div>",
        "{{",
        "}}",
        "{{#",
        "\\",
        "\"",
        "=",
        "text",
        " ",
        "- [ ] ",
        "* ",
        "1. ",
        "âœ… Done",
        "✅",
        "é",
        "\t",
        "{{< mermaid >}}",
        "[link](a.md)",
        ">",
        "\u{feff}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

struct Plain;
impl Member for Plain {
    fn name(&self) -> &'static str {
        "deepdive-status"
    }
    fn directives(&self) -> &'static [&'static str] {
        &[]
    }
    fn prepare(&self, _: &Run<'_>, _: &[&str], _: &mut Diagnostics) -> Box<dyn Editor + '_> {
        Box::new(NoEdits)
    }
}

fn book_json(content: &str) -> String {
    let chapter = serde_json::json!({"Chapter": {
        "name": "C", "content": content, "number": [1], "sub_items": [],
        "path": "c.md", "source_path": "c.md", "parent_names": []}});
    serde_json::json!([
        {"root": "/nonexistent", "config": {"book": {"title": "T"}}, "renderer": "html", "mdbook_version": "0.5.4"},
        {"items": [chapter]}
    ])
    .to_string()
}

/// The content of the first chapter of `book` as a member's run writes it.
fn written_content(book: &deepdive_core::protocol::Book, splices: &[Splice]) -> String {
    let mut out = Vec::new();
    write_book(book, splices, &mut out).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    json["items"][0]["Chapter"]["content"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Front matter lines near the fast path's edges: quotes, colons, numbers,
/// dates, booleans, comments, lists, CRLF.
fn yaml_block() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "title", "tags", "date", "status", "x-y", "n_1", "draft",
    ]);
    let value = prop::sample::select(vec![
        "plain",
        "two words",
        "a, b",
        "\"quoted: x\"",
        "'single'",
        "2026-03-01",
        "07",
        "7",
        "1.5",
        "1e3",
        ".5",
        "true",
        "False",
        "null",
        "~",
        "yes",
        "no",
        "[a, b]",
        "[\"a b\", c]",
        "[]",
        "[1, 2]",
        "x # c",
        "x: y",
        "-x",
        "é ✅",
        "âœ… Done",
        "0x1F",
        "0o17",
        "+1",
        ".inf",
        "a]",
        "\"\"",
    ]);
    let line = (key, value, prop::bool::ANY)
        .prop_map(|(k, v, crlf)| format!("{k}: {v}{}", if crlf { "\r\n" } else { "\n" }));
    prop::collection::vec(line, 0..6).prop_map(|lines| lines.concat())
}

/// The text markdown reads from `source`: its text, code and HTML events.
fn markdown_text(source: &str) -> (String, bool) {
    use pulldown_cmark::{Event, Options, Parser};
    let mut text = String::new();
    let mut markup = false;
    for event in Parser::new_ext(
        source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => markup = true,
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Start(tag) if !matches!(tag, pulldown_cmark::Tag::Paragraph) => markup = true,
            _ => {}
        }
    }
    (text, markup)
}

/// Chapters of lines in the shapes the line scanner models (and a few it
/// does not), so most of them take its fast path.
fn block_lines() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec!["", "", " ", "   ", "    ", "     ", "\t"]);
    let start = prop::sample::select(vec![
        "```",
        "```yaml",
        "````",
        "~~~",
        "~~~ `x`",
        "``` `x`",
        "#",
        "# T",
        "####### x",
        "---",
        "--",
        "- - -",
        "===",
        "= =",
        "***",
        "**",
        "___",
        "| a | b |",
        "|---|---|",
        "a | b",
        "--- | ---",
        "text",
        "{{#status x}}",
        "text {{#status y}}",
        "[foo]: /url",
        "[foo]:",
        "\"title\"",
        "`{{#status z}}`",
        "<!-- {{#status c}} -->",
        "- item",
        "> q",
        "1. n",
        "1) n",
        "2024 was",
        "<div>",
        "<span class=\"b\" title=\"a>b\">x</span>",
        "<span class=\"b\">",
        "<b>x</b> {{#status s}}",
        "</span>",
        "<span",
        "<!-- c -->",
        "<pre>",
        "<?x",
        "[^1]: n",
        "+++",
        "*x*",
        "-x",
        "",
    ]);
    let end = prop::sample::select(vec!["\n", "\n", "\n\n", "\r\n", " \n", " {{#status w}}\n"]);
    prop::collection::vec((indent, start, end), 0..25).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(indent, start, end)| format!("{indent}{start}{end}"))
            .collect()
    })
}

fn in_ranges(ranges: &[std::ops::Range<usize>], at: usize) -> bool {
    ranges.iter().any(|r| r.contains(&at))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(4096)))]

    /// Wherever the line scanner answers, it puts every `{{#` on the same
    /// side of code as `pulldown-cmark` does.
    #[test]
    fn line_scanner_agrees_with_pulldown(text in block_lines()) {
        if let Some(fast) = deepdive_core::simple_markdown::directive_literal_ranges(&text, 0) {
            let parsed = directive::literal_ranges(&text, 0);
            for at in memchr::memmem::find_iter(text.as_bytes(), b"{{#") {
                prop_assert_eq!(in_ranges(&fast, at), in_ranges(&parsed, at), "at {} of {:?}", at, text);
            }
        }
    }
}

/// Chapters of the shapes writers fill templates with: lists (nested by
/// indentation, ordered and not), block quotes, footnote definitions, links
/// and code spans around directive-like text, between the blocks of
/// [`block_lines`].
fn prose_lines() -> impl Strategy<Value = String> {
    prop_oneof![lines_of(PROSE_STARTS), lines_of(MODELLED_STARTS)]
}

/// The blocks most chapters are made of, which the scanner models: so that
/// most chapters of them take its fast path.
const MODELLED_STARTS: &[&str] = &[
    "- item",
    "- item `{{#status a}}`",
    "- **Bold**: text {{#status b}}",
    "- [link](x.md) `{{#status c}}`",
    "* star",
    "1. one",
    "2. two",
    "1) paren",
    "> quote `{{#status d}}`",
    "> quote",
    ">",
    "[^1]: note `x` {{#status e}}",
    "[link](a.md) `{{#status f}}` text",
    "text `a` {{#status g}} `b`",
    "text ``a ` {{#status h}}`` c",
    "`` {{#status i}} `",
    "a <kbd>b</kbd> `{{#status j}}`",
    "a <sup>`</sup> {{#status k}} `",
    "a <!-- `{{#status l}}` -->",
    "a <http://x.y/`> {{#status m}} `",
    "text",
    "```",
    "---",
    "# T",
    "",
];

/// Every kind of line, modelled or not.
const PROSE_STARTS: &[&str] = &[
    "- item",
    "- item `{{#status a}}`",
    "- **Bold**: text",
    "- *em* text",
    "- [link](x.md) {{#status b}}",
    "- [ ] task",
    "-  two spaces",
    "-",
    "- ",
    "* star",
    "+ plus",
    "1. one",
    "2. two",
    "1) paren",
    "10. ten",
    "- - nested",
    "- # heading",
    "- > quote",
    "- ```",
    "> quote",
    "> quote `{{#status c}}`",
    ">",
    "> - item",
    ">     code",
    "> > nested",
    "[^1]: note",
    "[^n]: note `{{#status d}}`",
    "[^1]:",
    "[link](a.md) text",
    "[link][ref] {{#status e}}",
    "[`x`](y) {{#status e}}",
    "[a](`b`) {{#status f}}",
    "[x]: /url",
    "[ref]: /url \"t\"",
    "text `a` {{#status g}} `b`",
    "text ``a ` {{#status h}}`` c",
    "`` {{#status i}} `",
    "`x",
    "` {{#status j}}",
    "a \\` {{#status k}} `",
    "text <kbd>x</kbd> {{#status l}}",
    "text",
    "2024 was",
    "**Decision**",
    "```",
    "~~~",
    "---",
    "***",
    "* * *",
    "===",
    "# T",
    "## Title",
    "| a | b |",
    "|---|---|",
    "<div>",
    "<!-- c -->",
    "{{#status m}}",
    "",
];

fn lines_of(starts: &'static [&'static str]) -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec![
        "", "", "", " ", "  ", "   ", "    ", "     ", "      ", "        ",
    ]);
    let start = prop::sample::select(starts);
    let end = prop::sample::select(vec![
        "\n",
        "\n",
        "\n",
        "\n\n",
        "\r\n",
        " \n",
        " {{#status w}}\n",
        " `x`\n",
    ]);
    prop::collection::vec((indent, start, end), 0..30).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(indent, start, end)| format!("{indent}{start}{end}"))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(4096)))]

    /// On chapters of lists, quotes, footnotes, links and code spans, the
    /// line scanner, wherever it answers, puts every `{{#` on the same side
    /// of code as `pulldown-cmark`, and finds its headings.
    #[test]
    fn line_scanner_agrees_with_pulldown_on_prose(text in prose_lines()) {
        if let Some(fast) = deepdive_core::simple_markdown::directive_literal_ranges(&text, 0) {
            let parsed = directive::literal_ranges(&text, 0);
            for at in memchr::memmem::find_iter(text.as_bytes(), b"{{#") {
                prop_assert_eq!(in_ranges(&fast, at), in_ranges(&parsed, at), "at {} of {:?}", at, text);
            }
        }
        prop_assert_eq!(sections::headings(&text), sections::parsed_headings(&text), "{:?}", text);
        // One scan for both answers gives each as its own scan does, for a
        // body after front matter too.
        let chapter = format!("---\nt: x\n---\n{text}");
        let (literal, outline) = deepdive_core::simple_markdown::directive_literal_ranges_and_outline(&chapter, 13);
        prop_assert_eq!(literal, deepdive_core::simple_markdown::directive_literal_ranges(&chapter, 13));
        let alone = deepdive_core::simple_markdown::outline(&text);
        let shape = |o: &deepdive_core::simple_markdown::Outline| (o.headings.clone(), o.breaks.clone(), o.setext);
        prop_assert_eq!(outline.as_ref().map(shape), alone.as_ref().map(shape), "{:?}", text);
    }
}

/// Lines of chapters made of headings, breaks and paragraphs, with the
/// inline characters that make a heading's text need parsing.
fn heading_lines() -> impl Strategy<Value = String> {
    let line = prop::sample::select(vec![
        "# Title",
        "## Failure Modes & Blast Radius",
        "### a &amp; b",
        "#\tTab",
        "# x #",
        "# x#",
        "## ##",
        "#",
        "####### no",
        "  ## indented",
        "# *em*",
        "# `code`",
        "# [l](u)",
        "# a\\",
        "# <b>",
        "<span class=\"b\">x</span>",
        "<span class=\"b\">",
        "<div>",
        "<script>",
        "# a_b",
        "#x",
        "text",
        "Title",
        "===",
        "---",
        "***",
        "- - -",
        "   ---",
        "```",
        "    code",
        "| a | b |",
        "|---|---|",
        "> q",
        "- item",
        "",
    ]);
    let end = prop::sample::select(vec!["\n", "\n\n", "\r\n", " \n", ""]);
    prop::collection::vec((line, end), 0..20)
        .prop_map(|lines| lines.into_iter().map(|(l, e)| format!("{l}{e}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(4096)))]

    /// Headings found by the line scanner are the ones `pulldown-cmark` finds.
    #[test]
    fn scanned_headings_agree_with_pulldown(text in prop_oneof![heading_lines(), block_lines(), markdown()]) {
        prop_assert_eq!(sections::headings(&text), sections::parsed_headings(&text), "{:?}", text);
    }
}

proptest! {
    /// Escaping round-trips: metadata put into markdown with
    /// `inert::markdown` reads back as exactly that text (less the joiners
    /// after `<`), with no emphasis, links, code or HTML, and holds nothing
    /// that mdBook's search results would read as a tag, nor `{{#`.
    #[test]
    fn inert_markdown_round_trips_through_markdown(text in "[a-zA-Z0-9 <>&\"'`*_\\[\\](){}#!|~.+:/-]{1,40}") {
        let trimmed = text.trim();
        prop_assume!(!trimmed.is_empty());
        let written = deepdive_core::inert::markdown(trimmed);
        prop_assert!(!written.contains("{{#"), "{:?}", written);
        let (read, markup) = markdown_text(&written);
        prop_assert!(!markup, "{:?} became markup", trimmed);
        prop_assert!(!read.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"/!?".contains(&w[1]))), "{:?}", read);
        prop_assert_eq!(read.replace(deepdive_core::inert::JOINER, ""), trimmed);
    }

    /// A generated fragment holds text as text: any value given to
    /// `inert::to_markdown` as a heading reads back as that heading (less the
    /// joiners), never as a tag mdBook's search results would make live, nor
    /// as `{{#`.
    #[test]
    fn generated_headings_hold_no_live_markup(text in "[a-zA-Z0-9 <>&\"'`*_\\[\\](){}#!|~.+:/-]{1,40}") {
        use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
        let trimmed = text.trim();
        prop_assume!(!trimmed.is_empty());
        let written = deepdive_core::inert::to_markdown(
            [
                Event::Start(Tag::Heading { level: HeadingLevel::H2, id: None, classes: Vec::new(), attrs: Vec::new() }),
                Event::Text(trimmed.to_owned().into()),
                Event::End(TagEnd::Heading(HeadingLevel::H2)),
            ],
            pulldown_cmark::Options::empty(),
        );
        prop_assert!(!written.contains("{{#"), "{:?}", written);
        let mut read = String::new();
        for event in pulldown_cmark::Parser::new(&written) {
            match event {
                Event::Text(t) | Event::Code(t) => read.push_str(&t),
                Event::Html(_) | Event::InlineHtml(_) => prop_assert!(false, "{:?} became HTML: {:?}", trimmed, written),
                _ => {}
            }
        }
        prop_assert!(!read.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"/!?".contains(&w[1]))), "{:?}", read);
        prop_assert_eq!(read.replace(deepdive_core::inert::JOINER, ""), trimmed);
    }

    /// A table cell written directly (an index row) holds its value as
    /// text: a row of three cells, each any value, reads back as one row of
    /// exactly those three texts (less the joiners, line breaks as spaces),
    /// with no markup, nothing a search result would make a tag, no `{{#`.
    #[test]
    fn table_cells_hold_their_text(cells in prop::collection::vec("[a-zA-Z0-9 <>&\"'`*_\\[\\](){}#!|~$.+:/\\\\\n\u{85}\u{2028}é日-]{0,30}", 3)) {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let mut table = String::from("|a|b|c|\n|:-|:-|:-|\n|");
        for cell in &cells {
            deepdive_core::inert::push_inline_text(&mut table, cell);
            table.push('|');
        }
        prop_assert!(!table.contains("{{#"), "{:?}", table);
        let (mut rows, mut read, mut row) = (0, Vec::new(), None::<String>);
        for event in Parser::new_ext(&table, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::TableRow) => rows += 1,
                Event::Start(Tag::TableCell) => row = Some(String::new()),
                Event::End(TagEnd::TableCell) => read.push(row.take().unwrap_or_default()),
                Event::Text(t) => if let Some(cell) = row.as_mut() { cell.push_str(&t) },
                Event::Start(Tag::TableHead | Tag::Table(_)) | Event::End(TagEnd::TableHead | TagEnd::TableRow | TagEnd::Table) => {}
                other => prop_assert!(false, "{:?} became {:?}: {:?}", cells, other, table),
            }
        }
        prop_assert_eq!(rows, 1);
        let expected: Vec<String> = ["a", "b", "c"].iter().map(|h| (*h).to_owned())
            .chain(cells.iter().map(|c| c.replace(['\n', '\u{85}', '\u{2028}'], " ").trim().to_owned()))
            .collect();
        prop_assert!(!read.iter().any(|c| c.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"/!?".contains(&w[1])))), "{:?}", read);
        let read: Vec<String> = read.iter().map(|c| c.replace(deepdive_core::inert::JOINER, "")).collect();
        prop_assert_eq!(read, expected);
    }

    /// A task-list item written directly (a chapter's own review question
    /// in its checklist) holds its value as text: `* [ ] ` and any value
    /// read back as one unticked item of exactly that text.
    #[test]
    fn task_items_hold_their_text(value in "[a-zA-Z0-9 <>&\"'`*_\\[\\](){}#!|~$.+:/\\\\\n\u{85}\u{2028}é日-]{0,40}") {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let mut item = String::from("* [ ] ");
        deepdive_core::inert::push_inline_text(&mut item, &value);
        prop_assert!(!item.contains("{{#"), "{:?}", item);
        let (mut items, mut read) = (0, String::new());
        for event in Parser::new_ext(&item, Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::Item) => items += 1,
                Event::TaskListMarker(ticked) => prop_assert!(!ticked),
                Event::Text(t) => read.push_str(&t),
                Event::Start(Tag::List(_) | Tag::Paragraph) | Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::Paragraph) => {}
                other => prop_assert!(false, "{:?} became {:?}: {:?}", value, other, item),
            }
        }
        prop_assert_eq!(items, 1);
        prop_assert!(!read.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"/!?".contains(&w[1]))), "{:?}", read);
        let expected = value.replace(['\n', '\u{85}', '\u{2028}'], " ");
        prop_assert_eq!(read.replace(deepdive_core::inert::JOINER, ""), expected.trim());
    }

    /// The simple-YAML fast path, whenever it answers, agrees with saphyr.
    #[test]
    fn yaml_fast_path_agrees_with_saphyr(block in yaml_block()) {
        if let Some(fast) = deepdive_core::simple_yaml::parse(&block) {
            let full = frontmatter::parse_yaml_fully(&block, 0);
            prop_assert_eq!(Ok(fast), full, "{:?}", block);
        }
    }

    /// Text without front matter passes through a member byte for byte.
    #[test]
    fn text_without_front_matter_passes_through_unchanged(text in markdown()) {
        let starts_with_block = {
            let t = text.strip_prefix('\u{feff}').unwrap_or(&text);
            t.starts_with("---") || t.starts_with("+++")
        };
        prop_assume!(!starts_with_block);
        let (ctx, mut book) = parse_input(book_json(&text).as_bytes()).unwrap();
        let outcome = run_member(&Plain, &ctx, &mut book);
        prop_assert!(!outcome.diagnostics.has_errors());
        prop_assert_eq!(written_content(&book, &outcome.splices), text);
    }

    /// Removing front matter removes exactly the block and nothing after it.
    #[test]
    fn front_matter_removal_keeps_the_body(body in markdown(), crlf in any::<bool>()) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let text = format!("---{nl}title: T{nl}---{nl}{body}");
        let (ctx, mut book) = parse_input(book_json(&text).as_bytes()).unwrap();
        let outcome = run_member(&Plain, &ctx, &mut book);
        prop_assert!(!outcome.diagnostics.has_errors());
        prop_assert_eq!(written_content(&book, &outcome.splices), body);
    }

    /// The scanner never panics, and every directive it finds lies inside the
    /// text, starts with `{{#` and ends with `}}`.
    #[test]
    fn directives_are_confined_to_their_bytes(text in markdown()) {
        for d in directive::scan(&text, 0) {
            prop_assert!(d.range.end <= text.len());
            prop_assert!(text[d.range.clone()].starts_with("{{#"));
            prop_assert!(text[d.range.clone()].ends_with("}}"));
        }
    }

    /// The splitter never panics on any input, and a block it finds is a prefix.
    #[test]
    fn front_matter_split_is_total(text in "\\PC*") {
        if let Ok(Some(block)) = frontmatter::split(&text) {
            prop_assert_eq!(block.whole.start, 0);
            prop_assert!(block.inner.end <= block.whole.end && block.whole.end <= text.len());
        }
    }

    /// A block ends at the first line after the opening one that is the
    /// delimiter alone (spaces and tabs allowed after it).
    #[test]
    fn front_matter_ends_at_the_first_closing_line(
        lines in prop::collection::vec(prop::sample::select(vec![
            "---", "--- ", "---\t", "----", "-- -", "+++", "a: b", "x---", " ---", "", "---x",
        ]), 1..8),
        crlf in any::<bool>(),
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let text = format!("---{nl}{}", lines.join(nl));
        let closing = text
            .split_inclusive('\n')
            .scan(0, |at, line| { let start = *at; *at += line.len(); Some((start, line)) })
            .skip(1)
            .find(|(_, line)| {
                line.strip_prefix("---")
                    .is_some_and(|rest| rest.trim_end_matches(['\n', '\r']).trim_matches([' ', '\t']).is_empty())
            });
        match (frontmatter::split(&text), closing) {
            (Ok(Some(block)), Some((start, line))) => {
                prop_assert_eq!(block.inner.end, start);
                prop_assert_eq!(block.whole.end, start + line.len());
            }
            (Err(_), None) => {}
            (found, expected) => prop_assert!(false, "{:?} vs {:?} in {:?}", found, expected, text),
        }
    }

    /// The book written with a chapter's edits holds that chapter's text
    /// with each edit made in place, whatever the text and edits are.
    #[test]
    fn the_written_book_holds_the_edited_text(text in markdown(), cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), "[a-z\n]{0,5}"), 0..7)) {
        let boundary = |index: &prop::sample::Index| {
            let mut at = index.index(text.len() + 1);
            while !text.is_char_boundary(at) { at -= 1; }
            at
        };
        // Disjoint edits, as members make them: sorted cut points, paired.
        let mut points: Vec<usize> = cuts.iter().flat_map(|(a, b, _)| [boundary(a), boundary(b)]).collect();
        points.sort_unstable();
        let edits: Vec<Edit> = points
            .chunks(2)
            .zip(&cuts)
            .map(|(pair, (_, _, insert))| Edit::new(pair[0]..pair[1], insert.clone()))
            .collect();
        let mut in_place = text.clone();
        for edit in edits.iter().rev() {
            in_place.replace_range(edit.range.clone(), &edit.text);
        }
        let (_, book) = parse_input(book_json(&text).as_bytes()).unwrap();
        prop_assert_eq!(written_content(&book, &[Splice::new(&text, edits)]), in_place);
    }

    #[test]
    fn splices_touch_only_their_ranges(text in markdown(), at in any::<prop::sample::Index>(), insert in "[a-z]{0,5}") {
        let mut cut = at.index(text.len() + 1);
        while !text.is_char_boundary(cut) { cut -= 1; }
        let out = splice::apply(&text, vec![Edit::new(cut..cut, insert.clone())]);
        prop_assert_eq!(&out[..cut], &text[..cut]);
        prop_assert_eq!(&out[cut..cut + insert.len()], insert.as_str());
        prop_assert_eq!(&out[cut + insert.len()..], &text[cut..]);
    }
}

proptest! {
    /// Any text is a date or not without a panic; a date read from a
    /// timestamp is the day its first ten bytes write, and its `YYYY-MM-DD`
    /// reads back as itself.
    #[test]
    fn dates_read_the_day_written(
        text in "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,3})?)?( ?(Z|[+-][0-9]{1,2}(:?[0-9]{2})?))?)?",
        noise in "\\PC{0,30}",
    ) {
        let _ = Date::parse(&noise);
        let _ = Date::parse(&format!("{text}{noise}"));
        if let Some(date) = Date::parse(&text) {
            let shown = date.to_string();
            prop_assert_eq!(Date::parse(&shown), Some(date));
            let written: Vec<u32> = text
                .split(['T', 't', ' '])
                .next()
                .unwrap()
                .split('-')
                .map(|part| part.parse().unwrap())
                .collect();
            let shown_parts: Vec<u32> = shown.split('-').map(|part| part.parse().unwrap()).collect();
            prop_assert_eq!(written, shown_parts);
        }
    }
}

/// Paragraphs the status member inserts (its badge line, in HTML and as
/// text) and other text the condition lets through.
const PARAGRAPH_LINES: &[&str] = &[
    "<span class=\"deepdive-meta\"><span class=\"deepdive-badge deepdive-status-done\" style=\"--deepdive-bg:#1f883d;--deepdive-fg:#ffffff\" title=\"Done\">✅ Done</span> <span class=\"deepdive-chip\" title=\"Tag\">rust</span> · [Next](b.md)</span>",
    "✅ Done · Owner: ann · Review by: 2026-01-02 · [Next](b.md)",
    "\\*Draft\\* · 2024-01-02",
    "Badge *em* <kbd>x</kbd> &amp; [a][b] | c",
    "é text",
    "\u{feff}x",
    "<span>x</span>",
    "<span class=\"a\"> x",
    "text",
];

/// Lines that open a block, hold what an outline records, or make the
/// scanner give up: the condition must turn each away.
const BLOCK_LINES: &[&str] = &[
    "<span title=\"a>b\">",
    "<span title=\"a>b\">x",
    "<span class='a'>x</span>",
    "<span class=\"b\">",
    "<span class=\"b\"> ",
    "<spanx>",
    "<div>x</div>",
    "<pre>",
    "<!-- c -->",
    "a | b",
    "|---|---|",
    "===",
    "---",
    "- item",
    "1. one",
    "# Heading",
    "> quote",
    "    code",
    " x",
    "```",
    "~~~",
    "[x]: /url",
    "[^1]: note",
    "x `code`",
    "x {{#status done}}",
    "x <!-- c -->",
    "x\ty",
    "x\rbare",
    "2024 was",
    "\\",
    "",
];

/// Text to insert: blank lines, lines (mostly paragraph lines), blank lines.
fn inserted_text() -> impl Strategy<Value = String> {
    let blank = || prop::sample::select(vec!["", "\n", "\r\n", "\n\n", "\n\r\n"]);
    let line = prop_oneof![
        3 => prop::sample::select(PARAGRAPH_LINES),
        1 => prop::sample::select(BLOCK_LINES),
    ];
    let end = prop::sample::select(vec!["\n", "\n", "\r\n", ""]);
    (blank(), prop::collection::vec((line, end), 1..3), blank()).prop_map(
        |(before, lines, after)| {
            let lines: String = lines
                .into_iter()
                .map(|(line, end)| format!("{line}{end}"))
                .collect();
            format!("{before}{lines}{after}")
        },
    )
}

/// Where in `body` to insert: mostly where the condition may let an
/// insertion through (its start, the end of a heading line), else anywhere.
fn insertion_point(body: &str, pick: prop::sample::Index, anywhere: prop::sample::Index) -> usize {
    let mut points = vec![0, body.len()];
    points.extend(sections::parsed_headings(body).iter().map(|h| h.range.end));
    if let Some(outline) = simple_markdown::outline(body) {
        points.extend(outline.headings.iter().map(|(_, line)| line.end));
    }
    let mut at = anywhere.index(body.len() + 1);
    while !body.is_char_boundary(at) {
        at -= 1;
    }
    points.push(at);
    *pick.get(&points)
}

/// A chapter's body, half of them under a title (where the status member
/// puts its badge line).
fn chapter_body() -> impl Strategy<Value = String> {
    let body = prop_oneof![heading_lines(), block_lines(), prose_lines(), markdown()];
    (any::<bool>(), body).prop_map(|(titled, body)| {
        if titled {
            format!("# Title\n{body}")
        } else {
            body
        }
    })
}

/// The front matter the chapters of the insertion properties open with.
const FRONT_MATTER: &str = "---\nt: x\n---\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(4096)))]

    /// An insertion the condition lets through moves every part of the
    /// outline, the line scanner's and the parser's alike, to where
    /// outlining the new text finds it.
    #[test]
    fn a_moved_outline_is_the_outline_made_again(
        body in chapter_body(),
        pick in any::<prop::sample::Index>(),
        anywhere in any::<prop::sample::Index>(),
        text in inserted_text(),
    ) {
        let chapter = format!("{FRONT_MATTER}{body}");
        let at = insertion_point(&body, pick, anywhere);
        let checked = insertion::check_moved_outline(&chapter, FRONT_MATTER.len(), at, &text);
        prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
    }

    /// Whatever a member inserts, the page it hands on answers the next
    /// member as a page read from the new text does: moved where the
    /// condition lets the insertion through, made again where not.
    #[test]
    fn a_carried_page_answers_as_a_page_read_again(
        body in chapter_body(),
        pick in any::<prop::sample::Index>(),
        anywhere in any::<prop::sample::Index>(),
        text in inserted_text(),
    ) {
        use deepdive_core::directive::ChapterSource;
        use mdbook_preprocessor::book::Chapter;
        let read = |content: &str| {
            let chapter = Chapter::new("c", content.to_owned(), "c.md", Vec::new());
            Page::read("src", &chapter, &mut Diagnostics::new(false))
        };
        let chapter = format!("{FRONT_MATTER}{body}");
        let in_text = FRONT_MATTER.len() + insertion_point(&body, pick, anywhere);
        let page = read(&chapter);
        page.headings(&chapter);
        page.directive_literal_ranges(&chapter);
        page.directive_openings(&chapter);
        let splice = Splice::new(&chapter, vec![Edit::new(in_text..in_text, text)]);
        let new = splice.apply(&chapter);
        let carried = page.edited(&new, &splice).expect("front matter before the edit");
        let again = read(&new);
        prop_assert_eq!(carried.headings(&new), again.headings(&new), "{:?}", new);
        prop_assert_eq!(carried.directive_literal_ranges(&new), again.directive_literal_ranges(&new), "{:?}", new);
        prop_assert_eq!(carried.directive_openings(&new), again.directive_openings(&new), "{:?}", new);
    }
}
