//! The layering rule, checked on the sources: a module uses only its own
//! layer and the layers below it, and no modules use each other in a cycle.
//! Paths into the core are written out (`crate::LAYER::MODULE`), so the rule
//! can be read off every `crate::` in the code (tests are left out: a test
//! may build its input with a higher layer).

use std::collections::BTreeMap;
use std::path::Path;

/// The layers, lowest first.
const LAYERS: [&str; 5] = ["text", "book", "suite", "engine", "command_line"];

/// A module of a layer, `layer/module`.
type Module = String;

/// The modules each module's code (tests left out) uses.
fn uses() -> BTreeMap<Module, Vec<Module>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut uses = BTreeMap::new();
    for layer in LAYERS {
        let mut files: Vec<_> = std::fs::read_dir(src.join(layer))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap().to_str().unwrap().to_owned();
            let text = std::fs::read_to_string(&file).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            let module = format!("{layer}/{stem}");
            uses.insert(module.clone(), used_by(&module, code));
        }
    }
    uses
}

/// The modules `code` (of `module`) names, as `layer/module` (a layer's
/// `mod.rs` as `layer/mod`).
fn used_by(module: &str, code: &str) -> Vec<Module> {
    let layer = module.split('/').next().unwrap();
    let mut used = Vec::new();
    for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for (at, _) in line.match_indices("crate::") {
            let path: Vec<&str> = line[at + "crate::".len()..]
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap()
                .split("::")
                .collect();
            assert!(
                LAYERS.contains(&path[0]),
                "{module}: `crate::{}` must name its layer (crate::LAYER::MODULE)",
                path[0]
            );
            used.push(format!("{}/{}", path[0], path.get(1).unwrap_or(&"mod")));
        }
        for (at, _) in line.match_indices("super::") {
            let name = line[at + "super::".len()..]
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap();
            used.push(format!("{layer}/{name}"));
        }
    }
    used.retain(|m| m != module);
    used.sort();
    used.dedup();
    used
}

fn rank(module: &str) -> usize {
    let layer = module.split('/').next().unwrap();
    LAYERS.iter().position(|l| *l == layer).unwrap()
}

#[test]
fn no_layer_uses_a_higher_one() {
    let mut violations = Vec::new();
    for (module, used) in uses() {
        for target in used.iter().filter(|t| rank(t) > rank(&module)) {
            violations.push(format!("{module} -> {target}"));
        }
    }
    assert!(
        violations.is_empty(),
        "lower layers using higher ones: {violations:#?}"
    );
}

/// Depth-first search from `module`; `state` is 1 while a module is on the
/// path, 2 when done. Panics on a cycle, naming it.
fn visit<'a>(
    module: &'a str,
    uses: &'a BTreeMap<Module, Vec<Module>>,
    state: &mut BTreeMap<&'a str, u8>,
    path: &mut Vec<&'a str>,
) {
    match state.get(module) {
        Some(2) => return,
        Some(_) => panic!("import cycle: {} -> {module}", path.join(" -> ")),
        None => {}
    }
    state.insert(module, 1);
    path.push(module);
    for target in uses.get(module).into_iter().flatten() {
        visit(target, uses, state, path);
    }
    path.pop();
    state.insert(module, 2);
}

#[test]
fn no_modules_use_each_other_in_a_cycle() {
    let uses = uses();
    let mut state = BTreeMap::new();
    for module in uses.keys() {
        visit(module, &uses, &mut state, &mut Vec::new());
    }
}

/// The check itself sees what it must: a higher layer named from a lower
/// one, a shortcut through the crate root, and a module named through `super`.
#[test]
fn the_check_reads_paths_as_intended() {
    assert_eq!(
        used_by(
            "text/directive",
            "use crate::book::page::Page;\n// crate::engine::member\n"
        ),
        ["book/page"]
    );
    assert_eq!(
        used_by("book/page", "use super::metadata;"),
        ["book/metadata"]
    );
    assert!(rank("book/page") > rank("text/directive"));
    let shortcut = std::panic::catch_unwind(|| used_by("text/args", "use crate::member::Page;"));
    assert!(shortcut.is_err());
}
