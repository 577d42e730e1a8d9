//! Mojibake: UTF-8 text that went through Windows-1252 (`âœ… Done`). In a
//! build it is repaired in the output with a warning at its position;
//! `fix-encoding` repairs the source files.

use anyhow::{Context as _, Result};
use deepdive_core::book_root::{BookRoot, Writes};
use deepdive_core::diagnostics::{Diagnostics, Location};
use deepdive_core::directive::literal_ranges;
use deepdive_core::mojibake;
use deepdive_core::page::Page;
use deepdive_core::splice::{self, Edit};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The mojibake runs of `content[from..]` outside code and comments, and
/// outside the `taken` ranges (directives another edit replaces).
fn runs(content: &str, from: usize, taken: &[Range<usize>]) -> Vec<(Range<usize>, String)> {
    let found: Vec<_> = mojibake::find(&content[from..])
        .into_iter()
        .map(|(range, text)| (range.start + from..range.end + from, text))
        .collect();
    if found.is_empty() {
        return found;
    }
    let literal = literal_ranges(content, from);
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    found
        .into_iter()
        .filter(|(range, _)| !literal.iter().chain(taken).any(|r| overlaps(r, range)))
        .collect()
}

/// The edits repairing a chapter's mojibake in the output, each warned about.
pub(crate) fn repairs(
    page: &Page,
    content: &str,
    taken: &[Range<usize>],
    diagnostics: &mut Diagnostics,
) -> Vec<Edit> {
    runs(content, page.body_start(), taken)
        .into_iter()
        .map(|(range, text)| {
            diagnostics.warning(
                Some(page.location(content, range.start)),
                format!(
                    "mojibake `{}` shown as `{text}` (repair the source with `mdbook-deepdive-status fix-encoding`)",
                    &content[range.clone()]
                ),
            );
            Edit::new(range, text)
        })
        .collect()
}

/// The `fix-encoding` subcommand.
pub(crate) fn command() -> clap::Command {
    clap::Command::new("fix-encoding")
        .about(
            "Repair mojibake (UTF-8 read as Windows-1252, e.g. `âœ…`) in the book's source files",
        )
        .arg(deepdive_core::check::book_arg())
        .arg(
            clap::Arg::new("dry-run")
                .long("dry-run")
                .action(clap::ArgAction::SetTrue)
                .help("Report, change nothing"),
        )
}

/// The book's source folder, from `book.toml` (`book.src`, default `src`).
fn source_dir(root: &BookRoot, book: &Path) -> Result<PathBuf> {
    let config = deepdive_core::protocol::book_config(book)?;
    root.source_dir(book, deepdive_core::protocol::source_folder(&config))
}

/// Repairs the mojibake of every markdown file of the book's source folder
/// (symlinks followed while they stay in the book, each file once): all the
/// repairs are planned, then written together, or none.
pub(crate) fn run_fix_encoding(args: &clap::ArgMatches) -> Result<ExitCode> {
    let book = Path::new(args.get_one::<String>("book").map_or(".", String::as_str));
    let dry_run = args.get_flag("dry-run");
    let root = BookRoot::open(book)?;
    let walk = root.files(&source_dir(&root, book)?, |path| {
        path.extension().is_some_and(|e| e == "md")
    })?;
    for skipped in &walk.skipped {
        eprintln!("warning: {skipped}");
    }
    let mut writes = Writes::new(&root);
    // Printed once every repair is planned: a refused one prints none.
    let mut report = Vec::new();
    for path in walk.files {
        let shown = root.shown(&path);
        let content =
            std::fs::read_to_string(&path).with_context(|| format!("{shown}: cannot read"))?;
        let found = runs(&content, 0, &[]);
        if found.is_empty() {
            continue;
        }
        report.extend(found.iter().map(|(range, text)| {
            format!(
                "{}: `{}` -> `{text}`",
                Location::in_text(&shown, &content, range.start),
                &content[range.clone()]
            )
        }));
        let edits = found
            .into_iter()
            .map(|(range, text)| Edit::new(range, text))
            .collect();
        writes.replace(&path, splice::apply(&content, edits))?;
    }
    if !dry_run {
        writes.commit()?;
    }
    for line in &report {
        println!("{line}");
    }
    let verb = if dry_run { "would repair" } else { "repaired" };
    println!("{verb} {} mojibake sequence(s)", report.len());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_skip_code_comments_and_taken_ranges() {
        let text = "âœ… a `âœ…` <!-- âœ… --> b âœ…\n\n```\nâœ…\n```\n";
        let found = runs(text, 0, &[]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0.start, 0);
        let taken = [found[1].0.clone()];
        assert_eq!(runs(text, 0, &taken).len(), 1);
    }
}
