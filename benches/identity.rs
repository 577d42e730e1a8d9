//! The benchmark's floor: reads the `[context, book]` JSON mdBook sends and
//! writes the book back, through the same protocol code and release profile
//! as the members, doing nothing else.

use std::process::ExitCode;

fn main() -> ExitCode {
    // mdBook first asks `supports RENDERER`; a preprocessor that fails it is
    // skipped, so the floor must say yes to be run at all.
    if std::env::args().nth(1).as_deref() == Some("supports") {
        return ExitCode::SUCCESS;
    }
    deepdive_heap::keep_large_buffers_in_the_heap();
    let input = match deepdive_core::protocol::read_input(std::io::stdin().lock()) {
        Ok((_, book)) => book,
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    match deepdive_core::book_writer::write_book_to_stdout(&input, &[]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
