//! The resOS fake (docs/vendors/resos.md): one [`Collection`] per resource (bookings,
//! tables, customers, orders, feedback, custom fields, opening hours) in memory, served by
//! one list (`sort`, `customQuery` from [`query`], `skip`/`limit` paging) and one get; the
//! booking flow computed in [`flow`]; Basic auth with the API key as user name, text error
//! bodies and a fixed-window limit with `Retry-After` in milliseconds on every answer.

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
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value, json};

use crate::window::{Decision, FixedWindow};

mod flow;
mod query;

use crate::{Credentials, Error, Hits, Result, SandboxOptions};
use query::{Search, SortKeys};

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

/// The fixtures built into the crate: the bodies of those that answer with records of a
/// collection (bookings, tables, customers, orders, feedback, custom fields, opening hours)
/// and the health check's restaurant id. Embedded (not read at start) so a sandbox works from any directory and from an
/// installed binary; [`SandboxOptions::fixtures_dir`] reads a directory instead.
const SEEDS: &[(&str, &str)] = &[
    (
        "bookings.list.json",
        include_str!("../../../../fixtures/resos/bookings.list.json"),
    ),
    (
        "bookings.list--three-pages.json",
        include_str!("../../../../fixtures/resos/bookings.list--three-pages.json"),
    ),
    (
        "bookings.list_page.json",
        include_str!("../../../../fixtures/resos/bookings.list_page.json"),
    ),
    (
        "bookings.get.json",
        include_str!("../../../../fixtures/resos/bookings.get.json"),
    ),
    (
        "bookings.get--extra-fields.json",
        include_str!("../../../../fixtures/resos/bookings.get--extra-fields.json"),
    ),
    (
        "bookings.get--unknown-status.json",
        include_str!("../../../../fixtures/resos/bookings.get--unknown-status.json"),
    ),
    (
        "tables.list_page.json",
        include_str!("../../../../fixtures/resos/tables.list_page.json"),
    ),
    (
        "tables.list_areas.json",
        include_str!("../../../../fixtures/resos/tables.list_areas.json"),
    ),
    (
        "customers.list.json",
        include_str!("../../../../fixtures/resos/customers.list.json"),
    ),
    (
        "customers.get.json",
        include_str!("../../../../fixtures/resos/customers.get.json"),
    ),
    (
        "orders.list.json",
        include_str!("../../../../fixtures/resos/orders.list.json"),
    ),
    (
        "orders.get.json",
        include_str!("../../../../fixtures/resos/orders.get.json"),
    ),
    (
        "feedback.list_page.json",
        include_str!("../../../../fixtures/resos/feedback.list_page.json"),
    ),
    (
        "feedback.get.json",
        include_str!("../../../../fixtures/resos/feedback.get.json"),
    ),
    (
        "custom_fields.list.json",
        include_str!("../../../../fixtures/resos/custom_fields.list.json"),
    ),
    (
        "opening_hours.list.json",
        include_str!("../../../../fixtures/resos/opening_hours.list.json"),
    ),
    (
        "opening_hours.get.json",
        include_str!("../../../../fixtures/resos/opening_hours.get.json"),
    ),
    (
        "healthcheck.json",
        include_str!("../../../../fixtures/resos/healthcheck.json"),
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

/// Records in insertion order (the order pages come in), with an index by `_id`.
#[derive(Default)]
pub(crate) struct Collection {
    items: Vec<Value>,
    index: HashMap<String, usize>,
}

impl Collection {
    /// Adds a record unless it has no `_id` or one with its `_id` is there.
    fn insert(&mut self, record: Value) {
        let Some(id) = record.get("_id").and_then(Value::as_str) else {
            return;
        };
        if self.index.contains_key(id) {
            return;
        }
        self.index.insert(id.to_owned(), self.items.len());
        self.items.push(record);
    }

    fn get(&self, id: &str) -> Option<&Value> {
        self.items.get(*self.index.get(id)?)
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        let i = *self.index.get(id)?;
        self.items.get_mut(i)
    }
}

/// The resources a fake serves, each a [`Collection`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bookings,
    Tables,
    Customers,
    Orders,
    Feedback,
    CustomFields,
    OpeningHours,
}

impl Kind {
    /// The collection a fixture's operation (`customers.list`) reads.
    fn of_operation(operation: &str) -> Option<Kind> {
        Some(match operation.split('.').next()? {
            "bookings" if operation.starts_with("bookings.list") || operation == "bookings.get" => {
                Kind::Bookings
            }
            "tables" => Kind::Tables,
            "customers" => Kind::Customers,
            "orders" => Kind::Orders,
            "feedback" => Kind::Feedback,
            "custom_fields" => Kind::CustomFields,
            "opening_hours" => Kind::OpeningHours,
            _ => return None,
        })
    }

    /// The text of a 404 for an unknown id.
    fn not_found(self) -> &'static str {
        match self {
            Kind::Bookings => "Booking not found",
            Kind::Tables => "Table not found",
            Kind::Customers => "Customer not found",
            Kind::Orders => "Order not found",
            Kind::Feedback => "Feedback not found",
            Kind::CustomFields => "Custom field not found",
            Kind::OpeningHours => "Opening hour not found",
        }
    }
}

