//! Real books nobody on the team wrote, kept under `tests/books/real/` with
//! their provenance and licence (`PROVENANCE.md` beside each): a Hugo blog,
//! a collection of MADR decision records and Rust by Example. Each is built
//! with mdBook 0.5 and 0.4, by the four members and by the one entry, set up
//! as a team would set it up (every member's `install`), with the markdown
//! renderer beside the HTML one so that chapters can be compared with their
//! sources byte for byte.

use crate::support::*;
use std::path::{Path, PathBuf};

const BLOG: &str = "kaeruct-blog";
const DECISIONS: &str = "tams-decisions";
const RUST_BY_EXAMPLE: &str = "rust-by-example";

/// The two ways a book runs the suite.
#[derive(Clone, Copy, Debug)]
enum Suite {
    FourMembers,
    OneEntry,
}

fn source_root(name: &str) -> PathBuf {
    repo_root().join("tests/books/real").join(name)
}

/// A copy of the real book `name` with every member installed (stylesheet,
/// script), run as `suite`, and rendered as markdown beside the HTML.
fn prepared(name: &str, suite: Suite) -> BookTest {
    let book = BookTest::from_dir(&format!("books/real/{name}"));
    let root = book.root().to_str().expect("the temp path is UTF-8");
    for member in MEMBERS {
        let output = run_member(member, &["install", "--book", root], b"");
        assert!(
            output.status.success(),
            "{member} install: {}",
            stderr(&output)
        );
    }
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    let toml = match suite {
        Suite::FourMembers => toml,
        Suite::OneEntry => all_in_one_toml(&toml),
    };
    book.write("book.toml", &with_markdown_output(&toml));
    book
}

/// `book.toml` with `[output.markdown]` added; `install` has already written
/// `[output.html]`, so the HTML renderer stays.
fn with_markdown_output(toml: &str) -> String {
    let mut document: toml_edit::DocumentMut = toml.parse().expect("book.toml parses");
    assert!(
        document["output"].get("html").is_some(),
        "install wrote [output.html]:\n{toml}"
    );
    document["output"]["markdown"] = toml_edit::table();
    document.to_string()
}

/// A chapter of a real book as its authors wrote it.
struct Chapter {
    /// Under `src/`.
    path: String,
    text: String,
}

impl Chapter {
    /// The chapter's file in the markdown renderer's output (mdBook names a
    /// `README.md` chapter `index.md`).
    fn markdown_output(&self) -> String {
        let renamed = match self.path.strip_suffix("README.md") {
            Some(folder) => format!("{folder}index.md"),
            None => self.path.clone(),
        };
        format!("markdown/{renamed}")
    }

    fn front_matter(&self) -> Option<&str> {
        front_matter(&self.text)
    }

    fn body(&self) -> &str {
        &self.text[self.front_matter().map_or(0, str::len)..]
    }

    fn has_status(&self) -> bool {
        self.front_matter()
            .is_some_and(|block| block.lines().any(|line| line.starts_with("status:")))
    }
}

/// The front matter block at the start of `text`, `---` (YAML) or `+++`
/// (TOML), through its closing line.
fn front_matter(text: &str) -> Option<&str> {
    let mut lines = text.split_inclusive('\n');
    let fence = lines.next()?.trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    let mut end = fence.len() + 1;
    for line in lines {
        end += line.len();
        if line.trim_end() == fence {
            return Some(&text[..end]);
        }
    }
    None
}

/// Every chapter of the real book `name` (every `.md` under `src/` but `SUMMARY.md`).
fn chapters(name: &str) -> Vec<Chapter> {
    let src = source_root(name).join("src");
    let mut chapters = Vec::new();
    walk(&src, &mut |path: &Path| {
        let relative = path.strip_prefix(&src).unwrap().display().to_string();
        if Path::new(&relative).extension() == Some("md".as_ref()) && relative != "SUMMARY.md" {
            let text = std::fs::read_to_string(path).unwrap();
            chapters.push(Chapter {
                path: relative,
                text,
            });
        }
    });
    chapters.sort_by(|a, b| a.path.cmp(&b.path));
    chapters
}

/// The text a reader compares: quotes, as the renderers and the search
/// index escape them, left out.
fn without_quotes(text: &str) -> String {
    text.replace("&quot;", "")
        .replace("&#39;", "")
        .replace("\\\"", "")
        .replace(['"', '\'', '’', '“', '”'], "")
}

