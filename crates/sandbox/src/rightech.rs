//! The Rightech IoT Cloud fake (docs/vendors/rightech.md): generic stores in memory under
//! `/api/v1/:store`, the two login calls (a token, a `sid` session cookie) and a static API
//! token, the vendor's JSON error bodies, no rate limit.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value, json};
use tokio::time::Instant;

use crate::{Credentials, Error, Hits, Result, SandboxOptions, Sessions};

/// Most records one list answer holds, also the largest `limit` (docs/vendors/rightech.md §6).
const PAGE_MAX: usize = 10_000;
/// Lifetime of a login token or session when [`SandboxOptions::token_lifetime`] is not set:
/// the 24 hours of the vendor's example (docs/vendors/rightech.md §3.2).
const TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// The login a sandbox accepts (the one of the fixtures).
const LOGIN: &str = "api-user";
/// The password a sandbox accepts. Not a secret: the sandbox holds no data of anyone.
const PASSWORD: &str = "sandbox-rightech-password";
/// The static API token a sandbox accepts (as one issued in the web UI).
const API_TOKEN: &str = "sandbox-rightech-api-token";
/// Fields a PATCH may not change (docs/vendors/rightech.md §4, §5).
const SYSTEM_FIELDS: &[&str] = &["_id", "owner", "group", "access", "branch"];
/// `owner` and `group` of created records (the sandbox's one user).
const OWNER: &str = "64a000000000000000000009";
const GROUP: &str = "64a000000000000000000008";
/// The store of [`SandboxOptions::generated_bookings`] (the booking-domain adapter's tests
/// name it; Rightech has no booking store of its own).
const BOOKINGS_STORE: &str = "reservations";

/// The fixtures built into the crate: answers that hold records of a store.
const SEEDS: &[(&str, &str)] = &[
    (
        "store.list.json",
        include_str!("../../../fixtures/rightech/store.list.json"),
    ),
    (
        "store.get.json",
        include_str!("../../../fixtures/rightech/store.get.json"),
    ),
    (
        "store.list--reservations.json",
        include_str!("../../../fixtures/rightech/store.list--reservations.json"),
    ),
    (
        "store.list--rooms.json",
        include_str!("../../../fixtures/rightech/store.list--rooms.json"),
    ),
    (
        "objects.list_page.json",
        include_str!("../../../fixtures/rightech/objects.list_page.json"),
    ),
    (
        "objects.get.json",
        include_str!("../../../fixtures/rightech/objects.get.json"),
    ),
    (
        "models.list_page.json",
        include_str!("../../../fixtures/rightech/models.list_page.json"),
    ),
    (
        "models.get.json",
        include_str!("../../../fixtures/rightech/models.get.json"),
    ),
];

/// An issued token or session: when it expires on tokio's clock and its generation.
#[derive(Clone, Copy, Debug)]
struct Issued {
    expires: Option<Instant>,
    generation: u64,
}

