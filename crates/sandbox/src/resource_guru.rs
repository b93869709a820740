//! The Resource Guru fake (docs/vendors/resource-guru.md): `POST /oauth/token` issuing access
//! and refresh tokens (password, authorization-code and refresh grants; refresh tokens
//! rotate), `Authorization: Bearer` checked on the account's routes, bookings in memory (list
//! with filters and `limit`/`offset`, per client, project and resource, get, create, update,
//! delete, split, resolve, remind), the generic collections of [`records`] and the other
//! routes of [`extras`], all seeded from the fixtures ([`store`]), `{"errors": [...]}` bodies, and a fixed window of 200 requests a minute announced in
//! `X-RateLimit-*` headers, with `Retry-After` in seconds over it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Form;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::FormRejection;
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value, json};
use tokio::time::Instant;

use crate::window::{Decision, FixedWindow};

mod extras;
mod records;
mod store;

type IdPath = Path<BTreeMap<String, String>>;
type QueryPairs = Query<Vec<(String, String)>>;
use crate::{Credentials, Error, Hits, OAuthCredentials, Result, SandboxOptions, Sessions};

/// Requests per window, per application (docs/vendors/resource-guru.md §3).
const RATE_LIMIT: u32 = 200;
/// The window (docs/vendors/resource-guru.md §3: a minute, fixed windows).
const WINDOW: Duration = Duration::from_secs(60);
/// Access-token lifetime (docs/vendors/resource-guru.md §2: `expires_in: 604800`).
const TOKEN_LIFETIME: Duration = Duration::from_secs(604_800);
/// The account of the seeds (their paths), used when the seeds name none.
const ACCOUNT: &str = "acme-studio";
/// The OAuth application and user a sandbox accepts. Not secrets: the sandbox holds no
/// data of anyone.
const CLIENT_ID: &str = "sandbox-resource-guru-app";
const CLIENT_SECRET: &str = "sandbox-resource-guru-app-secret";
const USERNAME: &str = "priya@acme-studio.test";
const PASSWORD: &str = "sandbox-resource-guru-password";
const AUTHORIZATION_CODE: &str = "sandbox-resource-guru-code";
const REDIRECT_URI: &str = "http://127.0.0.1/callback";
/// Header names (docs/vendors/resource-guru.md §3).
const REMAINING: &str = "x-ratelimit-remaining";
const LIMIT: &str = "x-ratelimit-limit";

/// The fixtures built into the crate: those whose `GET` answers seed a collection, a
/// booking's activities, a webhook's queue or a report (the `get` and `list` fixtures of each
/// resource; variants whose answer shows a vendor quirk, such as sparse arrays, are left out).
/// Embedded, as for the other vendors, so a sandbox works from any directory.
macro_rules! seeds {
    ($($file:literal,)*) => {
        &[$(($file, include_str!(concat!("../../../fixtures/resource-guru/", $file))),)*]
    };
}
const SEEDS: &[(&str, &str)] = seeds![
    "accounts.get.json",
    "accounts.list.json",
    "activities.list.json",
    "bookings.get--pacific-time.json",
    "bookings.get.json",
    "bookings.list--paging.json",
    "bookings.list_for_client--paging.json",
    "bookings.list_for_client_page.json",
    "bookings.list_for_project--paging.json",
    "bookings.list_for_project_page.json",
    "bookings.list_for_resource--paging.json",
    "bookings.list_for_resource_page.json",
    "bookings.list_page.json",
    "calendars.get.json",
    "calendars.list.json",
    "calendars.list_external_events.json",
    "clients.get.json",
    "clients.list--paging-include-archived.json",
    "clients.list_archived--paging.json",
    "clients.list_page.json",
    "custom_availability.list.json",
    "custom_field_options.get.json",
    "custom_field_options.list.json",
    "custom_fields.get.json",
    "custom_fields.list.json",
    "downtime_types.list.json",
    "downtimes.get.json",
    "downtimes.list--paging.json",
    "downtimes.list_page.json",
    "projects.get.json",
    "projects.list--paging.json",
    "projects.list_archived--paging.json",
    "projects.list_page.json",
    "reports.client.json",
    "reports.clients.json",
    "reports.project.json",
    "reports.projects.json",
    "reports.resource.json",
    "reports.resources.json",
    "reports_v2.client.json",
    "reports_v2.clients.json",
    "reports_v2.clients_unassigned.json",
    "reports_v2.project.json",
    "reports_v2.projects.json",
    "reports_v2.projects_unassigned.json",
    "reports_v2.resource.json",
    "reports_v2.resources.json",
    "resource_types.get.json",
    "resource_types.list.json",
    "resources.get--me.json",
    "resources.get.json",
    "resources.list--paging.json",
    "resources.list_archived--paging.json",
    "resources.list_page.json",
    "users.get.json",
    "users.list--paging.json",
    "users.list_with_deleted.json",
    "users.me.json",
    "users.me_summary.json",
    "webhooks.get.json",
    "webhooks.list.json",
    "webhooks.list_payloads--paging.json",
];

