//! Links between chapters: finding the chapter a reference names, and the
//! relative link from one chapter to another.
//!
//! Links are written as markdown links to the target's `.md` file, relative
//! to the linking chapter; mdBook's HTML renderer turns `.md` into `.html`,
//! and other renderers keep the file, so one link works everywhere.

use crate::book::metadata::RELATIONSHIPS;
use crate::book::page::Page;
use crate::text::diagnostics::Diagnostics;
use crate::text::frontmatter;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The path a chapter renders at: `README.md` becomes `index.md`, as mdBook's
/// `index` preprocessor does (whether or not it has run yet).
pub fn rendered_path(page: &Page) -> Option<PathBuf> {
    let path = page.path.as_ref().or(page.source_path.as_ref())?;
    let is_readme = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("readme.md"));
    Some(if is_readme {
        path.with_file_name("index.md")
    } else {
        path.clone()
    })
}

/// Lexically normalises `a/./b/../c` to `a/c`; `None` when it climbs above the root.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => {}
        }
    }
    Some(parts.iter().collect())
}

/// Where each page of a run is by source path, chapter number and front
/// matter `id`, built once per run: a book of 20,000 chapters may hold as
/// many references, and each is a lookup, not a scan of every page. The
/// first page in book order wins, as a scan from the start would find it.
#[derive(Debug, Default)]
pub struct PageIndex {
    by_path: HashMap<PathBuf, usize>,
    by_number: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
}

/// A chapter number without its leading zeros (`07` and `7` are one number).
fn number_key(number: &str) -> &str {
    number.trim_start_matches('0')
}

impl PageIndex {
    /// The index of `pages`, built once per run.
    pub fn of(pages: &[Page]) -> Self {
        let mut index = PageIndex::default();
        for (i, page) in pages.iter().enumerate() {
            if let Some(path) = &page.source_path {
                index.by_path.entry(path.clone()).or_insert(i);
            }
            if let Some(number) = chapter_number(page) {
                index
                    .by_number
                    .entry(number_key(number).to_owned())
                    .or_insert(i);
            }
            if let Some(id) = page
                .meta
                .fields
                .get("id")
                .and_then(serde_json::Value::as_str)
            {
                index.by_id.entry(id.to_owned()).or_insert(i);
            }
        }
        index
    }

    /// The page `target` names, seen from the page whose source is `from`.
    ///
    /// `target` is a path relative to the linking chapter (`./07-x.md`,
    /// `../deep-dives/07-x`) or to the book's source folder
    /// (`deep-dives/07-x.md`, `/deep-dives/07-x`), with or without `.md`; a
    /// folder names its `README.md`, `_index.md` or `index.md`. A
    /// `#fragment` is ignored here. `pages` are the pages this was made of.
    pub fn resolve<'a>(&self, pages: &'a [Page], from: &Path, target: &str) -> Option<&'a Page> {
        let target = target.split('#').next().unwrap_or(target).trim();
        if target.is_empty() {
            return None;
        }
        let base = from.parent().unwrap_or(Path::new(""));
        let relative = target.trim_start_matches('/');
        let mut roots = Vec::new();
        if !target.starts_with('/') {
            roots.extend(normalize(&base.join(relative)));
        }
        roots.extend(normalize(Path::new(relative)));
        for root in roots {
            let mut candidates = vec![root.clone()];
            if root.extension().is_none_or(|e| e != "md") {
                let mut with_md = root.clone().into_os_string();
                with_md.push(".md");
                candidates.push(PathBuf::from(with_md));
            }
            for index in ["README.md", "_index.md", "index.md"] {
                candidates.push(root.join(index));
            }
            if let Some(&i) = candidates.iter().find_map(|c| self.by_path.get(c)) {
                return pages.get(i);
            }
        }
        None
    }

    /// The page a reference names: a path (see [`PageIndex::resolve`]), a
    /// chapter number (`07` or `7`), or a front matter `id`.
    pub fn find<'a>(&self, pages: &'a [Page], from: &Path, reference: &str) -> Option<&'a Page> {
        let reference = reference.trim();
        if let Some(page) = self.resolve(pages, from, reference) {
            return Some(page);
        }
        if !reference.is_empty()
            && reference.bytes().all(|b| b.is_ascii_digit())
            && let Some(&i) = self.by_number.get(number_key(reference))
        {
            return pages.get(i);
        }
        self.by_id.get(reference).and_then(|&i| pages.get(i))
    }
}

