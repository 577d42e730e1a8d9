//! The engine, over the suite: the [`member::Member`] trait and the run of
//! one member over a book (options, pages, `prepare`, every chapter's edits,
//! diagnostics merged in book order), with work split over the cores.

pub mod member;
pub mod parallel;
