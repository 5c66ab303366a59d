//! One engine per configuration: the nearest `spinlint.toml` (or `.spinlint.toml`) from a
//! document's folder up, found as the command line finds it, with the editor's settings over it.
//! Engines are built on the worker threads, when a document first needs them, and dropped when a
//! configuration or rule file changes.

use serde::Deserialize;
use spinlint_core::config::{CallerSelection, Config};
use spinlint_core::finding::Severity;
use spinlint_core::{ConfigSource, Engine, Options};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// The editor's settings. They can only narrow or add to what `spinlint.toml` says (like the
/// command line's `--select`, `--ignore` and `--rules`), never replace it.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct EditorSettings {
    /// Report only these rules or categories.
    pub select: Vec<String>,
    /// Do not report these rules or categories.
    pub ignore: Vec<String>,
    /// Report only findings of at least this severity (over the configuration's).
    pub min_severity: Option<Severity>,
    /// Folders of custom rules, added to the configuration's.
    pub rules: Vec<PathBuf>,
    /// Milliseconds from the last change to the lint (default 150).
    pub debounce_ms: Option<u64>,
}

/// The longest debounce taken from the settings: a larger value would leave drafts unlinted.
const LONGEST_DEBOUNCE_MS: u64 = 10_000;

impl EditorSettings {
    /// The time from the last change to the lint: the setting's, at most ten seconds, or `default`.
    pub fn debounce(&self, default: std::time::Duration) -> std::time::Duration {
        self.debounce_ms.map_or(default, |ms| std::time::Duration::from_millis(ms.min(LONGEST_DEBOUNCE_MS)))
    }

    /// The settings in an `initializationOptions` value: either the settings themselves or
    /// `{"spinlint": {...}}`. Anything unreadable is the defaults.
    pub fn from_value(value: Option<&serde_json::Value>) -> EditorSettings {
        let Some(value) = value else { return EditorSettings::default() };
        let value = value.get("spinlint").unwrap_or(value);
        serde_json::from_value(value.clone()).unwrap_or_default()
    }

    /// These settings with a `didChangeConfiguration` value's over them: only the keys it has
    /// change (clients send `{}` or `null` on connecting, and some send one key at a time). A
    /// value that cannot be read changes nothing. `None`: nothing changed.
    pub fn updated(&self, value: &serde_json::Value) -> Option<EditorSettings> {
        let value = value.get("spinlint").unwrap_or(value);
        let changes = value.as_object().filter(|changes| !changes.is_empty())?;
        let mut merged = serde_json::to_value(self).ok()?;
        let fields = merged.as_object_mut()?;
        for (key, change) in changes {
            fields.insert(key.clone(), change.clone());
        }
        let updated: EditorSettings = serde_json::from_value(merged).ok()?;
        (updated != *self).then_some(updated)
    }
}

/// An engine that could not be built: the error, and the TOML files it is in with their
/// problems (byte ranges), for diagnostics on those files.
#[derive(Debug)]
pub struct EngineFailure {
    pub message: String,
    pub files: Vec<ProblemFile>,
}

/// A TOML file with problems: its path, its text, and each problem's byte range and message.
pub type ProblemFile = (PathBuf, String, Vec<(std::ops::Range<usize>, String)>);

pub type Built = Result<Arc<Engine>, Arc<EngineFailure>>;

/// The engines built so far, by configuration file (`None`: no configuration, the defaults).
#[derive(Default)]
pub struct Engines {
    settings: Mutex<EditorSettings>,
    /// What is cached, and the generation it belongs to.
    cache: Mutex<Cache>,
}

/// The configuration file of each folder asked about, and the engines built. `generation` counts
/// the invalidations: a worker that started before one must not cache what it read before it.
#[derive(Default)]
struct Cache {
    generation: u64,
    found: HashMap<PathBuf, Option<PathBuf>>,
    built: HashMap<Option<PathBuf>, Built>,
}

impl Engines {
    pub fn new(settings: EditorSettings) -> Engines {
        Engines { settings: Mutex::new(settings), ..Engines::default() }
    }

    /// Forgets every engine and every configuration found (a TOML file changed, or the
    /// settings did).
    pub fn invalidate(&self, settings: Option<EditorSettings>) {
        let mut cache = lock(&self.cache);
        if let Some(settings) = settings {
            *lock(&self.settings) = settings;
        }
        cache.generation += 1;
        cache.found.clear();
        cache.built.clear();
    }

    pub fn settings(&self) -> EditorSettings {
        lock(&self.settings).clone()
    }

    /// The engine for a document in `folder` (`None`: a document with no folder, which gets
    /// the defaults of `fallback`, the workspace's folder, if any).
    pub fn for_folder(&self, folder: Option<&Path>) -> Built {
        // What is read below belongs to this generation; it is cached only if no invalidation
        // came meanwhile (else a configuration read before a change would outlive the change).
        let (generation, found) = {
            let cache = lock(&self.cache);
            (cache.generation, folder.and_then(|f| cache.found.get(f).cloned()))
        };
        let config = match (folder, found) {
            (Some(_), Some(found)) => found,
            (Some(folder), None) => {
                let found = Config::discover(folder);
                let mut cache = lock(&self.cache);
                if cache.generation == generation {
                    cache.found.insert(folder.to_path_buf(), found.clone());
                }
                found
            }
            (None, _) => None,
        };
        if let Some(built) = lock(&self.cache).built.get(&config) {
            return built.clone();
        }
        // Built outside the lock: two workers may build the same engine once each, but no
        // worker waits for another's build. The settings are read after the generation, so an
        // engine built with old settings is never cached under the new generation.
        let settings = self.settings();
        let source = match &config {
            Some(path) => ConfigSource::File(path.clone()),
            None => ConfigSource::Defaults(folder.map_or_else(|| PathBuf::from("."), Path::to_path_buf)),
        };
        let options = Options {
            config: source,
            rule_dirs: settings.rules.clone(),
            min_severity: settings.min_severity,
            selection: CallerSelection { select: settings.select.clone(), ignore: settings.ignore.clone() },
            ..spinlint_builtin::options()
        };
        let built = Engine::new(options).map(Arc::new).map_err(|error| Arc::new(failure(error)));
        let mut cache = lock(&self.cache);
        if cache.generation == generation {
            cache.built.entry(config).or_insert(built).clone()
        } else {
            built
        }
    }
}

fn failure(error: spinlint_core::Error) -> EngineFailure {
    let problems = |problems: &[spinlint_core::rules::Problem]| {
        problems.iter().map(|p| (p.span.clone(), p.message.clone())).collect::<Vec<_>>()
    };
    let files = match &error {
        spinlint_core::Error::Config(config) => {
            vec![(config.path.clone(), config.text.clone(), problems(&config.problems))]
        }
        spinlint_core::Error::Rules(rules) => rules
            .files
            .iter()
            .map(|file| (PathBuf::from(&file.name), file.text.clone(), problems(&file.problems)))
            .collect(),
        _ => Vec::new(),
    };
    let message = match &error {
        spinlint_core::Error::Config(config) => format!(
            "spinlint: {} problem(s) in {}; nothing is linted until they are fixed",
            config.problems.len(),
            config.path.display()
        ),
        spinlint_core::Error::Rules(rules) => {
            let names: Vec<&str> = rules.files.iter().map(|f| f.name.as_str()).collect();
            format!("spinlint: {error} ({}); nothing is linted until they are fixed", names.join(", "))
        }
        other => format!("spinlint: {other}"),
    };
    EngineFailure { message, files }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
