//! Issue 17, classes 1–4: a hostile contributor's metadata, `book.toml`
//! options and directive arguments, built by the real mdBook 0.5.4 and
//! 0.4.52 (`tests/books/hostile-pages/`, and small books for the attacks
//! that must stop a build).
//!
//! Every attack carries a marker (`pwnID` in an id or a link text, and a
//! number of its own in `alert(N)`), so what it turned into can be found:
//!
//! - **text**: every page named in `shown on` shows the payload as written
//!   (the page's visible text, U+2060 WORD JOINERs removed, whitespace runs
//!   as one space), with both `title-from-front-matter` settings;
//! - **nothing live**: no element, event handler or dangerous URL holding the
//!   marker in any page, the print page or the sidebar (`toc.html`, `toc.js`),
//!   no search-index breadcrumb or title holding it next to markup (mdBook's
//!   `searcher.js` inserts those as HTML), nothing live holding it in the
//!   `markdown` renderer's output;
//! - **error** (URL attacks): the build fails with
//!   `error: src/FILE.md:LINE:COL: …` naming the key, and writes no page.
//!
//! | id | class | injected in | outcome |
//! | --- | --- | --- | --- |
//! | T01–T11 | 1, 2, 4 | front matter `title` (chapter name, `## Title: {{ page.title }}`, `## Meta: {{#meta title}}`, index Topic, `{{#ref}}` labels, relation links, review summary, `{{#investigation-graph}}` labels and list) | text; in the graph's mermaid source only inert labels, one statement per line (`tests/browser/graph.test.mjs` draws it) |
//! | S01–S04, F01–F05 | 1, 2, 4 | `summary`, `description`, `focus` (index Key Focus, `{{#meta focus}}`) | text |
//! | G01–G04 | 1, 2, 4 | `tags` (badge chips, index column, `{{#tag-index}}`) | text |
//! | C01, V01–V02, O01–O04, N01, A01, NA01 | 1, 2, 4 | `categories`, `difficulty`, `owner`, `number`, `authors`, `review-na` | text (or nothing live where only an attribute holds it) |
//! | X02, X03 | 1, 2 | `{{ page.fence }}` in a fenced block, `{{ page.code }}` in inline code | text |
//! | U20–U28 | 3 | allowed-scheme values that break out of a link destination or a quoted attribute, entity-encoded `javascript:` | nothing live |
//! | B01–B15 | 1, 2, 4 | `[book] description`, `group-titles`, status `label`/`description`/`emoji`/language labels/`aliases`, review category `title`, question `text`/`answered-by` | text |
//! | E01, E02, P01–P03 | 1, 2 | `titles=`, `empty=` of `{{#investigation-index}}`, `{{#template}}` and shortcode parameters, `title=` of `{{#review-checklist}}` | text |
//! | K01 | 4 | `{{#review-checklist}}` in titles, focus, tags, status labels copied into index rows | no checklist on the index page |
//! | E03 | 4 | `empty="{{#status done}"` | text, build succeeds |
//! | W01, W02 | 1, 2 | the title given to `new` | text |
//! | L01, L02 | 1 | a directive argument that the error message quotes: a line break forging another diagnostic, a terminal escape sequence | one line per diagnostic, control characters escaped |
//! | U01–U18 | 3 | `javascript:`, `data:`, `vbscript:` (case, space, tab, newline, control character) in `[home]({{ … }})`, `<iframe src>`, `<img src>`, `<a href>`, `[x]({{#meta …}})`, template and shortcode parameters, TOML front matter | error naming the key |
//! | X01 | 2 | `{{ page.code }}` in inline code, the value holding a backtick (which would end the span) | error naming the key |
//! | D01–D03, DL01, DP01, R01 | 1, 2 | markup, a table row, a forged line in `date`, `lastmod`, `publishDate`, `review-by` (YAML and TOML): a date key holds a date | error naming the key |

use crate::support::html::{self, Document};
use crate::support::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

// The scanner the assertions rely on: escaped markup is text, real markup
// is found, and URLs are judged as a browser would.
#[test]
fn escaped_markup_is_text_and_real_markup_is_a_tag() {
    let document = html::parse(
        "<p>&lt;img src=x onerror=alert(1)&gt; a < b</p><img src=x onerror='alert(2)'>\
         <!-- <img onerror=alert(3)> --><script>if (a<b) alert(4)</script>",
    );
    assert_eq!(
        html::visible(&document.text),
        "<img src=x onerror=alert(1)> a < b"
    );
    let live = html::live_parts(&document);
    assert_eq!(live.len(), 3, "{live:?}");
    assert!(live[0].contains("alert(2)") && live[2].contains("alert(4)"));
}

