//! Operations: health, unknown paths, bad requests, the body limit, the time limit, CORS.

use crate::common::{client, get, post_form, post_json, settings, Reply, Server};
use serde_json::json;
use spinlint_server::Settings;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[test]
fn health_says_ok_and_the_version() {
    let server = Server::start();
    let reply = get(&server.url("/healthz"));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }));
}

#[test]
fn unknown_paths_and_methods_are_json_errors() {
    let server = Server::start();
    let message = get(&server.url("/v2/nothing")).languagetool_error(404);
    assert!(message.contains("/v2/nothing") && message.contains("/v2/check"), "{message}");
    let message = Reply::read(client().post(server.url("/api")).send("x")).error(404);
    assert!(message.contains("POST /api"), "{message}");
    // A path that exists, with a method it does not take: which methods it takes.
    let reply = get(&server.url("/api/lint"));
    let message = reply.error(405);
    assert!(message.contains("/api/lint does not take GET"), "{message}");
    assert_eq!(reply.header("allow"), Some("POST"));
    let reply = Reply::read(client().delete(server.url("/v2/check")).call());
    let message = reply.languagetool_error(405);
    assert!(message.contains("/v2/check does not take DELETE"), "{message}");
    let allow = reply.header("allow").unwrap_or_default();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
}

/// A request the server must refuse, and how.
struct Bad {
    what: &'static str,
    send: Box<dyn Fn(&Server) -> Reply>,
    status: u16,
    /// Sent to LanguageTool's API, which answers errors as LanguageTool does, in plain text.
    languagetool: bool,
}

fn bad(what: &'static str, status: u16, send: impl Fn(&Server) -> Reply + 'static) -> Bad {
    Bad { what, send: Box::new(send), status, languagetool: false }
}

fn bad_check(what: &'static str, status: u16, send: impl Fn(&Server) -> Reply + 'static) -> Bad {
    Bad { languagetool: true, ..bad(what, status, send) }
}

