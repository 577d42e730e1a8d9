//! The status member through real `mdbook build`: badges, the badge line,
//! the vocabulary from book.toml, relationships, `{{#ref}}`, mojibake and
//! `install`.

use crate::support::*;
use std::process::Command;

fn status_book(chapters: &[(&str, &str)], extra_toml: &str) -> BookTest {
    BookTest::with_chapters(&book_toml(&["deepdive-status"], extra_toml), chapters)
}

const HTML_AND_MARKDOWN: &str = "[output.html]\n\n[output.markdown]\n";

#[test]
fn inline_badges_are_html_in_html_and_plain_text_elsewhere() {
    let book = status_book(
        &[(
            "a.md",
            "# A\n\nState: {{#status done}} and {{#status WIP}}.\n\n`{{#status done}}` stays.\n\n\\\\{{#status done}} is escaped.\n",
        )],
        &format!(
            "[preprocessor.deepdive-status.aliases]\nwip = \"in-progress\"\n\n{HTML_AND_MARKDOWN}"
        ),
    );
    let stderr = book.build_ok(MDBOOK_05);
    // Badges (the alias too) in html, plain text in markdown, code left
    // alone; mdBook's `links` (which the suite runs after) removes one
    // backslash of every `\{{#…}}`, so a literal directive is written with
    // two. The stylesheet's absence is a warning.
    book.check_main_file("html/a.html", "inline-badges-page")
        .check_markdown("markdown/a.md", "inline-badges")
        .check_stderr(&stderr, "inline-badges-warnings");
}

#[test]
fn chapters_with_a_status_get_a_badge_line_under_the_first_heading() {
    let book = BookTest::from_dir("books/status-done");
    book.build_ok(MDBOOK_05);
    // The badge line between the heading and the body: the badge, then a
    // chip for the date, difficulty, each tag (shown as text) and the owner.
    book.check_main_file("html/a.html", "badge-line-page");
    let html = book.output("html/a.html");
    assert!(!html.contains("<script>alert(1)"), "tag escaped");
    assert_eq!(
        book.output("markdown/a.md"),
        "# Broadcasting\n\n✅ Done · 2026\\-03\\-01 · advanced · redis · &lt;\u{2060}script&gt;alert\\(1\\)&lt;\u{2060}/script&gt; · Owner: ana\n\n\nBody.\n"
    );
}

#[test]
fn position_and_auto_options() {
    for (extra, expect_at_top, expect_none) in [
        ("position = \"top\"\n", true, false),
        ("position = \"none\"\n", false, true),
        ("auto = false\n", false, true),
    ] {
        let book = BookTest::from_dir("books/status-done");
        let full = book_toml(&["deepdive-status"], "[output.markdown]\n").replace(
            "[preprocessor.deepdive-status]\n",
            &format!("[preprocessor.deepdive-status]\n{extra}"),
        );
        book.write("book.toml", &full);
        book.build_ok(MDBOOK_05);
        let markdown = book.output("a.md");
        assert_eq!(
            markdown.starts_with("✅ Done"),
            expect_at_top,
            "{extra}: {markdown}"
        );
        assert_eq!(
            !markdown.contains("✅ Done"),
            expect_none,
            "{extra}: {markdown}"
        );
    }
}

#[test]
fn unknown_statuses_are_errors_with_a_suggestion() {
    let book = status_book(&[("a.md", "---\ntitle: A\nstatus: doen\n---\n# A\n")], "");
    let output = book.build(MDBOOK_05);
    assert!(!output.status.success());
    assert!(
        stderr(&output)
            .contains("error: src/a.md:3:1: unknown status `doen` (did you mean `done`?"),
        "{}",
        stderr(&output)
    );
    let book = status_book(&[("a.md", "# A\n\nx {{#status shippped}}\n")], "");
    let output = book.build(MDBOOK_04);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("error: src/a.md:3:3: unknown status `shippped`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_vocabulary_comes_from_book_toml_with_languages() {
    let extra = "[preprocessor.deepdive-status.statuses.done]\nlabel = { en = \"Shipped\", de = \"Fertig\" }\ncolor = \"#0a3\"\n\n[preprocessor.deepdive-status.statuses.parked]\nlabel = \"Parked\"\nemoji = \"🅿️\"\n\n[output.markdown]\n";
    let book = status_book(
        &[(
            "a.md",
            "# A\n\n{{#status done}} {{#status fertig}} {{#status parked}}\n",
        )],
        extra,
    );
    book.build_ok(MDBOOK_05);
    assert_eq!(
        book.output("a.md"),
        "# A\n\n✅ Shipped ✅ Shipped 🅿️ Parked\n"
    );
    let german = book_toml(&["deepdive-status"], extra).replace(
        "title = \"Test book\"",
        "title = \"Test book\"\nlanguage = \"de\"",
    );
    book.write("book.toml", &german);
    book.build_ok(MDBOOK_05);
    assert_eq!(
        book.output("a.md"),
        "# A\n\n✅ Fertig ✅ Fertig 🅿️ Parked\n"
    );
}

#[test]
fn a_colour_that_is_not_a_colour_is_an_error_in_book_toml() {
    let extra =
        "[preprocessor.deepdive-status.statuses.done]\ncolor = \"red;}body{display:none\"\n";
    let book = status_book(&[("a.md", "# A\n")], extra);
    let output = book.build(MDBOOK_05);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("must be a colour like \"#1a7f37\""),
        "{}",
        stderr(&output)
    );
}

