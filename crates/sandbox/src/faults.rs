//! A seeded fault plan: a layer in front of every vendor's routes that, per request, may
//! answer with a fault instead of (or on top of) the vendor's answer.
//!
//! A [`FaultPlan`] is a seed and a list of [`FaultRule`]s. Each rule names one [`Fault`]
//! and when it fires: on requests of a route and method ([`FaultRule::route`],
//! [`FaultRule::method`]), on the n-th requests among those ([`FaultRule::requests`], counted
//! from 0 per rule), and with a probability drawn from the plan's seed
//! ([`FaultRule::probability`]). The first rule that fires on a request wins; every rule
//! counts every request that matches its route and method, fired or not. The same seed and
//! the same sequence of requests give the same faults ([`crate::Sandbox::fault_log`]).
//!
//! The layer is vendor-independent: it wraps each route of a vendor's finished router
//! (`Router::route_layer`), sees the route pattern (`/v1/bookings/{id}`) and knows nothing of
//! the vendor but its error-body shape ([`FaultBody::Vendor`]). Paths the fake does not
//! serve get the fake's own 404, never a fault. Requests are counted in arrival order, so
//! concurrent requests may meet the rules in a different order from run to run; sequential
//! ones always meet them alike.
//!
//! **Where a fault happens.** A *replacing* fault ([`Fault::Status`], [`Fault::ResetBeforeResponse`],
//! [`Fault::HtmlErrorPage`], [`Fault::Empty200`], [`Fault::DeepNesting`],
//! [`Fault::GzipBomb`]) answers in place of the vendor: by default the request never reaches
//! the vendor's state (nothing is stored, no rate-limit slot is taken; the layer still counts
//! the hit). With [`FaultRule::after_state`] the vendor handles the request first (a create is
//! stored, its hit counted by the vendor) and its answer is then lost and replaced: the
//! "stored, but the client never heard" case. [`Fault::Latency`] waits before the vendor
//! (or, with `after_state`, after it). Every other fault *mangles* the vendor's real answer,
//! so the request always reaches the state.
//!
//! Resets are real TCP resets (see `conn.rs`): the listener wraps each connection, and the
//! layer arms a cut on the request's connection.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Write;
use std::ops::{Bound, RangeBounds};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::conn::Conn;
use crate::{Hits, Vendor};

/// A seed and the rules that decide, per request, which fault (if any) the sandbox injects.
/// `FaultPlan::default()` injects nothing.
#[derive(Clone, Debug, Default)]
pub struct FaultPlan {
    seed: u64,
    rules: Vec<FaultRule>,
}

impl FaultPlan {
    /// An empty plan whose probabilities are drawn from `seed`.
    pub fn new(seed: u64) -> Self {
        FaultPlan {
            seed,
            rules: Vec::new(),
        }
    }

    /// Adds a rule after the existing ones (the first rule that fires wins).
    pub fn rule(mut self, rule: FaultRule) -> Self {
        self.rules.push(rule);
        self
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[FaultRule] {
        &self.rules
    }

    /// Whether the plan has no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Checks the rules' settings (`Err` names the first bad one).
    pub(crate) fn check(&self) -> Result<(), String> {
        for (i, rule) in self.rules.iter().enumerate() {
            if let Some(p) = rule.probability
                && !(0.0..=1.0).contains(&p)
            {
                return Err(format!("fault rule {i}: probability {p} is not in 0..=1"));
            }
            if let Fault::Status { status, .. } | Fault::HtmlErrorPage { status } = rule.fault
                && StatusCode::from_u16(status).is_err()
            {
                return Err(format!("fault rule {i}: {status} is not an HTTP status"));
            }
        }
        Ok(())
    }
}

/// When a [`Fault`] fires. `FaultRule::new(fault)` fires on every request.
#[derive(Clone, Debug)]
pub struct FaultRule {
    fault: Fault,
    method: Option<String>,
    route: Option<String>,
    from: u64,
    until: Option<u64>,
    probability: Option<f64>,
    after_state: bool,
}

impl FaultRule {
    /// A rule that injects `fault` on every request.
    pub fn new(fault: Fault) -> Self {
        FaultRule {
            fault,
            method: None,
            route: None,
            from: 0,
            until: None,
            probability: None,
            after_state: false,
        }
    }

