//! Writing the index, the count and the tag list as markdown, with
//! `pulldown-cmark-to-cmark` so that titles holding `|`, backticks or `<`
//! cannot break a table cell or inject markup.

use crate::member::Groups;
use crate::query::{Column, Query, SortKey, number};
use deepdive_core::badge;
use deepdive_core::inert;
use deepdive_core::links::LinksFrom;
use deepdive_core::member::Run;
use deepdive_core::page::Page;
use deepdive_core::parallel;
use deepdive_core::status::{Status, Vocabulary};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// A selected chapter with its resolved status.
pub(crate) struct Entry<'a> {
    /// The chapter.
    pub page: &'a Page,
    /// Its status in the vocabulary, if it has a known one.
    pub status: Option<&'a Status>,
    /// The status badge for this run's renderer (empty without a status).
    pub badge: &'a str,
}

fn text<'a>(value: impl Into<CowStr<'a>>) -> Event<'a> {
    Event::Text(value.into())
}

/// Pushes a link labelled `label` to `target`, or only the label when
/// either chapter is a draft (it renders nowhere).
pub(crate) fn push_link<'a>(
    events: &mut Vec<Event<'a>>,
    links: Option<&LinksFrom<'_>>,
    target: &Page,
    label: &'a str,
) {
    match links.and_then(|links| links.to(target)) {
        Some(href) => events.extend([
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: href.into(),
                title: "".into(),
                id: "".into(),
            }),
            text(label),
            Event::End(TagEnd::Link),
        ]),
        None => events.push(text(label)),
    }
}

/// Appends the cell of `entry` in `column`: its text made inert for a
/// table cell, the link to the chapter, or the status badge (the suite's
/// own HTML).
fn push_cell(
    out: &mut String,
    run: &Run<'_>,
    links: Option<&LinksFrom<'_>>,
    entry: &Entry<'_>,
    column: Column,
) {
    let meta = &entry.page.meta;
    let cell = |out: &mut String, text: &str| inert::push_inline_text(out, text);
    match column {
        Column::Number => cell(out, &number(entry.page)),
        Column::Topic => {
            let href = links.and_then(|links| links.to(entry.page));
            inert::push_inline_link(out, entry.page.title(), href.as_deref());
        }
        Column::Focus => cell(
            out,
            ["focus", "summary", "description"]
                .into_iter()
                .find_map(|key| meta.text(key))
                .unwrap_or_default(),
        ),
        Column::Status => match entry.status {
            Some(_) if badge::is_html(&run.ctx.renderer) => out.push_str(entry.badge),
            Some(status) => cell(out, &status.plain(run.ctx.book_language())),
            None => cell(out, meta.status().unwrap_or_default()),
        },
        Column::Tags => cell(out, &meta.tags().collect::<Vec<_>>().join(", ")),
        Column::Date => cell(out, &meta.shown_date("date").unwrap_or_default()),
        Column::Updated => cell(out, &meta.shown_date("lastmod").unwrap_or_default()),
        Column::Difficulty => cell(out, meta.text("difficulty").unwrap_or_default()),
    }
}

/// The table of `entries`: its header by [`inert::table_header`], its rows
/// (`|a|b|`, one line each, whatever a value holds) written directly, every
/// value made inert for its cell.
///
/// A big table's rows are written on every core: nothing else runs while
/// the index chapter is edited, and its table is most of the index's work.
fn table(run: &Run<'_>, holder: &Page, entries: &[Entry<'_>], columns: &[Column]) -> String {
    let links = LinksFrom::page(holder);
    let links = links.as_ref();
    let threads = parallel::threads_for(entries.len(), PARALLEL_FROM_ROWS);
    let shares = entries.chunks(entries.len().div_ceil(threads).max(1));
    let rows = parallel::in_parallel(shares, |share| {
        let mut rows = String::new();
        for entry in share {
            rows.push('|');
            for column in columns {
                push_cell(&mut rows, run, links, entry, *column);
                rows.push('|');
            }
            rows.push('\n');
        }
        rows
    });
    let headers: Vec<&str> = columns.iter().map(|c| c.header()).collect();
    let mut table = inert::table_header(&headers);
    for share in rows {
        table.push_str(&share);
    }
    table.pop();
    table
}

/// From this many rows a table is written on every core.
const PARALLEL_FROM_ROWS: usize = 512;

/// The events as markdown, their text made inert (see [`deepdive_core::inert`]).
fn to_markdown(events: Vec<Event<'_>>) -> String {
    deepdive_core::inert::to_markdown(events, pulldown_cmark::Options::ENABLE_TABLES)
}

