//! `{{#investigation-graph}}`: the relationships a book states in front
//! matter (`supersedes`, `superseded-by`, `related`, `decision`) drawn as
//! one mermaid flowchart. The nodes are the documents the index's filters
//! select, coloured by their status; the edges are labelled and directed,
//! and a pair stated on both sides (`supersedes` here, `superseded-by`
//! there) is one edge. The HTML renderer gets a ```` ```mermaid ```` fence
//! for `mdbook-mermaid` (after the suite) to draw; any other renderer a list
//! of the same edges.

use crate::query::{ArgProblem, Query};
use crate::render::{Entry, push_link};
use deepdive_core::args;
use deepdive_core::badge;
use deepdive_core::diagnostics::{Diagnostics, Location};
use deepdive_core::directive::Directive;
use deepdive_core::inert;
use deepdive_core::links::LinksFrom;
use deepdive_core::member::Run;
use deepdive_core::metadata::RELATIONSHIPS;
use deepdive_core::page::Page;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

/// The arguments `{{#investigation-graph}}` takes: the index's filters,
/// `isolated=true` (documents without a relationship too) and `empty=`.
pub(crate) const ARGUMENTS: [&str; 7] = [
    "folder", "under", "status", "tag", "category", "isolated", "empty",
];

/// At most this many documents are drawn: past it a graph is no longer
/// legible (narrow it with a filter).
const MAX_NODES: usize = 100;
/// mermaid's `maxEdges`: a graph with more fails to draw.
const MAX_EDGES: usize = 500;
/// mermaid's `maxTextSize`: a longer diagram source fails to draw.
const MAX_TEXT: usize = 50_000;
/// A node shows at most this many characters of its title.
const MAX_LABEL: usize = 60;

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Relation {
    /// `from` supersedes `to` (`supersedes` on one, `superseded-by` on the other).
    Supersedes,
    /// `from` led to the decision `to` (`decision`).
    Decision,
    /// The two are related (`related`, either side): no direction.
    Related,
}

impl Relation {
    /// The mermaid link between two nodes, its label included.
    fn mermaid_link(self) -> &'static str {
        match self {
            Relation::Supersedes => "-->|supersedes|",
            Relation::Decision => "-.->|decision|",
            Relation::Related => "---|related|",
        }
    }

    /// The plain-text link of the list: an arrow where the edge has a direction.
    fn text_link(self) -> &'static str {
        match self {
            Relation::Supersedes => " — supersedes → ",
            Relation::Decision => " — decision → ",
            Relation::Related => " — related — ",
        }
    }
}

/// An edge between two nodes (indices into the graph's entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edge {
    from: usize,
    to: usize,
    relation: Relation,
}

/// `isolated=true|false` of the arguments (already checked by the query).
fn isolated(arguments: &str) -> Result<bool, ArgProblem> {
    let Ok(arguments) = args::parse(arguments) else {
        return Ok(false);
    };
    let mut isolated = false;
    for arg in arguments
        .iter()
        .filter(|a| a.key.as_deref() == Some("isolated"))
    {
        isolated = match arg.value.as_str() {
            "true" => true,
            "false" => false,
            other => {
                return Err(ArgProblem {
                    offset: arg.range.start,
                    message: format!("`isolated={other}` must be `true` or `false`"),
                });
            }
        };
    }
    Ok(isolated)
}

/// The edges between `entries`, each once, in the order the documents state
/// them. A reference that names no chapter, or one the filters left out,
/// draws nothing (`links::warn_unresolved_relationships` reports the first).
fn edges(run: &Run<'_>, entries: &[Entry<'_>]) -> Vec<Edge> {
    let position: HashMap<&Path, usize> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((e.page.source_path.as_deref()?, i)))
        .collect();
    let mut seen = BTreeSet::new();
    let mut edges = Vec::new();
    for (from, entry) in entries.iter().enumerate() {
        let Some(source) = entry.page.source_path.as_deref() else {
            continue;
        };
        for key in RELATIONSHIPS {
            for reference in entry.page.meta.references(key) {
                let Some(to) = run
                    .find(source, &reference)
                    .and_then(|target| target.source_path.as_deref())
                    .and_then(|path| position.get(path).copied())
                    .filter(|to| *to != from)
                else {
                    continue;
                };
                let edge = match key {
                    "supersedes" => Edge {
                        from,
                        to,
                        relation: Relation::Supersedes,
                    },
                    "superseded-by" => Edge {
                        from: to,
                        to: from,
                        relation: Relation::Supersedes,
                    },
                    "decision" => Edge {
                        from,
                        to,
                        relation: Relation::Decision,
                    },
                    _ => Edge {
                        from,
                        to,
                        relation: Relation::Related,
                    },
                };
                // Supersedes has a direction both sides agree on; a decision
                // or a relation stated on both sides is one edge.
                let pair = match edge.relation {
                    Relation::Supersedes => (edge.from, edge.to),
                    _ => (edge.from.min(edge.to), edge.from.max(edge.to)),
                };
                if seen.insert((edge.relation, pair)) {
                    edges.push(edge);
                }
            }
        }
    }
    edges
}

