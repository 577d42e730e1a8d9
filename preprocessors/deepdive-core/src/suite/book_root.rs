//! The book's root, and the one way a command writes into it.
//!
//! A docs repository takes contributions from many hands, and commands
//! (`install`, `import`, `fix-encoding`, `new`) run on whatever was committed:
//! a committed `src/dd -> /elsewhere` must not get `/elsewhere` rewritten.
//! So every command that writes opens the book with [`BookRoot::open`] (the
//! root canonicalized once) and plans its writes in a [`Writes`]: each path is
//! resolved (the symlinks of every existing ancestor, `..`) and refused unless
//! it stays inside the root, and each file's whole new contents are held.
//! Only when every write of the command is planned and checked does
//! [`Writes::commit`] write them, each to a temporary file beside its target
//! and then renamed over it: a refused or failing command writes nothing.
//!
//! [`BookRoot::files`] is the walk of a folder of the book that every command
//! uses: cycle-safe (each real folder visited once) and never leaving the
//! root through a symlink.

use anyhow::{Context as _, Result};
use std::collections::HashSet;
use std::fmt;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// A path a command may not use, and why: shown as `PATH: reason`, so the
/// command line prints `error: PATH: reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// The path as the user would find it (relative to the book when inside).
    pub path: String,
    /// Why it is refused.
    pub reason: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

impl std::error::Error for PathError {}

/// The book's folder, canonical, so every path is judged by where it leads.
#[derive(Debug, Clone)]
pub struct BookRoot {
    canonical: PathBuf,
    /// The folder as named (made absolute, symlinks kept), for messages.
    named: PathBuf,
}

/// Where a write lands once every symlink on its way is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Resolved {
    /// The real file written (a symlink inside the book is written through).
    target: PathBuf,
    /// The folders to create first, outermost first.
    missing_dirs: Vec<PathBuf>,
    /// The file's current contents; `None` when it does not exist yet.
    current: Option<Vec<u8>>,
}

impl BookRoot {
    /// The book at `book` (`--book`), its folder resolved once.
    pub fn open(book: &Path) -> Result<Self> {
        let canonical = book
            .canonicalize()
            .with_context(|| format!("{}: cannot open the book's folder", book.display()))?;
        anyhow::ensure!(
            canonical.is_dir(),
            "{}: is not a folder (--book names the book's folder, where book.toml is)",
            book.display()
        );
        let named = std::path::absolute(book).unwrap_or_else(|_| canonical.clone());
        Ok(BookRoot { canonical, named })
    }

    /// The root, canonical.
    pub fn path(&self) -> &Path {
        &self.canonical
    }

    /// `path` as a message shows it: relative to the book when inside it.
    pub fn shown(&self, path: &Path) -> String {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let inside = absolute
            .strip_prefix(&self.canonical)
            .or_else(|_| absolute.strip_prefix(&self.named));
        match inside {
            Ok(inside) if !inside.as_os_str().is_empty() => inside.display().to_string(),
            _ => path.display().to_string(),
        }
    }

    fn refuse(&self, path: &Path, reason: impl Into<String>) -> PathError {
        PathError {
            path: self.shown(path),
            reason: reason.into(),
        }
    }

    /// Whether the real path `real` is the root or inside it.
    pub fn contains(&self, real: &Path) -> bool {
        real.starts_with(&self.canonical)
    }

