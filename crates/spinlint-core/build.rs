//! Embeds every rule file `rules/*.toml` of the workspace in the library, so adding a built-in
//! rule needs no Rust. `rules/categories.toml` is data about categories, not rules: it is
//! embedded on its own, for `category.rs`.

use std::fmt::Write;
use std::path::PathBuf;

/// The file of `rules/` that holds the categories, not rules.
const CATEGORIES: &str = "categories.toml";

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    // `rules` is a link to the workspace's `rules/` so that `cargo package` takes the files. A
    // Windows checkout without symbolic links (git's core.symlinks=false) makes it a small text
    // file instead: then read the workspace's folder directly.
    let dir = [manifest.join("rules"), manifest.join("../../rules")]
        .into_iter()
        .find(|dir| dir.is_dir())
        .expect("the rules folder: crates/spinlint-core/rules or the workspace's rules/");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml") && n != CATEGORIES)
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("pub const FILES: &[(&str, &str)] = &[\n");
    // FNV-1a over the files' names and texts: the compiled form of the rules (spinlint-builtin)
    // records it, and is used only by a library built from the same files.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |bytes: &[u8]| {
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(out, "    ({name:?}, include_str!({:?})),", path.display().to_string());
        let text = std::fs::read(&path).expect("a rule file of the rules folder is readable");
        add(name.as_bytes());
        add(&[0]);
        add(&text);
        add(&[0]);
    }
    out.push_str("];\n");
    let categories = dir.join(CATEGORIES);
    println!("cargo:rerun-if-changed={}", categories.display());
    // The categories are part of what the compiled rules were made from, too.
    add(&std::fs::read(&categories).expect("rules/categories.toml is readable"));
    let _ = writeln!(out, "pub const SOURCES_HASH: u64 = {hash:#x};");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("builtin_rules.rs"), out).expect("OUT_DIR is writable");
    let categories = format!("include_str!({:?})\n", categories.display().to_string());
    std::fs::write(out_dir.join("builtin_categories.rs"), categories).expect("OUT_DIR is writable");
}
