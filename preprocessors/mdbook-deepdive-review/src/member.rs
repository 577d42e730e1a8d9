//! The review member: which chapters get a checklist, with which
//! categories, and the gate on finished chapters with open must-answers.

use crate::bank::{self, Category};
use crate::coverage::{self, Answer, Assessment};
use crate::evidence::Rules;
use crate::options::{self, Options};
use crate::render::{self, DEFAULT_TITLE, Readiness, SummaryRow};
use deepdive_core::args;
use deepdive_core::badge::{self, StatusBadges};
use deepdive_core::config::{MemberConfig, OptionSpec};
use deepdive_core::diagnostics::{Diagnostics, Location};
use deepdive_core::directive::{self, Owned};
use deepdive_core::install::{self, Asset, AssetKind};
use deepdive_core::links;
use deepdive_core::member::{Editor, Member, Run};
use deepdive_core::page::Page;
use deepdive_core::parallel::WorkPerByte;
use deepdive_core::protocol::Context;
use deepdive_core::sections::{self, Heading};
use deepdive_core::splice::Edit;
use deepdive_core::status::Vocabulary;
use serde_json::Value;
use std::borrow::Cow;
use std::ops::Range;

const ASSETS: &[Asset] = &[
    install::BADGE_STYLESHEET,
    Asset {
        file: "deepdive-review.js",
        contents: include_str!("../assets/deepdive-review.js"),
        kind: AssetKind::Js,
    },
];

/// The member's table name.
pub(crate) const NAME: &str = "deepdive-review";

const CHECKLIST: &str = "review-checklist";
const SUMMARY: &str = "review-summary";
const DIRECTIVES: [&str; 2] = [CHECKLIST, SUMMARY];

/// A chapter's review: which categories, under which title, and the answers.
struct Review {
    categories: Vec<usize>,
    title: String,
    assessed: Assessment,
    /// The questions of the chapter's own review-questions section, for the
    /// reviewer to tick.
    own_questions: Vec<String>,
    /// Inserted by `auto` (the chapter has no directive).
    auto: bool,
}

/// One run's state: the bank's categories written once, and every chapter's review.
struct State {
    options: Options,
    /// `written[c]`: category `c` of the bank, written once per build.
    written: Vec<render::WrittenCategory>,
    /// Per page (as `run.pages`), its review, if it has one.
    reviews: Vec<Option<Review>>,
}

/// The review member; `prepare` reads the bank and every chapter's review into the run's state.
#[derive(Default)]
pub struct ReviewMember;

/// The categories a chapter's front matter `review` asks for, in lower case.
fn list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_lowercase)
                .collect()
        })
        .unwrap_or_default()
}

/// The bank of the book: the built-ins, a questions file, book.toml tables.
fn load_bank(
    ctx: &Context,
    config: &MemberConfig,
    options: &Options,
    diagnostics: &mut Diagnostics,
) -> Vec<Category> {
    let mut bank = bank::builtin();
    let at = |key| Some(config.location(&ctx.root, key));
    if let Some(path) = &options.questions {
        let root = ctx.root.canonicalize().unwrap_or_else(|_| ctx.root.clone());
        let file = root.join(path).canonicalize();
        match file {
            Ok(file) if file.starts_with(&root) => match std::fs::read_to_string(&file)
                .map_err(|e| e.to_string())
                .and_then(|t| toml::from_str::<toml::Table>(&t).map_err(|e| e.to_string()))
            {
                Ok(table) => {
                    let json = serde_json::to_value(table).unwrap_or_default();
                    if let Some(categories) = json.get("categories").and_then(Value::as_object)
                        && let Err(message) = bank::apply(&mut bank, categories)
                    {
                        diagnostics.error(at("questions"), format!("{path}: {message}"));
                    }
                }
                Err(message) => diagnostics.error(
                    at("questions"),
                    format!("cannot read the question bank {path}: {message}"),
                ),
            },
            Ok(_) => diagnostics.error(
                at("questions"),
                format!("the question bank `{path}` is outside the book"),
            ),
            Err(e) => diagnostics.error(
                at("questions"),
                format!("cannot read the question bank `{path}`: {e}"),
            ),
        }
    }
    if let Err(message) = bank::apply(&mut bank, &options.categories) {
        diagnostics.error(at("categories"), message);
    }
    bank
}