/// An issued access token: when it expires on tokio's clock (`None`: never) and its
/// generation ([`crate::Sandbox::revoke_tokens`]).
#[derive(Clone, Copy, Debug)]
struct Issued {
    expires: Option<Instant>,
    generation: u64,
}

/// The server's state.
struct ResourceGuru {
    account: String,
    client_id: String,
    client_secret: SecretString,
    username: String,
    password: SecretString,
    lifetime: Duration,
    limit: FixedWindow,
    hits: Arc<Hits>,
    sessions: Arc<Sessions>,
    /// Access tokens.
    tokens: Mutex<HashMap<String, Issued>>,
    /// Refresh tokens that still work (a refresh removes the one it used: they rotate).
    refresh: Mutex<HashSet<String>>,
    /// The authorization code, until it is exchanged (single use).
    code: Mutex<Option<String>>,
    data: Mutex<Data>,
    next_token: AtomicU64,
}

/// Bookings by id (pages come in id order) and the other records ([`store::Store`]).
#[derive(Default)]
struct Data {
    bookings: BTreeMap<u64, Value>,
    store: store::Store,
    account: Option<String>,
    booker: Option<Value>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl Data {
    /// Adds a booking, or fills the fields a seed of the same id lacks or leaves `null`
    /// (the fixtures show one booking from several sides: its project in one list, its
    /// client in another).
    fn insert_booking(&mut self, booking: Value) {
        let Some(id) = store::id_of(&booking) else {
            return;
        };
        if self.booker.is_none() {
            self.booker = booking.get("booker").cloned();
        }
        match (self.bookings.get_mut(&id), booking) {
            (Some(Value::Object(old)), Value::Object(new)) => {
                for (key, value) in new {
                    let slot = old.entry(key).or_insert(Value::Null);
                    if slot.is_null() {
                        *slot = value;
                    }
                }
            }
            (Some(_), _) => {}
            (None, booking) => {
                self.bookings.insert(id, booking);
            }
        }
    }

    /// Seeds from one fixture's text: the JSON bodies of the `200` answers to its `GET`
    /// requests, stored by what the request's path names.
    fn seed(&mut self, file: &str, text: &str) -> Result<()> {
        let fixture: Value = serde_json::from_str(text).map_err(|e| Error::Seed {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
        let exchanges = fixture.get("exchanges").and_then(Value::as_array);
        for exchange in exchanges.into_iter().flatten() {
            let path = exchange
                .pointer("/request/path")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if exchange.pointer("/request/method").and_then(Value::as_str) != Some("GET") {
                continue;
            }
            if self.account.is_none() {
                self.account = path
                    .strip_prefix("/v1/")
                    .and_then(|p| p.split('/').next())
                    .filter(|a| !a.is_empty() && *a != "me" && *a != "accounts")
                    .map(str::to_owned);
            }
            let Some(items) = crate::ok_body_items(exchange) else {
                continue;
            };
            let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
            let bookings = matches!(
                segments.as_slice(),
                ["v1", _, "bookings"] | ["v1", _, "bookings", _] | ["v1", _, _, _, "bookings"]
            );
            if bookings {
                for item in items {
                    self.insert_booking(item);
                }
            } else {
                self.store.seed(path, items);
            }
        }
        Ok(())
    }
}

/// Builds the Resource Guru router, its credentials and its base path (none: the client
/// takes the origin, its paths start with `/v1` or `/oauth`).
pub(crate) fn build(
    options: &SandboxOptions,
    hits: Arc<Hits>,
    sessions: Arc<Sessions>,
) -> Result<(Router, Credentials, &'static str)> {
    let mut data = Data::default();
    for (file, text) in crate::seed_texts(options, SEEDS)? {
        data.seed(&file, &text)?;
    }
    data.store.infer_human();
    let template = data.bookings.values().next().cloned();
    let first = data
        .bookings
        .keys()
        .next_back()
        .copied()
        .unwrap_or(0)
        .max(GENERATED_ID_BASE);
    for i in 0..options.generated_bookings {
        let id = first.saturating_add(u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1));
        data.insert_booking(generated(id, i, template.as_ref()));
    }
    let account = data.account.clone().unwrap_or_else(|| ACCOUNT.to_owned());
    let credentials = OAuthCredentials {
        account: account.clone(),
        client_id: CLIENT_ID.to_owned(),
        client_secret: SecretString::from(CLIENT_SECRET),
        username: USERNAME.to_owned(),
        password: SecretString::from(PASSWORD),
        authorization_code: SecretString::from(AUTHORIZATION_CODE),
        redirect_uri: REDIRECT_URI.to_owned(),
    };
    let state = Arc::new(ResourceGuru {
        account,
        client_id: credentials.client_id.clone(),
        client_secret: credentials.client_secret.clone(),
        username: credentials.username.clone(),
        password: credentials.password.clone(),
        lifetime: options.token_lifetime.unwrap_or(TOKEN_LIFETIME),
        limit: FixedWindow::new(RATE_LIMIT, options.scaled(WINDOW)?),
        hits,
        sessions,
        tokens: Mutex::new(HashMap::new()),
        refresh: Mutex::new(HashSet::new()),
        code: Mutex::new(Some(AUTHORIZATION_CODE.to_owned())),
        data: Mutex::new(data),
        next_token: AtomicU64::new(1),
    });
    let api = Router::new()
        .route(
            "/v1/{account}/bookings",
            get(list_bookings).post(create_booking),
        )
        .route(
            "/v1/{account}/bookings/{id}",
            get(get_booking).put(update_booking).delete(delete_booking),
        )
        .route(
            "/v1/{account}/clients/{id}/bookings",
            get(|s: State<Arc<ResourceGuru>>, p: IdPath, q: QueryPairs| {
                list_scoped(s, p, q, "client_id")
            }),
        )
        .route(
            "/v1/{account}/projects/{id}/bookings",
            get(|s: State<Arc<ResourceGuru>>, p: IdPath, q: QueryPairs| {
                list_scoped(s, p, q, "project_id")
            }),
        )
        .route(
            "/v1/{account}/resources/{id}/bookings",
            get(|s: State<Arc<ResourceGuru>>, p: IdPath, q: QueryPairs| {
                list_scoped(s, p, q, "resource_ids")
            }),
        );
    let api = extras::routes(records::routes(api))
        .route_layer(middleware::from_fn_with_state(state.clone(), gate));
    let token = Router::new()
        .route("/oauth/token", post(token))
        .route_layer(middleware::from_fn_with_state(state.clone(), count));
    let router = api
        .merge(token)
        .fallback(|| async { errors(StatusCode::NOT_FOUND, "Not found") })
        .with_state(state);
    Ok((router, Credentials::OAuth(credentials), ""))
}

/// Ids of generated bookings start after this (or after the largest seed id).
const GENERATED_ID_BASE: u64 = 100_000;

/// An invented booking with id `id`, the `i`-th: one day each, from 2030-01-01, on the
/// template's resource.
fn generated(id: u64, i: usize, template: Option<&Value>) -> Value {
    let day = jiff::civil::date(2030, 1, 1)
        .checked_add(jiff::Span::new().days(i64::try_from(i % 3650).unwrap_or(0)))
        .unwrap_or(jiff::civil::date(2030, 1, 1));
    let resource = template
        .and_then(|t| t.get("resource_id"))
        .and_then(Value::as_u64)
        .unwrap_or(1);
    let mut booking = Map::new();
    booking.insert("id".into(), json!(id));
    booking.insert("resource_ids".into(), json!([resource]));
    booking.insert("start_date".into(), json!(day.to_string()));
    booking.insert("end_date".into(), json!(day.to_string()));
    booking.insert("duration".into(), json!(60));
    booking.insert("start_time".into(), json!(540));
    booking.insert("details".into(), json!(format!("Sandbox booking {id}")));
    let booker = template.and_then(|t| t.get("booker")).cloned();
    complete(&mut booking, booker, "2029-12-01T12:00:00.000Z");
    Value::Object(booking)
}

/// Fills the fields the vendor derives: `resource_id`, `durations`, timestamps and the
/// defaults of a new booking.
fn complete(booking: &mut Map<String, Value>, booker: Option<Value>, now: &str) {
    let first = booking
        .get("resource_ids")
        .and_then(Value::as_array)
        .and_then(|ids| ids.first())
        .cloned();
    if let Some(first) = first {
        booking.insert("resource_id".into(), first);
    }
    booking.insert("durations".into(), durations(booking));
    booking
        .entry("booker")
        .or_insert_with(|| booker.unwrap_or(Value::Null));
    for (key, default) in [
        ("details", Value::Null),
        ("billable", json!(true)),
        ("project_id", Value::Null),
        ("client_id", Value::Null),
        ("refreshable", json!(false)),
        ("rrule", Value::Null),
        ("group_id", Value::Null),
        ("sequence_no", json!(0)),
        ("timezone", Value::Null),
        ("tentative", json!(false)),
        ("approval_state", json!({})),
        ("aggregated_approval_state", json!({})),
        ("created_at", json!(now)),
    ] {
        booking.entry(key).or_insert(default);
    }
    if let Some(details) = booking.get("details").cloned() {
        booking.insert("notes".into(), details);
    }
    booking.insert("updated_at".into(), json!(now));
}

/// One entry per day from `start_date` to `end_date` (at most 366).
fn durations(booking: &Map<String, Value>) -> Value {
    let date = |key: &str| {
        booking
            .get(key)
            .and_then(Value::as_str)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    };
    let (Some(start), Some(end)) = (date("start_date"), date("end_date")) else {
        return json!([]);
    };
    let duration = booking.get("duration").cloned().unwrap_or(json!(0));
    let start_time = booking.get("start_time").cloned().unwrap_or(Value::Null);
    let end_time = match (start_time.as_u64(), duration.as_u64()) {
        (Some(s), Some(d)) => json!(s.saturating_add(d)),
        _ => Value::Null,
    };
    let mut out = Vec::new();
    let mut day = start;
    while day <= end && out.len() < 366 {
        out.push(json!({
            "date": day.to_string(),
            "duration": duration,
            "start_time": start_time,
            "end_time": end_time,
            "waiting": false,
        }));
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    Value::Array(out)
}

fn now_text() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

impl ResourceGuru {
    /// The access token of `Authorization: Bearer <token>` is one this server issued, of
    /// the current generation and not expired.
    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(token) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return false;
        };
        let Some(issued) = lock(&self.tokens).get(token.trim()).copied() else {
            return false;
        };
        issued.generation == self.sessions.generation()
            && issued.expires.is_none_or(|at| Instant::now() < at)
    }

    /// A fresh access and refresh token pair, as the token endpoint answers it.
    fn issue(&self) -> Value {
        let n = self.next_token.fetch_add(1, Ordering::Relaxed);
        let access = format!("sandbox-access-{n}");
        let refresh = format!("sandbox-refresh-{n}");
        lock(&self.tokens).insert(
            access.clone(),
            Issued {
                expires: Instant::now().checked_add(self.lifetime),
                generation: self.sessions.generation(),
            },
        );
        lock(&self.refresh).insert(refresh.clone());
        let expires_in = self.lifetime.as_secs().max(1);
        let created_at = jiff::Timestamp::now().as_second();
        json!({
            "access_token": access,
            "refresh_token": refresh,
            "token_type": "bearer",
            "expires_in": expires_in,
            "created_at": created_at,
        })
    }
}

fn insert(response: &mut Response, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, v);
    }
}

