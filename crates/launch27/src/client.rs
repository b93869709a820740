//! The Launch27 client, its builder, and how it logs in.

use std::sync::Arc;
use std::time::Duration;

use std::future::Future;

use async_trait::async_trait;
use base64::Engine;
use core_http::auth::{Bearer, Login, LoginAuth, Placement, Token};
use core_http::http::Method;
use core_http::pacing::RequestKind;
use core_http::paging::{PageRequest, offset_pages};
use core_http::{Error, RequestBuilder, Result};
use futures::stream::{self, Stream, TryStreamExt as _};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::Launch27ErrorParser;
use crate::rate_limit::{Launch27Feedback, Limiter, RateLimits};

/// Production host pattern: `https://<tenant>.launch27.com` (docs/vendors/launch27.md §2).
pub const PRODUCTION_DOMAIN: &str = "launch27.com";
/// Testing host pattern: `https://<tenant>.l27.co` (docs/vendors/launch27.md §2).
pub const TESTING_DOMAIN: &str = "l27.co";
/// Vendor name in errors and traces.
pub const VENDOR: &str = "launch27";
/// How long before a JWT's `exp` the client logs in again.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// Which Launch27 environment a tenant lives in (docs/vendors/launch27.md §2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Environment {
    /// `https://<tenant>.launch27.com`.
    #[default]
    Production,
    /// `https://<tenant>.l27.co`.
    Testing,
}

impl Environment {
    fn domain(self) -> &'static str {
        match self {
            Environment::Production => PRODUCTION_DOMAIN,
            Environment::Testing => TESTING_DOMAIN,
        }
    }
}

/// The API prefix. Launch27 serves the same API under `/v1` and `/latest` (docs/vendors/launch27.md
/// §2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BasePath {
    /// `/v1` (the default; what the vendor's own web app uses).
    #[default]
    V1,
    /// `/latest` (what the wiki's curl examples use).
    Latest,
}

impl BasePath {
    /// The prefix as text.
    pub fn as_str(self) -> &'static str {
        match self {
            BasePath::V1 => "/v1",
            BasePath::Latest => "/latest",
        }
    }
}

/// A Launch27 API client. Cheap to clone; clones share credentials and pacing.
///
/// Build it with [`Client::builder`]; call the API through the resource handles
/// ([`Client::auth`], [`Client::account`], [`Client::booking`], [`Client::policies`],
/// [`Client::customer_bookings`], [`Client::gift_cards`], [`Client::payments`],
/// [`Client::quotes`], [`Client::staff`]).
#[derive(Clone)]
pub struct Client {
    pub(crate) http: core_http::Client,
    pub(crate) limiter: Arc<Limiter>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("http", &self.http)
            .field("limits", &self.limiter.limits())
            .finish()
    }
}

impl Client {
    /// Starts a builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The full base URL (origin and base path), such as `https://acme.launch27.com/v1`.
    pub fn base_url(&self) -> &core_http::http::Url {
        self.http.base_url()
    }

    /// The rate limits in force (documented defaults, adjusted from response headers).
    pub fn rate_limits(&self) -> RateLimits {
        self.limiter.limits()
    }

