//! The one error type of the workspace, and the pieces an API error is made of.

use std::fmt;
use std::time::Duration;

/// Result alias used throughout bookbridge.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when talking to a vendor.
///
/// Every variant is safe to log: secrets are removed from messages, snippets and bodies before
/// they are stored here.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The vendor answered with an error status that has no more specific variant.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The vendor (or our own pacing) says: not now. `retry_after` is how long to wait, when known.
    #[error("rate limited{}", fmt_wait(.retry_after))]
    RateLimited {
        /// How long the vendor asked us to wait.
        retry_after: Option<Duration>,
        /// The vendor's response, when there was one (none when our own budget refused to wait).
        api: Option<Box<ApiError>>,
    },
    /// Credentials were refused, also after one refresh (where the auth scheme can refresh).
    #[error("unauthorized: {}", .0.message)]
    Unauthorized(Box<ApiError>),
    /// The resource (or one it refers to) does not exist.
    #[error("not found: {}", .0.message)]
    NotFound(Box<ApiError>),
    /// Input was refused before any request was sent.
    #[error("invalid {field}: {message}")]
    Validation {
        /// The argument or field that is wrong (a path such as `body.phone` where useful).
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The request could not be delivered, or the response could not be read.
    #[error("transport error ({}): {message}", if *.sent { "request may have been sent" } else { "request not sent" })]
    Transport {
        /// What went wrong, without URLs' credentials: the whole cause chain in one line.
        message: String,
        /// `false` when the request provably never left this process (connect error).
        sent: bool,
        /// The cause chain, layer by layer (reqwest's error, then hyper's, then the I/O
        /// error...), each layer's text redacted like `message`; this is what
        /// [`std::error::Error::source`] returns. `None` when there is no underlying error.
        source: Option<Box<TransportCause>>,
    },
    /// The request took longer than the configured timeout.
    #[error("timed out")]
    Timeout,
    /// A response did not have the shape the client expects.
    #[error("could not decode response at `{path}`: {message}; near: {snippet}")]
    Decode {
        /// JSON path of the failing value, such as `bookings[3].guest.phone` (`.` for the root).
        path: String,
        /// The parser's message.
        message: String,
        /// A short piece of the body around the failure, with secrets removed.
        snippet: String,
    },
    /// A JSON body was expected, but the successful response had none (an empty `200`, or a
    /// `204 No Content`).
    #[error("expected a JSON body, got an empty response{}", fmt_status(.status))]
    EmptyBody {
        /// The response's status code, when the body came from an HTTP response.
        status: Option<u16>,
    },
    /// A paged list stopped because the server misbehaved (it repeated a page, so it ignores
    /// the offset) or a configured cap on pages or items was reached.
    #[error("paging stopped at offset {offset} after {pages} pages: {reason}")]
    Paging {
        /// Offset of the page that was refused.
        offset: u64,
        /// Pages received before the stop.
        pages: u64,
        /// Why paging stopped.
        reason: crate::paging::PagingStop,
    },
    /// The client was configured wrongly (bad base URL, bad header value, missing path parameter).
    #[error("configuration error: {0}")]
    Config(String),
    /// The vendor has no such operation.
    #[error("{vendor} does not support {operation}")]
    Unsupported {
        /// Vendor name, such as `resos`.
        vendor: &'static str,
        /// Operation name, such as `bookings.delete`.
        operation: &'static str,
    },
    /// Retries ran out (attempts or time budget); `last` is the error of the final attempt.
    #[error("gave up after {attempts} attempts in {elapsed:?}: {last}")]
    RetriesExhausted {
        /// How many attempts were made.
        attempts: u32,
        /// Time from the first attempt to giving up.
        elapsed: Duration,
        /// The last attempt's error.
        last: Box<Error>,
    },
    /// The shared pacing store (Redis) could not be reached, and the client is configured to
    /// fail rather than pace in this process alone. The request was not sent.
    #[error("shared pacing unavailable: {message}")]
    PacingUnavailable {
        /// What went wrong (no URL, no credential).
        message: String,
    },
    /// A request that is not idempotent (a POST that creates something) failed after it may
    /// have reached the vendor: the connection was reset or timed out after the request was
    /// written, or a gateway answered 502/504 for it. The vendor may or may not have carried
    /// it out, so it was **not** sent again. Reconcile before repeating it: look for what it
    /// would have created (booking-domain's `create_or_find` does this for bookings).
    #[error(
        "outcome unknown: {method} {path} may have been carried out, so it was not repeated (attempts: {attempts}, elapsed: {elapsed:?}{}); reconcile before retrying: {cause}",
        fmt_status_field(.status)
    )]
    OutcomeUnknown {
        /// The request's method (`POST`).
        method: String,
        /// The request's path template (`/bookings`, `/v1/{account}/bookings`), without
        /// parameters, query or credentials.
        path: String,
        /// Attempts made in all, the last one included (earlier ones were refused before
        /// processing: rate limits, connect errors).
        attempts: u32,
        /// Time from the first attempt to giving up.
        elapsed: Duration,
        /// The status line, when it arrived before the failure (a `201` whose body was cut
        /// off means the vendor did carry it out; a `502`/`504` came from a gateway).
        status: Option<u16>,
        /// What went wrong on the last attempt ([`Error::Timeout`], [`Error::Transport`] or
        /// [`Error::Api`]).
        cause: Box<Error>,
    },
    /// The response body is larger than the client's maximum response size (counted after
    /// decompression); reading stopped there. Not retried.
    #[error("response body larger than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The client's limit, in bytes ([`crate::ClientBuilder::max_response_size`]).
        limit: u64,
    },
}

