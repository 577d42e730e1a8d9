//! The checklist section and the review summary, written with
//! `pulldown-cmark-to-cmark` (GFM task lists and tables, escaped).

use crate::bank::{Category, Question};
use crate::coverage::{Answer, Assessment};
use deepdive_core::badge;
use deepdive_core::inert;
use deepdive_core::status::text_color_on;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::borrow::Cow;
use std::sync::OnceLock;

/// How far a chapter is: questions handled (answered or N/A) of all.
#[derive(Debug, Clone, Default)]
pub struct Readiness {
    /// Questions answered or declared not applicable.
    pub handled: usize,
    /// Every question.
    pub total: usize,
}

impl Readiness {
    /// The readiness of an assessed chapter.
    pub fn of(assessed: &Assessment) -> Self {
        let answers = || assessed.iter().flatten().map(|(_, answer)| answer);
        Readiness {
            handled: answers().filter(|a| **a != Answer::Open).count(),
            total: answers().count(),
        }
    }

    /// The open questions of `assessed`, in order.
    pub fn open(assessed: &Assessment) -> impl Iterator<Item = &Question> {
        assessed
            .iter()
            .flatten()
            .filter(|(_, answer)| *answer == Answer::Open)
            .map(|(question, _)| &**question)
    }

    /// `N of M answered`.
    pub fn line(&self) -> String {
        format!("{} of {} answered", self.handled, self.total)
    }

    /// The readiness badge (HTML) in the suite's badge style.
    pub fn badge(&self) -> String {
        let (kind, color, meaning) = if self.handled == self.total {
            (
                "review-ready",
                "#1a7f37",
                "every question is answered: ready for review",
            )
        } else if self.handled * 2 >= self.total {
            ("review-partial", "#9a6700", "most questions are answered")
        } else {
            ("review-open", "#57606a", "most questions are still open")
        };
        badge::html(kind, &self.line(), meaning, color, text_color_on(color))
    }
}

fn text(value: impl Into<String>) -> Event<'static> {
    Event::Text(CowStr::from(value.into()))
}

fn heading(level: HeadingLevel, title: &str) -> [Event<'static>; 3] {
    [
        Event::Start(Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }),
        text(title),
        Event::End(TagEnd::Heading(level)),
    ]
}

/// The events as markdown, their text made inert (see [`deepdive_core::inert`]).
fn to_markdown(events: Vec<Event<'_>>) -> String {
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    deepdive_core::inert::to_markdown(events, options)
}

/// Appends one question of a checklist as a task-list item, written
/// directly (a book's checklists hold a line per question per chapter, and
/// the section an answer links to differs from chapter to chapter): every
/// text in it (the question, the section, the reason, the hint) inline text
/// made inert, the anchor a link destination.
fn push_item(out: &mut String, question: &Question, answer: &Answer) {
    let text = inert::push_inline_text;
    out.push_str(if *answer == Answer::Open {
        "* [ ] "
    } else {
        "* [x] "
    });
    match answer {
        // Before the first heading: there is no heading to link to.
        Answer::Answered { anchor, .. } if anchor.is_empty() => {
            text(out, &question.text);
            out.push_str(" — answered in the opening");
        }
        Answer::Answered { section, anchor } => {
            text(out, &question.text);
            out.push_str(" — answered in ");
            inert::push_inline_link(out, section, Some(&format!("#{anchor}")));
        }
        Answer::NotApplicable(reason) => {
            out.push_str("~~");
            text(out, question.text.trim());
            out.push_str("~~ N/A");
            if !reason.is_empty() {
                out.push_str(": ");
                text(out, reason);
            }
        }
        Answer::Open if question.hint.trim().is_empty() => text(out, &question.text),
        Answer::Open => {
            text(out, &question.text);
            out.push_str(" — to answer it: *");
            text(out, question.hint.trim());
            out.push('*');
        }
    }
}

/// Appends the item of one of the chapter's own review questions: open, for
/// the reviewer to tick. Written directly (a chapter can ask dozens): the
/// question is inline text after the marker.
fn push_own_item(out: &mut String, question: &str) {
    out.push_str("* [ ] ");
    inert::push_inline_text(out, question);
}

/// A checklist's title when its directive gives none.
pub const DEFAULT_TITLE: &str = "Review checklist";

