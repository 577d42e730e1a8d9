//! Review coverage: for any chapter, reading it for the built-in bank's
//! evidence never panics, and every question of the bank is either answered
//! or open, never both.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_deepdive_review::bank;
use mdbook_deepdive_review::evidence::Rules;
use std::sync::LazyLock;

static BANK: LazyLock<Vec<bank::Category>> = LazyLock::new(bank::builtin);
static RULES: LazyLock<Rules> = LazyLock::new(|| Rules::new(BANK.iter()));

fuzz_target!(|chapter: &str| {
    let (answered, open) = RULES.coverage(chapter);
    let mut ids: Vec<&String> = answered.iter().chain(&open).collect();
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "a question both answered and open");
    let questions: usize = BANK.iter().map(|c| c.questions.len()).sum();
    assert_eq!(total, questions);
});
