//! The index member through real `mdbook build`: the generated tables, every
//! argument, escaping, relative links, drafts, counts and the tag list.

mod support;

use support::*;

fn chapter(title: &str, status: &str, extra: &str) -> String {
    format!("---\ntitle: \"{title}\"\nstatus: {status}\n{extra}---\n# Chapter\n")
}

fn index_book(holder: &str, extra_toml: &str) -> TestBook {
    let files = [
        ("src/SUMMARY.md".to_owned(), "# Summary\n\n[Home](README.md)\n\n- [Dives](deep-dives/README.md)\n  - [One](deep-dives/01-one.md)\n  - [Two](deep-dives/02-two.md)\n  - [Three](deep-dives/03-three.md)\n- [ADR](adr/0001-kafka.md)\n- [Notes](notes/nested/deep.md)\n- [Planned later]()\n".to_owned()),
        ("src/README.md".to_owned(), holder.to_owned()),
        ("src/deep-dives/README.md".to_owned(), "# Dives\n".to_owned()),
        ("src/deep-dives/01-one.md".to_owned(), chapter("One | <b>bold</b> & `code`", "done", "focus: \"Redis | fan-out\"\ntags: [redis, kafka]\ndate: 2026-02-01\ncategories: [deep-dives]\n")),
        ("src/deep-dives/02-two.md".to_owned(), chapter("Two", "skeleton", "summary: \"No focus, a summary\"\ntags: [redis]\ndate: 2026-01-01\n")),
        ("src/deep-dives/03-three.md".to_owned(), chapter("Three", "ðŸ“‹ Skeleton", "description: \"Only a description\"\ndraft: true\ntags: [secret-tag]\n")),
        ("src/adr/0001-kafka.md".to_owned(), chapter("Use Kafka", "accepted", "number: 1\ncategories: [adr]\n")),
        ("src/notes/nested/deep.md".to_owned(), "# Deep\n\n{{#investigation-index folder=\"deep-dives\" columns=\"number,topic\"}}\n".to_owned()),
    ];
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    TestBook::new(&book_toml(&MEMBERS, extra_toml), &files)
}

const MARKDOWN: &str = "[output.html]\n\n[output.markdown]\n";

#[test]
fn the_default_index_has_the_seed_shape_with_links_focus_and_badges() {
    let book = index_book("# Home\n\n{{#investigation-index}}\n", MARKDOWN);
    book.build_ok(MDBOOK_05);
    let markdown = book.output("markdown/index.md");
    assert!(
        markdown.contains("|#|Topic|Key Focus|Status|"),
        "{markdown}"
    );
    assert!(markdown.contains("|01|[One \\| \\<\u{2060}b>bold\\<\u{2060}/b> &amp; \\`code\\`](./deep-dives/01-one.md)|Redis \\| fan-out|✅ Done|"), "{markdown}");
    assert!(
        markdown.contains("|02|[Two](./deep-dives/02-two.md)|No focus, a summary|📋 Skeleton|"),
        "{markdown}"
    );
    assert!(
        markdown.contains("|0001|[Use Kafka](./adr/0001-kafka.md)||✔️ Accepted|"),
        "{markdown}"
    );
    assert!(
        !markdown.contains("Three"),
        "drafts are left out by default"
    );
    let html = book.output("html/index.html");
    assert!(html.contains("<a href=\"./deep-dives/01-one.html\">One | &lt;\u{2060}b&gt;bold&lt;\u{2060}/b&gt; &amp; <code>code</code></a>") || html.contains("<a href=\"./deep-dives/01-one.html\">One | &lt;\u{2060}b&gt;bold&lt;\u{2060}/b&gt; &amp; `code`</a>"), "{html}");
    assert!(!html.contains("<b>bold</b>"), "no markup injected");
    assert!(
        html.contains("deepdive-status-done"),
        "status badge in the table"
    );
}

#[test]
fn links_are_relative_to_the_chapter_holding_the_index() {
    let book = index_book("# Home\n", MARKDOWN);
    book.build_ok(MDBOOK_05);
    let nested = book.output("markdown/notes/nested/deep.md");
    assert!(
        nested.contains(
            "|01|[One \\| \\<\u{2060}b>bold\\<\u{2060}/b> &amp; \\`code\\`](../../deep-dives/01-one.md)|"
        ),
        "{nested}"
    );
    assert!(!nested.contains("Use Kafka"), "folder filter");
    assert!(
        book.output("html/notes/nested/deep.html")
            .contains("href=\"../../deep-dives/02-two.html\"")
    );
}

#[test]
fn filters_sorting_columns_limit_and_empty() {
    let cases = [
        (
            "status=done,accepted",
            &["One", "Use Kafka"][..],
            &["Two"][..],
        ),
        ("tag=REDIS", &["One", "Two"], &["Use Kafka"]),
        ("category=adr", &["Use Kafka"], &["Two"]),
        ("under=Dives", &["One", "Two"], &["Use Kafka"]),
        ("folder=adr", &["Use Kafka"], &["One"]),
    ];
    for (args, present, absent) in cases {
        let book = index_book(
            &format!("# Home\n\n{{{{#investigation-index {args}}}}}\n"),
            "[output.markdown]\n",
        );
        book.build_ok(MDBOOK_05);
        let out = book.output("index.md");
        for title in present {
            assert!(
                out.contains(&format!("[{title}")),
                "{args}: {title} missing: {out}"
            );
        }
        for title in absent {
            assert!(
                !out.contains(&format!("[{title}")),
                "{args}: {title} present: {out}"
            );
        }
    }
    let book = index_book(
        "# Home\n\n{{#investigation-index sort=-date columns=\"topic,date,tags,difficulty\" limit=2}}\n\n{{#investigation-index tag=none empty=\"Nothing yet.\"}}\n",
        "[output.markdown]\n",
    );
    book.build_ok(MDBOOK_05);
    let out = book.output("index.md");
    assert!(out.contains("|Topic|Date|Tags|Difficulty|"), "{out}");
    let one = out.find("2026-02-01").unwrap();
    let two = out.find("2026-01-01").unwrap();
    assert!(one < two, "sorted by date descending");
    assert!(!out.contains("Use Kafka"), "limit=2");
    assert!(out.contains("Nothing yet."));
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
    let out = book.output("index.md");
    let done = out.find("### Investigation Index").expect("done group");
    let roadmap = out.find("### Future Roadmap").expect("skeleton group");
    let accepted = out
        .find("### Accepted")
        .expect("accepted group with its label");
    assert!(done < roadmap && roadmap < accepted, "{out}");
}

