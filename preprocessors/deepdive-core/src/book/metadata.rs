//! The typed metadata of a chapter, read from its front matter (or, for chapters
//! written from the technical deep-dive template, from its metadata sections).
//!
//! The typed fields are the ones the suite interprets; every key, typed or not,
//! stays available in `fields` for templates (`page.anything`).

use crate::text::date::{self, Date};
use crate::text::frontmatter::{self, Block};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Where a chapter's metadata came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    #[default]
    /// No metadata: neither front matter nor metadata sections.
    None,
    /// A front matter block.
    FrontMatter,
    /// `## Summary (Excerpt)`, `## Published Date`, `## Tags`, `## Difficulty`.
    Sections,
}

/// A chapter's metadata.
///
/// The typed keys are read through accessors over [`Metadata::fields`]
/// instead of being copied into fields of their own: on a large book the
/// copies cost more than reading the front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// Where the metadata came from.
    pub source: Source,
    /// Every key of the front matter, as parsed, except that the typed keys
    /// hold their typed form: text keys a string (`number: 7` is `"7"`), list
    /// keys a list of strings (`tags: redis` is `["redis"]`).
    pub fields: Map<String, Value>,
}

/// How the suite reads a key it interprets.
enum Typed {
    Text,
    List,
    Flag,
    Date,
}

/// The reading of `key`, if the suite interprets it.
fn typed(key: &str) -> Option<Typed> {
    match key {
        "title" | "description" | "summary" | "focus" | "status" | "difficulty" | "number" => {
            Some(Typed::Text)
        }
        // Hugo's three dates, and the day a document's review is due.
        "date" | "lastmod" | "publishDate" | "review-by" => Some(Typed::Date),
        "draft" => Some(Typed::Flag),
        _ if LISTS.contains(&key) => Some(Typed::List),
        _ => None,
    }
}

/// The keys of lists of texts beside the [`RELATIONSHIPS`].
const LISTS: [&str; 3] = ["tags", "categories", "authors"];

/// Whether the suite reads `key` as a list of texts (a single text being a
/// list of one): one of [`list_keys`]. `mdbook-deepdive set` writes these
/// keys as lists.
pub fn is_list_key(key: &str) -> bool {
    matches!(typed(key), Some(Typed::List)) || RELATIONSHIPS.contains(&key)
}

/// Every key the suite reads as a list of texts (`tags`, `categories`,
/// `authors` and the [`RELATIONSHIPS`]), as help texts name them.
pub fn list_keys() -> impl Iterator<Item = &'static str> {
    LISTS.into_iter().chain(RELATIONSHIPS)
}

/// A field whose value has the wrong type: the key and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    /// The front matter key.
    pub key: String,
    /// The type the key takes, e.g. `a string`.
    pub expected: &'static str,
    /// What was written, e.g. `a number`, or the value itself quoted.
    pub found: Cow<'static, str>,
}

impl TypeError {
    /// The diagnostic's message.
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

/// Makes a text key's value a string; `number: 7` or `title: 2024` are
/// meant as text.
fn make_text(key: &str, value: &mut Value) -> Result<(), TypeError> {
    match value {
        Value::Null | Value::String(_) => Ok(()),
        Value::Number(n) => {
            *value = Value::String(n.to_string());
            Ok(())
        }
        other => Err(TypeError {
            key: key.to_owned(),
            expected: "text",
            found: kind_of(other).into(),
        }),
    }
}

/// Checks that a date key holds a date (see [`date`]); the value stays as
/// written, for templates, and is read with [`Metadata::date_of`].
fn check_date(key: &str, value: &Value) -> Result<(), TypeError> {
    let found: Cow<'static, str> = match value {
        Value::Null => return Ok(()),
        Value::String(text) if Date::parse(text).is_some() => return Ok(()),
        Value::String(text) => {
            // Quoted as written (at most 60 characters), control characters
            // escaped so the message stays one line.
            let mut shown: String = text.chars().take(60).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            format!("`{}`", shown.escape_debug()).into()
        }
        other => kind_of(other).into(),
    };
    Err(TypeError {
        key: key.to_owned(),
        expected: date::EXPECTED,
        found,
    })
}

/// Makes a list key's value a list of strings; a single string is a
/// one-item list (`tags: redis`).
fn make_list(key: &str, value: &mut Value) -> Result<(), TypeError> {
    let wrong = |found: &'static str| TypeError {
        key: key.to_owned(),
        expected: "a list of text (`[a, b]`)",
        found: found.into(),
    };
    match value {
        Value::Null => Ok(()),
        Value::String(s) => {
            *value = Value::Array(vec![Value::String(std::mem::take(s))]);
            Ok(())
        }
        Value::Array(items) => items.iter_mut().try_for_each(|item| match item {
            Value::String(_) => Ok(()),
            Value::Number(n) => {
                *item = Value::String(n.to_string());
                Ok(())
            }
            other => Err(wrong(kind_of(other))),
        }),
        other => Err(wrong(kind_of(other))),
    }
}

