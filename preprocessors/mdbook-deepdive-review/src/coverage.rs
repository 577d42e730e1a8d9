//! Which questions a chapter already answers: where the chapter's text holds
//! a question's evidence ([`crate::evidence`]), beyond the templates' own
//! guidance and placeholders (`[Benefit 1]`, `Xms`, bullets copied from a
//! template).

use crate::bank::{Category, Question};
use crate::evidence::{Found, Reading, Rules};
use deepdive_core::sections;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

/// Fewer words than this, once guidance is removed, is not an answer.
#[cfg(test)]
const MIN_WORDS: usize = 8;

/// How a chapter handles one question.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Answer {
    /// Answered in the section with this title and HTML id (both empty: in
    /// the text before the first heading).
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

/// Whether `line` (trimmed) is a line of a seed template.
pub fn is_guidance(line: &str) -> bool {
    // Template lines are short: a line longer than all of them, or of a
    // length none has, is not one, without hashing it.
    let lengths = guidance_lengths();
    lengths.get(line.len()).copied().unwrap_or(false) && guidance().contains(line)
}

/// `lengths[n]`: whether some template line is `n` bytes long.
fn guidance_lengths() -> &'static [bool] {
    static LENGTHS: OnceLock<Vec<bool>> = OnceLock::new();
    LENGTHS.get_or_init(|| {
        let longest = guidance().iter().map(String::len).max().unwrap_or(0);
        let mut lengths = vec![false; longest + 1];
        for line in guidance() {
            lengths[line.len()] = true;
        }
        lengths
    })
}

/// The words of a line that count towards an answer: with a letter, not a
/// placeholder, outside `[brackets]`.
pub fn counted_words(line: &str) -> usize {
    counted_words_up_to(line, usize::MAX)
}

/// [`counted_words`], stopping at `limit`: a reader that needs to know
/// whether a section holds eight words need not count the rest.
pub fn counted_words_up_to(line: &str, limit: usize) -> usize {
    let counts = |w: &&str| {
        let letter = w.bytes().any(|b| b.is_ascii_alphabetic())
            || (!w.is_ascii() && w.chars().any(char::is_alphabetic));
        letter && !(w.contains(['X', 'Y', 'Z']) && is_placeholder_word(w))
    };
    let count = |text: &str| text.split_whitespace().filter(counts).take(limit).count();
    // Most lines have no brackets: counted where they are, without a copy.
    if line.contains('[') {
        count(&without_brackets(line))
    } else {
        count(line)
    }
}

/// Whether a section's text holds an answer.
#[cfg(test)]
fn filled(section: &str) -> bool {
    let mut words = 0;
    for line in section.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("```")
            || is_guidance(trimmed)
        {
            continue;
        }
        words += counted_words(trimmed);
    }
    words >= MIN_WORDS
}

/// Section names compare without case, punctuation or "and"/"&".
/// A section title as titles are compared: lower case, words only, no "and".
pub fn comparable(name: &str) -> String {
    let mut out = String::new();
    comparable_into(&mut out, name);
    out
}

/// [`comparable`], written into `out` (cleared first): a reader comparing
/// line after line keeps one buffer. An ASCII name (every heading and label
/// of most chapters) is written in one pass: lower-casing ASCII changes no
/// letter into a separator, so lower-casing each word as it is copied gives
/// what lower-casing first does.
pub fn comparable_into(out: &mut String, name: &str) {
    out.clear();
    if !name.is_ascii() {
        let lower = name.to_lowercase();
        let words = lower.split(|c: char| !c.is_alphanumeric());
        for word in words.filter(|w| !w.is_empty() && *w != "and") {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        return;
    }
    // Bytes, not characters: an ASCII name's words are runs of bytes.
    let bytes = name.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let start = at
            + (bytes[at..].iter())
                .take_while(|b| !b.is_ascii_alphanumeric())
                .count();
        at = start
            + (bytes[start..].iter())
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
        let word = &name[start..at];
        if word.is_empty() || word.eq_ignore_ascii_case("and") {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let from = out.len();
        out.push_str(word);
        if let Some(copied) = out.get_mut(from..) {
            copied.make_ascii_lowercase();
        }
    }
}

/// The HTML ids mdBook 0.5 gives headings (`id_from_content` + `unique_id`).
fn heading_ids(headings: &[sections::Heading]) -> Vec<String> {
    // `foldhash` (see `crate::words`): ids are short, and a chapter's own.
    let mut used: HashSet<String, foldhash::fast::FixedState> =
        HashSet::with_capacity_and_hasher(headings.len(), foldhash::fast::FixedState::default());
    headings
        .iter()
        .map(|h| {
            let id = id_from_content(&h.text);
            if used.insert(id.clone()) {
                return id;
            }
            // At most `used.len()` suffixes can be taken.
            (1..=used.len())
                .map(|counter| format!("{id}-{counter}"))
                .find(|unique| used.insert(unique.clone()))
                .unwrap_or(id)
        })
        .collect()
}

/// mdBook's `id_from_content` of a heading's text: lower case, letters,
/// digits, `_` and `-` kept, white space as `-`, the rest left out.
fn id_from_content(text: &str) -> String {
    let text = text.trim();
    let mut id = String::with_capacity(text.len());
    if text.is_ascii() {
        // Lower-casing ASCII maps each character to one, as `to_lowercase`
        // does, without a copy of the text first; and an ASCII character is
        // a byte (its white space is `char::is_whitespace`'s, vertical tab
        // included).
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-' {
                id.push(char::from(byte.to_ascii_lowercase()));
            } else if matches!(byte, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
                id.push('-');
            }
        }
        return id;
    }
    for c in text.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            id.push(c);
        } else if c.is_whitespace() {
            id.push('-');
        }
    }
    id
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

