//! The template member: options, directives, and the `new`, `list` and
//! `show` commands.

use crate::expand::{self, Scope};
use crate::library::Library;
use crate::options::{self, Options};
use crate::{hugo, placeholders, scaffold};
use deepdive_core::config::OptionSpec;
use deepdive_core::diagnostics::Diagnostics;
use deepdive_core::directive::Owned;
use deepdive_core::member::{Editor, Member, Run};
use deepdive_core::page::Page;
use deepdive_core::sink::{self, Sink};
use deepdive_core::splice::Edit;
use std::process::ExitCode;

/// The member's table name.
pub(crate) const NAME: &str = "deepdive-template";

const DIRECTIVES: [&str; 2] = ["template", "meta"];

/// One run's state: the book's templates and the options that bound them.
struct State {
    library: Library,
    options: Options,
}

/// The template member (`deepdive-template`): `{{#template NAME}}` and Hugo shortcodes.
#[derive(Default)]
pub struct Template;

fn library_for(args: &clap::ArgMatches) -> Library {
    let book = std::path::PathBuf::from(args.get_one::<String>("book").map_or(".", String::as_str));
    let folder = deepdive_core::check::load(&book, "html").map_or_else(
        |_| Options::default().templates,
        |(ctx, _)| Options::of_book(&ctx).0.templates,
    );
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
        NAME
    }

    fn directives(&self) -> &'static [&'static str] {
        &DIRECTIVES
    }

    fn options(&self) -> &'static [OptionSpec] {
        options::SPECS
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
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Editor + '_> {
        let options = Options::parse(&run.config, run.ctx, diagnostics);
        Box::new(State {
            library: Library::new(&run.ctx.root, &options.templates),
            options,
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
            max_depth: self.options.max_depth,
            max_size: self.options.max_expansion_size,
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
        edits.extend(hugo::edits(
            &scope,
            content,
            &self.options.shortcodes,
            diagnostics,
        ));
        edits
    }
}
