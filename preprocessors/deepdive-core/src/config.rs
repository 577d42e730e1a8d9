//! Options in `book.toml`, validated so a typo is an error that names the line,
//! not a setting silently ignored.
//!
//! Each member reads its own `[preprocessor.deepdive-X]` table. Options that
//! must hold for the whole book (`title-from-front-matter`) may be set in any
//! member's table; two members that disagree are an error.

use crate::diagnostics::{Diagnostics, Location};
use crate::order;
use crate::protocol::Context;
use serde_json::{Map, Value};
use std::path::Path;

/// The type an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Text,
    Integer,
    OneOf(&'static [&'static str]),
    TextList,
    Table,
    /// A list of strings, or a table of such lists (e.g. per folder).
    TextListOrTable,
}

impl Kind {
    fn accepts(self, value: &Value) -> bool {
        match self {
            Kind::Bool => value.is_boolean(),
            Kind::Text => value.is_string(),
            Kind::Integer => value.is_u64(),
            Kind::OneOf(choices) => value.as_str().is_some_and(|v| choices.contains(&v)),
            Kind::TextList => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            Kind::Table => value.is_object(),
            Kind::TextListOrTable => {
                Kind::TextList.accepts(value)
                    || value
                        .as_object()
                        .is_some_and(|t| t.values().all(|v| Kind::TextList.accepts(v)))
            }
        }
    }

    fn describe(self) -> String {
        match self {
            Kind::Bool => "true or false".into(),
            Kind::Text => "a string".into(),
            Kind::Integer => "a whole number".into(),
            Kind::OneOf(choices) => format!("one of {}", quoted_list(choices)),
            Kind::TextList => "a list of strings".into(),
            Kind::Table => "a table".into(),
            Kind::TextListOrTable => "a list of strings, or a table of lists".into(),
        }
    }
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An option a member understands.
#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: Kind,
}

/// Keys mdBook itself reads from every preprocessor table.
const MDBOOK_KEYS: [OptionSpec; 5] = [
    OptionSpec {
        name: "command",
        kind: Kind::Text,
    },
    OptionSpec {
        name: "before",
        kind: Kind::TextList,
    },
    OptionSpec {
        name: "after",
        kind: Kind::TextList,
    },
    OptionSpec {
        name: "renderers",
        kind: Kind::TextList,
    },
    OptionSpec {
        name: "optional",
        kind: Kind::Bool,
    },
];

const DRAFT_CHOICES: [&str; 3] = ["publish", "hide", "show"];

/// Options every member understands.
const COMMON: [OptionSpec; 3] = [
    OptionSpec {
        name: "strict",
        kind: Kind::Bool,
    },
    OptionSpec {
        name: "title-from-front-matter",
        kind: Kind::Bool,
    },
    OptionSpec {
        name: "drafts",
        kind: Kind::OneOf(&DRAFT_CHOICES),
    },
];

/// What the book does with `draft: true` chapters (one decision for every member).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Drafts {
    /// Rendered with their badge, left out of every index, count and tag list.
    #[default]
    Publish,
    /// Removed from the book, as Hugo does.
    Hide,
    /// Treated like any chapter.
    Show,
}

/// Overrides `drafts` for one run, e.g. `MDBOOK_DEEPDIVE_DRAFTS=show mdbook serve`.
pub const DRAFTS_ENV: &str = "MDBOOK_DEEPDIVE_DRAFTS";

/// The book's `drafts` option: the environment variable, else any member's
/// table (they must agree), else `publish`.
pub fn drafts(ctx: &Context, diagnostics: &mut Diagnostics) -> Drafts {
    let parse = |text: &str| match text {
        "publish" => Some(Drafts::Publish),
        "hide" => Some(Drafts::Hide),
        "show" => Some(Drafts::Show),
        _ => None,
    };
    if let Ok(value) = std::env::var(DRAFTS_ENV) {
        match parse(value.trim()) {
            Some(drafts) => return drafts,
            None => diagnostics.error(
                None,
                format!(
                    "{DRAFTS_ENV}=`{value}` must be one of {}",
                    quoted_list(&DRAFT_CHOICES)
                ),
            ),
        }
    }
    suite_value(ctx, "drafts", diagnostics)
        .and_then(|v| v.as_str().and_then(parse))
        .unwrap_or_default()
}

/// A member's validated table.
#[derive(Debug, Clone, Default)]
pub struct MemberConfig {
    table: Map<String, Value>,
}

impl MemberConfig {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.table.get(key)
    }

    pub fn bool(&self, key: &str, default: bool) -> bool {
        self.get(key).and_then(Value::as_bool).unwrap_or(default)
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    pub fn strict(&self) -> bool {
        self.bool("strict", false)
    }
}

/// Reads and validates the table `[preprocessor.NAME]` of `member` (its own
/// options are `specs`). Problems go to `diagnostics` as errors at their line
/// in book.toml; the returned config holds only the valid options.
pub fn member_config(
    ctx: &Context,
    name: &str,
    specs: &[OptionSpec],
    diagnostics: &mut Diagnostics,
) -> MemberConfig {
    let Some(table) = ctx.preprocessor_table(name) else {
        return MemberConfig::default();
    };
    let known: Vec<&OptionSpec> = MDBOOK_KEYS.iter().chain(&COMMON).chain(specs).collect();
    let mut valid = Map::new();
    for (key, value) in table {
        let location = Some(book_toml_location(&ctx.root, name, key));
        match known.iter().find(|spec| spec.name == key) {
            None => {
                let names: Vec<&str> = known.iter().map(|s| s.name).collect();
                diagnostics.error(
                    location,
                    format!(
                        "unknown option `{key}` in [preprocessor.{name}]{}",
                        suggestion(key, &names)
                            .map(|s| format!(" (did you mean `{s}`?)"))
                            .unwrap_or_default()
                    ),
                );
            }
            Some(spec) if !spec.kind.accepts(value) => diagnostics.error(
                location,
                format!(
                    "option `{key}` in [preprocessor.{name}] must be {}, found `{value}`",
                    spec.kind.describe()
                ),
            ),
            Some(_) => {
                valid.insert(key.clone(), value.clone());
            }
        }
    }
    MemberConfig { table: valid }
}

