//! spinlint over HTTP, on the core engine: the live editor page (`GET /`), an API that
//! LanguageTool's clients already speak (`/v2/check`, `/v2/languages`), and a JSON API whose
//! findings are the command line's JSON contract (`/api/lint`, `/api/rules`, `/api/categories`).
//!
//! The front end (the command line's `spinlint serve`) builds an [`Engine`], then calls [`run`],
//! or [`router`] to serve it some other way (the tests serve it on an ephemeral port).
//! Article text never leaves the process: nothing is logged of it and no request goes out.

mod api;
mod languagetool;
mod ops;
mod page;

use axum::routing::{get, post};
use axum::Router;
pub use spinlint_core::utf16;
use spinlint_core::Engine;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How the server runs: its limits and who may call it from a browser.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The largest request body accepted, in bytes; larger ones get 413.
    pub body_limit: usize,
    /// The longest a request may take, reading included; longer ones get 408.
    pub timeout: Duration,
    /// Requests handled at once; more wait their turn (within the time limit).
    pub max_in_flight: usize,
    /// Origins a browser page may call the API from (CORS), e.g. `https://cms.example.org`;
    /// none by default: only pages served by this server.
    pub cors_origins: Vec<String>,
    /// Write a line per request on standard error (method, path, status, time, bytes).
    pub log_requests: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            body_limit: 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_in_flight: 64,
            cors_origins: Vec::new(),
            log_requests: true,
        }
    }
}

/// Why the server cannot start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("--cors-origin {origin}: not an origin (scheme://host[:port])")]
    CorsOrigin { origin: String },
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares.
#[derive(Clone)]
struct AppState {
    engine: Arc<Engine>,
}

/// The server's routes and layers, ready to serve.
pub fn router(engine: Arc<Engine>, settings: &Settings) -> Result<Router, ServerError> {
    let state = AppState { engine };
    let routes = Router::new()
        .route("/", get(page::editor))
        .route("/page.css", get(page::style))
        .route("/page.js", get(page::script))
        .route("/healthz", get(ops::healthz))
        .route("/v2/check", get(languagetool::check).post(languagetool::check))
        .route("/v2/languages", get(languagetool::languages))
        .route("/api/lint", post(api::lint))
        .route("/api/report", post(api::report))
        .route("/api/rules", get(api::rules))
        .route("/api/rules/{id}", get(api::rule))
        .route("/api/categories", get(page::categories))
        .fallback(ops::not_found)
        .with_state(state);
    ops::layers(routes, settings)
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns.
pub fn run(engine: Arc<Engine>, addr: SocketAddr, settings: &Settings) -> Result<(), ServerError> {
    let app = router(engine, settings)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|source| ServerError::Bind { addr, source })?;
        let local = listener.local_addr()?;
        log(format_args!("spinlint serve: listening on http://{local}/ (Ctrl-C stops)"));
        axum::serve(listener, app).with_graceful_shutdown(ops::shutdown_signal()).await?;
        log(format_args!("spinlint serve: stopped"));
        Ok(())
    })
}

/// A line on standard error, dropped if standard error is closed (`eprintln!` would panic).
fn log(line: std::fmt::Arguments) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{line}");
}
