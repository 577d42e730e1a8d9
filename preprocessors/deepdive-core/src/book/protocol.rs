//! The preprocessor protocol: `[context, book]` JSON on stdin, the book on stdout.
//!
//! mdBook 0.5 sends the book as `{"items": [...]}`, 0.4 as `{"sections": [...],
//! "__non_exhaustive": null}`. We accept both and answer in the dialect we were
//! sent, echoing any other top-level key unchanged.
//!
//! The context is read leniently (see [`Context`]): mdbook-preprocessor 0.5.4's
//! own `PreprocessorContext` embeds a `Config` with `deny_unknown_fields`, so a
//! key added by a later mdBook would make every preprocessor built with it fail.
//! We keep the chapter types, which are stable by design (mdBook marks them as
//! impossible to extend without breaking preprocessors), and read the config as
//! plain JSON, taking only what we need.

use anyhow::{Context as _, Result};
use mdbook_preprocessor::book::BookItem;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What mdBook tells a preprocessor about the build.
#[derive(Debug, Clone, Deserialize)]
pub struct Context {
    /// The book's root folder (where `book.toml` is).
    pub root: PathBuf,
    /// `book.toml` as JSON. mdBook 0.5 sends `null` for unset keys, which TOML
    /// cannot represent, so this stays JSON.
    #[serde(default)]
    pub config: Value,
    /// The renderer being built for, e.g. `html`.
    pub renderer: String,
    #[serde(default)]
    /// The version of the mdBook that runs the preprocessor.
    pub mdbook_version: String,
}

impl Context {
    /// A config value by dotted path, e.g. `book.title`.
    pub fn config_value(&self, dotted: &str) -> Option<&Value> {
        dotted
            .split('.')
            .try_fold(&self.config, |value, key| value.get(key))
            .filter(|v| !v.is_null())
    }

    /// `book.title`.
    pub fn book_title(&self) -> Option<&str> {
        self.config_value("book.title").and_then(Value::as_str)
    }

    /// `book.language`.
    pub fn book_language(&self) -> Option<&str> {
        self.config_value("book.language").and_then(Value::as_str)
    }

    /// The book's source folder relative to the root, as written in book.toml.
    pub fn src_dir(&self) -> &str {
        self.config_value("book.src")
            .and_then(Value::as_str)
            .unwrap_or("src")
    }
}

/// Which mdBook book layout was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// mdBook 0.5: `{"items": [...]}`.
    Items,
    /// mdBook 0.4: `{"sections": [...], "__non_exhaustive": null}`.
    Sections,
}

impl Dialect {
    pub(crate) fn key(self) -> &'static str {
        match self {
            Dialect::Items => "items",
            Dialect::Sections => "sections",
        }
    }
}

/// The book as received, ready to be written back in the same dialect.
#[derive(Debug, Clone)]
pub struct Book {
    /// The layout mdBook sent, answered in kind.
    pub dialect: Dialect,
    /// The book's items, in SUMMARY order.
    pub items: Vec<BookItem>,
    /// Other top-level keys, echoed as received.
    pub extra: Vec<(String, Value)>,
}

impl<'de> Deserialize<'de> for Book {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BookVisitor;
        impl<'de> Visitor<'de> for BookVisitor {
            type Value = Book;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a book object with `items` (mdBook 0.5) or `sections` (mdBook 0.4)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Book, A::Error> {
                let mut found: Option<(Dialect, Vec<BookItem>)> = None;
                let mut extra = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let dialect = match key.as_str() {
                        "items" => Dialect::Items,
                        "sections" => Dialect::Sections,
                        _ => {
                            extra.push((key, map.next_value()?));
                            continue;
                        }
                    };
                    if found.is_some() {
                        return Err(de::Error::custom(
                            "the book has both `items` and `sections`",
                        ));
                    }
                    found = Some((dialect, map.next_value()?));
                }
                let (dialect, items) =
                    found.ok_or_else(|| de::Error::missing_field("items` or `sections"))?;
                Ok(Book {
                    dialect,
                    items,
                    extra,
                })
            }
        }
        deserializer.deserialize_map(BookVisitor)
    }
}

