//! The live editor page (`GET /`): one self-contained page (no external scripts, fonts or
//! styles) that lints the draft as it is typed, through `/api/lint`.

use axum::response::Response;

const PAGE: &str = include_str!("page.html");

pub async fn editor() -> Response {
    crate::ops::static_body("text/html; charset=utf-8", PAGE)
}
