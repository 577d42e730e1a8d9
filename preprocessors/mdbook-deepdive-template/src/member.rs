//! The template member: options, directives, and the `new`, `list` and
//! `show` commands.

use crate::expand::{self, Scope};
use crate::library::Library;
use crate::{hugo, placeholders, scaffold};
use deepdive_core::config::{Kind, OptionSpec};
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::directive::Owned;
use deepdive_core::member::{Editor, Member, Run};
use deepdive_core::page::Page;
use deepdive_core::sink::{self, Sink};
use deepdive_core::splice::Edit;
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::ExitCode;

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "templates",
        kind: Kind::Text,
    },
    OptionSpec {
        name: "shortcodes",
        kind: Kind::Table,
    },
    OptionSpec {
        name: "max-depth",
        kind: Kind::Integer,
    },
    OptionSpec {
        name: "max-expansion-size",
        kind: Kind::Integer,
    },
    OptionSpec {
        name: "folder",
        kind: Kind::Text,
    },
];

const DIRECTIVES: [&str; 2] = ["template", "meta"];
const DEFAULT_MAX_DEPTH: usize = 16;
/// The most bytes one directive expands to by default: the largest built-in
/// template is 8 KB, so this leaves room for a hundred of them in one
/// directive while keeping a hostile chain of templates to a few MB of work.
const DEFAULT_MAX_EXPANSION_SIZE: usize = 1 << 20;

/// One run's state: the book's templates and the options that bound them.
struct State {
    library: Library,
    shortcodes: BTreeMap<String, String>,
    max_depth: usize,
    max_size: usize,
}

/// The template member (`deepdive-template`): `{{#template NAME}}` and Hugo shortcodes.
#[derive(Default)]
pub struct Template;

fn library_for(args: &clap::ArgMatches) -> Library {
    let book = std::path::PathBuf::from(args.get_one::<String>("book").map_or(".", String::as_str));
    let folder = deepdive_core::check::load(&book, "html")
        .ok()
        .and_then(|(ctx, _)| {
            deepdive_core::order::member_options(&ctx.config, "deepdive-template")?
                .get("templates")?
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "templates".into());
    Library::new(&book, &folder)
}

/// `list` and `show`: a template's parameters with their defaults.
fn describe(library: &Library, name: &str) -> anyhow::Result<String> {
    let text = library.load(name).map_err(anyhow::Error::msg)?;
    // One line per parameter, in order of first use; a parameter used in
    // several places with different defaults shows each of them.
    let mut params: Vec<(&str, Vec<String>)> = Vec::new();
    let placeholders = placeholders::parse(&text).map_err(anyhow::Error::msg)?;
    for placeholder in &placeholders {
        for param in placeholder.params() {
            let default = match placeholder.default() {
                Some(default) => format!("default {default}"),
                None => "required".to_owned(),
            };
            let index = match params.iter().position(|(p, _)| *p == param) {
                Some(index) => index,
                None => {
                    params.push((param, Vec::new()));
                    params.len() - 1
                }
            };
            if !params[index].1.contains(&default) {
                params[index].1.push(default);
            }
        }
    }
    let mut lines: Vec<String> = params
        .iter()
        .map(|(param, defaults)| format!("  {param} ({})", defaults.join("; ")))
        .collect();
    if lines.is_empty() {
        lines.push("  (no parameters)".into());
    }
    Ok(format!("{name}\n{}", lines.join("\n")))
}

impl Member for Template {
    fn name(&self) -> &'static str {
        "deepdive-template"
    }

    fn directives(&self) -> &'static [&'static str] {
        &DIRECTIVES
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    fn commands(&self) -> Vec<clap::Command> {
        vec![
            scaffold::command(),
            clap::Command::new("list")
                .about("List every template with its parameters and defaults")
                .arg(deepdive_core::check::book_arg()),
            clap::Command::new("show")
                .about("Print one template's parameters and text")
                .arg(deepdive_core::check::book_arg())
                .arg(clap::Arg::new("name").required(true)),
        ]
    }

    fn run_command(&self, name: &str, args: &clap::ArgMatches) -> anyhow::Result<ExitCode> {
        match name {
            "new" => scaffold::run(args, "deep-dives"),
            "list" => {
                let library = library_for(args);
                for template in library.names() {
                    println!("{}", describe(&library, &template)?);
                }
                Ok(ExitCode::SUCCESS)
            }
            "show" => {
                let library = library_for(args);
                let template = args.get_one::<String>("name").map_or("", String::as_str);
                println!(
                    "{}\n\n{}",
                    describe(&library, template)?,
                    library.load(template).map_err(anyhow::Error::msg)?
                );
                Ok(ExitCode::SUCCESS)
            }
            _ => anyhow::bail!("unknown command `{name}`"),
        }
    }

    fn prepare(
        &self,
        run: &Run<'_>,
        _texts: &[&str],
        _diagnostics: &mut Diagnostics,
    ) -> Box<dyn Editor + '_> {
        let folder = run.config.text("templates").unwrap_or("templates");
        let shortcodes = match run.config.get("shortcodes") {
            Some(Value::Object(map)) => map
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect(),
            _ => BTreeMap::new(),
        };
        let max_depth = run
            .config
            .get("max-depth")
            .and_then(Value::as_u64)
            .map_or(DEFAULT_MAX_DEPTH, |d| {
                usize::try_from(d).unwrap_or(usize::MAX)
            });
        let max_size = run
            .config
            .get("max-expansion-size")
            .and_then(Value::as_u64)
            .and_then(|size| usize::try_from(size).ok())
            .unwrap_or(DEFAULT_MAX_EXPANSION_SIZE);
        Box::new(State {
            library: Library::new(&run.ctx.root, folder),
            shortcodes,
            max_depth,
            max_size,
        })
    }
}

impl Editor for State {
    fn edit_chapter(
        &self,
        run: &Run<'_>,
        page: &Page,
        content: &str,
        owned: Owned<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Vec<Edit> {
        let scope = Scope {
            library: &self.library,
            run,
            page,
            max_depth: self.max_depth,
            max_size: self.max_size,
        };
        let Owned {
            directives,
            unescapes: mut edits,
        } = owned;
        // Where each `{{#meta}}` is decides how its value is escaped: one
        // parse of the chapter for all of them.
        let meta_ranges: Vec<_> = directives
            .iter()
            .filter(|d| d.name == "meta")
            .map(|d| d.range.clone())
            .collect();
        let mut meta_sinks = sink::sinks(content, &meta_ranges).into_iter();
        for found in &directives {
            let location = Some(page.location(content, found.range.start));
            let mut expansion = expand::Expansion::new(&scope);
            let result = match found.name {
                "template" => expand::template(&scope, found.args, &mut expansion),
                _ => expand::meta(
                    &scope,
                    found.args,
                    &meta_sinks.next().unwrap_or(Sink::Markdown),
                ),
            };
            for warning in expansion.warnings {
                diagnostics.warning(location.clone(), warning);
            }
            match result {
                Ok(text) => edits.push(Edit::new(found.range.clone(), text)),
                Err(message) => diagnostics.error(location, message),
            }
        }
        edits.extend(hugo::edits(&scope, content, &self.shortcodes, diagnostics));
        edits
    }
}