/// Counts a request to a route outside the rate limit (the token endpoint).
async fn count(
    State(state): State<Arc<ResourceGuru>>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let route = matched.as_ref().map_or("?", MatchedPath::as_str);
    state.hits.record(format!("{} {}", request.method(), route));
    next.run(request).await
}

/// Counts the request, checks the token and the account, applies the rate limit and stamps
/// the `X-RateLimit-*` headers.
async fn gate(
    State(state): State<Arc<ResourceGuru>>,
    matched: Option<MatchedPath>,
    params: Option<Path<BTreeMap<String, String>>>,
    request: Request,
    next: Next,
) -> Response {
    let params = params.map(|Path(p)| p).unwrap_or_default();
    let route = matched.as_ref().map_or("?", MatchedPath::as_str);
    state.hits.record(format!("{} {}", request.method(), route));
    if !state.authorized(request.headers()) {
        return errors(StatusCode::UNAUTHORIZED, "The access token is invalid");
    }
    let (decision, remaining) = state.limit.take_counted();
    let mut response = match decision {
        Decision::Refused { reset_ms } => {
            let mut r = errors(StatusCode::TOO_MANY_REQUESTS, "Rate Limit Exceeded");
            // Seconds, rounded up (docs/vendors/resource-guru.md §3).
            let seconds = reset_ms.div_ceil(1000).max(1);
            insert(&mut r, "retry-after", &seconds.to_string());
            r
        }
        Decision::Allowed { .. } => {
            if params.get("account").is_some_and(|a| *a != state.account) {
                errors(StatusCode::NOT_FOUND, "Not found")
            } else {
                next.run(request).await
            }
        }
    };
    insert(&mut response, REMAINING, &remaining.to_string());
    insert(&mut response, LIMIT, &state.limit.limit().to_string());
    response
}

