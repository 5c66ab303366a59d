//! Operations: limits, errors (JSON; plain text on LanguageTool's API), the request log, CORS,
//! health and shutdown. Each is a layer of tower or tower-http where one exists.

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;

/// An error answered as JSON: `{"error": {"status": 400, "message": "..."}}` (on LanguageTool's
/// API, `Error: ...` as plain text: see [`error_bodies`]).
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, message: message.into() }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, message: message.into() }
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, message: message.into() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "status": self.status.as_u16(), "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

pub async fn not_found(request: Request) -> ApiError {
    ApiError::not_found(format!(
        "no {} {} here: the API is /v2/check, /v2/languages, /api/lint, /api/report, /api/rules, /api/categories, /healthz",
        request.method(),
        request.uri().path()
    ))
}

/// The layers around the routes, outermost first: the request log, CORS, panics as 500s, errors
/// as each API's clients read them, the time limit, the cap on requests in flight (all routes
/// together), and the body limit.
pub fn layers(routes: Router, settings: &crate::Settings) -> Result<Router, crate::ServerError> {
    let mut app = routes
        .layer(axum::extract::DefaultBodyLimit::max(settings.body_limit))
        .layer(middleware::from_fn_with_state(Arc::new(Semaphore::new(settings.max_in_flight.max(1))), in_flight))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, settings.timeout))
        .layer(middleware::from_fn(error_bodies))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("the request could not be handled (a bug in spinlint: please report it)").into_response()
        }));
    if !settings.cors_origins.is_empty() {
        let origins = settings
            .cors_origins
            .iter()
            .map(|origin| {
                HeaderValue::from_str(origin.trim_end_matches('/'))
                    .ok()
                    .filter(|_| origin.starts_with("http://") || origin.starts_with("https://"))
                    .ok_or_else(|| crate::ServerError::CorsOrigin { origin: origin.clone() })
            })
            .collect::<Result<Vec<_>, _>>()?;
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE]),
        );
    }
    if settings.log_requests {
        app = app.layer(middleware::from_fn(log_request));
    }
    Ok(app)
}

/// Holds a request until one of the `max_in_flight` slots is free. One semaphore for every
/// route: a `Router::layer` is applied to each route and method apart, so tower's
/// `ConcurrencyLimitLayer` gave each its own cap. Inside the time limit, so the wait counts.
async fn in_flight(State(slots): State<Arc<Semaphore>>, request: Request, next: Next) -> Response {
    match slots.acquire().await {
        Ok(_slot) => next.run(request).await,
        Err(_) => ApiError::internal("the server is stopping").into_response(),
    }
}

/// A line per request on standard error: method, path (never the query, which may hold the
/// article), status, milliseconds and response bytes.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let response = next.run(request).await;
    let bytes = response.body().size_hint().exact().map_or_else(|| "-".to_string(), |bytes| bytes.to_string());
    crate::log(format_args!(
        "{method} {path} {} {:.1}ms {bytes}B",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    ));
    response
}

/// Errors as each API's clients read them. axum's own rejections (a body too large, a wrong
/// content type, a malformed form) are plain text: clients of the JSON API get JSON. Clients of
/// LanguageTool's API (`/v2/...`) get what LanguageTool's server sends, `Error: <message>` as
/// plain text: they decode a JSON body as a check's result (language-tool-python then fails on
/// the missing `matches` instead of showing the message).
async fn error_bodies(request: Request, next: Next) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let languagetool = path.starts_with("/v2/");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || (is_json && !languagetool) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let mut message = String::from_utf8_lossy(&body).trim().to_string();
    if is_json {
        // An ApiError's message.
        let error: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
        if let Some(text) = error.as_ref().and_then(|error| error["error"]["message"].as_str()) {
            message = text.to_string();
        }
    } else if status == StatusCode::PAYLOAD_TOO_LARGE {
        message = format!("the request body is too large ({message}); the server's limit is --body-limit");
    }
    if message.is_empty() {
        // axum's 405 has no body (the router adds its Allow header after this layer).
        message = match status {
            StatusCode::METHOD_NOT_ALLOWED => {
                format!("{path} does not take {method}: the Allow header lists the methods it takes")
            }
            _ => format!("{method} {path}: {}", status.canonical_reason().unwrap_or("error")),
        };
    }
    let mut answer = if languagetool {
        (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], format!("Error: {message}")).into_response()
    } else {
        ApiError { status, message }.into_response()
    };
    // The other headers stay (Allow, Retry-After, ...).
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().insert(name, value.clone());
        }
    }
    answer
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// A response body for the bytes of a page or script.
pub fn static_body(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], Body::from(body)).into_response()
}
