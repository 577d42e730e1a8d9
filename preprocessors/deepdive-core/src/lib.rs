//! The shared mechanics of the mdbook-deepdive preprocessors.
//!
//! Each member binary is a thin `main` over [`cli::main`] with an implementation
//! of [`member::Member`]. The core is five layers, each a private module folder;
//! a layer uses only the layers below it (a unit test, `layers`, checks it):
//!
//! 1. `text`: [`frontmatter`], [`date`], [`simple_yaml`], [`simple_markdown`], [`sections`],
//!    [`directive`], [`args`], [`splice`], [`mojibake`], [`inert`], [`sink`], and
//!    [`diagnostics`] (positions, and the list every layer reports into).
//! 2. `book`: [`protocol`], [`book_writer`], [`page`], [`metadata`], [`links`], [`drafts`].
//! 3. `suite`: [`order`], [`config`], [`version`], [`status`], [`badge`], [`seeds`],
//!    [`install`], [`book_root`].
//! 4. `engine`: [`member`] (the `Member` trait and the run), [`parallel`].
//! 5. `command_line`: [`cli`], [`check`].
//!
//! The API is each layer's modules, re-exported here by name.

mod book;
mod command_line;
mod engine;
mod suite;
mod text;

pub use book::{book_writer, drafts, links, metadata, page, protocol};
pub use command_line::{check, cli};
pub use engine::{member, parallel};
pub use suite::{
    badge, book_root, config, install, mermaid, order, registry, seeds, status, version,
};
pub use text::{
    args, date, diagnostics, directive, frontmatter, frontmatter_edit, inert, insertion, mojibake,
    sections, simple_markdown, simple_yaml, sink, splice,
};

#[cfg(test)]
mod layers;
