//! Writes the book back to mdBook as JSON, splicing each chapter's edits into
//! its text on the way out.
//!
//! serde can only write a string it is handed whole, so writing through serde
//! would mean building every edited chapter first: a second copy of the book
//! in memory, and on the benchmark's book more time in the allocator and in
//! page faults than in the edits themselves. Instead the chapter text goes out
//! as the pieces of its [`Splice`], escaped exactly as `serde_json` escapes
//! (a unit test compares the two byte for byte); every other value is written
//! by `serde_json`.

use crate::book::protocol::Book;
use crate::text::splice::Splice;
use anyhow::{Context as _, Result};
use mdbook_preprocessor::book::{BookItem, Chapter};
use std::io::{self, Write};

/// Writes the book to `out`, with `splices[i]` spliced into the `i`-th
/// chapter (book order). The caller only calls this once all work succeeded,
/// so an error can never leave half a book on stdout.
pub fn write_book(book: &Book, splices: &[Splice], out: impl Write) -> Result<()> {
    write_buffered(out, |out| write(book, splices, out))
}

/// Writes `book` to `out` as [`write_with_serde_json`] does.
pub fn write_book_with_serde_json(book: &Book, out: impl Write) -> Result<()> {
    write_buffered(out, |out| write_with_serde_json(book, out))
}

/// Runs `write` on `out`, buffered, and flushes it.
fn write_buffered<W: Write>(
    out: W,
    write: impl FnOnce(&mut std::io::BufWriter<W>) -> io::Result<()>,
) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    write(&mut out).context("could not write the book to standard output")?;
    out.flush()
        .context("could not write the book to standard output")?;
    Ok(())
}

/// Writes the book to standard output, as [`write_book`] does.
pub fn write_book_to_stdout(book: &Book, splices: &[Splice]) -> Result<()> {
    write_book(book, splices, stdout()?)
}

/// Standard output, unbuffered.
///
/// Rust's `Stdout` is line-buffered: every write searches its bytes for the
/// last line break, and the book's JSON holds none (JSON escapes them), so
/// each write scans all of it a second time. A handle of its own on the same
/// descriptor writes without that scan.
pub fn stdout() -> Result<std::fs::File> {
    let stdout = std::io::stdout();
    #[cfg(unix)]
    let handle = std::os::fd::AsFd::as_fd(&stdout).try_clone_to_owned();
    #[cfg(windows)]
    let handle = std::os::windows::io::AsHandle::as_handle(&stdout).try_clone_to_owned();
    Ok(std::fs::File::from(
        handle.context("could not open standard output")?,
    ))
}

/// Writes `book` as mdBook reads it (see [`crate::book::protocol`]), with
/// `splices[i]` spliced into the text of the `i`-th chapter in book order
/// (depth first); chapters past the end of `splices` are written unchanged.
pub fn write(book: &Book, splices: &[Splice], out: &mut impl Write) -> io::Result<()> {
    write_around_items(book, out, |out| {
        Writer {
            out,
            splices,
            next: 0,
        }
        .items(&book.items)
    })
}

/// Writes `book` as `serde_json` writes it, each value handed to it whole:
/// what [`write`] writes of an unedited book, byte for byte (its tests and
/// the `protocol` fuzz target hold it to that), and the benchmark's floor.
pub fn write_with_serde_json(book: &Book, out: &mut impl Write) -> io::Result<()> {
    write_around_items(book, out, |out| write_json(out, &book.items))
}

/// The book's JSON object: its items, written by `items`, under the
/// dialect's key, then mdBook's other fields.
fn write_around_items<W: Write>(
    book: &Book,
    out: &mut W,
    items: impl FnOnce(&mut W) -> io::Result<()>,
) -> io::Result<()> {
    out.write_all(b"{")?;
    write_json(out, book.dialect.key())?;
    out.write_all(b":")?;
    items(out)?;
    for (key, value) in &book.extra {
        out.write_all(b",")?;
        write_json(out, key)?;
        out.write_all(b":")?;
        write_json(out, value)?;
    }
    out.write_all(b"}")
}

