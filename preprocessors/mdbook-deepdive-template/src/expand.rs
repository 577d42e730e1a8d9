//! Expanding `{{#template NAME k=v}}` and `{{#meta KEY}}`: filling
//! placeholders, then the directives the filled text holds, to a bounded
//! depth and a bounded size, refusing cycles with the chain that forms them.
//!
//! Every value put into text (a parameter, a front matter or `[book]` value)
//! is made inert for the place it goes: the sink of each placeholder, and of
//! each `{{#meta}}`, is read from the markdown around it
//! ([`deepdive_core::sink`]), so a value is escaped as markdown in a heading,
//! checked as a URL in a link target, escaped as an attribute in HTML, and
//! refused where nothing is safe. A template's own quoted defaults are the
//! template's text and go in as written.

use crate::library::{Library, Prepared};
use crate::placeholders::Source;
use deepdive_core::args;
use deepdive_core::directive;
use deepdive_core::member::Run;
use deepdive_core::page::Page;
use deepdive_core::sink::{self, Sink};
use deepdive_core::splice::{self, Edit};
use serde_json::Value;

/// What one expansion can see.
pub struct Scope<'a> {
    /// The templates.
    pub library: &'a Library,
    /// The run (pages, options, vocabulary).
    pub run: &'a Run<'a>,
    /// The chapter the directive is in.
    pub page: &'a Page,
    /// How deep templates may include templates (option `max-depth`).
    pub max_depth: usize,
    /// The most bytes one directive may expand to (option `max-expansion-size`).
    pub max_size: usize,
}

/// The state of expanding one directive of a chapter: the templates being
/// expanded around the current one, the warnings, and the bytes the
/// expansion may still produce.
pub struct Expansion {
    chain: Vec<String>,
    /// Warnings found while expanding.
    pub warnings: Vec<String>,
    remaining: usize,
}

impl Expansion {
    /// A new expansion, allowed the scope's size.
    pub fn new(scope: &Scope<'_>) -> Self {
        Expansion {
            chain: Vec::new(),
            warnings: Vec::new(),
            remaining: scope.max_size,
        }
    }

    /// Counts `produced` bytes against the size bound: checked as each
    /// template is filled, before the text it holds is expanded, so a
    /// template that includes itself ten times ten levels deep stops at the
    /// bound instead of after building gigabytes.
    fn spend(&mut self, scope: &Scope<'_>, name: &str, produced: usize) -> Result<(), String> {
        match self.remaining.checked_sub(produced) {
            Some(left) => {
                self.remaining = left;
                Ok(())
            }
            None => Err(format!(
                "expanding `{name}` makes more than {} bytes (option `max-expansion-size`); \
                 check for templates that include each other many times, or raise the option",
                scope.max_size
            )),
        }
    }
}

/// A metadata value as text: lists joined with ", ".
pub fn value_text(value: &Value) -> Option<String> {
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

/// `{{#meta KEY}}`: a front matter value of the chapter, made inert for
/// `sink`, the place the directive is in (`title` falls back to the SUMMARY
/// name, as `{{ page.title }}` does).
pub fn meta(scope: &Scope<'_>, arguments: &str, sink: &Sink) -> Result<String, String> {
    let key = arguments.trim();
    if key.is_empty() || key.contains(char::is_whitespace) {
        return Err("`{{#meta}}` takes one front matter key: `{{#meta title}}`".into());
    }
    let fields = &scope.page.meta.fields;
    let Some(value) = page_value(scope.page, key) else {
        let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
        let hint = deepdive_core::config::suggestion(key, &keys)
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        return Err(format!(
            "this chapter's front matter has no `{key}` ({hint}keys: {})",
            if keys.is_empty() {
                "none".into()
            } else {
                keys.join(", ")
            }
        ));
    };
    sink.render(&value)
        .map_err(|why| format!("front matter `{key}`: {why}"))
}

/// `{{#template NAME k=v …}}` within `expansion`.
pub fn template(
    scope: &Scope<'_>,
    arguments: &str,
    expansion: &mut Expansion,
) -> Result<String, String> {
    let parsed = args::parse(arguments).map_err(|e| e.message)?;
    let Some((first, rest)) = parsed.split_first().filter(|(f, _)| f.key.is_none()) else {
        return Err("`{{#template}}` needs a template name first: `{{#template staff-deep-dive title=\"…\"}}`".into());
    };
    let name = first.value.as_str();
    let chain = &expansion.chain;
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
    let template = scope.library.prepared(name)?;
    let value_of = |source: &Source| scope_value(scope, source);
    let filled = fill(name, &template, &params, &value_of, &mut expansion.warnings)?;
    expansion.spend(scope, name, filled.len())?;
    expansion.chain.push(name.to_owned());
    let expanded = nested(scope, &filled, expansion);
    expansion.chain.pop();
    expanded
}

/// The value a placeholder's sources give, and whether it is the
/// template's own text (a quoted default) rather than a value: parameters
/// from `params`, front matter and `[book]` values from `value_of`.
fn placeholder_value(
    sources: &[Source],
    params: &[(String, String)],
    value_of: &dyn Fn(&Source) -> Option<String>,
) -> Option<(String, bool)> {
    sources.iter().find_map(|source| match source {
        Source::Param(key) => params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| (v.clone(), false)),
        Source::Literal(text) => Some((text.clone(), true)),
        Source::Page(_) | Source::Book(_) => value_of(source).map(|v| (v, false)),
    })
}

