//! Byte-range edits of a chapter's original text.
//!
//! The suite never re-serializes a user's chapter: every change is a
//! replacement of one byte range of the original, and everything outside the
//! ranges is copied through as it came (CRLF, odd spacing, mojibake and all).

use std::ops::Range;

/// Replace the bytes `range` of the original text by `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes of the original text to replace.
    pub range: Range<usize>,
    /// What replaces them.
    pub text: String,
}

impl Edit {
    /// Replaces `range` with `text`.
    pub fn new(range: Range<usize>, text: impl Into<String>) -> Self {
        Edit {
            range,
            text: text.into(),
        }
    }

    /// Removes `range`.
    pub fn delete(range: Range<usize>) -> Self {
        Edit::new(range, String::new())
    }
}

/// The edits of one text, ready to splice: sorted by position, disjoint and
/// on character boundaries. The pieces are spliced as the book is written
/// (see [`crate::book::book_writer`]), so a chapter's edited text is never built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Splice {
    edits: Vec<Edit>,
}

impl Splice {
    /// Sorts `edits` by position. An edit overlapping an earlier one, or not
    /// on character boundaries of `original`, is a bug in the caller and is
    /// dropped (and trips a debug assertion in tests).
    pub fn new(original: &str, mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let mut copied_to = 0;
        edits.retain(|edit| {
            let Range { start, end } = edit.range;
            let valid = copied_to <= start
                && start <= end
                && end <= original.len()
                && original.is_char_boundary(start)
                && original.is_char_boundary(end);
            debug_assert!(valid, "invalid or overlapping edit {:?}", edit.range);
            if valid {
                copied_to = end;
            }
            valid
        });
        Splice { edits }
    }

    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// The edits, in position order.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Where the first edit starts: the text before it is unchanged.
    pub fn first_changed(&self) -> Option<usize> {
        self.edits.first().map(|edit| edit.range.start)
    }

    /// The spliced text as consecutive pieces: the original between the
    /// edits, and each edit's text.
    pub fn pieces<'a>(&'a self, original: &'a str) -> impl Iterator<Item = &'a str> {
        let mut copied_to = 0;
        self.edits
            .iter()
            .flat_map(move |edit| {
                let kept = &original[copied_to..edit.range.start];
                copied_to = edit.range.end;
                [kept, edit.text.as_str()]
            })
            .chain(std::iter::once_with(move || {
                &original[self.edits.last().map_or(0, |e| e.range.end)..]
            }))
    }

    /// The spliced text, built.
    pub fn apply(&self, original: &str) -> String {
        let mut out = String::with_capacity(original.len() + self.added_len());
        self.pieces(original).for_each(|piece| out.push_str(piece));
        out
    }

    fn added_len(&self) -> usize {
        self.edits.iter().map(|e| e.text.len()).sum()
    }
}

/// Applies `edits` to `original` (see [`Splice::new`]).
pub fn apply(original: &str, edits: Vec<Edit>) -> String {
    Splice::new(original, edits).apply(original)
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
