//! Reading a chapter for the bank's evidence, in one pass.
//!
//! Every question's words are gathered, once per run, into one table of
//! words found by the runs of letters and digits they start with (see
//! [`crate::words`]: linear in the text, whatever the number of words), its
//! labels and units into maps. A chapter is then read line by line once: its
//! text lower-cased once (ASCII only, so byte offsets stay those of the
//! chapter), code blocks, HTML comments, template guidance, lines and table
//! rows that ask rather than answer (ending in `?`), lines that only link (a
//! table of contents) and link addresses left out, and the chapter's own
//! review questions set aside. What is found is counted per section (the text
//! between a heading and the next),
//! and a question is answered where
//!
//! 1. a labelled bullet or table row it names holds an answer
//!    (`**Detection**: kubelet logs`), or
//! 2. a section its heading hints at (a title it names, or a heading holding
//!    one of its words) holds at least one of its words and real text, or
//! 3. one section holds at least [`MIN_DISTINCT_WORDS`] of its words, and
//!    real text (eight words beyond labels, guidance and placeholders).
//!
//! A heading alone is never an answer: a section titled "Rollback Plan" that
//! holds only rollout steps does not answer "How do we roll back?".

use crate::bank::{Category, Evidence, Question};
use crate::coverage::{
    comparable, comparable_into, counted_words, counted_words_up_to, is_guidance,
};
use crate::words::Words;
use deepdive_core::sections::{self, Heading};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// Distinct words of a question one section must hold when no heading or
/// label points at it.
pub const MIN_DISTINCT_WORDS: usize = 2;

/// Words a section must hold, beyond guidance and placeholders, for a
/// heading's hint to count.
const MIN_WORDS: usize = 8;

/// Questions read from a chapter's own review-questions section, at most.
const MAX_OWN_QUESTIONS: usize = 100;

/// The bank's evidence rules, compiled once per run.
pub struct Rules {
    /// Every question of the bank, category after category.
    questions: Vec<Arc<Question>>,
    /// `first[c]`: the index in `questions` of category `c`'s first question.
    first: Vec<usize>,
    /// Every word of every question, each once.
    words: Words,
    /// `word_questions[w]`: the questions word `w` is evidence for.
    word_questions: Vec<Vec<usize>>,
    /// `word_stems[w]`: word `w`'s stem, so that `alert` and `alerts` count
    /// as one word.
    word_stems: Vec<usize>,
    /// Labels and titles (comparable) and units (lower case) to questions.
    labels: HashMap<String, Vec<usize>>,
    titles: HashMap<String, Vec<usize>>,
    units: HashMap<String, Vec<usize>>,
    /// `unit_starts[b]`: whether some unit starts with byte `b`, so that most
    /// figures (`chapter 3 of`) cost no lookup.
    unit_starts: [bool; 256],
}

/// Where a chapter answers a question: section 0 is the text before the
/// first heading, section `i + 1` is heading `i`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Answered in this section.
    In(usize),
    /// No evidence enough.
    Open,
}

/// What one reading of a chapter found.
pub struct Reading<'h> {
    /// The chapter's headings (sections `1..`): the page's own outline in a
    /// build, made for this reading elsewhere.
    pub headings: Cow<'h, [Heading]>,
    /// Per question of the bank (in [`Rules`] order), where it is answered.
    found: Vec<Found>,
    /// The questions of the chapter's own "What … Ask in Reviews" section.
    pub own_questions: Vec<String>,
}

impl Reading<'_> {
    /// Where the chapter answers question `index` of category `category`.
    pub fn found(&self, rules: &Rules, category: usize, index: usize) -> Found {
        rules
            .first
            .get(category)
            .and_then(|first| self.found.get(first + index))
            .copied()
            .unwrap_or(Found::Open)
    }
}

fn index_of(map: &mut HashMap<String, Vec<usize>>, key: &str, question: usize) {
    if key.is_empty() {
        return;
    }
    let entry = map.entry(key.to_owned()).or_default();
    if !entry.contains(&question) {
        entry.push(question);
    }
}

