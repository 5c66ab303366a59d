//! Archives at scale (docs/archives.md): JSON Lines records in (`--input-format jsonl`), a
//! finding per line out (`--format jsonl`), and span attributes for corpus tools
//! (`--format attributes`), read as a stream in bounded memory.

mod common;

use common::{spinlint, spinlint_in, stderr, stdout, TempDir};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::process::{Command, Stdio};

/// Articles written for these tests (never from the development corpora).
const ARTICLES: [&str; 4] = [
    "There is no evidence of fraud, the so-called experts said.\n\nOfficials declined to comment.",
    "The council met on Tuesday. It approved the budget by seven votes to two.",
    "The regime’s so-called “experts” said there is no evidence, sources say — é, ü, 😀 and “quotes”.",
    "Critics claim that everyone knows the truth.\r\nSome say it was always going to happen.",
];

fn lines(text: &str) -> Vec<Value> {
    text.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))).collect()
}

/// A JSON Lines file of the articles, ids alternately numbers and strings.
fn records() -> String {
    ARTICLES
        .iter()
        .enumerate()
        .map(|(at, text)| {
            let id = if at % 2 == 0 { json!(at) } else { json!(format!("doc-{at}")) };
            format!("{}\n", json!({ "id": id, "meta": { "lang": "en", "n": [1, 2] }, "text": text }))
        })
        .collect()
}

/// The findings of the `jsonl` format keyed by record id (as JSON), without `path` and `id`.
fn by_id(output: &str) -> BTreeMap<String, Vec<Value>> {
    let mut found: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for mut line in lines(output) {
        let object = line.as_object_mut().expect("an object per line");
        let id = object.remove("id").expect("an id").to_string();
        object.remove("path").expect("a path");
        found.entry(id).or_default().push(line);
    }
    found
}

#[test]
fn records_have_the_findings_of_their_texts_linted_as_files() {
    let dir = TempDir::new("jsonl-same");
    let input = dir.write("crawl.jsonl", records());
    let out =
        spinlint(&["check", "--isolated", "--input-format", "jsonl", "--format", "jsonl", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found = by_id(&stdout(&out));
    for path in lines(&stdout(&out)).iter().map(|line| line["path"].clone()) {
        assert_eq!(path, json!(input.display().to_string()));
    }
    for (at, text) in ARTICLES.iter().enumerate() {
        let file = dir.write(&format!("{at}.txt"), text);
        let json = common::json(&spinlint(&["check", "--isolated", "--format", "json", file.to_str().unwrap()]));
        let expected: Vec<Value> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let mut d = d.clone();
                d.as_object_mut().unwrap().remove("path");
                d
            })
            .collect();
        let id = if at % 2 == 0 { json!(at) } else { json!(format!("doc-{at}")) };
        assert_eq!(found.get(&id.to_string()).cloned().unwrap_or_default(), expected, "record {id}");
    }
    assert!(found.len() >= 2, "the articles have findings: {found:?}");

    // The same records in the JSON format: each named FILE#ID.
    let json = common::json(&spinlint(&[
        "check",
        "--isolated",
        "--input-format",
        "jsonl",
        "--format",
        "json",
        input.to_str().unwrap(),
    ]));
    assert_eq!(json["diagnostics"][0]["path"], json!(format!("{}#0", input.display())));
    assert_eq!(json["summary"]["files"], json!(ARTICLES.len()));
}

#[test]
fn ids_keep_their_type_and_custom_fields_are_read() {
    let input = [
        json!({"url": "https://example.org/a#frag", "body": ARTICLES[0], "text": 5}),
        json!({"url": 42, "body": ARTICLES[0]}),
        json!({"url": 4.5, "body": ARTICLES[0]}),
        json!({"url": "42", "body": ARTICLES[0], "id": null}),
    ]
    .iter()
    .map(|line| format!("{line}\n"))
    .collect::<String>();
    let args = ["check", "--isolated", "--input-format", "jsonl", "--id-field", "url", "--text-field", "body"];
    let out = spinlint_in(&[&args[..], &["--format", "jsonl", "-"]].concat(), None, Some(&input));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let ids: Vec<Value> = lines(&stdout(&out)).iter().map(|line| line["id"].clone()).collect();
    let mut distinct = ids.clone();
    distinct.dedup();
    assert_eq!(distinct, vec![json!("https://example.org/a#frag"), json!(42), json!(4.5), json!("42")]);
    assert!(lines(&stdout(&out)).iter().all(|line| line["path"] == json!("-")));
    // The concise format names each record FILE#ID.
    let out = spinlint_in(&[&args[..], &["--format", "concise", "-"]].concat(), None, Some(&input));
    assert!(stdout(&out).starts_with("-#https://example.org/a#frag:1:"), "{}", stdout(&out));
    assert!(stdout(&out).contains("\n-#42:1:"), "{}", stdout(&out));
    // The same field for both is refused.
    let out = spinlint_in(&["check", "--input-format", "jsonl", "--id-field", "text", "-"], None, Some(&input));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--id-field and --text-field are both `text`"), "{}", stderr(&out));
}

