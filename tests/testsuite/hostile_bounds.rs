//! Issue 17, class 5 (unbounded work): a hostile contributor's chapter must
//! end in a located error or a build, within a time and a memory bound,
//! never a stack overflow or minutes of work. Each case builds a book with
//! all four members through the real `mdbook`.
//!
//! | id  | attack                                                         | expected outcome |
//! | --- | -------------------------------------------------------------- | ---------------- |
//! | B01 | YAML front matter `- - - …` 20,000 deep (40 KB)                | error 2:129, nesting limit |
//! | B02 | YAML block sequences, one per line, 3,000 deep under a key     | error at the 64th level's line |
//! | B03 | YAML flow `[[[[…` 20,000 deep                                  | error 2:259 (saphyr's scanner stops first) |
//! | B04 | YAML flow `{a: {a: …` 10,000 deep                              | error 2:256 |
//! | B05 | YAML anchors: two 33-deep lists, one holding an alias of the other | error 3:37, nesting limit |
//! | B06 | YAML "billion laughs" (nine anchors, each ten aliases of the last) | error, alias budget |
//! | B07 | TOML front matter `[[[[…` 20,000 deep                          | error 2:68 |
//! | B08 | TOML front matter `{a = {a = …` 10,000 deep                    | error 2:320 |
//! | B09 | TOML dotted key `a.a.a.…` 200 keys                             | error 2:129 |
//! | B10 | TOML table header `[a.a.…]` 200 keys                           | error 2:128 |
//! | B11 | front matter nested exactly to the limit (63 lists in the table) | build |
//! | B12 | one chapter, 100,000 `{{#status done}}`                        | build |
//! | B13 | one chapter, 12,000 unknown Hugo shortcodes (12,000 warnings)  | build, every warning printed |
//! | B14 | one chapter, 12,000 `{{#ref missing}}` (12,000 errors)         | error, every error printed |
//! | B15 | one paragraph, 100,000 unclosed `{{#status "a" `               | error per opening, every one printed |
//! | B16 | one `{{#status …}}` with a 1 MB argument list                  | error 3:1 |
//! | B17 | `book.toml` with an array 20,000 deep, read by `check`         | error, no crash |
//! | B18 | five book templates, each including the next ten times (10^5 copies of 10 KB) | error at the directive, `max-expansion-size` |
//! | B19 | a template that includes itself                                 | error, the cycle |
//! | B20 | 20 templates, each including the next                           | error, `max-depth` |
//! | B21 | `max-expansion-size = 100` and a 200-byte template              | error at the directive; builds without the option |
//! | B22 | one chapter, 12,000 unclosed `{{< mermaid >}}`                  | error per opening, every one printed |
//! | B23 | 5,000 chapters holding 100,000 `{{#ref …}}` by number, id and path | builds (each reference a lookup, not a scan of the book) |
//!
//! A subset (B01, B07, B12) also runs on mdBook 0.4.52. Front matter
//! failures are also run through a member directly, to check that a
//! failing preprocessor writes nothing on stdout.

use crate::support::*;
use std::fmt::Write as _;
use std::io::Read;
use std::os::unix::process::ExitStatusExt as _;
use std::process::{ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// Generous for debug builds on a shared machine.
const TIME_BOUND: Duration = Duration::from_secs(60);
/// Peak resident memory of a build (mdBook or a member).
const MEMORY_BOUND_KIB: i64 = 1024 * 1024;

/// Runs `book`'s build with mdBook `version`: its output, and the peak
/// resident memory in KiB of mdBook and of every member it ran. Measured
/// for this one build (`wait4` on its process, whose figure includes the
/// children it waited for), not for every child of the test binary, which
/// runs the other areas' builds too.
#[allow(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, since std's wait cannot give its rusage"
)]
#[allow(
    unsafe_code,
    reason = "wait4 is the only way to this one build's peak memory; std has no rusage"
)]
fn build_with_peak_rss(book: &BookTest, version: &str) -> (Output, i64) {
    let mut child = book
        .build_command(version)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mdbook runs");
    let read_all = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).expect("the pipe reads");
            bytes
        })
    };
    let stdout = read_all(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = read_all(Box::new(child.stderr.take().expect("piped stderr")));
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits pid_t");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for (the `Child` is never
    // waited on after this); `status` and `usage` are valid and writable.
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let output = Output {
        status: ExitStatus::from_raw(status),
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
    };
    (output, usage.ru_maxrss)
}

fn book_with(chapter: &str) -> BookTest {
    BookTest::with_chapters(&book_toml(&MEMBERS, ""), &[("a.md", chapter)])
}

