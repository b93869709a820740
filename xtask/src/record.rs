//! The `record` task: calls a vendor's API once with credentials from the environment and
//! writes what went over the wire as a contract fixture with `provenance: recorded`.
//!
//! The vendor client is pointed at a recording proxy on loopback that forwards every request
//! to the real base URL and keeps each exchange. Before anything is written, secrets and
//! personal data are replaced (see [`Redactor`]): `authorization`, `cookie` and `set-cookie`
//! headers, tokens, passwords and keys anywhere in bodies, e-mail addresses, phone numbers and
//! people's names; the same value always becomes the same placeholder within one fixture, so
//! the input and the request body it produces still agree, and the fixture replays.
//!
//! Credentials come from the same variables as the `bookings` CLI: `RESOS_API_KEY`;
//! `RESOURCE_GURU_ACCOUNT` with `RESOURCE_GURU_ACCESS_TOKEN` (or `RESOURCE_GURU_CLIENT_ID`,
//! `RESOURCE_GURU_CLIENT_SECRET`, `RESOURCE_GURU_USERNAME`, `RESOURCE_GURU_PASSWORD`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, anyhow, bail};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use contract::fixture::{
    Exchange, Fixture, Provenance, QueryValue, RecordedRequest, RecordedResponse,
};
use serde_json::{Map, Value};

use contract::drift::Drift;

/// The operations `record` can call, per vendor (the contract tests' operation names).
pub const OPERATIONS: &[(&str, &[&str])] = &[
    ("resos", &["bookings.list_page", "bookings.get"]),
    ("resource-guru", &["bookings.list_page"]),
];

/// What to record.
#[derive(Clone, Debug)]
pub struct Options {
    /// `resos`, `resource-guru`.
    pub vendor: String,
    /// The operation (see [`OPERATIONS`]).
    pub operation: String,
    /// The operation's arguments (the request type's JSON); `{}` when not given.
    pub input: Value,
    /// The vendor's base URL (default: the vendor's own).
    pub base_url: Option<String>,
    /// Where fixtures go: `<fixtures>/<vendor>/`.
    pub fixtures: PathBuf,
}

