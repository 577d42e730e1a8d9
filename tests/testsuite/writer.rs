//! `mdbook-deepdive`, the writer's program: each command run on a copy of
//! the example book, which then builds with the real mdBook 0.5.4 and 0.4.52.

use crate::support::*;
use std::process::{Command, Output};

/// Runs `mdbook-deepdive ARGS --book BOOK`.
fn deepdive(book: &BookTest, args: &[&str]) -> Output {
    Command::new(member_bin("deepdive"))
        .args(args)
        .arg("--book")
        .arg(book.root())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The book builds with both mdBook versions, and prints no suite error.
fn builds(book: &BookTest) {
    for version in [MDBOOK_05, MDBOOK_04] {
        let stderr = book.build_ok(version);
        assert!(!stderr.contains("error:"), "{version}: {stderr}");
    }
}

/// Every file under the book's `src/`, with its bytes.
fn sources(book: &BookTest) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    walk(&book.root().join("src"), &mut |path| {
        files.push((path.to_path_buf(), std::fs::read(path).unwrap()));
    });
    files.sort();
    files
}

#[test]
fn new_writes_the_template_text_filled_and_lists_it() {
    let book = BookTest::example();
    let summary = book.read("src/SUMMARY.md");
    let output = deepdive(
        &book,
        &[
            "new",
            "--set",
            "summary=Who *reads* what, <b>when</b>",
            "Search v2",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).ends_with("src/deep-dives/15-search-v2.md\n"),
        "{}",
        stdout(&output)
    );
    let chapter = book.read("src/deep-dives/15-search-v2.md");
    let date = chapter.lines().nth(3).unwrap().to_owned();
    assert!(date.starts_with("date: 20"), "{date}");
    // Front matter, the heading, the staff template's text with title, date
    // and --set filled (made inert: the markup shows as text), the rest
    // the template's guidance.
    assert_snapshot("new-filled", &chapter.replace(&date, "date: <today>"));
    assert_eq!(
        book.read("src/SUMMARY.md"),
        summary.replace(
            "(deep-dives/14-security-compliance.md)\n",
            "(deep-dives/14-security-compliance.md)\n- [Search v2](deep-dives/15-search-v2.md)\n"
        )
    );
    builds(&book);
    let page = book.output("deep-dives/15-search-v2.html");
    // A --set value is text, as every value the suite puts into markdown.
    assert!(page.contains("Who *reads* what, &lt;"), "{page}");
    assert!(!page.contains("<b>when</b>") && !page.contains("<em>reads"));
}

