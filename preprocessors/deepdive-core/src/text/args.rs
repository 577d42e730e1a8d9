//! The arguments of a directive: `name value key=value key="quoted value"`.

use std::ops::Range;

/// One argument: `key=value`, or a bare `value` (key `None`), with the byte
/// range it occupies in the argument text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// The key of `key=value`; `None` for a bare value.
    pub key: Option<String>,
    /// The value, unquoted and unescaped.
    pub value: String,
    /// Where the argument is in the argument text.
    pub range: Range<usize>,
}

/// A malformed argument list, with the offset of the problem in the argument text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError {
    /// The byte offset of the problem in the argument text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Splits `text` into arguments. Values may be double-quoted, with `\"` and
/// `\\` escapes inside quotes; unquoted values end at white space.
pub fn parse(text: &str) -> Result<Vec<Arg>, ArgError> {
    let mut args = Vec::new();
    let mut chars = text.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let Some(&(start, _)) = chars.peek() else {
            return Ok(args);
        };
        let mut key = None;
        let mut word = String::new();
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() {
                end = i;
                break;
            }
            chars.next();
            match c {
                '=' if key.is_none() && !word.is_empty() => key = Some(std::mem::take(&mut word)),
                '"' if word.is_empty() => {
                    word = quoted(i, &mut chars)?;
                    end = chars.peek().map_or(text.len(), |&(j, _)| j);
                    if chars.peek().is_some_and(|(_, c)| !c.is_whitespace()) {
                        return Err(ArgError {
                            offset: end,
                            message: "a quoted value must be followed by a space".into(),
                        });
                    }
                    break;
                }
                _ => word.push(c),
            }
        }
        args.push(Arg {
            key,
            value: word,
            range: start..end,
        });
    }
}

fn quoted(
    open: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<String, ArgError> {
    let mut value = String::new();
    while let Some((_, c)) = chars.next() {
        match c {
            '"' => return Ok(value),
            '\\' => match chars.next() {
                Some((_, escaped @ ('"' | '\\'))) => value.push(escaped),
                Some((_, other)) => {
                    value.push('\\');
                    value.push(other);
                }
                None => break,
            },
            _ => value.push(c),
        }
    }
    Err(ArgError {
        offset: open,
        message: "this quoted value is never closed (add a `\"`)".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(Option<String>, String)> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|a| (a.key, a.value))
            .collect()
    }

    #[test]
    fn bare_keyed_and_quoted_values() {
        assert_eq!(
            pairs(r#" deep-dive title="A \"B\" C" date=2026-01-01 x"#),
            vec![
                (None, "deep-dive".into()),
                (Some("title".into()), r#"A "B" C"#.into()),
                (Some("date".into()), "2026-01-01".into()),
                (None, "x".into()),
            ]
        );
    }

    #[test]
    fn ranges_cover_each_argument() {
        let text = r#"a k="v w""#;
        let args = parse(text).unwrap();
        assert_eq!(&text[args[1].range.clone()], r#"k="v w""#);
    }

    #[test]
    fn unclosed_quote_is_an_error() {
        let err = parse(r#"k="v"#).unwrap_err();
        assert_eq!(err.offset, 2);
    }

    #[test]
    fn empty_is_no_arguments() {
        assert!(parse("  ").unwrap().is_empty());
    }
}