/// A JSON answer.
fn json_answer(status: StatusCode, value: &Value) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The vendor's error body, `{"errors": [message]}` (docs/vendors/resource-guru.md §1).
fn errors(status: StatusCode, message: &str) -> Response {
    json_answer(status, &json!({ "errors": [message] }))
}

/// An OAuth error body, `{"error", "error_description"}` (docs/vendors/resource-guru.md §1).
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    json_answer(
        status,
        &json!({ "error": error, "error_description": description }),
    )
}

/// `POST /oauth/token` (form-encoded, docs/vendors/resource-guru.md §2).
async fn token(
    State(state): State<Arc<ResourceGuru>>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be form-encoded",
        );
    };
    let form: HashMap<String, String> = form.into_iter().collect();
    let field = |key: &str| form.get(key).map(String::as_str);
    if field("client_id") != Some(state.client_id.as_str())
        || field("client_secret") != Some(state.client_secret.expose_secret())
    {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed",
        );
    }
    let granted = match field("grant_type") {
        Some("password") => {
            field("username") == Some(state.username.as_str())
                && field("password") == Some(state.password.expose_secret())
        }
        Some("refresh_token") => {
            field("refresh_token").is_some_and(|r| lock(&state.refresh).remove(r))
        }
        Some("authorization_code") => {
            let mut code = lock(&state.code);
            let valid = code.is_some() && field("code") == code.as_deref();
            if valid && field("redirect_uri").is_some() {
                *code = None;
                true
            } else {
                false
            }
        }
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The authorization grant type is not supported",
            );
        }
    };
    if !granted {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "The provided authorization grant is invalid, expired, revoked or was issued to another client",
        );
    }
    json_answer(StatusCode::OK, &state.issue())
}