#[test]
fn new_linked_writes_the_directive_and_a_design_doc_goes_to_designs() {
    let book = BookTest::example();
    let output = deepdive(&book, &["new", "--linked", "Search v2"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let chapter = book.read("src/deep-dives/15-search-v2.md");
    assert!(
        chapter.ends_with("---\n# Search v2\n\n{{#template staff-deep-dive}}\n"),
        "{chapter}"
    );
    let output = deepdive(&book, &["new", "--template", "design-doc", "Pub/Sub v3"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let design = book.read("src/designs/01-pub-sub-v3.md");
    assert!(design.contains("\nstatus: proposed\n"), "{design}");
    assert!(design.contains("\ncategories: [\"designs\"]\n"), "{design}");
    assert!(
        design.contains("\n## Problem Statement & Constraints\n"),
        "{design}"
    );
    // Never overwrites: the same title again is the next number.
    let again = deepdive(&book, &["new", "--linked", "Search v2"]);
    assert!(stdout(&again).ends_with("src/deep-dives/16-search-v2.md\n"));
    builds(&book);
}

#[test]
fn bad_input_writes_nothing() {
    let book = BookTest::example();
    let before = sources(&book);
    for (args, message) in [
        (
            &["new", "--set", "sumary=x", "T"][..],
            "template `staff-deep-dive` has no parameter `sumary` (did you mean `summary`?",
        ),
        (
            &["new", "--template", "nope", "T"][..],
            "unknown template `nope`",
        ),
        (&["set", "07", "status=bogus"][..], "unknown status `bogus`"),
        (
            &["set", "99", "status=done"][..],
            "`99` names no chapter of the book",
        ),
        (&["set", "07", "a: b=c"][..], "is not a front matter key"),
        (&["supersede", "07", "07"][..], "cannot supersede itself"),
    ] {
        let output = deepdive(&book, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let err = stderr(&output);
        assert!(
            err.starts_with("error: ") && err.contains(message),
            "{args:?}: {err}"
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(sources(&book), before, "a refused command wrote something");
}

#[test]
fn set_changes_one_value_in_place() {
    let book = BookTest::example();
    let original = book.read("src/deep-dives/07-distributed-presence.md");
    let output = deepdive(&book, &["set", "07", "status=done", "owner=ana"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "src/deep-dives/07-distributed-presence.md\n"
    );
    assert_eq!(
        book.read("src/deep-dives/07-distributed-presence.md"),
        // A new key goes at the end of the block.
        original
            .replace("status: skeleton\n", "status: done\n")
            .replacen("\n---\n", "\nowner: ana\n---\n", 1)
    );
    // A hostile value stays one string: no key, line or heading of its own.
    let hostile = "x\"\nstatus: done\n---\n# injected";
    let output = deepdive(
        &book,
        &[
            "set",
            "deep-dives/07-distributed-presence.md",
            &format!("owner={hostile}"),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let chapter = book.read("src/deep-dives/07-distributed-presence.md");
    assert!(
        chapter.contains("\nowner: \"x\\\"\\u000Astatus: done\\u000A---\\u000A# injected\"\n"),
        "{chapter}"
    );
    builds(&book);
    assert!(
        !book
            .output("deep-dives/07-distributed-presence.html")
            .contains("<h1 id=\"injected\"")
    );
}

#[test]
fn set_writes_a_list_key_as_a_list_in_place() {
    let book = BookTest::example();
    let path = "src/deep-dives/07-distributed-presence.md";
    let original = book.read(path);
    let output = deepdive(
        &book,
        &["set", "07", "tags=websocket, fan-out", "related=06,08"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    // The flow list replaced where it was, the new key added as a list, and
    // every other byte as it was.
    assert_eq!(
        book.read(path),
        original
            .replace("tags: [redis, presence]\n", "tags: [websocket, fan-out]\n")
            .replacen("\n---\n", "\nrelated: [\"06\", \"08\"]\n---\n", 1)
    );
    builds(&book);
    // Two tags, each its own chip, and both related chapters linked.
    let page = book.output("deep-dives/07-distributed-presence.html");
    let main = main_element(&page);
    assert!(
        main.contains(">websocket<") && main.contains(">fan-out<"),
        "{main}"
    );
    assert!(!main.contains("websocket, fan-out"), "{main}");
    assert!(
        main.contains("06-read-status-updates.html") && main.contains("08-realtime-search.html"),
        "{main}"
    );
    // A TOML block gets a TOML array.
    book.write(
        path,
        "+++\r\ntitle = \"Distributed Presence\"\r\ntags = \"redis\" # one\r\n+++\r\n# Distributed Presence\r\n",
    );
    let output = deepdive(&book, &["set", "7", "tags=a,b c"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        book.read(path),
        "+++\r\ntitle = \"Distributed Presence\"\r\ntags = [\"a\", \"b c\"] # one\r\n+++\r\n# Distributed Presence\r\n"
    );
}

#[test]
fn set_edits_toml_front_matter_with_crlf() {
    let book = BookTest::example();
    book.write(
        "src/deep-dives/07-distributed-presence.md",
        "+++\r\ntitle = \"Distributed Presence\" # keep\r\nstatus = 'skeleton'\r\n+++\r\n# Distributed Presence\r\n",
    );
    let output = deepdive(&book, &["set", "7", "status=review"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        book.read("src/deep-dives/07-distributed-presence.md"),
        "+++\r\ntitle = \"Distributed Presence\" # keep\r\nstatus = \"review\"\r\n+++\r\n# Distributed Presence\r\n"
    );
    builds(&book);
}

#[test]
fn supersede_writes_both_sides() {
    let book = BookTest::example();
    let output = deepdive(&book, &["supersede", "03", "12"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let old = book.read("src/deep-dives/03-massive-fan-out.md");
    assert!(old.contains("\nstatus: superseded\n"), "{old}");
    assert!(
        old.contains("\nsuperseded-by: \"deep-dives/12-global-architecture.md\"\n"),
        "{old}"
    );
    let new = book.read("src/deep-dives/12-global-architecture.md");
    assert!(
        new.contains("\nsupersedes: \"deep-dives/03-massive-fan-out.md\"\n"),
        "{new}"
    );
    for version in [MDBOOK_05, MDBOOK_04] {
        let stderr = book.build_ok(version);
        // Both sides written: no one-sided warning.
        assert!(!stderr.contains("one-sided"), "{stderr}");
    }
    assert!(
        book.output("deep-dives/03-massive-fan-out.html")
            .contains("Superseded by")
    );
}

#[test]
fn check_runs_every_member_the_book_runs() {
    let book = BookTest::example();
    book.append(
        "src/deep-dives/07-distributed-presence.md",
        "\n{{#ref nowhere}}\n{{#investigation-index status=nope}}\n",
    );
    let text = deepdive(&book, &["check"]);
    assert_eq!(text.status.code(), Some(1));
    let github = deepdive(&book, &["check", "--format", "github"]);
    assert_eq!(github.status.code(), Some(1));
    let report = format!("text:\n{}\ngithub:\n{}", stdout(&text), stdout(&github));
    assert_snapshot("check-four-entries", &report);
    // The one entry: the same problems, each once.
    let toml = book.read("book.toml");
    book.write("book.toml", &all_in_one_toml(&toml));
    let one = deepdive(&book, &["check", "--format", "github"]);
    assert_eq!(one.status.code(), Some(1));
    // (each message names the table the vocabulary is in)
    assert_eq!(
        stdout(&one),
        stdout(&github).replace(
            "[preprocessor.deepdive-status.",
            "[preprocessor.deepdive.status."
        )
    );
    let json = deepdive(&book, &["check", "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(parsed.as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn check_of_the_example_book_is_clean_of_errors() {
    let book = BookTest::example();
    let output = deepdive(&book, &["check", "--format", "github"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output)
            .lines()
            .all(|l| l.starts_with("::warning file=src/"))
    );
}

#[test]
fn install_adds_the_whole_suite_once() {
    for (layout, args) in [
        ("four", &["install"][..]),
        ("one", &["install", "--one-entry"][..]),
    ] {
        let book = BookTest::new(
            "# my book\n[book]\ntitle = \"T\" # keep\n",
            &[
                ("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
                (
                    "src/a.md",
                    "---\nstatus: done\n---\n# A\n\n{{#status-counts}}\n",
                ),
            ],
        );
        let output = deepdive(&book, args);
        assert!(output.status.success(), "{}", stderr(&output));
        let toml = book.read("book.toml");
        assert!(
            toml.starts_with("# my book\n[book]\ntitle = \"T\" # keep\n"),
            "{toml}"
        );
        assert_snapshot(&format!("install-{layout}"), &toml);
        let again = deepdive(&book, args);
        assert!(stdout(&again).contains("nothing to change"), "{layout}");
        assert_eq!(book.read("book.toml"), toml);
        builds(&book);
        assert!(book.output("a.html").contains("deepdive-badge"), "{layout}");
    }
}

#[test]
fn export_matches_its_schema() {
    let book = BookTest::example();
    assert!(deepdive(&book, &["supersede", "03", "12"]).status.success());
    let output = deepdive(&book, &["export"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let exported: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("schema/export.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    let errors: Vec<String> = validator
        .iter_errors(&exported)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And the schema can fail: a document without its path does not match.
    let mut broken = exported.clone();
    broken["documents"][0]
        .as_object_mut()
        .unwrap()
        .remove("path");
    assert!(!validator.is_valid(&broken));
    let documents = exported["documents"].as_array().unwrap();
    let old = documents
        .iter()
        .find(|d| d["path"] == "deep-dives/03-massive-fan-out.md")
        .unwrap();
    assert_eq!(old["status"]["id"], "superseded");
    assert_eq!(
        old["relationships"]["superseded-by"][0],
        "deep-dives/12-global-architecture.md"
    );
    assert!(
        old["review"]["answered"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
    // Dates are the days written, as the index shows them: a Hugo timestamp
    // with its offset, `lastmod` as `updated`.
    let note = documents
        .iter()
        .find(|d| d["path"] == "notes/redis-memory-budget.md")
        .unwrap();
    assert_eq!(
        note["dates"],
        serde_json::json!({ "date": "2026-02-24", "updated": "2026-03-02" })
    );
    builds(&book);
}

/// The first "N of M answered" of a rendered page, as numbers.
fn readiness(page: &str) -> Option<(usize, usize)> {
    page.match_indices(" answered").find_map(|(at, _)| {
        let words: Vec<&str> = page[..at]
            .rsplit(|c: char| !c.is_ascii_alphanumeric())
            .take(3)
            .collect();
        match words.as_slice() {
            [total, "of", handled] => Some((handled.parse().ok()?, total.parse().ok()?)),
            _ => None,
        }
    })
}

#[test]
fn export_reports_the_coverage_the_build_shows() {
    // The HTML pages: the export reads chapters as the HTML build does.
    let book = BookTest::example();
    book.build_ok(MDBOOK_05);
    let output = deepdive(&book, &["export"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let exported: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut compared = 0;
    for document in exported["documents"].as_array().unwrap() {
        let Some(review) = document["review"].as_object() else {
            continue;
        };
        let path = document["path"].as_str().unwrap();
        let page = book.output(&path.replace(".md", ".html"));
        let handled = review["answered"].as_array().unwrap().len()
            + review["not-applicable"].as_array().unwrap().len();
        let total = handled + review["open"].as_array().unwrap().len();
        // The checklist's readiness: "N of M answered" (N/A counts as handled).
        let Some(shown) = readiness(&page) else {
            continue;
        };
        assert_eq!(
            shown,
            (handled, total),
            "{}: the page's checklist against the export",
            document["path"]
        );
        compared += 1;
    }
    // Every deep dive has a checklist in the example book (auto = true).
    assert!(compared >= 10, "{compared} checklists compared");
}

#[test]
fn export_uses_the_books_question_bank() {
    let book = BookTest::example();
    book.write(
        "review/bank.toml",
        "[categories.compliance]\ntitle = \"Compliance\"\nquestions = [{ id = \"c.erasure\", text = \"Can a user have their data erased?\", evidence = [\"erased\", \"erasure\"] }]\n",
    );
    let toml = book.read("book.toml").replace(
        "[preprocessor.deepdive-review]\n",
        "[preprocessor.deepdive-review]\nquestions = \"review/bank.toml\"\n",
    );
    book.write("book.toml", &toml);
    let output = deepdive(&book, &["export"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let exported: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let chapter = exported["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "deep-dives/07-distributed-presence.md")
        .unwrap();
    assert!(
        chapter["review"]["open"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("c.erasure")),
        "the questions file's question is in the export: {chapter}"
    );
    // A broken bank is the build's error, and no export.
    book.write(
        "review/bank.toml",
        "[categories.compliance]\nquestions = 3\n",
    );
    let output = deepdive(&book, &["export"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("review/bank.toml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_members_commands_are_reachable_and_complete() {
    let book = BookTest::example();
    let list = deepdive(&book, &["templates", "list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(stdout(&list).contains("design-doc\n"));
    let show = deepdive(&book, &["templates", "show", "technical-deep-dive"]);
    assert!(
        stdout(&show).contains("  topic (default \"[topic]\")"),
        "{}",
        stdout(&show)
    );
    let fix = deepdive(&book, &["fix-encoding", "--dry-run"]);
    assert!(fix.status.success(), "{}", stderr(&fix));
    let import = deepdive(&book, &["import", "src/README.md", "--dry-run"]);
    assert!(import.status.code().is_some(), "{}", stderr(&import));
    for shell in ["bash", "zsh", "fish"] {
        let output = Command::new(member_bin("deepdive"))
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(output.status.success());
        let script = stdout(&output);
        assert!(
            script.contains("supersede") && script.contains("one-entry"),
            "{shell}"
        );
    }
    for command in [
        "new",
        "check",
        "set",
        "supersede",
        "export",
        "install",
        "import",
        "fix-encoding",
    ] {
        let output = Command::new(member_bin("deepdive"))
            .args([command, "--help"])
            .output()
            .unwrap();
        assert!(
            stdout(&output).contains(&format!("Example:\n  mdbook-deepdive {command}")),
            "{command}"
        );
    }
    builds(&book);
}
