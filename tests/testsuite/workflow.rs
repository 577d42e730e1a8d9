//! The GitHub Pages workflow parses, pins the mdBook version the tests use,
//! and builds the book with the commands the tests and scripts run.

use crate::support::*;
use saphyr::{LoadableYamlNode, Yaml};

fn workflow() -> String {
    std::fs::read_to_string(repo_root().join(".github/workflows/pages.yml")).unwrap()
}

#[test]
fn the_pages_workflow_is_valid_yaml_with_build_and_deploy_jobs() {
    let text = workflow();
    let documents = Yaml::load_from_str(&text).expect("pages.yml parses");
    let jobs = documents[0]["jobs"].as_mapping().expect("jobs");
    let names: Vec<_> = jobs.keys().filter_map(|k| k.as_str()).collect();
    assert_eq!(names, ["build", "deploy"]);
    let uses: Vec<_> = text
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("- uses: ")
                .or_else(|| l.trim().strip_prefix("uses: "))
        })
        .collect();
    for action in [
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
        "actions/cache@v4",
    ] {
        assert!(uses.contains(&action), "{action} in {uses:?}");
    }
}

#[test]
fn the_workflow_pins_the_tested_mdbook_and_runs_the_tested_commands() {
    let text = workflow();
    assert!(
        text.contains(&format!("MDBOOK_VERSION: {MDBOOK_05}")),
        "pinned to the tested mdBook"
    );
    let setup = std::fs::read_to_string(repo_root().join("scripts/setup")).unwrap();
    assert!(
        setup.contains(&format!("MDBOOK_05={MDBOOK_05}")),
        "scripts/setup installs the same version"
    );
    for command in [
        "cargo install --locked mdbook --version",
        "cargo build --locked --release --workspace --bins",
        "check --book example-book",
        "mdbook build example-book",
    ] {
        assert!(text.contains(command), "workflow runs `{command}`");
    }
    assert!(
        setup.contains("mdbook build example-book"),
        "setup renders the same way"
    );
    assert!(text.contains("path: example-book/book"));
}