/// A query's values per key, repeated keys (`ids=1&ids=2`) and brackets (`ids[]=1`) alike.
fn multi(query: Vec<(String, String)>) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in query {
        let key = key.strip_suffix("[]").unwrap_or(&key).to_owned();
        out.entry(key).or_default().push(value);
    }
    out
}

fn one<'a>(query: &'a BTreeMap<String, Vec<String>>, key: &str) -> Option<&'a str> {
    query.get(key).and_then(|v| v.last()).map(String::as_str)
}

/// `limit` and `offset`; `limit` `None` means everything.
#[allow(clippy::result_large_err)] // the refusal is the answer, as in launch27.rs
fn paging(
    query: &BTreeMap<String, Vec<String>>,
    default_limit: Option<usize>,
) -> Result<(Option<usize>, usize), Response> {
    let number = |key: &str| match one(query, key).map(str::parse::<usize>) {
        None => Ok(None),
        Some(Ok(n)) => Ok(Some(n)),
        Some(Err(_)) => Err(errors(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("{key} must be a non-negative integer"),
        )),
    };
    let limit = match number("limit")? {
        None => default_limit,
        Some(0) => None,
        Some(n) => Some(n),
    };
    Ok((limit, number("offset")?.unwrap_or(0)))
}

#[allow(clippy::result_large_err)] // the refusal is the answer, as in launch27.rs
fn date_param(
    query: &BTreeMap<String, Vec<String>>,
    key: &str,
) -> Result<Option<jiff::civil::Date>, Response> {
    match one(query, key) {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| {
            errors(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("{key} must be a date (YYYY-MM-DD)"),
            )
        }),
    }
}

