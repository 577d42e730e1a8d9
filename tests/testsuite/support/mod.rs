//! The harness of the integration tests: the suite's binaries, the real
//! `mdbook` binaries, and `BookTest`, a throwaway copy of a book built with
//! them whose output is compared with snapshots in `tests/snapshots/`.

pub(crate) mod html;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::Location;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, OnceLock, PoisonError};

/// The suite's members, in their documented order: the one registry.
pub(crate) use deepdive_core::registry::MEMBERS;

/// The mdBook versions the suite is tested with (kept in step with `.ci/run`
/// and `scripts/setup`).
pub(crate) const MDBOOK_05: &str = "0.5.4";
pub(crate) const MDBOOK_04: &str = "0.4.52";

pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder with the suite's binaries, built once per test process with the
/// same cargo and profile as the tests, so a test never runs stale binaries.
pub(crate) fn bin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // tests run from target/<profile>/deps/<test>
        let exe = std::env::current_exe().expect("test executable path");
        let dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target dir")
            .to_path_buf();
        // The folder of the `dev` profile is called `debug`.
        let profile = match dir.file_name().and_then(|name| name.to_str()) {
            Some("debug") | None => "dev",
            Some(other) => other,
        };
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(repo_root())
            .args([
                "build",
                "--quiet",
                "--workspace",
                "--bins",
                "--profile",
                profile,
            ])
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the suite's binaries failed");
        dir
    })
}

pub(crate) fn member_bin(member: &str) -> PathBuf {
    bin_dir().join(format!("mdbook-{member}"))
}

/// The path of the pinned mdBook `version`, installed by `scripts/setup`.
pub(crate) fn mdbook(version: &str) -> PathBuf {
    let tools = std::env::var("DEEPDIVE_TOOLS").map_or_else(
        |_| {
            PathBuf::from(std::env::var("HOME").expect("HOME is set")).join(".local/deepdive-tools")
        },
        PathBuf::from,
    );
    let path = tools.join(format!("mdbook-{version}/bin/mdbook"));
    assert!(
        path.exists(),
        "mdBook {version} is not installed at {}; run scripts/setup",
        path.display()
    );
    path
}

/// A third-party preprocessor installed by `scripts/setup`, if it built.
pub(crate) fn third_party(name: &str) -> Option<PathBuf> {
    let tools = std::env::var("DEEPDIVE_TOOLS").map_or_else(
        |_| {
            PathBuf::from(std::env::var("HOME").expect("HOME is set")).join(".local/deepdive-tools")
        },
        PathBuf::from,
    );
    let path = tools.join(format!("{name}/bin/{name}"));
    path.exists().then_some(path)
}

fn path_with_suite() -> String {
    let mut path = bin_dir().display().to_string();
    if let Ok(rest) = std::env::var("PATH") {
        path = format!("{path}:{rest}");
    }
    path
}

/// A book in a temporary folder, built with the real `mdbook`.
///
/// Made from a book on disk (`from_dir`), the example book (`example`) or
/// files given by the test (`new`, `with_chapters`); changed with `write` and
/// `append`; built with `build`/`build_ok`; its output read with `output` or
/// compared with a snapshot by `check_main_file`, `check_markdown` and
/// `check_stderr`.
pub(crate) struct BookTest {
    pub dir: tempfile::TempDir,
}

impl BookTest {
    /// A copy of the book at `dir` under `tests/` (e.g. `"books/index"`),
    /// without its rendered output.
    pub(crate) fn from_dir(dir: &str) -> Self {
        let book = repo_root().join("tests").join(dir);
        assert!(
            book.join("book.toml").exists(),
            "{} is not a book",
            book.display()
        );
        BookTest::copy_of(&book)
    }

