//! `mdbook-deepdive-review`: staff-review checklists that know what a chapter
//! already answers: `{{#review-checklist}}` and `{{#review-summary}}`.
//!
//! The questions are seed 002's "What Staff Engineers Ask in Reviews"; each
//! carries evidence rules (words, labels, units, the titles that hint at it),
//! and a question counts as answered where the chapter's text holds its
//! evidence, under whatever heading ([`evidence`]).

pub mod bank;
pub mod coverage;
pub mod evidence;
pub mod member;
pub mod options;
pub mod render;
pub mod words;

/// What a chapter answers of a bank: the ids of its answered and of its open
/// questions, in bank order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Questions the chapter's text answers.
    pub answered: Vec<String>,
    /// Questions it leaves open.
    pub open: Vec<String>,
}

/// How `chapter` (its markdown, without front matter) covers `bank`
/// (`bank::builtin()`, or a book's). For many chapters, build the rules once
/// with [`evidence::Rules::new`] and call its `coverage`.
pub fn coverage(chapter: &str, bank: &[bank::Category]) -> Coverage {
    let (answered, open) = evidence::Rules::new(bank).coverage(chapter);
    Coverage { answered, open }
}

#[cfg(test)]
mod tests {
    #[test]
    fn coverage_names_the_answered_and_the_open_questions() {
        let chapter = "# Cache\n\n## Rollback Plan\n\nThe new eviction policy sits behind a feature \
                       flag; turning it off restores the old policy within a minute.\n";
        let coverage = super::coverage(chapter, &super::bank::builtin());
        assert_eq!(coverage.answered, ["design.roll-back"]);
        assert_eq!(coverage.open.len(), 13);
        assert!(!coverage.open.contains(&"design.roll-back".to_owned()));
    }
}
