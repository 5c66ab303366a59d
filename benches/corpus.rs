//! The benchmark corpus: the fixture articles (`fixtures/00*.txt`, `fixtures/quality/*.txt`)
//! repeated and shuffled with a fixed seed, so every run on every machine measures the same bytes.
//!
//! Standard library only: it is a `harness = false` bench target (`cargo bench --bench corpus --
//! --out DIR`), a module of the criterion benches (`#[path = "corpus.rs"] mod corpus;`), and it builds
//! with plain `rustc` (`benches/compare.sh` does that, to avoid compiling the dev-dependencies).
//!
//! It writes into `--out DIR` (default `$CARGO_TARGET_DIR/bench-corpus`, else `target/bench-corpus`):
//!
//! - `corpus-1mb.txt`, `corpus-10mb.txt`, `corpus-100mb.txt`: articles separated by a blank line;
//! - `small/NN/NNNNN.txt`: 10,000 files of one article each, and `small-concat.txt`: the same
//!   10,000 articles in the same order as one file;
//! - `tiny.txt`: two sentences, for start-up time;
//! - `MANIFEST`: written last; while it matches, the corpus is not rebuilt.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The seed of every shuffle. Changing it (or the fixtures) changes the corpus.
pub const SEED: u64 = 0x5b1_2024_0606;
pub const MB: usize = 1_000_000;
pub const SMALL_FILES: usize = 10_000;
/// The big files: name and size in bytes (each ends at the first article boundary at or after it).
pub const SIZES: &[(&str, usize)] =
    &[("corpus-1mb.txt", MB), ("corpus-10mb.txt", 10 * MB), ("corpus-100mb.txt", 100 * MB)];
pub const TINY: &str = "The minister said the plan was on schedule. Critics disagreed.\n";
const VERSION: u32 = 1;

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// The fixture articles under the repository root, sorted by path, each ending with one newline.
pub fn articles(root: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for (dir, prefix) in [(root.join("fixtures"), "00"), (root.join("fixtures/quality"), "")] {
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a readable folder").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with(prefix) && name.ends_with(".txt") && path.is_file() {
                paths.push(path);
            }
        }
    }
    paths.sort();
    assert!(!paths.is_empty(), "no fixture articles under {}", root.display());
    paths
        .iter()
        .map(|p| {
            let text = fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            format!("{}\n", text.trim_end())
        })
        .collect()
}

/// The articles in shuffled rounds (every article once per round), forever.
pub fn stream<'a>(articles: &'a [String], seed: u64) -> impl Iterator<Item = &'a str> + 'a {
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..articles.len()).collect();
    let mut next = order.len();
    std::iter::from_fn(move || {
        if next == order.len() {
            rng.shuffle(&mut order);
            next = 0;
        }
        next += 1;
        Some(articles[order[next - 1]].as_str())
    })
}

/// One text of at least `size` bytes (to the end of the article that crosses it): articles
/// separated by a blank line. The same `size` and seed give the same bytes.
pub fn build_text(articles: &[String], size: usize, seed: u64) -> String {
    let mut text = String::with_capacity(size + 16 * 1024);
    for article in stream(articles, seed) {
        if text.len() >= size {
            break;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(article);
    }
    text
}

fn write_atomic(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("tmp");
    let mut file = fs::File::create(&tmp).unwrap_or_else(|e| panic!("{}: {e}", tmp.display()));
    file.write_all(bytes).unwrap_or_else(|e| panic!("{}: {e}", tmp.display()));
    drop(file);
    fs::rename(&tmp, path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// What `MANIFEST` says for these articles: a change to the fixtures or the builder rebuilds.
fn manifest(articles: &[String]) -> String {
    // FNV-1a over the articles: enough to notice an edited fixture.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in articles.iter().flat_map(|a| a.bytes().chain([0])) {
        hash = (hash ^ byte as u64).wrapping_mul(0x100_0000_01b3);
    }
    let sizes: Vec<String> = SIZES.iter().map(|(name, size)| format!("{name}={size}")).collect();
    format!(
        "version={VERSION}\nseed={SEED:#x}\narticles={}\nfixtures-fnv={hash:#018x}\n{}\nsmall-files={SMALL_FILES}\n",
        articles.len(),
        sizes.join("\n")
    )
}

/// Builds the corpus in `out` unless its `MANIFEST` already matches. Returns whether it built.
pub fn build(root: &Path, out: &Path) -> bool {
    let articles = articles(root);
    let manifest = manifest(&articles);
    if fs::read_to_string(out.join("MANIFEST")).ok().as_deref() == Some(manifest.as_str()) {
        return false;
    }
    let _ = fs::remove_file(out.join("MANIFEST"));
    fs::create_dir_all(out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    // The same seed for every size: the 1 MB file is the start of the 10 MB file, and so on.
    for &(name, size) in SIZES {
        write_atomic(&out.join(name), build_text(&articles, size, SEED).as_bytes());
    }
    let small = out.join("small");
    let _ = fs::remove_dir_all(&small);
    let mut concat = String::new();
    for (i, article) in stream(&articles, SEED ^ 0x5a11).take(SMALL_FILES).enumerate() {
        let dir = small.join(format!("{:02}", i / 100));
        if i % 100 == 0 {
            fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        fs::write(dir.join(format!("{i:05}.txt")), article).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        // No separator: exactly the bytes of the small files, in the same order.
        concat.push_str(article);
    }
    write_atomic(&out.join("small-concat.txt"), concat.as_bytes());
    write_atomic(&out.join("tiny.txt"), TINY.as_bytes());
    write_atomic(&out.join("MANIFEST"), manifest.as_bytes());
    true
}

/// Where the corpus goes by default: `$CARGO_TARGET_DIR/bench-corpus`, else `target/bench-corpus`
/// under the repository root.
pub fn default_out(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("bench-corpus"),
        _ => root.join("target/bench-corpus"),
    }
}

/// The repository root: the crate's folder when built by cargo, else the current folder.
pub fn default_root() -> PathBuf {
    PathBuf::from(option_env!("CARGO_MANIFEST_DIR").unwrap_or("."))
}

/// `corpus [--root REPO] [--out DIR]`. Anything else (cargo passes `--bench` and any filter
/// given to `cargo bench`) is ignored.
#[allow(dead_code)] // unused when included as a module of the criterion benches
fn main() {
    let mut root = default_root();
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--root" => root = PathBuf::from(args.next().expect("--root needs a folder")),
            "--out" => out = Some(PathBuf::from(args.next().expect("--out needs a folder"))),
            "-h" | "--help" => {
                println!("usage: corpus [--root REPO] [--out DIR]  (default DIR: $CARGO_TARGET_DIR/bench-corpus)");
                return;
            }
            _ => {}
        }
    }
    let out = out.unwrap_or_else(|| default_out(&root));
    let started = std::time::Instant::now();
    if build(&root, &out) {
        println!("corpus: built {} in {:.1} s", out.display(), started.elapsed().as_secs_f64());
    } else {
        println!("corpus: {} is up to date", out.display());
    }
}
