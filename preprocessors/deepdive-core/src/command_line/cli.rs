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
                .args(install_args()),
        )
        .subcommand(crate::command_line::check::command())
        .subcommands(member.commands())
}

fn run_install(member: &dyn Member, args: &clap::ArgMatches) -> anyhow::Result<ExitCode> {
    let book = args.get_one::<String>("book").map_or(".", String::as_str);
    let dry_run = args.get_flag("dry-run");
    let installed = install::install(
        std::path::Path::new(book),
        member.name(),
        member.assets(),
        dry_run,
        args.get_flag("mermaid"),
    )?;
    print_installed(installed, &registry::program(member.name()), book, dry_run);
    Ok(ExitCode::SUCCESS)
}

/// The options both `install` commands (a member's, the whole suite's) take.
fn install_args() -> [clap::Arg; 2] {
    [
        clap::Arg::new("dry-run")
            .long("dry-run")
            .action(clap::ArgAction::SetTrue)
            .help("Print what would change, change nothing"),
        clap::Arg::new("mermaid")
            .long("mermaid")
            .action(clap::ArgAction::SetTrue)
            .help(
                "Also run mdbook-mermaid after the suite: [preprocessor.mermaid] \
                 and mermaid's scripts in [output.html] additional-js",
            ),
    ]
}

/// What an `install` changed (or would), and what mermaid still needs.
fn print_installed(installed: install::Installed, installed_name: &str, book: &str, dry_run: bool) {
    if installed.changes.is_empty() {
        println!("{installed_name} is installed in {book}; nothing to change");
    }
    for change in installed.changes {
        println!("{} {change}", if dry_run { "would:" } else { "done:" });
    }
    if let Some(advice) = installed.advice {
        println!("{advice}");
    }
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

/// The commands the all-in-one program adds for writers (`new`, `export`,
/// `set`, the members' own commands…), which its binary runs: they need the
/// member crates, which the core does not know.
pub struct WriterCommands<'a> {
    /// The commands, with their arguments.
    pub commands: Vec<clap::Command>,
    /// Runs the command of that name.
    pub run: &'a dyn Fn(&str, &clap::ArgMatches) -> anyhow::Result<ExitCode>,
}

/// The `Example:` lines a command's `--help` ends with.
pub fn example(lines: &str) -> String {
    format!("Example:\n{lines}")
}

/// The all-in-one program's command line: the preprocessor's `supports`, the
/// suite's `check` and `install`, `completions`, and `writer`'s commands.
fn all_in_one_command(program: &str, writer: &WriterCommands<'_>) -> clap::Command {
    clap::Command::new(program.to_owned())
        .version(env!("CARGO_PKG_VERSION"))
        .about(format!(
            "The mdbook-deepdive suite: the one program a writer types (new, check, set, \
             export…), and the whole suite as one mdBook preprocessor: template, index, status \
             and review, in that order, each with its options in [preprocessor.{ALL_IN_ONE}.NAME]. \
             Without a command, reads [context, book] JSON from stdin and writes the book to \
             stdout."
        ))
        .after_help(example(
            "  mdbook-deepdive install --book .\n  mdbook-deepdive new \"Distributed Presence\"\n  \
             mdbook-deepdive check --format github",
        ))
        .subcommand(
            clap::Command::new("supports")
                .about("Exit 0 if this preprocessor supports RENDERER (every member does)")
                .arg(clap::Arg::new("renderer").required(true))
                .after_help(example("  mdbook-deepdive supports html")),
        )
        .subcommand(
            clap::Command::new("check")
                .about(
                    "Run every suite member the book's book.toml runs, in build order, over the \
                     whole book without rendering it; report each problem once",
                )
                .arg(crate::command_line::check::book_arg())
                .arg(crate::command_line::check::format_arg())
                .after_help(example(
                    "  mdbook-deepdive check --book .\n  mdbook-deepdive check --format github   \
                     # annotations on a pull request",
                )),
        )
        .subcommand(
            clap::Command::new("install")
                .about(
                    "Add the whole suite to a book: its book.toml tables in the documented order \
                     (or the one entry) and its assets; comments and layout are kept",
                )
                .arg(crate::command_line::check::book_arg())
                .arg(
                    clap::Arg::new("one-entry")
                        .long("one-entry")
                        .action(clap::ArgAction::SetTrue)
                        .help(format!(
                            "List the suite as one entry, [preprocessor.{ALL_IN_ONE}], run by this program"
                        )),
                )
                .args(install_args())
                .after_help(example(
                    "  mdbook-deepdive install --book .\n  mdbook-deepdive install --one-entry --mermaid",
                )),
        )
        .subcommand(
            clap::Command::new("completions")
                .about("Print the shell completion script of this program")
                .arg(
                    clap::Arg::new("shell")
                        .required(true)
                        .value_parser(clap::value_parser!(clap_complete::Shell)),
                )
                .after_help(example(
                    "  mdbook-deepdive completions bash > ~/.local/share/bash-completion/completions/mdbook-deepdive",
                )),
        )
        .subcommands(writer.commands.iter().cloned())
}

