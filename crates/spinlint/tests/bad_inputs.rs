//! The CLI on bad inputs: a clear message naming the file, the other files still linted, the
//! right exit code, and no panic on pathological text or rule files.

mod common;

use common::{json, spinlint, stderr, stdout, TempDir};
use std::path::Path;

const CLAIM: &str = "There is no evidence, because none exists.";

fn s(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

fn no_panic(output: &std::process::Output) {
    assert!(!stderr(output).contains("panicked"), "panic: {}", stderr(output));
    assert_ne!(output.status.code(), Some(101), "panic exit: {}", stderr(output));
}

#[test]
fn not_utf8_names_file_and_offset_and_the_rest_is_linted() {
    let dir = TempDir::new("bad-utf8");
    let bad = dir.write("latin1.txt", b"Caf\xe9 owners: there is no evidence, because none exists.\n");
    let good = dir.write("good.txt", format!("{CLAIM}\n"));
    let out = spinlint(&["check", "--format", "json", s(&bad), s(&good)]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("latin1.txt") && err.contains("offset 3"), "{err}");
    let report = json(&out);
    assert!(report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["path"].as_str().unwrap().ends_with("good.txt")));
    assert_eq!(report["summary"]["file_errors"], 1);

    // Lossy: linted, spans point at the original bytes.
    let out = spinlint(&["check", "--format", "json", "--encoding", "lossy", s(&bad)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let bytes = std::fs::read(&bad).unwrap();
    let report = json(&out);
    let finding = &report["diagnostics"][0];
    let (start, end) =
        (finding["span"]["start"].as_u64().unwrap() as usize, finding["span"]["end"].as_u64().unwrap() as usize);
    assert_eq!(&bytes[start..end], finding["text"].as_str().unwrap().as_bytes());
    // reviewdog's columns count the file's bytes too: the one byte read as U+FFFD is one column.
    let out = spinlint(&["check", "--format", "rdjsonl", "--encoding", "lossy", s(&bad)]);
    let first: serde_json::Value = serde_json::from_str(stdout(&out).lines().next().expect("a finding")).unwrap();
    assert_eq!(first["location"]["range"]["start"]["column"], start + 1, "{first}");
    assert_eq!(first["location"]["range"]["end"]["column"], end + 1, "{first}");
}

#[test]
fn binary_files_skipped_when_walking_an_error_when_named() {
    let dir = TempDir::new("bad-binary");
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    bytes[10] = 0;
    let binary = dir.write("tree/image.txt", &bytes);
    dir.write("tree/ok.md", format!("{CLAIM}\n"));
    let out = spinlint(&["check", "--format", "json", s(&dir.path().join("tree"))]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "the good file's findings decide: {}", stderr(&out));
    assert!(stderr(&out).contains("info:") && stderr(&out).contains("image.txt: skipped, a binary file"));
    let out = spinlint(&["check", s(&binary)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("image.txt: binary file"), "{}", stderr(&out));
}

#[test]
fn empty_whitespace_bom_and_line_endings() {
    let dir = TempDir::new("bad-lines");
    for (name, contents) in [("empty.txt", ""), ("blank.txt", "  \n\n\t\r\n \r")] {
        let out = spinlint(&["check", "--format", "json", s(&dir.write(name, contents))]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert_eq!(json(&out)["summary"]["files"], 1);
    }
    for (name, contents) in [
        ("bom.txt", format!("\u{feff}{CLAIM}\n")),
        ("crlf.txt", format!("One.\r\nTwo.\r\n{CLAIM}\r\n")),
        ("cr.txt", format!("One.\rTwo.\r{CLAIM}\r")),
        ("mixed.txt", format!("One.\nTwo.\r\n\r{CLAIM}\n")),
    ] {
        let out = spinlint(&["check", "--format", "json", s(&dir.write(name, &contents))]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        let first = &json(&out)["diagnostics"][0];
        let want_line = match name {
            "bom.txt" => 1,
            "mixed.txt" => 4,
            _ => 3,
        };
        assert_eq!(first["text"], "no evidence", "{name}");
        assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(want_line), Some(10)), "{name}");
        assert_eq!(first["end_column"].as_u64(), Some(21), "{name}");
    }
}

#[test]
fn missing_paths_unreadable_files_and_symlink_loops() {
    let dir = TempDir::new("bad-paths");
    let good = dir.write("good.txt", format!("{CLAIM}\n"));
    let missing = dir.path().join("missing.txt");
    let out = spinlint(&["check", "--format", "json", s(&missing), s(&good)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.txt: no such file or folder"), "{}", stderr(&out));
    assert_eq!(json(&out)["summary"]["files"], 1);

    // Symlink loops: named, an error naming the link; met while walking, skipped with a note.
    #[cfg(unix)]
    {
        let tree = dir.path().join("tree");
        dir.write("tree/ok.md", format!("{CLAIM}\n"));
        std::os::unix::fs::symlink(&tree, tree.join("loop")).unwrap();
        std::os::unix::fs::symlink("b.txt", tree.join("a.txt")).unwrap();
        std::os::unix::fs::symlink("a.txt", tree.join("b.txt")).unwrap();
        let out = spinlint(&["check", "--format", "json", s(&tree)]);
        no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("loop: skipped, a symbolic link to a folder"), "{}", stderr(&out));
        assert!(stderr(&out).contains("a.txt: skipped, a symbolic link that cannot be followed"));
        assert_eq!(json(&out)["summary"]["files"], 1);
        let out = spinlint(&["check", s(&tree.join("a.txt")), s(&good)]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("a.txt:"), "{}", stderr(&out));
    }

    // Unreadable file and folder. As root permissions are not enforced: skip that check then.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.write("locked/secret.txt", format!("{CLAIM}\n"));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        let enforced = std::fs::read(&locked).is_err();
        if enforced {
            let out = spinlint(&["check", s(&locked), s(&good)]);
            assert_eq!(out.status.code(), Some(2));
            assert!(stderr(&out).contains("secret.txt:"), "{}", stderr(&out));
            let folder = dir.path().join("locked");
            std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o000)).unwrap();
            let out = spinlint(&["check", "--format", "json", s(dir.path())]);
            std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
            assert_eq!(out.status.code(), Some(2));
            assert!(stderr(&out).contains("locked"), "{}", stderr(&out));
            assert!(json(&out)["summary"]["files"].as_u64().unwrap() >= 1);
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
}

#[test]
fn pathological_text_does_not_panic() {
    // Sizes fit a debug build; the release timings on 1 MB and 200 MB files are in the README.
    let dir = TempDir::new("bad-text");
    let cases: Vec<(&str, String)> = vec![
        ("quotes.txt", "“".repeat(20_000) + &"\"".repeat(20_000) + &"'".repeat(20_000)),
        ("nested.txt", "“He said ‘she said «".repeat(2_000)),
        ("said.txt", "\"No evidence,\" he said. ".repeat(2_000)),
        ("noend.txt", "there is no evidence, because none exists and ".repeat(2_000)),
        ("longword.txt", "a".repeat(300_000)),
        ("combining.txt", "e".to_string() + &"\u{301}".repeat(50_000)),
        ("rtl.txt", "السلام שלום \u{202e}abc\u{202c}. ".repeat(2_000)),
        ("zero-width.txt", "\u{200b}\u{202e}\u{301}".repeat(20_000)),
    ];
    for (name, text) in cases {
        let path = dir.write(name, text);
        let out = spinlint(&["check", "--format", "json", s(&path)]);
        no_panic(&out);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {:?} {}", out.status, stderr(&out));
        let out = spinlint(&["check", "-q", s(&path)]);
        no_panic(&out);
    }
}

#[test]
fn bad_rule_files() {
    let dir = TempDir::new("bad-rules");
    let article = dir.write("a.txt", format!("{CLAIM}\n"));
    let rule = |id: &str, pattern: &str| {
        format!(
            "[[rule]]\nid = \"{id}\"\ncategory = \"doubt\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\npatterns = [\"{pattern}\"]\n"
        )
    };
    let run = |name: &str, contents: String| {
        let rules = dir.path().join(name);
        std::fs::create_dir_all(&rules).unwrap();
        std::fs::write(rules.join("rules.toml"), contents).unwrap();
        let out = spinlint(&["check", "--isolated", "--rules", s(&rules), s(&article)]);
        no_panic(&out);
        out
    };
    // A duplicate id: a clear error, nothing checked.
    let out = run("dup", rule("x-dup", "alpha") + &rule("x-dup", "beta"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("x-dup"), "{}", stderr(&out));
    // Thousands of rules: loaded and run.
    let many: String = (0..3000).map(|i| rule(&format!("x-many-{i}"), &format!("word{i}"))).collect();
    let out = run("many", many);
    assert!(matches!(out.status.code(), Some(0..=2)), "{}", stderr(&out));
    // A huge pattern: a clear error or a bounded run.
    let huge = (0..20_000).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" | ");
    let out = run("huge", rule("x-huge", &format!("({huge})")));
    assert!(matches!(out.status.code(), Some(0..=2)), "{}", stderr(&out));
    // A huge regex: an error naming the file, not a slow run.
    let out = run("regex", rule("x-regex", "/(a{1000}){1000}/"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("rules.toml"), "{}", stderr(&out));
    // A pattern that can match nothing at all: an error naming the rule, or no empty findings.
    for (name, pattern) in [("empty", ""), ("optional", "(alpha)?"), ("gap", "<gap 0..3>")] {
        let out = run(name, rule(&format!("x-{name}"), pattern));
        match out.status.code() {
            Some(2) => assert!(stderr(&out).contains(&format!("x-{name}")) || stderr(&out).contains("rules.toml")),
            code => assert!(matches!(code, Some(0 | 1)), "{name}: {code:?}"),
        }
    }
}

/// A reader that stops early (`spinlint check ... 2>&1 | head`) closes both outputs: the run ends
/// with an error exit (the report is incomplete), never a panic.
#[test]
fn closed_outputs_end_the_run_without_a_panic() {
    for format in ["human", "json", "github"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_spinlint"))
            .args(["check", "--format", format, "fixtures"])
            .current_dir(common::root())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the spinlint binary runs");
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().expect("spinlint finishes");
        assert_eq!(status.code(), Some(2), "{format}: {status}");
    }
}
