//! The index member's options (`[preprocessor.deepdive-index]`, or
//! `[preprocessor.deepdive.index]`), declared for validation and parsed once
//! per run into [`Options`]; the group titles and order resolved against the
//! book's vocabulary into [`Groups`].

use crate::member::Groups;
use deepdive_core::config::{Kind, MemberConfig, OptionSpec};
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::page::Page;
use deepdive_core::protocol::Context;
use deepdive_core::status::Vocabulary;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The options of the member's table beyond mdBook's and the common ones.
pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec {
        name: "group-titles",
        kind: Kind::Table,
    },
    OptionSpec {
        name: "group-order",
        kind: Kind::TextList,
    },
    OptionSpec {
        name: "required",
        kind: Kind::TextListOrTable,
    },
    OptionSpec {
        name: "planned",
        kind: Kind::Bool,
    },
    OptionSpec {
        name: "default-status",
        kind: Kind::Text,
    },
];

/// The index member's options.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub(crate) struct Options {
    /// Status (any of its names) to the heading of its `group-by=status`
    /// group; each title is checked when the groups are resolved
    /// ([`Options::groups`]), which names the status of one that is not text.
    group_titles: BTreeMap<String, Value>,
    /// Statuses whose groups come first, in this order.
    group_order: Vec<String>,
    /// The front matter fields an indexed chapter should have.
    pub(crate) required: Required,
    /// Chapters without a page (SUMMARY drafts) are indexed as `planned`.
    pub(crate) planned: bool,
    /// The status (any of its names) shown for a document without one;
    /// resolved by [`Options::default_status`].
    default_status: Option<String>,
}

/// The `required` option: the fields every indexed chapter should have, or
/// per folder.
#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub(crate) enum Required {
    /// The same fields for every chapter.
    Everywhere(Vec<String>),
    /// Folder (under src/) to the fields of the chapters in it.
    PerFolder(BTreeMap<String, Vec<String>>),
}

impl Default for Required {
    fn default() -> Self {
        Required::Everywhere(Vec::new())
    }
}

impl Required {
    /// The fields `page` should have: every folder's it is in, in the
    /// folders' order.
    pub(crate) fn of<'a>(&'a self, page: &Page) -> Vec<&'a str> {
        match self {
            Required::Everywhere(fields) => fields.iter().map(String::as_str).collect(),
            Required::PerFolder(folders) => folders
                .iter()
                .filter(|(folder, _)| {
                    page.source_path
                        .as_deref()
                        .is_some_and(|p| p.starts_with(folder.trim_matches('/')))
                })
                .flat_map(|(_, fields)| fields.iter().map(String::as_str))
                .collect(),
        }
    }
}

impl Options {
    /// The options in the run's validated table.
    pub(crate) fn parse(
        config: &MemberConfig,
        ctx: &Context,
        diagnostics: &mut Diagnostics,
    ) -> Self {
        config.options(&ctx.root, diagnostics)
    }

    /// `group-titles` and `group-order` by status id; a name the vocabulary
    /// does not know, or a title that is not text, is an error at its line.
    pub(crate) fn groups(
        &self,
        config: &MemberConfig,
        ctx: &Context,
        vocabulary: &Vocabulary,
        diagnostics: &mut Diagnostics,
    ) -> Groups {
        let table = config.path();
        let mut titles = BTreeMap::new();
        for (status, title) in &self.group_titles {
            let at = Some(config.location(&ctx.root, &format!("group-titles.{status}")));
            match (vocabulary.lookup(status), title.as_str()) {
                (Ok(found), Some(title)) => {
                    titles.insert(found.id.clone(), title.to_owned());
                }
                (Err(unknown), _) => diagnostics.error(
                    at,
                    format!("[preprocessor.{table}.group-titles]: {}", unknown.message()),
                ),
                (_, None) => diagnostics.error(
                    at,
                    format!(
                        "[preprocessor.{table}.group-titles]: the title of `{status}` must be a \
                         string"
                    ),
                ),
            }
        }
        let mut order = Vec::new();
        for id in &self.group_order {
            match vocabulary.lookup(id) {
                Ok(found) => order.push(found.id.clone()),
                Err(unknown) => diagnostics.error(
                    Some(config.location(&ctx.root, "group-order")),
                    format!("[preprocessor.{table}.group-order]: {}", unknown.message()),
                ),
            }
        }
        Groups { titles, order }
    }

