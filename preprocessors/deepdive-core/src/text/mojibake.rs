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
///
/// Every mojibake run starts with a character from U+00C2 to U+00F4, whose
/// UTF-8 form starts with the byte 0xC3 (or 0xC2 for U+00C2); a `memchr`
/// search for those bytes skips everything else, so ASCII text and text in
/// other scripts cost one pass of SIMD search.
pub fn find(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found: Vec<(Range<usize>, String)> = Vec::new();
    let mut resume = 0;
    for start in memchr::memchr2_iter(0xC2, 0xC3, text.as_bytes()) {
        if start < resume || !text.is_char_boundary(start) {
            continue;
        }
        let Some((repaired, end)) = repaired_char_at(text, start) else {
            continue;
        };
        match found.last_mut() {
            Some((range, run)) if range.end == start => {
                range.end = end;
                run.push(repaired);
            }
            _ => found.push((start..end, repaired.to_string())),
        }
        resume = end;
    }
    found
}

/// The character whose UTF-8 bytes, read as Windows-1252, are the characters
/// of `text` starting at byte `start`, and the byte offset where they end.
fn repaired_char_at(text: &str, start: usize) -> Option<(char, usize)> {
    let mut chars = text[start..].char_indices();
    let lead = cp1252_byte(chars.next()?.1)?;
    let length = sequence_length(lead)?;
    let mut bytes = [lead, 0, 0, 0];
    for slot in bytes.iter_mut().take(length).skip(1) {
        let (_, c) = chars.next()?;
        let byte = cp1252_byte(c)?;
        if !(0x80..=0xBF).contains(&byte) {
            return None;
        }
        *slot = byte;
    }
    let end = chars
        .next()
        .map_or(text.len(), |(offset, _)| start + offset);
    let repaired = std::str::from_utf8(&bytes[..length]).ok()?.chars().next()?;
    Some((repaired, end))
}

/// `text` with every mojibake run repaired, or `None` when there is none.
pub fn repair(text: &str) -> Option<String> {
    let runs = find(text);
    if runs.is_empty() {
        return None;
    }
    let edits = runs
        .into_iter()
        .map(|(range, text)| crate::text::splice::Edit::new(range, text))
        .collect();
    Some(crate::text::splice::apply(text, edits))
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
