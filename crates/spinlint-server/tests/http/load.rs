//! Many small requests at once: every one answered, and alike.

use crate::common::{client, Reply, Server};
use serde_json::{json, Value};

const TEXT: &str = "“Experts say” 😀 there is no evidence, the so-called reforms failed.";
const REQUESTS: usize = 10_000;
/// Requests in flight at once: one per client thread, each on its own kept-alive connection.
const CLIENTS: usize = 100;

/// What a request answers that must not vary: the matches of a check, the whole of a lint.
fn answer(kind: usize, agent: &ureq::Agent, server: &Server) -> (u16, Value) {
    let reply = if kind == 0 {
        Reply::read(agent.post(server.url("/v2/check")).send_form([("text", TEXT), ("language", "en-US")]))
    } else {
        Reply::read(
            agent
                .post(server.url("/api/lint"))
                .content_type("application/json")
                .send(json!({ "text": TEXT }).to_string()),
        )
    };
    let body: Value = serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("JSON ({e}): {}", reply.body));
    (reply.status, if kind == 0 { body["matches"].clone() } else { body })
}

#[test]
fn ten_thousand_concurrent_requests_are_all_answered_alike() {
    let server = Server::start();
    let expected: Vec<Value> = (0..2).map(|kind| answer(kind, &client(), &server).1).collect();
    assert_eq!(expected[0].as_array().map(Vec::len), Some(3), "{}", expected[0]);
    let answered = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for thread in 0..CLIENTS {
            let (server, expected, answered) = (&server, &expected, &answered);
            scope.spawn(move || {
                let agent = client();
                for request in 0..REQUESTS / CLIENTS {
                    let kind = (thread + request) % 2;
                    let (status, body) = answer(kind, &agent, server);
                    assert_eq!(status, 200, "request {request} of client {thread}: {body}");
                    assert_eq!(body, expected[kind], "request {request} of client {thread}");
                    answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    assert_eq!(answered.into_inner(), REQUESTS);
}
