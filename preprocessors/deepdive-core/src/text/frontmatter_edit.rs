//! Changing front matter keys in place (`mdbook-deepdive set`, `new`,
//! `supersede`): each key's value is replaced where it is written, or the key
//! is added before the closing line; every other byte of the chapter stays
//! as it was (CRLF, comments, key order).
//!
//! Values are written inertly: a plain YAML word only when YAML reads it back
//! as that same text, else a double-quoted string that YAML 1.2 and TOML read
//! alike, with every quote, backslash and control character escaped, so a
//! value can never close its string, start a line or become another key.
//! Callers read the edited block back and compare ([`crate::text::frontmatter::parse`]).

use crate::text::frontmatter::{Block, Format};
use crate::text::splice::Edit;
use std::fmt::Write as _;
use std::ops::Range;

/// `value` as a double-quoted string that YAML 1.2 and TOML both read back as
/// `value`: `"`, `\` and every character neither may hold raw (C0 and C1
/// controls, DEL, U+FEFF, U+FFFE, U+FFFF) escaped as `\uXXXX`.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `key` may be set: a letter, then letters, digits, `-` and `_`
/// (what front matter keys the suite reads look like), and not a word YAML
/// reads as something other than text (`true`, `null`, `yes`…): such a key
/// never needs quoting, and reads back as itself.
pub fn is_plain_key(key: &str) -> bool {
    key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !is_yaml_word(key)
}

/// The words YAML 1.2 (and 1.1, which Hugo's parser reads) takes for a
/// boolean or null rather than text, in any case.
fn is_yaml_word(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

/// `value` as YAML writes it: a bare word when YAML 1.2 reads that word as
/// this text (`done`, `in-progress`), else [`quoted`].
fn yaml_value(value: &str) -> String {
    let word = value
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !is_yaml_word(value)
        && !matches!(value.to_ascii_lowercase().as_str(), "nan" | "inf");
    if word {
        value.to_owned()
    } else {
        quoted(value)
    }
}

/// A value to set: a text, or a list of texts (written as a YAML sequence or
/// a TOML array).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewValue<'a> {
    /// One text.
    Text(&'a str),
    /// A list of texts, in order.
    List(&'a [String]),
}

/// `items` as a YAML flow sequence, `[a, "b c"]`: each item as
/// [`yaml_value`] writes it (a bare word holds no `,`, `[` or `]`).
fn yaml_flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| yaml_value(item)).collect();
    format!("[{}]", items.join(", "))
}

/// `items` as a TOML array of strings, `["a", "b c"]`.
fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| quoted(item)).collect();
    format!("[{}]", items.join(", "))
}

/// The indentation of the first item when the YAML value at `range` is a
/// block sequence (`tags:` then `  - a` lines), so a list set in its place
/// is written the same way.
fn yaml_block_list_indent<'t>(text: &'t str, range: &Range<usize>) -> Option<&'t str> {
    let value = &text[range.clone()];
    let (own, rest) = value.split_once(['\n', '\r'])?;
    if !own.trim().is_empty() {
        return None;
    }
    let first = rest
        .lines()
        .find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))?;
    let indent = &first[..first.len() - first.trim_start_matches([' ', '\t']).len()];
    let item = first[indent.len()..].starts_with("- ") || first[indent.len()..] == *"-";
    item.then_some(indent)
}

/// The text that replaces the YAML value at `range` (after `key:`).
fn yaml_replacement(
    text: &str,
    range: &Range<usize>,
    value: NewValue<'_>,
    newline: &str,
) -> String {
    match value {
        NewValue::Text(value) => format!(" {}", yaml_value(value)),
        NewValue::List(items) => match yaml_block_list_indent(text, range) {
            Some(indent) if !items.is_empty() => {
                let mut lines = String::new();
                for item in items {
                    let _ = write!(lines, "{newline}{indent}- {}", yaml_value(item));
                }
                lines
            }
            _ => format!(" {}", yaml_flow_list(items)),
        },
    }
}

/// The line ending the block's lines use.
fn newline(text: &str, block: &Block) -> &'static str {
    if text[block.whole.clone()].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The lines of `range` of `text`: each line's start, and its end without
/// the line ending. YAML (and TOML) end a line at `\n`, `\r\n` or a `\r`
/// alone, so a block written with old Mac line endings has lines too.
fn lines(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    while start < range.end {
        let end = text[start..range.end]
            .find(['\n', '\r'])
            .map_or(range.end, |i| start + i);
        out.push(start..end);
        start = if text[end..].starts_with("\r\n") {
            end + 2
        } else {
            end + 1
        };
    }
    out
}

