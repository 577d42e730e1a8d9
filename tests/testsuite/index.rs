//! The index member through real `mdbook build`: the generated tables, every
//! argument, escaping, relative links, drafts, counts and the tag list.

use crate::support::*;
use std::fmt::Write as _;

/// The index's book (`tests/books/index/`): a home page, three deep dives
/// (one a draft with a mojibake status), an ADR, an index in a nested
/// folder, and a planned entry, with `holder` as the home page and
/// `extra_toml` at the end of `book.toml`.
fn index_book(holder: &str, extra_toml: &str) -> BookTest {
    let book = BookTest::from_dir("books/index");
    book.write("src/README.md", holder);
    book.append("book.toml", extra_toml);
    book
}

const MARKDOWN: &str = "[output.html]\n\n[output.markdown]\n";

#[test]
fn the_default_index_has_the_seed_shape_with_links_focus_and_badges() {
    let book = index_book("# Home\n\n{{#investigation-index}}\n", MARKDOWN);
    book.build_ok(MDBOOK_05);
    // The seed's columns, the title and focus escaped, badges in the table,
    // the draft left out by default.
    book.check_markdown("markdown/index.md", "default-index")
        .check_main_file("html/index.html", "default-index-page");
    let html = book.output("html/index.html");
    assert!(!html.contains("<b>bold</b>"), "no markup injected");
}

#[test]
fn links_are_relative_to_the_chapter_holding_the_index() {
    let book = index_book("# Home\n", MARKDOWN);
    book.build_ok(MDBOOK_05);
    // `../../` links, and only the `deep-dives` folder.
    book.check_markdown("markdown/notes/nested/deep.md", "nested-index")
        .check_main_file("html/notes/nested/deep.html", "nested-index-page");
}

#[test]
fn filters_sorting_columns_limit_and_empty() {
    let mut outputs = String::new();
    for args in [
        "status=done,accepted",
        "tag=REDIS",
        "category=adr",
        "under=Dives",
        "folder=adr",
    ] {
        let book = index_book(
            &format!("# Home\n\n{{{{#investigation-index {args}}}}}\n"),
            "[output.markdown]\n",
        );
        book.build_ok(MDBOOK_05);
        let out = book.output("index.md");
        let _ = writeln!(outputs, "{{{{#investigation-index {args}}}}}:\n{out}");
    }
    assert_snapshot("filters", &outputs);
    // Sorted by date descending, two rows, and the text for no rows.
    let book = index_book(
        "# Home\n\n{{#investigation-index sort=-date columns=\"topic,date,tags,difficulty\" limit=2}}\n\n{{#investigation-index tag=none empty=\"Nothing yet.\"}}\n",
        "[output.markdown]\n",
    );
    book.build_ok(MDBOOK_05);
    book.check_markdown("index.md", "sort-columns-limit-empty");
}

#[test]
fn group_by_status_with_titles_and_order() {
    let book = index_book(
        "# Home\n\n{{#investigation-index group-by=status titles=\"skeleton=Future Roadmap\"}}\n",
        MARKDOWN,
    );
    let with_order = book_toml(&MEMBERS, "[output.markdown]\n").replace(
        "[preprocessor.deepdive-index]\n",
        "[preprocessor.deepdive-index]\ngroup-titles = { done = \"Investigation Index\" }\ngroup-order = [\"done\"]\n",
    );
    book.write("book.toml", &with_order);
    book.build_ok(MDBOOK_05);
    // Done (titled in book.toml) first, then the skeletons (titled in the
    // directive), then accepted with its label.
    book.check_markdown("index.md", "group-by-status");
}

#[test]
fn counts_and_the_tag_index() {
    let book = index_book(
        "# Home\n\nDone: {{#investigation-count status=done}} of {{#investigation-count}}.\n\n{{#tag-index}}\n",
        "[output.markdown]\n",
    );
    book.build_ok(MDBOOK_05);
    // `Done: 1 of 3.`; the draft's tags are left out.
    book.check_markdown("index.md", "counts-and-tags");
}

