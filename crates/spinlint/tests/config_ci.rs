//! Newsroom configuration, suppression, baselines and CI formats, in temporary folders.

mod common;
use common::*;

const PROBE: &str = "The claims are baseless and there is no evidence, because none exists.\n";

fn rules_of(output: &std::process::Output) -> Vec<String> {
    json(output)["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap().to_string()).collect()
}

fn categories_of(output: &std::process::Output) -> Vec<(String, String)> {
    json(output)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap().to_string(), d["category"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn per_glob_override_and_disabling_by_category() {
    let dir = TempDir::new("override");
    dir.write("spinlint.toml", "[[overrides]]\nfiles = [\"opinion/**\"]\ndisable = [\"no-evidence\"]\n");
    dir.write("opinion/column.md", PROBE);
    dir.write("news/report.md", PROBE);
    let output = spinlint_in(&["check", "--format", "json", "."], Some(dir.path()), None);
    let found = categories_of(&output);
    assert!(found.iter().any(|(p, c)| p.contains("news") && c == "no-evidence"), "{found:?}");
    assert!(!found.iter().any(|(p, c)| p.contains("opinion") && c == "no-evidence"), "{found:?}");
}

#[test]
fn config_severity_min_severity_and_allow() {
    let dir = TempDir::new("severity");
    dir.write("spinlint.toml", "allow = [\"baseless\"]\n[severity]\n\"no-evidence-none-exists\" = \"error\"\n");
    dir.write("a.md", PROBE);
    let output = spinlint_in(&["check", "--format", "json", "a.md"], Some(dir.path()), None);
    let doc = json(&output);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert!(diagnostics.iter().all(|d| d["rule"] != "no-evidence-baseless"), "allowed term still fires");
    assert!(diagnostics.iter().any(|d| d["rule"] == "no-evidence-none-exists" && d["severity"] == "error"));
    dir.write("spinlint.toml", "min-severity = \"error\"\n");
    let output = spinlint_in(&["check", "--format", "json", "a.md"], Some(dir.path()), None);
    assert!(rules_of(&output).is_empty());
}

#[test]
fn config_is_found_in_a_parent_folder_and_errors_point_into_it() {
    let dir = TempDir::new("discover");
    dir.write("spinlint.toml", "disable = [\"no-evidence\"]\n");
    dir.write("desk/sub/a.md", PROBE);
    let output = spinlint_in(&["check", "--format", "json", "a.md"], Some(&dir.path().join("desk/sub")), None);
    assert!(rules_of(&output).iter().all(|r| !r.starts_with("no-evidence")));
    dir.write("spinlint.toml", "include = [\"*.md\"]\ndisabel = [\"no-evidence\"]\n");
    let output = spinlint_in(&["check", "a.md"], Some(&dir.path().join("desk/sub")), None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("spinlint.toml:2:1"), "{}", stderr(&output));
    dir.write("spinlint.toml", "disable = [\"no-such-rule\"]\n");
    let output = spinlint_in(&["check", "a.md"], Some(&dir.path().join("desk/sub")), None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("spinlint.toml:1:12"), "{}", stderr(&output));
}

#[test]
fn include_exclude_and_gitignore() {
    let dir = TempDir::new("walk-config");
    dir.write("spinlint.toml", "include = [\"**/*.md\"]\nexclude = [\"archive/**\"]\n");
    dir.write(".gitignore", "ignored/\n");
    dir.write("a.md", PROBE);
    dir.write("b.txt", PROBE);
    dir.write("archive/old.md", PROBE);
    dir.write("ignored/x.md", PROBE);
    let output = spinlint_in(&["check", "--format", "json", "."], Some(dir.path()), None);
    let paths: std::collections::BTreeSet<String> = categories_of(&output).into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths.into_iter().collect::<Vec<_>>(), vec!["./a.md".to_string()]);
}

#[test]
fn each_suppression_form_and_unused_suppressions() {
    let dir = TempDir::new("suppress");
    dir.write(
        "a.md",
        "Intro.\n\n<!-- spinlint-disable-next-line no-evidence-baseless -- checked with the desk -->\nThe claims are baseless.\n\n<!-- spinlint-disable no-evidence -->\nThere is no evidence, because none exists.\n<!-- spinlint-enable no-evidence -->\n\nThe charges are groundless.\n\n<!-- spinlint-disable-next-line whataboutism-what-about -->\nA calm sentence.\n",
    );
    dir.write(
        "b.txt",
        "Intro.\n\nspinlint-disable-next-line no-evidence-baseless -- reviewed\nThe claims are baseless.\n",
    );
    let output = spinlint_in(&["check", "--format", "json", "a.md", "b.txt"], Some(dir.path()), None);
    let doc = json(&output);
    let found: Vec<(String, String, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("a.md".to_string(), "no-evidence-baseless".to_string(), 10),
            ("a.md".to_string(), "unused-suppression".to_string(), 12),
        ]
    );
}

#[test]
fn baseline_survives_lines_moving() {
    let dir = TempDir::new("baseline");
    dir.write("a.md", "The claims are baseless.\n\nExperts say it will fail.\n");
    let output = spinlint_in(&["check", "--write-baseline", "base.json", "a.md"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(1));
    dir.write("a.md", "A new first paragraph.\n\nAnother one.\n\nThe claims are baseless.\n\nExperts say it will fail.\n\nThere is no evidence, because none exists.\n");
    let output = spinlint_in(&["check", "--format", "json", "--baseline", "base.json", "a.md"], Some(dir.path()), None);
    let rules = rules_of(&output);
    assert!(!rules.is_empty() && rules.iter().all(|r| r.starts_with("no-evidence-none")), "{rules:?}");
    dir.write("a.md", "The claims are baseless.\n\nExperts say it will fail.\n");
    let output = spinlint_in(&["check", "--baseline", "base.json", "a.md"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// A baseline keys files to the project root (the folder of spinlint.toml), so a run from a
/// subfolder, or with the path typed another way, still recognises the old findings; the file
/// holds relative paths with `/`.
#[test]
fn baseline_paths_are_keyed_to_the_project_root() {
    let dir = TempDir::new("baseline-root");
    dir.write("spinlint.toml", "");
    dir.write("news/desk/a.md", PROBE);
    let output = spinlint_in(&["check", "--write-baseline", "baseline.json", "news"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("baseline.json")).unwrap()).unwrap();
    assert!(written["findings"].as_array().unwrap().iter().all(|f| f["path"] == "news/desk/a.md"), "{written}");
    let absolute = dir.path().join("news/desk/a.md").display().to_string();
    let runs: [(&[&str], &str); 4] = [
        (&["check", "--baseline", "../baseline.json", "."], "news"),
        (&["check", "--baseline", "../../baseline.json", "a.md"], "news/desk"),
        (&["check", "--baseline", "baseline.json", "./news//desk/a.md"], ""),
        (&["check", "--baseline", "baseline.json", &absolute], ""),
    ];
    for (args, from) in runs {
        let output = spinlint_in(args, Some(&dir.path().join(from)), None);
        assert_eq!(output.status.code(), Some(0), "{args:?} from {from:?}: {}", stdout(&output));
    }
}

/// A file outside the project is keyed by where it is, so it is one file whichever folder of the
/// project the run starts in.
#[test]
fn baseline_paths_outside_the_project_do_not_depend_on_the_working_folder() {
    let dir = TempDir::new("baseline-outside");
    dir.write("project/spinlint.toml", "");
    dir.write("project/desk/notes.md", "The council met on Tuesday.\n");
    dir.write("shared/b.md", PROBE);
    let project = dir.path().join("project");
    let output = spinlint_in(&["check", "--write-baseline", "baseline.json", "../shared/b.md"], Some(&project), None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let output = spinlint_in(
        &["check", "--baseline", "../baseline.json", "../../shared/b.md"],
        Some(&project.join("desk")),
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn fail_on_sets_the_exit_code() {
    let dir = TempDir::new("fail-on");
    // Only an info finding: a deflection inside an attributed quotation.
    dir.write("a.md", "“The union bears full responsibility,” the minister said on Monday.\n");
    let run = |level: &str| spinlint_in(&["check", "--fail-on", level, "a.md"], Some(dir.path()), None).status.code();
    assert_eq!(run("warning"), Some(0));
    assert_eq!(run("info"), Some(1));
    dir.write("b.md", PROBE);
    assert_eq!(spinlint_in(&["check", "--fail-on", "error", "b.md"], Some(dir.path()), None).status.code(), Some(0));
    assert_eq!(spinlint_in(&["check", "--fail-on", "warning", "b.md"], Some(dir.path()), None).status.code(), Some(1));
}

#[test]
fn parallel_runs_give_the_same_output_as_one_thread() {
    let dir = TempDir::new("parallel");
    for i in 0..40 {
        dir.write(
            &format!("d{}/a{i}.md", i % 4),
            format!("Story {i}.\n\n{PROBE}\nExperts say the plan {i} will fail.\n"),
        );
    }
    let one = spinlint_in(&["check", "--format", "json", "-j", "1", "."], Some(dir.path()), None);
    for _ in 0..3 {
        let many = spinlint_in(&["check", "--format", "json", "-j", "4", "."], Some(dir.path()), None);
        assert_eq!(stdout(&one), stdout(&many));
    }
}

#[test]
fn init_writes_a_starter_file_once() {
    let dir = TempDir::new("init");
    let output = spinlint_in(&["init"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(0));
    assert!(dir.path().join("spinlint.toml").is_file());
    assert_eq!(spinlint_in(&["init"], Some(dir.path()), None).status.code(), Some(2));
    dir.write("a.md", PROBE);
    assert_eq!(spinlint_in(&["check", "a.md"], Some(dir.path()), None).status.code(), Some(1));
}

#[test]
fn statistics_count_per_rule() {
    let output = spinlint(&["check", "--statistics", "fixtures/002_d5cb796267d5ed39.txt"]);
    let out = stdout(&output);
    assert!(out.lines().any(|l| l.contains("quote-mocking-sic") && l.trim_start().starts_with('5')), "{out}");
    // With a machine format, the report stays whole on stdout and the counts go to stderr, as
    // --help says.
    let output = spinlint(&["check", "--statistics", "--format", "json", "fixtures/002_d5cb796267d5ed39.txt"]);
    assert!(json(&output)["diagnostics"].as_array().is_some_and(|d| !d.is_empty()));
    assert!(stderr(&output).lines().any(|l| l.contains("quote-mocking-sic")), "{}", stderr(&output));
    let help = stdout(&spinlint(&["check", "--help"])).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("With any format but human the report is still written"), "{help}");
    assert!(help.contains("the counts go to standard error"), "{help}");
}

#[test]
fn allowed_terms_match_words_and_an_empty_term_is_an_error() {
    let dir = TempDir::new("allow-terms");
    dir.write("spinlint.toml", "allow = [\"BASELESS claims\"]\n");
    dir.write("a.md", "“İstanbul” — the claims are baseless. Baseless claims, again.\n");
    let output = spinlint_in(&["check", "--format", "json", "a.md"], Some(dir.path()), None);
    assert!(output.status.code() == Some(0) || output.status.code() == Some(1), "{}", stderr(&output));
    let rules = rules_of(&output);
    // `claims are baseless` is not the allowed phrase; `Baseless claims` is.
    assert_eq!(rules.iter().filter(|r| *r == "no-evidence-baseless").count(), 1, "{rules:?}");
    dir.write("spinlint.toml", "allow = [\"\"]\n");
    let output = spinlint_in(&["check", "a.md"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("spinlint.toml:1:10"), "{}", stderr(&output));
}

#[test]
fn a_reason_mentioning_spinlint_is_part_of_its_directive() {
    let dir = TempDir::new("reason");
    dir.write(
        "a.md",
        "<!-- spinlint-disable-next-line no-evidence-baseless -- see spinlint-docs -->\nThe claims are baseless.\n",
    );
    let output = spinlint_in(&["check", "--format", "json", "a.md"], Some(dir.path()), None);
    assert!(rules_of(&output).is_empty(), "{:?}", rules_of(&output));
}

/// The workflow of docs/rules.md: a rules folder named in spinlint.toml and also passed with
/// `--rules` (spelt differently) is loaded once, not reported as duplicating itself.
#[test]
fn a_rules_folder_named_twice_is_loaded_once() {
    let dir = TempDir::new("rules-twice");
    let rules = std::fs::read_dir(root().join("fixtures/custom-rules")).unwrap();
    std::fs::create_dir_all(dir.path().join("newsroom")).unwrap();
    for entry in rules.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "toml")) {
        std::fs::copy(entry.path(), dir.path().join("newsroom").join(entry.file_name())).unwrap();
    }
    dir.write("spinlint.toml", "rules = [\"newsroom\"]\n");
    dir.write("draft.txt", "Plain words.\n");
    for spelling in ["newsroom", "./newsroom", "newsroom/"] {
        let out = spinlint_in(&["check", "--rules", spelling, "draft.txt"], Some(dir.path()), None);
        assert_eq!(out.status.code(), Some(0), "--rules {spelling}: {}", stderr(&out));
    }
    let out = spinlint_in(&["test", "newsroom"], Some(dir.path()), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// `.spinlint.toml` is found as `spinlint.toml` is; in one folder, `spinlint.toml` comes first.
#[test]
fn a_hidden_dot_spinlint_toml_is_found_too() {
    let dir = TempDir::new("discover-hidden");
    dir.write(".spinlint.toml", "disable = [\"no-evidence\"]\n");
    dir.write("desk/a.md", format!("The so-called experts agree. {PROBE}"));
    let output = spinlint_in(&["check", "--format", "json", "a.md"], Some(&dir.path().join("desk")), None);
    let rules = rules_of(&output);
    assert!(!rules.is_empty() && rules.iter().all(|r| !r.starts_with("no-evidence")), "{rules:?}");
    dir.write("spinlint.toml", "disable = [\"loaded-language\"]\n");
    let output = spinlint_in(&["check", "--format", "json", "a.md"], Some(&dir.path().join("desk")), None);
    assert!(rules_of(&output).iter().any(|r| r.starts_with("no-evidence")), "spinlint.toml wins");
}

/// `--exit-zero`: findings do not fail the run; a file that cannot be read still does.
#[test]
fn exit_zero_passes_findings_but_not_errors() {
    let dir = TempDir::new("exit-zero");
    dir.write("b.md", PROBE);
    let run = |args: &[&str]| spinlint_in(args, Some(dir.path()), None).status.code();
    assert_eq!(run(&["check", "b.md"]), Some(1));
    assert_eq!(run(&["check", "--exit-zero", "b.md"]), Some(0));
    assert_eq!(run(&["check", "--exit-zero", "b.md", "missing.md"]), Some(2));
    assert_eq!(run(&["check", "--exit-zero", "--fail-on", "info", "b.md"]), Some(2), "the two conflict");
}

/// `--force-exclude`: a file named on the command line (as pre-commit names every changed file)
/// is skipped when the `exclude` globs match it, as a walked folder's file is; without the flag
/// a named file is always linted.
#[test]
fn force_exclude_applies_exclude_to_named_files_and_stdin() {
    let dir = TempDir::new("force-exclude");
    dir.write("spinlint.toml", "exclude = [\"archive/**\"]\n");
    dir.write("archive/old.md", PROBE);
    dir.write("desk/new.md", PROBE);
    let linted = |args: &[&str], stdin: Option<&str>| -> Vec<String> {
        let output = spinlint_in(args, Some(dir.path()), stdin);
        let mut paths: Vec<String> = json(&output)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect();
        paths.dedup();
        paths
    };
    let named = ["check", "--format", "json", "archive/old.md", "desk/new.md"];
    assert_eq!(linted(&named, None), ["archive/old.md", "desk/new.md"]);
    let forced = ["check", "--format", "json", "--force-exclude", "archive/old.md", "desk/new.md"];
    assert_eq!(linted(&forced, None), ["desk/new.md"]);
    let stdin = ["check", "--format", "json", "--force-exclude", "--stdin-filename", "archive/x.md", "-"];
    assert!(linted(&stdin, Some(PROBE)).is_empty());
    let output = spinlint_in(&["check", "--force-exclude", "archive/old.md"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(0), "nothing left to lint is a clean run: {}", stderr(&output));
}

/// The pre-commit hook lints the article formats only (never `.py` or `.yaml`), and named files
/// honour `exclude`.
#[test]
fn the_pre_commit_hook_lints_article_formats_only() {
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let field = |key: &str| {
        hooks.lines().find_map(|l| l.trim().strip_prefix(key)).map(str::trim).unwrap_or_else(|| panic!("no {key}"))
    };
    assert!(field("entry:").contains("--force-exclude"));
    assert!(!hooks.contains("types_or"), "text would take every text file");
    let files = regex::Regex::new(field("files:")).unwrap();
    for extension in spinlint_core::config::DEFAULT_EXTENSIONS {
        assert!(files.is_match(&format!("desk/story.{extension}")), "{extension}");
        assert!(files.is_match(&format!("desk/STORY.{}", extension.to_uppercase())), "{extension}");
    }
    for other in ["tool.py", "ci.yaml", "src/main.rs", "README", "notes.md.orig", "Makefile"] {
        assert!(!files.is_match(other), "{other}");
    }
}

/// An unknown rule id in `[overrides.severity]` (or `[severity]`) is reported at the key, with
/// a did-you-mean; a misspelt configuration key gets one too.
#[test]
fn unknown_names_in_the_configuration_point_at_the_key() {
    let dir = TempDir::new("config-key");
    dir.write("a.md", PROBE);
    dir.write(
        "spinlint.toml",
        "[[overrides]]\nfiles = [\"**\"]\n[overrides.severity]\n\"no-evidence-none-exist\" = \"error\"\n",
    );
    let output = spinlint_in(&["check", "a.md"], Some(dir.path()), None);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("spinlint.toml:4:1"), "the caret at the key: {err}");
    assert!(err.contains("did you mean `no-evidence-none-exists`?"), "{err}");
    dir.write("spinlint.toml", "[severity]\nloaded-languge = \"info\"\n");
    let err = stderr(&spinlint_in(&["check", "a.md"], Some(dir.path()), None));
    assert!(err.contains("spinlint.toml:2:1") && err.contains("did you mean `loaded-language`?"), "{err}");
    dir.write("spinlint.toml", "exlude = [\"archive/**\"]\n");
    let err = stderr(&spinlint_in(&["check", "a.md"], Some(dir.path()), None));
    assert!(err.contains("did you mean `exclude`?"), "{err}");
}

/// `--write-baseline` with `--quiet` prints nothing but the report, and still records the info
/// findings that --quiet leaves out of it (a later run without --quiet must not see them as
/// new); a run with the baseline says how many findings it hid.
#[test]
fn a_quiet_baseline_is_quiet_and_complete_and_hidden_findings_are_counted() {
    let dir = TempDir::new("baseline-quiet");
    dir.write("a.md", format!("{PROBE}\n“The union bears full responsibility,” the minister said on Monday.\n"));
    let output = spinlint_in(&["check", "--quiet", "--write-baseline", "base.json", "a.md"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "", "quiet");
    let output = spinlint_in(&["check", "--format", "json", "a.md"], Some(dir.path()), None);
    let all = json(&output)["diagnostics"].as_array().unwrap().len();
    assert!(
        rules_of(&output).iter().any(|r| r.starts_with("blame")),
        "an info finding to record: {:?}",
        rules_of(&output)
    );
    let output = spinlint_in(&["check", "--format", "json", "--baseline", "base.json", "a.md"], Some(dir.path()), None);
    assert_eq!(rules_of(&output), Vec::<String>::new(), "every finding, info too, is in the baseline");
    assert!(
        stderr(&output).contains(&format!("info: {all} findings not shown: in the baseline base.json")),
        "{}",
        stderr(&output)
    );
    // A baseline that hid nothing says nothing (not "0 findings not shown").
    dir.write("b.md", "The council met on Tuesday.\n");
    let output = spinlint_in(&["check", "--baseline", "base.json", "b.md"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(0));
    assert!(!stderr(&output).contains("not shown"), "{}", stderr(&output));
}

/// `--select` and `--ignore` choose rules by id or category over the configuration; an unknown
/// name is an error with a did-you-mean.
#[test]
fn select_and_ignore_on_the_command_line() {
    let dir = TempDir::new("select-ignore");
    dir.write("a.md", format!("The so-called experts agree. {PROBE}"));
    dir.write("spinlint.toml", "disable = [\"no-evidence-baseless\"]\n");
    let rules = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("a.md");
        let mut found = rules_of(&spinlint_in(&all, Some(dir.path()), None));
        found.sort();
        found.dedup();
        found
    };
    let everything = rules(&[]);
    assert!(everything.iter().any(|r| r.starts_with("no-evidence")) && everything.len() > 2, "{everything:?}");
    assert!(!everything.contains(&"no-evidence-baseless".to_string()), "off in spinlint.toml");
    let selected = rules(&["--select", "no-evidence"]);
    assert!(!selected.is_empty() && selected.iter().all(|r| r.starts_with("no-evidence")), "{selected:?}");
    assert!(
        !selected.contains(&"no-evidence-baseless".to_string()),
        "--select no-evidence keeps the config's choice? {selected:?}"
    );
    let by_id = rules(&["--select", "no-evidence-baseless,no-evidence-none-exists"]);
    assert_eq!(by_id, ["no-evidence-baseless", "no-evidence-none-exists"], "an id named is on, over the config");
    let ignored = rules(&["--ignore", "no-evidence"]);
    assert_eq!(ignored, everything.iter().filter(|r| !r.starts_with("no-evidence")).cloned().collect::<Vec<_>>());
    let both = rules(&["--select", "no-evidence", "--ignore", "no-evidence-none-exists"]);
    assert!(!both.contains(&"no-evidence-none-exists".to_string()), "{both:?}");
    let output = spinlint_in(&["check", "--ignore", "no-evidnce", "a.md"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("did you mean `no-evidence`?"), "{}", stderr(&output));
}

/// `--output-file` writes the report to a file (never linting that file when it lies in a walked
/// folder); standard output stays empty; a file that cannot be written is an error naming it.
#[test]
fn output_file_takes_the_report() {
    let dir = TempDir::new("output-file");
    dir.write("a.md", PROBE);
    let output = spinlint_in(&["check", "--format", "json", "-o", "report.json", "a.md"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert!(report["diagnostics"].as_array().is_some_and(|d| !d.is_empty()), "{report}");
    let output = spinlint_in(&["check", "--output-file", "report.txt", "."], Some(dir.path()), None);
    let written = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(output.stdout.is_empty() && written.contains("a.md:1:"), "{written}");
    assert!(!written.contains("report.txt") && written.contains("in 1 file"), "the report is not linted: {written}");
    assert!(!written.contains('\u{1b}'), "no colour in a file");
    let output = spinlint_in(&["check", "-o", "./a.md", "a.md"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(2), "an article named as the report file is refused");
    assert_eq!(std::fs::read_to_string(dir.path().join("a.md")).unwrap(), PROBE, "and left as it was");
    let output = spinlint_in(&["check", "-o", "missing-folder/report.txt", "a.md"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("missing-folder/report.txt"), "{}", stderr(&output));
}
