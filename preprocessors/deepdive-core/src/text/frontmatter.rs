//! Front matter: a YAML block between `---` lines or a TOML block between `+++`
//! lines at the very start of a chapter (a UTF-8 BOM may come first).
//!
//! Only a block that opens on the first line counts. A `---` anywhere later is a
//! thematic break or a setext underline and is none of our business; we never
//! search for "the first pair" or "the last `---`" as other preprocessors do.
//!
//! YAML is parsed with `saphyr`: a maintained, pure-Rust YAML 1.2 parser (the
//! successor of `yaml-rust2`). YAML 1.2 matters for prose metadata: `title: no`
//! stays the string "no", where YAML 1.1 parsers (the archived `serde_yaml`)
//! would turn it into `false`. Its errors carry line and column, which we map
//! to the chapter file. TOML is parsed with `toml`, whose errors carry a span.

use serde_json::{Map, Value};
use std::ops::Range;

const BOM: &str = "\u{feff}";

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines.
    Toml,
}

impl Format {
    fn delimiter(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }

    /// A line break followed by the delimiter: where a closing line may start.
    fn break_and_delimiter(self) -> &'static str {
        match self {
            Format::Yaml => "\n---",
            Format::Toml => "\n+++",
        }
    }

    /// The format's name in messages (`YAML`, `TOML`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
        }
    }
}

/// Where a front matter block sits in a chapter's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// YAML or TOML.
    pub format: Format,
    /// Everything to remove so the chapter renders without it: the BOM, both
    /// delimiter lines and their line endings.
    pub whole: Range<usize>,
    /// The YAML or TOML text between the delimiter lines.
    pub inner: Range<usize>,
}

/// A front matter problem, with the byte offset in the chapter it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The byte offset in the chapter's text it concerns.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// The line starting at `start`: its text without the line ending, and the
/// offset of the next line.
fn line_at(text: &str, start: usize) -> (&str, usize) {
    let rest = &text[start..];
    match memchr::memchr(b'\n', rest.as_bytes()) {
        Some(i) => (
            rest[..i].strip_suffix('\r').unwrap_or(&rest[..i]),
            start + i + 1,
        ),
        None => (rest, text.len()),
    }
}

fn is_delimiter_line(line: &str, delimiter: &str) -> bool {
    line.strip_prefix(delimiter)
        .is_some_and(|rest| rest.trim_matches([' ', '\t']).is_empty())
}

/// Finds the front matter block at the start of `text`, if there is one.
///
/// Costs a few byte comparisons for a chapter without front matter. An opening
/// delimiter that is never closed is an error: silently rendering the user's
/// metadata as a thematic break and a paragraph is worse than stopping.
pub fn split(text: &str) -> Result<Option<Block>, Error> {
    let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let format = if text[start..].starts_with("---") {
        Format::Yaml
    } else if text[start..].starts_with("+++") {
        Format::Toml
    } else {
        return Ok(None);
    };
    let (first_line, inner_start) = line_at(text, start);
    if !is_delimiter_line(first_line, format.delimiter()) || inner_start == text.len() {
        // `----` or `--- text` is not an opening delimiter, and neither is a
        // chapter that is only `---`.
        if first_line.trim_end() == format.delimiter() && inner_start == text.len() {
            return Err(unclosed(start, format));
        }
        return Ok(None);
    }
    // Only lines that start with the delimiter can close the block.
    let first =
        std::iter::once(inner_start).filter(|&at| text[at..].starts_with(format.delimiter()));
    let later = memchr::memmem::find_iter(
        &text.as_bytes()[inner_start..],
        format.break_and_delimiter(),
    )
    .map(|at| inner_start + at + 1);
    for line_start in first.chain(later) {
        let (line, next) = line_at(text, line_start);
        if is_delimiter_line(line, format.delimiter()) {
            return Ok(Some(Block {
                format,
                whole: 0..next,
                inner: inner_start..line_start,
            }));
        }
    }
    Err(unclosed(start, format))
}