    /// Only requests to this route: the pattern as in [`crate::Sandbox::hits`], with or
    /// without the method (`"POST /v1/bookings"`, `"/v1/bookings/{id}"`).
    pub fn route(mut self, route: &str) -> Self {
        match route.split_once(' ') {
            Some((method, pattern)) => {
                self.method = Some(method.to_ascii_uppercase());
                self.route = Some(pattern.to_owned());
            }
            None => self.route = Some(route.to_owned()),
        }
        self
    }

    /// Only requests with this method (`GET`, `POST`, ...).
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    /// Only the requests whose index is in `range`, counting from 0 the requests that match
    /// this rule's route and method (`..2`: the first two; `3..`: all from the fourth on).
    pub fn requests(mut self, range: impl RangeBounds<u64>) -> Self {
        self.from = match range.start_bound() {
            Bound::Included(&n) => n,
            Bound::Excluded(&n) => n.saturating_add(1),
            Bound::Unbounded => 0,
        };
        self.until = match range.end_bound() {
            Bound::Included(&n) => Some(n.saturating_add(1)),
            Bound::Excluded(&n) => Some(n),
            Bound::Unbounded => None,
        };
        self
    }

    /// Only the request with index `n` (see [`requests`](Self::requests)).
    pub fn nth(self, n: u64) -> Self {
        self.requests(n..=n)
    }

    /// Fires with probability `p` (0 to 1) on each request it matches, drawn from the plan's
    /// seed: the same seed gives the same draws.
    pub fn probability(mut self, p: f64) -> Self {
        self.probability = Some(p);
        self
    }

    /// The vendor handles the request first (stores a create, counts the hit, takes a
    /// rate-limit slot) and the fault replaces or delays its answer. Matters for replacing
    /// faults and [`Fault::Latency`]; mangling faults always run after the state.
    pub fn after_state(mut self) -> Self {
        self.after_state = true;
        self
    }

    /// The fault.
    pub fn fault(&self) -> &Fault {
        &self.fault
    }

    fn matches(&self, method: &str, route: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method)
            && self.route.as_deref().is_none_or(|r| r == route)
    }
}

/// The body of a [`Fault::Status`] answer.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum FaultBody {
    /// The vendor's own error-body shape for the status: resOS and Launch27 a text with the
    /// reason phrase, Resource Guru `{"errors": [reason]}`, Rightech `{"success": false,
    /// "code": "503", "message": reason, "tags": [...]}`.
    Vendor,
    /// This content type and these bytes.
    Raw {
        /// The `Content-Type`.
        content_type: String,
        /// The body.
        bytes: Vec<u8>,
    },
}

