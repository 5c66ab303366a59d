//! The command-line contract: exit codes, formats, messages.

mod common;
use common::*;

const SEED_002: &str = "fixtures/002_d5cb796267d5ed39.txt";

#[test]
fn seed_002_shows_each_core_category() {
    let output = spinlint(&["check", "--format", "json", SEED_002]);
    assert_eq!(output.status.code(), Some(1));
    let doc = json(&output);
    let categories: Vec<&str> =
        doc["diagnostics"].as_array().unwrap().iter().map(|d| d["category"].as_str().unwrap()).collect();
    for category in ["no-evidence", "whataboutism", "fabricated-quote", "blame-deflection"] {
        assert!(categories.contains(&category), "no {category} finding on seed 002");
    }
}

#[test]
fn json_diagnostics_have_the_documented_fields() {
    let output = spinlint(&["check", "--format", "json", SEED_002]);
    let doc = json(&output);
    let text = std::fs::read(root().join(SEED_002)).unwrap();
    let first = &doc["diagnostics"][0];
    for key in ["path", "rule", "category", "severity", "message", "span", "line", "column"] {
        assert!(!first[key].is_null(), "missing {key}");
    }
    for diagnostic in doc["diagnostics"].as_array().unwrap() {
        let start = diagnostic["span"]["start"].as_u64().unwrap() as usize;
        let end = diagnostic["span"]["end"].as_u64().unwrap() as usize;
        assert_eq!(std::str::from_utf8(&text[start..end]).unwrap(), diagnostic["text"].as_str().unwrap());
        let line = text[..start].iter().filter(|&&b| b == b'\n').count() + 1;
        assert_eq!(diagnostic["line"].as_u64().unwrap() as usize, line);
    }
    assert!(doc["summary"]["warnings"].as_u64().unwrap() > 0);
}

#[test]
fn human_output_is_compiler_style_and_plain_when_piped() {
    let output = spinlint(&["check", SEED_002]);
    let out = stdout(&output);
    assert!(out.contains("warning[no-evidence-none-exists]"), "{out}");
    assert!(out.contains("--> fixtures/002_d5cb796267d5ed39.txt:"));
    assert!(out.contains("= help:"));
    assert!(!out.contains('\u{1b}'), "colour codes when not a terminal");
}

#[test]
fn human_output_fits_columns_and_machine_output_ignores_them() {
    // A paragraph of about 1,000 characters, one line, with a finding in its middle.
    let filler = "The council met on Tuesday to discuss the budget for the coming year. ";
    let text = format!("{}Critics say the plan is reckless. {}\n", filler.repeat(7), filler.repeat(7));
    let lines_of = |output: &std::process::Output| {
        stdout(output).lines().filter(|line| line.trim_start().starts_with(['|', '1'])).map(str::to_owned).collect()
    };
    let widest = |lines: &Vec<String>| lines.iter().map(|line| line.chars().count()).max().unwrap_or(0);
    // Piped with no COLUMNS: the default, 100 columns.
    let piped = spinlint_in(&["check", "-"], None, Some(&text));
    let piped_lines: Vec<String> = lines_of(&piped);
    assert!((90..=100).contains(&widest(&piped_lines)), "{}", stdout(&piped));
    assert!(stdout(&piped).contains("-:1:515"), "the column is the file's: {}", stdout(&piped));
    let narrow = spinlint_with_env(&["check", "-"], None, Some(&text), &[("COLUMNS", "60")]);
    let narrow_lines: Vec<String> = lines_of(&narrow);
    assert!((50..=60).contains(&widest(&narrow_lines)), "{}", stdout(&narrow));
    assert!(stdout(&narrow).contains("-:1:515"), "{}", stdout(&narrow));
    // Not a number: ignored.
    let junk = spinlint_with_env(&["check", "-"], None, Some(&text), &[("COLUMNS", "wide")]);
    assert_eq!(stdout(&junk), stdout(&piped));
    // The formats read by programs are the same bytes whatever the width.
    for format in ["json", "concise", "sarif", "github", "junit", "html"] {
        let default = spinlint_in(&["check", "--format", format, "-"], None, Some(&text));
        let narrow = spinlint_with_env(&["check", "--format", format, "-"], None, Some(&text), &[("COLUMNS", "40")]);
        assert_eq!(stdout(&narrow), stdout(&default), "{format}");
    }
}

#[test]
fn color_always_colours() {
    let output = spinlint(&["check", "--color", "always", SEED_002]);
    assert!(stdout(&output).contains('\u{1b}'));
}

#[test]
fn clean_file_exits_zero() {
    let dir = TempDir::new("clean");
    let file = dir.write("clean.txt", "The city council approved the budget on Tuesday, the mayor's office said.\n");
    let output = spinlint(&["check", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("No findings"));
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let output = spinlint(&["check", "/nonexistent/draft.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent/draft.md"));
}

#[test]
fn standard_input_is_linted() {
    let output =
        spinlint_in(&["check", "--format", "json", "-"], None, Some("There is no evidence, because none exists.\n"));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json(&output)["diagnostics"][0]["path"], "-");
}

#[test]
fn folders_are_walked_for_articles() {
    let dir = TempDir::new("walk");
    dir.write("a/one.md", "The claims are baseless.\n");
    dir.write("b/two.txt", "Experts say the plan will fail.\n");
    dir.write("b/ignored.rs", "The claims are baseless.\n");
    let output = spinlint(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let doc = json(&output);
    assert_eq!(doc["summary"]["files"], 2);
    let paths: Vec<String> =
        doc["diagnostics"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap().to_string()).collect();
    assert!(paths[0].ends_with("one.md") && paths[1].ends_with("two.txt"), "{paths:?}");
}

#[test]
fn parse_lists_quotations_with_speakers() {
    let output = spinlint(&["parse", "fixtures/004_b5a9bca731bd4ef1.txt"]);
    assert_eq!(output.status.code(), Some(0));
    let doc = json(&output);
    let quote = doc["quotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"].as_str().unwrap().contains("He will pay a price"))
        .expect("the quotation is listed");
    assert_eq!(quote["speaker"]["name"], "Biden");
}

