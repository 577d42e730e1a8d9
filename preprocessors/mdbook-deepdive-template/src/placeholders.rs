//! Placeholders in templates: `{{ name }}`, `{{ name | "default" }}`, and
//! fallbacks through the including chapter's front matter and the book:
//! `{{ title | page.title | "Untitled" }}`. The first alternative with a
//! value wins; a placeholder none of whose alternatives has a value is an
//! error that names the parameter.
//!
//! Placeholders are `{{` and `}}` with a space or a letter after `{{`, so they
//! never collide with `{{#directives}}` or Hugo's `{{< shortcodes >}}`.

use std::ops::Range;

/// Where a placeholder's value may come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A directive parameter.
    Param(String),
    /// A front matter key of the including chapter.
    Page(String),
    /// A `[book]` key of book.toml.
    Book(String),
    /// A literal default.
    Literal(String),
}

/// A `{{name | page.key | "default"}}` hole of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Its bytes in the template.
    pub range: Range<usize>,
    /// Its sources, tried in order.
    pub(crate) sources: Vec<Source>,
}

impl Placeholder {
    /// The parameters it names.
    pub(crate) fn params(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().filter_map(|s| match s {
            Source::Param(name) => Some(name.as_str()),
            _ => None,
        })
    }

    /// What it falls back to without its parameter (`page.title, else
    /// "Untitled"`), for `list` and `show`; `None` when it is required.
    pub(crate) fn default(&self) -> Option<String> {
        let fallbacks: Vec<String> = self
            .sources
            .iter()
            .filter_map(|s| match s {
                Source::Literal(text) => Some(format!("\"{text}\"")),
                Source::Page(key) => Some(format!("page.{key}")),
                Source::Book(key) => Some(format!("book.{key}")),
                Source::Param(_) => None,
            })
            .collect();
        (!fallbacks.is_empty()).then(|| fallbacks.join(", else "))
    }
}

fn source(text: &str) -> Result<Source, String> {
    let text = text.trim();
    if let Some(literal) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        return Ok(Source::Literal(literal.replace("\\\"", "\"")));
    }
    let valid = |name: &str| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if let Some(key) = text.strip_prefix("page.").filter(|k| valid(k)) {
        return Ok(Source::Page(key.to_owned()));
    }
    if let Some(key) = text.strip_prefix("book.").filter(|k| valid(k)) {
        return Ok(Source::Book(key.to_owned()));
    }
    if valid(text) {
        return Ok(Source::Param(text.to_owned()));
    }
    Err(format!(
        "`{text}` is not a parameter name, `page.KEY`, `book.KEY` or a \"quoted default\""
    ))
}

/// Splits on `|` outside double quotes.
fn alternatives(inner: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in inner.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '|' if !quoted => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
}

/// The placeholders of a template, in order.
pub fn parse(template: &str) -> Result<Vec<Placeholder>, String> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(open) = template[at..].find("{{").map(|i| i + at) {
        let after = template[open + 2..].chars().next();
        if !after.is_some_and(|c| c == ' ' || c.is_ascii_alphabetic()) {
            at = open + 2;
            continue;
        }
        let close = template[open..]
            .find("}}")
            .map(|i| i + open)
            .ok_or_else(|| "a `{{` placeholder is never closed with `}}`".to_owned())?;
        let sources = alternatives(&template[open + 2..close])
            .into_iter()
            .map(source)
            .collect::<Result<Vec<_>, _>>()?;
        found.push(Placeholder {
            range: open..close + 2,
            sources,
        });
        at = close + 2;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_and_literals() {
        let found =
            parse("# {{ title | page.title | \"A | b\" }} {{#status done}} {{< x >}} {{date}}")
                .unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].sources,
            [
                Source::Param("title".into()),
                Source::Page("title".into()),
                Source::Literal("A | b".into())
            ]
        );
        assert_eq!(found[1].sources, [Source::Param("date".into())]);
        assert_eq!(
            found[0].default().as_deref(),
            Some("page.title, else \"A | b\"")
        );
        assert_eq!(found[1].default(), None);
    }

    #[test]
    fn bad_placeholders_are_errors() {
        assert!(parse("{{ a b }}").is_err());
        assert!(parse("{{ title").is_err());
    }
}
