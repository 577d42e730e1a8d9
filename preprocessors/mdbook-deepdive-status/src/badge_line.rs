//! The badge line under a chapter's first heading: its status badge, then
//! date, difficulty, tags, owner and review date as chips (and "overdue"
//! when the review date has passed), then its relationships as links.

use crate::options::Position;
use crate::relations;
use deepdive_core::badge;
use deepdive_core::date::Date;
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::inert::push_markdown;
use deepdive_core::member::Run;
use deepdive_core::page::Page;
use deepdive_core::sections;
use deepdive_core::splice::Edit;
use std::borrow::Cow;

/// The title of the chip a document whose review date has passed shows;
/// the stylesheet draws it louder (`deepdive-overdue`).
const OVERDUE: &str = "Review overdue";

/// The chips of a chapter: what each is, the prefix of its text, and the
/// front matter value that follows the prefix (dates as `YYYY-MM-DD`).
fn chips(page: &Page, today: Date) -> Vec<(&'static str, &'static str, Cow<'_, str>)> {
    let meta = &page.meta;
    let mut chips = Vec::new();
    chips.extend(meta.shown_date("date").map(|d| ("Date", "", d)));
    chips.extend(
        meta.text("difficulty")
            .map(|d| ("Difficulty", "", d.into())),
    );
    chips.extend(meta.tags().map(|t| ("Tag", "", t.into())));
    chips.extend(meta.text("owner").map(|o| ("Owner", "Owner: ", o.into())));
    chips.extend(
        meta.shown_date("review-by")
            .map(|r| ("Review by", "Review by: ", r)),
    );
    if meta.overdue(today) {
        chips.push((OVERDUE, "", "overdue".into()));
    }
    chips
}

/// The badge line's markdown for the current renderer, with `badge` the
/// status badge that renderer shows.
pub(crate) fn render(
    run: &Run<'_>,
    page: &Page,
    (badge, today): (&str, Date),
    content: &str,
    diagnostics: &mut Diagnostics,
) -> String {
    let relations = relations::render(run, page, content, diagnostics);
    let mut line = String::with_capacity(512);
    if !badge::is_html(&run.ctx.renderer) {
        line.push_str(badge);
        for (_, prefix, text) in chips(page, today) {
            line.push_str(" · ");
            line.push_str(prefix);
            push_markdown(&mut line, &text);
        }
        for relation in relations {
            line.push_str(" · ");
            line.push_str(&relation);
        }
        return line;
    }
    line.push_str(badge::BADGE_LINE_HTML_OPEN);
    line.push_str(badge);
    for (kind, prefix, text) in chips(page, today) {
        line.push_str(if kind == OVERDUE {
            " <span class=\"deepdive-chip deepdive-overdue\" title=\""
        } else {
            " <span class=\"deepdive-chip\" title=\""
        });
        line.push_str(kind);
        line.push_str("\">");
        line.push_str(prefix);
        push_markdown(&mut line, &text);
        line.push_str("</span>");
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
/// `first_heading_end` gives where the body's first heading ends (from the
/// page's headings), asked only when its first line is not one.
pub(crate) fn insertion(
    content: &str,
    body_start: usize,
    position: Position,
    line: &str,
    first_heading_end: impl FnOnce() -> Option<usize>,
) -> Option<Edit> {
    let top = || {
        let newline = line_ending_near(content, body_start);
        Edit::new(body_start..body_start, format!("{line}{newline}{newline}"))
    };
    match position {
        Position::None => None,
        Position::Top => Some(top()),
        Position::AfterTitle => {
            let body = &content[body_start..];
            let Some(line_end) = sections::first_heading_line_end_from(body, first_heading_end)
            else {
                return Some(top());
            };
            let at = body_start + line_end;
            let newline = line_ending_near(content, at);
            Some(if content[..at].ends_with('\n') {
                Edit::new(at..at, format!("{newline}{line}{newline}{newline}"))
            } else {
                Edit::new(at..at, format!("{newline}{newline}{line}{newline}"))
            })
        }
    }
}

/// The line ending of the line break before `at` (else the first after it),
/// so the inserted lines end as the lines around them do.
fn line_ending_near(content: &str, at: usize) -> &'static str {
    let near = content[..at]
        .rfind('\n')
        .or_else(|| content[at..].find('\n').map(|i| at + i));
    match near {
        Some(i) if content[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use deepdive_core::splice::apply;

    fn insert(content: &str, position: Position) -> String {
        let first_heading_end = || sections::headings(content).first().map(|h| h.range.end);
        let edit = insertion(content, 0, position, "LINE", first_heading_end);
        apply(content, edit.into_iter().collect())
    }

    #[test]
    fn after_the_first_heading_with_blank_lines() {
        assert_eq!(
            insert("# T\n\nBody\n", Position::AfterTitle),
            "# T\n\nLINE\n\n\nBody\n"
        );
        assert_eq!(
            insert("# T\nBody\n", Position::AfterTitle),
            "# T\n\nLINE\n\nBody\n"
        );
        assert_eq!(
            insert("Intro\n\n## T\r\n\r\nx\r\n", Position::AfterTitle),
            "Intro\n\n## T\r\n\r\nLINE\r\n\r\n\r\nx\r\n"
        );
    }

    #[test]
    fn setext_headings_and_headings_at_the_end() {
        assert_eq!(
            insert("Title\n=====\ntext", Position::AfterTitle),
            "Title\n=====\n\nLINE\n\ntext"
        );
        assert_eq!(insert("# T", Position::AfterTitle), "# T\n\nLINE\n");
    }

    #[test]
    fn top_none_and_no_heading() {
        assert_eq!(insert("text\n", Position::AfterTitle), "LINE\n\ntext\n");
        assert_eq!(insert("# T\n", Position::Top), "LINE\n\n# T\n");
        assert_eq!(insert("# T\n", Position::None), "# T\n");
    }
}