#[test]
fn urls_are_dangerous_through_obfuscation() {
    for url in [
        "JaVaScRiPt:x",
        " javascript:x",
        "java\tscript:x",
        "\u{1}data:x",
    ] {
        assert!(html::dangerous_url(url), "{url:?}");
    }
    for url in ["https://x", "#a", "x.html", "mailto:a@b"] {
        assert!(!html::dangerous_url(url), "{url:?}");
    }
    let document = html::parse("<a href=\"&#106;avascript&colon;alert(1)\">x</a>");
    assert_eq!(html::live_parts(&document).len(), 1);
}

#[test]
fn search_markup_and_markdown_links() {
    assert!(html::holds_markup("T <img src=x>") && html::holds_markup("</x"));
    assert!(!html::holds_markup("a < b, a <= b, <\u{2060}img"));
    assert_eq!(
        html::live_markdown("[x](javascript:alert(1)) <b>ok</b>").len(),
        1
    );
    assert_eq!(html::live_markdown("`[x](javascript:alert(1))`").len(), 0);
}

const BOOK: &str = "hostile-pages";

/// An attack of the main book: where it is injected, and the pages that
/// must show its payload as text (none: only "nothing live" is asserted).
struct Attack {
    id: &'static str,
    class: &'static str,
    injected: &'static str,
    shown_on: &'static [&'static str],
    payload: &'static str,
}

const fn attack(
    id: &'static str,
    class: &'static str,
    injected: &'static str,
    shown_on: &'static [&'static str],
    payload: &'static str,
) -> Attack {
    Attack {
        id,
        class,
        injected,
        shown_on,
        payload,
    }
}

const INDEX: &str = "index.html";