/// How a chapter's `body` answers the questions of `categories`: their rules
/// compiled for this one chapter (for many, [`assess_reading`] with rules
/// made once).
#[allow(
    clippy::implicit_hasher,
    reason = "the map is `not_applicable`'s, with the default hasher"
)]
pub fn assess(body: &str, categories: &[&Category], na: &HashMap<String, String>) -> Assessment {
    let rules = rules_of(categories);
    let reading = rules.read(body);
    let all: Vec<usize> = (0..categories.len()).collect();
    assess_reading(&reading, &rules, categories, &all, na)
}

/// The rules of `categories`, compiled once for a caller that assesses
/// chapter after chapter with the same bank (`export`): the last bank's
/// rules are kept, recognised by its questions (the rules hold them, so
/// their addresses cannot be reused while kept).
fn rules_of(categories: &[&Category]) -> Rc<Rules> {
    thread_local! {
        static LAST: RefCell<Option<(Vec<*const Question>, Rc<Rules>)>> = const { RefCell::new(None) };
    }
    let key: Vec<*const Question> = categories
        .iter()
        .flat_map(|c| c.questions.iter().map(Arc::as_ptr))
        .collect();
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((kept, rules)) = last.as_ref()
            && *kept == key
        {
            return Rc::clone(rules);
        }
        let rules = Rc::new(Rules::new(categories.iter().copied()));
        *last = Some((key, Rc::clone(&rules)));
        rules
    })
}

/// How the chapter `reading` answers the questions of the bank's categories
/// `chosen` (indexes into `bank`, which `rules` were made of).
#[allow(
    clippy::implicit_hasher,
    reason = "the map is `not_applicable`'s, with the default hasher"
)]
pub fn assess_reading<C: std::borrow::Borrow<Category>>(
    reading: &Reading,
    rules: &Rules,
    bank: &[C],
    chosen: &[usize],
    na: &HashMap<String, String>,
) -> Assessment {
    // Heading ids are needed only for answered questions.
    let mut ids: Option<Vec<String>> = None;
    let mut answer = |c: usize, index: usize, question: &Question| {
        let reason = (!na.is_empty())
            .then(|| {
                na.get(&question.id.to_lowercase())
                    .or_else(|| na.get(&question.text.to_lowercase()))
            })
            .flatten();
        if let Some(reason) = reason {
            return Answer::NotApplicable(reason.clone());
        }
        match reading.found(rules, c, index) {
            Found::Open => Answer::Open,
            Found::In(0) => Answer::Answered {
                section: String::new(),
                anchor: String::new(),
            },
            Found::In(section) => {
                let ids = ids.get_or_insert_with(|| heading_ids(&reading.headings));
                Answer::Answered {
                    section: reading.headings[section - 1].text.clone(),
                    anchor: ids[section - 1].clone(),
                }
            }
        }
    };
    chosen
        .iter()
        .map(|&c| {
            bank[c]
                .borrow()
                .questions
                .iter()
                .enumerate()
                .map(|(index, q)| (Arc::clone(q), answer(c, index, q)))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII path of `id_from_content` is the general rule: every ASCII
    /// character, alone and between words.
    #[test]
    fn ascii_heading_ids_are_the_general_rule_s() {
        let general = |text: &str| -> String {
            (text.trim().to_lowercase().chars())
                .filter_map(|c| {
                    if c.is_alphanumeric() || c == '_' || c == '-' {
                        Some(c)
                    } else {
                        c.is_whitespace().then_some('-')
                    }
                })
                .collect()
        };
        for c in (0u8..0x80).map(char::from) {
            let text = format!("Ab{c}9 x{c}");
            assert_eq!(id_from_content(&text), general(&text), "{text:?}");
        }
    }

    #[test]
    fn ascii_names_compare_as_lower_casing_first_would() {
        let general = |name: &str| {
            name.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty() && *w != "and")
                .collect::<Vec<_>>()
                .join(" ")
        };
        for name in [
            "Failure Modes & Blast Radius",
            "Rollback AND Roll-forward",
            "  **Detection**:  ",
            "SLOs/SLIs (p99), 10x Load",
            "and",
            "",
            "Band and Andes",
        ] {
            assert_eq!(comparable(name), general(name), "{name:?}");
        }
        assert_eq!(
            comparable("Rollback AND Roll-forward"),
            "rollback roll forward"
        );
    }

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
    fn assess_compiles_a_banks_rules_once() {
        let bank = crate::bank::builtin();
        let categories: Vec<&Category> = bank.iter().collect();
        assert!(Rc::ptr_eq(&rules_of(&categories), &rules_of(&categories)));
        let other = crate::bank::builtin();
        let others: Vec<&Category> = other.iter().collect();
        assert!(!Rc::ptr_eq(&rules_of(&categories), &rules_of(&others)));
        let chapter = "# C\n\n## Rollback Plan\n\nTurning the feature flag off restores the old path within a minute.\n";
        let assessed = assess(chapter, &categories, &HashMap::new());
        assert!(
            matches!(assessed[0][3].1, Answer::Answered { .. }),
            "{assessed:?}"
        );
        assert_eq!(assessed[0][0].1, Answer::Open);
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
