//! The suite's integration tests, one binary with a module per area. Each
//! test drives the real `mdbook` (0.5.4 and 0.4.52) over a real book: a small
//! book on disk under `tests/books/`, the example book, or one written by the
//! test; `support` holds the harness (`BookTest`, `BookTest`) and
//! `tests/snapshots/` the expected output.

mod support;

mod all_in_one;
mod bad_input;
mod check;
mod errors;
mod foundation;
mod hostile_bounds;
mod hostile_pages;
mod hostile_paths;
mod index;
mod option_tables;
mod real_books;
mod review;
mod safety;
mod serve;
mod status;
mod template;
mod workflow;
mod writer;
