//! The Rightech client, its builder and its three authentication modes (docs/vendors/rightech.md
//! §3).

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use core_http::auth::{Auth, Bearer, Generation, Login, LoginAuth, Placement, Token};
use core_http::http::HeaderMap;
use core_http::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::RightechErrorParser;
use crate::store::{API_PREFIX, Store};

/// The vendor's public development server, the default base URL of its own clients
/// (docs/vendors/rightech.md §1). On-premise instances have their own URL: see
/// [`ClientBuilder::base_url`].
pub const DEFAULT_BASE_URL: &str = "https://dev.rightech.io";

/// Environment variable with the base URL, as read by the vendor's TypeScript client
/// (docs/vendors/rightech.md §2).
pub const ENV_URL: &str = "RIC_URL";
/// Environment variable with a static API token, as read by the vendor's client
/// (docs/vendors/rightech.md §2).
pub const ENV_TOKEN: &str = "RIC_TOKEN";

/// Login for a token: `POST /api/v1/auth/token` (docs/vendors/rightech.md §3.2).
pub const TOKEN_LOGIN_PATH: &str = "/api/v1/auth/token";
/// Login for a session cookie: `POST /api/v1/auth` (docs/vendors/rightech.md §3.3).
pub const SESSION_LOGIN_PATH: &str = "/api/v1/auth";
/// Name of the session cookie (docs/vendors/rightech.md §3.3).
pub const SESSION_COOKIE: &str = "sid";

/// Vendor name used in errors and traces.
pub const VENDOR: &str = "rightech";

/// Renew a login token or session this long before it expires.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// A Rightech IoT Cloud client. Cheap to clone; clones share connections and credentials.
///
/// ```
/// let client = rightech::Client::builder()
///     .token("my-api-token")
///     .build()?;
/// assert_eq!(client.base_url(), "https://dev.rightech.io/");
/// assert!(!format!("{client:?}").contains("my-api-token"));
/// # Ok::<(), rightech::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) http: core_http::Client,
    pub(crate) auth: Arc<dyn Auth>,
    mode: AuthMode,
}

/// Which of the three authentication mechanisms a client uses (docs/vendors/rightech.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMode {
    /// No credentials (an open on-premise instance, or anonymous calls only).
    None,
    /// A static API token issued in the web UI, sent as `Authorization: Bearer`.
    Token,
    /// `POST /api/v1/auth/token` with login and password; the token is renewed before
    /// `expiresAt` and after a 401.
    LoginToken,
    /// `POST /api/v1/auth` with login and password; the `sid` cookie is renewed when it
    /// expires and after a 401.
    Session,
}

impl Client {
    /// A builder with the default base URL and no credentials yet.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `RIC_URL` (optional) and `RIC_TOKEN`, like the vendor's own
    /// client.
    pub fn from_env() -> Result<Self> {
        let token = std::env::var(ENV_TOKEN)
            .map_err(|_| Error::Config(format!("{ENV_TOKEN} is not set")))?;
        let mut builder = Client::builder().token(token);
        if let Ok(url) = std::env::var(ENV_URL) {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// The base URL (without the `/api/v1` prefix).
    pub fn base_url(&self) -> &str {
        self.http.base_url().as_str()
    }

    /// The authentication mode.
    pub fn auth_mode(&self) -> AuthMode {
        self.mode
    }

    /// The underlying core-http client, for endpoints this crate does not wrap.
    pub fn http(&self) -> &core_http::Client {
        &self.http
    }

    /// Any store by name (`/api/v1/<name>`), with records decoded as `T`: your own type, a
    /// [`crate::RawRecord`] or `serde_json::Value`. The name is checked before the first
    /// request.
    pub fn store<T>(&self, name: &str) -> Store<T> {
        Store::new(self.http.clone(), name)
    }

    /// Any store with records kept as raw JSON besides their system fields.
    pub fn raw_store(&self, name: &str) -> Store<crate::RawRecord> {
        self.store(name)
    }

    /// The headers the current credentials put on a request (logging in first when the mode
    /// needs it). Used to authenticate realtime connections.
    pub async fn auth_headers(&self) -> Result<HeaderMap> {
        let mut headers = HeaderMap::new();
        self.auth.authorize(&self.http, &mut headers).await?;
        Ok(headers)
    }
}

impl Client {
    /// Forces new credentials after the server refused them (login modes only).
    #[cfg(feature = "realtime")]
    pub(crate) async fn renew_auth(&self) -> Result<bool> {
        let mut headers = HeaderMap::new();
        let generation = self.auth.authorize(&self.http, &mut headers).await?;
        self.auth.renew(&self.http, generation).await
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.http.base_url().as_str())
            .field("auth_mode", &self.mode)
            .field("auth", &self.auth)
            .finish()
    }
}

enum Credentials {
    None,
    Token(SecretString),
    LoginToken {
        login: String,
        password: SecretString,
    },
    Session {
        login: String,
        password: SecretString,
    },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Credentials::None => "None",
            Credentials::Token(_) => "Token([redacted])",
            Credentials::LoginToken { .. } => "LoginToken([redacted])",
            Credentials::Session { .. } => "Session([redacted])",
        })
    }
}