/// `{{#investigation-graph}}` in `holder` over the `entries` its query
/// selected (book order); `None` after an error in its arguments.
pub(crate) fn expand(
    run: &Run<'_>,
    holder: &Page,
    content: &str,
    found: &Directive<'_>,
    entries: &[Entry<'_>],
    query: &Query,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    match isolated(found.args) {
        Ok(isolated) => {
            let location = holder.location(content, found.range.start);
            let empty = query.empty.as_deref();
            Some(render(
                run,
                holder,
                entries,
                isolated,
                empty,
                location,
                diagnostics,
            ))
        }
        Err(problem) => {
            let offset = found.args_offset + problem.offset;
            diagnostics.error(Some(holder.location(content, offset)), problem.message);
            None
        }
    }
}

fn render(
    run: &Run<'_>,
    holder: &Page,
    entries: &[Entry<'_>],
    isolated: bool,
    empty: Option<&str>,
    location: Location,
    diagnostics: &mut Diagnostics,
) -> String {
    let mut edges = edges(run, entries);
    let mut drawn: Vec<usize> = (0..entries.len())
        .filter(|i| isolated || edges.iter().any(|e| e.from == *i || e.to == *i))
        .collect();
    if drawn.is_empty() {
        return paragraph(vec![text(
            empty.unwrap_or("No documents with relationships to draw."),
        )]);
    }
    let mut notes = Vec::new();
    if drawn.len() > MAX_NODES {
        let message = format!(
            "the graph has {} documents; it draws the first {MAX_NODES} (narrow it with `folder=`, `tag=`, `status=` or `category=`)",
            drawn.len()
        );
        diagnostics.warning(Some(location.clone()), message);
        notes.push(format!(
            "The graph shows the first {MAX_NODES} of {} documents.",
            drawn.len()
        ));
        let last = drawn[MAX_NODES - 1];
        drawn.truncate(MAX_NODES);
        edges.retain(|e| e.from <= last && e.to <= last);
    }
    let links = LinksFrom::page(holder);
    if !badge::is_html(&run.ctx.renderer) {
        return list(entries, &drawn, &edges, links.as_ref(), &notes);
    }
    let clicks = links.as_ref().map(|_| ClickLinks::from(holder));
    let source = mermaid(entries, &drawn, &edges, clicks.as_ref());
    if edges.len() > MAX_EDGES || source.len() > MAX_TEXT {
        diagnostics.warning(
            Some(location),
            format!(
                "the graph has {} relationships in {} bytes of mermaid, more than mermaid draws ({MAX_EDGES}, {MAX_TEXT}); it is shown as a list (narrow it with a filter)",
                edges.len(),
                source.len()
            ),
        );
        return list(entries, &drawn, &edges, links.as_ref(), &notes);
    }
    let mut markdown = to_markdown(vec![
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced("mermaid".into()))),
        text(source),
        Event::End(TagEnd::CodeBlock),
    ]);
    if let Some(clicks) = clicks.filter(|c| !c.to_root.is_empty()) {
        markdown.push_str("\n\n");
        markdown.push_str(&print_page_links(&clicks.to_root));
    }
    for note in notes {
        markdown.push_str("\n\n");
        markdown.push_str(&paragraph(vec![text(note)]));
    }
    markdown
}

/// `../` for each folder the chapter `holder` renders in: mdBook's
/// `path_to_root` of its page.
fn path_to_root(holder: &Page) -> String {
    let folders = holder
        .path
        .as_ref()
        .or(holder.source_path.as_ref())
        .and_then(|path| path.parent())
        .map_or(0, |folder| folder.components().count());
    "../".repeat(folders)
}