/// The `key: value` lines of every chapter's front matter that appear in no
/// chapter's text after its front matter, so finding one in an output means
/// front matter leaked.
fn front_matter_lines(chapters: &[Chapter]) -> Vec<String> {
    let bodies: Vec<String> = chapters.iter().map(|c| without_quotes(c.body())).collect();
    let mut lines: Vec<String> = chapters
        .iter()
        .filter_map(Chapter::front_matter)
        .flat_map(str::lines)
        .filter(|line| {
            line.split_once(':')
                .is_some_and(|(_, v)| !v.trim().is_empty())
        })
        .map(|line| without_quotes(line.trim()))
        .filter(|line| line.len() >= 8 && !bodies.iter().any(|body| body.contains(line)))
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

/// Builds the real book `name` with `version` as `suite` and checks what
/// holds for every real book: the build succeeds; no front matter text is in
/// any output; every chapter without front matter and without `{{#` comes
/// out of the markdown renderer as its source, and every chapter whose front
/// matter has no `status` (and whose text has no `{{#`) as its source after
/// the front matter. Returns the built book and the build's stderr.
fn build_faithfully(name: &str, version: &str, suite: Suite) -> (BookTest, String) {
    let book = prepared(name, suite);
    let stderr = book.build_ok(version);
    let chapters = chapters(name);
    let label = format!("{name}, mdBook {version}, {suite:?}");

    let leaks = front_matter_lines(&chapters);
    assert_eq!(
        leaks.is_empty(),
        chapters.iter().all(|c| c.front_matter().is_none()),
        "{label}: front matter lines to look for: {leaks:?}"
    );
    let outputs = book.all_output();
    assert!(
        outputs.len() > chapters.len(),
        "{label}: {} outputs",
        outputs.len()
    );
    for (path, text) in &outputs {
        let text = without_quotes(text);
        for line in &leaks {
            assert!(
                !text.contains(line.as_str()),
                "{label}: front matter `{line}` in {}",
                path.display()
            );
        }
    }

    let mut compared = 0;
    for chapter in chapters.iter().filter(|c| !c.text.contains("{{#")) {
        let expected = match chapter.front_matter() {
            None => chapter.text.as_str(),
            Some(_) if !chapter.has_status() => chapter.body(),
            Some(_) => continue,
        };
        let found = book.output(&chapter.markdown_output());
        assert!(
            found == expected,
            "{label}: {} changed:\n--- expected\n{expected}\n--- found\n{found}",
            chapter.path
        );
        compared += 1;
    }
    assert!(compared > 0, "{label}: no chapter compared");
    (book, stderr)
}

/// Every way of building a real book: each mdBook, each way of running the suite.
fn builds() -> [(&'static str, Suite); 4] {
    [
        (MDBOOK_05, Suite::FourMembers),
        (MDBOOK_05, Suite::OneEntry),
        (MDBOOK_04, Suite::FourMembers),
        (MDBOOK_04, Suite::OneEntry),
    ]
}

/// The suite's own diagnostics (`warning:`/`error:` lines) in a build's stderr.
fn suite_diagnostics(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| line.starts_with("warning: ") || line.starts_with("error: "))
        .collect()
}

#[test]
fn rust_by_example_builds_with_every_chapter_as_written() {
    let chapters = chapters(RUST_BY_EXAMPLE);
    assert!(chapters.len() > 190, "{} chapters", chapters.len());
    assert!(
        chapters
            .iter()
            .all(|c| c.front_matter().is_none() && !c.text.contains("{{#"))
    );
    for (version, suite) in builds() {
        let (_, stderr) = build_faithfully(RUST_BY_EXAMPLE, version, suite);
        assert_eq!(
            suite_diagnostics(&stderr),
            Vec::<&str>::new(),
            "mdBook {version}, {suite:?}: a book the suite has nothing to do in is not warned about"
        );
    }
}

/// The posts of the blog, in `SUMMARY.md` order (newest first): `(path, title, day)`.
fn blog_posts() -> Vec<(String, String, String)> {
    let summary = std::fs::read_to_string(source_root(BLOG).join("src/SUMMARY.md")).unwrap();
    summary
        .lines()
        .filter_map(|line| line.strip_prefix("- ["))
        .filter_map(|line| line.split_once("]("))
        .filter_map(|(title, rest)| Some((title, rest.strip_suffix(')')?)))
        .filter(|(_, path)| path.starts_with("posts/"))
        .map(|(title, path)| {
            let day = path
                .split('/')
                .skip(1)
                .take(3)
                .collect::<Vec<_>>()
                .join("-");
            (path.to_owned(), title.to_owned(), day)
        })
        .collect()
}

#[test]
fn the_hugo_blog_builds_with_its_posts_as_written_and_its_gists_warned_about() {
    assert_eq!(blog_posts().len(), 23);
    let gists = [
        "src/posts/2024/08/31/starfield-visualization-js.md:30:1",
        "src/posts/2024/08/18/migrating-from-dokuwiki-to-obsidian.md:40:1",
        "src/posts/2014/05/23/how-to-use-the-youtube-js-api-to-play-music-in-the-background.md:33:1",
        "src/posts/2013/09/08/go-learn.md:26:1",
    ];
    for (version, suite) in builds() {
        let (book, stderr) = build_faithfully(BLOG, version, suite);
        let label = format!("mdBook {version}, {suite:?}");
        // Hugo's built-in `gist` shortcode is neither built into the suite
        // nor mapped, so it stays in the page, with a warning for each (once
        // per renderer); nothing else is warned about.
        let diagnostics = suite_diagnostics(&stderr);
        assert_eq!(diagnostics.len(), 2 * gists.len(), "{label}:\n{stderr}");
        // The hint names the table the template member's options are in.
        let table = match suite {
            Suite::OneEntry => "deepdive.template",
            Suite::FourMembers => "deepdive-template",
        };
        for gist in gists {
            let warning = format!(
                "warning: {gist}: Hugo shortcode `gist` is left as is (map it to a template: [preprocessor.{table}.shortcodes] gist = \"TEMPLATE\")"
            );
            assert_eq!(
                diagnostics.iter().filter(|d| **d == warning).count(),
                2,
                "{label}: {warning}\n{stderr}"
            );
        }
        // No post has a status; every one is a document of `posts`.
        let html = book.output("html/index.html");
        assert_eq!(html.matches("<tr>").count(), 24, "{label}:\n{html}");
        assert!(!html.contains("No investigations match."), "{label}");
    }
}

#[test]
fn the_hugo_blog_front_page_lists_every_post_with_its_day() {
    let posts = blog_posts();
    for (version, suite) in builds() {
        let (book, _) = build_faithfully(BLOG, version, suite);
        let front = book.output("markdown/index.md");
        let label = format!("mdBook {version}, {suite:?}");
        // `folder=posts columns="date,topic,tags"`: a row per post, in the
        // SUMMARY's order (newest first), with its day (`2024-08-31`, not
        // the Hugo timestamp `2024-08-31T20:18:07+02:00`), its front matter
        // title linked and its tags; About and Gallery are pages, not posts.
        assert!(front.contains("|Date|Topic|Tags|"), "{label}:\n{front}");
        assert!(!front.contains("T20:18:07"), "{label}:\n{front}");
        let rows: Vec<&str> = front.lines().filter(|l| l.contains("](./posts/")).collect();
        assert_eq!(rows.len(), posts.len(), "{label}:\n{front}");
        for (row, (path, title, day)) in rows.iter().zip(&posts) {
            assert!(row.starts_with(&format!("|{day}")), "{label}: {row}");
            assert!(
                row.contains(&format!("|[{title}](./{path})|")),
                "{label}: {row}"
            );
        }
        let euler = rows.iter().find(|r| r.contains("project-euler")).unwrap();
        assert!(
            euler.ends_with("|programming-projects, math|"),
            "{label}: {euler}"
        );
        assert!(!front.contains("](./about.md)") && !front.contains("](./gallery.md)"));
        assert!(
            !front.contains("No investigations match."),
            "{label}:\n{front}"
        );
    }
}

#[test]
fn the_hugo_blog_sorts_its_documents_by_the_day_written() {
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = prepared(BLOG, Suite::FourMembers);
        // The oldest posts, and the newest documents of the whole book: a
        // bare index lists every page with front matter, About and Gallery
        // too, but not the front page holding it.
        book.append(
            "src/index.md",
            "\n## Oldest posts\n\n{{#investigation-index folder=posts sort=date limit=3 columns=\"date,topic\"}}\n\
             \n## Newest pages\n\n{{#investigation-index sort=-date limit=5 columns=\"date,topic\"}}\n\
             \nPages: {{#investigation-count}}; posts: {{#investigation-count folder=posts}}.\n",
        );
        book.build_ok(version);
        let front = book.output("markdown/index.md");
        let added = &front[front.find("## Oldest posts").expect("the added part")..];
        assert_snapshot("blog-by-date", added);
    }
}

