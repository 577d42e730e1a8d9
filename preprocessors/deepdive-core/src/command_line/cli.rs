//! The command line every member shares: `supports RENDERER`, and with no
//! command, the preprocessor protocol on stdin/stdout.

use crate::book::book_writer;
use crate::book::protocol::{self, Book, Context};
use crate::engine::member::{Member, Outcome, carry_pages, run_member, run_member_in};
use crate::suite::config;
use crate::suite::install;
use crate::suite::registry::{self, ALL_IN_ONE};
use crate::text::diagnostics::{Diagnostic, Diagnostics, FileLines, Location, display_path};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::process::ExitCode;

fn command(member: &dyn Member) -> clap::Command {
    let binary = registry::program(member.name());
    clap::Command::new(binary)
        .version(env!("CARGO_PKG_VERSION"))
        .about(format!(
            "mdBook preprocessor of the mdbook-deepdive suite. Without a command, reads \
             [context, book] JSON from stdin and writes the book to stdout (mdBook runs it \
             this way when book.toml lists [preprocessor.{}]).",
            member.name()
        ))
        .subcommand(
            clap::Command::new("supports")
                .about("Exit 0 if this preprocessor supports RENDERER, 1 otherwise")
                .arg(clap::Arg::new("renderer").required(true)),
        )
        .subcommand(
            clap::Command::new("install")
                .about("Add this preprocessor to a book: its book.toml table and its assets")
                .arg(crate::command_line::check::book_arg())
                .arg(
                    clap::Arg::new("dry-run")
                        .long("dry-run")
                        .action(clap::ArgAction::SetTrue)
                        .help("Print what would change, change nothing"),
                ),
        )
        .subcommand(crate::command_line::check::command())
        .subcommands(member.commands())
}

fn run_install(member: &dyn Member, args: &clap::ArgMatches) -> anyhow::Result<ExitCode> {
    let book = args.get_one::<String>("book").map_or(".", String::as_str);
    let dry_run = args.get_flag("dry-run");
    let changes = install::install(
        std::path::Path::new(book),
        member.name(),
        member.assets(),
        dry_run,
    )?;
    if changes.is_empty() {
        println!(
            "mdbook-{} is installed in {book}; nothing to change",
            member.name()
        );
    }
    for change in changes {
        println!("{} {change}", if dry_run { "would:" } else { "done:" });
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the member as a program; the whole of a member's `main`.
pub fn main(member: &dyn Member) -> ExitCode {
    install_panic_hook(member.name());
    let matches = command(member).get_matches();
    match matches.subcommand() {
        Some(("supports", args)) => {
            let renderer = args
                .get_one::<String>("renderer")
                .map_or("", String::as_str);
            if member.supports_renderer(renderer) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some((name, args)) => match match name {
            "install" => run_install(member, args),
            "check" => crate::command_line::check::run(member, args),
            _ => member.run_command(name, args),
        } {
            Ok(code) => code,
            Err(error) => {
                eprintln!("error: {error:#}");
                ExitCode::FAILURE
            }
        },
        None => preprocess(member),
    }
}

/// A panic is a bug, but it still ends with a message that says so, and (as
/// the book is only written at the very end) with nothing on stdout.
fn install_panic_hook(name: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        eprintln!(
            "error: internal error in mdbook-{name}: {info}\n\
             This is a bug in mdbook-deepdive; please report it with the chapter that caused it."
        );
    }));
}

fn preprocess(member: &dyn Member) -> ExitCode {
    let program = registry::program(member.name());
    let Some((ctx, mut book)) = read_book(&program) else {
        return ExitCode::FAILURE;
    };
    let outcome = run_member(member, &ctx, &mut book);
    if !report(
        &program,
        &ctx,
        &book,
        &outcome.diagnostics,
        &mut HashSet::new(),
    ) {
        return ExitCode::FAILURE;
    }
    write_book(&program, &book, outcome)
}

/// The all-in-one program `mdbook-deepdive`: `members` in one process, each
/// on the book the one before it made, so mdBook sends the book through one
/// preprocessor instead of one per member (mdBook writes a preprocessor's
/// input a few bytes per system call: a tenth of a second per member on a
/// 2,000-chapter book). `members` come in [`crate::suite::registry::MEMBERS`]'s order.
/// Its whole `main`.
pub fn main_all_in_one(members: &[&dyn Member]) -> ExitCode {
    // Each member strips front matter when it is the suite's last to run.
    debug_assert!(
        members
            .iter()
            .map(|m| m.name())
            .eq(crate::suite::registry::MEMBERS)
    );
    install_panic_hook(ALL_IN_ONE);
    let program = registry::program(ALL_IN_ONE);
    let matches = clap::Command::new(program.clone())
        .version(env!("CARGO_PKG_VERSION"))
        .about(format!(
            "The mdbook-deepdive suite in one mdBook preprocessor: template, index, status and \
             review, in that order, each with its options in [preprocessor.{ALL_IN_ONE}.NAME]. \
             Without a command, reads [context, book] JSON from stdin and writes the book to \
             stdout. The members' own programs have the other commands (install, check, list…)."
        ))
        .subcommand(
            clap::Command::new("supports")
                .about("Exit 0 if this preprocessor supports RENDERER (every member does)")
                .arg(clap::Arg::new("renderer").required(true)),
        )
        .get_matches();
    match matches.subcommand() {
        Some(("supports", _)) => ExitCode::SUCCESS,
        _ => preprocess_all(&program, members),
    }
}

