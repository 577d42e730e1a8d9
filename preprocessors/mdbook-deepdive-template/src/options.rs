//! The template member's options (`[preprocessor.deepdive-template]`, or
//! `[preprocessor.deepdive.template]`), declared for validation and parsed
//! once per run into [`Options`].

use deepdive_core::config::{self, Kind, MemberConfig, OptionSpec};
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::protocol::Context;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The options of the member's table beyond mdBook's and the common ones.
pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec {
        name: "templates",
        kind: Kind::Text,
    },
    OptionSpec {
        name: "shortcodes",
        kind: Kind::TextTable,
    },
    OptionSpec {
        name: "max-depth",
        kind: Kind::Integer,
    },
    OptionSpec {
        name: "max-expansion-size",
        kind: Kind::Integer,
    },
    OptionSpec {
        name: "folder",
        kind: Kind::Text,
    },
];

/// The most templates one directive nests by default.
const DEFAULT_MAX_DEPTH: usize = 16;
/// The most bytes one directive expands to by default: the largest built-in
/// template is 8 KB, so this leaves room for a hundred of them in one
/// directive while keeping a hostile chain of templates to a few MB of work.
const DEFAULT_MAX_EXPANSION_SIZE: usize = 1 << 20;

/// The template member's options.
#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub(crate) struct Options {
    /// The book's template folder, relative to the book's root.
    pub(crate) templates: String,
    /// Hugo shortcode name to the template that replaces it.
    pub(crate) shortcodes: BTreeMap<String, String>,
    /// How deep templates may include templates.
    pub(crate) max_depth: usize,
    /// The most bytes one directive may expand to.
    pub(crate) max_expansion_size: usize,
    /// Where `new` puts a chapter whose template names no folder of its own.
    pub(crate) folder: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            templates: "templates".to_owned(),
            shortcodes: BTreeMap::new(),
            max_depth: DEFAULT_MAX_DEPTH,
            max_expansion_size: DEFAULT_MAX_EXPANSION_SIZE,
            folder: None,
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

    /// The book's options for a command (`new`, `list`, `show`), with the
    /// table they came from; an invalid option is left at its default, as
    /// the build reports it.
    pub(crate) fn of_book(ctx: &Context) -> (Self, MemberConfig) {
        config::for_command(ctx, crate::member::NAME, SPECS, Self::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(toml: &str) -> (Options, Vec<String>) {
        config::read_book_toml(toml, crate::member::NAME, SPECS, Options::parse)
    }

    #[test]
    fn every_option_is_read_and_a_book_without_a_table_has_the_defaults() {
        let options =
            config::assert_options_read::<Options, _>(crate::member::NAME, SPECS, Options::parse);
        assert_eq!(options, Options::default());
        assert_eq!(options.max_depth, 16);
        assert_eq!(options.max_expansion_size, 1 << 20);
    }

    #[test]
    fn options_are_read_from_either_layout() {
        for table in ["deepdive-template", "deepdive.template"] {
            let (options, messages) = parsed(&format!(
                "[preprocessor.{table}]\ntemplates = \"t\"\nmax-depth = 3\nfolder = \"notes\"\n\
                 shortcodes = {{ callout = \"note\" }}\n"
            ));
            assert!(messages.is_empty(), "{messages:?}");
            assert_eq!(options.templates, "t");
            assert_eq!(options.max_depth, 3);
            assert_eq!(options.folder.as_deref(), Some("notes"));
            assert_eq!(options.shortcodes["callout"], "note");
        }
    }

    #[test]
    fn a_wrong_type_is_an_error_at_its_line_naming_its_table() {
        let (options, messages) = parsed(
            "[preprocessor.deepdive]\n\n[preprocessor.deepdive.template]\n\
             max-depth = \"deep\"\nshortcodes = { callout = 1 }\n",
        );
        assert_eq!(
            messages,
            [
                "error: book.toml:4:1: option `max-depth` in [preprocessor.deepdive.template] \
                 must be a whole number, found `\"deep\"`",
                "error: book.toml:5:1: option `shortcodes` in [preprocessor.deepdive.template] \
                 must be a table of strings, found `{\"callout\":1}`",
            ]
        );
        assert_eq!(options, Options::default());
    }
}
