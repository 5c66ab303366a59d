//! spinlint for Python: the module `spinlint._native`, which `spinlint/__init__.py` re-exports.
//! A thin front end on the core engine, as the server and the language server are: it turns
//! Python arguments into [`Options`], findings into small typed objects with offsets both as
//! Python string indices (code points) and bytes, and the engine's errors into
//! `spinlint.SpinlintError` with the command line's messages.
//!
//! `Linter.lint_many` lints on a rayon pool of its own, made on first use (never at import) and
//! remade in a forked child, whose copy of the parent's pool has no threads behind it.

mod errors;
mod offsets;
mod pool;

use offsets::CharOffsets;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rayon::prelude::*;
use spinlint_core::{ConfigSource, Engine, FileResult, Options};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pyo3::create_exception!(
    spinlint,
    SpinlintError,
    PyValueError,
    "A configuration, a rule folder or an argument spinlint cannot use; the message is the command line's."
);

/// A secondary span of a finding, with its message.
#[pyclass(module = "spinlint", frozen, get_all)]
#[derive(Clone)]
pub struct Label {
    message: String,
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    line: usize,
    column: usize,
}

#[pymethods]
impl Label {
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("message", &self.message)?;
        dict.set_item("start", self.start)?;
        dict.set_item("end", self.end)?;
        dict.set_item("byte_start", self.byte_start)?;
        dict.set_item("byte_end", self.byte_end)?;
        dict.set_item("line", self.line)?;
        dict.set_item("column", self.column)?;
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("Label(start={}, end={}, message={})", self.start, self.end, repr(py, &self.message)?))
    }
}

/// What a rule found: the rule, its category and severity, what it says, and where. `start` and
/// `end` index the Python string (`text[f.start:f.end] == f.text`); `byte_start` and `byte_end`
/// are offsets into its UTF-8 bytes (the command line's JSON `span`); `line` and `column` are
/// 1-based, the column in characters.
#[pyclass(module = "spinlint", frozen, get_all)]
#[derive(Clone)]
pub struct Finding {
    rule: String,
    category: String,
    severity: &'static str,
    message: String,
    help: String,
    text: String,
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    labels: Vec<Label>,
}

#[pymethods]
impl Finding {
    /// The finding as a plain dict (labels as dicts): for JSON, pandas or Arrow.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("rule", &self.rule)?;
        dict.set_item("category", &self.category)?;
        dict.set_item("severity", self.severity)?;
        dict.set_item("message", &self.message)?;
        dict.set_item("help", &self.help)?;
        dict.set_item("text", &self.text)?;
        dict.set_item("start", self.start)?;
        dict.set_item("end", self.end)?;
        dict.set_item("byte_start", self.byte_start)?;
        dict.set_item("byte_end", self.byte_end)?;
        dict.set_item("line", self.line)?;
        dict.set_item("column", self.column)?;
        dict.set_item("end_line", self.end_line)?;
        dict.set_item("end_column", self.end_column)?;
        let labels = PyList::empty(py);
        for label in &self.labels {
            labels.append(label.to_dict(py)?)?;
        }
        dict.set_item("labels", labels)?;
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Finding(rule={}, severity={}, line={}, column={}, start={}, end={}, text={})",
            repr(py, &self.rule)?,
            repr(py, self.severity)?,
            self.line,
            self.column,
            self.start,
            self.end,
            repr(py, &self.text)?
        ))
    }
}

/// A Python string's repr (its quotes and escapes, not Rust's).
fn repr(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(PyString::new(py, text).repr()?.to_string())
}