impl FaultBody {
    /// A `text/plain` body.
    pub fn text(text: &str) -> Self {
        FaultBody::Raw {
            content_type: "text/plain; charset=utf-8".into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// An `application/json` body.
    pub fn json(value: &Value) -> Self {
        FaultBody::Raw {
            content_type: "application/json".into(),
            bytes: value.to_string().into_bytes(),
        }
    }
}

/// What goes wrong.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Fault {
    /// Replacing: this status with this body, and a `Retry-After` header when set (any
    /// text, absurd ones included: `"99999999999"`, `"-1"`, `"soon"`).
    Status {
        /// The status code.
        status: u16,
        /// The body.
        body: FaultBody,
        /// The `Retry-After` value.
        retry_after: Option<String>,
    },
    /// Replacing: the connection is reset (TCP `RST`) before any byte of the response.
    ResetBeforeResponse,
    /// Mangling: the response head and the first half of the body are sent, then the
    /// connection is reset (an empty body: reset before the head). HTTP/1 only, as every
    /// client of the sandbox speaks it (plain `http://` without prior knowledge of HTTP/2).
    ResetMidBody,
    /// Mangling: the response head is sent, then nothing for this long, then the body
    /// (chunked).
    StallAfterHeaders(Duration),
    /// Waits this long before the vendor handles the request (with
    /// [`FaultRule::after_state`]: after it, before the answer leaves).
    Latency(Duration),
    /// Mangling: the first half of the body only, with a matching `Content-Length` (a
    /// complete HTTP message holding truncated JSON).
    TruncatedBody,
    /// Mangling: the body followed by JSON whitespace up to `bytes` in total (still valid
    /// JSON), streamed in chunks.
    OversizedBody {
        /// The total size.
        bytes: u64,
    },
    /// Mangling: the body gzip-compressed with `Content-Encoding: gzip` (asked for or not).
    Gzip,
    /// Replacing: a small gzip body that inflates to `inflated` bytes (whitespace, then
    /// `[]`), with `Content-Encoding: gzip`.
    GzipBomb {
        /// The size after decompression.
        inflated: u64,
    },
    /// Replacing: an HTML error page (as a proxy in front of the vendor sends) with this
    /// status.
    HtmlErrorPage {
        /// The status code.
        status: u16,
    },
    /// Replacing: `200` with an empty body labelled `application/json`.
    Empty200,
    /// Mangling: the body with this `Content-Type` instead (`text/html`, say).
    WrongContentType(String),
    /// Mangling: a byte `0xFF` inside the body's first JSON string (or at its start).
    InvalidUtf8,
    /// Mangling: the first key of the body's first object repeated in front of it with the
    /// value `"sandbox-duplicate"` (last wins keeps the real value); a body without an
    /// object becomes `{"duplicate": 1, "duplicate": 2}`.
    DuplicateKeys,
    /// Replacing: `200` with `depth` nested JSON arrays.
    DeepNesting {
        /// How deep.
        depth: usize,
    },
    /// Mangling: the body of this route's previous successful answer instead of this one
    /// (a paging server that repeats a page; the first answer passes unchanged).
    RepeatPage,
}

impl Fault {
    /// [`Fault::Status`] with the vendor's error body and no `Retry-After`.
    pub fn status(status: u16) -> Self {
        Fault::Status {
            status,
            body: FaultBody::Vendor,
            retry_after: None,
        }
    }

    /// [`Fault::Status`] with the vendor's error body and this `Retry-After`.
    pub fn retry_after(status: u16, value: &str) -> Self {
        Fault::Status {
            status,
            body: FaultBody::Vendor,
            retry_after: Some(value.to_owned()),
        }
    }

    /// A short name of the kind (`status`, `reset_before_response`, ...), as in
    /// [`FaultEvent::fault`].
    pub fn name(&self) -> &'static str {
        match self {
            Fault::Status { .. } => "status",
            Fault::ResetBeforeResponse => "reset_before_response",
            Fault::ResetMidBody => "reset_mid_body",
            Fault::StallAfterHeaders(_) => "stall_after_headers",
            Fault::Latency(_) => "latency",
            Fault::TruncatedBody => "truncated_body",
            Fault::OversizedBody { .. } => "oversized_body",
            Fault::Gzip => "gzip",
            Fault::GzipBomb { .. } => "gzip_bomb",
            Fault::HtmlErrorPage { .. } => "html_error_page",
            Fault::Empty200 => "empty_200",
            Fault::WrongContentType(_) => "wrong_content_type",
            Fault::InvalidUtf8 => "invalid_utf8",
            Fault::DuplicateKeys => "duplicate_keys",
            Fault::DeepNesting { .. } => "deep_nesting",
            Fault::RepeatPage => "repeat_page",
        }
    }

    /// Whether the fault answers in place of the vendor (see the module docs).
    fn replaces(&self) -> bool {
        matches!(
            self,
            Fault::Status { .. }
                | Fault::ResetBeforeResponse
                | Fault::HtmlErrorPage { .. }
                | Fault::Empty200
                | Fault::DeepNesting { .. }
                | Fault::GzipBomb { .. }
        )
    }
}

