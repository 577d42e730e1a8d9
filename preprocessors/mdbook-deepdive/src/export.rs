//! `export`: one JSON document of every document of the book, for
//! dashboards, scripts and agents that query a team's decisions. Its shape is
//! `schema/export.schema.json` (JSON Schema 2020-12), which a test validates
//! the example book's export against.

use crate::chapters::Chapters;
use anyhow::{Result, bail};
use deepdive_core::cli::example;
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::member::Member;
use deepdive_core::page::Page;
use deepdive_core::status::Vocabulary;
use mdbook_deepdive_review::coverage;
use mdbook_deepdive_review::member::BookReview;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The version of the export's shape (`schema/export.schema.json`), raised
/// when a field changes meaning or goes away; new fields keep it.
const EXPORT_VERSION: u64 = 1;

/// The dates exported (the export's name, the front matter key), each as
/// the index shows it: `YYYY-MM-DD`, the day written.
const DATES: [(&str, &str); 4] = [
    ("date", "date"),
    ("updated", "lastmod"),
    ("published", "publishDate"),
    ("review-by", "review-by"),
];

/// The `export` command.
pub(crate) fn command() -> clap::Command {
    clap::Command::new("export")
        .about(
            "Print one JSON document of every document in the book: path, title, status, dates, \
             tags, categories, owner, relationships (as paths), draft state, review coverage \
             (schema: schema/export.schema.json)",
        )
        .arg(deepdive_core::check::book_arg())
        .after_help(example(
            "  mdbook-deepdive export --book . > decisions.json\n  mdbook-deepdive export | jq '.documents[] | select(.status.id == \"accepted\") | .path'",
        ))
}

/// The book's review as its build's checklists make it.
fn book_review(chapters: &Chapters) -> Result<BookReview> {
    BookReview::of_book(&chapters.ctx).map_err(|problems| {
        let lines: Vec<String> = problems.items().iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the review member's questions:\n{}", lines.join("\n"))
    })
}

/// Which questions the build's checklist of the chapter answers, leaves
/// open or marks N/A: `None` for a chapter the build gives no checklist.
fn review_coverage(review: &BookReview, page: &Page, text: &str) -> Option<Value> {
    let assessed = review.assess(page, text)?;
    let mut answered = Vec::new();
    let mut open = Vec::new();
    let mut not_applicable = Vec::new();
    for (question, answer) in assessed.iter().flatten() {
        let list = match answer {
            coverage::Answer::Answered { .. } => &mut answered,
            coverage::Answer::NotApplicable(_) => &mut not_applicable,
            coverage::Answer::Open => &mut open,
        };
        list.push(Value::String(question.id.clone()));
    }
    Some(json!({ "answered": answered, "open": open, "not-applicable": not_applicable }))
}

/// Each chapter's text as the review member reads it in a build: after the
/// members the book runs before it (the template member's expansions
/// included), by source path. Empty when the book does not run the review
/// member: the chapters' own texts are read then.
fn texts_review_reads(chapters: &Chapters, members: &[&dyn Member]) -> HashMap<PathBuf, String> {
    let ctx = &chapters.ctx;
    let order = deepdive_core::order::suite_run_order(&ctx.config, &ctx.renderer);
    let Some(review_at) = order.iter().position(|name| *name == "deepdive-review") else {
        return HashMap::new();
    };
    let mut built = chapters.book_sent.clone();
    let before: Vec<&dyn Member> = order[..review_at]
        .iter()
        .filter_map(|name| members.iter().find(|m| m.name() == *name).copied())
        .collect();
    deepdive_core::cli::run_members("mdbook-deepdive", &before, ctx, &mut built);
    let mut texts = HashMap::new();
    deepdive_core::protocol::for_each_chapter(&built.items, &mut |chapter| {
        if let Some(path) = &chapter.source_path {
            texts.insert(path.clone(), chapter.content.clone());
        }
    });
    texts
}

