//! Reliability: no crash and no silent loss, whatever the input, the output or the options.

mod common;

use common::{json, spinlint, spinlint_in, stderr, stdout, TempDir};
use std::path::Path;
use std::process::{Command, Stdio};

const CLAIM: &str = "There is no evidence, because none exists.";

fn s(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

fn no_crash(output: &std::process::Output, what: &str) {
    assert!(output.status.code().is_some(), "{what}: killed by a signal: {:?}", output.status);
    assert_ne!(output.status.code(), Some(101), "{what}: panicked: {}", stderr(output));
    assert!(!stderr(output).contains("panicked"), "{what}: {}", stderr(output));
}

/// A rule whose phrase nests groups `depth` deep.
fn nested_rule(depth: usize) -> String {
    format!(
        "id = \"deep\"\ncategory = \"loaded-language\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\n\
         phrases = [\"{}x{}\"]\n",
        "(".repeat(depth),
        ")".repeat(depth)
    )
}

#[test]
fn a_rule_nested_thousands_deep_is_an_error_at_its_line() {
    let dir = TempDir::new("nested-rule");
    dir.write("rules/deep.toml", nested_rule(2_200));
    let article = dir.write("a.txt", format!("{CLAIM}\n"));
    let rules = s(&dir.path().join("rules")).to_string();
    for args in [
        vec!["check", "--rules", &rules, s(&article)],
        vec!["rules", "--rules", &rules],
        vec!["test", &rules],
        vec!["explain", "--rules", &rules, "deep"],
    ] {
        let output = spinlint(&args);
        no_crash(&output, args[0]);
        assert_eq!(output.status.code(), Some(2), "{}: {}", args[0], stderr(&output));
        let err = stderr(&output);
        assert!(err.contains("nested more than") && err.contains("deep.toml:6:"), "{}: {err}", args[0]);
    }
}

#[test]
fn every_command_reports_a_full_disk_and_ends_quietly_but_failed_on_a_closed_pipe() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    let commands: [&[&str]; 7] = [
        &["check", "fixtures"],
        &["parse", "fixtures/custom-rules/sources-say.toml"],
        &["explain", "no-evidence-baseless"],
        &["rules"],
        &["rules", "--phrases"],
        &["test"],
        &["quality", "fixtures/quality"],
    ];
    for args in commands {
        let full = std::fs::File::create("/dev/full").expect("/dev/full opens");
        let output = Command::new(env!("CARGO_BIN_EXE_spinlint"))
            .args(args)
            .current_dir(common::root())
            .env("NO_COLOR", "1")
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .expect("spinlint runs");
        no_crash(&output, args[0]);
        assert_eq!(output.status.code(), Some(2), "{args:?} on a full disk: {}", stderr(&output));
        assert!(stderr(&output).contains("No space left"), "{args:?}: {}", stderr(&output));

        // The reader closes the pipe before anything is written: closed before the start, so a
        // quick command cannot write into the pipe's buffer first (it did under load).
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = Command::new(env!("CARGO_BIN_EXE_spinlint"))
            .args(args)
            .current_dir(common::root())
            .env("NO_COLOR", "1")
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("spinlint runs");
        no_crash(&output, args[0]);
        assert_eq!(output.status.code(), Some(2), "{args:?} on a closed pipe: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{args:?}: a closed pipe is not an error to report");
    }
}

#[test]
fn a_huge_thread_count_is_capped_and_the_run_finishes() {
    let dir = TempDir::new("threads");
    for i in 0..20 {
        dir.write(&format!("{i}.txt"), format!("{CLAIM}\n"));
    }
    let output = spinlint(&["check", "--format", "json", "-j", "100000", s(dir.path())]);
    no_crash(&output, "-j 100000");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(json(&output)["summary"]["files"], 20);
    let help = stdout(&spinlint(&["check", "--help"]));
    assert!(help.contains("at most 4 per core"), "{help}");
}

