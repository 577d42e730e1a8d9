//! `mdbook-deepdive-index`: the investigation index generated from chapter metadata.
//!
//! A member of the mdbook-deepdive suite. The protocol, front matter handling
//! and diagnostics live in `deepdive_core`; this binary only says which member
//! it is.

use deepdive_core::member::Member;
use std::process::ExitCode;

struct Index;

impl Member for Index {
    fn name(&self) -> &'static str {
        "deepdive-index"
    }
}

fn main() -> ExitCode {
    deepdive_core::cli::main(&Index)
}
