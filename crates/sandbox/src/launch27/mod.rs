//! The Launch27 fake (docs/vendors/launch27.md): `POST /v1/login` issuing HS256-shaped JWTs,
//! `Authorization: Bearer` checked on every other route (optional on the public helpers),
//! the customer's bookings in memory (list with filters and `limit`/`offset` paging, count,
//! get, cancel; create and update in [`writes`]), the read-only reference data in
//! [`reference`], text errors with JSON field errors for 422, and read and write token
//! buckets announced in `x-rate-limit-*` headers on every answer.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, MatchedPath, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value, json};
use tokio::time::Instant;

use crate::bucket::TokenBucket;

mod reference;
mod writes;

use crate::{Credentials, Error, Hits, Result, SandboxOptions, Sessions};
use reference::{Access, Reference};

/// Read bucket size (docs/vendors/launch27.md §5: `x-rate-limit-read-limit: 30`).
const READ_BURST: u32 = 30;
/// Write bucket size (docs/vendors/launch27.md §5: `x-rate-limit-write-limit: 10`).
const WRITE_BURST: u32 = 10;
/// Refill interval of both buckets (docs/vendors/launch27.md §5: `...-ttl: 500ms`).
const REFILL_INTERVAL: Duration = Duration::from_millis(500);
/// Largest `limit` of the booking list. The vendor documents none for the customer list
/// and 100 for the staff list (docs/vendors/launch27.md §12, §16); 100 is assumed.
const PAGE_MAX: usize = 100;
/// Lifetime of a JWT when [`SandboxOptions::token_lifetime`] is not set (the vendor's is
/// not documented).
const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// The login e-mail when the seeds give no user.
const EMAIL: &str = "pat@example.com";
/// The e-mail of the staff user (same password), for the staff routes.
pub(crate) const STAFF_EMAIL: &str = "sam.staff@example.com";
/// The password a sandbox accepts. Not a secret: the sandbox holds no data of anyone.
const PASSWORD: &str = "sandbox-launch27-password";
/// Ids of generated bookings start after this.
const GENERATED_ID_BASE: u64 = 100_000;

/// Header names of the documented dialect (docs/vendors/launch27.md §5).
const READ_LIMIT: &str = "x-rate-limit-read-limit";
const READ_TTL: &str = "x-rate-limit-read-ttl";
const WRITE_LIMIT: &str = "x-rate-limit-write-limit";
const WRITE_TTL: &str = "x-rate-limit-write-ttl";

/// The fixtures built into the crate: the login answer (the user), the answers that hold
/// customer and staff bookings, and those of the reference data, quotes and discount codes. Embedded, as for resOS, so a sandbox works from any directory.
/// One embedded seed fixture of `fixtures/launch27`.
macro_rules! seed {
    ($name:literal) => {
        (
            concat!($name, ".json"),
            include_str!(concat!("../../../../fixtures/launch27/", $name, ".json")),
        )
    };
}

const SEEDS: &[(&str, &str)] = &[
    seed!("auth.login"),
    seed!("customer_bookings.list"),
    seed!("customer_bookings.list_page"),
    seed!("customer_bookings.get"),
    seed!("staff.list_bookings"),
    seed!("staff.list_bookings_page"),
    seed!("staff.booking"),
    seed!("account.settings"),
    seed!("account.settings--anonymous"),
    seed!("account.general_settings--text-plain"),
    seed!("account.list_countries"),
    seed!("account.profile"),
    seed!("booking.form"),
    seed!("booking.list_custom_fields"),
    seed!("booking.list_frequencies"),
    seed!("booking.list_services"),
    seed!("booking.list_services_page"),
    seed!("booking.arrival_windows"),
    seed!("booking.quote"),
    seed!("policies.booking"),
    seed!("policies.location"),
    seed!("policies.reschedule"),
    seed!("policies.cancellation"),
    seed!("policies.recurring"),
    seed!("policies.invite_teams"),
    seed!("quotes.form"),
    seed!("quotes.list_custom_fields"),
    seed!("quotes.create"),
    seed!("gift_cards.check_discount"),
    seed!("staff.list_locations"),
    seed!("staff.list_available_locations"),
    seed!("staff.list_checklists"),
    seed!("staff.list_pending_charges"),
    seed!("staff.list_team_payments"),
];