/// The number of a chapter: the digits before the first `-` of its file name
/// (`07-distributed-presence.md` → `07`), with the one letter a record
/// inserted between two others takes (`0004a-ancestry.md` → `0004a`, after at
/// least two digits, so `3d-printing.md` has no number), else its front
/// matter `number`.
pub fn chapter_number(page: &Page) -> Option<&str> {
    let stem = page.source_path.as_deref()?.file_stem()?.to_str()?;
    let prefix = stem.split('-').next().unwrap_or("");
    if stem.contains('-') && is_number_prefix(prefix) {
        return Some(prefix);
    }
    page.meta.text("number")
}

/// Digits, or two digits or more and a lowercase letter.
fn is_number_prefix(prefix: &str) -> bool {
    let digits = prefix.bytes().take_while(u8::is_ascii_digit).count();
    match &prefix.as_bytes()[digits..] {
        [] => digits > 0,
        [letter] => digits >= 2 && letter.is_ascii_lowercase(),
        _ => false,
    }
}

/// What is said of the relationship `key: reference` (a front matter key of
/// [`RELATIONSHIPS`]) when it names no chapter, with how to name one.
pub fn names_no_chapter(key: &str, reference: &str) -> String {
    format!(
        "`{key}: {reference}` names no chapter (use a path like `adr/0001-x.md`, a number like `07`, or a front matter `id`)"
    )
}

/// Warns, at its key's line, of each relationship reference of `page` (its
/// [`RELATIONSHIPS`]) that names no chapter; `names_a_chapter` says whether
/// a reference does, as the run finds it. The one member of a build that
/// reports these calls it, so each is said once.
pub fn warn_unresolved_relationships(
    page: &Page,
    content: &str,
    names_a_chapter: impl Fn(&str) -> bool,
    diagnostics: &mut Diagnostics,
) {
    for key in RELATIONSHIPS {
        for reference in page.meta.references(key) {
            if names_a_chapter(&reference) {
                continue;
            }
            let offset = page
                .front_matter
                .as_ref()
                .map_or(0, |block| frontmatter::key_offset(content, block, key));
            diagnostics.warning(
                Some(page.location(content, offset)),
                names_no_chapter(key, &reference),
            );
        }
    }
}

/// The relative link from `from` to `to`, as [`LinksFrom::to`] makes it.
pub fn link(from: &Page, to: &Page) -> Option<String> {
    LinksFrom::page(from)?.to(to)
}

/// Relative links from one chapter to others, percent-encoded so each is a
/// valid markdown link destination. The linking chapter's folder is split
/// once, so an index of thousands of rows does not split it per row.
pub struct LinksFrom<'a> {
    folder: Vec<Component<'a>>,
}

impl<'a> LinksFrom<'a> {
    /// Links from `page`; `None` for a draft chapter, which renders nowhere.
    pub fn page(page: &'a Page) -> Option<Self> {
        // `README.md` renders as `index.md` in the same folder.
        let path = page.path.as_ref().or(page.source_path.as_ref())?;
        Some(Self::path(path))
    }

    /// Links from the chapter rendered at `from` (relative to the source folder).
    pub fn path(from: &'a Path) -> Self {
        let folder = from
            .parent()
            .map(|p| p.components().collect())
            .unwrap_or_default();
        Self { folder }
    }

    /// The link to `target`; `None` when it is a draft.
    pub fn to(&self, target: &Page) -> Option<String> {
        Some(self.to_path(&rendered_path(target)?))
    }

    /// The link to the chapter rendered at `to` (relative to the source folder).
    pub fn to_path(&self, to: &Path) -> String {
        let common = self
            .folder
            .iter()
            .zip(to.components())
            .take_while(|(a, b)| **a == *b)
            .count();
        let ups = self.folder.len() - common;
        let mut link = String::with_capacity(3 * ups + to.as_os_str().len());
        link.push_str(if ups == 0 { "./" } else { ".." });
        for _ in 1..ups {
            link.push_str("/..");
        }
        for (i, part) in to.components().skip(common).enumerate() {
            if ups > 0 || i > 0 {
                link.push('/');
            }
            encode_destination_into(&mut link, &part.as_os_str().to_string_lossy());
        }
        link
    }
}

