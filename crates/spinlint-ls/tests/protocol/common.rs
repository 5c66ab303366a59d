//! A client for the tests: drives the server through the protocol over an in-memory
//! connection, the way an editor does, and keeps what the server sent.

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};
use spinlint_ls::{serve, LsError, Options, Stopped};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the client waits for a message before it calls the server stuck: a safety net
/// against a hang, not a measure (a 200,000-word draft in a debug build takes seconds).
const STUCK: Duration = Duration::from_secs(120);

pub struct Client {
    connection: Connection,
    server: Option<JoinHandle<Result<Stopped, LsError>>>,
    next_id: i32,
    /// Messages from the server not yet looked at.
    inbox: VecDeque<Message>,
    /// Requests the server made of the client (registrations, showDocument).
    pub server_requests: Vec<Request>,
}

pub fn options(builtin_rules_dir: &Path) -> Options {
    Options {
        debounce: Duration::from_millis(10),
        workers: 2,
        builtin_rules_dir: Some(builtin_rules_dir.to_path_buf()),
    }
}

impl Client {
    /// A server started and initialized, with these `initializationOptions` and client
    /// capabilities.
    pub fn start(options: Options, initialization: Value, capabilities: Value) -> Client {
        let (server, connection) = Connection::memory();
        let handle = std::thread::spawn(move || serve(server, options));
        let mut client = Client {
            connection,
            server: Some(handle),
            next_id: 0,
            inbox: VecDeque::new(),
            server_requests: Vec::new(),
        };
        let result = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": initialization }),
        );
        assert_eq!(result["serverInfo"]["name"], "spinlint");
        client.notify("initialized", json!({}));
        client
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.connection
            .sender
            .send(Notification::new(method.to_string(), params).into())
            .expect("the server is running");
    }

    /// Sends a request and waits for its response (keeping what else comes meanwhile).
    pub fn request_response(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection
            .sender
            .send(Request::new(id.clone(), method.to_string(), params).into())
            .expect("the server is running");
        loop {
            match self.receive() {
                Message::Response(response) if response.id == id => return response,
                other => self.inbox.push_back(other),
            }
        }
    }

    /// A request's result; its error fails the test.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_response(method, params);
        assert!(response.error.is_none(), "{method}: {:?}", response.error);
        response.result.unwrap_or(Value::Null)
    }

    fn receive(&mut self) -> Message {
        let message = self.connection.receiver.recv_timeout(STUCK).expect("a message from the server");
        if let Message::Request(request) = &message {
            self.server_requests.push(request.clone());
        }
        message
    }

    /// The next message that `wanted` picks, from those kept or those to come.
    fn next_matching(&mut self, mut wanted: impl FnMut(&Message) -> bool) -> Message {
        if let Some(at) = self.inbox.iter().position(&mut wanted) {
            return self.inbox.remove(at).expect("found");
        }
        loop {
            let message = self.receive();
            if wanted(&message) {
                return message;
            }
            self.inbox.push_back(message);
        }
    }

    /// The next `publishDiagnostics` of `uri` (any version).
    pub fn next_diagnostics(&mut self, uri: &str) -> Value {
        let message = self.next_matching(|m| is_publish(m, uri, None));
        let Message::Notification(notification) = message else { unreachable!() };
        notification.params
    }

    /// The diagnostics published for `uri` at `version`, and every publication of `uri` seen
    /// before them (their versions).
    pub fn diagnostics_at(&mut self, uri: &str, version: i64) -> (Vec<Value>, Vec<Option<i64>>) {
        let mut earlier = Vec::new();
        loop {
            let params = self.next_diagnostics(uri);
            let published = params["version"].as_i64();
            if published == Some(version) {
                return (params["diagnostics"].as_array().cloned().unwrap_or_default(), earlier);
            }
            earlier.push(published);
        }
    }

    /// The next request the server makes of the client with this method.
    pub fn next_server_request(&mut self, method: &str) -> Request {
        if let Some(request) = self.server_requests.iter().find(|r| r.method == method) {
            return request.clone();
        }
        let message = self.next_matching(|m| matches!(m, Message::Request(r) if r.method == method));
        let Message::Request(request) = message else { unreachable!() };
        request
    }

    pub fn open(&self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": version, "text": text } }),
        );
    }

    pub fn change(&self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// `shutdown`, then `exit`: the server must stop cleanly.
    pub fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        let after = self.request_response("textDocument/hover", json!({}));
        assert!(after.error.is_some(), "a request after shutdown is refused");
        self.notify("exit", Value::Null);
        let server = self.server.take().expect("started");
        let stopped = server.join().expect("the server thread").expect("the server stops without error");
        assert_eq!(stopped, Stopped::Shutdown);
    }

    /// `exit` without `shutdown`: how the server says it stopped (the protocol's exit code 1).
    pub fn exit_without_shutdown(mut self) -> Stopped {
        self.notify("exit", Value::Null);
        let server = self.server.take().expect("started");
        server.join().expect("the server thread").expect("the server stops without error")
    }

    /// Every message of the server not looked at yet, waiting `quiet` for more to come.
    pub fn drain(&mut self, quiet: Duration) -> Vec<Message> {
        let mut all: Vec<Message> = self.inbox.drain(..).collect();
        while let Ok(message) = self.connection.receiver.recv_timeout(quiet) {
            all.push(message);
        }
        all
    }

    pub fn close(&self, uri: &str) {
        self.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    }
}

fn is_publish(message: &Message, uri: &str, version: Option<i64>) -> bool {
    matches!(message, Message::Notification(n)
        if n.method == "textDocument/publishDiagnostics"
            && n.params["uri"] == uri
            && version.is_none_or(|v| n.params["version"].as_i64() == Some(v)))
}

/// A folder under the system's temporary one, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("spinlint-ls-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        Scratch(dir.canonicalize().expect("the scratch folder"))
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("a folder");
        }
        std::fs::write(&path, text).expect("a scratch file");
        path
    }

    pub fn uri(&self, name: &str) -> String {
        lsp_types::Url::from_file_path(self.0.join(name)).expect("an absolute path").to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The diagnostics' codes.
pub fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics.iter().filter_map(|d| d["code"].as_str().map(str::to_string)).collect()
}

/// UTF-16 code units of a text, as the protocol counts a position's character.
pub fn units(text: &str) -> u64 {
    text.encode_utf16().count() as u64
}
