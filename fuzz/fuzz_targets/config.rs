//! The configuration parser on arbitrary text: `spinlint.toml` either parses or reports problems
//! whose spans lie inside the file on char boundaries; a configuration that parses is checked
//! against the built-in rules and asked about a few paths, as a run asks.
#![no_main]

mod support;

use libfuzzer_sys::fuzz_target;
use spinlint_core::config::Config;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Config::parse(Path::new("project/spinlint.toml"), &text) {
        Err(error) => {
            assert!(!error.problems.is_empty(), "an error has a problem");
            for problem in &error.problems {
                let span = &problem.span;
                assert!(span.start <= span.end && span.end <= error.text.len(), "{span:?} outside the file");
                assert!(error.text.is_char_boundary(span.start) && error.text.is_char_boundary(span.end));
            }
        }
        Ok(config) => {
            let rules = support::builtin_rules();
            if let Err(error) = config.validate(rules) {
                for problem in &error.problems {
                    assert!(problem.span.end <= error.text.len() && error.text.is_char_boundary(problem.span.start));
                }
            } else {
                for path in ["project/a.txt", "project/news/b.md", "elsewhere/c.txt", "project/drafts/d e.markdown"] {
                    let path = Path::new(path);
                    let _ = config.is_included(path);
                    let overrides = config.overrides_for(path);
                    let _ = config.file_settings(rules, &overrides);
                }
            }
        }
    }
});
