//! The `mdbook-deepdive` program: the suite's four members in one process,
//! in the suite's order, run by the shared command line of `deepdive_core`.
//! mdBook then sends the book through one preprocessor instead of four.

use std::process::ExitCode;

fn main() -> ExitCode {
    deepdive_heap::keep_large_buffers_in_the_heap();
    deepdive_core::cli::main_all_in_one(&[
        &mdbook_deepdive_template::member::Template::default(),
        &mdbook_deepdive_index::member::Index::default(),
        &mdbook_deepdive_status::member::Status::default(),
        &mdbook_deepdive_review::member::ReviewMember::default(),
    ])
}
