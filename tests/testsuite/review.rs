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
    book_toml(&MEMBERS, "[output.html]\n\n[output.markdown]\n").replace(
        "[preprocessor.deepdive-review]\n",
        &format!("[preprocessor.deepdive-review]\n{options}"),
    )
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
    let file = "[categories.compliance]\ntitle = \"Compliance\"\nquestions = [{ id = \"c.gdpr\", text = \"Is personal data minimised?\", answered-by = [\"Data Protection\"] }]\n";
    let extra = "questions = \"review/bank.toml\"\n\n[preprocessor.deepdive-review.categories.security]\nremove = true\n\n[preprocessor.deepdive-review.categories.scale]\nreplace = true\nquestions = [{ text = \"What is the p99 at peak?\", answered-by = [\"Benchmarks\"] }]\n";
    let book = review_book(
        &[(
            "a.md",
            "# A\n\n## Data Protection\nPersonal data is encrypted at rest and deleted after thirty days of inactivity.\n\n{{#review-checklist}}\n",
        )],
        extra,
    );
    book.write("review/bank.toml", file);
    book.build_ok(MDBOOK_05);
    // No security questions, scale's replaced by the one of book.toml, the
    // file's compliance question answered by its section.
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
}
