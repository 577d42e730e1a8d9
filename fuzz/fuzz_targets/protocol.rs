//! The preprocessor protocol: any bytes on stdin are either a book, which a
//! member's pass handles without panicking, or an error; a book the pass
//! leaves as it was is written back as `serde_json` writes it, byte for byte
//! (the writer escapes eight bytes at a time).
#![no_main]

use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::member::{Editor, Member, NoEdits, Run, run_member};
use deepdive_core::protocol::parse_input;
use libfuzzer_sys::fuzz_target;

struct Plain;
impl Member for Plain {
    fn name(&self) -> &'static str {
        "deepdive-status"
    }
    fn directives(&self) -> &'static [&'static str] {
        &[]
    }
    fn prepare(&self, _: &Run<'_>, _: &[&str], _: &mut Diagnostics) -> Box<dyn Editor + '_> {
        Box::new(NoEdits)
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok((ctx, mut book)) = parse_input(data) {
        let outcome = run_member(&Plain, &ctx, &mut book);
        let mut out = Vec::new();
        deepdive_core::book_writer::write_book(&book, &outcome.splices, &mut out)
            .expect("writing to memory cannot fail");
        if outcome.splices.iter().all(|s| s.is_empty()) {
            let mut by_serde = Vec::new();
            deepdive_core::book_writer::write_with_serde_json(&book, &mut by_serde)
                .expect("writing to memory cannot fail");
            assert_eq!(out, by_serde);
        }
    }
});