/// Builder for [`Client`].
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    credentials: Credentials,
    refresh_margin: Duration,
    transport: core_http::Transport,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: Credentials::None,
            refresh_margin: REFRESH_MARGIN,
            transport: core_http::Transport::default(),
        }
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("refresh_margin", &self.refresh_margin)
            .field("transport", &self.transport)
            .finish()
    }
}

impl ClientBuilder {
    /// The instance's base URL, such as `https://ric.example.com` (without `/api/v1`).
    /// Default: [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Static API token issued in the web UI (Project Administration → API tokens), sent as
    /// `Authorization: Bearer <token>`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Credentials::Token(SecretString::from(token.into()));
        self
    }

    /// Log in with `POST /api/v1/auth/token` and send the token as Bearer; log in again
    /// before `expiresAt` and after a 401 (single-flight).
    pub fn login_token(mut self, login: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Credentials::LoginToken {
            login: login.into(),
            password: SecretString::from(password.into()),
        };
        self
    }

    /// Log in with `POST /api/v1/auth` and send the `sid` cookie; log in again when the
    /// cookie expires and after a 401 (single-flight).
    pub fn session(mut self, login: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Credentials::Session {
            login: login.into(),
            password: SecretString::from(password.into()),
        };
        self
    }

    /// Renew login tokens and sessions this long before they expire (default 60 s).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    core_http::transport_setters!();

    /// Builds the client. Fails on a base URL that is not `https://` (plain `http://` only
    /// on loopback).
    pub fn build(self) -> Result<Client> {
        let (auth, mode): (Arc<dyn Auth>, AuthMode) = match self.credentials {
            Credentials::None => (Arc::new(NoCredentials), AuthMode::None),
            Credentials::Token(token) => (
                Arc::new(Bearer::new(token.expose_secret())),
                AuthMode::Token,
            ),
            Credentials::LoginToken { login, password } => (
                Arc::new(
                    LoginAuth::new(TokenLogin { login, password }, Placement::Bearer)
                        .refresh_margin(self.refresh_margin),
                ),
                AuthMode::LoginToken,
            ),
            Credentials::Session { login, password } => (
                Arc::new(
                    LoginAuth::new(
                        SessionLogin { login, password },
                        Placement::Cookie(SESSION_COOKIE.to_owned()),
                    )
                    .refresh_margin(self.refresh_margin),
                ),
                AuthMode::Session,
            ),
        };
        let defaults = core_http::Client::builder(self.base_url)
            .vendor(VENDOR)
            .user_agent(format!("bookbridge-rightech/{}", env!("CARGO_PKG_VERSION")))
            .default_header("accept", "application/json")
            .auth(Shared(auth.clone()))
            .error_parser(RightechErrorParser);
        let builder = self.transport.apply(defaults);
        Ok(Client {
            http: builder.build()?,
            auth,
            mode,
        })
    }
}

/// No credentials at all.
#[derive(Debug)]
struct NoCredentials;

#[async_trait]
impl Auth for NoCredentials {
    async fn authorize(
        &self,
        _client: &core_http::Client,
        _headers: &mut HeaderMap,
    ) -> Result<Generation> {
        Ok(Generation(0))
    }
}