/// The findings of one linted text, with their offsets converted.
fn findings_of(file: &FileResult) -> Vec<Finding> {
    let text: &str = &file.text;
    let mut spans = Vec::with_capacity(file.findings.len() * 2);
    for finding in &file.findings {
        spans.extend([finding.span.start, finding.span.end]);
        for label in &finding.labels {
            spans.extend([label.span.start, label.span.end]);
        }
    }
    let chars = CharOffsets::new(text, spans);
    file.findings
        .iter()
        .map(|finding| {
            let position = file.position(finding.span);
            let labels = finding
                .labels
                .iter()
                .map(|label| {
                    let (line, column) = file.lines.line_column(text, label.span.start);
                    Label {
                        message: label.message.clone(),
                        start: chars.get(label.span.start),
                        end: chars.get(label.span.end),
                        byte_start: label.span.start,
                        byte_end: label.span.end,
                        line,
                        column,
                    }
                })
                .collect();
            Finding {
                rule: finding.rule.to_string(),
                category: finding.category.to_string(),
                severity: finding.severity.as_str(),
                message: finding.message.to_string(),
                help: finding.help.to_string(),
                text: finding.span.text(text).to_string(),
                start: chars.get(finding.span.start),
                end: chars.get(finding.span.end),
                byte_start: finding.span.start,
                byte_end: finding.span.end,
                line: position.line,
                column: position.column,
                end_line: position.end_line,
                end_column: position.end_column,
                labels,
            }
        })
        .collect()
}

/// A path argument (`str`, `bytes` or `os.PathLike`) as the file system names it, through
/// `os.fsencode`: a name that cannot be encoded (a lone surrogate) is a `SpinlintError`, not a
/// panic inside the conversion.
fn path_of(value: &Bound<'_, PyAny>, what: &str) -> PyResult<PathBuf> {
    let py = value.py();
    let encoded = py
        .import("os")?
        .call_method1("fsencode", (value,))
        .map_err(|e| SpinlintError::new_err(format!("{what}: not a path the file system can name ({e})")))?;
    let bytes: Vec<u8> = encoded.extract()?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes)
            .map(PathBuf::from)
            .map_err(|_| SpinlintError::new_err(format!("{what}: not a path the file system can name")))
    }
}

/// The configuration a `config` argument names: `None`, the built-in defaults (no
/// `spinlint.toml` is looked for); a path (`os.PathLike`, or a string ending in `.toml` on one
/// line), that file; any other string, the text of a configuration, its folder paths relative to
/// the working folder.
fn config_source(config: Option<&Bound<'_, PyAny>>) -> PyResult<ConfigSource> {
    let here = PathBuf::from(".");
    let Some(config) = config else { return Ok(ConfigSource::Defaults(here)) };
    if let Ok(text) = config.cast::<PyString>() {
        let text = text.to_cow().map_err(|_| SpinlintError::new_err("config: not valid Unicode (a lone surrogate)"))?;
        if !text.contains('\n') && text.trim_end().ends_with(".toml") {
            return Ok(ConfigSource::File(PathBuf::from(text.trim_end())));
        }
        return Ok(ConfigSource::Text { path: here.join("spinlint.toml"), text: text.to_string() });
    }
    if config.hasattr("__fspath__")? || config.is_instance_of::<pyo3::types::PyBytes>() {
        return path_of(config, "config").map(ConfigSource::File);
    }
    Err(SpinlintError::new_err(format!("config: a spinlint.toml path or its text, not {}", type_name(config))))
}

/// The rule folders a `rules` argument names: one path or a list of them.
fn rule_dirs(rules: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(rules) = rules else { return Ok(Vec::new()) };
    let is_path = |value: &Bound<'_, PyAny>| -> PyResult<bool> {
        Ok(value.is_instance_of::<PyString>()
            || value.is_instance_of::<pyo3::types::PyBytes>()
            || value.hasattr("__fspath__")?)
    };
    if is_path(rules)? {
        return Ok(vec![path_of(rules, "rules")?]);
    }
    let mut dirs = Vec::new();
    for item in
        rules.try_iter().map_err(|_| SpinlintError::new_err("rules: a folder of rule files or a list of them"))?
    {
        let item = item?;
        if !is_path(&item)? {
            return Err(SpinlintError::new_err("rules: each one a folder path"));
        }
        dirs.push(path_of(&item, "rules")?);
    }
    Ok(dirs)
}

