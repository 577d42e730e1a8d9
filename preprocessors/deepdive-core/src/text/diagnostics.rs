//! Diagnostics a person can act on: `level: src/path.md:LINE:COL: message`.
//!
//! Every member collects diagnostics instead of printing them as it goes, so the
//! protocol layer can decide, once the whole book was looked at, whether the build
//! fails (any error, or any warning under `strict`) and print them all at once.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Reported; fails the build only with `strict = true`.
    Warning,
    /// Fails the build.
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
    /// The file as diagnostics show it, e.g. `src/deep-dives/07-x.md`.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`, which is the content of
    /// `file`: for one location, at the cost of reading the text up to it.
    /// For many in the same text, build a [`LineIndex`] once.
    pub fn in_text(file: &str, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        Location {
            file: file.to_owned(),
            line,
            column,
        }
    }

    /// The same place in the chapter's file, for a location counted in the
    /// chapter as mdBook handed it on (see [`FileLines`]).
    pub fn in_file(&self, lines: &FileLines) -> Location {
        Location {
            line: lines.line_in_file(self.line),
            ..self.clone()
        }
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

/// 1-based line and column of byte `offset` in `text`, as
/// [`LineIndex::line_column`] counts them, reading only the text before it.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = char_boundary_at_or_before(text, offset);
    let before = &text.as_bytes()[..offset];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let line = 1 + memchr::memchr_iter(b'\n', before).count();
    (line, text[line_start..offset].chars().count() + 1)
}

/// `offset` clamped into `text` and moved back to a character boundary, so
/// a bad offset never panics.
fn char_boundary_at_or_before(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Where the lines of a text start, and how many characters come before
/// regular checkpoints in it: built once per chapter, so that each of its
/// diagnostics costs a binary search and a count of at most
/// [`LineIndex::CHECKPOINT`] bytes, however long the chapter (or its
/// longest line) is.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Where the text is, to tell whether a text is the one indexed.
    text: (usize, usize),
    line_starts: Vec<usize>,
    /// `(byte offset, characters before it)` at a character boundary every
    /// `CHECKPOINT` bytes or so; empty for ASCII text, where they are equal.
    checkpoints: Vec<(usize, usize)>,
}

impl LineIndex {
    const CHECKPOINT: usize = 256;

    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        let mut checkpoints = Vec::new();
        if !text.is_ascii() {
            let (mut at, mut chars) = (0, 0);
            while at < text.len() {
                checkpoints.push((at, chars));
                let mut next = (at + Self::CHECKPOINT).min(text.len());
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += text[at..next].chars().count();
                at = next;
            }
        }
        LineIndex {
            text: (text.as_ptr() as usize, text.len()),
            line_starts,
            checkpoints,
        }
    }

    /// Whether this is the index of `text` (the same string, not a copy).
    pub fn indexes(&self, text: &str) -> bool {
        self.text == (text.as_ptr() as usize, text.len())
    }

    /// The location of byte `offset` of `text` (the indexed text), the
    /// content of `file`.
    pub fn location(&self, file: &str, text: &str, offset: usize) -> Location {
        let (line, column) = self.line_column(text, offset);
        Location {
            file: file.to_owned(),
            line,
            column,
        }
    }

    /// 1-based line and column of byte `offset` of `text`, the indexed text
    /// (columns count characters). An offset past the end, or inside a
    /// multi-byte character, is clamped to the character boundary before
    /// it, so a bad offset never panics.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        debug_assert!(self.indexes(text), "a LineIndex used with another text");
        let offset = char_boundary_at_or_before(text, offset);
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        let column = self.chars_before(text, offset) - self.chars_before(text, line_start) + 1;
        (line, column)
    }

    /// Characters of the text before byte `offset` (a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let checkpoint = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        match checkpoint.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some((at, chars)) => chars + text[at..offset].chars().count(),
            None => offset,
        }
    }
}

/// Where each line of a chapter as mdBook handed it on is in the chapter's
/// file: a preprocessor before this one (status's badge line, an
/// `{{#include}}`) may have added lines above it. A line is found by its
/// text, as the same occurrence of that line in the file; a blank line, or
/// one the file does not hold (text a preprocessor wrote), keeps its place.
/// Built once per file, for any number of its diagnostics.
#[derive(Debug, Clone)]
pub struct FileLines {
    /// For each handed line, its 1-based line in the file, if found; empty
    /// when the handed text is the file's.
    in_file: Vec<Option<usize>>,
}

impl FileLines {
    /// The line map from the chapter's text as handed on (`handed`) to its file (`on_disk`).
    pub fn new(handed: &str, on_disk: &str) -> Self {
        if handed == on_disk {
            return FileLines {
                in_file: Vec::new(),
            };
        }
        let text_of = |line: &'_ str| line.strip_suffix('\r').unwrap_or(line).to_owned();
        let mut lines_of_text: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, line) in on_disk.split('\n').enumerate() {
            lines_of_text
                .entry(text_of(line))
                .or_default()
                .push(index + 1);
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let in_file = handed
            .split('\n')
            .map(|line| {
                let line = text_of(line);
                if line.trim().is_empty() {
                    return None;
                }
                let lines = lines_of_text.get(&line)?;
                let occurrence = seen.entry(line).or_default();
                *occurrence += 1;
                lines.get(*occurrence - 1).copied()
            })
            .collect();
        FileLines { in_file }
    }

