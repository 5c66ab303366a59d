//! `spinlint.toml`: which files, which rules, how severe, per-path overrides.
//!
//! Found in the current folder or the nearest parent (as ruff and typos do), or named with
//! `--config`. Every key is checked: a misspelt key, a bad glob or an unknown rule id is an error
//! that points into the TOML, never a silently ignored setting.

use crate::finding::Severity;
use crate::lint::Selection;
use crate::rules::{Problem, RuleSet};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const FILE_NAME: &str = "spinlint.toml";

/// A commented starter file, written by `spinlint init`.
pub const STARTER: &str = r#"# spinlint configuration. Every key is optional; see the README for what each one does.
# Paths in this file are relative to the folder it is in.

# Which files `spinlint check` lints when walking folders (globs).
include = ["**/*.md", "**/*.markdown", "**/*.txt", "**/*.html", "**/*.htm", "**/*.xhtml", "**/*.docx"]
exclude = ["archive/**", "**/drafts/old/**"]
# Skip what .gitignore ignores.
gitignore = true

# The fields of a Markdown file's front matter that are prose: `title` is linted as a heading,
# the others as a standfirst. The rest of the front matter is never linted.
# front-matter = ["title", "subtitle", "description", "summary", "standfirst"]

# Folders of the newsroom's own rules (*.toml), added to the built-in ones.
# rules = ["newsroom-rules"]

# Turn rules off by id or by category, or turn on rules that are off by default.
disable = []
# enable = ["some-opt-in-rule"]

# Only report findings at this severity or above: "info", "warning" or "error".
min-severity = "info"

# Terms that never fire, whatever the rule.
allow = []

# Severity by rule id or category.
[severity]
# "loaded-language" = "info"
# "quote-unattributed" = "error"

# The opinion desk argues by design: loaded language is its business, sourcing still is not.
[[overrides]]
files = ["opinion/**"]
disable = ["loaded-language", "name-calling"]
[overrides.severity]
"exaggeration" = "info"
"#;

// `Spanned` values do not survive `#[serde(flatten)]`, so the settings keys are spelt out in
// both tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigDef {
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    gitignore: bool,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    enable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: std::collections::BTreeMap<Spanned<String>, Spanned<Severity>>,
    min_severity: Option<Severity>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<OverrideDef>,
    front_matter: Option<Vec<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideDef {
    files: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    enable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: std::collections::BTreeMap<Spanned<String>, Spanned<Severity>>,
    min_severity: Option<Severity>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
}

/// Rules chosen by the caller (a command line's `--select` and `--ignore`), by id or category.
/// It applies after the configuration and its overrides, so it wins over them.
#[derive(Debug, Clone, Default)]
pub struct CallerSelection {
    /// Only these: a category's rules as the configuration has them, a rule named by its id
    /// whatever it has; every rule the configuration enables when empty.
    pub select: Vec<String>,
    /// Not these rules.
    pub ignore: Vec<String>,
}

/// Rule settings at one level: the whole config, or one override.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub disable: Vec<Spanned<String>>,
    pub enable: Vec<Spanned<String>>,
    /// Rule id or category (with the span of the key), and its severity.
    pub severity: Vec<(Spanned<String>, Spanned<Severity>)>,
    pub min_severity: Option<Severity>,
    pub allow: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Override {
    pub files: GlobSet,
    pub settings: Settings,
}

/// Problems in a configuration file, each at its place in the TOML.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}: {} problem(s) in the configuration", path.display(), problems.len())]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: String,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from; `None` for the defaults.
    pub path: Option<PathBuf>,
    pub text: String,
    /// Paths in the config are relative to this folder.
    pub root: PathBuf,
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    pub gitignore: bool,
    pub rule_dirs: Vec<PathBuf>,
    pub settings: Settings,
    pub overrides: Vec<Override>,
    /// The fields of a Markdown file's front matter that are prose (`title`, `description`);
    /// `None`: the readers' defaults.
    pub front_matter: Option<Vec<String>>,
    /// The caller's choice of rules (`--select`, `--ignore`), applied after every level of the
    /// configuration.
    pub caller: CallerSelection,
}

/// The resolved settings for one file.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub selection: Selection,
    pub min_severity: Severity,
    /// Lowercase terms that never fire.
    pub allow: Vec<String>,
}

