//! `set` and `supersede`: front matter changed in place, every other byte of
//! each file as it was ([`deepdive_core::frontmatter_edit`]). Every edit is
//! read back and compared before anything is written: a value that would not
//! read back as given, or would change another key, writes nothing.

use crate::chapters::Chapters;
use anyhow::{Result, bail};
use deepdive_core::book_root::{BookRoot, Writes};
use deepdive_core::cli::example;
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::frontmatter::{self, Block, Format};
use deepdive_core::frontmatter_edit;
use deepdive_core::metadata;
use deepdive_core::page::Page;
use deepdive_core::splice::{self, Edit};
use deepdive_core::status::Vocabulary;
use serde_json::Value;
use std::path::Path;
use std::process::ExitCode;

/// The `set` command.
pub(crate) fn set_command() -> clap::Command {
    clap::Command::new("set")
        .about(
            "Change front matter keys of a chapter in place (YAML or TOML); every other byte of \
             the file stays as it was",
        )
        .arg(deepdive_core::check::book_arg())
        .arg(
            clap::Arg::new("chapter")
                .required(true)
                .help("The chapter: its number (07), front matter id, or path under src/"),
        )
        .arg(
            clap::Arg::new("changes")
                .value_name("KEY=VALUE")
                .required(true)
                .num_args(1..)
                .help(format!(
                    "The keys to set, e.g. status=done. A key the suite reads as a list ({}) \
                     takes its items separated by commas, `tags=a,b`, and `tags=` is the empty list",
                    metadata::list_keys().collect::<Vec<_>>().join(", ")
                )),
        )
        .after_help(example(
            "  mdbook-deepdive set 07 status=done\n  mdbook-deepdive set deep-dives/07-distributed-presence.md owner=ana date=2026-12-02\n  mdbook-deepdive set 07 tags=redis,websocket related=06,08",
        ))
}

/// The `supersede` command.
pub(crate) fn supersede_command() -> clap::Command {
    clap::Command::new("supersede")
        .about(
            "Record that NEW supersedes OLD: `superseded-by` in OLD, `supersedes` in NEW, and \
             OLD's status moved to the vocabulary's superseded status",
        )
        .arg(deepdive_core::check::book_arg())
        .arg(
            clap::Arg::new("old")
                .required(true)
                .help("The chapter superseded (number, id or path)"),
        )
        .arg(
            clap::Arg::new("new")
                .required(true)
                .help("The chapter that supersedes it"),
        )
        .after_help(example("  mdbook-deepdive supersede 03 12"))
}

/// A value to set, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Given {
    /// `KEY=VALUE`: the text after `=`.
    Text(String),
    /// `KEY=a,b` for a key the suite reads as a list
    /// ([`metadata::is_list_key`]): the items between the commas, trimmed.
    List(Vec<String>),
}

impl Given {
    /// `value` given for `key`: a list key's items, or the text.
    fn of(key: &str, value: &str) -> Result<Self> {
        if !metadata::is_list_key(key) {
            return Ok(Given::Text(value.to_owned()));
        }
        if value.trim().is_empty() {
            return Ok(Given::List(Vec::new()));
        }
        let items: Vec<String> = value
            .split(',')
            .map(|item| item.trim().to_owned())
            .collect();
        if items.iter().any(String::is_empty) {
            bail!(
                "`{key}={value}`: `{key}` is a list; give its items between commas, e.g. {key}=a,b (an item cannot be empty or hold a comma)"
            );
        }
        Ok(Given::List(items))
    }

    fn as_new(&self) -> frontmatter_edit::NewValue<'_> {
        match self {
            Given::Text(text) => frontmatter_edit::NewValue::Text(text),
            Given::List(items) => frontmatter_edit::NewValue::List(items),
        }
    }

    /// Whether `value`, as the suite reads the edited front matter, is what
    /// was given: the text (or a list of that one item), or the same items.
    fn reads_back_as(&self, value: &Value) -> bool {
        match (self, value) {
            (Given::Text(text), Value::String(read)) => read == text,
            (Given::Text(text), Value::Array(items)) => {
                items.len() == 1 && items[0].as_str() == Some(text)
            }
            (Given::List(items), Value::Array(read)) => {
                read.len() == items.len()
                    && read.iter().zip(items).all(|(r, i)| r.as_str() == Some(i))
            }
            (Given::List(items), Value::String(read)) => items.len() == 1 && *read == items[0],
            _ => false,
        }
    }
}