    /// Where writing `path` (absolute, or relative to the current folder)
    /// lands, after every symlink and `..` on the way; refused when that is
    /// outside the root, through a file, a folder, a dangling symlink or a
    /// read-only file or folder.
    fn resolve(&self, path: &Path) -> Result<Resolved, PathError> {
        let absolute = std::path::absolute(path)
            .map_err(|e| self.refuse(path, format!("cannot resolve the path: {e}")))?;
        let mut real = PathBuf::from("/");
        let mut symlink: Option<PathBuf> = None;
        let mut missing_dirs = Vec::new();
        let mut components = absolute.components().peekable();
        while let Some(component) = components.next() {
            let is_last = components.peek().is_none();
            match component {
                Component::Prefix(_) | Component::RootDir | Component::CurDir => {}
                Component::ParentDir if missing_dirs.is_empty() => {
                    real.pop();
                }
                Component::ParentDir => {
                    return Err(self.refuse(path, "`..` after a folder that does not exist"));
                }
                Component::Normal(name) => {
                    let next = real.join(name);
                    if !missing_dirs.is_empty() {
                        if !is_last {
                            missing_dirs.push(next.clone());
                        }
                        real = next;
                        continue;
                    }
                    match std::fs::symlink_metadata(&next) {
                        Ok(meta) if meta.file_type().is_symlink() => {
                            real = next.canonicalize().map_err(|_| {
                                let to = std::fs::read_link(&next)
                                    .map_or_else(|_| "?".into(), |t| t.display().to_string());
                                self.refuse(
                                    &next,
                                    format!(
                                        "is a symlink to `{to}`, which does not exist; \
                                         writing through it could create a file anywhere"
                                    ),
                                )
                            })?;
                            symlink = Some(next);
                        }
                        Ok(_) => real = next,
                        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                            if !is_last {
                                missing_dirs.push(next.clone());
                            }
                            real = next;
                        }
                        Err(error) => return Err(self.refuse(&next, error.to_string())),
                    }
                    if missing_dirs.is_empty() && !is_last && !real.is_dir() {
                        return Err(self.refuse(
                            path,
                            format!(
                                "goes through `{}`, which is not a folder",
                                self.shown(&real)
                            ),
                        ));
                    }
                }
            }
        }
        if !self.contains(&real) {
            let how = symlink.map_or_else(String::new, |link| {
                format!(" through the symlink `{}`", self.shown(&link))
            });
            return Err(self.refuse(
                path,
                format!(
                    "resolves to {}{how}, outside the book's folder {}; \
                     commands never write outside the book",
                    real.display(),
                    self.canonical.display()
                ),
            ));
        }
        self.writable(path, &real, missing_dirs)
    }

    /// Whether `path` may be written (see [`Writes`]), for a command to
    /// refuse a path it was given before doing any work on it.
    pub fn check_writable(&self, path: &Path) -> Result<(), PathError> {
        self.resolve(path).map(|_| ())
    }

    /// The checks on the resolved target `real` itself: a file (or nothing
    /// yet) that may be replaced, in a folder that may be written.
    fn writable(
        &self,
        path: &Path,
        real: &Path,
        missing_dirs: Vec<PathBuf>,
    ) -> Result<Resolved, PathError> {
        let current = match std::fs::metadata(real) {
            Ok(meta) if meta.is_dir() => {
                return Err(self.refuse(path, "is a folder, not a file"));
            }
            Ok(meta) if meta.permissions().readonly() => {
                return Err(self.refuse(path, "is read-only; not replacing it"));
            }
            Ok(_) => Some(
                std::fs::read(real).map_err(|e| self.refuse(path, format!("cannot read: {e}")))?,
            ),
            Err(_) => None,
        };
        let folder = missing_dirs
            .first()
            .and_then(|dir| dir.parent())
            .or_else(|| real.parent())
            .unwrap_or(&self.canonical);
        if std::fs::metadata(folder).is_ok_and(|meta| meta.permissions().readonly()) {
            return Err(self.refuse(
                path,
                format!("its folder `{}` is read-only", self.shown(folder)),
            ));
        }
        Ok(Resolved {
            target: real.to_path_buf(),
            missing_dirs,
            current,
        })
    }

    /// The book's source folder `src` (`[book] src`, relative to the book
    /// named `book`), refused with its line in book.toml when it leads
    /// outside the root.
    pub fn source_dir(&self, book: &Path, src: &str) -> Result<PathBuf> {
        let dir = book.join(src);
        let leaves = match dir.canonicalize() {
            Ok(real) => (!self.contains(&real)).then(|| real.display().to_string()),
            Err(_) => crate::book::links::normalize(Path::new(src))
                .is_none()
                .then(|| dir.display().to_string()),
        };
        match leaves {
            None => Ok(dir),
            Some(real) => anyhow::bail!(
                "{}: `[book] src = \"{src}\"` resolves to {real}, outside the book's folder {}; \
                 the commands that write keep to the book",
                crate::suite::config::book_key_location(&self.canonical, "book.src"),
                self.canonical.display()
            ),
        }
    }

    /// The files under the book's folder `dir` that `keep` accepts, sorted,
    /// each once (by its real path). Symlinked folders are followed while they
    /// stay inside the book, each real folder once (a symlink cycle ends);
    /// whatever a symlink leads to outside the book, or a dangling symlink, is
    /// left out and named in [`Walk::skipped`]. `dir` itself must be inside.
    pub fn files(&self, dir: &Path, keep: impl Fn(&Path) -> bool) -> Result<Walk, PathError> {
        let real = dir
            .canonicalize()
            .map_err(|e| self.refuse(dir, format!("cannot read the folder: {e}")))?;
        if !self.contains(&real) {
            return Err(self.refuse(
                dir,
                format!(
                    "resolves to {}, outside the book's folder {}",
                    real.display(),
                    self.canonical.display()
                ),
            ));
        }
        let mut walk = Walk::default();
        let mut seen_dirs = HashSet::from([real]);
        let mut seen_files = HashSet::new();
        self.walk(dir, &keep, &mut seen_dirs, &mut seen_files, &mut walk)?;
        walk.files.sort();
        Ok(walk)
    }

    fn walk(
        &self,
        dir: &Path,
        keep: &impl Fn(&Path) -> bool,
        seen_dirs: &mut HashSet<PathBuf>,
        seen_files: &mut HashSet<PathBuf>,
        walk: &mut Walk,
    ) -> Result<(), PathError> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| self.refuse(dir, format!("cannot read the folder: {e}")))?
            .flatten()
            .map(|entry| entry.path())
            .collect();
        entries.sort();
        for path in entries {
            let Ok(real) = path.canonicalize() else {
                walk.skipped
                    .push(self.refuse(&path, "is a dangling symlink; skipped"));
                continue;
            };
            if !self.contains(&real) {
                walk.skipped.push(self.refuse(
                    &path,
                    format!("leads to {}, outside the book; skipped", real.display()),
                ));
            } else if real.is_dir() {
                // A folder seen before (a symlink cycle, or two links to one
                // folder) is walked once.
                if seen_dirs.insert(real) {
                    self.walk(&path, keep, seen_dirs, seen_files, walk)?;
                }
            } else if keep(&path) && seen_files.insert(real) {
                walk.files.push(path);
            }
        }
        Ok(())
    }
}