    /// The underlying core-http client.
    pub fn http(&self) -> &core_http::Client {
        &self.http
    }

    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, path)
    }

    /// Paces, sends, decodes a JSON body (whatever the content type says).
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        kind: RequestKind,
        request: RequestBuilder,
    ) -> Result<T> {
        request.kind(kind).send_json().await
    }

    /// Like [`Client::call`] for undocumented bodies: JSON when there is one, `null` for none.
    pub(crate) async fn call_value(
        &self,
        kind: RequestKind,
        request: RequestBuilder,
    ) -> Result<Value> {
        let response = request.kind(kind).send().await?;
        if response.bytes().iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        response.json()
    }

    /// A GET read of one page of a list (fingerprinted, so paging notices a repeated page).
    pub(crate) async fn get_page<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
    ) -> Result<core_http::paging::Page<T>> {
        request.kind(RequestKind::Read).send_page().await
    }

    /// One page of a list paged by `limit`/`offset`: the request's own limit and offset.
    pub(crate) async fn offset_page<Q: OffsetQuery, T: DeserializeOwned>(
        &self,
        path: &'static str,
        query: &Q,
    ) -> Result<Vec<T>> {
        query.validate()?;
        let (limit, offset) = query.window();
        let rb = query.apply(self.request(Method::GET, path), limit, offset);
        self.get_json(rb).await
    }

    /// Every page of a list paged by `limit`/`offset`, as a lazy stream: pages of the
    /// request's limit (default and maximum `max_page`) from its offset, fetched one at a time.
    /// An invalid request is the stream's first and only item.
    pub(crate) fn offset_stream<Q: OffsetQuery, T: DeserializeOwned + Send + 'static>(
        &self,
        path: &'static str,
        query: &Q,
        max_page: u32,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        let client = self.clone();
        let query = query.clone();
        let (limit, offset) = query.window();
        let page_size = limit.unwrap_or(max_page);
        let start = offset.unwrap_or(0);
        offset_pages(page_size, max_page, start, move |page: PageRequest| {
            let client = client.clone();
            let query = query.clone();
            async move {
                query.validate()?;
                let rb = query.apply(
                    client.request(Method::GET, path),
                    Some(page.limit),
                    Some(page.offset),
                );
                client.get_page(rb).await
            }
        })
    }

    /// The stream form of a list the vendor does not page: one request, made lazily on the
    /// first poll, then its items one by one.
    pub(crate) fn unpaged<T, Fut>(answer: Fut) -> impl Stream<Item = Result<T>> + Send + 'static
    where
        T: Send + 'static,
        Fut: Future<Output = Result<Vec<T>>> + Send + 'static,
    {
        stream::once(answer)
            .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// A read sent as POST: the JSON `body` on `request`, retried like a GET (the vendor's
    /// lookups, searches and estimates change nothing).
    pub(crate) async fn post_read<B, T>(&self, request: RequestBuilder, body: &B) -> Result<T>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        self.call(RequestKind::Read, request.idempotent(true).json(body))
            .await
    }

    /// A GET read of `path`.
    pub(crate) async fn get_path<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.get_json(self.request(Method::GET, path)).await
    }

    /// A write: the JSON `body` POSTed to `path` (not retried).
    pub(crate) async fn post_write<B, T>(&self, path: &str, body: &B) -> Result<T>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let request = self.request(Method::POST, path).json(body);
        self.call(RequestKind::Write, request).await
    }

    /// A GET read of `path` sent without credentials.
    pub(crate) async fn get_public<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.get_json(self.request(Method::GET, path).without_auth())
            .await
    }

    /// A GET read.
    pub(crate) async fn get_json<T: DeserializeOwned>(&self, request: RequestBuilder) -> Result<T> {
        self.call(RequestKind::Read, request).await
    }
}

/// A list request the vendor pages by `limit`/`offset`.
pub(crate) trait OffsetQuery: Clone + Send + Sync + 'static {
    /// Checks the request against the vendor's documented bounds (nothing sent on failure).
    fn validate(&self) -> Result<()>;
    /// The page size asked for and the items to skip.
    fn window(&self) -> (Option<u32>, Option<u64>);
    /// Adds the query parameters, with this page's `limit` and `offset`.
    fn apply(&self, rb: RequestBuilder, limit: Option<u32>, offset: Option<u64>) -> RequestBuilder;
}

