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
    pub text: String,
    /// The titles of the sections that answer it, in the form headings are
    /// compared in (see [`comparable`]): a strong hint, which still needs the
    /// question's evidence in the section.
    pub answered_by: Vec<String>,
    /// What in the text signals an answer.
    pub evidence: Evidence,
    /// What would answer it, one line, shown while it is open.
    pub hint: String,
    /// Whether a finished chapter must answer it (the gate).
    pub must: bool,
}

/// The evidence rules of a question: what a writer who answers it writes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evidence {
    /// Words and phrases, lower case, found at word boundaries anywhere in the
    /// chapter (`rollback`, `feature flag`, `10x`).
    pub words: Vec<String>,
    /// Labels of bullets (`**Detection**: …`, `- Recovery: …`) and first cells
    /// of table rows that answer it, compared as titles are.
    pub labels: Vec<String>,
    /// Units that make a figure before them an answer (`x` in `10x`, `qps`
    /// in `40k qps`), lower case.
    pub units: Vec<String>,
}

/// A category of questions, one checklist section.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Its id, for `categories=`.
    pub id: String,
    /// Its heading in the checklist.
    pub title: String,
    /// Shared (not copied) by every chapter's assessment.
    pub questions: Vec<Arc<Question>>,
}

/// A built-in question, as data.
struct Builtin {
    id: &'static str,
    text: &'static str,
    must: bool,
    answered_by: &'static [&'static str],
    words: &'static [&'static str],
    labels: &'static [&'static str],
    units: &'static [&'static str],
    hint: &'static str,
}

