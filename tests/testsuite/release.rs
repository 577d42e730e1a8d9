//! The release (`.github/workflows/release.yml`): the targets it builds,
//! the archives `scripts/package-release` makes of them, and the
//! `[package.metadata.binstall]` of each binary crate, which must name those
//! archives and the programs in them for `cargo binstall` to find them.
//! (`scripts/test` checks a real release archive of this machine's target
//! with `scripts/check-release-archive`: unpacked, run, building the example
//! book.)

use crate::support::*;
use saphyr::{LoadableYamlNode, Yaml};
use std::process::Command;

/// The five programs of a release, each its own crate.
const PROGRAMS: [&str; 5] = [
    "mdbook-deepdive",
    "mdbook-deepdive-template",
    "mdbook-deepdive-index",
    "mdbook-deepdive-status",
    "mdbook-deepdive-review",
];

/// The targets of the release workflow's build matrix.
fn release_targets() -> Vec<String> {
    let text = std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap();
    let documents = Yaml::load_from_str(&text).expect("release.yml parses");
    let include = documents[0]["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("a matrix of targets");
    include
        .iter()
        .map(|entry| entry["target"].as_str().expect("a target").to_owned())
        .collect()
}

fn workspace_value(key: &str) -> String {
    let text = std::fs::read_to_string(repo_root().join("Cargo.toml")).unwrap();
    let document: toml_edit::DocumentMut = text.parse().unwrap();
    document["workspace"]["package"][key]
        .as_str()
        .expect("a workspace value")
        .to_owned()
}

/// `scripts/package-release ARGS`, its stdout's line.
fn package_release(args: &[&str]) -> String {
    let output = Command::new(repo_root().join("scripts/package-release"))
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// A binstall template with its `{ name }`s filled in.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut filled = template.to_owned();
    for (name, value) in values {
        filled = filled.replace(&format!("{{ {name} }}"), value);
    }
    assert!(!filled.contains('{'), "a placeholder left in {filled}");
    filled
}

/// What `cargo binstall PROGRAM` downloads for `target`, and the path of
/// the program inside that archive, from the crate's binstall metadata.
fn binstall(program: &str, target: &str) -> (String, String) {
    let path = repo_root().join(format!("preprocessors/{program}/Cargo.toml"));
    let document: toml_edit::DocumentMut = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let binstall = &document["package"]["metadata"]["binstall"];
    let chosen = |key: &str| {
        binstall["overrides"]
            .get(target)
            .and_then(|o| o.get(key))
            .or_else(|| binstall.get(key))
            .and_then(toml_edit::Item::as_str)
            .unwrap_or_else(|| panic!("{program}: no binstall `{key}`"))
            .to_owned()
    };
    let version = workspace_value("version");
    let repo = workspace_value("repository");
    let ext = if target.contains("windows") {
        ".exe"
    } else {
        ""
    };
    let values = [
        ("repo", repo.as_str()),
        ("version", version.as_str()),
        ("target", target),
        ("bin", program),
        ("binary-ext", ext),
    ];
    let format = chosen("pkg-fmt");
    let url = fill(&chosen("pkg-url"), &values);
    let expected_suffix = if format == "zip" { ".zip" } else { ".tar.gz" };
    assert!(
        url.ends_with(expected_suffix),
        "{program} {target}: `{url}` is not a {format}"
    );
    (url, fill(&chosen("bin-dir"), &values))
}

#[test]
fn the_release_builds_linux_macos_and_windows() {
    assert_eq!(
        release_targets(),
        [
            "x86_64-unknown-linux-gnu",
            "aarch64-unknown-linux-gnu",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc",
        ]
    );
    let workflow =
        std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap();
    for step in [
        "run: scripts/package-release \"$TARGET\" \"target/$TARGET/release\" dist",
        "run: scripts/check-release-archive dist/mdbook-deepdive-v*",
        "tags: [\"v[0-9]+.[0-9]+.[0-9]+*\"]",
    ] {
        assert!(workflow.contains(step), "release.yml: `{step}`");
    }
}

#[test]
fn binstall_fetches_the_archive_the_release_makes_for_every_program_and_target() {
    let repo = workspace_value("repository");
    let version = workspace_value("version");
    for target in release_targets() {
        let archive = package_release(&["--name", &target]);
        for program in PROGRAMS {
            let (url, _) = binstall(program, &target);
            assert_eq!(
                url,
                format!("{repo}/releases/download/v{version}/{archive}"),
                "{program} on {target}"
            );
        }
    }
}

#[test]
fn the_archive_holds_each_program_where_binstall_looks() {
    // An archive of this machine's kind made by the release's own script,
    // from stand-in programs (scripts/test packs and runs the real release
    // build): each program is at the crate's `bin-dir`.
    let target = "x86_64-unknown-linux-gnu";
    let build = tempfile::tempdir().unwrap();
    for program in PROGRAMS {
        std::fs::write(build.path().join(program), "#!/bin/sh\n").unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let archive = package_release(&[
        target,
        build.path().to_str().unwrap(),
        out.path().to_str().unwrap(),
    ]);
    assert!(archive.ends_with(&package_release(&["--name", target])));
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(listing.status.success());
    let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
    for program in PROGRAMS {
        let (_, inside) = binstall(program, target);
        assert!(
            listing.lines().any(|line| line == inside),
            "{program}: `{inside}` is not in the archive:\n{listing}"
        );
    }
    for file in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        assert!(
            listing.contains(&format!("/{file}\n")),
            "{file}:\n{listing}"
        );
    }
}

#[test]
fn packaging_names_a_missing_program() {
    let build = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(repo_root().join("scripts/package-release"))
        .args(["x86_64-unknown-linux-gnu"])
        .arg(build.path())
        .arg(out.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("mdbook-deepdive is missing"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "no archive"
    );
}
