//! The Resource Guru client, its builder and configuration (docs/vendors/resource-guru.md §1,
//! §2, §3).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use core_http::auth::{Basic, Bearer, LoginAuth, Placement};
use core_http::http::{HeaderMap, StatusCode};
use core_http::pacing::{Feedback, FeedbackPolicy, HeaderFeedback, Pacing};
use core_http::paging::offset_pages;
use core_http::{ApiError, ApiErrorKind, Error, RequestBuilder, Result};
use futures::{Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::endpoints::{ArrayStyle, Endpoint};
use crate::error::RgErrorParser;
use crate::oauth::OAuth;

/// The API host (docs/vendors/resource-guru.md §1). Paths carry their own version (`/v1`, `/v2`).
pub const DEFAULT_BASE_URL: &str = "https://api.resourceguruapp.com";

/// Requests per minute per registered application (docs/vendors/resource-guru.md §3).
pub const REQUESTS_PER_MINUTE: u32 = 200;

/// The window of [`REQUESTS_PER_MINUTE`]: one minute (docs/vendors/resource-guru.md §3). Settable with
/// [`ClientBuilder::rate_limit_window`] (benchmarks and tests scale it down).
pub const DEFAULT_RATE_LIMIT_WINDOW: Duration = Duration::from_secs(60);

/// Page size used by the paging streams when none is given. The documented default of the
/// client, project, resource and user lists (docs/vendors/resource-guru.md §4).
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// Largest page size the streams ask for. (inferred) One client saw `limit=100` answered with 50
/// items on resources, projects and clients (docs/vendors/resource-guru.md §4), and a short page ends a stream, so
/// pages are capped at 50 everywhere.
pub const MAX_PAGE_SIZE: u32 = 50;

/// Header with the requests left in the current minute (docs/vendors/resource-guru.md §3).
pub const RATE_LIMIT_REMAINING_HEADER: &str = "x-ratelimit-remaining";
/// Header with the per-minute maximum, normally 200 (docs/vendors/resource-guru.md §3).
pub const RATE_LIMIT_LIMIT_HEADER: &str = "x-ratelimit-limit";

/// The rate-limit headers of the latest response that carried them (docs/vendors/resource-guru.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimitStatus {
    /// `X-RateLimit-Remaining`: requests left in the current minute.
    pub remaining: Option<u32>,
    /// `X-RateLimit-Limit`: the per-minute maximum.
    pub limit: Option<u32>,
}

/// Resource Guru's feedback: core-http's header dialect (with 403 + `Retry-After` as a rate
/// limit), plus a record of the rate-limit headers for [`Client::rate_limit`].
#[derive(Debug)]
struct RgFeedback {
    inner: HeaderFeedback,
    seen: Arc<Mutex<Option<RateLimitStatus>>>,
}

impl FeedbackPolicy for RgFeedback {
    fn interpret(&self, status: StatusCode, headers: &HeaderMap) -> Feedback {
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u32>().ok())
        };
        let remaining = number(RATE_LIMIT_REMAINING_HEADER);
        let limit = number(RATE_LIMIT_LIMIT_HEADER);
        if remaining.is_some() || limit.is_some() {
            let mut seen = match self.seen.lock() {
                Ok(s) => s,
                Err(p) => p.into_inner(),
            };
            *seen = Some(RateLimitStatus { remaining, limit });
        }
        self.inner.interpret(status, headers)
    }
}

/// A Resource Guru API client for one account (`/v1/{account}/...`), which also makes the
/// account-less calls (`/v1/accounts`, `/v1/me`).
///
/// Cheap to clone: clones share the connection pool, the credentials and the pacing
/// (200 requests per minute, docs/vendors/resource-guru.md §3).
#[derive(Clone)]
pub struct Client {
    pub(crate) http: core_http::Client,
    account: Arc<str>,
    styles: Arc<HashMap<String, ArrayStyle>>,
    rate: Arc<Mutex<Option<RateLimitStatus>>>,
}

impl Client {
    /// Starts a builder for the account with this Account URL ID (the slug in the web app's
    /// URL, such as `example-corp`). Use an empty string for account-less use only.
    pub fn builder(account: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(account.into())
    }

