//! The engine: the one entry point of the library. Built once from [`Options`] (configuration,
//! rule folders, the caller's threads), it lints any number of texts, from any thread, through
//! the whole data path: parse -> document -> rules -> findings -> suppress.

use crate::config::{Config, FileSettings};
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::parallel::{self, Parallel, Sequential};
use crate::result::FileResult;
use crate::rules::{BuiltinRules, RuleSet, RuleSource};
use crate::span::LineIndex;
use crate::text::{read_text, Text};
use crate::view::View;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where the configuration comes from.
#[derive(Debug, Clone)]
pub enum ConfigSource {
    /// The nearest `spinlint.toml` in this folder or a parent; the defaults if there is none.
    Discover(PathBuf),
    /// This file, which must exist.
    File(PathBuf),
    /// This text, as if read from `path` (whose folder paths in it are relative to).
    Text { path: PathBuf, text: String },
    /// No file: the built-in defaults, paths relative to this folder.
    Defaults(PathBuf),
}

/// What an engine is built from.
#[derive(Clone)]
pub struct Options {
    pub config: ConfigSource,
    /// Folders of rule files added to the built-in rules and the configuration's folders.
    pub rule_dirs: Vec<PathBuf>,
    /// Rule files given as text, added last (a server's or a test's rules).
    pub rule_sources: Vec<RuleSource>,
    /// Report only findings of at least this severity, whatever the configuration says (a
    /// quiet run's floor).
    pub min_severity: Option<Severity>,
    /// The threads the engine may use; [`Sequential`] by default.
    pub parallel: Arc<dyn Parallel + Send + Sync>,
    /// The caller's choice of rules, over the configuration's (`--select`, `--ignore`).
    pub selection: crate::config::CallerSelection,
    /// The built-in rules: compiled at start-up (the default), or at build time by
    /// `spinlint-builtin`, whose `options()` sets this.
    pub builtin: BuiltinRules,
}

impl Default for Options {
    /// The built-in rules with the default configuration, on the calling thread.
    fn default() -> Options {
        Options {
            config: ConfigSource::Defaults(PathBuf::from(".")),
            rule_dirs: Vec::new(),
            rule_sources: Vec::new(),
            min_severity: None,
            parallel: Arc::new(Sequential),
            selection: crate::config::CallerSelection::default(),
            builtin: BuiltinRules::Compile,
        }
    }
}

/// Rules and configuration, ready to lint many texts.
pub struct Engine {
    rules: RuleSet,
    config: Config,
    parallel: Arc<dyn Parallel + Send + Sync>,
    min_severity: Severity,
    /// Settings per distinct set of matching overrides.
    settings: Mutex<HashMap<Vec<usize>, Arc<FileSettings>>>,
}

impl Engine {
    /// Reads the configuration, loads the built-in rules and the rule folders, and checks that
    /// the configuration names only rules and categories that exist.
    pub fn new(options: Options) -> Result<Engine, Error> {
        let mut config = load_config(&options.config)?;
        let mut sources = Vec::new();
        // A folder named in the configuration and again with `--rules` (as docs/rules.md shows)
        // is one folder, however it is spelt: loaded twice, each rule was a duplicate of itself.
        let mut loaded = std::collections::HashSet::new();
        for dir in config.rule_dirs.iter().chain(&options.rule_dirs) {
            if !dir.is_dir() {
                return Err(Error::RuleDirNotFound { path: dir.clone() });
            }
            if loaded.insert(dir.canonicalize().unwrap_or_else(|_| dir.clone())) {
                sources.extend(RuleSource::from_dir(dir)?);
            }
        }
        sources.extend(options.rule_sources);
        let rules = RuleSet::load_with(options.builtin, sources, &*options.parallel)?;
        config.validate(&rules)?;
        for (option, names) in [("--select", &options.selection.select), ("--ignore", &options.selection.ignore)] {
            for name in names {
                if !rules.names(name) {
                    let hint = crate::suggest::closest(name, rules.ids_and_categories())
                        .map_or_else(|| "see `spinlint rules`".to_string(), |meant| format!("did you mean `{meant}`?"));
                    return Err(Error::UnknownRule { option, name: name.clone(), hint });
                }
            }
        }
        config.caller = options.selection;
        Ok(Engine {
            rules,
            config,
            parallel: options.parallel,
            min_severity: options.min_severity.unwrap_or(Severity::Info),
            settings: Mutex::new(HashMap::new()),
        })
    }

