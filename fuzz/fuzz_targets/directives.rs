//! The directive scanner, argument parser, mojibake finder and splicing, on
//! any text: no panics, every range inside the text and on char boundaries.
#![no_main]

use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::page::Page;
use deepdive_core::{args, directive, mojibake, splice};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let page = Page::detached("src/c.md");
    let mut diagnostics = Diagnostics::new(false);
    let (found, unescapes) = directive::owned(&page, text, &["status", "template", "ref"], &mut diagnostics);
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