    /// The line in the file of handed line `line` (1-based).
    pub fn line_in_file(&self, line: usize) -> usize {
        match line.checked_sub(1).and_then(|i| self.in_file.get(i)) {
            Some(Some(in_file)) => *in_file,
            _ => line,
        }
    }
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
    /// Error or warning.
    pub level: Level,
    /// Where, if it concerns one place.
    pub location: Option<Location>,
    /// What is wrong, and the likely fix.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{}: {location}: ", self.level)?,
            None => write!(f, "{}: ", self.level)?,
        }
        write_one_line(f, &self.message)
    }
}

/// Writes `message`, which may quote a contributor's value, as one line
/// with its control characters escaped: a value cannot start a line that
/// reads as another diagnostic, nor send escape sequences to a terminal or
/// a CI log.
fn write_one_line(f: &mut fmt::Formatter<'_>, message: &str) -> fmt::Result {
    let mut rest = message;
    while let Some((at, c)) = rest
        .char_indices()
        .find(|(_, c)| c.is_control() && *c != '\t')
    {
        f.write_str(&rest[..at])?;
        write!(f, "{}", c.escape_default())?;
        rest = &rest[at + c.len_utf8()..];
    }
    f.write_str(rest)
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// The items, to say each finding once at the cost of a hash.
    seen: HashSet<Diagnostic>,
    strict: bool,
}

impl Diagnostics {
    /// `strict` turns every warning into an error, for CI.
    pub fn new(strict: bool) -> Self {
        Diagnostics {
            items: Vec::new(),
            seen: HashSet::new(),
            strict,
        }
    }

    /// Makes warnings errors (or not), for what is pushed from now on.
    pub fn set_strict(&mut self, strict: bool) {
        self.strict = strict;
    }

    /// Whether warnings are errors.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// Reports an error.
    pub fn error(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.push(Level::Error, location, message.into());
    }

    /// Reports a warning (an error when strict).
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
        if !self.seen.contains(&diagnostic) {
            self.seen.insert(diagnostic.clone());
            self.items.push(diagnostic);
        }
    }

    /// Whether any error was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.level == Level::Error)
    }

    /// Every diagnostic, in the order reported.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Adds `other`'s diagnostics after these.
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
    fn a_message_is_one_line_without_control_characters() {
        let mut diagnostics = Diagnostics::new(false);
        diagnostics.error(
            Some(Location::file_start("src/a.md")),
            "`x\nerror: src/b.md:1:1: forged\u{1b}[2J` names no chapter",
        );
        assert_eq!(
            diagnostics.items()[0].to_string(),
            "error: src/a.md:1:1: `x\\nerror: src/b.md:1:1: forged\\u{1b}[2J` names no chapter"
        );
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
        let lines = FileLines::new(handed, on_disk);
        // The second `{{#x}}`: line 7 as handed on, line 5 in the file.
        assert_eq!(at(7).in_file(&lines).line, 5);
        assert_eq!(at(5).in_file(&lines).line, 3);
        // What the file does not hold, or a blank line, stays.
        assert_eq!(at(3).in_file(&lines).line, 3);
        assert_eq!(at(4).in_file(&lines).line, 4);
        assert_eq!(at(99).in_file(&lines).line, 99);
        assert_eq!(at(0).in_file(&lines).line, 0);
        assert_eq!(at(5).in_file(&FileLines::new(handed, handed)).line, 5);
    }

    #[test]
    fn file_lines_map_every_occurrence_in_order() {
        // A line repeated more often as handed on than in the file: the
        // extra occurrences keep their place.
        let on_disk = "a\nb\na\n";
        let handed = "x\na\nb\na\na\n";
        let lines = FileLines::new(handed, on_disk);
        let mapped: Vec<usize> = (1..=6).map(|line| lines.line_in_file(line)).collect();
        assert_eq!(mapped, [1, 1, 2, 3, 5, 6]);
    }

    #[test]
    fn the_line_index_and_one_location_agree_with_counting_from_the_start() {
        // Long non-ASCII lines cross many checkpoints.
        let line = format!("{}é\u{1F600}x\r\n", "ab".repeat(300));
        let text = format!("{}\n{}tail", line.repeat(5), "ü".repeat(700));
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() + 2 {
            let mut clamped = offset.min(text.len());
            while !text.is_char_boundary(clamped) {
                clamped -= 1;
            }
            let before = &text[..clamped];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..clamped].chars().count() + 1;
            assert_eq!(
                index.line_column(&text, offset),
                (line, column),
                "offset {offset}"
            );
            assert_eq!(
                line_column(&text, offset),
                (line, column),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn the_line_index_knows_its_text() {
        let text = String::from("a\nb");
        let index = LineIndex::new(&text);
        assert!(index.indexes(&text));
        assert!(!index.indexes(&text.clone()));
    }

    #[test]
    fn duplicates_are_dropped_in_order_however_many() {
        let mut diagnostics = Diagnostics::new(false);
        for i in 0..20_000 {
            diagnostics.warning(None, format!("w{}", i % 10_000));
        }
        let messages: Vec<&str> = diagnostics
            .items()
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages.len(), 10_000);
        assert_eq!(messages[..2], ["w0", "w1"]);
        let mut merged = Diagnostics::new(false);
        merged.warning(None, "w1");
        merged.extend(diagnostics);
        assert_eq!(merged.items().len(), 10_000);
        assert_eq!(merged.items()[1].message, "w0");
    }

    #[test]
    fn display_path_joins_the_source_folder() {
        assert_eq!(display_path("src", Path::new("a/b.md")), "src/a/b.md");
        assert_eq!(display_path("", Path::new("b.md")), "b.md");
    }
}
