//! The one policy for text the suite did not write: every value taken from
//! front matter, `book.toml` or a directive argument is made inert for the
//! place it goes, so a hostile contributor's value is shown as text and never
//! runs, links or expands where a reader meets it.
//!
//! Each sink has its own syntax, so each has its own function:
//!
//! | sink | function |
//! | --- | --- |
//! | markdown the suite splices into a chapter (paragraphs, table cells, headings, text between the suite's inline HTML tags) | [`markdown`] |
//! | a quoted HTML attribute value, or text inside a raw HTML block | [`html`] |
//! | text of events written by `pulldown-cmark-to-cmark`, chapter names, code | [`plain`], [`to_markdown`] |
//! | a link target or URL attribute | [`url`], then [`push_destination`] or [`html`] |
//! | a quoted mermaid label (the decision graph's nodes) | [`push_mermaid_label`] |
//!
//! Two defences hold in every sink:
//! - **mdBook's search results.** mdBook 0.4 and 0.5 put chapter names and the
//!   decoded text of headings into their search index, and their `searcher.js`
//!   inserts those breadcrumbs into the page as HTML: `&lt;img …&gt;` in a
//!   heading comes back as a live `<img>`. So every `<` of a value is followed
//!   by U+2060 WORD JOINER: HTML's tokenizer reads `<` followed by anything but
//!   an ASCII letter, `/`, `!` or `?` as text, and the joiner is invisible.
//! - **Directives.** `{{#name}}` in a value would be expanded by a later
//!   member (or mdBook's `links`). The braces of every `{{` are written apart
//!   (a backslash, an entity or a joiner between them), so no value the suite
//!   copies holds `{{#` any more.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::borrow::Cow;

/// Written after every `<` of a value (see the module's documentation).
pub const JOINER: char = '\u{2060}';

/// Escapes `text` for a quoted HTML attribute value or raw HTML element
/// text: `& < > " '` and `{` as entities, a joiner after `<`.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_html(&mut out, text);
    out
}

/// Appends `text` to `out` as [`html`] escapes it.
pub fn push_html(out: &mut String, text: &str) {
    text.chars().for_each(|c| push_html_char(out, c));
}

fn push_html_char(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => {
            out.push_str("&lt;");
            out.push(JOINER);
        }
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        '{' => out.push_str("&#123;"),
        c => out.push(c),
    }
}

/// Text made inert as inline markdown, also between inline HTML tags the
/// suite writes: markdown punctuation is backslash-escaped (so `*x*`,
/// `[l](…)` or `{{#…}}` stay literal), markup characters are entities (not
/// backslash-escaped, which would break the entities), a joiner follows `<`,
/// and a line break becomes a space (it must not end a table row or a
/// paragraph).
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_markdown(&mut out, text);
    out
}

/// Appends `text` to `out` as [`markdown`] writes it.
pub fn push_markdown(out: &mut String, text: &str) {
    push_markdown_escaping(out, text, is_markdown_punctuation);
}

/// [`markdown`] for text a person goes on to edit (the heading and the
/// SUMMARY.md entry `new` writes): as inert, with fewer backslashes. Only
/// what can open markup in the middle of a line is escaped; `-`, `+`, `.`,
/// `!`, `(` and `)` cannot there once `[`, `]` and `<` are escaped.
pub fn markdown_for_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_markdown_escaping(&mut out, text, |c| {
        is_markdown_punctuation(c) && !matches!(c, '-' | '+' | '.' | '!' | '(' | ')')
    });
    out
}

