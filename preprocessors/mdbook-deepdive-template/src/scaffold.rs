//! `new`: starts an investigation: the next numbered file in a folder, front
//! matter, a body that includes the team's template, and one new SUMMARY.md
//! line after its last sibling (the rest of SUMMARY.md byte for byte).

use crate::expand;
use crate::library::{self, Library, Prepared};
use crate::placeholders::Source;
use anyhow::{Context as _, Result, bail};
use deepdive_core::book_root::{BookRoot, Writes};
use deepdive_core::protocol::Context;
use deepdive_core::{config, frontmatter_edit, links, order};
use std::path::Path;
use std::process::ExitCode;

/// The `new` subcommand of the template member: the chapter's body is the
/// directive that includes the template (`{{#template NAME}}`).
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
                .help("The folder under src/ (default: a design doc's category, `designs`; else option `folder`, else deep-dives)"),
        )
        .arg(
            clap::Arg::new("title")
                .required(true)
                .help("The investigation's title"),
        )
        .after_help(deepdive_core::cli::example(
            "  mdbook-deepdive-template new --book . \"Distributed Presence\"",
        ))
}

/// `mdbook-deepdive new`: [`command`], writing the template's text with its
/// placeholders filled (`--set KEY=VALUE`), or the directive (`--linked`).
pub fn writer_command() -> clap::Command {
    command()
        .about(
            "Start a chapter from a template, ready to write in: the next numbered file, front \
             matter (title, status, date, categories), the template's text with its \
             placeholders filled, and its SUMMARY.md line; prints the new file's path",
        )
        .arg(
            clap::Arg::new("set")
                .long("set")
                .value_name("KEY=VALUE")
                .action(clap::ArgAction::Append)
                .help("Fill the template's parameter KEY with VALUE (repeatable); the others keep the template's guidance"),
        )
        .arg(
            clap::Arg::new("linked")
                .long("linked")
                .action(clap::ArgAction::SetTrue)
                .help("Write `{{#template NAME}}` instead of the text, so the chapter follows the template's changes"),
        )
        .after_help(deepdive_core::cli::example(
            "  mdbook-deepdive new \"Distributed Presence\"\n  \
             mdbook-deepdive new --template design-doc \"Search v2\"\n  mdbook-deepdive new --set summary=\"Who is online, at scale\" \"Distributed Presence\"",
        ))
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

/// The folder under src/ a chapter goes in, from `--folder`, else the
/// template's own category (a design doc goes to `designs`), else the option
/// `folder`, normalized (`a/./b/` → `a/b`); refused, at the option's line in
/// book.toml or naming the path, when it is absolute or climbs out of src/.
fn chapter_folder(
    args: &clap::ArgMatches,
    ctx: &Context,
    src: &str,
    template: &str,
    default_folder: &str,
) -> Result<String> {
    let table = order::member_tables(&ctx.config, "deepdive-template")
        .first()
        .map(|t| (t.path("deepdive-template"), t.table));
    let configured = table
        .as_ref()
        .and_then(|(_, t)| (*t)?.get("folder")?.as_str());
    let (folder, given_by) = match (
        args.get_one::<String>("folder"),
        library::category_folder(template),
        configured,
    ) {
        (Some(folder), _, _) => (folder.as_str(), None),
        (None, Some(folder), _) => (folder, None),
        (None, None, Some(folder)) => (folder, table.as_ref().map(|(path, _)| path.as_str())),
        (None, None, None) => (default_folder, None),
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

/// The `--set KEY=VALUE` arguments, each KEY a parameter of the template
/// (a typo is an error that names the parameters, not a silent no-op).
fn parameters(
    args: &clap::ArgMatches,
    name: &str,
    template: &Prepared,
) -> Result<Vec<(String, String)>> {
    let known: Vec<&str> = template
        .placeholders
        .iter()
        .flat_map(crate::placeholders::Placeholder::params)
        .collect();
    let mut params = Vec::new();
    for given in args.get_many::<String>("set").into_iter().flatten() {
        let Some((key, value)) = given.split_once('=') else {
            bail!("--set {given}: give KEY=VALUE, e.g. --set owner=ana");
        };
        let key = key.trim();
        if !known.contains(&key) {
            let hint = config::suggestion(key, &known)
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            bail!(
                "--set {key}=…: template `{name}` has no parameter `{key}` ({hint}its parameters: {}; \
                 `mdbook-deepdive templates show {name}` lists them)",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            );
        }
        params.push((key.to_owned(), value.to_owned()));
    }
    Ok(params)
}

/// What the new chapter says: its front matter values, for the template's
/// `page.KEY` placeholders and the block itself.
struct NewChapter<'a> {
    title: &'a str,
    status: &'a str,
    date: String,
    categories: &'static [&'static str],
}

/// The template's text with its placeholders filled: `title`, `date`, every
/// `--set`, `page.KEY` from the new chapter's front matter, `book.KEY` from
/// book.toml; the rest keep the template's guidance (its quoted defaults).
fn filled_body(
    ctx: &Context,
    name: &str,
    template: &Prepared,
    chapter: &NewChapter<'_>,
    mut params: Vec<(String, String)>,
) -> Result<String> {
    let uses = |param: &str| {
        template
            .placeholders
            .iter()
            .any(|p| p.params().any(|q| q == param))
    };
    for (key, value) in [("title", chapter.title), ("date", chapter.date.as_str())] {
        if uses(key) && !params.iter().any(|(k, _)| k == key) {
            params.push((key.to_owned(), value.to_owned()));
        }
    }
    let value_of = |source: &Source| match source {
        Source::Page(key) => match key.as_str() {
            "title" => Some(chapter.title.to_owned()),
            "date" => Some(chapter.date.clone()),
            "status" => Some(chapter.status.to_owned()),
            "categories" => Some(chapter.categories.join(", ")),
            _ => params
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone()),
        },
        Source::Book(key) => ctx
            .config_value(&format!("book.{key}"))
            .and_then(expand::value_text),
        Source::Param(_) | Source::Literal(_) => None,
    };
    let mut unused = Vec::new();
    expand::fill(name, template, &params, &value_of, &mut unused)
        .map_err(|message| anyhow::anyhow!("{message} (with `--set KEY=VALUE`)"))
}

