//! Byte-range edits of a chapter's original text.
//!
//! The suite never re-serializes a user's chapter: every change is a
//! replacement of one byte range of the original, and everything outside the
//! ranges is copied through as it came (CRLF, odd spacing, mojibake and all).

use std::ops::Range;

/// Replace the bytes `range` of the original text by `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

impl Edit {
    pub fn new(range: Range<usize>, text: impl Into<String>) -> Self {
        Edit {
            range,
            text: text.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Self {
        Edit::new(range, String::new())
    }
}

/// Applies `edits` to `original`. Edits are applied in order of position; an
/// edit overlapping an earlier one, or not on character boundaries, is a bug
/// in the caller and is skipped (and trips a debug assertion in tests).
pub fn apply(original: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let added: usize = edits.iter().map(|e| e.text.len()).sum();
    let mut out = String::with_capacity(original.len() + added);
    let mut copied_to = 0;
    for edit in &edits {
        let Range { start, end } = edit.range;
        let valid = copied_to <= start
            && start <= end
            && end <= original.len()
            && original.is_char_boundary(start)
            && original.is_char_boundary(end);
        debug_assert!(valid, "invalid or overlapping edit {:?}", edit.range);
        if !valid {
            continue;
        }
        out.push_str(&original[copied_to..start]);
        out.push_str(&edit.text);
        copied_to = end;
    }
    out.push_str(&original[copied_to..]);
    out
}

/// Up to this many edits are made in place (each moves the text after it).
const IN_PLACE_EDITS: usize = 4;

/// Applies `edits` to `text` as [`apply`] does. A few edits (the usual front
/// matter removal and badge line) are made in place: the text stays in the
/// allocation the JSON parser gave it, instead of a fresh copy per chapter.
pub fn apply_in_place(text: &mut String, mut edits: Vec<Edit>) {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let disjoint = edits.windows(2).all(|w| w[0].range.end <= w[1].range.start);
    let on_boundaries = edits.iter().all(|e| {
        e.range.start <= e.range.end
            && e.range.end <= text.len()
            && text.is_char_boundary(e.range.start)
            && text.is_char_boundary(e.range.end)
    });
    if edits.len() > IN_PLACE_EDITS || !disjoint || !on_boundaries {
        *text = apply(text, edits);
        return;
    }
    let added: usize = edits.iter().map(|e| e.text.len()).sum();
    text.reserve(added);
    for edit in edits.iter().rev() {
        text.replace_range(edit.range.clone(), &edit.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_position_order() {
        let out = apply(
            "a {{x}} b {{y}} c",
            vec![Edit::new(10..15, "Y"), Edit::new(2..7, "X")],
        );
        assert_eq!(out, "a X b Y c");
    }

    #[test]
    fn no_edits_is_identity() {
        assert_eq!(apply("a\r\nb", Vec::new()), "a\r\nb");
    }

    #[test]
    fn insertion_and_deletion() {
        assert_eq!(
            apply("abc", vec![Edit::new(1..1, "X"), Edit::delete(2..3)]),
            "aXb"
        );
    }
}
