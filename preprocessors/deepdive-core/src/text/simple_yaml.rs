//! A fast path for the front matter almost every chapter has: flat
//! `key: value` lines whose values are strings or flow lists of strings.
//!
//! `mdbook serve` reruns every member on every save, and a full YAML parse is
//! most of a member's cost on a large book. This reader accepts only a strict
//! subset and answers `None` for anything else (nested blocks, anchors,
//! escapes, comments after values, and every plain scalar YAML 1.2 would read
//! as a number, boolean or null), so the caller falls back to the real parser
//! and the result is always what `saphyr` would give. A property test checks
//! that claim against saphyr.

use serde_json::{Map, Value};

/// The mapping of `text` if it is in the simple subset, else `None`.
pub fn parse(text: &str) -> Option<Map<String, Value>> {
    if !only_plain_characters(text) {
        return None;
    }
    let mut map = Map::new();
    for line in lines(text) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        // YAML's white space is space and tab only; Rust's `trim` would also
        // drop a vertical tab or U+2028, which YAML reads as content.
        if line.bytes().all(|b| b == b' ' || b == b'\t') || line.starts_with('#') {
            continue;
        }
        // A key holds no `:`, so the first `:` must be the one of `: `.
        let colon = memchr::memchr(b':', line.as_bytes())?;
        let (key, value) = (&line[..colon], line[colon + 1..].strip_prefix(' ')?);
        // A key YAML would read as a number, boolean or null is not a string key.
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            || is_typed(key)
        {
            return None;
        }
        let value = trim_spaces(value);
        let parsed = if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']'))
        {
            Value::Array(flow_items(items)?)
        } else {
            Value::String(scalar(value, false)?)
        };
        if map.insert(key.to_owned(), parsed).is_some() {
            return None; // duplicate keys: let the real parser decide
        }
    }
    Some(map)
}

/// The lines of `text`, split at `\n` with `memchr` (`str::split` looks for
/// a `char`, which costs more than the rest of reading a short line).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    ends.map(move |end| {
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// `text` without the spaces (YAML's, not Unicode's) it starts and ends with.
fn trim_spaces(text: &str) -> &str {
    let start = text.bytes().take_while(|b| *b == b' ').count();
    let end = text.len() - text.bytes().rev().take_while(|b| *b == b' ').count();
    &text[start..end.max(start)]
}

/// YAML refuses unprintable characters anywhere, comments included, and a
/// byte order mark inside a document; and it breaks lines at a lone `\r`
/// (and NEL, U+2028, U+2029), where this reader only breaks at `\n`.
fn only_plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    let printable_text = if text.is_ascii() {
        // Without an early exit, so the compiler reads many bytes at a time.
        (bytes.iter()).fold(true, |printable, b| {
            printable & matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7e)
        })
    } else {
        let odd_break = |c: char| matches!(c, '\u{feff}' | '\u{85}' | '\u{2028}' | '\u{2029}');
        text.chars().all(|c| printable(c) && !odd_break(c))
    };
    printable_text && memchr::memchr_iter(b'\r', bytes).all(|at| bytes.get(at + 1) == Some(&b'\n'))
}

/// YAML 1.2's printable set (production `c-printable`).
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

fn flow_items(items: &str) -> Option<Vec<Value>> {
    if items.trim().is_empty() {
        return Some(Vec::new());
    }
    if (items.bytes()).any(|b| matches!(b, b'[' | b']' | b'{' | b'}')) {
        return None;
    }
    // Quoted items may not hold commas here, so splitting on commas is exact.
    let mut values = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b',', items.as_bytes()).chain([items.len()]) {
        values.push(Value::String(scalar(
            trim_spaces(&items[start..end]),
            true,
        )?));
        start = end + 1;
    }
    Some(values)
}

