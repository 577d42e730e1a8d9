//! The all-in-one entry `[preprocessor.deepdive]` (`mdbook-deepdive`): the
//! four members in one process render a book exactly as the four entries do,
//! with each member's options in its own table inside the entry, checked
//! where they are written.

use crate::support::*;

fn example_with_all_in_one() -> BookTest {
    let book = BookTest::example();
    let four = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write("book.toml", &all_in_one_toml(&four));
    book
}

/// Every rendered text file, by its path under `book/`.
fn rendered(book: &BookTest) -> Vec<(String, String)> {
    let out = book.root().join("book");
    let mut files: Vec<(String, String)> = book
        .all_output()
        .into_iter()
        .map(|(path, text)| {
            let relative = path.strip_prefix(&out).unwrap().display().to_string();
            (relative, text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_entry_renders_the_example_book_as_the_four_entries_do() {
    for version in [MDBOOK_05, MDBOOK_04] {
        let four = BookTest::example();
        let four_stderr = four.build_ok(version);
        let one = example_with_all_in_one();
        let toml = std::fs::read_to_string(one.root().join("book.toml")).unwrap();
        assert!(
            toml.contains("[preprocessor.deepdive.review]")
                && !toml.contains("[preprocessor.deepdive-review]"),
            "{toml}"
        );
        let one_stderr = one.build_ok(version);

        let (four, one) = (rendered(&four), rendered(&one));
        assert!(four.len() > 30, "{version}: {} files", four.len());
        let paths = |files: &[(String, String)]| -> Vec<String> {
            files.iter().map(|(p, _)| p.clone()).collect()
        };
        assert_eq!(paths(&four), paths(&one), "{version}: the same files");
        for ((path, expected), (_, found)) in four.iter().zip(&one) {
            assert!(expected == found, "{version}: {path} differs");
        }
        let search = one.iter().find(|(p, _)| p.starts_with("searchindex"));
        assert!(
            search.is_some_and(|(_, index)| index.contains("Multi-Server Broadcasting")),
            "{version}: the search index holds the generated index"
        );
        // The same warnings, each once, at the same place in the same file.
        let warnings = |stderr: &str| -> Vec<String> {
            stderr
                .lines()
                .filter(|l| l.starts_with("warning: "))
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(warnings(&four_stderr), warnings(&one_stderr), "{version}");
        assert!(!warnings(&one_stderr).is_empty(), "{version}");
    }
}

#[test]
fn a_member_listed_twice_is_an_error_naming_both_entries() {
    let book = BookTest::example();
    let four = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write(
        "book.toml",
        &format!("{four}\n[preprocessor.deepdive]\nafter = [\"links\"]\n"),
    );
    let output = book.build(MDBOOK_05);
    let stderr = stderr(&output);
    assert!(!output.status.success(), "{stderr}");
    let line = four
        .lines()
        .position(|l| l == "[preprocessor.deepdive-template]")
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!(
            "error: book.toml:{line}:1: [preprocessor.deepdive] and \
             [preprocessor.deepdive-template] both run deepdive-template, so it would run twice"
        )),
        "{stderr}"
    );
    assert!(!book.root().join("book/index.html").exists());
}

#[test]
fn options_are_checked_in_the_table_they_are_written_in() {
    let toml = "[book]\ntitle = \"T\"\n\n[preprocessor.deepdive]\nafter = [\"links\"]\n\n\
                [preprocessor.deepdive.status]\nposition = \"bottom\"\nstict = true\n";
    let book = BookTest::with_chapters(toml, &[("a.md", "# A\n")]);
    let first = stderr(&book.build(MDBOOK_05));
    assert!(
        first.contains(
            "error: book.toml:9:1: unknown option `stict` in [preprocessor.deepdive.status] \
             (did you mean `strict`?)"
        ),
        "{first}"
    );

    let toml = "[book]\ntitle = \"T\"\n\n[preprocessor.deepdive]\nafter = [\"links\"]\n\
                stauts = { position = \"bottom\" }\n";
    book.write("book.toml", toml);
    let output = book.build(MDBOOK_05);
    let stderr = stderr(&output);
    assert!(!output.status.success());
    assert!(
        stderr.contains(
            "error: book.toml:6:1: unknown option `stauts` in [preprocessor.deepdive] \
             (did you mean `status`?)"
        ),
        "{stderr}"
    );
}

/// `strict` on the entry makes every member's warnings errors; a member's
/// own table can still say otherwise.
#[test]
fn options_common_to_every_member_apply_to_each_from_the_entry() {
    let chapter = "---\nstatus: done\n---\n# A\n\nâœ… Done\n";
    let toml =
        "[book]\ntitle = \"T\"\n\n[preprocessor.deepdive]\nafter = [\"links\"]\nstrict = true\n";
    let book = BookTest::with_chapters(toml, &[("a.md", chapter)]);
    let output = book.build(MDBOOK_05);
    let stderr = stderr(&output);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("error: src/a.md:6:1: mojibake `âœ…` shown as `✅`"),
        "{stderr}"
    );

    book.write(
        "book.toml",
        // Review would fail on its missing stylesheet.
        &format!(
            "{toml}\n[preprocessor.deepdive.status]\nstrict = false\n\n\
             [preprocessor.deepdive.review]\nstrict = false\n"
        ),
    );
    let stderr = book.build_ok(MDBOOK_05);
    assert!(
        stderr.contains("warning: src/a.md:6:1: mojibake"),
        "{stderr}"
    );
    assert!(book.output("a.html").contains("deepdive-status-done"));
}

/// `import` writes the groups it finds into the index's table in the entry,
/// not into a second entry that would run the index twice.
#[test]
fn import_writes_into_the_entry_that_runs_the_index() {
    let book = example_with_all_in_one();
    unconfigure_index(&book);
    let import = std::process::Command::new(member_bin("deepdive-index"))
        .args(["import", "--book"])
        .arg(book.root())
        .arg("src/README.md")
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", stderr(&import));
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    let index = toml.find("[preprocessor.deepdive.index]").expect(&toml);
    assert!(
        toml[index..].contains("group-order = [\"done\", \"skeleton\"]"),
        "{toml}"
    );
    assert!(!toml.contains("[preprocessor.deepdive-index]"), "{toml}");
    book.build_ok(MDBOOK_05);
    assert_eq!(book.output("index.html").matches("<table>").count(), 2);
}

#[test]
fn a_missing_asset_is_said_once_naming_the_entrys_own_install() {
    // Status and review both need deepdive/deepdive.css; the entry's
    // `install` writes every member's assets.
    let four = book_toml(&["deepdive-status", "deepdive-review"], "[output.html]\n");
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = BookTest::with_chapters(
            &all_in_one_toml(&four),
            &[("README.md", "---\nstatus: done\n---\n# Home\n")],
        );
        let stderr = book.build_ok(version);
        let root = book.root().display();
        for asset in ["deepdive/deepdive.css", "deepdive/deepdive-review.js"] {
            let line = format!(
                "warning: {asset} is missing; run `mdbook-deepdive install --book {root}` to install it"
            );
            assert_eq!(
                stderr.matches(&line).count(),
                1,
                "{version}: {line} once in:\n{stderr}"
            );
        }
        assert!(
            !stderr.contains("mdbook-deepdive-status")
                && !stderr.contains("mdbook-deepdive-review"),
            "{version}: no member's own program:\n{stderr}"
        );
    }
}
