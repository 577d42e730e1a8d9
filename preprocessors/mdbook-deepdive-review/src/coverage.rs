//! Which questions a chapter already answers: a question is answered when a
//! section it names exists and holds text beyond the templates' own guidance
//! and placeholders (`[Benefit 1]`, `Xms`, bullets copied from a template).

use crate::bank::{Category, Question};
use deepdive_core::sections;
use serde_json::{Map, Value};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// Fewer words than this, once guidance is removed, is not an answer.
const MIN_WORDS: usize = 8;

/// How a chapter handles one question.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Answer {
    /// Answered in the section with this title and HTML id.
    Answered {
        /// The section's title.
        section: String,
        /// The section's HTML id.
        anchor: String,
    },
    /// Declared not applicable, with the reason.
    NotApplicable(String),
    /// Neither answered nor declared not applicable.
    Open,
}

/// Every line of the seed templates (placeholders shown as their defaults):
/// text that is guidance, not an answer.
fn guidance() -> &'static HashSet<String> {
    static LINES: OnceLock<HashSet<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        deepdive_core::seeds::TEMPLATES
            .iter()
            .flat_map(|(_, text)| text.lines())
            .map(|line| with_defaults(line).trim().to_owned())
            .filter(|line| !line.is_empty())
            .collect()
    })
}

/// A template line with each `{{ … | "default" }}` replaced by its default.
fn with_defaults(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find("{{ ") {
        let Some(close) = rest[open..].find("}}").map(|c| c + open) else {
            break;
        };
        let inner = &rest[open..close];
        let default = inner.rsplit('"').nth(1).unwrap_or("");
        out.push_str(&rest[..open]);
        out.push_str(default);
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

/// Words that are placeholders: `X`, `Xms`, `Y/s`, `Z%`, `XMB`, `YYYY-MM-DD`.
fn is_placeholder_word(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '/');
    let unit = word.trim_start_matches(['X', 'Y', 'Z']);
    word.len() > unit.len() && ["", "ms", "%", "/s", "MB", "GB", "s"].contains(&unit)
        || word.starts_with("YYYY")
}

/// `[Benefit 1]` placeholders removed; links (`[text](url)`) kept.
fn without_brackets(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| c + open) else {
            break;
        };
        out.push_str(&rest[..open]);
        if rest[close + 1..].starts_with('(') {
            out.push_str(&rest[open + 1..close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether a section's text holds an answer.
pub fn filled(section: &str) -> bool {
    let guidance = guidance();
    let mut words = 0;
    for line in section.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("```")
            || guidance.contains(trimmed)
        {
            continue;
        }
        words += without_brackets(trimmed)
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic) && !is_placeholder_word(w))
            .count();
    }
    words >= MIN_WORDS
}

/// Section names compare without case, punctuation or "and"/"&".
/// A section title as titles are compared: lower case, words only, no "and".
pub fn comparable(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "and")
        .collect::<Vec<_>>()
        .join(" ")
}

/// The HTML ids mdBook 0.5 gives headings (`id_from_content` + `unique_id`).
fn heading_ids(headings: &[sections::Heading]) -> Vec<String> {
    let mut used = HashSet::new();
    headings
        .iter()
        .map(|h| {
            let id: String = h
                .text
                .trim()
                .to_lowercase()
                .chars()
                .filter_map(|c| {
                    if c.is_alphanumeric() || c == '_' || c == '-' {
                        Some(c)
                    } else if c.is_whitespace() {
                        Some('-')
                    } else {
                        None
                    }
                })
                .collect();
            let mut unique = id.clone();
            let mut counter = 1;
            while !used.insert(unique.clone()) {
                unique = format!("{id}-{counter}");
                counter += 1;
            }
            unique
        })
        .collect()
}

/// The questions marked not applicable in front matter `review-na`: by id or
/// text, to a reason (a list gives no reasons).
pub fn not_applicable(fields: &Map<String, Value>) -> HashMap<String, String> {
    match fields.get("review-na") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| (k.to_lowercase(), v.as_str().unwrap_or("").to_owned()))
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|k| (k.to_lowercase(), String::new()))
            .collect(),
        Some(Value::String(one)) => HashMap::from([(one.to_lowercase(), String::new())]),
        _ => HashMap::new(),
    }
}

/// A chapter's answers: per category, each question and its answer.
pub type Assessment = Vec<Vec<(Arc<Question>, Answer)>>;

/// How a chapter's body answers the questions of `categories`; `headings`
/// are the body's (the page's, made once for every member).
#[allow(
    clippy::implicit_hasher,
    reason = "the map is `not_applicable`'s, with the default hasher"
)]
pub fn assess(
    body: &str,
    headings: &[sections::Heading],
    categories: &[&Category],
    na: &HashMap<String, String>,
) -> Assessment {
    let names: Vec<String> = headings.iter().map(|h| comparable(&h.text)).collect();
    // Heading ids are needed only for answered questions.
    let ids = OnceCell::new();
    let answer = |question: &Question| {
        let reason = (!na.is_empty())
            .then(|| {
                na.get(&question.id.to_lowercase())
                    .or_else(|| na.get(&question.text.to_lowercase()))
            })
            .flatten();
        if let Some(reason) = reason {
            return Answer::NotApplicable(reason.clone());
        }
        for wanted in &question.answered_by {
            for (i, (heading, name)) in headings.iter().zip(&names).enumerate() {
                if name == wanted && filled(&body[heading.section.clone()]) {
                    return Answer::Answered {
                        section: heading.text.clone(),
                        anchor: ids.get_or_init(|| heading_ids(headings))[i].clone(),
                    };
                }
            }
        }
        Answer::Open
    };
    categories
        .iter()
        .map(|c| {
            c.questions
                .iter()
                .map(|q| (Arc::clone(q), answer(q)))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfilled_seed_template_answers_nothing() {
        for (name, text) in deepdive_core::seeds::TEMPLATES {
            let seedlike: String = text.lines().map(|l| with_defaults(l) + "\n").collect();
            for heading in sections::headings(&seedlike) {
                assert!(
                    !filled(&seedlike[heading.section.clone()]),
                    "{name}: `{}` counts as filled",
                    heading.text
                );
            }
        }
    }

    #[test]
    fn real_prose_is_an_answer_and_placeholders_are_not() {
        assert!(filled(
            "A gateway crash drops its sessions; clients reconnect with jitter within five seconds.\n"
        ));
        assert!(!filled(
            "- [Benefit 1]\n- [Benefit 2]\n| Test 1 | Xms | Yms | Z% |\n"
        ));
        assert!(!filled("- What happens?\n- Who responds?\n"));
    }

    #[test]
    fn ids_follow_mdbook() {
        let headings =
            sections::headings("## Failure Modes & Blast Radius\n\n## Alerts\n\n## Alerts\n");
        assert_eq!(
            heading_ids(&headings),
            ["failure-modes--blast-radius", "alerts", "alerts-1"]
        );
        assert_eq!(
            comparable("Failure Modes and Blast-Radius"),
            comparable("failure modes & blast radius")
        );
    }
}
