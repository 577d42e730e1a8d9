//! `drafts = "hide"`: chapters with `draft: true` leave the book (no page,
//! no sidebar entry, no search entry), as in Hugo; a visible chapter that
//! links to one gets a warning, since that link will be broken.

use crate::book::links;
use crate::book::metadata;
use crate::book::protocol::{self, Context};
use crate::text::diagnostics::{Diagnostics, display_path};
use mdbook_preprocessor::book::BookItem;
use pulldown_cmark::{Event, Options, Parser, Tag};
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
            for target in resolve(from, &target) {
                if !hidden.contains(&target) {
                    continue;
                }
                diagnostics.warning(
                    Some(crate::text::diagnostics::Location::in_text(
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
            subtree.extend(c.source_path.clone());
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

/// The destinations of the links in `text`'s body (inline, reference and
/// autolinks, as mdBook's renderer reads them), with where each link starts.
fn link_targets(text: &str) -> Vec<(usize, String)> {
    let body = crate::text::frontmatter::split(text)
        .ok()
        .flatten()
        .map_or(0, |block| block.whole.end);
    Parser::new_ext(
        &text[body..],
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES,
    )
    .into_offset_iter()
    .filter_map(|(event, range)| match event {
        Event::Start(Tag::Link { dest_url, .. }) => {
            Some((body + range.start, dest_url.into_string()))
        }
        _ => None,
    })
    .collect()
}

/// The chapters a link from the chapter at `from` may name: its `.md` file,
/// or for `x.html` (where mdBook renders it) `x.md`, and for `index.html`
/// also `README.md`. Links with a scheme (`https:`, `mailto:`) name none.
fn resolve(from: &Path, target: &str) -> Vec<PathBuf> {
    let path = target.split(['#', '?']).next().unwrap_or_default();
    if path.contains(':') {
        return Vec::new();
    }
    // `my%20file.md` names `my file.md`.
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut names = Vec::new();
    if path.ends_with(".md") {
        names.push(path.to_string());
    } else if let Some(stem) = path.strip_suffix(".html") {
        names.push(format!("{stem}.md"));
        if let Some(folder) = stem.strip_suffix("index") {
            names.push(format!("{folder}README.md"));
        }
    }
    let folder = from.parent().unwrap_or(Path::new(""));
    names
        .iter()
        .filter_map(|name| links::normalize(&folder.join(name)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_in_every_form_name_their_chapters() {
        let text = "---\nsee: \"[no](front.md)\"\n---\n# A\n\n[one](b.md#x) [two](<c d.md>) [three][r] `[code](e.md)`\n\n[r]: ../f.html\n";
        let targets: Vec<String> = link_targets(text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(targets, ["b.md#x", "c d.md", "../f.html"]);
        let from = Path::new("dives/a.md");
        assert_eq!(resolve(from, "b.md#x"), [PathBuf::from("dives/b.md")]);
        assert_eq!(
            resolve(from, "my%20file.md"),
            [PathBuf::from("dives/my file.md")]
        );
        assert_eq!(resolve(from, "../f.html"), [PathBuf::from("f.md")]);
        assert_eq!(
            resolve(from, "sub/index.html"),
            [
                PathBuf::from("dives/sub/index.md"),
                PathBuf::from("dives/sub/README.md")
            ]
        );
        assert!(resolve(from, "https://example.com/x.md").is_empty());
        assert!(resolve(from, "mailto:a@b.c").is_empty());
        assert!(resolve(from, "image.png").is_empty());
    }
}