fn fmt_status(status: &Option<u16>) -> String {
    match status {
        Some(s) => format!(" (status {s})"),
        None => String::new(),
    }
}

fn fmt_status_field(status: &Option<u16>) -> String {
    match status {
        Some(s) => format!("; status {s}"),
        None => String::new(),
    }
}

fn fmt_wait(wait: &Option<Duration>) -> String {
    match wait {
        Some(d) => format!(" (retry after {d:?})"),
        None => String::new(),
    }
}

impl Error {
    /// Whether the failure is transient: the same request may succeed if sent again later.
    ///
    /// `true` for:
    /// - [`Error::Transport`] (connection refused or reset, DNS, TLS, a body cut off), whether
    ///   or not the request was sent;
    /// - [`Error::Timeout`];
    /// - [`Error::RateLimited`] (wait [`Error::retry_after`] first, when it is known);
    /// - [`Error::PacingUnavailable`] (the shared pacing store may be back later; the request
    ///   was not sent);
    /// - [`Error::Api`] with status 429, 502, 503 or 504 (the statuses the client's own
    ///   [`crate::RetryPolicy`] retries);
    /// - [`Error::RetriesExhausted`] whose last error is one of these: the client's own retries
    ///   ran out of attempts or time budget, but the cause is still transient, so a later try
    ///   (after a longer pause) may succeed.
    ///
    /// `false` for everything else: other API errors (400, 401, 403, 404, 409, 422, 500...),
    /// [`Error::Unauthorized`], [`Error::NotFound`], [`Error::Validation`], [`Error::Decode`],
    /// [`Error::EmptyBody`], [`Error::Paging`], [`Error::Config`], [`Error::Unsupported`] and
    /// [`Error::BodyTooLarge`]: sending the same request again gives the same answer; and
    /// [`Error::OutcomeUnknown`]: sending it again may carry it out twice (reconcile first).
    ///
    /// Transient is not the same as safe to repeat: a non-idempotent request (a POST that
    /// creates something) that failed with a timeout or with `Transport { sent: true, .. }` may
    /// have been carried out by the vendor. Only `Transport { sent: false, .. }` and
    /// `RateLimited` (the vendor refused it) prove it was not; the client's own retries follow
    /// that rule.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. }
            | Error::Timeout
            | Error::RateLimited { .. }
            | Error::PacingUnavailable { .. } => true,
            Error::Api(api) => crate::retry::is_retryable_status(api.status),
            Error::RetriesExhausted { last, .. } => last.is_retryable(),
            _ => false,
        }
    }

    /// Whether a non-idempotent request may have been carried out although it failed
    /// ([`Error::OutcomeUnknown`], also inside [`Error::RetriesExhausted`]): reconcile (look
    /// for what it would have created) before sending it again.
    pub fn is_outcome_unknown(&self) -> bool {
        match self {
            Error::OutcomeUnknown { .. } => true,
            Error::RetriesExhausted { last, .. } => last.is_outcome_unknown(),
            _ => false,
        }
    }

    /// The HTTP status of the vendor's answer, looking through [`Error::RetriesExhausted`].
    pub fn status(&self) -> Option<u16> {
        self.api().map(|api| api.status)
    }

    /// The vendor's error details, when the vendor answered.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) | Error::Unauthorized(api) | Error::NotFound(api) => Some(api),
            Error::RateLimited { api, .. } => api.as_deref(),
            Error::RetriesExhausted { last, .. } => last.api(),
            Error::OutcomeUnknown { cause, .. } => cause.api(),
            _ => None,
        }
    }

    /// The kind of API error, when the vendor answered.
    pub fn kind(&self) -> Option<&ApiErrorKind> {
        self.api().map(|api| &api.kind)
    }

    /// How long the vendor asked us to wait, when it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            Error::RetriesExhausted { last, .. } => last.retry_after(),
            other => other.api().and_then(|api| api.retry_after),
        }
    }

    /// Shorthand for a [`Error::Validation`].
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// One layer of a transport error's cause chain, its text redacted (see
/// [`Error::Transport`]). Its [`std::error::Error::source`] is the next layer.
pub struct TransportCause {
    message: String,
    source: Option<Box<TransportCause>>,
}

