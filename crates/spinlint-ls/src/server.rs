//! The message loop: the open documents, when each is linted, and the answers to the client's
//! requests. It never lints or reads a rule file itself: that is the workers' (`lint.rs`), so a
//! long draft never holds up a hover or a keystroke.

use crate::actions::{self, OPEN_RULE};
use crate::convert::{toml_problem, Published, SOURCE};
use crate::engines::{EditorSettings, Engines};
use crate::lint::{Done, Job, Kind, Outcome};
use crate::{LsError, Options};
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, ExecuteCommand, GotoDefinition, HoverRequest, RegisterCapability, Request as _, ShowDocument,
};
use lsp_types::{
    CodeActionProviderCapability, Diagnostic, DiagnosticSeverity, DidChangeWatchedFilesRegistrationOptions,
    ExecuteCommandOptions, FileSystemWatcher, GlobPattern, GotoDefinitionResponse, Hover, HoverContents,
    HoverProviderCapability, InitializeParams, Location, MarkupContent, MarkupKind, OneOf, Position,
    PublishDiagnosticsParams, Range, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    ShowDocumentParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Url,
};
use spinlint_core::rules::Rule;
use spinlint_core::Engine;
use spinlint_formats::Format;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Document {
    version: i32,
    /// This text's number among every text the server was given (see `Job::generation`).
    generation: u64,
    text: Arc<str>,
    language_id: String,
    kind: Kind,
    path: Option<PathBuf>,
    folder: Option<PathBuf>,
    /// The generation of this document's job with the workers, if one is.
    in_flight: Option<u64>,
    /// The document changed while its job ran: lint it again when the job comes back.
    again: bool,
    /// The findings last published, for hovers and definitions.
    published: Vec<Published>,
    /// The engine they came from (its rules explain them).
    engine: Option<Arc<Engine>>,
}

struct Server {
    connection: Connection,
    documents: HashMap<Url, Document>,
    /// When each document waiting for its debounce is due.
    due: HashMap<Url, Instant>,
    jobs: Sender<Job>,
    done: Receiver<Done>,
    engines: Arc<Engines>,
    debounce: Duration,
    default_debounce: Duration,
    /// The first workspace folder: the configuration of documents that are not files.
    workspace: Option<PathBuf>,
    /// Files (not open) that diagnostics were published for: a configuration or rule file that
    /// kept the engine from being built.
    problem_files: HashSet<Url>,
    /// Where built-in rule files are written for "open the rule's definition".
    builtin_rules: PathBuf,
    shutting_down: bool,
    next_id: i32,
    /// The last generation given to a document's text.
    generation: u64,
    /// The client shows documents when asked (`window/showDocument`).
    show_document: bool,
}

enum Flow {
    Continue,
    Exit,
}

/// Serves one client on `connection` (the initialize handshake included) until `exit`.
pub fn serve(connection: Connection, options: Options) -> Result<crate::Stopped, LsError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(error) => {
            let response = Response::new_err(id, ErrorCode::InvalidParams as i32, error.to_string());
            let _ = connection.sender.send(response.into());
            return Err(LsError::Initialize(error));
        }
    };
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![OPEN_RULE.to_string()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "spinlint", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;

    let settings = EditorSettings::from_value(params.initialization_options.as_ref());
    let debounce = settings.debounce(options.debounce);
    let engines = Arc::new(Engines::new(settings));
    let (done_sender, done) = crossbeam_channel::unbounded();
    let jobs = crate::lint::start(options.workers, engines.clone(), done_sender).map_err(LsError::Thread)?;
    #[allow(deprecated)] // `root_uri`: for clients without workspace folders.
    let workspace = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first().map(|f| f.uri.clone()))
        .or(params.root_uri.clone())
        .and_then(|uri| uri.to_file_path().ok());
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let show_document =
        params.capabilities.window.as_ref().and_then(|w| w.show_document.as_ref()).is_some_and(|show| show.support);
    let builtin_rules = options.builtin_rules_dir.clone().unwrap_or_else(default_builtin_rules_dir);
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        due: HashMap::new(),
        jobs,
        done,
        engines,
        debounce,
        default_debounce: options.debounce,
        workspace,
        problem_files: HashSet::new(),
        builtin_rules,
        shutting_down: false,
        next_id: 0,
        generation: 0,
        show_document,
    };
    if watch {
        server.watch_toml_files();
    }
    server.run()
}

