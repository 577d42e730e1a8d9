//! A book's own templates, as a hostile contributor could write them: the
//! input is up to five templates `t0`…`t4` (split at NUL bytes) that may
//! include each other with any parameters. Expanding `t0` never panics,
//! never recurses without bound, and never makes more than the size bound.
#![no_main]

use deepdive_core::config::MemberConfig;
use deepdive_core::page::Drafts;
use deepdive_core::member::Run;
use deepdive_core::page::Page;
use deepdive_core::protocol::Context;
use libfuzzer_sys::fuzz_target;
use mdbook_deepdive_template::expand::{self, Expansion, Scope};
use mdbook_deepdive_template::library::Library;
use std::sync::LazyLock;

const MAX_SIZE: usize = 64 * 1024;

/// One book folder for the whole run; each input rewrites its templates.
static ROOT: LazyLock<std::path::PathBuf> = LazyLock::new(|| {
    let root = std::env::temp_dir().join(format!("deepdive-fuzz-library-{}", std::process::id()));
    std::fs::create_dir_all(root.join("templates")).unwrap();
    root
});

fuzz_target!(|input: &str| {
    let root = &*ROOT;
    for i in 0..5 {
        let _ = std::fs::remove_file(root.join(format!("templates/t{i}.md")));
    }
    for (i, text) in input.split('\0').take(5).enumerate() {
        std::fs::write(root.join(format!("templates/t{i}.md")), text).unwrap();
    }
    let ctx = Context {
        root: root.clone(),
        config: serde_json::json!({"book": {"title": "Fuzz <b>"}}),
        renderer: "html".into(),
        mdbook_version: "0.5.4".into(),
    };
    let run = Run::new(&ctx, MemberConfig::default(), Drafts::Publish, Vec::new());
    let page = Page::detached("src/c.md");
    let library = Library::new(root, "templates");
    let scope = Scope { library: &library, run: &run, page: &page, max_depth: 8, max_size: MAX_SIZE };
    if let Ok(text) = expand::template(&scope, "t0 title=\"<img src=x onerror=alert(1)>\"", &mut Expansion::new(&scope)) {
        assert!(text.len() <= MAX_SIZE, "{} bytes", text.len());
    }
});