impl TransportCause {
    /// The chain of `err` and its sources, each layer's text passed through `redact`.
    pub fn chain(
        err: &(dyn std::error::Error + 'static),
        redact: impl Fn(&str) -> String,
    ) -> Box<TransportCause> {
        let mut layers = Vec::new();
        let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
        while let Some(e) = current {
            layers.push(redact(&e.to_string()));
            current = e.source();
        }
        let mut next: Option<Box<TransportCause>> = None;
        for message in layers.into_iter().rev() {
            next = Some(Box::new(TransportCause {
                message,
                source: next,
            }));
        }
        next.unwrap_or_else(|| {
            Box::new(TransportCause {
                message: redact(&err.to_string()),
                source: None,
            })
        })
    }
}

impl fmt::Display for TransportCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for TransportCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportCause")
            .field("message", &self.message)
            .field("source", &self.source)
            .finish()
    }
}

impl std::error::Error for TransportCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// What a vendor said when it refused a request.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// Classification, refined by the vendor crate's error parser.
    pub kind: ApiErrorKind,
    /// Human-readable message (the vendor's own words where it gave some).
    pub message: String,
    /// Per-field problems, for validation errors.
    pub field_errors: Vec<FieldError>,
    /// `Retry-After`, converted with the vendor's unit.
    pub retry_after: Option<Duration>,
    /// The vendor's request id header, when it sends one.
    pub request_id: Option<String>,
    /// Method and path template of the request, such as `GET /bookings/{id}`.
    pub request: String,
    /// The response body (truncated, secrets removed).
    pub body: String,
}

impl ApiError {
    /// A new error with the kind derived from the status and an empty message.
    pub fn new(status: u16) -> Self {
        ApiError {
            status,
            kind: ApiErrorKind::from_status(status),
            message: String::new(),
            field_errors: Vec::new(),
            retry_after: None,
            request_id: None,
            request: String::new(),
            body: String::new(),
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("field_errors", &self.field_errors)
            .field("retry_after", &self.retry_after)
            .field("request_id", &self.request_id)
            .field("request", &self.request)
            .field("body", &self.body)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.status, self.kind)?;
        if !self.request.is_empty() {
            write!(f, " on {}", self.request)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        for fe in &self.field_errors {
            write!(f, "; {}: {}", fe.field, fe.message)?;
        }
        Ok(())
    }
}

/// Vendor-neutral classification of an API error.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: the request was malformed or the operation is illegal.
    BadRequest,
    /// 401: credentials missing or refused.
    Unauthorized,
    /// 403: not allowed for this user.
    Forbidden,
    /// 403 (vendor-specific): the account's plan lacks the feature.
    FeatureUnavailable,
    /// 404: no such resource.
    NotFound,
    /// 405: method not allowed on the resource.
    MethodNotAllowed,
    /// 406: a precondition of the operation failed.
    NotAcceptable,
    /// 409: conflicting state.
    Conflict,
    /// 415: wrong content type.
    UnsupportedMediaType,
    /// 422: the input was understood but refused.
    Unprocessable,
    /// 422 (vendor-specific): nothing is free at the requested time.
    NoAvailability,
    /// 429: too many requests.
    RateLimited,
    /// 5xx other than 503.
    Server,
    /// 503: temporarily unavailable.
    Unavailable,
    /// Anything else.
    Other,
}

impl ApiErrorKind {
    /// The default classification of a status code.
    pub fn from_status(status: u16) -> Self {
        match status {
            400 => Self::BadRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            405 => Self::MethodNotAllowed,
            406 => Self::NotAcceptable,
            409 => Self::Conflict,
            415 => Self::UnsupportedMediaType,
            422 => Self::Unprocessable,
            429 => Self::RateLimited,
            503 => Self::Unavailable,
            500..=599 => Self::Server,
            _ => Self::Other,
        }
    }
}

/// One problem with one input field, as reported by the vendor.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    /// Field name or path (`zip`, `(root)`, `guest.email`).
    pub field: String,
    /// Machine-readable type of the problem (`string_lte`, `invalid`), when the vendor gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Human-readable message.
    pub message: String,
    /// Anything else the vendor said about this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_status() {
        assert_eq!(ApiErrorKind::from_status(422), ApiErrorKind::Unprocessable);
        assert_eq!(ApiErrorKind::from_status(502), ApiErrorKind::Server);
        assert_eq!(ApiErrorKind::from_status(503), ApiErrorKind::Unavailable);
        assert_eq!(ApiErrorKind::from_status(302), ApiErrorKind::Other);
    }

    #[test]
    fn retry_after_is_found_through_exhaustion() {
        let mut api = ApiError::new(503);
        api.retry_after = Some(Duration::from_secs(2));
        let err = Error::RetriesExhausted {
            attempts: 3,
            elapsed: Duration::from_secs(5),
            last: Box::new(Error::Api(Box::new(api))),
        };
        assert_eq!(err.status(), Some(503));
        assert_eq!(err.retry_after(), Some(Duration::from_secs(2)));
        assert!(err.to_string().contains("gave up after 3 attempts"));
    }
}
