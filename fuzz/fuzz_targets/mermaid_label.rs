//! `{{#investigation-graph}}`'s node labels: for any title, the label holds
//! only letters, digits, a few plain marks and `#N;` codes (nothing that
//! ends a label, a statement or the fence), and decodes to the title, line
//! breaks and tabs as spaces.
#![no_main]

use deepdive_core::inert::push_mermaid_label;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|title: &str| {
    let mut label = String::new();
    push_mermaid_label(&mut label, title);
    assert!(
        label.chars().all(|c| c.is_ascii_alphanumeric() || " .,-_()/!?'+#;".contains(c)),
        "{title:?}: {label:?}"
    );
    let mut decoded = String::new();
    let mut rest = label.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '#' {
            let end = rest.find(';').expect("a code ends with ;");
            let code: u32 = rest[1..end].parse().expect("a code is a number");
            decoded.push(char::from_u32(code).expect("a code is a character"));
            rest = &rest[end + 1..];
        } else {
            decoded.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    assert_eq!(decoded.chars().count(), title.chars().count(), "{title:?}: {label:?}");
    for (was, is) in title.chars().zip(decoded.chars()) {
        assert!(was == is || is == ' ' && (was == '\t' || was.is_whitespace()), "{title:?}: {label:?}");
    }
});