/// Runs `new`: a chapter from a template, listed in SUMMARY.md. The member's
/// `new` writes the directive; `mdbook-deepdive new` (which has `--linked`)
/// the template's text unless `--linked`.
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
    let filled = matches!(args.try_get_one::<bool>("linked"), Ok(Some(false)));
    let (ctx, _) = deepdive_core::check::load(book, "html")?;
    let root = BookRoot::open(book)?;
    let folder = chapter_folder(args, &ctx, ctx.src_dir(), template, default_folder)?;
    let templates = deepdive_core::order::member_options(&ctx.config, "deepdive-template")
        .and_then(|t| t.get("templates"))
        .and_then(|v| v.as_str())
        .unwrap_or("templates");
    let prepared = Library::new(book, templates)
        .prepared(template)
        .map_err(|e| anyhow::anyhow!("{}: {e}", Path::new(templates).join(template).display()))?;
    let params = if filled {
        parameters(args, template, &prepared)?
    } else {
        Vec::new()
    };
    let slug = slug(title);
    if slug.is_empty() {
        bail!("the title `{title}` has no letters or digits to name the file after");
    }
    let src = root.source_dir(book, ctx.src_dir())?;
    let dir = src.join(&folder);
    let file = format!("{}-{slug}.md", next_number(&dir));
    let path = dir.join(&file);
    let chapter = NewChapter {
        title,
        status: library::starting_status(template),
        date: today(),
        categories: library::builtin_categories(template),
    };
    let body = if filled {
        let text = filled_body(&ctx, template, &prepared, &chapter, params)?;
        // A template that starts with its own `# title` heading needs no other.
        if text.starts_with("# ") {
            text
        } else {
            format!(
                "# {}\n\n{text}",
                deepdive_core::inert::markdown_for_source(title)
            )
        }
    } else {
        // The heading and the SUMMARY.md entry are markdown: the title shows as
        // written there, never as markup (mdBook's search shows both as HTML).
        format!(
            "# {}\n\n{{{{#template {template}}}}}\n",
            deepdive_core::inert::markdown_for_source(title)
        )
    };
    let categories = chapter
        .categories
        .iter()
        .map(|c| frontmatter_edit::quoted(c))
        .collect::<Vec<_>>()
        .join(", ");
    let text = format!(
        "---\ntitle: {}\nstatus: {}\ndate: {}\ncategories: [{categories}]\n---\n{body}",
        frontmatter_edit::quoted(title),
        chapter.status,
        chapter.date,
    );
    let summary_path = src.join("SUMMARY.md");
    let summary = std::fs::read_to_string(&summary_path)
        .with_context(|| format!("cannot read {}", summary_path.display()))?;
    let link = match folder.as_str() {
        "" => file.clone(),
        _ => format!("{folder}/{file}"),
    };
    let mut writes = Writes::new(&root);
    writes.create(&path, text)?;
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