/// An issued token: when it expires on tokio's clock (`None`: never) and its generation.
#[derive(Clone, Copy, Debug)]
struct Issued {
    expires: Option<Instant>,
    generation: u64,
    staff: bool,
}

/// The server's state.
struct Launch27 {
    email: String,
    password: SecretString,
    /// The login answer without `bearer`.
    user: Map<String, Value>,
    /// The staff user's login answer without `bearer`.
    staff_user: Map<String, Value>,
    read: TokenBucket,
    write: TokenBucket,
    hits: Arc<Hits>,
    sessions: Arc<Sessions>,
    lifetime: Duration,
    tokens: Mutex<HashMap<String, Issued>>,
    next_token: AtomicU64,
    data: Mutex<Data>,
    staff: Mutex<Data>,
    /// The read-only reference data (settings, services, policies, staff lists, ...).
    reference: Reference,
    /// Quotes and discount codes.
    store: Mutex<writes::Store>,
    /// Bookings created so far (their ids follow).
    next_booking: AtomicU64,
    /// Numbers of quotes, gift cards and payment tokens.
    next_write: AtomicU64,
}

/// Bookings sorted by service date then id (the list's `asc` order), with an index by id.
#[derive(Default)]
struct Data {
    bookings: Vec<Value>,
    index: HashMap<u64, usize>,
    user: Option<Map<String, Value>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn booking_id(booking: &Value) -> Option<u64> {
    booking.get("id").and_then(Value::as_u64)
}

fn service_date(booking: &Value) -> Option<jiff::Timestamp> {
    booking.get("service_date")?.as_str()?.parse().ok()
}

impl Data {
    /// Adds a booking unless one with its id is there (call [`Data::sort`] after).
    fn insert(&mut self, booking: Value) {
        let Some(id) = booking_id(&booking) else {
            return;
        };
        if self.index.contains_key(&id) {
            return;
        }
        self.index.insert(id, self.bookings.len());
        self.bookings.push(booking);
    }

    /// Sorts by service date then id and rebuilds the index.
    fn sort(&mut self) {
        self.bookings
            .sort_by_cached_key(|b| (service_date(b), booking_id(b)));
        self.index = self
            .bookings
            .iter()
            .enumerate()
            .filter_map(|(i, b)| booking_id(b).map(|id| (id, i)))
            .collect();
    }

    /// Inserts a booking at its place in the order (service date then id) and re-indexes
    /// those after it: no full sort, so a create on a large generated set stays cheap.
    fn insert_sorted(&mut self, booking: Value) {
        let Some(id) = booking_id(&booking) else {
            return;
        };
        if self.index.contains_key(&id) {
            return;
        }
        let key = (service_date(&booking), Some(id));
        let at = self
            .bookings
            .partition_point(|b| (service_date(b), booking_id(b)) < key);
        self.bookings.insert(at, booking);
        self.reindex_from(at);
    }

    fn reindex_from(&mut self, from: usize) {
        for (i, b) in self.bookings.iter().enumerate().skip(from) {
            if let Some(id) = booking_id(b) {
                self.index.insert(id, i);
            }
        }
    }

    /// Moves booking `id` to its place after its service date changed.
    fn reposition(&mut self, id: u64) {
        let Some(i) = self.index.remove(&id) else {
            return;
        };
        if i < self.bookings.len() {
            let booking = self.bookings.remove(i);
            self.reindex_from(i);
            self.insert_sorted(booking);
        }
    }

    fn get_mut(&mut self, id: u64) -> Option<&mut Value> {
        let i = *self.index.get(&id)?;
        self.bookings.get_mut(i)
    }

