//! The index member: its options and directives.

use crate::options::{self, Options};
use crate::query::{FILTERS, INDEX_ARGUMENTS, Query, Scope};
use crate::render::{self, Entry};
use deepdive_core::badge::StatusBadges;
use deepdive_core::config::OptionSpec;
use deepdive_core::date::{self, Date};
use deepdive_core::diagnostics::{Diagnostics, Location};
use deepdive_core::directive::{Directive, Owned};
use deepdive_core::links;
use deepdive_core::member::{Editor, Member, Run};
use deepdive_core::metadata::Source;
use deepdive_core::order;
use deepdive_core::page::Page;
use deepdive_core::splice::Edit;
use deepdive_core::status::{Status, Vocabulary};
use std::collections::BTreeMap;

const DIRECTIVES: [&str; 4] = [
    "investigation-index",
    "investigation-count",
    "tag-index",
    "investigation-graph",
];

/// Book-wide state, read once per run.
struct State {
    options: Options,
    vocabulary: Vocabulary,
    badges: StatusBadges,
    groups: Groups,
    /// `default-status`: the status id shown for a document without one.
    default_status: Option<String>,
    /// Today, for `overdue=`.
    today: Date,
    /// Whether this run reports the relationships that name no chapter
    /// (which the graph leaves out): not when the status member runs in the
    /// same build, which reports them itself, so each is said once.
    reports_relationships: bool,
}

/// How `group-by=status` names and orders its groups.
#[derive(Default)]
pub(crate) struct Groups {
    /// Status id to heading.
    pub(crate) titles: BTreeMap<String, String>,
    /// Status ids that come first, in this order; the rest follow in the
    /// vocabulary's order.
    pub(crate) order: Vec<String>,
}

/// The index member (`deepdive-index`): `{{#investigation-index}}` and `{{#tag-list}}`.
#[derive(Default)]
pub struct Index;

impl Member for Index {
    fn name(&self) -> &'static str {
        "deepdive-index"
    }

    fn directives(&self) -> &'static [&'static str] {
        &DIRECTIVES
    }

    fn options(&self) -> &'static [OptionSpec] {
        options::SPECS
    }

    fn commands(&self) -> Vec<clap::Command> {
        vec![crate::import::command()]
    }

    fn run_command(
        &self,
        name: &str,
        args: &clap::ArgMatches,
    ) -> anyhow::Result<std::process::ExitCode> {
        match name {
            "import" => crate::import::run(args),
            _ => anyhow::bail!("unknown command `{name}`"),
        }
    }

    fn prepare(
        &self,
        run: &Run<'_>,
        _texts: &[&str],
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Editor + '_> {
        let vocabulary = Vocabulary::from_context(run.ctx, diagnostics);
        let options = Options::parse(&run.config, run.ctx, diagnostics);
        let groups = options.groups(&run.config, run.ctx, &vocabulary, diagnostics);
        let default_status = options.default_status(&run.config, run.ctx, &vocabulary, diagnostics);
        let today = date::today().unwrap_or_else(|message| {
            diagnostics.error(None, message);
            Date::EPOCH
        });
        let badges = StatusBadges::new(
            vocabulary.statuses(),
            run.ctx.book_language(),
            &run.ctx.renderer,
        );
        Box::new(State {
            options,
            vocabulary,
            badges,
            groups,
            default_status,
            today,
            reports_relationships: !order::suite_run_order(&run.ctx.config, &run.ctx.renderer)
                .contains(&STATUS_MEMBER),
        })
    }
}

/// The member that reports relationships naming no chapter when it runs.
const STATUS_MEMBER: &str = "deepdive-status";

