//! Expanding `{{#template NAME k=v}}` and `{{#meta KEY}}`: filling
//! placeholders, then the directives the filled text holds, to a bounded
//! depth, refusing cycles with the chain that forms them.

use crate::library::Library;
use crate::placeholders::{self, Source};
use deepdive_core::args;
use deepdive_core::directive;
use deepdive_core::html::inline_text;
use deepdive_core::member::{Page, Run};
use deepdive_core::splice::{self, Edit};
use serde_json::Value;

/// What one expansion can see.
pub struct Scope<'a> {
    pub library: &'a Library,
    pub run: &'a Run<'a>,
    pub page: &'a Page,
    pub max_depth: usize,
}

/// A metadata value as text: lists joined with ", ".
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(value_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => Some(other.to_string()),
    }
}

/// A front matter value of the chapter; `title` falls back to its SUMMARY name.
fn page_value(page: &Page, key: &str) -> Option<String> {
    match page.meta.fields.get(key).and_then(value_text) {
        None if key == "title" => Some(page.title().to_owned()),
        value => value,
    }
}

/// `{{#meta KEY}}`: a front matter value of the chapter, escaped (`title`
/// falls back to the SUMMARY name, as `{{ page.title }}` does).
pub fn meta(scope: &Scope<'_>, arguments: &str) -> Result<String, String> {
    let key = arguments.trim();
    if key.is_empty() || key.contains(char::is_whitespace) {
        return Err("`{{#meta}}` takes one front matter key: `{{#meta title}}`".into());
    }
    let fields = &scope.page.meta.fields;
    page_value(scope.page, key)
        .map(|v| inline_text(&v))
        .ok_or_else(|| {
            let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
            let hint = deepdive_core::config::suggestion(key, &keys)
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            format!(
                "this chapter's front matter has no `{key}` ({hint}keys: {})",
                if keys.is_empty() {
                    "none".into()
                } else {
                    keys.join(", ")
                }
            )
        })
}

/// `{{#template NAME k=v …}}`, with `chain` the templates being expanded
/// around it. Warnings (unused parameters) are added to `warnings`.
pub fn template(
    scope: &Scope<'_>,
    arguments: &str,
    chain: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> Result<String, String> {
    let parsed = args::parse(arguments).map_err(|e| e.message)?;
    let Some((first, rest)) = parsed.split_first().filter(|(f, _)| f.key.is_none()) else {
        return Err("`{{#template}}` needs a template name first: `{{#template staff-deep-dive title=\"…\"}}`".into());
    };
    let name = first.value.as_str();
    if let Some(start) = chain.iter().position(|n| n == name) {
        return Err(format!(
            "template cycle: {} -> {name}",
            chain[start..].join(" -> ")
        ));
    }
    if chain.len() >= scope.max_depth {
        return Err(format!(
            "templates nest deeper than {} (option `max-depth`): {} -> {name}",
            scope.max_depth,
            chain.join(" -> ")
        ));
    }
    let mut params = Vec::new();
    for arg in rest {
        match &arg.key {
            Some(key) => params.push((key.clone(), arg.value.clone())),
            None => {
                return Err(format!(
                    "`{}`: template parameters are `key=value` (write `key=\"{}\"`)",
                    arg.value, arg.value
                ));
            }
        }
    }
    let text = scope.library.load(name)?;
    let filled = fill(scope, name, &text, &params, warnings)?;
    chain.push(name.to_owned());
    let expanded = nested(scope, &filled, chain, warnings);
    chain.pop();
    expanded
}

/// The template text with its placeholders filled.
fn fill(
    scope: &Scope<'_>,
    name: &str,
    text: &str,
    params: &[(String, String)],
    warnings: &mut Vec<String>,
) -> Result<String, String> {
    let found = placeholders::parse(text).map_err(|e| format!("template `{name}`: {e}"))?;
    let mut used = vec![false; params.len()];
    let mut edits = Vec::with_capacity(found.len());
    for placeholder in &found {
        for param in placeholder.params() {
            if let Some(i) = params.iter().position(|(k, _)| k == param) {
                used[i] = true;
            }
        }
        let value = placeholder.sources.iter().find_map(|source| match source {
            Source::Param(key) => params
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone()),
            Source::Page(key) => page_value(scope.page, key).map(|v| inline_text(&v)),
            Source::Book(key) => scope
                .run
                .ctx
                .config_value(&format!("book.{key}"))
                .and_then(value_text)
                .map(|v| inline_text(&v)),
            Source::Literal(text) => Some(text.clone()),
        });
        let Some(value) = value else {
            let param = placeholder.params().next().unwrap_or("?");
            return Err(format!(
                "template `{name}` needs `{param}`: give `{param}=\"…\"` (it has no default)"
            ));
        };
        edits.push(Edit::new(placeholder.range.clone(), value));
    }
    for ((key, _), used) in params.iter().zip(used) {
        if !used {
            warnings.push(format!(
                "template `{name}` does not use the parameter `{key}`"
            ));
        }
    }
    Ok(splice::apply(text, edits))
}

/// Expands the `{{#template}}` and `{{#meta}}` directives inside expanded text.
fn nested(
    scope: &Scope<'_>,
    text: &str,
    chain: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> Result<String, String> {
    if !directive::may_contain_directives(text) {
        return Ok(text.to_owned());
    }
    let mut edits = Vec::new();
    for found in directive::scan(text, 0) {
        if found.escaped {
            continue;
        }
        let expanded = match found.name {
            "template" => template(scope, found.args, chain, warnings)?,
            "meta" => meta(scope, found.args)?,
            _ => continue,
        };
        edits.push(Edit::new(found.range.clone(), expanded));
    }
    Ok(splice::apply(text, edits))
}
