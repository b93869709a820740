//! The resOS fake (docs/vendors/resos.md): bookings and tables in memory, Basic auth with the
//! API key as user name, `skip`/`limit` paging, text error bodies and a fixed-window limit
//! with `Retry-After` in milliseconds on every answer.

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
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value, json};

use crate::window::{Decision, FixedWindow};
use crate::{Credentials, Error, Hits, Result, SandboxOptions};

/// Requests per window (docs/vendors/resos.md §3).
const RATE_LIMIT: u32 = 100;
/// The window of the stricter reading of the doc (docs/vendors/resos.md §3).
const WINDOW: Duration = Duration::from_secs(60);
/// Largest `limit` (docs/vendors/resos.md §4).
const MAX_PAGE_SIZE: usize = 100;
/// The key a sandbox accepts. Not a secret: the sandbox holds no data of anyone.
const API_KEY: &str = "sandbox-resos-api-key";
/// The restaurant of created bookings when the seeds name none.
const RESTAURANT_ID: &str = "SbRestaurant00001";
/// Keys a create body may hold (docs/vendors/resos.md §8.4); any other gives 422.
const CREATE_KEYS: &[&str] = &[
    "date",
    "time",
    "people",
    "guest",
    "duration",
    "status",
    "source",
    "comment",
    "note",
    "noteAuthor",
    "referrer",
    "languageCode",
    "tables",
    "openingHourId",
    "areaId",
    "customFields",
    "metadata",
    "sendNotification",
];

/// The fixtures built into the crate: the bodies of those that answer with bookings or
/// tables. Embedded (not read at start) so a sandbox works from any directory and from an
/// installed binary; [`SandboxOptions::fixtures_dir`] reads a directory instead.
const SEEDS: &[(&str, &str)] = &[
    (
        "bookings.list.json",
        include_str!("../../../fixtures/resos/bookings.list.json"),
    ),
    (
        "bookings.list--three-pages.json",
        include_str!("../../../fixtures/resos/bookings.list--three-pages.json"),
    ),
    (
        "bookings.list_page.json",
        include_str!("../../../fixtures/resos/bookings.list_page.json"),
    ),
    (
        "bookings.get.json",
        include_str!("../../../fixtures/resos/bookings.get.json"),
    ),
    (
        "bookings.get--extra-fields.json",
        include_str!("../../../fixtures/resos/bookings.get--extra-fields.json"),
    ),
    (
        "bookings.get--unknown-status.json",
        include_str!("../../../fixtures/resos/bookings.get--unknown-status.json"),
    ),
    (
        "tables.list_page.json",
        include_str!("../../../fixtures/resos/tables.list_page.json"),
    ),
];

/// The server's state.
struct Resos {
    key: SecretString,
    limit: FixedWindow,
    hits: Arc<Hits>,
    data: Mutex<Data>,
    next_id: AtomicU64,
}

/// Bookings in creation order (the order pages come in), with an index by id.
#[derive(Default)]
struct Data {
    bookings: Vec<Value>,
    index: HashMap<String, usize>,
    tables: Vec<Value>,
    restaurant_id: Option<String>,
}

