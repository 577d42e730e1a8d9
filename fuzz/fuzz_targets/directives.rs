//! The directive scanner, argument parser, mojibake finder and splicing, on
//! any text: no panics, every range inside the text and on char boundaries.
#![no_main]

use deepdive_core::{args, directive, mojibake, splice};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (found, unescapes) = directive::owned(text, 0, &["status", "template", "ref"]);
    for d in &found {
        assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
        let _ = args::parse(d.args);
    }
    let edits: Vec<_> = found.iter().map(|d| splice::Edit::new(d.range.clone(), "X")).chain(unescapes).collect();
    let _ = splice::apply(text, edits);
    for (range, _) in mojibake::find(text) {
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
    }
    let _ = args::parse(text);
});
