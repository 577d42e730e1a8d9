//! `mdbook-deepdive-review`: staff-review checklists that show what a chapter already answers.
//!
//! A member of the mdbook-deepdive suite. The protocol, front matter handling
//! and diagnostics live in `deepdive_core`; this binary only says which member
//! it is.

use deepdive_core::member::Member;
use std::process::ExitCode;

struct Review;

impl Member for Review {
    fn name(&self) -> &'static str {
        "deepdive-review"
    }
}

fn main() -> ExitCode {
    deepdive_core::cli::main(&Review)
}