#[rustfmt::skip]
const DESIGN: [Builtin; 5] = [
    Builtin {
        id: "design.failure-domain",
        text: "What's the failure domain?",
        must: true,
        answered_by: &[
            "Failure Domains", "Failure Modes & Blast Radius", "Failure Modes", "Dependencies",
            "Error Handling", "Failure Handling", "Resilience",
        ],
        words: &[
            "failure domain", "failure domains", "single point of failure", "fail independently",
            "fails independently", "fault isolation", "isolated", "isolation", "bulkhead",
            "unavailable", "goes down", "outage", "crash", "crashes", "failover", "depends on",
            "dependency", "dependencies", "failure", "failures", "fails", "faulty", "disconnected",
            "disconnects", "partition", "partitioned",
        ],
        labels: &[
            "failure domain", "failure domains", "failure mode", "failure", "scenario",
            "dependency",
        ],
        units: &[],
        hint: "name what can fail on its own and what each failure takes down with it",
    },
    Builtin {
        id: "design.detect-failures",
        text: "How do we detect failures?",
        must: false,
        answered_by: &[
            "Common Failure Scenarios", "Observability Contract", "Alerts", "Alerting", "Detection",
            "Metrics",
        ],
        words: &[
            "detect", "detects", "detected", "detection", "alert", "alerts", "alerting", "paged",
            "on-call", "health check", "health checks", "error rate", "error rates", "liveness",
            "readiness", "heartbeat", "watchdog", "symptom", "symptoms", "anomaly", "identify",
            "notice", "noticed", "page when", "pages", "page the",
        ],
        labels: &["detection", "detect", "alert", "alerts", "symptoms", "signal", "signals"],
        units: &[],
        hint: "say which signal or alert shows that it is failing, per failure",
    },
    Builtin {
        id: "design.blast-radius",
        text: "What's the blast radius?",
        must: true,
        answered_by: &[
            "Failure Modes & Blast Radius", "Failure Domains", "Risks & Mitigations",
            "Blast Radius", "Impact", "Error Handling",
        ],
        words: &[
            "blast radius", "impact", "impacted", "affected", "affects", "unaffected",
            "not affected", "all users", "every user", "only affects", "limited to", "worst case",
            "cascade", "cascades", "cascading", "propagate", "propagates", "running workloads",
            "customers", "tenants", "affect", "effect on", "impact on", "outage", "outages",
            "not impacted", "continue to run", "continues to run", "keep running", "keeps running",
            "continue to work", "continues to work", "only its own", "no other", "nothing else",
            "take down", "takes down", "cannot take", "lose", "loses", "lost", "misses", "alive",
            "shared by",
        ],
        labels: &["blast radius", "impact", "scope", "affected", "user impact"],
        units: &[],
        hint: "say who and what is affected when it fails, and what is not",
    },
    Builtin {
        id: "design.roll-back",
        text: "How do we roll back?",
        must: true,
        answered_by: &["Rollback Plan", "Change Safety", "Rollback", "Roll Back", "Downgrade"],
        words: &[
            "roll back", "rolled back", "rollback", "rollbacks", "revert", "reverted", "reverting",
            "downgrade", "downgraded", "kill switch", "feature flag", "feature gate", "turn off",
            "switch off", "disable the", "disabling the", "undo", "previous version", "flag",
            "switching it off", "switch it off", "turn it off", "turning it off", "restore",
            "restores", "restored",
        ],
        labels: &["rollback", "roll back", "revert", "undo"],
        units: &[],
        hint: "say how a bad change is undone: the flag, the revert or the downgrade, and how fast",
    },
    Builtin {
        id: "design.observability",
        text: "What's the observability contract?",
        must: false,
        answered_by: &[
            "Observability Contract", "Metrics to Track", "Operational Excellence", "Observability",
            "Metrics",
        ],
        words: &[
            "metric", "metrics", "log", "logs", "logging", "trace", "traces", "tracing", "span",
            "spans", "dashboard", "sli", "slis", "slo", "slos", "histogram", "counter", "gauge",
            "p50", "p95", "p99", "prometheus", "opentelemetry", "audit log", "audit logs",
            "latency", "throughput", "error rate", "per second", "per minute",
        ],
        labels: &[
            "latency", "throughput", "errors", "metric", "metrics", "logs", "traces",
            "resource usage",
        ],
        units: &[],
        hint: "list the metrics, logs and traces it emits and what each one tells",
    },
];
#[rustfmt::skip]
const SCALE: [Builtin; 3] = [
    Builtin {
        id: "scale.ten-x",
        text: "What happens at 10× load?",
        must: false,
        answered_by: &[
            "Overload Behavior", "Overload Scenarios", "Scaling Strategy", "Overload", "Load Testing",
            "Scaling", "Scalability", "Benchmarks", "Benchmarking", "Capacity",
        ],
        words: &[
            "10x", "10×", "100x", "100×", "ten times", "overload", "overloaded", "peak", "peaks",
            "load test", "load tests", "load testing", "stress test", "spike", "spikes", "burst",
            "bursts", "traffic growth", "at scale", "scales to", "scale to", "scaled to",
            "saturation", "saturated", "higher load", "increased load", "scalability", "concurrent",
            "large number of", "larger numbers", "handles load", "handles the load",
            "handle the load", "overwhelmed", "need scaling", "needs scaling", "need to scale",
            "needs to scale",
        ],
        labels: &["10× normal load", "10x normal load", "overload", "peak load", "load"],
        units: &["x", "×", "qps", "rps", "tps", "req/s", "requests/s"],
        hint: "say what happens at 10× and 100× today's load: what saturates first, and a figure from a load test",
    },
    Builtin {
        id: "scale.bottlenecks",
        text: "What are the bottlenecks?",
        must: false,
        answered_by: &[
            "Capacity Planning", "Performance Analysis", "Scaling Strategy", "Bottlenecks",
            "Benchmarks", "Benchmarking", "Performance",
        ],
        words: &[
            "bottleneck", "bottlenecks", "contention", "saturates", "limiting factor", "limited by",
            "bound by", "cpu", "memory", "disk", "iops", "bandwidth", "hot spot", "hotspot", "lock",
            "locks", "queue depth", "benchmark", "benchmarks", "allocation", "allocations",
            "capacity", "capped", "limit", "limits", "partitions", "runs out", "run out",
        ],
        labels: &["bottleneck", "bottlenecks", "capacity"],
        units: &["mb", "gb", "kb", "tb", "cores", "mb/s", "gb/s", "iops"],
        hint: "name the resource that runs out first (CPU, memory, disk, a lock, a dependency) and at what figure",
    },
    Builtin {
        id: "scale.degradation",
        text: "How does it degrade?",
        must: false,
        answered_by: &[
            "Cascading Failures", "Overload Behavior", "Overload Scenarios", "Graceful Degradation",
            "Degradation", "Fallback", "Error Handling", "Resilience",
        ],
        words: &[
            "degrade", "degrades", "degraded", "degradation", "graceful", "gracefully", "fallback",
            "fall back", "falls back", "load shedding", "shed", "sheds", "backpressure",
            "back pressure", "circuit breaker", "circuit breakers", "stale", "best effort",
            "best-effort", "partial", "throttle", "throttled", "throttling", "rate limit",
            "rate limiting", "rate-limited", "rate limited", "last known", "slower but", "backlog",
            "absorbs", "lag", "continue", "continues", "increased latency", "slower", "queued",
        ],
        labels: &["degradation", "fallback", "overload"],
        units: &[],
        hint: "say what still works when parts fail or load exceeds capacity: fallbacks, shedding, stale answers",
    },
];
#[rustfmt::skip]
const SECURITY: [Builtin; 3] = [
    Builtin {
        id: "security.access",
        text: "Who can access this?",
        must: true,
        answered_by: &[
            "Identity & Authentication", "Authorization", "Access Control", "Permissions",
        ],
        words: &[
            "authentication", "authenticated", "authn", "authorization", "authorized", "authz",
            "rbac", "permission", "permissions", "access control", "acl", "acls", "oauth", "oidc",
            "mtls", "iam", "least privilege", "who can", "only admins", "api key", "api keys",
            "signed", "members", "membership", "identity", "requires a", "access token",
            "access tokens", "bearer token", "jwt", "credentials",
        ],
        labels: &["authentication", "authorization", "access", "identity", "permissions"],
        units: &[],
        hint: "say who may call or read it and how that is enforced (authentication, roles, network)",
    },
    Builtin {
        id: "security.data",
        text: "How is data protected?",
        must: false,
        answered_by: &["Data Protection", "Encryption", "Privacy"],
        words: &[
            "encrypt", "encrypted", "encryption", "at rest", "in transit", "tls", "kms",
            "sensitive", "pii", "redact", "redacted", "sanitize", "sanitized", "sanitization",
            "masked", "hashed", "retention", "gdpr", "personal data", "secret", "secrets", "mtls",
            "leak", "leaks", "compromised",
        ],
        labels: &["data protection", "encryption", "privacy", "retention"],
        units: &[],
        hint: "say how data is kept from the wrong eyes: encryption at rest and in transit, secrets, retention",
    },
    Builtin {
        id: "security.attack-surface",
        text: "What's the attack surface?",
        must: false,
        answered_by: &["Attack Surfaces", "Attack Surface", "Threat Model", "Threats"],
        words: &[
            "attack", "attacks", "attacker", "attackers", "attack surface", "threat", "threats",
            "threat model", "vulnerability", "vulnerabilities", "cve", "exploit", "injection",
            "ddos", "denial of service", "malicious", "untrusted", "abuse", "spoofing",
            "privilege escalation", "another user", "impersonate", "forge", "flood", "rejected",
            "reachable", "exposed", "subnet", "subnets", "firewall", "restricted",
        ],
        labels: &["attack surface", "threat", "threats", "attack"],
        units: &[],
        hint: "list the ways in for an attacker (inputs, endpoints, dependencies) and what guards each",
    },
];
#[rustfmt::skip]
const OPERATIONAL: [Builtin; 3] = [
    Builtin {
        id: "operational.monitor",
        text: "How do we monitor this?",
        must: false,
        answered_by: &[
            "Monitoring & Debugging", "Metrics to Track", "Operational Excellence", "Monitoring",
            "Dashboards",
        ],
        words: &[
            "monitor", "monitored", "monitoring", "dashboard", "dashboards", "alert", "alerts",
            "alerting", "slo", "slos", "sli", "slis", "metric", "metrics", "scrape", "scraped",
            "prometheus", "grafana", "on-call", "health check", "health checks", "p50", "p95",
            "p99", "latency", "throughput", "lag", "page when", "exceeds",
        ],
        labels: &["monitoring", "metrics", "dashboard", "alerts", "slo", "sli"],
        units: &[],
        hint: "say what an operator watches in production (dashboards, SLOs, alerts) and what normal looks like",
    },
    Builtin {
        id: "operational.runbook",
        text: "What's the runbook?",
        must: false,
        answered_by: &[
            "Incident Response", "Troubleshooting Guide", "Operational Excellence", "Runbook",
            "Playbook", "Troubleshooting", "Mitigations",
        ],
        words: &[
            "runbook", "runbooks", "playbook", "on-call", "incident", "incidents", "escalate",
            "escalation", "mitigation", "mitigations", "mitigate", "remediation", "remediate",
            "restart", "failover", "scale up", "disable the", "steps", "if things go wrong",
            "when things go wrong", "if this happens", "recover", "to recover", "if the problem",
            "persists", "scale out", "add more", "add capacity",
        ],
        labels: &[
            "response", "mitigation", "mitigations", "recovery", "remediation", "runbook", "action",
        ],
        units: &[],
        hint: "give the steps an on-call engineer takes when it breaks, in order",
    },
    Builtin {
        id: "operational.debug",
        text: "How do we debug issues?",
        must: false,
        answered_by: &[
            "Monitoring & Debugging", "Troubleshooting Guide", "Troubleshooting", "Debugging",
            "Diagnostics",
        ],
        words: &[
            "debug", "debugging", "troubleshoot", "troubleshooting", "diagnose", "diagnosing",
            "diagnostics", "diagnosis", "root cause", "logs", "log level", "verbose", "kubectl",
            "profile", "profiles", "pprof", "inspect", "strace", "tcpdump", "curl", "check if",
            "check whether", "investigate", "look at the", "find out", "shows the", "lists the",
        ],
        labels: &["diagnostics", "debugging", "debug", "troubleshooting"],
        units: &[],
        hint: "say where to look first when it misbehaves: which logs, tools and questions narrow it down",
    },
];

