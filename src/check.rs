//! A check run: find the files, then read, parse, lint and suppress each (in parallel), and
//! collect the report in a stable order.

use crate::baseline::Baseline;
use crate::config::{Config, FileSettings};
use crate::error::Error;
use crate::finding::Finding;
use crate::input;
use crate::lint::Selection;
use crate::report::{FileError, FileResult, Report};
use crate::rules::RuleSet;
use crate::span::Span;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Extensions linted when walking a folder with no `include` globs.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Lint files that are not valid UTF-8, with replacement characters.
    pub lossy: bool,
    /// Threads to lint with; `None`: all cores.
    pub threads: Option<usize>,
    pub baseline: Option<Baseline>,
}

/// One input: a path, or standard input's text.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Stdin(input::Text),
}

/// Rules and configuration, ready to lint many files.
pub struct Engine {
    pub rules: RuleSet,
    pub config: Config,
    /// Settings per distinct set of matching overrides.
    settings: Mutex<HashMap<Vec<usize>, std::sync::Arc<FileSettings>>>,
}

impl Engine {
    pub fn new(rules: RuleSet, config: Config) -> Engine {
        Engine { rules, config, settings: Mutex::new(HashMap::new()) }
    }

    /// The built-in rules with the default configuration.
    pub fn builtin() -> Result<Engine, Error> {
        Ok(Engine::new(RuleSet::builtin()?, Config::defaults(Path::new("."))))
    }

    pub fn settings_for(&self, path: Option<&Path>) -> std::sync::Arc<FileSettings> {
        let overrides = path.map(|p| self.config.overrides_for(p)).unwrap_or_default();
        let mut cache = self.settings.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry(overrides.clone())
            .or_insert_with(|| std::sync::Arc::new(self.config.file_settings(&self.rules, &overrides)))
            .clone()
    }

    /// Lints one text: parse, lint, drop allowed terms and findings below the minimum severity,
    /// apply the document's suppression comments.
    pub fn lint_text(
        &self,
        path: String,
        text: impl Into<input::ArticleText>,
        replacements: Vec<(usize, usize, usize)>,
        file: Option<&Path>,
    ) -> FileResult {
        let text = text.into();
        let settings = self.settings_for(file);
        // The line index of a long file is built while its sections are linted.
        let (findings, lines) = rayon::join(
            || crate::sections::lint_text(&text, &self.rules, &settings.selection),
            || crate::span::LineIndex::new(&text),
        );
        let findings = filter_allowed(&text, findings, &settings.allow);
        let mut result = FileResult::with_lines(path, text, lines, Vec::new(), replacements);
        let findings = crate::suppress::apply(&result.text, &result.lines, findings);
        result.findings = findings.into_iter().filter(|f| f.severity >= settings.min_severity).collect();
        result
    }

    pub fn lint_path(&self, path: &Path, options: &CheckOptions) -> Result<FileResult, Error> {
        let text = input::read_article(path, options.lossy)?;
        Ok(self.lint_text(path.display().to_string(), text.text, text.replacements, Some(path)))
    }
}

/// Drops findings on an allowed term: one whose words overlap an occurrence of the term.
fn filter_allowed(text: &str, findings: Vec<Finding>, allow: &[String]) -> Vec<Finding> {
    use crate::words::{normalise_literal, tokenize, word_matches_literal};
    // Terms compare word by word, like rules do: case-insensitively, ’ and ' alike.
    let terms: Vec<Vec<String>> = allow
        .iter()
        .map(|term| {
            tokenize(term, Span::new(0, term.len()))
                .iter()
                .map(|w| normalise_literal(w.span.text(term)))
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .collect();
    if terms.is_empty() {
        return findings;
    }
    findings
        .into_iter()
        .filter(|f| {
            !terms.iter().any(|term| {
                let reach: usize = term.iter().map(|w| w.len() + 8).sum();
                let from = crate::span::floor_char_boundary(text, f.span.start.saturating_sub(reach));
                let to = crate::span::ceil_char_boundary(text, f.span.end.saturating_add(reach).min(text.len()));
                let words = tokenize(text, Span::new(from, to));
                words.windows(term.len()).any(|run| {
                    let covers = Span::new(run[0].span.start, run[run.len() - 1].span.end);
                    covers.overlaps(f.span)
                        && run.iter().zip(term).all(|(w, t)| word_matches_literal(w.span.text(text), t))
                })
            })
        })
        .collect()
}

/// Lints one text with the built-in rules and a selection: the library's simplest entry point.
pub fn lint_text(
    path: String,
    text: impl Into<input::ArticleText>,
    replacements: Vec<(usize, usize, usize)>,
    rules: &RuleSet,
    selection: &Selection,
) -> FileResult {
    let text = text.into();
    let findings = crate::sections::lint_text(&text, rules, selection);
    FileResult::new(path, text, findings, replacements)
}

pub fn has_default_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| e.eq_ignore_ascii_case(d)))
}

/// A file to lint, and how it was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// Found by walking a folder: if it turns out to be binary it is skipped with a note, where a
    /// binary file named on the command line is an error.
    pub walked: bool,
    /// Its size in bytes when found (0 if unknown): the files linted at once are held to a total.
    pub size: u64,
}

