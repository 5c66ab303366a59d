//! Snapshots of the human output on every fixture article that is not held out: what a reporter
//! sees from `spinlint check`, one snapshot per article. The other formats render the same
//! findings and are checked by the command line's format tests; the held-out sets are measured
//! by `spinlint quality`, never snapshotted.

use spinlint_core::Engine;
use spinlint_report::{human, Report, Settings};
use spinlint_suite::{articles_in, root, SNAPSHOT_FOLDERS};

#[test]
fn fixture_diagnostics() {
    let engine = Engine::builtin().unwrap();
    let mut count = 0;
    for folder in SNAPSHOT_FOLDERS {
        for path in articles_in(folder) {
            let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
            let shown = path.strip_prefix(root()).unwrap_or(&path).display().to_string();
            let report = Report { files: vec![engine.lint(shown, None, text)], ..Report::default() };
            let prefix = match folder.strip_prefix("fixtures/") {
                Some(sub) => format!("{sub}__"),
                None => String::new(),
            };
            let name = format!("{prefix}{}", path.file_stem().unwrap().to_string_lossy().replace('.', "_"));
            let mut out = Vec::new();
            human::write(&report, &mut out, &Settings { width: 100, ..Settings::default() }).unwrap();
            insta::assert_snapshot!(format!("{name}_human"), String::from_utf8(out).unwrap());
            count += 1;
        }
    }
    assert!(count >= 40, "{count} fixture articles");
}
