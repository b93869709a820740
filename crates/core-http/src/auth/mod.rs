//! Credentials: how a request is authorized, and how credentials are renewed.
//!
//! [`Auth`] decorates each outgoing request. The implementations here cover the vendors:
//! [`Basic`] (resOS API key as username, HTTP Basic for Resource Guru exploration),
//! [`Bearer`] (static tokens), and [`LoginAuth`] (a credential obtained by a login call, kept
//! until shortly before it expires, renewed once after a 401, single-flight under concurrency;
//! placed as a Bearer token, a custom header or a session cookie).

mod basic;
mod bearer;
mod login;

pub use basic::Basic;
pub use bearer::Bearer;
pub use login::{Login, LoginAuth, Placement, Token};

use async_trait::async_trait;
use reqwest::header::HeaderMap;
use secrecy::SecretString;

use crate::client::Client;
use crate::error::Result;

/// Identifies the credential a request was sent with, so that a 401 renews it only once even
/// when many requests fail together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Generation(pub u64);

/// An authentication scheme.
///
/// Implementations must not print secrets in `Debug`.
#[async_trait]
pub trait Auth: Send + Sync + std::fmt::Debug + 'static {
    /// Adds credentials to `headers`. `client` may be used for a login call (send it with
    /// [`crate::RequestBuilder::without_auth`]).
    async fn authorize(&self, client: &Client, headers: &mut HeaderMap) -> Result<Generation>;

    /// Called once after a request sent with `used` got a 401. Returns `true` when credentials
    /// were renewed (by this call or a concurrent one) and the request should be replayed.
    async fn renew(&self, _client: &Client, _used: Generation) -> Result<bool> {
        Ok(false)
    }

    /// The secret strings this scheme holds right now, so that they can be removed from
    /// errors and logs. Never returned to users.
    fn secrets(&self) -> Vec<String> {
        Vec::new()
    }

    /// A stable text naming the credential the vendor's rate limit belongs to (an API key, a
    /// login name), so that shared pacing can key its state by it. Only a hash of it ever
    /// leaves the process. Default: `None` (shared pacing then keys by the base URL, unless
    /// the shared store is given a credential of its own).
    fn pacing_identity(&self) -> Option<SecretString> {
        None
    }
}

/// No credentials at all (anonymous endpoints).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoAuth;

#[async_trait]
impl Auth for NoAuth {
    async fn authorize(&self, _client: &Client, _headers: &mut HeaderMap) -> Result<Generation> {
        Ok(Generation(0))
    }
}

/// Builds a sensitive header value (marked so that hyper's logging skips it).
pub(crate) fn sensitive_value(value: &str) -> Result<reqwest::header::HeaderValue> {
    let mut v = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        crate::Error::Config("credential contains characters not allowed in a header".into())
    })?;
    v.set_sensitive(true);
    Ok(v)
}
