//! The book's chapters as the writer's commands (`set`, `supersede`,
//! `export`) see them: loaded as mdBook loads them, each chapter's metadata
//! read once, and the index that finds a chapter by number, id or path, as
//! `{{#ref}}` does.

use anyhow::{Result, bail};
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::links::PageIndex;
use deepdive_core::page::Page;
use deepdive_core::protocol::{self, Book, Context};
use std::path::{Path, PathBuf};

/// A book's chapters, read once.
pub(crate) struct Chapters {
    /// The book's folder, as given.
    pub(crate) book: PathBuf,
    /// What mdBook would send: book.toml's configuration.
    pub(crate) ctx: Context,
    /// Every chapter with a file, in book order (`pages[i].index == i`).
    pub(crate) pages: Vec<Page>,
    /// Each page's text, as its file holds it.
    pub(crate) texts: Vec<String>,
    /// Problems reading the chapters' front matter, at their lines.
    pub(crate) problems: Diagnostics,
    /// The book as mdBook would send it, for a command that runs members
    /// over it (`export`).
    pub(crate) book_sent: Book,
    index: PageIndex,
}

impl Chapters {
    /// The chapters of the book at `book`.
    pub(crate) fn load(book: &Path) -> Result<Self> {
        let (ctx, loaded) = deepdive_core::check::load(book, "html")?;
        let mut problems = Diagnostics::new(false);
        let mut pages = Vec::new();
        let mut texts = Vec::new();
        protocol::for_each_chapter(&loaded.items, &mut |chapter| {
            if chapter.source_path.is_some() {
                let mut page = Page::read(ctx.src_dir(), chapter, &mut problems);
                page.index = pages.len();
                pages.push(page);
                texts.push(chapter.content.clone());
            }
        });
        let index = PageIndex::of(&pages);
        Ok(Chapters {
            book: book.to_path_buf(),
            ctx,
            pages,
            texts,
            problems,
            book_sent: loaded,
            index,
        })
    }

    /// The chapter `reference` names: a number (`07`), a front matter `id`,
    /// or a path under the source folder, as `{{#ref}}` takes.
    pub(crate) fn find(&self, reference: &str) -> Result<&Page> {
        match self.index.find(&self.pages, Path::new(""), reference) {
            Some(page) => Ok(page),
            None => bail!(
                "{}: `{reference}` names no chapter of the book (give a number like `07`, a front \
                 matter `id`, or a path like `deep-dives/07-x.md`)",
                self.book
                    .join(self.ctx.src_dir())
                    .join("SUMMARY.md")
                    .display()
            ),
        }
    }

    /// The page a front matter reference of `from` names (`supersedes: 07`).
    pub(crate) fn resolve(&self, from: &Page, reference: &str) -> Option<&Page> {
        self.index
            .find(&self.pages, from.source_path.as_deref()?, reference)
    }

    /// The file of `page` on disk.
    pub(crate) fn file(&self, page: &Page) -> PathBuf {
        let source = page.source_path.as_deref().unwrap_or(Path::new(""));
        self.book.join(self.ctx.src_dir()).join(source)
    }

    /// The text of `page`, as its file holds it.
    pub(crate) fn text(&self, page: &Page) -> &str {
        self.texts.get(page.index).map_or("", String::as_str)
    }

    /// Fails with `page`'s front matter problems, at their lines.
    pub(crate) fn readable(&self, page: &Page) -> Result<()> {
        let problems: Vec<String> = self
            .problems
            .items()
            .iter()
            .filter_map(|d| {
                let location = d.location.as_ref().filter(|l| l.file == page.file)?;
                Some(format!("{location}: {}", d.message))
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            bail!(
                "{} (fix its front matter first)",
                problems.join("\nerror: ")
            )
        }
    }
}