/// Splices `splices[i]` into the text of the `i`-th chapter of `book` in
/// book order, in place: for the all-in-one program, whose next member reads
/// what this one made.
pub fn apply(book: &mut Book, splices: &[Splice]) {
    let mut splices = splices.iter();
    crate::book::protocol::for_each_chapter_mut(&mut book.items, &mut |chapter| {
        if let Some(splice) = splices.next()
            && !splice.is_empty()
        {
            chapter.content = splice.apply(&chapter.content);
        }
    });
}

struct Writer<'a, W> {
    out: &'a mut W,
    splices: &'a [Splice],
    /// The book-order position of the next chapter.
    next: usize,
}

impl<W: Write> Writer<'_, W> {
    fn items(&mut self, items: &[BookItem]) -> io::Result<()> {
        self.out.write_all(b"[")?;
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            match item {
                BookItem::Chapter(chapter) => self.chapter(chapter)?,
                other => write_json(self.out, other)?,
            }
        }
        self.out.write_all(b"]")
    }

    fn chapter(&mut self, chapter: &Chapter) -> io::Result<()> {
        // Destructured in full, so a field added to mdBook's `Chapter` fails
        // to compile here instead of going missing from the output.
        let Chapter {
            name,
            content,
            number,
            sub_items,
            path,
            source_path,
            parent_names,
        } = chapter;
        let splice = self.splices.get(self.next);
        self.next += 1;
        self.out.write_all(br#"{"Chapter":{"name":"#)?;
        write_json(self.out, name)?;
        self.out.write_all(br#","content":""#)?;
        match splice {
            Some(splice) => {
                for piece in splice.pieces(content) {
                    write_escaped(self.out, piece)?;
                }
            }
            None => write_escaped(self.out, content)?,
        }
        self.out.write_all(br#"","number":"#)?;
        write_json(self.out, number)?;
        self.out.write_all(br#","sub_items":"#)?;
        self.items(sub_items)?;
        self.out.write_all(br#","path":"#)?;
        write_json(self.out, path)?;
        self.out.write_all(br#","source_path":"#)?;
        write_json(self.out, source_path)?;
        self.out.write_all(br#","parent_names":"#)?;
        write_json(self.out, parent_names)?;
        self.out.write_all(b"}}")
    }
}

fn write_json(out: &mut impl Write, value: &(impl serde::Serialize + ?Sized)) -> io::Result<()> {
    serde_json::to_writer(out, value).map_err(io::Error::from)
}

/// What follows the backslash for each byte that JSON requires escaped
/// (`u` for `\u00XX`), or 0: the table `serde_json` uses.
const ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Writes the contents of a JSON string (without its quotes).
fn write_escaped(out: &mut impl Write, text: &str) -> io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(at) = next_escaped(bytes, start) {
        let byte = bytes[at];
        out.write_all(&bytes[start..at])?;
        match ESCAPES[usize::from(byte)] {
            b'u' => out.write_all(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ])?,
            short => out.write_all(&[b'\\', short])?,
        }
        start = at + 1;
    }
    out.write_all(&bytes[start..])
}

/// Where the first byte at or after `from` that JSON escapes is ([`ESCAPES`]).
///
/// Eight bytes at a time: a chapter's line is some tens of bytes between
/// two escapes (its line break), and looking each byte up cost the writer
/// more than reading the book (`serde_json`'s reader skips so too).
fn next_escaped(bytes: &[u8], from: usize) -> Option<usize> {
    let mut words = bytes[from..].chunks_exact(8);
    let mut at = from;
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let found = escaped_bytes(word);
        if found != 0 {
            // The lowest flag is exact (see `escaped_bytes`).
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = words.remainder();
    (rest.iter().position(|b| ESCAPES[usize::from(*b)] != 0)).map(|i| at + i)
}

/// The high bit of each byte of `word` (little-endian) that JSON escapes: a
/// control byte, `"` or `\`. Exact for the lowest byte flagged, which is all
/// the caller reads: a borrow may flag a byte above a flagged one wrongly.
fn escaped_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH;
    let zero = |value: u64| value.wrapping_sub(ONES) & !value & HIGH;
    below(0x20) | zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::protocol::parse_input;
    use crate::text::splice::Edit;

    fn book(dialect_json: &str) -> Book {
        let input = format!(r#"[{{"root":"/b","config":{{}},"renderer":"html"}},{dialect_json}]"#);
        parse_input(input.as_bytes()).unwrap().1
    }

    fn written(book: &Book, splices: &[Splice]) -> String {
        let mut out = Vec::new();
        write(book, splices, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Every control character, quotes, backslashes and non-ASCII text.
    fn awkward_text() -> String {
        let mut text: String = (0u8..0x20).map(char::from).collect();
        text.push_str("\"quoted\" back\\slash / \u{7f} é ✓ 😀 \u{2028}\r\n");
        text
    }

    fn chapter(name: &str, content: &str, sub_items: &str) -> String {
        serde_json::json!({"Chapter": {"name": name, "content": content, "number": [1, 2],
            "sub_items": [], "path": "a/b.md", "source_path": null, "parent_names": ["P \"q\""]}})
        .to_string()
        .replace(
            r#""sub_items":[]"#,
            &format!(r#""sub_items":[{sub_items}]"#),
        )
    }

    /// Every byte value (as a character: a control byte, a quote, a letter,
    /// `é` for the bytes above ASCII) at every place of the eight-byte
    /// words, after another escaped byte or not, escaped as `serde_json` does.
    #[test]
    fn every_character_is_escaped_as_serde_json_escapes_it_wherever_it_stands() {
        let characters = (0u8..0x80).map(char::from).chain(['é', '✓']);
        for c in characters {
            for at in 0..20 {
                for before in ["", "\n", "\""] {
                    let text = format!("{before}{}{c}{}", "a".repeat(at), "b".repeat(at % 7));
                    let mut ours = Vec::new();
                    write_escaped(&mut ours, &text).unwrap();
                    let theirs = serde_json::to_string(&text).unwrap();
                    assert_eq!(
                        String::from_utf8(ours).unwrap(),
                        theirs[1..theirs.len() - 1],
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn unedited_output_is_what_serde_json_writes() {
        let text = awkward_text();
        let nested = chapter("inner", &text, "");
        let items = format!(
            r#"[{},"Separator",{{"PartTitle":"Part <1>"}}]"#,
            chapter("outer", &text, &nested)
        );
        for dialect in [
            format!(r#"{{"items":{items}}}"#),
            format!(r#"{{"sections":{items},"__non_exhaustive":null}}"#),
        ] {
            let book = book(&dialect);
            let expected: serde_json::Value = serde_json::from_str(&dialect).unwrap();
            let mut by_serde = Vec::new();
            write_with_serde_json(&book, &mut by_serde).unwrap();
            let by_serde = String::from_utf8(by_serde).unwrap();
            let ours = written(&book, &[]);
            assert_eq!(ours, by_serde);
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&ours).unwrap(),
                expected
            );
        }
    }

    #[test]
    fn edits_are_spliced_into_their_chapter_in_book_order() {
        let nested = chapter("inner", "abc", "");
        let book = book(&format!(
            r#"{{"items":[{}]}}"#,
            chapter("outer", "xyz", &nested)
        ));
        let splices = [
            Splice::new("xyz", vec![Edit::new(1..2, "\"Y\"")]),
            Splice::new("abc", vec![Edit::delete(0..1), Edit::new(3..3, "\n")]),
        ];
        let out: serde_json::Value = serde_json::from_str(&written(&book, &splices)).unwrap();
        let outer = &out["items"][0]["Chapter"];
        assert_eq!(outer["content"], "x\"Y\"z");
        assert_eq!(outer["sub_items"][0]["Chapter"]["content"], "bc\n");
    }
}
