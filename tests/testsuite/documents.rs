//! Issue 19 through real `mdbook build`: every chapter with front matter is a
//! document the index lists, status or not; a folder's own page is not one of
//! its documents; Hugo's dates are the day written, shown `YYYY-MM-DD` and
//! sorted as dates; a `review-by` date that has passed is overdue (a chip,
//! an index filter, a warning), as of `SOURCE_DATE_EPOCH`.
//!
//! The book (`tests/books/documents/`): Hugo posts without a status (one
//! late at `-08:00`, a TOML page bundle, one undated, a draft) under a
//! section page `posts/_index.md`, two decision records with `review-by`
//! under a folder page `adr/README.md`, and a chapter without front matter.

use crate::support::*;
use std::process::Output;

/// 2026-01-31, the first record's `review-by` day: not yet overdue.
const JAN_31_2026: &str = "1769817600";
/// 2026-02-01: the first record's review is overdue.
const FEB_1_2026: &str = "1769904000";

fn documents_book(home: &str) -> BookTest {
    let book = BookTest::from_dir("books/documents");
    book.write("src/README.md", home);
    book
}

/// Builds with `mdbook` `version` as of the day `epoch` (`SOURCE_DATE_EPOCH`).
fn build_as_of(book: &BookTest, version: &str, epoch: &str) -> Output {
    book.build_command(version)
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("mdbook runs")
}

fn built_as_of(book: &BookTest, version: &str, epoch: &str) -> String {
    let output = build_as_of(book, version, epoch);
    let stderr = stderr(&output);
    assert!(output.status.success(), "mdbook {version}:\n{stderr}");
    stderr
}

const BY_DATE: &str = "# Home

## Posts, newest first