/// Builds a book whose one chapter is `chapter` with mdBook `version`,
/// within the time and memory bounds; its exit status and stderr.
fn build_bounded(version: &str, chapter: &str) -> (bool, String) {
    let book = book_with(chapter);
    let started = Instant::now();
    let (output, peak) = build_with_peak_rss(&book, version);
    let took = started.elapsed();
    let err = stderr(&output);
    assert!(
        took < TIME_BOUND,
        "mdbook {version} took {took:?}:\n{}",
        head(&err)
    );
    assert!(peak < MEMORY_BOUND_KIB, "a child's peak RSS was {peak} KiB");
    assert!(
        !err.contains("stack overflow") && !err.contains("SIGABRT") && !err.contains("panicked"),
        "{}",
        head(&err)
    );
    (output.status.success(), err)
}

fn head(text: &str) -> String {
    text.lines().take(12).collect::<Vec<_>>().join("\n")
}

/// Asserts the build fails with `error: src/a.md:{at}: {message}…` and that
/// the member, run directly on the same book, writes nothing on stdout.
fn assert_located_error(version: &str, chapter: &str, at: &str, message: &str) {
    let (ok, err) = build_bounded(version, chapter);
    assert!(!ok, "the build succeeded:\n{}", head(&err));
    let wanted = format!("error: src/a.md:{at}: {message}");
    assert!(
        err.lines().any(|line| line.starts_with(&wanted)),
        "no `{wanted}` in:\n{}",
        head(&err)
    );
    assert_stdout_empty_on_failure(chapter);
}

fn assert_stdout_empty_on_failure(chapter: &str) {
    let book = book_with(chapter);
    let input = captured_input(book.root(), MDBOOK_05);
    let output = run_member("deepdive-template", &[], &input);
    assert!(!output.status.success(), "{}", head(&stderr(&output)));
    assert!(output.stdout.is_empty(), "a failing member wrote to stdout");
}

const NESTING: &str = "front matter nests deeper than 64 levels";

#[test]
fn b01_yaml_block_sequences_20000_deep() {
    let chapter = format!("---\n{}1\n---\n# A\n", "- ".repeat(20_000));
    assert_located_error(MDBOOK_05, &chapter, "2:129", NESTING);
    assert_located_error(MDBOOK_04, &chapter, "2:129", NESTING);
}

#[test]
fn b02_yaml_block_sequences_one_per_line() {
    let levels: String = (0..3_000).fold(String::new(), |mut levels, i| {
        let _ = writeln!(levels, "{}-", "  ".repeat(i));
        levels
    });
    let chapter = format!("---\nx:\n{levels}---\n# A\n");
    // `x`'s table is level 1; the 64th `-` (line 3 + 63) opens level 65.
    assert_located_error(MDBOOK_05, &chapter, "66:127", NESTING);
}

#[test]
fn b03_yaml_flow_sequences_20000_deep() {
    let chapter = format!("---\nx: {}\n---\n# A\n", "[".repeat(20_000));
    // saphyr's scanner reads flow collections ahead and stops at the 256th
    // level, before the parser hands on the 65th: the error is where it stopped.
    assert_located_error(MDBOOK_05, &chapter, "2:259", NESTING);
}

#[test]
fn b04_yaml_flow_mappings_10000_deep() {
    let chapter = format!("---\nx: {}1\n---\n# A\n", "{a: ".repeat(10_000));
    assert_located_error(MDBOOK_05, &chapter, "2:256", NESTING);
}

#[test]
fn b05_yaml_alias_repeats_depth() {
    let list = |inner: &str| format!("{}{inner}{}", "[".repeat(33), "]".repeat(33));
    let chapter = format!(
        "---\na: &deep {}\nb: {}\n---\n# A\n",
        list("1"),
        list("*deep")
    );
    assert_located_error(MDBOOK_05, &chapter, "3:37", NESTING);
}

#[test]
fn b06_yaml_billion_laughs() {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let aliases = vec![format!("*a{}", i - 1); 10].join(", ");
        let _ = writeln!(yaml, "a{i}: &a{i} [{aliases}]");
    }
    let chapter = format!("---\n{yaml}---\n# A\n");
    let (ok, err) = build_bounded(MDBOOK_05, &chapter);
    assert!(!ok);
    assert!(
        err.lines().any(|l| l.starts_with("error: src/a.md:")
            && l.contains("malformed YAML front matter: alias expansion exceeded")),
        "{}",
        head(&err)
    );
    assert_stdout_empty_on_failure(&chapter);
}

#[test]
fn b07_toml_arrays_20000_deep() {
    let chapter = format!("+++\nx = {}\n+++\n# A\n", "[".repeat(20_000));
    assert_located_error(MDBOOK_05, &chapter, "2:68", NESTING);
    assert_located_error(MDBOOK_04, &chapter, "2:68", NESTING);
}

