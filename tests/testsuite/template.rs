//! The template member through real `mdbook build`: built-in and book
//! templates, parameters, defaults, front matter values, nesting, cycles,
//! traversal, code left alone, Hugo shortcodes, and `new`.

use crate::support::*;
use std::process::Command;

/// The book `tests/books/template/` (html and markdown output) with
/// `chapter` as `src/a.md`, the book templates `templates` and `extra_toml`
/// at the end of `book.toml`.
fn template_book(chapter: &str, templates: &[(&str, &str)], extra_toml: &str) -> BookTest {
    let book = BookTest::from_dir("books/template");
    book.write("src/a.md", chapter);
    for (name, template) in templates {
        book.write(&format!("templates/{name}"), template);
    }
    book.append("book.toml", extra_toml);
    book
}

fn build_markdown(book: &BookTest) -> (String, String) {
    let stderr = book.build_ok(MDBOOK_05);
    (book.output("markdown/a.md"), stderr)
}

fn build_fails(book: &BookTest) -> String {
    let output = book.build(MDBOOK_05);
    assert!(!output.status.success(), "the build should fail");
    stderr(&output)
}

#[test]
fn every_built_in_template_expands_like_its_seed() {
    for name in [
        "deep-dive",
        "technical-deep-dive",
        "staff-deep-dive",
        "design-doc",
    ] {
        let book = template_book(
            &format!("---\ntitle: Raft\n---\n{{{{#template {name}}}}}\n"),
            &[],
            "",
        );
        let (out, stderr) = build_markdown(&book);
        // The seed's text, its placeholders filled from the front matter.
        book.check_markdown("markdown/a.md", &format!("built-in-{name}"));
        assert!(!out.contains("{{"), "{name}: placeholders left: {out}");
        assert!(!stderr.contains("warning: src/a.md"), "{name}: {stderr}");
    }
}

#[test]
fn meta_title_falls_back_to_the_summary_name() {
    // SUMMARY.md names the chapter `A`; its heading says otherwise.
    let book = template_book("# Heading\n\nTitle: {{#meta title}}\n", &[], "");
    build_markdown(&book);
    // `Title: A`
    book.check_markdown("markdown/a.md", "meta-title");
}

#[test]
fn parameters_defaults_front_matter_and_book_values() {
    let card = "**{{ title }}** by {{ owner | page.owner | \"nobody\" }} in {{ book.title }}: {{ note | \"no note\" }}; tags {{ page.tags }}\n";
    let book = template_book(
        "---\ntitle: A\nowner: \"<ana>\"\ntags: [redis, kafka]\n---\n# A\n\n{{#template card title=\"Quoted | title\"}}\n\n{{#template card.md title=T note=n}}\n\nOwner: {{#meta owner}}, tags: {{#meta tags}}\n",
        &[("card.md", card)],
        "",
    );
    build_markdown(&book);
    // `**Quoted \| title** by &lt;⁠ana&gt; in Test book: no note; tags redis, kafka`
    book.check_markdown("markdown/a.md", "parameters")
        .check_main_file("html/a.html", "parameters-page");
    assert!(
        !book.output("html/a.html").contains("<ana>"),
        "front matter values are escaped"
    );
}

#[test]
fn missing_and_unused_parameters() {
    let book = template_book(
        "# A\n\n{{#template card}}\n",
        &[("card.md", "{{ title }}\n")],
        "",
    );
    let stderr = build_fails(&book);
    book.check_stderr(&stderr, "missing-parameter");
    book.write("src/a.md", "# A\n\n{{#template card title=x color=red}}\n");
    let (_, stderr) = build_markdown(&book);
    book.check_stderr(&stderr, "unused-parameter");
}

#[test]
fn nested_templates_cycles_and_depth() {
    let book = template_book(
        "# A\n\n{{#template outer}}\n",
        &[
            ("outer.md", "outer({{#template inner who=\"x\"}})\n"),
            ("inner.md", "inner {{ who }} {{#status done}}"),
        ],
        "",
    );
    build_markdown(&book);
    // `outer(inner x ✅ Done)`: nested, and the other members see the expansion.
    book.check_markdown("markdown/a.md", "nested");

    book.write("templates/inner.md", "inner {{#template outer}}");
    let stderr = build_fails(&book);
    book.check_stderr(&stderr, "cycle");

    book.write("templates/inner.md", "x");
    book.write("templates/outer.md", "{{#template outer2}}");
    book.write("templates/outer2.md", "{{#template inner}}");
    let deep = book_toml(&MEMBERS, "[output.markdown]\n").replace(
        "[preprocessor.deepdive-template]\n",
        "[preprocessor.deepdive-template]\nmax-depth = 2\n",
    );
    book.write("book.toml", &deep);
    let stderr = build_fails(&book);
    book.check_stderr(&stderr, "too-deep");
}

#[test]
fn templates_cannot_leave_the_book() {
    let book = template_book("# A\n\n{{#template ../../../../etc/passwd}}\n", &[], "");
    let stderr = build_fails(&book);
    book.check_stderr(&stderr, "path-escaping-the-book");
    assert!(!stderr.contains("root:"), "nothing of the file leaked");

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "SECRET").unwrap();
    std::fs::create_dir_all(book.root().join("templates")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        book.root().join("templates/link.md"),
    )
    .unwrap();
    book.write("src/a.md", "# A\n\n{{#template link}}\n");
    let stderr = build_fails(&book);
    assert!(
        stderr.contains("template `link` resolves to") && stderr.contains("outside the book"),
        "{stderr}"
    );
}

#[test]
fn unknown_templates_suggest_the_closest() {
    let book = template_book("# A\n\n{{#template staf-deep-dive}}\n", &[], "");
    let stderr = build_fails(&book);
    book.check_stderr(&stderr, "unknown-template");
}

