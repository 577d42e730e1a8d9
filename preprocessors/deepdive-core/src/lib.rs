//! The shared mechanics of the mdbook-deepdive preprocessors.
//!
//! Each member binary is a thin `main` over [`cli::main`] with an implementation
//! of [`member::Member`]. Everything that more than one member needs lives
//! here, one concern per module:
//!
//! - [`protocol`], [`book_writer`]: the `[context, book]` JSON of mdBook 0.4 and 0.5,
//!   and the book written back with each chapter's edits spliced in.
//! - [`order`]: mdBook's preprocessor order (who removes the front matter).
//! - [`frontmatter`], [`metadata`], [`sections`]: chapter metadata.
//! - [`directive`], [`args`], [`simple_markdown`]: finding `{{#name args}}` outside code.
//! - [`links`]: chapter references and relative links.
//! - [`splice`]: byte-range edits of the original text.
//! - [`status`], [`badge`], [`mojibake`], [`inert`]: the status vocabulary, badges, mojibake repair, the one escaping and URL policy.
//! - [`diagnostics`]: `error: src/file.md:LINE:COL: message`.
//! - [`config`]: validated `book.toml` options.
//! - [`version`]: the supported mdBook range.
//! - [`member`], [`cli`], [`check`]: the pass over a book, the shared command line, `check`.
//! - [`parallel`]: work split over the cores when a book is large enough to pay for it.
//! - [`book_root`]: the path guard every command that writes files goes through.

pub mod args;
pub mod badge;
pub mod book_root;
pub mod book_writer;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod directive;
pub mod drafts;
pub mod frontmatter;
pub mod inert;
pub mod install;
pub mod links;
pub mod member;
pub mod metadata;
pub mod mojibake;
pub mod order;
pub mod parallel;
pub mod protocol;
pub mod sections;
pub mod seeds;
pub mod simple_markdown;
pub mod simple_yaml;
pub mod sink;
pub mod splice;
pub mod status;
pub mod version;
