//! Bad input ends the build with `error: FILE:LINE:COL: message`, a non-zero
//! exit and nothing on stdout: checked through `mdbook build` and by running
//! the members directly.

use crate::support::*;

/// The book `tests/books/broken/` (a good chapter and `src/deep/bad.md`)
/// with `chapter` as its bad chapter.
fn broken_book(chapter: &str) -> BookTest {
    let book = BookTest::from_dir("books/broken");
    book.write("src/deep/bad.md", chapter);
    book
}

fn assert_build_fails_with(chapter: &str, expected: &str) {
    for version in [MDBOOK_05, MDBOOK_04] {
        let output = broken_book(chapter).build(version);
        let stderr = stderr(&output);
        assert!(
            !output.status.success(),
            "{version}: build succeeded:\n{stderr}"
        );
        assert!(
            stderr.contains(expected),
            "{version}: expected `{expected}` in:\n{stderr}"
        );
    }
}

#[test]
fn malformed_yaml_names_file_line_and_column() {
    assert_build_fails_with(
        "---\ntitle: A\ntags: [a, b\n---\n# Bad\n",
        "error: src/deep/bad.md:4:1: malformed YAML front matter:",
    );
}

#[test]
fn malformed_toml_names_file_line_and_column() {
    assert_build_fails_with(
        "+++\ntitle = \"A\"\ndate = 2026-13-45\n+++\n# Bad\n",
        "error: src/deep/bad.md:3:8: malformed TOML front matter:",
    );
}

#[test]
fn unclosed_front_matter_says_how_to_fix_it() {
    assert_build_fails_with(
        "---\ntitle: A\n# Bad\n\ntext\n",
        "error: src/deep/bad.md:1:1: YAML front matter opened here is never closed (add a `---` line",
    );
}

#[test]
fn wrong_type_names_the_key_line() {
    assert_build_fails_with(
        "---\ntitle: A\ntags: 5\n---\n# Bad\n",
        "error: src/deep/bad.md:3:1: front matter `tags` must be a list of text (`[a, b]`), found a number",
    );
}

#[test]
fn crlf_and_bom_keep_positions_right() {
    assert_build_fails_with(
        "\u{feff}---\r\ntitle: A\r\ndraft: maybe\r\n---\r\n# Bad\r\n",
        "error: src/deep/bad.md:3:1: front matter `draft` must be true or false, found text",
    );
}

#[test]
fn a_bad_option_in_book_toml_names_its_line_and_suggests_the_fix() {
    let book = broken_book("# Fine\n");
    let toml = book_toml(&MEMBERS, "").replace(
        "[preprocessor.deepdive-status]\nafter = [\"deepdive-index\"]\n",
        "[preprocessor.deepdive-status]\nafter = [\"deepdive-index\"]\nstirct = true\n",
    );
    book.write("book.toml", &toml);
    let output = book.build(MDBOOK_05);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains(
            "error: book.toml:12:1: unknown option `stirct` in [preprocessor.deepdive-status] (did you mean `strict`?)"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn broken_json_on_stdin_fails_with_nothing_on_stdout() {
    for input in [&b"not json"[..], b"[{\"root\":", b"", b"[{}, {}]"] {
        for member in MEMBERS {
            let output = run_member(member, &[], input);
            assert_eq!(output.status.code(), Some(1), "{member}");
            assert!(output.stdout.is_empty(), "{member} wrote to stdout");
            let stderr = stderr(&output);
            assert!(
                stderr.starts_with(&format!(
                    "error: mdbook-{member}: mdBook sent input this preprocessor cannot read"
                )),
                "{stderr}"
            );
        }
    }
}

#[test]
fn an_error_writes_nothing_on_stdout() {
    let book = broken_book("---\ntitle: [\n---\n");
    let input = captured_input(book.root(), MDBOOK_05);
    for member in MEMBERS {
        let output = run_member(member, &[], &input);
        assert_eq!(output.status.code(), Some(1));
        assert!(output.stdout.is_empty(), "{member} wrote a half book");
        assert!(
            stderr(&output).contains("error: src/deep/bad.md:3:1: malformed YAML front matter"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn supports_answers_for_every_renderer_without_failing() {
    for member in MEMBERS {
        for renderer in ["html", "markdown", "epub", "pdf"] {
            let output = run_member(member, &["supports", renderer], b"");
            assert_eq!(
                output.status.code(),
                Some(0),
                "{member} supports {renderer}"
            );
        }
        assert!(
            run_member(member, &["--version"], b"")
                .stdout
                .starts_with(format!("mdbook-{member} ").as_bytes())
        );
    }
}

#[test]
fn each_dialect_is_answered_in_kind() {
    let book = broken_book("# Fine\n");
    for (version, key) in [(MDBOOK_05, "{\"items\":"), (MDBOOK_04, "{\"sections\":")] {
        let input = captured_input(book.root(), version);
        for member in MEMBERS {
            let output = run_member(member, &[], &input);
            assert!(output.status.success(), "{}", stderr(&output));
            let out = String::from_utf8(output.stdout).unwrap();
            assert!(
                out.starts_with(key),
                "{version} {member}: {}",
                &out[..40.min(out.len())]
            );
            let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
            let original: serde_json::Value =
                serde_json::from_slice::<serde_json::Value>(&input).unwrap()[1].clone();
            assert_eq!(parsed, original, "{version} {member}: the book changed");
        }
    }
}

#[test]
fn unsupported_mdbook_versions_warn_once_and_patch_releases_do_not() {
    let book = broken_book("# Fine\n");
    let input = String::from_utf8(captured_input(book.root(), MDBOOK_05)).unwrap();
    for (version, warns) in [
        ("0.6.0", true),
        ("0.4.36", true),
        ("0.5.9", false),
        ("0.4.37", false),
    ] {
        let input = input.replace(
            "\"mdbook_version\":\"0.5.4\"",
            &format!("\"mdbook_version\":\"{version}\""),
        );
        let output = run_member("deepdive-status", &[], input.as_bytes());
        assert!(output.status.success());
        let stderr = stderr(&output);
        assert_eq!(
            stderr
                .matches("warning: mdbook-deepdive-status supports mdBook 0.4.37 to 0.5.x")
                .count(),
            usize::from(warns),
            "{version}: {stderr}"
        );
    }
}

#[test]
fn strict_turns_warnings_into_errors() {
    let book = broken_book("# Fine\n");
    let input = String::from_utf8(captured_input(book.root(), MDBOOK_05)).unwrap();
    let input = input.replace(
        "\"mdbook_version\":\"0.5.4\"",
        "\"mdbook_version\":\"0.6.0\"",
    );
    let lenient = run_member("deepdive-status", &[], input.as_bytes());
    assert!(
        lenient.status.success(),
        "a warning alone does not fail the build"
    );
    let strict = input.replace(
        "\"preprocessor\":{\"capture\"",
        "\"preprocessor\":{\"deepdive-status\":{\"strict\":true},\"capture\"",
    );
    let output = run_member("deepdive-status", &[], strict.as_bytes());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}