#[test]
fn counts_and_the_tag_index() {
    let book = index_book(
        "# Home\n\nDone: {{#investigation-count status=done}} of {{#investigation-count}}.\n\n{{#tag-index}}\n",
        "[output.markdown]\n",
    );
    book.build_ok(MDBOOK_05);
    let out = book.output("index.md");
    assert!(out.contains("Done: 1 of 3."), "{out}");
    assert!(out.contains("* **kafka**: [One"), "{out}");
    assert!(out.contains("* **redis**: [One \\| \\<\u{2060}b>bold\\<\u{2060}/b> &amp; \\`code\\`](./deep-dives/01-one.md), [Two](./deep-dives/02-two.md)"), "{out}");
    assert!(!out.contains("secret-tag"), "draft tags are left out");
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
    assert!(
        book.output("index.md")
            .contains("|03|[Three](./deep-dives/03-three.md)|Only a description|📋 Skeleton|")
    );

    // hide: no page, no sidebar entry, and a link to it warns.
    let hide = show.replace("drafts = \"show\"", "drafts = \"hide\"");
    book.write("book.toml", &hide.replace("[output.markdown]\n", ""));
    book.write(
        "src/deep-dives/02-two.md",
        &chapter("Two", "skeleton", "")
            .replace(
                "# Chapter\n",
                "# Chapter\n\nSee [three](03-three.md), [its page](./03-three.html#top) and [the draft][d].\n\n[d]: 03-three.md\n",
            ),
    );
    let stderr = book.build_ok(MDBOOK_05);
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
    for column in [5, 27, 63] {
        assert!(
            stderr.contains(&format!(
                "warning: src/deep-dives/02-two.md:7:{column}: links to draft deep-dives/03-three.md"
            )),
            "{stderr}"
        );
    }

    // The environment variable overrides the book for `mdbook serve`.
    let output = std::process::Command::new(mdbook(MDBOOK_05))
        .arg("build")
        .current_dir(book.root())
        .env(
            "PATH",
            format!("{}:{}", bin_dir().display(), std::env::var("PATH").unwrap()),
        )
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
    assert!(
        book.output("index.md")
            .contains("|Planned later||🗓️ Planned|"),
        "{}",
        book.output("index.md")
    );
}

#[test]
fn bad_arguments_are_errors_at_their_position() {
    for (args, message) in [
        (
            "sortt=title",
            "error: src/README.md:3:24: `{{#investigation-index}}` has no argument `sortt` (did you mean `sort=`?",
        ),
        (
            "sort=size",
            "error: src/README.md:3:24: `sort=size`: sort by number, title, date or status",
        ),
        (
            "status=doen",
            "error: src/README.md:3:24: unknown status `doen` (did you mean `done`?",
        ),
        (
            "columns=\"topic,owner\"",
            "error: src/README.md:3:24: unknown column `owner`",
        ),
        (
            "limit=many",
            "error: src/README.md:3:24: `limit=many` must be a whole number",
        ),
        (
            "group-by=tag",
            "error: src/README.md:3:24: `group-by=tag`: only `group-by=status` is supported",
        ),
    ] {
        let book = index_book(
            &format!("# Home\n\n{{{{#investigation-index {args}}}}}\n"),
            "",
        );
        let output = book.build(MDBOOK_05);
        assert!(!output.status.success(), "{args}");
        assert!(
            stderr(&output).contains(message),
            "{args}: {}",
            stderr(&output)
        );
    }
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
    assert!(stderr.contains("warning: src/adr/0001-kafka.md:1:1: indexed chapter has no front matter `title`; the index shows its SUMMARY name"), "{stderr}");
    for field in ["focus", "owner"] {
        assert!(
            stderr.contains(&format!(
                "indexed chapter has no front matter `{field}`, which"
            )),
            "{field}: {stderr}"
        );
    }
}

#[test]
fn the_example_book_index_is_two_tables_of_the_fourteen_investigations() {
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = TestBook::example();
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
fn book_before_import() -> TestBook {
    let book = TestBook::example();
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
        readme.contains("---\n\n{{#investigation-index group-by=status}}\n\n---"),
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
    assert!(
        stderr.contains(
            "warning: src/deep-dives/02-two.md:1:1: indexed chapter has no front matter `focus`"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("01-one.md:1:1: indexed chapter has no front matter `focus`"),
        "01 has a focus"
    );
    assert!(
        stderr.contains(
            "warning: src/adr/0001-kafka.md:1:1: indexed chapter has no front matter `owner`"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("deep-dives/02-two.md:1:1: indexed chapter has no front matter `owner`"),
        "owner is only required in adr/"
    );
}