/// What [`BookRoot::files`] found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The files, by the path they were found at.
    pub files: Vec<PathBuf>,
    /// The entries left out, and why.
    pub skipped: Vec<PathError>,
}

/// Whether a planned file may replace one that is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Replace,
    /// Never overwrites: the file must not exist when it is written.
    Create,
}

#[derive(Debug)]
struct Planned {
    shown: String,
    resolved: Resolved,
    contents: Vec<u8>,
    mode: Mode,
}

/// Every write of one command: planned and checked first, then committed
/// together. The one way a command writes into a book.
#[derive(Debug)]
pub struct Writes<'a> {
    root: &'a BookRoot,
    planned: Vec<Planned>,
}

impl<'a> Writes<'a> {
    /// No writes yet, under `root`.
    pub fn new(root: &'a BookRoot) -> Self {
        Writes {
            root,
            planned: Vec::new(),
        }
    }

    /// Plans `path` to hold `contents` (replacing the file if there is one).
    pub fn replace(&mut self, path: &Path, contents: impl Into<Vec<u8>>) -> Result<(), PathError> {
        self.plan(path, contents.into(), Mode::Replace)
    }

    /// Plans the new file `path`; refused if it exists (now or when written).
    pub fn create(&mut self, path: &Path, contents: impl Into<Vec<u8>>) -> Result<(), PathError> {
        self.plan(path, contents.into(), Mode::Create)
    }

    fn plan(&mut self, path: &Path, contents: Vec<u8>, mode: Mode) -> Result<(), PathError> {
        let resolved = self.root.resolve(path)?;
        if mode == Mode::Create && resolved.current.is_some() {
            return Err(self.root.refuse(path, "exists already; not overwriting it"));
        }
        if let Some(twin) = self
            .planned
            .iter()
            .find(|p| p.resolved.target == resolved.target)
        {
            if twin.contents == contents {
                return Ok(());
            }
            return Err(self.root.refuse(
                path,
                format!(
                    "is the same file as `{}`, which this command also changes; \
                     it cannot hold both",
                    twin.shown
                ),
            ));
        }
        self.planned.push(Planned {
            shown: self.root.shown(path),
            resolved,
            contents,
            mode,
        });
        Ok(())
    }

    /// The planned files whose contents change, as shown to the user.
    pub fn changed(&self) -> Vec<&str> {
        self.changes().map(|p| p.shown.as_str()).collect()
    }

    fn changes(&self) -> impl Iterator<Item = &Planned> {
        self.planned
            .iter()
            .filter(|p| p.resolved.current.as_deref() != Some(p.contents.as_slice()))
    }

    /// Writes every planned file whose contents change: each first to a
    /// temporary file in its folder; once all are written, the new files are
    /// linked into place (failing if one appeared meanwhile), then the
    /// replaced files renamed over. If anything before the renames fails, the
    /// temporary files, new files and folders made for them are removed and
    /// no existing file is touched. (A rename within one folder does not fail
    /// short of the disk going away.)
    pub fn commit(self) -> Result<()> {
        let mut changes: Vec<&Planned> = self.changes().collect();
        changes.sort_by_key(|p| p.mode != Mode::Create);
        let mut made = Made::default();
        let result = commit_all(&changes, &mut made);
        if result.is_err() {
            made.remove();
        }
        result
    }
}

