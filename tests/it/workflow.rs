//! The GitHub Pages workflow's build step, run here as GitHub would run it:
//! strict on pull requests, so a reviewer sees warnings before merging, and
//! not strict when deploying main.

use std::process::Command;

use crate::common::*;

/// The shell script of the workflow step named `name`, with GitHub's
/// expressions replaced by `values`. It runs `answerable` from the `PATH`,
/// where the step before puts a released or compiled binary.
fn step_script(name: &str, values: &[(&str, &str)]) -> String {
    let workflow = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml"),
    )
    .unwrap();
    let start = workflow
        .find(&format!("- name: {name}"))
        .unwrap_or_else(|| panic!("no step `{name}`"));
    let lines: Vec<&str> = workflow[start..].lines().collect();
    let run = lines
        .iter()
        .position(|l| l.trim() == "run: |")
        .expect("a run block");
    let indent = lines[run + 1].len() - lines[run + 1].trim_start().len();
    let mut script: String = lines[run + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() >= indent)
        .map(|l| format!("{}\n", l.get(indent..).unwrap_or_default()))
        .collect();
    for (expression, value) in values {
        script = script.replace(&format!("${{{{ {expression} }}}}"), value);
    }
    assert!(
        !script.contains("${{"),
        "an expression left unreplaced:\n{script}"
    );
    script
}

/// The `PATH` with the folder of the binary under test first, as the
/// workflow's download or compile step leaves it.
fn path_with_answerable() -> String {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_answerable"));
    let folder = binary.parent().unwrap().display().to_string();
    match std::env::var("PATH") {
        Ok(path) => format!("{folder}:{path}"),
        Err(_) => folder,
    }
}

fn run_build_step(event: &str, root: &std::path::Path) -> std::process::Output {
    let script = step_script(
        "Build the site",
        &[
            ("steps.pages.outputs.base_url", "https://org.github.io/repo"),
            ("github.event_name", event),
        ],
    );
    Command::new("bash")
        .arg("-euo")
        .arg("pipefail")
        .arg("-c")
        .arg(script)
        .current_dir(root)
        .env("PATH", path_with_answerable())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn pull_requests_fail_on_warnings_and_main_still_deploys() {
    // The fixture site has two warnings (no response, no commentary).
    let site = copy_fixture("minimal");

    let pr = run_build_step("pull_request", site.path());
    let stderr = String::from_utf8_lossy(&pr.stderr);
    assert_eq!(pr.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[no-response]"), "{stderr}");
    assert!(!site.path().join("public").exists());

    let push = run_build_step("push", site.path());
    let stderr = String::from_utf8_lossy(&push.stderr);
    assert_eq!(push.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning[no-response]"), "{stderr}");
    let home = read(&site.path().join("public"), "index.html");
    assert!(
        home.contains("https://org.github.io/repo/"),
        "the Pages address"
    );
}

#[test]
fn the_bundled_site_passes_the_pull_request_build() {
    let site = tempfile::tempdir().unwrap();
    let repository = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["site.toml", "data", "content", "seeds"] {
        let from = repository.join(name);
        if from.is_file() {
            std::fs::copy(&from, site.path().join(name)).unwrap();
        } else {
            copy_dir(&from, &site.path().join(name));
        }
    }
    let pr = run_build_step("pull_request", site.path());
    assert_eq!(
        pr.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&pr.stderr)
    );
}
