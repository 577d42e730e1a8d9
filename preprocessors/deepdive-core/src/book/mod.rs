//! The book model, over the text layer: mdBook's `[context, book]` JSON and
//! the book written back, each chapter as a [`page::Page`] with its metadata,
//! links between pages, and drafts. Nothing here knows the suite's members
//! or their `book.toml` tables.

pub mod book_writer;
pub mod drafts;
pub mod links;
pub mod metadata;
pub mod page;
pub mod protocol;