    /// Seeds from one fixture's text: the bodies of its 200 answers (customer bookings and
    /// the user, or with `staff` the staff bookings).
    fn seed(&mut self, file: &str, text: &str, staff: bool) -> Result<()> {
        let fixture: Value = serde_json::from_str(text).map_err(|e| Error::Seed {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
        let operation = fixture
            .get("operation")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let (login, bookings, route) = if staff {
            let bookings =
                operation.starts_with("staff.list_bookings") || operation == "staff.booking";
            (false, bookings, "/staff/bookings")
        } else {
            let bookings = operation.starts_with("customer_bookings.list")
                || operation == "customer_bookings.get";
            (operation == "auth.login", bookings, "/customer/bookings")
        };
        if !login && !bookings {
            return Ok(());
        }
        let exchanges = fixture.get("exchanges").and_then(Value::as_array);
        for exchange in exchanges.into_iter().flatten() {
            let Some(response) = exchange.get("response") else {
                continue;
            };
            if response.get("status").and_then(Value::as_u64) != Some(200) {
                continue;
            }
            // A fixture may hold other calls (a re-login before the replay): the path says
            // what an answer is.
            let path = exchange
                .get("request")
                .and_then(|r| r.get("path"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            let login = login && path.ends_with("/login");
            let bookings = bookings && path.contains(route);
            match response.get("body") {
                Some(Value::Object(user)) if login && self.user.is_none() => {
                    let mut user = user.clone();
                    user.remove("bearer");
                    self.user = Some(user);
                }
                Some(Value::Array(items)) if bookings => {
                    for item in items {
                        self.insert(item.clone());
                    }
                }
                Some(item @ Value::Object(_)) if bookings => self.insert(item.clone()),
                _ => {}
            }
        }
        Ok(())
    }
}

/// Rounds a duration up to whole microseconds (at least 1 µs): the precision of the
/// `x-rate-limit-*-ttl` headers, so the buckets announced are the buckets enforced.
fn whole_micros(d: Duration) -> Duration {
    let micros = d.as_nanos().div_ceil(1_000).max(1);
    Duration::from_micros(u64::try_from(micros).unwrap_or(u64::MAX))
}

/// Builds the Launch27 router, its credentials and its base path.
pub(crate) fn build(
    options: &SandboxOptions,
    hits: Arc<Hits>,
    sessions: Arc<Sessions>,
) -> Result<(Router, Credentials, &'static str)> {
    let mut data = Data::default();
    let mut staff = Data::default();
    let mut reference = Reference::default();
    let mut store = writes::Store::default();
    for (file, text) in crate::seed_texts(options, SEEDS)? {
        data.seed(&file, &text, false)?;
        staff.seed(&file, &text, true)?;
        if let Ok(fixture) = serde_json::from_str::<Value>(&text) {
            reference.seed(&fixture);
            store.seed(&fixture);
        }
    }
    reference.finish();
    staff.sort();
    let template = data.bookings.first().cloned();
    for i in 0..options.generated_bookings {
        data.insert(generated(i, template.as_ref()));
    }
    data.sort();
    let mut user = data.user.take().unwrap_or_else(|| {
        let mut user = Map::new();
        user.insert("id".into(), json!(42));
        user.insert("type".into(), json!("Tenant::Customer"));
        user
    });
    let email = user
        .get("email")
        .and_then(Value::as_str)
        .unwrap_or(EMAIL)
        .to_owned();
    user.insert("email".into(), json!(email));
    let mut staff_user = Map::new();
    staff_user.insert("id".into(), json!(43));
    staff_user.insert("email".into(), json!(STAFF_EMAIL));
    staff_user.insert("type".into(), json!("Tenant::Staff"));
    staff_user.insert("first_name".into(), json!("Sam"));
    staff_user.insert("last_name".into(), json!("Staff"));
    let interval = whole_micros(options.scaled(REFILL_INTERVAL)?);
    let password = SecretString::from(PASSWORD);
    let state = Arc::new(Launch27 {
        email: email.clone(),
        password: password.clone(),
        user,
        staff_user,
        read: TokenBucket::new(READ_BURST, interval),
        write: TokenBucket::new(WRITE_BURST, interval),
        hits,
        sessions,
        lifetime: options.token_lifetime.unwrap_or(TOKEN_LIFETIME),
        tokens: Mutex::new(HashMap::new()),
        next_token: AtomicU64::new(1),
        data: Mutex::new(data),
        staff: Mutex::new(staff),
        reference,
        store: Mutex::new(store),
        next_booking: AtomicU64::new(1),
        next_write: AtomicU64::new(1),
    });
    let mut router = Router::new()
        .route("/v1/login", post(login))
        .route(
            "/v1/customer/bookings",
            get(list_bookings).post(writes::create_customer_booking),
        )
        .route("/v1/customer/bookings/count", get(count_bookings))
        .route(
            "/v1/customer/bookings/{id}",
            get(get_booking).put(writes::update_customer_booking),
        )
        .route("/v1/customer/bookings/{id}/cancel", post(cancel_booking))
        .route("/v1/staff/bookings", get(list_staff_bookings))
        .route("/v1/staff/bookings/{id}", get(get_staff_booking))
        .route(
            "/v1/staff/bookings/available_teams",
            post(writes::available_teams),
        )
        .route(
            "/v1/staff/reports/pending_charges/count",
            get(count_pending_charges),
        )
        .route("/v1/booking", post(writes::create_guest_booking))
        .route("/v1/booking/services", get(writes::services))
        .route("/v1/booking/location", post(writes::find_location))
        .route("/v1/booking/spots", post(writes::spots))
        .route("/v1/booking/estimate_price", post(writes::estimate_price))
        .route("/v1/booking/frequencies/{id}/next", post(writes::next_date))
        .route("/v1/booking/teams", post(writes::teams))
        .route("/v1/booking/quote", post(writes::quote))
        .route("/v1/quote", post(writes::create_quote))
        .route("/v1/giftcard", post(writes::create_gift_card))
        .route("/v1/giftcard/discount", post(writes::check_discount));
    for (path, step) in [
        ("/v1/setup/billing/setup_intent", "setup_intent"),
        ("/v1/setup/billing/authorize_charge", "authorize_charge"),
        ("/v1/fspay/token", "fspay_token"),
        ("/v1/fspay/token/exchange", "fspay_exchange"),
    ] {
        router = router.route(
            path,
            post(
                move |State(state): State<Arc<Launch27>>, headers: HeaderMap, body: Bytes| async move {
                    writes::payment(&state, step, &headers, &body)
                },
            ),
        );
    }
    for entry in reference::ENTRIES {
        router = router.route(
            entry.route,
            get(
                move |State(state): State<Arc<Launch27>>,
                      Extension(caller): Extension<Caller>,
                      Query(query): Query<BTreeMap<String, String>>| async move {
                    let user = caller.0.map(|staff| {
                        (
                            staff,
                            if staff {
                                &state.staff_user
                            } else {
                                &state.user
                            },
                        )
                    });
                    reference::serve(&state.reference, entry, user, &query)
                },
            ),
        );
    }
    let router = router
        .route_layer(middleware::from_fn_with_state(state.clone(), gate))
        .fallback(|| async { text(StatusCode::NOT_FOUND, "Not Found") })
        .layer(middleware::from_fn_with_state(state.clone(), announce))
        .with_state(state);
    Ok((router, Credentials::Login { email, password }, "/v1"))
}

/// An invented booking, the `i`-th: id 100001, ..., a service date every 15 minutes from
/// 2030-01-01, the rest from `template` (the first seed) when there is one.
fn generated(i: usize, template: Option<&Value>) -> Value {
    let n = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
    let start = jiff::Timestamp::from_second(1_893_456_000).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let offset = i64::try_from(n.saturating_mul(900)).unwrap_or(i64::MAX);
    let date = start
        .checked_add(jiff::SignedDuration::from_secs(offset))
        .unwrap_or(start);
    let mut booking = match template {
        Some(Value::Object(t)) => t.clone(),
        _ => Map::new(),
    };
    booking.insert("id".into(), json!(GENERATED_ID_BASE.saturating_add(n)));
    booking.insert("digest".into(), json!(format!("Sandbox{n:025}")));
    booking.insert("service_date".into(), json!(date.to_string()));
    booking.insert("active".into(), json!(true));
    booking.insert("completed".into(), json!(false));
    booking.insert(
        "actions".into(),
        json!({"edit": true, "cancel": true, "late_cancel": false,
               "recurring_cancel": false, "complete": false}),
    );
    Value::Object(booking)
}

/// `500ms`, `5ms`, `250us`: the form of the documented `...-ttl` headers.
fn ttl_text(d: Duration) -> String {
    let micros = d.as_micros();
    if micros.is_multiple_of(1_000) {
        format!("{}ms", micros / 1_000)
    } else {
        format!("{micros}us")
    }
}

/// Seconds, with a fraction when not whole (`1`, `0.5`, `0.005`), rounded up to a
/// millisecond and at least 1 ms.
fn seconds_text(d: Duration) -> String {
    let ms = d.as_nanos().div_ceil(1_000_000).max(1);
    let (whole, frac) = (ms / 1_000, ms % 1_000);
    if frac == 0 {
        whole.to_string()
    } else {
        let frac = format!("{frac:03}");
        format!("{whole}.{}", frac.trim_end_matches('0'))
    }
}

fn insert(response: &mut Response, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, v);
    }
}

/// Stamps the buckets in the documented dialect on every answer (docs/vendors/launch27.md §5).
async fn announce(State(state): State<Arc<Launch27>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    insert(&mut response, READ_LIMIT, &state.read.burst().to_string());
    insert(&mut response, READ_TTL, &ttl_text(state.read.interval()));
    insert(&mut response, WRITE_LIMIT, &state.write.burst().to_string());
    insert(&mut response, WRITE_TTL, &ttl_text(state.write.interval()));
    response
}

/// Who is calling, for the handlers: `None` anonymous, else whether the login is staff.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caller(pub(crate) Option<bool>);

/// Who may call `route` (docs/vendors/launch27.md §3, §7, §12, §16).
fn access(route: &str) -> Access {
    if route.starts_with("/v1/staff/") {
        Access::Staff
    } else if route.starts_with("/v1/customer/") {
        Access::Customer
    } else if let Some(entry) = reference::entry_of(route) {
        entry.access
    } else if writes::PUBLIC.contains(&route) || route == "/v1/booking/services" {
        Access::Public
    } else {
        Access::Login
    }
}

/// Counts the request, checks the bearer token (not on the login; optional on the public
/// routes, where an invalid one is still a 401) and takes a token from the read bucket (GET)
/// or the write bucket (anything else).
async fn gate(
    State(state): State<Arc<Launch27>>,
    matched: Option<MatchedPath>,
    mut request: Request,
    next: Next,
) -> Response {
    let route = matched.as_ref().map_or("?", MatchedPath::as_str);
    state.hits.record(format!("{} {}", request.method(), route));
    let access = access(route);
    let caller = if route == "/v1/login"
        || (access == Access::Public && !request.headers().contains_key(header::AUTHORIZATION))
    {
        None
    } else {
        match state.authorized(request.headers()) {
            Some(staff) => Some(staff),
            None => return text(StatusCode::UNAUTHORIZED, "Unauthorized"),
        }
    };
    let bucket = if request.method() == Method::GET || request.method() == Method::HEAD {
        &state.read
    } else {
        &state.write
    };
    let forbidden = match access {
        Access::Public | Access::Login => false,
        Access::Customer => caller == Some(true),
        Access::Staff => caller == Some(false),
    };
    match bucket.take() {
        // Customer routes for the customer, staff routes for staff (docs/vendors/launch27.md
        // §12, §16).
        Ok(()) if forbidden => text(StatusCode::FORBIDDEN, "Forbidden"),
        Ok(()) => {
            request.extensions_mut().insert(Caller(caller));
            next.run(request).await
        }
        Err(wait) => {
            let mut response = text(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests");
            insert(&mut response, "retry-after", &seconds_text(wait));
            response
        }
    }
}

impl Launch27 {
    /// `Authorization: Bearer <jwt>` with a token this server issued, of the current
    /// generation and not expired: whether its user is staff, or `None`.
    fn authorized(&self, headers: &HeaderMap) -> Option<bool> {
        let jwt = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))?;
        let issued = lock(&self.tokens).get(jwt.trim()).copied()?;
        let valid = issued.generation == self.sessions.generation()
            && issued.expires.is_none_or(|at| Instant::now() < at);
        valid.then_some(issued.staff)
    }

    /// A new HS256-shaped JWT for the user (the signature is not an HMAC: the server knows
    /// its tokens by heart).
    fn issue(&self, email: &str, staff: bool) -> String {
        let n = self.next_token.fetch_add(1, Ordering::Relaxed);
        let lifetime = i64::try_from(self.lifetime.as_secs()).unwrap_or(i64::MAX);
        let exp = jiff::Timestamp::now().as_second().saturating_add(lifetime);
        let header = json!({"alg": "HS256", "typ": "JWT"});
        let claims = json!({"email": email, "exp": exp, "iss": "Launch27", "jti": n});
        let jwt = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string()),
            URL_SAFE_NO_PAD.encode(format!("sandbox-signature-{n}")),
        );
        let issued = Issued {
            expires: Instant::now().checked_add(self.lifetime),
            generation: self.sessions.generation(),
            staff,
        };
        lock(&self.tokens).insert(jwt.clone(), issued);
        jwt
    }
}