#[test]
fn bad_lines_are_reported_with_their_line_and_skipped() {
    let good = |id: usize| format!("{}\n", json!({"id": id, "text": ARTICLES[0]}));
    let input = [
        good(1),
        "not json at all\n".to_string(),
        format!("{}\n", json!({"id": 3})),
        good(4),
        format!("{}\n", json!({"id": 5, "text": 17})),
        "[1, 2]\n".to_string(),
        "\n".to_string(),
        format!("{}\n", json!({"id": [7], "text": "x"})),
        "{\"id\": 9, \"text\": \"cut off".to_string(),
    ]
    .concat();
    let dir = TempDir::new("jsonl-bad");
    let input = dir.write("bad.jsonl", input);
    let good_file = dir.write("good.jsonl", good(10));
    let missing = dir.path().join("missing.jsonl");
    let paths = [input.to_str().unwrap(), missing.to_str().unwrap(), good_file.to_str().unwrap()];
    let out =
        spinlint(&[&["check", "--isolated", "--input-format", "jsonl", "--format", "jsonl"][..], &paths].concat());
    assert_eq!(out.status.code(), Some(2), "a bad line is a file error");
    let err = stderr(&out);
    let bad = input.display();
    for expected in [
        format!("error: {bad}:2: not JSON: expected ident at column 2"),
        format!("error: {bad}:3: no `text` field"),
        format!("error: {bad}:5: `text` is not a string but a number"),
        format!("error: {bad}:6: not a record: invalid type: sequence, expected a JSON object"),
        format!("error: {bad}:8: `id` is not a string or a number but an array"),
        format!("error: {bad}:9: not JSON: EOF while parsing a string at column 26"),
        format!("error: {bad}: 6 bad lines skipped (the first at line 2; each is above)"),
        format!("error: {}: No such file or directory", missing.display()),
    ] {
        assert!(err.contains(&expected), "{expected:?} in:\n{err}");
    }
    let ids: Vec<Value> = by_id(&stdout(&out)).into_keys().map(|id| serde_json::from_str(&id).unwrap()).collect();
    assert_eq!(ids, vec![json!(1), json!(10), json!(4)], "the good records of every input are linted");
}

