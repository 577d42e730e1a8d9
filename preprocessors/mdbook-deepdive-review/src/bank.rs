//! The question bank: the staff-review questions of seed 002, each mapped to
//! the template sections that answer it, changed by book.toml
//! (`[preprocessor.deepdive-review.categories.NAME]`) or a TOML file
//! (option `questions`) of the same shape:
//!
//! ```toml
//! [categories.design]
//! title = "Design"          # optional
//! replace = false           # true: drop the built-in questions first
//! remove = false            # true: drop the category
//! questions = [{ id = "design.sla", text = "What's the SLA?", answered-by = ["SLOs"], must = true }]
//! ```

use crate::coverage::comparable;
use serde_json::{Map, Value};
use std::sync::Arc;

/// One question of the bank.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Its id, for `na=` and `[…questions]` overrides.
    pub id: String,
    /// The question as the checklist shows it.
    pub(crate) text: String,
    /// The titles of the sections that answer it, in the form headings are
    /// compared in (see [`comparable`]).
    pub(crate) answered_by: Vec<String>,
    /// Whether a finished chapter must answer it (the gate).
    pub(crate) must: bool,
}

/// A category of questions, one checklist section.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Its id, for `categories=`.
    pub id: String,
    /// Its heading in the checklist.
    pub(crate) title: String,
    /// Shared (not copied) by every chapter's assessment.
    pub(crate) questions: Vec<Arc<Question>>,
}

type Builtin = (&'static str, &'static str, &'static [&'static str], bool);

const DESIGN: [Builtin; 5] = [
    (
        "design.failure-domain",
        "What's the failure domain?",
        &["Failure Domains", "Failure Modes & Blast Radius"],
        true,
    ),
    (
        "design.detect-failures",
        "How do we detect failures?",
        &[
            "Common Failure Scenarios",
            "Observability Contract",
            "Alerts",
        ],
        false,
    ),
    (
        "design.blast-radius",
        "What's the blast radius?",
        &[
            "Failure Modes & Blast Radius",
            "Failure Domains",
            "Risks & Mitigations",
        ],
        true,
    ),
    (
        "design.roll-back",
        "How do we roll back?",
        &["Rollback Plan", "Change Safety"],
        true,
    ),
    (
        "design.observability",
        "What's the observability contract?",
        &[
            "Observability Contract",
            "Metrics to Track",
            "Operational Excellence",
        ],
        false,
    ),
];
const SCALE: [Builtin; 3] = [
    (
        "scale.ten-x",
        "What happens at 10× load?",
        &["Overload Behavior", "Scaling Strategy"],
        false,
    ),
    (
        "scale.bottlenecks",
        "What are the bottlenecks?",
        &[
            "Capacity Planning",
            "Performance Analysis",
            "Scaling Strategy",
        ],
        false,
    ),
    (
        "scale.degradation",
        "How does it degrade?",
        &["Cascading Failures", "Overload Behavior"],
        false,
    ),
];
const SECURITY: [Builtin; 3] = [
    (
        "security.access",
        "Who can access this?",
        &[
            "Identity & Authentication",
            "Authorization",
            "Security Boundaries",
        ],
        true,
    ),
    (
        "security.data",
        "How is data protected?",
        &["Data Protection"],
        false,
    ),
    (
        "security.attack-surface",
        "What's the attack surface?",
        &["Attack Surfaces"],
        false,
    ),
];
const OPERATIONAL: [Builtin; 3] = [
    (
        "operational.monitor",
        "How do we monitor this?",
        &[
            "Monitoring & Debugging",
            "Metrics to Track",
            "Operational Excellence",
        ],
        false,
    ),
    (
        "operational.runbook",
        "What's the runbook?",
        &[
            "Incident Response",
            "Troubleshooting Guide",
            "Operational Excellence",
        ],
        false,
    ),
    (
        "operational.debug",
        "How do we debug issues?",
        &["Monitoring & Debugging", "Troubleshooting Guide"],
        false,
    ),
];

