//! `mdbook-deepdive set`: on any input, making the edit never panics; on
//! front matter as writers keep it (a block of `key: value` lines, YAML or
//! TOML, LF or CRLF, values of any text) the edit holds the new value as one
//! string under its key and every other key as it was. (On front matter the
//! line editor cannot read, the command refuses to write: it reads every
//! edit back before writing.)
#![no_main]

use deepdive_core::{frontmatter, frontmatter_edit, splice};
use libfuzzer_sys::fuzz_target;

/// A block of the `(key, value)` pairs the input names, and the change.
fn writers_block(input: &str) -> Option<(String, (String, String))> {
    let yaml = !input.starts_with('+');
    let newline = if input.len() % 2 == 0 { "\n" } else { "\r\n" };
    let mut fields: Vec<(&str, &str)> = Vec::new();
    let mut parts = input.split('\0');
    while let (Some(key), Some(value)) = (parts.next(), parts.next()) {
        if frontmatter_edit::is_plain_key(key) && !fields.iter().any(|(k, _)| *k == key) {
            fields.push((key, value));
        }
    }
    let (key, value) = fields.pop()?;
    let (open, sep) = if yaml { ("---", ": ") } else { ("+++", " = ") };
    let mut text = format!("{open}{newline}");
    for (k, v) in &fields {
        text.push_str(&format!("{k}{sep}{}{newline}", frontmatter_edit::quoted(v)));
    }
    text.push_str(&format!("{open}{newline}# Body{newline}"));
    Some((text, (key.to_owned(), value.to_owned())))
}

fuzz_target!(|input: &str| {
    if let Ok(Some(block)) = frontmatter::split(input) {
        let _ = frontmatter_edit::set(input, &block, &[("status", frontmatter_edit::NewValue::Text("done"))]);
    }
    let Some((text, (key, value))) = writers_block(input) else { return };
    let block = frontmatter::split(&text).unwrap().unwrap();
    let before = frontmatter::parse(&text, &block).unwrap_or_else(|e| panic!("{e:?}: {text:?}"));
    let edits = frontmatter_edit::set(&text, &block, &[(key.as_str(), frontmatter_edit::NewValue::Text(&value))]).unwrap();
    let edited = splice::apply(&text, edits);
    let block = frontmatter::split(&edited).unwrap().unwrap();
    let after = frontmatter::parse(&edited, &block).unwrap_or_else(|e| panic!("{e:?}: {edited:?}"));
    assert_eq!(after.get(&key).and_then(|v| v.as_str()), Some(value.as_str()), "{edited:?}");
    for (other, was) in &before {
        assert!(other == &key || after.get(other) == Some(was), "`{other}` changed: {edited:?}");
    }
    assert!(edited.ends_with("# Body\n") || edited.ends_with("# Body\r\n"), "{edited:?}");
});
