//! `new`: starts an investigation: the next numbered file in a folder, front
//! matter, a body that includes the team's template, and one new SUMMARY.md
//! line after its last sibling (the rest of SUMMARY.md byte for byte).

use crate::library::{self, Library};
use anyhow::{Context as _, Result, bail};
use deepdive_core::book_root::{BookRoot, Writes};
use deepdive_core::protocol::Context;
use deepdive_core::{config, links, order};
use std::path::Path;
use std::process::ExitCode;

/// The `new` subcommand.
pub fn command() -> clap::Command {
    clap::Command::new("new")
        .about("Start a chapter from a template: numbered file, front matter, SUMMARY.md entry")
        .arg(deepdive_core::check::book_arg())
        .arg(
            clap::Arg::new("template")
                .long("template")
                .default_value("staff-deep-dive")
                .help("The template the chapter includes"),
        )
        .arg(
            clap::Arg::new("folder")
                .long("folder")
                .help("The folder under src/ (default: option `folder`, else deep-dives)"),
        )
        .arg(
            clap::Arg::new("title")
                .required(true)
                .help("The investigation's title"),
        )
}

/// `Distributed Presence` → `distributed-presence`.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock: the civil-date
/// arithmetic of Howard Hinnant's `civil_from_days`, which is all a date
/// stamp needs (no time zones, no formatting crate).
pub fn today() -> String {
    #[allow(
        clippy::cast_possible_wrap,
        reason = "days since 1970 stay far below `i64::MAX`"
    )]
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The next free number in `dir` (`07` after `06-…`), as wide as the widest.
fn next_number(dir: &Path) -> String {
    let mut max = 0;
    let mut width = 2;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for name in entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
        {
            let prefix: String = name.chars().take_while(char::is_ascii_digit).collect();
            if !prefix.is_empty() && name[prefix.len()..].starts_with('-') {
                max = max.max(prefix.parse::<u64>().unwrap_or(0));
                width = width.max(prefix.len());
            }
        }
    }
    format!("{:0width$}", max + 1)
}

/// SUMMARY.md with `- [title](link)` after the last line linking into
/// `folder/`, with that line's indent and line ending; at the end otherwise.
pub fn add_to_summary(summary: &str, folder: &str, title: &str, link: &str) -> String {
    let needle = match folder {
        "" => "](".to_owned(),
        _ => format!("]({folder}/"),
    };
    let lines: Vec<&str> = summary.split_inclusive('\n').collect();
    let entry = |indent: &str, newline: &str| {
        format!(
            "{indent}- [{}]({link}){newline}",
            deepdive_core::inert::markdown_for_source(title)
        )
    };
    match lines.iter().rposition(|l| l.contains(&needle)) {
        Some(i) => {
            let line = lines[i];
            let indent = &line[..line.len() - line.trim_start().len()];
            let newline = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
            let mut out: String = lines[..=i].concat();
            if !line.ends_with('\n') {
                out.push_str(newline);
            }
            out.push_str(&entry(indent, newline));
            out.push_str(&lines[i + 1..].concat());
            out
        }
        None => {
            let newline = if summary.contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let separator = if summary.is_empty() || summary.ends_with('\n') {
                ""
            } else {
                newline
            };
            format!("{summary}{separator}{}", entry("", newline))
        }
    }
}

/// The folder under src/ a chapter goes in, from `--folder` or the option
/// `folder`, normalized (`a/./b/` → `a/b`); refused, at the option's line in
/// book.toml or naming the path, when it is absolute or climbs out of src/.
fn chapter_folder(
    args: &clap::ArgMatches,
    ctx: &Context,
    src: &str,
    default_folder: &str,
) -> Result<String> {
    let table = order::member_tables(&ctx.config, "deepdive-template")
        .first()
        .map(|t| (t.path("deepdive-template"), t.table));
    let configured = table
        .as_ref()
        .and_then(|(_, t)| (*t)?.get("folder")?.as_str());
    let (folder, given_by) = match (args.get_one::<String>("folder"), configured) {
        (Some(folder), _) => (folder.as_str(), None),
        (None, Some(folder)) => (folder, table.as_ref().map(|(path, _)| path.as_str())),
        (None, None) => (default_folder, None),
    };
    let normalized = (!Path::new(folder).has_root())
        .then(|| links::normalize(Path::new(folder)))
        .flatten();
    let Some(normalized) = normalized else {
        let why = "leaves src/, where the book's chapters are; give a folder under it, \
                   e.g. `deep-dives`";
        match given_by {
            Some(table) => bail!(
                "{}: `folder = \"{folder}\"` {why}",
                config::book_toml_location(&ctx.root, table, "folder")
            ),
            None => bail!(
                "{}: the folder `{folder}` (--folder) {why}",
                Path::new(src).join(folder).display()
            ),
        }
    };
    Ok(normalized
        .to_str()
        .map_or_else(|| folder.to_owned(), str::to_owned))
}