/// Where credentials come from (the process environment, or a map in tests).
pub trait Env {
    /// The variable's value, when set and not empty.
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

impl Env for BTreeMap<String, String> {
    fn var(&self, name: &str) -> Option<String> {
        self.get(name).cloned()
    }
}

/// Every credential variable (their values are redacted wherever they appear).
pub const CREDENTIAL_VARIABLES: &[&str] = &[
    "RESOS_API_KEY",
    "RESOURCE_GURU_ACCESS_TOKEN",
    "RESOURCE_GURU_CLIENT_ID",
    "RESOURCE_GURU_CLIENT_SECRET",
    "RESOURCE_GURU_USERNAME",
    "RESOURCE_GURU_PASSWORD",
];

/// `cargo xtask record`.
pub fn run(
    root: &Path,
    vendor: &str,
    operation: &str,
    input: Option<&str>,
    base_url: Option<String>,
) -> crate::TaskResult {
    let input = match input {
        Some(text) => serde_json::from_str(text).context("--input is not JSON")?,
        None => Value::Object(Map::new()),
    };
    let options = Options {
        vendor: vendor.to_owned(),
        operation: operation.to_owned(),
        input,
        base_url,
        fixtures: root.join("fixtures"),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let recorded = runtime.block_on(record(&options, &ProcessEnv))?;
    println!("wrote {}", recorded.path.display());
    println!("{}", recorded.drift.summary(&options.operation));
    println!(
        "next: run `cargo xtask contract --accept` to snapshot it, and review the snapshot and the file"
    );
    Ok(true)
}

/// What [`record`] wrote.
#[derive(Debug)]
pub struct Recorded {
    /// The fixture file.
    pub path: PathBuf,
    /// Fields and enum values the models did not know.
    pub drift: Drift,
}

/// One exchange as seen by the proxy, before redaction.
#[derive(Clone, Debug)]
struct Raw {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    request_headers: Vec<(String, String)>,
    request_body: Vec<u8>,
    status: u16,
    response_headers: Vec<(String, String)>,
    response_body: Vec<u8>,
}

struct Proxy {
    upstream: reqwest::Url,
    http: reqwest::Client,
    log: Mutex<Vec<Raw>>,
}

/// Request headers kept in the fixture (matched by the contract harness).
const KEPT_REQUEST_HEADERS: &[&str] = &["authorization", "content-type", "cookie"];
/// Response headers kept in the fixture.
fn kept_response_header(name: &str) -> bool {
    name == "content-type"
        || name == "set-cookie"
        || name == "retry-after"
        || name == "link"
        || name.starts_with("x-ratelimit")
        || name.starts_with("x-rate-limit")
        || name.starts_with("ratelimit")
        || name.starts_with("x-total")
}

async fn forward(State(proxy): State<Arc<Proxy>>, request: Request) -> Response {
    match forward_inner(&proxy, request).await {
        Ok(response) => response,
        Err(e) => {
            let mut response = Response::new(Body::from(format!("recording proxy: {e:#}")));
            *response.status_mut() = axum::http::StatusCode::BAD_GATEWAY;
            response
        }
    }
}

async fn forward_inner(proxy: &Proxy, request: Request) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 64 << 20).await?;
    let mut url = proxy.upstream.clone();
    url.set_path(parts.uri.path());
    url.set_query(parts.uri.query());
    let method = reqwest::Method::from_bytes(parts.method.as_str().as_bytes())?;
    let mut outgoing = proxy.http.request(method, url.clone()).body(body.to_vec());
    let mut request_headers = Vec::new();
    for (name, value) in &parts.headers {
        let name = name.as_str().to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "host" | "content-length" | "connection" | "accept-encoding" | "transfer-encoding"
        ) {
            continue;
        }
        let value = value.to_str().unwrap_or_default().to_owned();
        outgoing = outgoing.header(name.as_str(), value.as_str());
        request_headers.push((name, value));
    }
    let answer = outgoing.send().await?;
    let status = answer.status().as_u16();
    let response_headers: Vec<(String, String)> = answer
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let response_body = answer.bytes().await?.to_vec();
    proxy
        .log
        .lock()
        .map_err(|_| anyhow!("log poisoned"))?
        .push(Raw {
            method: parts.method.as_str().to_owned(),
            path: parts.uri.path().to_owned(),
            query: url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            request_headers,
            request_body: body.to_vec(),
            status,
            response_headers: response_headers.clone(),
            response_body: response_body.clone(),
        });
    let mut response = Response::new(Body::from(response_body));
    *response.status_mut() = axum::http::StatusCode::from_u16(status)?;
    for (name, value) in response_headers {
        if matches!(
            name.as_str(),
            "content-length" | "transfer-encoding" | "connection" | "content-encoding"
        ) {
            continue;
        }
        if let (Ok(n), Ok(v)) = (
            axum::http::HeaderName::from_bytes(name.as_bytes()),
            axum::http::HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(n, v);
        }
    }
    Ok(response)
}

fn need(env: &dyn Env, name: &str) -> Result<String> {
    env.var(name)
        .ok_or_else(|| anyhow!("the environment variable {name} is not set"))
}