impl Server {
    fn run(&mut self) -> Result<crate::Stopped, LsError> {
        loop {
            let next = self.due.values().min().copied();
            let timer = next.map_or_else(crossbeam_channel::never, crossbeam_channel::at);
            crossbeam_channel::select! {
                recv(self.connection.receiver) -> message => {
                    // The client went away without `exit`.
                    let Ok(message) = message else { return Ok(self.stopped()) };
                    if let Flow::Exit = self.handle(message) {
                        return Ok(self.stopped());
                    }
                }
                recv(self.done) -> done => {
                    if let Ok(done) = done {
                        self.finished(done);
                    }
                }
                recv(timer) -> _ => self.submit_due(),
            }
        }
    }

    fn stopped(&self) -> crate::Stopped {
        if self.shutting_down {
            crate::Stopped::Shutdown
        } else {
            crate::Stopped::WithoutShutdown
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // The client is gone: the loop ends when its receiver says so.
        let _ = self.connection.sender.send(message.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    fn request<R: lsp_types::request::Request>(&mut self, params: R::Params) {
        self.next_id += 1;
        self.send(Request::new(RequestId::from(self.next_id), R::METHOD.to_string(), params));
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => {
                let response = self.respond(request);
                self.send(response);
                Flow::Continue
            }
            Message::Notification(notification) if notification.method == "exit" => Flow::Exit,
            // After `shutdown` only `exit` is heeded: nothing more is linted or published.
            Message::Notification(_) if self.shutting_down => Flow::Continue,
            Message::Notification(notification) => {
                self.notified(notification);
                Flow::Continue
            }
            // Answers to our requests (registration, showDocument): nothing to do with them.
            Message::Response(_) => Flow::Continue,
        }
    }

    fn respond(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if self.shutting_down {
            return Response::new_err(id, ErrorCode::InvalidRequest as i32, "the server is shutting down".into());
        }
        let result = match request.method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                self.due.clear();
                Ok(serde_json::Value::Null)
            }
            HoverRequest::METHOD => params::<HoverRequest>(request).map(|p| json(self.hover(p))),
            CodeActionRequest::METHOD => params::<CodeActionRequest>(request).map(|p| json(self.code_actions(p))),
            GotoDefinition::METHOD => params::<GotoDefinition>(request).map(|p| json(self.definition(p))),
            ExecuteCommand::METHOD => params::<ExecuteCommand>(request).and_then(|p| self.execute(p)),
            other => Err((ErrorCode::MethodNotFound, format!("spinlint does not answer {other}"))),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn notified(&mut self, notification: Notification) {
        let method = notification.method.clone();
        match method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidOpenTextDocumentParams>(&method) {
                    self.opened(
                        p.text_document.uri,
                        p.text_document.version,
                        p.text_document.language_id,
                        p.text_document.text,
                    );
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidChangeTextDocumentParams>(&method) {
                    // Full sync: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        self.changed(p.text_document.uri, p.text_document.version, change.text);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidSaveTextDocumentParams>(&method) {
                    self.saved(&p.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidCloseTextDocumentParams>(&method) {
                    let uri = p.text_document.uri;
                    self.documents.remove(&uri);
                    self.due.remove(&uri);
                    self.publish(uri, Vec::new(), None);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidChangeWatchedFilesParams>(&method) {
                    if p.changes.iter().any(|change| concerns_spinlint(&change.uri)) {
                        self.reload(None);
                    }
                }
            }
            DidChangeConfiguration::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidChangeConfigurationParams>(&method) {
                    if let Some(settings) = self.engines.settings().updated(&p.settings) {
                        self.debounce = settings.debounce(self.default_debounce);
                        self.reload(Some(settings));
                    }
                }
            }
            // `initialized`, `$/cancelRequest`, `$/setTrace` and the rest: nothing to do.
            _ => {}
        }
    }

    fn opened(&mut self, uri: Url, version: i32, language_id: String, text: String) {
        let path = uri.to_file_path().ok();
        let folder = match &path {
            Some(path) => path.parent().map(Path::to_path_buf),
            None => self.workspace.clone(),
        };
        let kind = kind_of(path.as_deref(), &language_id, &text);
        self.generation += 1;
        let document = Document {
            version,
            generation: self.generation,
            text: text.into(),
            language_id,
            kind,
            path,
            folder,
            in_flight: None,
            again: false,
            published: Vec::new(),
            engine: None,
        };
        self.documents.insert(uri.clone(), document);
        self.due.insert(uri, Instant::now());
    }

    fn changed(&mut self, uri: Url, version: i32, text: String) {
        let Some(document) = self.documents.get_mut(&uri) else { return };
        self.generation += 1;
        document.version = version;
        document.generation = self.generation;
        document.kind = kind_of(document.path.as_deref(), &document.language_id, &text);
        document.text = text.into();
        // Rule and configuration files are checked when saved.
        if let Kind::Article(_) = document.kind {
            self.due.insert(uri, Instant::now() + self.debounce);
        }
    }

    fn saved(&mut self, uri: &Url) {
        let Some(document) = self.documents.get(uri) else { return };
        if matches!(document.kind, Kind::RuleFile | Kind::Config) {
            // Drafts are linted again with what was saved (for clients that do not watch files).
            self.reload(None);
        }
    }

    /// A configuration or rule file changed, or the settings did: new engines for every draft.
    fn reload(&mut self, settings: Option<EditorSettings>) {
        self.engines.invalidate(settings);
        for uri in std::mem::take(&mut self.problem_files) {
            self.publish(uri, Vec::new(), None);
        }
        let now = Instant::now();
        for uri in self.documents.keys() {
            self.due.insert(uri.clone(), now);
        }
    }

    fn submit_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Url> = self.due.iter().filter(|(_, &at)| at <= now).map(|(uri, _)| uri.clone()).collect();
        for uri in due {
            self.due.remove(&uri);
            self.submit(&uri);
        }
    }

    fn submit(&mut self, uri: &Url) {
        let Some(document) = self.documents.get_mut(uri) else { return };
        if document.in_flight.is_some() {
            document.again = true;
            return;
        }
        document.in_flight = Some(document.generation);
        let job = Job {
            uri: uri.clone(),
            version: document.version,
            generation: document.generation,
            path: document.path.clone(),
            folder: document.folder.clone(),
            kind: document.kind,
            text: document.text.clone(),
        };
        if self.jobs.send(job).is_err() {
            document.in_flight = None;
        }
    }

    /// A job came back: published if its document is still at the version it linted, dropped if
    /// the document changed since (its newer version is on its way).
    fn finished(&mut self, done: Done) {
        if self.shutting_down {
            return;
        }
        let Some(document) = self.documents.get_mut(&done.uri) else { return };
        if document.in_flight != Some(done.generation) {
            // A job of the document as it was before it was closed and opened again.
            return;
        }
        document.in_flight = None;
        let stale = done.generation != document.generation;
        if document.again || (stale && !self.due.contains_key(&done.uri)) {
            document.again = false;
            self.submit(&done.uri);
        }
        if stale {
            return;
        }
        let uri = done.uri;
        match done.outcome {
            Outcome::Linted { diagnostics, published, engine } => {
                if let Some(document) = self.documents.get_mut(&uri) {
                    document.published = published;
                    document.engine = Some(engine);
                }
                self.publish(uri, diagnostics, Some(done.version));
            }
            Outcome::Checked(diagnostics) => self.publish(uri, diagnostics, Some(done.version)),
            Outcome::Failed(failure) => {
                if let Some(document) = self.documents.get_mut(&uri) {
                    document.published.clear();
                    document.engine = None;
                }
                let diagnostic = Diagnostic {
                    range: Range::default(),
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some(SOURCE.to_string()),
                    message: failure.message.clone(),
                    ..Diagnostic::default()
                };
                self.publish(uri, vec![diagnostic], Some(done.version));
                for (path, text, problems) in &failure.files {
                    let Ok(file) = Url::from_file_path(path) else { continue };
                    // An open configuration or rule file gets its own check's diagnostics. The
                    // file is compared by where it is, not by its URI: the configuration's path
                    // is resolved (links, `/tmp` → `/private/tmp`), the editor's URI is not.
                    let here = path.canonicalize().ok();
                    let open = self.documents.values().any(|document| {
                        document
                            .path
                            .as_ref()
                            .is_some_and(|open| open == path || (here.is_some() && open.canonicalize().ok() == here))
                    });
                    if open {
                        continue;
                    }
                    let lines = spinlint_core::span::LineIndex::new(text);
                    let diagnostics = problems
                        .iter()
                        .map(|(span, message)| toml_problem(text, &lines, span.clone(), message))
                        .collect();
                    self.problem_files.insert(file.clone());
                    self.publish(file, diagnostics, None);
                }
            }
        }
    }

    fn publish(&self, uri: Url, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams { uri, diagnostics, version });
    }

    /// Asks the client to tell us of changes to TOML files (configurations, rule files).
    fn watch_toml_files(&mut self) {
        let watchers = ["**/spinlint.toml", "**/.spinlint.toml", "**/*.toml"]
            .into_iter()
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.to_string()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "spinlint-toml-files".to_string(),
            method: DidChangeWatchedFiles::METHOD.to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.request::<RegisterCapability>(RegistrationParams { registrations: vec![registration] });
    }

    /// The published finding under a position, the narrowest if several are.
    fn finding_at(&self, uri: &Url, position: Position) -> Option<(&Document, &Published)> {
        let document = self.documents.get(uri)?;
        let at = (position.line, position.character);
        let finding = document
            .published
            .iter()
            .filter(|f| {
                (f.range.start.line, f.range.start.character) <= at && at <= (f.range.end.line, f.range.end.character)
            })
            .min_by_key(|f| {
                (f.range.end.line - f.range.start.line, f.range.end.character.abs_diff(f.range.start.character))
            })?;
        Some((document, finding))
    }

    fn hover(&self, params: lsp_types::HoverParams) -> Option<Hover> {
        let place = params.text_document_position_params;
        let (document, finding) = self.finding_at(&place.text_document.uri, place.position)?;
        let rule = document.engine.as_ref().and_then(|engine| engine.rules().get(&finding.rule));
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: crate::hover::markdown(finding, rule),
            }),
            range: Some(finding.range),
        })
    }

    fn code_actions(&self, params: lsp_types::CodeActionParams) -> Option<lsp_types::CodeActionResponse> {
        let document = self.documents.get(&params.text_document.uri)?;
        let Kind::Article(format) = document.kind else { return None };
        Some(actions::code_actions(&params.text_document.uri, &document.text, format, &params.context.diagnostics))
    }

    fn definition(&self, params: lsp_types::GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let place = params.text_document_position_params;
        let (document, finding) = self.finding_at(&place.text_document.uri, place.position)?;
        let rule = document.engine.as_ref()?.rules().get(&finding.rule)?;
        self.rule_location(rule).map(GotoDefinitionResponse::Scalar)
    }

    /// `spinlint.openRule [rule, document]`: asks the client to show the rule's definition.
    fn execute(&mut self, params: lsp_types::ExecuteCommandParams) -> Result<serde_json::Value, (ErrorCode, String)> {
        let invalid = |message: &str| (ErrorCode::InvalidParams, message.to_string());
        if params.command != OPEN_RULE {
            return Err(invalid("spinlint has no such command"));
        }
        let argument = |i: usize| params.arguments.get(i).and_then(serde_json::Value::as_str);
        let (Some(rule), Some(uri)) = (argument(0), argument(1)) else {
            return Err(invalid("spinlint.openRule takes a rule id and a document's uri"));
        };
        let uri = Url::parse(uri).map_err(|_| invalid("not a uri"))?;
        let engine = self.documents.get(&uri).and_then(|d| d.engine.clone());
        let Some(engine) = engine else { return Err(invalid("that document has not been linted")) };
        let Some(rule) = engine.rules().get(rule) else { return Err(invalid("no such rule")) };
        let Some(location) = self.rule_location(rule) else {
            return Err((ErrorCode::InternalError, "the rule's file could not be written".into()));
        };
        // A client that cannot be asked to show it gets the location as the command's result.
        if self.show_document {
            self.request::<ShowDocument>(ShowDocumentParams {
                uri: location.uri.clone(),
                external: Some(false),
                take_focus: Some(true),
                selection: Some(location.range),
            });
        }
        Ok(json(location))
    }

    /// Where a rule is defined: its file, or for a built-in rule a copy of its file written
    /// under the cache folder (built-in rules are compiled into the program).
    fn rule_location(&self, rule: &Rule) -> Option<Location> {
        let path = if rule.builtin {
            let path = self.builtin_rules.join(&*rule.origin);
            let source = spinlint_core::rules::RuleSource::builtin().into_iter().find(|s| s.name == *rule.origin)?;
            if std::fs::read_to_string(&path).ok().as_deref() != Some(source.text.as_str()) {
                std::fs::create_dir_all(path.parent()?).ok()?;
                std::fs::write(&path, &source.text).ok()?;
            }
            path
        } else {
            let path = PathBuf::from(&*rule.origin);
            if path.is_absolute() {
                path
            } else {
                std::env::current_dir().ok()?.join(path)
            }
        };
        let line = u32::try_from(rule.line.saturating_sub(1)).unwrap_or(0);
        let uri = Url::from_file_path(path).ok()?;
        Some(Location::new(uri, Range::new(Position::new(line, 0), Position::new(line, 0))))
    }
}

