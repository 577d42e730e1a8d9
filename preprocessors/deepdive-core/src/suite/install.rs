//! `install`: puts a member's assets (stylesheet, script) into a book and
//! lists the member in `book.toml`, editing the file with `toml_edit` so the
//! user's comments and layout survive. Running it twice changes nothing.
//!
//! At build time, [`stale_assets`] tells a member whose installed assets are
//! missing or older than the binary, so it can say which command fixes it.

use crate::suite::book_root::{BookRoot, Writes};
use crate::suite::mermaid;
use crate::suite::registry;
use crate::text::splice::{self, Edit};
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};
use toml_edit::{Array, DocumentMut, Item, Table, value};

/// A file a member ships into the book.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// The file name under the book's `deepdive/` folder.
    pub file: &'static str,
    /// The file's contents.
    pub contents: &'static str,
    /// How `book.toml` lists it.
    pub kind: AssetKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// How an asset is listed in `[output.html]`.
pub enum AssetKind {
    /// A stylesheet (`additional-css`).
    Css,
    /// A script (`additional-js`).
    Js,
}

impl AssetKind {
    fn output_key(self) -> &'static str {
        match self {
            AssetKind::Css => "additional-css",
            AssetKind::Js => "additional-js",
        }
    }
}

/// The badge stylesheet every member that draws badges ships (status,
/// review): one file, so their badges look alike.
pub const BADGE_STYLESHEET: Asset = Asset {
    file: "deepdive.css",
    contents: include_str!("../../assets/deepdive.css"),
    kind: AssetKind::Css,
};

/// The folder, relative to the book root, assets are installed in.
pub const ASSET_DIR: &str = "deepdive";

/// The first line of every installed asset: the version that wrote it.
pub fn asset_header(kind: AssetKind) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match kind {
        AssetKind::Css | AssetKind::Js => format!("/* mdbook-deepdive {version} */\n"),
    }
}

fn asset_path(asset: &Asset) -> String {
    format!("{ASSET_DIR}/{}", asset.file)
}

/// What `install` did, and what it tells the book's owner to do.
#[derive(Debug)]
pub struct Installed {
    /// Each change, as a line (`add [preprocessor.x] to book.toml`).
    pub changes: Vec<String>,
    /// The lines mdbook-mermaid still needs in `book.toml`, when a chapter
    /// draws with mermaid and `add_mermaid` was not asked ([`mermaid::advice`]).
    pub advice: Option<String>,
}

/// Installs `member` with `assets` into the book at `book`, and with
/// `add_mermaid` the lines mdbook-mermaid needs ([`mermaid::add`]); returns
/// what it changed. Every write is planned and checked against the book's
/// root first ([`Writes`]): a refused one leaves the book as it was.
pub fn install(
    book: &Path,
    member: &str,
    assets: &[Asset],
    dry_run: bool,
    add_mermaid: bool,
) -> Result<Installed> {
    let program = registry::program(member);
    install_entries(book, &[member], assets, &program, dry_run, add_mermaid)
}

/// How `install_suite` lists the suite in `book.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A table per member, in the registry's order, each `after` the ones before it.
    FourEntries,
    /// The all-in-one entry, `[preprocessor.deepdive]`.
    OneEntry,
}

/// Installs the whole suite (`mdbook-deepdive install`): every member's
/// table in `layout`, and `assets` (every member's, each file once), in one
/// step that writes everything or nothing. A book that already runs a
/// member in the other layout is refused: mdBook would run it twice.
pub fn install_suite(
    book: &Path,
    layout: Layout,
    assets: &[Asset],
    dry_run: bool,
    add_mermaid: bool,
) -> Result<Installed> {
    let toml_path = book.join("book.toml");
    // A book.toml that cannot be read is `install_entries`'s to report.
    if let Ok(config) = crate::book::protocol::book_config(book) {
        let tables = config
            .get("preprocessor")
            .and_then(serde_json::Value::as_object);
        let other_layout: Vec<String> = tables
            .into_iter()
            .flatten()
            .filter(|(name, table)| {
                layout == Layout::OneEntry
                    && name.as_str() != registry::ALL_IN_ONE
                    && !crate::suite::order::suite_members(name, table).is_empty()
            })
            .map(|(name, _)| format!("[preprocessor.{name}]"))
            .collect();
        if !other_layout.is_empty() {
            anyhow::bail!(
                "{}: the book already runs the suite as separate entries ({}); remove those \
                 tables to use the one entry (their options go to [preprocessor.{}.NAME]), or \
                 install without --one-entry",
                toml_path.display(),
                other_layout.join(", "),
                registry::ALL_IN_ONE
            );
        }
    }
    let mut unique: Vec<Asset> = Vec::new();
    for asset in assets {
        if !unique.iter().any(|a| a.file == asset.file) {
            unique.push(*asset);
        }
    }
    let entries: &[&str] = match layout {
        Layout::FourEntries => &registry::MEMBERS,
        Layout::OneEntry => &[registry::ALL_IN_ONE],
    };
    let program = registry::program(registry::ALL_IN_ONE);
    install_entries(book, entries, &unique, &program, dry_run, add_mermaid)
}

