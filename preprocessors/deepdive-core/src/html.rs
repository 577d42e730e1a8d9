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
}
