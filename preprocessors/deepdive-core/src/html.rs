//! Escaping of text taken from metadata or config into HTML.

/// Escapes `&`, `<`, `>`, `"` and `'`, so the result is safe as element text
/// and inside a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text from metadata made safe as inline markdown text that may end up in
/// HTML: markdown punctuation is backslash-escaped (so a tag `*x*` or `{{#…}}`
/// stays literal), then markup characters are escaped as entities. The
/// characters `escape` turns into entities are not backslash-escaped, which
/// would break the entities.
pub fn inline_text(text: &str) -> String {
    let mut marked = String::with_capacity(text.len());
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
            marked.push('\\');
        }
        // A line break in metadata must not end a table row or a paragraph.
        marked.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    escape(&marked)
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
