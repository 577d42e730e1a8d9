//! `mdbook-deepdive-status`: status badges from one status vocabulary.
//!
//! A member of the mdbook-deepdive suite. The protocol, front matter handling
//! and diagnostics live in `deepdive_core`; this binary only says which member
//! it is.

use deepdive_core::member::Member;
use std::process::ExitCode;

struct Status;

impl Member for Status {
    fn name(&self) -> &'static str {
        "deepdive-status"
    }
}

fn main() -> ExitCode {
    deepdive_core::cli::main(&Status)
}