    /// The Account URL ID this client works on.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The same client (credentials, pacing) working on another account.
    pub fn with_account(&self, account: impl Into<String>) -> Client {
        Client {
            http: self.http.clone(),
            account: Arc::from(account.into()),
            styles: self.styles.clone(),
            rate: self.rate.clone(),
        }
    }

    /// `X-RateLimit-Remaining` and `X-RateLimit-Limit` of the latest response that carried
    /// them (shared by all clones), `None` before any.
    pub fn rate_limit(&self) -> Option<RateLimitStatus> {
        match self.rate.lock() {
            Ok(s) => *s,
            Err(p) => *p.into_inner(),
        }
    }

    /// The underlying core-http client.
    pub fn http(&self) -> &core_http::Client {
        &self.http
    }

    /// The array query style used for `endpoint` (its default, unless overridden with
    /// [`ClientBuilder::array_style`]).
    pub fn array_style(&self, endpoint: &Endpoint) -> ArrayStyle {
        self.styles
            .get(endpoint.operation)
            .copied()
            .unwrap_or(endpoint.array_style)
    }

    /// A request for `endpoint` with the account filled in.
    pub(crate) fn call(&self, endpoint: &Endpoint) -> RequestBuilder {
        self.http
            .request(endpoint.verb.method(), endpoint.path)
            .path_param("account", &*self.account)
            .header("accept", "application/json")
    }

    /// A request for `endpoint` with the account and `{id}` filled in.
    pub(crate) fn call_id(
        &self,
        endpoint: &Endpoint,
        id: impl std::fmt::Display,
    ) -> RequestBuilder {
        self.call(endpoint).path_param("id", id)
    }

    /// Sends `body` as JSON to `endpoint` with `{id}` filled in, and reads the answer of an
    /// operation whose success body the vendor does not document with [`done_or_error`].
    pub(crate) async fn send_done<B: serde::Serialize + ?Sized>(
        &self,
        endpoint: &Endpoint,
        id: impl std::fmt::Display,
        body: &B,
    ) -> Result<Value> {
        let resp = self.call_id(endpoint, id).json(body).send().await?;
        done_or_error(&resp, endpoint)
    }

    /// One page of a list: `limit` and `offset` sent only when the request sets them.
    pub(crate) async fn list_page<T, R>(&self, endpoint: &Endpoint, req: &R) -> Result<Vec<T>>
    where
        T: DeserializeOwned,
        R: ListRequest + ?Sized,
    {
        let (limit, offset) = req.page_params();
        self.list_call(endpoint, req)
            .query_pairs(Query::new().opt("limit", limit).opt("offset", offset).0)
            .send_json()
            .await
    }

    /// The lazy stream over every item of a list: page by page (built on
    /// [`core_http::paging::offset_pages`]) when the request pages, else one request made on
    /// the first poll.
    pub(crate) fn list_stream<T, R>(
        &self,
        endpoint: &'static Endpoint,
        req: &R,
    ) -> impl Stream<Item = Result<T>> + Send + 'static
    where
        T: DeserializeOwned + Send + 'static,
        R: ListRequest + ?Sized,
    {
        let id = req.path_id();
        let pairs = req.query_pairs(self, endpoint);
        let client = self.clone();
        if !req.paged() {
            return one_request(async move {
                let mut call = client.call(endpoint);
                if let Some(id) = id {
                    call = call.path_param("id", id);
                }
                call.query_pairs(pairs).send_json::<Vec<T>>().await
            })
            .left_stream();
        }
        let (page_size, start) = req.page_params();
        // `limit=0` means "everything" to the server; a stream pages instead.
        let size = page_size.filter(|s| *s > 0).unwrap_or(DEFAULT_PAGE_SIZE);
        offset_pages(size, MAX_PAGE_SIZE, start.unwrap_or(0), move |page| {
            let client = client.clone();
            let pairs = pairs.clone();
            let id = id.clone();
            async move {
                let mut call = client.call(endpoint);
                if let Some(id) = id {
                    call = call.path_param("id", id);
                }
                call.query_pairs(pairs)
                    .query("limit", page.limit)
                    .query("offset", page.offset)
                    .send_page::<T>()
                    .await
            }
        })
        .right_stream()
    }

