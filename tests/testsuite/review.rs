//! The review member through real `mdbook build`: the built-in and custom
//! banks, coverage of filled and unfilled templates, N/A, opt-out,
//! auto-insertion, the summary, and the gate.

use crate::support::*;

/// The checklist directive that ends the chapter of `tests/books/review/`.
const CHECKLIST: &str = "\n{{#review-checklist}}\n";

/// The chapter of `tests/books/review/` without its checklist: a `done`
/// chapter whose sections answer three questions of the built-in bank.
fn filled() -> String {
    let chapter = std::fs::read_to_string(repo_root().join("tests/books/review/src/a.md")).unwrap();
    chapter
        .strip_suffix(CHECKLIST)
        .expect("the chapter ends with its checklist")
        .to_owned()
}

/// `book.toml` with html and markdown output and `options` in the review
/// member's table.
fn review_toml(options: &str) -> String {
    let mut toml = book_toml(&MEMBERS, "[output.html]\n\n[output.markdown]\n");
    // At the end of the table's own keys: `options` may open sub-tables,
    // which would take any key after them.
    let table = toml
        .find("[preprocessor.deepdive-review]\n")
        .expect("the review table");
    let end = toml[table..]
        .find("\n\n")
        .map_or(toml.len(), |blank| table + blank + 1);
    toml.insert_str(end, options);
    toml
}

fn review_book(chapters: &[(&str, &str)], options: &str) -> BookTest {
    BookTest::with_chapters(&review_toml(options), chapters)
}

/// The book `tests/books/review/` (the filled chapter and its checklist)
/// with `options` in the review member's table.
fn filled_book(options: &str) -> BookTest {
    let book = BookTest::from_dir("books/review");
    book.write("book.toml", &review_toml(options));
    book
}

#[test]
fn the_built_in_checklist_checks_answered_questions_with_links() {
    let book = filled_book("");
    book.build_ok(MDBOOK_05);
    // 3 of 14 answered, each answered question linking to the section that
    // answers it (whose heading has that id), and the readiness badge.
    book.check_markdown("markdown/a.md", "built-in-checklist")
        .check_main_file("html/a.html", "built-in-checklist-page");
}

#[test]
fn every_unfilled_seed_template_counts_zero_answered() {
    for template in [
        "deep-dive",
        "technical-deep-dive",
        "staff-deep-dive",
        "design-doc",
    ] {
        let chapter = format!(
            "---\ntitle: T\nstatus: skeleton\n---\n# T\n\n{{{{#template {template}}}}}\n\n{{{{#review-checklist}}}}\n"
        );
        let book = review_book(&[("a.md", &chapter)], "");
        book.build_ok(MDBOOK_05);
        assert!(
            book.output("markdown/a.md").contains("0 of 14 answered"),
            "{template}"
        );
    }
}

#[test]
fn categories_titles_opt_out_and_not_applicable() {
    let chapter = format!(
        "{}\n{{{{#review-checklist design,security title=\"Before review\"}}}}\n",
        filled().replace(
            "status: done\n",
            "status: done\nreview-na:\n  \"Who can access this?\": internal tool\n"
        )
    );
    let book = review_book(
        &[
            ("a.md", &chapter),
            (
                "b.md",
                "---\nreview: false\n---\n# B\n\n{{#review-checklist}}\n",
            ),
            (
                "c.md",
                "---\nreview: [scale]\n---\n# C\n\n{{#review-checklist}}\n",
            ),
        ],
        "",
    );
    book.build_ok(MDBOOK_05);
    // a: its title, design and security only, the N/A question checked
    // with its reason (4 of 8); c: only the scale questions.
    book.check_markdown("markdown/a.md", "categories-title-and-not-applicable")
        .check_markdown("markdown/c.md", "categories-from-front-matter");
    assert_eq!(book.output("markdown/b.md"), "# B\n\n\n", "opted out");
}

