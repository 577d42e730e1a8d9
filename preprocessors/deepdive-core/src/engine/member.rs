//! What a suite member is, and the pass every member makes over a book.
//!
//! The pass: validate the member's options, read every chapter's metadata
//! (front matter, or the template's metadata sections), ask the member for the
//! edits of each chapter, remove the front matter when this member is the last
//! suite member to run for the renderer, rename chapters after their front
//! matter title, and splice the edits into the original text.

use crate::book::drafts;
use crate::book::links::PageIndex;
use crate::book::metadata::Source;
use crate::book::page::Drafts;
use crate::book::page::Page;
use crate::book::protocol::{self, Book, Context};
use crate::engine::parallel::{WorkPerByte, chunk_len, in_parallel};
use crate::suite::config::{self, MemberConfig, OptionSpec};
use crate::suite::install::{self, Asset};
use crate::suite::order;
use crate::suite::registry;
use crate::suite::version;
use crate::text::diagnostics::Diagnostics;
use crate::text::directive::Owned;
use crate::text::splice::{Edit, Splice};
use mdbook_preprocessor::book::BookItem;
use std::path::Path;
use std::process::ExitCode;
use std::sync::OnceLock;

/// One preprocessor of the suite.
pub trait Member: Sync {
    /// The `[preprocessor.NAME]` table name, e.g. `deepdive-status`.
    fn name(&self) -> &'static str;

    /// The options of its table beyond mdBook's and the suite's common ones.
    fn options(&self) -> &'static [OptionSpec] {
        &[]
    }

    /// The directives it owns (`{{#NAME …}}`): the run finds them in each
    /// chapter and hands them to [`Editor::edit_chapter`].
    fn directives(&self) -> &'static [&'static str];

    /// Whether it runs for `renderer`.
    fn supports_renderer(&self, _renderer: &str) -> bool {
        true
    }

    /// Files it installs into a book (`install`) and needs at build time.
    fn assets(&self) -> &'static [Asset] {
        &[]
    }

    /// Called once per run, before any chapter: reads book-wide state (the
    /// vocabulary, cross-chapter tables), reports its problems, and returns
    /// the run's [`Editor`], which holds that state and edits the chapters.
    /// `texts[i]` is the text of `run.pages[i]`.
    fn prepare(
        &self,
        run: &Run<'_>,
        texts: &[&str],
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Editor + '_>;

    /// Subcommands beyond `supports` (e.g. `list`, `install`).
    fn commands(&self) -> Vec<clap::Command> {
        Vec::new()
    }

    /// Runs the subcommand `name` (one of [`Member::commands`]).
    fn run_command(&self, name: &str, _args: &clap::ArgMatches) -> anyhow::Result<ExitCode> {
        anyhow::bail!("unknown command `{name}`")
    }
}

/// A member's state for one run, made by [`Member::prepare`]: chapters are
/// edited only through it, so no member edits a chapter without the state
/// its run prepared. Chapters are edited on several threads.
pub trait Editor: Sync {
    /// The edits of one chapter's text (ranges of the original text);
    /// `owned` holds the chapter's directives of [`Member::directives`].
    fn edit_chapter(
        &self,
        run: &Run<'_>,
        page: &Page,
        content: &str,
        owned: Owned<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Vec<Edit>;
}

/// The editor of a member that changes no chapter (for tests and tools).
pub struct NoEdits;

impl Editor for NoEdits {
    fn edit_chapter(
        &self,
        _: &Run<'_>,
        _: &Page,
        _: &str,
        _: Owned<'_>,
        _: &mut Diagnostics,
    ) -> Vec<Edit> {
        Vec::new()
    }
}

/// One run of a member over a book.
pub struct Run<'a> {
    /// What mdBook sent about the build.
    pub ctx: &'a Context,
    /// The member's validated options.
    pub config: MemberConfig,
    /// What the book does with `draft: true` chapters.
    pub drafts: Drafts,
    /// Every chapter, in book order (depth first).
    pub pages: Vec<Page>,
    /// The pages by path, number and id, made on the first lookup.
    page_index: OnceLock<PageIndex>,
}

impl<'a> Run<'a> {
    /// A run over `pages` (in book order).
    pub fn new(ctx: &'a Context, config: MemberConfig, drafts: Drafts, pages: Vec<Page>) -> Self {
        Run {
            ctx,
            config,
            drafts,
            pages,
            page_index: OnceLock::new(),
        }
    }

