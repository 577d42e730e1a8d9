//! The evidence-word finder against the definition it replaces: every
//! occurrence of every word, standing alone, found by trying each word at
//! each byte of the text.

use mdbook_deepdive_review::words::Words;
use proptest::prelude::*;

fn standing_alone(words: &[Vec<u8>], text: &[u8]) -> Vec<(usize, usize)> {
    let apart = |byte: Option<&u8>| byte.is_none_or(|b| !b.is_ascii_alphanumeric());
    let mut found = Vec::new();
    for start in 0..text.len() {
        for (index, word) in words.iter().enumerate() {
            if !word.is_empty()
                && text[start..].starts_with(word)
                && (start == 0 || apart(text.get(start - 1)))
                && apart(text.get(start + word.len()))
            {
                found.push((index, start));
            }
        }
    }
    found
}

/// Bytes from a small alphabet, so that words and text meet often: letters,
/// digits, separators, and the two bytes of `×`.
fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop::sample::select(b"abAB09 -/.%\xc3\x97\n".to_vec()),
        0..max,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn every_word_standing_alone_is_found_in_order(
        words in prop::collection::vec(bytes(5), 0..12),
        text in bytes(60),
    ) {
        let mut found = Vec::new();
        Words::new(words.iter().map(Vec::as_slice)).find_in(&text, |word, start| found.push((word, start)));
        prop_assert_eq!(found, standing_alone(&words, &text));
    }
}
