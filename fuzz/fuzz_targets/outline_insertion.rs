//! Moving a chapter's outline past an insertion: wherever
//! `insertion::keeps_outline` lets one through, the moved outline (the line
//! scanner's code ranges and outline, the parser's code ranges, the
//! headings with their sections, the `{{#` openings) is the one made again
//! from the new text (`insertion::check_moved_outline`, which the property
//! test shares).
//! The input is a body and the text to insert, split at the first NUL; the
//! insertion goes at the body's start, the end of one of its heading lines,
//! or anywhere, as the lengths pick.
#![no_main]

use deepdive_core::{insertion, sections, simple_markdown};
use libfuzzer_sys::fuzz_target;

const FRONT_MATTER: &str = "---\nt: x\n---\n";

fuzz_target!(|input: &str| {
    let Some((body, text)) = input.split_once('\0') else {
        return;
    };
    let from = FRONT_MATTER.len();
    let chapter = format!("{FRONT_MATTER}{body}");
    let outline = simple_markdown::outline(body);
    let mut points = vec![0];
    points.extend(outline.iter().flat_map(|o| o.headings.iter().map(|(_, line)| line.end)));
    points.extend(sections::parsed_headings(body).iter().map(|h| h.range.end));
    let mut anywhere = text.len() % (body.len() + 1);
    while !body.is_char_boundary(anywhere) {
        anywhere -= 1;
    }
    points.push(anywhere);
    let at = points[body.len() % points.len()];
    if let Err(difference) = insertion::check_moved_outline(&chapter, from, at, text) {
        panic!("{difference}");
    }
});