    /// The page `reference` names (a path, a number or an `id`, see
    /// [`PageIndex::find`]), seen from the page whose source is `from`.
    pub fn find(&self, from: &Path, reference: &str) -> Option<&Page> {
        self.page_index().find(&self.pages, from, reference)
    }

    /// The page the path `target` names, seen from `from` (see
    /// [`PageIndex::resolve`]).
    pub fn resolve(&self, from: &Path, target: &str) -> Option<&Page> {
        self.page_index().resolve(&self.pages, from, target)
    }

    fn page_index(&self) -> &PageIndex {
        self.page_index.get_or_init(|| PageIndex::of(&self.pages))
    }
}

impl Run<'_> {
    /// `work` of every page and its text (`texts[i]` is the text of
    /// `pages[i]`), on every core when the book is large for work of `cost`:
    /// for members whose [`Member::prepare`] looks at every chapter. Results
    /// and diagnostics come back in book order.
    pub fn map_pages<R: Send>(
        &self,
        texts: &[&str],
        cost: WorkPerByte,
        diagnostics: &mut Diagnostics,
        work: impl Fn(&Page, &str, &mut Diagnostics) -> R + Sync,
    ) -> Vec<R> {
        let pairs: Vec<(&Page, &str)> = self.pages.iter().zip(texts.iter().copied()).collect();
        let bytes = texts.iter().map(|t| t.len()).sum();
        map_in_order(&pairs, bytes, cost, diagnostics, |(page, text), found| {
            work(page, text, found)
        })
    }
}

/// `work` of every item, on every core when the items hold `bytes` of text
/// enough to pay for threads doing work of `cost` (each takes one
/// contiguous run of items); results and diagnostics in the items' order.
fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    bytes: usize,
    cost: WorkPerByte,
    diagnostics: &mut Diagnostics,
    work: impl Fn(&T, &mut Diagnostics) -> R + Sync,
) -> Vec<R> {
    let strict = diagnostics.is_strict();
    let chunks = items.chunks(chunk_len(items.len(), bytes, cost));
    let results = in_parallel(chunks, |chunk| {
        let mut found = Diagnostics::new(strict);
        let results: Vec<R> = chunk.iter().map(|item| work(item, &mut found)).collect();
        (results, found)
    });
    let mut all = Vec::with_capacity(items.len());
    for (results, found) in results {
        all.extend(results);
        diagnostics.extend(found);
    }
    all
}

/// Reads every chapter's metadata, on every core when the book is large;
/// with `carried` (one per chapter, see [`carry_pages`]), only of the
/// chapters whose page the run before could not hand on.
fn read_pages(
    ctx: &Context,
    items: &[BookItem],
    carried: Option<Vec<Option<Page>>>,
    diagnostics: &mut Diagnostics,
) -> Vec<Page> {
    let mut chapters = Vec::new();
    protocol::for_each_chapter(items, &mut |chapter| chapters.push(chapter));
    let src_dir = ctx.src_dir();
    let mut pages = match carried {
        Some(carried) if carried.len() == chapters.len() => chapters
            .iter()
            .zip(carried)
            .map(|(chapter, page)| match page {
                Some(mut page) => {
                    // The run before may have renamed the chapter.
                    if page.name != chapter.name {
                        page.name.clone_from(&chapter.name);
                    }
                    page
                }
                None => Page::read(src_dir, chapter, diagnostics),
            })
            .collect(),
        _ => {
            let bytes = chapters.iter().map(|c| c.content.len()).sum();
            map_in_order(
                &chapters,
                bytes,
                WorkPerByte::Light,
                diagnostics,
                |chapter, found| Page::read(src_dir, chapter, found),
            )
        }
    };
    for (index, page) in pages.iter_mut().enumerate() {
        page.index = index;
    }
    pages
}

/// What a member's run over a book produced.
pub struct Outcome {
    /// What the run found, in book order.
    pub diagnostics: Diagnostics,
    /// The edits of every chapter, in book order, for [`protocol::write_book`].
    pub splices: Vec<Splice>,
    /// What the run read of every chapter, in book order.
    pub pages: Vec<Page>,
}

impl Outcome {
    /// A run that found nothing and changes nothing.
    pub fn unchanged() -> Self {
        Outcome {
            diagnostics: Diagnostics::new(false),
            splices: Vec::new(),
            pages: Vec::new(),
        }
    }

    /// Ends the run without freeing what it read, for a process about to
    /// exit: freeing thousands of chapters' metadata one allocation at a
    /// time costs a large book more than some members' whole work, and the
    /// system takes the memory back at exit anyway.
    pub fn forget(self) {
        std::mem::forget(self);
    }
}