/// Appends `text` as inline text of a line the suite writes directly, never
/// at the line's start: a table cell (an index row), a task-list item after
/// its `* [ ] `. The characters that can open inline markup (emphasis,
/// code, links, strikethrough, math, directives) or end a cell (`|`) are
/// backslash-escaped, as is `<` (with a joiner after it, see the module),
/// `&` and `\` as entities, a line break as a space, much as
/// `pulldown-cmark-to-cmark` writes a cell's text made [`plain`].
/// Punctuation that opens nothing inside a cell (`.`, `-`, `#`, quotes, an
/// `_` inside a word) is left as written, so the markdown output reads as
/// the metadata does.
pub fn push_inline_text(out: &mut String, text: &str) {
    // Most of a value is letters and spaces: the runs between the bytes
    // that need a look are copied whole.
    let bytes = text.as_bytes();
    let mut copied = 0;
    for (at, byte) in bytes.iter().enumerate() {
        if !NEEDS_A_LOOK[usize::from(*byte)] {
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            continue;
        };
        let previous = text[..at].chars().next_back().unwrap_or(' ');
        let next = text[at + c.len_utf8()..].chars().next().unwrap_or(' ');
        let replacement: &str = match c {
            // An `_` between two letters or digits opens no emphasis
            // (`get_url`), and reads better unescaped.
            '_' if previous.is_alphanumeric() && next.is_alphanumeric() => continue,
            // As everywhere: a joiner between the braces of `{{`, so that
            // not even the rendered text holds a directive's opening.
            '{' if next == '{' => "\\{\u{2060}",
            '`' => "\\`",
            '*' => "\\*",
            '_' => "\\_",
            '[' => "\\[",
            ']' => "\\]",
            '|' => "\\|",
            '~' => "\\~",
            '{' => "\\{",
            '}' => "\\}",
            '$' => "\\$",
            // Not `\\`: GFM reads the `|` of `\\|` as escaped, which would
            // join a value ending in a backslash to the next cell.
            '\\' => "&#92;",
            '&' => "&amp;",
            '<' => "\\<\u{2060}",
            c if is_line_break(c) => " ",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        copied = at + c.len_utf8();
    }
    out.push_str(&text[copied..]);
}

/// Appends `label` as [`push_inline_text`] writes it, as a link to `href`
/// (a [`push_destination`]) when there is one: a generated row's or item's
/// link to a chapter or a heading.
pub fn push_inline_link(out: &mut String, label: &str, href: Option<&str>) {
    let Some(href) = href else {
        push_inline_text(out, label);
        return;
    };
    out.push('[');
    push_inline_text(out, label);
    out.push_str("](");
    push_destination(out, href);
    out.push(')');
}

/// `NEEDS_A_LOOK[b]`: whether byte `b` may start a character
/// [`push_inline_text`] changes: its ASCII punctuation, the ASCII line
/// breaks, and the first bytes of U+0085, U+2028 and U+2029.
const NEEDS_A_LOOK: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"`*_[]|~{}$\\&<\n\r\x0b\x0c\xc2\xe2";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// The header and alignment rows of a table of `headers` (each column
/// left-aligned), as `pulldown-cmark-to-cmark` writes them, ending in a line
/// break: the rows that follow are written `|cell|cell|`, one line each,
/// with [`push_inline_text`]. A generated table (an index, a review summary)
/// holds a row per chapter; through the writer's events, which it checks by
/// parsing them back, each row costs more than reading the chapter's front
/// matter, and rows are the one fragment whose shape never varies.
pub fn table_header(headers: &[&str]) -> String {
    let mut events = vec![
        Event::Start(Tag::Table(vec![
            pulldown_cmark::Alignment::Left;
            headers.len()
        ])),
        Event::Start(Tag::TableHead),
    ];
    for header in headers {
        events.extend([
            Event::Start(Tag::TableCell),
            Event::Text((*header).into()),
            Event::End(TagEnd::TableCell),
        ]);
    }
    events.extend([Event::End(TagEnd::TableHead), Event::End(TagEnd::Table)]);
    let mut header = to_markdown(events, pulldown_cmark::Options::ENABLE_TABLES);
    if !header.ends_with('\n') {
        header.push('\n');
    }
    header
}

fn push_markdown_escaping(out: &mut String, text: &str, escaped: impl Fn(char) -> bool) {
    for c in text.chars() {
        if escaped(c) {
            out.push('\\');
            out.push(c);
        } else {
            push_html_char(out, if is_line_break(c) { ' ' } else { c });
        }
    }
}

fn is_markdown_punctuation(c: char) -> bool {
    matches!(
        c,
        '\\' | '`'
            | '*'
            | '_'
            | '['
            | ']'
            | '('
            | ')'
            | '#'
            | '+'
            | '-'
            | '.'
            | '!'
            | '|'
            | '~'
            | '{'
            | '}'
            | '$'
    )
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Text for places that escape markdown themselves or show text as written
/// (events for `pulldown-cmark-to-cmark`, chapter names, code): a joiner
/// after every `<` and between the braces of `{{`, line breaks as spaces.
/// Borrowed when there is nothing to change, the common case.
pub fn plain(text: &str) -> Cow<'_, str> {
    plain_text(text, true)
}

/// [`plain`] for the text of a code block, which shows its lines as written:
/// only a joiner after every `<` and between the braces of `{{`.
fn plain_code(text: &str) -> Cow<'_, str> {
    plain_text(text, false)
}