/// The review member as a command that runs no build reads a book
/// (`mdbook-deepdive export`): its options, the bank the build's checklists
/// use (the built-ins, the `questions` file, the `categories` tables) and its
/// evidence rules.
pub struct BookReview {
    options: Options,
    bank: Vec<Category>,
    rules: Rules,
    badge_lines: BadgeLines,
}

impl BookReview {
    /// The book's review; what is wrong with its options or bank, as the
    /// build reports it.
    pub fn of_book(ctx: &Context) -> Result<Self, Diagnostics> {
        let (options, config) = Options::of_book(ctx);
        let mut diagnostics = Diagnostics::new(false);
        let bank = load_bank(ctx, &config, &options, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let rules = Rules::new(&bank);
        Ok(BookReview {
            options,
            bank,
            rules,
            badge_lines: BadgeLines::of(ctx),
        })
    }

    /// What the build's checklist of `page` says (its categories, from the
    /// directive, front matter `review` or `auto`), `text` being the chapter
    /// as the review member reads it; `None` when the build gives it none.
    /// Problems in the directive are the build's (and `check`'s) to report.
    pub fn assess(&self, page: &Page, text: &str) -> Option<Assessment> {
        let mut reported_by_the_build = Diagnostics::new(false);
        let review = ReviewMember::review_of(
            &self.bank,
            &self.rules,
            &self.options,
            page,
            (text, self.badge_lines.of_page(page)),
            &mut reported_by_the_build,
        )?;
        Some(review.assessed)
    }
}

/// Whether `auto` puts a checklist into `page`.
fn auto_matches(options: &Options, page: &Page) -> bool {
    if !options.auto || page.path.is_none() {
        return false;
    }
    let folder = options.auto_folder.as_deref();
    let (tags, categories) = (&options.auto_tags, &options.auto_categories);
    if folder.is_none() && tags.is_empty() && categories.is_empty() {
        return page.meta.status().is_some();
    }
    folder.is_some_and(|f| in_folder(page, f))
        || page.meta.tags().any(|t| tags.contains(&t.to_lowercase()))
        || (page.meta.categories()).any(|c| categories.contains(&c.to_lowercase()))
}

/// What a chapter's checklist asks, before the chapter is read: its
/// categories and title, and whether `auto` put it there.
struct Planned {
    categories: Vec<usize>,
    title: String,
    auto: bool,
}

impl ReviewMember {
    /// The review of one chapter, or `None` when it has no checklist or opts
    /// out; `status_badge` is the badge of its status when the build may
    /// have put a badge line in `text`.
    fn review_of(
        bank: &[Category],
        rules: &Rules,
        options: &Options,
        page: &Page,
        (text, status_badge): (&str, Option<&str>),
        diagnostics: &mut Diagnostics,
    ) -> Option<Review> {
        let planned = Self::planned(bank, options, page, text, diagnostics)?;
        Some(Self::read(bank, rules, planned, page, (text, status_badge)))
    }

