//! The `mdbook-deepdive` program: the suite's four members in one process,
//! in the suite's order, run by the shared command line of `deepdive_core`.
//! mdBook then sends the book through one preprocessor instead of four.

use deepdive_core::member::Member;
use std::process::ExitCode;

/// The suite's members, one line each, in the order of
/// `deepdive_core::registry::MEMBERS` (a test checks that they agree).
fn members() -> Vec<Box<dyn Member>> {
    vec![
        Box::new(mdbook_deepdive_template::member::Template),
        Box::new(mdbook_deepdive_index::member::Index),
        Box::new(mdbook_deepdive_status::member::Status),
        Box::new(mdbook_deepdive_review::member::ReviewMember),
    ]
}

fn main() -> ExitCode {
    deepdive_heap::keep_large_buffers_in_the_heap();
    let members = members();
    let members: Vec<&dyn Member> = members.iter().map(|member| &**member).collect();
    deepdive_core::cli::main_all_in_one(&members)
}

#[cfg(test)]
mod tests {
    /// A member in the registry but not here (or out of order) would be
    /// skipped, or would strip front matter before the others ran.
    #[test]
    fn the_members_are_the_registrys() {
        let names: Vec<&str> = super::members().iter().map(|m| m.name()).collect();
        assert_eq!(names, deepdive_core::registry::MEMBERS);
    }

    /// A directive two members owned would be expanded by the first to run
    /// and shown as text by the other.
    #[test]
    fn no_two_members_own_a_directive() {
        let mut owned: Vec<&str> = super::members()
            .iter()
            .flat_map(|m| m.directives().iter().copied())
            .collect();
        let all = owned.len();
        owned.sort_unstable();
        owned.dedup();
        assert_eq!(owned.len(), all, "{owned:?}");
    }
}