impl Rules {
    /// The rules of every question of `bank` (its categories, in order).
    pub fn new<'a>(bank: impl IntoIterator<Item = &'a Category>) -> Self {
        let mut questions = Vec::new();
        let mut first = Vec::new();
        for category in bank {
            first.push(questions.len());
            questions.extend(category.questions.iter().cloned());
        }
        let mut word_index: HashMap<&str, usize> = HashMap::new();
        let mut word_questions: Vec<Vec<usize>> = Vec::new();
        let (mut labels, mut titles, mut units) = (HashMap::new(), HashMap::new(), HashMap::new());
        for (q, question) in questions.iter().enumerate() {
            for word in &question.evidence.words {
                if word.is_empty() {
                    continue;
                }
                let next = word_index.len();
                let w = *word_index.entry(word.as_str()).or_insert(next);
                if w == word_questions.len() {
                    word_questions.push(Vec::new());
                }
                if !word_questions[w].contains(&q) {
                    word_questions[w].push(q);
                }
            }
            for label in &question.evidence.labels {
                index_of(&mut labels, label, q);
            }
            for title in &question.answered_by {
                index_of(&mut titles, title, q);
            }
            for unit in &question.evidence.units {
                index_of(&mut units, unit, q);
            }
        }
        let mut patterns: Vec<(&str, usize)> = word_index.into_iter().collect();
        patterns.sort_by_key(|(_, w)| *w);
        let mut stems: HashMap<&str, usize> = HashMap::new();
        let word_stems = patterns
            .iter()
            .map(|(word, _)| {
                let next = stems.len();
                *stems.entry(stem(word)).or_insert(next)
            })
            .collect();
        // Words are lower case ASCII or non-ASCII symbols (`×`), found in
        // text lower-cased the same way.
        let lowered: Vec<String> = patterns
            .iter()
            .map(|(p, _)| p.to_ascii_lowercase())
            .collect();
        let words = Words::new(lowered.iter().map(String::as_bytes));
        let mut unit_starts = [false; 256];
        for unit in units.keys() {
            if let Some(&first) = unit.as_bytes().first() {
                unit_starts[usize::from(first)] = true;
            }
        }
        Rules {
            questions,
            first,
            words,
            word_questions,
            word_stems,
            labels,
            titles,
            units,
            unit_starts,
        }
    }

    /// Reads `body` (a chapter without its front matter).
    pub fn read(&self, body: &str) -> Reading<'static> {
        self.read_outlined(body, Cow::Owned(sections::headings(body)), None)
    }

    /// Reads `body`, whose headings (at offsets in `body`) are `headings`:
    /// in a build, the page's outline, which every member shares. The line
    /// `left_out` (the status member's badge line) is not read.
    pub fn read_outlined<'h>(
        &self,
        body: &str,
        headings: Cow<'h, [Heading]>,
        left_out: Option<std::ops::Range<usize>>,
    ) -> Reading<'h> {
        let mut scan = Scan::new(self, body, &headings);
        scan.left_out = left_out;
        scan.lines();
        scan.match_words();
        let found = scan.decide();
        let own_questions = std::mem::take(&mut scan.own_questions);
        drop(scan);
        Reading {
            headings,
            found,
            own_questions,
        }
    }

    /// The ids of the questions `body` answers and of those it leaves open,
    /// in bank order.
    pub fn coverage(&self, body: &str) -> (Vec<String>, Vec<String>) {
        let reading = self.read(body);
        let (mut answered, mut open) = (Vec::new(), Vec::new());
        for (question, found) in self.questions.iter().zip(&reading.found) {
            match found {
                Found::In(_) => answered.push(question.id.clone()),
                Found::Open => open.push(question.id.clone()),
            }
        }
        (answered, open)
    }
}

/// A word without the endings that make it another form of the same word
/// (`alerts`, `detected`, `failing` are `alert`, `detect`, `fail`).
fn stem(word: &str) -> &str {
    for ending in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.len() >= 3
        {
            return stem;
        }
    }
    word
}

/// Whether a heading (its title as [`comparable`] writes it) introduces the
/// chapter's own review questions ("What Staff Engineers Ask in Reviews",
/// "Review Questions").
fn is_review_questions(title: &str) -> bool {
    let has = |w: &str| title.split(' ').any(|word| word == w);
    (has("ask") || has("asks") || has("questions")) && (has("review") || has("reviews"))
}

