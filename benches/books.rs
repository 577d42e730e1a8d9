//! The benchmark's books: the synthetic chapters the benchmark started with
//! (paragraphs, one table, code), and chapters shaped like real ones: the
//! seed templates filled in the way writers fill them.
//!
//! Every book is generated from a fixed seed, so two runs (and two machines)
//! measure the same bytes.

use std::fmt::Write as _;

/// What a book's chapters look like.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Paragraphs, a table, fenced and indented code, a heading: the shape
    /// the line scanner models (the benchmark's first books).
    Synthetic,
    /// The seed templates filled with prose: lists and nested lists, block
    /// quotes, tables, links, inline HTML, footnotes, code holding
    /// directive-like text; with metadata, the suite's front matter,
    /// checklists, badges, an index and a review summary on the front page.
    Seeded,
}

/// One chapter of `shape`; without metadata it holds no front matter and no
/// `{{#` at all.
pub(crate) fn chapter(shape: Shape, i: usize, with_metadata: bool) -> String {
    let text = match shape {
        Shape::Synthetic => synthetic(i, with_metadata),
        Shape::Seeded => seeded(i, with_metadata),
    };
    assert!(with_metadata || !text.contains("{{#"), "chapter {i}");
    text
}

/// One synthetic chapter: front matter, prose, a table, code holding
/// directive-like text, and (every third chapter) real directives.
fn synthetic(i: usize, with_metadata: bool) -> String {
    let mut text = String::new();
    if with_metadata {
        let status = ["done", "skeleton", "in-progress", "review"][i % 4];
        let _ = write!(
            text,
            "---\ntitle: \"Investigation {i}: cache | queue <fan-out>\"\nsummary: \"What happens to service {i} under load\"\nfocus: \"Redis Pub/Sub, batching, back-pressure\"\ntags: [redis, kafka, t{}]\ncategories: [\"deep-dives\"]\nstatus: {status}\ndate: 2026-0{}-1{}\ndifficulty: advanced\n---\n",
            i % 17,
            1 + i % 9,
            i % 10
        );
    }
    let _ = write!(text, "# Investigation {i}\n\n");
    for paragraph in 0..10 {
        let _ = write!(
            text,
            "Paragraph {paragraph} of chapter {i}: the broadcast path writes to the database first, then publishes the message id on a Redis channel; every gateway node subscribed to the channel fetches the payload and fans it out to its local WebSocket sessions. *Latency* stays under 40 ms at p99 for 10k messages per second.\n\n"
        );
    }
    text.push_str("| Scenario | p50 | p99 |\n| --- | --- | --- |\n| baseline | 4 ms | 38 ms |\n| 10x load | 9 ms | 120 ms |\n\n");
    // Directive-like text in code, which every member must leave alone; the
    // plain book has no `{{#` at all.
    let example = if with_metadata {
        "{{#status done}}"
    } else {
        "status: done"
    };
    let _ = write!(
        text,
        "```yaml\n# an example, not a directive: {example}\nreplicas: 3\n```\n\n"
    );
    let _ = write!(text, "    indented code: {example}\n\n");
    if with_metadata && i.is_multiple_of(3) {
        text.push_str("Current state: {{#status done}}\n\n{{#review-checklist}}\n\n");
    }
    if with_metadata && i == 0 {
        text.push_str("{{#investigation-index}}\n\n");
    }
    text.push_str("## Failure Modes & Blast Radius\n\nA gateway crash drops its sessions; clients reconnect with jitter within 5 s.\n");
    text
}

/// A small deterministic generator (PCG-style LCG): the same chapter for the
/// same seed on every run.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SUBJECTS: &[&str] = &[
    "the gateway",
    "every consumer",
    "the write path",
    "the Redis channel",
    "the Kafka topic",
    "the session table",
    "a cold cache",
    "the fan-out worker",
    "the presence service",
    "the read replica",
    "the outbox relay",
    "each shard",
];
const VERBS: &[&str] = &[
    "batches",
    "drops",
    "retries",
    "publishes",
    "coalesces",
    "buffers",
    "rejects",
    "replays",
    "throttles",
    "acknowledges",
];
const OBJECTS: &[&str] = &[
    "messages by room id",
    "duplicate deliveries",
    "the heartbeat storm",
    "writes that arrive out of order",
    "payloads larger than 1 MB",
    "reads within the 30 s TTL",
    "events without a sequence number",
    "requests from a reconnecting client",
];
const TAILS: &[&str] = &[
    "so p99 latency stays under 40 ms",
    "which keeps Redis bandwidth flat at 10x load",
    "at the cost of one extra round trip",
    "until the circuit breaker opens",
    "before the transaction commits",
    "and the client heals on its next resync",
    "while the partition is unavailable",
];
const TAGS: &[&str] = &[
    "redis",
    "kafka",
    "postgres",
    "websocket",
    "consistency",
    "fan-out",
    "grpc",
    "presence",
    "search",
    "observability",
];