fn category(id: &str, title: &str, questions: &[Builtin]) -> Category {
    Category {
        id: id.to_owned(),
        title: title.to_owned(),
        questions: questions
            .iter()
            .map(|(qid, text, sections, must)| {
                Arc::new(Question {
                    id: (*qid).to_owned(),
                    text: (*text).to_owned(),
                    answered_by: sections.iter().map(|s| comparable(s)).collect(),
                    must: *must,
                })
            })
            .collect(),
    }
}

/// The built-in bank: seed 002's "What Staff Engineers Ask in Reviews".
pub fn builtin() -> Vec<Category> {
    vec![
        category("design", "Design", &DESIGN),
        category("scale", "Scale", &SCALE),
        category("security", "Security", &SECURITY),
        category("operational", "Operational", &OPERATIONAL),
    ]
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn question(category: &str, value: &Value) -> Result<Question, String> {
    const KEYS: [&str; 4] = ["id", "text", "answered-by", "must"];
    let table = value.as_object().ok_or_else(|| {
        format!("a question of `{category}` must be a table `{{ id = …, text = … }}`")
    })?;
    let text = table
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("a question of `{category}` has no `text`"))?;
    if let Some(key) = table.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!(
            "a question of `{category}` has an unknown key `{key}` (keys: {})",
            KEYS.join(", ")
        ));
    }
    Ok(Question {
        id: table
            .get("id")
            .and_then(Value::as_str)
            .map_or_else(|| format!("{category}.{}", slug(text)), str::to_owned),
        text: text.to_owned(),
        answered_by: strings(table.get("answered-by"))
            .iter()
            .map(|s| comparable(s))
            .collect(),
        must: table.get("must").and_then(Value::as_bool).unwrap_or(false),
    })
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Applies a `categories` table (from book.toml or a questions file).
pub fn apply(bank: &mut Vec<Category>, categories: &Map<String, Value>) -> Result<(), String> {
    for (id, entry) in categories {
        let entry = entry
            .as_object()
            .ok_or_else(|| format!("category `{id}` must be a table"))?;
        if entry.get("remove").and_then(Value::as_bool) == Some(true) {
            bank.retain(|c| c.id != *id);
            continue;
        }
        let index = match bank.iter().position(|c| c.id == *id) {
            Some(i) => i,
            None => {
                bank.push(Category {
                    id: id.clone(),
                    title: id.clone(),
                    questions: Vec::new(),
                });
                bank.len() - 1
            }
        };
        let category = &mut bank[index];
        if let Some(title) = entry.get("title").and_then(Value::as_str) {
            title.clone_into(&mut category.title);
        }
        if entry.get("replace").and_then(Value::as_bool) == Some(true) {
            category.questions.clear();
        }
        for value in entry
            .get("questions")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            category.questions.push(Arc::new(question(id, value)?));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_built_in_bank_is_seed_002() {
        let bank = builtin();
        assert_eq!(bank.iter().map(|c| c.questions.len()).sum::<usize>(), 14);
        assert!(
            bank.iter()
                .flat_map(|c| &c.questions)
                .all(|q| !q.answered_by.is_empty())
        );
    }

    #[test]
    fn categories_can_be_added_replaced_and_removed() {
        let mut bank = builtin();
        let changes = json!({
            "security": {"remove": true},
            "scale": {"replace": true, "questions": [{"text": "What is the p99 at peak?", "answered-by": ["Benchmarks"], "must": true}]},
            "compliance": {"title": "Compliance", "questions": [{"id": "c.gdpr", "text": "GDPR?"}]},
        });
        apply(&mut bank, changes.as_object().unwrap()).unwrap();
        let ids: Vec<_> = bank.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["design", "scale", "operational", "compliance"]);
        assert_eq!(bank[1].questions[0].id, "scale.what-is-the-p99-at-peak");
        assert!(bank[1].questions[0].must);
        assert!(
            apply(
                &mut bank,
                json!({"x": {"questions": [{"txt": "a"}]}})
                    .as_object()
                    .unwrap()
            )
            .is_err()
        );
    }
}