/// Calls the operation through a recording proxy and writes the redacted fixture.
pub async fn record(options: &Options, env: &dyn Env) -> Result<Recorded> {
    let known = OPERATIONS
        .iter()
        .find(|(v, _)| *v == options.vendor)
        .ok_or_else(|| {
            anyhow!(
                "record supports the vendors {} (not {})",
                OPERATIONS
                    .iter()
                    .map(|(v, _)| *v)
                    .collect::<Vec<_>>()
                    .join(", "),
                options.vendor
            )
        })?;
    if !known.1.contains(&options.operation.as_str()) {
        bail!(
            "record supports {} for {} (not {})",
            known.1.join(", "),
            options.vendor,
            options.operation
        );
    }
    let upstream_text = options
        .base_url
        .clone()
        .unwrap_or_else(|| match options.vendor.as_str() {
            "resos" => resos::DEFAULT_BASE_URL.to_owned(),
            _ => "https://api.resourceguruapp.com".to_owned(),
        });
    let upstream = reqwest::Url::parse(&upstream_text).context("--base-url")?;
    let proxy = Arc::new(Proxy {
        upstream: upstream.clone(),
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?,
        log: Mutex::new(Vec::new()),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let local = listener.local_addr()?;
    let app = axum::Router::new()
        .fallback(forward)
        .with_state(proxy.clone());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    // The client sees the proxy with the upstream's base path.
    let base = format!("http://{local}{}", upstream.path().trim_end_matches('/'));

    let (outcome, drift) = call(options, env, &base).await;
    server.abort();

    let log = proxy
        .log
        .lock()
        .map_err(|_| anyhow!("log poisoned"))?
        .clone();
    if log.is_empty() {
        bail!("the operation sent no request: {outcome}");
    }
    let mut redactor = Redactor::new(
        CREDENTIAL_VARIABLES
            .iter()
            .filter_map(|name| env.var(name))
            .collect(),
    );
    let fixture = Fixture {
        vendor: options.vendor.clone(),
        operation: options.operation.clone(),
        provenance: Provenance::Recorded,
        source: format!(
            "recorded with `cargo xtask record` from {} (outcome: {outcome})",
            redactor.text(&format!(
                "{}://{}",
                upstream.scheme(),
                upstream.host_str().unwrap_or("?")
            ))
        ),
        description: None,
        sandbox: Some("skip: recorded from a live account; its state is not the sandbox's".into()),
        client: Value::Null,
        input: redactor.json(options.input.clone(), None),
        exchanges: log.iter().map(|raw| redactor.exchange(raw)).collect(),
        name: String::new(),
        path: PathBuf::new(),
    };
    let dir = options.fixtures.join(&options.vendor);
    std::fs::create_dir_all(&dir)?;
    let path = (1..)
        .map(|n| dir.join(format!("{}--recorded-{n}.json", options.operation)))
        .find(|p| !p.exists())
        .ok_or_else(|| anyhow!("no free file name"))?;
    let text = serde_json::to_string_pretty(&fixture)?;
    let text = contract::fixture::pretty(&text)?;
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(Recorded { path, drift })
}

/// Calls the operation; returns a one-line outcome (`ok`, or the error's variant) and the
/// drift of a successful result.
async fn call(options: &Options, env: &dyn Env, base: &str) -> (String, Drift) {
    macro_rules! finish {
        ($result:expr) => {
            match $result {
                Ok(value) => ("ok".to_owned(), Drift::of(&value)),
                Err(e) => (
                    contract::error_json(&e)
                        .get("variant")
                        .and_then(Value::as_str)
                        .unwrap_or("error")
                        .to_owned(),
                    Drift::default(),
                ),
            }
        };
    }
    macro_rules! input {
        ($ty:ty) => {
            match serde_json::from_value::<$ty>(options.input.clone()) {
                Ok(v) => v,
                Err(e) => return (format!("input refused: {e}"), Drift::default()),
            }
        };
    }
    match options.vendor.as_str() {
        "resos" => {
            let key = match need(env, "RESOS_API_KEY") {
                Ok(k) => k,
                Err(e) => return (e.to_string(), Drift::default()),
            };
            let client = match resos::Client::builder().api_key(key).base_url(base).build() {
                Ok(c) => c,
                Err(e) => return (e.to_string(), Drift::default()),
            };
            match options.operation.as_str() {
                "bookings.get" => {
                    let r = input!(resos::GetBooking);
                    finish!(client.bookings().get(&r).await)
                }
                _ => {
                    let r = input!(resos::ListBookings);
                    finish!(client.bookings().list_page(&r).await)
                }
            }
        }
        _ => {
            let client = match resource_guru_client(env, base) {
                Ok(c) => c,
                Err(e) => return (e.to_string(), Drift::default()),
            };
            let r = input!(resource_guru::ListBookings);
            finish!(client.bookings().list_page(&r).await)
        }
    }
}

fn resource_guru_client(env: &dyn Env, base: &str) -> Result<resource_guru::Client> {
    let account = need(env, "RESOURCE_GURU_ACCOUNT")?;
    let builder = resource_guru::Client::builder(account).base_url(base);
    let builder = match env.var("RESOURCE_GURU_ACCESS_TOKEN") {
        Some(token) => builder.access_token(token),
        None => builder.oauth(resource_guru::OAuth::password(
            need(env, "RESOURCE_GURU_CLIENT_ID")?,
            need(env, "RESOURCE_GURU_CLIENT_SECRET")?,
            need(env, "RESOURCE_GURU_USERNAME")?,
            need(env, "RESOURCE_GURU_PASSWORD")?,
        )),
    };
    Ok(builder.build()?)
}

/// Replaces secrets and personal data with placeholders, the same value always with the same
/// placeholder: `<redacted>` for secrets; `person-N@example.com`, `+1 555 01NN` and
/// `Person N` for e-mails, phones and names.
pub struct Redactor {
    secrets: Vec<String>,
    seen: BTreeMap<(char, String), String>,
}

/// Keys whose values are secrets.
fn secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "token",
        "secret",
        "password",
        "api_key",
        "apikey",
        "authorization",
        "cookie",
        "session",
        "sid",
        "code_verifier",
    ]
    .iter()
    .any(|s| k == *s || k.contains(s))
}

