//! Messages about options name the table the options are in: the member's
//! own `[preprocessor.deepdive-NAME]`, or `[preprocessor.deepdive.NAME]` in
//! the all-in-one entry. Through the real mdBook, in both layouts.

use crate::support::*;

/// The book's two layouts: the four members' own tables, and the all-in-one
/// entry with a table per member. `index`, `template` and `review` hold each
/// layout's options for those members.
fn layouts(index: &str, template: &str) -> [(String, &'static str); 2] {
    let own = book_toml(&MEMBERS, "")
        .replace(
            "[preprocessor.deepdive-index]\n",
            &format!("[preprocessor.deepdive-index]\n{index}"),
        )
        .replace(
            "[preprocessor.deepdive-template]\n",
            &format!("[preprocessor.deepdive-template]\n{template}"),
        );
    let all_in_one = format!(
        "[book]\ntitle = \"Test book\"\n\n[preprocessor.deepdive]\nafter = [\"links\"]\n\n\
         [preprocessor.deepdive.index]\n{index}\n[preprocessor.deepdive.template]\n{template}"
    );
    [(own, "deepdive-"), (all_in_one, "deepdive.")]
}

#[test]
fn messages_name_the_table_the_options_are_in() {
    let chapters: &[(&str, &str)] = &[
        ("README.md", "# Home\n\n{{#investigation-index}}\n"),
        (
            "a.md",
            "---\ntitle: A\nstatus: doen\n---\n# A\n\n{{< callout >}}\n",
        ),
    ];
    let index = "group-order = [\"dnoe\"]\nrequired = [\"owner\"]\n";
    for (toml, prefix) in layouts(index, "") {
        let book = BookTest::with_chapters(&toml, chapters);
        let output = book.build(MDBOOK_05);
        let stderr = stderr(&output);
        assert!(!output.status.success(), "{stderr}");
        for expected in [
            // The status vocabulary is the status member's table.
            format!("add it under [preprocessor.{prefix}status.statuses]"),
            format!("[preprocessor.{prefix}index.group-order]: unknown status `dnoe`"),
            format!("which [preprocessor.{prefix}index] `required` asks for"),
            format!("[preprocessor.{prefix}template.shortcodes] callout = \"TEMPLATE\""),
        ] {
            assert!(stderr.contains(&expected), "{expected}\n{stderr}");
        }
        // Nothing names the other layout's table.
        let other = if prefix == "deepdive-" {
            "deepdive."
        } else {
            "deepdive-"
        };
        for member in ["status", "index", "template"] {
            let wrong = format!("[preprocessor.{other}{member}");
            assert!(!stderr.contains(&wrong), "{wrong}\n{stderr}");
        }
    }
}