/// The server's state.
struct Rightech {
    password: SecretString,
    token: SecretString,
    hits: Arc<Hits>,
    sessions: Arc<Sessions>,
    lifetime: Duration,
    /// Issued login tokens and session ids.
    issued: Mutex<HashMap<String, Issued>>,
    next: AtomicU64,
    /// Records per store, in creation order.
    stores: Mutex<BTreeMap<String, Vec<Value>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn is_object_id(id: &str) -> bool {
    id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

fn record_id(record: &Value) -> Option<&str> {
    record.get("_id").and_then(Value::as_str)
}

/// Adds `record` to `store` unless it has no ObjectId or the store has it already.
fn insert(stores: &mut BTreeMap<String, Vec<Value>>, store: &str, record: Value) {
    let Some(id) = record_id(&record).filter(|id| is_object_id(id)) else {
        return;
    };
    let records = stores.entry(store.to_owned()).or_default();
    if !records.iter().any(|r| record_id(r) == Some(id)) {
        records.push(record);
    }
}

/// Seeds from one fixture's text: the records of its successful GETs on the store.
fn seed(stores: &mut BTreeMap<String, Vec<Value>>, file: &str, text: &str) -> Result<()> {
    let fixture: Value = serde_json::from_str(text).map_err(|e| Error::Seed {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    let operation = fixture
        .get("operation")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let store = match operation.split_once('.') {
        Some(("store", _)) => fixture
            .get("input")
            .and_then(|i| i.get("store"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        Some((store @ ("objects" | "models"), "list" | "list_page" | "get")) => store.to_owned(),
        _ => return Ok(()),
    };
    if store.is_empty() || store.contains('/') {
        return Ok(());
    }
    let prefix = format!("/api/v1/{store}");
    let exchanges = fixture.get("exchanges").and_then(Value::as_array);
    for exchange in exchanges.into_iter().flatten() {
        let request = exchange.get("request");
        let method = request
            .and_then(|r| r.get("method"))
            .and_then(Value::as_str);
        let path = request
            .and_then(|r| r.get("path"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let on_store = path == prefix
            || path
                .strip_prefix(&prefix)
                .is_some_and(|rest| rest.strip_prefix('/').is_some_and(|id| !id.contains('/')));
        if method != Some("GET") || !on_store {
            continue;
        }
        for item in crate::ok_body_items(exchange).into_iter().flatten() {
            insert(stores, &store, item);
        }
    }
    Ok(())
}

/// An invented booking in the booking-domain adapter's default mapping, the `i`-th (every 15
/// minutes from 2030-01-01T00:00Z).
fn generated(i: usize) -> Value {
    let n = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
    let start = 1_893_456_000_000_u64.saturating_add(n.saturating_mul(15 * 60 * 1000));
    json!({
        "_id": format!("65b0{n:020x}"),
        "owner": OWNER,
        "group": GROUP,
        "start": start,
        "end": start.saturating_add(60 * 60 * 1000),
        "status": "confirmed",
        "partySize": 2 + n % 6,
        "customer": {"name": format!("Sandbox Guest {n}")},
        "time": 1_893_000_000_000_u64,
    })
}

/// Builds the Rightech router, its credentials and its base path (none: the client's paths
/// start with `/api/v1`).
pub(crate) fn build(
    options: &SandboxOptions,
    hits: Arc<Hits>,
    sessions: Arc<Sessions>,
) -> Result<(Router, Credentials, &'static str)> {
    let mut stores = BTreeMap::new();
    for (file, text) in crate::seed_texts(options, SEEDS)? {
        seed(&mut stores, &file, &text)?;
    }
    for i in 0..options.generated_bookings {
        insert(&mut stores, BOOKINGS_STORE, generated(i));
    }
    let password = SecretString::from(PASSWORD);
    let token = SecretString::from(API_TOKEN);
    let state = Arc::new(Rightech {
        password: password.clone(),
        token: token.clone(),
        hits,
        sessions,
        lifetime: options.token_lifetime.unwrap_or(TOKEN_LIFETIME),
        issued: Mutex::new(HashMap::new()),
        next: AtomicU64::new(1),
        stores: Mutex::new(stores),
    });
    let router = Router::new()
        .route("/api/v1/auth", post(session_login))
        .route("/api/v1/auth/token", post(token_login))
        .route("/api/v1/{store}", get(list).post(create))
        .route(
            "/api/v1/{store}/{id}",
            get(get_one).patch(patch_one).delete(delete_one),
        )
        .route_layer(middleware::from_fn_with_state(state.clone(), gate))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "Not Found", "error_not_found") })
        .with_state(state);
    let credentials = Credentials::LoginAndToken {
        login: LOGIN.to_owned(),
        password,
        token,
    };
    Ok((router, credentials, ""))
}

/// The vendor's error body (docs/vendors/rightech.md §8): `success: false`, the status as a
/// string in `code`, a message and tags.
fn error(status: StatusCode, message: &str, tag: &str) -> Response {
    json_answer(
        status,
        &json!({"success": false, "code": status.as_str(), "message": message, "tags": [tag]}),
    )
}

fn bad_request(message: impl AsRef<str>) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        message.as_ref(),
        "error_bad_request",
    )
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not Found", "error_not_found")
}

fn json_answer(status: StatusCode, value: &Value) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response(),
    }
}

fn ok(value: &Value) -> Response {
    json_answer(StatusCode::OK, value)
}

/// Counts the request (a store route under the store's own name: `GET /api/v1/objects/{id}`)
/// and checks the credentials, except on the two logins.
async fn gate(
    State(state): State<Arc<Rightech>>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let template = matched.as_ref().map_or("?", MatchedPath::as_str);
    let route = match request
        .uri()
        .path()
        .strip_prefix("/api/v1/")
        .and_then(|rest| rest.split('/').next())
    {
        Some(store) if template.contains("{store}") => template.replacen("{store}", store, 1),
        _ => template.to_owned(),
    };
    state.hits.record(format!("{} {route}", request.method()));
    let login = template == "/api/v1/auth" || template == "/api/v1/auth/token";
    if !login && !state.authorized(request.headers()) {
        return error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "error_unauthorized",
        );
    }
    next.run(request).await
}