/// What a commit made, removed again if it fails.
#[derive(Default)]
struct Made {
    dirs: Vec<PathBuf>,
    temporaries: Vec<PathBuf>,
    new_files: Vec<PathBuf>,
}

impl Made {
    fn remove(&self) {
        for file in self.temporaries.iter().chain(&self.new_files) {
            let _ = std::fs::remove_file(file);
        }
        for dir in self.dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Stages every change, then puts each in place: new files first.
fn commit_all(changes: &[&Planned], made: &mut Made) -> Result<()> {
    for planned in changes {
        for dir in &planned.resolved.missing_dirs {
            if !dir.exists() {
                std::fs::create_dir(dir)
                    .with_context(|| format!("{}: cannot create its folder", planned.shown))?;
                made.dirs.push(dir.clone());
            }
        }
        made.temporaries.push(stage(planned)?);
    }
    for (planned, temporary) in changes.iter().zip(made.temporaries.clone()) {
        let target = &planned.resolved.target;
        match planned.mode {
            Mode::Create => {
                std::fs::hard_link(&temporary, target).with_context(|| {
                    format!(
                        "{}: cannot create it (does it exist already?)",
                        planned.shown
                    )
                })?;
                made.new_files.push(target.clone());
                std::fs::remove_file(&temporary)
                    .with_context(|| format!("{}: cannot write", planned.shown))?;
            }
            Mode::Replace => std::fs::rename(&temporary, target)
                .with_context(|| format!("{}: cannot write", planned.shown))?,
        }
    }
    Ok(())
}

/// Writes `planned`'s contents to a new temporary file beside its target,
/// with the target's permissions; returns its path.
fn stage(planned: &Planned) -> Result<PathBuf> {
    let target = &planned.resolved.target;
    let folder = target.parent().unwrap_or(Path::new("/"));
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let temporary = folder.join(format!(".{name}.deepdive-{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(&planned.contents)?;
        if let Ok(meta) = std::fs::metadata(target) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()
    })();
    written.with_context(|| format!("{}: cannot write", planned.shown))?;
    Ok(temporary)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt as _, symlink};

    /// A temporary folder holding `book/` and a sibling `outside/` with a file.
    fn fixture() -> (tempfile::TempDir, BookRoot) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("book/src")).unwrap();
        std::fs::create_dir_all(dir.path().join("outside")).unwrap();
        std::fs::write(dir.path().join("outside/a.md"), "sentinel").unwrap();
        std::fs::write(dir.path().join("book/src/a.md"), "a").unwrap();
        let root = BookRoot::open(&dir.path().join("book")).unwrap();
        (dir, root)
    }

    fn reason(result: Result<(), PathError>) -> String {
        result.unwrap_err().reason
    }

    #[test]
    fn a_write_inside_the_book_is_planned_then_committed() {
        let (dir, root) = fixture();
        let book = dir.path().join("book");
        let mut writes = Writes::new(&root);
        writes.replace(&book.join("src/a.md"), "b").unwrap();
        writes.create(&book.join("src/new/deep/c.md"), "c").unwrap();
        writes
            .replace(&book.join("src/./../src/a.md"), "b")
            .unwrap();
        let missing = reason(writes.replace(&book.join("src/x/../a.md"), "b"));
        assert!(missing.contains("does not exist"), "{missing}");
        assert_eq!(writes.changed(), ["src/a.md", "src/new/deep/c.md"]);
        writes.commit().unwrap();
        assert_eq!(std::fs::read_to_string(book.join("src/a.md")).unwrap(), "b");
        assert_eq!(
            std::fs::read_to_string(book.join("src/new/deep/c.md")).unwrap(),
            "c"
        );
        let leftovers = root.files(&book, |_| true).unwrap().files;
        assert_eq!(
            leftovers.len(),
            2,
            "no temporary file is left: {leftovers:?}"
        );
    }

    #[test]
    fn symlinks_and_dots_that_leave_the_book_are_refused() {
        let (dir, root) = fixture();
        let book = dir.path().join("book");
        symlink(dir.path().join("outside"), book.join("src/dd")).unwrap();
        symlink(dir.path().join("outside/a.md"), book.join("src/link.md")).unwrap();
        let mut writes = Writes::new(&root);
        for path in ["src/dd/a.md", "src/dd/new.md", "src/link.md"] {
            let error = writes.replace(&book.join(path), "x").unwrap_err();
            assert_eq!(error.path, path);
            assert!(error.reason.contains("through the symlink"), "{error}");
        }
        let climbing = reason(writes.replace(&book.join("src/../../outside/a.md"), "x"));
        assert!(climbing.contains("outside the book's folder"), "{climbing}");
        let absolute = reason(writes.replace(&dir.path().join("outside/b.md"), "x"));
        assert!(absolute.contains("outside the book's folder"), "{absolute}");
        assert!(writes.changed().is_empty());
    }

    #[test]
    fn a_symlink_inside_the_book_is_written_through() {
        let (dir, root) = fixture();
        let book = dir.path().join("book");
        symlink("a.md", book.join("src/alias.md")).unwrap();
        let mut writes = Writes::new(&root);
        writes.replace(&book.join("src/alias.md"), "z").unwrap();
        assert!(writes.replace(&book.join("src/a.md"), "y").is_err());
        writes.commit().unwrap();
        assert!(
            std::fs::symlink_metadata(book.join("src/alias.md"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(book.join("src/a.md")).unwrap(), "z");
    }

    #[test]
    fn dangling_symlinks_files_as_folders_and_read_only_targets_are_refused() {
        let (dir, root) = fixture();
        let book = dir.path().join("book");
        symlink(dir.path().join("nowhere.md"), book.join("src/gone.md")).unwrap();
        let mut writes = Writes::new(&root);
        assert!(reason(writes.replace(&book.join("src/gone.md"), "x")).contains("does not exist"));
        assert!(reason(writes.replace(&book.join("src/a.md/b.md"), "x")).contains("not a folder"));
        assert!(reason(writes.replace(&book.join("src"), "x")).contains("is a folder"));
        assert!(reason(writes.create(&book.join("src/a.md"), "x")).contains("exists already"));
        std::fs::set_permissions(
            book.join("src/a.md"),
            std::fs::Permissions::from_mode(0o444),
        )
        .unwrap();
        assert!(reason(writes.replace(&book.join("src/a.md"), "x")).contains("read-only"));
        std::fs::create_dir(book.join("locked")).unwrap();
        std::fs::set_permissions(book.join("locked"), std::fs::Permissions::from_mode(0o555))
            .unwrap();
        assert!(reason(writes.create(&book.join("locked/x.md"), "x")).contains("read-only"));
        assert!(writes.changed().is_empty());
    }

    #[test]
    fn a_failing_commit_leaves_nothing_behind() {
        let (dir, root) = fixture();
        let book = dir.path().join("book");
        let mut writes = Writes::new(&root);
        writes.replace(&book.join("src/a.md"), "changed").unwrap();
        writes.create(&book.join("src/made/new.md"), "new").unwrap();
        // The new file appears between planning and writing: the commit fails.
        std::fs::create_dir(book.join("src/made")).unwrap();
        std::fs::write(book.join("src/made/new.md"), "theirs").unwrap();
        assert!(writes.commit().is_err());
        assert_eq!(std::fs::read_to_string(book.join("src/a.md")).unwrap(), "a");
        assert_eq!(
            std::fs::read_to_string(book.join("src/made/new.md")).unwrap(),
            "theirs"
        );
        assert_eq!(root.files(&book, |_| true).unwrap().files.len(), 2);
    }

    #[test]
    fn the_walk_survives_cycles_and_stays_inside() {
        let (dir, root) = fixture();
        let book = dir.path().join("book");
        std::fs::create_dir(book.join("src/sub")).unwrap();
        std::fs::write(book.join("src/sub/b.md"), "b").unwrap();
        symlink("..", book.join("src/sub/loop")).unwrap();
        symlink(&book, book.join("src/sub/root")).unwrap();
        symlink(dir.path().join("outside"), book.join("src/out")).unwrap();
        symlink("missing", book.join("src/gone.md")).unwrap();
        let walk = root
            .files(&book.join("src"), |p| {
                p.extension().is_some_and(|e| e == "md")
            })
            .unwrap();
        let found: Vec<String> = walk.files.iter().map(|f| root.shown(f)).collect();
        assert_eq!(found, ["src/a.md", "src/sub/b.md"]);
        let skipped: Vec<&str> = walk.skipped.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(skipped, ["src/gone.md", "src/out"]);
        symlink(dir.path().join("outside"), book.join("linked-src")).unwrap();
        assert!(root.files(&book.join("linked-src"), |_| true).is_err());
    }
}
