//! Where a value lands and how it is made inert: for any markdown text with
//! `@@` holes and any value, finding the sinks never panics, and every value
//! a sink accepts comes out inert for it (no `{{#`, no `<` that HTML would
//! read as a tag, nothing that ends an attribute or a link target).
#![no_main]

use deepdive_core::sink::{self, Sink};
use libfuzzer_sys::fuzz_target;

fn opens_a_tag(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"/!?".contains(&w[1])))
}

fuzz_target!(|input: &str| {
    let (text, value) = input.split_once('\0').unwrap_or((input, "<img src=x onerror=alert(1)>"));
    let holes: Vec<_> = text.match_indices("@@").map(|(i, _)| i..i + 2).collect();
    let sinks = sink::sinks(text, &holes);
    assert_eq!(sinks.len(), holes.len());
    for sink in sinks {
        let Ok(rendered) = sink.render(value) else { continue };
        assert!(!rendered.contains("{{#"), "{sink:?}: {rendered:?}");
        match sink {
            Sink::Markdown | Sink::HtmlText | Sink::Code { .. } => {
                assert!(!opens_a_tag(&rendered), "{sink:?}: {rendered:?}")
            }
            Sink::Attribute { .. } => {
                assert!(!rendered.contains(['"', '\'', '<', '>']), "{sink:?}: {rendered:?}")
            }
            Sink::Destination => assert!(
                !rendered.contains([' ', '(', ')', '<', '>', '\\', '\n']),
                "{sink:?}: {rendered:?}"
            ),
            Sink::Tag => panic!("a tag sink accepted {value:?}"),
        }
    }
});
