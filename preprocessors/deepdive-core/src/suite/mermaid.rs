//! `install` and the diagrams: a book whose chapters draw with mermaid (a
//! ```` ```mermaid ```` fence, Hugo's `{{< mermaid >}}`, which the template
//! member makes a fence, or `{{#investigation-graph}}`) needs
//! `mdbook-mermaid` after the suite, so that it sees the fences the suite
//! makes, and mermaid's two scripts in `[output.html] additional-js`.
//! `install` says which lines are missing, or adds them with `--mermaid`.
//! The scripts themselves are mdbook-mermaid's (`mdbook-mermaid install`
//! writes them): the suite does not ship a copy of mermaid.

use crate::suite::book_root::BookRoot;
use crate::suite::order;
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};
use toml_edit::{Array, DocumentMut, Item, Table, value};

/// mermaid's scripts, as `mdbook-mermaid install` names them.
pub const SCRIPTS: [&str; 2] = ["mermaid.min.js", "mermaid-init.js"];

/// The version of `mdbook-mermaid` the suite is tested with (`scripts/tools.sh`).
pub const TESTED_VERSION: &str = "0.17.1";

/// What in a chapter means it draws with mermaid.
const DIAGRAM_MARKS: [&str; 5] = [
    "```mermaid",
    "~~~mermaid",
    "{{< mermaid",
    "{{<mermaid",
    "{{#investigation-graph",
];

/// The first chapter file (under the book's source folder, in path order)
/// that draws with mermaid.
pub fn first_diagram(book: &Path, document: &DocumentMut) -> Result<Option<PathBuf>> {
    let root = BookRoot::open(book)?;
    let src = document
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(Item::as_str)
        .unwrap_or("src");
    let dir = root.source_dir(book, src)?;
    if !dir.is_dir() {
        return Ok(None);
    }
    let walk = root.files(&dir, |path| path.extension().is_some_and(|e| e == "md"))?;
    Ok(walk.files.into_iter().find(|file| {
        std::fs::read_to_string(file)
            .is_ok_and(|text| DIAGRAM_MARKS.iter().any(|mark| text.contains(mark)))
    }))
}

/// The `[preprocessor.…]` tables that run suite members, in the file's order.
fn suite_entries(preprocessors: &Table) -> Vec<String> {
    preprocessors
        .iter()
        .filter(|(name, item)| {
            let mut table = serde_json::Map::new();
            if let Some(command) = item.get("command").and_then(Item::as_str) {
                table.insert("command".into(), command.into());
            }
            !order::suite_members(name, &serde_json::Value::Object(table)).is_empty()
        })
        .map(|(name, _)| name.to_owned())
        .collect()
}

/// The name of the table that runs mdbook-mermaid: `mermaid`, or one whose
/// command is `mdbook-mermaid`.
fn mermaid_entry(preprocessors: &Table) -> Option<String> {
    preprocessors
        .iter()
        .find(|(name, item)| {
            let command = item.get("command").and_then(Item::as_str);
            command.map_or(*name == "mermaid", |c| {
                c.split_whitespace()
                    .next()
                    .and_then(|program| program.rsplit(['/', '\\']).next())
                    .is_some_and(|file| file.trim_end_matches(".exe") == "mdbook-mermaid")
            })
        })
        .map(|(name, _)| name.to_owned())
}

/// What `document` lacks for mermaid to draw after the suite: the suite
/// entries its mermaid table does not run after (all of them when it has
/// none), and the scripts missing from `additional-js`. Empty when nothing.
struct Missing {
    table: Option<String>,
    after: Vec<String>,
    scripts: Vec<&'static str>,
}

fn missing(document: &DocumentMut) -> Missing {
    let preprocessors = document.get("preprocessor").and_then(Item::as_table);
    let suite = preprocessors.map(suite_entries).unwrap_or_default();
    let table = preprocessors.and_then(mermaid_entry);
    let after: Vec<String> = match (&table, preprocessors) {
        (Some(name), Some(preprocessors)) => {
            let listed = preprocessors[name.as_str()]
                .get("after")
                .and_then(Item::as_array);
            suite
                .into_iter()
                .filter(|entry| {
                    !listed.is_some_and(|l| l.iter().any(|v| v.as_str() == Some(entry)))
                })
                .collect()
        }
        _ => suite,
    };
    let listed = document
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("additional-js"))
        .and_then(Item::as_array);
    let scripts = SCRIPTS
        .into_iter()
        .filter(|script| !listed.is_some_and(|l| l.iter().any(|v| v.as_str() == Some(script))))
        .collect();
    Missing {
        table,
        after,
        scripts,
    }
}