/// Keys whose values are people's names whatever the object.
fn person_name_key(key: &str) -> bool {
    matches!(
        key.to_ascii_lowercase().replace('_', "").as_str(),
        "firstname"
            | "lastname"
            | "fullname"
            | "guestname"
            | "customername"
            | "username"
            | "contactname"
    )
}

/// Objects (by their key in the parent) whose `name` is a person's.
fn person_object(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "guest", "customer", "user", "person", "contact", "booker", "client", "owner", "staff",
        "me",
    ]
    .iter()
    .any(|p| k == *p || k.ends_with(p))
}

fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace)
}

fn looks_like_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    s.starts_with('+')
        && digits >= 7
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

impl Redactor {
    /// A redactor that also replaces every occurrence of `secrets` (the credentials used).
    pub fn new(secrets: Vec<String>) -> Self {
        let mut secrets: Vec<String> = secrets.into_iter().filter(|s| s.len() >= 4).collect();
        // Also as they appear in form bodies and queries (`ada%40example.com`).
        let encoded: Vec<String> = secrets
            .iter()
            .filter_map(|s| {
                let mut url = reqwest::Url::parse("http://x/").ok()?;
                url.query_pairs_mut().append_pair("v", s);
                url.query()?.strip_prefix("v=").map(str::to_owned)
            })
            .filter(|e| !secrets.contains(e))
            .collect();
        secrets.extend(encoded);
        // Longest first, so that a secret containing another is replaced whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Redactor {
            secrets,
            seen: BTreeMap::new(),
        }
    }

    fn placeholder(&mut self, kind: char, value: &str) -> String {
        let n = self.seen.keys().filter(|(k, _)| *k == kind).count() + 1;
        self.seen
            .entry((kind, value.to_owned()))
            .or_insert_with(|| match kind {
                'e' => format!("person-{n}@example.com"),
                'p' => format!("+1 555 01{n:02}"),
                _ => format!("Person {n}"),
            })
            .clone()
    }

    /// A free text: credentials removed, then every e-mail, phone and name met so far in a
    /// structured place replaced.
    pub fn text(&mut self, text: &str) -> String {
        let mut out = text.to_owned();
        for s in &self.secrets {
            out = out.replace(s.as_str(), "<redacted>");
        }
        for ((_, original), placeholder) in &self.seen {
            if !original.is_empty() {
                out = out.replace(original.as_str(), placeholder);
            }
        }
        // E-mails inside free text.
        let words: Vec<String> = out
            .split(|c: char| c.is_whitespace() || "\"'<>,;()[]{}".contains(c))
            .filter(|w| looks_like_email(w) && !self.seen.values().any(|p| p == w))
            .map(str::to_owned)
            .collect();
        for w in words {
            let p = self.placeholder('e', &w);
            out = out.replace(&w, &p);
        }
        out
    }

    /// A JSON value; `key` is its key in the parent object.
    pub fn json(&mut self, value: Value, key: Option<&str>) -> Value {
        match value {
            Value::Object(map) => {
                let personal = key.is_some_and(person_object)
                    || map.keys().any(|k| {
                        let k = k.to_ascii_lowercase();
                        k.contains("email") || k.contains("phone")
                    });
                Value::Object(
                    map.into_iter()
                        .map(|(k, v)| {
                            let v = match v {
                                Value::String(s) if secret_key(&k) => {
                                    let _ = s;
                                    Value::String("<redacted>".into())
                                }
                                Value::String(s)
                                    if person_name_key(&k)
                                        || (personal && k.eq_ignore_ascii_case("name")) =>
                                {
                                    Value::String(self.placeholder('n', &s))
                                }
                                Value::String(s)
                                    if k.to_ascii_lowercase().contains("phone")
                                        || k.to_ascii_lowercase().contains("mobile") =>
                                {
                                    Value::String(self.placeholder('p', &s))
                                }
                                other => self.json(other, Some(&k)),
                            };
                            (k, v)
                        })
                        .collect(),
                )
            }
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.json(v, key)).collect())
            }
            Value::String(s) if looks_like_email(&s) => Value::String(self.placeholder('e', &s)),
            Value::String(s) if looks_like_phone(&s) => Value::String(self.placeholder('p', &s)),
            Value::String(s) => Value::String(self.text(&s)),
            other => other,
        }
    }

    fn header(&mut self, name: &str, value: &str) -> String {
        match name {
            "authorization" | "proxy-authorization" => match value.split_once(' ') {
                Some((scheme, _)) => format!("{scheme} <redacted>"),
                None => "<redacted>".into(),
            },
            "cookie" | "set-cookie" => value
                .split('\n')
                .map(|c| {
                    let (pair, attrs) = c.split_once(';').map_or((c, ""), |(p, a)| (p, a));
                    let name = pair.split_once('=').map_or(pair, |(n, _)| n).trim();
                    if attrs.is_empty() {
                        format!("{name}=<redacted>")
                    } else {
                        format!("{name}=<redacted>;{attrs}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            _ => self.text(value),
        }
    }

    fn body(&mut self, bytes: &[u8]) -> (Value, Option<String>) {
        if bytes.is_empty() {
            return (Value::Null, None);
        }
        match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => (self.json(v, None), None),
            Err(_) => (
                Value::Null,
                Some(self.text(&String::from_utf8_lossy(bytes))),
            ),
        }
    }

    fn exchange(&mut self, raw: &Raw) -> Exchange {
        // Bodies first: they teach the redactor the names, e-mails and phones that paths,
        // queries and headers may repeat.
        let (request_body, request_text) = self.body(&raw.request_body);
        let (response_body, response_text) = self.body(&raw.response_body);
        let mut query: BTreeMap<String, QueryValue> = BTreeMap::new();
        for (k, v) in &raw.query {
            let v = if secret_key(k) {
                "<redacted>".to_owned()
            } else {
                self.text(v)
            };
            match query.remove(k) {
                None => query.insert(k.clone(), QueryValue::One(v)),
                Some(QueryValue::One(first)) => {
                    query.insert(k.clone(), QueryValue::Many(vec![first, v]))
                }
                Some(QueryValue::Many(mut all)) => {
                    all.push(v);
                    query.insert(k.clone(), QueryValue::Many(all))
                }
            };
        }
        let mut request_headers = BTreeMap::new();
        for (name, value) in &raw.request_headers {
            if KEPT_REQUEST_HEADERS.contains(&name.as_str()) {
                request_headers.insert(name.clone(), self.header(name, value));
            }
        }
        let mut response_headers: BTreeMap<String, String> = BTreeMap::new();
        for (name, value) in &raw.response_headers {
            if kept_response_header(name) {
                let value = self.header(name, value);
                response_headers
                    .entry(name.clone())
                    .and_modify(|v| {
                        v.push('\n');
                        v.push_str(&value);
                    })
                    .or_insert(value);
            }
        }
        Exchange {
            request: RecordedRequest {
                method: raw.method.clone(),
                path: self.text(&raw.path),
                query,
                headers: request_headers,
                body: request_body,
                body_text: request_text,
            },
            response: RecordedResponse {
                status: raw.status,
                headers: response_headers,
                body: response_body,
                body_text: response_text,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_same_value_gets_the_same_placeholder_and_secrets_go() {
        let mut r = Redactor::new(vec!["sk_live_123456".into()]);
        let v = r.json(
            json!({
                "guest": {"name": "Ada Lovelace", "email": "ada@example.org", "phone": "+44 20 7946 0000"},
                "contact": {"email": "ada@example.org", "first_name": "Ada"},
                "access_token": "eyJabc.def.ghi",
                "table": {"name": "Table 1"},
                "note": "call ada@example.org, key sk_live_123456"
            }),
            None,
        );
        assert_eq!(v["guest"]["email"], "person-1@example.com");
        assert_eq!(v["contact"]["email"], "person-1@example.com");
        assert_eq!(v["guest"]["name"], "Person 1");
        assert_eq!(v["contact"]["first_name"], "Person 2");
        assert_eq!(v["guest"]["phone"], "+1 555 0101");
        assert_eq!(v["access_token"], "<redacted>");
        // Not a person: kept.
        assert_eq!(v["table"]["name"], "Table 1");
        assert_eq!(v["note"], "call person-1@example.com, key <redacted>");
        assert_eq!(
            r.header("authorization", "Basic c2VjcmV0Og=="),
            "Basic <redacted>"
        );
        assert_eq!(
            r.header("set-cookie", "sid=abc123; Path=/; HttpOnly"),
            "sid=<redacted>; Path=/; HttpOnly"
        );
    }
}

#[cfg(test)]
mod end_to_end {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use sandbox::{Sandbox, SandboxOptions, Vendor};
    use secrecy::ExposeSecret;

    /// Every e-mail, phone and guest name in a JSON value.
    fn personal(v: &Value, guest: bool, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if let Value::String(s) = x
                        && (k.contains("email") || k.contains("phone") || (guest && k == "name"))
                        && s.len() > 3
                    {
                        out.push(s.clone());
                    }
                    personal(x, k == "guest", out);
                }
            }
            Value::Array(xs) => xs.iter().for_each(|x| personal(x, guest, out)),
            _ => {}
        }
    }

    #[tokio::test]
    async fn a_recording_against_the_sandbox_is_a_clean_recorded_fixture() {
        let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
            .await
            .unwrap();
        let key = sandbox
            .credentials()
            .api_key()
            .unwrap()
            .expose_secret()
            .to_owned();
        let dir = std::env::temp_dir().join(format!("bookbridge-record-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let options = Options {
            vendor: "resos".into(),
            operation: "bookings.list_page".into(),
            input: serde_json::json!({"limit": 10}),
            base_url: Some(sandbox.base_url()),
            fixtures: dir.clone(),
        };
        let env: BTreeMap<String, String> = [("RESOS_API_KEY".to_owned(), key.clone())].into();
        let recorded = record(&options, &env).await.unwrap();
        assert!(
            recorded
                .path
                .ends_with("resos/bookings.list_page--recorded-1.json")
        );
        let text = std::fs::read_to_string(&recorded.path).unwrap();

        // The fixture passes the lint and says where it comes from.
        let fixture = contract::fixture::parse_fixture(&recorded.path, &text, "resos")
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(fixture.provenance, Provenance::Recorded);
        assert_eq!(fixture.exchanges.len(), 1);
        assert_eq!(fixture.exchanges[0].request.path, "/v1/bookings");
        assert_eq!(
            fixture.exchanges[0].request.headers["authorization"],
            "Basic <redacted>"
        );

        // None of the sandbox's credential or personal data is left.
        let raw: Value = reqwest::Client::new()
            .get(format!("{}/bookings?limit=10", sandbox.base_url()))
            .basic_auth(&key, Some(""))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut secrets = Vec::new();
        personal(&raw, false, &mut secrets);
        assert!(!secrets.is_empty(), "the seeds hold personal data: {raw}");
        for s in secrets.iter().chain([&key]) {
            assert!(!text.contains(s.as_str()), "{s} left in\n{text}");
        }
        // Stable placeholders: the same guest's e-mail is one placeholder everywhere.
        assert!(text.contains("person-1@example.com"), "{text}");

        // A second recording gets the next number.
        let again = record(&options, &env).await.unwrap();
        assert!(
            again
                .path
                .ends_with("resos/bookings.list_page--recorded-2.json")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn an_oauth_recording_leaves_no_credential_not_even_form_encoded() {
        let sandbox = Sandbox::start(Vendor::ResourceGuru, SandboxOptions::default())
            .await
            .unwrap();
        let c = sandbox.credentials().oauth().unwrap();
        let env: BTreeMap<String, String> = [
            ("RESOURCE_GURU_ACCOUNT", c.account.clone()),
            ("RESOURCE_GURU_CLIENT_ID", c.client_id.clone()),
            (
                "RESOURCE_GURU_CLIENT_SECRET",
                c.client_secret.expose_secret().to_owned(),
            ),
            ("RESOURCE_GURU_USERNAME", c.username.clone()),
            (
                "RESOURCE_GURU_PASSWORD",
                c.password.expose_secret().to_owned(),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let dir = std::env::temp_dir().join(format!("bookbridge-record-rg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let options = Options {
            vendor: "resource-guru".into(),
            operation: "bookings.list_page".into(),
            input: serde_json::json!({}),
            base_url: Some(sandbox.base_url()),
            fixtures: dir.clone(),
        };
        let recorded = record(&options, &env).await.unwrap();
        let text = std::fs::read_to_string(&recorded.path).unwrap();
        let fixture = contract::fixture::parse_fixture(&recorded.path, &text, "resource-guru")
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        // The token exchange, then the list.
        assert_eq!(fixture.exchanges.len(), 2, "{text}");
        assert_eq!(fixture.exchanges[0].request.path, "/oauth/token");
        assert!(text.contains("\"access_token\": \"<redacted>\""), "{text}");
        for (name, value) in &env {
            if name == "RESOURCE_GURU_ACCOUNT" {
                continue;
            }
            assert!(!text.contains(value.as_str()), "{name} left in\n{text}");
            let mut url = reqwest::Url::parse("http://x/").unwrap();
            url.query_pairs_mut().append_pair("v", value);
            let encoded = url.query().unwrap().trim_start_matches("v=").to_owned();
            assert!(!text.contains(&encoded), "{name} (encoded) left in\n{text}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
