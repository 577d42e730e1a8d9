//! The template member through real `mdbook build`: built-in and book
//! templates, parameters, defaults, front matter values, nesting, cycles,
//! traversal, code left alone, Hugo shortcodes, and `new`.

mod support;

use std::process::Command;
use support::*;

fn template_book(chapter: &str, templates: &[(&str, &str)], extra_toml: &str) -> TestBook {
    let mut files: Vec<(String, String)> = templates
        .iter()
        .map(|(n, t)| (format!("templates/{n}"), (*t).to_owned()))
        .collect();
    files.push((
        "src/SUMMARY.md".into(),
        "# Summary\n\n- [A](a.md)\n- [Other](deep-dives/07-other.md)\n".into(),
    ));
    files.push(("src/a.md".into(), chapter.to_owned()));
    files.push((
        "src/deep-dives/07-other.md".into(),
        "---\ntitle: Other Investigation\n---\n# Other\n".into(),
    ));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    TestBook::new(
        &book_toml(
            &MEMBERS,
            &format!("[output.html]\n\n[output.markdown]\n{extra_toml}"),
        ),
        &files,
    )
}

fn build_markdown(book: &TestBook) -> (String, String) {
    let stderr = book.build_ok(MDBOOK_05);
    (book.output("markdown/a.md"), stderr)
}

fn build_fails(book: &TestBook) -> String {
    let output = book.build(MDBOOK_05);
    assert!(!output.status.success(), "the build should fail");
    stderr(&output)
}

#[test]
fn every_built_in_template_expands_like_its_seed() {
    for (name, expect) in [
        ("deep-dive", "## Scaling Strategy"),
        (
            "technical-deep-dive",
            "# Raft\n\n## Summary (Excerpt)\nIn-depth exploration of [topic].",
        ),
        (
            "staff-deep-dive",
            "## Title: Raft\n\n**One-line summary**: [What is this and why does it matter?]",
        ),
        ("design-doc", "```mermaid\ngraph LR"),
    ] {
        let book = template_book(
            &format!("---\ntitle: Raft\n---\n{{{{#template {name}}}}}\n"),
            &[],
            "",
        );
        let (out, stderr) = build_markdown(&book);
        assert!(out.contains(expect), "{name}: {out}");
        assert!(!out.contains("{{"), "{name}: placeholders left: {out}");
        assert!(!stderr.contains("warning: src/a.md"), "{name}: {stderr}");
    }
}

#[test]
fn meta_title_falls_back_to_the_summary_name() {
    // SUMMARY.md names the chapter `A`; its heading says otherwise.
    let book = template_book("# Heading\n\nTitle: {{#meta title}}\n", &[], "");
    let (out, _) = build_markdown(&book);
    assert!(out.contains("Title: A\n"), "{out}");
}

#[test]
fn parameters_defaults_front_matter_and_book_values() {
    let card = "**{{ title }}** by {{ owner | page.owner | \"nobody\" }} in {{ book.title }}: {{ note | \"no note\" }}; tags {{ page.tags }}\n";
    let book = template_book(
        "---\ntitle: A\nowner: \"<ana>\"\ntags: [redis, kafka]\n---\n# A\n\n{{#template card title=\"Quoted | title\"}}\n\n{{#template card.md title=T note=n}}\n\nOwner: {{#meta owner}}, tags: {{#meta tags}}\n",
        &[("card.md", card)],
        "",
    );
    let (out, _) = build_markdown(&book);
    assert!(
        out.contains(
            "**Quoted \\| title** by &lt;\u{2060}ana&gt; in Test book: no note; tags redis, kafka"
        ),
        "{out}"
    );
    assert!(
        out.contains("**T** by &lt;\u{2060}ana&gt; in Test book: n;"),
        "{out}"
    );
    assert!(
        out.contains("Owner: &lt;\u{2060}ana&gt;, tags: redis, kafka"),
        "{out}"
    );
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
    assert!(build_fails(&book).contains(
        "error: src/a.md:3:1: template `card` needs `title`: give `title=\"…\"` (it has no default)"
    ));
    book.write("src/a.md", "# A\n\n{{#template card title=x color=red}}\n");
    let (_, stderr) = build_markdown(&book);
    assert!(
        stderr
            .contains("warning: src/a.md:3:1: template `card` does not use the parameter `color`"),
        "{stderr}"
    );
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
    let (out, _) = build_markdown(&book);
    assert!(
        out.contains("outer(inner x ✅ Done)"),
        "nested, and the other members see the expansion: {out}"
    );

    book.write("templates/inner.md", "inner {{#template outer}}");
    let stderr = build_fails(&book);
    assert!(
        stderr.contains("error: src/a.md:3:1: template cycle: outer -> inner -> outer"),
        "{stderr}"
    );

    book.write("templates/inner.md", "x");
    book.write("templates/outer.md", "{{#template outer2}}");
    book.write("templates/outer2.md", "{{#template inner}}");
    let deep = book_toml(&MEMBERS, "[output.markdown]\n").replace(
        "[preprocessor.deepdive-template]\n",
        "[preprocessor.deepdive-template]\nmax-depth = 2\n",
    );
    book.write("book.toml", &deep);
    assert!(
        build_fails(&book).contains(
            "templates nest deeper than 2 (option `max-depth`): outer -> outer2 -> inner"
        )
    );
}

#[test]
fn templates_cannot_leave_the_book() {
    let book = template_book("# A\n\n{{#template ../../../../etc/passwd}}\n", &[], "");
    let stderr = build_fails(&book);
    assert!(
        stderr.contains("error: src/a.md:3:1: template `../../../../etc/passwd`"),
        "{stderr}"
    );
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
    assert!(
        build_fails(&book)
            .contains("unknown template `staf-deep-dive` (did you mean `staff-deep-dive`?")
    );
}

#[test]
fn code_comments_and_escapes_are_left_alone() {
    let chapter = "# A\n\n```\n{{#template deep-dive}}\n{{< mermaid >}}\n```\n\n`{{#meta title}}` <!-- {{#template x}} -->\n\n\\\\{{#template deep-dive}}\n";
    let book = template_book(chapter, &[], "");
    let (out, _) = build_markdown(&book);
    assert!(out.contains("```\n{{#template deep-dive}}\n{{< mermaid >}}\n```\n\n`{{#meta title}}` <!-- {{#template x}} -->\n\n{{#template deep-dive}}\n"), "{out}");
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
    let (out, stderr) = build_markdown(&book);
    assert!(
        out.contains("```mermaid\ngraph LR\n  A --> B\n```"),
        "{out}"
    );
    assert!(
        out.contains(
            "See [other](./deep-dives/07-other.md) and [again](./deep-dives/07-other.md)."
        ),
        "{out}"
    );
    assert!(out.contains("![A figure](x.png)"), "{out}");
    assert!(
        stderr.contains("warning: src/a.md:12:1: Hugo shortcode `notice` is left as is"),
        "{stderr}"
    );
    assert!(
        book.output("html/a.html")
            .contains("<a href=\"./deep-dives/07-other.html\">other</a>")
    );
    book.write("src/a.md", "# A\n\n[x]({{< ref \"nowhere\" >}})\n");
    assert!(
        build_fails(&book)
            .contains("error: src/a.md:3:5: `{{< ref \"nowhere\" >}}` names no chapter")
    );
}

#[test]
fn new_scaffolds_a_chapter_that_builds_and_shows_in_the_sidebar() {
    let book = TestBook::example();
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
    let (out, _) = build_markdown(&book);
    assert!(
        out.contains("Chapter: A\n"),
        "the SUMMARY name when there is no front matter title: {out}"
    );
}
