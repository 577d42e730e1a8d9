//! `mdbook-deepdive-template`: template macros (`{{#template NAME k=v}}`,
//! `{{#meta KEY}}`), Hugo shortcodes, and `new` to start a chapter.
//!
//! Template placeholder syntax (in template files):
//! `{{ name }}` a parameter; `{{ name | "default" }}` with a default;
//! `{{ name | page.title | book.title | "default" }}` falls back through the
//! including chapter's front matter and `[book]`; the first with a value wins.

mod expand;
mod hugo;
mod library;
mod member;
mod placeholders;
mod scaffold;

use std::process::ExitCode;

fn main() -> ExitCode {
    deepdive_core::cli::main(&member::Template::default())
}