/// Each decision record in book order: `(file name, number, SUMMARY name, status label)`,
/// the label being what a reader of the record's `status` expects: MADR's
/// `superseded by ADR-NNNN` is Superseded.
fn decision_records() -> Vec<(String, String, String, String)> {
    let summary = std::fs::read_to_string(source_root(DECISIONS).join("src/SUMMARY.md")).unwrap();
    summary
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("- ["))
        .filter_map(|line| line.split_once("](adr/0"))
        .map(|(name, rest)| {
            let file = format!("0{}", rest.trim_end_matches(')'));
            let text = std::fs::read_to_string(source_root(DECISIONS).join("src/adr").join(&file))
                .unwrap();
            let status = text
                .lines()
                .find_map(|line| line.strip_prefix("status:"))
                .expect("every record has a status")
                .trim()
                .trim_matches('"')
                .trim()
                .to_lowercase();
            let status = if status.starts_with("superseded by ") {
                "superseded".to_owned()
            } else {
                status
            };
            let label = format!("{}{}", status[..1].to_uppercase(), &status[1..]);
            let number = file.split('-').next().unwrap().to_owned();
            // mdBook's SUMMARY names are plain text: `code` loses its backticks.
            (file, number, name.replace('`', ""), label)
        })
        .collect()
}

