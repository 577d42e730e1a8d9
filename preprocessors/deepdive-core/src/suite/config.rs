//! Options in `book.toml`, validated so a typo is an error that names the line,
//! not a setting silently ignored.
//!
//! Each member reads its own `[preprocessor.deepdive-X]` table. Options that
//! must hold for the whole book (`title-from-front-matter`) may be set in any
//! member's table; two members that disagree are an error.

use crate::book::page::Drafts;
use crate::book::protocol::Context;
use crate::suite::order;
use crate::suite::registry;
use crate::text::diagnostics::{Diagnostics, Location};
use serde_json::{Map, Value};
use std::path::Path;

/// The type an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `true` or `false`.
    Bool,
    /// A string.
    Text,
    /// An integer.
    Integer,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A list of strings.
    TextList,
    /// A table.
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
    /// Its key in the member's table.
    pub name: &'static str,
    /// The type it takes.
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
    /// The table's path after `[preprocessor.`: `deepdive-status`, or
    /// `deepdive.status` in the all-in-one entry.
    path: String,
    table: Map<String, Value>,
}

impl MemberConfig {
    /// The table's path after `[preprocessor.`: `deepdive-status`, or
    /// `deepdive.status` in the all-in-one entry, for messages that name it.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The option `key`, if set and valid.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.table.get(key)
    }

    /// The boolean option `key`, else `default`.
    pub fn bool(&self, key: &str, default: bool) -> bool {
        self.get(key).and_then(Value::as_bool).unwrap_or(default)
    }

    /// The text option `key`, if set.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    /// Whether warnings count as errors (`strict = true`).
    pub fn strict(&self) -> bool {
        self.bool("strict", false)
    }

    /// The line in book.toml of the option `key` (dotted for nested tables).
    pub fn location(&self, root: &Path, key: &str) -> Location {
        book_toml_location(root, &self.path, key)
    }
}

/// The only entry of `[preprocessor.…]` that runs `member`, if any. A member
/// run by two entries (its own and the all-in-one `deepdive`) is an error:
/// it would run twice.
pub fn member_table<'a>(
    ctx: &'a Context,
    member: &str,
    diagnostics: &mut Diagnostics,
) -> Option<order::MemberTable<'a>> {
    let mut tables = order::member_tables(&ctx.config, member).into_iter();
    let first = tables.next()?;
    for twin in tables {
        diagnostics.error(
            Some(book_toml_location(&ctx.root, twin.entry, "")),
            format!(
                "[preprocessor.{}] and [preprocessor.{}] both run {member}, so it would run \
                 twice; keep one (the all-in-one entry takes the member's options in \
                 [preprocessor.{}.{}])",
                first.entry,
                twin.entry,
                registry::ALL_IN_ONE,
                registry::short_name(member)
            ),
        );
    }
    Some(first)
}

/// Reads and validates the options of `member` (its own options are
/// `specs`): its `[preprocessor.NAME]` table, or its table in the all-in-one
/// entry under that entry's options common to every member. Problems go to
/// `diagnostics` as errors at their line in book.toml; the returned config
/// holds only the valid options.
pub fn member_config(
    ctx: &Context,
    member: &str,
    specs: &[OptionSpec],
    diagnostics: &mut Diagnostics,
) -> MemberConfig {
    let Some(found) = member_table(ctx, member, diagnostics) else {
        return MemberConfig {
            path: member.to_owned(),
            table: Map::new(),
        };
    };
    let path = found.path(member);
    let mut valid = Map::new();
    if let Some(all_in_one) = found.all_in_one {
        // Validated by the all-in-one entry (`validate_all_in_one`).
        let shared = COMMON.iter().filter_map(|spec| {
            let value = all_in_one.get(spec.name)?;
            spec.kind
                .accepts(value)
                .then(|| (spec.name.to_owned(), value.clone()))
        });
        valid.extend(shared);
    }
    let known: Vec<&OptionSpec> = match found.all_in_one {
        // mdBook reads its keys from the entry's table, not the member's.
        Some(_) => COMMON.iter().chain(specs).collect(),
        None => MDBOOK_KEYS.iter().chain(&COMMON).chain(specs).collect(),
    };
    if let Some(table) = found.table {
        valid.extend(validated(ctx, &path, table, &known, diagnostics));
    }
    MemberConfig { path, table: valid }
}

/// The options of the all-in-one entry's own table (`[preprocessor.deepdive]`),
/// validated: mdBook's keys, the options common to every member, and a table
/// per member. Each member validates its own table when it runs.
pub fn validate_all_in_one(ctx: &Context, diagnostics: &mut Diagnostics) {
    let member_tables = registry::MEMBERS.map(|member| OptionSpec {
        name: registry::short_name(member),
        kind: Kind::Table,
    });
    let known: Vec<&OptionSpec> = MDBOOK_KEYS
        .iter()
        .chain(&COMMON)
        .chain(&member_tables)
        .collect();
    for entry in order::member_tables(&ctx.config, registry::MEMBERS[0]) {
        if let Some(table) = entry.all_in_one {
            validated(ctx, entry.entry, table, &known, diagnostics);
        }
    }
}

