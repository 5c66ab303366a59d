//! Compiles the built-in rules with spinlint-core (the same source the front end links) and
//! writes their stored form to `OUT_DIR/rules.postcard`, which `src/lib.rs` embeds.
//!
//! Cargo runs this again whenever spinlint-core is rebuilt, which it is when a file of `rules/`
//! changes (its own build script watches them).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let bytes = spinlint_core::rules::compiled::compile_builtin().unwrap_or_else(|errors| {
        let problems: Vec<String> = errors
            .files
            .iter()
            .flat_map(|file| file.problems.iter().map(move |p| format!("{}: {}", file.name, p.message)))
            .collect();
        panic!("the built-in rules do not compile:\n{}", problems.join("\n"))
    });
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("rules.postcard"), bytes).expect("OUT_DIR is writable");
}