/// A list item's text, without its marker, quotes and emphasis.
fn list_item(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let rest = if let Some(rest) = trimmed
        .strip_prefix("- ")
        .or_else(|| trimmed.strip_prefix("* "))
        .or_else(|| trimmed.strip_prefix("+ "))
    {
        rest
    } else {
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        let after = trimmed.get(digits..)?;
        if digits == 0 {
            return None;
        }
        after
            .strip_prefix(". ")
            .or_else(|| after.strip_prefix(") "))?
    };
    Some(rest.trim().trim_matches(['"', '“', '”', '*', '_', '\'']))
}

/// Whether a line asks rather than answers: it ends with a question mark,
/// or it is a table row with a cell that does (a table of questions).
fn asks(line: &str) -> bool {
    let ends_asking = |text: &str| {
        text.trim_end()
            .trim_end_matches(['"', '“', '”', '*', '_', '\'', ')'])
            .ends_with('?')
    };
    ends_asking(line) || (line.starts_with('|') && line.split('|').any(ends_asking))
}

/// Whether a line only links somewhere (a table of contents' item): the
/// title of a section is not its answer.
fn navigates(line: &str) -> bool {
    // Most lines do not end with `)`: they cost no look at their start.
    if !line.ends_with(')') {
        return false;
    }
    let link = list_item(line).unwrap_or(line);
    link.starts_with('[') && link.ends_with(')') && link.matches("](").count() == 1
}

/// Where `needle` (ASCII) first starts in `text`, found by `memchr` on its
/// first byte: lines are read by the thousand, and a substring search set
/// up per line costs more than the line.
fn find_ascii(text: &str, needle: &[u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    let (first, rest) = needle.split_first()?;
    memchr::memchr_iter(*first, bytes).find(|&at| bytes[at + 1..].starts_with(rest))
}

/// `text` split around the first `needle` (ASCII, so both sides are `str`s).
fn split_at_ascii<'a>(text: &'a str, needle: &[u8]) -> Option<(&'a str, &'a str)> {
    find_ascii(text, needle).map(|at| (&text[..at], &text[at + needle.len()..]))
}

/// A labelled line's label and the text after it: `**Label**: text`,
/// `**Label:** text`, `- Label: text` (a list item, at most four words of
/// label), `| Label | text |` (a table row).
fn labelled(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim();
    if let Some(row) = trimmed.strip_prefix('|') {
        let (label, rest) = row.split_once('|')?;
        if label.trim().chars().all(|c| matches!(c, '-' | ':' | ' ')) {
            return None;
        }
        return Some((label.trim().trim_matches('*'), rest));
    }
    let is_item = list_item(trimmed).is_some();
    let item = if is_item {
        let marker = trimmed.find(' ').unwrap_or(0);
        trimmed[marker..].trim_start()
    } else {
        trimmed
    };
    if let Some(bold) = item.strip_prefix("**") {
        let (label, rest) = split_at_ascii(bold, b"**")?;
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        return Some((label.trim_end_matches(':'), rest));
    }
    if is_item {
        let (label, rest) = split_at_ascii(item, b": ")?;
        if label.split_whitespace().count() <= 4 && !label.contains('`') {
            return Some((label, rest));
        }
    }
    None
}

/// Whether the text after a label holds an answer: two words of its own, no
/// question.
fn answers(rest: &str) -> bool {
    !rest.contains('?') && counted_words(rest) >= 2
}

/// Where the first ASCII digit of `bytes` is. Sixteen bytes at a time: a
/// fold over a fixed block compiles to vector instructions, a search that
/// stops at each byte does not, and every line is searched for figures.
fn first_digit(bytes: &[u8]) -> Option<usize> {
    let mut blocks = bytes.chunks_exact(16);
    let mut offset = 0;
    for block in &mut blocks {
        if block.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            return block
                .iter()
                .position(u8::is_ascii_digit)
                .map(|i| offset + i);
        }
        offset += 16;
    }
    let rest = blocks.remainder().iter().position(u8::is_ascii_digit);
    rest.map(|i| offset + i)
}

/// A part of the chapter read for words: a line's visible text, or a
/// heading's (whose words hint rather than answer).
struct Span {
    range: std::ops::Range<usize>,
    section: usize,
    hint: bool,
}