/// A text answer, as Launch27 writes its errors (docs/vendors/launch27.md §6).
fn text(status: StatusCode, body: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body.to_owned(),
    )
        .into_response()
}

fn json_answer(status: StatusCode, value: &Value) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(_) => text(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error"),
    }
}

/// A 422 with one field error, in the vendor's shape (`{field: [{type, message}]}`).
fn field_error(field: &str, kind: &str, message: &str) -> Response {
    json_answer(
        StatusCode::UNPROCESSABLE_ENTITY,
        &json!({ field: [{"type": kind, "message": format!("{field}: {message}")}] }),
    )
}

/// The JSON object body of a POST or PUT: 415 without `Content-Type: application/json`, 400
/// for an empty or malformed body (docs/vendors/launch27.md §3, §6).
#[allow(clippy::result_large_err)]
fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Map<String, Value>, Response> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"));
    if !json {
        return Err(text(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported Media Type",
        ));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(text(StatusCode::BAD_REQUEST, "Bad Request")),
    }
}

/// `POST /v1/login`: the user and a fresh JWT in `bearer`; 401 for a wrong e-mail or
/// password, 422 for members the schema refuses.
async fn login(State(state): State<Arc<Launch27>>, headers: HeaderMap, body: Bytes) -> Response {
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let email = body.get("email").and_then(Value::as_str).unwrap_or("");
    if email.is_empty() {
        return field_error("email", "string_gte", "must be at least 1 characters");
    }
    if email.chars().count() > 255 {
        return field_error("email", "string_lte", "must be at most 255 characters");
    }
    let password = body.get("password").and_then(Value::as_str).unwrap_or("");
    if password.is_empty() {
        return field_error("password", "string_gte", "must be at least 1 characters");
    }
    let staff = email.eq_ignore_ascii_case(STAFF_EMAIL);
    if !(staff || email.eq_ignore_ascii_case(&state.email))
        || password != state.password.expose_secret()
    {
        return text(StatusCode::UNAUTHORIZED, "Unauthorized");
    }
    let (user, email) = if staff {
        (&state.staff_user, STAFF_EMAIL)
    } else {
        (&state.user, state.email.as_str())
    };
    let mut answer = user.clone();
    answer.insert("bearer".into(), json!(state.issue(email, staff)));
    json_answer(StatusCode::OK, &Value::Object(answer))
}