fn owned(items: &[&str], form: fn(&str) -> String) -> Vec<String> {
    items.iter().map(|item| form(item)).collect()
}

fn category(id: &str, title: &str, questions: &[Builtin]) -> Category {
    Category {
        id: id.to_owned(),
        title: title.to_owned(),
        questions: questions
            .iter()
            .map(|q| {
                Arc::new(Question {
                    id: q.id.to_owned(),
                    text: q.text.to_owned(),
                    answered_by: owned(q.answered_by, comparable),
                    evidence: Evidence {
                        words: owned(q.words, str::to_lowercase),
                        labels: owned(q.labels, comparable),
                        units: owned(q.units, str::to_lowercase),
                    },
                    hint: q.hint.to_owned(),
                    must: q.must,
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
    const KEYS: [&str; 8] = [
        "id",
        "text",
        "answered-by",
        "evidence",
        "labels",
        "units",
        "hint",
        "must",
    ];
    let table = value.as_object().ok_or_else(|| {
        format!("a question of `{category}` must be a table `{{ id = …, text = … }}`")
    })?;
    let text = table
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("a question of `{category}` has no `text`"))?;
    for key in ["answered-by", "evidence", "labels", "units"] {
        let list = table.get(key);
        if list.is_some_and(|v| !v.as_array().is_some_and(|a| a.iter().all(Value::is_string))) {
            return Err(format!(
                "`{key}` of the question \"{text}\" of `{category}` must be a list of strings, \
                 like `{key} = [\"rollback\", \"feature flag\"]`"
            ));
        }
    }
    if table.get("hint").is_some_and(|v| !v.is_string()) {
        return Err(format!(
            "`hint` of the question \"{text}\" of `{category}` must be a string (one line saying what would answer it)"
        ));
    }
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
        evidence: Evidence {
            words: strings(table.get("evidence"))
                .iter()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .collect(),
            labels: strings(table.get("labels"))
                .iter()
                .map(|s| comparable(s))
                .collect(),
            units: strings(table.get("units"))
                .iter()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .collect(),
        },
        hint: table
            .get("hint")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
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
        check_category_keys(id, entry)?;
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

/// A category's keys and their types: a misspelt key or a value of the wrong
/// type is an error, not a setting silently ignored.
fn check_category_keys(id: &str, entry: &Map<String, Value>) -> Result<(), String> {
    /// A key a category takes, the type it wants and how to tell it.
    type Key = (&'static str, &'static str, fn(&Value) -> bool);
    const KEYS: [Key; 4] = [
        ("title", "a string", Value::is_string),
        ("replace", "true or false", Value::is_boolean),
        ("remove", "true or false", Value::is_boolean),
        ("questions", "a list of question tables", Value::is_array),
    ];
    for (key, value) in entry {
        let Some((_, wanted, fits)) = KEYS.iter().find(|(name, ..)| name == key) else {
            let names: Vec<&str> = KEYS.iter().map(|(name, ..)| *name).collect();
            return Err(format!(
                "category `{id}` has no key `{key}` (it takes {})",
                names.join(", ")
            ));
        };
        if !fits(value) {
            return Err(format!("category `{id}`: `{key}` must be {wanted}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::fmt::Write as _;

    #[test]
    fn a_category_key_misspelt_or_of_the_wrong_type_is_an_error() {
        let apply_one = |entry: Value| {
            let mut bank = builtin();
            apply(&mut bank, json!({ "scale": entry }).as_object().unwrap())
        };
        assert_eq!(
            apply_one(json!({ "questons": [] })).unwrap_err(),
            "category `scale` has no key `questons` (it takes title, replace, remove, questions)"
        );
        assert_eq!(
            apply_one(json!({ "questions": 3 })).unwrap_err(),
            "category `scale`: `questions` must be a list of question tables"
        );
        assert_eq!(
            apply_one(json!({ "remove": "yes" })).unwrap_err(),
            "category `scale`: `remove` must be true or false"
        );
        assert!(apply_one(json!({ "title": "Scale", "replace": true, "questions": [] })).is_ok());
    }

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

    /// The manual's table of the built-in questions and their rules.
    fn manual_table() -> String {
        let mut table = String::from(
            "| id | question | must | hinted by a section named | evidence | labels | units | what would answer it |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- |\n",
        );
        for (category, builtins) in [
            ("design", &DESIGN[..]),
            ("scale", &SCALE[..]),
            ("security", &SECURITY[..]),
            ("operational", &OPERATIONAL[..]),
        ] {
            for q in builtins {
                assert!(q.id.starts_with(category));
                writeln!(
                    table,
                    "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                    q.id,
                    q.text,
                    if q.must { "must" } else { "" },
                    q.answered_by.join("; "),
                    q.words.join(", "),
                    q.labels.join(", "),
                    q.units.join(", "),
                    q.hint
                )
                .unwrap();
            }
        }
        table
    }

    #[test]
    fn the_manual_lists_every_rule_of_the_bank() {
        let manual = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../example-book/src/guide/review.md"),
        )
        .unwrap();
        let table = manual_table();
        assert!(
            manual.contains(&table),
            "the manual's table of questions differs from the bank; it should be:\n{table}"
        );
    }

    /// The questions `body` answers, by the built-in bank's rules.
    fn answered(body: &str) -> Vec<String> {
        crate::evidence::Rules::new(&builtin()).coverage(body).0
    }

    #[test]
    fn seed_002_sections_answer_what_they_say_and_no_more() {
        // A deep dive on seed 002's structure: its failure scenarios'
        // **Recovery** bullets fix a failure, they undo no change; a metric
        // named **Throughput**, and percentages, are not bottlenecks;
        // "Security Boundaries" heads every security question, so a passing
        // "authentication" under it says nothing of who may call.
        let body = "# Cache\n\n## Failure Modes & Blast Radius\n\n#### Scenario 1: Node Loss\n\
                    - **Impact**: the keys of one node are missed until they are warmed again\n\
                    - **Recovery**: the ring reassigns its keys to the other nodes in seconds\n\n\
                    ## Observability Contract\n\n- **Throughput**: lookups per second on each node\n\
                    - **Errors**: misses per second, alerting above 80% for ten minutes\n\n\
                    ## Security Boundaries\n\nFlooding it is the main risk: mitigation is rate \
                    limits at the edge, DDoS protection and authentication.\n";
        let found = answered(body);
        for open in ["design.roll-back", "scale.bottlenecks", "security.access"] {
            assert!(!found.contains(&open.to_owned()), "{open}: {found:?}");
        }
        // Its "Overload Scenarios" say what happens at 10x and what still works.
        let body = format!(
            "{body}\n## Overload Scenarios\n\n#### 10× Normal Load\n\
             - **Lookups**: each node handles the load, the misses reach the database\n\
             - **Writes**: queued behind evictions, so existing entries continue to be served\n"
        );
        let found = answered(&body);
        for id in ["scale.ten-x", "scale.degradation"] {
            assert!(found.contains(&id.to_owned()), "{id}: {found:?}");
        }
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
        for wrong in [
            json!({"x": {"questions": [{"text": "a", "evidence": "rollback"}]}}),
            json!({"x": {"questions": [{"text": "a", "units": [3]}]}}),
            json!({"x": {"questions": [{"text": "a", "hint": ["two", "lines"]}]}}),
        ] {
            let message = apply(&mut bank, wrong.as_object().unwrap()).unwrap_err();
            assert!(message.contains("of the question \"a\""), "{message}");
        }
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