/// Lists each of `entries` (a member, or the all-in-one entry) in the book's
/// `book.toml` unless something there runs it already, and writes `assets`;
/// mermaid's lines as [`install`] says, its advice naming `program`.
fn install_entries(
    book: &Path,
    entries: &[&str],
    assets: &[Asset],
    program: &str,
    dry_run: bool,
    add_mermaid: bool,
) -> Result<Installed> {
    let root = BookRoot::open(book)?;
    let toml_path = book.join("book.toml");
    let original = std::fs::read_to_string(&toml_path).with_context(|| {
        format!(
            "{}: cannot read it (is --book the book's folder?)",
            toml_path.display()
        )
    })?;
    let mut document: DocumentMut = original
        .parse()
        .with_context(|| format!("{} is not valid TOML", toml_path.display()))?;
    let mut writes = Writes::new(&root);
    let mut changes = Vec::new();
    for entry in entries {
        add_member_table(&mut document, entry, &mut changes)?;
    }
    for asset in assets {
        let path = asset_path(asset);
        let contents = format!("{}{}", asset_header(asset.kind), asset.contents);
        writes.replace(&book.join(&path), contents)?;
        if writes.changed().contains(&path.as_str()) {
            changes.push(format!("write {path}"));
        }
        add_output_entry(&mut document, asset.kind.output_key(), &path, &mut changes)?;
    }
    let mut advice = None;
    if add_mermaid {
        mermaid::add(&mut document, &mut changes)?;
    } else if let Some(file) = mermaid::first_diagram(book, &document)? {
        let shown = file.strip_prefix(book).unwrap_or(&file);
        advice = mermaid::advice(&document, shown, program);
    }
    writes.replace(&toml_path, edited_toml(&original, &document)?)?;
    if !dry_run {
        writes.commit()?;
    }
    Ok(Installed { changes, advice })
}

/// `document` (edited from the book.toml text `original`) as that text with
/// insertions only: `toml_edit` writes every line ending as LF, and the user's
/// CRLF, comments and layout must stay byte for byte. An edit that would
/// change the user's bytes is refused.
pub fn edited_toml(original: &str, document: &DocumentMut) -> Result<String> {
    let edited = document.to_string().replace("\r\n", "\n");
    insertions(original, &edited).with_context(|| {
        format!(
            "book.toml: cannot make this change without rewriting the file's own text; \
             make it by hand:\n{edited}"
        )
    })
}

/// `original` with the text `edited` adds to it, in `original`'s line ending;
/// `None` when `edited` is not `original` (its CRLF read as LF) plus
/// insertions. Greedy matching finds the insertions whenever there are any.
fn insertions(original: &str, edited: &str) -> Option<String> {
    let newline = match original.find('\n') {
        Some(at) if original[..at].ends_with('\r') => "\r\n",
        _ => "\n",
    };
    let mut added = edited.chars();
    let mut edits = Vec::new();
    let mut pending = String::new();
    let mut chars = original.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let wanted = match (c, chars.peek()) {
            ('\r', Some((_, '\n'))) => {
                chars.next();
                '\n'
            }
            _ => c,
        };
        loop {
            let next = added.next()?;
            if next == wanted {
                break;
            }
            pending.push(next);
        }
        if !pending.is_empty() {
            edits.push(Edit::new(at..at, pending.replace('\n', newline)));
            pending.clear();
        }
    }
    let rest: String = added.collect();
    if !rest.is_empty() {
        edits.push(Edit::new(
            original.len()..original.len(),
            rest.replace('\n', newline),
        ));
    }
    Some(splice::apply(original, edits))
}

