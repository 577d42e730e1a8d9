//! The status vocabulary: one definition, read by the badges and the index
//! alike, so they always agree.
//!
//! Built in: `planned`, `skeleton`, `draft`, `in-progress`, `review`, `done`,
//! and the decision-record lifecycle `proposed`, `accepted`, `rejected`,
//! `deprecated`, `superseded`, in that order. `[preprocessor.deepdive-status]`
//! can change any of them (`statuses.done.label = "Shipped"`), add statuses,
//! and add `aliases`. Matching ignores case, surrounding emoji and mojibake,
//! so `✅ Done`, `done`, `DONE` and `âœ… Done` are the same status.

use crate::book::protocol::Context;
use crate::suite::config::{book_toml_location, suggestion};
use crate::suite::order;
use crate::text::diagnostics::Diagnostics;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One status.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// Its id, as front matter writes it (`done`).
    pub id: String,
    /// The label by language; `""` is the default label.
    pub labels: BTreeMap<String, String>,
    /// The emoji the badge shows before the label (may be empty).
    pub emoji: String,
    /// `#rrggbb`, validated, so it is safe in CSS.
    pub color: String,
    /// What the status means, for the legend.
    pub description: String,
    /// An end state (done, rejected, …).
    pub terminal: bool,
    /// The statuses it may move to.
    pub next: Vec<String>,
}

impl Status {
    /// The label for `language` (`en`, `de`…), else the default label.
    pub fn label(&self, language: Option<&str>) -> &str {
        language
            .and_then(|l| self.labels.get(l))
            .or_else(|| self.labels.get(""))
            .map_or(self.id.as_str(), String::as_str)
    }

    /// `✅ Done`: what non-HTML renderers show.
    pub fn plain(&self, language: Option<&str>) -> String {
        let label = self.label(language);
        if self.emoji.is_empty() {
            label.to_owned()
        } else {
            format!("{} {label}", self.emoji)
        }
    }

    /// Black or white, whichever contrasts more with the badge colour; one of
    /// them always reaches WCAG AA (4.5:1), whatever the colour and theme.
    pub fn text_color(&self) -> &'static str {
        text_color_on(&self.color)
    }
}

