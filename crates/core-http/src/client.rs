//! The HTTP client every vendor crate is built on, and its builder.

use std::net::IpAddr;
use std::sync::{Arc, Once};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};

use crate::auth::{Auth, NoAuth};
use crate::error::{Error, Result};
use crate::error_body::{DefaultErrorParser, ErrorParser};
use crate::pacing::{FeedbackPolicy, HeaderFeedback, Pacing};
use crate::request::RequestBuilder;
use crate::retry::RetryPolicy;

/// A vendor-neutral HTTP client: base URL, credentials, pacing, retries and error parsing.
///
/// Cheap to clone; clones share the connection pool, credentials and pacing.
///
/// ```
/// use core_http::{Client, auth::Basic, pacing::Pacing};
/// use std::time::Duration;
///
/// let client = Client::builder("https://api.example.com/v1")
///     .vendor("example")
///     .auth(Basic::api_key("secret-key"))
///     .pacing(Pacing::fixed_window(100, Duration::from_secs(60)))
///     .build()?;
/// assert_eq!(client.base_url().as_str(), "https://api.example.com/v1");
/// assert!(!format!("{client:?}").contains("secret-key"));
///
/// // Plain HTTP is refused, except on loopback (tests, the sandbox).
/// assert!(Client::builder("http://api.example.com").build().is_err());
/// assert!(Client::builder("http://127.0.0.1:8080/v1").build().is_ok());
/// # Ok::<(), core_http::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base: Url,
    pub(crate) vendor: &'static str,
    pub(crate) default_headers: HeaderMap,
    pub(crate) auth: Arc<dyn Auth>,
    pub(crate) pacing: Pacing,
    pub(crate) feedback: Box<dyn FeedbackPolicy>,
    pub(crate) retry: RetryPolicy,
    pub(crate) errors: Box<dyn ErrorParser>,
    pub(crate) request_id_header: HeaderName,
    pub(crate) extra_secrets: Vec<String>,
    pub(crate) max_response_size: u64,
    pub(crate) max_server_pause: Duration,
}

/// Default of [`ClientBuilder::max_response_size`]: 32 MiB. The largest page any vendor
/// documents (100 bookings with guests, notes and custom fields) is well under 1 MiB, so this
/// leaves a wide margin while keeping a hostile or broken server from making one request hold
/// gigabytes. Large files are streamed instead ([`RequestBuilder::send_stream`]).
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 32 * 1024 * 1024;

/// Default of [`ClientBuilder::max_server_pause`]: 5 minutes. Longer than every wait the vendors
/// document (a per-minute window, resOS's reset in milliseconds), short enough that a wrong or
/// hostile `Retry-After` cannot stop a client (and its clones) for long.
pub const DEFAULT_MAX_SERVER_PAUSE: Duration = Duration::from_secs(5 * 60);