/// The `click` links of a graph: each the way from the holder's page to the
/// book's root (its `path_to_root`) and from there to the chapter, so the
/// script of [`print_page_links`] can swap the first part for the page's
/// own on the print page.
struct ClickLinks {
    to_root: String,
    from_root: LinksFrom<'static>,
}

impl ClickLinks {
    fn from(holder: &Page) -> Self {
        Self {
            to_root: path_to_root(holder),
            from_root: LinksFrom::path(Path::new("index.md")),
        }
    }

    /// The page address of `target`'s chapter; `None` for a draft.
    fn href(&self, target: &Page) -> Option<String> {
        let link = self.from_root.to(target)?;
        let from_root = link.strip_prefix("./").unwrap_or(&link);
        let mut href = if self.to_root.is_empty() {
            String::from("./")
        } else {
            self.to_root.clone()
        };
        push_html_href(&mut href, from_root);
        Some(href)
    }
}

/// The script after a graph drawn in a chapter of a subfolder. mdBook's
/// print page (`print.html`, at the book's root) shows that chapter too; it
/// rewrites the links of the markdown for its place, but not the text of a
/// diagram, so there the `click` links would start from the wrong folder.
/// Run as the page is read, before mermaid draws (on the load event), it
/// swaps the holder's way to the root (`data-path-to-root`, only `../`s) in
/// each `click` line for the page's own (`path_to_root`, which mdBook's page
/// template sets): nothing changes on the chapter's page. mermaid needs
/// scripts to draw at all, so a page that does not run this one shows no
/// graph either.
fn print_page_links(to_root: &str) -> String {
    format!(
        "<script data-path-to-root=\"{to_root}\">(() => {{ \
         const script = document.currentScript; \
         const graph = script.previousElementSibling; \
         if (typeof path_to_root !== 'string' || !graph?.matches('pre.mermaid')) return; \
         const from = 'href \"' + script.dataset.pathToRoot; \
         graph.textContent = graph.textContent.split('\\n').map((line) => \
         line.startsWith('  click n') ? line.replace(from, 'href \"' + path_to_root) : line).join('\\n'); \
         }})();</script>\n"
    )
}

/// The mermaid source of the graph: a `classDef` per status drawn (its
/// colour), a node per document (`n0["Title"]:::s_done`), an edge per
/// relationship, and a `click … href` per node for its chapter (mermaid
/// keeps `href` links under its default `securityLevel: strict`).
fn mermaid(
    entries: &[Entry<'_>],
    drawn: &[usize],
    edges: &[Edge],
    links: Option<&ClickLinks>,
) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut classes = BTreeSet::new();
    for entry in drawn.iter().map(|i| &entries[*i]) {
        if let Some(status) = entry.status
            && classes.insert(class_name(&status.id))
        {
            let ink = status.text_color();
            let _ = writeln!(
                out,
                "  classDef {} fill:{},stroke:{ink},color:{ink}",
                class_name(&status.id),
                status.color
            );
        }
    }
    let id = |index: usize| drawn.iter().position(|d| *d == index).unwrap_or(0);
    for (n, entry) in drawn.iter().map(|i| &entries[*i]).enumerate() {
        let _ = write!(out, "  n{n}[\"");
        let title: String = entry.page.title().chars().take(MAX_LABEL).collect();
        inert::push_mermaid_label(&mut out, &title);
        if entry.page.title().chars().nth(MAX_LABEL).is_some() {
            out.push_str("#8230;");
        }
        out.push_str("\"]");
        if let Some(status) = entry.status {
            let _ = write!(out, ":::{}", class_name(&status.id));
        }
        out.push('\n');
    }
    for edge in edges {
        let _ = writeln!(
            out,
            "  n{} {} n{}",
            id(edge.from),
            edge.relation.mermaid_link(),
            id(edge.to)
        );
    }
    for (n, entry) in drawn.iter().map(|i| &entries[*i]).enumerate() {
        if let Some(href) = links.and_then(|l| l.href(entry.page)) {
            let _ = writeln!(out, "  click n{n} href \"{href}\"");
        }
    }
    out
}

/// A status's class name: its id with anything but letters and digits as `_`.
fn class_name(status: &str) -> String {
    let mut name = String::from("s_");
    name.extend(
        status
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
    );
    name
}

