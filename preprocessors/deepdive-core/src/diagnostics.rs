//! Diagnostics a person can act on: `level: src/path.md:LINE:COL: message`.
//!
//! Every member collects diagnostics instead of printing them as it goes, so the
//! protocol layer can decide, once the whole book was looked at, whether the build
//! fails (any error, or any warning under `strict`) and print them all at once.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Warning,
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// A place in a source file: the path as the user knows it (`src/intro.md`),
/// and a 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`, which is the content of `file`.
    pub fn in_text(file: &str, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        Location {
            file: file.to_owned(),
            line,
            column,
        }
    }

    /// The same place in `on_disk`, the chapter's file, for a location
    /// counted in `handed`, the chapter as mdBook handed it on. A
    /// preprocessor before this one (status's badge line, an `{{#include}}`)
    /// may have added lines above it. The line is found by its text, as the
    /// same occurrence of that line in the file; a blank line, or one the
    /// file does not hold (text a preprocessor wrote), keeps its place.
    pub fn in_file(&self, handed: &str, on_disk: &str) -> Location {
        let mut located = self.clone();
        let text_of = |line: &str| line.strip_suffix('\r').unwrap_or(line).to_owned();
        let handed_lines: Vec<String> = handed.split('\n').map(text_of).collect();
        let Some(wanted) = handed_lines.get(self.line.saturating_sub(1)) else {
            return located;
        };
        if handed == on_disk || wanted.trim().is_empty() {
            return located;
        }
        let occurrence = handed_lines[..self.line - 1]
            .iter()
            .filter(|line| *line == wanted)
            .count();
        if let Some((index, _)) = on_disk
            .split('\n')
            .enumerate()
            .filter(|(_, line)| text_of(line) == *wanted)
            .nth(occurrence)
        {
            located.line = index + 1;
        }
        located
    }

    /// The start of a file, for problems that concern it as a whole.
    pub fn file_start(file: &str) -> Self {
        Location {
            file: file.to_owned(),
            line: 1,
            column: 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// 1-based line and column of byte `offset` in `text`.
///
/// An offset past the end, or inside a multi-byte character, is clamped to the
/// nearest character boundary before it, so a bad offset never panics.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// The path a diagnostic shows for a chapter: the book's source folder joined
/// with the chapter's source path, with `/` separators on every platform.
pub fn display_path(src_dir: &str, source_path: &Path) -> String {
    // `to_str` first: the lossy conversion's UTF-8 walk is slower, and
    // mdBook's paths come from JSON strings, so they are always UTF-8.
    let chapter = source_path
        .to_str()
        .map_or_else(|| source_path.to_string_lossy(), Cow::Borrowed);
    let src_dir = match src_dir.trim_end_matches('/') {
        "" | "." => "",
        dir => dir,
    };
    let mut path = String::with_capacity(src_dir.len() + 1 + chapter.len());
    if !src_dir.is_empty() {
        path.push_str(src_dir);
        path.push('/');
    }
    path.push_str(&chapter);
    if chapter.contains('\\') {
        path = path.replace('\\', "/");
    }
    path
}

/// One finding about the book.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub level: Level,
    pub location: Option<Location>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{}: {location}: {}", self.level, self.message),
            None => write!(f, "{}: {}", self.level, self.message),
        }
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    strict: bool,
}

impl Diagnostics {
    /// `strict` turns every warning into an error, for CI.
    pub fn new(strict: bool) -> Self {
        Diagnostics {
            items: Vec::new(),
            strict,
        }
    }

    pub fn set_strict(&mut self, strict: bool) {
        self.strict = strict;
    }

    pub fn is_strict(&self) -> bool {
        self.strict
    }

    pub fn error(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.push(Level::Error, location, message.into());
    }

    pub fn warning(&mut self, location: Option<Location>, message: impl Into<String>) {
        let level = if self.strict {
            Level::Error
        } else {
            Level::Warning
        };
        self.push(level, location, message.into());
    }

    fn push(&mut self, level: Level, location: Option<Location>, message: String) {
        let diagnostic = Diagnostic {
            level,
            location,
            message,
        };
        // The same finding reached twice (e.g. a shared config problem seen per
        // chapter) is said once.
        if !self.items.contains(&diagnostic) {
            self.items.push(diagnostic);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.level == Level::Error)
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for diagnostic in other.items {
            self.push(diagnostic.level, diagnostic.location, diagnostic.message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_lines_and_characters() {
        let text = "a\nbé c\r\nd";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 2), (2, 1));
        // 'c' is after a two-byte character: column counts characters.
        assert_eq!(line_column(text, 6), (2, 4));
        assert_eq!(line_column(text, text.len()), (3, 2));
    }

    #[test]
    fn offsets_out_of_range_or_inside_a_character_are_clamped() {
        assert_eq!(line_column("é", 1), (1, 1));
        assert_eq!(line_column("ab", 99), (1, 3));
    }

    #[test]
    fn diagnostic_renders_in_the_compiler_style() {
        let d = Diagnostic {
            level: Level::Error,
            location: Some(Location::in_text("src/a.md", "x\ny", 2)),
            message: "bad".into(),
        };
        assert_eq!(d.to_string(), "error: src/a.md:2:1: bad");
    }

    #[test]
    fn strict_turns_warnings_into_errors_and_duplicates_are_dropped() {
        let mut lenient = Diagnostics::new(false);
        lenient.warning(None, "w");
        lenient.warning(None, "w");
        assert!(!lenient.has_errors());
        assert_eq!(lenient.items().len(), 1);
        let mut strict = Diagnostics::new(true);
        strict.warning(None, "w");
        assert!(strict.has_errors());
    }

    #[test]
    fn a_location_moves_to_the_same_line_of_the_file() {
        let on_disk = "# T\r\n\r\n{{#x}}\r\ntext\r\n{{#x}}\r\n";
        let handed = "# T\r\n\r\n<span>badge</span>\r\n\r\n{{#x}}\r\ntext\r\n{{#x}}\r\n";
        let at = |line| Location {
            file: "src/a.md".into(),
            line,
            column: 1,
        };
        // The second `{{#x}}`: line 7 as handed on, line 5 in the file.
        assert_eq!(at(7).in_file(handed, on_disk).line, 5);
        assert_eq!(at(5).in_file(handed, on_disk).line, 3);
        // What the file does not hold, or a blank line, stays.
        assert_eq!(at(3).in_file(handed, on_disk).line, 3);
        assert_eq!(at(4).in_file(handed, on_disk).line, 4);
        assert_eq!(at(99).in_file(handed, on_disk).line, 99);
        assert_eq!(at(5).in_file(handed, handed).line, 5);
    }

    #[test]
    fn display_path_joins_the_source_folder() {
        assert_eq!(display_path("src", Path::new("a/b.md")), "src/a/b.md");
        assert_eq!(display_path("", Path::new("b.md")), "b.md");
    }
}
