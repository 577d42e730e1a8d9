//! The team's seed templates, shared by the template member (its built-ins)
//! and the review member (whose coverage check must recognise their
//! guidance text as "not filled in").
//!
//! Converted from the seeds: bracketed guidance became placeholders whose
//! defaults are that same guidance, so an unfilled template reads exactly
//! like the seed.

/// `(name, text)` of every built-in template.
pub const TEMPLATES: [(&str, &str); 4] = [
    ("deep-dive", include_str!("../../templates/deep-dive.md")),
    (
        "technical-deep-dive",
        include_str!("../../templates/technical-deep-dive.md"),
    ),
    (
        "staff-deep-dive",
        include_str!("../../templates/staff-deep-dive.md"),
    ),
    ("design-doc", include_str!("../../templates/design-doc.md")),
];
