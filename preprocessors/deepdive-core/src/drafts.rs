//! `drafts = "hide"`: chapters with `draft: true` leave the book (no page,
//! no sidebar entry, no search entry), as in Hugo; a visible chapter that
//! links to one gets a warning, since that link will be broken.

use crate::diagnostics::{Diagnostics, display_path};
use crate::links;
use crate::metadata;
use crate::protocol::{self, Context};
use mdbook_preprocessor::book::BookItem;
use std::path::{Path, PathBuf};

fn is_draft(item: &BookItem) -> bool {
    match item {
        BookItem::Chapter(chapter) => {
            metadata::read(&chapter.content).is_ok_and(|(_, meta)| meta.draft())
        }
        _ => false,
    }
}

/// Removes draft chapters (with the chapters under them) from `items`.
pub fn hide(ctx: &Context, items: &mut Vec<BookItem>, diagnostics: &mut Diagnostics) {
    let mut hidden = Vec::new();
    remove_drafts(items, &mut hidden);
    if hidden.is_empty() {
        return;
    }
    protocol::for_each_chapter(items, &mut |chapter| {
        let Some(from) = chapter.source_path.as_deref() else {
            return;
        };
        for (offset, target) in link_targets(&chapter.content) {
            let Some(target) = resolve(from, target) else {
                continue;
            };
            if hidden.contains(&target) {
                diagnostics.warning(
                    Some(crate::diagnostics::Location::in_text(
                        &display_path(ctx.src_dir(), from),
                        &chapter.content,
                        offset,
                    )),
                    format!(
                        "links to draft {}, which `drafts = \"hide\"` leaves out of the book",
                        target.display()
                    ),
                );
            }
        }
    });
}

fn remove_drafts(items: &mut Vec<BookItem>, hidden: &mut Vec<PathBuf>) {
    items.retain(|item| {
        if !is_draft(item) {
            return true;
        }
        let mut subtree = Vec::new();
        protocol::for_each_chapter(std::slice::from_ref(item), &mut |c| {
            subtree.extend(c.source_path.clone())
        });
        hidden.extend(subtree);
        false
    });
    for item in items {
        if let BookItem::Chapter(chapter) = item {
            remove_drafts(&mut chapter.sub_items, hidden);
        }
    }
}

/// The destinations of inline markdown links (`](target)`) in `text`, with offsets.
fn link_targets(text: &str) -> Vec<(usize, &str)> {
    memchr::memmem::find_iter(text.as_bytes(), b"](")
        .filter_map(|at| {
            let start = at + 2;
            let end = start + text[start..].find([')', ' ', '\n'])?;
            Some((at, &text[start..end]))
        })
        .collect()
}

fn resolve(from: &Path, target: &str) -> Option<PathBuf> {
    let target = target
        .split('#')
        .next()?
        .trim_start_matches('<')
        .trim_end_matches('>');
    if target.contains("://") || !target.ends_with(".md") {
        return None;
    }
    links::normalize(&from.parent().unwrap_or(Path::new("")).join(target))
}