impl Client {
    /// Starts a builder for a client rooted at `base_url` (such as `https://api.resos.com/v1`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(base_url.into())
    }

    /// Starts a request. `path` is a template relative to the base URL, such as
    /// `/bookings/{id}`; fill placeholders with [`RequestBuilder::path_param`].
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        RequestBuilder::new(self.clone(), method, path)
    }

    /// A GET request.
    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    /// A POST request.
    pub fn post(&self, path: &str) -> RequestBuilder {
        self.request(Method::POST, path)
    }

    /// A PUT request.
    pub fn put(&self, path: &str) -> RequestBuilder {
        self.request(Method::PUT, path)
    }

    /// A PATCH request.
    pub fn patch(&self, path: &str) -> RequestBuilder {
        self.request(Method::PATCH, path)
    }

    /// A DELETE request.
    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.request(Method::DELETE, path)
    }

    /// The base URL every path is relative to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The vendor name given to the builder (used in errors and traces).
    pub fn vendor(&self) -> &'static str {
        self.inner.vendor
    }

    /// The client's pacing (shared by all clones).
    pub fn pacing(&self) -> &Pacing {
        &self.inner.pacing
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The largest response body (after decompression) a request reads, in bytes.
    pub fn max_response_size(&self) -> u64 {
        self.inner.max_response_size
    }

    /// The longest pause a vendor may order (see [`ClientBuilder::max_server_pause`]).
    pub fn max_server_pause(&self) -> Duration {
        self.inner.max_server_pause
    }

    /// Secret strings to remove from anything shown (credentials of the auth scheme and any
    /// registered with [`ClientBuilder::secret`]).
    pub(crate) fn secrets(&self) -> Vec<String> {
        let mut out = self.inner.auth.secrets();
        out.extend(self.inner.extra_secrets.iter().cloned());
        out
    }

    /// Removes this client's secrets and sensitive JSON values from `text`.
    pub fn redact(&self, text: &str) -> String {
        crate::redact::redact(text, &self.secrets())
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("vendor", &self.inner.vendor)
            .field("base_url", &self.inner.base.as_str())
            .field("auth", &self.inner.auth)
            .field("pacing", &self.inner.pacing)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Builder for [`Client`].
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    vendor: &'static str,
    user_agent: String,
    user_agent_suffix: Option<String>,
    http_client: Option<reqwest::Client>,
    default_headers: HeaderMap,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    pool_idle_timeout: Option<Duration>,
    auth: Arc<dyn Auth>,
    pacing: Pacing,
    shared_pacing: Option<std::sync::Arc<dyn crate::pacing::SharedPacing>>,
    feedback: Box<dyn FeedbackPolicy>,
    retry: RetryPolicy,
    errors: Box<dyn ErrorParser>,
    request_id_header: HeaderName,
    extra_secrets: Vec<String>,
    max_response_size: u64,
    max_server_pause: Duration,
    problem: Option<Error>,
}

impl ClientBuilder {
    fn new(base_url: String) -> Self {
        ClientBuilder {
            base_url,
            vendor: "http",
            user_agent: format!("bookbridge-core-http/{}", env!("CARGO_PKG_VERSION")),
            user_agent_suffix: None,
            http_client: None,
            default_headers: HeaderMap::new(),
            connect_timeout: Some(Duration::from_secs(10)),
            request_timeout: Some(Duration::from_secs(30)),
            pool_idle_timeout: Some(Duration::from_secs(90)),
            auth: Arc::new(NoAuth),
            pacing: Pacing::none(),
            shared_pacing: None,
            feedback: Box::new(HeaderFeedback::default()),
            retry: RetryPolicy::default(),
            errors: Box::new(DefaultErrorParser),
            request_id_header: HeaderName::from_static("x-request-id"),
            extra_secrets: Vec::new(),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            max_server_pause: DEFAULT_MAX_SERVER_PAUSE,
            problem: None,
        }
    }

    /// Replaces the base URL.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Vendor name for errors and traces (`resos`, `launch27`, ...).
    pub fn vendor(mut self, vendor: &'static str) -> Self {
        self.vendor = vendor;
        self
    }

    /// The `User-Agent` header (vendor crates send `bookbridge-<crate>/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Text appended to the `User-Agent` after a space (`bookbridge-resos/0.1.0 my-app/2.3`),
    /// so the vendor can tell your application apart. A value that is not a valid header
    /// value makes `build` fail.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Sends through this `reqwest::Client` instead of one built here: the escape hatch for
    /// proxies, custom root certificates or a shared connection pool.
    ///
    /// The client is used as it is: its timeouts, proxy, TLS and redirect settings are yours,
    /// and [`connect_timeout`](Self::connect_timeout), [`request_timeout`](Self::request_timeout),
    /// [`pool_idle_timeout`](Self::pool_idle_timeout) and
    /// [`without_transport_timers`](Self::without_transport_timers) no longer apply. Build it
    /// with `redirect(reqwest::redirect::Policy::none())`: a followed redirect would carry
    /// credentials to another address. Everything else (base URL check, `User-Agent`, auth,
    /// pacing, retries, the response size limit, redaction) still applies.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// A header sent with every request. An invalid name or value makes `build` fail.
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => {
                self.default_headers.insert(n, v);
            }
            _ => self.problem = Some(Error::Config(format!("invalid default header `{name}`"))),
        }
        self
    }

    /// Time allowed to establish a connection (`None`: no limit). Default 10 s.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one attempt, from sending to the end of the body (`None`: no limit).
    /// Default 30 s.
    pub fn request_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long idle connections are kept (`None`: forever). Default 90 s.
    pub fn pool_idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Turns off every timer of the transport (timeouts, idle pool eviction). Meant for tests
    /// under `tokio::time::pause()`, where such timers would fire in virtual time while a real
    /// socket is waited on.
    pub fn without_transport_timers(self) -> Self {
        self.connect_timeout(None)
            .request_timeout(None)
            .pool_idle_timeout(None)
    }

    /// The authentication scheme (default: none).
    pub fn auth(mut self, auth: impl Auth) -> Self {
        self.auth = Arc::new(auth);
        self
    }

    /// Client-side pacing (default: none).
    pub fn pacing(mut self, pacing: Pacing) -> Self {
        self.pacing = pacing;
        self
    }

    /// Keeps the pacing state in a store shared by many processes (such as
    /// `core_http::pacing::RedisPacing`, feature `redis`), keyed by the vendor and a hash of
    /// the credential; the limits stay those of [`pacing`](Self::pacing).
    pub fn shared_pacing(mut self, store: impl crate::pacing::SharedPacing) -> Self {
        self.shared_pacing = Some(std::sync::Arc::new(store));
        self
    }

    /// [`shared_pacing`](Self::shared_pacing) with a store already behind an `Arc`.
    pub fn shared_pacing_arc(mut self, store: Arc<dyn crate::pacing::SharedPacing>) -> Self {
        self.shared_pacing = Some(store);
        self
    }

    /// How response headers feed back into pacing (default: [`HeaderFeedback`] with
    /// `Retry-After` in seconds).
    pub fn feedback(mut self, feedback: impl FeedbackPolicy) -> Self {
        self.feedback = Box::new(feedback);
        self
    }

    /// Retry policy (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The vendor's error-body parser (default: [`DefaultErrorParser`]).
    pub fn error_parser(mut self, parser: impl ErrorParser) -> Self {
        self.errors = Box::new(parser);
        self
    }

    /// Header that carries the vendor's request id (default `x-request-id`).
    pub fn request_id_header(mut self, name: &'static str) -> Self {
        self.request_id_header = HeaderName::from_static(name);
        self
    }

    /// A further secret to keep out of errors (a login password, a client secret).
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.extra_secrets.push(secret.into());
        self
    }

    /// The largest response body a request reads, in bytes, counted after decompression
    /// (default [`DEFAULT_MAX_RESPONSE_SIZE`], 32 MiB). A larger body (or a `Content-Length`
    /// announcing one) ends the request with [`Error::BodyTooLarge`], which is not retried.
    /// Bodies read with [`RequestBuilder::send_stream`] are not limited.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// The longest pause a vendor may order with `Retry-After`, a reset header or an exhausted
    /// window (default [`DEFAULT_MAX_SERVER_PAUSE`], 5 minutes). A longer order pauses the
    /// client (and its clones) only this long, and fails the request that received it with
    /// [`Error::RateLimited`] carrying the vendor's own value.
    pub fn max_server_pause(mut self, max: Duration) -> Self {
        self.max_server_pause = max;
        self
    }

    /// Builds the client. Fails on a base URL that is not `https://` (plain `http://` is
    /// allowed for loopback hosts only), on a URL with a query or fragment, and on invalid
    /// headers.
    pub fn build(self) -> Result<Client> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let base = validate_base_url(&self.base_url)?;
        install_crypto_provider();
        let user_agent = match &self.user_agent_suffix {
            Some(suffix) => format!("{} {}", self.user_agent, suffix.trim()),
            None => self.user_agent.clone(),
        };
        let mut default_headers = self.default_headers;
        if !default_headers.contains_key(reqwest::header::USER_AGENT) {
            let value = HeaderValue::from_str(&user_agent)
                .map_err(|_| Error::Config(format!("invalid user agent `{user_agent}`")))?;
            default_headers.insert(reqwest::header::USER_AGENT, value);
        }
        let http = match self.http_client {
            Some(http) => http,
            None => {
                let mut http = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .pool_idle_timeout(self.pool_idle_timeout);
                if let Some(t) = self.connect_timeout {
                    http = http.connect_timeout(t);
                }
                if let Some(t) = self.request_timeout {
                    http = http.timeout(t);
                }
                http.build()
                    .map_err(|e| Error::Config(format!("cannot build HTTP client: {e}")))?
            }
        };
        let mut pacing = self.pacing;
        if let Some(store) = self.shared_pacing {
            pacing = pacing.shared_arc(store);
        }
        let auth = self.auth.clone();
        let vendor = self.vendor;
        let pacing = pacing.bind(|| crate::pacing::PacingScope {
            vendor,
            credential: auth.pacing_identity(),
            base_url: base.to_string(),
        })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                vendor: self.vendor,
                default_headers,
                auth: self.auth,
                pacing,
                feedback: self.feedback,
                retry: self.retry,
                errors: self.errors,
                request_id_header: self.request_id_header,
                extra_secrets: self.extra_secrets,
                max_response_size: self.max_response_size,
                max_server_pause: self.max_server_pause,
            }),
        })
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("vendor", &self.vendor)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

