//! The typed metadata of a chapter, read from its front matter (or, for chapters
//! written from the technical deep-dive template, from its metadata sections).
//!
//! The typed fields are the ones the suite interprets; every key, typed or not,
//! stays available in `fields` for templates (`page.anything`).

use crate::frontmatter::{self, Block};
use serde_json::{Map, Value};

/// Where a chapter's metadata came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    #[default]
    None,
    FrontMatter,
    /// `## Summary (Excerpt)`, `## Published Date`, `## Tags`, `## Difficulty`.
    Sections,
}

/// A chapter's metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub source: Source,
    pub title: Option<String>,
    pub description: Option<String>,
    pub summary: Option<String>,
    pub focus: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub status: Option<String>,
    pub draft: bool,
    pub date: Option<String>,
    pub difficulty: Option<String>,
    pub authors: Vec<String>,
    /// Kept as text so `07` stays `07`.
    pub number: Option<String>,
    /// Every key of the front matter, as parsed.
    pub fields: Map<String, Value>,
}

/// A field whose value has the wrong type: the key and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    pub key: String,
    pub expected: &'static str,
    pub found: &'static str,
}

impl TypeError {
    pub fn message(&self) -> String {
        format!(
            "front matter `{}` must be {}, found {}",
            self.key, self.expected, self.found
        )
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

fn text(fields: &Map<String, Value>, key: &str) -> Result<Option<String>, TypeError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        // `number: 7` or `title: 2024` are meant as text.
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(TypeError {
            key: key.to_owned(),
            expected: "text",
            found: kind_of(other),
        }),
    }
}

fn list(fields: &Map<String, Value>, key: &str) -> Result<Vec<String>, TypeError> {
    let wrong = |found| TypeError {
        key: key.to_owned(),
        expected: "a list of text (`[a, b]`)",
        found,
    };
    match fields.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        // A single string is a one-item list: `tags: redis`.
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(wrong(kind_of(other))),
            })
            .collect(),
        Some(other) => Err(wrong(kind_of(other))),
    }
}

fn flag(fields: &Map<String, Value>, key: &str) -> Result<bool, TypeError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(TypeError {
            key: key.to_owned(),
            expected: "true or false",
            found: kind_of(other),
        }),
    }
}

impl Metadata {
    /// The typed view of parsed front matter fields.
    pub fn from_fields(fields: Map<String, Value>) -> Result<Self, TypeError> {
        Ok(Metadata {
            source: Source::FrontMatter,
            title: text(&fields, "title")?,
            description: text(&fields, "description")?,
            summary: text(&fields, "summary")?,
            focus: text(&fields, "focus")?,
            tags: list(&fields, "tags")?,
            categories: list(&fields, "categories")?,
            status: text(&fields, "status")?,
            draft: flag(&fields, "draft")?,
            date: text(&fields, "date")?,
            difficulty: text(&fields, "difficulty")?,
            authors: list(&fields, "authors")?,
            number: text(&fields, "number")?,
            fields,
        })
    }

    /// Metadata from the sections of the technical deep-dive template, for a
    /// chapter without front matter. `None` when the chapter has none of them.
    pub fn from_sections(body: &str) -> Option<Self> {
        let sections = crate::sections::metadata_sections(body)?;
        let mut fields = Map::new();
        let mut meta = Metadata {
            source: Source::Sections,
            ..Metadata::default()
        };
        let mut set = |key: &str, value: Value| {
            fields.insert(key.to_owned(), value);
        };
        if let Some(title) = sections.title {
            set("title", Value::String(title.clone()));
            meta.title = Some(title);
        }
        if let Some(summary) = sections.summary {
            set("summary", Value::String(summary.clone()));
            meta.summary = Some(summary);
        }
        if let Some(date) = sections.date {
            set("date", Value::String(date.clone()));
            meta.date = Some(date);
        }
        if let Some(difficulty) = sections.difficulty {
            set("difficulty", Value::String(difficulty.clone()));
            meta.difficulty = Some(difficulty);
        }
        if !sections.tags.is_empty() {
            set(
                "tags",
                sections.tags.iter().cloned().map(Value::String).collect(),
            );
            meta.tags = sections.tags;
        }
        meta.fields = fields;
        Some(meta)
    }
}

/// A chapter's metadata problem, located in the chapter text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
}

/// Reads the metadata of a chapter: its front matter block if it has one,
/// else its metadata sections, else nothing.
pub fn read(text: &str) -> Result<(Option<Block>, Metadata), Problem> {
    let block = frontmatter::split(text).map_err(|e| Problem {
        offset: e.offset,
        message: e.message,
    })?;
    let Some(block) = block else {
        return Ok((None, Metadata::from_sections(text).unwrap_or_default()));
    };
    let fields = frontmatter::parse(text, &block).map_err(|e| Problem {
        offset: e.offset,
        message: e.message,
    })?;
    let meta = Metadata::from_fields(fields).map_err(|e| Problem {
        offset: frontmatter::key_offset(text, &block, &e.key),
        message: e.message(),
    })?;
    Ok((Some(block), meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_fields_and_extra_keys() {
        let text = "---\ntitle: A\ntags: [x, 2]\nnumber: \"07\"\nowner: ana\ndraft: true\n---\n";
        let (block, meta) = read(text).unwrap();
        assert!(block.is_some());
        assert_eq!(meta.title.as_deref(), Some("A"));
        assert_eq!(meta.tags, vec!["x", "2"]);
        assert_eq!(meta.number.as_deref(), Some("07"));
        assert!(meta.draft);
        assert_eq!(meta.fields["owner"], "ana");
    }

    #[test]
    fn wrong_type_names_key_and_line() {
        let text = "---\ntitle: A\ntags: 5\n---\n";
        let problem = read(text).unwrap_err();
        assert_eq!(
            problem.message,
            "front matter `tags` must be a list of text (`[a, b]`), found a number"
        );
        assert_eq!(crate::diagnostics::line_column(text, problem.offset).0, 3);
    }

    #[test]
    fn a_single_tag_string_is_a_list() {
        let (_, meta) = read("+++\ntags = \"redis\"\n+++\n").unwrap();
        assert_eq!(meta.tags, vec!["redis"]);
    }

    #[test]
    fn no_front_matter_no_sections_is_empty() {
        let (block, meta) = read("# T\n\ntext\n").unwrap();
        assert!(block.is_none());
        assert_eq!(meta, Metadata::default());
    }
}