#[rustfmt::skip]
const ATTACKS: &[Attack] = &[
    attack("T01", "1", "t01 title", &["t01.html", INDEX, "directives.html"], "T01 <img src=x id=pwnT01 onerror=alert(101)>"),
    attack("T02", "1", "t02 title", &["t02.html", INDEX, "directives.html"], "T02 <script>alert(102)</script>"),
    attack("T03", "1", "t03 title", &["t03.html", INDEX, "directives.html", "t02.html"], "T03 \"><svg id=pwnT03 onload=alert(103)>"),
    attack("T04", "2", "t04 title", &["t04.html", INDEX, "directives.html"], "T04 [pwnT04](javascript:alert(104))"),
    attack("T05", "2", "t05 title", &["t05.html", INDEX, "directives.html", "t04.html"], "T05 <javascript:alert(105)>"),
    attack("T06", "2", "t06 title", &["t06.html", INDEX, "directives.html"], "T06 &lt;img src=x id=pwnT06 onerror=alert(106)&gt;"),
    attack("T07", "2", "t07 title", &["t07.html", INDEX, "directives.html"], "T07 &#60;img src=x id=pwnT07 onerror=alert(107)&#62;"),
    attack("T08", "2", "t08 title", &["t08.html", INDEX, "directives.html"], "T08 \\<img src=x id=pwnT08 onerror=alert(108)>"),
    attack("T09", "4", "t09 title", &["t09.html", INDEX, "directives.html"], "T09 {{#review-checklist}}"),
    attack("T10", "2", "t10 title", &["t10.html", INDEX, "directives.html"], "T10 | x | y `code` <img src=x id=pwnT10 onerror=alert(110)>"),
    attack("T11", "4", "t11 title", &["t11.html", INDEX, "directives.html"], "T11 {{#status done}} {{#meta owner}} {{ page.owner }}"),
    attack("S01", "1", "t01 summary", &[INDEX], "S01 <img src=x id=pwnS01 onerror=alert(201)>"),
    attack("S02", "2", "t03 description", &[INDEX], "S02 [pwnS02](javascript:alert(202))"),
    attack("S03", "2", "t04 summary", &[INDEX], "S03 <javascript:alert(203)>"),
    attack("S04", "4", "t07 summary", &[INDEX], "S04 {{#template hostile}}"),
    attack("F01", "1", "t02 focus", &[INDEX], "F01 <script>alert(211)</script>"),
    attack("F02", "4", "t05 focus", &[INDEX], "F02 {{#investigation-index}}"),
    attack("F03", "2", "t06 focus", &[INDEX], "F03 &lt;script&gt;alert(212)&lt;/script&gt;"),
    attack("F04", "4", "t09 focus", &[INDEX, "t09.html"], "F04 {{#review-checklist}}"),
    attack("F05", "2", "t10 focus (newline, table row)", &[INDEX], "F05 line\n| injected | row |\n<img src=x id=pwnF05 onerror=alert(213)>"),
    attack("G01", "1", "t01 tags", &["t01.html", INDEX], "G01 <img src=x id=pwnG01 onerror=alert(301)>"),
    attack("G02", "2", "t01 tags", &["t01.html", INDEX], "G02 [pwnG02](javascript:alert(302))"),
    attack("G03", "4", "t04 tags", &["t04.html", INDEX], "G03 {{#status done}}"),
    attack("G04", "4", "t09 tags", &["t09.html", INDEX], "G04 {{#review-checklist}}"),
    attack("C01", "1", "t02 categories ({{ page.categories }})", &["t02.html"], "C01 <img src=x id=pwnC01 onerror=alert(311)>"),
    attack("V01", "1", "t02 difficulty", &["t02.html", INDEX], "V01 \"><svg id=pwnV01 onload=alert(411)>"),
    attack("V02", "2", "t07 difficulty", &["t07.html", INDEX], "V02 &#x3C;img src=x id=pwnV02 onerror=alert(412)&#x3E;"),
    attack("O01", "2", "t03 owner", &["t03.html"], "O01 [pwnO01](javascript:alert(421))"),
    attack("O02", "4", "t05 owner", &["t05.html"], "O02 {{#include /etc/passwd}}"),
    attack("O03", "2", "t08 owner", &["t08.html"], "O03 \\[pwnO03](javascript:alert(422))"),
    attack("O04", "1", "t11 owner ({{#meta owner}}, badge line)", &["t11.html"], "O04 <img src=x id=pwnO04 onerror=alert(423)>"),
    attack("N01", "1", "t06 number (index #)", &[INDEX], "N01 <img src=x id=pwnN01 onerror=alert(441)>"),
    attack("A01", "2", "t08 authors ({{ page.authors }})", &["t08.html"], "A01 \\<img src=x id=pwnA01 onerror=alert(451)>"),
    attack("NA01", "1", "t09 review-na reason", &["t09.html"], "NA01 <img src=x id=pwnNA01 onerror=alert(461)>"),
    attack("X03", "1", "t01 code (inline code: mdBook's search reads code in headings too)", &["t01.html"], "X03 <img src=x id=pwnX03 onerror=alert(703)> in code"),
    attack("X02", "2", "t01 fence (fenced block, ``` line)", &["t01.html"], "X02\n```\n<img src=x id=pwnX02 onerror=alert(702)>\n```"),
    attack("U20", "3", "t01 homepage: https URL with `)` ending the link", &[], "https://example.com/) [pwnU20](javascript:alert(520)"),
    attack("U21", "3", "t01 frame: https URL with a quote", &[], "https://example.com/\" onload=\"alert(521)"),
    attack("U22", "3", "t01 picture: https URL with a quote", &[], "https://example.com/x.png\" onerror=\"alert(522)"),
    attack("U23", "3", "t01 link: &#106;avascript: in <a href>", &[], "&#106;avascript:alert(523)"),
    attack("U24", "3", "t03 homepage: javascript&colon; in a markdown link", &[], "javascript&colon;alert(524)"),
    attack("U27", "3", "t02 link: #anchor with a quote in <a href>", &[], "#x\" onmouseover=\"alert(527)"),
    attack("U28", "3", "t02 homepage: #anchor with \"><img in a markdown link", &[], "#top\"><img src=x id=pwnU28 onerror=alert(528)>"),
    attack("B01", "1", "[book] description ({{ book.description }})", &["t01.html"], "B01 <img src=x id=pwnB01 onerror=alert(901)>"),
    attack("B02", "1", "group-titles.done", &[INDEX], "B02 <img src=x id=pwnB02 onerror=alert(902)>"),
    attack("B03", "2", "group-titles.review", &[INDEX], "B03 [l](javascript:alert(903))"),
    attack("B04", "2", "statuses.done.label", &["t01.html", INDEX], "B04 Done [l](javascript:alert(904))"),
    attack("B05", "1", "statuses.done.description (tooltip)", &[], "B05 \"><svg id=pwnB05 onload=alert(905)>"),
    attack("B06", "1", "statuses.done.emoji", &["t01.html", INDEX], "<img src=x id=pwnB06 onerror=alert(906)>"),
    attack("B07", "1", "statuses.review.label.en", &["t02.html", INDEX], "B07 <script>alert(907)</script>"),
    attack("B08", "4", "statuses.pwnstate.label", &["t04.html", INDEX, "directives.html"], "B08 {{#review-checklist}} <javascript:alert(908)>"),
    attack("B09", "2", "statuses.pwnstate.description (entities)", &[], "B09 &lt;img src=x id=pwnB09 onerror=alert(909)&gt;"),
    attack("B10", "1", "aliases key, named by {{#status \"…\"}}", &[], "B10 <img src=x id=pwnB10 onerror=alert(910)>"),
    attack("B11", "1", "categories.security.title", &["t01.html", "directives.html"], "B11 <img src=x id=pwnB11 onerror=alert(911)>"),
    attack("B12", "4", "categories.security question text", &["t01.html", "directives.html"], "B12 [q](javascript:alert(912)) {{#investigation-index}}"),
    attack("B13", "1", "categories.security answered-by", &[], "B13 <img src=x id=pwnB13 onerror=alert(913)>"),
    attack("B14", "4", "categories.pwn.title (table row, directive)", &["t01.html"], "B14 | broken | row {{#status done}}"),
    attack("B15", "2", "categories.pwn question text (&#60;)", &["t01.html"], "B15 &#60;img src=x id=pwnB15 onerror=alert(915)&#62;"),
    attack("E01", "1", "{{#investigation-index titles=}}", &[INDEX], "E01 <img src=x id=pwnE01 onerror=alert(601)>"),
    attack("E02", "2", "{{#investigation-index empty=}}", &[INDEX], "E02 <img src=x id=pwnE02 onerror=alert(602)> [pwnE02](javascript:alert(602))"),
    attack("P01", "1", "{{#template hostile text=}}", &["directives.html"], "P01 <img src=x id=pwnP01 onerror=alert(801)>"),
    attack("P02", "2", "shortcode hostilecode text=", &["directives.html"], "P02 [pwnP02](javascript:alert(802))"),
    attack("P03", "1", "{{#review-checklist title=}}", &["directives.html"], "P03 <img src=x id=pwnP03 onerror=alert(803)>"),
];

