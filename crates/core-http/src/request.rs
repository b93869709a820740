//! One request: building it, sending it (pacing, auth, retries), and its response.

use std::time::Duration;

use bytes::Bytes;
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
use crate::pacing::{Feedback, RequestKind};
use crate::redact;
use crate::retry::{is_idempotent, is_retryable_status};

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
    pub async fn send(self) -> Result<Response> {
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
        let started = Instant::now();
        let deadline = started + policy.budget;
        let mut attempt: u32 = 0;
        let mut renewed = false;

        loop {
            attempt += 1;
            if let Some(until) = inner.pacing.paused_until()
                && until > deadline
            {
                return Err(Error::RateLimited {
                    retry_after: Some(until.saturating_duration_since(Instant::now())),
                    api: None,
                });
            }
            inner.pacing.acquire(kind).await;

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
            let outcome = async {
                let response = inner.http.execute(request).await?;
                let status = response.status();
                let headers = response.headers().clone();
                let body = response.bytes().await?;
                Ok::<_, reqwest::Error>((status, headers, body))
            }
            .instrument(span.clone())
            .await;
            let elapsed_ms = u64::try_from(sent_at.elapsed().as_millis()).unwrap_or(u64::MAX);
            span.record("elapsed_ms", elapsed_ms);

            let (status, headers, body) = match outcome {
                Ok(parts) => parts,
                Err(e) => {
                    let err = transport_error(&e, &client);
                    let retryable = match &err {
                        Error::Transport { sent: false, .. } => true,
                        Error::Timeout | Error::Transport { sent: true, .. } => idempotent,
                        _ => false,
                    };
                    let wait = policy.backoff(attempt);
                    if retryable
                        && attempt < policy.max_attempts
                        && Instant::now() + wait <= deadline
                    {
                        tracing::warn!(parent: &span, attempt, wait_ms = wait.as_millis() as u64, error = %err, "retrying after transport error");
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Err(exhausted(attempt, started, err));
                }
            };
            span.record("status", status.as_u16());

            let feedback = inner.feedback.interpret(status, &headers);
            if let Some(pause) = feedback.pause_for {
                inner.pacing.pause_until(Instant::now() + pause);
            }
            if status.is_success() {
                return Ok(Response {
                    status,
                    headers,
                    body,
                    client,
                });
            }
            if status == StatusCode::UNAUTHORIZED && self.with_auth && !renewed {
                renewed = true;
                if inner.auth.renew(&client, generation).await? {
                    tracing::debug!(parent: &span, "credentials renewed after 401; replaying");
                    attempt -= 1;
                    continue;
                }
            }

            let api = api_error(&client, &label, status, &headers, &body, &feedback);
            let retryable =
                idempotent && (feedback.rate_limited || is_retryable_status(status.as_u16()));
            if !retryable {
                return Err(classify(api, &feedback));
            }
            let wait = feedback
                .retry_after
                .unwrap_or_else(|| policy.backoff(attempt));
            if Instant::now() + wait > deadline {
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
            tracing::warn!(parent: &span, attempt, status = status.as_u16(), wait_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
        }
    }
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