/// Runs `new`: a chapter from a template, listed in SUMMARY.md.
pub fn run(args: &clap::ArgMatches, default_folder: &str) -> Result<ExitCode> {
    let book = Path::new(args.get_one::<String>("book").map_or(".", String::as_str));
    let template = args
        .get_one::<String>("template")
        .map_or("staff-deep-dive", String::as_str);
    let title = args
        .get_one::<String>("title")
        .map_or("", String::as_str)
        .trim();
    if title.chars().any(char::is_control) {
        bail!("the title holds a line break or another control character; give it on one line");
    }
    let (ctx, _) = deepdive_core::check::load(book, "html")?;
    let root = BookRoot::open(book)?;
    let folder = chapter_folder(args, &ctx, ctx.src_dir(), default_folder)?;
    let templates = deepdive_core::order::member_options(&ctx.config, "deepdive-template")
        .and_then(|t| t.get("templates"))
        .and_then(|v| v.as_str())
        .unwrap_or("templates");
    Library::new(book, templates)
        .load(template)
        .map_err(|e| anyhow::anyhow!("{}: {e}", Path::new(templates).join(template).display()))?;
    let slug = slug(title);
    if slug.is_empty() {
        bail!("the title `{title}` has no letters or digits to name the file after");
    }
    let src = root.source_dir(book, ctx.src_dir())?;
    let dir = src.join(&folder);
    let file = format!("{}-{slug}.md", next_number(&dir));
    let path = dir.join(&file);
    let categories = library::builtin_categories(template)
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let quoted_title = title.replace('\\', "\\\\").replace('"', "\\\"");
    // The heading and the SUMMARY.md entry are markdown: the title shows as
    // written there, never as markup (mdBook's search shows both as HTML).
    let heading = deepdive_core::inert::markdown_for_source(title);
    let chapter = format!(
        "---\ntitle: \"{quoted_title}\"\nstatus: skeleton\ndate: {}\ncategories: [{categories}]\n---\n# {heading}\n\n{{{{#template {template}}}}}\n",
        today()
    );
    let summary_path = src.join("SUMMARY.md");
    let summary = std::fs::read_to_string(&summary_path)
        .with_context(|| format!("cannot read {}", summary_path.display()))?;
    let link = match folder.as_str() {
        "" => file.clone(),
        _ => format!("{folder}/{file}"),
    };
    let mut writes = Writes::new(&root);
    writes.create(&path, chapter)?;
    writes.replace(
        &summary_path,
        add_to_summary(&summary, &folder, title, &link),
    )?;
    writes.commit()?;
    println!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Distributed Presence"), "distributed-presence");
        assert_eq!(slug("  E2EE & Search: v2! "), "e2ee-search-v2");
    }

    #[test]
    fn summary_gets_one_line_after_the_last_sibling() {
        let summary = "# Summary\r\n\r\n- [A](deep-dives/01-a.md)\r\n  - [B](deep-dives/02-b.md)\r\n\r\n# Templates\r\n- [T](templates/t.md)\r\n";
        let out = add_to_summary(summary, "deep-dives", "New [x]", "deep-dives/03-new.md");
        assert_eq!(
            out,
            summary.replace(
                "02-b.md)\r\n",
                "02-b.md)\r\n  - [New \\[x\\]](deep-dives/03-new.md)\r\n"
            )
        );
        assert_eq!(
            add_to_summary("# Summary", "x", "T", "x/01-t.md"),
            "# Summary\n- [T](x/01-t.md)\n"
        );
    }

    #[test]
    fn today_is_a_date() {
        let date = today();
        assert_eq!(date.len(), 10);
        assert!(date.starts_with("20"));
    }
}