/// The markers of a payload: its `pwnID`s and `alert(N)`s (none for a bare
/// directive, which can only fail to show as text).
fn markers(payload: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (start, _) in payload.match_indices("pwn") {
        let end = payload[start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(payload.len(), |e| start + e);
        found.push(payload[start..end].to_owned());
    }
    for (start, _) in payload.match_indices("alert(") {
        let end = payload[start..]
            .find(')')
            .map_or(payload.len(), |e| start + e + 1);
        found.push(payload[start..end].to_owned());
    }
    found.extend(
        payload
            .match_indices("msgbox(")
            .map(|_| "msgbox(".to_owned()),
    );
    found
}

/// A rendered book, parsed once for every attack's checks.
struct Rendered {
    label: String,
    /// Pages, the print page and the sidebar, by file name.
    pages: BTreeMap<String, Document>,
    search: Vec<String>,
    /// Markdown output: file name and what could run in it.
    markdown: Vec<(String, Vec<String>)>,
}

impl Rendered {
    /// The pages under `html_dir` and, if given, the markdown under `markdown_dir`.
    fn of(html_dir: &Path, markdown_dir: Option<&Path>, label: String) -> Self {
        let mut pages = BTreeMap::new();
        walk(html_dir, &mut |path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let extension = Path::new(&name).extension();
            if extension == Some("html".as_ref())
                || (name.starts_with("toc") && extension == Some("js".as_ref()))
            {
                let text = std::fs::read_to_string(path).unwrap();
                pages.insert(name, html::parse(&text));
            }
        });
        let mut markdown = Vec::new();
        if let Some(dir) = markdown_dir {
            walk(dir, &mut |path| {
                if path.extension().is_some_and(|e| e == "md") {
                    let text = std::fs::read_to_string(path).unwrap();
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    markdown.push((name, html::live_markdown(&text)));
                }
            });
            assert!(markdown.len() >= 12, "markdown pages: {}", markdown.len());
        }
        Rendered {
            label,
            search: html::search_entries(html_dir),
            pages,
            markdown,
        }
    }

    /// What is wrong with `attack` in this build, one line each.
    fn failures(&self, attack: &Attack) -> Vec<String> {
        let mut failures = Vec::new();
        let wanted = html::visible(attack.payload);
        for page in attack.shown_on {
            match self.pages.get(*page) {
                Some(document) if html::visible(&document.text).contains(&wanted) => {}
                Some(_) => failures.push(format!("{page} does not show it as text")),
                None => failures.push(format!("{page} was not rendered")),
            }
        }
        let markers = markers(attack.payload);
        let holds = |text: &str| markers.iter().any(|m| text.contains(m.as_str()));
        for (name, document) in &self.pages {
            for live in html::live_parts(document) {
                if holds(&live) {
                    failures.push(format!("live in {name}: {live}"));
                }
            }
        }
        for entry in &self.search {
            if holds(entry) && html::holds_markup(entry) {
                failures.push(format!("search result markup: {entry:?}"));
            }
        }
        for (name, live) in &self.markdown {
            for live in live.iter().filter(|l| holds(l)) {
                failures.push(format!("live in markdown {name}: {live}"));
            }
        }
        failures
    }
}