fn unclosed(offset: usize, format: Format) -> Error {
    let delimiter = format.delimiter();
    Error {
        offset,
        message: format!(
            "{} front matter opened here is never closed (add a `{delimiter}` line after the \
             last metadata line; for a thematic break at the top of a chapter use `***`)",
            format.name()
        ),
    }
}

/// Parses the block's text into a map of keys to JSON values.
///
/// Errors point at the offending position in `text` (the whole chapter), so
/// line numbers count the delimiter line and everything before it.
pub fn parse(text: &str, block: &Block) -> Result<Map<String, Value>, Error> {
    let inner = &text[block.inner.clone()];
    match block.format {
        Format::Yaml => parse_yaml(inner, block.inner.start),
        Format::Toml => parse_toml(inner, block.inner.start),
    }
}

fn parse_yaml(inner: &str, base: usize) -> Result<Map<String, Value>, Error> {
    if let Some(map) = crate::text::simple_yaml::parse(inner) {
        return Ok(map);
    }
    parse_yaml_fully(inner, base)
}

/// How deep front matter may nest: lists and tables inside each other, the
/// block's own table counting as one, an alias counting what it repeats.
/// Metadata the suite reads is a level or two deep; the bound is there
/// because the parsers build (and drop) their trees recursively, and a
/// hostile chapter of 40 KB of `- - - …` would otherwise overflow the stack.
pub const MAX_NESTING: usize = 64;

fn too_deep(offset: usize, format: Format) -> Error {
    Error {
        offset,
        message: format!(
            "front matter nests deeper than {MAX_NESTING} levels ({} lists and tables inside \
             each other here; metadata needs a level or two: flatten it)",
            format.name()
        ),
    }
}

/// Parses YAML with saphyr (also the reference the fast path is tested against).
pub fn parse_yaml_fully(inner: &str, base: usize) -> Result<Map<String, Value>, Error> {
    use saphyr::{LoadableYamlNode, Yaml};
    check_yaml_nesting(inner, base)?;
    let documents = Yaml::load_from_str(inner).map_err(|e| yaml_error(inner, base, &e))?;
    match documents.into_iter().next() {
        None => Ok(Map::new()),
        Some(Yaml::Mapping(mapping)) => Ok(mapping
            .into_iter()
            .map(|(k, v)| (yaml_key(&k), yaml_to_json(v)))
            .collect()),
        Some(Yaml::Value(saphyr::Scalar::Null)) => Ok(Map::new()),
        Some(_) => Err(Error {
            offset: base,
            message: "YAML front matter must be a mapping of `key: value` lines".to_owned(),
        }),
    }
}

fn yaml_error(inner: &str, base: usize, error: &saphyr::ScanError) -> Error {
    let marker = error.marker();
    Error {
        offset: base + offset_of_line_column(inner, marker.line(), marker.col()),
        message: format!("malformed YAML front matter: {}", error.info()),
    }
}

/// Whether `inner` cannot hold a YAML node deeper than [`MAX_NESTING`]
/// without reading it: each level opens with an indicator (`[`, `{`, `-`,
/// `:` or `?`) and only an alias (`*`) repeats depth, so a block with no
/// alias and at most that many indicator bytes is shallow enough. Front
/// matter as writers keep it is, and skips the event pass below.
fn cannot_nest_too_deep(inner: &str) -> bool {
    let bytes = inner.as_bytes();
    memchr::memchr(b'*', bytes).is_none()
        && bytes
            .iter()
            .filter(|b| matches!(b, b'[' | b'{' | b'-' | b':' | b'?'))
            .count()
            <= MAX_NESTING
}