/// A quoted string without escapes, or a plain scalar that YAML 1.2's core
/// schema reads as a string (in a flow list, `in_flow`, without commas).
fn scalar(value: &str, in_flow: bool) -> Option<String> {
    if value.len() >= 2
        && let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'))
    {
        return memchr::memchr2(b'"', b'\\', inner.as_bytes())
            .is_none()
            .then(|| inner.to_owned());
    }
    if value.len() >= 2
        && let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\''))
    {
        return memchr::memchr(b'\'', inner.as_bytes())
            .is_none()
            .then(|| inner.to_owned());
    }
    let bytes = value.as_bytes();
    if STARTS_NO_PLAIN[usize::from(*bytes.first()?)] || value.ends_with(':') {
        return None;
    }
    for (at, &byte) in bytes.iter().enumerate() {
        if !NOT_ALWAYS_PLAIN[usize::from(byte)] {
            continue;
        }
        match byte {
            b'\t' | b'"' | b'\'' | b'[' | b']' | b'{' | b'}' => return None,
            b',' if in_flow => return None,
            // `: ` starts a mapping and ` #` a comment.
            b':' if bytes.get(at + 1) == Some(&b' ') => return None,
            b'#' if at.checked_sub(1).and_then(|p| bytes.get(p)) == Some(&b' ') => return None,
            _ => {}
        }
    }
    (!is_typed(value)).then(|| value.to_owned())
}

/// The table of the bytes of `bytes`.
const fn table_of(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// The bytes that can end or change a plain scalar, alone or next to a
/// neighbour; [`scalar`] skips every other byte with one table lookup.
const NOT_ALWAYS_PLAIN: [bool; 256] = table_of(b"\t\"'[]{},:#");

/// The bytes a plain scalar this reader accepts cannot start with: YAML's
/// indicators, `.`, `+`, `~` (numbers and null start so) and a space.
const STARTS_NO_PLAIN: [bool; 256] = table_of(b"-?:,[]{}#&*!|>'\"%@`.+~ ");

/// Whether YAML 1.2's core schema reads a plain scalar as non-string.
fn is_typed(value: &str) -> bool {
    // A non-string plain scalar is a word or starts like a number.
    match value.as_bytes().first() {
        Some(b't' | b'T' | b'f' | b'F' | b'n' | b'N' | b'~') => matches!(
            value,
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "null" | "Null" | "NULL" | "~"
        ),
        Some(b'0'..=b'9' | b'+' | b'-' | b'.') => is_int(value) || is_float(value),
        _ => false,
    }
}

fn digits(s: &str, radix: u32) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_digit(radix))
}

fn is_int(value: &str) -> bool {
    let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
    digits(unsigned, 10)
        || value.strip_prefix("0o").is_some_and(|d| digits(d, 8))
        || value.strip_prefix("0x").is_some_and(|d| digits(d, 16))
}

fn is_float(value: &str) -> bool {
    let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
    if [".inf", ".Inf", ".INF"].contains(&unsigned) || [".nan", ".NaN", ".NAN"].contains(&value) {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (whole.is_empty() && digits(fraction, 10))
                || (digits(whole, 10) && (fraction.is_empty() || digits(fraction, 10)))
        }
        None => digits(mantissa, 10),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flat_strings_and_lists() {
        let map = parse("title: \"A: b\"\r\nsummary: plain text, with comma\ntags: [redis, \"pub sub\"]\ndate: 2026-03-01\n# note\n\nempty: []\n").unwrap();
        assert_eq!(map["title"], "A: b");
        assert_eq!(map["summary"], "plain text, with comma");
        assert_eq!(map["tags"], json!(["redis", "pub sub"]));
        assert_eq!(map["date"], "2026-03-01");
        assert_eq!(map["empty"], json!([]));
    }

    #[test]
    fn anything_else_falls_back() {
        for text in [
            "draft: true",
            "number: 07",
            "n: 1.5e3",
            "x: .inf",
            "x: ~",
            "x: null",
            "nested:\n  a: b",
            "list:\n- a",
            "a: &anchor x",
            "a: \"esc \\\" aped\"",
            "a: x # comment",
            "a: [1, 2]",
            "a: [[x]]",
            "a: b\na: c",
            "a:b",
            "\tkey: x",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    /// Inputs on which fuzzing found the fast path disagreeing with saphyr.
    #[test]
    fn fuzzing_regressions_fall_back() {
        for text in [
            "\u{b}",                // a vertical tab is content to YAML, not a blank line
            "# Summ\u{0}ary\na: b", // unprintable, even in a comment
            "a: b\u{7f}",
            "a: b\u{feff}",   // a byte order mark inside the document
            "# c\rtext",      // a lone CR breaks the line
            "a: b\u{85}c: d", // so does NEL
            "a: b\n\u{2028}",
            "5777: eh", // a key YAML reads as a number
            "true: x",
            "0x1f: y",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