/// The engine of `config` and `rules`, with the arguments read once (an iterator of folders is
/// consumed here) and made absolute, so that a pickled linter is made again from what this one
/// was made of, in any working folder.
fn engine(
    py: Python<'_>,
    config: Option<&Bound<'_, PyAny>>,
    rules: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Engine, ConfigSource, Vec<PathBuf>)> {
    let absolute = |path: PathBuf| std::path::absolute(&path).unwrap_or(path);
    let config = match config_source(config)? {
        ConfigSource::File(path) => ConfigSource::File(absolute(path)),
        ConfigSource::Text { path, text } => ConfigSource::Text { path: absolute(path), text },
        other => other,
    };
    let rule_dirs: Vec<PathBuf> = rule_dirs(rules)?.into_iter().map(absolute).collect();
    let options = Options { config: config.clone(), rule_dirs: rule_dirs.clone(), ..spinlint_builtin::options() };
    let engine = py.detach(|| Engine::new(options)).map_err(|e| SpinlintError::new_err(errors::message(&e)))?;
    Ok((engine, config, rule_dirs))
}

/// Rules and a configuration, loaded once, ready to lint any number of texts from any thread.
#[pyclass(module = "spinlint", frozen)]
pub struct Linter {
    engine: Arc<Engine>,
    /// What it was made of, read and made absolute: a pickled linter (multiprocessing's spawn,
    /// Ray) is made again from these where it is unpickled.
    config: ConfigSource,
    rule_dirs: Vec<PathBuf>,
}

#[pymethods]
impl Linter {
    #[new]
    #[pyo3(signature = (config=None, rules=None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>, rules: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let (engine, config, rule_dirs) = engine(py, config, rules)?;
        Ok(Linter { engine: Arc::new(engine), config, rule_dirs })
    }

    /// Pickled as what it was made of: `Linter(config, rules)` again with the configuration's
    /// text or absolute path and the rule folders' absolute paths, read where it is unpickled.
    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Option<Bound<'py, PyAny>>, Vec<Bound<'py, PyAny>>))> {
        let py = slf.py();
        let linter = slf.get();
        let path_type = py.import("pathlib")?.getattr("Path")?;
        let path = |path: &Path| path_type.call1((path.as_os_str(),));
        let config = match &linter.config {
            ConfigSource::File(file) => Some(path(file)?),
            ConfigSource::Text { text, .. } => Some(PyString::new(py, text).into_any()),
            _ => None,
        };
        let rules = linter.rule_dirs.iter().map(|dir| path(dir)).collect::<PyResult<Vec<_>>>()?;
        Ok((slf.get_type().into_any(), (config, rules)))
    }

    /// The findings in one text. `path`, if given, picks the configuration's overrides for it.
    #[pyo3(signature = (text, path=None))]
    fn lint(&self, py: Python<'_>, text: &Bound<'_, PyAny>, path: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Finding>> {
        let text = text_of(text)?;
        let path = path.map(|path| path_of(path, "path")).transpose()?;
        let engine = &self.engine;
        Ok(py.detach(|| {
            let name = path.as_deref().map_or_else(|| "-".to_string(), |p| p.display().to_string());
            findings_of(&engine.lint(name, path.as_deref(), text))
        }))
    }

    /// The findings in each text, in order, linted on `threads` threads (all the machine's by
    /// default) without the GIL.
    #[pyo3(signature = (texts, threads=None))]
    fn lint_many(&self, py: Python<'_>, texts: &Bound<'_, PyAny>, threads: Option<i64>) -> PyResult<Vec<Vec<Finding>>> {
        let texts = texts
            .try_iter()
            .map_err(|_| SpinlintError::new_err("texts: an iterable of strings"))?
            .map(|text| text_of(&text?))
            .collect::<PyResult<Vec<String>>>()?;
        let threads = match threads {
            Some(n @ 1..=pool::MOST_THREADS) => n as usize,
            Some(n) => {
                return Err(SpinlintError::new_err(format!("threads: from 1 to {}, not {n}", pool::MOST_THREADS)))
            }
            None => std::thread::available_parallelism().map_or(1, usize::from),
        };
        let engine = &self.engine;
        let lint = |text: String| findings_of(&engine.lint("-", None::<&Path>, text));
        if threads == 1 || texts.len() < 2 {
            return Ok(py.detach(|| texts.into_iter().map(lint).collect()));
        }
        // The pool is made, if it must be, without the GIL too: starting threads takes a while.
        py.detach(|| -> Result<Vec<Vec<Finding>>, String> {
            let pool = pool::get(threads)?;
            Ok(pool.install(|| texts.into_par_iter().map(lint).collect()))
        })
        .map_err(SpinlintError::new_err)
    }

    /// The rules this linter runs (and those it has disabled), as `spinlint.rules()` lists them.
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        rules_list(py, &self.engine)
    }

    /// What `spinlint explain ID` prints about one of this linter's rules.
    fn explain(&self, id: &str) -> PyResult<String> {
        explain_rule(&self.engine, id)
    }

    fn __repr__(&self) -> String {
        let rules = &self.engine.rules().rules;
        let enabled = rules.iter().filter(|r| r.enabled).count();
        match &self.engine.config().path {
            Some(path) => {
                format!("Linter(config={:?}, rules={}, enabled={enabled})", path.display().to_string(), rules.len())
            }
            None => format!("Linter(rules={}, enabled={enabled})", rules.len()),
        }
    }
}