/// A joiner after every `<` and between the braces of `{{`, and, with
/// `flatten`, every line break ([`is_line_break`]) as a space. Read a byte at
/// a time and copied a run at a time: every name of a book goes through it
/// in every member, and most hold nothing to change.
fn plain_text(text: &str, flatten: bool) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    // `text[copied..]` is not in `out` yet.
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let (joiner_after, line_break_len) = match (bytes[at], bytes.get(at + 1)) {
            (b'<', _) | (b'{', Some(b'{')) => (true, 0),
            (b'\n' | b'\r' | 0x0b | 0x0c, _) if flatten => (false, 1),
            // U+0085, U+2028 and U+2029 in UTF-8.
            (0xc2, Some(0x85)) if flatten => (false, 2),
            (0xe2, Some(0x80)) if flatten && matches!(bytes.get(at + 2), Some(0xa8 | 0xa9)) => {
                (false, 3)
            }
            _ => {
                at += 1;
                continue;
            }
        };
        if out.is_empty() {
            out.reserve(text.len() + 8);
        }
        if joiner_after {
            at += 1;
            out.push_str(&text[copied..at]);
            out.push(JOINER);
        } else {
            out.push_str(&text[copied..at]);
            out.push(' ');
            at += line_break_len;
        }
        copied = at;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Writes `events` as markdown with `pulldown-cmark-to-cmark`, every text
/// and code event made [`plain`] first: the writer escapes markdown, but
/// neither `{{#` nor text that mdBook's search results would read as HTML.
pub fn to_markdown<'a>(
    events: impl IntoIterator<Item = Event<'a>>,
    options: pulldown_cmark::Options,
) -> String {
    // A code block's text keeps its line breaks: the writer fences it with
    // more backticks than any run in it.
    let mut in_code_block = false;
    let events = events.into_iter().map(move |event| match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            in_code_block = true;
            Event::Start(Tag::CodeBlock(kind))
        }
        Event::End(TagEnd::CodeBlock) => {
            in_code_block = false;
            Event::End(TagEnd::CodeBlock)
        }
        Event::Text(text) if in_code_block => Event::Text(plain_cow(text, plain_code)),
        Event::Text(text) => Event::Text(plain_cow(text, plain)),
        Event::Code(text) => Event::Code(plain_cow(text, plain)),
        other => other,
    });
    let mut out = String::new();
    // Writing to a String cannot fail; an error would be a bug in the events.
    let _ = pulldown_cmark_to_cmark::cmark(events, &mut out, options);
    out
}

fn plain_cow(text: CowStr<'_>, made_plain: fn(&str) -> Cow<'_, str>) -> CowStr<'_> {
    match made_plain(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(changed) => changed.into(),
    }
}

/// The schemes a value may link to; a URL without a scheme is relative.
pub const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// A value checked for use as a link target: `Ok` with the URL to write
/// (surrounding white space removed), or why it may not be one. A URL is
/// relative (`../x.md`, `#part`, `?q`) or has one of [`ALLOWED_SCHEMES`];
/// anything else with a colon before its first `/`, `?` or `#`
/// (`javascript:`, `data:`, `vbscript:`, however cased or split by white
/// space, which browsers remove) is refused, as is any control character.
pub fn url(value: &str) -> Result<&str, String> {
    let trimmed = value.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    if let Some(c) = trimmed.chars().find(|c| c.is_control()) {
        return Err(format!(
            "`{}` is not a URL: it holds the control character U+{:04X}",
            value.escape_debug(),
            u32::from(c)
        ));
    }
    let head_end = trimmed.find(['/', '?', '#']).unwrap_or(trimmed.len());
    let Some(colon) = trimmed[..head_end].find(':') else {
        return Ok(trimmed);
    };
    let scheme = trimmed[..colon].to_ascii_lowercase();
    if ALLOWED_SCHEMES.contains(&scheme.as_str()) {
        return Ok(trimmed);
    }
    Err(format!(
        "`{}` is not a link the suite writes: its scheme `{}:` could run code or is unknown \
         (allowed: {}, or a relative link)",
        value.escape_debug(),
        scheme.escape_debug(),
        ALLOWED_SCHEMES.map(|s| format!("{s}:")).join(", ")
    ))
}