#[test]
fn b08_toml_inline_tables_10000_deep() {
    let chapter = format!("+++\nx = {}1\n+++\n# A\n", "{a = ".repeat(10_000));
    assert_located_error(MDBOOK_05, &chapter, "2:320", NESTING);
}

#[test]
fn b09_toml_dotted_key_200_long() {
    let chapter = format!("+++\n{}a = 1\n+++\n# A\n", "a.".repeat(200));
    assert_located_error(MDBOOK_05, &chapter, "2:129", NESTING);
}

#[test]
fn b10_toml_table_header_200_long() {
    let chapter = format!("+++\n[{}a]\n+++\n# A\n", "a.".repeat(200));
    assert_located_error(MDBOOK_05, &chapter, "2:128", NESTING);
}

#[test]
fn b11_nesting_at_the_limit_builds() {
    let chapter = format!(
        "---\ntitle: Deep\nx: {}1{}\n---\n# A\n",
        "[".repeat(63),
        "]".repeat(63)
    );
    let (ok, err) = build_bounded(MDBOOK_05, &chapter);
    assert!(ok, "{}", head(&err));
}

#[test]
fn b12_100000_status_directives() {
    let chapter = format!("# A\n\n{}", "{{#status done}}\n".repeat(100_000));
    for version in [MDBOOK_05, MDBOOK_04] {
        let (ok, err) = build_bounded(version, &chapter);
        assert!(ok, "{}", head(&err));
    }
}

#[test]
fn b13_12000_warnings_all_printed() {
    let chapter = format!("# A\n\n{}", "{{< unknown >}}\n".repeat(12_000));
    let (ok, err) = build_bounded(MDBOOK_05, &chapter);
    assert!(ok, "{}", head(&err));
    let warnings = err
        .lines()
        .filter(|l| l.starts_with("warning: src/a.md:") && l.contains("`unknown` is left as is"))
        .count();
    assert_eq!(warnings, 12_000);
    assert!(err.contains("warning: src/a.md:12002:1: Hugo shortcode `unknown`"));
}

#[test]
fn b14_12000_errors_all_printed() {
    let chapter = format!("# A\n\n{}", "{{#ref missing}}\n".repeat(12_000));
    let (ok, err) = build_bounded(MDBOOK_05, &chapter);
    assert!(!ok);
    let errors = err
        .lines()
        .filter(|l| l.starts_with("error: src/a.md:") && l.contains("names no chapter"))
        .count();
    assert_eq!(errors, 12_000);
    assert!(err.contains("error: src/a.md:12002:1: `{{#ref missing}}` names no chapter"));
}

#[test]
fn b15_100000_unclosed_directives_in_one_paragraph() {
    let chapter = format!("# A\n\n{}\n", "{{#status \"a\" ".repeat(100_000));
    let (ok, err) = build_bounded(MDBOOK_05, &chapter);
    assert!(!ok);
    let unclosed = err
        .lines()
        .filter(|l| l.starts_with("error: src/a.md:3:") && l.contains("is never closed"))
        .count();
    assert_eq!(unclosed, 100_000);
}

#[test]
fn b16_one_megabyte_argument_list() {
    let chapter = format!("# A\n\n{{{{#status {}}}}}\n", "a ".repeat(500_000));
    let (ok, err) = build_bounded(MDBOOK_05, &chapter);
    assert!(!ok);
    assert!(
        err.contains("error: src/a.md:3:1: `{{#status}}` takes a status"),
        "{}",
        head(&err)
    );
}

#[test]
fn b17_deep_book_toml_in_check() {
    let toml = format!(
        "{}\n[x]\ny = {}{}\n",
        book_toml(&MEMBERS, ""),
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let book = BookTest::with_chapters(&toml, &[("a.md", "# A\n")]);
    let started = Instant::now();
    let root = book.root().display().to_string();
    let output = run_member("deepdive-status", &["check", "--book", &root], b"");
    assert!(started.elapsed() < TIME_BOUND);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("book.toml is not valid TOML"),
        "{}",
        head(&err)
    );
    assert!(!err.contains("stack overflow"));
}

/// A book whose chapter is `chapter`, with `templates` (name, text) in its
/// template folder and `options` in the template member's table.
fn template_book(chapter: &str, templates: &[(String, String)], options: &str) -> BookTest {
    let toml = book_toml(&MEMBERS, "").replace(
        "[preprocessor.deepdive-template]\n",
        &format!("[preprocessor.deepdive-template]\n{options}"),
    );
    let book = BookTest::with_chapters(&toml, &[("a.md", chapter)]);
    for (name, text) in templates {
        book.write(&format!("templates/{name}.md"), text);
    }
    book
}

