//! A chapter as the suite sees it: its place in the book, where it renders,
//! and its metadata, read once per run.

use crate::book::metadata::{self, Metadata, Source};
use crate::text::diagnostics::{Diagnostics, LineIndex, Location, display_path};
use crate::text::directive::{self, ChapterSource};
use crate::text::frontmatter::Block;
use crate::text::sections::{self, Heading};
use mdbook_preprocessor::book::Chapter;
use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

/// What the book does with `draft: true` chapters (one decision for every member).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Drafts {
    /// Rendered with their badge, left out of every index, count and tag list.
    #[default]
    Publish,
    /// Removed from the book, as Hugo does.
    Hide,
    /// Treated like any chapter.
    Show,
}

/// What the pass knows about one chapter before editing it.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its position in the run's pages (book order), for members that keep
    /// per-chapter state.
    pub index: usize,
    /// The chapter's name in SUMMARY.md.
    pub name: String,
    /// The chapter's number in SUMMARY.md (`None` for an unnumbered chapter).
    pub number: Option<Vec<u32>>,
    /// Where the chapter renders (README.md becomes index.md after mdBook's
    /// `index` preprocessor); `None` for a draft chapter.
    pub path: Option<PathBuf>,
    /// The chapter's file under the source folder (`None` for a draft chapter).
    pub source_path: Option<PathBuf>,
    /// The names of the SUMMARY entries above this chapter.
    pub parent_names: Vec<String>,
    /// The source file as diagnostics show it, e.g. `src/deep-dives/07-x.md`.
    pub file: String,
    /// The front matter block, if the chapter starts with one.
    pub front_matter: Option<Block>,
    /// The chapter's metadata (front matter, or metadata sections).
    pub meta: Metadata,
    /// The lines of the chapter's text, indexed at its first diagnostic, so
    /// a location costs the same in a long chapter as in a short one.
    lines: OnceLock<LineIndex>,
    /// The outline of the chapter's text, made at the first question.
    outline: Outline,
}

/// What members ask of a chapter's markdown, worked out at the first
/// question and kept while the text stays the same: in the all-in-one
/// program, for all four members (see [`Page::edited`]).
#[derive(Debug, Clone, Default)]
struct Outline {
    /// The line scanner's answers for the body, from one scan: its code
    /// ranges for `{{#` and its outline (each `None` where the parser must
    /// answer), taken by the first of the two below that is asked.
    scanned: OnceLock<Scanned>,
    /// Where in the text a `{{#` is text (code, code spans, comments),
    /// from the body on.
    literal: OnceLock<Vec<Range<usize>>>,
    /// The headings of the body, at offsets in the body.
    headings: OnceLock<Vec<Heading>>,
}

type Scanned = (
    Option<Vec<Range<usize>>>,
    Option<crate::text::simple_markdown::Outline>,
);

impl Page {
    /// A page with no chapter behind it (for tools, tests and fuzzing);
    /// diagnostics name it `file`.
    pub fn detached(file: &str) -> Self {
        Page {
            index: 0,
            name: file.to_owned(),
            number: None,
            path: None,
            source_path: None,
            parent_names: Vec::new(),
            file: file.to_owned(),
            front_matter: None,
            meta: Metadata::default(),
            lines: OnceLock::new(),
            outline: Outline::default(),
        }
    }

    /// Whether the chapter belongs in indexes, counts and tag lists.
    pub fn listed(&self, drafts: Drafts) -> bool {
        !self.meta.draft() || drafts == Drafts::Show
    }

    /// The front matter title, else the SUMMARY name.
    pub fn title(&self) -> &str {
        self.meta.title().unwrap_or(&self.name)
    }

    /// Where the chapter's body starts (after any front matter).
    pub fn body_start(&self) -> usize {
        self.front_matter.as_ref().map_or(0, |b| b.whole.end)
    }

    /// The location of byte `offset` of the chapter's text, `content`.
    pub fn location(&self, content: &str, offset: usize) -> Location {
        let lines = self.lines.get_or_init(|| LineIndex::new(content));
        if lines.indexes(content) {
            lines.location(&self.file, content, offset)
        } else {
            Location::in_text(&self.file, content, offset)
        }
    }

    /// The headings of the chapter's body (`content[body_start..]`, where
    /// their offsets are), made once for every member that asks.
    pub fn headings(&self, content: &str) -> &[Heading] {
        self.outline.headings.get_or_init(|| {
            let outline = self.scanned(content).1.as_ref();
            sections::headings_from(&content[self.body_start().min(content.len())..], outline)
        })
    }

    fn scanned(&self, content: &str) -> &Scanned {
        self.outline.scanned.get_or_init(|| {
            crate::text::simple_markdown::directive_literal_ranges_and_outline(
                content,
                self.body_start().min(content.len()),
            )
        })
    }

    /// The page of a chapter whose text an edit changed from `first_changed`
    /// on (`content` is the new text), as the next member sees it: `None`
    /// when its metadata must be read again, because the edit may have
    /// changed it (a chapter without front matter may take its metadata
    /// from sections anywhere in it). Front matter before the edit reads
    /// the same, so its page stays, with only its outline and line index
    /// made again.
    pub fn edited(mut self, content: &str, first_changed: usize) -> Option<Page> {
        let end = self.front_matter.as_ref()?.whole.end;
        // An insertion right after a block that ends without a line break
        // would run into its closing line.
        let untouched = first_changed > end
            || (first_changed == end
                && content.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\n'));
        if !untouched || self.meta.source != Source::FrontMatter {
            return None;
        }
        self.lines = OnceLock::new();
        self.outline = Outline::default();
        Some(self)
    }

    /// Reads what the pass needs of `chapter` (its metadata), reporting a
    /// front matter problem at its position.
    pub fn read(src_dir: &str, chapter: &Chapter, diagnostics: &mut Diagnostics) -> Page {
        let file = chapter
            .source_path
            .as_deref()
            .map(|p| display_path(src_dir, p))
            .unwrap_or_default();
        let mut page = Page {
            index: 0,
            name: chapter.name.clone(),
            number: chapter.number.as_ref().map(|n| n.to_vec()),
            path: chapter.path.clone(),
            source_path: chapter.source_path.clone(),
            parent_names: chapter.parent_names.clone(),
            file,
            front_matter: None,
            meta: Metadata::default(),
            lines: OnceLock::new(),
            outline: Outline::default(),
        };
        match metadata::read(&chapter.content) {
            Ok((block, meta)) => {
                page.front_matter = block;
                page.meta = meta;
            }
            Err(problem) => {
                diagnostics.error(
                    Some(page.location(&chapter.content, problem.offset)),
                    problem.message,
                );
            }
        }
        page
    }
}

impl ChapterSource for Page {
    fn body_start(&self) -> usize {
        Page::body_start(self)
    }

    fn location(&self, text: &str, offset: usize) -> Location {
        Page::location(self, text, offset)
    }

    fn directive_literal_ranges(&self, text: &str) -> Cow<'_, [Range<usize>]> {
        Cow::Borrowed(
            self.outline
                .literal
                .get_or_init(|| match &self.scanned(text).0 {
                    Some(literal) => literal.clone(),
                    None => directive::literal_ranges(text, self.body_start().min(text.len())),
                }),
        )
    }
}
