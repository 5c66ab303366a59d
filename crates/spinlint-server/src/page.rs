//! The live editor page (`GET /`): one self-contained page (no external scripts, fonts or
//! styles) that lints the draft as it is typed, through `/api/lint`; and `/api/categories`, the
//! categories' colours for it.

use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use serde_json::{json, Value};
use spinlint_core::category;

const PAGE: &str = include_str!("page.html");

/// The colour of a category that is not built in, as the HTML report gives its first one.
const CUSTOM_COLOUR: &str = "#78716c";

pub async fn editor() -> Response {
    crate::ops::static_body("text/html; charset=utf-8", PAGE)
}

/// The categories, for the page's colours and legend: the built-in ones in the order of
/// `rules/categories.toml` (`name`, `label`, `colour` as `#rrggbb`, `description`, `builtin`),
/// then those of the loaded rules that are not built in, in grey.
pub async fn categories(State(state): State<AppState>) -> Json<Value> {
    let builtin = category::builtin();
    let mut all: Vec<Value> = builtin
        .iter()
        .map(|c| {
            let (r, g, b) = c.rgb();
            json!({
                "name": c.name,
                "label": c.label,
                "colour": format!("#{r:02x}{g:02x}{b:02x}"),
                "description": c.description,
                "builtin": true,
            })
        })
        .collect();
    let mut custom: Vec<&str> = Vec::new();
    for rule in &state.engine.rules().rules {
        let name = &*rule.category;
        if category::get(name).is_none() && !custom.contains(&name) {
            custom.push(name);
        }
    }
    all.extend(custom.into_iter().map(
        |name| json!({ "name": name, "label": null, "colour": CUSTOM_COLOUR, "description": null, "builtin": false }),
    ));
    Json(Value::Array(all))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn categories_are_the_built_in_ones_with_their_colours() {
        let engine = spinlint_core::Engine::builtin().expect("the built-in rules");
        let state = AppState { engine: std::sync::Arc::new(engine) };
        let Json(value) = categories(State(state)).await;
        let all = value.as_array().expect("an array");
        assert_eq!(all.len(), category::builtin().len(), "the built-in rules use only built-in categories");
        assert_eq!(all[0]["name"], category::builtin()[0].name);
        let no_evidence = all.iter().find(|c| c["name"] == "no-evidence").expect("no-evidence");
        assert_eq!(no_evidence["colour"], "#dc2626");
        assert_eq!(no_evidence["builtin"], true);
        assert!(all.iter().all(|c| c["colour"].as_str().is_some_and(|h| h.len() == 7 && h.starts_with('#'))));
    }
}