#[test]
fn a_long_file_truncated_while_it_is_linted_does_not_kill_the_run() {
    let dir = TempDir::new("truncated");
    let paragraph = format!("{CLAIM} The so-called experts disagreed, officials said.\n\n");
    let long = dir.write("long.txt", paragraph.repeat(5 << 20 >> 7));
    let other = dir.write("other.txt", format!("{CLAIM}\n"));
    let child = Command::new(env!("CARGO_BIN_EXE_spinlint"))
        .args(["check", "--format", "json", "-j", "1", s(&long), s(&other)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spinlint runs");
    // Long enough for the file to be open and read, short of the lint's end.
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::OpenOptions::new().write(true).open(&long).unwrap().set_len(0).unwrap();
    let output = child.wait_with_output().expect("spinlint finishes");
    no_crash(&output, "truncated");
    assert!(matches!(output.status.code(), Some(1 | 2)), "{}", stderr(&output));
    let report = json(&output);
    let paths: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert!(paths.iter().any(|p| p.ends_with("other.txt")), "the other file's findings are kept");
}

#[test]
fn closed_standard_input_is_an_error_not_an_empty_article() {
    let output = Command::new("sh")
        .args(["-c", "exec \"$0\" check - <&-", env!("CARGO_BIN_EXE_spinlint")])
        .output()
        .expect("sh runs");
    no_crash(&output, "closed stdin");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("standard input is closed"), "{}", stderr(&output));
    // An empty one is an empty article; so is /dev/null, opened read-write as Python's
    // `subprocess.DEVNULL` opens it.
    let output = spinlint_in(&["check", "-"], None, Some(""));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let null = std::fs::OpenOptions::new().read(true).write(true).open("/dev/null").expect("/dev/null");
    let output = Command::new(env!("CARGO_BIN_EXE_spinlint"))
        .args(["check", "-"])
        .stdin(Stdio::from(null))
        .output()
        .expect("spinlint runs");
    assert_eq!(output.status.code(), Some(0), "/dev/null read-write: {}", stderr(&output));
}

#[test]
fn a_baseline_of_an_unknown_version_is_an_error() {
    let dir = TempDir::new("baseline-version");
    let article = dir.write("a.txt", format!("{CLAIM}\n"));
    let baseline = dir.path().join("baseline.json");
    let output = spinlint(&["check", "--write-baseline", s(&baseline), s(&article)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let output = spinlint(&["check", "--baseline", s(&baseline), s(&article)]);
    assert_eq!(output.status.code(), Some(0), "the baseline hides the finding: {}", stderr(&output));
    for version in [0, 2, 99] {
        let other = dir.write(&format!("v{version}.json"), format!(r#"{{"version": {version}, "findings": []}}"#));
        let output = spinlint(&["check", "--baseline", s(&other), s(&article)]);
        assert_eq!(output.status.code(), Some(2), "version {version}: {}", stderr(&output));
        assert!(stderr(&output).contains(&format!("baseline version {version}")), "{}", stderr(&output));
    }
}

#[test]
fn control_characters_in_an_article_or_a_rule_never_reach_the_terminal_raw() {
    let dir = TempDir::new("control-characters");
    // Retitles the terminal, then clears it: both on the line of a finding.
    let article = dir.write("a.txt", format!("\u{1b}]0;pwned\u{7}\u{1b}[2J{CLAIM}\u{1b}[8m hidden\n"));
    dir.write(
        "rules/loud.toml",
        "id = \"loud\"\ncategory = \"loaded-language\"\nseverity = \"warning\"\n\
         message = \"m \\u001b[2J\"\nhelp = \"h \\u001b]0;x\\u0007\"\nphrases = [\"hidden\"]\n",
    );
    let rules = s(&dir.path().join("rules")).to_string();
    for format in ["human", "github"] {
        let output = spinlint(&["check", "--color", "never", "--format", format, "--rules", &rules, s(&article)]);
        no_crash(&output, format);
        assert_eq!(output.status.code(), Some(1), "{format}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains("loud"), "{format}: the rule's finding is shown: {text}");
        assert!(
            !text.contains(['\u{1b}', '\u{7}']),
            "{format}: a raw control character reaches the terminal: {text:?}"
        );
    }
    // The human format still underlines the right words: placeholders keep the columns.
    let text = stdout(&spinlint(&["check", "--color", "never", "--rules", &rules, s(&article)]));
    assert!(text.contains("\\u{1b}[2J"), "the escaped message says what was there: {text}");
}

#[test]
fn a_utf16_article_in_a_walked_folder_fails_the_run_by_name() {
    let dir = TempDir::new("utf16");
    for (name, bytes) in [
        ("le.txt", std::iter::once(0xfeff).chain(CLAIM.encode_utf16()).flat_map(u16::to_le_bytes).collect::<Vec<u8>>()),
        ("be.txt", std::iter::once(0xfeff).chain(CLAIM.encode_utf16()).flat_map(u16::to_be_bytes).collect()),
    ] {
        let sub = dir.path().join(name.trim_end_matches(".txt"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(name), bytes).unwrap();
        let output = spinlint(&["check", s(&sub)]);
        no_crash(&output, name);
        assert_eq!(output.status.code(), Some(2), "{name} is not skipped: {}", stderr(&output));
        assert!(stderr(&output).contains("UTF-16 text"), "{}", stderr(&output));
        assert!(stderr(&output).contains("save it as UTF-8"), "{}", stderr(&output));
    }
}

#[test]
fn the_lossy_encoding_hint_is_offered_only_where_the_flag_applies() {
    let dir = TempDir::new("lossy-hint");
    let article = dir.write("articles/a.txt", format!("{CLAIM}\n"));
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"no \xff evidence\n").unwrap();
    let output = spinlint(&["check", s(&bad)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--encoding lossy"), "an article: {}", stderr(&output));
    let output = spinlint_in(&["check", "-"], None, Some("no \u{fffd}")); // valid: no hint, no error
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    let config = dir.write("other/spinlint.toml", "");
    std::fs::write(&config, b"# \xff\n").unwrap();
    std::fs::create_dir_all(dir.path().join("rules")).unwrap();
    std::fs::write(dir.path().join("rules/bad.toml"), b"id = \"\xff\"\n").unwrap();
    let baseline = dir.path().join("baseline.json");
    std::fs::write(&baseline, b"{\"version\": 1, \"findings\": [\xff]}\n").unwrap();
    let rules = s(&dir.path().join("rules")).to_string();
    for (what, args) in [
        ("config", vec!["check", "--config", s(&config), s(&article)]),
        ("rules", vec!["check", "--rules", &rules, s(&article)]),
        ("baseline", vec!["check", "--baseline", s(&baseline), s(&article)]),
    ] {
        let output = spinlint(&args);
        assert_eq!(output.status.code(), Some(2), "{what}: {}", stderr(&output));
        assert!(stderr(&output).contains("not UTF-8"), "{what}: {}", stderr(&output));
        assert!(!stderr(&output).contains("--encoding"), "{what}: the flag does not read it: {}", stderr(&output));
    }
}

#[test]
fn machine_formats_report_unreadable_files_and_encode_odd_file_names() {
    let dir = TempDir::new("odd-names");
    dir.write("a\t\"<b>\r.txt", format!("{CLAIM}\n"));
    std::fs::write(dir.path().join("bad\nname.txt"), b"no \xff evidence\n").unwrap();
    let run = |format: &str| {
        let output = spinlint(&["check", "--format", format, s(dir.path())]);
        no_crash(&output, format);
        assert_eq!(output.status.code(), Some(2), "{format}: {}", stderr(&output));
        stdout(&output)
    };
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).expect("SARIF is JSON");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false, "{invocation}");
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert!(notification["message"]["text"].as_str().unwrap().contains("not UTF-8"), "{notification}");
    let mut uris = vec![notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone()];
    uris.push(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone());
    for uri in uris {
        let uri = uri.as_str().expect("a URI");
        assert!(!uri.contains(['\n', '\r', '\t', '"', '<', '>']), "raw in a URI: {uri:?}");
    }
    let github = run("github");
    assert!(github.lines().any(|l| l.starts_with("::error file=") && l.contains("not UTF-8")), "{github}");
    assert!(github.contains("bad%0Aname.txt"), "{github}");
    let junit = run("junit");
    // Every attribute value (from `="` to the next `"`, which escaping keeps out of values).
    for value in junit.split("=\"").skip(1).map(|rest| rest.split('"').next().unwrap_or("")) {
        assert!(!value.contains(['\t', '\r', '\n', '<', '>']), "raw in a JUnit attribute: {value:?}");
    }
    assert!(junit.contains("bad&#10;name.txt"), "{junit}");
    assert!(junit.contains("a&#9;&quot;&lt;b&gt;&#13;.txt"), "{junit}");
}

#[test]
fn a_huge_bad_pattern_is_quoted_in_part() {
    let dir = TempDir::new("huge-pattern");
    let pattern = format!("/({}/", "a".repeat(200_000));
    dir.write(
        "rules/r.toml",
        format!(
            "id = \"r\"\ncategory = \"loaded-language\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\n\
             phrases = [\"{pattern}\"]\n"
        ),
    );
    let article = dir.write("a.txt", format!("{CLAIM}\n"));
    let output = spinlint(&["check", "--rules", s(&dir.path().join("rules")), s(&article)]);
    no_crash(&output, "huge pattern");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let errors = stderr(&output);
    let headline = errors.lines().next().unwrap_or_default();
    assert!(headline.len() < 400, "the message quotes the pattern whole: {} bytes", headline.len());
    assert!(headline.contains('…'), "{headline}");
    // The rule file's line is shown once, as context; the pattern is not repeated beside it.
    assert!(
        errors.len() < pattern.len() + 2_000,
        "{} bytes of error for a {}-byte pattern",
        errors.len(),
        pattern.len()
    );
}

#[test]
fn a_folder_where_nothing_matches_says_so() {
    let dir = TempDir::new("nothing-matched");
    dir.write("spinlint.toml", "include = [\"**/*.mdx\"]\n");
    dir.write("news/a.md", format!("{CLAIM}\n"));
    dir.write("news/b.md", format!("{CLAIM}\n"));
    let output = spinlint_in(&["check", "news"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("news: nothing matched, none of its 2 files is included"), "{}", stderr(&output));
    assert!(stderr(&output).contains("`include`"), "{}", stderr(&output));
    // A folder with an included file says nothing of the kind.
    dir.write("news/c.mdx", format!("{CLAIM}\n"));
    let output = spinlint_in(&["check", "news"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!stderr(&output).contains("nothing matched"), "{}", stderr(&output));
}