impl Editor for State {
    fn edit_chapter(
        &self,
        run: &Run<'_>,
        page: &Page,
        content: &str,
        owned: Owned<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Vec<Edit> {
        let (edits, _) = owned.expand(diagnostics, |found, diagnostics| {
            self.expand(run, page, content, found, diagnostics)
        });
        if self.reports_relationships
            && let Some(source) = page.source_path.as_deref()
        {
            links::warn_unresolved_relationships(
                page,
                content,
                |reference| run.find(source, reference).is_some(),
                diagnostics,
            );
        }
        edits
    }
}

impl State {
    fn expand(
        &self,
        run: &Run<'_>,
        page: &Page,
        content: &str,
        found: &Directive<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        let allowed: &[&str] = match found.name {
            "investigation-index" => &INDEX_ARGUMENTS,
            "investigation-graph" => &crate::graph::ARGUMENTS,
            _ => &FILTERS,
        };
        let query = match Query::parse(found.name, found.args, allowed, &self.vocabulary) {
            Ok(query) => query,
            Err(problem) => {
                diagnostics.error(
                    Some(page.location(content, found.args_offset + problem.offset)),
                    problem.message,
                );
                return None;
            }
        };
        let mut entries = self.select(run, page, &query, diagnostics);
        render::sort(&mut entries, &query, &self.vocabulary);
        if let Some(limit) = query.limit {
            entries.truncate(limit);
        }
        Some(match found.name {
            "investigation-count" => entries.len().to_string(),
            "tag-index" => render::tag_index(page, &entries),
            "investigation-graph" => {
                crate::graph::expand(run, page, content, found, &entries, &query, diagnostics)?
            }
            _ => render::index(run, page, &entries, &query, &self.groups, &self.vocabulary),
        })
    }

    /// The status a document shows: its own (`None` if the vocabulary does
    /// not know it), else what its front matter implies (`draft: true` is
    /// Draft; a planned entry of SUMMARY.md is Planned), else `default-status`.
    fn status_of<'a>(&'a self, page: &Page, planned: Option<&'a Status>) -> Option<&'a Status> {
        if let Some(text) = page.meta.status() {
            return self.vocabulary.lookup(text).ok();
        }
        if page.path.is_none() {
            return planned;
        }
        if page.meta.draft() {
            return self.vocabulary.get("draft");
        }
        self.vocabulary.get(self.default_status.as_deref()?)
    }

    /// The documents the query selects, in book order, checked for what an
    /// index needs (a known status, the `required` fields).
    fn select<'a>(
        &'a self,
        run: &'a Run<'_>,
        holder: &Page,
        query: &Query,
        diagnostics: &mut Diagnostics,
    ) -> Vec<Entry<'a>> {
        let State {
            options,
            vocabulary,
            badges,
            ..
        } = self;
        let planned = options.planned.then(|| vocabulary.get("planned")).flatten();
        let scope = Scope {
            holder,
            drafts: run.drafts,
            today: self.today,
        };
        let mut entries = Vec::new();
        for page in &run.pages {
            let is_planned_entry = page.path.is_none() && planned.is_some();
            if page.meta.source == Source::None && !is_planned_entry {
                continue;
            }
            let status = self.status_of(page, planned);
            if !query.selects(page, status.map(|s| s.id.as_str()), &scope) {
                continue;
            }
            if !is_planned_entry {
                check(
                    page,
                    status,
                    &options.required.of(page),
                    run.config.path(),
                    diagnostics,
                );
            }
            let badge = status.map_or("", |s| badges.get(s));
            entries.push(Entry {
                page,
                status,
                badge,
            });
        }
        entries
    }
}

/// Warnings for an indexed document missing what the index shows: a status
/// the vocabulary knows (when it has one), the `required` fields. A document
/// without a front matter `title` is shown by its SUMMARY name, which is what
/// the sidebar shows too; `required = ["title"]` asks for one.
/// `table` is the path of the member's table, which `required` is in.
fn check(
    page: &Page,
    status: Option<&Status>,
    required: &[&str],
    table: &str,
    diagnostics: &mut Diagnostics,
) {
    let location = Some(Location::file_start(&page.file));
    if let Some(unknown) = page.meta.status().filter(|_| status.is_none()) {
        diagnostics.warning(
            location.clone(),
            format!("indexed chapter has an unknown status `{unknown}`"),
        );
    }
    for field in required {
        if !page.meta.fields.contains_key(*field) {
            diagnostics.warning(location.clone(), format!("indexed chapter has no front matter `{field}`, which [preprocessor.{table}] `required` asks for"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_member_left_to_report_relationships_is_a_member_of_the_suite() {
        assert!(deepdive_core::registry::MEMBERS.contains(&STATUS_MEMBER));
    }
}
