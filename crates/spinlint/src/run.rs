//! A check run: find the files, then read, lint and suppress each (in parallel, on rayon's
//! threads), and hand them on in a stable order, a few at a time.

use crate::walk::{discover, Target};
use rayon::prelude::*;
use spinlint_core::parallel::Parallel;
use spinlint_core::suppress::Baseline;
use spinlint_core::text::TextError;
use spinlint_core::{Engine, FileResult};
use spinlint_formats::{Format, ReadError};
use spinlint_report::{FileError, Report};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The engine's threads: rayon's (the pool a run is installed in, or the global one).
pub struct Rayon;

impl Parallel for Rayon {
    fn for_each(&self, count: usize, job: &(dyn Fn(usize) + Sync)) {
        (0..count).into_par_iter().for_each(job);
    }

    fn threads(&self) -> usize {
        rayon::current_num_threads()
    }
}

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Lint files that are not valid UTF-8, with replacement characters.
    pub lossy: bool,
    /// Threads to lint with; `None`: all cores.
    pub threads: Option<usize>,
    /// The baseline file named, and its findings, which are not reported.
    pub baseline: Option<(PathBuf, Baseline)>,
    /// Read every input in this format, whatever its extension.
    pub format: Option<Format>,
    /// The file the report is written to, never linted (`-o report.txt .` would read it).
    pub output_file: Option<PathBuf>,
}

/// More threads than this many per core only cost: each one has a stack and a share of every
/// batch (10,000 threads on 1,000 tiny files took 114 s where the default took 0.1 s, and 100,000
/// could not be created at all).
pub const THREADS_PER_CORE: usize = 4;

/// The threads a run uses when `asked` for: at least one, at most `THREADS_PER_CORE` per core.
pub fn capped_threads(asked: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    asked.clamp(1, THREADS_PER_CORE * cores)
}

/// One input: a path, or standard input's bytes.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Stdin {
        bytes: Vec<u8>,
        /// The name reports and the configuration's overrides use (`--stdin-filename`); its
        /// extension gives the format. `None`: `-`, plain text.
        name: Option<PathBuf>,
    },
}

/// What became of one file.
enum Outcome {
    Linted(FileResult),
    Failed(FileError),
    /// Not linted, with a note saying why.
    Skipped(String),
}

/// Runs a check and hands the linted files to `on_batch` a few at a time, in the report's order
/// (by path), dropping them after: a run holds a few files at a time, whatever their number. The
/// report returned has the errors and notes of the run (in the order the inputs were found) and
/// no files. An error of `on_batch` stops the run.
pub fn run_each<E>(
    inputs: &[Input],
    engine: &Engine,
    options: &CheckOptions,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
    on_batch: &mut dyn FnMut(Vec<FileResult>) -> Result<(), E>,
) -> Result<Report, E> {
    let mut report = Report::default();
    let paths: Vec<PathBuf> =
        inputs.iter().filter_map(|i| if let Input::Path(p) = i { Some(p.clone()) } else { None }).collect();
    let mut targets = discover(&paths, engine.config(), &mut report);
    if let Some(output) = options.output_file.as_ref().and_then(|path| path.canonicalize().ok()) {
        targets.retain(|target| target.path.canonicalize().map_or(true, |path| path != output));
    }
    let done = AtomicUsize::new(0);
    let total = targets.len();
    let stdin = inputs.iter().filter_map(|input| match input {
        Input::Stdin { bytes, name } => {
            let shown = name.as_ref().map_or_else(|| "-".to_string(), |n| n.display().to_string());
            Some((shown, Source::Stdin { bytes, name: name.as_deref() }))
        }
        Input::Path(_) => None,
    });
    let files = targets.into_iter().map(|target| (target.path.display().to_string(), Source::File(target)));
    let mut work: Vec<Work> =
        stdin.chain(files).enumerate().map(|(found, (name, source))| Work { name, found, source }).collect();
    // The report's order, decided before linting: by path, standard input as `-`.
    work.sort_by(|a, b| a.name.cmp(&b.name));
    let read_options =
        spinlint_formats::ReadOptions { lossy: options.lossy, front_matter: engine.config().front_matter.clone() };
    let lint_one = |work: &Work| {
        let (path, walked, overrides) = match &work.source {
            Source::Stdin { name, .. } => (name.unwrap_or(std::path::Path::new("-")), false, *name),
            Source::File(target) => (target.path.as_path(), target.walked, Some(target.path.as_path())),
        };
        let format = options.format.unwrap_or_else(|| Format::of_path(path));
        let bytes = match &work.source {
            Source::Stdin { bytes, .. } => Ok((*bytes).clone()),
            Source::File(target) => crate::read::read_bytes(&target.path, format.is_text()),
        };
        let read = bytes
            .map_err(ReadError::from)
            .and_then(|bytes| spinlint_formats::read(format, path, bytes, &read_options))
            .map_err(|error| match error {
                ReadError::Text(error) => ReadError::Text(error.offering_lossy()),
                other => other,
            });
        let result = match read {
            Ok(read) => Outcome::Linted(spinlint_formats::lint(engine, work.name.clone(), overrides, read)),
            Err(ReadError::Text(TextError::Binary { .. })) if walked => {
                Outcome::Skipped(format!("{}: skipped, a binary file", path.display()))
            }
            Err(error) => Outcome::Failed(FileError { path: work.name.clone(), message: error.to_string() }),
        };
        let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(progress) = progress {
            progress(finished, total);
        }
        result
    };
    // Files and the sections of a long file all run in a pool of the asked size.
    let (pool, threads) = pool(options);
    let mut baseline = options.baseline.as_ref().map(|(_, b)| b.start_filter(engine.config()));
    let mut hidden_by_baseline = 0;
    // Errors and notes keep the order the inputs were found in, as when nothing was batched.
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    for batch in batches(&work, 32 * threads) {
        let lint_batch = || batch.par_iter().map(lint_one).collect::<Vec<Outcome>>();
        let outcomes = match &pool {
            Some(pool) => pool.install(lint_batch),
            None => lint_batch(),
        };
        let mut linted = Vec::with_capacity(outcomes.len());
        for (work, outcome) in batch.iter().zip(outcomes) {
            match outcome {
                Outcome::Linted(mut file) => {
                    notes.extend(file.notes.drain(..).map(|note| (work.found, note)));
                    linted.push(file);
                }
                Outcome::Failed(error) => errors.push((work.found, error)),
                Outcome::Skipped(note) => notes.push((work.found, note)),
            }
        }
        if let Some(baseline) = &mut baseline {
            hidden_by_baseline += baseline.filter(&mut linted);
        }
        on_batch(linted)?;
    }
    errors.sort_by_key(|&(found, _)| found);
    notes.sort_by_key(|&(found, _)| found);
    report.errors.extend(errors.into_iter().map(|(_, error)| error));
    report.notes.extend(notes.into_iter().map(|(_, note)| note));
    report.notes.extend(baseline_note(options, hidden_by_baseline));
    Ok(report)
}