#[test]
fn drafts_publish_hide_and_show() {
    // show: the draft is indexed (its mojibake status recognised).
    let book = index_book(
        "# Home\n\n{{#investigation-index}}\n",
        "[output.markdown]\n",
    );
    let show = book_toml(&MEMBERS, "[output.markdown]\n").replace(
        "[preprocessor.deepdive-review]\n",
        "[preprocessor.deepdive-review]\ndrafts = \"show\"\n",
    );
    book.write("book.toml", &show);
    book.build_ok(MDBOOK_05);
    book.check_markdown("index.md", "drafts-shown");

    // hide: no page, no sidebar entry, and a link to it warns.
    let hide = show.replace("drafts = \"show\"", "drafts = \"hide\"");
    book.write("book.toml", &hide.replace("[output.markdown]\n", ""));
    book.write(
        "src/deep-dives/02-two.md",
        "---\ntitle: \"Two\"\nstatus: skeleton\n---\n# Chapter\n\nSee [three](03-three.md), [its page](./03-three.html#top) and [the draft][d].\n\n[d]: 03-three.md\n",
    );
    let stderr = book.build_ok(MDBOOK_05);
    // A warning at each of the three links (columns 5, 27 and 63).
    book.check_stderr(&stderr, "drafts-hidden");
    assert!(
        !book.root().join("book/deep-dives/03-three.html").exists(),
        "no page"
    );
    assert!(
        !book.output("toc.html").contains("Three"),
        "no sidebar entry"
    );
    assert!(
        !book
            .all_output()
            .iter()
            .any(|(p, t)| p.to_string_lossy().contains("searchindex")
                && t.contains("Only a description")),
        "no search entry"
    );

    // The environment variable overrides the book for `mdbook serve`.
    let output = book
        .build_command(MDBOOK_05)
        .env("MDBOOK_DEEPDIVE_DRAFTS", "show")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        book.root().join("book/deep-dives/03-three.html").exists(),
        "shown with the override"
    );
}

#[test]
fn planned_entries_from_summary_drafts() {
    let book = index_book(
        "# Home\n\n{{#investigation-index status=planned}}\n",
        "[output.markdown]\n",
    );
    let planned = book_toml(&MEMBERS, "[output.markdown]\n").replace(
        "[preprocessor.deepdive-index]\n",
        "[preprocessor.deepdive-index]\nplanned = true\n",
    );
    book.write("book.toml", &planned);
    book.build_ok(MDBOOK_05);
    book.check_markdown("index.md", "planned");
}

#[test]
fn bad_arguments_are_errors_at_their_position() {
    let mut outcomes = String::new();
    for args in [
        "sortt=title",
        "sort=size",
        "status=doen",
        "columns=\"topic,owner\"",
        "limit=many",
        "group-by=tag",
    ] {
        let book = index_book(
            &format!("# Home\n\n{{{{#investigation-index {args}}}}}\n"),
            "",
        );
        let output = book.build(MDBOOK_05);
        assert!(!output.status.success(), "{args}");
        let lines = diagnostics(&stderr(&output), Some(book.root()));
        let _ = writeln!(outcomes, "{args}:\n{}\n", lines.join("\n"));
    }
    // Each an error at the directive's argument (3:24), with the fix.
    assert_snapshot("bad-arguments", &outcomes);
}

#[test]
fn required_fields_and_missing_titles_warn_per_field() {
    let book = index_book("# Home\n\n{{#investigation-index folder=adr}}\n", "");
    let required = book_toml(&MEMBERS, "").replace(
        "[preprocessor.deepdive-index]\n",
        "[preprocessor.deepdive-index]\nrequired = [\"title\", \"focus\", \"owner\"]\n",
    );
    book.write("book.toml", &required);
    book.write(
        "src/adr/0001-kafka.md",
        "---\nstatus: accepted\n---\n# Kafka\n",
    );
    let stderr = book.build_ok(MDBOOK_05);
    // One warning per missing field; a missing title says what is shown.
    book.check_stderr(&stderr, "required-fields");
}

#[test]
fn the_example_book_index_is_two_tables_of_the_fourteen_investigations() {
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = BookTest::example();
        book.build_ok(version);
        let html = book.output("index.html");
        let done = html
            .find("id=\"investigation-index\"")
            .expect("done heading");
        let roadmap = html
            .find("id=\"future-roadmap-architectural-expansion\"")
            .expect("roadmap heading");
        assert!(done < roadmap);
        let summary = html
            .find("id=\"review-readiness\"")
            .expect("review summary heading");
        assert_eq!(
            html[done..summary].matches("<table>").count(),
            2,
            "{version}: the index's two tables"
        );
        assert_eq!(
            html[done..roadmap].matches("deepdive-status-done").count(),
            6,
            "{version}"
        );
        assert_eq!(
            html[roadmap..].matches("deepdive-status-skeleton").count(),
            8,
            "{version}"
        );
        for n in 1..=14 {
            let prefix = format!("href=\"./deep-dives/{n:02}-");
            let at = html
                .find(&prefix)
                .unwrap_or_else(|| panic!("{version}: no link to {n:02}"));
            let target = html[at + 6..].split('"').next().unwrap();
            assert!(
                book.root().join("book").join(target).exists(),
                "{version}: {target} is a working link"
            );
        }
    }
}