fn build_globs(globs: &[Spanned<String>], problems: &mut Vec<Problem>) -> Option<GlobSet> {
    if globs.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        match Glob::new(glob.get_ref()) {
            Ok(g) => {
                builder.add(g);
            }
            Err(e) => problems.push(Problem { span: glob.span(), message: format!("bad glob: {}", e.kind()) }),
        }
    }
    builder.build().ok()
}

/// Extensions linted when walking a folder with no `include` globs.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "xhtml", "docx"];

/// An absolute path with its links resolved as far as it exists, and `.` and `..` taken out of
/// the rest: a path that names no file (`news/feed.jsonl#42`, a record of a file; an
/// `--stdin-filename`) resolves as the same path typed from another folder does.
fn resolve(absolute: &Path) -> PathBuf {
    if let Ok(resolved) = absolute.canonicalize() {
        return resolved;
    }
    let mut lexical = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other),
        }
    }
    // The deepest part that exists, resolved, and the rest as it is.
    let mut existing = lexical.as_path();
    while let Some(parent) = existing.parent() {
        existing = parent;
        if let Ok(resolved) = existing.canonicalize() {
            let rest = lexical.strip_prefix(existing).unwrap_or(Path::new(""));
            return resolved.join(rest);
        }
    }
    lexical
}

/// Whether a file is linted by default when a folder is walked.
pub fn has_default_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| e.eq_ignore_ascii_case(d)))
}

impl Config {
    /// The defaults: every rule as built, no overrides.
    pub fn defaults(root: &Path) -> Config {
        Config { root: root.to_path_buf(), gitignore: true, ..Config::default() }
    }

