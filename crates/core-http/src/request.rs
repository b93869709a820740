//! One request: building it, sending it (pacing, auth, retries), and its response.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::{Stream, StreamExt, stream::BoxStream};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument;

use crate::auth::Generation;
use crate::client::Client;
use crate::decode::decode_json_lazy;
use crate::error::{ApiError, Error, Result};
use crate::pacing::{Feedback, RequestKind, instant_after};
use crate::redact;
use crate::retry::{RetryPolicy, is_idempotent, is_retryable_status};

/// Characters escaped inside one path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// A request being built. Send it with [`send`](Self::send) or one of the typed variants.
#[must_use = "a request does nothing until it is sent"]
pub struct RequestBuilder {
    client: Client,
    method: Method,
    template: String,
    params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<(Bytes, HeaderValue)>,
    with_auth: bool,
    idempotent: Option<bool>,
    kind: Option<RequestKind>,
    problem: Option<Error>,
}

impl RequestBuilder {
    pub(crate) fn new(client: Client, method: Method, template: &str) -> Self {
        RequestBuilder {
            client,
            method,
            template: template.to_owned(),
            params: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            with_auth: true,
            idempotent: None,
            kind: None,
            problem: None,
        }
    }

    /// Fills the `{name}` placeholder of the path template (percent-encoded as one segment).
    pub fn path_param(mut self, name: &str, value: impl std::fmt::Display) -> Self {
        self.params.push((name.to_owned(), value.to_string()));
        self
    }

    /// Appends a query parameter (repeat the call for repeated keys).
    pub fn query(mut self, key: &str, value: impl std::fmt::Display) -> Self {
        self.query.push((key.to_owned(), value.to_string()));
        self
    }

    /// Appends a query parameter when `value` is `Some`.
    pub fn query_opt<V: std::fmt::Display>(self, key: &str, value: Option<V>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Appends several query parameters.
    pub fn query_pairs<K, V, I>(mut self, pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: std::fmt::Display,
    {
        for (k, v) in pairs {
            self.query.push((k.as_ref().to_owned(), v.to_string()));
        }
        self
    }

    /// Sets a header. An invalid name or value makes `send` fail with [`Error::Config`].
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => {
                self.headers.insert(n, v);
            }
            _ => self.problem = Some(Error::Config(format!("invalid header `{name}`"))),
        }
        self
    }

