//! The badge line under a chapter's first heading: its status badge, then
//! date, difficulty, tags, owner and review date as chips, then its
//! relationships as links.

use crate::relations;
use deepdive_core::badge;
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::html::inline_text;
use deepdive_core::member::{Page, Run};
use deepdive_core::sections;
use deepdive_core::splice::Edit;
use deepdive_core::status::Status;

/// The chips of a chapter: (what it is, its text).
fn chips(page: &Page) -> Vec<(&'static str, String)> {
    let meta = &page.meta;
    let mut chips = Vec::new();
    chips.extend(meta.date().map(|d| ("Date", d.to_owned())));
    chips.extend(
        meta.text("difficulty")
            .map(|d| ("Difficulty", d.to_owned())),
    );
    chips.extend(meta.tags().map(|t| ("Tag", t.to_owned())));
    chips.extend(meta.text("owner").map(|o| ("Owner", format!("Owner: {o}"))));
    chips.extend(
        meta.text("review-by")
            .map(|r| ("Review by", format!("Review by: {r}"))),
    );
    chips
}

/// The badge line's markdown for the current renderer.
pub fn render(
    run: &Run<'_>,
    page: &Page,
    status: &Status,
    content: &str,
    diagnostics: &mut Diagnostics,
) -> String {
    let renderer = &run.ctx.renderer;
    let language = run.ctx.book_language();
    let relations = relations::render(run, page, content, diagnostics);
    let chips = chips(page);
    if !badge::is_html(renderer) {
        let mut parts = vec![inline_text(&status.plain(language))];
        parts.extend(chips.into_iter().map(|(_, text)| inline_text(&text)));
        parts.extend(relations);
        return parts.join(" · ");
    }
    let mut line = String::from("<span class=\"deepdive-meta\">");
    line.push_str(&badge::status(status, language, renderer));
    for (kind, text) in chips {
        line.push_str(&format!(
            " <span class=\"deepdive-chip\" title=\"{kind}\">{}</span>",
            inline_text(&text)
        ));
    }
    for relation in relations {
        line.push_str(" · ");
        line.push_str(&relation);
    }
    line.push_str("</span>");
    line
}

/// The edit that puts `line` in the chapter: after its first heading, or at
/// the top of the body (also when there is no heading), or nowhere.
pub fn insertion(content: &str, body_start: usize, position: &str, line: &str) -> Option<Edit> {
    let newline = if content.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let top = Edit::new(body_start..body_start, format!("{line}{newline}{newline}"));
    match position {
        "none" => None,
        "top" => Some(top),
        _ => {
            let Some(line_end) = sections::first_heading_line_end(&content[body_start..]) else {
                return Some(top);
            };
            let at = body_start + line_end;
            Some(if content[..at].ends_with('\n') {
                Edit::new(at..at, format!("{newline}{line}{newline}{newline}"))
            } else {
                Edit::new(at..at, format!("{newline}{newline}{line}{newline}"))
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use deepdive_core::splice::apply;

    fn insert(content: &str, position: &str) -> String {
        let edit = insertion(content, 0, position, "LINE");
        apply(content, edit.into_iter().collect())
    }

    #[test]
    fn after_the_first_heading_with_blank_lines() {
        assert_eq!(
            insert("# T\n\nBody\n", "after-title"),
            "# T\n\nLINE\n\n\nBody\n"
        );
        assert_eq!(
            insert("# T\nBody\n", "after-title"),
            "# T\n\nLINE\n\nBody\n"
        );
        assert_eq!(
            insert("Intro\n\n## T\r\n\r\nx\r\n", "after-title"),
            "Intro\n\n## T\r\n\r\nLINE\r\n\r\n\r\nx\r\n"
        );
    }

    #[test]
    fn setext_headings_and_headings_at_the_end() {
        assert_eq!(
            insert("Title\n=====\ntext", "after-title"),
            "Title\n=====\n\nLINE\n\ntext"
        );
        assert_eq!(insert("# T", "after-title"), "# T\n\nLINE\n");
    }

    #[test]
    fn top_none_and_no_heading() {
        assert_eq!(insert("text\n", "after-title"), "LINE\n\ntext\n");
        assert_eq!(insert("# T\n", "top"), "LINE\n\n# T\n");
        assert_eq!(insert("# T\n", "none"), "# T\n");
    }
}