/// The list filters of `GET /v1/customer/bookings`, checked.
struct Filters {
    from: Option<jiff::civil::Date>,
    to: Option<jiff::civil::Date>,
    query: Option<String>,
    completed: Option<bool>,
    feedback: Option<bool>,
    limit: usize,
    offset: usize,
    asc: bool,
}

impl Filters {
    #[allow(clippy::result_large_err)]
    fn parse(query: &BTreeMap<String, String>, staff: bool) -> Result<Filters, Response> {
        let unsupported = ["query", "filter"]
            .into_iter()
            .find(|n| query.contains_key(*n));
        if staff && let Some(name) = unsupported {
            return Err(field_error(
                name,
                "invalid",
                "not supported by the sandbox yet",
            ));
        }
        let date = |name: &str| -> Result<Option<jiff::civil::Date>, Response> {
            match query.get(name) {
                None => Ok(None),
                Some(text) => text
                    .parse()
                    .map(Some)
                    .map_err(|_| field_error(name, "invalid", "must be a date (YYYY-MM-DD)")),
            }
        };
        let limit = match query.get("limit").map(|l| l.parse::<usize>()) {
            None => PAGE_MAX,
            Some(Ok(0) | Err(_)) => {
                return Err(field_error("limit", "int_gte", "must be at least 1"));
            }
            Some(Ok(n)) if n > PAGE_MAX => {
                return Err(field_error("limit", "int_lte", "must be at most 100"));
            }
            Some(Ok(n)) => n,
        };
        let offset = match query.get("offset").map(|o| o.parse::<usize>()) {
            None => 0,
            Some(Ok(n)) => n,
            Some(Err(_)) => return Err(field_error("offset", "int_gte", "must be at least 0")),
        };
        let asc = match query.get("sort").map(String::as_str) {
            None | Some("desc") => false,
            Some("asc") => true,
            Some(_) => return Err(field_error("sort", "enum", "must be asc or desc")),
        };
        let mut completed = None;
        let mut feedback = None;
        for option in query
            .get("options")
            .map(|o| o.split(',').map(str::trim).filter(|o| !o.is_empty()))
            .into_iter()
            .flatten()
        {
            match option {
                "completed" => completed = Some(true),
                "not_completed" => completed = Some(false),
                "with_feedback" if !staff => feedback = Some(true),
                "without_feedback" if !staff => feedback = Some(false),
                // The sandbox forecasts no recurring bookings.
                "exclude_forecasted" if staff => {}
                _ => {
                    return Err(field_error(
                        "options",
                        "enum",
                        "must be completed, not_completed, with_feedback or without_feedback",
                    ));
                }
            }
        }
        Ok(Filters {
            from: date("from")?,
            to: date("to")?,
            query: query
                .get("query")
                .map(|q| q.to_lowercase())
                .filter(|q| !q.is_empty()),
            completed,
            feedback,
            limit,
            offset,
            asc,
        })
    }

