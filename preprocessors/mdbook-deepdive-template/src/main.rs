//! The `mdbook-deepdive-template` program: the library's member, run by the
//! shared command line of `deepdive_core`.

use std::process::ExitCode;

fn main() -> ExitCode {
    deepdive_heap::keep_large_buffers_in_the_heap();
    deepdive_core::cli::main(&mdbook_deepdive_template::member::Template)
}
