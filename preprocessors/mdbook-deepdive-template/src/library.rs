//! Where templates come from: the built-ins (the team's seed templates) and
//! the book's own template folder, which a template name can never leave.

use crate::placeholders::{self, Placeholder};
use deepdive_core::sink::{self, Sink};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// A template read and parsed: its text, its placeholders and where each
/// lands (their sinks). Made once per run and shared by every expansion: a
/// book expands the same few templates in thousands of chapters.
pub struct Prepared {
    /// The template's markdown.
    pub text: String,
    /// Its placeholders, in order.
    pub placeholders: Vec<Placeholder>,
    /// Where each placeholder lands (`sinks[i]` is `placeholders[i]`'s).
    pub sinks: Vec<Sink>,
}

/// The built-in templates (the team's seeds, in core).
pub use deepdive_core::seeds::TEMPLATES as BUILTINS;

/// The categories `new` writes for a chapter started from a built-in (from
/// the seeds' front matter).
pub fn builtin_categories(name: &str) -> &'static [&'static str] {
    match name {
        "design-doc" => &["designs"],
        _ => &["deep-dives"],
    }
}

/// The folder under src/ a chapter started from a built-in goes to when its
/// category is not the deep dives': a design doc goes to `designs`.
pub fn category_folder(name: &str) -> Option<&'static str> {
    builtin_categories(name)
        .first()
        .copied()
        .filter(|category| *category != "deep-dives")
}

/// The status `new` writes: a design doc starts `proposed`, as a decision
/// record does; an investigation starts as a `skeleton`.
pub fn starting_status(name: &str) -> &'static str {
    match name {
        "design-doc" => "proposed",
        _ => "skeleton",
    }
}

/// The templates of one book.
pub struct Library {
    /// The book root, canonical, so symlinks are judged by where they lead.
    root: PathBuf,
    /// The book's template folder, relative to the root.
    folder: String,
    /// Every template prepared so far, by name.
    prepared: Mutex<HashMap<String, Arc<Prepared>>>,
}

impl Library {
    /// The templates of the book at `root`, in its folder `folder`.
    pub fn new(root: &Path, folder: &str) -> Self {
        Library {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            folder: folder.to_owned(),
            prepared: Mutex::new(HashMap::new()),
        }
    }

    /// Template `name` read and parsed (see [`Prepared`]), once per run.
    pub fn prepared(&self, name: &str) -> Result<Arc<Prepared>, String> {
        let cache = || self.prepared.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(prepared) = cache().get(name) {
            return Ok(Arc::clone(prepared));
        }
        let text = self.load(name)?;
        let placeholders =
            placeholders::parse(&text).map_err(|e| format!("template `{name}`: {e}"))?;
        let ranges: Vec<_> = placeholders.iter().map(|p| p.range.clone()).collect();
        let sinks = sink::sinks(&text, &ranges);
        let prepared = Arc::new(Prepared {
            text,
            placeholders,
            sinks,
        });
        cache().insert(name.to_owned(), Arc::clone(&prepared));
        Ok(prepared)
    }

    /// The text of template `name`: a file of the book's folder (with or
    /// without `.md`) first, else a built-in.
    pub fn load(&self, name: &str) -> Result<String, String> {
        #[allow(
            clippy::case_sensitive_file_extension_comparisons,
            reason = "names are as written: `x.MD` names the file `x.MD.md`"
        )]
        let file = if name.ends_with(".md") {
            name.to_owned()
        } else {
            format!("{name}.md")
        };
        let path = self.root.join(&self.folder).join(&file);
        if let Ok(real) = path.canonicalize() {
            if !real.starts_with(&self.root) {
                return Err(format!(
                    "template `{name}` resolves to {}, outside the book; templates must stay inside the book's folder",
                    real.display()
                ));
            }
            return std::fs::read_to_string(&real)
                .map_err(|e| format!("cannot read template {}: {e}", real.display()));
        }
        if name.contains("..") || name.starts_with('/') {
            return Err(format!(
                "template `{name}` points outside the template folder `{}`",
                self.folder
            ));
        }
        let bare = name.trim_end_matches(".md");
        BUILTINS
            .iter()
            .find(|(n, _)| *n == bare)
            .map(|(_, text)| (*text).to_owned())
            .ok_or_else(|| {
                let names = self.names();
                let known: Vec<&str> = names.iter().map(String::as_str).collect();
                let hint = deepdive_core::config::suggestion(bare, &known)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                format!(
                    "unknown template `{name}` ({hint}templates: {}; or add {}/{file})",
                    known.join(", "),
                    self.folder
                )
            })
    }

    /// Every template name: the built-ins, then the book's files.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = BUILTINS.iter().map(|(n, _)| (*n).to_owned()).collect();
        if let Ok(entries) = std::fs::read_dir(self.root.join(&self.folder)) {
            let mut own: Vec<String> = entries
                .flatten()
                .filter_map(|e| {
                    e.file_name()
                        .to_str()?
                        .strip_suffix(".md")
                        .map(str::to_owned)
                })
                .collect();
            own.sort();
            own.retain(|n| !names.contains(n));
            names.extend(own);
        }
        names
    }
}