fn booking_date(booking: &Value, key: &str) -> Option<jiff::civil::Date> {
    booking.get(key)?.as_str()?.parse().ok()
}

/// `GET /v1/{account}/bookings`: bookings that overlap `start_date`..=`end_date` (either
/// end optional), on any of `resource_ids`, in id order; no `limit` means every booking.
async fn list_bookings(
    State(state): State<Arc<ResourceGuru>>,
    Query(query): QueryPairs,
) -> Response {
    bookings_page(&state, query, None)
}

/// `GET /v1/{account}/{clients|projects|resources}/{id}/bookings`: the bookings of one
/// client, project or resource (`field` of the booking), as the booking list.
async fn list_scoped(
    State(state): State<Arc<ResourceGuru>>,
    Path(params): IdPath,
    Query(query): QueryPairs,
    field: &'static str,
) -> Response {
    let owner = match field {
        "client_id" => "clients",
        "project_id" => "projects",
        _ => "resources",
    };
    let id = params.get("id").and_then(|id| parse_id(id));
    let Some(id) = id.filter(|id| lock(&state.data).store.contains(owner, *id)) else {
        return errors(StatusCode::NOT_FOUND, "Not found");
    };
    bookings_page(&state, query, Some((field, id)))
}

/// Whether `booking` is in one of `states`: its `approval_state` maps resource ids to
/// states (assumed: the vendor does not document the shape); a booking with none needs no
/// approval and counts as `approved`.
fn in_approval_states(booking: &Value, states: &[String]) -> bool {
    let recorded: Vec<&str> = booking
        .get("approval_state")
        .and_then(Value::as_object)
        .map(|m| m.values().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if recorded.is_empty() {
        return states.iter().any(|s| s == "approved");
    }
    recorded.iter().any(|r| states.iter().any(|s| s == r))
}

/// One page of the booking list, `scope` (a field and its id) for the per-owner lists.
fn bookings_page(
    state: &ResourceGuru,
    query: Vec<(String, String)>,
    scope: Option<(&str, u64)>,
) -> Response {
    let query = multi(query);
    let (limit, offset) = match paging(&query, None) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (from, to) = match (
        date_param(&query, "start_date"),
        date_param(&query, "end_date"),
    ) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let mut resources = HashSet::new();
    for id in query.get("resource_ids").into_iter().flatten() {
        match id.parse::<u64>() {
            Ok(id) => {
                resources.insert(id);
            }
            Err(_) => {
                return errors(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "resource_ids must be integers",
                );
            }
        }
    }
    let states = query.get("approval_states").cloned();
    let booker = match one(&query, "booker_id") {
        None => None,
        Some("me") => Some(records::my_user_id(state).unwrap_or(0)),
        Some(id) => match id.parse::<u64>() {
            Ok(id) => Some(id),
            Err(_) => {
                return errors(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "booker_id must be an integer or me",
                );
            }
        },
    };
    let waiting_only = one(&query, "waiting") == Some("1");
    let group = one(&query, "group_id").map(str::to_owned);
    let ids_of = |b: &Value, key: &str| -> Vec<u64> {
        match b.get(key) {
            Some(Value::Array(ids)) => ids.iter().filter_map(Value::as_u64).collect(),
            Some(v) => v.as_u64().into_iter().collect(),
            None => Vec::new(),
        }
    };
    let keeps = |b: &Value| {
        let ends_after =
            from.is_none_or(|from| booking_date(b, "end_date").is_some_and(|e| e >= from));
        let starts_before =
            to.is_none_or(|to| booking_date(b, "start_date").is_some_and(|s| s <= to));
        let on_resource = resources.is_empty()
            || ids_of(b, "resource_ids")
                .iter()
                .any(|id| resources.contains(id));
        let in_scope = scope.is_none_or(|(field, id)| ids_of(b, field).contains(&id));
        let in_states = states
            .as_ref()
            .is_none_or(|states| in_approval_states(b, states));
        let by_booker =
            booker.is_none_or(|id| b.pointer("/booker/id").and_then(Value::as_u64) == Some(id));
        let waits = !waiting_only
            || b.get("durations")
                .and_then(Value::as_array)
                .is_some_and(|days| {
                    days.iter()
                        .any(|d| d.get("waiting").and_then(Value::as_bool) == Some(true))
                });
        let in_group = group.as_ref().is_none_or(|g| {
            b.get("group_id")
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    v => v.to_string(),
                })
                .is_some_and(|v| v == *g)
        });
        ends_after
            && starts_before
            && on_resource
            && in_scope
            && in_states
            && by_booker
            && waits
            && in_group
    };
    let data = lock(&state.data);
    let page: Vec<Value> = data
        .bookings
        .values()
        .filter(|b| keeps(b))
        .skip(offset)
        .take(limit.unwrap_or(usize::MAX))
        .cloned()
        .collect();
    json_answer(StatusCode::OK, &Value::Array(page))
}

