//! The shape of the code (ARCHITECTURE.md): Cargo refuses import cycles
//! between crates, and this checks the two things it cannot: that no
//! module of a crate imports a module that imports it back (a stage only
//! looks back), and that the benchmark tooling stays out of the product.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every crate's `src/` folder: the root package's and each in `crates/`.
fn crate_sources() -> Vec<PathBuf> {
    let mut sources = vec![workspace().join("src")];
    let mut crates: Vec<PathBuf> = fs::read_dir(workspace().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .collect();
    crates.sort();
    sources.extend(crates);
    sources
}

/// The top-level module a file belongs to (`load/layout.rs` is in `load`),
/// or `None` for the crate's root files, which only declare and re-export.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next()?.as_os_str().to_str()?;
    match first {
        "lib.rs" | "main.rs" => None,
        name => Some(name.trim_end_matches(".rs").to_string()),
    }
}

/// The top-level modules of its own crate that `code` names through
/// `crate::` (in paths and in `use crate::{a, b::c}` groups).
fn modules_named(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let code: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut named = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => {
                let end = group.find('}').unwrap_or(group.len());
                group[..end].split(',').collect()
            }
            None => vec![rest],
        };
        for name in names {
            let word: String = (name.trim_start().chars())
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if modules.contains(&word) {
                named.insert(word);
            }
        }
    }
    named
}

/// Which top-level module imports which, in the crate at `src`.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<PathBuf> = walk(src)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_of(src, file) else {
            continue;
        };
        let mut named = modules_named(&fs::read_to_string(file).unwrap(), &modules);
        named.remove(&module);
        graph.entry(module).or_default().extend(named);
    }
    graph
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn a_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let mut checked = 0;
    for src in crate_sources() {
        let graph = imports(&src);
        checked += graph.len();
        if let Some(cycle) = a_cycle(&graph) {
            panic!(
                "an import cycle in {}: {}\n  help: move what both need into a module \
                 (or crate) below them both",
                src.display(),
                cycle.join(" → ")
            );
        }
    }
    // The root package's and the stages' modules were all seen, and real
    // imports are found (the loader reads site.toml through `config`).
    assert!(checked > 20, "only {checked} modules found");
    let data = imports(&workspace().join("crates/data/src"));
    assert!(data["load"].contains("config"), "{data:?}");
}

#[test]
fn the_cycle_check_finds_a_cycle_and_follows_use_groups() {
    let modules: BTreeSet<String> = ["load", "config", "schemas"].map(String::from).into();
    let named = modules_named(
        "use crate::{config::RawConfig, schemas};\n// crate::load in a comment\n",
        &modules,
    );
    assert_eq!(
        named,
        BTreeSet::from(["config", "schemas"].map(String::from))
    );
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("config", vec!["load"]),
        ("load", vec!["schemas"]),
        ("schemas", vec!["config"]),
    ]
    .into_iter()
    .map(|(m, to)| (m.to_string(), to.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(
        a_cycle(&graph).unwrap(),
        ["config", "load", "schemas", "config"]
    );
}

/// The names under `[dependencies]` (not dev- or build-dependencies) of a
/// Cargo.toml.
fn dependencies(manifest: &Path) -> Vec<String> {
    let text = fs::read_to_string(manifest).unwrap();
    let value: toml::Table = toml::from_str(&text).unwrap();
    value
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn the_benchmark_tooling_is_no_dependency_of_the_product() {
    let mut manifests = vec![workspace().join("Cargo.toml")];
    for src in crate_sources().into_iter().skip(1) {
        manifests.push(src.parent().unwrap().join("Cargo.toml"));
    }
    for manifest in manifests {
        let deps = dependencies(&manifest);
        assert!(
            !deps.iter().any(|d| d == "answerable-bench-tools"),
            "{} depends on the benchmark tooling",
            manifest.display()
        );
    }
}