/// Runs `member` over `book`: renames its chapters (`title-from-front-matter`)
/// in place and returns the edits of their texts, and what it found. The
/// caller must not write the book when the diagnostics hold an error.
pub fn run_member(member: &dyn Member, ctx: &Context, book: &mut Book) -> Outcome {
    run_member_in(&registry::program(member.name()), member, ctx, book, None)
}

/// What one run hands the next in the all-in-one program: per chapter of
/// `book` (which has `splices` applied), its page, unless an edit may have
/// changed its metadata (see [`Page::edited`]), so that each chapter's
/// front matter is read once for all the members, and its outline made
/// again only where an edit changed its text.
pub fn carry_pages(pages: Vec<Page>, splices: &[Splice], book: &Book) -> Vec<Option<Page>> {
    let mut texts = Vec::with_capacity(pages.len());
    protocol::for_each_chapter(&book.items, &mut |chapter| {
        texts.push(chapter.content.as_str());
    });
    let mut splices = splices.iter();
    pages
        .into_iter()
        .zip(texts)
        .map(|(page, text)| match splices.next() {
            Some(splice) if !splice.is_empty() => page.edited(text, splice),
            _ => Some(page),
        })
        .collect()
}

/// [`run_member`] in the process of `program` (a member's own, or the
/// all-in-one `mdbook-deepdive`), which book-wide messages name; `carried`
/// holds the pages the run before hands on ([`carry_pages`]), if any.
pub fn run_member_in(
    program: &str,
    member: &dyn Member,
    ctx: &Context,
    book: &mut Book,
    carried: Option<Vec<Option<Page>>>,
) -> Outcome {
    let mut diagnostics = Diagnostics::new(false);
    let config = config::member_config(ctx, member.name(), member.options(), &mut diagnostics);
    let common = config::common(ctx, &config, &mut diagnostics);
    diagnostics.set_strict(common.strict);
    if let Some(warning) = version::check(program, &ctx.mdbook_version) {
        diagnostics.warning(None, warning);
    }
    let rename = common.title_from_front_matter;
    let strip = order::is_last_suite_member(&ctx.config, &ctx.renderer, member.name());
    let drafts = common.drafts;
    if drafts == Drafts::Hide {
        drafts::hide(ctx, &mut book.items, &mut diagnostics);
    }
    let pages = read_pages(ctx, &book.items, carried, &mut diagnostics);
    let run = Run::new(ctx, config, drafts, pages);
    if crate::suite::badge::is_html(&ctx.renderer) {
        warn_about_stale_assets(program, member, ctx, &mut diagnostics);
    }
    let mut texts = Vec::with_capacity(run.pages.len());
    protocol::for_each_chapter(&book.items, &mut |chapter| {
        texts.push(chapter.content.as_str());
    });
    let editor = member.prepare(&run, &texts, &mut diagnostics);
    let names = member.directives();
    let splices = run.map_pages(
        &texts,
        WorkPerByte::Light,
        &mut diagnostics,
        |page, text, found| {
            let owned = Owned::find(page, text, names, found);
            let mut edits = editor.edit_chapter(&run, page, text, owned, found);
            if strip && let Some(block) = &page.front_matter {
                edits.push(Edit::delete(block.whole.clone()));
            }
            Splice::new(text, edits)
        },
    );
    drop(texts);
    if rename {
        let mut pages = run.pages.iter();
        protocol::for_each_chapter_mut(&mut book.items, &mut |chapter| {
            if let Some(page) = pages.next()
                && page.meta.source == Source::FrontMatter
                && let Some(title) = page.meta.title()
            {
                // mdBook's search results show chapter names as HTML.
                let name = crate::text::inert::plain(title);
                chapter.name.clear();
                chapter.name.push_str(&name);
            }
        });
    }
    Outcome {
        diagnostics,
        splices,
        pages: run.pages,
    }
}