    /// Whether any filter is set (else every booking is kept).
    fn any(&self) -> bool {
        self.from.is_some()
            || self.to.is_some()
            || self.query.is_some()
            || self.completed.is_some()
            || self.feedback.is_some()
    }

    fn keeps(&self, booking: &Value) -> bool {
        let flag = |name: &str| booking.get(name).and_then(Value::as_bool);
        if self.from.is_some() || self.to.is_some() {
            // With a range, only active bookings (docs/vendors/launch27.md §12, assumed for
            // the staff list too); the day is the service date's UTC day (the tenant's time
            // zone is not faked).
            let Some(day) =
                service_date(booking).map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
            else {
                return false;
            };
            if flag("active") == Some(false)
                || self.from.is_some_and(|from| day < from)
                || self.to.is_some_and(|to| day > to)
            {
                return false;
            }
        }
        if let Some(completed) = self.completed
            && flag("completed").unwrap_or(false) != completed
        {
            return false;
        }
        if let Some(feedback) = self.feedback {
            let has = booking.get("feedback").is_some_and(|f| !f.is_null());
            if has != feedback {
                return false;
            }
        }
        if let Some(needle) = &self.query {
            let address = booking.get("address");
            let fields = [
                address.and_then(|a| a.get("full_address")),
                address.and_then(|a| a.get("city")),
                booking.get("phone"),
            ];
            let found = fields
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .any(|f| f.to_lowercase().contains(needle));
            if !found {
                return false;
            }
        }
        true
    }
}

