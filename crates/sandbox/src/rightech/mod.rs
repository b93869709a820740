//! The Rightech IoT Cloud fake (docs/vendors/rightech.md): generic stores in memory under
//! `/api/v1/:store` and the documented nested collections and actions ([`special`]), the two
//! login calls (a token, a `sid` session cookie) and a static API token, the vendor's JSON
//! error bodies, no rate limit.

mod seed;
mod special;
mod store;

use std::collections::HashMap;
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

use crate::{Credentials, Hits, Result, SandboxOptions, Sessions};
use store::{Data, Extra};

/// Lifetime of a login token or session when [`SandboxOptions::token_lifetime`] is not set:
/// the 24 hours of the vendor's example (docs/vendors/rightech.md §3.2).
const TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// The login a sandbox accepts (the one of the fixtures).
const LOGIN: &str = "sandbox-rightech-user";
/// The password a sandbox accepts. Not a secret: the sandbox holds no data of anyone.
const PASSWORD: &str = "sandbox-rightech-password";
/// The static API token a sandbox accepts (as one issued in the web UI).
const API_TOKEN: &str = "sandbox-rightech-api-token";
/// `owner` and `group` of created records (the sandbox's one user).
pub(super) const OWNER: &str = "64a000000000000000000009";
pub(super) const GROUP: &str = "64a000000000000000000008";

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
    /// Records per store and nested collection, documents and exports.
    data: Mutex<Data>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Builds the Rightech router, its credentials and its base path (none: the client's paths
/// start with `/api/v1`).
pub(crate) fn build(
    options: &SandboxOptions,
    hits: Arc<Hits>,
    sessions: Arc<Sessions>,
) -> Result<(Router, Credentials, &'static str)> {
    let mut data = Data::default();
    seed::seed_all(&mut data, crate::seed_texts(options, seed::SEEDS)?)?;
    special::order_builds(&mut data);
    for i in 0..options.generated_bookings {
        data.insert(seed::BOOKINGS_STORE, seed::generated(i));
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
        data: Mutex::new(data),
    });
    let router = Router::new()
        .route("/api/v1/auth", post(session_login))
        .route("/api/v1/auth/token", post(token_login))
        .route("/api/v1/{store}", get(list).post(create))
        .route(
            "/api/v1/{store}/{id}",
            get(get_one).patch(patch_one).delete(delete_one),
        )
        .merge(special::routes())
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

    fn data(&self) -> MutexGuard<'_, Data> {
        lock(&self.data)
    }

    /// A fresh ObjectId for a created record.
    fn new_id(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        format!("65a0{n:020x}")
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

/// The answer of a list of `collection` (a bare array, or `meta=true`).
fn list_of(data: &Data, collection: &str, pairs: Vec<(String, String)>) -> Response {
    match store::list_params(pairs, Extra::of(collection)) {
        Ok(p) => ok(&p.answer(data.records(collection))),
        Err(message) => bad_request(message),
    }
}

/// A create or patch body: a JSON object (`None`: anything else, a `400`).
fn object_body(body: &Bytes) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// Creates a record of `collection` from a JSON object body and answers it.
fn create_in(state: &Rightech, collection: &str, body: &Bytes) -> Response {
    let Some(body) = object_body(body) else {
        return bad_request("the body must be a JSON object");
    };
    let id = state.new_id();
    ok(&state.data().create(collection, id, body, now_ms(), false))
}

/// `PATCH` of a record of `collection`.
fn patch_in(state: &Rightech, collection: &str, id: &str, body: &Bytes) -> Response {
    let Some(changes) = object_body(body) else {
        return bad_request("the body must be a JSON object");
    };
    match state.data().patch(collection, id, changes) {
        Ok(Some(record)) => ok(&record),
        Ok(None) => not_found(),
        Err(message) => bad_request(message),
    }
}

/// `GET /api/v1/:store`: a bare array (or `meta=true`: count, first and last).
async fn list(
    State(state): State<Arc<Rightech>>,
    Path(store): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    list_of(&state.data(), &store, pairs)
}

/// `GET /api/v1/:store/:id`.
async fn get_one(
    State(state): State<Arc<Rightech>>,
    Path((store, id)): Path<(String, String)>,
) -> Response {
    match state.data().get(&store, &id) {
        Some(record) => ok(record),
        None => not_found(),
    }
}

/// `POST /api/v1/:store`: the server sets `_id`, `owner`, `group` and `time`; `objects`
/// requires `model`, `id` and `name` and `users` `role`, `name`, `email`, `login` and
/// `password` (docs/vendors/rightech.md §9). Answers the record.
async fn create(
    State(state): State<Arc<Rightech>>,
    Path(store): Path<String>,
    body: Bytes,
) -> Response {
    let required: &[&str] = match store.as_str() {
        "objects" => &["model", "id", "name"],
        "users" => &["role", "name", "email", "login", "password"],
        _ => &[],
    };
    if let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(&body)
        && let Some(missing) = required.iter().find(|k| !fields.contains_key(**k))
    {
        return bad_request(format!("`{missing}` is required"));
    }
    create_in(&state, &store, &body)
}

/// `PATCH /api/v1/:store/:id`: the body's top-level fields replace the record's, `null`
/// removes one; a system field is refused. Answers the whole record.
async fn patch_one(
    State(state): State<Arc<Rightech>>,
    Path((store, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    patch_in(&state, &store, &id, &body)
}

/// `DELETE /api/v1/:store/:id`: answers the removed record.
async fn delete_one(
    State(state): State<Arc<Rightech>>,
    Path((store, id)): Path<(String, String)>,
) -> Response {
    match state.data().delete(&store, &id) {
        Some(record) => ok(&record),
        None => not_found(),
    }
}