/// A text argument: a `str` (a string with lone surrogates cannot be UTF-8, so is refused).
fn text_of(text: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = text
        .cast::<PyString>()
        .map_err(|_| SpinlintError::new_err(format!("a text to lint must be a str, not {}", type_name(text))))?;
    text.to_cow()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| SpinlintError::new_err("the text is not valid Unicode (a lone surrogate)"))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map_or_else(|_| "?".to_string(), |n| n.to_string())
}

fn rules_list<'py>(py: Python<'py>, engine: &Engine) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for rule in &engine.rules().rules {
        let dict = PyDict::new(py);
        dict.set_item("id", &*rule.id)?;
        dict.set_item("category", &*rule.category)?;
        dict.set_item("severity", rule.severity.as_str())?;
        dict.set_item("quoted_severity", rule.quoted_severity.as_str())?;
        dict.set_item("scope", rule.scope_names())?;
        dict.set_item("kind", rule.kind_name())?;
        dict.set_item("enabled", rule.enabled)?;
        dict.set_item("defined", format!("{}:{}", rule.origin, rule.line))?;
        dict.set_item("message", &rule.message)?;
        dict.set_item("help", rule.help.trim())?;
        list.append(dict)?;
    }
    Ok(list)
}

fn explain_rule(engine: &Engine, id: &str) -> PyResult<String> {
    let set = engine.rules();
    match set.get(id) {
        Some(rule) => Ok(rule.explain()),
        None => {
            let ids = set.rules.iter().map(|r| &*r.id);
            Err(SpinlintError::new_err(spinlint_core::suggest::unknown_rule(id, ids, "`spinlint.rules()`")))
        }
    }
}

/// Every rule, built-in and from the configuration's and `rules`' folders, as a dict each: id,
/// category, severity, quoted_severity, scope, kind, enabled, defined, message, help.
#[pyfunction]
#[pyo3(signature = (config=None, rules=None))]
fn rules<'py>(
    py: Python<'py>,
    config: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    rules_list(py, &engine(py, config, rules)?.0)
}

/// What `spinlint explain ID` prints: what the rule flags, why, what to do, its examples.
#[pyfunction]
#[pyo3(signature = (id, config=None, rules=None))]
fn explain(
    py: Python<'_>,
    id: &str,
    config: Option<&Bound<'_, PyAny>>,
    rules: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    explain_rule(&engine(py, config, rules)?.0, id)
}

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Linter>()?;
    module.add_class::<Finding>()?;
    module.add_class::<Label>()?;
    module.add("SpinlintError", module.py().get_type::<SpinlintError>())?;
    module.add_function(wrap_pyfunction!(rules, module)?)?;
    module.add_function(wrap_pyfunction!(explain, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
