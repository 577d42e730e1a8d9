//! `mdbook-deepdive-index`: the investigation index, generated from chapter
//! metadata: `{{#investigation-index}}`, `{{#investigation-count}}` and
//! `{{#tag-index}}`, and the decision graph `{{#investigation-graph}}`.
//!
//! The chapters, their metadata, the status vocabulary and the links all come
//! from `deepdive_core`; this crate selects, sorts and writes the tables
//! (with `pulldown-cmark-to-cmark`, which escapes cell text correctly).

mod graph;
mod import;
pub mod member;
mod options;
pub mod query;
mod render;
