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

/// The configuration a `config` argument names: `None`, the built-in defaults (no
/// `spinlint.toml` is looked for); a path (`os.PathLike`, or a string ending in `.toml` on one
/// line), that file; any other string, the text of a configuration, its folder paths relative to
/// the working folder.
fn config_source(config: Option<&Bound<'_, PyAny>>) -> PyResult<ConfigSource> {
    let here = PathBuf::from(".");
    let Some(config) = config else { return Ok(ConfigSource::Defaults(here)) };
    if let Ok(text) = config.cast::<PyString>() {
        let text = text.to_cow()?;
        if !text.contains('\n') && text.trim_end().ends_with(".toml") {
            return Ok(ConfigSource::File(PathBuf::from(text.trim_end())));
        }
        return Ok(ConfigSource::Text { path: here.join("spinlint.toml"), text: text.to_string() });
    }
    match config.extract::<PathBuf>() {
        Ok(path) => Ok(ConfigSource::File(path)),
        Err(_) => Err(SpinlintError::new_err(format!(
            "config: a spinlint.toml path or its text, not {}",
            config.get_type().name()?
        ))),
    }
}

/// The rule folders a `rules` argument names: one path or a list of them.
fn rule_dirs(rules: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(rules) = rules else { return Ok(Vec::new()) };
    if let Ok(path) = rules.extract::<PathBuf>() {
        return Ok(vec![path]);
    }
    let mut dirs = Vec::new();
    for item in
        rules.try_iter().map_err(|_| SpinlintError::new_err("rules: a folder of rule files or a list of them"))?
    {
        dirs.push(item?.extract::<PathBuf>().map_err(|_| SpinlintError::new_err("rules: each one a folder path"))?);
    }
    Ok(dirs)
}

fn engine(py: Python<'_>, config: Option<&Bound<'_, PyAny>>, rules: Option<&Bound<'_, PyAny>>) -> PyResult<Engine> {
    let options = Options { config: config_source(config)?, rule_dirs: rule_dirs(rules)?, ..Options::default() };
    py.detach(|| Engine::new(options)).map_err(|e| SpinlintError::new_err(errors::message(&e)))
}

/// Rules and a configuration, loaded once, ready to lint any number of texts from any thread.
#[pyclass(module = "spinlint", frozen)]
pub struct Linter {
    engine: Arc<Engine>,
    /// The arguments it was made with: a pickled linter (multiprocessing's spawn, Ray) is made
    /// again from them where it is unpickled.
    args: LinterArgs,
}

/// `config` and `rules`, as given to `Linter(...)`.
type LinterArgs = (Option<Py<PyAny>>, Option<Py<PyAny>>);

#[pymethods]
impl Linter {
    #[new]
    #[pyo3(signature = (config=None, rules=None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>, rules: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let engine = Arc::new(engine(py, config, rules)?);
        Ok(Linter { engine, args: (config.map(|c| c.clone().unbind()), rules.map(|r| r.clone().unbind())) })
    }

    /// Pickled as its arguments: `Linter(config, rules)` again, reading the configuration and
    /// rule folders where it is unpickled.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, LinterArgs)> {
        let py = slf.py();
        let (config, rules) = &slf.get().args;
        Ok((
            slf.get_type().into_any(),
            (config.as_ref().map(|c| c.clone_ref(py)), rules.as_ref().map(|r| r.clone_ref(py))),
        ))
    }

    /// The findings in one text. `path`, if given, picks the configuration's overrides for it.
    #[pyo3(signature = (text, path=None))]
    fn lint(&self, py: Python<'_>, text: &Bound<'_, PyAny>, path: Option<PathBuf>) -> PyResult<Vec<Finding>> {
        let text = text_of(text)?;
        let engine = &self.engine;
        Ok(py.detach(|| {
            let name = path.as_deref().map_or_else(|| "-".to_string(), |p| p.display().to_string());
            findings_of(&engine.lint(name, path.as_deref(), text))
        }))
    }

    /// The findings in each text, in order, linted on `threads` threads (all the machine's by
    /// default) without the GIL.
    #[pyo3(signature = (texts, threads=None))]
    fn lint_many(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Vec<Finding>>> {
        let texts = texts
            .try_iter()
            .map_err(|_| SpinlintError::new_err("texts: an iterable of strings"))?
            .map(|text| text_of(&text?))
            .collect::<PyResult<Vec<String>>>()?;
        let threads = match threads {
            Some(0) => return Err(SpinlintError::new_err("threads: at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, usize::from),
        };
        let engine = &self.engine;
        let lint = |text: String| findings_of(&engine.lint("-", None::<&Path>, text));
        if threads == 1 || texts.len() < 2 {
            return Ok(py.detach(|| texts.into_iter().map(lint).collect()));
        }
        let pool = pool::get(threads).map_err(SpinlintError::new_err)?;
        Ok(py.detach(|| pool.install(|| texts.into_par_iter().map(lint).collect())))
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
    rules_list(py, &engine(py, config, rules)?)
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
    explain_rule(&engine(py, config, rules)?, id)
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
