//! Escaping of text taken from metadata or config into HTML.

/// Escapes `&`, `<`, `>`, `"` and `'`, so the result is safe as element text
/// and inside a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out` as [`escape`] escapes it.
pub fn push_escaped(out: &mut String, text: &str) {
    text.chars().for_each(|c| push_escaped_char(out, c));
}

fn push_escaped_char(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

/// Text from metadata made safe as inline markdown text that may end up in
/// HTML: markdown punctuation is backslash-escaped (so a tag `*x*` or `{{#…}}`
/// stays literal), and markup characters are escaped as entities (these are
/// not backslash-escaped, which would break the entities).
pub fn inline_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_inline_text(&mut out, text);
    out
}

/// Appends `text` to `out` as [`inline_text`] writes it.
pub fn push_inline_text(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '+'
                | '-'
                | '.'
                | '!'
                | '|'
                | '~'
                | '{'
                | '}'
                | '$'
        ) {
            out.push('\\');
        }
        // A line break in metadata must not end a table row or a paragraph.
        push_escaped_char(out, if c == '\n' || c == '\r' { ' ' } else { c });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#""><img src=x onerror='a()'> & co"#),
            "&quot;&gt;&lt;img src=x onerror=&#39;a()&#39;&gt; &amp; co"
        );
    }

    #[test]
    fn inline_text_escapes_markdown_and_markup() {
        assert_eq!(
            inline_text("a|b *c* {{#x}}"),
            "a\\|b \\*c\\* \\{\\{\\#x\\}\\}"
        );
        assert_eq!(inline_text("<i>'&'\nx"), "&lt;i&gt;&#39;&amp;&#39; x");
    }
}
