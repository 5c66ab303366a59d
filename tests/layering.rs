//! The core's modules import only downwards along the data path: `lib.rs` lists them lowest
//! first, and a module may use (`crate::name`) only modules listed before it. So no import
//! cycle can come back, and nothing low (words, the document) reaches up (rules, the lint, the
//! configuration). In-file `#[cfg(test)] mod tests` blocks may reach anywhere.

use spinlint_suite::root;
use std::path::{Path, PathBuf};

/// The core's top-level modules in the order `lib.rs` declares them.
fn declared_order(src: &Path) -> Vec<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("the core's lib.rs");
    lib.lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod ").or_else(|| line.trim().strip_prefix("mod ")))
        .filter_map(|rest| rest.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

fn files_of(src: &Path, module: &str) -> Vec<PathBuf> {
    let file = src.join(format!("{module}.rs"));
    if file.is_file() {
        return vec![file];
    }
    let mut files = Vec::new();
    let mut folders = vec![src.join(module)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a module folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The modules a source file names as `crate::name` or in `use crate::{a, b}`, outside its tests.
fn used_modules(text: &str, modules: &[String]) -> Vec<String> {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    let mut used = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => group.split('}').next().unwrap_or("").split([',', ' ', '\n', ':']).collect(),
            None => vec![rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("")],
        };
        for name in names {
            if modules.iter().any(|m| m == name) && !used.iter().any(|u| u == name) {
                used.push(name.to_string());
            }
        }
    }
    used
}

#[test]
fn core_modules_use_only_modules_below_them() {
    let src = root().join("crates/spinlint-core/src");
    let order = declared_order(&src);
    assert!(order.len() >= 15, "the core's modules: {order:?}");
    let mut against = Vec::new();
    for (rank, module) in order.iter().enumerate() {
        for file in files_of(&src, module) {
            let text = std::fs::read_to_string(&file).expect("a source file");
            for used in used_modules(&text, &order) {
                let used_rank = order.iter().position(|m| *m == used).expect("a declared module");
                if used_rank >= rank && used != *module {
                    against.push(format!("{} uses {used}, listed after {module}", file.display()));
                }
            }
        }
    }
    assert!(against.is_empty(), "imports against the order of lib.rs:\n{}", against.join("\n"));
}

#[test]
fn the_check_sees_an_import_against_the_order() {
    let modules: Vec<String> = ["span", "document", "rules"].map(String::from).to_vec();
    let text = "use crate::span::Span;\nuse crate::{rules, document::Document};\nfn f() { crate::rules::x(); }\n\
                #[cfg(test)]\nmod tests { use crate::engine; }\n";
    assert_eq!(used_modules(text, &modules), ["span", "rules", "document"]);
}