/// `GET /v1/customer/bookings`: filters, `sort` (default `desc` by service date),
/// `limit` (default and maximum 100) and `offset`; no totals.
async fn list_bookings(
    State(state): State<Arc<Launch27>>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    list(&state.data, &query, false)
}

/// `GET /v1/staff/bookings`: as the customer list, with the staff options (`completed`,
/// `exclude_forecasted`).
async fn list_staff_bookings(
    State(state): State<Arc<Launch27>>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    list(&state.staff, &query, true)
}

/// `GET /v1/staff/bookings/{id}`.
async fn get_staff_booking(State(state): State<Arc<Launch27>>, Path(id): Path<String>) -> Response {
    let mut data = lock(&state.staff);
    match id.parse().ok().and_then(|id| data.get_mut(id)) {
        Some(booking) => json_answer(StatusCode::OK, booking),
        None => text(StatusCode::NOT_FOUND, "Not Found"),
    }
}

/// One page of `data` as the query asks.
fn list(data: &Mutex<Data>, query: &BTreeMap<String, String>, staff: bool) -> Response {
    let filters = match Filters::parse(query, staff) {
        Ok(f) => f,
        Err(refused) => return refused,
    };
    let data = lock(data);
    let ordered: Box<dyn Iterator<Item = &Value>> = if filters.asc {
        Box::new(data.bookings.iter())
    } else {
        Box::new(data.bookings.iter().rev())
    };
    // Without filters the slice iterator skips in O(1), so deep pages of a large generated
    // set stay cheap (benchmarks page through a million bookings).
    let ordered: Box<dyn Iterator<Item = &Value>> = if filters.any() {
        Box::new(ordered.filter(|b| filters.keeps(b)))
    } else {
        ordered
    };
    let page: Vec<Value> = ordered
        .skip(filters.offset)
        .take(filters.limit)
        .cloned()
        .collect();
    json_answer(StatusCode::OK, &Value::Array(page))
}

