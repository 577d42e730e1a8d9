//! Hugo shortcodes, so a Hugo site can move over without editing every page:
//! `{{< mermaid >}}…{{< /mermaid >}}` becomes a mermaid fence, `ref` and
//! `relref` become relative links to the chapter, shortcodes mapped in
//! book.toml expand a template, and any other is a warning, left as is.

use crate::expand::{self, Scope};
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::directive::literal_ranges;
use deepdive_core::links;
use deepdive_core::splice::Edit;
use std::collections::BTreeMap;
use std::ops::Range;

/// One `{{< name args >}}` or `{{% name args %}}`.
struct Shortcode<'a> {
    range: Range<usize>,
    name: &'a str,
    args: &'a str,
    closing: bool,
}

fn shortcode_at(text: &str, start: usize) -> Option<Shortcode<'_>> {
    let (open, close) = if text[start..].starts_with("{{<") {
        ("{{<", ">}}")
    } else {
        ("{{%", "%}}")
    };
    let inner_start = start + open.len();
    let end = inner_start + text[inner_start..].find(close)?;
    let inner = text[inner_start..end].trim();
    let (closing, inner) = inner
        .strip_prefix('/')
        .map_or((false, inner), |i| (true, i.trim_start()));
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    Some(Shortcode {
        range: start..end + close.len(),
        name: &inner[..name_end],
        args: inner[name_end..].trim(),
        closing,
    })
}

fn shortcodes(text: &str, from: usize) -> Vec<Shortcode<'_>> {
    let body = &text.as_bytes()[from..];
    let starts: Vec<usize> = memchr::memmem::find_iter(body, b"{{<")
        .chain(memchr::memmem::find_iter(body, b"{{%"))
        .map(|i| i + from)
        .collect();
    if starts.is_empty() {
        return Vec::new();
    }
    let literal = literal_ranges(text, from);
    let mut found: Vec<Shortcode<'_>> = starts
        .into_iter()
        .filter(|s| !literal.iter().any(|r| r.contains(s)))
        .filter_map(|s| shortcode_at(text, s))
        .collect();
    found.sort_by_key(|s| s.range.start);
    found
}

fn unquote(text: &str) -> &str {
    text.trim().trim_matches('"')
}

/// The edits for a chapter's shortcodes.
pub(crate) fn edits(
    scope: &Scope<'_>,
    content: &str,
    mapped: &BTreeMap<String, String>,
    diagnostics: &mut Diagnostics,
) -> Vec<Edit> {
    let page = scope.page;
    let found = shortcodes(content, page.body_start());
    let mut edits = Vec::new();
    let mut skip_until = 0;
    // `mermaid_close[i]`: the first `{{< /mermaid >}}` after shortcode `i`,
    // found in one pass from the end, so that many unclosed openings cost a
    // pass over the chapter and not one each.
    let mut mermaid_close = vec![None; found.len()];
    let mut next_close = None;
    for (i, code) in found.iter().enumerate().rev() {
        mermaid_close[i] = next_close;
        if code.closing && code.name == "mermaid" {
            next_close = Some(i);
        }
    }
    for (i, code) in found.iter().enumerate() {
        if code.range.start < skip_until || code.closing {
            continue;
        }
        let location = Some(page.location(content, code.range.start));
        match code.name {
            "mermaid" => {
                let Some(end) = mermaid_close[i].map(|close| &found[close]) else {
                    diagnostics.error(location, "`{{< mermaid >}}` is never closed with `{{< /mermaid >}}`");
                    continue;
                };
                let diagram = content[code.range.end..end.range.start].trim_matches(['\r', '\n']);
                edits.push(Edit::new(code.range.start..end.range.end, format!("```mermaid\n{diagram}\n```")));
                skip_until = end.range.end;
            }
            "ref" | "relref" => {
                let target = unquote(code.args);
                let link = page.source_path.as_deref().and_then(|from| scope.run.resolve(from, target)).and_then(|to| links::link(page, to));
                match link {
                    Some(link) => edits.push(Edit::new(code.range.clone(), link)),
                    None => diagnostics.error(location, format!("`{{{{< {} \"{target}\" >}}}}` names no chapter of the book (give its path, with or without `.md`)", code.name)),
                }
            }
            name => match mapped.get(name) {
                Some(template) => {
                    let mut expansion = expand::Expansion::new(scope);
                    match expand::template(scope, &format!("{template} {}", code.args), &mut expansion) {
                        Ok(text) => edits.push(Edit::new(code.range.clone(), text)),
                        Err(message) => diagnostics.error(location.clone(), format!("shortcode `{name}` (mapped to template `{template}`): {message}")),
                    }
                    for warning in expansion.warnings {
                        diagnostics.warning(location.clone(), warning);
                    }
                }
                None => diagnostics.warning(
                    location,
                    format!("Hugo shortcode `{name}` is left as is (map it to a template: [preprocessor.{}.shortcodes] {name} = \"TEMPLATE\")", scope.run.config.path()),
                ),
            },
        }
    }
    edits
}