    /// A book with `book.toml` and the given `(path, content)` files under the root.
    pub(crate) fn new(book_toml: &str, files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("book.toml"), book_toml).unwrap();
        for (path, content) in files {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, content).unwrap();
        }
        BookTest { dir }
    }

    /// A book whose SUMMARY.md lists `chapters` (`(path under src/, text)`) in order.
    pub(crate) fn with_chapters(book_toml: &str, chapters: &[(&str, &str)]) -> Self {
        let mut summary = String::from("# Summary\n\n");
        for (path, _) in chapters {
            let _ = writeln!(summary, "- [{path}]({path})");
        }
        let files: Vec<(String, &str)> = chapters
            .iter()
            .map(|(p, c)| (format!("src/{p}"), *c))
            .collect();
        let mut all: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), *c)).collect();
        all.push(("src/SUMMARY.md", &summary));
        BookTest::new(book_toml, &all)
    }

    /// A copy of `example-book/` (without its rendered output), without its
    /// mermaid preprocessor: `mdbook-mermaid` speaks mdBook 0.5's protocol
    /// only, and the browser test (`tests/browser/example-book.test.mjs`) is
    /// where the diagrams are checked, drawn.
    pub(crate) fn example() -> Self {
        let book = BookTest::copy_of(&repo_root().join("example-book"));
        let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
        let start = toml
            .find("[preprocessor.mermaid]")
            .expect("the example book draws with mermaid");
        let end = toml[start + 1..]
            .find("\n[")
            .map_or(toml.len(), |i| start + 2 + i);
        book.write("book.toml", &format!("{}{}", &toml[..start], &toml[end..]));
        book
    }

    fn copy_of(book: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(book, dir.path());
        let _ = std::fs::remove_dir_all(dir.path().join("book"));
        BookTest { dir }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, path: &str, content: &str) {
        let file = self.root().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, content).unwrap();
    }

    /// The text of the book's file `path` (a source, not an output).
    pub(crate) fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join(path))
            .unwrap_or_else(|e| panic!("missing {path}: {e}"))
    }

    /// Adds `text` at the end of the book's file `path`.
    pub(crate) fn append(&self, path: &str, text: &str) {
        let old = self.read(path);
        self.write(path, &format!("{old}{text}"));
    }

    /// Runs `mdbook build` of `version` with the suite first on PATH.
    pub(crate) fn build(&self, version: &str) -> Output {
        self.build_command(version).output().expect("mdbook runs")
    }

    /// The `mdbook build` of `version` that `build` runs, with the suite
    /// first on PATH, after removing the last build's output.
    pub(crate) fn build_command(&self, version: &str) -> Command {
        let _ = std::fs::remove_dir_all(self.root().join("book"));
        let mut command = Command::new(mdbook(version));
        command
            .arg("build")
            .current_dir(self.root())
            .env("PATH", path_with_suite())
            .env_remove("MDBOOK_DEEPDIVE_DRAFTS")
            .env_remove("SOURCE_DATE_EPOCH");
        command
    }

    /// Builds and asserts success, returning stderr.
    pub(crate) fn build_ok(&self, version: &str) -> String {
        let output = self.build(version);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "mdbook {version} build failed:\n{stderr}"
        );
        stderr
    }

    /// A rendered file; with several renderers, under `book/<renderer>/`.
    pub(crate) fn output(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join("book").join(path))
            .unwrap_or_else(|e| panic!("missing output {path}: {e}"))
    }

    /// Compares the `<main>` element of the rendered page `path` (under
    /// `book/`, as for `output`) with the snapshot `name` (see
    /// `assert_snapshot`): the chapter as rendered, without mdBook's theme
    /// around it.
    #[track_caller]
    pub(crate) fn check_main_file(&self, path: &str, name: &str) -> &Self {
        assert_snapshot(name, &exact(main_element(&self.output(path))));
        self
    }

    /// Compares the markdown renderer's output `path` (under `book/`, as
    /// for `output`) with the snapshot `name`, byte for byte (see `exact`).
    #[track_caller]
    pub(crate) fn check_markdown(&self, path: &str, name: &str) -> &Self {
        assert_snapshot(name, &exact(&self.output(path)));
        self
    }

    /// Compares the diagnostics in `stderr` of a build of this book (see
    /// `diagnostics`) with the snapshot `name`.
    #[track_caller]
    pub(crate) fn check_stderr(&self, stderr: &str, name: &str) -> &Self {
        assert_snapshot(name, &diagnostics(stderr, Some(self.root())).join("\n"));
        self
    }

    /// Every rendered file's path and text (binary files skipped).
    pub(crate) fn all_output(&self) -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        walk(&self.root().join("book"), &mut |path| {
            if let Ok(text) = std::fs::read_to_string(path) {
                files.push((path.to_path_buf(), text));
            }
        });
        files
    }
}

/// The content of the page's `<main>` element, trimmed: what mdBook
/// rendered from the chapter, without the theme's header, sidebar and scripts.
pub(crate) fn main_element(page: &str) -> &str {
    let start = page
        .find("<main>")
        .unwrap_or_else(|| panic!("no <main> in:\n{page}"))
        + "<main>".len();
    let end = page[start..]
        .rfind("</main>")
        .unwrap_or_else(|| panic!("<main> is never closed in:\n{page}"));
    page[start..start + end].trim()
}

/// `text` with what a snapshot would otherwise lose shown: insta ignores
/// whitespace at the end and reads CRLF as LF, so each carriage return is
/// written `␍` and the end of the text `␄`.
fn exact(text: &str) -> String {
    format!("{}␄", text.replace('\r', "␍"))
}

/// The lines of a build's `stderr` that the suite or mdBook meant for a
/// person: the suite's `error:`/`warning:` lines and mdBook's `ERROR` lines
/// without their timestamps and log prefixes, the book's folder shown as
/// `<book>` when there is one, so they are the same on every machine and
/// with either mdBook.
pub(crate) fn diagnostics(stderr: &str, root: Option<&Path>) -> Vec<String> {
    let root = root.map(|root| root.display().to_string());
    stderr
        .lines()
        .filter_map(|line| {
            if line.starts_with("error: ") || line.starts_with("warning: ") {
                Some(line)
            } else {
                line.split_once("ERROR").map(|(_, rest)| {
                    rest.trim_start_matches([' ', ':', ')'])
                        .trim_start_matches("(mdbook::utils): ")
                })
            }
        })
        .map(|line| match &root {
            Some(root) => line.replace(root, "<book>"),
            None => line.to_owned(),
        })
        .collect()
}