/// Checks a base URL: `https`, or `http` on loopback; no credentials, query or fragment.
pub fn validate_base_url(raw: &str) -> Result<Url> {
    let url = Url::parse(raw).map_err(|e| Error::Config(format!("invalid base URL: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "base URL must not contain credentials; use the auth settings".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(
            "base URL must not have a query or fragment".into(),
        ));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(Error::Config(format!(
            "refusing plain http to {}: use https (http is allowed for loopback only)",
            url.host_str().unwrap_or("?")
        ))),
        other => Err(Error::Config(format!("unsupported URL scheme `{other}`"))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Installs the aws-lc-rs rustls provider as the process default, once. Needed because more
/// than one provider may be compiled into a test binary (httpmock brings `ring`).
fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // An Err means another provider was installed first; that one is used.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert!(validate_base_url("https://api.resos.com/v1").is_ok());
        assert!(validate_base_url("http://localhost:1234").is_ok());
        assert!(validate_base_url("http://127.0.0.5/x").is_ok());
        assert!(validate_base_url("http://[::1]:99/").is_ok());
        assert!(validate_base_url("http://10.0.0.1/").is_err());
        assert!(validate_base_url("http://localhost.evil.com/").is_err());
        assert!(validate_base_url("ftp://x/").is_err());
        assert!(validate_base_url("https://u:p@x/").is_err());
        assert!(validate_base_url("https://x/?a=1").is_err());
        assert!(validate_base_url("not a url").is_err());
    }

    #[test]
    fn bad_default_header_fails_build() {
        let err = Client::builder("https://x")
            .default_header("bad header", "v")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)));
    }
}
