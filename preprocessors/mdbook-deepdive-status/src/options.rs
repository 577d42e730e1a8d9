//! The status member's options (`[preprocessor.deepdive-status]`, or
//! `[preprocessor.deepdive.status]`), declared for validation and parsed once
//! per run into [`Options`].

use deepdive_core::config::{Kind, MemberConfig, OptionSpec};
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::protocol::Context;
use serde::Deserialize;
use serde::de::IgnoredAny;

/// The options of the member's table beyond mdBook's and the common ones.
pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec {
        name: "auto",
        kind: Kind::Bool,
    },
    OptionSpec {
        name: "position",
        kind: Kind::OneOf(&["after-title", "top", "none"]),
    },
    OptionSpec {
        name: "statuses",
        kind: Kind::Table,
    },
    OptionSpec {
        name: "aliases",
        kind: Kind::Table,
    },
];

/// The status member's options.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub(crate) struct Options {
    /// A badge line under the title of every chapter with a `status`.
    pub(crate) auto: bool,
    /// Where that line goes.
    pub(crate) position: Position,
    /// `statuses` and `aliases` are the book's vocabulary, which every member
    /// reads from this table and checks (`Vocabulary::from_context`); they
    /// are here so that the table has no key without its field.
    #[serde(rename = "statuses")]
    _statuses: IgnoredAny,
    #[serde(rename = "aliases")]
    _aliases: IgnoredAny,
}

/// Where the badge line goes in a chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Position {
    /// After the first heading (at the top without one).
    #[default]
    AfterTitle,
    /// At the top of the body.
    Top,
    /// Nowhere.
    None,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            auto: true,
            position: Position::AfterTitle,
            _statuses: IgnoredAny,
            _aliases: IgnoredAny,
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use deepdive_core::config;

    fn parsed(toml: &str) -> (Options, Vec<String>) {
        config::read_book_toml(toml, "deepdive-status", SPECS, Options::parse)
    }

    #[test]
    fn every_option_is_read_and_a_book_without_a_table_has_the_defaults() {
        let options =
            config::assert_options_read::<Options, _>("deepdive-status", SPECS, Options::parse);
        assert!(options.auto);
        assert_eq!(options.position, Position::AfterTitle);
    }

    #[test]
    fn options_are_read_beside_the_vocabulary() {
        let (options, messages) = parsed(
            "[preprocessor.deepdive-status]\nauto = false\nposition = \"top\"\n\
             [preprocessor.deepdive-status.statuses.done]\nlabel = \"Shipped\"\n",
        );
        assert!(messages.is_empty(), "{messages:?}");
        assert!(!options.auto);
        assert_eq!(options.position, Position::Top);
    }

    #[test]
    fn a_wrong_value_is_an_error_at_its_line_naming_its_table() {
        let (options, messages) = parsed(
            "[preprocessor.deepdive]\n\n[preprocessor.deepdive.status]\nposition = \"bottom\"\n\
             auto = 1\n",
        );
        assert_eq!(
            messages,
            [
                "error: book.toml:5:1: option `auto` in [preprocessor.deepdive.status] must be \
                 true or false, found `1`",
                "error: book.toml:4:1: option `position` in [preprocessor.deepdive.status] must \
                 be one of \"after-title\", \"top\", \"none\", found `\"bottom\"`",
            ]
        );
        assert_eq!(options, Options::default());
    }
}