    fn list_call<R: ListRequest + ?Sized>(&self, endpoint: &Endpoint, req: &R) -> RequestBuilder {
        let mut call = self.call(endpoint);
        if let Some(id) = req.path_id() {
            call = call.path_param("id", id);
        }
        call.query_pairs(req.query_pairs(self, endpoint))
    }
}

/// A stream over the items of one answer that holds everything (one request, made lazily on
/// the first poll).
pub(crate) fn one_request<T, F>(fetch: F) -> impl Stream<Item = Result<T>> + Send + 'static
where
    T: Send + 'static,
    F: std::future::Future<Output = Result<Vec<T>>> + Send + 'static,
{
    futures::stream::once(fetch)
        .map_ok(|items| futures::stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
}

/// The paging methods of a [`ListRequest`] paged by its own `limit` and `offset` fields: used
/// inside the `impl ListRequest` block.
macro_rules! limit_offset_paging {
    () => {
        fn page_params(&self) -> (Option<u32>, Option<u64>) {
            (self.limit, self.offset)
        }

        fn paged(&self) -> bool {
            true
        }
    };
}
pub(crate) use limit_offset_paging;

/// What a list request sends: implemented by every list request type of this crate, so that
/// each list operation has the same two forms (`list` and `list_page`, see the crate guide).
pub trait ListRequest: Send + Sync {
    /// The `{id}` of the path, for lists under one object (`/clients/{id}/bookings`).
    fn path_id(&self) -> Option<String> {
        None
    }

    /// The query pairs other than `limit` and `offset`, with arrays in the client's style for
    /// `endpoint`.
    fn query_pairs(&self, client: &Client, endpoint: &Endpoint) -> Vec<(String, String)> {
        let _ = (client, endpoint);
        Vec::new()
    }

    /// `limit` and `offset` as the request sets them (one page); the stream's page size and
    /// starting offset.
    fn page_params(&self) -> (Option<u32>, Option<u64>) {
        (None, None)
    }

    /// Whether the stream pages with `limit`/`offset` (`false`: the vendor answers everything
    /// at once, or ignores paging for these parameters).
    fn paged(&self) -> bool {
        false
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("account", &self.account)
            .field("http", &self.http)
            .finish_non_exhaustive()
    }
}

enum AuthChoice {
    None,
    Bearer(Bearer),
    Basic(Basic),
    OAuth(OAuth),
}

/// Builder for [`Client`].
///
/// Credentials, one of: [`access_token`](Self::access_token) (a Bearer token you already
/// have), [`oauth`](Self::oauth) (grants and refresh), [`basic_auth`](Self::basic_auth)
/// (HTTP Basic, "for exploration only", docs/vendors/resource-guru.md §2).
#[must_use]
pub struct ClientBuilder {
    account: String,
    base_url: String,
    auth: AuthChoice,
    styles: HashMap<String, ArrayStyle>,
    window: Duration,
    transport: core_http::Transport,
}

impl ClientBuilder {
    fn new(account: String) -> Self {
        ClientBuilder {
            account,
            base_url: DEFAULT_BASE_URL.to_owned(),
            auth: AuthChoice::None,
            styles: HashMap::new(),
            window: DEFAULT_RATE_LIMIT_WINDOW,
            transport: core_http::Transport::new(),
        }
    }

    core_http::transport_setters!();

    /// Overrides the API host (tests, a proxy). Default [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// A static OAuth2 access token, sent as `Authorization: Bearer` (renewed by nobody).
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.auth = AuthChoice::Bearer(Bearer::new(token));
        self
    }

    /// OAuth2 with automatic refresh (see [`OAuth`]).
    pub fn oauth(mut self, oauth: OAuth) -> Self {
        self.auth = AuthChoice::OAuth(oauth);
        self
    }

    /// HTTP Basic with the user's email and password: for exploration only (separate,
    /// load-dependent rate limit; may be disabled without warning; docs/vendors/resource-guru.md §2).
    pub fn basic_auth(mut self, email: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth = AuthChoice::Basic(Basic::new(email, password));
        self
    }

    /// Overrides the array query style of one operation (such as `"bookings.list"`), for when
    /// the server turns out to want `ids[]=1&ids[]=2` rather than `ids=1&ids=2` (docs/vendors/resource-guru.md §1).
    /// Both forms of a list share the style: `"bookings.list_page"` sets `"bookings.list"`.
    pub fn array_style(mut self, operation: &str, style: ArrayStyle) -> Self {
        let operation = operation.strip_suffix("_page").unwrap_or(operation);
        self.styles.insert(operation.to_owned(), style);
        self
    }

    /// Length of the fixed rate-limit window of [`REQUESTS_PER_MINUTE`] requests (default
    /// [`DEFAULT_RATE_LIMIT_WINDOW`], one minute, docs/vendors/resource-guru.md §3). It is also the pause after
    /// `X-RateLimit-Remaining: 0`, since Resource Guru sends no reset header.
    pub fn rate_limit_window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// Builds the client: pacing of 200 requests per window (one minute by default) in fixed
    /// windows, fed back by `X-RateLimit-Remaining` (0 pauses until the window ends) and
    /// `Retry-After` (seconds), with a 403 that carries `Retry-After` treated as a rate limit
    /// (docs/vendors/resource-guru.md §3).
    pub fn build(self) -> Result<Client> {
        if self.account.contains('/') {
            return Err(Error::validation(
                "account",
                "must be an Account URL ID, not a path",
            ));
        }
        let rate = Arc::new(Mutex::new(None));
        let mut http = core_http::Client::builder(self.base_url)
            .vendor("resource-guru")
            .user_agent(format!(
                "bookbridge-resource-guru/{}",
                env!("CARGO_PKG_VERSION")
            ))
            .pacing(Pacing::fixed_window(REQUESTS_PER_MINUTE, self.window))
            .feedback(RgFeedback {
                inner: HeaderFeedback {
                    forbidden_with_retry_after_is_rate_limit: true,
                    ..HeaderFeedback::default()
                }
                .with_window(self.window),
                seen: rate.clone(),
            })
            .error_parser(RgErrorParser);
        http = match self.auth {
            AuthChoice::None => http,
            AuthChoice::Bearer(b) => http.auth(b),
            AuthChoice::Basic(b) => http.auth(b),
            AuthChoice::OAuth(o) => {
                let margin = o.margin();
                let initial = o.initial_token();
                let mut auth =
                    LoginAuth::new(o.into_login(), Placement::Bearer).refresh_margin(margin);
                if let Some(token) = initial {
                    auth = auth.with_token(token);
                }
                http.auth(auth)
            }
        };
        // The user's transport settings last, so that they win over the vendor defaults.
        let http = self.transport.apply(http);
        Ok(Client {
            http: http.build()?,
            account: Arc::from(self.account),
            styles: Arc::new(self.styles),
            rate,
        })
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let auth = match &self.auth {
            AuthChoice::None => "none".to_owned(),
            AuthChoice::Bearer(b) => format!("{b:?}"),
            AuthChoice::Basic(b) => format!("{b:?}"),
            AuthChoice::OAuth(o) => format!("{o:?}"),
        };
        f.debug_struct("ClientBuilder")
            .field("account", &self.account)
            .field("base_url", &self.base_url)
            .field("auth", &auth)
            .finish_non_exhaustive()
    }
}