fn check_flag(key: &str, value: &Value) -> Result<(), TypeError> {
    match value {
        Value::Null | Value::Bool(_) => Ok(()),
        other => Err(TypeError {
            key: key.to_owned(),
            expected: "true or false",
            found: kind_of(other).into(),
        }),
    }
}

impl Metadata {
    /// The typed view of parsed front matter fields. Of several fields of
    /// the wrong type, the error names the first by `position` (a key's place
    /// in the file: fields are kept in key order).
    pub fn from_fields(
        mut fields: Map<String, Value>,
        position: impl Fn(&str) -> usize,
    ) -> Result<Self, TypeError> {
        let mut first_wrong: Option<(usize, TypeError)> = None;
        // One pass over the fields, not a lookup per interpreted key: this
        // runs for every chapter of the book on every save.
        for (key, value) in &mut fields {
            let checked = match typed(key) {
                Some(Typed::Text) => make_text(key, value),
                Some(Typed::List) => make_list(key, value),
                Some(Typed::Flag) => check_flag(key, value),
                Some(Typed::Date) => check_date(key, value),
                None => Ok(()),
            };
            if let Err(wrong) = checked {
                let at = position(key);
                if first_wrong.as_ref().is_none_or(|(first, _)| at < *first) {
                    first_wrong = Some((at, wrong));
                }
            }
        }
        if let Some((_, wrong)) = first_wrong {
            return Err(wrong);
        }
        Ok(Metadata {
            source: Source::FrontMatter,
            fields,
        })
    }

    /// Metadata from the sections of the technical deep-dive template, for a
    /// chapter without front matter. `None` when the chapter has none of them.
    pub fn from_sections(body: &str) -> Option<Self> {
        let sections = crate::text::sections::metadata_sections(body)?;
        let mut fields = Map::new();
        let texts = [
            ("title", sections.title),
            ("summary", sections.summary),
            ("date", sections.date),
            ("difficulty", sections.difficulty),
        ];
        for (key, value) in texts {
            if let Some(value) = value {
                fields.insert(key.to_owned(), Value::String(value));
            }
        }
        if !sections.tags.is_empty() {
            let tags = sections.tags.into_iter().map(Value::String).collect();
            fields.insert("tags".to_owned(), tags);
        }
        Some(Metadata {
            source: Source::Sections,
            fields,
        })
    }

    /// A text key's value (one of the typed keys, or any string value).
    pub fn text(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }

    /// A list key's items.
    pub fn list(&self, key: &str) -> impl Iterator<Item = &str> + Clone {
        self.fields
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(Value::as_str)
    }

    /// The `title` key.
    pub fn title(&self) -> Option<&str> {
        self.text("title")
    }

    /// The `status` key, as written (see the status vocabulary for its meaning).
    pub fn status(&self) -> Option<&str> {
        self.text("status")
    }

    /// A date key's value as a date (front matter dates are checked when
    /// read; a metadata section's `## Published Date` may be any text, such
    /// as a template's `YYYY-MM-DD`, and is then no date).
    pub fn date_of(&self, key: &str) -> Option<Date> {
        self.text(key).and_then(Date::parse)
    }

    /// Whether the `review-by` date has passed: it is before `today`.
    pub fn overdue(&self, today: Date) -> bool {
        self.date_of("review-by").is_some_and(|due| due < today)
    }

    /// A date key as a reader is shown it: `YYYY-MM-DD`, or, for a metadata
    /// section that holds no date, its text as written.
    pub fn shown_date(&self, key: &str) -> Option<Cow<'_, str>> {
        let written = self.text(key)?;
        Some(Date::parse(written).map_or(Cow::Borrowed(written), |d| Cow::Owned(d.to_string())))
    }

    /// The `tags` key's entries.
    pub fn tags(&self) -> impl Iterator<Item = &str> + Clone {
        self.list("tags")
    }

    /// The `categories` key's entries.
    pub fn categories(&self) -> impl Iterator<Item = &str> + Clone {
        self.list("categories")
    }

    /// `draft: true`.
    pub fn draft(&self) -> bool {
        self.fields.get("draft") == Some(&Value::Bool(true))
    }

    /// The chapters named under a relationship key ([`RELATIONSHIPS`]): one
    /// reference or a list of them, each a path, a number or an `id`.
    pub fn references(&self, key: &str) -> Vec<String> {
        // YAML reads `related: [06]` as the number 6; it names chapter 06.
        let reference = |value: &Value| match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) if n.is_u64() => Some(n.to_string()),
            _ => None,
        };
        match self.fields.get(key) {
            Some(Value::Array(items)) => items.iter().filter_map(reference).collect(),
            Some(value) => reference(value).into_iter().collect(),
            None => Vec::new(),
        }
    }
}