/// The bytes of a top-level YAML key's value: from after `key:` to the end
/// of its last line (the lines below it that are indented, blank, or a
/// zero-indented `- ` list), without a trailing `# comment` of a one-line
/// value. `None` when the block does not set `key` at the top level.
fn yaml_value_range(text: &str, block: &Block, key: &str) -> Option<Range<usize>> {
    let lines = lines(text, block.inner.clone());
    let at = lines.iter().position(|line| {
        text[line.clone()]
            .strip_prefix(key)
            .map(|rest| rest.trim_start_matches([' ', '\t']))
            .is_some_and(|rest| rest == ":" || rest.starts_with(": ") || rest.starts_with(":\t"))
    })?;
    let line = &lines[at];
    let colon = line.start + text[line.clone()].find(':')? + 1;
    let own = text[colon..line.end].trim();
    let mut end = line.end;
    let mut continued = false;
    for next in &lines[at + 1..] {
        let content = &text[next.clone()];
        let list_item = own.is_empty() && (content == "-" || content.starts_with("- "));
        if content.starts_with([' ', '\t']) || list_item {
            end = next.end;
            continued = true;
        } else if content.trim().is_empty() || content.trim_start().starts_with('#') {
            // A blank or comment line belongs to the value only if an
            // indented line follows it; keep looking.
        } else {
            break;
        }
    }
    if !continued
        && !own.starts_with(['"', '\''])
        && let Some(comment) = text[colon..end].find(" #")
    {
        end = colon + text[colon..colon + comment].trim_end().len();
    }
    Some(colon..end)
}

/// Where the block's top-level TOML keys end: the first `[table]` line.
fn toml_top_level_end(text: &str, block: &Block) -> usize {
    lines(text, block.inner.clone())
        .into_iter()
        .find(|line| text[line.clone()].trim_start().starts_with('['))
        .map_or(block.inner.end, |line| line.start)
}

/// The bytes of a top-level TOML key's value, by `toml_edit`'s spans; an error
/// when the key is a table.
fn toml_value_range(text: &str, block: &Block, key: &str) -> Result<Option<Range<usize>>, String> {
    let inner = &text[block.inner.clone()];
    let document = toml_edit::Document::parse(inner).map_err(|e| e.to_string())?;
    match document.get(key) {
        None => Ok(None),
        Some(toml_edit::Item::Value(value)) => Ok(value
            .span()
            .map(|span| block.inner.start + span.start..block.inner.start + span.end)),
        Some(_) => Err(format!(
            "`{key}` is a table in this front matter; set one of its keys by hand"
        )),
    }
}

