//! The worker threads: each takes a job (a document's text at one version), lints it or checks
//! it as a rule or configuration file, and sends back the diagnostics. The message loop only
//! hands jobs out and publishes what comes back.

use crate::convert::{self, Published};
use crate::engines::{EngineFailure, Engines};
use crossbeam_channel::{Receiver, Sender};
use lsp_types::{Diagnostic, Url};
use spinlint_core::Engine;
use spinlint_formats::Format;
use std::path::PathBuf;
use std::sync::Arc;

/// What a document is to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A draft, read in this format.
    Article(Format),
    /// A custom rule file (`[[rule]]` tables).
    RuleFile,
    /// `spinlint.toml` or `.spinlint.toml`.
    Config,
    /// Nothing to lint (a Word document opened as text, another TOML file).
    Ignored,
}

pub struct Job {
    pub uri: Url,
    pub version: i32,
    /// The server's own count of the document's texts: versions start again at 1 when a
    /// document is closed and opened again, this never does.
    pub generation: u64,
    /// The file, for a `file:` document.
    pub path: Option<PathBuf>,
    /// The folder the configuration is looked for from.
    pub folder: Option<PathBuf>,
    pub kind: Kind,
    pub text: Arc<str>,
}

pub enum Outcome {
    Linted {
        diagnostics: Vec<Diagnostic>,
        published: Vec<Published>,
        engine: Arc<Engine>,
    },
    /// No engine for this document's configuration.
    Failed(Arc<EngineFailure>),
    /// A rule or configuration file checked.
    Checked(Vec<Diagnostic>),
}

pub struct Done {
    pub uri: Url,
    pub version: i32,
    pub generation: u64,
    pub outcome: Outcome,
}

/// Starts `count` worker threads; they stop when the sender of jobs returned is dropped.
pub fn start(count: usize, engines: Arc<Engines>, done: Sender<Done>) -> std::io::Result<Sender<Job>> {
    let (jobs, receiver) = crossbeam_channel::unbounded::<Job>();
    for index in 0..count.max(1) {
        let receiver: Receiver<Job> = receiver.clone();
        let engines = engines.clone();
        let done = done.clone();
        std::thread::Builder::new().name(format!("spinlint-ls-worker-{index}")).spawn(move || {
            for job in receiver {
                let (uri, version, generation) = (job.uri.clone(), job.version, job.generation);
                // A panic in the engine costs this document its diagnostics, not the server.
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(job, &engines)))
                    .unwrap_or_else(|_| {
                        Outcome::Failed(Arc::new(EngineFailure {
                            message: "spinlint: internal error while linting this document (please report it)".into(),
                            files: Vec::new(),
                        }))
                    });
                if done.send(Done { uri, version, generation, outcome }).is_err() {
                    break;
                }
            }
        })?;
    }
    Ok(jobs)
}

fn run(job: Job, engines: &Engines) -> Outcome {
    match job.kind {
        Kind::Article(format) => lint_article(&job, format, engines),
        Kind::RuleFile => Outcome::Checked(crate::rulefile::check_rule_file(job.path.as_deref(), &job.text)),
        Kind::Config => {
            let editor_rules = engines.settings().rules;
            Outcome::Checked(crate::rulefile::check_config(job.path.as_deref(), &job.text, &editor_rules))
        }
        Kind::Ignored => Outcome::Checked(Vec::new()),
    }
}

fn lint_article(job: &Job, format: Format, engines: &Engines) -> Outcome {
    let engine = match engines.for_folder(job.folder.as_deref()) {
        Ok(engine) => engine,
        Err(failure) => return Outcome::Failed(failure),
    };
    let name = job.path.as_ref().map_or_else(|| job.uri.to_string(), |p| p.display().to_string());
    let shown = PathBuf::from(&name);
    let options = spinlint_formats::ReadOptions { lossy: false, front_matter: engine.config().front_matter.clone() };
    let read = match spinlint_formats::read(format, &shown, job.text.as_bytes().to_vec(), &options) {
        Ok(read) => read,
        Err(error) => {
            return Outcome::Failed(Arc::new(EngineFailure {
                message: format!("spinlint: {error}"),
                files: Vec::new(),
            }))
        }
    };
    let result = spinlint_formats::lint(&engine, name, job.path.as_deref(), read);
    let (diagnostics, published) = convert::diagnostics(&job.uri, &result);
    Outcome::Linted { diagnostics, published, engine }
}