    /// What the checklist of one chapter asks, or `None` when it has none
    /// or opts out.
    fn planned(
        bank: &[Category],
        options: &Options,
        page: &Page,
        text: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<Planned> {
        if page.meta.fields.get("review") == Some(&Value::Bool(false)) {
            return None;
        }
        let directive = directive::first_named(page, text, CHECKLIST);
        let auto = directive.is_none() && auto_matches(options, page);
        if directive.is_none() && !auto {
            return None;
        }
        let mut wanted = list(page.meta.fields.get("review"));
        let mut title = DEFAULT_TITLE.to_owned();
        if let Some(found) = &directive {
            match args::parse(found.args) {
                Ok(arguments) => {
                    for arg in arguments {
                        match arg.key.as_deref() {
                            None => wanted = arg.value.split(',').map(|c| c.trim().to_lowercase()).filter(|c| !c.is_empty()).collect(),
                            Some("title") => title = arg.value,
                            Some(other) => diagnostics.error(Some(page.location(text, found.args_offset + arg.range.start)), format!("`{{{{#review-checklist}}}}` has no argument `{other}` (it takes categories like `design,security` and `title=`)")),
                        }
                    }
                }
                Err(e) => diagnostics.error(
                    Some(page.location(text, found.args_offset + e.offset)),
                    e.message,
                ),
            }
        }
        let mut categories = Vec::new();
        for name in &wanted {
            match bank.iter().position(|c| c.id == *name) {
                Some(i) => categories.push(i),
                None => {
                    let offset = directive.as_ref().map_or(0, |d| d.range.start);
                    let known: Vec<&str> = bank.iter().map(|c| c.id.as_str()).collect();
                    diagnostics.error(
                        Some(page.location(text, offset)),
                        format!(
                            "unknown review category `{name}` (categories: {})",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        if wanted.is_empty() {
            categories = (0..bank.len()).collect();
        }
        Some(Planned {
            categories,
            title,
            auto,
        })
    }

    /// The review of one chapter whose checklist is `planned`: its text read
    /// for the answers.
    fn read(
        bank: &[Category],
        rules: &Rules,
        planned: Planned,
        page: &Page,
        (text, status_badge): (&str, Option<&str>),
    ) -> Review {
        let body = &text[page.body_start().min(text.len())..];
        let headings = page.headings(text);
        let badge_line = status_badge.and_then(|badge| badge_line(body, headings, badge));
        let reading = rules.read_outlined(body, Cow::Borrowed(headings), badge_line);
        let na = coverage::not_applicable(&page.meta.fields);
        let assessed = coverage::assess_reading(&reading, rules, bank, &planned.categories, &na);
        Review {
            categories: planned.categories,
            title: planned.title,
            assessed,
            own_questions: reading.own_questions,
            auto: planned.auto,
        }
    }
}

/// What a badge line the status member wrote starts with: the book's status
/// vocabulary and each status's badge for the renderer. Problems with the
/// vocabulary are the status member's to report.
struct BadgeLines {
    vocabulary: Vocabulary,
    badges: StatusBadges,
}

impl BadgeLines {
    fn of(ctx: &Context) -> Self {
        let vocabulary = Vocabulary::from_context(ctx, &mut Diagnostics::new(false));
        let badges = StatusBadges::new(vocabulary.statuses(), ctx.book_language(), &ctx.renderer);
        BadgeLines { vocabulary, badges }
    }

    /// The badge a badge line of `page` starts with, if it has a status.
    fn of_page(&self, page: &Page) -> Option<&str> {
        let status = self.vocabulary.lookup(page.meta.status()?).ok()?;
        Some(self.badges.get(status))
    }
}

/// Where in `body` (whose headings are `headings`) the status member's badge
/// line is, if it put one: the body's first line, or the first after its
/// first heading. The reading leaves it out: its words are the suite's, and
/// they differ by renderer (HTML's `<span>`s), so reading them would make
/// the checklist differ between the html and markdown builds of one chapter.
fn badge_line(body: &str, headings: &[Heading], status_badge: &str) -> Option<Range<usize>> {
    // The first line with text at or after `from`, as a byte range.
    let line_from = |from: usize| {
        let start = from + (body[from..].len() - body[from..].trim_start().len());
        let start = body[..start].rfind('\n').map_or(0, |i| i + 1).max(from);
        let end = body[start..].find('\n').map_or(body.len(), |i| start + i);
        start..end
    };
    let after_title =
        sections::first_heading_line_end_from(body, || headings.first().map(|h| h.range.end));
    [Some(0), after_title]
        .into_iter()
        .flatten()
        .map(line_from)
        .find(|line| badge::is_badge_line(&body[line.clone()], status_badge))
}

/// Whether the chapter's source is under `folder` (relative to `src/`).
fn in_folder(page: &Page, folder: &str) -> bool {
    page.source_path
        .as_deref()
        .is_some_and(|p| p.starts_with(folder.trim_matches('/')))
}

/// The `folder=` argument of a `{{#review-summary}}`, the only one it takes;
/// `None` (after an error) for anything else.
#[allow(
    clippy::option_option,
    reason = "`None`: an error was reported; `Some(None)`: no folder asked for"
)]
fn summary_folder(
    page: &Page,
    text: &str,
    found: &directive::Directive<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<Option<String>> {
    let arguments = match args::parse(found.args) {
        Ok(arguments) => arguments,
        Err(e) => {
            let at = page.location(text, found.args_offset + e.offset);
            diagnostics.error(Some(at), e.message);
            return None;
        }
    };
    let mut folder = None;
    for arg in arguments {
        match arg.key.as_deref() {
            Some("folder") => folder = Some(arg.value),
            _ => {
                let at = page.location(text, found.args_offset + arg.range.start);
                diagnostics.error(
                    Some(at),
                    "`{{#review-summary}}` takes only `folder=` (e.g. `folder=deep-dives`)",
                );
                return None;
            }
        }
    }
    Some(folder)
}

/// The edit that inserts an automatic checklist: before the heading named by
/// `insert-before`, else at the end.
fn auto_insertion(
    insert_before: Option<&str>,
    page: &Page,
    content: &str,
    checklist: &str,
) -> Edit {
    let body_start = page.body_start().min(content.len());
    let before = insert_before.and_then(|name| {
        let wanted = name.trim().to_lowercase();
        page.headings(content)
            .iter()
            .find(|h| h.text.to_lowercase() == wanted)
            .map(|h| body_start + h.range.start)
    });
    match before {
        Some(at) => Edit::new(at..at, format!("{checklist}\n")),
        None => {
            let end = content.len();
            let separator = if content.ends_with("\n\n") {
                ""
            } else if content.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            Edit::new(end..end, format!("{separator}{checklist}\n"))
        }
    }
}

impl State {
    fn checklist(&self, run: &Run<'_>, page: &Page, review: &Review) -> String {
        let written: Vec<&render::WrittenCategory> = review
            .categories
            .iter()
            .map(|i| &self.written[*i])
            .collect();
        let key = links::rendered_path(page)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        render::checklist(
            &review.title,
            &written,
            &review.assessed,
            &review.own_questions,
            badge::is_html(&run.ctx.renderer),
            &key,
        )
    }

    /// `{{#review-summary}}` of the chapters under `folder` (all without one).
    fn summary(&self, run: &Run<'_>, holder: &Page, folder: Option<&str>) -> String {
        let links = links::LinksFrom::page(holder);
        let rows: Vec<SummaryRow> = run
            .pages
            .iter()
            .zip(&self.reviews)
            .filter(|(page, _)| folder.is_none_or(|f| in_folder(page, f)))
            .filter_map(|(page, review)| {
                let review = review.as_ref()?;
                let link = links.as_ref().and_then(|links| links.to(page));
                Some(SummaryRow {
                    title: page.title().to_owned(),
                    link,
                    status: page.meta.status().unwrap_or_default().to_owned(),
                    readiness: Readiness::of(&review.assessed),
                    open: Readiness::open(&review.assessed)
                        .map(|q| q.text.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                })
            })
            .collect();
        render::summary(&rows, badge::is_html(&run.ctx.renderer))
    }
}

impl Member for ReviewMember {
    fn name(&self) -> &'static str {
        NAME
    }

    fn directives(&self) -> &'static [&'static str] {
        &DIRECTIVES
    }

    fn options(&self) -> &'static [OptionSpec] {
        options::SPECS
    }

    fn assets(&self) -> &'static [Asset] {
        ASSETS
    }

    fn prepare(
        &self,
        run: &Run<'_>,
        texts: &[&str],
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Editor + '_> {
        let options = Options::parse(&run.config, run.ctx, diagnostics);
        let bank = load_bank(run.ctx, &run.config, &options, diagnostics);
        let rules = Rules::new(&bank);
        let badge_lines = BadgeLines::of(run.ctx);
        let reviews = run.map_pages(
            texts,
            WorkPerByte::Reading,
            diagnostics,
            |page, text, diagnostics| {
                let text = (text, badge_lines.of_page(page));
                Self::review_of(&bank, &rules, &options, page, text, diagnostics)
            },
        );
        let written = bank.iter().map(render::WrittenCategory::of).collect();
        let state = State {
            options,
            written,
            reviews,
        };
        gate(run, &badge_lines.vocabulary, &state, diagnostics);
        Box::new(state)
    }
}

impl Editor for State {
    fn edit_chapter(
        &self,
        run: &Run<'_>,
        page: &Page,
        content: &str,
        owned: Owned<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Vec<Edit> {
        let review = self.reviews.get(page.index).and_then(Option::as_ref);
        let mut checklists = 0;
        let (mut edits, _) = owned.expand(diagnostics, |found, diagnostics| {
            if found.name == CHECKLIST {
                checklists += 1;
            }
            Some(match (found.name, review) {
                (SUMMARY, _) => {
                    let folder = summary_folder(page, content, found, diagnostics)?;
                    self.summary(run, page, folder.as_deref())
                }
                // One chapter, one review: a second checklist would
                // repeat the first, with the same answers to tick.
                (_, Some(_)) if checklists > 1 => {
                    diagnostics.warning(
                        Some(page.location(content, found.range.start)),
                        "a chapter has one review checklist; this second `{{#review-checklist}}` \
                             is left out (remove it, or move its categories into the first)",
                    );
                    String::new()
                }
                (_, Some(review)) => self.checklist(run, page, review),
                // `review: false`: the chapter opted out.
                (_, None) => String::new(),
            })
        });
        if let Some(review) = review.filter(|r| r.auto) {
            edits.push(auto_insertion(
                self.options.insert_before.as_deref(),
                page,
                content,
                &self.checklist(run, page, review),
            ));
        }
        edits
    }
}

/// `gate`: a chapter in a gated status with an open must-answer question is
/// a warning (an error under `strict`), naming the questions.
fn gate(run: &Run<'_>, vocabulary: &Vocabulary, state: &State, diagnostics: &mut Diagnostics) {
    let gated = &state.options.gate;
    if gated.is_empty() {
        return;
    }
    for (page, review) in run.pages.iter().zip(&state.reviews) {
        let (Some(review), Some(status)) = (review, page.meta.status()) else {
            continue;
        };
        let Ok(status) = vocabulary.lookup(status) else {
            continue;
        };
        if !gated.contains(&status.id) {
            continue;
        }
        let open: Vec<&str> = review
            .assessed
            .iter()
            .flatten()
            .filter(|(q, a)| q.must && *a == Answer::Open)
            .map(|(q, _)| q.text.as_str())
            .collect();
        if !open.is_empty() {
            diagnostics.warning(
                Some(Location::file_start(&page.file)),
                format!(
                    "chapter is `{}` but must-answer review questions are open: {}",
                    status.id,
                    open.join("; ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_line_is_found_where_the_status_member_puts_it() {
        fn found(body: &str) -> Option<&str> {
            badge_line(body, &sections::headings(body), "✅ Done").map(|line| &body[line])
        }
        let after_title = "# T\n\n✅ Done · kafka\n\nThe span of a rollback.\n";
        assert_eq!(found(after_title), Some("✅ Done · kafka"));
        let html = format!("{}✅ Done</span>\n\n# T\n", badge::BADGE_LINE_HTML_OPEN);
        assert_eq!(
            found(&html).map(|line| line.ends_with("✅ Done</span>")),
            Some(true)
        );
        // Elsewhere, or with another status, a line like it is the writer's.
        assert_eq!(found("# T\n\nIntro.\n\n✅ Done · kafka\n"), None);
        let other = badge_line(after_title, &sections::headings(after_title), "🚧 Draft");
        assert_eq!(other, None);
    }
}
