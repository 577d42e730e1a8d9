//! Badges: the one inline element the suite's members show state with (status
//! badges, the index's status column, review readiness), styled by the
//! stylesheet the status member installs (`deepdive.css`).
//!
//! The colour arrives as CSS custom properties on the element, so a colour
//! set in book.toml needs no generated stylesheet; colours are validated
//! `#rrggbb` values (see [`crate::suite::status::parse_color`]), everything else is
//! made inert: a badge sits in markdown (a badge line, a table cell), so its
//! text is escaped as markdown, not only as HTML (see [`crate::text::inert`]).

use crate::suite::status::Status;
use crate::text::inert;

/// The renderer that gets HTML; every other renderer gets plain text.
pub fn is_html(renderer: &str) -> bool {
    renderer == "html"
}

/// A badge: `kind` names its CSS class (`deepdive-status-done`), `text` is
/// what it says, `title` the tooltip, `color` a validated `#rrggbb`.
pub fn html(kind: &str, text: &str, title: &str, color: &str, text_color: &str) -> String {
    let kind: String = kind
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!(
        "<span class=\"deepdive-badge deepdive-{kind}\" style=\"--deepdive-bg:{color};--deepdive-fg:{text_color}\" title=\"{}\">{}</span>",
        inert::html(title),
        inert::markdown(text)
    )
}

/// A status badge for `renderer`, as markdown: HTML, or `✅ Done` as
/// escaped text.
pub fn status(status: &Status, language: Option<&str>, renderer: &str) -> String {
    if !is_html(renderer) {
        return inert::markdown(&status.plain(language));
    }
    let title = if status.description.is_empty() {
        status.label(language).to_owned()
    } else {
        format!("{}: {}", status.label(language), status.description)
    };
    html(
        &format!("status-{}", status.id),
        &status.plain(language),
        &title,
        &status.color,
        status.text_color(),
    )
}

/// How the badge line under a chapter's title (the status member's) opens in
/// HTML; for the other renderers it opens with the status badge itself.
pub const BADGE_LINE_HTML_OPEN: &str = "<span class=\"deepdive-meta\">";

/// Whether `line` is a badge line whose status badge is `status_badge` (one
/// of [`StatusBadges`]' for the run's renderer): the badge, alone or before
/// its chips (` · ` in text, ` <span` in HTML), inside the HTML line's
/// opening. Members that read a chapter for its writer's words (the review's
/// evidence) leave it out: its text is the suite's, and differs by renderer.
pub fn is_badge_line(line: &str, status_badge: &str) -> bool {
    let line = line.trim_end();
    let inner = line.strip_prefix(BADGE_LINE_HTML_OPEN).unwrap_or(line);
    !status_badge.is_empty()
        && inner.strip_prefix(status_badge).is_some_and(|after| {
            after.is_empty()
                || after.starts_with(" · ")
                || after.starts_with(" <span")
                || after == "</span>"
        })
}

/// Every status's badge for one run's renderer and language, written once:
/// a book shows the same few badges on thousands of pages.
pub struct StatusBadges {
    /// Status id and badge, in the vocabulary's order.
    badges: Vec<(String, String)>,
}

impl StatusBadges {
    /// The badge of every status, written once, in `language`, for `renderer`.
    pub fn new(statuses: &[Status], language: Option<&str>, renderer: &str) -> Self {
        StatusBadges {
            badges: statuses
                .iter()
                .map(|s| (s.id.clone(), status(s, language, renderer)))
                .collect(),
        }
    }

    /// The badge of `status`, one of the statuses this was made from.
    pub fn get(&self, status: &Status) -> &str {
        self.badges
            .iter()
            .find(|(id, _)| *id == status.id)
            .map_or("", |(_, badge)| badge.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::status::Vocabulary;

    #[test]
    fn html_badges_carry_class_colour_and_escaped_text() {
        let vocabulary = Vocabulary::default();
        let done = vocabulary.get("done").unwrap();
        let badge = status(done, None, "html");
        assert!(
            badge.starts_with("<span class=\"deepdive-badge deepdive-status-done\""),
            "{badge}"
        );
        assert!(
            badge.contains("--deepdive-bg:#1a7f37;--deepdive-fg:#ffffff"),
            "{badge}"
        );
        assert!(badge.contains(">✅ Done</span>"), "{badge}");
        assert_eq!(status(done, None, "markdown"), "✅ Done");
        let badges = StatusBadges::new(vocabulary.statuses(), None, "html");
        assert_eq!(badges.get(done), badge);
    }

    #[test]
    fn a_badge_line_is_known_by_its_status_badge_in_either_renderer() {
        let vocabulary = Vocabulary::default();
        let done = vocabulary.get("done").unwrap();
        let html_badge = status(done, None, "html");
        let html_line = format!(
            "{BADGE_LINE_HTML_OPEN}{html_badge} <span class=\"deepdive-chip\" title=\"Tag\">kafka</span></span>"
        );
        assert!(is_badge_line(&html_line, &html_badge));
        assert!(is_badge_line(
            &format!("{BADGE_LINE_HTML_OPEN}{html_badge}</span>\n"),
            &html_badge
        ));
        assert!(is_badge_line(
            "✅ Done · 2026\\-08\\-19 · kafka\n",
            "✅ Done"
        ));
        assert!(is_badge_line("✅ Done", "✅ Done"));
        // A writer's line that starts with the same words is not one, nor is
        // any line when the chapter has no status badge.
        assert!(!is_badge_line(
            "✅ Done: the rollback was tested",
            "✅ Done"
        ));
        assert!(!is_badge_line("✅ Doneness", "✅ Done"));
        assert!(!is_badge_line("text", ""));
        assert!(!is_badge_line(&html_line, "✅ Done"));
    }

    #[test]
    fn text_is_escaped_and_kind_sanitised() {
        let badge = html(
            "x\" onmouseover=\"a",
            "<b> [l](javascript:alert(1))",
            "\"",
            "#000000",
            "#ffffff",
        );
        assert!(badge.contains("deepdive-xonmouseovera"), "{badge}");
        assert!(
            badge.contains("&lt;\u{2060}b&gt; \\[l\\]\\(javascript:alert\\(1\\)\\)")
                && badge.contains("title=\"&quot;\""),
            "{badge}"
        );
    }
}
