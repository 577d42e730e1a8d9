//! The status member: its options, directives and per-chapter edits.

use crate::options::{self, Options};
use crate::{badge_line, encoding, relations};
use deepdive_core::args;
use deepdive_core::badge::StatusBadges;
use deepdive_core::config::OptionSpec;
use deepdive_core::date::{self, Date};
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::directive::{Directive, Owned};
use deepdive_core::frontmatter;
use deepdive_core::install::{self, Asset};
use deepdive_core::links;
use deepdive_core::member::{Editor, Member, Run};
use deepdive_core::page::Page;
use deepdive_core::splice::Edit;
use deepdive_core::status::{self as vocabulary, Vocabulary};
use std::process::ExitCode;

const ASSETS: &[Asset] = &[install::BADGE_STYLESHEET];

const DIRECTIVES: [&str; 2] = ["status", "ref"];

/// The status member; `prepare` reads the vocabulary into the run's state.
#[derive(Default)]
pub struct Status;

/// One run's state: the book's vocabulary, its badges, today's date.
struct State {
    options: Options,
    vocabulary: Vocabulary,
    badges: StatusBadges,
    /// Today, which `review-by` dates are overdue against.
    today: Date,
}

impl State {
    fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The badge of `status` for this run.
    fn badge(&self, status: &vocabulary::Status) -> &str {
        self.badges.get(status)
    }
}

impl Member for Status {
    fn name(&self) -> &'static str {
        "deepdive-status"
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
        _texts: &[&str],
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Editor + '_> {
        let vocabulary = Vocabulary::from_context(run.ctx, diagnostics);
        let options = Options::parse(&run.config, run.ctx, diagnostics);
        let badges = StatusBadges::new(
            vocabulary.statuses(),
            run.ctx.book_language(),
            &run.ctx.renderer,
        );
        let today = date::today().unwrap_or_else(|message| {
            diagnostics.error(None, message);
            Date::EPOCH
        });
        Box::new(State {
            options,
            vocabulary,
            badges,
            today,
        })
    }

    fn commands(&self) -> Vec<clap::Command> {
        vec![encoding::command()]
    }

    fn run_command(&self, name: &str, args: &clap::ArgMatches) -> anyhow::Result<ExitCode> {
        match name {
            "fix-encoding" => encoding::run_fix_encoding(args),
            _ => anyhow::bail!("unknown command `{name}`"),
        }
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
        let (mut edits, taken) = owned.expand(diagnostics, |found, diagnostics| {
            self.expand(run, page, content, found, diagnostics)
        });
        let status = self.page_status(page, content, diagnostics);
        if let Some(status) = status
            && self.options.auto
        {
            let line = badge_line::render(
                run,
                page,
                (self.badge(status), self.today),
                content,
                diagnostics,
            );
            edits.extend(badge_line::insertion(
                content,
                page.body_start(),
                self.options.position,
                &line,
                || page.headings(content).first().map(|h| h.range.end),
            ));
        } else if let Some(source) = page.source_path.as_deref() {
            // No badge line shows this chapter's relationships; the index
            // (which leaves them to this member when both run) may still
            // draw them.
            links::warn_unresolved_relationships(
                page,
                content,
                |reference| run.find(source, reference).is_some(),
                diagnostics,
            );
        }
        edits.extend(encoding::repairs(page, content, &taken, diagnostics));
        self.warn_if_overdue(page, content, diagnostics);
        edits
    }
}

impl State {
    /// A warning (an error with `strict`) at `review-by` when its date has
    /// passed, so `check` in CI lists the documents due for review.
    fn warn_if_overdue(&self, page: &Page, content: &str, diagnostics: &mut Diagnostics) {
        if !page.meta.overdue(self.today) {
            return;
        }
        let offset = page
            .front_matter
            .as_ref()
            .map_or(0, |b| frontmatter::key_offset(content, b, "review-by"));
        let due = page.meta.shown_date("review-by").unwrap_or_default();
        diagnostics.warning(
            Some(page.location(content, offset)),
            format!(
                "review overdue: `review-by` is {due}, before today ({}); review the document and move `review-by` on",
                self.today
            ),
        );
    }

    /// The chapter's own status, from its front matter; an unknown one is an
    /// error at its line.
    fn page_status(
        &self,
        page: &Page,
        content: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<&vocabulary::Status> {
        let text = page.meta.status()?;
        match self.vocabulary().lookup(text) {
            Ok(status) => Some(status),
            Err(unknown) => {
                let offset = page
                    .front_matter
                    .as_ref()
                    .map_or(0, |b| frontmatter::key_offset(content, b, "status"));
                diagnostics.error(Some(page.location(content, offset)), unknown.message());
                None
            }
        }
    }

    fn expand(
        &self,
        run: &Run<'_>,
        page: &Page,
        content: &str,
        found: &Directive<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        // Made only for a message: a location indexes the chapter's lines.
        let location = || page.location(content, found.range.start);
        let arguments = match args::parse(found.args) {
            Ok(arguments) => arguments,
            Err(e) => {
                diagnostics.error(
                    Some(page.location(content, found.args_offset + e.offset)),
                    e.message,
                );
                return None;
            }
        };
        let [argument] = arguments.as_slice() else {
            let (usage, missing) = match found.name {
                "status" => ("{{#status done}}", "a status"),
                _ => ("{{#ref 07}} or {{#ref deep-dives/07-x.md}}", "a chapter"),
            };
            if arguments.is_empty() && found.name == "status" {
                // `{{#status}}` alone: this chapter's own status.
                let status = self.page_status(page, content, diagnostics);
                if status.is_none() && page.meta.status().is_none() {
                    diagnostics.error(Some(location()), "`{{#status}}` without a status needs a `status` in this chapter's front matter (or write `{{#status done}}`)");
                }
                return status.map(|s| self.badge(s).to_owned());
            }
            diagnostics.error(
                Some(location()),
                format!("`{{{{#{}}}}}` takes {missing}: write `{usage}`", found.name),
            );
            return None;
        };
        if let Some(key) = &argument.key {
            diagnostics.error(
                Some(page.location(content, found.args_offset + argument.range.start)),
                format!("`{{{{#{}}}}}` takes no `{key}=` argument", found.name),
            );
            return None;
        }
        match found.name {
            "status" => match self.vocabulary().lookup(&argument.value) {
                Ok(status) => Some(self.badge(status).to_owned()),
                Err(unknown) => {
                    diagnostics.error(Some(location()), unknown.message());
                    None
                }
            },
            _ => relations::reference_link(run, page, &argument.value).or_else(|| {
                diagnostics.error(Some(location()), format!("`{{{{#ref {}}}}}` names no chapter (use a path like `deep-dives/07-x.md`, a number like `07`, or a front matter `id`)", argument.value));
                None
            }),
        }
    }
}

/// The markdown link to `target` from `page`, labelled with its current title.
pub(crate) fn markdown_link(page: &Page, target: &Page) -> Option<String> {
    Some(format!(
        "[{}]({})",
        deepdive_core::inert::markdown(target.title()),
        links::link(page, target)?
    ))
}
