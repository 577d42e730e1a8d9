//! The suite, over the book model: which members there are and in which
//! order mdBook runs them, their `book.toml` options, the supported mdBook
//! versions, the status vocabulary and its badges, the seed templates,
//! `install` (and what it says about mermaid), and the book root every command writes through.

pub mod badge;
pub mod book_root;
pub mod config;
pub mod install;
pub mod mermaid;
pub mod order;
pub mod registry;
pub mod seeds;
pub mod status;
pub mod version;
