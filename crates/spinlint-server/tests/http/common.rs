//! A server on an ephemeral port, and a client for it.

use serde_json::Value;
use spinlint_core::Engine;
use spinlint_server::{router, Settings};
use std::sync::{Arc, OnceLock};

/// The built-in rules, loaded once for every test of the binary.
pub fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    ENGINE.get_or_init(|| Arc::new(Engine::builtin().expect("the built-in rules load"))).clone()
}

/// The test settings: the defaults, without the request log (it would fill the test output).
pub fn settings() -> Settings {
    Settings { log_requests: false, ..Settings::default() }
}

/// A server running on its own runtime, on a thread of its own, until dropped.
pub struct Server {
    pub base: String,
    pub addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start() -> Server {
        Server::with(settings())
    }

    pub fn with(settings: Settings) -> Server {
        let app = router(engine(), &settings).expect("the router builds");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let listener =
            runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("an ephemeral port on the loopback");
        let addr = listener.local_addr().expect("the listener's address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.await;
                    })
                    .await
                    .expect("the server runs");
            });
            // Connections a test left open do not hold the thread up.
            runtime.shutdown_background();
        });
        Server { base: format!("http://{addr}"), addr, stop: Some(stop), thread: Some(thread) }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // A graceful shutdown waits for open connections: don't wait for the thread.
        drop(self.thread.take());
    }
}

/// A client that returns every status as a response (not as an error).
pub fn client() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn read(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut response = response.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.body_mut().read_to_string().expect("a UTF-8 body");
        Reply { status, headers, body }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().expect("an ASCII header"))
    }

    /// The body as JSON, checking that it says it is JSON.
    pub fn json(&self) -> Value {
        let kind = self.header("content-type").unwrap_or_default();
        assert!(kind.starts_with("application/json"), "a JSON answer, not {kind:?}: {}", self.body);
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("JSON ({e}): {}", self.body))
    }

    /// The message of a JSON error answer with this status.
    pub fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let body = self.json();
        assert_eq!(body["error"]["status"], status, "{body}");
        let message = body["error"]["message"].as_str().expect("a message").to_string();
        assert!(!message.is_empty(), "the error says what is wrong: {body}");
        message
    }
}

impl Reply {
    /// The message of an error answer of LanguageTool's API (`/v2/...`) with this status:
    /// `Error: <message>` as plain text, as LanguageTool's server sends it.
    pub fn languagetool_error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let kind = self.header("content-type").unwrap_or_default();
        assert!(kind.starts_with("text/plain"), "a plain text answer, not {kind:?}: {}", self.body);
        let message = self.body.strip_prefix("Error: ").unwrap_or_else(|| panic!("not `Error: ...`: {}", self.body));
        assert!(!message.trim().is_empty(), "the error says what is wrong: {}", self.body);
        message.to_string()
    }
}

pub fn get(url: &str) -> Reply {
    Reply::read(client().get(url).call())
}

pub fn post_json(url: &str, body: &Value) -> Reply {
    Reply::read(client().post(url).content_type("application/json").send(body.to_string()))
}

pub fn post_form(url: &str, form: &[(&str, &str)]) -> Reply {
    Reply::read(client().post(url).send_form(form.iter().copied()))
}

pub fn get_query(url: &str, query: &[(&str, &str)]) -> Reply {
    Reply::read(client().get(url).query_pairs(query.iter().copied()).call())
}

/// The part of `text` at a UTF-16 offset and length, as LanguageTool's clients and JavaScript
/// strings read it.
pub fn utf16_slice(text: &str, offset: u64, length: u64) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let (start, end) = (offset as usize, (offset + length) as usize);
    assert!(end <= units.len(), "{offset}+{length} is past the end of a {} unit text", units.len());
    String::from_utf16(&units[start..end]).expect("the span does not split a surrogate pair")
}
