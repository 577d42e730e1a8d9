//! Hostile paths: commands that write files (`install`, `import`,
//! `fix-encoding`, `new`) on a book a hostile contributor prepared. Each
//! attack builds a temporary folder holding `book/` and a sibling `outside/`
//! of sentinel files, runs the real binary, and asserts either success with
//! exactly the intended bytes changed (then builds the book with mdBook
//! 0.5.4), or a non-zero exit with the located message and nothing changed
//! anywhere in the temporary folder, inside the book or outside it.
//!
//! | id  | command      | attack                                                        | expected |
//! | --- | ------------ | ------------------------------------------------------------- | -------- |
//! | P01 | fix-encoding | `src/dd -> ../../outside` (folder symlink out of the book)     | ok: inside repaired, outside untouched, `warning: src/dd` |
//! | P02 | fix-encoding | `src/link.md -> ../../outside/a.md` (chapter symlink out)      | ok: skipped with a warning, outside untouched |
//! | P03 | fix-encoding | symlink cycles `src/loop -> .`, `src/sub/up -> ..`              | ok: ends, each file repaired once |
//! | P04 | fix-encoding | dangling symlink `src/gone.md`                                 | ok: skipped with a warning |
//! | P05 | fix-encoding | CRLF + BOM + comment chapter                                   | ok: only the mojibake bytes change |
//! | P06 | fix-encoding | `[book] src = "../outside"`                                    | error `book.toml:2:1`, nothing changed |
//! | P07 | fix-encoding | a read-only chapter beside a writable one, both with mojibake  | error `src/b.md: is read-only`, nothing changed |
//! | P08 | fix-encoding | chapter hard-linked to `outside/a.md`                          | ok: the book's copy repaired, outside untouched |
//! | P09 | new          | `--folder ../../outside`                                       | error naming `src/../../outside`, nothing changed |
//! | P10 | new          | `folder = "../escape"` in book.toml                            | error `book.toml:6:1`, nothing changed |
//! | P11 | new          | `--folder /abs/outside` (absolute)                             | error, nothing changed |
//! | P12 | new          | `src/deep-dives -> ../../outside`                              | error `through the symlink src/deep-dives`, nothing changed |
//! | P13 | new          | `src/SUMMARY.md -> ../../outside/SUMMARY.md`                   | error naming src/SUMMARY.md, no chapter created |
//! | P14 | new          | `--template ../../outside/evil`                                | error naming the template, nothing changed |
//! | P15 | new          | `--folder intro.md/x` (through a file)                         | error `not a folder`, nothing changed |
//! | P16 | new          | title with a line break (a second SUMMARY.md entry)            | error, nothing changed |
//! | P17 | new          | CRLF SUMMARY.md with a comment                                 | ok: one CRLF line added, nothing else; builds |
//! | P18 | install      | `book.toml -> ../outside/book.toml`                            | error naming book.toml, nothing changed |
//! | P19 | install      | `deepdive -> ../outside` (asset folder out)                    | error naming deepdive/deepdive.css, nothing changed |
//! | P20 | install      | `deepdive/deepdive.css -> ../../outside/deepdive.css`          | error, nothing changed |
//! | P21 | install      | dangling `deepdive/deepdive.css -> ../../outside/missing.css`  | error, `outside/missing.css` not created |
//! | P22 | install      | read-only book.toml                                            | error, asset not written either |
//! | P23 | install      | CRLF book.toml with comments; then a second run                | ok: insertions only, CRLF kept; second run changes nothing; builds |
//! | P24 | import       | a row links into `src/dd -> ../../outside`                     | error naming src/dd/a.md, index not replaced |
//! | P25 | import       | FILE is an absolute path outside the book                      | error, nothing changed |
//! | P26 | import       | a row links `../../outside/a.md`                               | error `leaves the book`, nothing changed |
//! | P27 | import       | the second row's chapter is read-only                          | error, the first row's chapter not written either |
//! | P28 | import       | CRLF index, chapters and book.toml with comments               | ok: exact bytes; builds |
//! | P29 | import       | a row links the index chapter itself (two edits of one file)   | error `is the same file as`, nothing changed |
//! | P30 | install      | `deepdive` is a file, not a folder (a path through a file)     | error `not a folder`, nothing changed |