    /// `default-status` by status id; a name the vocabulary does not know is
    /// an error at its line.
    pub(crate) fn default_status(
        &self,
        config: &MemberConfig,
        ctx: &Context,
        vocabulary: &Vocabulary,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        match vocabulary.lookup(self.default_status.as_deref()?) {
            Ok(found) => Some(found.id.clone()),
            Err(unknown) => {
                diagnostics.error(
                    Some(config.location(&ctx.root, "default-status")),
                    format!(
                        "[preprocessor.{}.default-status]: {}",
                        config.path(),
                        unknown.message()
                    ),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use deepdive_core::config;

    /// The options and the groups they make, as the member reads them.
    fn options_and_groups(
        config: &MemberConfig,
        ctx: &Context,
        diagnostics: &mut Diagnostics,
    ) -> (Options, Groups) {
        let options = Options::parse(config, ctx, diagnostics);
        let vocabulary = Vocabulary::from_context(ctx, diagnostics);
        let groups = options.groups(config, ctx, &vocabulary, diagnostics);
        (options, groups)
    }

    /// The options of `toml`'s index table, its groups, and every message.
    fn parsed(toml: &str) -> (Options, Groups, Vec<String>) {
        let ((options, groups), messages) =
            config::read_book_toml(toml, "deepdive-index", SPECS, options_and_groups);
        (options, groups, messages)
    }

    #[test]
    fn every_option_is_read_and_a_book_without_a_table_has_the_defaults() {
        let (options, groups) =
            config::assert_options_read::<Options, _>("deepdive-index", SPECS, options_and_groups);
        assert_eq!(options, Options::default());
        assert!(!options.planned);
        assert_eq!(options.required, Required::Everywhere(Vec::new()));
        assert!(groups.titles.is_empty() && groups.order.is_empty());
    }

    #[test]
    fn groups_are_by_status_id_and_required_fields_per_folder() {
        let (options, groups, messages) = parsed(
            "[preprocessor.deepdive-index]\nplanned = true\ngroup-order = [\"Done\"]\n\
             default-status = \"Done\"\n\
             group-titles = { \"✅ Done\" = \"Finished\" }\n\
             required = { \"deep-dives/\" = [\"owner\"], notes = [\"date\"] }\n",
        );
        assert!(messages.is_empty(), "{messages:?}");
        assert!(options.planned);
        assert_eq!(options.default_status.as_deref(), Some("Done"));
        assert_eq!(groups.order, ["done"]);
        assert_eq!(groups.titles["done"], "Finished");
        let mut page = Page::detached("src/deep-dives/a.md");
        page.source_path = Some("deep-dives/a.md".into());
        assert_eq!(options.required.of(&page), ["owner"]);
    }

    #[test]
    fn a_wrong_type_or_unknown_status_is_an_error_at_its_line_naming_its_table() {
        let (_, _, messages) = parsed(
            "[preprocessor.deepdive]\n[preprocessor.deepdive.index]\nplanned = \"yes\"\n\
             group-order = [\"dnoe\"]\ngroup-titles = { done = 1 }\n",
        );
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert_eq!(
            messages[0],
            "error: book.toml:3:1: option `planned` in [preprocessor.deepdive.index] must be \
             true or false, found `\"yes\"`"
        );
        assert_eq!(
            messages[1],
            "error: book.toml:5:1: [preprocessor.deepdive.index.group-titles]: the title of \
             `done` must be a string"
        );
        assert!(
            messages[2].starts_with(
                "error: book.toml:4:1: [preprocessor.deepdive.index.group-order]: unknown \
                 status `dnoe`"
            ),
            "{}",
            messages[2]
        );
    }
}
