//! `new`: starts an investigation: the next numbered file in a folder, front
//! matter, a body that includes the team's template, and one new SUMMARY.md
//! line after its last sibling (the rest of SUMMARY.md byte for byte).

use crate::library::{self, Library};
use anyhow::{Context as _, Result, bail};
use std::path::Path;
use std::process::ExitCode;

pub fn command() -> clap::Command {
    clap::Command::new("new")
        .about("Start a chapter from a template: numbered file, front matter, SUMMARY.md entry")
        .arg(deepdive_core::cli::book_arg())
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
    let needle = format!("]({folder}/");
    let lines: Vec<&str> = summary.split_inclusive('\n').collect();
    let entry = |indent: &str, newline: &str| {
        format!(
            "{indent}- [{}]({link}){newline}",
            title.replace(['[', ']'], "")
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

pub fn run(args: &clap::ArgMatches, default_folder: &str) -> Result<ExitCode> {
    let book = Path::new(args.get_one::<String>("book").map_or(".", String::as_str));
    let template = args
        .get_one::<String>("template")
        .map_or("staff-deep-dive", String::as_str);
    let title = args
        .get_one::<String>("title")
        .map_or("", String::as_str)
        .trim();
    let (ctx, _) = deepdive_core::check::load(book, "html")?;
    let configured = ctx
        .member_table("deepdive-template")
        .and_then(|t| t.get("folder"))
        .and_then(|v| v.as_str());
    let folder = args
        .get_one::<String>("folder")
        .map(String::as_str)
        .or(configured)
        .unwrap_or(default_folder)
        .trim_matches('/');
    let templates = ctx
        .member_table("deepdive-template")
        .and_then(|t| t.get("templates"))
        .and_then(|v| v.as_str())
        .unwrap_or("templates");
    Library::new(book, templates)
        .load(template)
        .map_err(anyhow::Error::msg)?;
    let slug = slug(title);
    if slug.is_empty() {
        bail!("the title `{title}` has no letters or digits to name the file after");
    }
    let src = book.join(ctx.src_dir());
    let dir = src.join(folder);
    let file = format!("{}-{slug}.md", next_number(&dir));
    let path = dir.join(&file);
    if path.exists() {
        bail!("{} exists already; not overwriting it", path.display());
    }
    let categories = library::builtin_categories(template)
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let quoted_title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let chapter = format!(
        "---\ntitle: \"{quoted_title}\"\nstatus: skeleton\ndate: {}\ncategories: [{categories}]\n---\n# {title}\n\n{{{{#template {template}}}}}\n",
        today()
    );
    let summary_path = src.join("SUMMARY.md");
    let summary = std::fs::read_to_string(&summary_path)
        .with_context(|| format!("cannot read {}", summary_path.display()))?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    std::fs::write(&path, chapter).with_context(|| format!("cannot write {}", path.display()))?;
    std::fs::write(
        &summary_path,
        add_to_summary(&summary, folder, title, &format!("{folder}/{file}")),
    )
    .with_context(|| format!("cannot write {}", summary_path.display()))?;
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
                "02-b.md)\r\n  - [New x](deep-dives/03-new.md)\r\n"
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