fn parse_id(id: &str) -> Option<u64> {
    id.parse().ok().filter(|&id| id >= 1)
}

/// `GET /v1/{account}/bookings/{id}`.
async fn get_booking(
    State(state): State<Arc<ResourceGuru>>,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    let data = lock(&state.data);
    match parse_id(&id).and_then(|id| data.bookings.get(&id)) {
        Some(booking) => json_answer(StatusCode::OK, booking),
        None => errors(StatusCode::NOT_FOUND, "Not found"),
    }
}

/// Checks a create or update body (after merging, for an update): the dates, the duration,
/// the start time and the resources, which must exist.
#[allow(clippy::result_large_err)] // the refusal is the answer, as in launch27.rs
fn check_booking(data: &Data, booking: &Map<String, Value>) -> Result<(), Response> {
    let invalid = |m: &str| Err(errors(StatusCode::UNPROCESSABLE_ENTITY, m));
    let date = |key: &str| {
        booking
            .get(key)
            .and_then(Value::as_str)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    };
    let (Some(start), Some(end)) = (date("start_date"), date("end_date")) else {
        return invalid("start_date and end_date are required (YYYY-MM-DD)");
    };
    if end < start {
        return invalid("end_date must not be before start_date");
    }
    if !booking
        .get("duration")
        .and_then(Value::as_u64)
        .is_some_and(|d| (1..=1440).contains(&d))
    {
        return invalid("duration is required, 1 to 1440 minutes");
    }
    match booking.get("start_time") {
        None | Some(Value::Null) => {}
        Some(t) if t.as_u64().is_some_and(|t| t <= 1440) => {}
        Some(_) => return invalid("start_time must be 0 to 1440 minutes"),
    }
    let ids: Vec<u64> = booking
        .get("resource_ids")
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    if ids.is_empty() {
        return invalid("resource_ids must not be empty");
    }
    if ids.iter().any(|id| !data.store.contains("resources", *id)) {
        return invalid("Resource not found");
    }
    Ok(())
}

/// A body as an object, or the vendor's 422.
#[allow(clippy::result_large_err)] // the refusal is the answer, as in launch27.rs
fn object(body: &Bytes) -> Result<Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(errors(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The body must be a JSON object",
        )),
    }
}

/// `resource_id` as `resource_ids` (one of them is required).
fn normalise_resources(body: &mut Map<String, Value>) {
    if let Some(id) = body.remove("resource_id").filter(|v| !v.is_null()) {
        body.insert("resource_ids".into(), json!([id]));
    }
}

/// Keys of a create or update body that are not stored on the booking.
const NOT_STORED: &[&str] = &[
    "id",
    "clash_resolution",
    "allow_waiting",
    "allow_overtime",
    "affects",
];