#[test]
fn attributes_have_a_line_per_record_aligned_with_the_input() {
    let mut input = records();
    input.push_str("{\"id\": \"broken\", \"text\": 1}\nnot json\n");
    input.push_str(&format!("{}\n", json!({"id": "last", "text": ARTICLES[2]})));
    let out = spinlint_in(
        &["check", "--isolated", "--input-format", "jsonl", "--format", "attributes", "-"],
        None,
        Some(&input),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let written = lines(&stdout(&out));
    let ids: Vec<Value> = written.iter().map(|line| line["id"].clone()).collect();
    assert_eq!(
        ids,
        vec![json!(0), json!("doc-1"), json!(2), json!("doc-3"), json!("broken"), Value::Null, json!("last")]
    );
    assert_eq!(written[1]["attributes"], json!({}), "a record without findings has a line");
    assert_eq!(written[4]["attributes"], json!({}));
    assert_eq!(written[4]["error"], json!("`text` is not a string but a number"));
    assert!(written[0].get("error").is_none());

    // Spans are code points of the text, as Python slices strings: the words of each finding.
    let findings = by_id(&stdout(&spinlint_in(
        &["check", "--isolated", "--input-format", "jsonl", "--format", "jsonl", "-"],
        None,
        Some(&input),
    )));
    let text: Vec<char> = ARTICLES[2].chars().collect();
    let attributes = written[6]["attributes"].as_object().unwrap();
    let mut spans = 0;
    for finding in &findings[&json!("last").to_string()] {
        let key = format!("spinlint__{}", finding["rule"].as_str().unwrap());
        let matching = attributes[&key].as_array().unwrap().iter().any(|span| {
            let (start, end) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
            span[2] == json!(1.0) && text[start..end].iter().collect::<String>() == finding["text"].as_str().unwrap()
        });
        assert!(matching, "{key} on {}: {attributes:?}", finding["text"]);
        spans += 1;
    }
    assert!(spans >= 2 && ARTICLES[2].len() != text.len(), "non-ASCII text with findings");
    let total: usize = attributes.values().map(|v| v.as_array().unwrap().len()).sum();
    assert_eq!(total, spans);

    // Files: a line each, the path as the id.
    let dir = TempDir::new("attributes-files");
    dir.write("a.txt", ARTICLES[0]);
    dir.write("b.txt", ARTICLES[1]);
    let out = spinlint_in(&["check", "--isolated", "--format", "attributes", "a.txt", "b.txt"], Some(dir.path()), None);
    let ids: Vec<Value> = lines(&stdout(&out)).iter().map(|line| line["id"].clone()).collect();
    assert_eq!(ids, vec![json!("a.txt"), json!("b.txt")]);
}

/// The jsonl format on files is the JSON format's diagnostics, a line each.
#[test]
fn jsonl_output_of_files_is_the_json_diagnostics() {
    let dir = TempDir::new("jsonl-files");
    for (at, text) in ARTICLES.iter().enumerate() {
        dir.write(&format!("{at}.md"), text);
    }
    let json = common::json(&spinlint_in(&["check", "--isolated", "--format", "json", "."], Some(dir.path()), None));
    let out = spinlint_in(&["check", "--isolated", "--format", "jsonl", "."], Some(dir.path()), None);
    assert_eq!(json["diagnostics"].as_array().unwrap(), &lines(&stdout(&out)));
}

/// Records are written as their batch is linted, before the input ends: what `RDD.pipe`, Beam
/// and GNU parallel need from a command in a pipeline.
#[test]
fn output_comes_while_the_input_is_still_open() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_spinlint"))
        .args(["check", "--isolated", "-j", "1", "--input-format", "jsonl", "--format", "attributes", "-"])
        .current_dir(common::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spinlint runs");
    let mut input = child.stdin.take().unwrap();
    // More lines than a batch of one thread's (32).
    for id in 0..40 {
        writeln!(input, "{}", json!({"id": id, "text": ARTICLES[id % 4]})).unwrap();
    }
    input.flush().unwrap();
    let output = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut first = String::new();
        let mut output = std::io::BufReader::new(output);
        let _ = output.read_line(&mut first);
        let _ = sender.send(first);
        // The rest is read too: a closed pipe would stop the run.
        let _ = std::io::copy(&mut output, &mut std::io::sink());
    });
    let first = receiver.recv_timeout(std::time::Duration::from_secs(120)).expect("a line before the input ends");
    assert_eq!(serde_json::from_str::<Value>(&first).unwrap()["id"], json!(0));
    drop(input);
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

/// A stream of tens of megabytes is read in bounded memory: the peak resident memory of the
/// process stays well below the input's size. (`benches/archives.sh` streams 1 GB.)
#[cfg(target_os = "linux")]
#[test]
fn a_large_stream_is_read_in_bounded_memory() {
    const RECORDS: usize = 1800;
    // Each record carries 40 KB of a field that is not read, and a short text.
    let padding = "x".repeat(40_000);
    // Waited for by `wait_with_peak_rss`, which std's `Child` does not know of.
    #[allow(clippy::zombie_processes)]
    let mut child = Command::new(env!("CARGO_BIN_EXE_spinlint"))
        .args(["check", "--isolated", "--input-format", "jsonl", "--format", "attributes", "-"])
        .current_dir(common::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spinlint runs");
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut written = 0;
        for id in 0..RECORDS {
            let line = format!("{}\n", json!({"id": id, "html": padding, "text": ARTICLES[id % 4]}));
            input.write_all(line.as_bytes()).unwrap();
            written += line.len();
        }
        written
    });
    let output = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::BufReader::new(output).lines().count());
    let written = writer.join().unwrap();
    let lines = reader.join().unwrap();
    let (code, peak) = wait_with_peak_rss(child.id() as libc::pid_t);
    assert_eq!(code, 1);
    assert_eq!(lines, RECORDS, "a line per record");
    assert!(written > 60 << 20, "{written} bytes streamed");
    assert!(peak < written / 2, "peak RSS {} MB for {} MB of input", peak >> 20, written >> 20);
}

