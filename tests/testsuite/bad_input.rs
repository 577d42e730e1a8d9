//! The bad-input corpus: each case is a book (or raw stdin) a person could
//! plausibly produce, run through the real `mdbook build` (or a member
//! directly), with a snapshot of the exit status and of every line the suite
//! printed. Every error names its file and position; stdout stays empty.

use crate::support::*;

/// What a case runs.
enum Run {
    /// `mdbook build` of a book with all four members and these files.
    Build {
        toml_extra: &'static str,
        files: Vec<(&'static str, String)>,
    },
    /// A member with raw stdin.
    Stdin {
        member: &'static str,
        input: Vec<u8>,
    },
}

fn chapter(text: &str) -> Run {
    Run::Build {
        toml_extra: "",
        files: vec![("src/bad.md", text.to_owned())],
    }
}

fn with_toml(extra: &'static str, text: &str) -> Run {
    Run::Build {
        toml_extra: extra,
        files: vec![("src/bad.md", text.to_owned())],
    }
}

fn stdin(input: &[u8]) -> Run {
    Run::Stdin {
        member: "deepdive-status",
        input: input.to_vec(),
    }
}

/// Captured `[context, book]` of a small book, with `from` replaced by `to`.
fn captured_with(from: &str, to: &str, strict: bool) -> Run {
    let book = BookTest::new(
        "",
        &[
            ("src/SUMMARY.md", "# Summary\n\n- [Good](good.md)\n"),
            ("src/good.md", "# Good\n"),
        ],
    );
    let mut input = String::from_utf8(captured_input(book.root(), MDBOOK_05))
        .unwrap()
        .replace(from, to);
    if strict {
        input = input.replace(
            "\"preprocessor\":{\"capture\"",
            "\"preprocessor\":{\"deepdive-status\":{\"strict\":true},\"capture\"",
        );
    }
    stdin(input.as_bytes())
}

fn cases() -> Vec<(&'static str, Run)> {
    let fifty_mb = format!(
        "---\ntitle: Big\n---\n# Big\n\n{}",
        "A line of prose that goes on and on. \n".repeat(1_400_000)
    );
    let many_directives = format!("# Many\n\n{}", "{{#status done}} ".repeat(10_000));
    vec![
        ("yaml-unclosed-flow-list", chapter("---\ntitle: A\ntags: [a, b\n---\n# A\n")),
        ("yaml-bad-indentation", chapter("---\ntitle: A\n  owner: b\nx: [\n---\n# A\n")),
        ("yaml-tab-indentation", chapter("---\ntitle:\n\t- a\n---\n# A\n")),
        ("yaml-not-a-mapping", chapter("---\n- a\n- b\n---\n# A\n")),
        ("yaml-never-closed", chapter("---\ntitle: A\n\n# A\n\ntext\n")),
        ("yaml-duplicate-key", chapter("---\ntitle: A\ntitle: B\n---\n# A\n")),
        ("toml-unclosed-string", chapter("+++\ntitle = \"A\n+++\n# A\n")),
        ("toml-impossible-date", chapter("+++\ndate = 2026-13-45\n+++\n# A\n")),
        ("toml-never-closed", chapter("+++\ntitle = \"A\"\n# A\n")),
        ("wrong-type-tags-number", chapter("---\ntags: 5\n---\n# A\n")),
        ("wrong-type-title-list", chapter("---\ntitle: [a, b]\n---\n# A\n")),
        ("wrong-type-draft-text", chapter("---\ndraft: maybe\n---\n# A\n")),
        ("wrong-type-categories-table", chapter("---\ncategories: {a: b}\n---\n# A\n")),
        ("crlf-and-bom-keep-positions", chapter("\u{feff}---\r\ntitle: A\r\n\r\nauthors: 7.5\r\nstatus: [x]\r\n---\r\n# A\r\n")),
        ("unknown-status-in-front-matter", chapter("---\nstatus: doen\n---\n# A\n")),
        ("unknown-status-in-directive", chapter("# A\n\nState: {{#status shippped}}\n")),
        ("status-directive-two-statuses", chapter("# A\n\n{{#status done review}}\n")),
        ("status-directive-keyed-argument", chapter("# A\n\n{{#status is=done}}\n")),
        ("status-directive-unclosed-quote", chapter("# A\n\n{{#status \"done}}\n")),
        ("status-directive-without-front-matter-status", chapter("# A\n\n{{#status}}\n")),
        ("ref-to-unknown-chapter", chapter("# A\n\nSee {{#ref 99}}.\n")),
        ("ref-without-target", chapter("# A\n\nSee {{#ref}}.\n")),
        ("relation-to-unknown-chapter", chapter("---\nstatus: done\nrelated: [nope.md]\nsupersedes: ../../etc/passwd\n---\n# A\n")),
        ("colour-that-is-a-name", with_toml("[preprocessor.deepdive-status.statuses.done]\ncolor = \"green\"\n", "# A\n")),
        ("colour-breaking-out-of-css", with_toml("[preprocessor.deepdive-status.statuses.done]\ncolor = \"#fff;}body{display:none\"\n", "# A\n")),
        ("status-key-misspelt", with_toml("[preprocessor.deepdive-status.statuses.done]\ncolour = \"#fff\"\n", "# A\n")),
        ("alias-to-unknown-status", with_toml("[preprocessor.deepdive-status.aliases]\nwip = \"in-prgress\"\n", "# A\n")),
        ("statuses-not-a-table", with_toml("[preprocessor.deepdive-status.statuses]\n", "# A\n")),
        ("position-not-a-choice", with_toml("[preprocessor.deepdive-status.x]\n", "# A\n")),
        ("member-option-misspelt", with_toml("[preprocessor.deepdive-index.stritc]\n", "# A\n")),
        ("mdbook-option-wrong-type", with_toml("[preprocessor.deepdive-template.renderers]\n", "# A\n")),
        ("shortcode-mapped-to-a-number", with_toml("[preprocessor.deepdive-template.shortcodes]\ncallout = 1\n", "# A\n")),
        ("group-title-of-an-unknown-status", with_toml("[preprocessor.deepdive-index.group-titles]\ndnoe = \"Done\"\n", "# A\n")),
        ("stdin-not-json", stdin(b"<html>not json</html>")),
        ("stdin-truncated", stdin(b"[{\"root\":\"/b\",\"config\":{},\"renderer\":\"html\",\"mdbook_version\":\"0.5.4\"},{\"items\":[{\"Chap")),
        ("stdin-empty", stdin(b"")),
        ("stdin-no-book", stdin(b"[{\"root\":\"/b\",\"config\":{},\"renderer\":\"html\"},{\"chapters\":[]}]")),
        ("stdin-both-dialects", stdin(b"[{\"root\":\"/b\",\"config\":{},\"renderer\":\"html\"},{\"items\":[],\"sections\":[]}]")),
        ("mdbook-too-new-warns", captured_with("\"mdbook_version\":\"0.5.4\"", "\"mdbook_version\":\"0.6.0\"", false)),
        ("mdbook-version-unreadable-warns", captured_with("\"mdbook_version\":\"0.5.4\"", "\"mdbook_version\":\"next\"", false)),
        ("mdbook-too-old-fails-under-strict", captured_with("\"mdbook_version\":\"0.5.4\"", "\"mdbook_version\":\"0.4.2\"", true)),
        ("fifty-megabyte-chapter-builds", chapter(&fifty_mb)),
        ("ten-thousand-directives-build", chapter(&many_directives)),
        ("invalid-percent-encoding-in-links-passes", chapter("# A\n\n[broken](a%zz%.md) and [fine](bad.md)\n")),
        ("unknown-template", chapter("# A\n\n{{#template staf-deep-dive}}\n")),
        ("template-path-escaping-the-book", chapter("# A\n\n{{#template ../../../../etc/passwd}}\n")),
        ("template-cycle", Run::Build { toml_extra: "", files: vec![("src/bad.md", "# A\n\n{{#template a}}\n".into()), ("templates/a.md", "{{#template b}}".into()), ("templates/b.md", "{{#template a}}".into())] }),
        ("template-missing-parameter", Run::Build { toml_extra: "", files: vec![("src/bad.md", "# A\n\n{{#template card}}\n".into()), ("templates/card.md", "{{ title }}".into())] }),
        ("template-positional-parameter", chapter("# A\n\n{{#template deep-dive oops}}\n")),
        ("meta-of-a-missing-key", chapter("---\ntitle: A\n---\n# A\n\n{{#meta owner}}\n")),
        ("hugo-ref-to-nowhere", chapter("# A\n\n[x]({{< ref \"nowhere\" >}})\n")),
        ("hugo-mermaid-never-closed", chapter("# A\n\n{{< mermaid >}}\ngraph LR\n")),
        ("index-unknown-argument", chapter("# A\n\n{{#investigation-index sortt=title}}\n")),
        ("index-unknown-column", chapter("# A\n\n{{#investigation-index columns=\"topic,owner\"}}\n")),
        ("mojibake-under-strict-fails", with_toml("[preprocessor.deepdive-status.x]\n", "# A\n\nâœ… Done\n")),
    ]
}

/// Fixes up the `x` placeholder tables the cases use to put a key into a
/// member's table without repeating its `after` line.
fn book_toml_with(extra: &str) -> String {
    let mut toml = book_toml(&MEMBERS, "");
    for (placeholder, replacement) in [
        (
            "[preprocessor.deepdive-status.x]\n",
            "position = \"bottom\"\n",
        ),
        ("[preprocessor.deepdive-index.stritc]\n", "stritc = true\n"),
        (
            "[preprocessor.deepdive-template.renderers]\n",
            "renderers = \"html\"\n",
        ),
        (
            "[preprocessor.deepdive-status.statuses]\n",
            "statuses = 5\n",
        ),
    ] {
        if extra.contains(placeholder) {
            let table = placeholder
                .trim_start_matches('[')
                .split('.')
                .take(2)
                .collect::<Vec<_>>()
                .join(".");
            let table = table.trim_end_matches(']').to_owned();
            let header = format!("[{table}]\n");
            toml = toml.replace(&header, &format!("{header}{replacement}"));
            return toml;
        }
    }
    format!("{toml}{extra}")
}

fn outcome(name: &str, run: Run) -> String {
    let (output, book) = match run {
        Run::Build { toml_extra, files } => {
            let mut toml = book_toml_with(toml_extra);
            if name == "mojibake-under-strict-fails" {
                toml = book_toml(&MEMBERS, "").replace(
                    "[preprocessor.deepdive-status]\n",
                    "[preprocessor.deepdive-status]\nstrict = true\n",
                );
            }
            let mut all: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
            all.push(("src/SUMMARY.md", "# Summary\n\n- [Bad](bad.md)\n"));
            let book = BookTest::new(&toml, &all);
            (book.build(MDBOOK_05), Some(book))
        }
        Run::Stdin { member, input } => (run_member(member, &[], &input), None),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The suite's lines, and mdBook's own errors (for the cases mdBook itself
    // refuses), without the reminder to install the stylesheet.
    let ours: Vec<String> = diagnostics(&stderr, book.as_ref().map(BookTest::root))
        .into_iter()
        .filter(|l| !l.contains(" is missing; run `mdbook-deepdive"))
        .collect();
    let exit = output
        .status
        .code()
        .map_or("signal".into(), |c| c.to_string());
    let stdout = match (&output.stdout[..], output.status.success()) {
        _ if book.is_some() => String::new(), // mdbook build: the book is on disk
        ([], _) => "stdout: empty\n".to_owned(),
        (_, true) => "stdout: the book\n".to_owned(),
        (bytes, false) => format!("stdout: {} bytes on a failure\n", bytes.len()),
    };
    format!("exit: {exit}\n{stdout}{}\n", ours.join("\n"))
}

#[test]
fn bad_inputs_give_positioned_errors_and_no_output() {
    let cases = cases();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    for (name, run) in cases {
        let snapshot = outcome(name, run);
        // A build that failed names a file and a position in every error.
        for line in snapshot.lines().filter(|l| l.starts_with("error: src/")) {
            let position = line
                .trim_start_matches("error: ")
                .split(": ")
                .next()
                .unwrap();
            assert_eq!(position.split(':').count(), 3, "{name}: {line}");
        }
        assert!(!snapshot.contains("panicked"), "{name} panicked");
        assert!(
            !snapshot.contains("bytes on a failure"),
            "{name} wrote a half book"
        );
        assert_snapshot(name, &snapshot);
    }
}
