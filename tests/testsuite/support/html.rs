//! What a browser would make of rendered output, without a browser: a small
//! HTML tokenizer (tags and their attributes outside text, so an escaped
//! `&lt;img` is text and not a tag), the visible text of a page, mdBook's
//! search index, and the parts of a page or of markdown that could run code.

/// One start tag, its attributes entity-decoded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    /// For `script`: the text up to `</script`.
    pub script: Option<String>,
}

impl Tag {
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A document split as an HTML tokenizer splits it.
#[derive(Debug, Default)]
pub(crate) struct Document {
    pub tags: Vec<Tag>,
    /// Text outside tags, comments, `script` and `style`, entity-decoded.
    pub text: String,
}

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: [&str; 4] = ["script", "style", "textarea", "title"];

pub(crate) fn parse(html: &str) -> Document {
    let mut document = Document::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        document.text.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
        } else if after.starts_with(['!', '?']) {
            rest = after.find('>').map_or("", |end| &after[end + 1..]);
        } else if let Some(end_tag) = after.strip_prefix('/') {
            // An end tag, or with no letter after `</` a bogus comment: both end at `>`.
            rest = end_tag.find('>').map_or("", |end| &end_tag[end + 1..]);
        } else if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let (mut tag, remainder) = start_tag(after);
            rest = remainder;
            if RAW_TEXT.contains(&tag.name.as_str()) {
                let close = format!("</{}", tag.name);
                let end = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
                let content = &rest[..end];
                match tag.name.as_str() {
                    "script" => tag.script = Some(content.to_owned()),
                    "title" | "textarea" => document.text.push_str(&decode_entities(content)),
                    _ => {}
                }
                rest = &rest[end..];
                rest = rest.find('>').map_or("", |gt| &rest[gt + 1..]);
            }
            document.tags.push(tag);
        } else {
            document.text.push('<');
            rest = after;
        }
    }
    document.text.push_str(&decode_entities(rest));
    document
}

/// A start tag from just after its `<`: the tag and the text after its `>`.
fn start_tag(text: &str) -> (Tag, &str) {
    let name_end = text
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(text.len());
    let mut tag = Tag {
        name: text[..name_end].to_ascii_lowercase(),
        attributes: Vec::new(),
        script: None,
    };
    let mut rest = &text[name_end..];
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return (tag, rest);
        }
        if let Some(after) = rest.strip_prefix('>') {
            return (tag, after);
        }
        let name_end = rest
            .char_indices()
            .skip(1)
            .find(|&(_, c)| c.is_ascii_whitespace() || matches!(c, '/' | '>' | '='))
            .map_or(rest.len(), |(i, _)| i);
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start_matches(|c: char| c.is_ascii_whitespace());
            let (raw, remainder) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(quote).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = decode_entities(raw);
            rest = remainder;
        }
        tag.attributes.push((name, value));
    }
}

/// Decodes numeric character references and the named ones an attack uses.
pub(crate) fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match entity(rest) {
            Some((decoded, length)) => {
                out.push(decoded);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `text` stands for, and its length.
fn entity(text: &str) -> Option<(char, usize)> {
    let body = &text[1..];
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(body.len());
    let name = &body[..end];
    let length = 1 + end + usize::from(body[end..].starts_with(';'));
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(code)?
    } else {
        match name {
            "lt" | "LT" => '<',
            "gt" | "GT" => '>',
            "amp" | "AMP" => '&',
            "quot" | "QUOT" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "colon" => ':',
            "Tab" => '\t',
            "NewLine" => '\n',
            "lpar" => '(',
            "rpar" => ')',
            "sol" => '/',
            "lowbar" => '_',
            _ => return None,
        }
    };
    Some((decoded, length))
}

/// Whether a URL would run code or load a document of the attacker's: its
/// scheme, once the ASCII whitespace and control characters a browser
/// ignores are removed, is `javascript:`, `data:` or `vbscript:`.
pub(crate) fn dangerous_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !(c.is_ascii_whitespace() || c.is_ascii_control()))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|scheme| cleaned.starts_with(scheme))
}

