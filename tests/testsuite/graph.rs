//! The decision graph (`{{#investigation-graph}}`) through real `mdbook
//! build`: the mermaid fence the HTML renderer gets (drawn by
//! `tests/browser/graph.test.mjs`), the list the markdown renderer gets, the
//! index's filters, `isolated=`, its errors and its bound, and a real ADR
//! collection.

use crate::support::*;
use std::fmt::Write as _;

const GRAPH: &str = "books/graph";

fn graph_book(holder: &str) -> BookTest {
    let book = BookTest::from_dir(GRAPH);
    book.write("src/README.md", holder);
    book
}

#[test]
fn the_graph_draws_each_relationship_once_with_its_direction_in_both_mdbooks() {
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = graph_book("# Home\n\n{{#investigation-graph}}\n");
        let stderr = book.build_ok(version);
        // Five documents (the draft without a relationship left out; the
        // note without a status is a document too), coloured by status; 07 ⇄ 08 related
        // on both sides and 0001 ⇄ 07 superseded on both sides, each one
        // edge; a click link per node to its page.
        book.check_main_file("html/index.html", "graph-page")
            .check_markdown("markdown/index.md", "graph-list");
        assert!(
            !stderr.contains("error"),
            "{version}: no error in a book whose references resolve:\n{stderr}"
        );
    }
}

/// The pages each `click` link of `page` (the rendered file `html/PATH`)
/// opens, resolved from the page's folder as the browser does after the
/// graph's script ran: a graph followed by
/// `<script data-path-to-root="P">` has `P` at the start of each link
/// swapped for the page's own `path_to_root`. `None` for a link outside
/// the book.
fn clicked_pages(book: &BookTest, page: &str) -> Vec<Option<std::path::PathBuf>> {
    let html = book.output(&format!("html/{page}")).replace("&quot;", "\"");
    let page_to_root = html
        .split_once("path_to_root = \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(to_root, _)| to_root.to_owned())
        .expect("mdBook's page template sets path_to_root");
    let folder = std::path::Path::new(page)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let blocks: Vec<&str> = html.split("</pre>").collect();
    let mut pages = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let holder_to_root = blocks
            .get(i + 1)
            .and_then(|next| {
                next.trim_start()
                    .strip_prefix("<script data-path-to-root=\"")
            })
            .and_then(|rest| rest.split_once('"'))
            .map(|(to_root, _)| to_root);
        for line in block.lines().filter(|l| l.starts_with("  click n")) {
            let (_, href) = line.split_once(" href \"").expect("a click link");
            let href = href.trim_end_matches('"');
            let href = match holder_to_root.and_then(|p| href.strip_prefix(p)) {
                Some(from_root) => format!("{page_to_root}{from_root}"),
                None => href.to_owned(),
            };
            pages.push(deepdive_core::links::normalize(&folder.join(href)));
        }
    }
    pages
}

#[test]
fn graph_links_open_their_chapters_on_the_chapter_page_and_the_print_page() {
    // A graph in a subfolder's chapter is shown at two depths: its page
    // (deep-dives/index.html) and the print page at the book's root, whose
    // copy of the chapter mdBook rewrites in markdown but not in a diagram.
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = graph_book("# Home\n\n{{#investigation-graph}}\n");
        book.write(
            "src/deep-dives/README.md",
            "# Dives\n\n{{#investigation-graph}}\n",
        );
        book.build_ok(version);
        for (page, graphs) in [("deep-dives/index.html", 1), ("print.html", 2)] {
            let clicked = clicked_pages(&book, page);
            assert_eq!(
                clicked.len(),
                5 * graphs,
                "{version} {page}: a link per node"
            );
            for target in &clicked {
                let exists = target
                    .as_ref()
                    .is_some_and(|t| book.root().join("book/html").join(t).is_file());
                assert!(
                    exists,
                    "{version} {page}: {target:?} is no page of the book"
                );
            }
        }
    }
}

#[test]
fn filters_and_isolated_choose_the_documents() {
    let mut outputs = String::new();
    for args in [
        "folder=adr",
        "tag=realtime",
        "status=done,superseded",
        "category=adr",
        "under=Dives",
        "isolated=true",
        "tag=realtime isolated=true",
        "tag=nothing empty=\"No decisions yet.\"",
    ] {
        let book = graph_book(&format!("# Home\n\n{{{{#investigation-graph {args}}}}}\n"));
        book.build_ok(MDBOOK_05);
        let out = book.output("markdown/index.md");
        let _ = writeln!(outputs, "{{{{#investigation-graph {args}}}}}:\n{out}");
    }
    assert_snapshot("graph-filters", &outputs);
}

