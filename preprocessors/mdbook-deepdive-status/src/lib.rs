//! `mdbook-deepdive-status`: status badges from one status vocabulary.
//!
//! Renders `{{#status done}}` and `{{#ref 07}}`, puts a badge line under the
//! first heading of every chapter with a front matter `status` (with its date,
//! difficulty, tags, owner, review date and relationships), and repairs
//! mojibake. The vocabulary itself lives in `deepdive_core::status`, shared
//! with the index.

mod badge_line;
mod encoding;
pub mod member;
mod options;
pub mod relations;
