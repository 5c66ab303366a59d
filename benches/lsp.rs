//! The language server's latency and memory (`cargo bench --bench lsp`), through the protocol
//! on an in-memory connection, as an editor drives it:
//!
//! - latency: a `didChange` of a 10,000-word draft (the fixture articles of the benchmark
//!   corpus, `benches/corpus.rs`) to its `publishDiagnostics`, less the debounce; each edit
//!   changes one word, as typing does. Target: under 50 ms after the debounce.
//! - memory: the process's resident memory (VmRSS, Linux) after 100, 500 and 1,000 edits, each
//!   published before the next. Target: flat.
//!
//! Not a test: it prints figures and judges nothing. `-- --edits N` changes the count.

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[path = "corpus.rs"]
#[allow(dead_code)]
mod corpus;

const WORDS: usize = 10_000;
const DEBOUNCE: Duration = Duration::from_millis(150);

/// The first `WORDS` words of the corpus text, with its line breaks.
fn draft() -> String {
    let articles = corpus::articles(&corpus::default_root());
    let text = corpus::build_text(&articles, 200_000, corpus::SEED);
    let mut words = 0;
    let mut end = text.len();
    let mut in_word = false;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > WORDS {
                end = at;
                break;
            }
        }
    }
    text[..end].to_string()
}

fn resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct Bench {
    client: Connection,
    uri: String,
    version: i64,
}

impl Bench {
    fn send(&self, message: Message) {
        self.client.sender.send(message).expect("the server runs");
    }

    /// Sends the text as the next version; returns when its diagnostics are published, with the
    /// time from the send and the number of diagnostics.
    fn edit(&mut self, text: &str) -> (Duration, usize) {
        self.version += 1;
        let params = json!({ "textDocument": { "uri": self.uri, "version": self.version }, "contentChanges": [{ "text": text }] });
        let sent = Instant::now();
        self.send(Notification::new("textDocument/didChange".into(), params).into());
        self.wait(sent)
    }

    fn wait(&self, sent: Instant) -> (Duration, usize) {
        loop {
            let message = self.client.receiver.recv_timeout(Duration::from_secs(120)).expect("a publication");
            if let Message::Notification(n) = message {
                if n.method == "textDocument/publishDiagnostics" && n.params["version"] == self.version {
                    return (sent.elapsed(), n.params["diagnostics"].as_array().map_or(0, Vec::len));
                }
            }
        }
    }
}

/// The text with its `n`th word replaced, as a keystroke or two would.
fn edited(text: &str, n: usize) -> String {
    let words: Vec<(usize, &str)> =
        text.split_whitespace().map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w)).collect();
    let (at, word) = words[(n * 7919) % words.len()];
    format!("{}{}{}", &text[..at], if n.is_multiple_of(2) { "evidence" } else { "claims" }, &text[at + word.len()..])
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let edits = args.iter().position(|a| a == "--edits").and_then(|i| args.get(i + 1)?.parse().ok()).unwrap_or(1_000);
    // `cargo test --benches` runs each bench once as a test: a few edits are enough there.
    let edits = if args.iter().any(|a| a == "--bench") { edits } else { 5 };
    let text = draft();
    let folder = std::env::temp_dir().join(format!("spinlint-lsp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    let path = folder.join("draft.txt");
    let uri = lsp_types::Url::from_file_path(&path).expect("an absolute path").to_string();

    let (server, client) = Connection::memory();
    let options = spinlint_ls::Options { debounce: DEBOUNCE, workers: 2, builtin_rules_dir: Some(folder.clone()) };
    let handle = std::thread::spawn(move || spinlint_ls::serve(server, options));
    let mut bench = Bench { client, uri, version: 1 };
    let init = json!({ "processId": null, "rootUri": null, "capabilities": {} });
    bench.send(Request::new(RequestId::from(1), "initialize".into(), init).into());
    let _ = bench.client.receiver.recv_timeout(Duration::from_secs(60)).expect("the initialize response");
    bench.send(Notification::new("initialized".into(), json!({})).into());
    let open = json!({ "textDocument": { "uri": bench.uri, "languageId": "plaintext", "version": 1, "text": text } });
    let sent = Instant::now();
    bench.send(Notification::new("textDocument/didOpen".into(), open).into());
    let (first, findings) = bench.wait(sent);
    println!("lsp: a {WORDS}-word draft ({} bytes), {findings} findings; first lint {first:.1?}", text.len());

    // Latency, with the debounce an editor gets.
    let mut latencies = Vec::new();
    for n in 0..30.min(edits) {
        let (took, _) = bench.edit(&edited(&text, n));
        latencies.push(took.saturating_sub(DEBOUNCE));
    }
    latencies.sort();
    println!(
        "lsp: didChange -> publishDiagnostics, after the {DEBOUNCE:?} debounce, {} edits: median {:.1?}, p90 {:.1?}, max {:.1?}",
        latencies.len(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        latencies[latencies.len() - 1]
    );

    // Memory over many edits: no debounce, each edit published before the next.
    let settings = json!({ "settings": { "spinlint": { "debounceMs": 0 } } });
    bench.send(Notification::new("workspace/didChangeConfiguration".into(), settings).into());
    let mut marks = Vec::new();
    let start = Instant::now();
    for n in 1..=edits {
        bench.edit(&edited(&text, n));
        if [edits / 10, edits / 2, edits].contains(&n) {
            marks.push((n, resident_kb()));
        }
    }
    let per_edit = start.elapsed() / edits as u32;
    let shown: Vec<String> = marks
        .iter()
        .map(|(n, kb)| {
            format!("{n} edits: {}", kb.map_or("n/a".to_string(), |kb| format!("{:.1} MB", kb as f64 / 1024.0)))
        })
        .collect();
    println!("lsp: resident memory after {} ({per_edit:.1?} per edit without debounce)", shown.join(", "));

    bench.send(Request::new(RequestId::from(2), "shutdown".into(), Value::Null).into());
    bench.send(Notification::new("exit".into(), Value::Null).into());
    let _ = handle.join();
    let _ = std::fs::remove_dir_all(&folder);
}
