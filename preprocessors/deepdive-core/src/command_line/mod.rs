//! The top layer: the command line every member binary shares (`supports`,
//! `install`, `check`, the protocol on stdin/stdout) and the all-in-one
//! program's.

pub mod check;
pub mod cli;
