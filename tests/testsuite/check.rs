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
    for member in MEMBERS {
        let output = check(&book, member, &[]);
        assert_eq!(output.status.code(), Some(1), "{member}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("src/a.md:3:1: error: front matter `tags` must be a list of text"),
            "{member}: {stdout}"
        );
        assert!(
            stdout.contains(
                "src/nested/b.md:2:10: error: malformed TOML front matter: unclosed array"
            ),
            "{member}: {stdout}"
        );
        assert!(stderr(&output).contains("2 error(s)"), "{member}");
    }
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