/// One reading's state: what each section holds.
struct Scan<'r> {
    rules: &'r Rules,
    body: &'r str,
    /// The chapter lower-cased (ASCII), link targets blanked as lines are read.
    lower: Vec<u8>,
    headings: &'r [Heading],
    /// `words[s]`: counted words of section `s`'s own text.
    words: Vec<usize>,
    /// `(section, question, word)` for every word found.
    hits: Vec<(usize, usize, usize)>,
    /// `(section, question)` of every hinting heading.
    hints: Vec<(usize, usize)>,
    /// The parts of the chapter read for words, in order.
    spans: Vec<Span>,
    /// `labels[q]`: the first section with a label answering question `q`.
    labels: Vec<Option<usize>>,
    own_questions: Vec<String>,
    /// A line not to read: the suite's own (see [`Rules::read_outlined`]).
    left_out: Option<std::ops::Range<usize>>,
    /// The label being looked up, as [`comparable`] writes it.
    label: String,
}

impl<'r> Scan<'r> {
    fn new(rules: &'r Rules, body: &'r str, headings: &'r [Heading]) -> Self {
        Scan {
            rules,
            body,
            lower: body.to_ascii_lowercase().into_bytes(),
            headings,
            words: vec![0; headings.len() + 1],
            hits: Vec::new(),
            hints: Vec::new(),
            spans: Vec::new(),
            labels: vec![None; rules.questions.len()],
            own_questions: Vec::new(),
            left_out: None,
            label: String::new(),
        }
    }

    /// Marks `lower[range]` as read for words, for section `section` (its
    /// heading's text when `hint`).
    fn find_words(&mut self, range: std::ops::Range<usize>, section: usize, hint: bool) {
        self.spans.push(Span {
            range,
            section,
            hint,
        });
    }

    /// Finds the words of every span marked.
    fn match_words(&mut self) {
        let Scan {
            rules,
            lower,
            spans,
            hits,
            hints,
            ..
        } = self;
        for span in spans.iter() {
            rules.words.find_in(&lower[span.range.clone()], |word, _| {
                for &q in &rules.word_questions[word] {
                    if span.hint {
                        hints.push((span.section, q));
                    } else {
                        hits.push((span.section, q, rules.word_stems[word]));
                    }
                }
            });
        }
    }

    /// Records the figures with a unit of `lower[range]` (`10x`, `40k qps`).
    fn find_figures(&mut self, range: std::ops::Range<usize>, section: usize) {
        if self.rules.units.is_empty() {
            return;
        }
        let bytes = &self.lower[range];
        let mut i = 0;
        while let Some(digit) = first_digit(&bytes[i..]) {
            i += digit;
            // A digit inside a word (`p99`, `v1`) starts no figure.
            let inside = i > 0 && bytes[i - 1].is_ascii_alphanumeric();
            i += bytes[i..]
                .iter()
                .position(|b| !(b.is_ascii_digit() || matches!(b, b'.' | b',')))
                .unwrap_or(bytes.len() - i);
            if inside {
                continue;
            }
            let mut unit_start = i;
            if matches!(bytes.get(i), Some(b'k' | b'm')) && bytes.get(i + 1) == Some(&b' ') {
                unit_start += 2;
            } else if bytes.get(i) == Some(&b' ') {
                unit_start += 1;
            }
            if !bytes
                .get(unit_start)
                .is_some_and(|b| self.rules.unit_starts[usize::from(*b)])
            {
                continue;
            }
            let unit_end = bytes[unit_start..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || b",;()*`".contains(b))
                .map_or(bytes.len(), |end| unit_start + end);
            let mut unit = &bytes[unit_start..unit_end];
            while let [rest @ .., b'.' | b':'] = unit {
                unit = rest;
            }
            if let Some(questions) = std::str::from_utf8(unit)
                .ok()
                .and_then(|unit| self.rules.units.get(unit))
            {
                for &q in questions {
                    self.hits.push((section, q, usize::MAX));
                }
            }
            i = unit_end.max(i);
        }
    }

