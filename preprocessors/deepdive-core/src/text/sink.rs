//! Where in a markdown text a value will land, so it can be made inert for
//! that place: a template's placeholder or a chapter's `{{#meta}}` may sit
//! in a heading, a code span, a link target, an HTML attribute or a raw
//! HTML block, and each needs its own escaping (see [`crate::text::inert`]).
//!
//! The text is parsed once with every hole (the placeholders' or
//! directives' bytes) masked by `x`s of the same length, so the structure
//! found is the one the text will have with an ordinary value in each hole
//! (`[home]({{ page.homepage }})` is a link once the placeholder is a word).

use crate::text::inert;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

/// The kind of place a value goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    /// Inline markdown: paragraphs, headings, table cells, link text.
    Markdown,
    /// A code span (`inline`) or a code block: shown as written.
    Code {
        /// A code span, not a block.
        inline: bool,
    },
    /// Text of a raw HTML block, or inside an HTML comment.
    HtmlText,
    /// An HTML attribute's value (`name` lower-cased).
    Attribute {
        /// The attribute's name.
        name: String,
        /// Whether the value is in quotes.
        quoted: bool,
    },
    /// A link or image target, or an autolink.
    Destination,
    /// Inside an HTML tag but not in an attribute value: nothing is safe there.
    Tag,
}

/// Attributes whose value the browser reads as a URL.
const URL_ATTRIBUTES: [&str; 14] = [
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "data",
    "background",
    "xlink:href",
    "srcset",
    "ping",
    "codebase",
    "longdesc",
    "manifest",
];

impl Sink {
    /// `value` made inert for this place, or why it cannot go there.
    pub fn render(&self, value: &str) -> Result<String, String> {
        match self {
            Sink::Markdown => Ok(inert::markdown(value)),
            Sink::Code { inline } => {
                if *inline && value.contains('`') {
                    return Err(format!(
                        "`{}` holds a backtick, which would end the code span it is put in",
                        value.escape_debug()
                    ));
                }
                Ok(inert::plain(value).into_owned())
            }
            Sink::HtmlText => Ok(inert::html(value)),
            Sink::Attribute { name, quoted } => attribute(name, *quoted, value),
            Sink::Destination => {
                let url = inert::url(value)?;
                let mut out = String::with_capacity(url.len());
                inert::push_destination(&mut out, url);
                Ok(out)
            }
            Sink::Tag => Err(
                "a value cannot go inside an HTML tag except as a quoted attribute value \
                 (write `name=\"…\"`)"
                    .into(),
            ),
        }
    }
}

fn attribute(name: &str, quoted: bool, value: &str) -> Result<String, String> {
    if name.starts_with("on") || name == "style" {
        return Err(format!(
            "a value cannot go into the `{name}` attribute: the browser runs it as code or style"
        ));
    }
    if !quoted {
        return Err(format!(
            "the `{name}` attribute's value is not quoted: write `{name}=\"…\"` so a value \
             cannot add attributes"
        ));
    }
    if name == "srcdoc" {
        return Err("a value cannot go into `srcdoc`: the browser renders it as a page".into());
    }
    if URL_ATTRIBUTES.contains(&name) {
        // Percent-encoded as a link target is (quotes and `<` included), so
        // even a URL of an allowed scheme holds nothing an attribute reads.
        let mut out = String::with_capacity(value.len());
        inert::push_destination(&mut out, inert::url(value)?);
        return Ok(out);
    }
    Ok(inert::html(value))
}

/// The sink of each of `holes` (sorted, disjoint byte ranges of `text`).
pub fn sinks(text: &str, holes: &[Range<usize>]) -> Vec<Sink> {
    if holes.is_empty() {
        return Vec::new();
    }
    let masked = mask(text, holes);
    let outline = Outline::of(&masked);
    holes
        .iter()
        .map(|hole| outline.sink_of(&masked, hole))
        .collect()
}