/// The all-in-one program `mdbook-deepdive`: `members` in one process, each
/// on the book the one before it made, so mdBook sends the book through one
/// preprocessor instead of one per member (mdBook writes a preprocessor's
/// input a few bytes per system call: a tenth of a second per member on a
/// 2,000-chapter book). `members` come in [`crate::suite::registry::MEMBERS`]'s order.
/// With a command, the writer's program (`check`, `install`, `writer`'s).
/// Its whole `main`.
pub fn main_all_in_one(members: &[&dyn Member], writer: &WriterCommands<'_>) -> ExitCode {
    // Each member strips front matter when it is the suite's last to run.
    debug_assert!(
        members
            .iter()
            .map(|m| m.name())
            .eq(crate::suite::registry::MEMBERS)
    );
    install_panic_hook(ALL_IN_ONE);
    let program = registry::program(ALL_IN_ONE);
    let matches = all_in_one_command(&program, writer).get_matches();
    let result = match matches.subcommand() {
        Some(("supports", _)) => Ok(ExitCode::SUCCESS),
        Some(("check", args)) => check_suite(&program, members, args),
        Some(("install", args)) => install_suite(members, args),
        Some(("completions", args)) => {
            if let Some(shell) = args.get_one::<clap_complete::Shell>("shell") {
                let mut command = all_in_one_command(&program, writer);
                clap_complete::generate(*shell, &mut command, &program, &mut std::io::stdout());
            }
            Ok(ExitCode::SUCCESS)
        }
        Some((name, args)) => (writer.run)(name, args),
        None => return preprocess_all(&program, members),
    };
    result.unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        ExitCode::FAILURE
    })
}

fn install_suite(members: &[&dyn Member], args: &clap::ArgMatches) -> anyhow::Result<ExitCode> {
    let book = args.get_one::<String>("book").map_or(".", String::as_str);
    let dry_run = args.get_flag("dry-run");
    let layout = if args.get_flag("one-entry") {
        install::Layout::OneEntry
    } else {
        install::Layout::FourEntries
    };
    let assets: Vec<install::Asset> = members.iter().flat_map(|m| m.assets()).copied().collect();
    let installed = install::install_suite(
        std::path::Path::new(book),
        layout,
        &assets,
        dry_run,
        args.get_flag("mermaid"),
    )?;
    print_installed(installed, "the mdbook-deepdive suite", book, dry_run);
    Ok(ExitCode::SUCCESS)
}

/// `mdbook-deepdive check`: every suite member the book runs, in build
/// order, each on the book the one before it made (as mdBook would run
/// them), every diagnostic at its line in the chapter's file and each once.
fn check_suite(
    program: &str,
    members: &[&dyn Member],
    args: &clap::ArgMatches,
) -> anyhow::Result<ExitCode> {
    let root = std::path::PathBuf::from(args.get_one::<String>("book").map_or(".", String::as_str));
    let (ctx, mut book) = crate::command_line::check::load(&root, "html")?;
    let order = crate::suite::order::suite_run_order(&ctx.config, &ctx.renderer);
    let mut running: Vec<&dyn Member> = Vec::new();
    for name in &order {
        if let Some(member) = members.iter().find(|m| m.name() == *name)
            && !running.iter().any(|m| m.name() == *name)
        {
            running.push(*member);
        }
    }
    if running.is_empty() {
        anyhow::bail!(
            "{}: the book runs no member of the suite; add it with `mdbook-deepdive install --book {}`",
            root.join("book.toml").display(),
            root.display()
        );
    }
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut seen = HashSet::new();
    let mut keep = |ctx: &Context, book: &Book, diagnostics: &Diagnostics| {
        let mut files = SourceFiles::new(ctx, book);
        for diagnostic in diagnostics.items() {
            let diagnostic = files.in_file(diagnostic);
            if seen.insert(diagnostic.clone()) {
                found.push(diagnostic);
            }
        }
        true
    };
    if crate::suite::order::run_order(&ctx.config)
        .iter()
        .any(|name| name == ALL_IN_ONE)
    {
        let mut diagnostics = Diagnostics::new(false);
        config::validate_all_in_one(&ctx, &mut diagnostics);
        keep(&ctx, &book, &diagnostics);
    }
    run_in_turn(program, &running, &ctx, &mut book, &mut keep).forget();
    let format = args
        .get_one::<String>("format")
        .map_or("text", String::as_str);
    Ok(crate::command_line::check::print(program, &found, format))
}

/// `book` as `members` leave it, run in turn as a build runs them, for a
/// command that reads what a later member of a build reads (`export`'s review
/// coverage reads chapters after the template member expanded them). What
/// the members find is `check`'s to report, not this.
pub fn run_members(program: &str, members: &[&dyn Member], ctx: &Context, book: &mut Book) {
    let outcome = run_in_turn(program, members, ctx, book, &mut |_, _, _| true);
    book_writer::apply(book, &outcome.splices);
}

/// Runs `members` in turn over `book`, each on the book the one before it
/// made (`book_writer::apply` splices a member's edits in before the next
/// reads it, and the pages it read are carried over where the edits leave
/// them as they were), handing each run's diagnostics to `report`, which says
/// whether to go on. The last run's outcome, whose edits are still to be applied.
fn run_in_turn(
    program: &str,
    members: &[&dyn Member],
    ctx: &Context,
    book: &mut Book,
    report: &mut dyn FnMut(&Context, &Book, &Diagnostics) -> bool,
) -> Outcome {
    let mut previous = Outcome::unchanged();
    for (i, member) in members.iter().enumerate() {
        book_writer::apply(book, &previous.splices);
        // The pages the member before read, where its edits leave them as
        // they were: each chapter's front matter and outline made once.
        let carried = (i > 0).then(|| {
            let pages = std::mem::take(&mut previous.pages);
            carry_pages(pages, &previous.splices, book)
        });
        previous = run_member_in(program, *member, ctx, book, carried);
        if !report(ctx, book, &previous.diagnostics) {
            break;
        }
    }
    previous
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
    let mut failed = false;
    let outcome = run_in_turn(
        program,
        members,
        &ctx,
        &mut book,
        &mut |ctx, book, found| {
            failed = !report(program, ctx, book, found, &mut printed);
            !failed
        },
    );
    if failed {
        return ExitCode::FAILURE;
    }
    write_book(program, &book, outcome)
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