    /// A JSON body (`Content-Type: application/json`).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some((
                    Bytes::from(bytes),
                    HeaderValue::from_static("application/json"),
                ));
            }
            Err(e) => self.problem = Some(Error::validation("body", e.to_string())),
        }
        self
    }

    /// A form body (`application/x-www-form-urlencoded`).
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.body = Some((
            Bytes::from(encoded),
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        ));
        self
    }

    /// Sends without credentials (login calls, anonymous endpoints).
    pub fn without_auth(mut self) -> Self {
        self.with_auth = false;
        self
    }

    /// Overrides whether the request may be retried after it may have reached the server
    /// (default: by method; set `true` for reads sent as POST).
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// Overrides the pacing bucket (default: GET and HEAD read, the rest write).
    pub fn kind(mut self, kind: RequestKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// The full URL this request goes to.
    pub fn url(&self) -> Result<Url> {
        let mut path = String::new();
        let mut rest = self.template.as_str();
        while let Some(open) = rest.find('{') {
            let (before, after) = rest.split_at(open);
            path.push_str(before);
            let close = after
                .find('}')
                .ok_or_else(|| Error::Config(format!("unclosed `{{` in `{}`", self.template)))?;
            let name = after.get(1..close).unwrap_or("");
            let value = self
                .params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v)
                .ok_or_else(|| Error::Config(format!("missing path parameter `{name}`")))?;
            if value.is_empty() {
                return Err(Error::validation(name, "must not be empty"));
            }
            // Dots are not percent-encoded, and URL parsing collapses `.` and `..` segments:
            // such a value would move the request to another path.
            if value == "." || value == ".." {
                return Err(Error::validation(
                    name,
                    format!("`{value}` is not allowed as a path segment"),
                ));
            }
            path.extend(utf8_percent_encode(value, SEGMENT));
            rest = after.get(close + 1..).unwrap_or("");
        }
        path.push_str(rest);
        let base = self.client.inner.base.as_str().trim_end_matches('/');
        let joined = if path.is_empty() || path.starts_with('/') {
            format!("{base}{path}")
        } else {
            format!("{base}/{path}")
        };
        let mut url = Url::parse(&joined).map_err(|e| Error::Config(format!("bad URL: {e}")))?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(self.query.iter());
        }
        Ok(url)
    }

    /// Sends and decodes a JSON response body as `T`.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        self.send().await?.json()
    }

    /// Sends and decodes a JSON array body as one [`Page`](crate::paging::Page) for
    /// [`offset_pages`](crate::paging::offset_pages) (fingerprinted by its raw bytes).
    pub async fn send_page<T: DeserializeOwned>(self) -> Result<crate::paging::Page<T>> {
        self.send().await?.json_page()
    }

    /// Sends and returns the response body as text.
    pub async fn send_text(self) -> Result<String> {
        Ok(self.send().await?.text())
    }

    /// Sends and ignores a successful body.
    pub async fn send_unit(self) -> Result<()> {
        self.send().await.map(|_| ())
    }

    /// Sends the request: waits for pacing, authorizes, retries as the client's policy says,
    /// renews credentials once after a 401, and turns error statuses into [`Error`]s.
    ///
    /// The body is read chunk by chunk up to the client's
    /// [`max_response_size`](crate::ClientBuilder::max_response_size); a larger one ends the
    /// request with [`Error::BodyTooLarge`].
    pub async fn send(self) -> Result<Response> {
        let (status, headers, body, client) = self.execute(false).await?;
        match body {
            Body::Read(body) => Ok(Response {
                status,
                headers,
                body,
                client,
            }),
            // `execute(false)` always reads the body.
            Body::Stream(_) => Err(Error::Config("internal: unread body".into())),
        }
    }

    /// Sends like [`send`](Self::send), but hands a successful body over unread, as a
    /// [`ByteStream`] of chunks: for large files, which are never held whole in memory and are
    /// not subject to the client's maximum response size. Error bodies are still read (and
    /// limited) to build the [`Error`].
    pub async fn send_stream(self) -> Result<ByteStream> {
        let (status, headers, body, client) = self.execute(true).await?;
        let stream = match body {
            Body::Stream(response) => {
                let redactor = client.clone();
                response
                    .bytes_stream()
                    .map(move |chunk| chunk.map_err(|e| transport_error(&e, &redactor)))
                    .boxed()
            }
            Body::Read(bytes) => futures::stream::once(async move { Ok(bytes) }).boxed(),
        };
        Ok(ByteStream {
            status,
            headers,
            stream,
        })
    }

    /// One request with its retries; a successful body is read unless `stream` is set.
    async fn execute(self, stream: bool) -> Result<(StatusCode, HeaderMap, Body, Client)> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let url = self.url()?;
        let client = self.client.clone();
        let inner = &client.inner;
        let idempotent = self
            .idempotent
            .unwrap_or_else(|| is_idempotent(&self.method));
        let kind = self.kind.unwrap_or(match self.method {
            Method::GET | Method::HEAD => RequestKind::Read,
            _ => RequestKind::Write,
        });
        let label = format!("{} {}", self.method, self.template);
        let policy = &inner.retry;
        let max_pause = inner.max_server_pause;
        let limit = inner.max_response_size;
        let started = Instant::now();
        let deadline = instant_after(started, policy.budget);
        let mut attempt: u32 = 0;
        let mut renewed = false;

        loop {
            attempt = attempt.saturating_add(1);
            if let Err(until) = inner
                .pacing
                .try_acquire_before(kind, Some(deadline))
                .await?
            {
                return Err(Error::RateLimited {
                    retry_after: Some(until.saturating_duration_since(Instant::now())),
                    api: None,
                });
            }

            let mut headers = inner.default_headers.clone();
            for (name, value) in &self.headers {
                headers.insert(name.clone(), value.clone());
            }
            let generation = if self.with_auth {
                inner.auth.authorize(&client, &mut headers).await?
            } else {
                Generation::default()
            };
            let mut request = reqwest::Request::new(self.method.clone(), url.clone());
            *request.headers_mut() = headers;
            if let Some((bytes, content_type)) = &self.body {
                request
                    .headers_mut()
                    .insert(CONTENT_TYPE, content_type.clone());
                *request.body_mut() = Some(bytes.clone().into());
            }

            let span = tracing::info_span!(
                "http.request",
                vendor = inner.vendor,
                method = %self.method,
                path = %self.template,
                attempt,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let sent_at = Instant::now();
            let executed = inner.http.execute(request).instrument(span.clone()).await;
            let response = match executed {
                Ok(response) => response,
                Err(e) => {
                    let err = transport_error(&e, &client);
                    match transport_retry(&err, idempotent, attempt, policy, deadline) {
                        Some(wait) => {
                            tracing::warn!(parent: &span, attempt, wait_ms = millis(wait), error = %err, "retrying after transport error");
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        // A connect error (timed out or not) proves nothing was written.
                        None if !idempotent && !e.is_connect() => {
                            return Err(self.outcome_unknown(attempt, started, None, err));
                        }
                        None => return Err(exhausted(attempt, started, err)),
                    }
                }
            };
            let status = response.status();
            let headers = response.headers().clone();
            span.record("status", status.as_u16());

            // Pacing feedback comes from the headers alone, before any body is read.
            let feedback = inner.feedback.interpret(status, &headers);
            let refusal = feedback.rate_limited || is_retryable_status(status.as_u16());
            let ordered = feedback
                .pause_for
                .max(feedback.retry_after.filter(|_| refusal));
            let excessive = ordered.filter(|p| *p > max_pause);
            if let Some(pause) = feedback.pause_for {
                // Clamped: a vendor can stop this client (and its clones) for `max_pause` at most.
                // A shared store that cannot be reached keeps the pause in this process (its
                // error, when it is configured to fail, surfaces at the next acquire).
                let _ = inner.pacing.order_pause(pause.min(max_pause)).await;
            }
            if let Some(reset_in) = inner.feedback.window_reset_in(status, &headers) {
                // Aligns the fixed window to the vendor's boundary; never a pause.
                let _ = inner.pacing.align_window(reset_in.min(max_pause)).await;
            }

            let body = if stream && status.is_success() {
                Body::Stream(response)
            } else {
                match read_limited(response, limit).instrument(span.clone()).await {
                    Ok(bytes) => Body::Read(bytes),
                    Err(ReadError::TooLarge) => {
                        tracing::warn!(parent: &span, limit, "response body over the size limit");
                        return Err(Error::BodyTooLarge { limit });
                    }
                    Err(ReadError::Http(e)) => {
                        let err = transport_error(&e, &client);
                        match transport_retry(&err, idempotent, attempt, policy, deadline) {
                            Some(wait) => {
                                tracing::warn!(parent: &span, attempt, wait_ms = millis(wait), error = %err, "retrying after an unreadable body");
                                tokio::time::sleep(wait).await;
                                continue;
                            }
                            // The status line arrived: the request was received.
                            None if !idempotent => {
                                return Err(self.outcome_unknown(
                                    attempt,
                                    started,
                                    Some(status.as_u16()),
                                    err,
                                ));
                            }
                            None => return Err(exhausted(attempt, started, err)),
                        }
                    }
                }
            };
            span.record("elapsed_ms", millis(sent_at.elapsed()));

            if status.is_success() {
                return Ok((status, headers, body, client));
            }
            let body = match body {
                Body::Read(bytes) => bytes,
                Body::Stream(_) => Bytes::new(),
            };
            if status == StatusCode::UNAUTHORIZED && self.with_auth && !renewed {
                renewed = true;
                if inner.auth.renew(&client, generation).await? {
                    tracing::debug!(parent: &span, "credentials renewed after 401; replaying");
                    attempt = attempt.saturating_sub(1);
                    continue;
                }
            }

            let api = api_error(&client, &label, status, &headers, &body, &feedback);
            if let Some(requested) = excessive {
                // Fails this request only: the shared pause above was clamped.
                tracing::warn!(parent: &span, requested_ms = millis(requested), max_ms = millis(max_pause), "vendor ordered a pause beyond the maximum");
                return Err(Error::RateLimited {
                    retry_after: Some(requested),
                    api: Some(Box::new(api)),
                });
            }
            // A rate-limit refusal means the request was not processed: retry it whatever the
            // method. Other retryable statuses only for idempotent requests.
            let retryable =
                feedback.rate_limited || (idempotent && is_retryable_status(status.as_u16()));
            if !retryable {
                if !idempotent && is_gateway_failure(status) {
                    // A gateway's 502/504: the vendor behind it may have carried it out.
                    let code = Some(status.as_u16());
                    let cause = classify(api, &feedback);
                    return Err(self.outcome_unknown(attempt, started, code, cause));
                }
                return Err(classify(api, &feedback));
            }
            let wait = feedback
                .retry_after
                .unwrap_or_else(|| policy.backoff(attempt));
            if instant_after(Instant::now(), wait) > deadline {
                if feedback.rate_limited {
                    return Err(Error::RateLimited {
                        retry_after: feedback.retry_after.or(Some(wait)),
                        api: Some(Box::new(api)),
                    });
                }
                return Err(exhausted(attempt, started, classify(api, &feedback)));
            }
            if attempt >= policy.max_attempts {
                return Err(exhausted(attempt, started, classify(api, &feedback)));
            }
            tracing::warn!(parent: &span, attempt, status = status.as_u16(), wait_ms = millis(wait), "retrying");
            tokio::time::sleep(wait).await;
        }
    }
}

