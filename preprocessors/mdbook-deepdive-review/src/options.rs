//! The review member's options (`[preprocessor.deepdive-review]`, or
//! `[preprocessor.deepdive.review]`), declared for validation and parsed once
//! per run into [`Options`].

use deepdive_core::config::{self, Kind, MemberConfig, OptionSpec};
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::protocol::Context;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The options of the member's table beyond mdBook's and the common ones.
pub(crate) const SPECS: &[OptionSpec] = &[
    OptionSpec {
        name: "questions",
        kind: Kind::Text,
    },
    OptionSpec {
        name: "categories",
        kind: Kind::Table,
    },
    OptionSpec {
        name: "auto",
        kind: Kind::Bool,
    },
    OptionSpec {
        name: "auto-folder",
        kind: Kind::Text,
    },
    OptionSpec {
        name: "auto-tags",
        kind: Kind::TextList,
    },
    OptionSpec {
        name: "auto-categories",
        kind: Kind::TextList,
    },
    OptionSpec {
        name: "insert-before",
        kind: Kind::Text,
    },
    OptionSpec {
        name: "gate",
        kind: Kind::TextList,
    },
];

/// The review member's options; tags, categories and statuses in lower case,
/// as they are compared.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct Options {
    /// A TOML file of questions (relative to the book's root) that changes
    /// the built-in bank.
    pub(crate) questions: Option<String>,
    /// Changes to the bank's categories, checked as the bank is built
    /// (`bank::apply`).
    pub categories: Map<String, Value>,
    /// Checklists put into chapters without the directive.
    pub(crate) auto: bool,
    /// `auto` only for chapters under this folder (of src/)…
    pub(crate) auto_folder: Option<String>,
    /// …or with one of these tags…
    pub(crate) auto_tags: Vec<String>,
    /// …or in one of these categories (none of the three: every chapter with a status).
    pub(crate) auto_categories: Vec<String>,
    /// The heading an automatic checklist goes before (else the end).
    pub(crate) insert_before: Option<String>,
    /// Statuses in which an open must-answer question is a warning.
    pub(crate) gate: Vec<String>,
}

impl Options {
    /// The options in the run's validated table.
    pub(crate) fn parse(
        config: &MemberConfig,
        ctx: &Context,
        diagnostics: &mut Diagnostics,
    ) -> Self {
        let mut options: Options = config.options(&ctx.root, diagnostics);
        for list in [
            &mut options.auto_tags,
            &mut options.auto_categories,
            &mut options.gate,
        ] {
            for item in list.iter_mut() {
                *item = item.to_lowercase();
            }
        }
        options
    }

    /// The book's options for a command (`export`, through
    /// [`crate::member::BookReview`]), with the table they came from; an
    /// invalid option is left at its default, as the build reports it.
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
        assert!(!options.auto && options.gate.is_empty() && options.questions.is_none());
    }

    #[test]
    fn lists_are_compared_in_lower_case() {
        let toml = "[preprocessor.deepdive-review]\nauto = true\nauto-tags = [\"Security\"]\n\
                    gate = [\"Done\"]\ninsert-before = \"See also\"\n\
                    [preprocessor.deepdive-review.categories.design]\ntitle = \"D\"\n";
        let (options, messages) = parsed(toml);
        assert!(messages.is_empty(), "{messages:?}");
        assert!(options.auto);
        assert_eq!(options.auto_tags, ["security"]);
        assert_eq!(options.gate, ["done"]);
        assert_eq!(options.insert_before.as_deref(), Some("See also"));
        assert!(options.categories.contains_key("design"));
        // A command (`export`) reads the same options.
        let (of_book, _) = config::read_book_toml(toml, crate::member::NAME, SPECS, |_, ctx, _| {
            Options::of_book(ctx).0
        });
        assert_eq!(options, of_book);
    }

    #[test]
    fn a_wrong_type_is_an_error_at_its_line_naming_its_table() {
        let (options, messages) =
            parsed("[preprocessor.deepdive]\n\n[preprocessor.deepdive.review]\ngate = \"done\"\n");
        assert_eq!(
            messages,
            [
                "error: book.toml:4:1: option `gate` in [preprocessor.deepdive.review] must be a \
              list of strings, found `\"done\"`"
            ]
        );
        assert_eq!(options, Options::default());
    }
}