/// A checklist's heading (`##` title, `###` group) as markdown: the two that
/// nearly every checklist has written once per run, any other when asked.
fn written_heading(level: HeadingLevel, title: &str) -> Cow<'static, str> {
    static USUAL: OnceLock<[String; 2]> = OnceLock::new();
    let usual = USUAL.get_or_init(|| {
        [
            to_markdown(heading(HeadingLevel::H2, DEFAULT_TITLE).into()),
            to_markdown(heading(HeadingLevel::H3, OWN_QUESTIONS).into()),
        ]
    });
    match (level, title) {
        (HeadingLevel::H2, DEFAULT_TITLE) => Cow::Borrowed(&usual[0]),
        (HeadingLevel::H3, OWN_QUESTIONS) => Cow::Borrowed(&usual[1]),
        _ => Cow::Owned(to_markdown(heading(level, title).into())),
    }
}

/// The title of the group of a chapter's own review questions.
pub const OWN_QUESTIONS: &str = "Asked in this chapter";

/// A category's heading, written once per build and shared by every
/// checklist that shows it.
pub struct WrittenCategory {
    heading: String,
}

impl WrittenCategory {
    /// The category's heading, written once per run.
    pub fn of(category: &Category) -> Self {
        WrittenCategory {
            heading: to_markdown(heading(HeadingLevel::H3, &category.title).into()),
        }
    }
}

/// The "Review checklist" section of a chapter whose page is at `page_key`;
/// `categories[c]` is written, `assessed[c]` answered; `own` are the
/// chapter's own review questions, a group of their own that only the
/// reviewer ticks (not counted in the readiness).
pub fn checklist(
    title: &str,
    categories: &[&WrittenCategory],
    assessed: &Assessment,
    own: &[String],
    html: bool,
    page_key: &str,
) -> String {
    let readiness = Readiness::of(assessed);
    // The badge and the `<div>` are HTML the suite writes (escaped where
    // they hold text), so only the title goes through the markdown writer.
    let mut out = written_heading(HeadingLevel::H2, title).into_owned();
    out.push_str("\n\n");
    if html {
        out.push_str(&readiness.badge());
        out.push_str("\n\n<div class=\"deepdive-checklist\" data-page=\"");
        deepdive_core::inert::push_html(&mut out, page_key);
        out.push_str("\">\n");
    } else {
        out.push_str(&readiness.line());
    }
    for (category, answers) in categories.iter().zip(assessed) {
        out.push_str("\n\n");
        out.push_str(&category.heading);
        out.push_str("\n\n");
        for (index, (question, answer)) in answers.iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            push_item(&mut out, question, answer);
        }
    }
    if !own.is_empty() {
        out.push_str("\n\n");
        out.push_str(&written_heading(HeadingLevel::H3, OWN_QUESTIONS));
        out.push_str("\n\n");
        for (index, question) in own.iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            push_own_item(&mut out, question);
        }
    }
    if html {
        out.push_str("\n\n</div>\n");
    }
    out
}

/// One row of `{{#review-summary}}`.
pub struct SummaryRow {
    /// The chapter's title.
    pub title: String,
    /// The link to it from the summary's chapter.
    pub link: Option<String>,
    /// Its status badge.
    pub status: String,
    /// How far it is.
    pub readiness: Readiness,
    /// The open questions, joined.
    pub open: String,
}