    /// The questions label `label` answers, if any: its comparable form
    /// written into one buffer for the whole reading, since most lines of a
    /// list have a label (`**Impact**: …`, `Step one: …`) and most labels
    /// answer nothing.
    fn label_questions(&mut self, label: &str) -> Option<&'r Vec<usize>> {
        comparable_into(&mut self.label, label);
        self.rules.labels.get(self.label.as_str())
    }

    /// Whether the line at `line` of section `section` is left out: the
    /// section's heading line(s), or the line the caller left out.
    fn not_read(&self, section: usize, line: &std::ops::Range<usize>) -> bool {
        let heading = section > 0 && self.headings[section - 1].range.end > line.start;
        heading || (self.left_out.as_ref()).is_some_and(|out| line.contains(&out.start))
    }

    /// Reads every line once.
    fn lines(&mut self) {
        let mut next_heading = 0;
        let mut section = 0;
        let mut fence: Option<(u8, usize)> = None;
        let mut in_comment = false;
        // The end of the chapter's own review-questions section, while in it.
        let mut own_until: Option<usize> = None;
        let mut start = 0;
        let body = self.body;
        while start < body.len() {
            let end = memchr::memchr(b'\n', &body.as_bytes()[start..])
                .map_or(body.len(), |e| start + e + 1);
            let line_range = start..end;
            start = end;
            while next_heading < self.headings.len()
                && self.headings[next_heading].range.start < line_range.end
            {
                let heading = &self.headings[next_heading];
                next_heading += 1;
                section = next_heading;
                if own_until.is_some_and(|until| heading.range.start >= until) {
                    own_until = None;
                }
                let title = comparable(&heading.text);
                if own_until.is_none() && is_review_questions(&title) {
                    own_until = Some(heading.section.end);
                }
                if own_until.is_none() {
                    if let Some(questions) = self.rules.titles.get(&title) {
                        for &q in questions {
                            self.hints.push((section, q));
                        }
                    }
                    self.find_words(heading.range.clone(), section, true);
                }
            }
            if self.not_read(section, &line_range) {
                continue;
            }
            let line = &body[line_range.clone()];
            let trimmed = line.trim();
            if let Some((marker, length)) = fence {
                let closing = trimmed.bytes().take_while(|b| *b == marker).count();
                if closing >= length && trimmed.len() == closing {
                    fence = None;
                }
                continue;
            }
            let marker = trimmed.bytes().next().filter(|b| matches!(b, b'`' | b'~'));
            if let Some(marker) = marker {
                let length = trimmed.bytes().take_while(|b| *b == marker).count();
                if length >= 3 {
                    fence = Some((marker, length));
                    continue;
                }
            }
            // One memchr for the three bytes that need a closer look (an HTML
            // comment, a link, an address); most lines hold none of them.
            let special = memchr::memchr3(b'<', b']', b'/', line.as_bytes()).is_some();
            let visible = if special || in_comment {
                visible_part(line, &mut in_comment)
            } else {
                Some(0..line.len())
            };
            let Some(visible) = visible else {
                continue;
            };
            let visible = line_range.start + visible.start..line_range.start + visible.end;
            let text = body[visible.clone()].trim();
            if text.is_empty() {
                continue;
            }
            if own_until.is_some() {
                if let Some(question) = list_item(text).filter(|q| asks(q))
                    && self.own_questions.len() < MAX_OWN_QUESTIONS
                {
                    self.own_questions.push(question.to_owned());
                }
                continue;
            }
            if asks(text) || is_guidance(text) || navigates(text) {
                continue;
            }
            if special {
                self.blank_urls(visible.clone());
            }
            let label = labelled(text);
            // A label is a name, not an answer: only the text after it counts.
            // Counts stop at MIN_WORDS, all that is asked of a section (a
            // subtree's capped counts reach it exactly when its full ones do).
            let missing = MIN_WORDS.saturating_sub(self.words[section]);
            if missing > 0 {
                self.words[section] +=
                    counted_words_up_to(label.map_or(text, |(_, rest)| rest), missing);
            }
            if let Some((label, rest)) = label
                && answers(rest)
                && let Some(questions) = self.label_questions(label)
            {
                for &q in questions {
                    self.labels[q].get_or_insert(section);
                }
            }
            self.find_words(visible.clone(), section, false);
            self.find_figures(visible, section);
        }
    }

    /// Blanks the link targets and bare URLs of `lower[range]`: words in an
    /// address (`…/access-authn-authz/…`) are not the chapter's words.
    fn blank_urls(&mut self, range: std::ops::Range<usize>) {
        let line = &self.body[range.clone()];
        // A link target starts at `](`, a bare address at the word before `://`.
        let mut starts = Vec::new();
        let mut from = 0;
        while let Some(at) = find_ascii(&line[from..], b"](") {
            starts.push(from + at);
            from += at + 2;
        }
        from = 0;
        while let Some(at) = find_ascii(&line[from..], b"://") {
            // The scheme starts after the last character that is not one of
            // its letters (which may be several bytes long).
            let scheme = line[..from + at]
                .char_indices()
                .rfind(|(_, c)| !c.is_ascii_alphanumeric())
                .map_or(0, |(i, c)| i + c.len_utf8());
            starts.push(scheme.max(from));
            from += at + 3;
        }
        for start in starts {
            let end = line[start..]
                .find(|c: char| c.is_whitespace() || c == ')')
                .map_or(line.len(), |e| start + e);
            self.lower[range.start + start..range.start + end].fill(b' ');
        }
    }

    /// Where each question is answered.
    fn decide(&mut self) -> Vec<Found> {
        let sections = self.headings.len() + 1;
        let questions = self.rules.questions.len();
        // `after[s]`: the first section after section `s`'s subtree.
        let after: Vec<usize> = (0..sections)
            .map(|s| {
                if s == 0 {
                    return 1;
                }
                let end = self.headings[s - 1].section.end;
                s + self.headings[s..]
                    .iter()
                    .take_while(|h| h.range.start < end)
                    .count()
                    + 1
            })
            .collect();
        let prefix = |values: &[usize]| -> Vec<usize> {
            let mut sums = vec![0; values.len() + 1];
            for (i, v) in values.iter().enumerate() {
                sums[i + 1] = sums[i] + v;
            }
            sums
        };
        let words = prefix(&self.words);
        self.hits.sort_unstable();
        self.hits.dedup();
        // `evidence[q * sections + s]`: the distinct words (and figures) of
        // question `q` in section `s`, in one allocation.
        let mut evidence = vec![0; sections * questions];
        for &(section, q, _) in &self.hits {
            evidence[q * sections + section] += 1;
        }
        // `hinted[q]`: the sections whose heading hints at question `q`.
        let mut hinted = vec![Vec::new(); questions];
        for &(section, q) in &self.hints {
            hinted[q].push(section);
        }
        (0..questions)
            .map(|q| {
                if let Some(section) = self.labels[q] {
                    return Found::In(section);
                }
                let evidence = &evidence[q * sections..(q + 1) * sections];
                if hinted[q].is_empty() {
                    return most_evidence(evidence, &self.words);
                }
                let bare = self.rules.questions[q].evidence == Evidence::default();
                let held = prefix(evidence);
                // Of the hinted sections whose subtree holds evidence and real
                // text, the one holding most evidence itself (a sub-heading
                // rather than its empty parent), the first on a tie.
                let best = hinted[q]
                    .iter()
                    .filter(|s| {
                        let end = after[**s];
                        // A question without evidence rules (a book's, written
                        // before they existed) is answered by its titles alone.
                        (held[end] > held[**s] || bare) && words[end] - words[**s] >= MIN_WORDS
                    })
                    .max_by_key(|s| (evidence[**s], std::cmp::Reverse(**s)));
                best.map_or_else(|| most_evidence(evidence, &self.words), |s| Found::In(*s))
            })
            .collect()
    }
}