/// One injected fault, in the order they happened.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FaultEvent {
    /// The request's index among all requests to the vendor's routes (from 0).
    pub request: u64,
    /// The route, as in [`crate::Sandbox::hits`] (`"POST /v1/bookings"`).
    pub route: String,
    /// The index of the rule that fired.
    pub rule: usize,
    /// [`Fault::name`] of its fault.
    pub fault: &'static str,
}

/// A rule's counters.
#[derive(Debug)]
struct RuleState {
    seen: u64,
    rng: u64,
}

/// The layer's state, shared by every route of one sandbox.
#[derive(Debug)]
pub(crate) struct Faults {
    vendor: Vendor,
    rules: Vec<FaultRule>,
    hits: Arc<Hits>,
    state: Mutex<(u64, Vec<RuleState>)>,
    log: Mutex<Vec<FaultEvent>>,
    /// The last successful body per route, for [`Fault::RepeatPage`].
    pages: Mutex<HashMap<String, Bytes>>,
    /// Gzip bombs by inflated size, built once.
    bombs: Mutex<HashMap<u64, Arc<OnceLock<Bytes>>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// splitmix64: a small, well-mixed generator; enough for fault draws and stable forever
/// (no dependency whose stream could change between versions).
fn next_random(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A draw in `[0, 1)`.
fn unit(state: &mut u64) -> f64 {
    // The top 53 bits, exactly representable.
    #[allow(clippy::cast_precision_loss)]
    let x = (next_random(state) >> 11) as f64;
    x / 9_007_199_254_740_992.0
}

/// What the layer does with one request.
struct Decision {
    fault: Option<(usize, Fault, bool)>,
    /// Whether to remember the body for a later [`Fault::RepeatPage`].
    remember: bool,
}

impl Faults {
    pub(crate) fn new(vendor: Vendor, plan: &FaultPlan, hits: Arc<Hits>) -> Self {
        let rules: Vec<RuleState> = (0..plan.rules.len())
            .map(|i| {
                let mut rng =
                    plan.seed ^ (u64::try_from(i).unwrap_or(0)).wrapping_mul(0xA24B_AED4_963E_E407);
                // Mix once so that neighbouring seeds start far apart.
                next_random(&mut rng);
                RuleState { seen: 0, rng }
            })
            .collect();
        Faults {
            vendor,
            rules: plan.rules.clone(),
            hits,
            state: Mutex::new((0, rules)),
            log: Mutex::new(Vec::new()),
            pages: Mutex::new(HashMap::new()),
            bombs: Mutex::new(HashMap::new()),
        }
    }

    /// The faults injected so far.
    pub(crate) fn log(&self) -> Vec<FaultEvent> {
        lock(&self.log).clone()
    }

    fn decide(&self, method: &str, route: &str) -> Decision {
        let mut state = lock(&self.state);
        let (count, rules) = &mut *state;
        let request = *count;
        *count = count.saturating_add(1);
        let mut fired = None;
        let mut remember = false;
        for (i, (rule, counters)) in self.rules.iter().zip(rules.iter_mut()).enumerate() {
            if !rule.matches(method, route) {
                continue;
            }
            let index = counters.seen;
            counters.seen = counters.seen.saturating_add(1);
            // Every matching request draws, fired or not, so the draws depend only on the
            // sequence of requests.
            let draw = rule.probability.map(|_| unit(&mut counters.rng));
            if rule.fault == Fault::RepeatPage {
                remember = true;
            }
            let in_range = index >= rule.from && rule.until.is_none_or(|u| index < u);
            let lucky = match (rule.probability, draw) {
                (Some(p), Some(d)) => d < p,
                _ => true,
            };
            if fired.is_none() && in_range && lucky {
                fired = Some((i, rule.fault.clone(), rule.after_state));
            }
        }
        drop(state);
        if let Some((rule, fault, _)) = &fired {
            lock(&self.log).push(FaultEvent {
                request,
                route: format!("{method} {route}"),
                rule: *rule,
                fault: fault.name(),
            });
        }
        Decision {
            fault: fired,
            remember,
        }
    }

    fn bomb(&self, inflated: u64) -> Bytes {
        let cell = lock(&self.bombs).entry(inflated).or_default().clone();
        cell.get_or_init(|| gzip_bomb(inflated)).clone()
    }
}

/// The layer: decides, counts hits of requests the vendor never sees, and applies the fault.
pub(crate) async fn layer(
    State(faults): State<Arc<Faults>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("?", MatchedPath::as_str)
        .to_owned();
    let conn = request
        .extensions()
        .get::<ConnectInfo<Conn>>()
        .map(|c| c.0.clone());
    if let Some(conn) = &conn {
        // A cut armed for an earlier answer on this connection never outlives it.
        conn.disarm();
    }
    let decision = faults.decide(&method, &route);
    let key = format!("{method} {route}");
    let Some((_, fault, after_state)) = decision.fault else {
        let response = next.run(request).await;
        return if decision.remember {
            remember(&faults, &key, response).await
        } else {
            response
        };
    };
    if let Fault::Latency(pause) = fault {
        return if after_state {
            let response = next.run(request).await;
            tokio::time::sleep(pause).await;
            response
        } else {
            tokio::time::sleep(pause).await;
            next.run(request).await
        };
    }
    if fault.replaces() {
        if after_state {
            // The vendor stores and counts; its answer is lost.
            drop(next.run(request).await);
        } else {
            faults.hits.record(key);
        }
        return replacement(&faults, &fault, conn.as_ref());
    }
    let response = next.run(request).await;
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut response = Response::from_parts(parts, Body::empty());
    let body = match fault {
        Fault::ResetMidBody => {
            if let Some(conn) = &conn {
                if bytes.is_empty() {
                    // No middle to cut in: nothing of the answer leaves.
                    conn.reset_before_response();
                } else {
                    conn.reset_after_body_bytes(bytes.len() / 2);
                }
            }
            Body::from(bytes)
        }
        Fault::StallAfterHeaders(pause) => {
            response.headers_mut().remove(header::CONTENT_LENGTH);
            Body::from_stream(futures::stream::once(async move {
                tokio::time::sleep(pause).await;
                Ok::<_, Infallible>(bytes)
            }))
        }
        Fault::TruncatedBody => Body::from(bytes.slice(..bytes.len() / 2)),
        Fault::OversizedBody { bytes: total } => {
            response.headers_mut().remove(header::CONTENT_LENGTH);
            oversized(bytes, total)
        }
        Fault::Gzip => {
            response.headers_mut().remove(header::CONTENT_LENGTH);
            set(&mut response, header::CONTENT_ENCODING, "gzip");
            Body::from(gzip(&bytes))
        }
        Fault::WrongContentType(content_type) => {
            set(&mut response, header::CONTENT_TYPE, &content_type);
            Body::from(bytes)
        }
        Fault::InvalidUtf8 => Body::from(invalid_utf8(&bytes)),
        Fault::DuplicateKeys => {
            set(&mut response, header::CONTENT_TYPE, "application/json");
            Body::from(duplicate_keys(&bytes))
        }
        Fault::RepeatPage => {
            let previous = lock(&faults.pages).get(&key).cloned();
            match previous {
                Some(previous) => Body::from(previous),
                None => {
                    if response.status().is_success() {
                        lock(&faults.pages).insert(key, bytes.clone());
                    }
                    Body::from(bytes)
                }
            }
        }
        // Replacing faults and latency are handled above.
        _ => Body::from(bytes),
    };
    *response.body_mut() = body;
    response
}

/// Stores a successful answer's body for [`Fault::RepeatPage`] and passes it on.
async fn remember(faults: &Faults, key: &str, response: Response) -> Response {
    if !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    lock(&faults.pages).insert(key.to_owned(), bytes.clone());
    Response::from_parts(parts, Body::from(bytes))
}

fn set(response: &mut Response, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, v);
    }
}