/// What to tell the owner of a book whose `file` draws with mermaid when
/// `document` does not yet run it after the suite: the lines to add, and the
/// flag that adds them. `None` when nothing is missing.
pub fn advice(document: &DocumentMut, file: &Path, program: &str) -> Option<String> {
    let Missing {
        table,
        after,
        scripts,
    } = missing(document);
    if table.is_some() && after.is_empty() && scripts.is_empty() {
        return None;
    }
    let name = table.unwrap_or_else(|| "mermaid".to_owned());
    let quoted = |items: &mut dyn Iterator<Item = &str>| {
        items
            .map(|i| format!("\"{i}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let after = quoted(&mut after.iter().map(String::as_str));
    let table = if after.is_empty() {
        String::new()
    } else {
        format!("\n[preprocessor.{name}]\ncommand = \"mdbook-mermaid\"\nafter = [{after}]\n")
    };
    let scripts = quoted(&mut scripts.iter().copied());
    let output = if scripts.is_empty() {
        String::new()
    } else {
        format!("\n[output.html]\nadditional-js = [{scripts}]\n")
    };
    let lines = format!(
        "note: {} draws with mermaid; for mdbook-mermaid to draw it after the suite, \
         book.toml needs (`{program} install --mermaid` adds it):\n{table}{output}\n\
         and mermaid's scripts beside it: `cargo install mdbook-mermaid --version {TESTED_VERSION} --locked`, \
         then `mdbook-mermaid install .` in the book's folder",
        file.display()
    );
    Some(lines)
}

/// Adds what [`advice`] names to `document`: the mermaid table (created
/// with `command`), each suite entry to its `after`, the scripts to
/// `additional-js`; each change in `changes`.
pub fn add(document: &mut DocumentMut, changes: &mut Vec<String>) -> Result<()> {
    let Missing {
        table,
        after,
        scripts,
    } = missing(document);
    let preprocessors = document
        .entry("preprocessor")
        .or_insert_with(implicit_table)
        .as_table_mut()
        .context("`preprocessor` in book.toml is not a table")?;
    let name = table.unwrap_or_else(|| "mermaid".to_owned());
    if !preprocessors.contains_key(&name) {
        let mut new = Table::new();
        new.insert("command", value("mdbook-mermaid"));
        preprocessors.insert(&name, Item::Table(new));
        changes.push(format!("add [preprocessor.{name}] to book.toml"));
    }
    if !after.is_empty() {
        let list = preprocessors[name.as_str()]
            .as_table_mut()
            .with_context(|| format!("`preprocessor.{name}` in book.toml is not a table"))?
            .entry("after")
            .or_insert_with(|| value(Array::new()))
            .as_array_mut()
            .with_context(|| format!("`preprocessor.{name}.after` in book.toml is not a list"))?;
        for entry in &after {
            list.push(entry.as_str());
            changes.push(format!(
                "add \"{entry}\" to preprocessor.{name}.after in book.toml"
            ));
        }
    }
    let output = document
        .entry("output")
        .or_insert_with(implicit_table)
        .as_table_mut()
        .context("`output` in book.toml is not a table")?;
    let scripts_list = output
        .entry("html")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
        .context("`output.html` in book.toml is not a table")?
        .entry("additional-js")
        .or_insert_with(|| value(Array::new()))
        .as_array_mut()
        .context("`output.html.additional-js` in book.toml is not a list")?;
    for script in scripts {
        scripts_list.push(script);
        changes.push(format!(
            "add \"{script}\" to output.html.additional-js in book.toml"
        ));
    }
    Ok(())
}

fn implicit_table() -> Item {
    let mut table = Table::new();
    table.set_implicit(true);
    Item::Table(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(text: &str) -> DocumentMut {
        text.parse().unwrap()
    }

    #[test]
    fn advice_names_the_missing_lines_after_every_suite_entry() {
        let book = document(
            "[preprocessor.deepdive-index]\nafter = [\"links\"]\n\n[preprocessor.deepdive-status]\n",
        );
        let told = advice(&book, Path::new("src/a.md"), "mdbook-deepdive-index").unwrap();
        assert!(
            told.contains(
                "[preprocessor.mermaid]\ncommand = \"mdbook-mermaid\"\nafter = [\"deepdive-index\", \"deepdive-status\"]\n"
            ),
            "{told}"
        );
        assert!(told.contains("additional-js = [\"mermaid.min.js\", \"mermaid-init.js\"]"));
        let done = document(
            "[preprocessor.deepdive]\n[preprocessor.draw]\ncommand = \"/opt/bin/mdbook-mermaid\"\nafter = [\"deepdive\"]\n\
             [output.html]\nadditional-js = [\"mermaid.min.js\", \"mermaid-init.js\"]\n",
        );
        assert_eq!(advice(&done, Path::new("src/a.md"), "x"), None);
    }

    #[test]
    fn add_completes_a_mermaid_table_that_runs_too_early() {
        let mut book = document(
            "[preprocessor.deepdive-template]\n[preprocessor.deepdive-review]\n\
             [preprocessor.mermaid]\ncommand = \"mdbook-mermaid\"\nafter = [\"deepdive-template\"]\n\
             [output.html]\nadditional-js = [\"mermaid.min.js\"]\n",
        );
        let mut changes = Vec::new();
        add(&mut book, &mut changes).unwrap();
        assert_eq!(
            changes,
            [
                "add \"deepdive-review\" to preprocessor.mermaid.after in book.toml",
                "add \"mermaid-init.js\" to output.html.additional-js in book.toml"
            ]
        );
        assert_eq!(advice(&book, Path::new("src/a.md"), "x"), None);
        let mut again = Vec::new();
        add(&mut book, &mut again).unwrap();
        assert!(again.is_empty(), "{again:?}");
    }
}