/// Appends the page address of the markdown link `link` (`./a/b.md`, as
/// `LinksFrom` writes it): mdBook turns `.md` links into `.html` only in
/// markdown, not inside a diagram. Everything but unreserved URL characters
/// is percent-encoded, so nothing ends the quoted string or reads as
/// mermaid syntax (`%%`, `#…;`).
fn push_html_href(out: &mut String, link: &str) {
    let link = link
        .strip_suffix(".md")
        .map_or_else(|| link.to_owned(), |stem| format!("{stem}.html"));
    let bytes = link.as_bytes();
    for (i, c) in link.char_indices() {
        let escape = c == '%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        match c {
            c if c.is_ascii_alphanumeric() || "./-_~".contains(c) => out.push(c),
            '%' if escape => out.push(c),
            c => inert::push_percent_encoded(out, c),
        }
    }
}

/// The graph as a list, for renderers that draw no mermaid: each edge
/// (`A — supersedes → B`), then each drawn document without one.
fn list(
    entries: &[Entry<'_>],
    drawn: &[usize],
    edges: &[Edge],
    links: Option<&LinksFrom<'_>>,
    notes: &[String],
) -> String {
    let mut events = vec![Event::Start(Tag::List(None))];
    let title = |i: usize| entries[i].page.title();
    for edge in edges {
        events.push(Event::Start(Tag::Item));
        push_link(
            &mut events,
            links,
            entries[edge.from].page,
            title(edge.from),
        );
        events.push(text(edge.relation.text_link()));
        push_link(&mut events, links, entries[edge.to].page, title(edge.to));
        events.push(Event::End(TagEnd::Item));
    }
    for i in drawn
        .iter()
        .filter(|i| !edges.iter().any(|e| e.from == **i || e.to == **i))
    {
        events.push(Event::Start(Tag::Item));
        push_link(&mut events, links, entries[*i].page, title(*i));
        events.push(Event::End(TagEnd::Item));
    }
    events.push(Event::End(TagEnd::List(false)));
    for note in notes {
        events.extend(paragraph_events(vec![text(note.as_str())]));
    }
    to_markdown(events)
}

fn text<'a>(value: impl Into<CowStr<'a>>) -> Event<'a> {
    Event::Text(value.into())
}

fn paragraph_events(inner: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut events = vec![Event::Start(Tag::Paragraph)];
    events.extend(inner);
    events.push(Event::End(TagEnd::Paragraph));
    events
}

fn paragraph(inner: Vec<Event<'_>>) -> String {
    to_markdown(paragraph_events(inner))
}

fn to_markdown(events: Vec<Event<'_>>) -> String {
    inert::to_markdown(events, pulldown_cmark::Options::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_html_pages_with_nothing_mermaid_reads() {
        let href = |link: &str| {
            let mut out = String::new();
            push_html_href(&mut out, link);
            out
        };
        assert_eq!(href("./deep-dives/07-x.md"), "./deep-dives/07-x.html");
        assert_eq!(href("../a%20b.md"), "../a%20b.html");
        assert_eq!(href("./50%%.md"), "./50%25%25.html");
        assert_eq!(href("./a\"b#1;é.md"), "./a%22b%231%3B%C3%A9.html");
    }

    #[test]
    fn the_print_page_script_is_one_line_of_plain_script() {
        let script = print_page_links("../../");
        assert!(script.starts_with("<script data-path-to-root=\"../../\">"));
        assert!(script.ends_with("</script>\n"));
        // One line, no `<` or `&` inside: an HTML block mdBook passes through
        // as written, in both of its HTML writers.
        let body = &script["<script".len()..script.len() - "</script>\n".len()];
        assert!(!body.contains(['<', '&', '\n']), "{body}");
    }

    #[test]
    fn isolated_takes_true_or_false() {
        assert!(isolated("isolated=true folder=adr").is_ok_and(|v| v));
        assert!(isolated("folder=adr").is_ok_and(|v| !v));
        let problem = isolated("tag=x isolated=yes")
            .err()
            .map(|p| (p.offset, p.message));
        assert_eq!(
            problem,
            Some((6, "`isolated=yes` must be `true` or `false`".to_owned()))
        );
    }

    #[test]
    fn class_names_keep_only_letters_and_digits() {
        assert_eq!(class_name("in-progress"), "s_in_progress");
        assert_eq!(class_name("x;}click"), "s_x__click");
    }
}
