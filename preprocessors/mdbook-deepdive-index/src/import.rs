//! `import`: turns a hand-kept index table (like seed 003's) into front
//! matter and one `{{#investigation-index}}` directive.
//!
//! For every row it writes `status` (mojibake repaired, matched against the
//! vocabulary), `focus`, and `title` (the linked topic's text) when the
//! chapter has none, into the front matter of the chapter the row links to,
//! creating the front matter when there is none and never touching the
//! chapter's body. Then it replaces the table (or the run of tables and the
//! headings between them) with the directive.

use anyhow::{Context as _, Result, bail};
use deepdive_core::book_root::{BookRoot, Writes};
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::frontmatter::{self, Format};
use deepdive_core::protocol::Context;
use deepdive_core::splice::{self, Edit};
use deepdive_core::status::Vocabulary;
use deepdive_core::{check, install, links, metadata, mojibake, order};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The `import` subcommand.
pub(crate) fn command() -> clap::Command {
    clap::Command::new("import")
        .about("Move a hand-kept index table into front matter and replace it with {{#investigation-index}}")
        .arg(deepdive_core::check::book_arg())
        .arg(clap::Arg::new("file").required(true).help("The chapter holding the table, e.g. src/README.md"))
        .arg(clap::Arg::new("dry-run").long("dry-run").action(clap::ArgAction::SetTrue).help("Print the changes, write nothing"))
}

/// One row of a hand-kept table.
struct Row {
    target: String,
    /// The linked topic's text: the chapter's title in the table.
    topic: Option<String>,
    focus: Option<String>,
    status: Option<String>,
}

/// A table that looks like an index (a linked topic and a status column),
/// with the heading right above it, if any.
struct Table {
    range: Range<usize>,
    rows: Vec<Row>,
    heading: Option<String>,
}