/// One document of the export; `reviewed` is its text as the review member
/// reads it (see [`texts_review_reads`]).
fn document(
    chapters: &Chapters,
    vocabulary: &Vocabulary,
    (review, reviewed): (&BookReview, &str),
    page: &Page,
    warnings: &mut Diagnostics,
) -> Value {
    let language = chapters.ctx.book_language();
    let status = page
        .meta
        .status()
        .map(|written| match vocabulary.lookup(written) {
            Ok(status) => {
                json!({ "id": status.id, "label": status.label(language), "written": written })
            }
            Err(_) => json!({ "id": null, "label": null, "written": written }),
        });
    let mut dates = Map::new();
    for (name, key) in DATES {
        if let Some(shown) = page.meta.shown_date(key) {
            dates.insert(name.to_owned(), Value::String(shown.into_owned()));
        }
    }
    let mut relationships = Map::new();
    for key in deepdive_core::metadata::RELATIONSHIPS {
        let mut paths = Vec::new();
        for reference in page.meta.references(key) {
            match chapters.resolve(page, &reference) {
                Some(target) => paths.push(Value::String(path_of(target))),
                None => warnings.warning(
                    None,
                    format!(
                        "{}: `{key}: {reference}` names no chapter; left out of the export",
                        page.file
                    ),
                ),
            }
        }
        if !paths.is_empty() {
            relationships.insert(key.to_owned(), Value::Array(paths));
        }
    }
    let strings = |items: &mut dyn Iterator<Item = &str>| -> Vec<Value> {
        items.map(|item| Value::String(item.to_owned())).collect()
    };
    json!({
        "path": path_of(page),
        "file": page.file,
        "title": page.title(),
        "number": deepdive_core::links::chapter_number(page),
        "id": page.meta.text("id"),
        "status": status,
        "dates": dates,
        "tags": strings(&mut page.meta.tags()),
        "categories": strings(&mut page.meta.categories()),
        "owner": page.meta.text("owner"),
        "authors": strings(&mut page.meta.list("authors")),
        "relationships": relationships,
        "draft": page.meta.draft(),
        "review": review_coverage(review, page, reviewed),
    })
}

/// A page's path under the source folder, with `/` between folders.
fn path_of(page: &Page) -> String {
    page.source_path
        .as_deref()
        .map_or_else(String::new, |path| {
            path.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
}

/// The export of the book at `book`, and its warnings.
pub(crate) fn export(book: &Path, members: &[&dyn Member]) -> Result<(Value, Diagnostics)> {
    let chapters = Chapters::load(book)?;
    if chapters.problems.has_errors() {
        let problems: Vec<String> = chapters
            .problems
            .items()
            .iter()
            .map(|d| match &d.location {
                Some(location) => format!("{location}: {}", d.message),
                None => d.message.clone(),
            })
            .collect();
        bail!("{}", problems.join("\nerror: "));
    }
    let mut warnings = Diagnostics::new(false);
    let vocabulary = Vocabulary::from_context(&chapters.ctx, &mut warnings);
    let review = book_review(&chapters)?;
    let reviewed = texts_review_reads(&chapters, members);
    let documents: Vec<Value> = chapters
        .pages
        .iter()
        .map(|page| {
            let reviewed = page
                .source_path
                .as_ref()
                .and_then(|path| reviewed.get(path))
                .map_or_else(|| chapters.text(page), String::as_str);
            document(
                &chapters,
                &vocabulary,
                (&review, reviewed),
                page,
                &mut warnings,
            )
        })
        .collect();
    let title = chapters.ctx.config_value("book.title").cloned();
    Ok((
        json!({
            "version": EXPORT_VERSION,
            "book": { "title": title, "src": chapters.ctx.src_dir() },
            "documents": documents,
        }),
        warnings,
    ))
}

/// Runs `export`: the document on stdout, warnings on stderr.
pub(crate) fn run(args: &clap::ArgMatches, members: &[&dyn Member]) -> Result<ExitCode> {
    let book = Path::new(args.get_one::<String>("book").map_or(".", String::as_str));
    let (exported, warnings) = export(book, members)?;
    for warning in warnings.items() {
        eprintln!("{warning}");
    }
    println!("{}", serde_json::to_string_pretty(&exported)?);
    Ok(ExitCode::SUCCESS)
}
