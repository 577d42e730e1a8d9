//! `mdbook-deepdive-template`: template macros: {{#template NAME ...}}.
//!
//! A member of the mdbook-deepdive suite. The protocol, front matter handling
//! and diagnostics live in `deepdive_core`; this binary only says which member
//! it is.

use deepdive_core::member::Member;
use std::process::ExitCode;

struct Template;

impl Member for Template {
    fn name(&self) -> &'static str {
        "deepdive-template"
    }
}

fn main() -> ExitCode {
    deepdive_core::cli::main(&Template)
}