fn tables(text: &str) -> Vec<Table> {
    let mut found = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    let mut current: Option<(usize, Vec<Row>)> = None;
    let mut cells: Vec<(String, Option<String>)> = Vec::new();
    let mut in_head = false;
    let mut last_heading: Option<(String, usize)> = None;
    let mut heading_text: Option<String> = None;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading_text = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                last_heading = heading_text
                    .take()
                    .map(|h| (h.trim().to_owned(), range.end));
            }
            Event::Start(Tag::Table(_)) => {
                current = Some((range.start, Vec::new()));
                headers.clear();
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::Start(Tag::TableCell) => cells.push((String::new(), None)),
            Event::Text(t) | Event::Code(t) => {
                if let Some(heading) = heading_text.as_mut() {
                    heading.push_str(&t);
                } else if let Some((cell, _)) = cells.last_mut() {
                    cell.push_str(&t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some((_, link)) = cells.last_mut() {
                    link.get_or_insert_with(|| dest_url.to_string());
                }
            }
            Event::End(TagEnd::TableHead) => {
                headers = cells
                    .drain(..)
                    .map(|(h, _)| h.trim().to_lowercase())
                    .collect();
                in_head = false;
            }
            Event::End(TagEnd::TableRow) if !in_head => {
                let column =
                    |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
                let row = std::mem::take(&mut cells);
                let get = |i: Option<usize>| i.and_then(|i| row.get(i));
                let topic = get(column(&["topic", "title", "investigation"]));
                let target = topic.and_then(|(_, l)| l.clone());
                if let (Some((_, rows)), Some(target)) = (current.as_mut(), target) {
                    rows.push(Row {
                        target,
                        topic: topic
                            .map(|(t, _)| t.trim().to_owned())
                            .filter(|t| !t.is_empty()),
                        focus: get(column(&["key focus", "focus", "summary"]))
                            .map(|(t, _)| t.trim().to_owned())
                            .filter(|t| !t.is_empty()),
                        status: get(column(&["status"]))
                            .map(|(t, _)| t.trim().to_owned())
                            .filter(|t| !t.is_empty()),
                    });
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((start, rows)) = current.take()
                    && !rows.is_empty()
                {
                    let heading = last_heading
                        .take()
                        .filter(|(_, end)| text[*end..start].trim().is_empty())
                        .map(|(h, _)| h);
                    found.push(Table {
                        range: start..range.end,
                        rows,
                        heading,
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// The range to replace: the tables, the headings between them, and the
/// heading right before the first, when only headings and blank lines
/// separate them (the seed's "Investigation Index" / "Future Roadmap").
fn replaced_range(text: &str, tables: &[Table]) -> Option<Range<usize>> {
    let first = tables.first()?;
    let last = tables.last()?;
    let headings: Vec<Range<usize>> = Parser::new_ext(text, Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::Heading { level, .. }) if *level >= HeadingLevel::H2))
        .map(|(_, r)| r)
        .collect();
    let only_headings_between = |gap: Range<usize>| {
        let mut rest = text[gap.clone()].trim().to_owned();
        for h in headings
            .iter()
            .filter(|h| h.start >= gap.start && h.end <= gap.end)
        {
            rest = rest.replace(text[h.clone()].trim(), "");
        }
        rest.trim().is_empty()
    };
    if tables
        .windows(2)
        .any(|w| !only_headings_between(w[0].range.end..w[1].range.start))
    {
        return None;
    }
    let start = headings
        .iter()
        .rev()
        .find(|h| h.end <= first.range.start && text[h.end..first.range.start].trim().is_empty())
        .map_or(first.range.start, |h| h.start);
    Some(start..last.range.end)
}

/// `value` as a YAML double-quoted scalar or TOML basic string.
fn quoted(value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

/// The edits that set `fields` in a chapter's front matter (a new YAML block
/// when it has none); the body is never touched.
fn front_matter_edits(text: &str, fields: &[(&str, String)]) -> Result<Vec<Edit>> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let Some(block) = frontmatter::split(text).map_err(|e| anyhow::anyhow!(e.message))? else {
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        #[allow(
            clippy::format_collect,
            reason = "a few front matter lines, once per chapter"
        )]
        let lines: String = fields
            .iter()
            .map(|(k, v)| format!("{k}: {v}{newline}"))
            .collect();
        return Ok(vec![Edit::new(
            start..start,
            format!("---{newline}{lines}---{newline}"),
        )]);
    };
    let separator = if block.format == Format::Toml {
        " = "
    } else {
        ": "
    };
    let mut edits = Vec::new();
    for (key, value) in fields {
        // A bare word is a YAML string but not a TOML value.
        let value = if block.format == Format::Toml && !value.starts_with('"') {
            quoted(value)
        } else {
            value.clone()
        };
        let line = format!("{key}{separator}{value}");
        let at = frontmatter::key_offset(text, &block, key);
        let has_key = text[at..].starts_with(key) && at < block.inner.end;
        if has_key {
            edits.push(Edit::new(at..value_end(text, at, block.inner.end), line));
        } else {
            edits.push(Edit::new(
                block.inner.end..block.inner.end,
                format!("{line}{newline}"),
            ));
        }
    }
    Ok(edits)
}

/// Where the value of the key on the line at `at` ends, before the line
/// break: at the end of that line, or of the indented lines after it that
/// continue it (a YAML block scalar or list), so replacing the value leaves
/// none of the old one behind. `inner_end` is the end of the front matter.
fn value_end(text: &str, at: usize, inner_end: usize) -> usize {
    let line_end = |from: usize| from + text[from..].find('\n').unwrap_or(text.len() - from);
    let mut end = line_end(at);
    let mut next = end + 1;
    while next < inner_end {
        let rest = &text[next..inner_end];
        let blank_then_indented = rest.trim_start_matches(['\r', '\n', ' ', '\t']).len()
            < rest.trim_start_matches(['\r', '\n']).len();
        if !(rest.starts_with([' ', '\t']) || rest.starts_with(['\r', '\n']) && blank_then_indented)
        {
            break;
        }
        end = line_end(next);
        next = end + 1;
    }
    end - usize::from(text[..end].ends_with('\r'))
}

/// For tables under headings, the `group-titles` and `group-order` that make
/// `group-by=status` show the same headings in the same order: each table's
/// heading names the status most of its rows have.
fn groups(tables: &[Table], vocabulary: &Vocabulary) -> Vec<(String, String)> {
    tables
        .iter()
        .filter_map(|table| {
            let heading = table.heading.clone()?;
            let mut counts: Vec<(String, usize)> = Vec::new();
            for status in table.rows.iter().filter_map(|r| r.status.as_deref()) {
                let repaired = mojibake::repair(status).unwrap_or_else(|| status.to_owned());
                let Ok(found) = vocabulary.lookup(&repaired) else {
                    continue;
                };
                match counts.iter_mut().find(|(id, _)| *id == found.id) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((found.id.clone(), 1)),
                }
            }
            let (id, _) = counts.into_iter().max_by_key(|(_, n)| *n)?;
            Some((id, heading))
        })
        .collect()
}

/// Plans the groups into the index's table unless the book already sets
/// them; returns what it changes. `table` is the table's path after
/// `[preprocessor.`: `deepdive-index`, or `deepdive.index` in the all-in-one
/// entry.
fn book_toml_groups(
    book: &Path,
    table: &str,
    groups: &[(String, String)],
    writes: &mut Writes,
) -> Result<Option<String>> {
    let path = book.join("book.toml");
    let original = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut document: toml_edit::DocumentMut = original
        .parse()
        .with_context(|| format!("{} is not valid TOML", path.display()))?;
    let path_in_toml = format!("preprocessor.{table}");
    let mut item = document.as_item_mut();
    for part in path_in_toml.split('.') {
        item = item
            .as_table_mut()
            .with_context(|| format!("`{path_in_toml}` in book.toml is not a table"))?
            .entry(part)
            .or_insert_with(toml_edit::table);
    }
    let table = item
        .as_table_mut()
        .with_context(|| format!("`{path_in_toml}` in book.toml is not a table"))?;
    if table.contains_key("group-titles") || groups.is_empty() {
        return Ok(None);
    }
    let mut titles = toml_edit::InlineTable::new();
    let mut order = toml_edit::Array::new();
    for (id, heading) in groups {
        titles.insert(id, heading.as_str().into());
        order.push(id.as_str());
    }
    table.insert("group-titles", toml_edit::value(titles));
    table.insert("group-order", toml_edit::value(order));
    writes.replace(&path, install::edited_toml(&original, &document)?)?;
    Ok(Some(format!(
        "{}: group-titles and group-order from the table headings",
        path.display()
    )))
}

/// The index's table in the book: its own entry (by name or command), or its
/// table in the all-in-one entry; `deepdive-index` when there is none yet.
fn index_table(ctx: &Context) -> String {
    order::member_tables(&ctx.config, "deepdive-index")
        .first()
        .map_or_else(|| "deepdive-index".to_owned(), |t| t.path("deepdive-index"))
}

/// Runs `import`: the hand-kept table's rows into each chapter's front matter, the table replaced by the directive.
#[allow(
    clippy::too_many_lines,
    reason = "the command's steps in order, each commented; split, they would only pass their state around"
)]
pub(crate) fn run(args: &clap::ArgMatches) -> Result<ExitCode> {
    let book = PathBuf::from(args.get_one::<String>("book").map_or(".", String::as_str));
    let file = args.get_one::<String>("file").map_or("", String::as_str);
    let dry_run = args.get_flag("dry-run");
    let (ctx, _) = check::load(&book, "html")?;
    let root = BookRoot::open(&book)?;
    // Every write is planned and checked first; the report is printed once
    // all are: a refused one writes and prints nothing.
    let mut writes = Writes::new(&root);
    let mut report = Vec::new();
    let mut diagnostics = Diagnostics::new(false);
    let vocabulary = Vocabulary::from_context(&ctx, &mut diagnostics);
    let index_path = book.join(file);
    root.check_writable(&index_path)?;
    let text = std::fs::read_to_string(&index_path)
        .with_context(|| format!("cannot read {}", index_path.display()))?;
    let found = tables(&text);
    if found.is_empty() {
        bail!("{file} holds no index table (a table with a linked topic column)");
    }
    // The folder of `src/` every row's chapter is in, if they share one.
    let mut shared_folder: Option<PathBuf> = None;
    for row in found.iter().flat_map(|t| &t.rows) {
        // Resolved inside the book: a link climbing out of it is refused.
        let within_book = Path::new(file)
            .parent()
            .unwrap_or(Path::new(""))
            .join(&row.target);
        let relative = links::normalize(&within_book)
            .with_context(|| format!("{file}: the link `{}` leaves the book", row.target))?;
        let folder = relative
            .strip_prefix(ctx.src_dir())
            .ok()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""));
        shared_folder = Some(match shared_folder {
            None => folder.to_path_buf(),
            Some(shared) => shared
                .components()
                .zip(folder.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
        let target = book.join(relative);
        let chapter = std::fs::read_to_string(&target).with_context(|| {
            format!(
                "{file}: the row linking `{}` names no readable chapter",
                row.target
            )
        })?;
        let mut fields = Vec::new();
        // The table's topic names the chapter in the index; a title the
        // chapter already has is the writer's and stays.
        let has_title = metadata::read(&chapter).is_ok_and(|(_, meta)| meta.title().is_some());
        if let Some(topic) = row.topic.as_ref().filter(|_| !has_title) {
            fields.push((
                "title",
                quoted(&mojibake::repair(topic).unwrap_or_else(|| topic.clone())),
            ));
        }
        if let Some(status) = &row.status {
            let repaired = mojibake::repair(status).unwrap_or_else(|| status.clone());
            let id = vocabulary
                .lookup(&repaired)
                .map_err(|e| anyhow::anyhow!("{file}: row `{}`: {}", row.target, e.message()))?
                .id
                .clone();
            fields.push(("status", id));
        }
        if let Some(focus) = &row.focus {
            fields.push((
                "focus",
                quoted(&mojibake::repair(focus).unwrap_or_else(|| focus.clone())),
            ));
        }
        let updated = splice::apply(&chapter, front_matter_edits(&chapter, &fields)?);
        if updated != chapter {
            let shown: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            report.push(format!("{}: {}", target.display(), shown.join(", ")));
            writes.replace(&target, updated)?;
        }
    }
    // Every chapter with front matter is a document an index lists: the
    // table's folder keeps the index to the chapters the table listed.
    // (A folder whose name holds a quote, a backslash or a brace, which the
    // argument would have to escape, is left out: the report shows it.)
    let folder = shared_folder
        .and_then(|f| f.to_str().map(|f| f.replace('\\', "/")))
        .filter(|f| !f.is_empty() && !f.contains(['"', '\\', '{', '}']))
        .map(|f| {
            if f.contains(char::is_whitespace) {
                format!(" folder=\"{f}\"")
            } else {
                format!(" folder={f}")
            }
        })
        .unwrap_or_default();
    let directive = if found.len() > 1 {
        format!("{{{{#investigation-index{folder} group-by=status}}}}")
    } else {
        format!("{{{{#investigation-index{folder}}}}}")
    };
    // The replaced text keeps the line breaks that ended the table.
    let replace = |range: Range<usize>, with: &str| {
        let kept = &text[range.clone()];
        let trailing = &kept[kept.trim_end_matches(['\r', '\n']).len()..];
        Edit::new(range, format!("{with}{trailing}"))
    };
    let edits: Vec<Edit> = match replaced_range(&text, &found) {
        Some(range) => vec![replace(range, &directive)],
        None => {
            let single = format!("{{{{#investigation-index{folder}}}}}");
            found
                .iter()
                .map(|t| replace(t.range.clone(), &single))
                .collect()
        }
    };
    report.push(format!(
        "{}: {} table(s) replaced by {directive}",
        index_path.display(),
        found.len()
    ));
    if found.len() > 1
        && let Some(change) = book_toml_groups(
            &book,
            &index_table(&ctx),
            &groups(&found, &vocabulary),
            &mut writes,
        )?
    {
        report.push(change);
    }
    writes.replace(&index_path, splice::apply(&text, edits))?;
    if !dry_run {
        writes.commit()?;
    }
    for line in &report {
        println!("{line}");
    }
    if dry_run {
        println!("dry run: nothing written");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_created_or_updated_without_touching_the_body() {
        let fields = [("status", "done".to_owned()), ("focus", quoted("a \"b\""))];
        let apply = |text: &str| splice::apply(text, front_matter_edits(text, &fields).unwrap());
        assert_eq!(
            apply("# T\r\nbody\r\n"),
            "---\r\nstatus: done\r\nfocus: \"a \\\"b\\\"\"\r\n---\r\n# T\r\nbody\r\n"
        );
        assert_eq!(
            apply("---\ntitle: T\nstatus: skeleton\n---\n# T\n"),
            "---\ntitle: T\nstatus: done\nfocus: \"a \\\"b\\\"\"\n---\n# T\n"
        );
        assert_eq!(
            apply("+++\ntitle = \"T\"\n+++\nx"),
            "+++\ntitle = \"T\"\nstatus = \"done\"\nfocus = \"a \\\"b\\\"\"\n+++\nx"
        );
        assert_eq!(
            apply("---\r\nfocus: >\r\n  old\r\n\r\n  text\r\ntags:\r\n  - a\r\n---\r\nbody\r\n"),
            "---\r\nfocus: \"a \\\"b\\\"\"\r\ntags:\r\n  - a\r\nstatus: done\r\n---\r\nbody\r\n"
        );
    }
}
