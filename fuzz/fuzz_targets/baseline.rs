//! The baseline reader on arbitrary text: it parses (a known version) or gives an error that
//! can be shown; a baseline that parses filters a real run's findings to a subset, and a
//! baseline written from a run hides all of that run's findings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spinlint_core::config::Config;
use spinlint_core::suppress::baseline::Baseline;
use spinlint_core::{Engine, FileResult};
use std::sync::OnceLock;

/// A project root the sample's paths are inside (nothing is read from it).
fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config::defaults(std::path::Path::new(".")))
}

fn sample() -> &'static Vec<FileResult> {
    static FILES: OnceLock<Vec<FileResult>> = OnceLock::new();
    FILES.get_or_init(|| {
        let engine = Engine::builtin().expect("the built-in rules load");
        let text = "There is no evidence. So-called experts agree. What about the others?\n";
        vec![engine.lint("a.txt", None, text.to_string()), engine.lint("b/c.md", None, text.repeat(2))]
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Baseline::parse(&text) {
        Err(error) => assert!(!error.to_string().is_empty()),
        Ok(baseline) => {
            let mut files = sample().clone();
            baseline.filter(&mut files, config());
            for (after, before) in files.iter().zip(sample()) {
                assert!(after.findings.iter().all(|f| before.findings.contains(f)), "only findings of the run remain");
            }
            let mut streamed = sample().clone();
            let mut filter = baseline.start_filter(config());
            for file in streamed.chunks_mut(1) {
                filter.filter(file);
            }
        }
    }
    // Round trip: a baseline of the sample hides all of it.
    let own = Baseline::from_files(sample(), config());
    let json = serde_json::to_string(&own).expect("a baseline serialises");
    let own = Baseline::parse(&json).expect("a written baseline reads back");
    let mut files = sample().clone();
    own.filter(&mut files, config());
    assert!(files.iter().all(|f| f.findings.is_empty()));
});