/// A `page.KEY` or `book.KEY` value in the chapter an expansion is in.
fn scope_value(scope: &Scope<'_>, source: &Source) -> Option<String> {
    match source {
        Source::Page(key) => page_value(scope.page, key),
        Source::Book(key) => scope
            .run
            .ctx
            .config_value(&format!("book.{key}"))
            .and_then(value_text),
        Source::Param(_) | Source::Literal(_) => None,
    }
}

/// The template text with its placeholders filled, each value made inert
/// for its placeholder's sink: parameters from `params`, `page.KEY` and
/// `book.KEY` from `value_of` (the chapter's at build time, the new chapter's
/// for `new`), quoted defaults as the template writes them.
pub fn fill(
    name: &str,
    template: &Prepared,
    params: &[(String, String)],
    value_of: &dyn Fn(&Source) -> Option<String>,
    warnings: &mut Vec<String>,
) -> Result<String, String> {
    let text = template.text.as_str();
    let mut used = vec![false; params.len()];
    let mut edits = Vec::with_capacity(template.placeholders.len());
    for (placeholder, sink) in template.placeholders.iter().zip(&template.sinks) {
        for param in placeholder.params() {
            if let Some(i) = params.iter().position(|(k, _)| k == param) {
                used[i] = true;
            }
        }
        let Some((value, literal)) = placeholder_value(&placeholder.sources, params, value_of)
        else {
            let written = &text[placeholder.range.clone()];
            return Err(match placeholder.params().next() {
                Some(param) => format!(
                    "template `{name}` needs `{param}`: give `{param}=\"…\"` (it has no default)"
                ),
                None => format!(
                    "template `{name}`: `{written}` has no value here and no default \
                     (add the key, or a default: `{{{{ … | \"default\" }}}}`)"
                ),
            });
        };
        let value = if literal {
            value
        } else {
            sink.render(&value).map_err(|why| {
                format!(
                    "template `{name}`, placeholder `{}`: {why}",
                    &text[placeholder.range.clone()]
                )
            })?
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
fn nested(scope: &Scope<'_>, text: &str, expansion: &mut Expansion) -> Result<String, String> {
    if !directive::may_contain_directives(text) {
        return Ok(text.to_owned());
    }
    let found: Vec<_> = directive::scan(text, 0)
        .into_iter()
        .filter(|d| !d.escaped && matches!(d.name, "template" | "meta"))
        .collect();
    let meta_ranges: Vec<_> = found
        .iter()
        .filter(|d| d.name == "meta")
        .map(|d| d.range.clone())
        .collect();
    let mut meta_sinks = sink::sinks(text, &meta_ranges).into_iter();
    let mut edits = Vec::with_capacity(found.len());
    for directive in &found {
        let expanded = match directive.name {
            "template" => template(scope, directive.args, expansion)?,
            _ => meta(
                scope,
                directive.args,
                &meta_sinks.next().unwrap_or(Sink::Markdown),
            )?,
        };
        edits.push(Edit::new(directive.range.clone(), expanded));
    }
    Ok(splice::apply(text, edits))
}
