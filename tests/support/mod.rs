//! Shared harness of the integration tests: the suite's binaries, the real
//! `mdbook` binaries, and throwaway books built with them.
#![allow(dead_code)] // each test file uses its own part of the harness

pub mod html;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

pub const MEMBERS: [&str; 4] = [
    "deepdive-template",
    "deepdive-index",
    "deepdive-status",
    "deepdive-review",
];

/// The mdBook versions the suite is tested with (kept in step with `.ci/run`
/// and `scripts/setup`).
pub const MDBOOK_05: &str = "0.5.4";
pub const MDBOOK_04: &str = "0.4.52";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder with the suite's binaries, built once per test process with the
/// same cargo and profile as the tests, so a test never runs stale binaries.
pub fn bin_dir() -> &'static Path {
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

pub fn member_bin(member: &str) -> PathBuf {
    bin_dir().join(format!("mdbook-{member}"))
}

/// The path of the pinned mdBook `version`, installed by `scripts/setup`.
pub fn mdbook(version: &str) -> PathBuf {
    let tools = std::env::var("DEEPDIVE_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").expect("HOME is set")).join(".local/deepdive-tools")
        });
    let path = tools.join(format!("mdbook-{version}/bin/mdbook"));
    assert!(
        path.exists(),
        "mdBook {version} is not installed at {}; run scripts/setup",
        path.display()
    );
    path
}

/// A third-party preprocessor installed by `scripts/setup`, if it built.
pub fn third_party(name: &str) -> Option<PathBuf> {
    let tools = std::env::var("DEEPDIVE_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").expect("HOME is set")).join(".local/deepdive-tools")
        });
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

/// A book in a temporary folder.
pub struct TestBook {
    pub dir: tempfile::TempDir,
}

impl TestBook {
    /// A book with `book.toml` and the given `(path, content)` files under the root.
    pub fn new(book_toml: &str, files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("book.toml"), book_toml).unwrap();
        for (path, content) in files {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, content).unwrap();
        }
        TestBook { dir }
    }

    /// A book whose SUMMARY.md lists `chapters` (`(path under src/, text)`) in order.
    pub fn with_chapters(book_toml: &str, chapters: &[(&str, &str)]) -> Self {
        let mut summary = String::from("# Summary\n\n");
        for (path, _) in chapters {
            summary.push_str(&format!("- [{path}]({path})\n"));
        }
        let files: Vec<(String, &str)> = chapters
            .iter()
            .map(|(p, c)| (format!("src/{p}"), *c))
            .collect();
        let mut all: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), *c)).collect();
        all.push(("src/SUMMARY.md", &summary));
        TestBook::new(book_toml, &all)
    }

    /// A copy of `example-book/` (without its rendered output), without its
    /// mermaid preprocessor: `mdbook-mermaid` speaks mdBook 0.5's protocol
    /// only, and the browser test (`tests/browser/example-book.test.mjs`) is
    /// where the diagrams are checked, drawn.
    pub fn example() -> Self {
        let book = TestBook::copy_of(&repo_root().join("example-book"));
        let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
        let start = toml.find("[preprocessor.mermaid]").expect("the example book draws with mermaid");
        let end = toml[start + 1..].find("\n[").map_or(toml.len(), |i| start + 2 + i);
        book.write("book.toml", &format!("{}{}", &toml[..start], &toml[end..]));
        book
    }

    /// A copy of the book `tests/fixtures/NAME/`.
    pub fn fixture(name: &str) -> Self {
        TestBook::copy_of(&repo_root().join("tests/fixtures").join(name))
    }

    /// A copy of the book `tests/books/NAME/`.
    pub fn book(name: &str) -> Self {
        TestBook::copy_of(&repo_root().join("tests/books").join(name))
    }

    fn copy_of(book: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(book, dir.path());
        let _ = std::fs::remove_dir_all(dir.path().join("book"));
        TestBook { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, content: &str) {
        let file = self.root().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, content).unwrap();
    }

    /// Runs `mdbook build` of `version` with the suite first on PATH.
    pub fn build(&self, version: &str) -> Output {
        let _ = std::fs::remove_dir_all(self.root().join("book"));
        Command::new(mdbook(version))
            .arg("build")
            .current_dir(self.root())
            .env("PATH", path_with_suite())
            .env_remove("MDBOOK_DEEPDIVE_DRAFTS")
            .output()
            .expect("mdbook runs")
    }

    /// Builds and asserts success, returning stderr.
    pub fn build_ok(&self, version: &str) -> String {
        let output = self.build(version);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "mdbook {version} build failed:\n{stderr}"
        );
        stderr
    }

    /// A rendered file; with several renderers, under `book/<renderer>/`.
    pub fn output(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join("book").join(path))
            .unwrap_or_else(|e| panic!("missing output {path}: {e}"))
    }

    /// Every rendered file's path and text (binary files skipped).
    pub fn all_output(&self) -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        walk(&self.root().join("book"), &mut |path| {
            if let Ok(text) = std::fs::read_to_string(path) {
                files.push((path.to_path_buf(), text));
            }
        });
        files
    }
}

/// Puts the example book's index back as a team has it before the suite: the
/// seed's hand-kept table in README.md, no group options in book.toml.
pub fn unconfigure_index(book: &TestBook) {
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    let unconfigured: String = toml
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("group-"))
        .collect();
    book.write("book.toml", &unconfigured);
    let seed =
        std::fs::read_to_string(repo_root().join("tests/fixtures/seed-003-index.md")).unwrap();
    book.write("src/README.md", &seed);
}

pub fn walk(dir: &Path, f: &mut impl FnMut(&Path)) {
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
pub fn run_member(member: &str, args: &[&str], stdin: &[u8]) -> Output {
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
pub fn captured_input(root: &Path, version: &str) -> Vec<u8> {
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

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `book.toml` listing `members` in the documented order.
pub fn book_toml(members: &[&str], extra: &str) -> String {
    let mut toml = String::from("[book]\ntitle = \"Test book\"\n\n");
    let mut previous = "links";
    for member in MEMBERS.iter().filter(|m| members.contains(m)) {
        toml.push_str(&format!(
            "[preprocessor.{member}]\nafter = [\"{previous}\"]\n\n"
        ));
        previous = member;
    }
    toml.push_str(extra);
    toml
}