    /// The nearest `spinlint.toml` (or `.spinlint.toml`, for repositories that keep their tools'
    /// files hidden) in `start` or a parent folder; in one folder, `spinlint.toml` first.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = start.canonicalize().ok()?;
        start.ancestors().flat_map(|dir| [dir.join(FILE_NAME), dir.join(format!(".{FILE_NAME}"))]).find(|p| p.is_file())
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let fail = |problems| ConfigError { path: path.to_path_buf(), text: text.to_string(), problems };
        let def: ConfigDef = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            fail(vec![Problem { span, message: crate::suggest::unknown_name_hint(e.message()) }])
        })?;
        let mut problems = Vec::new();
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let allowed = |terms: Vec<Spanned<String>>, problems: &mut Vec<Problem>| -> Vec<String> {
            terms
                .into_iter()
                .filter_map(|term| {
                    let words = crate::words::count_words(term.get_ref());
                    if words == 0 {
                        problems.push(Problem {
                            span: term.span(),
                            message: "an allowed term needs at least one word".into(),
                        });
                        return None;
                    }
                    Some(term.into_inner())
                })
                .collect()
        };
        let include = build_globs(&def.include, &mut problems);
        let exclude = build_globs(&def.exclude, &mut problems);
        let mut overrides = Vec::new();
        for o in def.overrides {
            if o.files.get_ref().is_empty() {
                problems.push(Problem {
                    span: o.files.span(),
                    message: "an override needs at least one glob in `files`".into(),
                });
                continue;
            }
            if let Some(files) = build_globs(o.files.get_ref(), &mut problems) {
                let settings = Settings {
                    disable: o.disable,
                    enable: o.enable,
                    severity: o.severity.into_iter().collect(),
                    min_severity: o.min_severity,
                    allow: allowed(o.allow, &mut problems),
                };
                overrides.push(Override { files, settings });
            }
        }
        let top_allow = allowed(def.allow, &mut problems);
        let rule_dirs = def.rules.iter().map(|d| root.join(d.get_ref())).collect::<Vec<_>>();
        for (dir, def) in rule_dirs.iter().zip(&def.rules) {
            if !dir.is_dir() {
                problems.push(Problem { span: def.span(), message: format!("no folder {}", dir.display()) });
            }
        }
        if !problems.is_empty() {
            return Err(fail(problems));
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            text: text.to_string(),
            root,
            include,
            exclude,
            gitignore: def.gitignore,
            rule_dirs,
            settings: Settings {
                disable: def.disable,
                enable: def.enable,
                severity: def.severity.into_iter().collect(),
                min_severity: def.min_severity,
                allow: top_allow,
            },
            overrides,
            front_matter: def.front_matter,
            caller: Default::default(),
        })
    }

    /// Checks that every rule id or category the config names exists.
    pub fn validate(&self, rules: &RuleSet) -> Result<(), ConfigError> {
        let known = |name: &str| rules.names(name);
        let mut problems = Vec::new();
        let mut check = |name: &str, span: Range<usize>| {
            if !known(name) {
                let hint = match crate::suggest::closest(name, rules.ids_and_categories()) {
                    Some(meant) => format!("did you mean `{meant}`?"),
                    None => "see `spinlint rules`".to_string(),
                };
                problems.push(Problem { span, message: format!("no rule or category `{name}`: {hint}") });
            }
        };
        for settings in std::iter::once(&self.settings).chain(self.overrides.iter().map(|o| &o.settings)) {
            for name in settings.disable.iter().chain(&settings.enable) {
                check(name.get_ref(), name.span());
            }
            for (name, _) in &settings.severity {
                check(name.get_ref(), name.span());
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError { path: self.path.clone().unwrap_or_default(), text: self.text.clone(), problems })
        }
    }

    /// A path as the config's globs see it: relative to the config's folder when inside it.
    pub fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        match self.locate(path) {
            Ok(relative) => std::borrow::Cow::Owned(relative),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// A path as the same file is named from any working folder: relative to the config's folder
    /// when inside it, else absolute (`../other/a.md` typed in two folders is two paths).
    pub fn project_path(&self, path: &Path) -> PathBuf {
        self.locate(path).unwrap_or_else(|absolute| absolute)
    }

    /// The path relative to the config's folder, or, outside it, the absolute path, with links
    /// resolved where the file exists.
    fn locate(&self, path: &Path) -> Result<PathBuf, PathBuf> {
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        };
        let root = self.root.canonicalize().unwrap_or_else(|_| self.root.clone());
        let absolute = resolve(&absolute);
        match absolute.strip_prefix(&root) {
            Ok(relative) => Ok(relative.to_path_buf()),
            Err(_) => Err(absolute),
        }
    }

    /// Whether the `exclude` globs match a file (for files found by walking, and for files named
    /// on the command line with `--force-exclude`).
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|globs| globs.is_match(self.relative(path)))
    }

    /// Whether a file found while walking a folder is linted.
    pub fn is_included(&self, path: &Path) -> bool {
        // Making a path relative costs system calls (it resolves links): only globs need it.
        if self.include.is_none() && self.exclude.is_none() {
            return has_default_extension(path);
        }
        if self.is_excluded(path) {
            return false;
        }
        match &self.include {
            Some(include) => include.is_match(self.relative(path)),
            None => has_default_extension(path),
        }
    }

    /// The indices of the overrides that apply to a file.
    pub fn overrides_for(&self, path: &Path) -> Vec<usize> {
        if self.overrides.is_empty() {
            return Vec::new();
        }
        let relative = self.relative(path);
        self.overrides.iter().enumerate().filter(|(_, o)| o.files.is_match(&relative)).map(|(i, _)| i).collect()
    }

    /// The rules and severities for a file with the given overrides.
    pub fn file_settings(&self, rules: &RuleSet, overrides: &[usize]) -> FileSettings {
        let mut selection = Selection::defaults(rules);
        let mut min_severity = Severity::Info;
        let mut allow = Vec::new();
        let levels = std::iter::once(&self.settings).chain(overrides.iter().map(|&i| &self.overrides[i].settings));
        for settings in levels {
            for (index, rule) in rules.rules.iter().enumerate() {
                let named = |list: &[Spanned<String>]| {
                    list.iter().any(|n| n.get_ref() == &*rule.id || n.get_ref() == &*rule.category)
                };
                if named(&settings.disable) {
                    selection.enabled[index] = false;
                }
                if named(&settings.enable) {
                    selection.enabled[index] = true;
                }
                // A rule's own id wins over its category.
                let by_category = settings.severity.iter().find(|(n, _)| **n.get_ref() == *rule.category);
                let by_id = settings.severity.iter().find(|(n, _)| **n.get_ref() == *rule.id);
                if let Some((_, severity)) = by_id.or(by_category) {
                    selection.severity[index] = Some(*severity.get_ref());
                }
            }
            if let Some(min) = settings.min_severity {
                min_severity = min;
            }
            allow.extend(settings.allow.iter().map(|t| t.to_lowercase()));
        }
        let caller = &self.caller;
        for (index, rule) in rules.rules.iter().enumerate() {
            let by_id = |list: &[String]| list.iter().any(|n| **n == *rule.id);
            let by_category = |list: &[String]| list.iter().any(|n| **n == *rule.category);
            // A category selected narrows the report to its rules as configured; a rule selected
            // by its id is on whatever the configuration says.
            if !caller.select.is_empty() {
                let enabled = &mut selection.enabled[index];
                *enabled = (*enabled && by_category(&caller.select)) || by_id(&caller.select);
            }
            if by_id(&caller.ignore) || by_category(&caller.ignore) {
                selection.enabled[index] = false;
            }
        }
        FileSettings { selection, min_severity, allow }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_file_parses() {
        let config = Config::parse(Path::new("/tmp/spinlint.toml"), STARTER).unwrap();
        assert_eq!(config.overrides.len(), 1);
        assert!(config.validate(&RuleSet::builtin().unwrap()).is_ok());
    }

    #[test]
    fn misspelt_key_points_at_its_line() {
        let error = Config::parse(Path::new("s.toml"), "include = []\ndisabel = [\"x\"]\n").unwrap_err();
        assert_eq!(error.problems.len(), 1);
        assert_eq!(&error.text[error.problems[0].span.clone()], "disabel");
    }

    #[test]
    fn unknown_rule_is_an_error() {
        let config = Config::parse(Path::new("s.toml"), "disable = [\"no-such-rule\"]\n").unwrap();
        let error = config.validate(&RuleSet::builtin().unwrap()).unwrap_err();
        assert!(error.problems[0].message.contains("no-such-rule"));
    }

    #[test]
    fn a_declared_category_no_rule_uses_may_be_named() {
        let declared =
            "[[category]]\nname = \"desk-unused\"\nlabel = \"l\"\ncolour = \"#123456\"\ndescription = \"d\"\n";
        let source =
            crate::rules::RuleSource { name: "desk/categories.toml".into(), text: declared.into(), builtin: false };
        let mut sources = crate::rules::RuleSource::builtin();
        sources.push(source);
        let rules = RuleSet::load(sources, &crate::parallel::Sequential).unwrap();
        let text = "disable = [\"desk-unused\"]\n[severity]\ndesk-unused = \"error\"\n";
        let config = Config::parse(Path::new("s.toml"), text).unwrap();
        assert!(config.validate(&rules).is_ok());
    }

    #[test]
    fn walked_files_are_included_by_extension_or_by_the_globs() {
        let defaults = Config::defaults(Path::new("/news"));
        assert!(defaults.is_included(Path::new("/news/desk/a.md")));
        assert!(defaults.is_included(Path::new("/elsewhere/b.TXT")));
        // HTML pages and Word documents are articles too (issue 18); code and data are not.
        assert!(defaults.is_included(Path::new("/news/desk/a.html")));
        assert!(defaults.is_included(Path::new("/news/desk/a.docx")));
        assert!(!defaults.is_included(Path::new("/news/desk/a.py")));
        assert!(!defaults.is_included(Path::new("/news/desk/a.yaml")));
        assert!(defaults.overrides_for(Path::new("/news/desk/a.md")).is_empty());

        let globs =
            Config::parse(Path::new("/news/spinlint.toml"), "include = [\"**/*.html\"]\nexclude = [\"drafts/**\"]\n")
                .unwrap();
        assert!(globs.is_included(Path::new("/news/desk/a.html")));
        assert!(!globs.is_included(Path::new("/news/desk/a.md")));
        assert!(!globs.is_included(Path::new("/news/drafts/a.html")));

        let exclude_only = Config::parse(Path::new("/news/spinlint.toml"), "exclude = [\"drafts/**\"]\n").unwrap();
        assert!(exclude_only.is_included(Path::new("/news/desk/a.md")));
        assert!(!exclude_only.is_included(Path::new("/news/drafts/a.md")));
        assert!(exclude_only.is_included(Path::new("/news/desk/a.html")));
        assert!(!exclude_only.is_included(Path::new("/news/desk/a.py")));
    }

    #[test]
    fn override_disables_a_category_for_matching_files() {
        let rules = RuleSet::builtin().unwrap();
        let config = Config::parse(
            Path::new("/news/spinlint.toml"),
            "[[overrides]]\nfiles = [\"opinion/**\"]\ndisable = [\"no-evidence\"]\n",
        )
        .unwrap();
        let opinion = config.overrides_for(Path::new("/news/opinion/a.md"));
        let news = config.overrides_for(Path::new("/news/desk/a.md"));
        assert_eq!(opinion, vec![0]);
        assert!(news.is_empty());
        let settings = config.file_settings(&rules, &opinion);
        let index = rules.rules.iter().position(|r| &*r.category == "no-evidence").unwrap();
        assert!(!settings.selection.enabled[index]);
    }
}