/// The pool of the asked size (`None`: rayon's global pool is that size), and its threads.
pub fn pool(options: &CheckOptions) -> (Option<rayon::ThreadPool>, usize) {
    let pool = options
        .threads
        .filter(|&threads| threads != rayon::current_num_threads())
        .and_then(|threads| rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok());
    let threads = pool.as_ref().map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    (pool, threads)
}

/// The note that a run with a baseline ends with, when the baseline hid some findings.
pub fn baseline_note(options: &CheckOptions, hidden: usize) -> Option<String> {
    let (path, _) = options.baseline.as_ref().filter(|_| hidden > 0)?;
    Some(format!("{} not shown: in the baseline {}", spinlint_report::plural(hidden, "finding"), path.display()))
}

/// One input to lint.
struct Work<'i> {
    /// Its path as the report shows it (`-` for standard input).
    name: String,
    /// Its place among the inputs as they were found.
    found: usize,
    source: Source<'i>,
}

enum Source<'i> {
    Stdin { bytes: &'i Vec<u8>, name: Option<&'i std::path::Path> },
    File(Target),
}

impl Work<'_> {
    fn size(&self) -> u64 {
        match &self.source {
            Source::Stdin { bytes, .. } => bytes.len() as u64,
            Source::File(target) => target.size,
        }
    }
}

/// The bytes of the files linted at once (unless one file is larger): their texts, models and
/// findings are held together, so this bounds the memory of a run over many files. A file whose
/// size was not known when it was found (a named pipe) counts as empty.
pub const BATCH_BYTES: u64 = 8 << 20;

/// `work` cut into runs of consecutive inputs linted at once: at most `max_files` inputs (enough
/// to keep every core busy on small files) and at most `BATCH_BYTES` together.
fn batches<'w, 'i>(work: &'w [Work<'i>], max_files: usize) -> impl Iterator<Item = &'w [Work<'i>]> {
    let mut rest = work;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut bytes = 0;
        let mut end = 0;
        while end < rest.len() && end < max_files.max(1) {
            bytes += rest[end].size();
            if end > 0 && bytes > BATCH_BYTES {
                break;
            }
            end += 1;
        }
        let (batch, after) = rest.split_at(end);
        rest = after;
        Some(batch)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(size: u64) -> Work<'static> {
        let target = Target { path: PathBuf::from("a.txt"), walked: true, size };
        Work { name: "a.txt".into(), found: 0, source: Source::File(target) }
    }

    #[test]
    fn batches_hold_a_few_files_and_a_bounded_total_in_order() {
        const MIB: u64 = 1 << 20;
        let sizes = [MIB, MIB, 3 * MIB, 3 * MIB, 20 * MIB, 1, 1, 1, 1, 1];
        let work: Vec<_> = sizes.iter().map(|&size| file(size)).collect();
        let cut: Vec<Vec<u64>> = batches(&work, 4).map(|b| b.iter().map(Work::size).collect()).collect();
        assert_eq!(cut, vec![vec![MIB, MIB, 3 * MIB, 3 * MIB], vec![20 * MIB], vec![1, 1, 1, 1], vec![1]]);
        let cut: Vec<usize> = batches(&work, 100).map(<[_]>::len).collect();
        assert_eq!(cut, vec![4, 1, 5], "8 MiB at most, unless one file is larger");
        assert_eq!(batches(&[], 4).count(), 0);
    }
}