impl RequestBuilder {
    /// [`Error::OutcomeUnknown`] for this request after `attempt` attempts.
    fn outcome_unknown(
        &self,
        attempt: u32,
        started: Instant,
        status: Option<u16>,
        cause: Error,
    ) -> Error {
        tracing::warn!(method = %self.method, path = %self.template, attempt, status, error = %cause, "outcome unknown: not repeating a request that may have been carried out");
        Error::OutcomeUnknown {
            method: self.method.to_string(),
            path: self.template.clone(),
            attempts: attempt,
            elapsed: started.elapsed(),
            status,
            cause: Box::new(cause),
        }
    }
}

/// A gateway answered for the vendor (502 bad gateway, 504 gateway timeout): whether the
/// vendor behind it received the request is unknown.
fn is_gateway_failure(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::BAD_GATEWAY | StatusCode::GATEWAY_TIMEOUT
    )
}

/// A response body: read whole, or left to stream.
enum Body {
    Read(Bytes),
    Stream(reqwest::Response),
}

/// Why a body could not be read whole.
enum ReadError {
    Http(reqwest::Error),
    TooLarge,
}

/// Most bytes reserved up front for a body from its `Content-Length`.
const PREALLOCATE_MAX: u64 = 1024 * 1024;

/// Reads a body chunk by chunk, stopping as soon as it (after decompression) or its
/// announced `Content-Length` exceeds `limit`. Dropping the response then closes the
/// connection, so the rest is never received.
async fn read_limited(mut response: reqwest::Response, limit: u64) -> Result<Bytes, ReadError> {
    let announced = response.content_length();
    if announced.is_some_and(|n| n > limit) {
        return Err(ReadError::TooLarge);
    }
    // Pre-size from the announcement, but no more than a small page: a server that announces
    // the limit and then sends nothing must not cost a limit-sized allocation per request.
    let capacity =
        usize::try_from(announced.unwrap_or(0).min(limit).min(PREALLOCATE_MAX)).unwrap_or(0);
    let mut buf = BytesMut::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Http)? {
        let len = u64::try_from(buf.len().saturating_add(chunk.len())).unwrap_or(u64::MAX);
        if len > limit {
            return Err(ReadError::TooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// The wait before retrying after a transport error, or `None` when it must not be retried
/// (a request that may have been processed and is not idempotent, attempts or time exhausted).
fn transport_retry(
    err: &Error,
    idempotent: bool,
    attempt: u32,
    policy: &RetryPolicy,
    deadline: Instant,
) -> Option<Duration> {
    let retryable = match err {
        Error::Transport { sent: false, .. } => true,
        Error::Timeout | Error::Transport { sent: true, .. } => idempotent,
        _ => false,
    };
    let wait = policy.backoff(attempt);
    (retryable && attempt < policy.max_attempts && instant_after(Instant::now(), wait) <= deadline)
        .then_some(wait)
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl std::fmt::Debug for RequestBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("path", &self.template)
            .field("query", &self.query)
            .finish_non_exhaustive()
    }
}

fn exhausted(attempt: u32, started: Instant, err: Error) -> Error {
    if attempt <= 1 {
        return err;
    }
    Error::RetriesExhausted {
        attempts: attempt,
        elapsed: started.elapsed(),
        last: Box::new(err),
    }
}

fn transport_error(e: &reqwest::Error, client: &Client) -> Error {
    if e.is_timeout() {
        return Error::Timeout;
    }
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Transport {
        message: client.redact(&message),
        sent: !e.is_connect(),
        // The chain stays walkable (`source()`), each layer redacted like the message.
        source: Some(crate::error::TransportCause::chain(e, |text| {
            client.redact(text)
        })),
    }
}

fn api_error(
    client: &Client,
    label: &str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    feedback: &Feedback,
) -> ApiError {
    let secrets = client.secrets();
    let mut api = ApiError::new(status.as_u16());
    // Some vendors send Retry-After on every response (resOS); it only means "wait" on a
    // refusal for load.
    if feedback.rate_limited || status == StatusCode::SERVICE_UNAVAILABLE {
        api.retry_after = feedback.retry_after;
    }
    api.request = label.to_owned();
    api.request_id = headers
        .get(&client.inner.request_id_header)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // Redact the whole body before cutting it: a cut through a secret would leave half of it.
    api.body = redact::truncate(&redact::redact(&String::from_utf8_lossy(body), &secrets));
    client.inner.errors.parse(status, headers, body, &mut api);
    api.message = redact::redact(&api.message, &secrets);
    for fe in &mut api.field_errors {
        fe.message = redact::redact(&fe.message, &secrets);
        if let Some(details) = fe.details.take() {
            fe.details = Some(redact::redact_json(details, &secrets));
        }
    }
    api
}

fn classify(api: ApiError, feedback: &Feedback) -> Error {
    if feedback.rate_limited {
        return Error::RateLimited {
            retry_after: feedback.retry_after,
            api: Some(Box::new(api)),
        };
    }
    match api.status {
        401 => Error::Unauthorized(Box::new(api)),
        404 => Error::NotFound(Box::new(api)),
        _ => Error::Api(Box::new(api)),
    }
}

/// A successful response, fully read.
#[derive(Clone)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    client: Client,
}

impl Response {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Every value of a (possibly repeated) header, as text.
    pub fn header_all(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    /// The value of cookie `name` from the `Set-Cookie` headers.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.header_all("set-cookie").into_iter().find_map(|c| {
            let first = c.split(';').next()?.trim();
            let (k, v) = first.split_once('=')?;
            (k.trim() == name).then(|| v.trim().to_owned())
        })
    }

    /// The raw body.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes the body as JSON, whatever the content type says. Errors name the failing path.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        decode_json_lazy(&self.body, Some(self.status.as_u16()), || {
            self.client.secrets()
        })
    }

    /// Decodes a JSON array body as one [`Page`](crate::paging::Page), fingerprinted by the
    /// raw bytes so that paging notices a repeated page.
    pub fn json_page<T: DeserializeOwned>(&self) -> Result<crate::paging::Page<T>> {
        let items: Vec<T> = self.json()?;
        Ok(crate::paging::Page::from_raw(items, &self.body))
    }

    /// Time the vendor asked to wait, read with `unit`.
    pub fn retry_after(&self, unit: crate::pacing::TimeUnit) -> Option<Duration> {
        crate::pacing::feedback::parse_retry_after(&self.headers, unit)
    }
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// A successful response whose body is still to be read, as a [`Stream`] of chunks (see
/// [`RequestBuilder::send_stream`]). Memory use is one chunk at a time, whatever the size.
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    stream: BoxStream<'static, Result<Bytes>>,
}