fn table_mut<'a>(parent: &'a mut Table, key: &str, path: &str) -> Result<&'a mut Table> {
    let item = parent.entry(key).or_insert_with(|| {
        let mut table = Table::new();
        table.set_implicit(true);
        Item::Table(table)
    });
    item.as_table_mut()
        .with_context(|| format!("`{path}` in book.toml is not a table"))
}

fn add_member_table(
    document: &mut DocumentMut,
    member: &str,
    changes: &mut Vec<String>,
) -> Result<()> {
    let preprocessors = table_mut(document.as_table_mut(), "preprocessor", "preprocessor")?;
    if runs_member(preprocessors, member) {
        return Ok(());
    }
    let mut after = Array::new();
    after.push("links");
    for earlier in registry::before(member) {
        if preprocessors.contains_key(earlier) {
            after.push(*earlier);
        }
    }
    let mut table = Table::new();
    table.insert("after", value(after));
    preprocessors.insert(member, Item::Table(table));
    changes.push(format!("add [preprocessor.{member}] to book.toml"));
    Ok(())
}

/// Whether a `[preprocessor.…]` table already runs `member`: its own, one
/// whose command is its program, or the all-in-one entry.
fn runs_member(preprocessors: &Table, member: &str) -> bool {
    if member == registry::ALL_IN_ONE {
        return preprocessors.contains_key(member);
    }
    preprocessors.iter().any(|(name, item)| {
        let mut table = serde_json::Map::new();
        if let Some(command) = item.get("command").and_then(Item::as_str) {
            table.insert("command".into(), command.into());
        }
        crate::suite::order::suite_members(name, &serde_json::Value::Object(table))
            .contains(&member)
    })
}

fn add_output_entry(
    document: &mut DocumentMut,
    key: &str,
    path: &str,
    changes: &mut Vec<String>,
) -> Result<()> {
    let output = table_mut(document.as_table_mut(), "output", "output")?;
    let html = table_mut(output, "html", "output.html")?;
    let list = html.entry(key).or_insert_with(|| value(Array::new()));
    let list = list
        .as_array_mut()
        .with_context(|| format!("`output.html.{key}` in book.toml is not a list"))?;
    if !list.iter().any(|v| v.as_str() == Some(path)) {
        list.push(path);
        changes.push(format!("add \"{path}\" to output.html.{key} in book.toml"));
    }
    Ok(())
}