#[test]
fn custom_banks_from_book_toml_and_a_file() {
    let file = "[categories.compliance]\ntitle = \"Compliance\"\nquestions = [{ id = \"c.gdpr\", text = \"Is personal data minimised?\", answered-by = [\"Data Protection\"] }, { id = \"c.erasure\", text = \"Can a user have their data erased?\", evidence = [\"erased\", \"deleted\", \"erasure\"], labels = [\"Erasure\"], hint = \"say how a user's data is found and deleted on request\" }, { id = \"c.export\", text = \"Can a user export their data?\", evidence = [\"export\"], hint = \"say how a user downloads what we hold\" }]\n";
    let extra = "questions = \"review/bank.toml\"\n\n[preprocessor.deepdive-review.categories.security]\nremove = true\n\n[preprocessor.deepdive-review.categories.scale]\nreplace = true\nquestions = [{ text = \"What is the p99 at peak?\", answered-by = [\"Benchmarks\"] }]\n";
    let book = review_book(
        &[(
            "a.md",
            "# A\n\n## Data Protection\nPersonal data is encrypted at rest and deleted after thirty days of inactivity.\n\n## Accounts\n\n- **Erasure**: support deletes the account and its messages within a week\n\n{{#review-checklist}}\n",
        )],
        extra,
    );
    book.write("review/bank.toml", file);
    book.build_ok(MDBOOK_05);
    // No security questions, scale's replaced by the one of book.toml; the
    // file's compliance questions: one without evidence rules answered by its
    // section's title (as before rules existed), one by its labelled bullet
    // under another heading, one open with its hint.
    book.check_markdown("markdown/a.md", "custom-banks");
}

#[test]
fn auto_inserts_before_a_heading_or_at_the_end_unless_present() {
    let extra = "auto = true\nauto-tags = [\"redis\"]\ninsert-before = \"Further Reading\"\n";
    let tagged = filled().replace("status: done\n", "status: done\ntags: [redis]\n");
    let book = review_book(
        &[
            ("a.md", &tagged),
            ("b.md", "---\ntags: [redis]\n---\n# B\n\ntext\n"),
            ("c.md", "---\ntags: [kafka]\n---\n# C\n"),
            (
                "d.md",
                &format!("{tagged}\n{{{{#review-checklist design}}}}\n"),
            ),
        ],
        extra,
    );
    book.build_ok(MDBOOK_05);
    // a: the checklist before `Further Reading`; b: at the end; c (not
    // tagged): none; d: only the one of its directive.
    book.check_markdown("markdown/a.md", "auto-before-a-heading")
        .check_markdown("markdown/b.md", "auto-at-the-end")
        .check_markdown("markdown/c.md", "auto-not-tagged")
        .check_markdown("markdown/d.md", "auto-the-directive-wins");
}

#[test]
fn the_summary_lists_readiness_and_open_questions() {
    let book = review_book(
        &[
            ("index.md", "# Home\n\n{{#review-summary}}\n"),
            ("deep/a.md", &format!("{}{CHECKLIST}", filled())),
        ],
        "",
    );
    book.build_ok(MDBOOK_05);
    book.check_markdown("markdown/index.md", "summary");
}

#[test]
fn the_summary_keeps_one_folder_and_takes_no_other_argument() {
    let filled = format!("{}{CHECKLIST}", filled());
    let book_with = |summary: &str| {
        let home = format!("# Home\n\n{summary}\n");
        review_book(
            &[
                ("index.md", &home),
                ("deep/a.md", &filled),
                ("guide/b.md", "# Guide\n\n{{#review-checklist}}\n"),
            ],
            "",
        )
    };
    let book = book_with("{{#review-summary folder=deep}}");
    book.build_ok(MDBOOK_05);
    // Only deep/a.md, not guide/b.md.
    book.check_markdown("markdown/index.md", "summary-of-one-folder");

    let book = book_with("{{#review-summary status=done}}");
    let output = book.build(MDBOOK_05);
    let stderr = stderr(&output);
    assert!(!output.status.success(), "{stderr}");
    book.check_stderr(&stderr, "summary-argument");
}

#[test]
fn a_second_checklist_in_a_chapter_is_left_out_with_a_warning() {
    let book = review_book(
        &[(
            "a.md",
            &format!(
                "{}{CHECKLIST}\nMore.\n\n{{{{#review-checklist security}}}}\n",
                filled()
            ),
        )],
        "",
    );
    let warnings = book.build_ok(MDBOOK_05);
    // The warning is at line 22 of the file: the text review is handed has
    // status's badge line above it, and the location is moved back to the
    // file. The page has one checklist and no directive left.
    book.check_stderr(&warnings, "second-checklist")
        .check_markdown("markdown/a.md", "second-checklist-left-out");
}

