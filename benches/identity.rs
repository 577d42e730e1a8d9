//! The benchmark's floor: a plain `serde_json` read and write of the
//! `[context, book]` JSON mdBook sends, doing nothing else: what any
//! preprocessor written with `serde_json` costs, against which the issue
//! that set the suite's targets measures it. It reads through the members'
//! protocol code (`serde_json` into mdBook's types) and writes the book back
//! with `serde_json`, built with the members' release profile; the members
//! write through `book_writer`, which escapes eight bytes at a time (the
//! benchmark prints both writers' cost on each book).

use deepdive_core::book_writer;
use std::process::ExitCode;

fn main() -> ExitCode {
    // mdBook first asks `supports RENDERER`; a preprocessor that fails it is
    // skipped, so the floor must say yes to be run at all.
    if std::env::args().nth(1).as_deref() == Some("supports") {
        return ExitCode::SUCCESS;
    }
    deepdive_heap::keep_large_buffers_in_the_heap();
    let book = match deepdive_core::protocol::read_input(std::io::stdin().lock()) {
        Ok((_, book)) => book,
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let written = if std::env::var_os("DEEPDIVE_IDENTITY_WRITER").is_some() {
        book_writer::write_book_to_stdout(&book, &[])
    } else {
        book_writer::stdout().and_then(|out| book_writer::write_book_with_serde_json(&book, out))
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
