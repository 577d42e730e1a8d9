//! Moving a chapter's outline past an insertion: wherever
//! `insertion::keeps_outline` lets one through, the moved outline (the line
//! scanner's code ranges and outline, the parser's code ranges, the
//! headings with their sections) is the one made again from the new text.
//! The input is a body and the text to insert, split at the first NUL; the
//! insertion goes at the body's start, the end of one of its heading lines,
//! or anywhere, as the lengths pick.
#![no_main]

use deepdive_core::{directive, insertion, sections, simple_markdown, splice};
use libfuzzer_sys::fuzz_target;

const FRONT_MATTER: &str = "---\nt: x\n---\n";

fuzz_target!(|input: &str| {
    let Some((body, text)) = input.split_once('\0') else {
        return;
    };
    let from = FRONT_MATTER.len();
    let chapter = format!("{FRONT_MATTER}{body}");
    let (mut literal, mut outline) =
        simple_markdown::directive_literal_ranges_and_outline(&chapter, from);
    let mut points = vec![0];
    points.extend(outline.iter().flat_map(|o| o.headings.iter().map(|(_, line)| line.end)));
    points.extend(sections::parsed_headings(body).iter().map(|h| h.range.end));
    let mut anywhere = text.len() % (body.len() + 1);
    while !body.is_char_boundary(anywhere) {
        anywhere -= 1;
    }
    points.push(anywhere);
    let at = points[body.len() % points.len()];
    if !insertion::keeps_outline(outline.as_ref(), body.split_at(at), text) {
        return;
    }
    let (len, in_text) = (text.len(), from + at);
    let new = splice::apply(&chapter, vec![splice::Edit::new(in_text..in_text, text)]);
    let new_body = &new[from..];
    let mut headings = sections::headings_from(body, outline.as_ref());
    let mut parsed_headings = sections::parsed_headings(body);
    let mut parsed_literal = directive::literal_ranges(&chapter, from);
    if let Some(literal) = &mut literal {
        insertion::shift_ranges(literal, in_text, len);
    }
    if let Some(outline) = &mut outline {
        insertion::shift_outline(outline, at, len);
    }
    insertion::shift_headings(&mut headings, at, len);
    insertion::shift_headings(&mut parsed_headings, at, len);
    insertion::shift_ranges(&mut parsed_literal, in_text, len);
    let made = simple_markdown::directive_literal_ranges_and_outline(&new, from);
    assert_eq!(headings, sections::headings_from(new_body, made.1.as_ref()), "{new_body:?}");
    assert_eq!((literal, outline), made, "{new_body:?}");
    assert_eq!(parsed_headings, sections::parsed_headings(new_body), "{new_body:?}");
    assert_eq!(parsed_literal, directive::literal_ranges(&new, from), "{new_body:?}");
});