/// One sentence of prose, with the inline markup writers use: emphasis,
/// inline code, links to other chapters and out of the book, inline HTML,
/// footnote references; and with metadata, directive-like text in code.
fn sentence(rng: &mut Rng, i: usize, with_metadata: bool, notes: &mut usize) -> String {
    let mut s = String::new();
    let subject = rng.pick(SUBJECTS);
    let mut first = subject.chars();
    let capital: String = first
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(first)
        .collect();
    let _ = write!(s, "{capital} {} {}", rng.pick(VERBS), rng.pick(OBJECTS));
    match rng.below(12) {
        0 => {
            let other = (i * 7 + rng.below(50)) % 2000;
            let _ = write!(
                s,
                " (see [investigation {other}](deep-dives/{other:05}-investigation.md))"
            );
        }
        1 => s.push_str(
            " as [the Redis documentation](https://redis.io/docs/interact/pubsub/) describes",
        ),
        2 => s.push_str(" with `max_inflight = 64`"),
        3 => s.push_str(", shown as <kbd>p99</kbd> on the dashboard"),
        4 => s.push_str(" in **every** region"),
        5 => s.push_str(" on *most* nodes"),
        6 if *notes < 3 => {
            *notes += 1;
            let _ = write!(s, "[^{notes}]");
        }
        7 if with_metadata => s.push_str(" (a chapter shows it with `{{#status done}}`)"),
        7 => s.push_str(" (a chapter shows it with `status: done`)"),
        8 => s.push_str(" &mdash; measured over 24 h<sup>1</sup>"),
        _ => {}
    }
    let _ = write!(s, " {}.", rng.pick(TAILS));
    s
}

fn paragraph(rng: &mut Rng, i: usize, with_metadata: bool, notes: &mut usize) -> String {
    let count = 2 + rng.below(3);
    let sentences: Vec<String> = (0..count)
        .map(|_| sentence(rng, i, with_metadata, notes))
        .collect();
    sentences.join(" ")
}

/// What writers add under a section beyond the template's own lines.
fn extra_block(rng: &mut Rng, i: usize, with_metadata: bool, notes: &mut usize) -> String {
    match rng.below(7) {
        0 => format!(
            "> **Note:** {}\n> {}\n",
            sentence(rng, i, with_metadata, notes),
            sentence(rng, i, with_metadata, notes)
        ),
        1 => format!(
            "- {}\n  - {}\n  - {}\n- {}\n",
            sentence(rng, i, with_metadata, notes),
            sentence(rng, i, with_metadata, notes),
            sentence(rng, i, with_metadata, notes),
            sentence(rng, i, with_metadata, notes)
        ),
        2 => "| Scenario | p50 | p99 | Notes |\n| --- | ---: | ---: | --- |\n| baseline | 4 ms | 38 ms | one region |\n| 10x load | 9 ms | 120 ms | see [the runbook](https://example.com/runbook) |\n"
            .to_owned(),
        3 => {
            let example = if with_metadata { "{{#status done}}" } else { "status: done" };
            format!("```yaml\n# an example, not a directive: {example}\nreplicas: 3\nmax_inflight: 64\n```\n")
        }
        4 => format!(
            "1. {}\n2. {}\n   - {}\n3. {}\n",
            sentence(rng, i, with_metadata, notes),
            sentence(rng, i, with_metadata, notes),
            sentence(rng, i, with_metadata, notes),
            sentence(rng, i, with_metadata, notes)
        ),
        5 => format!("{}\n", paragraph(rng, i, with_metadata, notes)),
        _ => "```go\n// The relay, simplified.\nfor ev := range outbox {\n    if err := publish(ctx, ev); err != nil {\n        return err\n    }\n}\n```\n"
            .to_owned(),
    }
}

/// A template line with each `{{ … }}` placeholder and `[…]` guidance
/// filled in with words.
fn fill_placeholders(line: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find("{{ ") {
        let Some(close) = rest[open..].find("}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(rng.pick(&[
            "Redis fan-out",
            "presence",
            "2026-03-01",
            "Advanced",
            "Go",
            "ana",
        ]));
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out.replace("[What fails]", "the Redis primary")
        .replace("[What breaks]", "fan-out stops for 8 s")
        .replace("[How do we know?]", "the lag alert")
        .replace("[How do we fix it?]", "failover to the replica")
}

