//! Relationships between chapters, named in front matter: `supersedes`,
//! `superseded-by`, `related`, `decision`. Each names one or several chapters
//! by path, number or id (see `deepdive_core::links::PageIndex::find`).

use crate::member::markdown_link;
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::frontmatter;
use deepdive_core::member::Run;
use deepdive_core::page::Page;
use serde_json::Value;

/// The relationship keys, with the label the badge line shows.
pub const RELATIONS: [(&str, &str); 4] = [
    ("supersedes", "Supersedes"),
    ("superseded-by", "Superseded by"),
    ("related", "Related"),
    ("decision", "Decision"),
];

/// The references under `key`: one string or a list of them (also what
/// `mdbook-deepdive export` resolves).
pub fn references(page: &Page, key: &str) -> Vec<String> {
    // YAML reads `related: [06]` as the number 6; it names chapter 06.
    let reference = |value: &Value| match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_u64() => Some(n.to_string()),
        _ => None,
    };
    match page.meta.fields.get(key) {
        Some(Value::Array(items)) => items.iter().filter_map(reference).collect(),
        Some(value) => reference(value).into_iter().collect(),
        None => Vec::new(),
    }
}

fn find<'a>(run: &'a Run<'_>, page: &Page, reference: &str) -> Option<&'a Page> {
    run.find(page.source_path.as_deref()?, reference)
}

/// `{{#ref X}}`: the link to chapter X with its current title.
pub fn reference_link(run: &Run<'_>, page: &Page, reference: &str) -> Option<String> {
    markdown_link(page, find(run, page, reference)?)
}

/// Whether `target` names `page` under `key`.
fn names(run: &Run<'_>, target: &Page, key: &str, page: &Page) -> bool {
    references(target, key)
        .into_iter()
        .any(|r| find(run, target, &r).is_some_and(|p| p.source_path == page.source_path))
}

/// The relationship parts of a chapter's badge line (`Supersedes: [T](…)`).
/// An unknown target is an error, a one-sided supersedes pair a warning, both
/// at the key's line.
pub fn render(
    run: &Run<'_>,
    page: &Page,
    content: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut parts = Vec::new();
    for (key, label) in RELATIONS {
        let location = || {
            let offset = page
                .front_matter
                .as_ref()
                .map_or(0, |b| frontmatter::key_offset(content, b, key));
            page.location(content, offset)
        };
        let mut linked = Vec::new();
        for reference in references(page, key) {
            let Some(target) = find(run, page, &reference) else {
                diagnostics.error(
                    Some(location()),
                    format!("`{key}: {reference}` names no chapter (use a path like `adr/0001-x.md`, a number like `07`, or a front matter `id`)"),
                );
                continue;
            };
            let reverse = match key {
                "supersedes" => Some("superseded-by"),
                "superseded-by" => Some("supersedes"),
                _ => None,
            };
            if let Some(reverse) = reverse
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
