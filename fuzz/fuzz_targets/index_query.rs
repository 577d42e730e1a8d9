//! The index directive's argument parser: any argument text is a query or an
//! error at an offset inside the text.
#![no_main]

use deepdive_core::status::Vocabulary;
use libfuzzer_sys::fuzz_target;
use mdbook_deepdive_index::query::{INDEX_ARGUMENTS, Query};

fuzz_target!(|text: &str| {
    if let Err(problem) = Query::parse("investigation-index", text, &INDEX_ARGUMENTS, &Vocabulary::default()) {
        assert!(problem.offset <= text.len());
    }
});
