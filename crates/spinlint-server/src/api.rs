//! The JSON API: `POST /api/lint` answers with the command line's JSON contract for one
//! document, each span also in UTF-16 code units (what a browser's strings count); `POST
//! /api/report` with the HTML report of the text; `GET /api/rules` and `GET /api/rules/{id}`
//! with what `spinlint rules` and `spinlint explain` say.

use crate::ops::ApiError;
use crate::utf16::Utf16Counter;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use spinlint_core::rules::Rule;
use spinlint_core::FileResult;
use spinlint_report::Report;

/// A document to lint: its text, and the path it stands for (the configuration's overrides
/// apply to it, and reports show it).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintRequest {
    pub text: String,
    #[serde(default)]
    pub path: Option<String>,
}

/// Lints on a blocking thread: the engine's work is CPU time, which must not hold up the
/// threads that serve connections.
pub async fn lint_text(state: &AppState, text: String, path: Option<String>) -> Result<FileResult, ApiError> {
    let engine = state.engine.clone();
    tokio::task::spawn_blocking(move || {
        let name = path.clone().unwrap_or_else(|| "draft".to_string());
        engine.lint(name, path.as_deref().map(std::path::Path::new), text)
    })
    .await
    .map_err(|_| ApiError::internal("the lint could not finish (a bug in spinlint: please report it)"))
}

pub async fn lint(State(state): State<AppState>, Json(request): Json<LintRequest>) -> Result<Json<Value>, ApiError> {
    let file = lint_text(&state, request.text, request.path).await?;
    Ok(Json(contract_with_utf16(file)?))
}

/// The JSON contract of one file, with `utf16: {start, end}` beside each byte `span`.
fn contract_with_utf16(file: FileResult) -> Result<Value, ApiError> {
    let report = Report { files: vec![file], ..Report::default() };
    let mut value = serde_json::to_value(spinlint_report::json::build(&report))
        .map_err(|e| ApiError::internal(format!("the findings could not be written: {e}")))?;
    let text = &report.files[0].text;
    let mut counter = Utf16Counter::new(text);
    let mut add_utf16 = |object: &mut Value| {
        let span = &object["span"];
        let (Some(start), Some(end)) = (span["start"].as_u64(), span["end"].as_u64()) else { return };
        let start = counter.units(start as usize);
        let end = counter.units(end as usize);
        object["utf16"] = json!({ "start": start, "end": end });
    };
    if let Some(diagnostics) = value["diagnostics"].as_array_mut() {
        for diagnostic in diagnostics {
            add_utf16(diagnostic);
            if let Some(labels) = diagnostic["labels"].as_array_mut() {
                labels.iter_mut().for_each(&mut add_utf16);
            }
        }
    }
    Ok(value)
}

/// The HTML report of one document, as `spinlint check --format html` writes it.
pub async fn report(State(state): State<AppState>, Json(request): Json<LintRequest>) -> Result<Response, ApiError> {
    let file = lint_text(&state, request.text, request.path).await?;
    let html = spinlint_report::format("html").ok_or_else(|| ApiError::internal("no HTML report format"))?;
    let mut emitter = (html.new)(&spinlint_report::Settings::default());
    let mut out = Vec::new();
    let end = spinlint_report::End { rules: state.engine.rules(), errors: &[], notes: &[] };
    emitter
        .begin(&mut out)
        .and_then(|()| emitter.files(&mut out, vec![file]))
        .and_then(|()| emitter.finish(&mut out, &end))
        .map_err(|e| ApiError::internal(format!("the report could not be written: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"spinlint-report.html\""),
        ],
        out,
    )
        .into_response())
}

fn summary(rule: &Rule) -> Value {
    json!({
        "id": &*rule.id,
        "category": &*rule.category,
        "severity": rule.severity.as_str(),
        "quoted_severity": rule.quoted_severity.as_str(),
        "scope": rule.scope_names(),
        "kind": rule.kind_name(),
        "enabled": rule.enabled,
        "defined": format!("{}:{}", rule.origin, rule.line),
    })
}

pub async fn rules(State(state): State<AppState>) -> Json<Value> {
    Json(Value::Array(state.engine.rules().rules.iter().map(summary).collect()))
}

/// What `spinlint explain` says: the summary, the message, why it matters, what to do, links,
/// and the rule's flag and pass examples with the flagged spans.
pub async fn rule(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let rules = state.engine.rules();
    let Some(rule) = rules.get(&id) else {
        let ids = rules.rules.iter().map(|r| &*r.id);
        return Err(ApiError::not_found(spinlint_core::suggest::unknown_rule(&id, ids, "/api/rules")));
    };
    let examples = |examples: &[spinlint_core::rules::Example]| -> Vec<Value> {
        examples
            .iter()
            .map(|e| json!({ "text": e.text, "flagged": e.expected.iter().map(|s| json!({"start": s.start, "end": s.end})).collect::<Vec<_>>() }))
            .collect()
    };
    let mut value = summary(rule);
    value["message"] = json!(rule.message);
    value["rationale"] = json!(rule.rationale.as_deref().map(str::trim));
    value["help"] = json!(rule.help.trim());
    value["links"] = json!(rule.links);
    value["flag"] = json!(examples(&rule.flag));
    value["pass"] = json!(examples(&rule.pass));
    Ok(Json(value))
}
