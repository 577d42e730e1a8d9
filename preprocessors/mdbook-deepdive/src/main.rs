//! The `mdbook-deepdive` program: the one program a writer types (`new`,
//! `check`, `set`, `export`, `install`…), and the suite's four members in one
//! mdBook preprocessor, in the suite's order, run by the shared command line
//! of `deepdive_core`. mdBook then sends the book through one preprocessor
//! instead of four.

mod chapters;
mod edit;
mod export;

use deepdive_core::cli::{WriterCommands, example};
use deepdive_core::member::Member;
use mdbook_deepdive_index::member::Index;
use mdbook_deepdive_status::member::Status;
use mdbook_deepdive_template::member::Template;
use std::process::ExitCode;

/// The suite's members, one line each, in the order of
/// `deepdive_core::registry::MEMBERS` (a test checks that they agree).
fn members() -> Vec<Box<dyn Member>> {
    vec![
        Box::new(Template),
        Box::new(Index),
        Box::new(Status),
        Box::new(mdbook_deepdive_review::member::ReviewMember),
    ]
}

/// A member's own command `name`, with an example at the end of its help.
fn member_command(member: &dyn Member, name: &str, lines: &str) -> clap::Command {
    member
        .commands()
        .into_iter()
        .find(|command| command.get_name() == name)
        .unwrap_or_else(|| clap::Command::new(name.to_owned()))
        .after_help(example(lines))
}

/// The writer's commands beside the core's `check`, `install` and
/// `completions`: the members' own (`import`, `fix-encoding`, the templates'
/// `list` and `show` under `templates`) and this program's.
fn commands() -> Vec<clap::Command> {
    vec![
        mdbook_deepdive_template::scaffold::writer_command(),
        edit::set_command(),
        edit::supersede_command(),
        export::command(),
        clap::Command::new("templates")
            .about("The book's templates: the built-ins and the book's own")
            .subcommand_required(true)
            .subcommand(member_command(
                &Template,
                "list",
                "  mdbook-deepdive templates list",
            ))
            .subcommand(member_command(
                &Template,
                "show",
                "  mdbook-deepdive templates show design-doc",
            ))
            .after_help(example("  mdbook-deepdive templates list")),
        member_command(
            &Index,
            "import",
            "  mdbook-deepdive import --book . src/README.md --dry-run",
        ),
        member_command(
            &Status,
            "fix-encoding",
            "  mdbook-deepdive fix-encoding --book .",
        ),
    ]
}

fn run(name: &str, args: &clap::ArgMatches) -> anyhow::Result<ExitCode> {
    match (name, args.subcommand()) {
        ("new", _) => mdbook_deepdive_template::scaffold::run(args, "deep-dives"),
        ("set", _) => edit::run_set(args),
        ("supersede", _) => edit::run_supersede(args),
        ("export", _) => {
            let members = members();
            let members: Vec<&dyn Member> = members.iter().map(|member| &**member).collect();
            export::run(args, &members)
        }
        ("templates", Some((command, args))) => Template.run_command(command, args),
        ("import", _) => Index.run_command(name, args),
        ("fix-encoding", _) => Status.run_command(name, args),
        _ => anyhow::bail!("unknown command `{name}`"),
    }
}

fn main() -> ExitCode {
    deepdive_heap::keep_large_buffers_in_the_heap();
    let members = members();
    let members: Vec<&dyn Member> = members.iter().map(|member| &**member).collect();
    let writer = WriterCommands {
        commands: commands(),
        run: &run,
    };
    deepdive_core::cli::main_all_in_one(&members, &writer)
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

    /// Every command a writer can type says how to use it: `--help` ends
    /// with an example.
    #[test]
    fn every_command_has_an_example() {
        for command in super::commands() {
            let mut stack = vec![command];
            while let Some(command) = stack.pop() {
                let help = command.get_after_help().map(ToString::to_string);
                assert!(
                    help.is_some_and(|h| h.starts_with("Example:\n  mdbook-deepdive ")),
                    "`{}` has no example",
                    command.get_name()
                );
                stack.extend(command.get_subcommands().cloned());
            }
        }
    }
}