/// The assets of a member that are missing from the book at `root`, or were
/// written by another version; each with the reason.
pub fn stale_assets(root: &Path, assets: &[Asset]) -> Vec<(PathBuf, &'static str)> {
    assets
        .iter()
        .filter_map(|asset| {
            let path = root.join(asset_path(asset));
            match std::fs::read_to_string(&path) {
                Err(_) => Some((path, "is missing")),
                Ok(text) if !text.starts_with(&asset_header(asset.kind)) => {
                    Some((path, "was written by another version"))
                }
                Ok(_) => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSS: Asset = Asset {
        file: "x.css",
        contents: ".a{}\n",
        kind: AssetKind::Css,
    };

    #[test]
    fn a_member_the_book_already_runs_gets_no_table_of_its_own() {
        let dir = std::env::temp_dir().join(format!("deepdive-install-aio-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for toml in [
            "[preprocessor.deepdive]\nafter = [\"links\"]\n",
            "[preprocessor.badges]\ncommand = \"/bin/mdbook-deepdive-status\"\n",
        ] {
            std::fs::write(dir.join("book.toml"), toml).unwrap();
            let changes = install(&dir, "deepdive-status", &[], true, false)
                .unwrap()
                .changes;
            assert!(changes.is_empty(), "{toml}: {changes:?}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn install_keeps_comments_and_is_idempotent() {
        let dir = std::env::temp_dir().join(format!("deepdive-install-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let original = "# My book\n[book]\ntitle = \"T\" # the title\n\n[preprocessor.deepdive-index]\n# keep me\n";
        std::fs::write(dir.join("book.toml"), original).unwrap();
        let changes = install(&dir, "deepdive-status", &[CSS], false, false)
            .unwrap()
            .changes;
        assert_eq!(changes.len(), 3, "{changes:?}");
        let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
        assert!(
            toml.starts_with("# My book\n[book]\ntitle = \"T\" # the title\n"),
            "{toml}"
        );
        assert!(toml.contains("# keep me"), "{toml}");
        assert!(
            toml.contains(
                "[preprocessor.deepdive-status]\nafter = [\"links\", \"deepdive-index\"]"
            ),
            "{toml}"
        );
        assert!(
            toml.contains("additional-css = [\"deepdive/x.css\"]"),
            "{toml}"
        );
        assert!(stale_assets(&dir, &[CSS]).is_empty());
        assert!(
            install(&dir, "deepdive-status", &[CSS], false, false)
                .unwrap()
                .changes
                .is_empty()
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("book.toml")).unwrap(),
            toml
        );
        std::fs::write(dir.join("deepdive/x.css"), "/* mdbook-deepdive 0.0.1 */\n").unwrap();
        assert_eq!(
            stale_assets(&dir, &[CSS])[0].1,
            "was written by another version"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn install_only_inserts_keeping_crlf_and_comments() {
        let dir =
            std::env::temp_dir().join(format!("deepdive-install-crlf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let original = "# My book\r\n[book]\r\ntitle = \"T\" # the title\r\n\r\n[output.html]\r\nadditional-css = [\r\n  \"a.css\", # mine\r\n]\r\n# end\r\n";
        std::fs::write(dir.join("book.toml"), original).unwrap();
        install(&dir, "deepdive-status", &[CSS], false, false).unwrap();
        let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
        assert_eq!(
            toml,
            "# My book\r\n[book]\r\ntitle = \"T\" # the title\r\n\r\n[output.html]\r\nadditional-css = [\r\n  \"a.css\", \"deepdive/x.css\", # mine\r\n]\r\n\r\n[preprocessor.deepdive-status]\r\nafter = [\"links\"]\r\n# end\r\n"
        );
        assert!(
            install(&dir, "deepdive-status", &[CSS], false, false)
                .unwrap()
                .changes
                .is_empty()
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("book.toml")).unwrap(),
            toml
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_suite_installs_in_either_layout_once() {
        let dir =
            std::env::temp_dir().join(format!("deepdive-install-suite-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("book.toml"), "# mine\n[book]\n").unwrap();
        install_suite(&dir, Layout::FourEntries, &[CSS, CSS], false, false).unwrap();
        let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
        assert!(toml.starts_with("# mine\n[book]\n"), "{toml}");
        let at = |table: &str| toml.find(&format!("[preprocessor.{table}]\n")).unwrap();
        assert!(at("deepdive-template") < at("deepdive-index"), "{toml}");
        assert!(
            toml.contains("[preprocessor.deepdive-review]\nafter = [\"links\", \"deepdive-template\", \"deepdive-index\", \"deepdive-status\"]"),
            "{toml}"
        );
        assert!(
            toml.contains("additional-css = [\"deepdive/x.css\"]"),
            "{toml}"
        );
        assert!(
            install_suite(&dir, Layout::FourEntries, &[CSS], false, false)
                .unwrap()
                .changes
                .is_empty()
        );
        let refused = install_suite(&dir, Layout::OneEntry, &[CSS], false, false).unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("[preprocessor.deepdive-index]"),
            "{refused}"
        );
        std::fs::write(dir.join("book.toml"), "[book]\n").unwrap();
        install_suite(&dir, Layout::OneEntry, &[CSS], false, false).unwrap();
        let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
        assert!(
            toml.contains("[preprocessor.deepdive]\nafter = [\"links\"]\n"),
            "{toml}"
        );
        assert!(!toml.contains("deepdive-index"), "{toml}");
        assert!(
            install_suite(&dir, Layout::OneEntry, &[CSS], false, false)
                .unwrap()
                .changes
                .is_empty()
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn insertions_are_found_or_refused() {
        assert_eq!(
            insertions("a\r\nb\r\n", "a\nx\nb\n").unwrap(),
            "a\r\nx\r\nb\r\n"
        );
        assert_eq!(insertions("ab", "ab\nc\n").unwrap(), "ab\nc\n");
        assert_eq!(insertions("a = 1\n", "a = 2\n"), None);
    }

    #[test]
    fn dry_run_writes_nothing() {
        let dir = std::env::temp_dir().join(format!("deepdive-install-dry-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("book.toml"), "[book]\n").unwrap();
        assert!(
            !install(&dir, "deepdive-status", &[CSS], true, false)
                .unwrap()
                .changes
                .is_empty()
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("book.toml")).unwrap(),
            "[book]\n"
        );
        assert!(!dir.join("deepdive").exists());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