/// Names `program`, the one running (`mdbook-deepdive` for the all-in-one
/// entry, whose `install` writes every member's assets), so two members
/// that need one asset say the same line, which is printed once.
fn warn_about_stale_assets(
    program: &str,
    member: &dyn Member,
    ctx: &Context,
    diagnostics: &mut Diagnostics,
) {
    for (path, reason) in install::stale_assets(&ctx.root, member.assets()) {
        diagnostics.warning(
            None,
            format!(
                "{} {reason}; run `{program} install --book {}` to install it",
                path.strip_prefix(&ctx.root).unwrap_or(&path).display(),
                ctx.root.display()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;
    impl Member for Plain {
        fn name(&self) -> &'static str {
            "deepdive-index"
        }
        fn directives(&self) -> &'static [&'static str] {
            &[]
        }
        fn prepare(&self, _: &Run<'_>, _: &[&str], _: &mut Diagnostics) -> Box<dyn Editor + '_> {
            Box::new(NoEdits)
        }
    }

    /// A run hands the next its pages where edits leave the metadata as it
    /// was (an edit after the front matter), with the outline made again
    /// for the new text; a chapter whose metadata an edit may change
    /// (without front matter, or edited at an unterminated block's end) is
    /// read again.
    #[test]
    fn pages_are_carried_past_edits_after_their_front_matter() {
        let chapter = |content: &str| {
            serde_json::json!({"Chapter": {"name": "C", "content": content, "number": null,
                "sub_items": [], "path": "c.md", "source_path": "c.md", "parent_names": []}})
        };
        let texts = [
            "---\ntitle: T\n---\n# A\n",
            "# B\n\n## Tags\nx\n",
            "---\ntitle: U\n---",
            "# D\n",
        ];
        let input = serde_json::json!([
            {"root": "/nonexistent", "config": {}, "renderer": "html", "mdbook_version": "0.5.4"},
            {"items": texts.iter().map(|t| chapter(t)).collect::<Vec<_>>()}
        ]);
        let (ctx, mut book) = protocol::parse_input(input.to_string().as_bytes()).unwrap();
        let mut diagnostics = Diagnostics::new(false);
        let pages = read_pages(&ctx, &book.items, None, &mut diagnostics);
        assert_eq!(pages[0].headings(texts[0])[0].text, "A");
        let splices = vec![
            Splice::new(texts[0], vec![Edit::new(19..20, "Z")]),
            Splice::new(texts[1], vec![Edit::new(0..0, "x")]),
            Splice::new(texts[2], vec![Edit::new(16..16, "\nbody")]),
            Splice::default(),
        ];
        crate::book::book_writer::apply(&mut book, &splices);
        let carried = carry_pages(pages, &splices, &book);
        let kept: Vec<bool> = carried.iter().map(Option::is_some).collect();
        assert_eq!(kept, [true, false, false, true]);
        let pages = read_pages(&ctx, &book.items, Some(carried), &mut diagnostics);
        assert_eq!(pages[0].headings("---\ntitle: T\n---\n# Z\n")[0].text, "Z");
        assert_eq!(pages[0].meta.title(), Some("T"));
        assert_eq!(pages.len(), 4);
    }

    /// A book large enough to be edited on several threads keeps its order:
    /// every chapter gets its own text back, and diagnostics come in book order.
    #[test]
    fn parallel_editing_keeps_book_order() {
        // 600 chapters of 30 KB: over `WorkPerByte::Light`'s threshold.
        let filler = "text ".repeat(6_000);
        let chapters: Vec<serde_json::Value> = (0..600)
            .map(|i| {
                let front = if i == 10 || i == 590 { "---\ntags: 5\n---\n" } else { "---\ntitle: T\n---\n" };
                serde_json::json!({"Chapter": {"name": format!("C{i}"), "content": format!("{front}# {i}\n{filler}"),
                    "number": null, "sub_items": [], "path": format!("c{i}.md"), "source_path": format!("c{i}.md"), "parent_names": []}})
            })
            .collect();
        let input = serde_json::json!([
            {"root": "/nonexistent", "config": {}, "renderer": "html", "mdbook_version": "0.5.4"},
            {"items": chapters}
        ]);
        let (ctx, mut book) = protocol::parse_input(input.to_string().as_bytes()).unwrap();
        let outcome = run_member(&Plain, &ctx, &mut book);
        let files: Vec<_> = outcome
            .diagnostics
            .items()
            .iter()
            .map(|d| d.location.as_ref().unwrap().file.clone())
            .collect();
        assert_eq!(files, ["src/c10.md", "src/c590.md"]);
        let mut i = 0;
        protocol::for_each_chapter(&book.items, &mut |chapter| {
            // Chapters whose front matter failed keep it (the build fails anyway).
            let text = outcome.splices[i].apply(&chapter.content);
            let stripped = text.starts_with(&format!("# {i}\n"));
            assert_eq!(stripped, i != 10 && i != 590, "chapter {i}");
            i += 1;
        });
        assert_eq!(i, 600);
    }
}
