//! The lowest layer: pure text. Front matter and its YAML fast path, the
//! line scanner, sections (and the insertions that only move them), directives and their arguments, byte-range
//! splicing, mojibake, the escaping policy (`inert`, `sink`), and the
//! positions and diagnostics every layer reports with. Nothing here knows
//! what a book, a member or `book.toml` is.

pub mod args;
pub mod date;
pub mod diagnostics;
pub mod directive;
pub mod frontmatter;
pub mod frontmatter_edit;
pub mod inert;
pub mod insertion;
pub mod mojibake;
pub mod sections;
pub mod simple_markdown;
pub mod simple_yaml;
pub mod sink;
pub mod splice;
