//! `check`: every member reports every problem of a whole book without
//! rendering it, as text or JSON, and fails on errors.

use crate::support::*;
use std::process::Command;

/// A book with an error in each of two chapters, one nested, and a draft.
fn book() -> BookTest {
    BookTest::from_dir("books/check")
}

fn check(book: &BookTest, member: &str, extra: &[&str]) -> std::process::Output {
    Command::new(member_bin(member))
        .arg("check")
        .arg("--book")
        .arg(book.root())
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn check_reports_every_problem_in_text() {
    let book = book();
    let root = book.root().display().to_string();
    let mut reports = String::new();
    for member in MEMBERS {
        let output = check(&book, member, &[]);
        assert_eq!(output.status.code(), Some(1), "{member}");
        let report = format!(
            "{member} stdout:\n{}{member} stderr:\n{}\n",
            String::from_utf8_lossy(&output.stdout),
            stderr(&output)
        );
        reports.push_str(&report.replace(&root, "<book>"));
    }
    // Each member: both errors at their positions on stdout, the count on
    // stderr.
    assert_snapshot("text-reports", &reports);
}

#[test]
fn check_emits_json_for_ci() {
    let output = check(&book(), "deepdive-index", &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<_> = report
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["level"] == "error")
        .collect();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["file"], "src/a.md");
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(errors[0]["column"], 1);
}

#[test]
fn a_clean_book_checks_clean() {
    let book = book();
    book.write("src/a.md", "---\ntitle: A\ntags: [x]\n---\n# A\n");
    book.write("src/nested/b.md", "# B\n");
    let output = check(&book, "deepdive-template", &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(output.stdout.is_empty());
}
