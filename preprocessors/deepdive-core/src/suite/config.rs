//! Options in `book.toml`, validated so a typo is an error that names the line,
//! not a setting silently ignored.
//!
//! Each member reads its own `[preprocessor.deepdive-X]` table. Options that
//! must hold for the whole book (`title-from-front-matter`) may be set in any
//! member's table; two members that disagree are an error.
//!
//! A member declares its options (`OptionSpec`s); the table is validated
//! against them here (unknown keys with a suggestion, wrong types, each at
//! its line), and the valid options are then parsed once into the member's
//! own typed struct (`MemberConfig::options`, serde), so no member reads an
//! option by its name.

use crate::book::page::Drafts;
use crate::book::protocol::Context;
use crate::suite::order;
use crate::suite::registry;
use crate::text::diagnostics::{Diagnostics, Location};
use serde::de::DeserializeOwned;
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
    /// A table of strings (e.g. names to templates).
    TextTable,
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
            Kind::TextTable => value
                .as_object()
                .is_some_and(|t| t.values().all(Value::is_string)),
            Kind::TextListOrTable => {
                Kind::TextList.accepts(value)
                    || value
                        .as_object()
                        .is_some_and(|t| t.values().all(|v| Kind::TextList.accepts(v)))
            }
        }
    }

    /// Values of this kind, one of each shape it accepts (every choice of a
    /// `OneOf`; a table of a table for `Table`, which takes any table).
    fn examples(self) -> Vec<Value> {
        use serde_json::json;
        match self {
            Kind::Bool => vec![json!(true)],
            Kind::Text => vec![json!("x")],
            Kind::Integer => vec![json!(7)],
            Kind::OneOf(choices) => choices.iter().map(|c| json!(c)).collect(),
            Kind::TextList => vec![json!(["x"])],
            Kind::Table => vec![json!({}), json!({"x": {"y": [1]}})],
            Kind::TextTable => vec![json!({"x": "y"})],
            Kind::TextListOrTable => vec![json!(["x"]), json!({"f": ["x"]})],
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
            Kind::TextTable => "a table of strings".into(),
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

/// The options every member understands, parsed once per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Common {
    /// `strict`: warnings count as errors (the member's own table, else the
    /// all-in-one entry's).
    pub strict: bool,
    /// `title-from-front-matter`: chapters are renamed after their front
    /// matter `title` (book-wide).
    pub title_from_front_matter: bool,
    /// `drafts`: what the book does with `draft: true` chapters (book-wide).
    pub drafts: Drafts,
}

/// The common options of the member whose table is `config`: `strict` from
/// it, the book-wide ones from every suite table (which must agree).
pub fn common(ctx: &Context, config: &MemberConfig, diagnostics: &mut Diagnostics) -> Common {
    Common {
        strict: config.strict,
        title_from_front_matter: suite_option(ctx, "title-from-front-matter", diagnostics)
            .unwrap_or(true),
        drafts: drafts(ctx, diagnostics),
    }
}

/// The book's `drafts` option: the environment variable, else any member's
/// table (they must agree), else `publish`.
fn drafts(ctx: &Context, diagnostics: &mut Diagnostics) -> Drafts {
    if let Ok(value) = std::env::var(DRAFTS_ENV) {
        match serde_json::from_value(Value::String(value.trim().to_owned())) {
            Ok(drafts) => return drafts,
            Err(_) => diagnostics.error(
                None,
                format!(
                    "{DRAFTS_ENV}=`{value}` must be one of {}",
                    quoted_list(&DRAFT_CHOICES)
                ),
            ),
        }
    }
    suite_option(ctx, "drafts", diagnostics).unwrap_or_default()
}

/// A member's validated table.
#[derive(Debug, Clone, Default)]
pub struct MemberConfig {
    /// The table's path after `[preprocessor.`: `deepdive-status`, or
    /// `deepdive.status` in the all-in-one entry.
    path: String,
    /// `strict`, the one common option that is the member's own.
    strict: bool,
    /// The member's own options (not the common ones), valid for its specs.
    own: Map<String, Value>,
}

impl MemberConfig {
    /// The table's path after `[preprocessor.`: `deepdive-status`, or
    /// `deepdive.status` in the all-in-one entry, for messages that name it.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line in book.toml of the option `key` (dotted for nested tables).
    pub fn location(&self, root: &Path, key: &str) -> Location {
        book_toml_location(root, &self.path, key)
    }

    /// The member's own options as its typed struct `T` (serde, with
    /// `rename_all = "kebab-case"`, `default` and `deny_unknown_fields`):
    /// the table holds only options valid for the member's specs, so this
    /// fails only when `T` and the specs disagree, which is reported at the
    /// table (and `T::default()` used) rather than panicking.
    pub fn options<T: DeserializeOwned + Default>(
        &self,
        root: &Path,
        diagnostics: &mut Diagnostics,
    ) -> T {
        match serde_json::from_value(Value::Object(self.own.clone())) {
            Ok(options) => options,
            Err(e) => {
                diagnostics.error(
                    Some(self.location(root, "")),
                    format!("[preprocessor.{}]: {e}", self.path),
                );
                T::default()
            }
        }
    }
}

/// The options of `specs` that the options struct `T` cannot read: each
/// option set alone to each shape of value its kind accepts, as
/// [`MemberConfig::options`] would parse it. A member's unit test asserts
/// there are none, so its specs and its struct name the same options with the
/// same types.
pub fn unread_options<T: DeserializeOwned>(specs: &[OptionSpec]) -> Vec<String> {
    let mut unread = Vec::new();
    for spec in specs {
        for example in spec.kind.examples() {
            let table = serde_json::json!({ spec.name: example });
            if let Err(e) = serde_json::from_value::<T>(table) {
                unread.push(format!("`{}` = {example}: {e}", spec.name));
            }
        }
    }
    unread
}

/// A member's options for a command that runs no build (`new`, `list`,
/// `export`): its validated table parsed by `parse`, and the table. An invalid
/// option is left at its default, as the build reports it.
pub fn for_command<T>(
    ctx: &Context,
    member: &str,
    specs: &[OptionSpec],
    parse: impl FnOnce(&MemberConfig, &Context, &mut Diagnostics) -> T,
) -> (T, MemberConfig) {
    let mut reported_by_the_build = Diagnostics::new(false);
    let config = member_config(ctx, member, specs, &mut reported_by_the_build);
    (parse(&config, ctx, &mut reported_by_the_build), config)
}

/// For the members' tests of their options: `read` of the validated table of
/// `member` (its options `specs`) in a book whose `book.toml` is `toml`,
/// written to a folder of its own (removed afterwards) so positions in it can
/// be found; and every message, as printed.
pub fn read_book_toml<R>(
    toml: &str,
    member: &str,
    specs: &[OptionSpec],
    read: impl FnOnce(&MemberConfig, &Context, &mut Diagnostics) -> R,
) -> (R, Vec<String>) {
    static BOOKS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let number = BOOKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let root =
        std::env::temp_dir().join(format!("deepdive-options-{}-{number}", std::process::id()));
    std::fs::create_dir_all(&root).expect("a temporary folder");
    std::fs::write(root.join("book.toml"), toml).expect("book.toml written");
    let config: toml::Table = toml::from_str(toml).expect("book.toml is TOML");
    let ctx = Context {
        root,
        config: serde_json::to_value(config).expect("TOML is JSON"),
        renderer: "html".into(),
        mdbook_version: "0.5.4".into(),
    };
    let mut diagnostics = Diagnostics::new(false);
    let config = member_config(&ctx, member, specs, &mut diagnostics);
    let result = read(&config, &ctx, &mut diagnostics);
    let _ = std::fs::remove_dir_all(&ctx.root);
    let messages = diagnostics
        .items()
        .iter()
        .map(ToString::to_string)
        .collect();
    (result, messages)
}

/// For the members' tests of their options, what each checks first: its
/// options struct `T` reads every option of `specs` ([`unread_options`]),
/// and a book without the member's table is read by `read` (as
/// [`read_book_toml`] does) with no message. What `read` made of that book,
/// for the member's own asserts on its defaults.
///
/// # Panics
///
/// When either check fails, with what failed.
pub fn assert_options_read<T: DeserializeOwned, R>(
    member: &str,
    specs: &[OptionSpec],
    read: impl FnOnce(&MemberConfig, &Context, &mut Diagnostics) -> R,
) -> R {
    assert_eq!(unread_options::<T>(specs), Vec::<String>::new());
    let (defaults, messages) = read_book_toml("[book]\ntitle = \"x\"\n", member, specs, read);
    assert!(
        messages.is_empty(),
        "{member} without a table: {messages:?}"
    );
    defaults
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
            ..MemberConfig::default()
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
    // The common options are read apart (`common`); mdBook's keys are mdBook's.
    valid.retain(|key, _| !MDBOOK_KEYS.iter().any(|spec| spec.name == key));
    let strict = valid.remove("strict").and_then(|v| v.as_bool()) == Some(true);
    valid.retain(|key, _| !COMMON.iter().any(|spec| spec.name == key));
    MemberConfig {
        path,
        strict,
        own: valid,
    }
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

/// A book-wide option as `T`: its value in whichever suite member tables set
/// it (`None` when none does, or when it is not a `T`, which its own table's
/// validation reports). Two tables that disagree are an error.
fn suite_option<T: DeserializeOwned>(
    ctx: &Context,
    key: &str,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    serde_json::from_value(suite_value(ctx, key, diagnostics)?).ok()
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
        assert!(!config.strict);
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
        common(&ctx, &MemberConfig::default(), &mut diagnostics);
        assert!(diagnostics.has_errors());
        let mut fine = Diagnostics::new(false);
        let ctx = context(
            json!({"preprocessor": {"deepdive-index": {"title-from-front-matter": false}}}),
        );
        let config = member_config(&ctx, "deepdive-index", &[], &mut fine);
        assert_eq!(
            common(&ctx, &config, &mut fine),
            Common {
                strict: false,
                title_from_front_matter: false,
                drafts: Drafts::Publish
            }
        );
        assert!(!fine.has_errors());
    }

    #[test]
    fn the_common_options_default_to_not_strict_titles_from_front_matter_and_drafts_published() {
        let ctx = context(json!({"preprocessor": {"deepdive-index": {}}}));
        let mut diagnostics = Diagnostics::new(false);
        let config = member_config(&ctx, "deepdive-index", &[], &mut diagnostics);
        let found = common(&ctx, &config, &mut diagnostics);
        assert_eq!(
            found,
            Common {
                strict: false,
                title_from_front_matter: true,
                drafts: Drafts::Publish
            }
        );
        assert!(diagnostics.items().is_empty());
    }

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    #[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
    struct Sample {
        max_depth: Option<usize>,
        shortcodes: std::collections::BTreeMap<String, String>,
    }

    const SAMPLE: [OptionSpec; 2] = [
        OptionSpec {
            name: "max-depth",
            kind: Kind::Integer,
        },
        OptionSpec {
            name: "shortcodes",
            kind: Kind::TextTable,
        },
    ];

    #[test]
    fn a_member_table_parses_into_its_struct_without_the_common_and_mdbook_keys() {
        let ctx = context(json!({"preprocessor": {"deepdive-template": {
            "after": ["links"], "optional": true, "strict": true, "drafts": "show",
            "max-depth": 3, "shortcodes": {"note": "callout"},
        }}}));
        let mut diagnostics = Diagnostics::new(false);
        let config = member_config(&ctx, "deepdive-template", &SAMPLE, &mut diagnostics);
        let sample: Sample = config.options(&ctx.root, &mut diagnostics);
        assert!(diagnostics.items().is_empty(), "{:?}", diagnostics.items());
        assert_eq!(sample.max_depth, Some(3));
        assert_eq!(sample.shortcodes["note"], "callout");
        assert!(config.strict);
        assert!(unread_options::<Sample>(&SAMPLE).is_empty());
    }

    #[test]
    fn a_struct_that_does_not_read_a_declared_option_is_found() {
        let specs = [OptionSpec {
            name: "shortcodes",
            kind: Kind::Table,
        }];
        // `Table` takes any table, the struct only tables of strings.
        let unread = unread_options::<Sample>(&specs);
        assert_eq!(unread.len(), 1, "{unread:?}");
        let specs = [OptionSpec {
            name: "max-dpeth",
            kind: Kind::Integer,
        }];
        assert_eq!(unread_options::<Sample>(&specs).len(), 1);
    }

    #[test]
    fn a_table_of_strings_names_the_option_that_holds_something_else() {
        let ctx = context(json!({"preprocessor": {"deepdive-template": {
            "shortcodes": {"note": 1},
        }}}));
        let mut diagnostics = Diagnostics::new(false);
        let config = member_config(&ctx, "deepdive-template", &SAMPLE, &mut diagnostics);
        let message = &diagnostics.items()[0].message;
        assert_eq!(
            message,
            "option `shortcodes` in [preprocessor.deepdive-template] must be a table of \
             strings, found `{\"note\":1}`"
        );
        let sample: Sample = config.options(&ctx.root, &mut diagnostics);
        assert_eq!(sample, Sample::default());
    }

    #[test]
    fn the_all_in_one_entry_and_its_member_tables_hold_book_wide_options_too() {
        let ctx = context(json!({"preprocessor": {"deepdive": {
            "drafts": "hide",
            "status": {"drafts": "show"},
        }}}));
        let mut diagnostics = Diagnostics::new(false);
        let config = member_config(&ctx, "deepdive-status", &[], &mut diagnostics);
        assert_eq!(common(&ctx, &config, &mut diagnostics).drafts, Drafts::Hide);
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
        assert!(member_config(&ctx, "deepdive-status", &[], &mut diagnostics).strict);
        assert!(!diagnostics.has_errors());
        let index = member_config(&ctx, "deepdive-index", &[], &mut diagnostics);
        assert!(!index.strict);
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
