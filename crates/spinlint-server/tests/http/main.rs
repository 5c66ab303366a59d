//! The server over real HTTP: each test starts it in-process on an ephemeral port (the router
//! the command line serves, on `axum::serve`) and talks to it with a plain HTTP client.
//!
//! - `languagetool`: `/v2/check` and `/v2/languages`, as LanguageTool's clients call them;
//! - `api`: the JSON API (`/api/lint`, `/api/report`, `/api/rules`);
//! - `ops`: bad requests, limits, CORS, health, unknown paths;
//! - `load`: many concurrent requests, all answered alike.

mod api;
mod common;
mod languagetool;
mod load;
mod ops;