#[test]
fn a_wrong_argument_is_an_error_at_its_column() {
    for (args, name) in [
        ("isolated=yes", "graph-isolated-error"),
        ("limit=3", "graph-argument-error"),
    ] {
        let book = graph_book(&format!("# Home\n\n{{{{#investigation-graph {args}}}}}\n"));
        let output = book.build(MDBOOK_05);
        assert!(!output.status.success(), "{args}: the build fails");
        book.check_stderr(&stderr(&output), name);
    }
}

#[test]
fn a_graph_past_its_bound_draws_the_first_hundred_documents_and_says_so() {
    let chapters: Vec<(String, String)> = (1..=102)
        .map(|n| {
            let next = if n == 102 { 1 } else { n + 1 };
            let text = format!(
                "---\ntitle: Decision {n}\nstatus: accepted\nrelated: [c{next}.md]\n---\n# {n}\n"
            );
            (format!("c{n}.md"), text)
        })
        .collect();
    let mut all: Vec<(&str, &str)> = vec![("README.md", "# Home\n\n{{#investigation-graph}}\n")];
    all.extend(chapters.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let book = BookTest::with_chapters(
        &book_toml(&["deepdive-index"], "[output.html]\n\n[output.markdown]\n"),
        &all,
    );
    let stderr = book.build_ok(MDBOOK_05);
    book.check_stderr(&stderr, "graph-bound");
    let html = book.output("html/index.html");
    let main = main_element(&html);
    assert_eq!(main.matches("\"]:::s_accepted").count(), 100, "100 nodes");
    assert!(main.contains("Decision 100") && !main.contains("Decision 101"));
    assert!(main.contains("The graph shows the first 100 of 102 documents."));
    // 99 edges among the first hundred: c100 → c101 went with c101, c102 → c1 with c102.
    assert_eq!(main.matches("---|related|").count(), 99);
}

#[test]
fn a_real_adr_collection_without_stated_relationships_draws_its_isolated_records() {
    // TAMS's MADR records state their relationships in prose, not in front
    // matter: the graph says so, and `isolated=true` draws all 56, coloured
    // by the statuses (and the aliases of `superseded by …`) they use.
    let book = BookTest::from_dir("books/real/tams-decisions");
    book.append("book.toml", "\n[output.html]\n\n[output.markdown]\n");
    book.write(
        "src/index.md",
        "# Decisions\n\n{{#investigation-graph}}\n\n{{#investigation-graph isolated=true}}\n",
    );
    book.build_ok(MDBOOK_05);
    let markdown = book.output("markdown/index.md");
    assert!(markdown.contains("No documents with relationships to draw."));
    assert_eq!(markdown.matches("\n* [").count(), 56, "{markdown}");
    let html = book.output("html/index.html");
    let main = main_element(&html);
    for status in [
        "accepted",
        "rejected",
        "deprecated",
        "superseded",
        "proposed",
    ] {
        assert!(main.contains(&format!("classDef s_{status} ")), "{status}");
    }
    assert_eq!(main.matches("  click n").count(), 56);
}

// `install` and mdbook-mermaid: a book whose chapters draw with mermaid is
// told what book.toml needs, or gets it with `--mermaid`.

/// `member install --book ROOT` with `extra` arguments; stdout, the book's folder as `<book>`.
fn install(book: &BookTest, member: &str, extra: &[&str]) -> String {
    let root = book.root().to_str().expect("the temp path is UTF-8");
    let mut args = vec!["install", "--book", root];
    args.extend(extra);
    let output = run_member(member, &args, b"");
    assert!(
        output.status.success(),
        "{member} install: {}",
        stderr(&output)
    );
    String::from_utf8_lossy(&output.stdout).replace(root, "<book>")
}

#[test]
fn install_tells_a_book_that_draws_with_mermaid_what_book_toml_needs() {
    // The graph book draws with {{#investigation-graph}} and runs two
    // members: the note puts mermaid after both.
    let book = BookTest::from_dir(GRAPH);
    let before = book.read("book.toml");
    let stdout = install(&book, "deepdive-status", &[]);
    assert_snapshot("install-mermaid-advice", &stdout);
    let after = book.read("book.toml");
    assert!(!after.contains("mermaid"), "only told, not added:\n{after}");
    assert!(
        before.lines().all(|line| after.lines().any(|a| a == line)),
        "install only adds"
    );
    // A mermaid fence in a chapter, and Hugo's shortcode, are diagrams too.
    for diagram in [
        "```mermaid\ngraph TD; A-->B;\n```\n",
        "{{< mermaid >}}\ngraph TD; A-->B;\n{{< /mermaid >}}\n",
    ] {
        let book = BookTest::from_dir(GRAPH);
        book.write("src/README.md", &format!("# Home\n\n{diagram}"));
        assert!(
            install(&book, "deepdive-index", &[])
                .contains("note: src/README.md draws with mermaid")
        );
    }
    // A book without a diagram hears nothing of mermaid.
    let plain = BookTest::from_dir("books/index");
    assert!(!install(&plain, "deepdive-status", &[]).contains("mermaid"));
}

#[test]
fn install_with_mermaid_adds_the_lines_and_mdbook_mermaid_draws_the_graph() {
    let mermaid = third_party("mdbook-mermaid").expect("scripts/setup installs mdbook-mermaid");
    let book = BookTest::from_dir(GRAPH);
    let stdout = install(&book, "deepdive-status", &["--mermaid"]);
    assert_snapshot(
        "install-mermaid-added",
        &format!("{stdout}\n{}", book.read("book.toml")),
    );
    assert!(
        install(&book, "deepdive-status", &["--mermaid"]).contains("nothing to change"),
        "a second run changes nothing"
    );
    // mdbook-mermaid's own install writes its scripts and keeps the table.
    let output = std::process::Command::new(&mermaid)
        .arg("install")
        .arg(book.root())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let mut build = book.build_command(MDBOOK_05);
    let path = format!(
        "{}:{}",
        mermaid.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let suite_path = format!("{}:{path}", bin_dir().display());
    let output = build.env("PATH", suite_path).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let page = book.output("html/index.html");
    let main = main_element(&page);
    assert!(
        main.contains("<pre class=\"mermaid\">flowchart LR\n"),
        "{main}"
    );
    // mdBook 0.5 names the scripts by their hash (`mermaid-eefea253.min.js`).
    assert!(page.contains("src=\"mermaid-") && page.contains("src=\"mermaid-init-"));
}

#[test]
fn the_mermaid_version_install_names_is_the_one_the_scripts_install() {
    let tools = std::fs::read_to_string(repo_root().join("scripts/tools.sh")).unwrap();
    assert!(
        tools.contains(&format!(
            "MDBOOK_MERMAID={}\n",
            deepdive_core::mermaid::TESTED_VERSION
        )),
        "scripts/tools.sh pins another mdbook-mermaid"
    );
}

#[test]
fn a_relationship_naming_no_chapter_is_said_once_whichever_members_run() {
    // A's `supersedes` and B's `related` name nothing; the graph leaves both
    // edges out. A has a status (its badge line would show the relation), B
    // none.
    let chapters = [
        (
            "README.md",
            "# Home\n\n{{#investigation-graph isolated=true}}\n",
        ),
        (
            "a.md",
            "---\ntitle: A\nstatus: accepted\nsupersedes: missing-adr\n---\n# A\n",
        ),
        (
            "b.md",
            "---\ntitle: B\nrelated: [a.md, no-such-id]\n---\n# B\n",
        ),
    ];
    let unresolved = |stderr: &str, level: &str, at: &str, relation: &str| {
        let line = format!(
            "{level}: src/{at}: `{relation}` names no chapter (use a path like `adr/0001-x.md`, a number like `07`, or a front matter `id`)"
        );
        let said = stderr.lines().filter(|l| l.contains(relation)).count();
        assert!(stderr.contains(&line), "{line}\nin:\n{stderr}");
        assert_eq!(said, 1, "`{relation}` once:\n{stderr}");
    };
    let index_only = book_toml(&["deepdive-index"], "[output.html]\n");
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = BookTest::with_chapters(&index_only, &chapters);
        let stderr = book.build_ok(version);
        unresolved(&stderr, "warning", "a.md:4:1", "supersedes: missing-adr");
        unresolved(&stderr, "warning", "b.md:3:1", "related: no-such-id");
    }
    // With the status member the badge line's relation is an error, as it
    // was; B, without a badge line, a warning; the index says neither again.
    let both = book_toml(&["deepdive-index", "deepdive-status"], "[output.html]\n");
    for toml in [both.clone(), all_in_one_toml(&both)] {
        let book = BookTest::with_chapters(&toml, &chapters);
        let stderr = stderr(&book.build(MDBOOK_05));
        unresolved(&stderr, "error", "a.md:4:1", "supersedes: missing-adr");
        unresolved(&stderr, "warning", "b.md:3:1", "related: no-such-id");
    }
}
