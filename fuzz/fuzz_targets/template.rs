//! Template placeholders and expansion: any template text parses to
//! placeholders or an error, and any directive arguments expand a built-in
//! template or give an error; nothing panics, recursion stays bounded.
#![no_main]

use deepdive_core::config::MemberConfig;
use deepdive_core::page::Drafts;
use deepdive_core::member::Run;
use deepdive_core::page::Page;
use deepdive_core::protocol::Context;
use libfuzzer_sys::fuzz_target;
use mdbook_deepdive_template::expand::{self, Scope};
use mdbook_deepdive_template::library::Library;
use mdbook_deepdive_template::placeholders;

fuzz_target!(|text: &str| {
    if let Ok(found) = placeholders::parse(text) {
        for placeholder in found {
            assert!(placeholder.range.end <= text.len());
        }
    }
    let ctx = Context {
        root: std::env::temp_dir().join("deepdive-fuzz-no-book"),
        config: serde_json::json!({"book": {"title": "Fuzz"}}),
        renderer: "html".into(),
        mdbook_version: "0.5.4".into(),
    };
    let run = Run::new(&ctx, MemberConfig::default(), Drafts::Publish, Vec::new());
    let page = Page::detached("src/c.md");
    let library = Library::new(&ctx.root, "templates");
    let scope = Scope { library: &library, run: &run, page: &page, max_depth: 16, max_size: 1 << 20 };
    let _ = expand::template(&scope, text, &mut expand::Expansion::new(&scope));
    let _ = expand::meta(&scope, text, &deepdive_core::sink::Sink::Markdown);
});