/// Query pairs under construction (flags as `"1"`/`"0"`, arrays in a chosen style).
#[derive(Clone, Debug, Default)]
pub(crate) struct Query(pub(crate) Vec<(String, String)>);

impl Query {
    pub(crate) fn new() -> Self {
        Query::default()
    }

    pub(crate) fn opt(mut self, key: &str, value: Option<impl std::fmt::Display>) -> Self {
        if let Some(v) = value {
            self.0.push((key.to_owned(), v.to_string()));
        }
        self
    }

    /// A `"0"`/`"1"` flag (docs/vendors/resource-guru.md §1).
    pub(crate) fn flag(self, key: &str, value: Option<bool>) -> Self {
        self.opt(key, value.map(|b| if b { "1" } else { "0" }))
    }

    pub(crate) fn array<T: std::fmt::Display>(
        mut self,
        key: &str,
        values: &[T],
        style: ArrayStyle,
    ) -> Self {
        let key = style.key(key);
        for v in values {
            self.0.push((key.clone(), v.to_string()));
        }
        self
    }
}

/// Checks done before a request is sent (constraints of the vendor docs, docs/vendors/resource-guru.md §6).
pub(crate) mod check {
    use core_http::{Error, Result};

    use crate::common::{DurationMinutes, MinuteOfDay};