fn preprocess_all(program: &str, members: &[&dyn Member]) -> ExitCode {
    let Some((ctx, mut book)) = read_book(program) else {
        return ExitCode::FAILURE;
    };
    let mut printed = HashSet::new();
    let mut diagnostics = Diagnostics::new(false);
    config::validate_all_in_one(&ctx, &mut diagnostics);
    if !report(program, &ctx, &book, &diagnostics, &mut printed) {
        return ExitCode::FAILURE;
    }
    // Each member reads the book with the edits of the one before it, and
    // the pages it read, where the edits leave them as they were.
    let mut previous = Outcome::unchanged();
    for (i, member) in members.iter().enumerate() {
        book_writer::apply(&mut book, &previous.splices);
        let carried = (i > 0).then(|| {
            let pages = std::mem::take(&mut previous.pages);
            carry_pages(pages, &previous.splices, &book)
        });
        previous = run_member_in(program, *member, &ctx, &mut book, carried);
        if !report(program, &ctx, &book, &previous.diagnostics, &mut printed) {
            return ExitCode::FAILURE;
        }
    }
    write_book(program, &book, previous)
}

/// The `[context, book]` mdBook sent; `None` after saying what is wrong.
fn read_book(program: &str) -> Option<(Context, Book)> {
    match protocol::read_input(std::io::stdin().lock()) {
        Ok(input) => Some(input),
        Err(error) => {
            eprintln!("error: {program}: {error:#}");
            None
        }
    }
}

/// Prints `diagnostics` (each at its line in the chapter's file, and each
/// once: `printed` holds those printed before); whether the build goes on.
fn report(
    program: &str,
    ctx: &Context,
    book: &Book,
    diagnostics: &Diagnostics,
    printed: &mut HashSet<Diagnostic>,
) -> bool {
    // Buffered: stderr is not, and a book with thousands of findings would
    // cost a system call for every piece of every line.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let mut files = SourceFiles::new(ctx, book);
    for diagnostic in diagnostics.items() {
        let diagnostic = files.in_file(diagnostic);
        if !printed.contains(&diagnostic) {
            let _ = writeln!(err, "{diagnostic}");
            printed.insert(diagnostic);
        }
    }
    if diagnostics.has_errors() {
        let _ = writeln!(
            err,
            "error: {program} stopped the build: fix the errors above"
        );
    }
    !diagnostics.has_errors()
}

/// Writes the book with `outcome`'s edits to stdout, the last step of a run.
fn write_book(program: &str, book: &Book, outcome: Outcome) -> ExitCode {
    match crate::book::book_writer::write_book_to_stdout(book, &outcome.splices) {
        Ok(()) => {
            outcome.forget();
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {program}: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The book's chapters as handed on and as their files hold them, to show a
/// diagnostic at its line in the chapter's file (see [`FileLines`]). Built
/// and read only for diagnostics that have a location, once per file.
struct SourceFiles<'a> {
    ctx: &'a Context,
    book: &'a Book,
    /// Each chapter's text as handed on, by the path diagnostics show.
    handed: Option<HashMap<String, &'a str>>,
    /// Where each handed line is in the file; `None` for a file not read.
    lines: HashMap<String, Option<FileLines>>,
}

impl<'a> SourceFiles<'a> {
    fn new(ctx: &'a Context, book: &'a Book) -> Self {
        SourceFiles {
            ctx,
            book,
            handed: None,
            lines: HashMap::new(),
        }
    }

    /// `diagnostic`, at its line in the chapter's file.
    fn in_file(&mut self, diagnostic: &Diagnostic) -> Diagnostic {
        let location = diagnostic
            .location
            .as_ref()
            .map(|location| self.locate(location));
        Diagnostic {
            level: diagnostic.level,
            location,
            message: diagnostic.message.clone(),
        }
    }

    fn locate(&mut self, location: &Location) -> Location {
        let (ctx, book) = (self.ctx, self.book);
        let handed = self.handed.get_or_insert_with(|| {
            let mut handed = HashMap::new();
            protocol::for_each_chapter(&book.items, &mut |chapter| {
                if let Some(source) = &chapter.source_path {
                    handed.insert(
                        display_path(ctx.src_dir(), source),
                        chapter.content.as_str(),
                    );
                }
            });
            handed
        });
        let Some(text) = handed.get(&location.file) else {
            return location.clone();
        };
        let lines = self.lines.entry(location.file.clone()).or_insert_with(|| {
            let on_disk = std::fs::read_to_string(ctx.root.join(&location.file)).ok()?;
            Some(FileLines::new(text, &on_disk))
        });
        match lines {
            Some(lines) => location.in_file(lines),
            None => location.clone(),
        }
    }
}
