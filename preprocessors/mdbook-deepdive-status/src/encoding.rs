//! Mojibake: UTF-8 text that went through Windows-1252 (`âœ… Done`). In a
//! build it is repaired in the output with a warning at its position;
//! `fix-encoding` repairs the source files.

use anyhow::{Context as _, Result};
use deepdive_core::diagnostics::{Diagnostics, Location};
use deepdive_core::directive::literal_ranges;
use deepdive_core::member::Page;
use deepdive_core::mojibake;
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
pub fn repairs(
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

pub fn command() -> clap::Command {
    clap::Command::new("fix-encoding")
        .about(
            "Repair mojibake (UTF-8 read as Windows-1252, e.g. `âœ…`) in the book's source files",
        )
        .arg(deepdive_core::cli::book_arg())
        .arg(
            clap::Arg::new("dry-run")
                .long("dry-run")
                .action(clap::ArgAction::SetTrue)
                .help("Report, change nothing"),
        )
}

/// The book's source folder, from `book.toml` (`book.src`, default `src`).
fn source_dir(book: &Path) -> Result<PathBuf> {
    let toml_path = book.join("book.toml");
    let text = std::fs::read_to_string(&toml_path)
        .with_context(|| format!("cannot read {}", toml_path.display()))?;
    let config: toml::Table = toml::from_str(&text)
        .with_context(|| format!("{} is not valid TOML", toml_path.display()))?;
    let src = config
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(toml::Value::as_str)
        .unwrap_or("src");
    Ok(book.join(src))
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

pub fn run_fix_encoding(args: &clap::ArgMatches) -> Result<ExitCode> {
    let book = Path::new(args.get_one::<String>("book").map_or(".", String::as_str));
    let dry_run = args.get_flag("dry-run");
    let mut files = Vec::new();
    markdown_files(&source_dir(book)?, &mut files)?;
    let mut repaired = 0;
    for path in files {
        let content = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let found = runs(&content, 0, &[]);
        if found.is_empty() {
            continue;
        }
        let shown = path
            .strip_prefix(book)
            .unwrap_or(&path)
            .display()
            .to_string();
        for (range, text) in &found {
            println!(
                "{}: `{}` -> `{text}`",
                Location::in_text(&shown, &content, range.start),
                &content[range.clone()]
            );
        }
        repaired += found.len();
        if !dry_run {
            let edits = found
                .into_iter()
                .map(|(range, text)| Edit::new(range, text))
                .collect();
            std::fs::write(&path, splice::apply(&content, edits))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    let verb = if dry_run { "would repair" } else { "repaired" };
    println!("{verb} {repaired} mojibake sequence(s)");
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