/// A seed template, filled in: its headings, tables and code kept, its
/// guidance lines replaced with prose (bullets stay bullets at their depth),
/// with blocks of its own under some sections.
#[allow(
    clippy::too_many_lines,
    reason = "one template's filling, read top to bottom as the chapter it writes"
)]
fn seeded(i: usize, with_metadata: bool) -> String {
    let mut rng = Rng::new(i as u64);
    let mut text = String::new();
    let status = [
        "done",
        "skeleton",
        "in-progress",
        "review",
        "done",
        "accepted",
    ][rng.below(6)];
    if with_metadata {
        let tags: Vec<&str> = (0..=rng.below(3)).map(|_| rng.pick(TAGS)).collect();
        let _ = write!(
            text,
            "---\ntitle: \"Investigation {i}: {}\"\nsummary: \"What happens to {} under load\"\nfocus: \"Redis Pub/Sub, batching, back-pressure\"\ntags: [{}]\ncategories: [\"deep-dives\"]\nstatus: {status}\ndate: 2026-0{}-1{}\ndifficulty: advanced\n",
            rng.pick(OBJECTS),
            rng.pick(SUBJECTS),
            tags.join(", "),
            1 + i % 9,
            i % 10
        );
        if rng.chance(30) {
            text.push_str("owner: ana\nreview-by: 2026-06-01\n");
        }
        text.push_str("---\n");
    }
    let mut notes = 0;
    if i == 0 {
        // The book's front page, as the seed's README and the example book's.
        text.push_str("# Deep Dives: Engineering Explorations\n\nTechnical investigations into systemic limits, edge cases, and architectural trade-offs.\n\n### Intent\n\n* To break the system on paper before writing a single line of production code.\n* To move beyond \"best practices\" and understand the specific **trade-offs** for this project.\n\n---\n\n");
        if with_metadata {
            text.push_str("{{#investigation-index group-by=status}}\n\n### Review Readiness\n\n{{#review-summary folder=deep-dives}}\n");
        }
        return text;
    }
    let (_, template) = deepdive_core::seeds::TEMPLATES[i % deepdive_core::seeds::TEMPLATES.len()];
    if !template.starts_with("# ") {
        let _ = write!(text, "# Investigation {i}\n\n");
    }
    if rng.chance(30) {
        let _ = write!(
            text,
            "{}\n\n",
            paragraph(&mut rng, i, with_metadata, &mut notes)
        );
    }
    let mut in_code = false;
    for line in template.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with("```") {
            in_code = !in_code;
            text.push_str(line);
        } else if in_code || trimmed.starts_with('|') || trimmed.is_empty() || trimmed == "---" {
            text.push_str(&fill_placeholders(line, &mut rng));
        } else if trimmed.starts_with('#') {
            text.push_str(&fill_placeholders(line, &mut rng));
            if trimmed.starts_with("## ") && rng.chance(35) {
                let _ = write!(
                    text,
                    "\n\n{}",
                    extra_block(&mut rng, i, with_metadata, &mut notes)
                );
            }
        } else if let Some(marker) = ["- ", "* ", "1. ", "2. ", "3. "]
            .iter()
            .find(|m| trimmed.starts_with(**m))
        {
            let _ = write!(
                text,
                "{indent}{marker}{}",
                sentence(&mut rng, i, with_metadata, &mut notes)
            );
            if rng.chance(15) {
                let nested = " ".repeat(indent.len() + marker.len());
                let _ = write!(
                    text,
                    "\n{nested}- {}",
                    sentence(&mut rng, i, with_metadata, &mut notes)
                );
            }
        } else {
            let _ = write!(
                text,
                "{indent}{}",
                paragraph(&mut rng, i, with_metadata, &mut notes)
            );
        }
        text.push('\n');
    }
    if with_metadata {
        if rng.chance(35) {
            text.push_str("\nCurrent state: {{#status}}\n");
        }
        if i.is_multiple_of(3) {
            text.push_str("\n{{#review-checklist}}\n");
        }
    }
    if notes > 0 {
        text.push('\n');
        for note in 1..=notes {
            let _ = writeln!(
                text,
                "[^{note}]: Measured on the staging cluster, {note} run(s) of 10 minutes."
            );
        }
    }
    text
}