/// `KEY=VALUE` arguments.
fn changes(args: &clap::ArgMatches) -> Result<Vec<(String, Given)>> {
    let mut changes = Vec::new();
    for given in args.get_many::<String>("changes").into_iter().flatten() {
        let Some((key, value)) = given.split_once('=') else {
            bail!("`{given}`: give KEY=VALUE, e.g. status=done");
        };
        let key = key.trim();
        if !frontmatter_edit::is_plain_key(key) {
            bail!(
                "`{key}` is not a front matter key this command sets (a letter, then letters, digits, `-` and `_`; not a word YAML reads as true, false or null)"
            );
        }
        changes.push((key.to_owned(), Given::of(key, value)?));
    }
    Ok(changes)
}

/// `text` with `changes` set in its front matter (a YAML block added at the
/// top when it has none), checked by reading it back.
fn edited(file: &str, text: &str, changes: &[(String, Given)]) -> Result<String> {
    let block = match frontmatter::split(text) {
        Ok(block) => block,
        Err(error) => bail!(
            "{}: {}",
            deepdive_core::diagnostics::Location::in_text(file, text, error.offset),
            error.message
        ),
    };
    let pairs: Vec<(&str, frontmatter_edit::NewValue<'_>)> = changes
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_new()))
        .collect();
    let new_text = match &block {
        Some(block) => {
            let edits = frontmatter_edit::set(text, block, &pairs)
                .map_err(|message| anyhow::anyhow!("{file}: {message}"))?;
            splice::apply(text, edits)
        }
        None => {
            let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
            let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
            // The keys as a block of their own would hold them.
            let empty = Block {
                format: Format::Yaml,
                whole: 0..0,
                inner: 0..0,
            };
            let keys = splice::apply(
                "",
                frontmatter_edit::set("", &empty, &pairs)
                    .map_err(|message| anyhow::anyhow!("{file}: {message}"))?,
            );
            let opened = format!("---{newline}{}---{newline}", keys.replace('\n', newline));
            splice::apply(text, vec![Edit::new(start..start, opened)])
        }
    };
    let before = metadata::read(text)
        .map(|(_, meta)| meta.fields)
        .unwrap_or_default();
    let after = metadata::read(&new_text)
        .map(|(_, meta)| meta.fields)
        .map_err(|problem| {
            anyhow::anyhow!(
                "{file}: the change would make the front matter unreadable ({}); change it by hand",
                problem.message
            )
        })?;
    for (key, value) in changes {
        if !after.get(key).is_some_and(|read| value.reads_back_as(read)) {
            bail!("{file}: `{key}` cannot be set to that value in place; change it by hand");
        }
    }
    let kept = |fields: &serde_json::Map<String, Value>| {
        fields
            .iter()
            .filter(|(k, _)| !changes.iter().any(|(c, _)| c == *k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };
    if kept(&before) != kept(&after) {
        bail!("{file}: setting these keys would change others; change them by hand");
    }
    Ok(new_text)
}

/// A `status` value must be one of the book's statuses (as the badge would
/// read it); any other key is the writer's.
fn check_status(chapters: &Chapters, changes: &[(String, Given)]) -> Result<()> {
    let Some((_, Given::Text(status))) = changes.iter().find(|(k, _)| k == "status") else {
        return Ok(());
    };
    let mut diagnostics = Diagnostics::new(false);
    let vocabulary = Vocabulary::from_context(&chapters.ctx, &mut diagnostics);
    vocabulary
        .lookup(status)
        .map(|_| ())
        .map_err(|unknown| anyhow::anyhow!("status={status}: {}", unknown.message()))
}

/// Writes every file of `edits` (each page's new text), all or none.
fn write_all(chapters: &Chapters, edits: &[(&Page, String)]) -> Result<()> {
    let root = BookRoot::open(&chapters.book)?;
    let mut writes = Writes::new(&root);
    for (page, text) in edits {
        writes.replace(&chapters.file(page), text.clone())?;
    }
    writes.commit()?;
    for (page, _) in edits {
        println!("{}", page.file);
    }
    Ok(())
}

/// Runs `set`.
pub(crate) fn run_set(args: &clap::ArgMatches) -> Result<ExitCode> {
    let book = Path::new(args.get_one::<String>("book").map_or(".", String::as_str));
    let chapters = Chapters::load(book)?;
    let reference = args.get_one::<String>("chapter").map_or("", String::as_str);
    let page = chapters.find(reference)?;
    chapters.readable(page)?;
    let changes = changes(args)?;
    check_status(&chapters, &changes)?;
    let text = edited(&page.file, chapters.text(page), &changes)?;
    write_all(&chapters, &[(page, text)])?;
    Ok(ExitCode::SUCCESS)
}

/// How a front matter reference names `page`: its `id` when it has one,
/// else its path under the source folder.
fn reference_to(page: &Page) -> String {
    match page.meta.text("id") {
        Some(id) => id.to_owned(),
        None => page
            .source_path
            .as_deref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// Runs `supersede`.
pub(crate) fn run_supersede(args: &clap::ArgMatches) -> Result<ExitCode> {
    let book = Path::new(args.get_one::<String>("book").map_or(".", String::as_str));
    let chapters = Chapters::load(book)?;
    let old = chapters.find(args.get_one::<String>("old").map_or("", String::as_str))?;
    let new = chapters.find(args.get_one::<String>("new").map_or("", String::as_str))?;
    if old.index == new.index {
        bail!("{}: a chapter cannot supersede itself", old.file);
    }
    chapters.readable(old)?;
    chapters.readable(new)?;
    let mut diagnostics = Diagnostics::new(false);
    let vocabulary = Vocabulary::from_context(&chapters.ctx, &mut diagnostics);
    let superseded = vocabulary.lookup("superseded").map_err(|unknown| {
        anyhow::anyhow!(
            "the book's statuses have no `superseded` ({}); add it to [preprocessor.{}.statuses]",
            unknown.message(),
            vocabulary.table()
        )
    })?;
    let old_changes = [
        ("status".to_owned(), Given::Text(superseded.id.clone())),
        ("superseded-by".to_owned(), Given::Text(reference_to(new))),
    ];
    let new_changes = [("supersedes".to_owned(), Given::Text(reference_to(old)))];
    let old_text = edited(&old.file, chapters.text(old), &old_changes)?;
    let new_text = edited(&new.file, chapters.text(new), &new_changes)?;
    write_all(&chapters, &[(old, old_text), (new, new_text)])?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str, changes: &[(&str, &str)]) -> Result<String> {
        let changes: Vec<(String, Given)> = changes
            .iter()
            .map(|(k, v)| Ok(((*k).to_owned(), Given::of(k, v)?)))
            .collect::<Result<_>>()?;
        edited("src/a.md", text, &changes)
    }

    #[test]
    fn a_list_key_takes_its_items_between_commas() {
        let list = |items: &[&str]| Given::List(items.iter().map(|i| (*i).to_owned()).collect());
        assert_eq!(Given::of("tags", "a, b c").unwrap(), list(&["a", "b c"]));
        assert_eq!(Given::of("related", "06").unwrap(), list(&["06"]));
        assert_eq!(Given::of("tags", "").unwrap(), list(&[]));
        assert!(Given::of("tags", "a,,b").is_err());
        assert_eq!(
            Given::of("owner", "a,b").unwrap(),
            Given::Text("a,b".into())
        );
    }

    #[test]
    fn a_list_is_set_and_read_back_as_a_list() {
        let text = "---\ntitle: A\ntags: x\n---\n# A\n";
        let edited = set(text, &[("tags", "a,b"), ("supersedes", "03")]).unwrap();
        assert_eq!(
            edited,
            "---\ntitle: A\ntags: [a, b]\nsupersedes: [\"03\"]\n---\n# A\n"
        );
        let (_, meta) = metadata::read(&edited).unwrap();
        assert_eq!(meta.fields["tags"], serde_json::json!(["a", "b"]));
    }

    #[test]
    fn a_chapter_without_front_matter_gets_a_block() {
        assert_eq!(
            set("# A\r\n\r\ntext\r\n", &[("status", "done")]).unwrap(),
            "---\r\nstatus: done\r\n---\r\n# A\r\n\r\ntext\r\n"
        );
        assert_eq!(
            set("\u{feff}# A\n", &[("status", "done")]).unwrap(),
            "\u{feff}---\nstatus: done\n---\n# A\n"
        );
    }

    #[test]
    fn a_hostile_value_sets_one_key_and_nothing_else() {
        let text = "---\ntitle: A\nstatus: draft\n---\n# A\n";
        let edited = set(text, &[("status", "done\nowner: mallory\n---\n# injected")]).unwrap();
        let (_, meta) = metadata::read(&edited).unwrap();
        assert_eq!(meta.fields.len(), 2, "{edited}");
        assert!(edited.ends_with("---\n# A\n"), "{edited}");
    }
}