#[test]
fn the_gate_warns_and_fails_under_strict() {
    let book = filled_book("gate = [\"done\"]\n");
    let warnings = book.build_ok(MDBOOK_05);
    book.check_stderr(&warnings, "gate-warns");
    let strict = filled_book("gate = [\"done\"]\nstrict = true\n");
    let output = strict.build(MDBOOK_05);
    assert!(!output.status.success());
    strict.check_stderr(&stderr(&output), "gate-strict");
}

#[test]
fn the_example_book_shows_filled_investigations_answered_and_skeletons_open() {
    let book = BookTest::example();
    book.build_ok(MDBOOK_05);
    for (page, expected) in [
        ("01-multi-server-broadcasting", "14 of 14 answered"),
        ("06-read-status-updates", "12 of 14 answered"),
        ("07-distributed-presence", "0 of 14 answered"),
        ("14-security-compliance", "0 of 14 answered"),
    ] {
        let html = book.output(&format!("deep-dives/{page}.html"));
        assert!(html.contains(expected), "{page}");
        for anchor in html
            .split("— answered in <a href=\"#")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
        {
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "{page}: link to #{anchor} works"
            );
        }
    }
    assert!(book.output("index.html").contains("Review Readiness"));
    // The manual's worked example: answers under a heading no template has,
    // found in its labelled bullets.
    let manual = book.output("guide/review.html");
    for question in ["How do we detect failures?", "What’s the blast radius?"] {
        assert!(
            manual.contains(&format!(
                "{question} — answered in <a href=\"#what-a-typo-in-a-directive-does\">"
            )),
            "{question}"
        );
    }
}

#[test]
fn answers_are_read_from_the_text_under_any_heading() {
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = BookTest::from_dir("books/review-evidence");
        book.write("book.toml", &review_toml(""));
        book.build_ok(version);
        // 10× load answered under "What we learned at peak" (a heading no
        // template has), detection and blast radius by labelled bullets; the
        // "Rollback Plan" that holds only rollout steps leaves roll-back open,
        // with what would answer it; the chapter's own review questions in
        // their own group, open for the reviewer.
        book.check_markdown("markdown/queue.md", "evidence-under-any-heading");
        if version == MDBOOK_05 {
            book.check_main_file("html/queue.html", "evidence-under-any-heading-page");
            let page = book.output("html/queue.html");
            for anchor in page
                .split("— answered in <a href=\"#")
                .skip(1)
                .map(|s| s.split('"').next().unwrap())
            {
                assert!(
                    page.contains(&format!("id=\"{anchor}\"")),
                    "#{anchor} exists"
                );
            }
        }
    }
}

#[test]
fn a_real_design_document_is_read_for_evidence() {
    // A Kubernetes enhancement proposal (Apache-2.0, tests/evaluation/review/
    // PROVENANCE.md): its answers sit under the proposal template's own
    // questions ("###### What are other known failure modes?"), not under
    // the seed's headings.
    let kep = std::fs::read_to_string(
        repo_root().join("tests/evaluation/review/docs/kep-2214-indexed-job.md"),
    )
    .unwrap();
    let book = review_book(
        &[("kep.md", &format!("{kep}\n{{{{#review-checklist}}}}\n"))],
        "",
    );
    book.build_ok(MDBOOK_05);
    let checklist = book.output("markdown/kep.md");
    let checklist = &checklist[checklist.rfind("## Review checklist").unwrap()..];
    assert_snapshot("real-design-document", checklist);
}

#[test]
fn the_checklist_is_the_same_in_the_html_and_markdown_builds() {
    // The status member's badge line under the title differs by renderer
    // (HTML `<span>`s, plain text otherwise); its words are the suite's, not
    // the writer's. Read, the HTML line's `span` would have been a second
    // observability word beside "per minute", answering the question in the
    // html build only.
    let chapter = "---\nstatus: done\ntags: [kafka]\n---\n# Receipts\n\nReceipts arrive at \
                   forty thousand per minute from every device we ship today.\n\n\
                   {{#review-checklist}}\n";
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = review_book(&[("a.md", chapter)], "");
        book.build_ok(version);
        let answered = |path: &str| {
            let page = book.output(path);
            let at = page.find(" of 14 answered").expect("a checklist");
            page[..at]
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap()
                .to_owned()
        };
        let (html, markdown) = (answered("html/a.html"), answered("markdown/a.md"));
        assert_eq!(html, markdown, "{version}: html and markdown checklists");
        assert_eq!(markdown, "0", "{version}");
        assert!(
            book.output("html/a.html").contains("deepdive-meta"),
            "{version}: the badge line is there"
        );
    }
}