#[test]
fn relationships_and_refs_link_with_current_titles() {
    let book = BookTest::from_dir("books/relationships");
    let stderr = book.build_ok(MDBOOK_05);
    assert!(!stderr.contains("one-sided"), "{stderr}");
    // Supersedes, related and refs link with the targets' current titles
    // (escaped); the superseded chapter links back.
    book.check_main_file("html/deep-dives/07-presence.html", "relationships-page")
        .check_main_file("html/adr/0001-old.html", "superseded-page");
}

#[test]
fn one_sided_pairs_warn_and_unknown_targets_fail() {
    let book = status_book(
        &[
            (
                "a.md",
                "---\nstatus: accepted\nsupersedes: b.md\n---\n# A\n",
            ),
            ("b.md", "---\nstatus: superseded\n---\n# B\n"),
        ],
        "",
    );
    let stderr = book.build_ok(MDBOOK_05);
    assert!(stderr.contains("warning: src/a.md:3:1: `supersedes: b.md` is one-sided: src/b.md does not say `superseded-by` this chapter"), "{stderr}");
    book.write(
        "src/a.md",
        "---\nstatus: accepted\nrelated: [nope]\n---\n# A\n\n{{#ref 99}}\n",
    );
    let output = book.build(MDBOOK_05);
    assert!(!output.status.success());
    let stderr = crate::support::stderr(&output);
    assert!(
        stderr.contains("error: src/a.md:3:1: `related: nope` names no chapter"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: src/a.md:7:1: `{{#ref 99}}` names no chapter"),
        "{stderr}"
    );
}

#[test]
fn seed_index_mojibake_renders_as_emoji_with_warnings() {
    let seed_rows =
        "| 01 | [A](./a.md) | x | âœ… Done |\n| 07 | [B](./b.md) | y | ðŸ“‹ Skeleton |\n";
    let table =
        format!("| # | Topic | Key Focus | Status |\n| :--- | :--- | :--- | :--- |\n{seed_rows}");
    let book = status_book(
        &[("index.md", &table), ("a.md", "# A\n"), ("b.md", "# B\n")],
        HTML_AND_MARKDOWN,
    );
    let stderr = book.build_ok(MDBOOK_05);
    let html = book.output("html/index.html");
    assert!(
        html.contains(">✅ Done</td>") && html.contains(">📋 Skeleton</td>"),
        "{html}"
    );
    assert!(!html.contains("âœ…"), "mojibake left");
    assert!(
        stderr.contains("warning: src/index.md:3:26: mojibake `âœ…` shown as `✅`"),
        "{stderr}"
    );

    // fix-encoding repairs the sources: --dry-run changes nothing, then it does.
    let run = |args: &[&str]| {
        Command::new(member_bin("deepdive-status"))
            .args(args)
            .arg("--book")
            .arg(book.root())
            .output()
            .unwrap()
    };
    let dry = run(&["fix-encoding", "--dry-run"]);
    assert!(
        String::from_utf8_lossy(&dry.stdout).contains("src/index.md:3:26: `âœ…` -> `✅`"),
        "{}",
        String::from_utf8_lossy(&dry.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(book.root().join("src/index.md")).unwrap(),
        table
    );
    assert!(run(&["fix-encoding"]).status.success());
    let fixed = std::fs::read_to_string(book.root().join("src/index.md")).unwrap();
    assert_eq!(fixed, table.replace("âœ…", "✅").replace("ðŸ“‹", "📋"));
    let stderr = book.build_ok(MDBOOK_05);
    assert!(!stderr.contains("mojibake"), "{stderr}");
}

#[test]
fn install_edits_book_toml_keeping_comments_and_is_idempotent() {
    let original = "# Our team's book\n[book]\ntitle = \"Team\" # shown in the sidebar\n\n# templates come first\n[preprocessor.deepdive-template]\nafter = [\"links\"]\n";
    let book = BookTest::new(
        original,
        &[
            ("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
            ("src/a.md", "# A\n\n{{#status done}}\n"),
        ],
    );
    let install = || {
        Command::new(member_bin("deepdive-status"))
            .args(["install", "--book"])
            .arg(book.root())
            .output()
            .unwrap()
    };
    let first = install();
    assert!(first.status.success());
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    assert!(toml.starts_with(original), "{toml}");
    assert!(
        toml.contains("[preprocessor.deepdive-status]\nafter = [\"links\", \"deepdive-template\"]"),
        "{toml}"
    );
    assert!(
        toml.contains("additional-css = [\"deepdive/deepdive.css\"]"),
        "{toml}"
    );
    let second = install();
    assert!(String::from_utf8_lossy(&second.stdout).contains("nothing to change"));
    assert_eq!(
        std::fs::read_to_string(book.root().join("book.toml")).unwrap(),
        toml
    );
    let stderr = book.build_ok(MDBOOK_05);
    assert!(
        !stderr.contains("deepdive.css"),
        "no stale warning after install: {stderr}"
    );
    let css = book.all_output().into_iter().find(|(p, _)| {
        p.to_string_lossy().contains("deepdive") && p.extension().is_some_and(|e| e == "css")
    });
    assert!(
        css.expect("stylesheet copied to the output")
            .1
            .contains(".deepdive-badge")
    );
    // An old stylesheet is named with the command that fixes it.
    std::fs::write(
        book.root().join("deepdive/deepdive.css"),
        "/* mdbook-deepdive 0.0.1 */\n",
    )
    .unwrap();
    let stderr = book.build_ok(MDBOOK_05);
    assert_eq!(
        stderr
            .matches("was written by another version; run `mdbook-deepdive-status install")
            .count(),
        1,
        "{stderr}"
    );
}