/// Builds `book` with mdBook 0.5.4 within the bounds: success and stderr.
fn build_book_bounded(book: &BookTest) -> (bool, String) {
    let started = Instant::now();
    let (output, peak) = build_with_peak_rss(book, MDBOOK_05);
    assert!(
        started.elapsed() < TIME_BOUND,
        "took {:?}",
        started.elapsed()
    );
    assert!(peak < MEMORY_BOUND_KIB, "a child's peak RSS was {peak} KiB");
    let err = stderr(&output);
    assert!(
        !err.contains("stack overflow") && !err.contains("panicked"),
        "{}",
        head(&err)
    );
    (output.status.success(), err)
}

#[test]
fn b18_templates_that_include_each_other_ten_times_stop_at_the_size_bound() {
    let mut templates: Vec<(String, String)> = (0..4)
        .map(|i| {
            (
                format!("t{i}"),
                format!("{{{{#template t{}}}}}\n", i + 1).repeat(10),
            )
        })
        .collect();
    templates.push(("t4".into(), "x".repeat(10_000)));
    let book = template_book("# A\n\n{{#template t0}}\n", &templates, "");
    let (ok, err) = build_book_bounded(&book);
    assert!(!ok, "{}", head(&err));
    assert!(
        err.lines().any(|l| l.starts_with("error: src/a.md:3:1: ")
            && l.contains("more than 1048576 bytes (option `max-expansion-size`)")),
        "{}",
        head(&err)
    );
}

#[test]
fn b19_a_template_that_includes_itself_is_a_cycle() {
    let templates = [("loop".to_owned(), "x {{#template loop}}\n".to_owned())];
    let book = template_book("# A\n\n{{#template loop}}\n", &templates, "");
    let (ok, err) = build_book_bounded(&book);
    assert!(!ok);
    assert!(
        err.contains("error: src/a.md:3:1: template cycle: loop -> loop"),
        "{}",
        head(&err)
    );
}

#[test]
fn b20_a_chain_deeper_than_max_depth_is_an_error() {
    let templates: Vec<(String, String)> = (0..20)
        .map(|i| (format!("d{i}"), format!("{{{{#template d{}}}}}\n", i + 1)))
        .chain([("d20".to_owned(), "end\n".to_owned())])
        .collect();
    let book = template_book("# A\n\n{{#template d0}}\n", &templates, "");
    let (ok, err) = build_book_bounded(&book);
    assert!(!ok);
    assert!(
        err.contains("error: src/a.md:3:1: templates nest deeper than 16 (option `max-depth`)"),
        "{}",
        head(&err)
    );
}

#[test]
fn b21_max_expansion_size_is_an_option() {
    let templates = [("big".to_owned(), "y".repeat(200))];
    let chapter = "# A\n\n{{#template big}}\n";
    let limited = template_book(chapter, &templates, "max-expansion-size = 100\n");
    let (ok, err) = build_book_bounded(&limited);
    assert!(!ok);
    assert!(
        err.contains("error: src/a.md:3:1: expanding `big` makes more than 100 bytes"),
        "{}",
        head(&err)
    );
    let (ok, err) = build_book_bounded(&template_book(chapter, &templates, ""));
    assert!(ok, "{}", head(&err));
}

#[test]
fn b22_12000_unclosed_mermaid_shortcodes() {
    let chapter = format!("# A\n\n{}\n", "{{< mermaid >}}\n".repeat(12_000));
    let (ok, err) = build_bounded(MDBOOK_05, &chapter);
    assert!(!ok);
    let unclosed = err
        .lines()
        .filter(|l| l.starts_with("error: src/a.md:") && l.contains("is never closed"))
        .count();
    assert_eq!(unclosed, 12_000, "{}", head(&err));
}

#[test]
fn b23_100000_references_in_a_5000_chapter_book() {
    // Each chapter refers to others by number, by `id` and by path, 20 times.
    let chapter = |i: usize| {
        let (number, id, path) = ((i * 7) % 5_000, (i * 13) % 5_000, (i * 3) % 5_000);
        let refs =
            format!("{{{{#ref {number:04}}}}} {{{{#ref id-{id}}}}} {{{{#ref {path:04}-c.md}}}} ");
        format!("---\nid: id-{i}\n---\n# C{i}\n\n{}\n", refs.repeat(7))
    };
    let chapters: Vec<(String, String)> = (0..5_000)
        .map(|i| (format!("{i:04}-c.md"), chapter(i)))
        .collect();
    let files: Vec<(&str, &str)> = chapters
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let book = BookTest::with_chapters(&book_toml(&MEMBERS, ""), &files);
    let input = captured_input(book.root(), MDBOOK_05);
    let started = Instant::now();
    let output = run_member("deepdive-status", &[], &input);
    let took = started.elapsed();
    assert!(output.status.success(), "{}", head(&stderr(&output)));
    assert!(took < TIME_BOUND, "took {took:?}");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(!out.contains("{{#ref"), "every reference was expanded");
}