/// Builder for [`Client`].
///
/// ```
/// use launch27::{Client, Environment};
/// let client = Client::builder()
///     .tenant("acme")
///     .environment(Environment::Testing)
///     .credentials("pat@example.com", "hunter2")
///     .build()?;
/// assert_eq!(client.base_url().as_str(), "https://acme.l27.co/v1");
/// assert!(!format!("{client:?}").contains("hunter2"));
/// # Ok::<(), launch27::Error>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    tenant: Option<String>,
    environment: Environment,
    base_url: Option<String>,
    base_path: BasePath,
    email: Option<String>,
    password: Option<SecretString>,
    otp: Option<SecretString>,
    token: Option<SecretString>,
    limits: RateLimits,
    refresh_margin: Duration,
    transport: core_http::Transport,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            tenant: None,
            environment: Environment::Production,
            base_url: None,
            base_path: BasePath::V1,
            email: None,
            password: None,
            otp: None,
            token: None,
            limits: RateLimits::default(),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            transport: core_http::Transport::new(),
        }
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("tenant", &self.tenant)
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("base_path", &self.base_path)
            .field("email", &self.email)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("otp", &self.otp.as_ref().map(|_| "[redacted]"))
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("limits", &self.limits)
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    core_http::transport_setters!();

    /// The account subdomain (`acme` for `acme.launch27.com`; sandboxes are separate tenants
    /// such as `acme-sandbox`).
    pub fn tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = Some(tenant.into());
        self
    }

    /// Production (default) or testing hosts.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// An explicit origin such as `https://acme.launch27.com` (or a loopback mock server);
    /// replaces tenant and environment. The base path is appended to it.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// `/v1` (default) or `/latest`.
    pub fn base_path(mut self, base_path: BasePath) -> Self {
        self.base_path = base_path;
        self
    }

    /// Logs in with e-mail and password (`POST /login`) when a token is needed: before the
    /// first authenticated call, shortly before the JWT's `exp`, and once after a 401.
    pub fn credentials(mut self, email: impl Into<String>, password: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self.password = Some(SecretString::from(password.into()));
        self
    }

    /// The 6-digit one-time code for accounts with two-factor login.
    pub fn one_time_code(mut self, code: impl Into<String>) -> Self {
        self.otp = Some(SecretString::from(code.into()));
        self
    }

    /// A JWT obtained earlier. With [`credentials`](Self::credentials) it is used until it
    /// expires or is refused; alone it is sent as it is and never renewed.
    pub fn token(mut self, jwt: impl Into<String>) -> Self {
        self.token = Some(SecretString::from(jwt.into()));
        self
    }

    /// Starting limits of the default pacing (default: the documented 30/10 per 500 ms,
    /// docs/vendors/launch27.md §5); the vendor's headers resize them as it goes. Replace the
    /// pacing altogether with [`pacing`](Self::pacing).
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.limits = limits;
        self
    }

    /// How long before expiry the JWT is renewed (default 60 s).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    fn origin(&self) -> Result<String> {
        if let Some(url) = &self.base_url {
            return Ok(url.trim_end_matches('/').to_owned());
        }
        let tenant = self
            .tenant
            .as_deref()
            .ok_or_else(|| Error::Config("set a tenant or a base URL".into()))?;
        let valid = !tenant.is_empty()
            && tenant.len() <= 63
            && tenant
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !tenant.starts_with('-')
            && !tenant.ends_with('-');
        if !valid {
            return Err(Error::validation(
                "tenant",
                "must be a subdomain label (letters, digits, `-`)",
            ));
        }
        Ok(format!(
            "https://{}.{}",
            tenant.to_ascii_lowercase(),
            self.environment.domain()
        ))
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client> {
        let base = format!("{}{}", self.origin()?, self.base_path.as_str());
        let limiter = Limiter::new(self.limits);
        let mut http = core_http::Client::builder(base)
            .vendor(VENDOR)
            .user_agent(format!("bookbridge-launch27/{}", env!("CARGO_PKG_VERSION")))
            .pacing(limiter.pacing())
            .feedback(Launch27Feedback {
                limiter: limiter.clone(),
            })
            .error_parser(Launch27ErrorParser);
        match (self.email, self.password) {
            (Some(email), Some(password)) => {
                if let Some(otp) = &self.otp {
                    crate::auth::validate_otp(otp.expose_secret())?;
                }
                http = http.secret(password.expose_secret());
                let login = JwtLogin {
                    email,
                    password,
                    otp: self.otp,
                };
                let mut auth =
                    LoginAuth::new(login, Placement::Bearer).refresh_margin(self.refresh_margin);
                if let Some(token) = &self.token {
                    auth = auth.with_token(token_from_jwt(token.expose_secret()));
                }
                http = http.auth(auth);
            }
            (None, None) => {
                if let Some(token) = &self.token {
                    http = http.auth(Bearer::new(token.expose_secret()));
                }
            }
            _ => {
                return Err(Error::Config(
                    "credentials need both an e-mail and a password".into(),
                ));
            }
        }
        // Vendor defaults first, so that the user's transport settings win.
        Ok(Client {
            http: self.transport.apply(http).build()?,
            limiter,
        })
    }
}

/// Logs in with `POST /login` and keeps the JWT from `bearer` until its `exp` claim.
struct JwtLogin {
    email: String,
    password: SecretString,
    otp: Option<SecretString>,
}