/// Black or white text, whichever contrasts more with `background` (`#rrggbb`).
pub fn text_color_on(background: &str) -> &'static str {
    let background = relative_luminance(background).unwrap_or(0.0);
    if contrast(1.0, background) >= contrast(0.0, background) {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// WCAG relative luminance of `#rrggbb`.
pub fn relative_luminance(color: &str) -> Option<f64> {
    let hex = color.strip_prefix('#')?;
    let channel = |i: usize| -> Option<f64> {
        let value = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if value <= 0.04045 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// WCAG contrast ratio of two relative luminances.
pub fn contrast(a: f64, b: f64) -> f64 {
    let (light, dark) = if a > b { (a, b) } else { (b, a) };
    (light + 0.05) / (dark + 0.05)
}

/// `#rgb` or `#rrggbb` as `#rrggbb`; anything else (names, `url(…)`,
/// `red;}` …) is refused, so a colour can never break out of CSS.
pub fn parse_color(text: &str) -> Option<String> {
    let hex = text.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(
            std::iter::once('#')
                .chain(hex.chars().flat_map(|c| [c, c]))
                .collect::<String>()
                .to_ascii_lowercase(),
        ),
        _ => None,
    }
}

struct Builtin {
    id: &'static str,
    label: &'static str,
    emoji: &'static str,
    color: &'static str,
    description: &'static str,
    terminal: bool,
    next: &'static [&'static str],
}

/// The status member, whose table defines the vocabulary.
const STATUS: &str = "deepdive-status";

const BUILTIN: [Builtin; 11] = [
    Builtin {
        id: "planned",
        label: "Planned",
        emoji: "🗓️",
        color: "#57606a",
        description: "On the roadmap; no chapter text yet",
        terminal: false,
        next: &["skeleton", "draft"],
    },
    Builtin {
        id: "skeleton",
        label: "Skeleton",
        emoji: "📋",
        color: "#8250df",
        description: "The template is in place; the investigation has not started",
        terminal: false,
        next: &["draft", "in-progress"],
    },
    Builtin {
        id: "draft",
        label: "Draft",
        emoji: "✏️",
        color: "#9a6700",
        description: "Being written; expect gaps and open questions",
        terminal: false,
        next: &["in-progress", "review"],
    },
    Builtin {
        id: "in-progress",
        label: "In progress",
        emoji: "🚧",
        color: "#bc4c00",
        description: "The investigation is under way",
        terminal: false,
        next: &["review", "done"],
    },
    Builtin {
        id: "review",
        label: "In review",
        emoji: "🔍",
        color: "#0969da",
        description: "Ready for a staff review",
        terminal: false,
        next: &["in-progress", "done"],
    },
    Builtin {
        id: "done",
        label: "Done",
        emoji: "✅",
        color: "#1a7f37",
        description: "The investigation is complete",
        terminal: true,
        next: &[],
    },
    Builtin {
        id: "proposed",
        label: "Proposed",
        emoji: "💡",
        color: "#0550ae",
        description: "A decision proposed for discussion",
        terminal: false,
        next: &["accepted", "rejected"],
    },
    Builtin {
        id: "accepted",
        label: "Accepted",
        emoji: "✔️",
        color: "#116329",
        description: "The decision was taken and holds",
        terminal: false,
        next: &["deprecated", "superseded"],
    },
    Builtin {
        id: "rejected",
        label: "Rejected",
        emoji: "❌",
        color: "#cf222e",
        description: "The proposal was turned down",
        terminal: true,
        next: &[],
    },
    Builtin {
        id: "deprecated",
        label: "Deprecated",
        emoji: "⚠️",
        color: "#953800",
        description: "No longer recommended; kept for the record",
        terminal: false,
        next: &["superseded"],
    },
    Builtin {
        id: "superseded",
        label: "Superseded",
        emoji: "↪️",
        color: "#6e7781",
        description: "Replaced by a later decision",
        terminal: true,
        next: &[],
    },
];

/// An unknown status, with the closest known one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The status as written.
    pub text: String,
    /// The known status closest to it, if any is close.
    pub suggestion: Option<String>,
    /// Where statuses are added: the path after `[preprocessor.` of the
    /// status member's table (see [`Vocabulary::table`]).
    pub table: String,
}

impl Unknown {
    /// The diagnostic's message.
    pub fn message(&self) -> String {
        let hint = match &self.suggestion {
            Some(s) => format!("did you mean `{s}`? "),
            None => String::new(),
        };
        format!(
            "unknown status `{}` ({hint}add it under [preprocessor.{}.statuses] or as an alias)",
            self.text, self.table
        )
    }
}

/// The book's statuses, in order, and their aliases.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocabulary {
    statuses: Vec<Status>,
    aliases: BTreeMap<String, String>,
    /// Every id, label and alias in matching form, to its status id.
    names: BTreeMap<String, String>,
    /// The path after `[preprocessor.` of the status member's table, which
    /// defines the vocabulary: `deepdive-status`, or `deepdive.status` in the
    /// all-in-one entry.
    table: String,
}

