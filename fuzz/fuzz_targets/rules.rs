//! The rule-file parser on arbitrary text: loading either succeeds or reports problems whose
//! spans lie inside the file on char boundaries (they are underlined at the TOML line and
//! column); a rule that loads is run, with the built-in ones, on a sample article.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spinlint_core::parallel::Sequential;
use spinlint_core::rules::{RuleSet, RuleSource};
use spinlint_core::{Engine, Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let source = || RuleSource { name: "fuzz.toml".into(), text: text.clone(), builtin: false };
    match RuleSet::load(vec![source()], &Sequential) {
        Err(errors) => {
            assert!(!errors.files.is_empty(), "an error names its file");
            for file in &errors.files {
                assert!(!file.problems.is_empty(), "a file in the errors has a problem");
                for problem in &file.problems {
                    let span = &problem.span;
                    assert!(span.start <= span.end && span.end <= file.text.len(), "{span:?} outside the file");
                    assert!(file.text.is_char_boundary(span.start) && file.text.is_char_boundary(span.end));
                    assert!(!problem.message.is_empty());
                }
            }
        }
        Ok(_) => {
            // It loads alone; beside the built-in rules it may still clash (a duplicate id).
            let options = Options { rule_sources: vec![source()], ..Options::default() };
            if let Ok(engine) = Engine::new(options) {
                let article = "There is no evidence. \"So-called experts,\" she said. What about them?\n";
                let file = engine.lint("a.txt", None, article.to_string());
                for finding in &file.findings {
                    assert!(finding.span.end <= file.text.len() && file.text.is_char_boundary(finding.span.start));
                }
            }
        }
    }
});
