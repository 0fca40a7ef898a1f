//! The layers of `src/` run one way: a module imports only modules on floors below its own.
//!
//! The floors are written once, in ARCHITECTURE.md ("Layers"), and read from there: the
//! diagram a newcomer reads is the rule this test holds the code to. Every `crate::` path of
//! every file under `src/` counts, in `use` lines and in code, tests included; a file's module
//! is its first folder or file under `src/`. A module that is on no floor fails too, so a new
//! module is placed before it is used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The floors of the diagram, lowest first: each a list of top-level module names.
fn floors() -> Vec<Vec<String>> {
    let doc = std::fs::read_to_string(repo().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let start = doc
        .find("<!-- layers -->")
        .expect("ARCHITECTURE.md marks its layer diagram with <!-- layers -->");
    let block = &doc[start..];
    let block = &block[block.find("```text").expect("the diagram is a ```text block") + 7..];
    let block = &block[..block.find("```").expect("the diagram's block ends")];
    // Top floor first in the diagram, as a house is drawn; each line is `names  | what it is`.
    let mut floors: Vec<Vec<String>> = block
        .lines()
        .map(|line| line.split('|').next().unwrap_or(""))
        .filter(|names| !names.trim().is_empty())
        .map(|names| names.split_whitespace().map(str::to_string).collect())
        .collect();
    floors.reverse();
    floors
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `crate::` path in `text` as (line, top-level module it names). Comments are passed
/// over; `crate::{a::X, b}` names `a` and `b`.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut in_group: Option<usize> = None; // brace depth inside `crate::{`, across lines
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        if let Some(depth) = in_group.as_mut() {
            rest = group_names(rest, depth, n + 1, &mut found);
            if *depth == 0 {
                in_group = None;
            }
        }
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let mut depth = 1;
                rest = group_names(group, &mut depth, n + 1, &mut found);
                if depth > 0 {
                    in_group = Some(depth);
                    break;
                }
            } else {
                let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                found.push((n + 1, name));
                rest = after;
            }
        }
    }
    found
}

/// The first names of the items of a `{…}` group at depth 1, until the group closes; returns
/// what follows it.
fn group_names<'a>(text: &'a str, depth: &mut usize, line: usize, found: &mut Vec<(usize, String)>) -> &'a str {
    let mut expect_name = *depth == 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => *depth += 1,
            '}' => {
                *depth -= 1;
                if *depth == 0 {
                    return &text[i + 1..];
                }
            }
            ',' if *depth == 1 => expect_name = true,
            c if expect_name && (c.is_alphanumeric() || c == '_') => {
                let name: String = text[i..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name != "self" {
                    found.push((line, name));
                }
                expect_name = false;
            }
            _ => {}
        }
    }
    ""
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`render` for src/render/search/mod.rs),
/// or `None` for the crate roots.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (name != "lib" && name != "main").then_some(name)
}

#[test]
fn no_module_imports_a_layer_above_its_own_or_beside_it() {
    let floors = floors();
    let floor_of: BTreeMap<&str, usize> = floors
        .iter()
        .enumerate()
        .flat_map(|(i, names)| names.iter().map(move |n| (n.as_str(), i)))
        .collect();
    assert!(floors.len() >= 8, "the diagram has {} floors: {floors:?}", floors.len());
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let Some(module) = module_of(&src, file) else { continue };
        let shown = file.strip_prefix(repo()).unwrap().display().to_string();
        let Some(&own) = floor_of.get(module.as_str()) else {
            problems.push(format!(
                "{shown}: module `{module}` is on no floor of ARCHITECTURE.md's diagram"
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (line, target) in crate_paths(&text) {
            if target == module {
                continue;
            }
            checked += 1;
            match floor_of.get(target.as_str()) {
                Some(&floor) if floor < own => {}
                Some(&floor) => problems.push(format!(
                    "{shown}:{line}: `{module}` (floor {}) imports `{target}` (floor {}): {}",
                    own + 1,
                    floor + 1,
                    if floor == own {
                        "a module beside it"
                    } else {
                        "a layer above it"
                    }
                )),
                None => problems.push(format!(
                    "{shown}:{line}: `crate::{target}` is on no floor of the diagram"
                )),
            }
        }
    }
    assert!(checked > 200, "only {checked} imports between modules were read");
    assert!(
        problems.is_empty(),
        "{} imports break the layers:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_reader_of_imports_sees_groups_nested_groups_and_paths_in_code() {
    let text = "use crate::a::X;\nuse crate::{b::{C, D}, e, self,\n    f::G};\n// crate::h is a comment\nlet x = crate::i::j();\n";
    let names: Vec<(usize, String)> = crate_paths(text);
    let names: Vec<(usize, &str)> = names.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(names, [(1, "a"), (2, "b"), (2, "e"), (3, "f"), (5, "i")]);
}
