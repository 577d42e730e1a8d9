//! Front matter: splitting, YAML (fast path and saphyr), TOML, the typed
//! model and positions, on any text. Nothing may panic, and every offset
//! reported must lie inside the text.
#![no_main]

use deepdive_core::{diagnostics, metadata, simple_yaml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match metadata::read(text) {
        Ok((Some(block), _)) => assert!(block.whole.end <= text.len()),
        Ok((None, _)) => {}
        Err(problem) => {
            assert!(problem.offset <= text.len());
            let _ = diagnostics::line_column(text, problem.offset);
        }
    }
    if let Some(fast) = simple_yaml::parse(text) {
        // The fast path agrees with the full parser wherever it answers.
        assert_eq!(Ok(fast), deepdive_core::frontmatter::parse_yaml_fully(text, 0));
    }
});