/// Whether a changed TOML file can change what spinlint reports: a configuration, a folder's
/// categories, a rule file, or a file no longer there to look at (it may have been one). A
/// `Cargo.toml` or `pyproject.toml` saved in the workspace does not relint every draft.
fn concerns_spinlint(uri: &Url) -> bool {
    let Ok(path) = uri.to_file_path() else { return false };
    if path.extension().and_then(|e| e.to_str()) != Some("toml") {
        return false;
    }
    if crate::rulefile::is_config(&path) || path.file_name().and_then(|n| n.to_str()) == Some("categories.toml") {
        return true;
    }
    std::fs::read_to_string(&path).map_or(true, |text| crate::rulefile::is_rule_file(&text))
}

/// What a document is, from its file name, else the editor's language id.
fn kind_of(path: Option<&Path>, language_id: &str, text: &str) -> Kind {
    let extension = path.and_then(Path::extension).and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if extension == "toml" || language_id == "toml" {
        return if path.is_some_and(crate::rulefile::is_config) {
            Kind::Config
        } else if crate::rulefile::is_rule_file(text) {
            Kind::RuleFile
        } else {
            Kind::Ignored
        };
    }
    if extension == "docx" {
        return Kind::Ignored;
    }
    if Format::EXTENSIONS.iter().any(|(e, _)| *e == extension) {
        return Kind::Article(Format::of_path(Path::new(&format!("x.{extension}"))));
    }
    Kind::Article(match language_id {
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        _ => Format::Text,
    })
}

/// Where built-in rule files are written: `$XDG_CACHE_HOME/spinlint/VERSION`, else
/// `~/.cache/spinlint/VERSION`, else the temporary folder's.
fn default_builtin_rules_dir() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("spinlint").join(env!("CARGO_PKG_VERSION"))
}

fn params<R: lsp_types::request::Request>(request: Request) -> Result<R::Params, (ErrorCode, String)> {
    serde_json::from_value(request.params).map_err(|error| (ErrorCode::InvalidParams, error.to_string()))
}

fn json(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