/// Appends `url` (checked by [`url`]) as a markdown link destination:
/// percent-encoding what would end or break the destination or be read as
/// an escape, `&` as an entity (markdown decodes entities in destinations,
/// so `javascript&#58;` must stay text), and `{` so no directive forms.
pub fn push_destination(out: &mut String, url: &str) {
    for c in url.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            // `_` and `*` open no emphasis inside a destination: kept, so
            // chapter links read as their paths (`object_ids.md`).
            ' ' | '<' | '>' | '(' | ')' | '\\' | '`' | '"' | '\'' | '{' | '}' | '|' | '[' | ']' => {
                push_percent_encoded(out, c);
            }
            c => out.push(c),
        }
    }
}

/// Appends `c` to `out` percent-encoded, byte by byte of its UTF-8.
pub fn push_percent_encoded(out: &mut String, c: char) {
    let mut buffer = [0; 4];
    for byte in c.encode_utf8(&mut buffer).bytes() {
        #[allow(
            clippy::format_push_string,
            reason = "`write!` here made the whole loop cost more (cachegrind, index member)"
        )]
        out.push_str(&format!("%{byte:02X}"));
    }
}

/// Appends `text` as the inside of a quoted mermaid label (`n0["…"]`):
/// letters, digits, spaces and `.,-_()/!?'+` as they are, every other
/// character as mermaid's entity code (`#34;`), which mermaid turns into an
/// HTML character reference, so the label is text in the SVG. No `"`, `[`,
/// `]`, backtick, `#`, `%`, `:`, `;`, `<`, `&` or line break is left to end
/// the label, the statement (`click` after a line break) or the code fence,
/// start a comment (`%%`) or an entity, or feed the `style …:…#…;` rewrite
/// mermaid applies to a line before parsing it.
pub fn push_mermaid_label(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            c if c.is_ascii_alphanumeric() => out.push(c),
            ' ' | '.' | ',' | '-' | '_' | '(' | ')' | '/' | '!' | '?' | '\'' | '+' => out.push(c),
            c if is_line_break(c) || c == '\t' => out.push(' '),
            c => {
                #[allow(
                    clippy::format_push_string,
                    reason = "one short code per character; as in `push_percent_encoded`"
                )]
                out.push_str(&format!("#{};", u32::from(c)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_block_keeps_its_lines_inside_a_longer_fence() {
        let block = |code: &str| {
            let kind = pulldown_cmark::CodeBlockKind::Fenced("mermaid".into());
            to_markdown(
                [
                    Event::Start(Tag::CodeBlock(kind)),
                    Event::Text(code.to_owned().into()),
                    Event::End(TagEnd::CodeBlock),
                ],
                pulldown_cmark::Options::empty(),
            )
        };
        assert_eq!(
            block("a\nb <c {{#x}}\n"),
            "\n````mermaid\na\nb <\u{2060}c {\u{2060}{#x}}\n````"
        );
        let fenced = block("`````\n<img>\n");
        assert!(fenced.starts_with("\n``````mermaid\n`````\n"), "{fenced}");
    }

    #[test]
    fn mermaid_labels_keep_words_and_encode_all_syntax() {
        let label = |text: &str| {
            let mut out = String::new();
            push_mermaid_label(&mut out, text);
            out
        };
        assert_eq!(
            label("Kafka for read receipts (v2)"),
            "Kafka for read receipts (v2)"
        );
        assert_eq!(label("a\"] --> x[\"b"), "a#34;#93; --#62; x#91;#34;b");
        assert_eq!(label("x\nclick n0 href"), "x click n0 href");
        assert_eq!(
            label("%% `<b>` & #lt;"),
            "#37;#37; #96;#60;b#62;#96; #38; #35;lt#59;"
        );
        assert_eq!(label("style: a"), "style#58; a");
        assert_eq!(label("{{#x}} ✅"), "#123;#123;#35;x#125;#125; #9989;");
    }

    #[test]
    fn html_escapes_markup_quotes_and_braces() {
        assert_eq!(
            html(r#""><img src=x onerror='a()'> & {{#x}}"#),
            "&quot;&gt;&lt;\u{2060}img src=x onerror=&#39;a()&#39;&gt; &amp; &#123;&#123;#x}}"
        );
    }

    #[test]
    fn markdown_escapes_punctuation_and_markup() {
        assert_eq!(markdown("a|b *c* {{#x}}"), "a\\|b \\*c\\* \\{\\{\\#x\\}\\}");
        assert_eq!(markdown("<i>'&'\nx"), "&lt;\u{2060}i&gt;&#39;&amp;&#39; x");
        assert_eq!(
            markdown("[l](javascript:alert(1))"),
            "\\[l\\]\\(javascript:alert\\(1\\)\\)"
        );
    }

    #[test]
    fn source_markdown_keeps_ordinary_punctuation_readable() {
        assert_eq!(
            markdown_for_source("Real-time Search (v2)!"),
            "Real-time Search (v2)!"
        );
        assert_eq!(
            markdown_for_source("<img src=x> [l](javascript:x) {{#y}}"),
            "&lt;\u{2060}img src=x&gt; \\[l\\](javascript:x) \\{\\{\\#y\\}\\}"
        );
    }

    /// [`plain_text`] as it is specified, a character at a time.
    fn plain_one_char_at_a_time(text: &str, flatten: bool) -> String {
        let mut out = String::new();
        let mut previous = '\0';
        for c in text.chars() {
            if c == '{' && previous == '{' {
                out.push(JOINER);
            }
            out.push(if flatten && is_line_break(c) { ' ' } else { c });
            if c == '<' {
                out.push(JOINER);
            }
            previous = c;
        }
        out
    }

    #[test]
    fn plain_copies_runs_as_the_character_rule_says() {
        let pieces = [
            "a", "<", "{", "}", "\n", "\r\n", "\u{b}", "\u{c}", "\u{85}", "\u{2028}", "\u{2029}",
            "\u{2027}", "\u{20ac}", "é", "—", "✅", " ",
        ];
        // Every text of up to three pieces, and runs of braces.
        let mut texts = vec![String::new(), "{{{".into(), "x{{{{y".into()];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        for text in &texts {
            for flatten in [true, false] {
                let plain = plain_text(text, flatten);
                assert_eq!(plain, plain_one_char_at_a_time(text, flatten), "{text:?}");
                assert_eq!(
                    matches!(plain, Cow::Borrowed(_)),
                    plain == text.as_str(),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn plain_defuses_tags_and_directives_and_borrows_plain_text() {
        assert!(matches!(plain("Redis fan-out"), Cow::Borrowed(_)));
        assert!(matches!(plain("a { b } é"), Cow::Borrowed(_)));
        assert_eq!(plain("<img src=x>"), "<\u{2060}img src=x>");
        assert_eq!(plain("{{#status done}}"), "{\u{2060}{#status done}}");
        assert_eq!(plain("a\r\nb"), "a  b");
        assert_eq!(plain("a\u{2028}b"), "a b");
    }

    #[test]
    fn fragments_hold_no_live_tag_or_directive() {
        let events = [
            Event::Start(pulldown_cmark::Tag::Paragraph),
            Event::Text("<img src=x onerror=alert(1)> {{#review-checklist}}".into()),
            Event::Code("<b>".into()),
            Event::End(pulldown_cmark::TagEnd::Paragraph),
        ];
        let written = to_markdown(events, pulldown_cmark::Options::empty());
        assert!(!written.contains("{{#"), "{written}");
        assert!(!written.contains("<img"), "{written}");
        assert!(written.contains("`<\u{2060}b>`"), "{written}");
    }

    #[test]
    fn urls_allow_relative_and_web_links_only() {
        for ok in [
            "https://example.com/a?b=c&d#e",
            " http://x ",
            "mailto:a@b.c",
            "../x.md",
            "#anchor",
            "?q=a:b",
            "dir/file:with-colon",
            "",
        ] {
            assert!(url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \tjavascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "\u{1}javascript:x",
            "file:///etc/passwd",
        ] {
            assert!(url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn destinations_cannot_be_ended_or_decoded_into_schemes() {
        let mut out = String::new();
        push_destination(&mut out, "a b)c&#58;{{#x}}");
        assert_eq!(out, "a%20b%29c&amp;#58;%7B%7B#x%7D%7D");
    }
}