/// `✅ Done` → `done`, `In Progress` → `in-progress`: the form statuses are
/// matched in.
fn normalize(text: &str) -> String {
    let repaired = crate::text::mojibake::repair(text);
    let text = repaired.as_deref().unwrap_or(text);
    let core = text.trim_matches(|c: char| !c.is_alphanumeric());
    let mut out = String::with_capacity(core.len());
    for c in core.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

impl Default for Vocabulary {
    fn default() -> Self {
        let mut vocabulary = Vocabulary {
            statuses: BUILTIN
                .iter()
                .map(|b| Status {
                    id: b.id.to_owned(),
                    labels: BTreeMap::from([(String::new(), b.label.to_owned())]),
                    emoji: b.emoji.to_owned(),
                    color: b.color.to_owned(),
                    description: b.description.to_owned(),
                    terminal: b.terminal,
                    next: b.next.iter().map(|s| (*s).to_owned()).collect(),
                })
                .collect(),
            aliases: BTreeMap::new(),
            names: BTreeMap::new(),
            table: STATUS.to_owned(),
        };
        vocabulary.index_names();
        vocabulary
    }
}

impl Vocabulary {
    /// Every status, in the vocabulary's order.
    pub fn statuses(&self) -> &[Status] {
        &self.statuses
    }

    /// The status `id` (or an alias of it).
    pub fn get(&self, id: &str) -> Option<&Status> {
        self.statuses.iter().find(|s| s.id == id)
    }

    /// The status `text` names: an id, a label in any language, or an alias,
    /// ignoring case, emoji and mojibake.
    pub fn lookup(&self, text: &str) -> Result<&Status, Unknown> {
        // The usual case, an id as written, needs no normalizing.
        if let Some(status) = self.get(text) {
            return Ok(status);
        }
        let wanted = normalize(text);
        if let Some(status) = self.names.get(&wanted).and_then(|id| self.get(id)) {
            return Ok(status);
        }
        // MADR writes what replaced a record after its status:
        // `superseded by ADR-0032`, `superseded by [ADR-0018](0018-x.md)`.
        if let Some(status) = text
            .split_once(" by ")
            .and_then(|(name, _)| self.names.get(&normalize(name)))
            .and_then(|id| self.get(id))
        {
            return Ok(status);
        }
        let mut names: Vec<&str> = self.statuses.iter().map(|s| s.id.as_str()).collect();
        names.extend(self.aliases.keys().map(String::as_str));
        Err(Unknown {
            text: text.trim().to_owned(),
            suggestion: suggestion(&wanted, &names).map(str::to_owned),
            table: self.table.clone(),
        })
    }

    /// Rebuilds the name index; ids win over labels, labels over aliases.
    fn index_names(&mut self) {
        let mut names = BTreeMap::new();
        for (alias, id) in &self.aliases {
            names.insert(alias.clone(), id.clone());
        }
        for status in &self.statuses {
            for label in status.labels.values() {
                names.insert(normalize(label), status.id.clone());
            }
        }
        for status in &self.statuses {
            names.insert(status.id.clone(), status.id.clone());
        }
        self.names = names;
    }

    /// The path after `[preprocessor.` of the table the vocabulary is
    /// defined in (where a status is added).
    pub fn table(&self) -> &str {
        &self.table
    }

    /// The position of a status in the vocabulary's order (for sorting and grouping).
    pub fn rank(&self, id: &str) -> usize {
        self.statuses
            .iter()
            .position(|s| s.id == id)
            .unwrap_or(self.statuses.len())
    }

    /// The book's vocabulary: the built-ins changed by the status member's
    /// table. Problems are errors at their line in book.toml.
    pub fn from_context(ctx: &Context, diagnostics: &mut Diagnostics) -> Self {
        let mut vocabulary = Vocabulary::default();
        let Some(found) = order::member_tables(&ctx.config, STATUS).into_iter().next() else {
            return vocabulary;
        };
        vocabulary.table = found.path(STATUS);
        let Some(table) = found.table else {
            return vocabulary;
        };
        let name = vocabulary.table.clone();
        let name = name.as_str();
        let mut error = |key: &str, message: String| {
            diagnostics.error(Some(book_toml_location(&ctx.root, name, key)), message);
        };
        if let Some(statuses) = table.get("statuses") {
            match statuses.as_object() {
                Some(statuses) => {
                    for (id, entry) in statuses {
                        if let Err(message) = vocabulary.apply(id, entry) {
                            error(&format!("statuses.{id}"), message);
                        }
                        vocabulary.index_names();
                    }
                }
                None => error("statuses", not_a_table(name, "statuses", statuses)),
            }
        }
        if let Some(aliases) = table.get("aliases") {
            match aliases.as_object() {
                Some(aliases) => {
                    for (alias, target) in aliases {
                        if let Err(message) = vocabulary.add_alias(alias, target) {
                            error(&format!("aliases.{alias}"), message);
                        }
                        vocabulary.index_names();
                    }
                }
                None => error("aliases", not_a_table(name, "aliases", aliases)),
            }
        }
        for status in &vocabulary.statuses {
            for next in &status.next {
                if vocabulary.get(next).is_none() {
                    error(
                        "statuses",
                        format!("status `{}` lists unknown next status `{next}`", status.id),
                    );
                }
            }
        }
        vocabulary
    }

    fn add_alias(&mut self, alias: &str, target: &Value) -> Result<(), String> {
        let target = target
            .as_str()
            .ok_or_else(|| format!("alias `{alias}` must name a status as a string"))?;
        let id = self
            .lookup(target)
            .map_err(|e| format!("alias `{alias}`: {}", e.message()))?
            .id
            .clone();
        self.aliases.insert(normalize(alias), id);
        Ok(())
    }

    /// Changes status `id` (adding it when new) after its config table.
    fn apply(&mut self, id: &str, entry: &Value) -> Result<(), String> {
        let entry = entry
            .as_object()
            .ok_or_else(|| format!("[…statuses.{id}] must be a table"))?;
        let id = normalize(id);
        if self.get(&id).is_none() {
            self.statuses.push(Status {
                id: id.clone(),
                labels: BTreeMap::from([(String::new(), id.clone())]),
                emoji: String::new(),
                color: "#57606a".into(),
                description: String::new(),
                terminal: false,
                next: Vec::new(),
            });
        }
        let status = self
            .statuses
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or_else(|| format!("status `{id}` could not be added"))?;
        apply_fields(status, entry)
    }
}

/// The same words option validation uses, so the status member, which sees
/// both, reports it once.
fn not_a_table(table: &str, key: &str, value: &Value) -> String {
    format!("option `{key}` in [preprocessor.{table}] must be a table, found `{value}`")
}

fn text_field<'a>(
    status: &str,
    entry: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a str>, String> {
    match entry.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!(
            "`statuses.{status}.{key}` must be a string, found `{other}`"
        )),
    }
}

