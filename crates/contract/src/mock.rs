//! Serving a fixture's exchanges from an httpmock server and checking they were all used.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use httpmock::{HttpMockRequest, HttpMockResponse, MockServer};

use crate::fixture::{Exchange, Fixture, QueryValue, REDACTED};

/// Status the fallback mock answers for a request that matches no exchange.
pub const UNMATCHED_STATUS: u16 = 418;

/// Starts a mock server for `fixture`, runs `call` with the server's base URL (no trailing
/// slash, no path: append the vendor's base path such as `/v1`), then checks that every
/// exchange was used exactly once and that no other request arrived.
///
/// Exchanges match on method, path, the exact query, the listed headers and the body; identical
/// requests are answered in fixture order (each exchange serves one call). A request whose
/// `body` is `null` (and has no `body_text`) must arrive with no body at all. A header citing a
/// credential the fixture issued (`<issued:...>`, see [`crate::issued`]) must carry exactly that
/// credential.
pub async fn serve<F, Fut, R>(fixture: &Fixture, call: F) -> (R, Vec<String>)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = R>,
{
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    let mut problems = Vec::new();
    for (i, exchange) in fixture.exchanges.iter().enumerate() {
        let mut headers = Vec::new();
        for (name, value) in &exchange.request.headers {
            let expected = match crate::issued::resolve(value, &fixture.exchanges, i) {
                Ok(Some(resolved)) => Expected::Issued(resolved),
                Ok(None) => Expected::Plain(value.clone()),
                Err(m) => {
                    problems.push(format!("exchange {i}: header `{name}`: {m}"));
                    Expected::Plain(value.clone())
                }
            };
            headers.push((name.clone(), expected));
        }
        mocks.push(mock_exchange(&server, exchange, headers).await);
    }
    let unmatched: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = unmatched.clone();
    let _fallback = server
        .mock_async(move |when, then| {
            when.any_request();
            then.respond_with(move |req: &HttpMockRequest| {
                if let Ok(mut list) = seen.lock() {
                    list.push(describe(req));
                }
                HttpMockResponse::builder()
                    .status(UNMATCHED_STATUS)
                    .body("no fixture exchange matches this request")
                    .build()
            });
        })
        .await;

    let result = call(server.base_url()).await;

    for (i, (mock, exchange)) in mocks.iter().zip(&fixture.exchanges).enumerate() {
        let calls = mock.calls_async().await;
        if calls != 1 {
            problems.push(format!(
                "exchange {i} ({} {}) was used {calls} times, expected once",
                exchange.request.method, exchange.request.path
            ));
        }
    }
    if let Ok(list) = unmatched.lock() {
        for req in list.iter() {
            problems.push(format!("unexpected request: {req}"));
        }
    }
    (result, problems)
}

/// What a request header of an exchange must hold.
enum Expected {
    /// The fixture's text: exact, or a prefix when it ends in `<redacted>`.
    Plain(String),
    /// A credential an earlier exchange issued, resolved: exact (a `cookie` pair among others).
    Issued(String),
}

async fn mock_exchange<'a>(
    server: &'a MockServer,
    exchange: &Exchange,
    headers: Vec<(String, Expected)>,
) -> httpmock::Mock<'a> {
    let req = exchange.request.clone();
    let resp = exchange.response.clone();
    server
        .mock_async(move |mut when, mut then| {
            when = when.method(req.method.as_str()).path(req.path.as_str());
            let expected = req.query.clone();
            when = when
                .is_true(move |r: &HttpMockRequest| query_matches(&r.query_params(), &expected));
            for (name, expected) in headers {
                when = match expected {
                    Expected::Plain(value) => match value.strip_suffix(REDACTED) {
                        Some("") => when.header_exists(name.as_str()),
                        Some(prefix) => when.header_prefix(name.as_str(), prefix),
                        None => when.header(name.as_str(), value.as_str()),
                    },
                    Expected::Issued(value) => when.is_true(move |r: &HttpMockRequest| {
                        let received: Vec<&str> = r
                            .headers_vec()
                            .iter()
                            .filter(|(n, _)| n.eq_ignore_ascii_case(&name))
                            .map(|(_, v)| v.as_str())
                            .collect();
                        crate::issued::header_satisfies(&name, &received, &value)
                    }),
                };
            }
            if let Some(text) = &req.body_text {
                when = when.body(text.as_str());
            } else if !req.body.is_null() {
                when = when.json_body(req.body.clone());
            } else {
                // `body: null` means "no body": a stray body (even `{}`) is a mismatch.
                when = when.is_true(|r: &HttpMockRequest| r.body().0.is_empty());
            }
            let _ = when;

            then = then.status(resp.status);
            for (name, value) in &resp.headers {
                for part in value.split('\n') {
                    then = then.header(name.as_str(), part);
                }
            }
            if let Some(text) = &resp.body_text {
                then = then.body(text.as_str());
            } else if !resp.body.is_null() {
                then = then.body(serde_json::to_vec(&resp.body).unwrap_or_default());
            }
            let _ = then.up_to_n_times(1);
        })
        .await
}

/// Whether the received query equals the expected one (same keys, same values in order).
pub fn query_matches(
    received: &[(String, String)],
    expected: &BTreeMap<String, QueryValue>,
) -> bool {
    let mut got: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (k, v) in received {
        got.entry(k.as_str()).or_default().push(v.as_str());
    }
    got.len() == expected.len()
        && expected
            .iter()
            .all(|(k, v)| got.get(k.as_str()).is_some_and(|g| *g == v.values()))
}

fn describe(req: &HttpMockRequest) -> String {
    let mut names: Vec<String> = req
        .headers()
        .keys()
        .map(|k| k.as_str().to_owned())
        .collect();
    names.sort();
    let body = req.body_string();
    let body = if body.len() > 300 {
        format!("{}…", body.chars().take(300).collect::<String>())
    } else {
        body
    };
    format!(
        "{} {} headers=[{}] body={}",
        req.method(),
        req.uri()
            .path_and_query()
            .map(|pq| pq.as_str().to_owned())
            .unwrap_or_default(),
        names.join(","),
        body
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_must_match_exactly() {
        let mut expected = BTreeMap::new();
        expected.insert("skip".to_owned(), QueryValue::One("0".into()));
        expected.insert(
            "ids".to_owned(),
            QueryValue::Many(vec!["1".into(), "2".into()]),
        );
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert!(query_matches(
            &pairs(&[("ids", "1"), ("skip", "0"), ("ids", "2")]),
            &expected
        ));
        assert!(!query_matches(
            &pairs(&[("ids", "2"), ("skip", "0"), ("ids", "1")]),
            &expected
        ));
        assert!(!query_matches(
            &pairs(&[("ids", "1"), ("ids", "2")]),
            &expected
        ));
        assert!(!query_matches(
            &pairs(&[("ids", "1"), ("skip", "0"), ("ids", "2"), ("x", "1")]),
            &expected
        ));
    }
}
