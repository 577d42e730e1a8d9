//! `check`: runs a member over a whole book without rendering it, and reports
//! every diagnostic (not only the first) for editors and CI.
//!
//! The book is loaded as mdBook loads it: `book.toml`, then SUMMARY.md parsed
//! by `mdbook-summary` (mdBook's own parser), then each chapter's file.

use crate::book::protocol::{Book, Context, Dialect, book_config, source_folder};
use crate::engine::member::{Member, run_member};
use crate::text::diagnostics::{Diagnostic, Level};
use anyhow::{Context as _, Result};
use mdbook_preprocessor::book::{BookItem, Chapter};
use mdbook_summary::{Link, SummaryItem};
use serde_json::Value;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The mdBook version `check` stands in for.
const CHECKED_AS: &str = "0.5.4";

/// Loads the book at `root` into the context and book mdBook would send.
pub fn load(root: &Path, renderer: &str) -> Result<(Context, Book)> {
    let config = book_config(root)?;
    let src = source_folder(&config).to_owned();
    let src_dir = root.join(&src);
    let summary_path = src_dir.join("SUMMARY.md");
    let summary_text = std::fs::read_to_string(&summary_path)
        .with_context(|| format!("cannot read {}", summary_path.display()))?;
    let summary = mdbook_summary::parse_summary(&summary_text)
        .with_context(|| format!("{} is not a valid SUMMARY.md", summary_path.display()))?;
    let mut items = Vec::new();
    let parts = [
        summary.prefix_chapters,
        summary.numbered_chapters,
        summary.suffix_chapters,
    ];
    for item in parts.iter().flatten() {
        items.push(load_item(&src_dir, item, &[])?);
    }
    let ctx = Context {
        root: root.to_path_buf(),
        config,
        renderer: renderer.to_owned(),
        mdbook_version: CHECKED_AS.to_owned(),
    };
    Ok((
        ctx,
        Book {
            dialect: Dialect::Items,
            items,
            extra: Vec::new(),
        },
    ))
}

fn load_item(src: &Path, item: &SummaryItem, parents: &[String]) -> Result<BookItem> {
    Ok(match item {
        SummaryItem::Link(link) => BookItem::Chapter(load_chapter(src, link, parents)?),
        SummaryItem::Separator => BookItem::Separator,
        SummaryItem::PartTitle(title) => BookItem::PartTitle(title.clone()),
        // `SummaryItem` is non-exhaustive; a future kind of entry is skipped
        // as a separator rather than failing the check.
        _ => BookItem::Separator,
    })
}

fn load_chapter(src: &Path, link: &Link, parents: &[String]) -> Result<Chapter> {
    let mut chapter = match &link.location {
        Some(location) => {
            let file = src.join(location);
            let content = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read chapter {}", file.display()))?;
            Chapter::new(&link.name, content, location, parents.to_vec())
        }
        None => Chapter::new_draft(&link.name, parents.to_vec()),
    };
    chapter.number.clone_from(&link.number);
    let mut nested_parents = parents.to_vec();
    nested_parents.push(link.name.clone());
    for nested in &link.nested_items {
        chapter
            .sub_items
            .push(load_item(src, nested, &nested_parents)?);
    }
    Ok(chapter)
}

/// The `check` subcommand.
pub fn command() -> clap::Command {
    clap::Command::new("check")
        .about("Run this preprocessor over a whole book without rendering; report every problem")
        .arg(book_arg())
        .arg(format_arg())
}

/// The `--format text|json|github` argument of `check`.
pub fn format_arg() -> clap::Arg {
    clap::Arg::new("format")
        .long("format")
        .value_parser(["text", "json", "github"])
        .default_value("text")
        .help(
            "`json` prints one array of {level, file, line, column, message}; `github` prints \
             workflow commands (`::error file=…,line=…,col=…::…`) that annotate a pull request",
        )
}

fn to_json(diagnostic: &Diagnostic) -> Value {
    let location = diagnostic.location.as_ref();
    serde_json::json!({
        "level": diagnostic.level.to_string(),
        "file": location.map(|l| l.file.clone()),
        "line": location.map(|l| l.line),
        "column": location.map(|l| l.column),
        "message": diagnostic.message,
    })
}

fn to_text(diagnostic: &Diagnostic) -> String {
    match &diagnostic.location {
        Some(location) => format!("{location}: {}: {}", diagnostic.level, diagnostic.message),
        None => format!("{}: {}", diagnostic.level, diagnostic.message),
    }
}

/// A workflow command's message, escaped as GitHub's runner reads it back:
/// `%`, CR and LF (a line break would end the command).
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: its message's escapes, and `:` and
/// `,`, which would end the property.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `diagnostic` as a GitHub Actions workflow command, which annotates the
/// line of the pull request's file.
pub fn to_github(diagnostic: &Diagnostic) -> String {
    let command = match diagnostic.level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    let properties = diagnostic.location.as_ref().map_or_else(String::new, |l| {
        format!(
            " file={},line={},col={}",
            github_property(&l.file),
            l.line,
            l.column
        )
    });
    format!(
        "::{command}{properties}::{}",
        github_data(&diagnostic.message)
    )
}

/// Prints `items` in `format` (`text`, `json` or `github`) and the counts on
/// stderr; exits 1 when any is an error.
pub fn print(program: &str, items: &[Diagnostic], format: &str) -> ExitCode {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        "json" => {
            let _ = writeln!(out, "{}", Value::Array(items.iter().map(to_json).collect()));
        }
        _ => {
            let line = if format == "github" {
                to_github
            } else {
                to_text
            };
            for diagnostic in items {
                let _ = writeln!(out, "{}", line(diagnostic));
            }
        }
    }
    drop(out);
    let errors = items.iter().filter(|d| d.level == Level::Error).count();
    if format != "json" {
        eprintln!(
            "{program}: {errors} error(s), {} warning(s)",
            items.len() - errors
        );
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `check`: prints every diagnostic, exits 1 when any is an error.
pub fn run(member: &dyn Member, args: &clap::ArgMatches) -> Result<ExitCode> {
    let root = PathBuf::from(args.get_one::<String>("book").map_or(".", String::as_str));
    let (ctx, mut book) = load(&root, "html")?;
    let diagnostics = run_member(member, &ctx, &mut book).diagnostics;
    let format = args
        .get_one::<String>("format")
        .map_or("text", String::as_str);
    Ok(print(
        &crate::suite::registry::program(member.name()),
        diagnostics.items(),
        format,
    ))
}

/// The `--book DIR` argument of the subcommands that work on a book.
pub fn book_arg() -> clap::Arg {
    clap::Arg::new("book")
        .long("book")
        .value_name("DIR")
        .default_value(".")
        .help("The book's folder (where book.toml is)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::diagnostics::Location;

    #[test]
    fn github_commands_escape_what_would_end_them() {
        let diagnostic = Diagnostic {
            level: Level::Error,
            location: Some(Location {
                file: "src/a,b:c%.md".into(),
                line: 3,
                column: 7,
            }),
            message: "100% wrong:\r\nnext, line".into(),
        };
        assert_eq!(
            to_github(&diagnostic),
            "::error file=src/a%2Cb%3Ac%25.md,line=3,col=7::100%25 wrong:%0D%0Anext, line"
        );
        let warning = Diagnostic {
            level: Level::Warning,
            location: None,
            message: "book-wide".into(),
        };
        assert_eq!(to_github(&warning), "::warning::book-wide");
    }
}