/// Attributes that hold a URL a browser follows or loads.
const URL_ATTRIBUTES: [&str; 8] = [
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "srcdoc",
];

/// Elements that load or run something by themselves.
const ACTIVE_ELEMENTS: [&str; 8] = [
    "script", "img", "iframe", "svg", "object", "embed", "math", "frame",
];

/// Everything in `document` that could run code, each as a description
/// with the text that gives away where it came from (its attributes, or a
/// script's content).
pub(crate) fn live_parts(document: &Document) -> Vec<String> {
    let mut live = Vec::new();
    for tag in &document.tags {
        let all = || {
            tag.attributes
                .iter()
                .map(|(n, v)| format!("{n}={v:?}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        if let Some(script) = &tag.script {
            live.push(format!("<script {}>{script}", all()));
        } else if ACTIVE_ELEMENTS.contains(&tag.name.as_str()) {
            live.push(format!("<{} {}>", tag.name, all()));
        }
        for (name, value) in &tag.attributes {
            if name.starts_with("on") {
                live.push(format!("<{} {name}={value:?}> (event handler)", tag.name));
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) && dangerous_url(value) {
                live.push(format!("<{} {name}={value:?}> (URL)", tag.name));
            }
        }
    }
    live
}

/// Text as a reader sees it: without the U+2060 WORD JOINERs the suite
/// inserts to keep text inert, whitespace runs as one space.
pub(crate) fn visible(text: &str) -> String {
    // mdBook 0.5 turns the quotes of text, the suite's as much as the
    // author's, into typographic ones (smart punctuation, on by default).
    text.replace('\u{2060}', "")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `breadcrumbs` and `title` of every entry of mdBook's search index
/// (`searchindex.json`, or the `searchindex*.js` that 0.5 writes as
/// `JSON.parse('…')` and 0.4 as an object literal).
pub(crate) fn search_entries(html_dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(html_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("searchindex") && (name.ends_with(".js") || name.ends_with(".json"))
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no search index in {}",
        html_dir.display()
    );
    let mut entries = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let json = search_json(&text);
        let index: serde_json::Value = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.display()));
        let docs = index["index"]["documentStore"]["docs"]
            .as_object()
            .unwrap_or_else(|| panic!("{} has no documents", file.display()));
        for doc in docs.values() {
            for field in ["breadcrumbs", "title"] {
                if let Some(value) = doc[field].as_str() {
                    entries.push(value.to_owned());
                }
            }
        }
    }
    entries
}

fn search_json(text: &str) -> String {
    if let Some(start) = text.find("JSON.parse('") {
        let body = &text[start + "JSON.parse('".len()..text.rfind("')").unwrap()];
        // mdBook escapes `\` and `'` with a backslash.
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            out.push(if c == '\\' {
                chars.next().unwrap_or('\\')
            } else {
                c
            });
        }
        out
    } else {
        let start = text.find('{').expect("a JSON object");
        let end = text.rfind('}').expect("a JSON object");
        text[start..=end].to_owned()
    }
}

/// Whether search-result text would hold markup once inserted as HTML: a
/// `<` followed by a letter, `/`, `!` or `?`.
pub(crate) fn holds_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?')))
}

/// What could run in a markdown file once another tool renders it: links
/// and images to a dangerous URL, and the live parts of its raw HTML.
pub(crate) fn live_markdown(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag as Md};
    let mut live = Vec::new();
    let mut raw = String::new();
    for event in Parser::new_ext(markdown, Options::all()) {
        match event {
            Event::Start(Md::Link { dest_url, .. } | Md::Image { dest_url, .. })
                if dangerous_url(&dest_url) =>
            {
                live.push(format!("markdown link to {dest_url:?}"));
            }
            Event::Html(html) | Event::InlineHtml(html) => raw.push_str(&html),
            _ => {}
        }
    }
    live.extend(live_parts(&parse(&raw)));
    live
}