/// Fails at the first node deeper than [`MAX_NESTING`], reading saphyr's event
/// stream, which is iterative, before its loader (which recurses) runs.
/// Aliases count the height of the node they repeat.
fn check_yaml_nesting(inner: &str, base: usize) -> Result<(), Error> {
    use saphyr_parser::{Event, Parser};
    if cannot_nest_too_deep(inner) {
        return Ok(());
    }
    let mut anchor_heights = std::collections::HashMap::new();
    // The open sequences and mappings: their anchor, and the height of
    // their tallest child so far.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for event in Parser::new_from_str(inner) {
        let (event, span) = event.map_err(|e| {
            let error = yaml_error(inner, base, &e);
            // saphyr's scanner reads ahead through flow collections (each
            // `[` may start a key) and stops at 255 open ones, before the
            // 65th reaches us: the same bound, where the scanner stopped.
            match e.info() {
                "recursion limit exceeded" => too_deep(error.offset, Format::Yaml),
                _ => error,
            }
        })?;
        let at = || base + offset_of_line_column(inner, span.start.line(), span.start.col());
        let (anchor, height) = match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 0));
                if open.len() > MAX_NESTING {
                    return Err(too_deep(at(), Format::Yaml));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                Some((anchor, tallest)) => (anchor, tallest + 1),
                None => continue,
            },
            Event::Scalar(_, _, anchor, _) => (anchor, 0),
            Event::Alias(id) => {
                let height = anchor_heights.get(&id).copied().unwrap_or(0);
                if open.len() + height > MAX_NESTING {
                    return Err(too_deep(at(), Format::Yaml));
                }
                (0, height)
            }
            _ => continue,
        };
        // Anchor ids start at 1.
        if anchor > 0 {
            anchor_heights.insert(anchor, height);
        }
        if let Some((_, tallest)) = open.last_mut() {
            *tallest = (*tallest).max(height);
        }
    }
    Ok(())
}