#[test]
fn broken_rule_file_points_at_its_line() {
    let dir = TempDir::new("bad-rule");
    dir.write("bad.toml", "# a newsroom rule\n\nid = \"unterminated\n");
    let article = dir.write("a.txt", "Officials said the report was accurate.\n");
    let output = spinlint(&["check", "--rules", dir.path().to_str().unwrap(), article.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("bad.toml:3:"), "{err}");
}

#[test]
fn help_lists_the_commands() {
    let output = spinlint(&["--help"]);
    let out = stdout(&output);
    for command in ["check", "parse", "test", "rules", "explain"] {
        assert!(out.contains(command), "{out}");
    }
}

/// Colour conventions: an empty NO_COLOR is ignored; CLICOLOR_FORCE and FORCE_COLOR colour a
/// pipe; `--color never` wins over them.
#[test]
fn colour_follows_no_color_and_clicolor_force() {
    let run = |env: &[(&str, &str)], extra: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_spinlint"));
        command.args(["check"]).args(extra).arg("fixtures/formats/article.txt").current_dir(root());
        for name in ["NO_COLOR", "CLICOLOR_FORCE", "FORCE_COLOR"] {
            command.env_remove(name);
        }
        command.envs(env.iter().copied());
        let output = command.output().expect("spinlint runs");
        String::from_utf8_lossy(&output.stdout).contains('\u{1b}')
    };
    assert!(!run(&[], &[]), "a pipe is not coloured");
    assert!(run(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(run(&[("FORCE_COLOR", "1"), ("NO_COLOR", "")], &[]), "an empty NO_COLOR is ignored");
    assert!(!run(&[("CLICOLOR_FORCE", "0")], &[]));
    assert!(!run(&[("FORCE_COLOR", "1")], &["--color", "never"]));
    assert!(run(&[("NO_COLOR", "1")], &["--color", "always"]));
}

/// `spinlint quality` away from the repository root: the default folder is found from any
/// folder of the repository; outside it, or given a folder of no annotated articles, it is an
/// error that says what to give, not a table of perfect scores over nothing.
#[test]
fn quality_outside_the_repository_says_what_it_needs() {
    let dir = TempDir::new("quality-elsewhere");
    let out = spinlint_in(&["quality"], Some(dir.path()), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no fixtures/quality in this folder or above") && stderr(&out).contains("text/ and ann/")
    );
    let out = spinlint_in(&["quality", "."], Some(dir.path()), None);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("no annotated articles"), "{}", stderr(&out));
    let fixtures = root().join("fixtures/quality");
    let out = spinlint_in(&["quality", fixtures.to_str().unwrap()], Some(dir.path()), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("**overall**"));
    // From a folder inside the repository, the default is the repository's fixtures.
    let out = spinlint_in(&["quality"], Some(&root().join("crates/spinlint/src")), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("**overall**"));
}

/// Shell completions for every shell clap_complete knows, naming the options of `check`; the
/// bash script is valid bash and completes a `check` option.
#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = spinlint(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        assert!(script.contains("spinlint") && script.contains("select") && script.contains("output-file"), "{shell}");
    }
    let script = stdout(&spinlint(&["completions", "bash"]));
    let dir = TempDir::new("completions");
    let path = dir.write("spinlint.bash", &script);
    let completion = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {}; COMP_WORDS=(spinlint check --sel); COMP_CWORD=2; COMP_LINE='spinlint check --sel'; \
             COMP_POINT=${{#COMP_LINE}}; _spinlint spinlint --sel check; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            path.display()
        ))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&completion.stdout).trim(), "--select", "{}", stderr(&completion));
    assert_eq!(spinlint(&["completions", "tcsh"]).status.code(), Some(2), "an unknown shell is a usage error");
}

/// The manual page: a roff page with a subsection per command that lists its options, readable
/// by man.
#[test]
fn the_man_page_documents_every_command() {
    let output = spinlint(&["man"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{}", &page[..80.min(page.len())]);
    assert!(page.contains(".TH spinlint 1"), "a section 1 page");
    for command in ["check", "init", "parse", "test", "rules", "quality", "explain", "completions", "man"] {
        assert!(page.contains(&format!(".SS \"spinlint {command}\"")), "{command}");
    }
    for option in ["select", "ignore", "output\\-file", "force\\-exclude", "baseline", "fail\\-on"] {
        assert!(page.contains(&format!("\\fB\\-\\-{option}\\fR")), "--{option}");
    }
}

/// The container recipe (no Docker engine runs on the CI machine, so it is checked, not built):
/// its Rust image is the workspace's rust-version, the build is the locked one, and the build
/// context keeps every file the build reads.
#[test]
fn the_dockerfile_follows_the_workspace() {
    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let rust_version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("the workspace's rust-version");
    assert!(dockerfile.contains(&format!("FROM rust:{rust_version}-")), "the image's Rust is {rust_version}");
    assert!(dockerfile.contains("cargo build --release --locked --package spinlint"));
    let ignored = std::fs::read_to_string(root().join(".dockerignore")).unwrap();
    let ignored: Vec<&str> = ignored.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).collect();
    for needed in ["Cargo.toml", "Cargo.lock", "crates/", "rules/", "LICENSE-MIT"] {
        assert!(!ignored.iter().any(|i| needed.starts_with(i.trim_end_matches('*'))), "{needed} is in the context");
    }
}