/// The hostile book built by mdBook `version`, with the suite's assets
/// installed as a team would, and `title-from-front-matter` set.
fn built(version: &str, title_from_front_matter: bool) -> (BookTest, Rendered) {
    let book = BookTest::from_dir(&format!("books/{BOOK}"));
    if !title_from_front_matter {
        let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
        book.write(
            "book.toml",
            &toml.replace(
                "[preprocessor.deepdive-status]\n",
                "[preprocessor.deepdive-status]\ntitle-from-front-matter = false\n",
            ),
        );
    }
    for member in ["deepdive-status", "deepdive-review"] {
        let output = std::process::Command::new(member_bin(member))
            .args(["install", "--book"])
            .arg(book.root())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    book.build_ok(version);
    let label = format!("mdBook {version}, title-from-front-matter = {title_from_front_matter}");
    let output = book.root().join("book");
    let rendered = Rendered::of(&output.join("html"), Some(&output.join("markdown")), label);
    (book, rendered)
}

/// Every build of the hostile book, built once for all the tests of this file.
fn builds() -> &'static [Rendered] {
    static BUILDS: std::sync::OnceLock<Vec<Rendered>> = std::sync::OnceLock::new();
    BUILDS.get_or_init(|| {
        [
            (MDBOOK_05, true),
            (MDBOOK_05, false),
            (MDBOOK_04, true),
            (MDBOOK_04, false),
        ]
        .into_iter()
        .map(|(version, titles)| built(version, titles).1)
        .collect()
    })
}

/// Fails with every failing attack and what each did, so one run lists them all.
fn assert_no_failures(report: &BTreeMap<String, Vec<String>>, tried: usize) {
    if report.is_empty() {
        return;
    }
    let mut message = format!(
        "{} of {tried} attacks failed: {}\n",
        report.len(),
        report.keys().cloned().collect::<Vec<_>>().join(" ")
    );
    for (id, failures) in report {
        let _ = write!(message, "\n{id}:\n");
        for failure in failures.iter().take(6) {
            let _ = writeln!(message, "  {failure}");
        }
        if failures.len() > 6 {
            let _ = writeln!(message, "  … and {} more", failures.len() - 6);
        }
    }
    panic!("{message}");
}

#[test]
fn hostile_values_are_text_and_nothing_of_them_is_live() {
    let mut report: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for rendered in builds() {
        for attack in ATTACKS {
            let failures = rendered.failures(attack);
            if !failures.is_empty() {
                let entry = report
                    .entry(format!(
                        "{} (class {}, {})",
                        attack.id, attack.class, attack.injected
                    ))
                    .or_default();
                entry.extend(
                    failures
                        .into_iter()
                        .map(|f| format!("{}: {f}", rendered.label)),
                );
            }
        }
    }
    assert_no_failures(&report, ATTACKS.len());
}

#[test]
fn no_page_search_result_or_markdown_holds_anything_live_from_the_book() {
    // Whatever its marker: mdBook's own pages hold no `alert(` and no `pwn`.
    let mut report: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for rendered in builds() {
        let mut failures = Vec::new();
        for (name, document) in &rendered.pages {
            for live in html::live_parts(document) {
                if live.contains("alert(") || live.contains("pwn") || live.contains("(URL)") {
                    failures.push(format!("{name}: {live}"));
                }
            }
        }
        for entry in rendered.search.iter().filter(|e| html::holds_markup(e)) {
            failures.push(format!("search: {entry:?}"));
        }
        // The template's own tags (`<iframe src="blank.html">`) are markup
        // the book wrote; only those holding a payload's marker are live.
        for (name, live) in &rendered.markdown {
            failures.extend(
                live.iter()
                    .filter(|l| l.contains("alert(") || l.contains("pwn") || l.contains("(URL)"))
                    .map(|l| format!("markdown {name}: {l}")),
            );
        }
        if !failures.is_empty() {
            report.insert(rendered.label.clone(), failures);
        }
    }
    assert_no_failures(&report, builds().len());
}