/// `POST /v1/{account}/bookings`: 201 with the new booking.
async fn create_booking(State(state): State<Arc<ResourceGuru>>, body: Bytes) -> Response {
    let mut body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    normalise_resources(&mut body);
    let mut data = lock(&state.data);
    if let Err(r) = check_booking(&data, &body) {
        return r;
    }
    let id = data
        .bookings
        .keys()
        .next_back()
        .copied()
        .unwrap_or(0)
        .saturating_add(1);
    let mut booking = Map::new();
    booking.insert("id".into(), json!(id));
    for (key, value) in body {
        if !NOT_STORED.contains(&key.as_str()) {
            booking.insert(key, value);
        }
    }
    let booker = data.booker.clone();
    complete(&mut booking, booker, &now_text());
    let booking = Value::Object(booking);
    data.bookings.insert(id, booking.clone());
    json_answer(StatusCode::CREATED, &booking)
}

/// `PUT /v1/{account}/bookings/{id}`: the body's fields over the booking (`null` clears),
/// 200 with the booking. `affects` is accepted and has no effect (no repeat bookings yet).
async fn update_booking(
    State(state): State<Arc<ResourceGuru>>,
    Path((_, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let mut changes = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    normalise_resources(&mut changes);
    let mut data = lock(&state.data);
    let Some(id) = parse_id(&id).filter(|id| data.bookings.contains_key(id)) else {
        return errors(StatusCode::NOT_FOUND, "Not found");
    };
    let Some(Value::Object(mut booking)) = data.bookings.get(&id).cloned() else {
        return errors(StatusCode::NOT_FOUND, "Not found");
    };
    for (key, value) in changes {
        if !NOT_STORED.contains(&key.as_str()) {
            booking.insert(key, value);
        }
    }
    if let Err(r) = check_booking(&data, &booking) {
        return r;
    }
    let booker = data.booker.clone();
    complete(&mut booking, booker, &now_text());
    let booking = Value::Object(booking);
    data.bookings.insert(id, booking.clone());
    json_answer(StatusCode::OK, &booking)
}

/// `DELETE /v1/{account}/bookings/{id}`: `204`. Without a body the whole booking goes; a
/// body with `date` removes that day (the first or last day moves the booking's start or
/// end; the booking goes with its last day). `affects` and `remove_for_all` (repeat
/// bookings) are accepted with no further effect: the sandbox stores no repeat occurrences.
async fn delete_booking(
    State(state): State<Arc<ResourceGuru>>,
    Path((_, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let day = if body.is_empty() {
        None
    } else {
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(b)) => match b.get("date") {
                None | Some(Value::Null) => None,
                Some(d) => match d.as_str().and_then(|d| d.parse::<jiff::civil::Date>().ok()) {
                    Some(d) => Some(d),
                    None => {
                        return errors(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            "date must be a date (YYYY-MM-DD)",
                        );
                    }
                },
            },
            _ => {
                return errors(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "The body must be a JSON object",
                );
            }
        }
    };
    let mut data = lock(&state.data);
    let Some(id) = parse_id(&id).filter(|id| data.bookings.contains_key(id)) else {
        return errors(StatusCode::NOT_FOUND, "Not found");
    };
    let Some(day) = day else {
        data.bookings.remove(&id);
        return StatusCode::NO_CONTENT.into_response();
    };
    let Some(Value::Object(booking)) = data.bookings.get_mut(&id) else {
        return errors(StatusCode::NOT_FOUND, "Not found");
    };
    let text = day.to_string();
    let Some(Value::Array(days)) = booking.get_mut("durations") else {
        return errors(
            StatusCode::UNPROCESSABLE_ENTITY,
            "date is not a day of the booking",
        );
    };
    let before = days.len();
    days.retain(|d| d.get("date").and_then(Value::as_str) != Some(text.as_str()));
    if days.len() == before {
        return errors(
            StatusCode::UNPROCESSABLE_ENTITY,
            "date is not a day of the booking",
        );
    }
    let bounds = |days: &[Value], last: bool| {
        let dates = days
            .iter()
            .filter_map(|d| d.get("date").and_then(Value::as_str));
        if last { dates.max() } else { dates.min() }.map(str::to_owned)
    };
    match (bounds(days, false), bounds(days, true)) {
        (Some(first), Some(last)) => {
            booking.insert("start_date".into(), json!(first));
            booking.insert("end_date".into(), json!(last));
            booking.insert("updated_at".into(), json!(now_text()));
        }
        _ => {
            data.bookings.remove(&id);
        }
    }
    StatusCode::NO_CONTENT.into_response()
}