/// `{{#review-summary}}`: every reviewed chapter, its readiness and open questions.
pub fn summary(rows: &[SummaryRow], html: bool) -> String {
    let cell = inert::push_inline_text;
    let mut table = inert::table_header(&["Chapter", "Status", "Readiness", "Open questions"]);
    for row in rows {
        table.push('|');
        inert::push_inline_link(&mut table, &row.title, row.link.as_deref());
        table.push('|');
        cell(&mut table, &row.status);
        table.push('|');
        if html {
            table.push_str(&row.readiness.badge());
        } else {
            cell(&mut table, &row.readiness.line());
        }
        table.push('|');
        cell(&mut table, &row.open);
        table.push_str("|\n");
    }
    // The writer ends a table without a line break.
    table.pop();
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{LinkType, Options, Parser};

    /// The item as `pulldown-cmark-to-cmark` writes it from events: what
    /// [`push_item`] must read as.
    fn item_from_events(question: &Question, answer: &Answer) -> String {
        let mut events = vec![
            Event::Start(Tag::List(None)),
            Event::Start(Tag::Item),
            Event::TaskListMarker(*answer != Answer::Open),
        ];
        match answer {
            Answer::Answered { anchor, .. } if anchor.is_empty() => {
                events.push(text(format!("{} — answered in the opening", question.text)));
            }
            Answer::Answered { section, anchor } => {
                events.push(text(format!("{} — answered in ", question.text)));
                events.push(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: format!("#{anchor}").into(),
                    title: "".into(),
                    id: "".into(),
                }));
                events.push(text(section.clone()));
                events.push(Event::End(TagEnd::Link));
            }
            Answer::NotApplicable(reason) => {
                events.extend([
                    Event::Start(Tag::Strikethrough),
                    text(question.text.clone()),
                    Event::End(TagEnd::Strikethrough),
                ]);
                events.push(text(if reason.is_empty() {
                    " N/A".to_owned()
                } else {
                    format!(" N/A: {reason}")
                }));
            }
            Answer::Open if question.hint.is_empty() => events.push(text(question.text.clone())),
            Answer::Open => {
                events.push(text(format!("{} — to answer it: ", question.text)));
                events.extend([
                    Event::Start(Tag::Emphasis),
                    text(question.hint.clone()),
                    Event::End(TagEnd::Emphasis),
                ]);
            }
        }
        events.extend([Event::End(TagEnd::Item), Event::End(TagEnd::List(false))]);
        to_markdown(events)
    }

    /// What a reader of `markdown` meets: each event, texts joined.
    fn read(markdown: &str) -> Vec<String> {
        let options = Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
        let mut read: Vec<String> = Vec::new();
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Text(t) => match read.last_mut() {
                    Some(last) if last.starts_with("text:") => last.push_str(&t),
                    _ => read.push(format!("text:{t}")),
                },
                other => read.push(format!("{other:?}")),
            }
        }
        read
    }

    #[test]
    fn items_are_written_as_the_markdown_writer_writes_them() {
        let question = |text: &str, hint: &str| Question {
            id: "q".into(),
            text: text.into(),
            answered_by: Vec::new(),
            evidence: crate::bank::Evidence::default(),
            hint: hint.into(),
            must: false,
        };
        let answered = |section: &str, anchor: &str| Answer::Answered {
            section: section.into(),
            anchor: anchor.into(),
        };
        let cases = [
            (question("What's the SLA?", "say the p99"), Answer::Open),
            (question("What happens at 10× load?", ""), Answer::Open),
            (
                question("Who can access this?", "x"),
                answered("Rollback Plan", "rollback-plan"),
            ),
            (
                question("How (CPU, RAM, ...) -> IO?", "x"),
                answered("", ""),
            ),
            (
                question("Who can access this?", "x"),
                Answer::NotApplicable("internal tool".into()),
            ),
            (question("Who?", "x"), Answer::NotApplicable(String::new())),
            (
                question(
                    "Is *it* `code` <b>bold</b> {{#x}} [l](u) a|b \\ get_url?",
                    "*x* <i>",
                ),
                answered("A <b> & [c] `d` | e_f", "a--b"),
            ),
            (
                question("<img src=x onerror=alert(1)>", "[run](javascript:alert(1))"),
                Answer::Open,
            ),
        ];
        for (question, answer) in &cases {
            let mut direct = String::new();
            push_item(&mut direct, question, answer);
            assert!(
                !direct.contains("{{#") && !direct.contains("<b") && !direct.contains("<i"),
                "{direct}"
            );
            assert_eq!(
                read(&direct),
                read(&item_from_events(question, answer)),
                "{direct}"
            );
        }
        let mut plain = String::new();
        push_item(&mut plain, &cases[0].0, &cases[0].1);
        assert_eq!(plain, item_from_events(&cases[0].0, &cases[0].1));
    }

    #[test]
    fn the_chapters_own_questions_are_written_as_inert_text() {
        let mut item = String::new();
        push_own_item(
            &mut item,
            "Does <img src=x onerror=alert(1)> [run](javascript:alert(1)) {{#include x}}?",
        );
        assert!(item.starts_with("* [ ] "), "{item}");
        assert!(!item.contains("<img"), "{item}");
        assert!(item.contains("\\[run\\]"), "no link: {item}");
        assert!(!item.contains("{{#"), "{item}");
    }
}