/// Waits for the child `pid`: its exit code and its peak resident memory in bytes.
#[cfg(target_os = "linux")]
fn wait_with_peak_rss(pid: libc::pid_t) -> (i32, usize) {
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 writes the status and the usage of the child `pid`, which this process
    // started and has not waited for.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    (libc::WEXITSTATUS(status), usage.ru_maxrss as usize * 1024)
}

/// A line longer than a record may be (a stream with no line breaks) is skipped without being
/// held, reported as a bad line, and the records after it are linted and stay aligned.
#[cfg(target_os = "linux")]
#[test]
fn a_line_too_long_for_a_record_is_skipped_unheld() {
    // Waited for by `wait_with_peak_rss`, which std's `Child` does not know of.
    #[allow(clippy::zombie_processes)]
    let mut child = Command::new(env!("CARGO_BIN_EXE_spinlint"))
        .args(["check", "--isolated", "--input-format", "jsonl", "--format", "attributes"])
        .args(["--max-record-bytes", "1000000", "-"])
        .current_dir(common::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spinlint runs");
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let junk = vec![b'x'; 1 << 20];
        for _ in 0..80 {
            input.write_all(&junk).unwrap();
        }
        input.write_all(format!("\n{}\n", json!({"id": 7, "text": ARTICLES[0]})).as_bytes()).unwrap();
    });
    let output = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::BufReader::new(output).lines().map(Result::unwrap).collect());
    let mut errors = child.stderr.take().unwrap();
    let error_reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut errors, &mut text).unwrap();
        text
    });
    writer.join().unwrap();
    let lines: Vec<String> = reader.join().unwrap();
    let errors = error_reader.join().unwrap();
    let (code, peak) = wait_with_peak_rss(child.id() as libc::pid_t);
    assert_eq!(code, 2, "{errors}");
    assert!(errors.contains("-:1: a line of 83886081 bytes, longer than a record may be (1000000 bytes)"), "{errors}");
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("\"error\""), "{}", lines[0]);
    assert!(lines[1].starts_with("{\"id\":7,"), "{}", lines[1]);
    assert!(peak < 40 << 20, "peak RSS {} MB for an 80 MB line", peak >> 20);
}

/// Records read from standard input under --stdin-filename get that path's overrides; a record's
/// id cannot forge a line of a report; a baseline recognises records from another folder and
/// says how many findings it hid.
#[test]
fn records_are_named_keyed_and_escaped_as_files_are() {
    let dir = TempDir::new("records-names");
    dir.write("project/spinlint.toml", "[[overrides]]\nfiles = [\"opinion/**\"]\ndisable = [\"doubt\"]\n");
    dir.write("project/desk/notes.md", "The council met.\n");
    let record = format!("{}\n", json!({ "id": "a\nb:9:9: error[fake] injected", "text": ARTICLES[0] }));
    dir.write("project/opinion/a.jsonl", &record);
    dir.write("shared/s.jsonl", &record);
    let project = dir.path().join("project");
    let run = |args: &[&str], from: &std::path::Path, input: Option<&str>| spinlint_in(args, Some(from), input);
    let doubt = |output: &std::process::Output| stdout(output).contains("doubt-so-called");
    let as_file = run(&["check", "--input-format", "jsonl", "--format", "concise", "opinion/a.jsonl"], &project, None);
    let piped = run(
        &["check", "--input-format", "jsonl", "--format", "concise", "--stdin-filename", "opinion/a.jsonl", "-"],
        &project,
        Some(&record),
    );
    assert!(!doubt(&as_file) && !doubt(&piped), "{}\n{}", stdout(&as_file), stdout(&piped));
    let unnamed = run(&["check", "--input-format", "jsonl", "--format", "concise", "-"], &project, Some(&record));
    assert!(doubt(&unnamed), "{}", stdout(&unnamed));
    // One finding per line of the concise report: the id's line break is shown escaped.
    for line in stdout(&unnamed).lines().filter(|line| !line.is_empty()) {
        assert!(line.starts_with("-#a\\nb:9:9: error[fake] injected:"), "{line}");
    }

    let written = run(
        &["check", "--input-format", "jsonl", "--write-baseline", "base.json", "../shared/s.jsonl"],
        &project,
        None,
    );
    assert_eq!(written.status.code(), Some(1), "{}", stderr(&written));
    let again = run(
        &["check", "--input-format", "jsonl", "--baseline", "../base.json", "../../shared/s.jsonl"],
        &project.join("desk"),
        None,
    );
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    assert!(stderr(&again).contains("not shown: in the baseline ../base.json"), "{}", stderr(&again));
}
