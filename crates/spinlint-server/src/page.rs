//! The live editor page (`GET /`, with `/page.css` and `/page.js`): self-contained (no external
//! scripts, fonts or styles), it lints the draft as it is typed through `/api/lint`, colours the
//! findings by `/api/categories`, explains them by `/api/rules/{id}` and downloads
//! `/api/report`. Its Content-Security-Policy lets it load and call nothing but this server.

use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::Json;
use serde_json::{json, Value};
use spinlint_core::category;

const PAGE: &str = include_str!("page.html");
const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// What the page may load and call: its own style sheet and script, and this server's API; no
/// inline script, no frame, no form sent anywhere. A browser enforces it, so that not even
/// markup in a draft could make the page send the draft elsewhere.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
     img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The colour of a category that is not built in, as the HTML report gives its first one.
const CUSTOM_COLOUR: &str = "#78716c";

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = crate::ops::static_body(content_type, body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    // A new version of the server serves a new page: always ask.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

pub async fn editor() -> Response {
    asset("text/html; charset=utf-8", PAGE)
}

pub async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

/// The categories, for the page's colours and legend: the built-in ones in the order of
/// `rules/categories.toml` (`name`, `label`, `colour` as `#rrggbb`, `description`, `builtin`),
/// then the newsroom's declared ones (its `categories.toml`) as declared, then those of the
/// loaded rules declared nowhere, in grey.
pub async fn categories(State(state): State<AppState>) -> Json<Value> {
    let rules = state.engine.rules();
    let row = |c: &category::Category, builtin: bool| {
        let (r, g, b) = c.rgb();
        json!({
            "name": c.name,
            "label": c.label,
            "colour": format!("#{r:02x}{g:02x}{b:02x}"),
            "description": c.description,
            "builtin": builtin,
        })
    };
    let mut all: Vec<Value> = category::builtin().iter().map(|c| row(c, true)).collect();
    all.extend(rules.declared_categories.iter().map(|c| row(c, false)));
    let mut custom: Vec<&str> = Vec::new();
    for rule in &rules.rules {
        let name = &*rule.category;
        let declared = rules.declared_categories.iter().any(|c| c.name == name);
        if category::get(name).is_none() && !declared && !custom.contains(&name) {
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

    /// Every value of `attribute="..."` in the page.
    fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
        let needle = format!(" {attribute}=\"");
        html.match_indices(&needle)
            .map(|(at, _)| {
                let rest = &html[at + needle.len()..];
                &rest[..rest.find('"').expect("a closed attribute")]
            })
            .collect()
    }

    #[test]
    fn the_page_loads_nothing_from_another_site() {
        for (name, text) in [("page.html", PAGE), ("page.css", STYLE), ("page.js", SCRIPT)] {
            for scheme in ["http://", "https://", "ftp://", "ws://", "wss://"] {
                assert!(!text.contains(scheme), "{name} names a {scheme} address");
            }
            assert!(!text.contains("@import"), "{name} imports a style sheet");
            for (at, _) in text.match_indices("url(") {
                assert!(text[at..].starts_with("url(data:"), "{name}: {}", &text[at..at + 30]);
            }
        }
        let references: Vec<&str> = ["src", "href", "action", "srcset", "poster", "data"]
            .iter()
            .flat_map(|a| attribute_values(PAGE, a))
            .collect();
        assert_eq!(references, ["/page.js", "data:,", "/page.css"], "the page's only references");
        for reference in references {
            assert!(
                reference.starts_with("data:") || (reference.starts_with('/') && !reference.starts_with("//")),
                "{reference}: not a path on this server"
            );
        }
        assert!(!PAGE.contains("<script>"), "no inline script (the policy forbids it)");
        let handler = PAGE.match_indices(" on").find(|(at, _)| {
            let name: String = PAGE[at + 1..].chars().take_while(char::is_ascii_alphabetic).collect();
            PAGE[at + 1 + name.len()..].starts_with('=')
        });
        assert_eq!(handler, None, "no event handler attribute (the policy forbids them)");
        assert!(!PAGE.contains("style="), "no inline style (the policy forbids them)");
    }

    #[test]
    fn the_script_calls_only_this_servers_api_and_puts_text_in_as_text() {
        let calls: Vec<&str> = SCRIPT.match_indices("fetch(").map(|(at, _)| &SCRIPT[at + 6..]).collect();
        assert_eq!(calls.len(), 4, "lint, report, a rule's explanation, the categories");
        for call in calls {
            assert!(
                call.starts_with("\"/api/"),
                "a call that is not a path of this server's API: fetch({})",
                &call[..40]
            );
        }
        for other in [
            "XMLHttpRequest",
            "WebSocket",
            "EventSource",
            "sendBeacon",
            "importScripts",
            "import(",
            "Worker(",
            "window.open",
            "location",
            ".src",
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "Function(",
            "localStorage",
            "sessionStorage",
            "indexedDB",
            "cookie",
        ] {
            assert!(!SCRIPT.contains(other), "page.js uses {other}");
        }
    }

    #[tokio::test]
    async fn the_page_and_its_files_are_served_under_a_policy_that_allows_only_this_server() {
        for (response, kind) in [
            (editor().await, "text/html; charset=utf-8"),
            (style().await, "text/css; charset=utf-8"),
            (script().await, "text/javascript; charset=utf-8"),
        ] {
            let headers = response.headers();
            assert_eq!(headers[header::CONTENT_TYPE], kind);
            let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert!(policy.starts_with("default-src 'none';"), "{policy}");
            for directive in policy.split(';').map(str::trim) {
                assert!(!directive.contains("http") && !directive.contains('*'), "{directive}");
                assert!(!directive.contains("unsafe"), "{directive}");
            }
            assert!(policy.contains("connect-src 'self'") && policy.contains("form-action 'none'"), "{policy}");
            assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        }
    }

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

    #[tokio::test]
    async fn a_declared_category_has_its_colour_and_an_undeclared_one_is_grey() {
        let dir = std::env::temp_dir().join(format!("spinlint-page-categories-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        std::fs::write(
            dir.join("categories.toml"),
            "[[category]]\nname = \"desk-style\"\nlabel = \"against the guide\"\ncolour = \"#123456\"\n\
             description = \"What the guide forbids.\"\n",
        )
        .expect("written");
        let options = spinlint_core::engine::Options {
            config: spinlint_core::engine::ConfigSource::Defaults(dir.clone()),
            rule_dirs: vec![dir.clone()],
            ..Default::default()
        };
        let engine = spinlint_core::Engine::new(options);
        std::fs::remove_dir_all(&dir).expect("removed");
        let state = AppState { engine: std::sync::Arc::new(engine.expect("the rules load")) };
        let Json(value) = categories(State(state)).await;
        let declared = value.as_array().and_then(|all| all.iter().find(|c| c["name"] == "desk-style").cloned());
        let declared = declared.expect("the declared category is listed though no rule uses it yet");
        assert_eq!(declared["colour"], "#123456");
        assert_eq!(declared["label"], "against the guide");
        assert_eq!(declared["builtin"], false);
    }
}
