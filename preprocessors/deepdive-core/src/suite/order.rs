//! The order in which mdBook runs preprocessors, computed exactly as mdBook
//! (0.4.37+ and 0.5) does, so each suite member can tell whether it is the last
//! one to run for the current renderer, and so the one to remove front matter.
//!
//! mdBook's algorithm: every `[preprocessor.X]` table and the default
//! preprocessors (`links`, `index`, unless `build.use-default-preprocessors` is
//! false) are nodes; `before`/`after` naming an existing node add edges; nodes
//! are taken in layers (all nodes nobody still waits for), each layer sorted by
//! name in code-point order. A preprocessor runs for a renderer when its
//! `renderers` list names it, or, without such a list, when its `supports`
//! command says so (every suite member supports every renderer).

use crate::suite::registry::{ALL_IN_ONE, MEMBERS, short_name};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const DEFAULT_PREPROCESSORS: [&str; 2] = ["links", "index"];

/// The suite members a `[preprocessor.NAME]` table runs, in the order they
/// run, recognised by its name or by the program its `command` starts: one
/// member, all of them for the all-in-one entry, none for anything else.
pub fn suite_members(name: &str, table: &Value) -> &'static [&'static str] {
    let program = match table.get("command").and_then(Value::as_str) {
        Some(command) => command
            .split_whitespace()
            .next()
            .and_then(|program| program.rsplit(['/', '\\']).next())
            .map(|file| file.strip_suffix(".exe").unwrap_or(file))
            .and_then(|file| file.strip_prefix("mdbook-")),
        None => Some(name),
    };
    match program {
        Some(ALL_IN_ONE) => &MEMBERS,
        Some(program) => MEMBERS
            .iter()
            .position(|member| *member == program)
            .map_or(&[], |i| &MEMBERS[i..=i]),
        None => &[],
    }
}

/// Where the options of a suite member are, in book.toml's
/// `[preprocessor.…]`: its own table, or its table inside the all-in-one
/// entry's (`[preprocessor.deepdive.status]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemberTable<'a> {
    /// The entry that runs the member: `deepdive-status`, or `deepdive`.
    pub entry: &'a str,
    /// The member's own options, if any.
    pub table: Option<&'a Map<String, Value>>,
    /// The all-in-one entry's table, when the member runs in it: its
    /// options common to every member apply to each.
    pub all_in_one: Option<&'a Map<String, Value>>,
}

impl MemberTable<'_> {
    /// The part of `[preprocessor.PATH]` that names the member's options:
    /// `deepdive-status`, or `deepdive.status`.
    pub fn path(&self, member: &str) -> String {
        match self.all_in_one {
            Some(_) => format!("{}.{}", self.entry, short_name(member)),
            None => self.entry.to_owned(),
        }
    }
}

/// Every `[preprocessor.…]` entry that runs `member`, in book.toml's order.
pub fn member_tables<'a>(config: &'a Value, member: &str) -> Vec<MemberTable<'a>> {
    let Some(tables) = config.get("preprocessor").and_then(Value::as_object) else {
        return Vec::new();
    };
    tables
        .iter()
        .filter(|(name, table)| suite_members(name, table).contains(&member))
        .map(|(name, table)| {
            let all_in_one = suite_members(name, table).len() > 1;
            let table = table.as_object();
            if all_in_one {
                MemberTable {
                    entry: name,
                    table: table
                        .and_then(|t| t.get(short_name(member)))
                        .and_then(Value::as_object),
                    all_in_one: table,
                }
            } else {
                MemberTable {
                    entry: name,
                    table,
                    all_in_one: None,
                }
            }
        })
        .collect()
}

fn string_list(table: &Value, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The preprocessor table names in the order mdBook runs them (for any renderer).
pub fn run_order(config: &Value) -> Vec<String> {
    let empty = Map::new();
    let tables = config
        .get("preprocessor")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let use_defaults = config
        .get("build")
        .and_then(|b| b.get("use-default-preprocessors"))
        .and_then(Value::as_bool)
        .unwrap_or(true);

    // For each node, the nodes that must run before it.
    let mut waits_for: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if use_defaults {
        for name in DEFAULT_PREPROCESSORS {
            waits_for.entry(name.to_owned()).or_default();
        }
    }
    for name in tables.keys() {
        waits_for.entry(name.clone()).or_default();
    }
    let exists =
        |n: &str| (use_defaults && DEFAULT_PREPROCESSORS.contains(&n)) || tables.contains_key(n);
    for (name, table) in tables {
        for later in string_list(table, "before") {
            if exists(&later) {
                waits_for.entry(later).or_default().insert(name.clone());
            }
        }
        for earlier in string_list(table, "after") {
            if exists(&earlier) {
                waits_for.entry(name.clone()).or_default().insert(earlier);
            }
        }
    }

    let mut order = Vec::with_capacity(waits_for.len());
    loop {
        // BTreeMap iteration is code-point order, as mdBook's `names.sort()`.
        let layer: Vec<String> = waits_for
            .iter()
            .filter(|(_, deps)| deps.is_empty())
            .map(|(name, _)| name.clone())
            .collect();
        if layer.is_empty() {
            // Done, or a cycle, which mdBook refuses to build anyway.
            break;
        }
        for name in &layer {
            waits_for.remove(name);
        }
        for deps in waits_for.values_mut() {
            for name in &layer {
                deps.remove(name);
            }
        }
        order.extend(layer);
    }
    order
}

/// Whether the table `name` runs for `renderer`.
fn runs_for(config: &Value, name: &str, renderer: &str) -> bool {
    match config
        .get("preprocessor")
        .and_then(|p| p.get(name))
        .and_then(|t| t.get("renderers"))
        .and_then(Value::as_array)
    {
        Some(renderers) => renderers.iter().any(|r| r.as_str() == Some(renderer)),
        None => true,
    }
}

/// The suite members that run for `renderer`, in run order.
pub fn suite_run_order(config: &Value, renderer: &str) -> Vec<&'static str> {
    let tables = config.get("preprocessor");
    run_order(config)
        .iter()
        .filter(|name| runs_for(config, name, renderer))
        .flat_map(|name| {
            tables
                .and_then(|t| t.get(name.as_str()))
                .map_or(&[][..], |table| suite_members(name, table))
        })
        .copied()
        .collect()
}