    /// The built-in rules with the default configuration: `Engine::new(Options::default())`.
    pub fn builtin() -> Result<Engine, Error> {
        Engine::new(Options::default())
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Lints one text: parse, lint, then the suppress stage (allowed terms, suppression comments,
    /// the minimum severity). `name` is the path shown in reports (`-` for standard input);
    /// `path`, when the text is a file's, picks the configuration's overrides for it.
    pub fn lint(&self, name: impl Into<String>, path: Option<&Path>, text: impl Into<Text>) -> FileResult {
        let Text { text, replacements } = text.into();
        let settings = self.settings_for(path);
        // The line index of a long file is built while its sections are linted.
        let (findings, lines) = parallel::join(
            &*self.parallel,
            || crate::sections::lint_text(&text, &self.rules, &settings.selection, &*self.parallel),
            || LineIndex::new(&text),
        );
        let findings = crate::suppress::filter_allowed(&text, findings, &settings.allow);
        let result = FileResult::with_lines(name.into(), text, lines, Vec::new(), replacements);
        self.suppress(result, findings, &settings)
    }

    /// Lints the view a reader took out of a file (Markdown, HTML, a Word document): the rules
    /// read the view, and the findings are moved back to the file's `text`, which reports show
    /// (for a Word document, the text of its paragraphs, one per line).
    pub fn lint_view(
        &self,
        name: impl Into<String>,
        path: Option<&Path>,
        text: impl Into<Text>,
        view: &View,
    ) -> FileResult {
        let Text { text, replacements } = text.into();
        let settings = self.settings_for(path);
        let findings = crate::sections::lint_view(view, &self.rules, &settings.selection, &*self.parallel);
        let mut findings = crate::suppress::filter_allowed(&view.text, findings, &settings.allow);
        for finding in &mut findings {
            finding.map_spans(|span| view.source_span(span));
        }
        let result = FileResult::new(name.into(), text, Vec::new(), replacements);
        self.suppress(result, findings, &settings)
    }

    /// Suppression comments and the minimum severity.
    fn suppress(&self, mut result: FileResult, findings: Vec<Finding>, settings: &FileSettings) -> FileResult {
        let findings = crate::suppress::apply(&result.text, &result.lines, findings);
        let floor = settings.min_severity.max(self.min_severity);
        result.findings = findings.into_iter().filter(|f| f.severity >= floor).collect();
        result
    }

    fn settings_for(&self, path: Option<&Path>) -> Arc<FileSettings> {
        let overrides = path.map(|p| self.config.overrides_for(p)).unwrap_or_default();
        let mut cache = self.settings.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry(overrides.clone())
            .or_insert_with(|| Arc::new(self.config.file_settings(&self.rules, &overrides)))
            .clone()
    }
}

fn load_config(source: &ConfigSource) -> Result<Config, Error> {
    let (path, text) = match source {
        ConfigSource::Defaults(root) => return Ok(Config::defaults(root)),
        ConfigSource::Discover(start) => match Config::discover(start) {
            Some(path) => (path.clone(), read_text(&path)?),
            None => return Ok(Config::defaults(start)),
        },
        ConfigSource::File(path) if !path.is_file() => return Err(Error::ConfigNotFound { path: path.clone() }),
        ConfigSource::File(path) => (path.clone(), read_text(path)?),
        ConfigSource::Text { path, text } => (path.clone(), text.clone()),
    };
    Ok(Config::parse(&path, &text)?)
}