{{#investigation-index folder=posts sort=-date columns=\"date,updated,topic,status,tags\"}}

## Posts, oldest first

{{#investigation-index folder=posts sort=date columns=\"date,topic\"}}

## Last updated

{{#investigation-index folder=posts sort=-updated columns=\"updated,topic\"}}

## Decisions

{{#investigation-index folder=adr}}

## Every document

{{#investigation-index columns=\"topic,status\"}}

Documents: {{#investigation-count}}; posts: {{#investigation-count folder=posts}}.

{{#tag-index folder=posts}}
";

#[test]
fn documents_without_a_status_are_listed_by_the_day_written() {
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = documents_book(BY_DATE);
        let stderr = built_as_of(&book, version, JAN_31_2026);
        // The late post is 2026-02-24 (the 25th in UTC), the bundle
        // 2025-12-31; the undated post comes last in both directions; the
        // draft, `posts/_index.md`, `adr/README.md` (in `folder=adr`), the
        // holder and the chapter without front matter are not listed.
        book.check_markdown("markdown/index.md", "documents-by-date");
        // Nothing to warn about: no title warning for documents, no overdue
        // review as of 2026-01-31.
        assert_eq!(
            diagnostics(&stderr, Some(book.root()))
                .iter()
                .filter(|d| !d.contains("is missing; run"))
                .count(),
            0,
            "mdBook {version}:\n{stderr}"
        );
        let html = book.output("html/index.html");
        assert!(
            !html.contains("T22:57:53"),
            "the timestamp is shown as a day"
        );
    }
}

#[test]
fn a_document_without_a_status_shows_draft_or_the_default_status() {
    let book = documents_book(
        "# Home\n\n{{#investigation-index folder=posts group-by=status columns=\"topic,status\"}}\n\n\
         Done: {{#investigation-count folder=posts status=done}}; drafts: {{#investigation-count status=draft}}.\n",
    );
    let toml = book.read("book.toml").replace(
        "[preprocessor.deepdive-index]\n",
        "[preprocessor.deepdive-index]\ndefault-status = \"Done\"\n",
    );
    book.write("book.toml", &toml);
    let output = book
        .build_command(MDBOOK_05)
        .env("MDBOOK_DEEPDIVE_DRAFTS", "show")
        .env("SOURCE_DATE_EPOCH", JAN_31_2026)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    // `draft: true` is Draft; the others take `default-status`, and the
    // filters and groups see the status the cell shows.
    book.check_markdown("markdown/index.md", "documents-default-status");

    book.write(
        "book.toml",
        &toml.replace("default-status = \"Done\"", "default-status = \"finished\""),
    );
    let output = build_as_of(&book, MDBOOK_05, JAN_31_2026);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains(
            "error: book.toml:8:1: [preprocessor.deepdive-index.default-status]: unknown status \
             `finished`"
        ),
        "{}",
        stderr(&output)
    );
}

const OVERDUE: &str = "# Home

## Overdue

{{#investigation-index overdue=true columns=\"number,topic,status\" empty=\"Nothing is overdue.\"}}

## Not overdue

{{#investigation-index folder=adr overdue=false columns=\"number,topic\"}}
";

#[test]
fn a_review_date_that_has_passed_is_overdue_as_of_source_date_epoch() {
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = documents_book(OVERDUE);
        // On its `review-by` day a record is not overdue yet.
        let stderr = built_as_of(&book, version, JAN_31_2026);
        assert!(!stderr.contains("overdue"), "{stderr}");
        let record = book.output("markdown/adr/0001-review-me.md");
        assert!(!record.contains("overdue"), "{record}");
        assert!(
            book.output("markdown/index.md")
                .contains("Nothing is overdue.")
        );

        // The day after: the chip in its badge line, the index filter, and a
        // warning at the `review-by` line.
        let stderr = built_as_of(&book, version, FEB_1_2026);
        book.check_markdown("markdown/index.md", "documents-overdue-index")
            .check_markdown("markdown/adr/0001-review-me.md", "documents-overdue-record")
            .check_stderr(&stderr, "documents-overdue-warning");
        let html = book.output("html/adr/0001-review-me.html");
        assert!(
            html.contains(
                "<span class=\"deepdive-chip deepdive-overdue\" title=\"Review overdue\">overdue</span>"
            ),
            "{version}: {html}"
        );
    }
}

#[test]
fn an_overdue_review_fails_a_strict_build_and_check_lists_it() {
    let book = documents_book(OVERDUE);
    // The stylesheet in place, so that nothing but the review is warned about.
    let root = book.root().to_str().unwrap();
    let install = run_member("deepdive-status", &["install", "--book", root], b"");
    assert!(install.status.success(), "{}", stderr(&install));
    let toml = book.read("book.toml").replace(
        "[preprocessor.deepdive-status]\n",
        "[preprocessor.deepdive-status]\nstrict = true\n",
    );
    book.write("book.toml", &toml);
    assert!(build_as_of(&book, MDBOOK_05, JAN_31_2026).status.success());
    let output = build_as_of(&book, MDBOOK_05, FEB_1_2026);
    assert!(!output.status.success(), "strict: the warning is an error");
    assert!(
        stderr(&output).contains("error: src/adr/0001-review-me.md:5:1: review overdue"),
        "{}",
        stderr(&output)
    );

    let check = |epoch: &str| {
        std::process::Command::new(member_bin("deepdive-status"))
            .args(["check", "--book"])
            .arg(book.root())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap()
    };
    let passed = check(FEB_1_2026);
    assert!(!passed.status.success());
    assert_eq!(
        String::from_utf8_lossy(&passed.stdout),
        "src/adr/0001-review-me.md:5:1: error: review overdue: `review-by` is 2026-01-31, before today (2026-02-01); review the document and move `review-by` on\n"
    );
    let due = check(JAN_31_2026);
    assert!(due.status.success(), "{}", stderr(&due));
    assert_eq!(String::from_utf8_lossy(&due.stdout), "");
}

#[test]
fn an_unusable_source_date_epoch_is_an_error() {
    let book = documents_book(OVERDUE);
    let output = build_as_of(&book, MDBOOK_05, "yesterday");
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains(
            "error: SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01 (UTC), found `yesterday`"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_date_that_is_no_date_is_an_error_at_its_line() {
    let book = documents_book(BY_DATE);
    book.write(
        "src/posts/undated.md",
        "---\ntitle: \"Undated\"\nlastmod: last week\n---\n# Undated\n",
    );
    for version in [MDBOOK_05, MDBOOK_04] {
        let output = build_as_of(&book, version, JAN_31_2026);
        assert!(!output.status.success());
        assert!(!book.root().join("book/html/index.html").exists());
        let suite: Vec<String> = diagnostics(&stderr(&output), Some(book.root()))
            .into_iter()
            .filter(|line| line.starts_with("error: "))
            .collect();
        assert_snapshot("documents-not-a-date", &suite.join("\n"));
    }
}

#[test]
fn a_madr_status_naming_a_missing_record_is_a_warning_at_the_status() {
    let book = BookTest::with_chapters(
        &book_toml(&MEMBERS, ""),
        &[
            (
                "0001-old.md",
                "---\nstatus: \"superseded by [ADR-0002](0002-new.md)\"\n---\n# Old\n",
            ),
            ("0002-new.md", "---\nstatus: accepted\n---\n# New\n"),
            (
                "0003-gone.md",
                "---\ntitle: Gone\nstatus: superseded by ADR-0009\n---\n# Gone\n",
            ),
        ],
    );
    let stderr = book.build_ok(MDBOOK_05);
    // The link's record is linked without a one-sided warning; a number
    // naming no chapter is a warning at the status line, not an error.
    let old = book.output("0001-old.html");
    assert!(
        old.contains("Superseded by: <a href=\"./0002-new.html\">0002-new.md</a>"),
        "{old}"
    );
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: src/"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: src/0003-gone.md:3:1: the status names `0009` as the record that supersedes this one, which names no chapter"
        ],
        "{stderr}"
    );
}

#[test]
fn import_keeps_the_index_to_the_folder_its_table_listed() {
    let table = "# Home\n\n| # | Topic | Status |\n| :- | :- | :- |\n| 1 | [One](designs/a/one.md) | Done |\n| 2 | [Two](designs/b/two.md) | Skeleton |\n";
    let book = BookTest::with_chapters(
        &book_toml(&MEMBERS, ""),
        &[
            ("README.md", table),
            ("designs/a/one.md", "# One\n"),
            ("designs/b/two.md", "# Two\n"),
            ("notes.md", "---\ntitle: Notes\n---\n# Notes\n"),
        ],
    );
    let import = std::process::Command::new(member_bin("deepdive-index"))
        .args(["import", "--book"])
        .arg(book.root())
        .arg("src/README.md")
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", stderr(&import));
    // The rows' chapters share `designs`: the index stays theirs, though
    // `notes.md` is a document too.
    assert_eq!(
        book.read("src/README.md"),
        "# Home\n\n{{#investigation-index folder=designs}}\n"
    );
    book.build_ok(MDBOOK_05);
    let home = book.output("index.html");
    assert_eq!(home.matches("<tr>").count(), 3, "{home}");
    assert!(!home.contains("notes.html"), "{home}");
}