impl ByteStream {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of header `name`, as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Reads the whole body into memory, failing with [`Error::BodyTooLarge`] as soon as it
    /// exceeds `limit` bytes.
    pub async fn collect(mut self, limit: u64) -> Result<Bytes> {
        let mut buf = BytesMut::new();
        while let Some(chunk) = self.stream.next().await {
            let chunk = chunk?;
            let len = u64::try_from(buf.len().saturating_add(chunk.len())).unwrap_or(u64::MAX);
            if len > limit {
                return Err(Error::BodyTooLarge { limit });
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(buf.freeze())
    }

    /// Writes the body to `out` chunk by chunk and returns the number of bytes written. A
    /// write error becomes [`Error::Transport`].
    pub async fn write_to<W>(mut self, out: &mut W) -> Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use tokio::io::AsyncWriteExt;
        let mut written: u64 = 0;
        while let Some(chunk) = self.stream.next().await {
            let chunk = chunk?;
            out.write_all(&chunk).await.map_err(write_error)?;
            written = written.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
        }
        out.flush().await.map_err(write_error)?;
        Ok(written)
    }
}

fn write_error(e: std::io::Error) -> Error {
    Error::Transport {
        message: format!("cannot write the response body: {e}"),
        sent: true,
        source: None,
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.stream.poll_next_unpin(cx)
    }
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::builder("https://api.example.com/v1")
            .build()
            .unwrap()
    }

    #[test]
    fn path_params_are_encoded_as_one_segment() {
        let url = client()
            .get("/bookings/{id}/note")
            .path_param("id", "a/b c")
            .query("q", "x&y")
            .url()
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://api.example.com/v1/bookings/a%2Fb%20c/note?q=x%26y"
        );
    }

    #[test]
    fn missing_or_empty_param_is_an_error() {
        assert!(matches!(
            client().get("/bookings/{id}").url(),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            client().get("/bookings/{id}").path_param("id", "").url(),
            Err(Error::Validation { .. })
        ));
    }

    #[test]
    fn dot_segments_are_refused() {
        for value in [".", ".."] {
            let err = client()
                .get("/bookings/{id}")
                .path_param("id", value)
                .url()
                .unwrap_err();
            assert!(
                matches!(&err, Error::Validation { field, .. } if field == "id"),
                "{err:?}"
            );
        }
        // Dots inside a longer value stay one segment.
        let url = client()
            .get("/bookings/{id}")
            .path_param("id", "..a")
            .url()
            .unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1/bookings/..a");
    }

    #[test]
    fn no_trailing_question_mark_without_query() {
        let url = client().get("/healthcheck").url().unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1/healthcheck");
    }
}
