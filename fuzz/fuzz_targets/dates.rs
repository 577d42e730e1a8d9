//! Front matter dates (`date`, `lastmod`, `publishDate`, `review-by`): for
//! any text, reading a date never panics, and a date read is shown as
//! `YYYY-MM-DD`, which reads back as the same day.
#![no_main]

use deepdive_core::date::Date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Some(date) = Date::parse(text) else { return };
    let shown = date.to_string();
    assert_eq!(shown.len(), 10, "{text:?} shown as {shown:?}");
    assert!(
        shown.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() }),
        "{text:?} shown as {shown:?}"
    );
    assert_eq!(Date::parse(&shown), Some(date), "{text:?} shown as {shown:?}");
});
