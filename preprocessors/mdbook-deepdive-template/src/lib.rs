//! `mdbook-deepdive-template`: template macros (`{{#template NAME k=v}}`,
//! `{{#meta KEY}}`), Hugo shortcodes, and `new` to start a chapter.
//!
//! Template placeholder syntax (in template files):
//! `{{ name }}` a parameter; `{{ name | "default" }}` with a default;
//! `{{ name | page.title | book.title | "default" }}` falls back through the
//! including chapter's front matter and `[book]`; the first with a value wins.

pub mod expand;
mod hugo;
pub mod library;
pub mod member;
mod options;
pub mod placeholders;
pub mod scaffold;