/// A copy of the example book as a team has it before the suite: the seed's
/// hand-kept table (with its mojibake) and chapters without status or focus.
fn book_before_import() -> BookTest {
    let book = BookTest::example();
    unconfigure_index(&book);
    for entry in std::fs::read_dir(book.root().join("src/deep-dives"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let kept: String = text
            .split_inclusive('\n')
            .filter(|line| !line.starts_with("status:") && !line.starts_with("focus:"))
            .collect();
        std::fs::write(entry.path(), kept).unwrap();
    }
    // One chapter with no front matter at all.
    let seven = book
        .root()
        .join("src/deep-dives/07-distributed-presence.md");
    let text = std::fs::read_to_string(&seven).unwrap();
    let body = &text[text[4..].find("---\n").unwrap() + 8..];
    std::fs::write(&seven, body).unwrap();
    book
}

fn body_of(text: &str) -> String {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let close = format!("{nl}---{nl}");
    match text.strip_prefix(&format!("---{nl}")) {
        Some(rest) => rest[rest.find(&close).unwrap() + close.len()..].to_owned(),
        None => text.to_owned(),
    }
}

#[test]
fn import_moves_the_seed_table_into_front_matter_and_one_directive() {
    let book = book_before_import();
    let dives = book.root().join("src/deep-dives");
    let read = |name: &str| std::fs::read_to_string(dives.join(name)).unwrap();
    let bodies: Vec<(String, String)> = std::fs::read_dir(&dives)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                body_of(&std::fs::read_to_string(e.path()).unwrap()),
            )
        })
        .collect();
    let import = |extra: &[&str]| {
        std::process::Command::new(member_bin("deepdive-index"))
            .args(["import", "--book"])
            .arg(book.root())
            .arg("src/README.md")
            .args(extra)
            .output()
            .unwrap()
    };
    let dry = import(&["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(String::from_utf8_lossy(&dry.stdout).contains("01-multi-server-broadcasting.md: status: done, focus: \"Redis Pub/Sub, DB-first write path\""));
    assert!(
        !read("01-multi-server-broadcasting.md").contains("status:"),
        "dry run wrote nothing"
    );

    let real = import(&[]);
    assert!(real.status.success(), "{}", stderr(&real));
    let one = read("01-multi-server-broadcasting.md");
    assert!(
        one.contains("status: done\nfocus: \"Redis Pub/Sub, DB-first write path\"\n---\n"),
        "{one}"
    );
    // A chapter without a title gets the table's topic; one with a title keeps it.
    assert!(read("07-distributed-presence.md").starts_with("---\ntitle: \"Distributed Presence\"\nstatus: skeleton\nfocus: \"Heartbeat storm, Redis Bitmap/HLL\"\n---\n# Distributed Presence"));
    assert_eq!(one.matches("title:").count(), 1, "{one}");
    assert!(
        read("09-smart-notifications.md").contains(
            "status: skeleton\r\nfocus: \"Suppression, Throttling, Redis Locks\"\r\n---\r\n"
        ),
        "CRLF kept"
    );
    for (name, body) in bodies {
        assert_eq!(body_of(&read(&name)), body, "{name}: the body is untouched");
    }
    let readme = std::fs::read_to_string(book.root().join("src/README.md")).unwrap();
    assert!(
        readme.contains("---\n\n{{#investigation-index folder=deep-dives group-by=status}}\n\n---"),
        "{readme}"
    );
    assert!(!readme.contains("| 01 |"));

    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    assert!(toml.contains("group-titles = { done = \"Investigation Index\", skeleton = \"Future Roadmap (Architectural Expansion)\" }"), "{toml}");
    assert!(
        toml.contains("group-order = [\"done\", \"skeleton\"]"),
        "{toml}"
    );
    assert!(
        toml.contains("# The suite, in its documented order"),
        "comments kept"
    );

    book.build_ok(MDBOOK_05);
    let html = book.output("index.html");
    assert!(
        html.find("id=\"investigation-index\"").unwrap()
            < html
                .find("id=\"future-roadmap-architectural-expansion\"")
                .unwrap()
    );
    assert_eq!(html.matches("<table>").count(), 2);
    assert_eq!(html.matches("deepdive-status-done").count(), 6);
    assert_eq!(html.matches("deepdive-status-skeleton").count(), 8);
}

#[test]
fn required_fields_per_folder() {
    let book = index_book("# Home\n\n{{#investigation-index}}\n", "");
    let per_folder = book_toml(&MEMBERS, "").replace(
        "[preprocessor.deepdive-index]\n",
        "[preprocessor.deepdive-index]\nrequired = { \"deep-dives\" = [\"focus\"], adr = [\"owner\"] }\n",
    );
    book.write("book.toml", &per_folder);
    let stderr = book.build_ok(MDBOOK_05);
    // `focus` only in deep-dives/ (02 has none, 01 has one), `owner` only in adr/.
    book.check_stderr(&stderr, "required-per-folder");
}