/// Parses `[context, book]`.
pub fn parse_input(input: &[u8]) -> Result<(Context, Book)> {
    serde_json::from_slice(input).context(
        "mdBook sent input this preprocessor cannot read (expected the JSON array \
         `[context, book]`; run it through `mdbook build`, not by hand)",
    )
}

/// Reads all of stdin and parses it. (The programs' `main` first calls
/// `deepdive_heap::keep_large_buffers_in_the_heap`, so the memory of this
/// buffer is reused once it is freed.)
pub fn read_input(mut reader: impl Read) -> Result<(Context, Book)> {
    let mut input = Vec::new();
    reader
        .read_to_end(&mut input)
        .context("could not read the book from standard input")?;
    parse_input(&input)
}

/// Calls `f` on every chapter of the book, depth first, in book order.
pub fn for_each_chapter_mut(
    items: &mut [BookItem],
    f: &mut impl FnMut(&mut mdbook_preprocessor::book::Chapter),
) {
    for item in items {
        if let BookItem::Chapter(chapter) = item {
            f(chapter);
            for_each_chapter_mut(&mut chapter.sub_items, f);
        }
    }
}

/// Calls `f` on every chapter of the book, depth first, in book order.
pub fn for_each_chapter<'a>(
    items: &'a [BookItem],
    f: &mut impl FnMut(&'a mdbook_preprocessor::book::Chapter),
) {
    for item in items {
        if let BookItem::Chapter(chapter) = item {
            f(chapter);
            for_each_chapter(&chapter.sub_items, f);
        }
    }
}

/// The book's `book.toml` at `root`, as JSON (the form mdBook sends it in).
pub fn book_config(root: &Path) -> Result<Value> {
    let toml_path = root.join("book.toml");
    let text = std::fs::read_to_string(&toml_path).with_context(|| {
        format!(
            "cannot read {} (is --book the book's folder?)",
            toml_path.display()
        )
    })?;
    let config: toml::Table = toml::from_str(&text)
        .with_context(|| format!("{} is not valid TOML", toml_path.display()))?;
    Ok(serde_json::to_value(config)?)
}

/// The book's source folder as `book.toml` names it (`book.src`, default `src`).
pub fn source_folder(config: &Value) -> &str {
    config
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(Value::as_str)
        .unwrap_or("src")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::book_writer::write_book;

    const CONTEXT: &str = r#"{"root":"/b","config":{"book":{"title":"T","description":null,"src":"src"}},"renderer":"html","mdbook_version":"0.5.4","future_key":1}"#;

    fn chapter_json() -> &'static str {
        r#"{"Chapter":{"name":"A","content":"x","number":[1],"sub_items":[],"path":"a.md","source_path":"a.md","parent_names":[]}}"#
    }

    #[test]
    fn reads_and_writes_the_0_5_dialect() {
        let input = format!(
            r#"[{CONTEXT},{{"items":[{},"Separator",{{"PartTitle":"P"}}]}}]"#,
            chapter_json()
        );
        let (ctx, book) = parse_input(input.as_bytes()).unwrap();
        assert_eq!(ctx.book_title(), Some("T"));
        assert_eq!(ctx.src_dir(), "src");
        assert_eq!(book.dialect, Dialect::Items);
        let mut out = Vec::new();
        write_book(&book, &[], &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with(r#"{"items":[{"Chapter""#), "{out}");
    }

    #[test]
    fn reads_and_writes_the_0_4_dialect() {
        let input = format!(
            r#"[{CONTEXT},{{"sections":[{}],"__non_exhaustive":null}}]"#,
            chapter_json()
        );
        let (_, book) = parse_input(input.as_bytes()).unwrap();
        assert_eq!(book.dialect, Dialect::Sections);
        let mut out = Vec::new();
        write_book(&book, &[], &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with(r#"{"sections":["#), "{out}");
        assert!(out.ends_with(r#","__non_exhaustive":null}"#), "{out}");
    }

    #[test]
    fn broken_input_is_an_error() {
        assert!(parse_input(b"[{").is_err());
        assert!(parse_input(b"not json").is_err());
        let no_items = format!(r#"[{CONTEXT},{{"chapters":[]}}]"#);
        assert!(parse_input(no_items.as_bytes()).is_err());
    }
}
