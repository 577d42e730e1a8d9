//! Finding a bank's evidence words in a chapter: every occurrence of every
//! word that stands alone (no ASCII letter or digit right before or after it).
//!
//! A word that stands alone starts where a run of letters and digits starts,
//! and that whole run is the word's own first run (`on` of `on-call`, all
//! of `p99`). So the text is read run by run, and each run is looked up once
//! among the words' first runs (a hash map, after a table of the first byte
//! and length every first run has, which most runs of prose fail): a byte
//! costs a table lookup, a run a few more. An Aho-Corasick automaton, which
//! this replaces, read every byte through its states and reported every
//! occurrence inside longer words too, each then checked and dropped; and a
//! small book paid for building it. The few words that start with another
//! byte (a book's `/healthz`) are tried where their first byte stands alone.
//!
//! `foldhash` is the hasher the standard map's own implementation
//! (`hashbrown`) uses by default: a run is a few bytes, for which the
//! standard library's DoS-resistant hasher costs more than the lookup. The
//! words come from the book, not from its readers.

use std::collections::HashMap;

/// The words, ready to be found.
pub struct Words {
    /// Each word's bytes (lower case, as the text is).
    words: Vec<Box<[u8]>>,
    /// The words by their first run of ASCII letters and digits.
    by_first_run: HashMap<Box<[u8]>, Vec<usize>, foldhash::fast::FixedState>,
    /// Bit [`shape`] of each first run set: a run whose bit is clear is no
    /// word's first run, which most runs of prose are told by this alone.
    shapes: Box<[u64; SHAPES / 64]>,
    /// The words that start with a byte other than a letter or digit.
    others: Vec<usize>,
    /// `other_starts[b]`: whether one of `others` starts with byte `b`.
    other_starts: [bool; 256],
}

impl Words {
    /// The words `words`, each found as the index it has there. Empty words
    /// are never found.
    pub fn new<'a>(words: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut found = Words {
            words: Vec::new(),
            by_first_run: HashMap::default(),
            shapes: Box::new([0; SHAPES / 64]),
            others: Vec::new(),
            other_starts: [false; 256],
        };
        for (index, word) in words.into_iter().enumerate() {
            found.words.push(word.into());
            let Some(&first) = word.first() else {
                continue;
            };
            let run = first_run(word);
            if run == 0 {
                found.others.push(index);
                found.other_starts[usize::from(first)] = true;
            } else {
                let bit = shape(&word[..run]);
                found.shapes[bit / 64] |= 1 << (bit % 64);
                (found.by_first_run.entry(word[..run].into()).or_default()).push(index);
            }
        }
        found
    }

    /// Calls `found(word, start)` for every word standing alone in `text`
    /// (its start and end at the text's ends or next to a byte that is no
    /// ASCII letter or digit), in the order of their starts; words starting
    /// at one place in the order they were given.
    pub fn find_in(&self, text: &[u8], mut found: impl FnMut(usize, usize)) {
        let end = text.len();
        let mut at = 0;
        loop {
            // The bytes between runs: a table lookup each, and a second for
            // the words that start with one of them, when there are such.
            if self.others.is_empty() {
                while at < end && !ALPHANUMERIC[usize::from(text[at])] {
                    at += 1;
                }
            } else {
                while at < end && !ALPHANUMERIC[usize::from(text[at])] {
                    if self.other_starts[usize::from(text[at])]
                        && (at == 0 || !ALPHANUMERIC[usize::from(text[at - 1])])
                    {
                        self.find_others(text, at, &mut found);
                    }
                    at += 1;
                }
            }
            if at == end {
                return;
            }
            let start = at;
            while at < end && ALPHANUMERIC[usize::from(text[at])] {
                at += 1;
            }
            let run = &text[start..at];
            let bit = shape(run);
            if self.shapes[bit / 64] >> (bit % 64) & 1 == 0 {
                continue;
            }
            if let Some(words) = self.by_first_run.get(run) {
                for &word in words {
                    if self.stands_at(word, text, start) {
                        found(word, start);
                    }
                }
            }
        }
    }

    /// The words of `others` standing alone at `text[at..]`.
    fn find_others(&self, text: &[u8], at: usize, found: &mut impl FnMut(usize, usize)) {
        for &word in &self.others {
            if self.stands_at(word, text, at) {
                found(word, at);
            }
        }
    }

    /// Whether word `word` is at `text[start..]` and ends where a word may.
    fn stands_at(&self, word: usize, text: &[u8], start: usize) -> bool {
        let word = &self.words[word];
        let end = start + word.len();
        text[start..].starts_with(word)
            && text.get(end).is_none_or(|b| !ALPHANUMERIC[usize::from(*b)])
    }
}

/// How many shapes [`shape`] tells apart.
const SHAPES: usize = 1 << 13;

/// A run's first and last byte and its length, as one of [`SHAPES`]
/// numbers: the bank's few hundred words take a few hundred of them.
fn shape(run: &[u8]) -> usize {
    let (first, last) = (run[0], run[run.len() - 1]);
    (usize::from(first) * 131 + usize::from(last) * 17 + run.len() * 1031) % SHAPES
}

/// The length of the run of ASCII letters and digits `bytes` starts with.
fn first_run(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !ALPHANUMERIC[usize::from(*b)])
        .unwrap_or(bytes.len())
}

/// The ASCII letters and digits, as a table: one lookup a byte.
const ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte: u8 = 0;
    loop {
        table[byte as usize] = byte.is_ascii_alphanumeric();
        if byte == u8::MAX {
            break table;
        }
        byte += 1;
    }
};

#[cfg(test)]
mod tests {
    use super::*;

    fn found(words: &[&[u8]], text: &[u8]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        Words::new(words.iter().copied()).find_in(text, |word, start| found.push((word, start)));
        found
    }

    #[test]
    fn words_are_found_where_they_stand_alone() {
        let words: [&[u8]; 8] = [
            b"on-call",
            b"call",
            b"load test",
            b"load",
            b"10\xc3\x97",
            b"p99",
            b"/healthz",
            b"",
        ];
        let text = b"on-call: call oncall recall, load test (load-test) 10\xc3\x97 p99.9 p99p /healthz x/healthz";
        let at = |needle: &[u8]| {
            (text.windows(needle.len()))
                .position(|w| w == needle)
                .unwrap()
        };
        assert_eq!(
            found(&words, text),
            [
                (0, 0),
                (1, 3),
                (1, at(b"call oncall")),
                (2, at(b"load test")),
                (3, at(b"load test")),
                (3, at(b"load-test")),
                (4, at(b"10\xc3\x97")),
                (5, at(b"p99.9")),
                (6, at(b"/healthz")),
            ]
        );
    }

    #[test]
    fn a_long_first_run_is_found() {
        let long = b"a".repeat(80);
        let text = [&long[..], b" b"].concat();
        assert_eq!(found(&[&long, &b"a".repeat(64)], &text), [(0, 0)]);
    }
}