/// The options of `table` that `known` accepts; an unknown option or a value
/// of the wrong type is an error at its line in book.toml.
fn validated(
    ctx: &Context,
    path: &str,
    table: &Map<String, Value>,
    known: &[&OptionSpec],
    diagnostics: &mut Diagnostics,
) -> Map<String, Value> {
    let mut valid = Map::new();
    for (key, value) in table {
        let location = Some(book_toml_location(&ctx.root, path, key));
        match known.iter().find(|spec| spec.name == key) {
            None => {
                let names: Vec<&str> = known.iter().map(|s| s.name).collect();
                diagnostics.error(
                    location,
                    format!(
                        "unknown option `{key}` in [preprocessor.{path}]{}",
                        suggestion(key, &names)
                            .map(|s| format!(" (did you mean `{s}`?)"))
                            .unwrap_or_default()
                    ),
                );
            }
            Some(spec) if !spec.kind.accepts(value) => diagnostics.error(
                location,
                format!(
                    "option `{key}` in [preprocessor.{path}] must be {}, found `{value}`",
                    spec.kind.describe()
                ),
            ),
            Some(_) => {
                valid.insert(key.clone(), value.clone());
            }
        }
    }
    valid
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
    let mut found: Option<(String, &Value)> = None;
    for (path, table) in suite_tables(&ctx.config) {
        let Some(value) = table.get(key) else {
            continue;
        };
        match &found {
            Some((first, earlier)) if *earlier != value => diagnostics.error(
                Some(book_toml_location(&ctx.root, &path, key)),
                format!(
                    "`{key}` is {value} here but {earlier} in [preprocessor.{first}]; it applies \
                     to the whole book, so set it once or to the same value"
                ),
            ),
            Some(_) => {}
            None => found = Some((path, value)),
        }
    }
    found.map(|(_, value)| value.clone())
}

/// Every table of the suite's options with its path after `[preprocessor.`:
/// each member's own entry, the all-in-one entry and its member tables.
fn suite_tables(config: &Value) -> Vec<(String, &Map<String, Value>)> {
    let mut tables = Vec::new();
    for member in registry::MEMBERS {
        for entry in order::member_tables(config, member) {
            // The all-in-one entry's own table, once (with its first member).
            if let Some(all_in_one) = entry.all_in_one
                && member == registry::MEMBERS[0]
            {
                tables.push((entry.entry.to_owned(), all_in_one));
            }
            if let Some(table) = entry.table {
                tables.push((entry.path(member), table));
            }
        }
    }
    tables
}

/// Where the option `key` (dotted for nested tables, e.g.
/// `statuses.done.color`) of `[preprocessor.TABLE]` (`deepdive.status` for a
/// member's table in the all-in-one entry) is written in the book's
/// `book.toml`: the deepest part of the path that is there, else the table,
/// else the top of the file. `toml_edit` keeps every key's byte span.
pub fn book_toml_location(root: &Path, table: &str, key: &str) -> Location {
    located(root, |text| {
        option_offset(text, Some("preprocessor"), &format!("{table}.{key}"))
    })
}

/// Where the dotted key `key` (`book.src`) is written in the book's
/// `book.toml`: the deepest part of it that is there, else the top.
pub fn book_key_location(root: &Path, key: &str) -> Location {
    located(root, |text| option_offset(text, None, key))
}

fn located(root: &Path, offset: impl Fn(&str) -> Option<usize>) -> Location {
    let text = std::fs::read_to_string(root.join("book.toml")).unwrap_or_default();
    let offset = offset(&text).unwrap_or(0);
    // The line's first character: the key, or the `[` of a table header.
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let indent = text[line_start..].len() - text[line_start..].trim_start().len();
    Location::in_text("book.toml", &text, line_start + indent)
}

/// The offset of the deepest part of `key` written in `text`, under the
/// table `under` (whose own position does not count).
fn option_offset(text: &str, under: Option<&str>, key: &str) -> Option<usize> {
    let document = toml_edit::Document::parse(text).ok()?;
    let mut item = document.as_item();
    if let Some(table) = under {
        item = item.as_table_like()?.get(table)?;
    }
    let mut found = None;
    for part in key.split('.') {
        let Some((name, value)) = item.as_table_like().and_then(|t| t.get_key_value(part)) else {
            break;
        };
        found = name.span().or_else(|| value.span()).or(found);
        item = value;
    }
    Some(found?.start)
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
    fn the_all_in_one_entry_and_its_member_tables_hold_book_wide_options_too() {
        let ctx = context(json!({"preprocessor": {"deepdive": {
            "drafts": "hide",
            "status": {"drafts": "show"},
        }}}));
        let mut diagnostics = Diagnostics::new(false);
        assert_eq!(drafts(&ctx, &mut diagnostics), Drafts::Hide);
        let message = &diagnostics.items()[0].message;
        assert!(message.contains("in [preprocessor.deepdive];"), "{message}");
    }

    #[test]
    fn member_tables_in_the_all_in_one_entry_take_its_common_options() {
        let ctx = context(json!({"preprocessor": {"deepdive": {
            "strict": true,
            "after": ["links"],
            "index": {"strict": false, "after": ["x"]},
        }}}));
        let mut diagnostics = Diagnostics::new(false);
        assert!(member_config(&ctx, "deepdive-status", &[], &mut diagnostics).strict());
        assert!(!diagnostics.has_errors());
        let index = member_config(&ctx, "deepdive-index", &[], &mut diagnostics);
        assert!(!index.strict());
        // mdBook reads `after` from the entry only.
        let message = &diagnostics.items()[0].message;
        assert!(
            message.contains("unknown option `after` in [preprocessor.deepdive.index]"),
            "{message}"
        );
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
        std::fs::write(
            dir.join("book.toml"),
            "[preprocessor.deepdive]\nafter = []\n\n[preprocessor.deepdive.status]\nx = 1\n",
        )
        .unwrap();
        assert_eq!(book_toml_location(&dir, "deepdive.status", "x").line, 5);
        assert_eq!(book_toml_location(&dir, "deepdive.review", "x").line, 1);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
