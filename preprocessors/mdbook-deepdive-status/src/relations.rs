//! Relationships between chapters, named in front matter: `supersedes`,
//! `superseded-by`, `related`, `decision`. Each names one or several chapters
//! by path, number or id (see `deepdive_core::links::PageIndex::find`).

use crate::member::markdown_link;
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::frontmatter;
use deepdive_core::links;
use deepdive_core::member::Run;
use deepdive_core::page::Page;

/// The relationship keys, with the label the badge line shows.
const RELATIONS: [(&str, &str); 4] = [
    ("supersedes", "Supersedes"),
    ("superseded-by", "Superseded by"),
    ("related", "Related"),
    ("decision", "Decision"),
];

/// What replaced a record whose status is MADR's `superseded by
/// [ADR-0018](0018-x.md)` (the link's destination) or `superseded by
/// ADR-0032` (the number), for a record without `superseded-by`.
fn superseded_in_status(page: &Page) -> Option<String> {
    let (status, by) = page.meta.status()?.split_once(" by ")?;
    if !status.trim().eq_ignore_ascii_case("superseded") {
        return None;
    }
    let by = by.trim();
    if let Some(link) = by.strip_prefix('[') {
        let (_, destination) = link.split_once("](")?;
        return Some(destination.strip_suffix(')')?.trim().to_owned());
    }
    let number = by.trim_start_matches(|c: char| !c.is_ascii_digit());
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then(|| number.to_owned())
}

fn find<'a>(run: &'a Run<'_>, page: &Page, reference: &str) -> Option<&'a Page> {
    run.find(page.source_path.as_deref()?, reference)
}

/// `{{#ref X}}`: the link to chapter X with its current title.
pub(crate) fn reference_link(run: &Run<'_>, page: &Page, reference: &str) -> Option<String> {
    markdown_link(page, find(run, page, reference)?)
}

/// Whether `target` names `page` under `key`.
fn names(run: &Run<'_>, target: &Page, key: &str, page: &Page) -> bool {
    target
        .meta
        .references(key)
        .into_iter()
        .any(|r| find(run, target, &r).is_some_and(|p| p.source_path == page.source_path))
}

/// The relationship parts of a chapter's badge line (`Supersedes: [T](…)`).
/// An unknown target is an error, a one-sided supersedes pair a warning, both
/// at the key's line.
pub(crate) fn render(
    run: &Run<'_>,
    page: &Page,
    content: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut parts = Vec::new();
    for (key, label) in RELATIONS {
        let mut linked = Vec::new();
        let mut references = page.meta.references(key);
        // MADR names the record that replaced this one in its status, and
        // nothing in the replacing record: no reverse to check.
        let in_status = key == "superseded-by" && references.is_empty();
        if in_status {
            references.extend(superseded_in_status(page));
        }
        let location = || {
            let written_at = if in_status { "status" } else { key };
            let offset = page
                .front_matter
                .as_ref()
                .map_or(0, |b| frontmatter::key_offset(content, b, written_at));
            page.location(content, offset)
        };
        for reference in references {
            let Some(target) = find(run, page, &reference) else {
                if in_status {
                    diagnostics.warning(
                        Some(location()),
                        format!("the status names `{reference}` as the record that supersedes this one, which names no chapter"),
                    );
                    continue;
                }
                diagnostics.error(Some(location()), links::names_no_chapter(key, &reference));
                continue;
            };
            let reverse = match key {
                "supersedes" => Some("superseded-by"),
                "superseded-by" => Some("supersedes"),
                _ => None,
            };
            if let Some(reverse) = reverse
                && !in_status
                && !names(run, target, reverse, page)
            {
                diagnostics.warning(
                    Some(location()),
                    format!("`{key}: {reference}` is one-sided: {} does not say `{reverse}` this chapter", target.file),
                );
            }
            linked.extend(markdown_link(page, target));
        }
        if !linked.is_empty() {
            parts.push(format!("{label}: {}", linked.join(", ")));
        }
    }
    parts
}