/// `GET /v1/customer/bookings/count`.
async fn count_bookings(State(state): State<Arc<Launch27>>) -> Response {
    let count = lock(&state.data).bookings.len();
    json_answer(StatusCode::OK, &json!({ "count": count }))
}

/// `GET /v1/staff/reports/pending_charges/count` (§16): how many pending charges there are.
async fn count_pending_charges(State(state): State<Arc<Launch27>>) -> Response {
    let count = state
        .reference
        .list("/v1/staff/reports/pending_charges")
        .len();
    json_answer(StatusCode::OK, &json!({ "count": count }))
}

/// `GET /v1/customer/bookings/{id}`.
async fn get_booking(State(state): State<Arc<Launch27>>, Path(id): Path<String>) -> Response {
    let mut data = lock(&state.data);
    match id.parse().ok().and_then(|id| data.get_mut(id)) {
        Some(booking) => json_answer(StatusCode::OK, booking),
        None => text(StatusCode::NOT_FOUND, "Not Found"),
    }
}

/// `POST /v1/customer/bookings/{id}/cancel`: 406 when the booking cannot be cancelled
/// (already cancelled, completed, or `actions.cancel` false), 422 when a late or recurring
/// cancel is not confirmed; else the booking becomes inactive and the answer is
/// `{id, active: false}`.
async fn cancel_booking(
    State(state): State<Arc<Launch27>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let terms = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let mut data = lock(&state.data);
    let Some((id, Value::Object(booking))) = id
        .parse::<u64>()
        .ok()
        .and_then(|id| data.get_mut(id).map(|b| (id, b)))
    else {
        return text(StatusCode::NOT_FOUND, "Not Found");
    };
    let flag = |map: &Map<String, Value>, name: &str| map.get(name).and_then(Value::as_bool);
    let actions = booking
        .get("actions")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if flag(booking, "active") == Some(false)
        || flag(booking, "completed") == Some(true)
        || flag(&actions, "cancel") == Some(false)
    {
        return text(StatusCode::NOT_ACCEPTABLE, "Booking can not be cancelled");
    }
    if flag(&actions, "late_cancel") == Some(true) && flag(&terms, "confirmed_late") != Some(true) {
        return field_error(
            "confirmed_late",
            "invalid",
            "cancellation is late and must be confirmed",
        );
    }
    if flag(&actions, "recurring_cancel") == Some(true)
        && !terms.contains_key("confirmed_recurring")
    {
        return field_error(
            "confirmed_recurring",
            "invalid",
            "a recurring booking needs cancel_future",
        );
    }
    booking.insert("active".into(), json!(false));
    if let Some(Value::Object(actions)) = booking.get_mut("actions") {
        for action in ["edit", "cancel", "late_cancel", "recurring_cancel"] {
            if actions.contains_key(action) {
                actions.insert(action.into(), json!(false));
            }
        }
    }
    json_answer(StatusCode::OK, &json!({"id": id, "active": false}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_forms() {
        assert_eq!(ttl_text(Duration::from_millis(500)), "500ms");
        assert_eq!(ttl_text(Duration::from_micros(2_500)), "2500us");
        assert_eq!(seconds_text(Duration::from_secs(1)), "1");
        assert_eq!(seconds_text(Duration::from_millis(500)), "0.5");
        assert_eq!(seconds_text(Duration::from_micros(4_200)), "0.005");
        assert_eq!(seconds_text(Duration::ZERO), "0.001");
        assert_eq!(
            whole_micros(Duration::from_nanos(1_500)),
            Duration::from_micros(2)
        );
    }
}