#[test]
fn directives_in_metadata_add_no_checklist_or_table_to_the_index() {
    // K01: the index page holds no checklist of its own; a title, focus, tag
    // or status label `{{#review-checklist}}` copied into its rows must not
    // become one, nor `{{#investigation-index}}` one more table (it has 3
    // of its own plus one per status group and the review summary).
    let mut report: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for rendered in builds() {
        let index = &rendered.pages[INDEX];
        let checklists = index
            .tags
            .iter()
            .filter(|t| {
                t.attribute("class")
                    .is_some_and(|c| c.contains("deepdive-checklist"))
            })
            .count();
        if checklists != 0 {
            report
                .entry("K01 (class 4, directives in index rows)".into())
                .or_default()
                .push(format!(
                    "{}: {checklists} checklists on the index page",
                    rendered.label
                ));
        }
    }
    assert_no_failures(&report, 1);
}

/// A one-chapter book with the hostile template; `chapter` is `src/u.md`.
fn url_book(chapter: &str) -> BookTest {
    let template = std::fs::read_to_string(
        repo_root()
            .join("tests/books")
            .join(BOOK)
            .join("templates/hostile.md"),
    )
    .unwrap();
    let toml = book_toml(
        &MEMBERS,
        "[preprocessor.deepdive-template.shortcodes]\nhostilecode = \"hostile\"\n",
    );
    let book = BookTest::with_chapters(&toml, &[("u.md", chapter)]);
    book.write("templates/hostile.md", &template);
    book
}

/// `(id, the key the error names, chapter)`: a value in a URL position whose
/// scheme is not http, https or mailto, or one that cannot be made safe where
/// it goes (X01).
#[rustfmt::skip]
const URL_ATTACKS: &[(&str, &str, &str)] = &[
    ("U01", "homepage", "---\nhomepage: \"javascript:alert(501)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U02", "homepage", "---\nhomepage: \"JaVaScRiPt:alert(502)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U03", "homepage", "---\nhomepage: \" javascript:alert(503)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U04", "homepage", "---\nhomepage: \"java\\tscript:alert(504)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U05", "homepage", "---\nhomepage: \"java\\nscript:alert(505)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U06", "homepage", "---\nhomepage: \"\\x01javascript:alert(506)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U07", "homepage", "---\nhomepage: \"data:text/html;base64,PHNjcmlwdD5hbGVydCg1MDcpPC9zY3JpcHQ+\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U08", "frame", "---\nframe: \"javascript:alert(508)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U09", "frame", "---\nframe: \"data:text/html,<script>alert(509)</script>\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U10", "frame", "---\nframe: \" JAVASCRIPT:alert(510)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U11", "picture", "---\npicture: \"javascript:alert(511)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U12", "link", "---\nlink: \"vbscript:msgbox(512)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U13", "link", "---\nlink: \"javascript://%0aalert(513)\"\n---\n# U\n\n{{#template hostile}}\n"),
    ("U14", "homepage", "---\nhomepage: \"javascript:alert(514)\"\n---\n# U\n\n[home]({{#meta homepage}})\n"),
    ("U15", "link", "# U\n\n{{#template hostile link=\"javascript:alert(515)\"}}\n"),
    ("U16", "link", "# U\n\n{{< hostilecode link=\"javascript:alert(516)\" >}}\n"),
    ("U17", "home", "# U\n\n{{#template hostile home=\"data:text/html,<script>alert(517)</script>\"}}\n"),
    ("U18", "homepage", "+++\nhomepage = \"javascript:alert(518)\"\n+++\n# U\n\n{{#template hostile}}\n"),
    ("X01", "code", "---\ncode: \"X01 ` <img src=x id=pwnX01 onerror=alert(701)> `\"\n---\n# U\n\n{{#template hostile}}\n"),
];