impl Data {
    fn insert_booking(&mut self, booking: Value) {
        let Some(id) = booking.get("_id").and_then(Value::as_str) else {
            return;
        };
        if self.index.contains_key(id) {
            return;
        }
        if self.restaurant_id.is_none() {
            self.restaurant_id = booking
                .get("restaurantId")
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        self.index.insert(id.to_owned(), self.bookings.len());
        self.bookings.push(booking);
    }

    fn insert_table(&mut self, table: Value) {
        let id = table.get("_id").and_then(Value::as_str);
        if id.is_some()
            && !self
                .tables
                .iter()
                .any(|t| t.get("_id").and_then(Value::as_str) == id)
        {
            self.tables.push(table);
        }
    }

    fn booking_mut(&mut self, id: &str) -> Option<&mut Value> {
        let i = *self.index.get(id)?;
        self.bookings.get_mut(i)
    }

    /// A table as a booking shows it (`_id`, `name`, `area`), or `None` for an unknown id.
    fn table_ref(&self, id: &str) -> Option<Value> {
        let table = self
            .tables
            .iter()
            .find(|t| t.get("_id").and_then(Value::as_str) == Some(id))?;
        let mut out = Map::new();
        for key in ["_id", "name", "area"] {
            if let Some(v) = table.get(key) {
                out.insert(key.to_owned(), v.clone());
            }
        }
        Some(Value::Object(out))
    }

    /// Seeds from one fixture's text: the JSON bodies of its 200 answers.
    fn seed(&mut self, file: &str, text: &str) -> Result<()> {
        let fixture: Value = serde_json::from_str(text).map_err(|e| Error::Seed {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
        let operation = fixture
            .get("operation")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let bookings = operation.starts_with("bookings.list") || operation == "bookings.get";
        let tables = operation == "tables.list" || operation == "tables.list_page";
        if !bookings && !tables {
            return Ok(());
        }
        let exchanges = fixture.get("exchanges").and_then(Value::as_array);
        for exchange in exchanges.into_iter().flatten() {
            let Some(items) = crate::ok_body_items(exchange) else {
                continue;
            };
            for item in items {
                if bookings {
                    self.insert_booking(item);
                } else {
                    self.insert_table(item);
                }
            }
        }
        Ok(())
    }
}

impl Resos {
    fn data(&self) -> MutexGuard<'_, Data> {
        match self.data.lock() {
            Ok(d) => d,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// Builds the resOS router, its credentials and its base path.
pub(crate) fn build(
    options: &SandboxOptions,
    hits: Arc<Hits>,
) -> Result<(Router, Credentials, &'static str)> {
    let mut data = Data::default();
    for (file, text) in crate::seed_texts(options, SEEDS)? {
        data.seed(&file, &text)?;
    }
    let restaurant = data
        .restaurant_id
        .clone()
        .unwrap_or_else(|| RESTAURANT_ID.to_owned());
    for i in 0..options.generated_bookings {
        data.insert_booking(generated(i, &restaurant));
    }
    let key = SecretString::from(API_KEY);
    let state = Arc::new(Resos {
        key: key.clone(),
        limit: FixedWindow::new(RATE_LIMIT, options.scaled(WINDOW)?),
        hits,
        data: Mutex::new(data),
        next_id: AtomicU64::new(1),
    });
    let router = Router::new()
        .route("/v1/bookings", get(list_bookings).post(create_booking))
        .route(
            "/v1/bookings/{id}",
            get(get_booking).put(put_booking).delete(delete_booking),
        )
        .route("/v1/tables", get(list_tables))
        .route_layer(middleware::from_fn_with_state(state.clone(), gate))
        .fallback(|| async { text(StatusCode::NOT_FOUND, "Not found") })
        .with_state(state);
    Ok((router, Credentials::ApiKey(key), "/v1"))
}

/// An invented booking, the `i`-th (ids `Sb000000000000001`, ...).
fn generated(i: usize, restaurant: &str) -> Value {
    let n = i.saturating_add(1);
    let day = jiff::civil::date(2030, 1, 1)
        .checked_add(jiff::Span::new().days(i64::try_from(n % 365).unwrap_or(0)))
        .unwrap_or(jiff::civil::date(2030, 1, 1));
    json!({
        "_id": format!("Sb{n:015}"),
        "restaurantId": restaurant,
        "date": day.to_string(),
        "time": "19:30",
        "people": 2 + n % 6,
        "duration": 120,
        "status": "approved",
        "source": "api",
        "languageCode": "en",
        "guest": {"name": format!("Sandbox Guest {n}"), "notificationSms": false, "notificationEmail": false},
        "tables": [],
        "createdAt": "2029-12-01T12:00:00.000Z",
    })
}

/// Counts the request, checks the key, applies the rate limit and stamps `Retry-After`.
async fn gate(
    State(state): State<Arc<Resos>>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let route = matched.as_ref().map_or("?", MatchedPath::as_str);
    state.hits.record(format!("{} {}", request.method(), route));
    if !authorized(request.headers(), &state.key) {
        let reset_ms = state.limit.reset_ms();
        return with_retry_after(text(StatusCode::UNAUTHORIZED, "Unauthorized"), reset_ms);
    }
    match state.limit.take() {
        Decision::Refused { reset_ms } => with_retry_after(
            text(StatusCode::TOO_MANY_REQUESTS, "Too many requests"),
            reset_ms,
        ),
        Decision::Allowed { reset_ms } => with_retry_after(next.run(request).await, reset_ms),
    }
}

/// `Authorization: Basic base64("<key>:")` (docs/vendors/resos.md §2); a missing colon is
/// accepted too, a password is not.
fn authorized(headers: &HeaderMap, key: &SecretString) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some(encoded) = value.strip_prefix("Basic ") else {
        return false;
    };
    let Ok(decoded) = STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let Ok(decoded) = String::from_utf8(decoded) else {
        return false;
    };
    let user = decoded.strip_suffix(':').unwrap_or(&decoded);
    !user.is_empty() && user == key.expose_secret()
}

fn with_retry_after(mut response: Response, reset_ms: u128) -> Response {
    if let Ok(v) = HeaderValue::from_str(&reset_ms.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// A text answer, as resOS writes its errors (docs/vendors/resos.md §6).
fn text(status: StatusCode, body: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body.to_owned(),
    )
        .into_response()
}

fn json_answer(value: &Value) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(_) => text(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error"),
    }
}

fn unprocessable(message: impl AsRef<str>) -> Response {
    text(StatusCode::UNPROCESSABLE_ENTITY, message.as_ref())
}

/// `GET /v1/bookings`.
async fn list_bookings(
    State(state): State<Arc<Resos>>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    if query.contains_key("customQuery") || headers.contains_key("customquery") {
        return unprocessable("sandbox: customQuery is not supported yet");
    }
    if query.contains_key("onlyConfirmed") {
        return unprocessable("sandbox: onlyConfirmed is not supported yet");
    }
    let skip = match query.get("skip").map(|s| s.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return unprocessable("skip must be a non-negative integer"),
    };
    let limit = match query.get("limit").map(|s| s.parse::<usize>()) {
        None => MAX_PAGE_SIZE,
        Some(Ok(n)) if (1..=MAX_PAGE_SIZE).contains(&n) => n,
        Some(_) => return unprocessable("limit must be an integer from 1 to 100"),
    };
    // The range filters only when both ends are sent (docs/vendors/resos.md §8.2).
    let range = match (query.get("fromDateTime"), query.get("toDateTime")) {
        (Some(from), Some(to)) => match (local(from), local(to)) {
            (Some(from), Some(to)) => Some((from, to)),
            _ => return unprocessable("fromDateTime and toDateTime must be YYYY-MM-DDTHH:MM:SS"),
        },
        _ => None,
    };
    let data = state.data();
    let page: Vec<&Value> = match range {
        None => data
            .bookings
            .get(skip..)
            .unwrap_or_default()
            .iter()
            .take(limit)
            .collect(),
        Some((from, to)) => data
            .bookings
            .iter()
            .filter(|b| booking_local(b).is_some_and(|at| from <= at && at <= to))
            .skip(skip)
            .take(limit)
            .collect(),
    };
    json_answer(&Value::Array(page.into_iter().cloned().collect()))
}

fn local(text: &str) -> Option<jiff::civil::DateTime> {
    text.parse().ok()
}

/// A booking's local date and time.
fn booking_local(booking: &Value) -> Option<jiff::civil::DateTime> {
    let date: jiff::civil::Date = booking.get("date")?.as_str()?.parse().ok()?;
    let time: jiff::civil::Time = booking.get("time")?.as_str()?.parse().ok()?;
    Some(date.to_datetime(time))
}

/// `GET /v1/bookings/{id}`.
async fn get_booking(State(state): State<Arc<Resos>>, Path(id): Path<String>) -> Response {
    let data = state.data();
    match data.index.get(&id).and_then(|&i| data.bookings.get(i)) {
        Some(booking) => json_answer(booking),
        None => text(StatusCode::NOT_FOUND, "Booking not found"),
    }
}

/// `DELETE /v1/bookings/{id}`: resOS refuses it (docs/vendors/resos.md §6).
async fn delete_booking() -> Response {
    text(
        StatusCode::BAD_REQUEST,
        "Bookings cannot be deleted; cancel with PUT {\"status\": \"canceled\"}",
    )
}

fn now_text() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// `POST /v1/bookings`: answers the new id as a bare JSON string.
async fn create_booking(State(state): State<Arc<Resos>>, body: Bytes) -> Response {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return unprocessable("The body must be a JSON object");
    };
    if let Some(key) = body.keys().find(|k| !CREATE_KEYS.contains(&k.as_str())) {
        return unprocessable(format!("Unknown key: {key}"));
    }
    let date = body.get("date").and_then(Value::as_str);
    if date
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .is_none()
    {
        return unprocessable("date is required, as YYYY-MM-DD");
    }
    let time = body.get("time").and_then(Value::as_str);
    if time
        .filter(|t| t.len() == 5)
        .and_then(|t| t.parse::<jiff::civil::Time>().ok())
        .is_none()
    {
        return unprocessable("time is required, as HH:MM");
    }
    if body
        .get("people")
        .and_then(Value::as_u64)
        .is_none_or(|p| p < 1)
    {
        return unprocessable("people is required, at least 1");
    }
    let guest_name = body
        .get("guest")
        .and_then(|g| g.get("name"))
        .and_then(Value::as_str);
    if guest_name.is_none_or(|n| n.trim().is_empty()) {
        return unprocessable("guest.name is required");
    }

    let mut data = state.data();
    let tables = match resolve_tables(&data, body.get("tables")) {
        Ok(t) => t,
        Err((status, message)) => return text(status, message),
    };
    let n = state.next_id.fetch_add(1, Ordering::Relaxed);
    let id = format!("Nw{n:015}");
    let mut booking = Map::new();
    booking.insert("_id".into(), json!(id));
    let restaurant = data
        .restaurant_id
        .clone()
        .unwrap_or_else(|| RESTAURANT_ID.to_owned());
    booking.insert("restaurantId".into(), json!(restaurant));
    for (key, value) in &body {
        match key.as_str() {
            "tables" | "comment" | "note" | "noteAuthor" | "sendNotification" => {}
            _ => {
                booking.insert(key.clone(), value.clone());
            }
        }
    }
    booking.entry("status").or_insert_with(|| json!("request"));
    booking.entry("source").or_insert_with(|| json!("other"));
    booking.insert("tables".into(), Value::Array(tables));
    if let Some(comment) = body.get("comment") {
        booking.insert(
            "comments".into(),
            json!([{"comment": comment, "role": "guest"}]),
        );
    }
    if let Some(note) = body.get("note") {
        let author = body.get("noteAuthor").cloned().unwrap_or(json!("API"));
        booking.insert(
            "restaurantNotes".into(),
            json!([{"restaurantNote": note, "author": author}]),
        );
    }
    booking.insert("createdAt".into(), json!(now_text()));
    data.insert_booking(Value::Object(booking));
    json_answer(&json!(id))
}

/// Why a list of table ids was refused: the status and the text.
type Refusal = (StatusCode, &'static str);

const NOT_TABLE_IDS: Refusal = (
    StatusCode::UNPROCESSABLE_ENTITY,
    "tables must be a list of table ids",
);

/// Table ids → the tables as a booking shows them; an unknown id is a 404.
fn resolve_tables(data: &Data, ids: Option<&Value>) -> Result<Vec<Value>, Refusal> {
    let Some(ids) = ids else {
        return Ok(Vec::new());
    };
    let ids = ids.as_array().ok_or(NOT_TABLE_IDS)?;
    ids.iter()
        .map(|id| {
            let id = id.as_str().ok_or(NOT_TABLE_IDS)?;
            data.table_ref(id)
                .ok_or((StatusCode::NOT_FOUND, "Table not found"))
        })
        .collect()
}

/// `PUT /v1/bookings/{id}`: a partial update (the guest merged one level deep); status
/// `canceled` sets `canceledAt` once. Answers `true`.
async fn put_booking(
    State(state): State<Arc<Resos>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(Value::Object(changes)) = serde_json::from_slice::<Value>(&body) else {
        return unprocessable("The body must be a JSON object");
    };
    let mut data = state.data();
    let tables = match resolve_tables(&data, changes.get("tables")) {
        Ok(t) => t,
        Err((status, message)) => return text(status, message),
    };
    let Some(Value::Object(booking)) = data.booking_mut(&id) else {
        return text(StatusCode::NOT_FOUND, "Booking not found");
    };
    for (key, value) in changes {
        match (key.as_str(), value) {
            ("_id" | "restaurantId" | "comment", _) => {}
            ("tables", _) => {
                booking.insert(key, Value::Array(tables.clone()));
            }
            ("guest", Value::Object(guest)) => {
                let entry = booking
                    .entry("guest")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(old) = entry {
                    old.extend(guest);
                } else {
                    *entry = Value::Object(guest);
                }
            }
            ("status", status) => {
                if status == json!("canceled") && !booking.contains_key("canceledAt") {
                    booking.insert("canceledAt".into(), json!(now_text()));
                }
                booking.insert(key, status);
            }
            (_, value) => {
                booking.insert(key, value);
            }
        }
    }
    json_answer(&Value::Bool(true))
}

/// `GET /v1/tables`: every table at once (not paged by resOS).
async fn list_tables(State(state): State<Arc<Resos>>) -> Response {
    json_answer(&Value::Array(state.data().tables.clone()))
}