/// Sorts entries as the query asks (book order when it does not; among
/// equals, book order). Dates sort as dates, undated documents last in
/// either direction.
pub(crate) fn sort(entries: &mut [Entry<'_>], query: &Query, vocabulary: &Vocabulary) {
    let Some((key, descending)) = query.sort else {
        return;
    };
    let date_key = match key {
        SortKey::Date => Some("date"),
        SortKey::Updated => Some("lastmod"),
        _ => None,
    };
    if let Some(field) = date_key {
        // Each date read once, not at every comparison.
        if descending {
            entries.sort_by_cached_key(|e| {
                let date = e.page.meta.date_of(field);
                (date.is_none(), date.map(Reverse))
            });
        } else {
            entries.sort_by_cached_key(|e| {
                let date = e.page.meta.date_of(field);
                (date.is_none(), date)
            });
        }
        return;
    }
    let numeric = |e: &Entry<'_>| {
        number(e.page)
            .split('.')
            .map(|p| p.parse::<u64>().unwrap_or(u64::MAX))
            .collect::<Vec<_>>()
    };
    entries.sort_by(|a, b| {
        let order = match key {
            SortKey::Number => numeric(a).cmp(&numeric(b)),
            SortKey::Title => a
                .page
                .title()
                .to_lowercase()
                .cmp(&b.page.title().to_lowercase()),
            SortKey::Date | SortKey::Updated => std::cmp::Ordering::Equal,
            SortKey::Status => {
                let rank = |e: &Entry<'_>| e.status.map_or(usize::MAX, |s| vocabulary.rank(&s.id));
                rank(a).cmp(&rank(b))
            }
        };
        if descending { order.reverse() } else { order }
    });
}

/// The index: one table, or a heading and a table per status.
pub(crate) fn index(
    run: &Run<'_>,
    holder: &Page,
    entries: &[Entry<'_>],
    query: &Query,
    groups_config: &Groups,
    vocabulary: &Vocabulary,
) -> String {
    if entries.is_empty() {
        return to_markdown(vec![
            Event::Start(Tag::Paragraph),
            text(
                query
                    .empty
                    .clone()
                    .unwrap_or_else(|| "No investigations match.".into()),
            ),
            Event::End(TagEnd::Paragraph),
        ]);
    }
    if !query.group_by_status {
        return table(run, holder, entries, &query.columns);
    }
    let language = run.ctx.book_language();
    let mut blocks = Vec::new();
    let mut groups: Vec<(usize, String, Vec<&Entry<'_>>)> = Vec::new();
    for entry in entries {
        let (rank, title) = match entry.status {
            Some(status) => {
                let title = query
                    .titles
                    .get(&status.id)
                    .or_else(|| groups_config.titles.get(&status.id))
                    .cloned()
                    .unwrap_or_else(|| status.label(language).to_owned());
                let listed = groups_config.order.iter().position(|id| *id == status.id);
                let rank =
                    listed.unwrap_or(groups_config.order.len() + vocabulary.rank(&status.id));
                (rank, title)
            }
            None => (usize::MAX, "Other".to_owned()),
        };
        match groups.iter_mut().find(|(r, _, _)| *r == rank) {
            Some((_, _, members)) => members.push(entry),
            None => groups.push((rank, title, vec![entry])),
        }
    }
    groups.sort_by_key(|(rank, _, _)| *rank);
    for (_, title, members) in groups {
        blocks.push(to_markdown(vec![
            Event::Start(Tag::Heading {
                level: HeadingLevel::H3,
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            text(title),
            Event::End(TagEnd::Heading(HeadingLevel::H3)),
        ]));
        let members: Vec<Entry<'_>> = members
            .into_iter()
            .map(|e| Entry {
                page: e.page,
                status: e.status,
                badge: e.badge,
            })
            .collect();
        blocks.push(table(run, holder, &members, &query.columns));
    }
    blocks.join("\n\n")
}

/// `{{#tag-index}}`: every tag with its chapters, tags in alphabetical order.
pub(crate) fn tag_index(holder: &Page, entries: &[Entry<'_>]) -> String {
    let mut tags: BTreeMap<String, (String, Vec<&Page>)> = BTreeMap::new();
    for entry in entries {
        for tag in entry.page.meta.tags() {
            tags.entry(tag.to_lowercase())
                .or_insert_with(|| (tag.to_owned(), Vec::new()))
                .1
                .push(entry.page);
        }
    }
    if tags.is_empty() {
        return to_markdown(vec![
            Event::Start(Tag::Paragraph),
            text("No tags yet."),
            Event::End(TagEnd::Paragraph),
        ]);
    }
    let links = LinksFrom::page(holder);
    let mut events = vec![Event::Start(Tag::List(None))];
    for (tag, pages) in tags.values() {
        events.extend([
            Event::Start(Tag::Item),
            Event::Start(Tag::Strong),
            text(tag.as_str()),
            Event::End(TagEnd::Strong),
            text(": "),
        ]);
        for (i, page) in pages.iter().enumerate() {
            if i > 0 {
                events.push(text(", "));
            }
            push_link(&mut events, links.as_ref(), page, page.title());
        }
        events.push(Event::End(TagEnd::Item));
    }
    events.push(Event::End(TagEnd::List(false)));
    to_markdown(events)
}