/// The front matter keys that relate a chapter to others, in the order the
/// badge line and the decision graph show them.
pub const RELATIONSHIPS: [&str; 4] = ["supersedes", "superseded-by", "related", "decision"];

/// A chapter's metadata problem, located in the chapter text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The byte offset in the chapter's text it concerns.
    pub offset: usize,
    /// What is wrong.
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
    let key_offset = |key: &str| frontmatter::key_offset(text, &block, key);
    let meta = Metadata::from_fields(fields, key_offset).map_err(|e| Problem {
        offset: key_offset(&e.key),
        message: e.message(),
    })?;
    Ok((Some(block), meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_keys_are_the_keys_read_as_lists() {
        assert!(list_keys().all(is_list_key));
        assert_eq!(list_keys().count(), 7);
        assert!(!is_list_key("title") && !is_list_key("owner"));
    }

    #[test]
    fn typed_fields_and_extra_keys() {
        let text = "---\ntitle: A\ntags: [x, 2]\nnumber: \"07\"\nowner: ana\ndraft: true\n---\n";
        let (block, meta) = read(text).unwrap();
        assert!(block.is_some());
        assert_eq!(meta.title(), Some("A"));
        assert_eq!(meta.tags().collect::<Vec<_>>(), ["x", "2"]);
        assert_eq!(meta.text("number"), Some("07"));
        assert!(meta.draft());
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
        assert_eq!(
            crate::text::diagnostics::line_column(text, problem.offset).0,
            3
        );
    }

    #[test]
    fn of_several_wrong_fields_the_first_in_the_file_is_named() {
        // Key order (`draft` < `title` < `tags`) is not file order.
        let text = "---
title: [x]
tags: 5
draft: maybe
---
";
        let problem = read(text).unwrap_err();
        assert!(problem.message.contains("`title`"), "{}", problem.message);
        assert_eq!(
            crate::text::diagnostics::line_column(text, problem.offset).0,
            2
        );
    }

    #[test]
    fn a_single_tag_string_is_a_list() {
        let (_, meta) = read("+++\ntags = \"redis\"\n+++\n").unwrap();
        assert_eq!(meta.tags().collect::<Vec<_>>(), ["redis"]);
    }

    #[test]
    fn hugo_dates_are_read_as_the_day_written() {
        let text = "---\ndate: 2026-02-24T22:57:53-08:00\nlastmod: \"2026-03-01 10:00:00 +01:00\"\npublishDate: 2026-02-25\n---\n";
        let (_, meta) = read(text).unwrap();
        assert_eq!(
            meta.text("date"),
            Some("2026-02-24T22:57:53-08:00"),
            "kept as written"
        );
        assert_eq!(meta.shown_date("date").as_deref(), Some("2026-02-24"));
        assert_eq!(meta.date_of("lastmod"), Date::parse("2026-03-01"));
        assert_eq!(meta.date_of("publishDate"), Date::parse("2026-02-25"));
        let toml = "+++\ndate = 2026-02-24T22:57:53-08:00\nreview-by = 2027-01-01\n+++\n";
        let (_, meta) = read(toml).unwrap();
        assert_eq!(meta.shown_date("date").as_deref(), Some("2026-02-24"));
        assert_eq!(meta.date_of("review-by"), Date::parse("2027-01-01"));
    }

    #[test]
    fn a_date_key_that_is_no_date_is_an_error_at_its_line() {
        let text = "---\ntitle: A\nlastmod: \"<script>alert(1)</script>\"\n---\n";
        let problem = read(text).unwrap_err();
        assert_eq!(
            problem.message,
            format!(
                "front matter `lastmod` must be {}, found `<script>alert(1)</script>`",
                date::EXPECTED
            )
        );
        assert_eq!(
            crate::text::diagnostics::line_column(text, problem.offset).0,
            3
        );
        let problem = read("+++\nreview-by = 2026\n+++\n").unwrap_err();
        assert!(
            problem.message.ends_with("found a number"),
            "{}",
            problem.message
        );
        let problem = read("---\ndate: \"2026-01-01\\nwarning: forged\"\n---\n").unwrap_err();
        assert!(!problem.message.contains('\n'), "{}", problem.message);
        let long = format!("---\ndate: {}\n---\n", "x".repeat(500));
        assert!(read(&long).unwrap_err().message.len() < 200);
    }

    #[test]
    fn a_sections_date_may_be_a_placeholder() {
        let body = "# T\n\n## Published Date\nYYYY-MM-DD\n\n## Tags\na\n";
        let (_, meta) = read(body).unwrap();
        assert_eq!(meta.date_of("date"), None);
        assert_eq!(meta.shown_date("date").as_deref(), Some("YYYY-MM-DD"));
    }

    #[test]
    fn no_front_matter_no_sections_is_empty() {
        let (block, meta) = read("# T\n\ntext\n").unwrap();
        assert!(block.is_none());
        assert_eq!(meta, Metadata::default());
    }
}