/// Lets the Rightech client keep a handle on the auth scheme it gave to core-http.
#[derive(Debug)]
struct Shared(Arc<dyn Auth>);

#[async_trait]
impl Auth for Shared {
    async fn authorize(
        &self,
        client: &core_http::Client,
        headers: &mut HeaderMap,
    ) -> Result<Generation> {
        self.0.authorize(client, headers).await
    }

    async fn renew(&self, client: &core_http::Client, used: Generation) -> Result<bool> {
        self.0.renew(client, used).await
    }

    fn secrets(&self) -> Vec<String> {
        self.0.secrets()
    }
}

/// The body of both login calls (docs/vendors/rightech.md §3).
#[derive(Serialize)]
struct LoginBody<'a> {
    login: &'a str,
    password: &'a str,
}

/// The answer to `POST /api/v1/auth/token` (docs/vendors/rightech.md §3.2).
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TokenResponse {
    /// `success` (some examples spell it `sucess`; see [`TokenResponse::success_flag`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// `sucess`: the misspelling of the doc examples.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sucess: Option<bool>,
    /// `type`, such as `access`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `token`: the credential (kept secret; never serialised back).
    #[serde(skip_serializing, default)]
    #[schemars(skip)]
    pub token: Option<SecretString>,
    /// `issuedAt`, epoch milliseconds.
    #[serde(
        rename = "issuedAt",
        default,
        with = "crate::time::opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i64>")]
    pub issued_at: Option<jiff::Timestamp>,
    /// `expiresAt`, epoch milliseconds.
    #[serde(
        rename = "expiresAt",
        default,
        with = "crate::time::opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i64>")]
    pub expires_at: Option<jiff::Timestamp>,
    /// Anything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TokenResponse {
    /// The success flag under either spelling (the HTTP status is what counts).
    pub fn success_flag(&self) -> Option<bool> {
        self.success.or(self.sucess)
    }
}

/// Login strategy for `POST /api/v1/auth/token`.
struct TokenLogin {
    login: String,
    password: SecretString,
}

impl std::fmt::Debug for TokenLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenLogin([redacted])")
    }
}

#[async_trait]
impl Login for TokenLogin {
    async fn login(&self, client: &core_http::Client, _previous: Option<&Token>) -> Result<Token> {
        let response: TokenResponse = client
            .post(TOKEN_LOGIN_PATH)
            .without_auth()
            .json(&LoginBody {
                login: &self.login,
                password: self.password.expose_secret(),
            })
            .send_json()
            .await?;
        let secret = response
            .token
            .as_ref()
            .map(|t| t.expose_secret().to_owned())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::Decode {
                path: "token".to_owned(),
                message: "login answer holds no token".to_owned(),
                snippet: String::new(),
            })?;
        let mut token = Token::new(secret);
        if let Some(at) = response.expires_at {
            token = token.expires_at(at);
        }
        Ok(token)
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.password.expose_secret().to_owned()]
    }
}

/// Login strategy for `POST /api/v1/auth` (session cookie).
struct SessionLogin {
    login: String,
    password: SecretString,
}

impl std::fmt::Debug for SessionLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionLogin([redacted])")
    }
}

#[async_trait]
impl Login for SessionLogin {
    async fn login(&self, client: &core_http::Client, _previous: Option<&Token>) -> Result<Token> {
        let response = client
            .post(SESSION_LOGIN_PATH)
            .without_auth()
            .json(&LoginBody {
                login: &self.login,
                password: self.password.expose_secret(),
            })
            .send()
            .await?;
        let sid = response
            .cookie(SESSION_COOKIE)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::Decode {
                path: "set-cookie".to_owned(),
                message: format!("login answer sets no `{SESSION_COOKIE}` cookie"),
                snippet: String::new(),
            })?;
        let mut token = Token::new(sid);
        let cookies = response.header_all("set-cookie");
        if let Some(expiry) = cookies
            .iter()
            .find(|c| c.trim_start().starts_with(&format!("{SESSION_COOKIE}=")))
            .and_then(|c| cookie_expiry(c))
        {
            token = match expiry {
                CookieExpiry::At(at) => token.expires_at(at),
                CookieExpiry::In(ttl) => token.expires_in(ttl),
            };
        }
        Ok(token)
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.password.expose_secret().to_owned()]
    }
}