/// Everything the fake stores.
#[derive(Default)]
pub(crate) struct Data {
    bookings: Collection,
    tables: Collection,
    customers: Collection,
    orders: Collection,
    feedback: Collection,
    custom_fields: Collection,
    opening_hours: Collection,
    restaurant_id: Option<String>,
}

impl Data {
    fn collection(&self, kind: Kind) -> &Collection {
        match kind {
            Kind::Bookings => &self.bookings,
            Kind::Tables => &self.tables,
            Kind::Customers => &self.customers,
            Kind::Orders => &self.orders,
            Kind::Feedback => &self.feedback,
            Kind::CustomFields => &self.custom_fields,
            Kind::OpeningHours => &self.opening_hours,
        }
    }

    fn collection_mut(&mut self, kind: Kind) -> &mut Collection {
        match kind {
            Kind::Bookings => &mut self.bookings,
            Kind::Tables => &mut self.tables,
            Kind::Customers => &mut self.customers,
            Kind::Orders => &mut self.orders,
            Kind::Feedback => &mut self.feedback,
            Kind::CustomFields => &mut self.custom_fields,
            Kind::OpeningHours => &mut self.opening_hours,
        }
    }

    fn insert_booking(&mut self, booking: Value) {
        if self.restaurant_id.is_none() {
            self.restaurant_id = booking
                .get("restaurantId")
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        self.bookings.insert(booking);
    }

    /// A table as a booking shows it (`_id`, `name`, `area`), or `None` for an unknown id.
    fn table_ref(&self, id: &str) -> Option<Value> {
        let table = self.tables.get(id)?;
        let mut out = Map::new();
        for key in ["_id", "name", "area"] {
            if let Some(v) = table.get(key) {
                out.insert(key.to_owned(), v.clone());
            }
        }
        Some(Value::Object(out))
    }

    /// Seeds from one fixture's text: the JSON bodies of its 200 answers, into the
    /// collection its operation reads (the health check gives the restaurant id).
    fn seed(&mut self, file: &str, text: &str) -> Result<()> {
        let fixture: Value = serde_json::from_str(text).map_err(|e| Error::Seed {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
        let operation = fixture
            .get("operation")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let kind = Kind::of_operation(operation);
        let exchanges = fixture.get("exchanges").and_then(Value::as_array);
        for exchange in exchanges.into_iter().flatten() {
            let Some(items) = crate::ok_body_items(exchange) else {
                continue;
            };
            for item in items {
                match kind {
                    Some(Kind::Bookings) => self.insert_booking(item),
                    Some(kind) => self.collection_mut(kind).insert(item),
                    None if operation == "healthcheck" && self.restaurant_id.is_none() => {
                        self.restaurant_id = item
                            .get("restaurantId")
                            .and_then(Value::as_str)
                            .map(str::to_owned);
                    }
                    None => {}
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
        .route(
            "/v1/bookings/{id}/restaurantNote",
            post(add_restaurant_note),
        )
        .route("/v1/bookings/{id}/comment", post(add_comment))
        .route("/v1/tables", get(list_tables))
        .route("/v1/customers", get(list_customers))
        .route("/v1/customers/{id}", get(get_customer))
        .route("/v1/orders", get(list_orders))
        .route("/v1/orders/{id}", get(get_order))
        .route("/v1/feedback", get(list_feedback))
        .route("/v1/feedback/{id}", get(get_feedback))
        .route("/v1/customFields", get(list_custom_fields))
        .route("/v1/openingHours", get(list_opening_hours))
        .route("/v1/openingHours/{id}", get(get_opening_hour))
        .route("/v1/healthcheck", get(healthcheck))
        .route("/v1/bookingFlow/times", get(flow_times))
        .route("/v1/bookingFlow/dates", get(flow_dates))
        .route(
            "/v1/bookingFlow/availableTables",
            get(flow_available_tables),
        )
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

/// Statuses `onlyConfirmed=true` keeps (assumed: the vendor does not say what it means,
/// docs/vendors/resos.md §15; these are the statuses of a booking the restaurant accepted).
const CONFIRMED_STATUSES: &[&str] = &["approved", "arrived", "seated", "left"];

/// The search expression of a list: the `customQuery` parameter, else the header of that
/// name (docs/vendors/resos.md §5: which one resOS reads is unverified, so both are).
#[allow(clippy::result_large_err)] // the refusal is the answer, as in launch27
fn search(headers: &HeaderMap, query: &BTreeMap<String, String>) -> Result<Search, Response> {
    let expression = match query.get("customQuery") {
        Some(q) => Some(q.as_str()),
        None => headers.get("customquery").and_then(|v| v.to_str().ok()),
    };
    match expression {
        None => Ok(Search::default()),
        Some(e) => Search::parse(e).map_err(unprocessable),
    }
}

/// `skip` and `limit` of a paged list (docs/vendors/resos.md §4).
#[allow(clippy::result_large_err)] // the refusal is the answer, as in launch27
fn paging(query: &BTreeMap<String, String>) -> Result<(usize, usize), Response> {
    let skip = match query.get("skip").map(|s| s.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Err(unprocessable("skip must be a non-negative integer")),
    };
    let limit = match query.get("limit").map(|s| s.parse::<usize>()) {
        None => MAX_PAGE_SIZE,
        Some(Ok(n)) if (1..=MAX_PAGE_SIZE).contains(&n) => n,
        Some(_) => return Err(unprocessable("limit must be an integer from 1 to 100")),
    };
    Ok((skip, limit))
}

/// The records of `kind` that `keep` accepts and the search matches, sorted by `sort` when
/// given, then paged when `paged`: every list route (docs/vendors/resos.md §4, §5).
fn list_of(
    state: &Resos,
    kind: Kind,
    headers: &HeaderMap,
    query: &BTreeMap<String, String>,
    paged: bool,
    keep: Option<&dyn Fn(&Value) -> bool>,
) -> Response {
    let search = match search(headers, query) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let sort = match query.get("sort").map(|s| SortKeys::parse(s)) {
        None => None,
        Some(Ok(keys)) => Some(keys),
        Some(Err(e)) => return unprocessable(e),
    };
    let (skip, limit) = if paged {
        match paging(query) {
            Ok(p) => p,
            Err(refused) => return refused,
        }
    } else {
        (0, usize::MAX)
    };
    let data = state.data();
    let items = &data.collection(kind).items;
    let page: Vec<Value> = match (keep, search.is_empty(), sort) {
        // No filter and no sort: the slice skips in O(1), so deep pages of a large generated
        // set stay cheap (benchmarks page through a million bookings).
        (None, true, None) => items
            .get(skip..)
            .unwrap_or_default()
            .iter()
            .take(limit)
            .cloned()
            .collect(),
        (keep, _, None) => items
            .iter()
            .filter(|r| keep.is_none_or(|k| k(r)) && search.matches(r))
            .skip(skip)
            .take(limit)
            .cloned()
            .collect(),
        (keep, _, Some(keys)) => {
            let mut records: Vec<&Value> = items
                .iter()
                .filter(|r| keep.is_none_or(|k| k(r)) && search.matches(r))
                .collect();
            keys.apply(&mut records);
            records
                .into_iter()
                .skip(skip)
                .take(limit)
                .cloned()
                .collect()
        }
    };
    json_answer(&Value::Array(page))
}

/// One record of `kind` by id, or the kind's 404 text.
fn get_of(state: &Resos, kind: Kind, id: &str) -> Response {
    match state.data().collection(kind).get(id) {
        Some(record) => json_answer(record),
        None => text(StatusCode::NOT_FOUND, kind.not_found()),
    }
}

/// `GET /v1/bookings`: the range filters only when both ends are sent (docs/vendors/resos.md
/// §8.2), `onlyConfirmed`, `customQuery`, `sort`, `skip`/`limit`.
async fn list_bookings(
    State(state): State<Arc<Resos>>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let range = match (query.get("fromDateTime"), query.get("toDateTime")) {
        (Some(from), Some(to)) => match (local(from), local(to)) {
            (Some(from), Some(to)) => Some((from, to)),
            _ => return unprocessable("fromDateTime and toDateTime must be YYYY-MM-DDTHH:MM:SS"),
        },
        _ => None,
    };
    let only_confirmed = match query.get("onlyConfirmed").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return unprocessable("onlyConfirmed must be true or false"),
    };
    let keep = |b: &Value| {
        let in_range = range
            .is_none_or(|(from, to)| booking_local(b).is_some_and(|at| from <= at && at <= to));
        let confirmed = !only_confirmed
            || b.get("status")
                .and_then(Value::as_str)
                .is_some_and(|s| CONFIRMED_STATUSES.contains(&s));
        in_range && confirmed
    };
    let filtered = range.is_some() || only_confirmed;
    let keep: Option<&dyn Fn(&Value) -> bool> = if filtered { Some(&keep) } else { None };
    list_of(&state, Kind::Bookings, &headers, &query, true, keep)
}

/// `GET /v1/customers` (docs/vendors/resos.md §14, unverified).
async fn list_customers(
    State(state): State<Arc<Resos>>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    list_of(&state, Kind::Customers, &headers, &query, true, None)
}

/// `GET /v1/customers/{id}`.
async fn get_customer(State(state): State<Arc<Resos>>, Path(id): Path<String>) -> Response {
    get_of(&state, Kind::Customers, &id)
}

/// `GET /v1/orders` (docs/vendors/resos.md §14, unverified).
async fn list_orders(
    State(state): State<Arc<Resos>>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    list_of(&state, Kind::Orders, &headers, &query, true, None)
}

/// `GET /v1/orders/{id}`.
async fn get_order(State(state): State<Arc<Resos>>, Path(id): Path<String>) -> Response {
    get_of(&state, Kind::Orders, &id)
}

/// `GET /v1/feedback` (docs/vendors/resos.md §14, unverified).
async fn list_feedback(
    State(state): State<Arc<Resos>>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    list_of(&state, Kind::Feedback, &headers, &query, true, None)
}

/// `GET /v1/feedback/{id}`.
async fn get_feedback(State(state): State<Arc<Resos>>, Path(id): Path<String>) -> Response {
    get_of(&state, Kind::Feedback, &id)
}

/// `GET /v1/customFields`: every definition, not paged (docs/vendors/resos.md §12.1).
async fn list_custom_fields(
    State(state): State<Arc<Resos>>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    list_of(&state, Kind::CustomFields, &headers, &query, false, None)
}

#[allow(clippy::result_large_err)] // the refusal is the answer, as in launch27
fn flag(query: &BTreeMap<String, String>, name: &str) -> Result<bool, Response> {
    match query.get(name).map(String::as_str) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(unprocessable(format!("{name} must be true or false"))),
    }
}

/// `GET /v1/openingHours`, not paged (docs/vendors/resos.md §10.1): deleted entries only
/// with `showDeleted=true`, `onlySpecial=true` the special ones, `type` the entries of that
/// `mode`.
async fn list_opening_hours(
    State(state): State<Arc<Resos>>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let (show_deleted, only_special) =
        match (flag(&query, "showDeleted"), flag(&query, "onlySpecial")) {
            (Ok(d), Ok(s)) => (d, s),
            (Err(refused), _) | (_, Err(refused)) => return refused,
        };
    let mode = query.get("type").cloned();
    let keep = |e: &Value| {
        (show_deleted || !flow::deleted(e))
            && (!only_special || e.get("special").and_then(Value::as_bool) == Some(true))
            && mode
                .as_deref()
                .is_none_or(|m| e.get("mode").and_then(Value::as_str).is_none_or(|x| x == m))
    };
    list_of(
        &state,
        Kind::OpeningHours,
        &headers,
        &query,
        false,
        Some(&keep),
    )
}

/// `GET /v1/openingHours/{id}` (docs/vendors/resos.md §10.2): a date in its place is a 404,
/// as any unknown id.
async fn get_opening_hour(State(state): State<Arc<Resos>>, Path(id): Path<String>) -> Response {
    get_of(&state, Kind::OpeningHours, &id)
}

/// `GET /v1/healthcheck`: `{status, restaurantId}` (docs/vendors/resos.md §13).
async fn healthcheck(State(state): State<Arc<Resos>>) -> Response {
    let restaurant = state
        .data()
        .restaurant_id
        .clone()
        .unwrap_or_else(|| RESTAURANT_ID.to_owned());
    json_answer(&json!({"status": "All systems go", "restaurantId": restaurant}))
}

/// A required parameter, parsed, or a 422 naming it.
#[allow(clippy::result_large_err)] // the refusal is the answer, as in launch27
fn required<T: std::str::FromStr>(
    query: &BTreeMap<String, String>,
    name: &str,
    what: &str,
) -> Result<T, Response> {
    query
        .get(name)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| unprocessable(format!("{name} is required, {what}")))
}

/// Longest range `GET /bookingFlow/dates` answers (assumed; the vendor documents none).
const MAX_FLOW_DAYS: i64 = 366;

/// `GET /v1/bookingFlow/times` (docs/vendors/resos.md §9.1).
async fn flow_times(
    State(state): State<Arc<Resos>>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let day: jiff::civil::Date = match required(&query, "date", "as YYYY-MM-DD") {
        Ok(d) => d,
        Err(refused) => return refused,
    };
    let people: i64 = match required(&query, "people", "a number from 1") {
        Ok(p) if p >= 1 => p,
        Ok(_) => return unprocessable("people must be at least 1"),
        Err(refused) => return refused,
    };
    if let Err(refused) = flag(&query, "onlyBookableOnline") {
        return refused;
    }
    let data = state.data();
    json_answer(&flow::times(
        &data,
        day,
        people,
        query.get("openingHourId").map(String::as_str),
        query.get("areaId").map(String::as_str),
    ))
}

/// `GET /v1/bookingFlow/dates` (docs/vendors/resos.md §9.2; `toDate` included, assumed).
async fn flow_dates(
    State(state): State<Arc<Resos>>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let range = (
        required::<jiff::civil::Date>(&query, "fromDate", "as YYYY-MM-DD"),
        required::<jiff::civil::Date>(&query, "toDate", "as YYYY-MM-DD"),
    );
    let (from, to) = match range {
        (Ok(from), Ok(to)) => (from, to),
        (Err(refused), _) | (_, Err(refused)) => return refused,
    };
    let days = from.until(to).map(|s| s.get_days()).unwrap_or(i32::MAX);
    if from > to || i64::from(days) > MAX_FLOW_DAYS {
        return unprocessable("fromDate must not be after toDate, at most 366 days apart");
    }
    json_answer(&flow::dates(&state.data(), from, to))
}

/// `GET /v1/bookingFlow/availableTables` (docs/vendors/resos.md §9.3).
async fn flow_available_tables(
    State(state): State<Arc<Resos>>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let people: i64 = match required(&query, "people", "a number from 1") {
        Ok(p) if p >= 1 => p,
        Ok(_) => return unprocessable("people must be at least 1"),
        Err(refused) => return refused,
    };
    let (from, to) = match (
        query.get("fromDateTime").and_then(|t| local(t)),
        query.get("toDateTime").and_then(|t| local(t)),
    ) {
        (Some(from), Some(to)) if from <= to => (from, to),
        _ => {
            return unprocessable(
                "fromDateTime and toDateTime are required, as YYYY-MM-DDTHH:MM:SS, in order",
            );
        }
    };
    let all = match flag(&query, "returnAllTables") {
        Ok(a) => a,
        Err(refused) => return refused,
    };
    json_answer(&flow::available_tables(
        &state.data(),
        people,
        from,
        to,
        all,
    ))
}

/// The `text` of a note or comment body (required, not blank).
#[allow(clippy::result_large_err)] // the refusal is the answer, as in launch27
fn note_text(body: &Bytes) -> Result<String, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => match map.get("text").and_then(Value::as_str) {
            Some(t) if !t.trim().is_empty() => Ok(t.to_owned()),
            _ => Err(unprocessable("text is required")),
        },
        _ => Err(unprocessable("The body must be a JSON object")),
    }
}

/// Adds an entry to a booking's `list` (`restaurantNotes`, `comments`) and answers its id.
fn add_to_booking(state: &Resos, id: &str, body: &Bytes, list: &str, prefix: &str) -> Response {
    let note = match note_text(body) {
        Ok(t) => t,
        Err(refused) => return refused,
    };
    let n = state.next_id.fetch_add(1, Ordering::Relaxed);
    let note_id = format!("{prefix}{n:015}");
    let entry = if list == "comments" {
        json!({"_id": note_id, "comment": note, "role": "restaurant", "createdAt": now_text()})
    } else {
        json!({"_id": note_id, "restaurantNote": note, "author": "API", "createdAt": now_text()})
    };
    let mut data = state.data();
    let Some(Value::Object(booking)) = data.bookings.get_mut(id) else {
        return text(StatusCode::NOT_FOUND, "Booking not found");
    };
    match booking.entry(list).or_insert_with(|| json!([])) {
        Value::Array(entries) => entries.push(entry),
        other => *other = json!([entry]),
    }
    json_answer(&json!(note_id))
}

/// `POST /v1/bookings/{id}/restaurantNote`: `{text}` → the note's id (§8.6).
async fn add_restaurant_note(
    State(state): State<Arc<Resos>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    add_to_booking(&state, &id, &body, "restaurantNotes", "Nt")
}

/// `POST /v1/bookings/{id}/comment`: `{text}` → the comment's id (§8.7).
async fn add_comment(
    State(state): State<Arc<Resos>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    add_to_booking(&state, &id, &body, "comments", "Cm")
}

fn local(text: &str) -> Option<jiff::civil::DateTime> {
    text.parse().ok()
}

/// A booking's local date and time.
pub(crate) fn booking_local(booking: &Value) -> Option<jiff::civil::DateTime> {
    let date: jiff::civil::Date = booking.get("date")?.as_str()?.parse().ok()?;
    let time: jiff::civil::Time = booking.get("time")?.as_str()?.parse().ok()?;
    Some(date.to_datetime(time))
}

/// `GET /v1/bookings/{id}`.
async fn get_booking(State(state): State<Arc<Resos>>, Path(id): Path<String>) -> Response {
    get_of(&state, Kind::Bookings, &id)
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
    let Some(Value::Object(booking)) = data.bookings.get_mut(&id) else {
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

/// `GET /v1/tables`: every table at once (not paged by resOS; `sort` applies).
async fn list_tables(
    State(state): State<Arc<Resos>>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    list_of(&state, Kind::Tables, &headers, &query, false, None)
}
