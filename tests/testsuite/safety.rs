//! Escaping and safety through real `mdbook build`: hostile text in every
//! front matter field and book.toml option that reaches a page
//! (`tests/books/hostile-book`) is shown as text, never live markup; link
//! targets and colours that could run code are errors.

use crate::support::*;

/// What would run if it reached a page unescaped.
const LIVE: [&str; 4] = [
    "<script>alert",
    "<img src=x onerror",
    "href=\"javascript:",
    "onerror=alert",
];

fn assert_nothing_live(book: &BookTest) {
    let pages: Vec<_> = book
        .all_output()
        .into_iter()
        .filter(|(path, _)| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            std::path::Path::new(&name).extension() == Some("html".as_ref())
                || name.starts_with("toc")
        })
        .collect();
    assert!(pages.len() >= 5, "pages rendered: {}", pages.len());
    for (path, text) in &pages {
        for live in LIVE {
            // `onerror=alert` inside an escaped attribute value is text: the
            // `<img` before it is escaped, which the first pattern checks.
            if live == "onerror=alert" {
                continue;
            }
            assert!(
                !text.contains(live),
                "{} holds live `{live}`",
                path.display()
            );
        }
    }
}

#[test]
fn hostile_metadata_and_options_are_text_on_every_page() {
    for version in [MDBOOK_05, MDBOOK_04] {
        let book = BookTest::from_dir("books/hostile-book");
        book.build_ok(version);
        assert_nothing_live(&book);
        let chapter = book.output("hostile.html");
        let index = book.output("index.html");
        // Each field arrives, escaped, where the suite puts it.
        for (page, shown, field) in [
            (
                &chapter,
                "T &lt;\u{2060}script&gt;alert(1)&lt;\u{2060}/script&gt;",
                "title",
            ),
            (
                &chapter,
                "&lt;\u{2060}script&gt;alert(5)&lt;\u{2060}/script&gt;",
                "tags",
            ),
            (
                &chapter,
                "&lt;\u{2060}script&gt;alert(10)&lt;\u{2060}/script&gt;",
                "owner",
            ),
            (
                &chapter,
                "&lt;\u{2060}script&gt;alert(22)&lt;\u{2060}/script&gt;",
                "status label",
            ),
            (
                &chapter,
                "&lt;\u{2060}script&gt;alert(16)&lt;\u{2060}/script&gt;",
                "checklist title",
            ),
            (
                &chapter,
                "&lt;\u{2060}script&gt;alert(25)&lt;\u{2060}/script&gt;",
                "category title",
            ),
            (
                &chapter,
                "&lt;\u{2060}img src=x onerror=alert(26)&gt; ok?",
                "question text",
            ),
            (
                &chapter,
                "O &lt;\u{2060}script&gt;alert(40)&lt;\u{2060}/script&gt;",
                "superseded-by title",
            ),
            (
                &index,
                "&lt;\u{2060}img src=x onerror=alert(4)&gt;",
                "focus",
            ),
            (
                &index,
                "&lt;\u{2060}img src=x onerror=alert(6)&gt;",
                "tag index",
            ),
            (
                &index,
                "&lt;\u{2060}script&gt;alert(30)&lt;\u{2060}/script&gt;",
                "group title",
            ),
            (
                &index,
                "&lt;\u{2060}img src=x onerror=alert(9)&gt;",
                "difficulty",
            ),
        ] {
            assert!(
                page.contains(shown),
                "{field} not shown as `{shown}` with mdBook {version}"
            );
        }
    }
}

fn hostile_with(path: &str, from: &str, to: &str) -> BookTest {
    let book = BookTest::from_dir("books/hostile-book");
    let file = book.root().join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} holds `{from}`");
    std::fs::write(file, text.replace(from, to)).unwrap();
    book
}

#[test]
fn links_and_colours_that_could_run_code_are_errors() {
    for (book, message) in [
        (
            hostile_with(
                "src/hostile.md",
                "superseded-by: other.md",
                "superseded-by: \"javascript:alert(1)\"",
            ),
            "error: src/hostile.md:12:1: `superseded-by: javascript:alert(1)` names no chapter",
        ),
        (
            hostile_with(
                "src/hostile.md",
                "{{#ref other.md}}",
                "{{#ref javascript:alert(1)}}",
            ),
            "error: src/hostile.md:17:",
        ),
        (
            hostile_with(
                "book.toml",
                "[preprocessor.deepdive-status.statuses.done]\n",
                "[preprocessor.deepdive-status.statuses.done]\ncolor = \"red;}</style><script>alert(1)</script>\"\n",
            ),
            "error: book.toml:14:1: `statuses.done.color` must be a colour",
        ),
    ] {
        let output = book.build(MDBOOK_05);
        let stderr = stderr(&output);
        assert!(!output.status.success(), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert!(
            !book.root().join("book/hostile.html").exists(),
            "nothing is rendered"
        );
    }
}