    /// A string of at most `max` characters.
    pub(crate) fn max_len(field: &str, value: Option<&str>, max: usize) -> Result<()> {
        match value {
            Some(v) if v.chars().count() > max => Err(Error::validation(
                field,
                format!("must be at most {max} characters"),
            )),
            _ => Ok(()),
        }
    }

    /// A string of `1..=max` characters.
    pub(crate) fn required_len(field: &str, value: &str, max: usize) -> Result<()> {
        if value.trim().is_empty() {
            return Err(Error::validation(field, "must not be empty"));
        }
        max_len(field, Some(value), max)
    }

    /// Minutes since midnight within `0..=1440`.
    pub(crate) fn minute(field: &str, value: Option<MinuteOfDay>) -> Result<()> {
        match value {
            Some(m) if !m.is_valid() => Err(Error::validation(field, "must be within 0..=1440")),
            _ => Ok(()),
        }
    }

    /// A duration within `1..=1440`.
    pub(crate) fn duration(field: &str, value: Option<DurationMinutes>) -> Result<()> {
        match value {
            Some(d) if !d.is_valid() => Err(Error::validation(field, "must be within 1..=1440")),
            _ => Ok(()),
        }
    }

    /// A hex colour, `#` optional (`^#?[a-fA-F0-9]{6}$`).
    pub(crate) fn color(field: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(c) => {
                let hex = c.strip_prefix('#').unwrap_or(c);
                if hex.len() == 6 && hex.chars().all(|ch| ch.is_ascii_hexdigit()) {
                    Ok(())
                } else {
                    Err(Error::validation(
                        field,
                        "must be a hex colour such as #c0ffee",
                    ))
                }
            }
            None => Ok(()),
        }
    }

    /// The name, colour and notes of an update, when set.
    pub(crate) fn update_name_color_notes(
        name: &Option<String>,
        color: &Option<Option<String>>,
        notes: &Option<Option<String>>,
    ) -> Result<()> {
        if let Some(name) = name {
            required_len("name", name, NAME_MAX)?;
        }
        color_opt("color", color)?;
        max_len("notes", notes.as_ref().and_then(Option::as_deref), TEXT_MAX)
    }

    fn color_opt(field: &str, value: &Option<Option<String>>) -> Result<()> {
        color(field, value.as_ref().and_then(Option::as_deref))
    }

    /// The span of a downtime: resources, days and times of day.
    pub(crate) fn downtime_span(
        resource_ids: &[crate::common::ResourceId],
        from: jiff::civil::Date,
        to: jiff::civil::Date,
        start_time: MinuteOfDay,
        end_time: MinuteOfDay,
    ) -> Result<()> {
        non_empty("resource_ids", resource_ids)?;
        if to < from {
            return Err(Error::validation("to", "must not be before from"));
        }
        minute("start_time", Some(start_time))?;
        minute("end_time", Some(end_time))
    }

    /// An absolute URI (`string <uri>` in the vendor's docs).
    pub(crate) fn absolute_url(field: &str, value: &str) -> Result<()> {
        match url::Url::parse(value) {
            Ok(u) if !u.cannot_be_a_base() => Ok(()),
            _ => Err(Error::validation(field, "must be an absolute URL")),
        }
    }

    /// A non-empty list.
    pub(crate) fn non_empty<T>(field: &str, values: &[T]) -> Result<()> {
        if values.is_empty() {
            Err(Error::validation(field, "must not be empty"))
        } else {
            Ok(())
        }
    }

    /// Longest names and labels (docs/vendors/resource-guru.md §6).
    pub(crate) const NAME_MAX: usize = 255;
    /// Longest free texts (`details`, `notes`; docs/vendors/resource-guru.md §6).
    pub(crate) const TEXT_MAX: usize = 65_535;
}

/// The body as JSON, or `null` when the body is empty (success bodies the docs do not show).
pub(crate) fn json_or_null(resp: &core_http::Response) -> Result<Value> {
    if resp.bytes().iter().all(u8::is_ascii_whitespace) {
        Ok(Value::Null)
    } else {
        resp.json()
    }
}