/// The files under `paths`: files as named, folders walked (honouring `.gitignore` and the
/// config's include/exclude). Problems (a missing path, a symlink loop, an unreadable folder) are
/// collected and the walk goes on. Files are not opened here: each is read once, when linted.
pub fn discover(paths: &[PathBuf], config: &Config, report: &mut Report) -> Vec<Target> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                let message = match error.kind() {
                    std::io::ErrorKind::NotFound => Error::NotFound { path: path.clone() }.to_string(),
                    _ => Error::Io { path: path.clone(), source: error }.to_string(),
                };
                report.errors.push(FileError { path: path.display().to_string(), message });
                continue;
            }
        };
        if !metadata.is_dir() {
            files.push(Target { path: path.clone(), walked: false, size: metadata.len() });
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(true)
            .follow_links(false)
            .git_ignore(config.gitignore)
            .git_exclude(config.gitignore)
            .ignore(config.gitignore)
            .require_git(false)
            .build();
        let mut found = Vec::new();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    if entry.path_is_symlink() {
                        // Links are not followed (no loops, no file linted twice); say so.
                        let why = match std::fs::metadata(p) {
                            Ok(target) if target.is_dir() => "a symbolic link to a folder, not followed".to_string(),
                            Ok(_) if !config.is_included(p) => continue,
                            Ok(_) => "a symbolic link, not followed".to_string(),
                            Err(error) => format!("a symbolic link that cannot be followed ({error})"),
                        };
                        report.notes.push(format!("{}: skipped, {why}", p.display()));
                        continue;
                    }
                    if entry.file_type().is_some_and(|t| t.is_file()) && config.is_included(p) {
                        found.push(Target {
                            path: p.to_path_buf(),
                            walked: true,
                            size: entry.metadata().map_or(0, |m| m.len()),
                        });
                    }
                }
                Err(error) => report.errors.push(FileError {
                    path: path.display().to_string(),
                    message: format!("{}: {error}", path.display()),
                }),
            }
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        files.extend(found);
    }
    files
}

/// What became of one file.
enum Outcome {
    Linted(FileResult),
    Failed(FileError),
    /// Not linted, with a note saying why.
    Skipped(String),
}

/// Runs a check. `progress` is told (done, total) as files finish.
pub fn run(
    inputs: &[Input],
    engine: &Engine,
    options: &CheckOptions,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Report {
    let mut files = Vec::new();
    let collect = &mut |batch: Vec<FileResult>| -> Result<(), std::convert::Infallible> {
        files.extend(batch);
        Ok(())
    };
    let mut report = match run_each(inputs, engine, options, progress, collect) {
        Ok(report) => report,
        Err(never) => match never {},
    };
    report.files = files;
    report
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
    let targets = discover(&paths, &engine.config, &mut report);
    let done = AtomicUsize::new(0);
    let total = targets.len();
    let stdin = inputs.iter().filter_map(|input| match input {
        Input::Stdin(text) => Some(("-".to_string(), Source::Stdin(text))),
        Input::Path(_) => None,
    });
    let files = targets.into_iter().map(|target| (target.path.display().to_string(), Source::File(target)));
    let mut work: Vec<Work> =
        stdin.chain(files).enumerate().map(|(found, (name, source))| Work { name, found, source }).collect();
    // The report's order, decided before linting: by path, standard input as `-`.
    work.sort_by(|a, b| a.name.cmp(&b.name));
    let lint_one = |work: &Work| {
        let target = match &work.source {
            Source::Stdin(text) => {
                let file = engine.lint_text(work.name.clone(), text.text.clone(), text.replacements.clone(), None);
                return Outcome::Linted(file);
            }
            Source::File(target) => target,
        };
        let path = &target.path;
        let result = match engine.lint_path(path, options) {
            Ok(file) => Outcome::Linted(file),
            Err(Error::Binary { .. }) if target.walked => {
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
    let pool = options
        .threads
        .filter(|&threads| threads != rayon::current_num_threads())
        .and_then(|threads| rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok());
    let threads = pool.as_ref().map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    let mut baseline = options.baseline.as_ref().map(|b| b.start_filter());
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
                Outcome::Linted(file) => linted.push(file),
                Outcome::Failed(error) => errors.push((work.found, error)),
                Outcome::Skipped(note) => notes.push((work.found, note)),
            }
        }
        if let Some(baseline) = &mut baseline {
            baseline.filter(&mut linted);
        }
        on_batch(linted)?;
    }
    errors.sort_by_key(|&(found, _)| found);
    notes.sort_by_key(|&(found, _)| found);
    report.errors.extend(errors.into_iter().map(|(_, error)| error));
    report.notes.extend(notes.into_iter().map(|(_, note)| note));
    Ok(report)
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
    Stdin(&'i input::Text),
    File(Target),
}

impl Work<'_> {
    fn size(&self) -> u64 {
        match &self.source {
            Source::Stdin(text) => text.text.len() as u64,
            Source::File(target) => target.size,
        }
    }
}

/// The bytes of the files linted at once (unless one file is larger): their texts, models and
/// findings are held together, so this bounds the memory of a run over many files. A file whose
/// size was not known when it was found (a named pipe) counts as empty.
const BATCH_BYTES: u64 = 8 << 20;

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