/// `(id, the key the error names, chapter)`: a date key that holds no date.
#[rustfmt::skip]
const DATE_ATTACKS: &[(&str, &str, &str)] = &[
    ("D01", "date", "---\ndate: \"D01 <img src=x id=pwnD01 onerror=alert(401)>\"\nstatus: done\n---\n# U\n"),
    ("D02", "date", "---\ntitle: U\ndate: \"D02 | broken | row\"\n---\n# U\n"),
    ("D03", "date", "+++\ndate = \"2026-01-01\\nerror: src/forged.md:1:1: forged\"\n+++\n# U\n"),
    ("DL01", "lastmod", "---\nlastmod: <script>alert(402)</script>\n---\n# U\n"),
    ("DP01", "publishDate", "---\npublishDate: \"2026-01-01T10:00 <img src=x onerror=alert(403)>\"\n---\n# U\n"),
    ("R01", "review-by", "---\nreview-by: \"R01 <img src=x id=pwnR01 onerror=alert(431)>\"\nstatus: done\n---\n# U\n"),
];

#[test]
fn a_dangerous_scheme_in_a_url_position_is_an_error_naming_its_key() {
    assert_each_is_an_error_naming_its_key(URL_ATTACKS, "3");
}

#[test]
fn a_date_key_holding_no_date_is_an_error_naming_its_key() {
    assert_each_is_an_error_naming_its_key(DATE_ATTACKS, "1, 2");
}

/// Builds each attack's one-chapter book with both mdBooks: each must fail
/// with `error: src/u.md:LINE:COL: …KEY…` on one line and write no page.
fn assert_each_is_an_error_naming_its_key(attacks: &[(&str, &str, &str)], class: &str) {
    let mut report: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, key, chapter) in attacks {
        for version in [MDBOOK_05, MDBOOK_04] {
            let book = url_book(chapter);
            let output = book.build(version);
            let stderr = stderr(&output);
            let located = stderr
                .lines()
                .any(|l| l.starts_with("error: src/u.md:") && l.contains(key));
            let forged = stderr
                .lines()
                .any(|l| l.starts_with("error: src/forged.md"));
            let mut failures = Vec::new();
            if output.status.success() || !located || forged {
                failures.push(format!(
                    "mdBook {version}: no `error: src/u.md:LINE:COL: …{key}…` (exit {:?})",
                    output.status.code()
                ));
            }
            if book.root().join("book/u.html").exists() {
                failures.push(format!("mdBook {version}: u.html was written"));
            }
            if !failures.is_empty() {
                report
                    .entry(format!("{id} (class {class}, {key})"))
                    .or_default()
                    .extend(failures);
            }
        }
    }
    assert_no_failures(&report, attacks.len());
}

#[test]
fn a_directive_fragment_in_a_directive_argument_is_text() {
    // E03: `empty=` holds `{{#status done}` (no closing braces); the index
    // copies it onto the page, where the status member must not read it.
    let payload = "E03 {{#status done}";
    let toml = book_toml(&MEMBERS, "");
    let index = format!("# I\n\n{{{{#investigation-index tag=none empty=\"{payload}\"}}}}\n");
    let book = BookTest::with_chapters(
        &toml,
        &[
            ("index.md", &index),
            ("a.md", "---\nstatus: done\n---\n# A\n"),
        ],
    );
    for version in [MDBOOK_05, MDBOOK_04] {
        let output = book.build(version);
        assert!(
            output.status.success(),
            "E03, mdBook {version}:\n{}",
            stderr(&output)
        );
        let page = html::parse(&book.output("index.html"));
        assert!(
            html::visible(&page.text).contains(payload),
            "E03, mdBook {version}: `{payload}` is not shown"
        );
    }
}

#[test]
fn a_hostile_title_given_to_new_is_text() {
    // W01, W02: `new TITLE` writes the title into SUMMARY.md and the front
    // matter; W02 would end SUMMARY's link and start one of its own.
    let mut report: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, title) in [
        ("W01", "W01 <img src=x id=pwnW01 onerror=alert(951)>"),
        ("W02", "W02](javascript:alert(952)) [pwnW02"),
    ] {
        for version in [MDBOOK_05, MDBOOK_04] {
            let book = BookTest::with_chapters(&book_toml(&MEMBERS, ""), &[("index.md", "# I\n")]);
            let output = std::process::Command::new(member_bin("deepdive-template"))
                .args(["new", title, "--book"])
                .arg(book.root())
                .output()
                .unwrap();
            let mut failures = Vec::new();
            if output.status.success() {
                let out = book.build(version);
                if out.status.success() {
                    let rendered =
                        Rendered::of(&book.root().join("book"), None, format!("mdBook {version}"));
                    let attack = attack(id, "1", "new TITLE", &[], title);
                    failures.extend(rendered.failures(&attack));
                    let shown = rendered.pages.iter().any(|(name, d)| {
                        name.starts_with(|c: char| c.is_ascii_digit())
                            && html::visible(&d.text).contains(&html::visible(title))
                    });
                    if !shown {
                        failures.push(format!(
                            "mdBook {version}: the new chapter does not show its title"
                        ));
                    }
                } else {
                    failures.push(format!("mdBook {version}: build failed: {}", stderr(&out)));
                }
            } else {
                failures.push(format!("`new` refused: {}", stderr(&output)));
            }
            if !failures.is_empty() {
                report
                    .entry(format!("{id} (class 1, new)"))
                    .or_default()
                    .extend(failures);
            }
        }
    }
    assert_no_failures(&report, 2);
}