#[test]
fn the_decision_index_lists_each_record_with_its_status() {
    let records = decision_records();
    assert_eq!(records.len(), 56);
    let count = |label: &str| records.iter().filter(|r| r.3 == label).count();
    assert_eq!(
        [
            count("Accepted"),
            count("Rejected"),
            count("Superseded"),
            count("Deprecated"),
            count("Proposed")
        ],
        [48, 4, 2, 1, 1]
    );
    for (version, suite) in builds() {
        let (book, stderr) = build_faithfully(DECISIONS, version, suite);
        let label = format!("mdBook {version}, {suite:?}");
        // MADR keeps a record's title as its `#` heading, not in front
        // matter: the index shows the SUMMARY name (the sidebar's), without
        // a warning, and MADR's `superseded by ADR-NNNN` is Superseded
        // without an alias: nothing is warned about.
        assert_eq!(
            suite_diagnostics(&stderr),
            Vec::<&str>::new(),
            "{label}:\n{stderr}"
        );

        let index = book.output("markdown/index.md");
        let rows: Vec<&str> = index.lines().filter(|l| l.contains("](./adr/")).collect();
        assert_eq!(rows.len(), records.len(), "{label}:\n{index}");
        for (row, (file, number, name, status)) in rows.iter().zip(&records) {
            assert!(
                row.contains(&format!("|[{name}](./adr/{file})||")),
                "{label}: {row}"
            );
            assert!(
                row.ends_with(&format!(" {status}|")),
                "{label}: {row} is not {status}"
            );
            assert!(row.starts_with(&format!("|{number}|")), "{label}: {row}");
        }
        // The collection's README (how to write a record; no front matter)
        // is not a record: this must still hold once issue 19 lists
        // documents without a status.
        assert!(
            !index.contains("](./adr/README.md)") && !index.contains("](./adr/index.md)"),
            "{label}: the folder's README is not a record"
        );

        let html = book.output("html/index.html");
        assert_eq!(html.matches("<tr>").count(), records.len() + 1, "{label}");
        assert_eq!(
            html.matches("class=\"deepdive-badge deepdive-status-superseded\"")
                .count(),
            2,
            "{label}"
        );
        // Each record shows its own badge line, and a superseded one links
        // the record its status names (a link, or a number).
        let superseded = book.output("markdown/adr/0002-add-sources-to-api.md");
        assert!(
            superseded.contains("\n\n↪️ Superseded · Superseded by: [Restrict direct Source modification](./0018-restrict-direct-source-modification.md)\n"),
            "{label}:\n{superseded}"
        );
        let by_number = book.output("markdown/adr/0021-storage-label-format.md");
        assert!(
            by_number.contains("↪️ Superseded · Superseded by: [Specifying storage backend when requesting storage allocation]("),
            "{label}:\n{by_number}"
        );
        // `0004a`, a record inserted between 0004 and 0005, keeps its number.
        assert!(
            index.contains(
                "|0004a|[Flow and Source References](./adr/0004a-ancestry-relationships.md)|"
            ),
            "{label}:\n{index}"
        );
    }
}
