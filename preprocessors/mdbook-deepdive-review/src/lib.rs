//! `mdbook-deepdive-review`: staff-review checklists that know what a chapter
//! already answers: `{{#review-checklist}}` and `{{#review-summary}}`.
//!
//! The questions are seed 002's "What Staff Engineers Ask in Reviews"; each
//! names the template sections that answer it, and a question counts as
//! answered when such a section holds text beyond the templates' guidance.

pub mod bank;
pub mod coverage;
pub mod member;
pub mod options;
mod render;
