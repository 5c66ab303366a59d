//! Criterion benchmarks of parsing and linting, in MB/s (`Throughput::BytesDecimal`: 1 MB =
//! 10^6 bytes, as in `benches/compare.sh` and the README's targets).
//!
//! The texts are `corpus-1mb.txt` and `corpus-10mb.txt` of `benches/corpus.rs`, built here in
//! memory with the same seed: the same bytes as the files in `target/bench-corpus`.
//!
//! - `parse`: `Document::parse`;
//! - `lint`: `lint_with` the built-in rules on an already parsed document;
//! - `check`: `Engine::lint` on rayon's threads, what `spinlint check` does per file (parse,
//!   lint, allowed terms, suppression comments), without reading the file or writing the report.
//!
//! Small samples and short measurement times keep `cargo bench` to about a minute or two on two
//! cores; pass criterion options (`cargo bench --bench lint -- --sample-size 30`) to measure
//! longer.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use spinlint_core::document::Document;
use spinlint_core::lint::{lint_with, Selection};
use spinlint_core::{Engine, Options};
use spinlint_suite::Rayon;
use std::hint::black_box;
use std::time::Duration;

#[path = "corpus.rs"]
#[allow(dead_code)]
mod corpus;

fn texts() -> Vec<(&'static str, String)> {
    let articles = corpus::articles(&corpus::default_root());
    vec![
        ("1MB", corpus::build_text(&articles, corpus::MB, corpus::SEED)),
        ("10MB", corpus::build_text(&articles, 10 * corpus::MB, corpus::SEED)),
    ]
}

fn benches(c: &mut Criterion) {
    let options = Options { parallel: std::sync::Arc::new(Rayon), ..Options::default() };
    let engine = Engine::new(options).expect("the built-in rules load");
    let selection = Selection::defaults(engine.rules());
    for (name, text) in texts() {
        let big = text.len() > 2 * corpus::MB;
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        // Flat sampling: every sample runs the same (small) number of iterations, so ten samples
        // of a one-second iteration take ten seconds, not the 55 of linear sampling.
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(if big { 500 } else { 1000 }));
        group.measurement_time(Duration::from_secs(if big { 12 } else { 4 }));

        group.bench_function("parse", |b| b.iter(|| Document::parse(black_box(&text))));

        let doc = Document::parse(&text);
        group.bench_function("lint", |b| b.iter(|| lint_with(black_box(&doc), engine.rules(), &selection)));
        drop(doc);

        group.bench_function("check", |b| {
            b.iter_batched(|| text.clone(), |text| engine.lint("corpus.txt", None, text), BatchSize::PerIteration)
        });
        group.finish();
    }
}

criterion_group!(all, benches);
criterion_main!(all);