/// The answer of an operation whose success body the vendor does not document: its JSON
/// (`null` when empty), or [`Error::Api`] when a success status carries an answer that means
/// "not done": `false`, or an object with a non-empty `errors` or `clashes` (the shapes of
/// Resource Guru's refusals, docs/vendors/resource-guru.md §1). `request` names the call in
/// the error, such as `PUT /v1/{account}/webhooks/{id}/send_payload_batch`.
pub(crate) fn done_or_error(resp: &core_http::Response, endpoint: &Endpoint) -> Result<Value> {
    let value = json_or_null(resp)?;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let refused = match &value {
        Value::Bool(false) => Some("not done: the vendor answered `false`".to_owned()),
        Value::Object(obj) => match (obj.get("errors"), obj.get("clashes")) {
            (Some(Value::Array(items)), _) if !items.is_empty() => Some(format!(
                "not done: {}",
                items.iter().map(text).collect::<Vec<_>>().join("; ")
            )),
            (Some(Value::Object(fields)), _) if !fields.is_empty() => {
                Some(format!("not done: {}", Value::Object(fields.clone())))
            }
            (Some(Value::String(message)), _) if !message.is_empty() => {
                Some(format!("not done: {message}"))
            }
            (_, Some(Value::Array(clashes))) if !clashes.is_empty() => Some(format!(
                "not done: {} clashing booking day(s)",
                clashes.len()
            )),
            _ => None,
        },
        _ => None,
    };
    let Some(message) = refused else {
        return Ok(value);
    };
    let mut api = ApiError::new(resp.status().as_u16());
    api.kind = if value.get("errors").is_none() && value.get("clashes").is_some() {
        ApiErrorKind::Conflict
    } else {
        ApiErrorKind::Unprocessable
    };
    api.message = message;
    api.request = format!("{} {}", endpoint.verb.method(), endpoint.path);
    api.body = value.to_string().chars().take(2048).collect();
    Err(Error::Api(Box::new(api)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_credentials() {
        let b = Client::builder("acme").access_token("tok-secret-1");
        assert!(!format!("{b:?}").contains("tok-secret-1"));
        let c = b.build().unwrap();
        assert!(!format!("{c:?}").contains("tok-secret-1"));
        let b = Client::builder("acme").basic_auth("me@example.com", "pw-secret-2");
        assert!(!format!("{b:?}").contains("pw-secret-2"));
        let c = b.build().unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("pw-secret-2") && !shown.contains("me@example.com"));
        let b = Client::builder("acme").oauth(OAuth::password("id", "app-secret-3", "u", "pw-4"));
        assert!(!format!("{b:?}").contains("app-secret-3"));
        let c = b.build().unwrap();
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("app-secret-3") && !shown.contains("pw-4"),
            "{shown}"
        );
    }

    #[test]
    fn builder_defaults_and_checks() {
        let c = Client::builder("acme").build().unwrap();
        assert_eq!(
            c.http().base_url().as_str(),
            "https://api.resourceguruapp.com/"
        );
        assert_eq!(c.account(), "acme");
        assert_eq!(c.with_account("other").account(), "other");
        assert!(Client::builder("a/b").build().is_err());
        assert!(
            Client::builder("acme")
                .base_url("http://example.com")
                .build()
                .is_err()
        );
        let c = Client::builder("acme")
            .array_style("bookings.list", ArrayStyle::Brackets)
            .build()
            .unwrap();
        assert_eq!(
            c.array_style(&crate::endpoints::BOOKINGS_LIST),
            ArrayStyle::Brackets
        );
        assert_eq!(
            c.array_style(&crate::endpoints::DOWNTIMES_LIST),
            ArrayStyle::Repeat
        );
    }

    #[test]
    fn checks() {
        assert!(check::color("c", Some("#c0ffee")).is_ok());
        assert!(check::color("c", Some("c0ffee")).is_ok());
        assert!(check::color("c", Some("#c0ffe")).is_err());
        assert!(check::required_len("n", " ", 255).is_err());
        assert!(check::max_len("n", Some(&"x".repeat(256)), 255).is_err());
    }
}