fn with_type(status: StatusCode, content_type: &str, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    set(&mut response, header::CONTENT_TYPE, content_type);
    response
}

/// The answer of a replacing fault.
fn replacement(faults: &Faults, fault: &Fault, conn: Option<&Conn>) -> Response {
    match fault {
        Fault::Status {
            status,
            body,
            retry_after,
        } => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = match body {
                FaultBody::Vendor => vendor_error(faults.vendor, status),
                FaultBody::Raw {
                    content_type,
                    bytes,
                } => with_type(status, content_type, bytes.clone()),
            };
            if let Some(value) = retry_after {
                set(&mut response, header::RETRY_AFTER, value);
            }
            response
        }
        Fault::ResetBeforeResponse => {
            if let Some(conn) = conn {
                conn.reset_before_response();
            }
            // Never leaves: the connection is reset on its first byte.
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Fault::HtmlErrorPage { status } => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_GATEWAY);
            let title = format!(
                "{} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("Error")
            );
            let page = format!(
                "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
            );
            with_type(status, "text/html", page)
        }
        Fault::Empty200 => with_type(StatusCode::OK, "application/json", Body::empty()),
        Fault::DeepNesting { depth } => {
            let mut text = "[".repeat(*depth);
            text.push_str(&"]".repeat(*depth));
            with_type(StatusCode::OK, "application/json", text)
        }
        Fault::GzipBomb { inflated } => {
            let mut response =
                with_type(StatusCode::OK, "application/json", faults.bomb(*inflated));
            set(&mut response, header::CONTENT_ENCODING, "gzip");
            response
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The vendor's error body for `status` (the shapes the vendor fakes use for their own
/// errors; Rightech's from docs/vendors/rightech.md §8).
fn vendor_error(vendor: Vendor, status: StatusCode) -> Response {
    let reason = status.canonical_reason().unwrap_or("Error");
    let text = |reason: &str| with_type(status, "text/plain; charset=utf-8", reason.to_owned());
    let json =
        |value: Value| with_type(status, "application/json; charset=utf-8", value.to_string());
    match vendor {
        Vendor::Resos => text(if status == StatusCode::TOO_MANY_REQUESTS {
            "Too many requests"
        } else {
            reason
        }),
        Vendor::Launch27 => text(reason),
        Vendor::ResourceGuru => {
            let message = if status == StatusCode::TOO_MANY_REQUESTS {
                "Rate Limit Exceeded"
            } else {
                reason
            };
            json(json!({ "errors": [message] }))
        }
        Vendor::Rightech => {
            let tags: &[&str] = match status.as_u16() {
                401 => &["error_unauthorized"],
                403 => &["error_forbidden"],
                404 => &["error_not_found"],
                _ => &[],
            };
            json(json!({
                "success": false,
                "code": status.as_u16().to_string(),
                "message": reason,
                "tags": tags,
            }))
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// `inflated` bytes after decompression: whitespace, then `[]` (valid JSON).
fn gzip_bomb(inflated: u64) -> Bytes {
    const CHUNK: usize = 1 << 16;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let spaces = vec![b' '; CHUNK];
    let mut left = inflated.saturating_sub(2);
    while left > 0 {
        let n = usize::try_from(left).unwrap_or(CHUNK).min(CHUNK);
        let _ = encoder.write_all(spaces.get(..n).unwrap_or_default());
        left = left.saturating_sub(u64::try_from(n).unwrap_or(left));
    }
    let _ = encoder.write_all(b"[]");
    Bytes::from(encoder.finish().unwrap_or_default())
}

/// The body, then spaces up to `total` bytes, in chunks of 64 KiB.
fn oversized(body: Bytes, total: u64) -> Body {
    const CHUNK: usize = 1 << 16;
    let pad = total.saturating_sub(u64::try_from(body.len()).unwrap_or(u64::MAX));
    let spaces = Bytes::from(vec![b' '; CHUNK]);
    let padding = futures::stream::unfold(pad, move |left| {
        let spaces = spaces.clone();
        async move {
            if left == 0 {
                return None;
            }
            let n = usize::try_from(left).unwrap_or(CHUNK).min(CHUNK);
            Some((
                Ok::<_, Infallible>(spaces.slice(..n)),
                left.saturating_sub(u64::try_from(n).unwrap_or(left)),
            ))
        }
    });
    let head = futures::stream::once(async move { Ok::<_, Infallible>(body) });
    Body::from_stream(futures::StreamExt::chain(head, padding))
}

/// A `0xFF` byte right after the first `"` (inside the first string), or at the start.
fn invalid_utf8(bytes: &[u8]) -> Vec<u8> {
    let at = bytes
        .iter()
        .position(|&b| b == b'"')
        .map_or(0, |i| i.saturating_add(1));
    let mut out = Vec::with_capacity(bytes.len().saturating_add(1));
    out.extend_from_slice(bytes.get(..at).unwrap_or_default());
    out.push(0xFF);
    out.extend_from_slice(bytes.get(at..).unwrap_or_default());
    out
}

/// The first key of the first object repeated in front of it (see [`Fault::DuplicateKeys`]).
fn duplicate_keys(bytes: &[u8]) -> Vec<u8> {
    const FALLBACK: &[u8] = br#"{"duplicate": 1, "duplicate": 2}"#;
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else {
        return FALLBACK.to_vec();
    };
    let with_duplicate = |object: &serde_json::Map<String, Value>| -> Option<String> {
        let (key, _) = object.iter().next()?;
        let text = Value::Object(object.clone()).to_string();
        let rest = text.strip_prefix('{')?;
        Some(format!(
            "{{{}:\"sandbox-duplicate\",{rest}",
            Value::String(key.clone())
        ))
    };
    let out = match &value {
        Value::Object(object) => with_duplicate(object),
        Value::Array(items) => match items.split_first() {
            Some((Value::Object(first), rest)) => with_duplicate(first).map(|first| {
                let mut parts = vec![first];
                parts.extend(rest.iter().map(Value::to_string));
                format!("[{}]", parts.join(","))
            }),
            _ => None,
        },
        _ => None,
    };
    out.map_or_else(|| FALLBACK.to_vec(), String::into_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_draws_depend_on_the_seed_only() {
        let draws = |seed: u64| {
            let mut s = seed;
            (0..8).map(|_| unit(&mut s)).collect::<Vec<_>>()
        };
        assert_eq!(draws(7), draws(7));
        assert_ne!(draws(7), draws(8));
        assert!(draws(7).iter().all(|d| (0.0..1.0).contains(d)));
    }

    async fn body_of(response: Response) -> (u16, String, String) {
        let status = response.status().as_u16();
        let content_type = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (
            status,
            content_type,
            String::from_utf8(bytes.to_vec()).unwrap(),
        )
    }

    #[tokio::test]
    async fn each_vendor_has_its_error_body_shape() {
        let unavailable = StatusCode::SERVICE_UNAVAILABLE;
        let (status, kind, body) = body_of(vendor_error(Vendor::Resos, unavailable)).await;
        assert_eq!((status, body.as_str()), (503, "Service Unavailable"));
        assert!(kind.starts_with("text/plain"));
        let (_, _, body) = body_of(vendor_error(Vendor::Launch27, unavailable)).await;
        assert_eq!(body, "Service Unavailable");
        let (_, kind, body) = body_of(vendor_error(
            Vendor::ResourceGuru,
            StatusCode::TOO_MANY_REQUESTS,
        ))
        .await;
        assert!(kind.starts_with("application/json"));
        assert_eq!(body, r#"{"errors":["Rate Limit Exceeded"]}"#);
        let (_, _, body) = body_of(vendor_error(Vendor::Rightech, StatusCode::NOT_FOUND)).await;
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap(),
            json!({"success": false, "code": "404", "message": "Not Found",
                   "tags": ["error_not_found"]})
        );
    }

    #[test]
    fn mangled_bodies() {
        assert_eq!(
            duplicate_keys(br#"[{"a":1,"b":2},{"a":3}]"#),
            br#"[{"a":"sandbox-duplicate","a":1,"b":2},{"a":3}]"#.to_vec()
        );
        assert_eq!(
            duplicate_keys(br#""id""#),
            br#"{"duplicate": 1, "duplicate": 2}"#.to_vec()
        );
        assert_eq!(invalid_utf8(br#"{"a":1}"#), b"{\"\xFFa\":1}".to_vec());
        assert_eq!(invalid_utf8(b"true"), b"\xFFtrue".to_vec());
    }
}