#[test]
fn code_comments_and_escapes_are_left_alone() {
    let chapter = "# A\n\n```\n{{#template deep-dive}}\n{{< mermaid >}}\n```\n\n`{{#meta title}}` <!-- {{#template x}} -->\n\n\\\\{{#template deep-dive}}\n";
    let book = template_book(chapter, &[], "");
    build_markdown(&book);
    book.check_markdown("markdown/a.md", "code-left-alone");
}

#[test]
fn hugo_shortcodes_mermaid_ref_mapped_and_unknown() {
    let chapter = "# A\n\n{{< mermaid >}}\ngraph LR\n  A --> B\n{{< /mermaid >}}\n\nSee [other]({{< ref \"deep-dives/07-other\" >}}) and [again]({{< relref \"deep-dives/07-other.md\" >}}).\n\n{{< figure src=\"x.png\" caption=\"A figure\" >}}\n\n{{% notice %}}\n";
    let book = template_book(
        chapter,
        &[("figure.md", "![{{ caption }}]({{ src }})")],
        "\n[preprocessor.deepdive-template.shortcodes]\nfigure = \"figure\"\n",
    );
    let toml = book_toml(&MEMBERS, "[output.html]\n\n[output.markdown]\n").replace(
        "[preprocessor.deepdive-template]\n",
        "[preprocessor.deepdive-template]\nshortcodes = { figure = \"figure\" }\n",
    );
    book.write("book.toml", &toml);
    let (_, stderr) = build_markdown(&book);
    // A mermaid block, links to the chapter, the book's template for
    // `figure`, and a warning for `notice`, left as is.
    book.check_markdown("markdown/a.md", "hugo-shortcodes")
        .check_main_file("html/a.html", "hugo-shortcodes-page")
        .check_stderr(&stderr, "hugo-shortcodes-warnings");
    book.write("src/a.md", "# A\n\n[x]({{< ref \"nowhere\" >}})\n");
    let stderr = build_fails(&book);
    book.check_stderr(&stderr, "hugo-ref-to-nowhere");
}

#[test]
fn new_scaffolds_a_chapter_that_builds_and_shows_in_the_sidebar() {
    let book = BookTest::example();
    let summary_before = std::fs::read_to_string(book.root().join("src/SUMMARY.md")).unwrap();
    let new = |title: &str| {
        Command::new(member_bin("deepdive-template"))
            .args(["new", "--template", "staff-deep-dive", "--book"])
            .arg(book.root())
            .arg(title)
            .output()
            .unwrap()
    };
    let output = new("Distributed Presence v2");
    assert!(output.status.success(), "{}", stderr(&output));
    let written = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    assert!(
        written.ends_with("src/deep-dives/15-distributed-presence-v2.md"),
        "{written}"
    );
    let chapter = std::fs::read_to_string(&written).unwrap();
    assert!(
        chapter.starts_with("---\ntitle: \"Distributed Presence v2\"\nstatus: skeleton\ndate: 20"),
        "{chapter}"
    );
    assert!(chapter.contains("categories: [\"deep-dives\"]\n---\n# Distributed Presence v2\n\n{{#template staff-deep-dive}}\n"));
    let summary_after = std::fs::read_to_string(book.root().join("src/SUMMARY.md")).unwrap();
    let expected = summary_before.replace(
        "- [Security & Compliance](deep-dives/14-security-compliance.md)\n",
        "- [Security & Compliance](deep-dives/14-security-compliance.md)\n- [Distributed Presence v2](deep-dives/15-distributed-presence-v2.md)\n",
    );
    assert_eq!(
        summary_after, expected,
        "one new line after the last sibling"
    );
    let again = Command::new(member_bin("deepdive-template"))
        .args(["new", "--book"])
        .arg(book.root())
        .arg("Distributed Presence v2")
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "a second chapter of the same title gets the next number"
    );
    book.build_ok(MDBOOK_05);
    assert!(book.output("toc.html").contains("Distributed Presence v2"));
    assert!(
        book.output("deep-dives/15-distributed-presence-v2.html")
            .contains("Title: Distributed Presence v2")
    );
    assert!(
        book.root()
            .join("src/deep-dives/16-distributed-presence-v2.md")
            .exists(),
        "the second got the next number, never the first's file"
    );
}

#[test]
fn list_and_show_print_parameters_and_defaults() {
    let book = template_book(
        "# A\n",
        &[("card.md", "{{ title }} {{ note | \"none\" }}")],
        "",
    );
    let list = Command::new(member_bin("deepdive-template"))
        .args(["list", "--book"])
        .arg(book.root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        text.contains("staff-deep-dive\n  topic (default page.title, else \"[Topic Name]\")"),
        "{text}"
    );
    assert!(
        text.contains("card\n  title (required)\n  note (default \"none\")"),
        "{text}"
    );
    // The seed uses `date` twice, with two fallbacks: one line shows both.
    assert_eq!(text.matches("\n  date (").count(), 1, "{text}");
    assert!(
        text.contains(
            "  date (default page.date, else \"YYYY-MM-DD\"; default page.date, else \"[Date]\")"
        ),
        "{text}"
    );
    let show = Command::new(member_bin("deepdive-template"))
        .args(["show", "design-doc"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&show.stdout).contains("## Problem Statement & Constraints"));
}

#[test]
fn page_title_falls_back_to_the_summary_name() {
    let book = template_book(
        "# A\n\n{{#template heading}}\n",
        &[("heading.md", "Chapter: {{ page.title }}")],
        "",
    );
    build_markdown(&book);
    // `Chapter: A`: the SUMMARY name when there is no front matter title.
    book.check_markdown("markdown/a.md", "page-title");
}
