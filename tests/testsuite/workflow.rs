//! The workflows parse, run the README's commands (so they use the pinned
//! versions the tests use), and pin every action to a commit.

use crate::support::*;
use saphyr::{LoadableYamlNode, Yaml};

fn workflow(name: &str) -> String {
    std::fs::read_to_string(repo_root().join(".github/workflows").join(name)).unwrap()
}

fn jobs(text: &str) -> Vec<String> {
    let documents = Yaml::load_from_str(text).expect("the workflow parses");
    let jobs = documents[0]["jobs"].as_mapping().expect("jobs");
    jobs.keys()
        .filter_map(|k| k.as_str())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_workflows_have_their_jobs() {
    assert_eq!(jobs(&workflow("pages.yml")), ["build", "deploy"]);
    assert_eq!(jobs(&workflow("ci.yml")), ["test"]);
}

#[test]
fn every_action_is_pinned_to_a_commit() {
    for name in ["pages.yml", "ci.yml"] {
        let text = workflow(name);
        let uses: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("uses: "))
            .collect();
        assert!(!uses.is_empty(), "{name}");
        for action in uses {
            let (_, reference) = action.split_once('@').expect("a reference");
            let commit = reference.split_whitespace().next().unwrap_or("");
            assert!(
                commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()),
                "{name}: `{action}` is not pinned to a commit"
            );
        }
    }
}

#[test]
fn the_workflows_run_the_readme_commands_with_the_tested_versions() {
    let tools = std::fs::read_to_string(repo_root().join("scripts/tools.sh")).unwrap();
    assert!(
        tools.contains(&format!("MDBOOK_05={MDBOOK_05}")),
        "scripts/tools.sh pins the tested mdBook"
    );
    assert!(tools.contains(&format!("MDBOOK_04={MDBOOK_04}")));
    let setup = std::fs::read_to_string(repo_root().join("scripts/setup")).unwrap();
    assert!(
        setup.contains("mdbook build example-book"),
        "setup renders the example book"
    );
    assert!(
        setup.contains("install_tool mdbook-mermaid"),
        "setup installs the mermaid preprocessor"
    );
    assert!(
        !setup.contains("MDBOOK_04") && !setup.contains("chromium"),
        "setup installs only what rendering needs"
    );
    let pages = workflow("pages.yml");
    for command in [
        "run: scripts/setup\n",
        "mdbook-deepdive check --book example-book --format github",
    ] {
        assert!(pages.contains(command), "pages.yml runs `{command}`");
    }
    assert!(pages.contains("path: example-book/book"));
    assert!(
        workflow("ci.yml").contains("run: scripts/test"),
        "CI runs the README's test command"
    );
}
