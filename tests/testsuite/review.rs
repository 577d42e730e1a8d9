//! The review member through real `mdbook build`: the built-in and custom
//! banks, coverage of filled and unfilled templates, N/A, opt-out,
//! auto-insertion, the summary, and the gate.

use crate::support::*;

const FILLED: &str = "---\ntitle: Filled\nstatus: done\n---\n# Filled\n\n## Failure Modes & Blast Radius\n\n### Failure Domains\nA gateway crash drops only its own sessions; clients reconnect to another node within five seconds.\n\n## Rollback Plan\nThe publish path sits behind a flag that we can turn off in one deploy, falling back to polling.\n\n## Further Reading\n- Papers\n";

fn review_book(chapters: &[(&str, &str)], extra_toml: &str) -> BookTest {
    let toml = book_toml(&MEMBERS, "[output.html]\n\n[output.markdown]\n").replace(
        "[preprocessor.deepdive-review]\n",
        &format!("[preprocessor.deepdive-review]\n{extra_toml}"),
    );
    BookTest::with_chapters(&toml, chapters)
}

#[test]
fn the_built_in_checklist_checks_answered_questions_with_links() {
    let book = review_book(
        &[("a.md", &format!("{FILLED}\n{{{{#review-checklist}}}}\n"))],
        "",
    );
    book.build_ok(MDBOOK_05);
    let out = book.output("markdown/a.md");
    assert!(out.contains("## Review checklist"), "{out}");
    assert!(out.contains("3 of 14 answered"), "{out}");
    assert!(out.contains("### Design"));
    assert!(
        out.contains(
            "* [x] What's the failure domain? — answered in [Failure Domains](#failure-domains)"
        ),
        "{out}"
    );
    assert!(
        out.contains("* [x] How do we roll back? — answered in [Rollback Plan](#rollback-plan)"),
        "{out}"
    );
    assert!(out.contains("* [ ] Who can access this?"), "{out}");
    let html = book.output("html/a.html");
    assert!(html.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\"> What’s the failure domain? — answered in <a href=\"#failure-domains\">"), "{html}");
    assert!(
        html.contains("id=\"failure-domains\""),
        "the link's target exists"
    );
    assert!(html.contains("deepdive-review-open"), "readiness badge");
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
        FILLED.replace(
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
    let a = book.output("markdown/a.md");
    assert!(
        a.contains("## Before review") && a.contains("### Security") && !a.contains("### Scale"),
        "{a}"
    );
    assert!(
        a.contains("* [x] ~~Who can access this?~~ N/A: internal tool"),
        "{a}"
    );
    assert!(a.contains("4 of 8 answered"), "{a}");
    assert_eq!(book.output("markdown/b.md"), "# B\n\n\n", "opted out");
    let c = book.output("markdown/c.md");
    assert!(c.contains("### Scale") && !c.contains("### Design"), "{c}");
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
    let out = book.output("markdown/a.md");
    assert!(!out.contains("### Security"), "{out}");
    assert!(
        out.contains("### Scale\n\n* [ ] What is the p99 at peak?\n\n### Operational"),
        "{out}"
    );
    assert!(
        out.contains(
            "* [x] Is personal data minimised? — answered in [Data Protection](#data-protection)"
        ),
        "{out}"
    );
}

#[test]
fn auto_inserts_before_a_heading_or_at_the_end_unless_present() {
    let extra = "auto = true\nauto-tags = [\"redis\"]\ninsert-before = \"Further Reading\"\n";
    let tagged = FILLED.replace("status: done\n", "status: done\ntags: [redis]\n");
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
    let a = book.output("markdown/a.md");
    assert!(
        a.find("## Review checklist").unwrap() < a.find("## Further Reading").unwrap(),
        "{a}"
    );
    assert!(
        book.output("markdown/b.md")
            .ends_with("\n* [ ] How do we debug issues?\n"),
        "{}",
        book.output("markdown/b.md")
    );
    assert!(!book.output("markdown/c.md").contains("Review checklist"));
    let d = book.output("markdown/d.md");
    assert_eq!(
        d.matches("## Review checklist").count(),
        1,
        "the directive wins: {d}"
    );
}

#[test]
fn the_summary_lists_readiness_and_open_questions() {
    let book = review_book(
        &[
            ("index.md", "# Home\n\n{{#review-summary}}\n"),
            (
                "deep/a.md",
                &format!("{FILLED}\n{{{{#review-checklist}}}}\n"),
            ),
        ],
        "",
    );
    book.build_ok(MDBOOK_05);
    let out = book.output("markdown/index.md");
    assert!(
        out.contains("|Chapter|Status|Readiness|Open questions|"),
        "{out}"
    );
    assert!(out.contains("|[Filled](./deep/a.md)|done|3 of 14 answered|How do we detect failures?; What's the observability contract?"), "{out}");
}

#[test]
fn the_summary_keeps_one_folder_and_takes_no_other_argument() {
    let filled = format!("{FILLED}\n{{{{#review-checklist}}}}\n");
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
    let out = book.output("markdown/index.md");
    assert!(out.contains("|[Filled](./deep/a.md)|"), "{out}");
    assert!(!out.contains("guide/b.md"), "{out}");

    let output = book_with("{{#review-summary status=done}}").build(MDBOOK_05);
    let stderr = stderr(&output);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("error: src/index.md:3:19: `{{#review-summary}}` takes only `folder=`"),
        "{stderr}"
    );
}

#[test]
fn a_second_checklist_in_a_chapter_is_left_out_with_a_warning() {
    let book = review_book(
        &[(
            "a.md",
            &format!(
                "{FILLED}\n{{{{#review-checklist}}}}\n\nMore.\n\n{{{{#review-checklist security}}}}\n"
            ),
        )],
        "",
    );
    let warnings = book.build_ok(MDBOOK_05);
    // Line 22 of the file: the text review is handed has status's badge line
    // above it, and the location is moved back to the file.
    assert!(
        warnings.contains(
            "warning: src/a.md:22:1: a chapter has one review checklist; this second `{{#review-checklist}}` is left out"
        ),
        "{warnings}"
    );
    let page = book.output("markdown/a.md");
    assert_eq!(page.matches("## Review checklist").count(), 1, "{page}");
    assert!(!page.contains("{{#review-checklist"), "{page}");
}

#[test]
fn the_gate_warns_and_fails_under_strict() {
    let book = review_book(
        &[("a.md", &format!("{FILLED}\n{{{{#review-checklist}}}}\n"))],
        "gate = [\"done\"]\n",
    );
    let warnings = book.build_ok(MDBOOK_05);
    assert!(warnings.contains("warning: src/a.md:1:1: chapter is `done` but must-answer review questions are open: Who can access this?"), "{warnings}");
    let strict = review_book(
        &[("a.md", &format!("{FILLED}\n{{{{#review-checklist}}}}\n"))],
        "gate = [\"done\"]\nstrict = true\n",
    );
    let output = strict.build(MDBOOK_05);
    assert!(!output.status.success());
    assert!(stderr(&output).contains(
        "error: src/a.md:1:1: chapter is `done` but must-answer review questions are open"
    ));
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