#[test]
fn a_value_quoted_in_a_message_cannot_forge_a_line_or_reach_the_terminal() {
    // L01, L02: `{{#ref}}` quotes its argument in its error.
    let chapter = "# A\n\n{{#ref \"x\nerror: src/forged.md:1:1: L01 forged\"}} {{#ref L02\u{1b}]0;pwned\u{7}\u{1b}[2J}}\n";
    let book = BookTest::with_chapters(&book_toml(&MEMBERS, ""), &[("a.md", chapter)]);
    for version in [MDBOOK_05, MDBOOK_04] {
        let output = book.build(version);
        let err = stderr(&output);
        assert!(!output.status.success(), "{err}");
        assert!(err.contains("error: src/a.md:3:1: `{{#ref x\\nerror: src/forged.md:1:1: L01 forged}}` names no chapter"), "L01, mdBook {version}: {err}");
        assert!(
            !err.lines().any(|l| l.starts_with("error: src/forged.md")),
            "L01, mdBook {version}: {err}"
        );
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{7}'),
            "L02, mdBook {version}: {err:?}"
        );
    }
}

#[test]
fn every_hostile_title_is_one_inert_mermaid_label_of_the_graph() {
    // T01–T11 in `{{#investigation-graph isolated=true}}` of the index page:
    // each node's label holds no character that ends the label, the line or
    // the fence, or starts a comment or a link, and mermaid's entity codes
    // decode to the title as written; the source has no statement but the
    // graph's own (one `click` per node, none smuggled in by a title).
    let (book, _) = built(MDBOOK_05, true);
    let page = book.output("html/index.html");
    let start = page
        .find("<code class=\"language-mermaid\">")
        .expect("the graph");
    let end = start + page[start..].find("</code>").unwrap();
    let source = html::decode_entities(&page[start..end]);
    let mut labels = Vec::new();
    for line in source.lines().skip(1) {
        let statement = line.trim_start();
        let kind = statement.split(' ').next().unwrap_or("");
        if let Some(rest) = statement.strip_prefix('n').filter(|r| r.contains("[\"")) {
            let label = &rest[rest.find("[\"").unwrap() + 2..rest.rfind("\"]").unwrap()];
            assert!(
                label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " .,-_()/!?'+#;".contains(c)),
                "{label}"
            );
            labels.push(decode_mermaid(label));
        } else {
            assert!(
                ["classDef", "click"].contains(&kind) || statement.starts_with('n'),
                "{line}"
            );
        }
    }
    let clicks = source.lines().filter(|l| l.starts_with("  click ")).count();
    assert_eq!(clicks, labels.len(), "one click per node:\n{source}");
    let titles: Vec<&str> = ATTACKS
        .iter()
        .filter(|a| a.injected.ends_with(" title"))
        .map(|a| a.payload)
        .collect();
    assert_eq!(titles.len(), 11);
    for title in titles {
        assert!(labels.iter().any(|l| l == title), "{title} in {labels:?}");
    }
}

/// A mermaid label with its `#N;` codes as the characters they stand for.
fn decode_mermaid(label: &str) -> String {
    let mut out = String::new();
    let mut rest = label;
    while let Some(hash) = rest.find('#') {
        out.push_str(&rest[..hash]);
        let semicolon = rest[hash..].find(';').expect("a code ends with ;") + hash;
        let code: u32 = rest[hash + 1..semicolon].parse().expect("a decimal code");
        out.push(char::from_u32(code).expect("a character"));
        rest = &rest[semicolon + 1..];
    }
    out.push_str(rest);
    out
}