impl std::fmt::Debug for JwtLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtLogin")
            .field("email", &self.email)
            .field("password", &"[redacted]")
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Login for JwtLogin {
    async fn login(&self, client: &core_http::Client, _previous: Option<&Token>) -> Result<Token> {
        let body = crate::auth::LoginBody {
            email: &self.email,
            password: self.password.expose_secret(),
            token: self.otp.as_ref().map(|t| t.expose_secret()),
        };
        let response: crate::auth::LoginResponse = client
            .post(crate::auth::LOGIN_PATH)
            .without_auth()
            .kind(RequestKind::Write)
            .json(&body)
            .send_json()
            .await?;
        Ok(token_from_jwt(response.bearer.expose_secret()))
    }

    fn pacing_identity(&self) -> Option<SecretString> {
        // Launch27 limits per user: the e-mail names it (shared pacing hashes it).
        Some(SecretString::from(format!("login:{}", self.email)))
    }

    fn secrets(&self) -> Vec<String> {
        let mut out = vec![self.password.expose_secret().to_owned()];
        if let Some(otp) = &self.otp {
            out.push(otp.expose_secret().to_owned());
        }
        out
    }
}

/// A [`Token`] for a JWT, expiring at its `exp` claim when it has one.
pub(crate) fn token_from_jwt(jwt: &str) -> Token {
    let token = Token::new(jwt);
    match jwt_expiry(jwt) {
        Some(exp) => token.expires_at(exp),
        None => token,
    }
}

/// The `exp` claim (unix seconds) of a JWT, read without checking the signature.
pub fn jwt_expiry(jwt: &str) -> Option<jiff::Timestamp> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    let exp = match claims.get("exp")? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    jiff::Timestamp::from_second(exp).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_jwt_expiry_is_read() {
        // The sample token of the vendor's General notes (seed 002).
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6ImxpbGx5QGt1bmRlLmluZm8iLCJzaW5nbGVfYWNjZXNzX3Rva2VuIjoiZW4zcm1PekJKczZtb2VSTmx3cUsiLCJleHAiOjE0OTc5Nzk3NDUsImlzcyI6IkxhdW5jaDI3In0.DrDR4wYoj0LRDQ4tu8yKAJU-FqTEgzcy8wqwego9SGg";
        assert_eq!(jwt_expiry(jwt).unwrap().as_second(), 1_497_979_745);
        assert_eq!(jwt_expiry("not-a-jwt"), None);
        assert_eq!(jwt_expiry("a.b.c"), None);
    }

    #[test]
    fn hosts_and_base_paths() {
        let c = Client::builder().tenant("acme").build().unwrap();
        assert_eq!(c.base_url().as_str(), "https://acme.launch27.com/v1");
        let c = Client::builder()
            .tenant("acme-sandbox")
            .environment(Environment::Testing)
            .base_path(BasePath::Latest)
            .build()
            .unwrap();
        assert_eq!(c.base_url().as_str(), "https://acme-sandbox.l27.co/latest");
        let c = Client::builder()
            .base_url("http://127.0.0.1:9/")
            .build()
            .unwrap();
        assert_eq!(c.base_url().as_str(), "http://127.0.0.1:9/v1");
        assert!(Client::builder().build().is_err());
        assert!(Client::builder().tenant("evil.com/x").build().is_err());
        assert!(
            Client::builder()
                .base_url("http://example.com")
                .build()
                .is_err()
        );
    }

    #[test]
    fn debug_hides_credentials() {
        let builder = Client::builder()
            .tenant("acme")
            .credentials("pat@example.com", "pw-very-secret")
            .one_time_code("123456")
            .token("jwt-very-secret");
        let shown = format!("{builder:?}");
        assert!(!shown.contains("pw-very-secret") && !shown.contains("jwt-very-secret"));
        assert!(!shown.contains("123456"));
        let client = builder.build().unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("pw-very-secret"), "{shown}");
        assert!(!shown.contains("jwt-very-secret"), "{shown}");
        assert!(shown.contains("pat@example.com"));
    }

    #[test]
    fn half_credentials_or_bad_code_are_refused() {
        assert!(
            Client::builder()
                .tenant("acme")
                .credentials("a@b.c", "x")
                .one_time_code("12ab")
                .build()
                .is_err()
        );
    }
}
