//! Snapshots of the human and JSON output on every fixture article.

use spinlint::check::lint_text;
use spinlint::lint::Selection;
use spinlint::report::{human, json, Report};
use spinlint::rules::RuleSet;
use std::path::Path;

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut paths = Vec::new();
    for dir in ["fixtures", "fixtures/cases", "fixtures/quality", "fixtures/holdout", "fixtures/holdout2"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() && matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "md")) {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
}

fn report_for(path: &Path, rules: &RuleSet) -> Report {
    let text = String::from_utf8(std::fs::read(path).unwrap()).unwrap();
    let result = lint_text(path.display().to_string(), text, Vec::new(), rules, &Selection::defaults(rules));
    Report { files: vec![result], ..Report::default() }
}

#[test]
fn fixture_diagnostics() {
    let rules = RuleSet::builtin().unwrap();
    for path in fixtures() {
        let report = report_for(&path, &rules);
        let folder =
            path.parent().and_then(|p| p.file_name()).map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let prefix = if folder == "fixtures" { String::new() } else { format!("{folder}__") };
        let name = format!("{prefix}{}", path.file_stem().unwrap().to_string_lossy().replace('.', "_"));
        let mut human_out = Vec::new();
        human::write(&report, &mut human_out, false, false).unwrap();
        insta::assert_snapshot!(format!("{name}_human"), String::from_utf8(human_out).unwrap());
        let mut json_out = Vec::new();
        json::write(&report, &mut json_out).unwrap();
        insta::assert_snapshot!(format!("{name}_json"), String::from_utf8(json_out).unwrap());
    }
}