/// Whether `member` is the last suite member to run for `renderer`. When the
/// member is not listed at all (run by hand), it is its own last member.
pub fn is_last_suite_member(config: &Value, renderer: &str, member: &str) -> bool {
    suite_run_order(config, renderer)
        .last()
        .is_none_or(|last| *last == member)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ties_are_broken_by_name_in_code_point_order() {
        let config =
            json!({"preprocessor": {"deepdive-status": {}, "deepdive-index": {}, "Zeta": {}}});
        assert_eq!(
            run_order(&config),
            [
                "Zeta",
                "deepdive-index",
                "deepdive-status",
                "index",
                "links"
            ]
        );
    }

    #[test]
    fn before_and_after_build_layers() {
        let config = json!({"preprocessor": {
            "deepdive-template": {"after": ["links"], "before": ["deepdive-status"]},
            "deepdive-status": {"after": ["links"]},
            "admonish": {"after": ["deepdive-status"]},
        }});
        assert_eq!(
            run_order(&config),
            [
                "index",
                "links",
                "deepdive-template",
                "deepdive-status",
                "admonish"
            ]
        );
    }

    #[test]
    fn unknown_names_in_before_and_after_are_ignored_as_mdbook_does() {
        let config = json!({"preprocessor": {"deepdive-status": {"after": ["nope"]}}});
        assert_eq!(run_order(&config), ["deepdive-status", "index", "links"]);
    }

    #[test]
    fn default_preprocessors_can_be_turned_off() {
        let config = json!({"build": {"use-default-preprocessors": false}, "preprocessor": {"deepdive-review": {}}});
        assert_eq!(run_order(&config), ["deepdive-review"]);
    }

    #[test]
    fn the_last_member_depends_on_the_renderer() {
        let config = json!({"preprocessor": {
            "deepdive-index": {},
            "deepdive-status": {"renderers": ["html"]},
        }});
        assert!(is_last_suite_member(&config, "html", "deepdive-status"));
        assert!(!is_last_suite_member(&config, "html", "deepdive-index"));
        assert!(is_last_suite_member(&config, "markdown", "deepdive-index"));
    }

    #[test]
    fn members_are_recognised_by_command() {
        let table = json!({"command": "/opt/bin/mdbook-deepdive-review --flag"});
        assert_eq!(suite_members("checklists", &table), ["deepdive-review"]);
        assert!(suite_members("other", &json!({"command": "mdbook-admonish"})).is_empty());
        assert!(suite_members("deepdive-statuses", &json!({})).is_empty());
        let config = json!({"preprocessor": {"checklists": table, "deepdive-status": {"before": ["checklists"]}}});
        assert_eq!(
            suite_run_order(&config, "html"),
            ["deepdive-status", "deepdive-review"]
        );
    }

    #[test]
    fn the_all_in_one_entry_runs_every_member_in_the_suite_order() {
        let config = json!({"preprocessor": {
            "deepdive": {"after": ["links"], "status": {"strict": true}},
            "admonish": {"after": ["deepdive"]},
        }});
        assert_eq!(suite_run_order(&config, "html"), MEMBERS);
        assert!(is_last_suite_member(&config, "html", "deepdive-review"));
        assert!(!is_last_suite_member(&config, "html", "deepdive-status"));
        let status = member_tables(&config, "deepdive-status");
        assert_eq!(status.len(), 1);
        assert_eq!(status[0].path("deepdive-status"), "deepdive.status");
        assert_eq!(status[0].table.unwrap()["strict"], json!(true));
        let index = member_tables(&config, "deepdive-index");
        assert_eq!(
            (index[0].path("deepdive-index").as_str(), index[0].table),
            ("deepdive.index", None)
        );
        let by_command = json!({"preprocessor": {"suite": {"command": "mdbook-deepdive"}}});
        assert_eq!(
            member_tables(&by_command, "deepdive-review")[0].entry,
            "suite"
        );
    }

    #[test]
    fn a_member_not_listed_is_its_own_last() {
        assert!(is_last_suite_member(&json!({}), "html", "deepdive-index"));
    }
}
