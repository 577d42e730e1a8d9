//! The one list of the suite's members. Everything that needs to know which
//! members there are (mdBook's order, the all-in-one entry's tables, option
//! validation, `install`, the benchmark, the tests) reads it from here.
//!
//! A new member is its crate (an implementation of `Member` and a two-line
//! `main`), its line in [`MEMBERS`], and its instance in the all-in-one
//! program's list (`mdbook-deepdive`'s `main`), which a test there checks
//! against this list.

/// The table names of the suite's members, in the order they run: the
/// documented order of a book's `[preprocessor.…]` tables, and the order the
/// all-in-one entry runs them in (so the last of them removes front matter).
pub const MEMBERS: [&str; 4] = [
    "deepdive-template",
    "deepdive-index",
    "deepdive-status",
    "deepdive-review",
];

/// The members that run before `member`, in order (none for a name that is
/// not a member's).
pub fn before(member: &str) -> &'static [&'static str] {
    MEMBERS
        .iter()
        .position(|m| *m == member)
        .map_or(&[], |i| &MEMBERS[..i])
}

/// The table name and program of the entry that runs every member in one
/// process (`mdbook-deepdive`): mdBook then sends the book through one
/// preprocessor instead of four.
pub const ALL_IN_ONE: &str = "deepdive";

/// A member's name inside the all-in-one entry: `status` for `deepdive-status`.
pub fn short_name(member: &str) -> &str {
    member.strip_prefix("deepdive-").unwrap_or(member)
}

/// The program of a member (or of the all-in-one entry): `mdbook-NAME`.
pub fn program(member: &str) -> String {
    format!("mdbook-{member}")
}