/// Byte offset of a saphyr marker (1-based line, 0-based character column).
fn offset_of_line_column(text: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line.max(1) {
        match memchr::memchr(b'\n', &text.as_bytes()[line_start..]) {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[line_start..];
    let within = line_text
        .char_indices()
        .nth(column)
        .map_or(line_text.len(), |(i, _)| i);
    line_start + within
}

fn yaml_key(key: &saphyr::Yaml) -> String {
    match yaml_to_json(key.clone()) {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn yaml_to_json(node: saphyr::Yaml) -> Value {
    use saphyr::{Scalar, Yaml};
    match node {
        Yaml::Value(Scalar::Null) | Yaml::Alias(_) | Yaml::BadValue => Value::Null,
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(b),
        Yaml::Value(Scalar::Integer(i)) => Value::from(i),
        Yaml::Value(Scalar::FloatingPoint(f)) => serde_json::Number::from_f64(f.into_inner())
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        Yaml::Value(Scalar::String(s)) => Value::String(s.into_owned()),
        Yaml::Representation(s, _, _) => Value::String(s.into_owned()),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Yaml::Mapping(mapping) => Value::Object(
            mapping
                .into_iter()
                .map(|(k, v)| (yaml_key(&k), yaml_to_json(v)))
                .collect(),
        ),
        Yaml::Tagged(_, inner) => yaml_to_json(*inner),
    }
}

fn parse_toml(inner: &str, base: usize) -> Result<Map<String, Value>, Error> {
    check_toml_nesting(inner, base)?;
    let table: toml::Table = toml::from_str(inner).map_err(|e| Error {
        offset: base + e.span().map_or(0, |span| span.start),
        message: format!("malformed TOML front matter: {}", e.message().trim_end()),
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, toml_to_json(v)))
        .collect())
}

/// Fails at the first table or array deeper than [`MAX_NESTING`], counted as
/// for YAML (the root table is one level; `[a.b]` and `a.b = {}` are tables
/// three deep), over `toml_parser`'s events before `toml` builds its tree.
/// Malformed TOML is left to `toml`, whose messages say more.
fn check_toml_nesting(inner: &str, base: usize) -> Result<(), Error> {
    let tokens = toml_parser::Source::new(inner).lex().into_vec();
    let mut nesting = TomlNesting::default();
    toml_parser::parser::parse_document(&tokens, &mut nesting, &mut ());
    match nesting.too_deep_at {
        Some(offset) => Err(too_deep(base + offset, Format::Toml)),
        None => Ok(()),
    }
}

/// The depth of what a TOML document opens, as its events come.
#[derive(Default)]
struct TomlNesting {
    /// The depth of the table `key = value` lines below the last header go
    /// into, less one (the root table: 0).
    table: usize,
    /// In a `[header]` (0) or `[[header]]` (1: the array holds the table).
    header: Option<usize>,
    /// The keys so far of the dotted key being read.
    keys: usize,
    /// The depth of the table the value after the last `=` goes into.
    value_parent: usize,
    /// The open arrays (`true`) and inline tables, with their depth.
    open: Vec<(bool, usize)>,
    too_deep_at: Option<usize>,
}

impl TomlNesting {
    /// The depth of the table keys read now belong to.
    fn key_parent(&self) -> usize {
        match self.open.last() {
            Some((false, depth)) => *depth,
            _ => self.table + 1,
        }
    }

    /// Whether a node at `depth`, starting at `offset`, may be entered.
    fn enter(&mut self, depth: usize, offset: usize) -> bool {
        if self.too_deep_at.is_none() && depth > MAX_NESTING {
            self.too_deep_at = Some(offset);
        }
        self.too_deep_at.is_none()
    }

    fn open(&mut self, array: bool, span: toml_parser::Span) -> bool {
        let depth = match self.open.last() {
            Some((true, depth)) => depth + 1,
            _ => self.value_parent + 1,
        };
        let entered = self.enter(depth, span.start());
        if entered {
            self.open.push((array, depth));
        }
        entered
    }
}

impl toml_parser::parser::EventReceiver for TomlNesting {
    fn std_table_open(&mut self, _: toml_parser::Span, _: &mut dyn toml_parser::ErrorSink) {
        self.header = Some(0);
        self.keys = 0;
    }
    fn array_table_open(&mut self, _: toml_parser::Span, _: &mut dyn toml_parser::ErrorSink) {
        self.header = Some(1);
        self.keys = 0;
    }
    fn std_table_close(&mut self, _: toml_parser::Span, _: &mut dyn toml_parser::ErrorSink) {
        self.table = self.keys + self.header.take().unwrap_or(0);
        self.keys = 0;
    }
    fn array_table_close(&mut self, span: toml_parser::Span, e: &mut dyn toml_parser::ErrorSink) {
        self.std_table_close(span, e);
    }
    fn simple_key(
        &mut self,
        span: toml_parser::Span,
        _: Option<toml_parser::decoder::Encoding>,
        _: &mut dyn toml_parser::ErrorSink,
    ) {
        self.keys += 1;
        let depth = match self.header {
            Some(array) => 1 + self.keys + array,
            None => self.key_parent() + self.keys - 1,
        };
        self.enter(depth, span.start());
    }
    fn key_val_sep(&mut self, _: toml_parser::Span, _: &mut dyn toml_parser::ErrorSink) {
        self.value_parent = self.key_parent() + self.keys.saturating_sub(1);
        self.keys = 0;
    }
    fn array_open(&mut self, span: toml_parser::Span, _: &mut dyn toml_parser::ErrorSink) -> bool {
        self.open(true, span)
    }
    fn inline_table_open(
        &mut self,
        span: toml_parser::Span,
        _: &mut dyn toml_parser::ErrorSink,
    ) -> bool {
        self.open(false, span)
    }
    fn array_close(&mut self, _: toml_parser::Span, _: &mut dyn toml_parser::ErrorSink) {
        self.open.pop();
    }
    fn inline_table_close(&mut self, _: toml_parser::Span, _: &mut dyn toml_parser::ErrorSink) {
        self.open.pop();
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Byte offset, in `text`, of the line of the block that sets `key`, for
/// diagnostics about a key's value. Falls back to the block's start.
pub fn key_offset(text: &str, block: &Block, key: &str) -> usize {
    let mut line_start = block.inner.start;
    while line_start < block.inner.end {
        let (line, next) = line_at(text, line_start);
        if let Some(rest) = line.strip_prefix(key) {
            let rest = rest.trim_start_matches([' ', '\t']);
            if rest.starts_with(':') || rest.starts_with('=') {
                return line_start;
            }
        }
        line_start = next;
    }
    block.inner.start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_ok(text: &str) -> Option<Block> {
        split(text).expect("valid front matter")
    }

    #[test]
    fn no_front_matter_is_none() {
        assert_eq!(split_ok("# Title\n\n---\n\ntext\n---\n"), None);
        assert_eq!(split_ok(""), None);
        assert_eq!(split_ok("----\nx\n----\n"), None);
    }

    #[test]
    fn yaml_block_with_lf() {
        let text = "---\ntitle: A\n---\n# A\n";
        let block = split_ok(text).unwrap();
        assert_eq!(block.format, Format::Yaml);
        assert_eq!(&text[block.whole.clone()], "---\ntitle: A\n---\n");
        assert_eq!(&text[block.inner.clone()], "title: A\n");
        assert_eq!(&text[block.whole.end..], "# A\n");
    }

    #[test]
    fn toml_block_with_crlf_and_bom() {
        let text = "\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nbody\r\n";
        let block = split_ok(text).unwrap();
        assert_eq!(block.format, Format::Toml);
        assert_eq!(&text[block.whole.end..], "body\r\n");
        let map = parse(text, &block).unwrap();
        assert_eq!(map["title"], "A");
    }

    #[test]
    fn block_at_end_of_file_without_newline() {
        let text = "---\ntitle: A\n---";
        let block = split_ok(text).unwrap();
        assert_eq!(block.whole, 0..text.len());
    }

    #[test]
    fn unclosed_block_is_an_error() {
        let err = split("---\ntitle: A\n# A\n").unwrap_err();
        assert_eq!(err.offset, 0);
        assert!(err.message.contains("never closed"), "{}", err.message);
        assert!(split("---").is_err());
    }

    #[test]
    fn yaml_values_keep_types_and_yaml_1_2_strings() {
        let text = "---\ntitle: no\ntags: [a, b]\ndraft: true\nnumber: 07\ndate: 2026-01-02\n---\n";
        let map = parse(text, &split_ok(text).unwrap()).unwrap();
        assert_eq!(map["title"], "no");
        assert_eq!(map["tags"], serde_json::json!(["a", "b"]));
        assert_eq!(map["draft"], true);
        assert_eq!(map["date"], "2026-01-02");
    }

    #[test]
    fn malformed_yaml_points_into_the_file() {
        let text = "---\ntitle: A\ntags: [a, b\n---\n";
        let err = parse(text, &split_ok(text).unwrap()).unwrap_err();
        assert!(
            err.message.starts_with("malformed YAML front matter"),
            "{}",
            err.message
        );
        let (line, _) = crate::text::diagnostics::line_column(text, err.offset);
        assert!(line >= 3, "line {line}");
    }

    #[test]
    fn malformed_toml_points_into_the_file() {
        let text = "+++\ntitle = \"A\"\ntags = [\n+++\n";
        let err = parse(text, &split_ok(text).unwrap()).unwrap_err();
        assert!(
            err.message.starts_with("malformed TOML front matter"),
            "{}",
            err.message
        );
        assert!(err.offset >= 4);
    }

    #[test]
    fn non_mapping_yaml_is_an_error() {
        let text = "---\n- a\n- b\n---\n";
        assert!(parse(text, &split_ok(text).unwrap()).is_err());
    }

    /// The error of `text`'s front matter, with its line and column.
    fn nesting_error(text: &str) -> (String, (usize, usize)) {
        let err = parse(text, &split_ok(text).unwrap()).unwrap_err();
        let at = crate::text::diagnostics::line_column(text, err.offset);
        (err.message, at)
    }

    #[test]
    fn nesting_up_to_the_limit_parses() {
        let deepest = MAX_NESTING - 1; // below the block's own table
        let flow = format!(
            "---\nx: {}1{}\n---\n",
            "[".repeat(deepest),
            "]".repeat(deepest)
        );
        assert!(parse(&flow, &split_ok(&flow).unwrap()).is_ok());
        let toml = format!(
            "+++\nx = {}1{}\n+++\n",
            "[".repeat(deepest),
            "]".repeat(deepest)
        );
        assert!(parse(&toml, &split_ok(&toml).unwrap()).is_ok());
    }

    #[test]
    fn yaml_nesting_past_the_limit_is_an_error_where_it_crosses() {
        // 20,000 levels of block sequences: saphyr's loader recurses per level.
        let block = format!("---\n{}1\n---\n", "- ".repeat(20_000));
        let (message, at) = nesting_error(&block);
        assert!(
            message.starts_with("front matter nests deeper than 64 levels"),
            "{message}"
        );
        assert_eq!(at, (2, 2 * MAX_NESTING + 1));
        let flow = format!("---\nx: {}\n---\n", "[".repeat(200));
        assert_eq!(nesting_error(&flow).1, (2, 4 + MAX_NESTING - 1));
        // Past 255 levels saphyr's scanner stops first, at the 256th.
        let (message, at) = nesting_error(&format!("---\nx: {}\n---\n", "[".repeat(20_000)));
        assert!(
            message.starts_with("front matter nests deeper than 64 levels"),
            "{message}"
        );
        assert_eq!(at, (2, 4 + 255));
        let mappings = format!("---\nx: {}1\n---\n", "{a: ".repeat(200));
        assert_eq!(nesting_error(&mappings).1, (2, 4 + 4 * (MAX_NESTING - 1)));
    }

    #[test]
    fn a_yaml_alias_counts_the_depth_it_repeats() {
        let half = MAX_NESTING / 2 + 1;
        let text = format!(
            "---\na: &deep {}1{}\nb: {}*deep{}\n---\n",
            "[".repeat(half),
            "]".repeat(half),
            "[".repeat(half),
            "]".repeat(half)
        );
        let (message, at) = nesting_error(&text);
        assert!(
            message.starts_with("front matter nests deeper"),
            "{message}"
        );
        assert_eq!(at.0, 3);
    }

    #[test]
    fn toml_nesting_past_the_limit_is_an_error_where_it_crosses() {
        let arrays = format!("+++\nx = {}\n+++\n", "[".repeat(20_000));
        let (message, at) = nesting_error(&arrays);
        assert!(
            message.starts_with("front matter nests deeper than 64 levels"),
            "{message}"
        );
        assert_eq!(at, (2, 5 + MAX_NESTING - 1));
        let tables = format!("+++\nx = {}\n+++\n", "{a = ".repeat(200));
        assert_eq!(nesting_error(&tables).1, (2, 5 + 5 * (MAX_NESTING - 1)));
        let dotted = format!("+++\n{}a = 1\n+++\n", "a.".repeat(200));
        assert_eq!(nesting_error(&dotted).1, (2, 1 + 2 * MAX_NESTING));
        let header = format!("+++\n[{}a]\n+++\n", "a.".repeat(200));
        assert_eq!(nesting_error(&header).1, (2, 2 + 2 * (MAX_NESTING - 1)));
    }

    #[test]
    fn key_offset_finds_the_line() {
        let text = "---\ntitle: A\ntags: 5\n---\n";
        let block = split_ok(text).unwrap();
        assert_eq!(key_offset(text, &block, "tags"), 13);
    }
}