/// Appends `link` to `out`, percent-encoding what would end or break a
/// markdown link destination.
fn encode_destination_into(out: &mut String, link: &str) {
    for c in link.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '"' => out.push_str("%22"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => crate::text::inert::push_percent_encoded(out, c),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str) -> Page {
        let mut page = Page::detached(&format!("src/{path}"));
        page.path = Some(PathBuf::from(path));
        page.source_path = Some(PathBuf::from(path));
        page
    }

    #[test]
    fn relative_links_between_folders() {
        let link = |a: &str, b: &str| LinksFrom::path(Path::new(a)).to_path(Path::new(b));
        assert_eq!(
            link("index.md", "deep-dives/07-x.md"),
            "./deep-dives/07-x.md"
        );
        assert_eq!(link("deep-dives/a.md", "deep-dives/b.md"), "./b.md");
        assert_eq!(
            link("deep-dives/a.md", "templates/t.md"),
            "../templates/t.md"
        );
        assert_eq!(link("a/b/c.md", "index.md"), "../../index.md");
        assert_eq!(link("x.md", "my file (1).md"), "./my%20file%20%281%29.md");
    }

    #[test]
    fn resolves_with_or_without_extension_relative_or_from_the_root() {
        let pages = vec![
            page("README.md"),
            page("deep-dives/07-x.md"),
            page("adr/README.md"),
        ];
        let from = Path::new("deep-dives/08-y.md");
        assert_eq!(
            PageIndex::of(&pages)
                .resolve(&pages, from, "07-x")
                .unwrap()
                .file,
            "src/deep-dives/07-x.md"
        );
        assert_eq!(
            PageIndex::of(&pages)
                .resolve(&pages, from, "./07-x.md#part")
                .unwrap()
                .file,
            "src/deep-dives/07-x.md"
        );
        assert_eq!(
            PageIndex::of(&pages)
                .resolve(&pages, from, "deep-dives/07-x")
                .unwrap()
                .file,
            "src/deep-dives/07-x.md"
        );
        assert_eq!(
            PageIndex::of(&pages)
                .resolve(&pages, from, "/adr")
                .unwrap()
                .file,
            "src/adr/README.md"
        );
        assert_eq!(
            PageIndex::of(&pages)
                .resolve(&pages, from, "../README.md")
                .unwrap()
                .file,
            "src/README.md"
        );
        assert!(
            PageIndex::of(&pages)
                .resolve(&pages, from, "../../etc/passwd")
                .is_none()
        );
        assert!(
            PageIndex::of(&pages)
                .resolve(&pages, from, "nope")
                .is_none()
        );
    }

    #[test]
    fn chapters_are_found_by_number_and_id() {
        let mut adr = page("adr/0001-use-kafka.md");
        adr.meta.fields.insert("id".into(), "ADR-1".into());
        let pages = vec![page("deep-dives/07-x.md"), adr, page("notes.md")];
        let from = Path::new("notes.md");
        assert_eq!(chapter_number(&pages[0]), Some("07"));
        assert_eq!(chapter_number(&pages[2]), None);
        assert_eq!(
            chapter_number(&page("adr/0004a-ancestry.md")),
            Some("0004a")
        );
        for name in [
            "3d-printing.md",
            "2fa-setup.md",
            "0004A-x.md",
            "x-01.md",
            "0004.md",
        ] {
            assert_eq!(chapter_number(&page(name)), None, "{name}");
        }
        assert_eq!(
            PageIndex::of(&pages).find(&pages, from, "7").unwrap().file,
            "src/deep-dives/07-x.md"
        );
        assert_eq!(
            PageIndex::of(&pages)
                .find(&pages, from, "0001")
                .unwrap()
                .file,
            "src/adr/0001-use-kafka.md"
        );
        assert_eq!(
            PageIndex::of(&pages)
                .find(&pages, from, "ADR-1")
                .unwrap()
                .file,
            "src/adr/0001-use-kafka.md"
        );
        assert!(PageIndex::of(&pages).find(&pages, from, "08").is_none());
    }

    #[test]
    fn links_from_and_to_a_readme_use_its_folder_and_index() {
        let readme = page("adr/README.md");
        let links = LinksFrom::page(&readme).unwrap();
        assert_eq!(links.to(&page("adr/0001-x.md")).unwrap(), "./0001-x.md");
        assert_eq!(links.to(&readme).unwrap(), "./index.md");
        assert_eq!(
            link(&page("a/b/c.md"), &readme).unwrap(),
            "../../adr/index.md"
        );
        let mut draft = page("draft.md");
        draft.path = None;
        draft.source_path = None;
        assert!(link(&readme, &draft).is_none());
        assert!(LinksFrom::page(&draft).is_none());
    }

    #[test]
    fn readme_renders_as_index() {
        assert_eq!(
            rendered_path(&page("a/README.md")),
            Some(PathBuf::from("a/index.md"))
        );
    }
}
