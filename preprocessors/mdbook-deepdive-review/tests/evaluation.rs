//! The checklist measured against a reader: the real design documents of
//! `tests/evaluation/review/docs/` and a staff engineer's judgment of every
//! bank question (`judgments.toml`, written before the evidence rules were
//! tuned). Over the clear cases (yes / no; "partly" is left out), the
//! checker's agreement with the reader, and its precision and recall of
//! "answered", must each reach [`FLOOR`]. `cargo test -p
//! mdbook-deepdive-review --test evaluation -- --nocapture` prints the
//! figures per question, for all documents and for those held out while
//! the rules were tuned.
//!
//! `DEEPDIVE_REVIEW_EVALUATION=DIR` measures another set of the same shape
//! instead (`DIR/docs/` and `DIR/judgments.toml`): documents whose licence
//! keeps them out of the repository can be measured where they are.

use mdbook_deepdive_review::bank;
use mdbook_deepdive_review::evidence::Rules;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The figure each of agreement, precision and recall must reach.
const FLOOR: f64 = 0.90;

/// The variable naming another evaluation set's folder.
const SET_VARIABLE: &str = "DEEPDIVE_REVIEW_EVALUATION";

/// The set measured: the folder `DEEPDIVE_REVIEW_EVALUATION` names, else the
/// vendored one.
fn evaluation_dir() -> PathBuf {
    std::env::var_os(SET_VARIABLE).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/evaluation/review"),
        PathBuf::from,
    )
}

/// Clear cases counted: true and false positives and negatives.
#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Counts {
    fn add(&mut self, reader: bool, checker: bool) {
        match (reader, checker) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    fn merge(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.tn += other.tn;
    }

    fn ratio(part: usize, whole: usize) -> f64 {
        if whole == 0 {
            1.0
        } else {
            #[allow(clippy::cast_precision_loss, reason = "counts of a few hundred")]
            let r = part as f64 / whole as f64;
            r
        }
    }

    fn agreement(self) -> f64 {
        Self::ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_)
    }

    fn precision(self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fp)
    }

    fn recall(self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fn_)
    }

    fn line(self) -> String {
        format!(
            "agreement {:.3}  precision {:.3}  recall {:.3}  (tp {} fp {} fn {} tn {})",
            self.agreement(),
            self.precision(),
            self.recall(),
            self.tp,
            self.fp,
            self.fn_,
            self.tn
        )
    }
}

struct Measured {
    /// How many documents were held out.
    held_out: usize,
    all: Counts,
    tuning: Counts,
    holdout: Counts,
    per_question: BTreeMap<String, Counts>,
    disagreements: Vec<String>,
}

fn measure() -> Measured {
    let dir = evaluation_dir();
    let judgments: toml::Table = toml::from_str(
        &std::fs::read_to_string(dir.join("judgments.toml")).expect("judgments.toml"),
    )
    .expect("judgments.toml is TOML");
    let bank = bank::builtin();
    let rules = Rules::new(&bank);
    let mut measured = Measured {
        held_out: 0,
        all: Counts::default(),
        tuning: Counts::default(),
        holdout: Counts::default(),
        per_question: BTreeMap::new(),
        disagreements: Vec::new(),
    };
    let documents = judgments["document"].as_array().expect("[[document]]");
    // The vendored set must stay large enough to mean something; another
    // set is measured whatever its size.
    let minimum = if std::env::var_os(SET_VARIABLE).is_some() {
        1
    } else {
        10
    };
    assert!(documents.len() >= minimum, "at least {minimum} documents");
    for document in documents {
        let document = document.as_table().expect("a table");
        let file = document["file"].as_str().expect("file");
        let holdout = document.get("holdout").and_then(toml::Value::as_bool) == Some(true);
        measured.held_out += usize::from(holdout);
        let text = std::fs::read_to_string(dir.join("docs").join(file)).expect(file);
        let (answered, _) = rules.coverage(&text);
        for question in bank.iter().flat_map(|c| &c.questions) {
            let judged = document
                .get(&question.id)
                .and_then(|j| j.get("verdict"))
                .and_then(toml::Value::as_str)
                .unwrap_or_else(|| panic!("{file}: no verdict for {}", question.id));
            let reader = match judged {
                "yes" => true,
                "no" => false,
                "partly" => continue,
                other => panic!("{file}: verdict `{other}`"),
            };
            let checker = answered.contains(&question.id);
            let mut one = Counts::default();
            one.add(reader, checker);
            measured.all.merge(one);
            if holdout {
                measured.holdout.merge(one);
            } else {
                measured.tuning.merge(one);
            }
            measured
                .per_question
                .entry(question.id.clone())
                .or_default()
                .merge(one);
            // Only the tuning set's disagreements are shown: the held-out
            // documents' are not for tuning the rules by.
            if reader != checker && !holdout {
                measured.disagreements.push(format!(
                    "{file}: {} reader {judged}, checker {}",
                    question.id,
                    if checker { "answered" } else { "open" }
                ));
            }
        }
    }
    measured
}

#[test]
fn the_checklist_agrees_with_a_reader_of_real_design_documents() {
    let measured = measure();
    println!("set: {}", evaluation_dir().display());
    println!("all documents:  {}", measured.all.line());
    println!("tuning set:     {}", measured.tuning.line());
    println!(
        "held out ({}):   {}",
        measured.held_out,
        measured.holdout.line()
    );
    for (id, counts) in &measured.per_question {
        println!("  {id:<26} {}", counts.line());
    }
    for disagreement in &measured.disagreements {
        println!("  differs: {disagreement}");
    }
    let all = measured.all;
    for (name, figure) in [
        ("agreement", all.agreement()),
        ("precision", all.precision()),
        ("recall", all.recall()),
    ] {
        assert!(figure >= FLOOR, "{name} {figure:.3} is below {FLOOR}");
    }
}