#[derive(Debug, PartialEq)]
enum CookieExpiry {
    At(jiff::Timestamp),
    In(Duration),
}

/// Reads `Max-Age` (preferred, as in RFC 6265) or `Expires` from a `Set-Cookie` value.
fn cookie_expiry(set_cookie: &str) -> Option<CookieExpiry> {
    let mut expires = None;
    for attr in set_cookie.split(';').skip(1) {
        let Some((name, value)) = attr.split_once('=') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim();
        if name == "max-age"
            && let Ok(secs) = value.parse::<i64>()
        {
            return Some(CookieExpiry::In(Duration::from_secs(
                u64::try_from(secs).unwrap_or(0),
            )));
        }
        if name == "expires" {
            expires = parse_http_date(value).map(CookieExpiry::At);
        }
    }
    expires
}

/// Parses an HTTP date such as `Thu, 01 Jan 2015 00:00:00 GMT` (also `1 Jan`).
fn parse_http_date(text: &str) -> Option<jiff::Timestamp> {
    jiff::fmt::rfc2822::parse(text)
        .ok()
        .map(|zoned| zoned.timestamp())
        .or_else(|| {
            jiff::fmt::strtime::parse("%a, %d %b %Y %H:%M:%S GMT", text)
                .ok()?
                .to_datetime()
                .ok()?
                .to_zoned(jiff::tz::TimeZone::UTC)
                .ok()
                .map(|z| z.timestamp())
        })
}

/// Path of an API call under the prefix, for the typed stores' special endpoints.
pub(crate) fn api_path(rest: &str) -> String {
    format!("{API_PREFIX}{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_credentials() {
        for builder in [
            Client::builder().token("tok-SECRET-1"),
            Client::builder().login_token("user@example.com", "pw-SECRET-2"),
            Client::builder().session("user@example.com", "pw-SECRET-3"),
        ] {
            let shown = format!("{builder:?}");
            assert!(!shown.contains("SECRET"), "{shown}");
            let client = builder.build().unwrap();
            let shown = format!("{client:?}");
            assert!(!shown.contains("SECRET"), "{shown}");
            assert!(shown.contains("dev.rightech.io"), "{shown}");
        }
    }

    #[test]
    fn modes_and_base_url() {
        let c = Client::builder()
            .base_url("https://ric.example.com")
            .session("u", "p")
            .build()
            .unwrap();
        assert_eq!(c.auth_mode(), AuthMode::Session);
        assert_eq!(c.base_url(), "https://ric.example.com/");
        assert!(
            Client::builder()
                .base_url("http://ric.example.com")
                .build()
                .is_err()
        );
    }

    #[test]
    fn cookie_expiry_forms() {
        assert_eq!(
            cookie_expiry("sid=abc; Path=/; Expires=Thu, 1 Jan 2015 00:00:00 GMT; HttpOnly"),
            Some(CookieExpiry::At("2015-01-01T00:00:00Z".parse().unwrap()))
        );
        assert_eq!(
            cookie_expiry("sid=abc; Path=/; Expires=Thu, 01 Jan 2015 00:00:00 GMT"),
            Some(CookieExpiry::At("2015-01-01T00:00:00Z".parse().unwrap()))
        );
        assert_eq!(
            cookie_expiry("sid=abc; Max-Age=3600; Expires=Thu, 01 Jan 2015 00:00:00 GMT"),
            Some(CookieExpiry::In(Duration::from_secs(3600)))
        );
        assert_eq!(cookie_expiry("sid=abc; Path=/"), None);
    }

    #[test]
    fn token_response_reads_both_spellings() {
        let r: TokenResponse = serde_json::from_str(
            r#"{"sucess":true,"type":"access","token":"t","issuedAt":1494594580646,"expiresAt":1494680980646}"#,
        )
        .unwrap();
        assert_eq!(r.success_flag(), Some(true));
        assert_eq!(r.expires_at.unwrap().as_millisecond(), 1_494_680_980_646);
        assert!(!serde_json::to_string(&r).unwrap().contains("\"t\""));
        let r: TokenResponse = serde_json::from_str(r#"{"success":false}"#).unwrap();
        assert_eq!(r.success_flag(), Some(false));
    }
}