impl Rightech {
    /// `Authorization: Bearer <API token or issued token>` or `Cookie: sid=<issued session>`.
    fn authorized(&self, headers: &HeaderMap) -> bool {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if let Some(token) = bearer {
            if token == self.token.expose_secret() {
                return true;
            }
            return self.valid(token);
        }
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().strip_prefix("sid="))
            .any(|sid| self.valid(sid))
    }

    fn valid(&self, credential: &str) -> bool {
        lock(&self.issued).get(credential).is_some_and(|issued| {
            issued.generation == self.sessions.generation()
                && issued.expires.is_none_or(|at| Instant::now() < at)
        })
    }

    fn issue(&self, kind: &str) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let credential = format!("sandbox-{kind}-{n}");
        let issued = Issued {
            expires: Instant::now().checked_add(self.lifetime),
            generation: self.sessions.generation(),
        };
        lock(&self.issued).insert(credential.clone(), issued);
        credential
    }

    /// Whether the body holds the sandbox's login and password.
    fn accepts(&self, body: &Bytes) -> bool {
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(body) else {
            return false;
        };
        body.get("login").and_then(Value::as_str) == Some(LOGIN)
            && body.get("password").and_then(Value::as_str) == Some(self.password.expose_secret())
    }

    fn stores(&self) -> MutexGuard<'_, BTreeMap<String, Vec<Value>>> {
        lock(&self.stores)
    }
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// `POST /api/v1/auth/token`: a token with `issuedAt` and `expiresAt` in milliseconds.
async fn token_login(State(state): State<Arc<Rightech>>, body: Bytes) -> Response {
    if !state.accepts(&body) {
        return error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "error_unauthorized",
        );
    }
    let token = state.issue("token");
    let issued_at = now_ms();
    let lifetime = i64::try_from(state.lifetime.as_millis()).unwrap_or(i64::MAX);
    ok(&json!({
        "success": true,
        "type": "access",
        "token": token,
        "issuedAt": issued_at,
        "expiresAt": issued_at.saturating_add(lifetime),
    }))
}

/// `POST /api/v1/auth`: `Set-Cookie: sid=...` with `Max-Age`.
async fn session_login(State(state): State<Arc<Rightech>>, body: Bytes) -> Response {
    if !state.accepts(&body) {
        return error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "error_unauthorized",
        );
    }
    let sid = state.issue("sid");
    let mut response = ok(&json!({"success": true}));
    let cookie = format!(
        "sid={sid}; Path=/; Max-Age={}; HttpOnly",
        state.lifetime.as_secs()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// A creation-time bound: milliseconds or `YYYY-MM-DDThh:mm` (read as UTC: the vendor's zone
/// is not documented).
fn bound(text: &str) -> Option<i64> {
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    let dt = jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M", text).ok()?;
    dt.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_millisecond())
}

/// Whether the value at `path` equals `want` (as text); an array matches when one of its
/// elements does.
fn field_equals(record: &Value, path: &str, want: &str) -> bool {
    let Some(value) = path
        .split('.')
        .try_fold(record, |v, segment| v.get(segment))
    else {
        return false;
    };
    let same = |v: &Value| match v {
        Value::String(s) => s == want,
        Value::Number(_) | Value::Bool(_) => {
            serde_json::from_str::<Value>(want).is_ok_and(|w| w == *v)
        }
        _ => false,
    };
    match value {
        Value::Array(items) => items.iter().any(same),
        other => same(other),
    }
}

/// The list parameters (docs/vendors/rightech.md §6, §7).
#[derive(Default)]
struct ListParams {
    offset: usize,
    limit: Option<usize>,
    only: Option<Vec<String>>,
    from: Option<i64>,
    to: Option<i64>,
    filters: Vec<(String, String)>,
    meta: bool,
}

fn list_params(pairs: Vec<(String, String)>) -> std::result::Result<ListParams, String> {
    let mut p = ListParams::default();
    let mut synonyms = (false, false);
    for (key, value) in pairs {
        match key.as_str() {
            "offset" => {
                p.offset = value
                    .parse()
                    .map_err(|_| "offset must be a non-negative integer".to_owned())?;
            }
            "limit" => match value.parse::<usize>() {
                Ok(n) if (1..=PAGE_MAX).contains(&n) => p.limit = Some(n),
                _ => return Err("limit must be an integer from 1 to 10000".to_owned()),
            },
            "only" => p.only = Some(value.split(',').map(str::to_owned).collect()),
            "meta" => p.meta = value == "true",
            "streamed" => {}
            "from" | "begin" | "to" | "end" => {
                let at = bound(&value)
                    .ok_or_else(|| format!("{key} must be milliseconds or YYYY-MM-DDThh:mm"))?;
                let lower = key == "from" || key == "begin";
                let seen = if lower {
                    &mut synonyms.0
                } else {
                    &mut synonyms.1
                };
                if *seen {
                    return Err("from/begin and to/end are synonyms; send one".to_owned());
                }
                *seen = true;
                if lower {
                    p.from = Some(at);
                } else {
                    p.to = Some(at);
                }
            }
            _ => match key.strip_prefix("where.") {
                Some(field) if !field.is_empty() => p.filters.push((field.to_owned(), value)),
                _ => {
                    return Err(format!("sandbox: the parameter `{key}` is not supported"));
                }
            },
        }
    }
    if p.meta && (p.limit.is_some() || p.offset != 0) {
        return Err("meta cannot be combined with offset or limit".to_owned());
    }
    Ok(p)
}

