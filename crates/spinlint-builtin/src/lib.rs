//! spinlint's built-in rules, compiled when this crate is built.
//!
//! Compiling the built-in rule files at start-up cost about 60 million instructions, most of a
//! short run (an editor's check of one draft, a CI job over one file). This crate's build script
//! compiles them once; a front end passes [`RULES`] to the engine, which reads them back instead
//! (about 12 million instructions). The engine still compiles a newsroom's own rules at start-up,
//! and compiles the built-in ones too if these bytes do not match its version or rule files.
//!
//! ```no_run
//! let engine = spinlint_core::Engine::new(spinlint_builtin::options()).expect("the built-in rules");
//! ```

use spinlint_core::engine::Options;
use spinlint_core::rules::BuiltinRules;

/// The built-in rules compiled by this crate's build script.
pub const RULES: BuiltinRules = BuiltinRules::Compiled(include_bytes!(concat!(env!("OUT_DIR"), "/rules.postcard")));

/// The engine's default options with the compiled built-in rules.
pub fn options() -> Options {
    Options { builtin: RULES, ..Options::default() }
}
