//! Repairs UTF-8 text that was read as Windows-1252 and saved again
//! (`âœ… Done` for `✅ Done`, `ðŸ“‹` for `📋`, `â€”` for `—`), as hand-kept
//! tables copied between tools often arrive.
//!
//! The Windows-1252 mapping comes from `encoding_rs` (the WHATWG encoding
//! standard, already in the tree through the YAML parser). A run of characters
//! is repaired only when their Windows-1252 bytes form valid multi-byte UTF-8,
//! so ordinary accented text (`café`, `Ärger`) is never touched.

use std::ops::Range;

/// The Windows-1252 byte of `c`, if it has one.
fn cp1252_byte(c: char) -> Option<u8> {
    let mut buffer = [0; 4];
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buffer));
    match (&*bytes, had_errors) {
        ([byte], false) => Some(*byte),
        _ => None,
    }
}

/// The length of the UTF-8 sequence a lead byte starts (2 to 4), if it is one.
fn sequence_length(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// The mojibake runs in `text`: each byte range and the text it stands for.
pub fn find(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found: Vec<(Range<usize>, String)> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        match repaired_char_at(&chars, i) {
            Some((repaired, used)) => {
                let start = chars[i].0;
                let end = chars
                    .get(i + used)
                    .map_or(text.len(), |(offset, _)| *offset);
                match found.last_mut() {
                    Some((range, text)) if range.end == start => {
                        range.end = end;
                        text.push(repaired);
                    }
                    _ => found.push((start..end, repaired.to_string())),
                }
                i += used;
            }
            None => i += 1,
        }
    }
    found
}

/// The character whose UTF-8 bytes, read as Windows-1252, are the characters
/// starting at `chars[i]`, and how many characters that took.
fn repaired_char_at(chars: &[(usize, char)], i: usize) -> Option<(char, usize)> {
    let lead = cp1252_byte(chars.get(i)?.1)?;
    let length = sequence_length(lead)?;
    let mut bytes = vec![lead];
    for (_, c) in chars.get(i + 1..i + length)? {
        let byte = cp1252_byte(*c)?;
        if !(0x80..=0xBF).contains(&byte) {
            return None;
        }
        bytes.push(byte);
    }
    let decoded = std::str::from_utf8(&bytes).ok()?;
    let repaired = decoded.chars().next()?;
    Some((repaired, length))
}

/// `text` with every mojibake run repaired, or `None` when there is none.
pub fn repair(text: &str) -> Option<String> {
    let runs = find(text);
    if runs.is_empty() {
        return None;
    }
    let edits = runs
        .into_iter()
        .map(|(range, text)| crate::splice::Edit::new(range, text))
        .collect();
    Some(crate::splice::apply(text, edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_the_seed_statuses_and_dashes() {
        assert_eq!(repair("âœ… Done").as_deref(), Some("✅ Done"));
        assert_eq!(repair("ðŸ“‹ Skeleton").as_deref(), Some("📋 Skeleton"));
        assert_eq!(repair("systemâ€”what").as_deref(), Some("system—what"));
    }

    #[test]
    fn leaves_real_text_alone() {
        for text in [
            "café",
            "Ärger über Öl",
            "✅ Done",
            "naïve — “quotes”",
            "plain",
        ] {
            assert_eq!(repair(text), None, "{text}");
        }
    }

    #[test]
    fn reports_byte_ranges() {
        let text = "a âœ… b";
        let runs = find(text);
        assert_eq!(runs.len(), 1);
        assert_eq!(&text[runs[0].0.clone()], "âœ…");
        assert_eq!(runs[0].1, "✅");
    }
}