/// The closest of `candidates` to `word`, if any is close enough to be a typo.
pub fn suggestion<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase()),
                *c,
            )
        })
        .filter(|(distance, c)| *distance <= (c.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// A book-wide boolean option: its value in whichever suite member tables set
/// it; `default` when none does. Two tables that disagree are an error.
pub fn suite_bool(ctx: &Context, key: &str, default: bool, diagnostics: &mut Diagnostics) -> bool {
    suite_value(ctx, key, diagnostics)
        .and_then(|v| v.as_bool())
        .unwrap_or(default)
}

/// A book-wide option's value in whichever suite member tables set it. Two
/// tables that disagree are an error.
fn suite_value(ctx: &Context, key: &str, diagnostics: &mut Diagnostics) -> Option<Value> {
    let tables = ctx.config.get("preprocessor").and_then(Value::as_object)?;
    let mut found: Option<(&String, &Value)> = None;
    for (name, table) in tables {
        if order::suite_member(name, table).is_none() {
            continue;
        }
        let Some(value) = table.get(key) else {
            continue;
        };
        match found {
            Some((first, earlier)) if earlier != value => diagnostics.error(
                Some(book_toml_location(&ctx.root, name, key)),
                format!(
                    "`{key}` is {value} here but {earlier} in [preprocessor.{first}]; it applies \
                     to the whole book, so set it once or to the same value"
                ),
            ),
            Some(_) => {}
            None => found = Some((name, value)),
        }
    }
    found.map(|(_, value)| value.clone())
}

/// Where the option `key` (dotted for nested tables, e.g.
/// `statuses.done.color`) of `[preprocessor.TABLE]` is written in the book's
/// `book.toml`: the deepest part of the path that is there, else the table,
/// else the top of the file. `toml_edit` keeps every key's byte span.
pub fn book_toml_location(root: &Path, table: &str, key: &str) -> Location {
    let text = std::fs::read_to_string(root.join("book.toml")).unwrap_or_default();
    let offset = option_offset(&text, table, key).unwrap_or(0);
    // The line's first character: the key, or the `[` of a table header.
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let indent = text[line_start..].len() - text[line_start..].trim_start().len();
    Location::in_text("book.toml", &text, line_start + indent)
}

fn option_offset(text: &str, table: &str, key: &str) -> Option<usize> {
    let document = toml_edit::Document::parse(text).ok()?;
    let (name, mut item) = document
        .as_item()
        .as_table_like()?
        .get("preprocessor")?
        .as_table_like()?
        .get_key_value(table)?;
    let mut found = name.span().or_else(|| item.span())?.start;
    for part in key.split('.') {
        let Some((name, value)) = item.as_table_like().and_then(|t| t.get_key_value(part)) else {
            break;
        };
        if let Some(span) = name.span() {
            found = span.start;
        }
        item = value;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context(config: Value) -> Context {
        Context {
            root: std::env::temp_dir().join("deepdive-no-such-book"),
            config,
            renderer: "html".into(),
            mdbook_version: "0.5.4".into(),
        }
    }

    #[test]
    fn unknown_options_are_errors_with_a_suggestion() {
        let ctx = context(
            json!({"preprocessor": {"deepdive-status": {"stict": true, "after": ["links"]}}}),
        );
        let mut diagnostics = Diagnostics::new(false);
        let config = member_config(&ctx, "deepdive-status", &[], &mut diagnostics);
        assert!(diagnostics.has_errors());
        let message = &diagnostics.items()[0].message;
        assert!(message.contains("unknown option `stict`"), "{message}");
        assert!(message.contains("did you mean `strict`?"), "{message}");
        assert!(!config.strict());
    }

    #[test]
    fn wrong_types_are_errors() {
        let ctx = context(json!({"preprocessor": {"deepdive-index": {"strict": "yes"}}}));
        let mut diagnostics = Diagnostics::new(false);
        member_config(&ctx, "deepdive-index", &[], &mut diagnostics);
        assert!(
            diagnostics.items()[0]
                .message
                .contains("must be true or false")
        );
    }

    #[test]
    fn book_wide_options_must_agree() {
        let ctx = context(json!({"preprocessor": {
            "deepdive-index": {"title-from-front-matter": false},
            "deepdive-status": {"title-from-front-matter": true},
        }}));
        let mut diagnostics = Diagnostics::new(false);
        suite_bool(&ctx, "title-from-front-matter", true, &mut diagnostics);
        assert!(diagnostics.has_errors());
        let mut fine = Diagnostics::new(false);
        let ctx = context(
            json!({"preprocessor": {"deepdive-index": {"title-from-front-matter": false}}}),
        );
        assert!(!suite_bool(
            &ctx,
            "title-from-front-matter",
            true,
            &mut fine
        ));
        assert!(!fine.has_errors());
    }

    #[test]
    fn locations_point_at_the_key_line() {
        let dir = std::env::temp_dir().join(format!("deepdive-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("book.toml"),
            "[book]\ntitle = \"x\"\n\n[preprocessor.deepdive-status]\n# c\n  stict = true\n",
        )
        .unwrap();
        let location = book_toml_location(&dir, "deepdive-status", "stict");
        assert_eq!((location.line, location.column), (6, 3));
        assert_eq!(book_toml_location(&dir, "deepdive-status", "nope").line, 4);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