/// The edits that set each `(key, value)` of `changes` in the front matter
/// `block` of `text`: the value replaced where the key is, or `key: value`
/// (`key = "value"`) added after the block's last top-level key. A list
/// replaces a YAML block sequence with one indented alike, and is otherwise
/// written in flow style (`[a, b]`, TOML's `["a", "b"]`). An error names a
/// key that cannot be set in place.
pub fn set(
    text: &str,
    block: &Block,
    changes: &[(&str, NewValue<'_>)],
) -> Result<Vec<Edit>, String> {
    let newline = newline(text, block);
    let mut edits = Vec::new();
    let mut added = String::new();
    for &(key, value) in changes {
        if !is_plain_key(key) {
            return Err(format!(
                "`{key}` is not a front matter key this command sets (a letter, then letters, digits, `-` and `_`; not a word YAML reads as true, false or null)"
            ));
        }
        match block.format {
            Format::Yaml => match yaml_value_range(text, block, key) {
                Some(range) => {
                    let replacement = yaml_replacement(text, &range, value, newline);
                    edits.push(Edit::new(range, replacement));
                }
                None => {
                    let value = match value {
                        NewValue::Text(value) => yaml_value(value),
                        NewValue::List(items) => yaml_flow_list(items),
                    };
                    let _ = write!(added, "{key}: {value}{newline}");
                }
            },
            Format::Toml => {
                let value = match value {
                    NewValue::Text(value) => quoted(value),
                    NewValue::List(items) => toml_list(items),
                };
                match toml_value_range(text, block, key)? {
                    Some(range) => edits.push(Edit::new(range, value)),
                    None => {
                        let _ = write!(added, "{key} = {value}{newline}");
                    }
                }
            }
        }
    }
    if !added.is_empty() {
        let at = match block.format {
            Format::Yaml => block.inner.end,
            Format::Toml => toml_top_level_end(text, block),
        };
        // A block whose last line has no line ending before the delimiter
        // cannot happen (the delimiter starts a line), but an empty block
        // starts right at the closing line: either way the key goes there.
        edits.push(Edit::new(at..at, added));
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::frontmatter;
    use crate::text::splice;

    fn set_all(text: &str, changes: &[(&str, &str)]) -> String {
        let changes: Vec<(&str, NewValue<'_>)> = changes
            .iter()
            .map(|(key, value)| (*key, NewValue::Text(value)))
            .collect();
        set_values(text, &changes)
    }

    fn set_values(text: &str, changes: &[(&str, NewValue<'_>)]) -> String {
        let block = frontmatter::split(text).unwrap().unwrap();
        splice::apply(text, set(text, &block, changes).unwrap())
    }

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn a_list_is_written_in_the_blocks_own_syntax() {
        let tags = list(&["a", "b c"]);
        let tags = NewValue::List(&tags);
        // A block sequence stays one, indented as it was; a flow list or a
        // text becomes a flow list; a new key is added as one.
        assert_eq!(
            set_values(
                "---\r\ntags:\r\n    - x\r\n    - y\r\nowner: ana\r\n---\r\n",
                &[("tags", tags)]
            ),
            "---\r\ntags:\r\n    - a\r\n    - \"b c\"\r\nowner: ana\r\n---\r\n"
        );
        assert_eq!(
            set_values(
                "---\ntags: [x] # mine\nrelated: 06\n---\n",
                &[("tags", tags), ("related", tags), ("categories", tags)]
            ),
            "---\ntags: [a, \"b c\"] # mine\nrelated: [a, \"b c\"]\ncategories: [a, \"b c\"]\n---\n"
        );
        assert_eq!(
            set_values(
                "+++\ntags = ['x'] # mine\n[extra]\n+++\n",
                &[("tags", tags), ("categories", NewValue::List(&[]))]
            ),
            "+++\ntags = [\"a\", \"b c\"] # mine\ncategories = []\n[extra]\n+++\n"
        );
        assert_eq!(
            set_values("---\ntags:\n  - x\n---\n", &[("tags", NewValue::List(&[]))]),
            "---\ntags: []\n---\n"
        );
    }

    #[test]
    fn hostile_items_stay_one_item_each() {
        let items = list(&["a, b", "]", "x\ny: z", "- c", "#d", "true"]);
        for text in [
            "---\ntags: []\n---\n",
            "---\ntags:\n  - x\n---\n",
            "+++\ntags = []\n+++\n",
        ] {
            let edited = set_values(text, &[("tags", NewValue::List(&items))]);
            let block = frontmatter::split(&edited).unwrap().unwrap();
            let fields = frontmatter::parse(&edited, &block).unwrap();
            assert_eq!(fields.len(), 1, "{edited:?}");
            assert_eq!(fields["tags"], serde_json::json!(items), "{edited:?}");
        }
    }

    #[test]
    fn a_yaml_value_is_replaced_and_nothing_else_moves() {
        let text = "---\r\ntitle: A # the name\r\nstatus: draft  # wip\r\ntags:\r\n  - x\r\n  - y\r\nowner: ana\r\n---\r\n# A\r\n";
        assert_eq!(
            set_all(
                text,
                &[("status", "done"), ("tags", "z"), ("date", "2026-12-02")]
            ),
            "---\r\ntitle: A # the name\r\nstatus: done  # wip\r\ntags: z\r\nowner: ana\r\ndate: \"2026-12-02\"\r\n---\r\n# A\r\n"
        );
    }

    #[test]
    fn a_toml_value_is_replaced_by_its_span() {
        let text = "+++\ntitle = \"A\"\nstatus = 'draft' # wip\n[extra]\nx = 1\n+++\nbody\n";
        assert_eq!(
            set_all(text, &[("status", "done"), ("owner", "ana")]),
            "+++\ntitle = \"A\"\nstatus = \"done\" # wip\nowner = \"ana\"\n[extra]\nx = 1\n+++\nbody\n"
        );
    }

    #[test]
    fn hostile_values_stay_one_string() {
        for value in [
            "done\nowner: mallory",
            "x\" \nowner = \"mallory",
            "a: b",
            "[1, 2]",
            "- item",
            "#comment",
            "\u{85}\u{7f}\u{feff}\\",
            "true",
        ] {
            for text in [
                "---\nstatus: draft\n---\n",
                "+++\nstatus = \"draft\"\n+++\n",
            ] {
                let edited = set_all(text, &[("status", value)]);
                let block = frontmatter::split(&edited).unwrap().unwrap();
                let fields = frontmatter::parse(&edited, &block).unwrap();
                assert_eq!(fields.len(), 1, "{edited:?}");
                assert_eq!(fields["status"], value, "{edited:?}");
            }
        }
    }

    #[test]
    fn a_block_with_lone_carriage_returns_has_lines() {
        // Found by the fuzz target `front_matter_set`: YAML ends a line at a
        // `\r` alone, so `status` is a key of its own line here.
        let edited = set_all("---\ntitle: A\rstatus: draft\n---\n", &[("status", "done")]);
        assert_eq!(edited, "---\ntitle: A\rstatus: done\n---\n");
    }

    #[test]
    fn a_key_yaml_reads_as_no_text_is_refused() {
        // Found by the fuzz target: `FALSE: e` is the key `false` (a boolean).
        for key in ["FALSE", "null", "Yes", "07", "-x", ""] {
            assert!(!is_plain_key(key), "{key}");
        }
        assert!(is_plain_key("review-by") && is_plain_key("owner_2"));
    }

    #[test]
    fn keys_are_plain() {
        let text = "---\nstatus: draft\n---\n";
        let block = frontmatter::split(text).unwrap().unwrap();
        assert!(set(text, &block, &[("a: b\nc", NewValue::Text("x"))]).is_err());
        assert!(set(text, &block, &[("", NewValue::Text("x"))]).is_err());
    }
}
