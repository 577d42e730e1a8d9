//! The line scanner that spares chapters the markdown parse: wherever it
//! answers, every `{{#` is on the same side of code as `pulldown-cmark` puts
//! it, and the headings it finds are the ones `pulldown-cmark` finds.
#![no_main]

use deepdive_core::{directive, sections, simple_markdown};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    assert_eq!(
        sections::headings(text),
        sections::parsed_headings(text),
        "headings of {text:?}"
    );
    let Some(fast) = simple_markdown::directive_literal_ranges(text, 0) else {
        return;
    };
    let parsed = directive::literal_ranges(text, 0);
    let inside = |ranges: &[std::ops::Range<usize>], at: usize| ranges.iter().any(|r| r.contains(&at));
    for at in memchr::memmem::find_iter(text.as_bytes(), b"{{#") {
        assert_eq!(inside(&fast, at), inside(&parsed, at), "`{{{{#` at {at} of {text:?}");
    }
});
