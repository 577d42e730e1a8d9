//! A chapter as the suite sees it: its place in the book, where it renders,
//! and its metadata, read once per run.

use crate::book::metadata::{self, Metadata, Source};
use crate::text::diagnostics::{Diagnostics, LineIndex, Location, display_path};
use crate::text::directive::{self, ChapterSource};
use crate::text::frontmatter::Block;
use crate::text::insertion;
use crate::text::sections::{self, Heading};
use crate::text::splice::Splice;
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
    /// Whether a location in the chapter's text was asked for.
    located_once: OnceLock<()>,
    /// The lines of the chapter's text, indexed at its second diagnostic, so
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
    /// Where the body holds `{{#` (at offsets in the text), from the one
    /// search every member's directives start from.
    openings: OnceLock<Vec<usize>>,
}

impl Outline {
    /// Moves this outline of the text before `splice` to `content` (whose
    /// body starts at `body_start`), when every edit inserts a paragraph of
    /// its own ([`insertion::keeps_outline`], each judged on the outline the
    /// ones before it left); `false` (and the outline half moved) if not.
    fn moved(&mut self, content: &str, body_start: usize, splice: &Splice) -> bool {
        // Nothing made yet, nothing to move (the literal ranges and headings
        // are made from it; the openings, one search, are made again).
        if self.scanned.get().is_none() {
            return false;
        }
        let mut moved = 0;
        for edit in splice.edits() {
            // Where the edit goes in the body the edits before it made,
            // which `content` is up to there.
            let at = edit.range.start + moved - body_start;
            let len = edit.text.len();
            let body = &content[body_start..];
            let (Some(before), Some(after)) = (body.get(..at), body.get(at + len..)) else {
                return false;
            };
            let outline = self.scanned.get().and_then(|s| s.1.as_ref());
            if !edit.range.is_empty()
                || !insertion::keeps_outline(outline, (before, after), &edit.text)
            {
                return false;
            }
            self.shift(body_start, at, len);
            moved += len;
        }
        true
    }

    /// Moves what is made for `len` bytes inserted at `at` of the body
    /// (which starts at `body_start`; code ranges are at offsets in the text).
    fn shift(&mut self, body_start: usize, at: usize, len: usize) {
        if let Some((literal, outline)) = self.scanned.get_mut() {
            if let Some(literal) = literal {
                insertion::shift_ranges(literal, body_start + at, len);
            }
            if let Some(outline) = outline {
                insertion::shift_outline(outline, at, len);
            }
        }
        if let Some(literal) = self.literal.get_mut() {
            insertion::shift_ranges(literal, body_start + at, len);
        }
        if let Some(headings) = self.headings.get_mut() {
            insertion::shift_headings(headings, at, len);
        }
        if let Some(openings) = self.openings.get_mut() {
            insertion::shift_offsets(openings, body_start + at, len);
        }
    }
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
            located_once: OnceLock::new(),
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

    /// The location of byte `offset` of the chapter's text, `content`. The
    /// first costs a read of the text up to it (most chapters with a
    /// diagnostic have one, near the front matter); the lines are indexed at
    /// the second.
    pub fn location(&self, content: &str, offset: usize) -> Location {
        if self.located_once.set(()).is_ok() {
            return Location::in_text(&self.file, content, offset);
        }
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

    /// The page of a chapter whose text `splice` changed (`content` is the
    /// new text), as the next member sees it: `None` when its metadata must
    /// be read again, because an edit may have changed it (a chapter
    /// without front matter may take its metadata from sections anywhere in
    /// it). Front matter before the edits reads the same, so its page stays,
    /// with its line index made again, and its outline too unless the edits
    /// only insert paragraphs of their own (see [`insertion`]), which move it.
    pub fn edited(mut self, content: &str, splice: &Splice) -> Option<Page> {
        let end = self.front_matter.as_ref()?.whole.end;
        let first_changed = splice.first_changed()?;
        // An insertion right after a block that ends without a line break
        // would run into its closing line.
        let untouched = first_changed > end
            || (first_changed == end
                && content.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\n'));
        if !untouched || self.meta.source != Source::FrontMatter {
            return None;
        }
        self.located_once = OnceLock::new();
        self.lines = OnceLock::new();
        if !self.outline.moved(content, end, splice) {
            self.outline = Outline::default();
        }
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
            located_once: OnceLock::new(),
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

    fn directive_openings(&self, text: &str) -> Cow<'_, [usize]> {
        Cow::Borrowed(
            self.outline.openings.get_or_init(|| {
                directive::opening_offsets(text, self.body_start().min(text.len()))
            }),
        )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::splice::Edit;

    const CHAPTER: &str =
        "---\ntitle: A\n---\n# A\n\nText `{{#status x}}`.\n\n## B\n\n```\ncode\n```\n";
    /// Where the title's line ends.
    const AFTER_TITLE: usize = 21;

    fn read(content: &str) -> Page {
        let chapter = Chapter::new("A", content.to_owned(), "a.md", Vec::new());
        Page::read("src", &chapter, &mut Diagnostics::new(false))
    }

    /// The page of [`CHAPTER`] asked what members ask, then edited by
    /// inserting `text` at `at`, and the new text.
    fn edited(at: usize, text: &str) -> (Page, String) {
        let page = read(CHAPTER);
        page.headings(CHAPTER);
        page.directive_literal_ranges(CHAPTER);
        page.directive_openings(CHAPTER);
        let splice = Splice::new(CHAPTER, vec![Edit::new(at..at, text)]);
        let content = splice.apply(CHAPTER);
        (page.edited(&content, &splice).unwrap(), content)
    }

    #[test]
    fn a_paragraph_of_its_own_moves_the_outline() {
        let (page, content) = edited(AFTER_TITLE, "\n✅ Done · Owner: ann\n\n");
        assert!(page.outline.headings.get().is_some());
        let again = read(&content);
        assert_eq!(page.headings(&content), again.headings(&content));
        // The title's section (at offsets in the body) takes the line in.
        let body_len = content.len() - page.body_start();
        assert_eq!(page.headings(&content)[0].section, 4..body_len);
        assert_eq!(
            page.directive_literal_ranges(&content),
            again.directive_literal_ranges(&content)
        );
        assert_eq!(
            page.directive_openings(&content),
            again.directive_openings(&content)
        );
    }

    #[test]
    fn each_insertion_is_judged_on_the_outline_the_ones_before_left() {
        let page = read(CHAPTER);
        page.headings(CHAPTER);
        let edits = vec![
            Edit::new(17..17, "Top\n\n"),
            Edit::new(AFTER_TITLE..AFTER_TITLE, "\nBadge\n\n"),
        ];
        let splice = Splice::new(CHAPTER, edits);
        let content = splice.apply(CHAPTER);
        let page = page.edited(&content, &splice).unwrap();
        assert!(page.outline.headings.get().is_some());
        assert_eq!(page.headings(&content), read(&content).headings(&content));
    }

    #[test]
    fn other_text_has_the_outline_made_again() {
        for (at, text) in [
            (AFTER_TITLE, "\n- item\n\n"),
            (AFTER_TITLE, "\nBadge\n"),
            (AFTER_TITLE + 1, "Badge\n\n"),
            (AFTER_TITLE, "\nBadge `x`\n\n"),
        ] {
            let (page, content) = edited(at, text);
            assert!(page.outline.scanned.get().is_none(), "{text:?}");
            assert!(page.outline.headings.get().is_none(), "{text:?}");
            assert_eq!(page.headings(&content), read(&content).headings(&content));
        }
    }
}