use crate::support::*;
use std::collections::BTreeMap;
use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What is at one path: the file's bytes and whether it is read-only, a
/// folder, or a symlink's target.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>, bool),
    Dir,
    Link(PathBuf),
}

/// A temporary folder with `book/` and `outside/` (sentinels with mojibake,
/// a SUMMARY.md, a book.toml, a stylesheet).
struct Scene {
    dir: tempfile::TempDir,
}

const MOJIBAKE: &str = "Status: âœ… Done\n";

impl Scene {
    fn new(book_toml: &str, files: &[(&str, &str)]) -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let scene = Scene { dir };
        scene.write("book/book.toml", book_toml);
        for (path, text) in files {
            scene.write(&format!("book/{path}"), text);
        }
        scene.write("outside/a.md", MOJIBAKE);
        scene.write("outside/SUMMARY.md", "# Summary\n\n- [Intro](intro.md)\n");
        scene.write("outside/book.toml", "[book]\ntitle = \"Outside\"\n");
        scene.write("outside/deepdive.css", "/* theirs */\n");
        scene.write("outside/evil.md", "outside template\n");
        scene
    }

    /// A book of one chapter, `src/a.md` (mojibake), with `members`.
    fn chapters(members: &[&str], files: &[(&str, &str)]) -> Scene {
        let mut all = vec![
            ("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
            ("src/a.md", "# A\n\nâœ… ok\n"),
        ];
        all.extend_from_slice(files);
        Scene::new(&book_toml(members, ""), &all)
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn book(&self) -> PathBuf {
        self.path("book")
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    /// A symlink at `link` (relative to the temporary folder) to `target`.
    fn link(&self, target: &str, link: &str) {
        let path = self.path(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(target, path).unwrap();
    }

    fn read_only(&self, relative: &str) {
        std::fs::set_permissions(self.path(relative), std::fs::Permissions::from_mode(0o444))
            .unwrap();
    }

    /// Everything under the temporary folder, symlinks not followed.
    fn snapshot(&self) -> BTreeMap<PathBuf, Entry> {
        fn visit(dir: &Path, base: &Path, out: &mut BTreeMap<PathBuf, Entry>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                let meta = std::fs::symlink_metadata(&path).unwrap();
                let key = path.strip_prefix(base).unwrap().to_path_buf();
                if meta.file_type().is_symlink() {
                    out.insert(key, Entry::Link(std::fs::read_link(&path).unwrap()));
                } else if meta.is_dir() {
                    out.insert(key, Entry::Dir);
                    visit(&path, base, out);
                } else {
                    let bytes = std::fs::read(&path).unwrap();
                    out.insert(key, Entry::File(bytes, meta.permissions().readonly()));
                }
            }
        }
        let mut out = BTreeMap::new();
        visit(self.dir.path(), self.dir.path(), &mut out);
        out
    }

    /// Runs `member`'s `command` with `--book` and `args`.
    fn run(&self, member: &str, command: &str, args: &[&str]) -> Output {
        Command::new(member_bin(member))
            .arg(command)
            .arg("--book")
            .arg(self.book())
            .args(args)
            .output()
            .unwrap()
    }

    /// Asserts `output` failed with `expected` in its `error:` line and that
    /// nothing under the temporary folder differs from `before`.
    fn refused(&self, before: &BTreeMap<PathBuf, Entry>, output: &Output, expected: &[&str]) {
        let stderr = stderr(output);
        assert!(!output.status.success(), "should fail:\n{stderr}");
        let line = stderr
            .lines()
            .find(|l| l.starts_with("error: "))
            .unwrap_or_else(|| panic!("no error line:\n{stderr}"));
        for part in expected {
            assert!(line.contains(part), "`{part}` missing from: {line}");
        }
        assert_eq!(&self.snapshot(), before, "a refused command changed files");
        assert!(
            output.stdout.is_empty(),
            "a refused command printed: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }

    /// Asserts `output` succeeded and that exactly the files `changed`
    /// (relative to the temporary folder) differ from `before`, each now
    /// holding its text; then builds the book with mdBook 0.5.4.
    fn changed(
        &self,
        before: &BTreeMap<PathBuf, Entry>,
        output: &Output,
        changed: &[(&str, &str)],
    ) {
        assert!(
            output.status.success(),
            "should succeed:\n{}",
            stderr(output)
        );
        let mut expected = before.clone();
        for (path, text) in changed {
            expected.insert(
                PathBuf::from(path),
                Entry::File(text.as_bytes().to_vec(), false),
            );
            let mut parent = Path::new(path).parent();
            while let Some(dir) = parent.filter(|d| !d.as_os_str().is_empty()) {
                expected.entry(dir.to_path_buf()).or_insert(Entry::Dir);
                parent = dir.parent();
            }
        }
        let after = self.snapshot();
        for (path, entry) in &after {
            assert_eq!(Some(entry), expected.get(path), "{}", path.display());
        }
        assert_eq!(
            after.len(),
            expected.len(),
            "{:?}",
            after.keys().collect::<Vec<_>>()
        );
        self.build();
    }

    /// Builds the book with mdBook 0.5.4, the suite first on PATH, and
    /// removes what it rendered.
    fn build(&self) {
        let path = format!(
            "{}:{}",
            bin_dir().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let output = Command::new(mdbook(MDBOOK_05))
            .arg("build")
            .current_dir(self.book())
            .env("PATH", path)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "mdbook build failed:\n{}",
            stderr(&output)
        );
        std::fs::remove_dir_all(self.book().join("book")).unwrap();
    }
}

// fix-encoding

#[test]
fn p01_fix_encoding_does_not_follow_a_folder_symlink_out_of_the_book() {
    let scene = Scene::chapters(&["deepdive-status"], &[]);
    scene.link("../../outside", "book/src/dd");
    let before = scene.snapshot();
    let output = scene.run("deepdive-status", "fix-encoding", &[]);
    assert!(
        stderr(&output).contains("warning: src/dd: leads to"),
        "{}",
        stderr(&output)
    );
    scene.changed(&before, &output, &[("book/src/a.md", "# A\n\n✅ ok\n")]);
}

#[test]
fn p02_fix_encoding_does_not_follow_a_chapter_symlink_out_of_the_book() {
    let scene = Scene::chapters(&["deepdive-status"], &[]);
    scene.link("../../outside/a.md", "book/src/link.md");
    let before = scene.snapshot();
    let output = scene.run("deepdive-status", "fix-encoding", &[]);
    assert!(
        stderr(&output).contains("warning: src/link.md"),
        "{}",
        stderr(&output)
    );
    scene.changed(&before, &output, &[("book/src/a.md", "# A\n\n✅ ok\n")]);
}

#[test]
fn p03_fix_encoding_ends_on_symlink_cycles() {
    let scene = Scene::chapters(&["deepdive-status"], &[("src/sub/b.md", "âœ… b\n")]);
    scene.link(".", "book/src/loop");
    scene.link("..", "book/src/sub/up");
    let before = scene.snapshot();
    let output = scene.run("deepdive-status", "fix-encoding", &[]);
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("repaired 2 mojibake"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // mdBook itself copies src/ following symlinks: the cycles go before it builds.
    std::fs::remove_file(scene.path("book/src/loop")).unwrap();
    std::fs::remove_file(scene.path("book/src/sub/up")).unwrap();
    let before: BTreeMap<_, _> = before
        .into_iter()
        .filter(|(p, _)| !p.ends_with("loop") && !p.ends_with("up"))
        .collect();
    scene.changed(
        &before,
        &output,
        &[
            ("book/src/a.md", "# A\n\n✅ ok\n"),
            ("book/src/sub/b.md", "✅ b\n"),
        ],
    );
}

#[test]
fn p04_fix_encoding_skips_a_dangling_symlink() {
    let scene = Scene::chapters(&["deepdive-status"], &[]);
    scene.link("../../outside/missing.md", "book/src/gone.md");
    let before = scene.snapshot();
    let output = scene.run("deepdive-status", "fix-encoding", &[]);
    assert!(
        stderr(&output).contains("warning: src/gone.md: is a dangling symlink"),
        "{}",
        stderr(&output)
    );
    assert!(!scene.path("outside/missing.md").exists());
    std::fs::remove_file(scene.path("book/src/gone.md")).unwrap();
    let before = before
        .into_iter()
        .filter(|(p, _)| !p.ends_with("gone.md"))
        .collect();
    scene.changed(&before, &output, &[("book/src/a.md", "# A\n\n✅ ok\n")]);
}

#[test]
fn p05_fix_encoding_changes_only_the_mojibake_of_a_crlf_file_with_a_bom() {
    let chapter =
        "\u{feff}---\r\ntitle: A\r\n---\r\n# A\r\n\r\n<!-- âœ… in a comment -->\r\nâœ… ok \r\n";
    let scene = Scene::chapters(&["deepdive-status"], &[("src/a.md", chapter)]);
    let before = scene.snapshot();
    let output = scene.run("deepdive-status", "fix-encoding", &[]);
    let repaired =
        "\u{feff}---\r\ntitle: A\r\n---\r\n# A\r\n\r\n<!-- âœ… in a comment -->\r\n✅ ok \r\n";
    scene.changed(&before, &output, &[("book/src/a.md", repaired)]);
}

#[test]
fn p06_fix_encoding_refuses_a_source_folder_outside_the_book() {
    let scene = Scene::new("[book]\nsrc = \"../outside\"\n", &[]);
    let before = scene.snapshot();
    let output = scene.run("deepdive-status", "fix-encoding", &[]);
    scene.refused(
        &before,
        &output,
        &["error: book.toml:2:1: ", "outside the book"],
    );
}

#[test]
fn p07_fix_encoding_writes_nothing_when_one_chapter_is_read_only() {
    let scene = Scene::chapters(&["deepdive-status"], &[("src/b.md", "âœ… b\n")]);
    scene.read_only("book/src/b.md");
    let before = scene.snapshot();
    let output = scene.run("deepdive-status", "fix-encoding", &[]);
    scene.refused(&before, &output, &["error: src/b.md: is read-only"]);
}

#[test]
fn p08_fix_encoding_replaces_a_hard_linked_chapter_without_touching_its_twin() {
    let scene = Scene::chapters(&["deepdive-status"], &[]);
    std::fs::remove_file(scene.path("book/src/a.md")).unwrap();
    std::fs::hard_link(scene.path("outside/a.md"), scene.path("book/src/a.md")).unwrap();
    let before = scene.snapshot();
    let output = scene.run("deepdive-status", "fix-encoding", &[]);
    scene.changed(&before, &output, &[("book/src/a.md", "Status: ✅ Done\n")]);
    assert_eq!(scene.read("outside/a.md"), MOJIBAKE);
}

// new

const TEMPLATE_BOOK: &str =
    "[book]\ntitle = \"T\"\n\n[preprocessor.deepdive-template]\nafter = [\"links\"]\n";

fn template_scene(book_toml: &str) -> Scene {
    Scene::new(
        book_toml,
        &[
            ("src/SUMMARY.md", "# Summary\n\n- [Intro](intro.md)\n"),
            ("src/intro.md", "# Intro\n"),
        ],
    )
}

fn new_chapter(scene: &Scene, args: &[&str]) -> Output {
    scene.run("deepdive-template", "new", args)
}

#[test]
fn p09_new_refuses_a_folder_climbing_out_of_the_book() {
    let scene = template_scene(TEMPLATE_BOOK);
    let before = scene.snapshot();
    let output = new_chapter(&scene, &["--folder", "../../outside", "Escape"]);
    scene.refused(
        &before,
        &output,
        &["error: src/../../outside: ", "leaves src/"],
    );
}

#[test]
fn p10_new_refuses_a_book_toml_folder_climbing_out_at_its_line() {
    let scene = template_scene(&format!("{TEMPLATE_BOOK}folder = \"../escape\"\n"));
    let before = scene.snapshot();
    let output = new_chapter(&scene, &["Escape"]);
    scene.refused(
        &before,
        &output,
        &["error: book.toml:6:1: `folder = \"../escape\"` leaves src/"],
    );
}

#[test]
fn p11_new_refuses_an_absolute_folder() {
    let scene = template_scene(TEMPLATE_BOOK);
    let before = scene.snapshot();
    let outside = scene.path("outside").display().to_string();
    let output = new_chapter(&scene, &["--folder", &outside, "Escape"]);
    scene.refused(
        &before,
        &output,
        &[&format!("the folder `{outside}` (--folder) leaves src/")],
    );
}

#[test]
fn p12_new_refuses_a_folder_symlinked_out_of_the_book() {
    let scene = template_scene(TEMPLATE_BOOK);
    scene.link("../../outside", "book/src/deep-dives");
    let before = scene.snapshot();
    let output = new_chapter(&scene, &["Escape"]);
    scene.refused(
        &before,
        &output,
        &[
            "error: src/deep-dives/01-escape.md: ",
            "through the symlink `src/deep-dives`",
        ],
    );
}

#[test]
fn p13_new_refuses_a_summary_symlinked_out_and_creates_no_chapter() {
    let scene = template_scene(TEMPLATE_BOOK);
    std::fs::remove_file(scene.path("book/src/SUMMARY.md")).unwrap();
    scene.link("../../outside/SUMMARY.md", "book/src/SUMMARY.md");
    let before = scene.snapshot();
    let output = new_chapter(&scene, &["Escape"]);
    scene.refused(
        &before,
        &output,
        &["error: src/SUMMARY.md: ", "outside the book"],
    );
}

#[test]
fn p14_new_refuses_a_template_outside_the_book() {
    let scene = template_scene(TEMPLATE_BOOK);
    let before = scene.snapshot();
    let output = new_chapter(&scene, &["--template", "../../outside/evil", "Escape"]);
    scene.refused(
        &before,
        &output,
        &[
            "error: templates/../../outside/evil: ",
            "points outside the template folder",
        ],
    );
}

#[test]
fn p15_new_refuses_a_folder_through_a_file() {
    let scene = template_scene(TEMPLATE_BOOK);
    let before = scene.snapshot();
    let output = new_chapter(&scene, &["--folder", "intro.md/x", "Escape"]);
    scene.refused(
        &before,
        &output,
        &["error: src/intro.md/x/", "not a folder"],
    );
}

#[test]
fn p16_new_refuses_a_title_with_a_line_break() {
    let scene = template_scene(TEMPLATE_BOOK);
    let before = scene.snapshot();
    let output = new_chapter(&scene, &["A\n- [Evil](../../outside/a.md)"]);
    scene.refused(&before, &output, &["line break"]);
}

#[test]
fn p17_new_adds_one_crlf_line_and_changes_nothing_else() {
    let summary = "# Summary\r\n\r\n<!-- the team's chapters -->\r\n- [Intro](intro.md)\r\n- [Old](deep-dives/01-old.md)\r\n\r\n---\r\n";
    let scene = Scene::new(
        TEMPLATE_BOOK,
        &[
            ("src/SUMMARY.md", summary),
            ("src/intro.md", "# Intro\n"),
            ("src/deep-dives/01-old.md", "# Old\r\n"),
        ],
    );
    let before = scene.snapshot();
    let output = new_chapter(&scene, &["New One"]);
    let chapter = scene.read("book/src/deep-dives/02-new-one.md");
    assert!(
        chapter.starts_with("---\ntitle: \"New One\"\n"),
        "{chapter}"
    );
    let added = summary.replace(
        "01-old.md)\r\n",
        "01-old.md)\r\n- [New One](deep-dives/02-new-one.md)\r\n",
    );
    scene.changed(
        &before,
        &output,
        &[
            ("book/src/SUMMARY.md", &added),
            ("book/src/deep-dives/02-new-one.md", &chapter),
        ],
    );
}

// install

fn install(scene: &Scene) -> Output {
    scene.run("deepdive-status", "install", &[])
}

fn install_scene() -> Scene {
    Scene::new(
        "[book]\ntitle = \"T\"\n",
        &[
            ("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
            ("src/a.md", "# A\n"),
        ],
    )
}

#[test]
fn p18_install_refuses_a_book_toml_symlinked_out_of_the_book() {
    let scene = install_scene();
    std::fs::remove_file(scene.path("book/book.toml")).unwrap();
    scene.link("../outside/book.toml", "book/book.toml");
    let before = scene.snapshot();
    let output = install(&scene);
    scene.refused(
        &before,
        &output,
        &["error: book.toml: ", "through the symlink `book.toml`"],
    );
}

#[test]
fn p19_install_refuses_an_asset_folder_symlinked_out_of_the_book() {
    let scene = install_scene();
    scene.link("../outside", "book/deepdive");
    let before = scene.snapshot();
    let output = install(&scene);
    scene.refused(
        &before,
        &output,
        &[
            "error: deepdive/deepdive.css: ",
            "through the symlink `deepdive`",
        ],
    );
}

#[test]
fn p20_install_refuses_an_asset_symlinked_out_of_the_book() {
    let scene = install_scene();
    scene.link("../../outside/deepdive.css", "book/deepdive/deepdive.css");
    let before = scene.snapshot();
    let output = install(&scene);
    scene.refused(
        &before,
        &output,
        &["error: deepdive/deepdive.css: ", "outside the book"],
    );
}

#[test]
fn p21_install_refuses_a_dangling_asset_symlink() {
    let scene = install_scene();
    scene.link("../../outside/missing.css", "book/deepdive/deepdive.css");
    let before = scene.snapshot();
    let output = install(&scene);
    scene.refused(
        &before,
        &output,
        &["error: deepdive/deepdive.css: ", "which does not exist"],
    );
    assert!(!scene.path("outside/missing.css").exists());
}

#[test]
fn p22_install_writes_no_asset_when_book_toml_is_read_only() {
    let scene = install_scene();
    scene.read_only("book/book.toml");
    let before = scene.snapshot();
    let output = install(&scene);
    scene.refused(&before, &output, &["error: book.toml: is read-only"]);
}

#[test]
fn p23_install_keeps_crlf_and_comments_and_is_idempotent() {
    let original = "# Our book\r\n[book]\r\ntitle = \"T\" # shown\r\n\r\n[output.html]\r\n# our styles\r\nadditional-css = [\r\n  \"ours.css\",\r\n]\r\n";
    let scene = Scene::new(
        original,
        &[
            ("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
            ("src/a.md", "---\nstatus: done\n---\n# A\n"),
            ("ours.css", "/* ours */\n"),
        ],
    );
    let before = scene.snapshot();
    let output = install(&scene);
    let toml = "# Our book\r\n[book]\r\ntitle = \"T\" # shown\r\n\r\n[output.html]\r\n# our styles\r\nadditional-css = [\r\n  \"ours.css\", \"deepdive/deepdive.css\",\r\n]\r\n\r\n[preprocessor.deepdive-status]\r\nafter = [\"links\"]\r\n";
    let css = scene.read("book/deepdive/deepdive.css");
    assert!(css.starts_with("/* mdbook-deepdive "), "{css}");
    scene.changed(
        &before,
        &output,
        &[
            ("book/book.toml", toml),
            ("book/deepdive/deepdive.css", &css),
        ],
    );
    let installed = scene.snapshot();
    let again = install(&scene);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing to change"));
    assert_eq!(
        scene.snapshot(),
        installed,
        "a second install changed files"
    );
}

// import

const INDEX_BOOK: &str =
    "[book]\ntitle = \"T\"\n\n[preprocessor.deepdive-index]\nafter = [\"links\"]\n";

fn index_scene(rows: &str) -> Scene {
    Scene::new(
        INDEX_BOOK,
        &[
            (
                "src/SUMMARY.md",
                "# Summary\n\n- [Index](README.md)\n- [A](a.md)\n- [B](b.md)\n",
            ),
            (
                "src/README.md",
                &format!("# Index\n\n| Topic | Focus | Status |\n|---|---|---|\n{rows}"),
            ),
            ("src/a.md", "# A\n"),
            ("src/b.md", "# B\n"),
        ],
    )
}

fn import(scene: &Scene, file: &str) -> Output {
    scene.run("deepdive-index", "import", &[file])
}

#[test]
fn p24_import_refuses_a_row_linking_through_a_symlink_out_of_the_book() {
    let scene = index_scene("| [A](a.md) | f | done |\n| [X](dd/a.md) | f | done |\n");
    scene.link("../../outside", "book/src/dd");
    let before = scene.snapshot();
    let output = import(&scene, "src/README.md");
    scene.refused(
        &before,
        &output,
        &["error: src/dd/a.md: ", "through the symlink `src/dd`"],
    );
}

#[test]
fn p25_import_refuses_an_absolute_file_outside_the_book() {
    let scene = index_scene("| [A](a.md) | f | done |\n");
    scene.write(
        "outside/index.md",
        "| Topic | Status |\n|---|---|\n| [A](a.md) | done |\n",
    );
    let before = scene.snapshot();
    let outside = scene.path("outside/index.md").display().to_string();
    let output = import(&scene, &outside);
    scene.refused(&before, &output, &["outside the book"]);
}

#[test]
fn p26_import_refuses_a_row_climbing_out_of_the_book() {
    let scene = index_scene("| [A](a.md) | f | done |\n| [X](../../outside/a.md) | f | done |\n");
    let before = scene.snapshot();
    let output = import(&scene, "src/README.md");
    scene.refused(&before, &output, &["leaves the book"]);
}

#[test]
fn p27_import_writes_no_row_when_a_later_chapter_is_read_only() {
    let scene = index_scene("| [A](a.md) | f | done |\n| [B](b.md) | f | done |\n");
    scene.read_only("book/src/b.md");
    let before = scene.snapshot();
    let output = import(&scene, "src/README.md");
    scene.refused(&before, &output, &["error: src/b.md: is read-only"]);
}

#[test]
fn p28_import_changes_exactly_the_intended_bytes_of_crlf_files() {
    let toml = "# Our book\r\n[book]\r\ntitle = \"T\" # shown\r\n\r\n[preprocessor.deepdive-index]\r\nafter = [\"links\"] # first\r\n";
    let index = "# Index\r\n\r\n<!-- hand-kept -->\r\n## Finished\r\n\r\n| Topic | Focus | Status |\r\n|---|---|---|\r\n| [Alpha](a.md) | Fast | done |\r\n\r\n## Planned\r\n\r\n| Topic | Focus | Status |\r\n|---|---|---|\r\n| [Beta](b.md) | Later | skeleton |\r\n\r\nThe end.\r\n";
    let scene = Scene::new(
        toml,
        &[
            (
                "src/SUMMARY.md",
                "# Summary\r\n\r\n- [Index](README.md)\r\n- [A](a.md)\r\n- [B](b.md)\r\n",
            ),
            ("src/README.md", index),
            ("src/a.md", "# A\r\n\r\nbody <!-- note -->\r\n"),
            (
                "src/b.md",
                "---\r\ntitle: Beta\r\n# a comment\r\nstatus: draft-ish\r\n---\r\n# B\r\n",
            ),
        ],
    );
    let before = scene.snapshot();
    let output = import(&scene, "src/README.md");
    let toml_after = "# Our book\r\n[book]\r\ntitle = \"T\" # shown\r\n\r\n[preprocessor.deepdive-index]\r\nafter = [\"links\"] # first\r\ngroup-titles = { done = \"Finished\", skeleton = \"Planned\" }\r\ngroup-order = [\"done\", \"skeleton\"]\r\n";
    let index_after = "# Index\r\n\r\n<!-- hand-kept -->\r\n{{#investigation-index group-by=status}}\r\n\r\nThe end.\r\n";
    scene.changed(
        &before,
        &output,
        &[
            ("book/book.toml", toml_after),
            ("book/src/README.md", index_after),
            (
                "book/src/a.md",
                "---\r\ntitle: \"Alpha\"\r\nstatus: done\r\nfocus: \"Fast\"\r\n---\r\n# A\r\n\r\nbody <!-- note -->\r\n",
            ),
            (
                "book/src/b.md",
                "---\r\ntitle: Beta\r\n# a comment\r\nstatus: skeleton\r\nfocus: \"Later\"\r\n---\r\n# B\r\n",
            ),
        ],
    );
}

#[test]
fn p29_import_refuses_two_edits_of_one_file() {
    let scene = index_scene("| [A](a.md) | f | done |\n| [Index](README.md) | f | done |\n");
    let before = scene.snapshot();
    let output = import(&scene, "src/README.md");
    scene.refused(
        &before,
        &output,
        &["error: src/README.md: is the same file as"],
    );
}

#[test]
fn p30_install_refuses_an_asset_path_through_a_file() {
    let scene = install_scene();
    scene.write("book/deepdive", "a file where the asset folder goes\n");
    let before = scene.snapshot();
    let output = install(&scene);
    scene.refused(
        &before,
        &output,
        &["error: deepdive/deepdive.css: ", "not a folder"],
    );
}