/// `text` with every hole's bytes replaced by `x`.
fn mask(text: &str, holes: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for hole in holes {
        if let Some(slice) = bytes.get_mut(hole.clone()) {
            slice.fill(b'x');
        }
    }
    // Holes are whole placeholders or directives, so whole characters; a
    // range that is not would only make the mask lossy, never unsafe.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The constructs of a text that decide a sink, with their byte ranges.
struct Outline {
    code: Vec<(Range<usize>, bool)>,
    html_blocks: Vec<Range<usize>>,
    inline_html: Vec<Range<usize>>,
    links: Vec<Range<usize>>,
    definitions: Vec<Range<usize>>,
}

impl Outline {
    fn of(text: &str) -> Self {
        let mut outline = Outline {
            code: Vec::new(),
            html_blocks: Vec::new(),
            inline_html: Vec::new(),
            links: Vec::new(),
            definitions: Vec::new(),
        };
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        let parser = Parser::new_ext(text, options).into_offset_iter();
        outline.definitions = parser
            .reference_definitions()
            .iter()
            .map(|(_, definition)| definition.span.clone())
            .collect();
        for (event, range) in parser {
            match event {
                Event::Start(Tag::CodeBlock(_)) => outline.code.push((range, false)),
                Event::Code(_) => outline.code.push((range, true)),
                Event::Start(Tag::HtmlBlock) => outline.html_blocks.push(range),
                Event::InlineHtml(_) => outline.inline_html.push(range),
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => outline.links.push(range),
                _ => {}
            }
        }
        outline
    }

    fn sink_of(&self, text: &str, hole: &Range<usize>) -> Sink {
        let at = hole.start;
        let inside = |ranges: &[Range<usize>]| ranges.iter().find(|r| r.contains(&at)).cloned();
        if let Some((_, inline)) = self.code.iter().find(|(r, _)| r.contains(&at)) {
            return Sink::Code { inline: *inline };
        }
        // `<{{ page.url }}>`, an autolink once filled (the masked text reads
        // it as a tag).
        if text[..at].ends_with('<') && text[hole.end..].starts_with('>') {
            return Sink::Destination;
        }
        if let Some(block) = inside(&self.html_blocks) {
            return html_sink(&text[block.start..at], false);
        }
        if let Some(tag) = inside(&self.inline_html) {
            return html_sink(&text[tag.start..at], true);
        }
        if let Some(link) = inside(&self.links) {
            return link_sink(&text[link.start..at]);
        }
        if let Some(definition) = inside(&self.definitions) {
            return definition_sink(&text[definition.start..at]);
        }
        Sink::Markdown
    }
}

/// The sink at the end of `before`, the link's text up to the hole: its
/// target if `](` (the last one) is followed by nothing but an optional `<`.
fn link_sink(before: &str) -> Sink {
    match before.rfind("](") {
        Some(open) => {
            let target = &before[open + 2..];
            if target.is_empty() || target == "<" {
                Sink::Destination
            } else {
                Sink::Markdown
            }
        }
        None => Sink::Markdown,
    }
}

/// The sink at the end of `before`, a reference definition up to the hole.
fn definition_sink(before: &str) -> Sink {
    match before.find("]:") {
        Some(colon) => {
            let target = before[colon + 2..].trim_start();
            if target.is_empty() || target == "<" {
                Sink::Destination
            } else {
                Sink::Markdown
            }
        }
        None => Sink::Markdown,
    }
}

/// Where HTML `before` (from the start of a block or of an inline tag up to
/// the hole) leaves the hole: a small tokenizer of HTML's states.
fn html_sink(before: &str, inline: bool) -> Sink {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Text,
        Comment,
        Tag,
        Name,
        AfterName,
        BeforeValue,
        Quoted(u8),
        Unquoted,
    }
    let bytes = before.as_bytes();
    let mut state = State::Text;
    let mut name = Range::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        state = match state {
            State::Text if bytes[i..].starts_with(b"<!--") => {
                i += 3;
                State::Comment
            }
            State::Text
                if b == b'<'
                    && bytes
                        .get(i + 1)
                        .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') =>
            {
                State::Tag
            }
            State::Text => State::Text,
            State::Comment if bytes[i..].starts_with(b"-->") => {
                i += 2;
                State::Text
            }
            State::Comment => State::Comment,
            State::Tag | State::AfterName | State::Unquoted if b == b'>' => State::Text,
            State::Name | State::BeforeValue if b == b'>' => State::Text,
            State::Tag | State::AfterName if b.is_ascii_whitespace() || b == b'/' => State::Tag,
            State::Tag | State::AfterName if b != b'=' => {
                name = i..i + 1;
                State::Name
            }
            State::Name if b == b'=' => State::BeforeValue,
            State::Name if b.is_ascii_whitespace() => State::AfterName,
            State::Name => {
                name.end = i + 1;
                State::Name
            }
            State::AfterName if b == b'=' => State::BeforeValue,
            State::Tag | State::AfterName => State::Tag,
            State::BeforeValue if b == b'"' || b == b'\'' => State::Quoted(b),
            State::BeforeValue if b.is_ascii_whitespace() => State::BeforeValue,
            State::BeforeValue => State::Unquoted,
            State::Quoted(quote) if b == quote => State::Tag,
            State::Quoted(quote) => State::Quoted(quote),
            State::Unquoted if b.is_ascii_whitespace() => State::Tag,
            State::Unquoted => State::Unquoted,
        };
        i += 1;
    }
    let attribute = |quoted| Sink::Attribute {
        name: before
            .get(name.clone())
            .unwrap_or_default()
            .to_ascii_lowercase(),
        quoted,
    };
    match state {
        State::Text | State::Comment if !inline => Sink::HtmlText,
        // An inline tag's event ends at its `>`: text after it is markdown.
        State::Text => Sink::Markdown,
        State::Comment => Sink::HtmlText,
        State::Quoted(_) => attribute(true),
        State::Unquoted | State::BeforeValue => attribute(false),
        State::Tag | State::Name | State::AfterName => Sink::Tag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sink of each `@@` in `text` (the holes).
    fn sinks_of(text: &str) -> Vec<Sink> {
        let holes: Vec<Range<usize>> = text.match_indices("@@").map(|(i, _)| i..i + 2).collect();
        sinks(text, &holes)
    }

    #[test]
    fn markdown_code_and_links() {
        assert_eq!(
            sinks_of("# T @@\n\n`@@` and [home](@@) [t](<@@>) [@@](x \"@@\")\n\n```\n@@\n```\n"),
            [
                Sink::Markdown,
                Sink::Code { inline: true },
                Sink::Destination,
                Sink::Destination,
                Sink::Markdown,
                Sink::Markdown,
                Sink::Code { inline: false },
            ]
        );
        assert_eq!(
            sinks_of("[r]: @@\n\n[x][r] <@@>\n"),
            [Sink::Destination, Sink::Destination]
        );
        assert_eq!(
            sinks_of("| a | @@ |\n|---|---|\n| @@ | b |\n"),
            [Sink::Markdown, Sink::Markdown]
        );
    }

    #[test]
    fn html_blocks_tags_and_attributes() {
        let url = |name: &str| Sink::Attribute {
            name: name.into(),
            quoted: true,
        };
        assert_eq!(
            sinks_of(
                "<div class=\"@@\">@@ <a href='@@'>x</a>\n<iframe src=@@ @@></iframe>\n<!-- @@ -->\n</div>\n\nText <img src=\"@@\"> @@ <span title=\"@@\">@@</span>\n"
            ),
            [
                url("class"),
                Sink::HtmlText,
                url("href"),
                Sink::Attribute {
                    name: "src".into(),
                    quoted: false
                },
                Sink::Tag,
                Sink::HtmlText,
                url("src"),
                Sink::Markdown,
                url("title"),
                Sink::Markdown,
            ]
        );
    }

    #[test]
    fn multi_byte_text_in_html_is_scanned_by_bytes() {
        // Found by the `sink` fuzz target: a comment after a two-byte character.
        let text = "# T @@\n\n`@D>-`]title=@@>\n<!-- @@ -le\u{f5}@>\n<!-- @@ --ta:e;(1)";
        assert_eq!(sinks_of(text).len(), 4);
    }

    #[test]
    fn values_render_inert_or_refused() {
        let attribute = |name: &str| Sink::Attribute {
            name: name.into(),
            quoted: true,
        };
        assert!(Sink::Destination.render("javascript:alert(1)").is_err());
        assert_eq!(
            Sink::Destination.render("https://x.example/a b").unwrap(),
            "https://x.example/a%20b"
        );
        assert!(attribute("src").render(" JaVaScRiPt:alert(1)").is_err());
        assert!(attribute("onclick").render("x").is_err());
        assert!(attribute("style").render("x").is_err());
        assert_eq!(
            attribute("title").render("\"><script>").unwrap(),
            "&quot;&gt;&lt;\u{2060}script&gt;"
        );
        assert!(Sink::Code { inline: true }.render("a`b").is_err());
        assert_eq!(
            Sink::Code { inline: false }.render("<b>\n```").unwrap(),
            "<\u{2060}b> ```"
        );
        assert!(Sink::Tag.render("x").is_err());
        assert_eq!(Sink::HtmlText.render("{{#x}}").unwrap(), "&#123;&#123;#x}}");
    }
}