/// `GET /api/v1/:store`: a bare array (or `meta=true`: count, first and last).
async fn list(
    State(state): State<Arc<Rightech>>,
    Path(store): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let p = match list_params(pairs) {
        Ok(p) => p,
        Err(message) => return bad_request(message),
    };
    let stores = state.stores();
    let records = stores.get(&store).map(Vec::as_slice).unwrap_or_default();
    let created = |r: &Value| r.get("time").and_then(Value::as_i64);
    let matching = records.iter().filter(|r| {
        p.from.is_none_or(|f| created(r).is_some_and(|t| f <= t))
            && p.to.is_none_or(|to| created(r).is_some_and(|t| t <= to))
            && p.filters.iter().all(|(f, v)| field_equals(r, f, v))
    });
    if p.meta {
        let all: Vec<&Value> = matching.collect();
        return ok(&json!({
            "count": all.len(),
            "first": all.first().copied().cloned().unwrap_or(Value::Null),
            "last": all.last().copied().cloned().unwrap_or(Value::Null),
        }));
    }
    let page: Vec<Value> = matching
        .skip(p.offset)
        .take(p.limit.unwrap_or(PAGE_MAX))
        .map(|r| match &p.only {
            None => r.clone(),
            Some(fields) => {
                let mut out = Map::new();
                for key in std::iter::once("_id").chain(fields.iter().map(String::as_str)) {
                    if let Some(v) = r.get(key) {
                        out.insert(key.to_owned(), v.clone());
                    }
                }
                Value::Object(out)
            }
        })
        .collect();
    ok(&Value::Array(page))
}

/// `GET /api/v1/:store/:id`.
async fn get_one(
    State(state): State<Arc<Rightech>>,
    Path((store, id)): Path<(String, String)>,
) -> Response {
    let stores = state.stores();
    match stores
        .get(&store)
        .and_then(|records| records.iter().find(|r| record_id(r) == Some(id.as_str())))
    {
        Some(record) => ok(record),
        None => not_found(),
    }
}

/// `POST /api/v1/:store`: the server sets `_id`, `owner`, `group` and `time`; `objects`
/// requires `model`, `id` and `name` (docs/vendors/rightech.md §9). Answers the record.
async fn create(
    State(state): State<Arc<Rightech>>,
    Path(store): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("the body must be a JSON object");
    };
    if store == "objects"
        && let Some(missing) = ["model", "id", "name"]
            .into_iter()
            .find(|k| !body.contains_key(*k))
    {
        return bad_request(format!("`{missing}` is required"));
    }
    let n = state.next.fetch_add(1, Ordering::Relaxed);
    let mut record = Map::new();
    record.insert("_id".into(), json!(format!("65a0{n:020x}")));
    record.insert("owner".into(), json!(OWNER));
    record.insert("group".into(), json!(GROUP));
    for (key, value) in body {
        if !SYSTEM_FIELDS.contains(&key.as_str()) {
            record.insert(key, value);
        }
    }
    record.insert("time".into(), json!(now_ms()));
    let record = Value::Object(record);
    state
        .stores()
        .entry(store)
        .or_default()
        .push(record.clone());
    ok(&record)
}

/// `PATCH /api/v1/:store/:id`: the body's top-level fields replace the record's, `null`
/// removes one; a system field is refused. Answers the whole record.
async fn patch_one(
    State(state): State<Arc<Rightech>>,
    Path((store, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let Ok(Value::Object(changes)) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("the body must be a JSON object");
    };
    if let Some(field) = changes.keys().find(|k| SYSTEM_FIELDS.contains(&k.as_str())) {
        return bad_request(format!("`{field}` cannot be changed"));
    }
    let mut stores = state.stores();
    let Some(Value::Object(record)) = stores.get_mut(&store).and_then(|records| {
        records
            .iter_mut()
            .find(|r| record_id(r) == Some(id.as_str()))
    }) else {
        return not_found();
    };
    for (key, value) in changes {
        if value.is_null() {
            record.remove(&key);
        } else {
            record.insert(key, value);
        }
    }
    ok(&Value::Object(record.clone()))
}

/// `DELETE /api/v1/:store/:id`: answers the removed record.
async fn delete_one(
    State(state): State<Arc<Rightech>>,
    Path((store, id)): Path<(String, String)>,
) -> Response {
    let mut stores = state.stores();
    let Some(records) = stores.get_mut(&store) else {
        return not_found();
    };
    match records
        .iter()
        .position(|r| record_id(r) == Some(id.as_str()))
    {
        Some(i) => ok(&records.remove(i)),
        None => not_found(),
    }
}