/// The section holding most of a question's evidence (`evidence[s]`), at
/// least [`MIN_DISTINCT_WORDS`] and real text (`words[s]`), the first on a tie.
fn most_evidence(evidence: &[usize], words: &[usize]) -> Found {
    evidence
        .iter()
        .enumerate()
        .filter(|(s, n)| **n >= MIN_DISTINCT_WORDS && words[*s] >= MIN_WORDS)
        .max_by_key(|(s, n)| (**n, std::cmp::Reverse(*s)))
        .map_or(Found::Open, |(s, _)| Found::In(s))
}

/// The part of `line` outside HTML comments (a comment may span lines:
/// `in_comment` carries it), as a byte range of the line.
fn visible_part(line: &str, in_comment: &mut bool) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    if *in_comment {
        let end = find_ascii(line, b"-->")?;
        *in_comment = false;
        from = end + 3;
    }
    let rest = &line[from..];
    if !rest.as_bytes().contains(&b'<') {
        return Some(from..line.len());
    }
    match find_ascii(rest, b"<!--") {
        None => Some(from..line.len()),
        Some(open) => {
            if let Some(close) = find_ascii(&rest[open..], b"-->") {
                // A comment inside the line: keep what precedes it, and what
                // follows if nothing preceded.
                let before = rest[..open].trim();
                if before.is_empty() {
                    Some(from + open + close + 3..line.len())
                } else {
                    Some(from..from + open)
                }
            } else {
                *in_comment = true;
                Some(from..from + open)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank;

    fn rules() -> Rules {
        Rules::new(&bank::builtin())
    }

    fn answered(body: &str) -> Vec<String> {
        rules().coverage(body).0
    }

    #[test]
    fn an_answer_under_any_heading_is_found() {
        let body = "# Gateway\n\n## Overload\n\nAt 10x the usual peak the gateway sheds the \
                    lowest-priority requests first and degrades gracefully; a load test held 40k qps.\n";
        let found = answered(body);
        assert!(found.contains(&"scale.ten-x".to_owned()), "{found:?}");
        assert!(found.contains(&"scale.degradation".to_owned()), "{found:?}");
    }

    #[test]
    fn a_matching_title_without_evidence_is_not_an_answer() {
        let body = "# G\n\n## Rollback Plan\n\nWe deploy to one region first, then to all of \
                    them once the canary has been healthy for a day.\n";
        assert!(!answered(body).contains(&"design.roll-back".to_owned()));
        let body = body.replace(
            "then to all",
            "and revert the release if errors rise, then to all",
        );
        assert!(answered(&body).contains(&"design.roll-back".to_owned()));
    }

    #[test]
    fn labelled_bullets_and_table_rows_answer() {
        let body = "# G\n\n1. **Scenario**: the broker dies\n   - **Detection**: consumer lag \
                    climbs on the dashboard\n\n| Blast radius | one partition's writers |\n";
        let found = answered(body);
        for id in ["design.detect-failures", "design.blast-radius"] {
            assert!(found.contains(&id.to_owned()), "{id}: {found:?}");
        }
        // A label whose text asks, or is a placeholder, answers nothing.
        let body =
            "# G\n\n- **Detection**: [How do we know?]\n- **Recovery**: [How do we fix it?]\n";
        assert!(answered(body).is_empty());
    }

    #[test]
    fn an_address_after_a_letter_of_several_bytes_is_blanked() {
        // Found by the fuzz target `review_evidence`: the scheme's start was
        // taken one byte after the `Х` (two bytes) before `://`.
        assert!(answered("\0://\nХ://rollback\n").is_empty());
        assert!(answered("# G\n\nSee Хhttps://x/rollback-revert for the steps.\n").is_empty());
    }

    #[test]
    fn code_comments_and_questions_are_not_evidence() {
        let body = "# G\n\n```\nrollback revert downgrade\n```\n\n<!--\nrollback revert\n-->\n\
                    - How do we roll back and revert?\n";
        assert!(answered(body).is_empty(), "{:?}", answered(body));
    }

    #[test]
    fn the_chapters_own_review_questions_are_set_aside() {
        let body = "# G\n\n## What Staff Engineers Ask in Reviews\n\n### Scale\n- \"What is the \
                    p99 at peak?\"\n- \"How do we roll back and revert?\"\n\n## Further Reading\n";
        let rules = rules();
        let reading = rules.read(body);
        assert_eq!(
            reading.own_questions,
            [
                "What is the p99 at peak?",
                "How do we roll back and revert?"
            ]
        );
        assert!(rules.coverage(body).0.is_empty());
    }

    #[test]
    fn the_first_digit_is_found_in_any_block() {
        for at in [0, 1, 15, 16, 17, 31, 32, 40] {
            let mut bytes = vec![b'a'; 41];
            bytes[at] = b'7';
            bytes[40] = b'9';
            assert_eq!(first_digit(&bytes), Some(at), "{at}");
        }
        assert_eq!(first_digit(b"no figures in this line at all"), None);
        assert_eq!(first_digit(b""), None);
    }

    #[test]
    fn figures_need_their_unit() {
        // The figure and "load test": two pieces of evidence in one section.
        let body = "# G\n\nA load test on one node held 12k qps before the queue grew.\n";
        assert_eq!(answered(body), ["scale.ten-x"]);
        assert!(answered(&body.replace("12k qps", "12 parts")).is_empty());
    }
}