/// After each bad request, a good one on the same server is answered.
#[test]
fn bad_requests_are_json_errors_and_the_server_goes_on() {
    let server = Server::with(Settings { body_limit: 2048, ..settings() });
    let lint = |server: &Server| server.url("/api/lint");
    let check = |server: &Server| server.url("/v2/check");
    let big = "There is no evidence. ".repeat(200);
    let bads = vec![
        bad("an empty JSON body", 400, move |s| {
            Reply::read(client().post(lint(s)).content_type("application/json").send_empty())
        }),
        bad("JSON without a content type", 415, move |s| Reply::read(client().post(lint(s)).send(r#"{"text": "x"}"#))),
        bad("JSON sent as text", 415, move |s| {
            Reply::read(client().post(lint(s)).content_type("text/plain").send(r#"{"text": "x"}"#))
        }),
        bad("JSON that is not UTF-8", 400, move |s| {
            Reply::read(
                client()
                    .post(lint(s))
                    .content_type("application/json")
                    .send(&b"{\"text\": \"no \xff\xfe evidence\"}"[..]),
            )
        }),
        bad("truncated JSON", 400, move |s| {
            Reply::read(client().post(lint(s)).content_type("application/json").send(r#"{"text": "no evid"#))
        }),
        bad("an oversized JSON body", 413, {
            let big = big.clone();
            move |s| post_json(&lint(s), &json!({ "text": big }))
        }),
        bad("an oversized report", 413, {
            let big = big.clone();
            move |s| post_json(&s.url("/api/report"), &json!({ "text": big }))
        }),
        bad_check("an empty form", 400, move |s| {
            Reply::read(client().post(check(s)).content_type("application/x-www-form-urlencoded").send_empty())
        }),
        bad_check("a check sent as JSON", 415, move |s| {
            post_json(&check(s), &json!({ "text": "no evidence", "language": "en-US" }))
        }),
        bad_check("a form without a content type", 415, move |s| {
            Reply::read(client().post(check(s)).send("text=no+evidence&language=en-US"))
        }),
        bad_check("an oversized form", 413, {
            let big = big.clone();
            move |s| post_form(&check(s), &[("text", &big), ("language", "en-US")])
        }),
    ];
    assert!(big.len() > 2048);
    for bad in &bads {
        let reply = (bad.send)(&server);
        let message = if bad.languagetool { reply.languagetool_error(bad.status) } else { reply.error(bad.status) };
        if bad.status == 413 {
            assert!(message.contains("too large") && message.contains("limit"), "{}: {message}", bad.what);
        }
        let good = post_form(&check(&server), &[("text", "There is no evidence."), ("language", "en-US")]);
        assert_eq!(good.status, 200, "after {}: {}", bad.what, good.body);
        assert_eq!(good.json()["matches"].as_array().unwrap().len(), 1, "after {}", bad.what);
        let good = post_json(&lint(&server), &json!({ "text": "There is no evidence." }));
        assert_eq!(good.status, 200, "after {}: {}", bad.what, good.body);
    }
    // Just under the limit is fine.
    let text = "There is no evidence. ".repeat(80);
    let reply = post_json(&lint(&server), &json!({ "text": text }));
    assert!(reply.body.len() > 2048 && text.len() < 2048 - 20, "the answer may be larger than the limit");
    assert_eq!(reply.status, 200, "{}", reply.body);
}

/// A form's bytes that are not UTF-8 are read as U+FFFD, as URL decoding does: the text is
/// checked and the offsets are those of the text as decoded.
#[test]
fn a_form_that_is_not_utf8_is_read_lossily() {
    let server = Server::start();
    let reply = Reply::read(
        client()
            .post(server.url("/v2/check"))
            .content_type("application/x-www-form-urlencoded")
            .send(&b"language=en-US&text=\xff\xfe%FF There is no evidence."[..]),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    let m = &body["matches"][0];
    assert_eq!(m["rule"]["id"], "no-evidence-none-exists");
    assert_eq!(m["offset"], "\u{fffd}\u{fffd}\u{fffd} There is ".encode_utf16().count());
}

/// A request whose body never comes is cut off at the time limit with 408, and the server goes on.
#[test]
fn a_stalled_request_times_out() {
    let server = Server::with(Settings { timeout: Duration::from_millis(300), ..settings() });
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        stream,
        "POST /api/lint HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"text\": \"no"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let body = &answer[answer.find("\r\n\r\n").expect("a body") + 4..];
    let body: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON ({e}): {answer}"));
    assert_eq!(body["error"]["status"], 408, "{body}");
    assert_eq!(get(&server.url("/healthz")).status, 200);
}

fn preflight(server: &Server, origin: &str) -> Reply {
    Reply::read(
        client()
            .options(server.url("/v2/check"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .call(),
    )
}

fn lint_from(server: &Server, origin: &str) -> Reply {
    Reply::read(
        client()
            .post(server.url("/api/lint"))
            .header("Origin", origin)
            .content_type("application/json")
            .send(r#"{"text": "There is no evidence."}"#),
    )
}

#[test]
fn cors_lets_the_configured_origins_call_and_no_other() {
    let cms = "https://cms.example.org";
    let server =
        Server::with(Settings { cors_origins: vec![format!("{cms}/"), "http://localhost:3000".into()], ..settings() });
    let reply = preflight(&server, cms);
    assert!(reply.status < 300, "{} {}", reply.status, reply.body);
    assert_eq!(reply.header("access-control-allow-origin"), Some(cms));
    let methods = reply.header("access-control-allow-methods").unwrap_or_default().to_uppercase();
    assert!(methods.contains("POST") && methods.contains("GET"), "{methods}");
    assert!(reply.header("access-control-allow-headers").unwrap_or_default().contains("content-type"));
    assert_eq!(
        preflight(&server, "http://localhost:3000").header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    let reply = lint_from(&server, cms);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("access-control-allow-origin"), Some(cms));

    for other in ["https://evil.example", "http://cms.example.org", "https://cms.example.org.evil.example"] {
        assert_eq!(preflight(&server, other).header("access-control-allow-origin"), None, "{other}");
        assert_eq!(lint_from(&server, other).header("access-control-allow-origin"), None, "{other}");
    }
}

#[test]
fn without_cors_origins_no_origin_may_call() {
    let server = Server::start();
    let cms = "https://cms.example.org";
    let reply = preflight(&server, cms);
    assert_eq!(reply.header("access-control-allow-origin"), None);
    let reply = lint_from(&server, cms);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[test]
fn a_cors_origin_must_be_an_origin() {
    for origin in ["cms.example.org", "ftp://cms.example.org", "https://cms.example.org\n"] {
        let settings = Settings { cors_origins: vec![origin.to_string()], ..settings() };
        let error = spinlint_server::router(crate::common::engine(), &settings).err();
        assert!(error.is_some_and(|e| e.to_string().contains("not an origin")), "{origin:?}");
    }
}

/// `max_in_flight` counts the requests of every path and method together: with one allowed, a
/// request whose body is being read holds up a health check until it is done.
#[test]
fn the_cap_on_requests_in_flight_is_one_for_all_paths() {
    let server = Server::with(Settings { max_in_flight: 1, ..settings() });
    // The server asks for the body (100 Continue) once the handler reads it: the request is
    // then in flight, and stays so until its body comes.
    let mut held = TcpStream::connect(server.addr).unwrap();
    held.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = r#"{"text": "There is no evidence."}"#;
    write!(
        held,
        "POST /api/lint HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    )
    .unwrap();
    let mut continue_line = [0u8; 25];
    held.read_exact(&mut continue_line).unwrap();
    assert_eq!(&continue_line, b"HTTP/1.1 100 Continue\r\n\r\n");

    let released = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let health = std::thread::spawn({
        let (url, released) = (server.url("/healthz"), released.clone());
        move || {
            let reply = get(&url);
            (reply.status, released.load(std::sync::atomic::Ordering::SeqCst))
        }
    });
    // Time for a server that let the health check through to answer it (a wrong server's
    // chance to fail the test; a right one waits whatever the time).
    std::thread::sleep(Duration::from_millis(300));
    released.store(true, std::sync::atomic::Ordering::SeqCst);
    held.write_all(body.as_bytes()).unwrap();
    let mut answer = [0u8; 12];
    held.read_exact(&mut answer).unwrap();
    assert_eq!(&answer, b"HTTP/1.1 200");
    let (status, after_release) = health.join().unwrap();
    assert_eq!(status, 200);
    assert!(after_release, "the health check was answered while the only slot was taken");
}