/// Compares `value` with the snapshot `tests/snapshots/AREA__NAME.snap`,
/// where AREA is the test module that calls (the file name of the caller,
/// so helpers that call this must be `#[track_caller]` too).
///
/// A new or changed snapshot fails the test and is written beside the old
/// one as `.snap.new` for review (`cargo insta review`, or rename it). One
/// name asserted from two places in the suite fails too, so two checks can
/// never share (and overwrite) one snapshot.
#[track_caller]
pub(crate) fn assert_snapshot(name: &str, value: &str) {
    /// The first place that asserted each snapshot name.
    static CALLERS: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let location = Location::caller();
    let caller = Path::new(location.file());
    let area = caller
        .file_stem()
        .and_then(|stem| stem.to_str())
        .expect("the caller's file name");
    let snapshot = format!("{area}__{name}");
    let here = location.to_string();
    let first = CALLERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(snapshot.clone())
        .or_insert_with(|| here.clone())
        .clone();
    assert_eq!(
        first, here,
        "the snapshot {snapshot} is asserted from two places"
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo_root().join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(caller);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(snapshot, value));
}

/// Puts the example book's index back as a team has it before the suite: the
/// seed's hand-kept table in README.md, no group options in book.toml.
pub(crate) fn unconfigure_index(book: &BookTest) {
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    let unconfigured: String = toml
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("group-"))
        .collect();
    book.write("book.toml", &unconfigured);
    let seed =
        std::fs::read_to_string(repo_root().join("tests/fixtures/seed-003-index.md")).unwrap();
    book.write("src/README.md", &seed);
    // The seed's book kept no decision records: the example book's have no
    // status here, so the index the import writes lists the deep dives alone.
    for entry in std::fs::read_dir(book.root().join("src/decisions"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let kept: String = text
            .split_inclusive('\n')
            .filter(|line| !line.starts_with("status:"))
            .collect();
        std::fs::write(entry.path(), kept).unwrap();
    }
}

pub(crate) fn walk(dir: &Path, f: &mut impl FnMut(&Path)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, f);
        } else {
            f(&path);
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs a member binary with `args` and `stdin`.
pub(crate) fn run_member(member: &str, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(member_bin(member))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("member runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// The JSON a preprocessor receives from mdBook `version` for the book at `root`,
/// captured by building it with a recording preprocessor in place of the suite.
pub(crate) fn captured_input(root: &Path, version: &str) -> Vec<u8> {
    let capture = root.join("captured.json");
    let script = root.join("capture.sh");
    // `supports` must answer yes, or mdBook never sends the book; the real run
    // records stdin and fails, so nothing is rendered.
    std::fs::write(
        &script,
        format!(
            "[ \"$1\" = supports ] && exit 0\ncat > '{}'\nexit 1\n",
            capture.display()
        ),
    )
    .unwrap();
    let book_toml = format!(
        "[book]\ntitle = \"Capture\"\n\n[preprocessor.capture]\ncommand = \"sh {}\"\n",
        script.display()
    );
    std::fs::write(root.join("book.toml"), book_toml).unwrap();
    let _ = Command::new(mdbook(version))
        .arg("build")
        .current_dir(root)
        .output()
        .expect("mdbook runs");
    std::fs::read(&capture).expect("the capture preprocessor wrote the input")
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `book.toml` listing `members` in the documented order.
pub(crate) fn book_toml(members: &[&str], extra: &str) -> String {
    let mut toml = String::from("[book]\ntitle = \"Test book\"\n\n");
    let mut previous = "links";
    for member in MEMBERS.iter().filter(|m| members.contains(m)) {
        let _ = write!(
            toml,
            "[preprocessor.{member}]\nafter = [\"{previous}\"]\n\n"
        );
        previous = member;
    }
    toml.push_str(extra);
    toml
}

/// A `book.toml` with its four member entries moved into one all-in-one
/// entry: each member's options (without mdBook's `after`) become
/// `[preprocessor.deepdive.NAME]`.
pub(crate) fn all_in_one_toml(four: &str) -> String {
    use toml_edit::{DocumentMut, Item, Table, value};
    let mut document: DocumentMut = four.parse().expect("the book.toml parses");
    let preprocessors = document["preprocessor"]
        .as_table_mut()
        .expect("[preprocessor] is a table");
    let mut entry = Table::new();
    entry["after"] = value(toml_edit::Array::from_iter(["links"]));
    for member in MEMBERS {
        let mut options = preprocessors
            .remove(member)
            .and_then(|item| item.into_table().ok())
            .unwrap_or_default();
        options.remove("after");
        if !options.is_empty() {
            let short = member.trim_start_matches("deepdive-");
            entry[short] = Item::Table(options);
        }
    }
    preprocessors[deepdive_core::registry::ALL_IN_ONE] = Item::Table(entry);
    document.to_string()
}
