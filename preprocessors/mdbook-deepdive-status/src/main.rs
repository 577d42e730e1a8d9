//! The `mdbook-deepdive-status` program: the library's member, run by the
//! shared command line of `deepdive_core`.

use std::process::ExitCode;

fn main() -> ExitCode {
    deepdive_core::cli::main(&mdbook_deepdive_status::member::Status::default())
}