fn apply_fields(status: &mut Status, entry: &Map<String, Value>) -> Result<(), String> {
    const KEYS: [&str; 6] = ["label", "emoji", "color", "description", "terminal", "next"];
    let id = status.id.clone();
    for key in entry.keys() {
        if !KEYS.contains(&key.as_str()) {
            let hint = suggestion(key, &KEYS)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(format!("unknown key `{key}` in status `{id}`{hint}"));
        }
    }
    match entry.get("label") {
        None => {}
        Some(Value::String(label)) => {
            status.labels.insert(String::new(), label.clone());
        }
        Some(Value::Object(by_language)) => {
            for (language, label) in by_language {
                let label = label
                    .as_str()
                    .ok_or_else(|| format!("`statuses.{id}.label.{language}` must be a string"))?;
                status.labels.insert(language.clone(), label.to_owned());
            }
        }
        Some(other) => {
            return Err(format!(
                "`statuses.{id}.label` must be a string or a table of languages, found `{other}`"
            ));
        }
    }
    if let Some(emoji) = text_field(&id, entry, "emoji")? {
        emoji.clone_into(&mut status.emoji);
    }
    if let Some(color) = text_field(&id, entry, "color")? {
        status.color = parse_color(color)
            .ok_or_else(|| format!("`statuses.{id}.color` must be a colour like \"#1a7f37\" or \"#1a7\", found `{color}`"))?;
    }
    if let Some(description) = text_field(&id, entry, "description")? {
        description.clone_into(&mut status.description);
    }
    match entry.get("terminal") {
        None => {}
        Some(Value::Bool(b)) => status.terminal = *b,
        Some(other) => {
            return Err(format!(
                "`statuses.{id}.terminal` must be true or false, found `{other}`"
            ));
        }
    }
    match entry.get("next") {
        None => {}
        Some(Value::Array(items)) => {
            status.next = items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(normalize)
                        .ok_or_else(|| format!("`statuses.{id}.next` must list status names"))
                })
                .collect::<Result<_, _>>()?;
        }
        Some(other) => {
            return Err(format!(
                "`statuses.{id}.next` must be a list, found `{other}`"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[allow(
        clippy::needless_pass_by_value,
        reason = "the tests pass `json!` values"
    )]
    fn context(status_table: Value) -> Context {
        Context {
            root: std::env::temp_dir().join("deepdive-no-such-book"),
            config: json!({"preprocessor": {"deepdive-status": status_table}}),
            renderer: "html".into(),
            mdbook_version: "0.5.4".into(),
        }
    }

    #[test]
    fn builtins_are_in_order() {
        let ids: Vec<_> = Vocabulary::default()
            .statuses()
            .iter()
            .map(|s| s.id.clone())
            .collect();
        assert_eq!(
            ids,
            [
                "planned",
                "skeleton",
                "draft",
                "in-progress",
                "review",
                "done",
                "proposed",
                "accepted",
                "rejected",
                "deprecated",
                "superseded"
            ]
        );
    }

    #[test]
    fn matching_ignores_case_emoji_and_mojibake() {
        let v = Vocabulary::default();
        for text in ["done", "DONE", "✅ Done", "âœ… Done", " Done! "] {
            assert_eq!(v.lookup(text).unwrap().id, "done", "{text}");
        }
        assert_eq!(v.lookup("ðŸ“‹ Skeleton").unwrap().id, "skeleton");
        assert_eq!(v.lookup("In Progress").unwrap().id, "in-progress");
        assert_eq!(v.lookup("in_progress").unwrap().id, "in-progress");
    }

    #[test]
    fn madr_names_what_replaced_a_record_after_its_status() {
        let v = Vocabulary::default();
        for text in [
            "superseded by ADR-0032",
            "Superseded by [ADR-0018](./0018-restrict-direct-source-modification.md)",
            "deprecated by 0007",
        ] {
            assert!(v.lookup(text).is_ok(), "{text}");
        }
        assert_eq!(v.lookup("superseded by ADR-0032").unwrap().id, "superseded");
        assert!(v.lookup("stood by me").is_err());
        assert!(v.lookup("by ADR-0032").is_err());
    }

    #[test]
    fn unknown_statuses_suggest_the_closest() {
        let err = Vocabulary::default().lookup("doen").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("done"));
        assert!(
            err.message()
                .contains("unknown status `doen` (did you mean `done`?")
        );
        assert_eq!(
            Vocabulary::default()
                .lookup("zzzzzz")
                .unwrap_err()
                .suggestion,
            None
        );
    }

    #[test]
    fn config_changes_adds_and_aliases() {
        let ctx = context(json!({
            "statuses": {
                "done": {"label": {"en": "Shipped", "de": "Fertig"}, "color": "#1a7f37"},
                "parked": {"label": "Parked", "emoji": "🅿️", "color": "#abc", "terminal": true}
            },
            "aliases": {"complete": "done", "wip": "in-progress"}
        }));
        let mut diagnostics = Diagnostics::new(false);
        let v = Vocabulary::from_context(&ctx, &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{:?}", diagnostics.items());
        assert_eq!(v.lookup("complete").unwrap().id, "done");
        assert_eq!(v.lookup("WIP").unwrap().id, "in-progress");
        assert_eq!(v.lookup("fertig").unwrap().id, "done");
        let done = v.get("done").unwrap();
        assert_eq!(done.label(Some("de")), "Fertig");
        assert_eq!(done.label(Some("fr")), "Done");
        let parked = v.get("parked").unwrap();
        assert_eq!(parked.color, "#aabbcc");
        assert_eq!(v.rank("parked"), 11);
    }

    #[test]
    fn bad_colours_and_keys_are_errors() {
        for entry in [
            json!({"color": "red"}),
            json!({"color": "#fff;}body{x"}),
            json!({"colour": "#fff"}),
            json!({"terminal": "yes"}),
        ] {
            let ctx = context(json!({"statuses": {"done": entry}}));
            let mut diagnostics = Diagnostics::new(false);
            Vocabulary::from_context(&ctx, &mut diagnostics);
            assert!(diagnostics.has_errors(), "{entry}");
        }
        let ctx = context(json!({"aliases": {"x": "nope"}}));
        let mut diagnostics = Diagnostics::new(false);
        Vocabulary::from_context(&ctx, &mut diagnostics);
        assert!(diagnostics.has_errors());
    }

    #[test]
    fn badge_text_colour_always_reaches_aa() {
        for status in Vocabulary::default().statuses() {
            let bg = relative_luminance(&status.color).unwrap();
            let fg = relative_luminance(status.text_color()).unwrap();
            assert!(
                contrast(bg, fg) >= 4.5,
                "{} {}",
                status.id,
                contrast(bg, fg)
            );
        }
        for color in ["#ffff00", "#777777", "#00ff00", "#0000ff"] {
            let status = Status {
                color: color.into(),
                ..Vocabulary::default().get("done").unwrap().clone()
            };
            let ratio = contrast(
                relative_luminance(color).unwrap(),
                relative_luminance(status.text_color()).unwrap(),
            );
            assert!(ratio >= 4.5, "{color}: {ratio}");
        }
    }
}
