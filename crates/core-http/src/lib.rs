//! # core-http
//!
//! The vendor-neutral HTTP layer under every bookbridge client. A vendor crate builds one
//! [`Client`] with its base URL, [`auth`] scheme, [`pacing`], [`RetryPolicy`] and
//! [`ErrorParser`], then sends typed requests through it:
//!
//! - **Transport**: reqwest with rustls; `https://` only, plain `http://` only on loopback.
//! - **Auth**: API key as Basic username, static Bearer, login-obtained tokens or session
//!   cookies renewed before expiry and once after a 401, single-flight ([`auth`]).
//! - **Pacing**: fixed windows, read/write token buckets, and pauses ordered by the vendor's
//!   headers, shared by all clones of a client ([`pacing`]).
//! - **Retries**: idempotent requests on 429/502/503/504/timeouts/connection errors, capped
//!   exponential backoff with jitter, `Retry-After` honoured within a time budget
//!   ([`RetryPolicy`]).
//! - **Errors**: one [`Error`] type; decode errors name the JSON path and show a redacted
//!   snippet; secrets never appear in `Debug`, `Display` or logs.
//! - **Paging**: offset/limit pages as a `Stream` of items ([`paging`]).
//!
//! ```no_run
//! use core_http::{Client, auth::Basic, pacing::{Pacing, HeaderFeedback, TimeUnit}};
//! use std::time::Duration;
//!
//! #[derive(serde::Deserialize)]
//! struct Booking { #[serde(rename = "_id")] id: String }
//!
//! # async fn run() -> core_http::Result<()> {
//! let client = Client::builder("https://api.resos.com/v1")
//!     .vendor("resos")
//!     .auth(Basic::api_key(std::env::var("RESOS_API_KEY").unwrap_or_default()))
//!     .pacing(Pacing::fixed_window(100, Duration::from_secs(60)))
//!     .feedback(HeaderFeedback::with_unit(TimeUnit::Milliseconds))
//!     .build()?;
//! let booking: Booking = client
//!     .get("/bookings/{id}")
//!     .path_param("id", "A3CAfJycSJMHEWHHd")
//!     .send_json()
//!     .await?;
//! println!("{}", booking.id);
//! # Ok(()) }
//! ```
//!
//! Every request is traced as an `http.request` span with vendor, method, path template,
//! attempt, status and elapsed milliseconds; header values and bodies are never recorded.

pub mod auth;
mod client;
mod decode;
mod error;
pub mod error_body;
pub mod pacing;
pub mod paging;
pub mod redact;
mod request;
mod retry;
mod transport;

pub use client::{
    Client, ClientBuilder, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_MAX_SERVER_PAUSE, validate_base_url,
};
pub use decode::decode_json;
pub use error::{ApiError, ApiErrorKind, Error, FieldError, Result, TransportCause};
pub use error_body::{DefaultErrorParser, ErrorParser};
/// Lenient decoders and `open_enum!`, from [`model_kit`] (re-exported so vendor crates that
/// already depend on core-http need nothing else).
pub use model_kit::{lenient, open_enum};
pub use request::{ByteStream, RequestBuilder, Response};
pub use retry::{RetryPolicy, is_idempotent, is_retryable_status};
pub use transport::Transport;

/// Re-export of `reqwest`, for [`ClientBuilder::http_client`] (a client of this exact
/// version is needed).
pub use reqwest;

/// Re-exports of the HTTP types that appear in this crate's API.
pub mod http {
    pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
    pub use reqwest::{Method, StatusCode, Url};
}

/// Re-export of `secrecy`, whose types hold credentials.
pub use secrecy;

/// Support for this crate's macros; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use schemars;
    pub use serde;
}
