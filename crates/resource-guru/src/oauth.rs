//! OAuth2 for Resource Guru (docs/vendors/resource-guru.md §2): the password, authorization-code and refresh
//! grants against `POST /oauth/token`, and the authorize URL.
//!
//! The three grants are written here on core-http (form-encoded token requests,
//! docs/vendors/resource-guru.md §2) rather than with the `oauth2` crate, whose reqwest adapter would pull a second reqwest.
//!
//! Tokens live 7 days. [`core_http::auth::LoginAuth`] renews them before expiry and once after a
//! 401, single-flight; each renewal uses the refresh grant, and because refresh tokens rotate
//! (the old ones die at once) every newly issued pair is handed to the callback set with
//! [`OAuth::on_tokens`], so that it can be stored.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use core_http::auth::{Login, Token};
use core_http::secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::endpoints::{OAUTH_AUTHORIZE, OAUTH_TOKEN};

/// Token lifetime when the server does not say: 7 days (docs/vendors/resource-guru.md §2).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(604_800);

/// What a token request returned, handed to the [`OAuth::on_tokens`] callback: every value
/// the token endpoint sent, the tokens as secrets.
#[derive(Clone)]
#[non_exhaustive]
pub struct RefreshedTokens {
    /// The new access token.
    pub access_token: SecretString,
    /// The new refresh token (it replaces the previous one, which no longer works).
    pub refresh_token: Option<SecretString>,
    /// Lifetime of the access token.
    pub expires_in: Duration,
    /// The grant that produced these tokens (`password`, `authorization_code`, `refresh_token`).
    pub grant_type: &'static str,
    /// `token_type` as the server sent it (`bearer` in the vendor docs, docs/vendors/resource-guru.md §2; compared
    /// case-insensitively, anything else is refused); `None` when the answer had none.
    pub token_type: Option<String>,
    /// `expires_in` as the server sent it, in seconds; `None` when the answer had none (then
    /// [`RefreshedTokens::expires_in`] is [`DEFAULT_TOKEN_LIFETIME`]).
    pub expires_in_sent: Option<u64>,
    /// Every other field of the answer, as sent (such as `scope` and `created_at`, which the
    /// vendor docs do not rule out). `Debug` shows only their names: an unknown field may hold
    /// a secret.
    pub extra: Map<String, Value>,
}

impl std::fmt::Debug for RefreshedTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshedTokens")
            .field("access_token", &"[redacted]")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("expires_in", &self.expires_in)
            .field("grant_type", &self.grant_type)
            .field("token_type", &self.token_type)
            .field("expires_in_sent", &self.expires_in_sent)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A boxed future, as returned by an asynchronous token callback.
type BoxFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// The callback receiving every newly issued token pair: plain, or asynchronous (awaited
/// before the new token is used).
#[derive(Clone)]
enum TokenCallback {
    Sync(Arc<dyn Fn(&RefreshedTokens) + Send + Sync>),
    Async(Arc<dyn Fn(RefreshedTokens) -> BoxFuture + Send + Sync>),
}

impl TokenCallback {
    async fn call(&self, tokens: RefreshedTokens) {
        match self {
            TokenCallback::Sync(f) => f(&tokens),
            TokenCallback::Async(f) => f(tokens).await,
        }
    }
}

/// How the first token is obtained.
#[derive(Clone)]
enum Grant {
    Password {
        username: String,
        password: SecretString,
    },
    Code {
        code: SecretString,
        redirect_uri: String,
    },
    Refresh(SecretString),
}

/// OAuth2 settings of a [`crate::Client`]: the app's credentials, the first grant, and a
/// callback for rotated tokens.
///
/// ```
/// use resource_guru::OAuth;
/// let oauth = OAuth::password("app-id", "app-secret", "me@example.com", "pw")
///     .on_tokens(|t| println!("store the new refresh token ({:?})", t.expires_in));
/// assert!(!format!("{oauth:?}").contains("app-secret"));
/// ```
#[derive(Clone)]
pub struct OAuth {
    client_id: String,
    client_secret: SecretString,
    grant: Grant,
    initial: Option<(SecretString, Option<Duration>)>,
    on_tokens: Option<TokenCallback>,
    refresh_margin: Duration,
}

impl OAuth {
    fn new(client_id: impl Into<String>, client_secret: impl Into<String>, grant: Grant) -> Self {
        OAuth {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
            grant,
            initial: None,
            on_tokens: None,
            refresh_margin: Duration::from_secs(300),
        }
    }

    /// Password grant (docs/vendors/resource-guru.md §2; meant for private scripts): the user's email and password.
    pub fn password(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        OAuth::new(
            client_id,
            client_secret,
            Grant::Password {
                username: username.into(),
                password: SecretString::from(password.into()),
            },
        )
    }

    /// Authorization-code grant: the `code` the browser brought back to `redirect_uri` (see
    /// [`authorize_url`]). The code is exchanged once, on the first request.
    pub fn authorization_code(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        code: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        OAuth::new(
            client_id,
            client_secret,
            Grant::Code {
                code: SecretString::from(code.into()),
                redirect_uri: redirect_uri.into(),
            },
        )
    }

    /// Starts from a stored refresh token: the first request runs the refresh grant.
    pub fn refresh_token(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        OAuth::new(
            client_id,
            client_secret,
            Grant::Refresh(SecretString::from(refresh_token.into())),
        )
    }

    /// Uses a stored access token until it expires (`expires_in` from now; `None`: until a 401).
    /// Combine with [`OAuth::refresh_token`] to resume a session without a token request.
    pub fn with_access_token(
        mut self,
        access_token: impl Into<String>,
        expires_in: Option<Duration>,
    ) -> Self {
        self.initial = Some((SecretString::from(access_token.into()), expires_in));
        self
    }

    /// Called with every newly issued token pair (first grant and each refresh). Store the
    /// refresh token there: the previous one stops working at once
    /// (docs/vendors/resource-guru.md §2). For a store that needs `.await` (a database), use
    /// [`OAuth::on_tokens_async`].
    pub fn on_tokens(
        mut self,
        callback: impl Fn(&RefreshedTokens) + Send + Sync + 'static,
    ) -> Self {
        self.on_tokens = Some(TokenCallback::Sync(Arc::new(callback)));
        self
    }

    /// Like [`OAuth::on_tokens`], with an asynchronous callback, such as one that writes the
    /// rotated refresh token to a database. The callback is awaited before the new access
    /// token is used: requests waiting for the token wait for it too, so a crash right after
    /// a refresh cannot lose the only valid refresh token. It cannot fail the login (the
    /// vendor has already rotated the token): handle its errors inside (log, retry).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use resource_guru::OAuth;
    /// use resource_guru::secrecy::ExposeSecret;
    /// use tokio::sync::Mutex;
    ///
    /// // Stands for a database table holding the refresh token.
    /// let stored = Arc::new(Mutex::new(String::from("stored-refresh-token")));
    /// let db = stored.clone();
    /// let oauth = OAuth::refresh_token("app-id", "app-secret", "stored-refresh-token")
    ///     .on_tokens_async(move |tokens| {
    ///         let db = db.clone();
    ///         async move {
    ///             if let Some(refresh) = &tokens.refresh_token {
    ///                 *db.lock().await = refresh.expose_secret().to_owned();
    ///             }
    ///         }
    ///     });
    /// # let _ = oauth;
    /// ```
    pub fn on_tokens_async<F, Fut>(mut self, callback: F) -> Self
    where
        F: Fn(RefreshedTokens) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        self.on_tokens = Some(TokenCallback::Async(Arc::new(move |tokens| {
            Box::pin(callback(tokens))
        })));
        self
    }

    /// Refresh this long before the access token expires (default 5 minutes).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    pub(crate) fn margin(&self) -> Duration {
        self.refresh_margin
    }

    /// The stored token to start from, if one was given.
    pub(crate) fn initial_token(&self) -> Option<Token> {
        let (access, ttl) = self.initial.as_ref()?;
        let mut token = Token::new(access.expose_secret());
        if let Some(ttl) = ttl {
            token = token.expires_in(*ttl);
        }
        if let Grant::Refresh(r) = &self.grant {
            token = token.with_refresh_token(r.expose_secret());
        }
        Some(token)
    }

    pub(crate) fn into_login(self) -> OAuthLogin {
        OAuthLogin {
            client_id: self.client_id,
            client_secret: self.client_secret,
            grant: Mutex::new(Some(self.grant)),
            on_tokens: self.on_tokens,
        }
    }
}

impl std::fmt::Debug for OAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let grant = match &self.grant {
            Grant::Password { .. } => "password",
            Grant::Code { .. } => "authorization_code",
            Grant::Refresh(_) => "refresh_token",
        };
        f.debug_struct("OAuth")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("grant", &grant)
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

/// The URL to send a user's browser to (docs/vendors/resource-guru.md §2): `client_id`, `redirect_uri`,
/// `response_type=code` and an optional `state`. `base` is normally
/// [`crate::DEFAULT_BASE_URL`].
///
/// ```
/// let url = resource_guru::oauth::authorize_url(
///     resource_guru::DEFAULT_BASE_URL, "app-id", "https://app.example/cb", Some("xyz"));
/// assert_eq!(url, "https://api.resourceguruapp.com/oauth/authorize?client_id=app-id\
///     &redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code&state=xyz");
/// ```
pub fn authorize_url(
    base: &str,
    client_id: &str,
    redirect_uri: &str,
    state: Option<&str>,
) -> String {
    let mut pairs = vec![
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("response_type", "code"),
    ];
    if let Some(state) = state {
        pairs.push(("state", state));
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!(
        "{}{OAUTH_AUTHORIZE}?{}",
        base.trim_end_matches('/'),
        query.join("&")
    )
}

fn encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The token endpoint's answer (docs/vendors/resource-guru.md §2). Unknown keys are kept in `extra`.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default, deserialize_with = "crate::common::lenient::opt_u64")]
    expires_in: Option<u64>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// The [`Login`] strategy behind [`OAuth`]: runs the first grant, then refresh grants.
pub struct OAuthLogin {
    client_id: String,
    client_secret: SecretString,
    grant: Mutex<Option<Grant>>,
    on_tokens: Option<TokenCallback>,
}

impl std::fmt::Debug for OAuthLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthLogin")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl OAuthLogin {
    fn grant(&self) -> Option<Grant> {
        match self.grant.lock() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    fn forget_single_use_grant(&self) {
        let mut g = match self.grant.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if !matches!(*g, Some(Grant::Password { .. })) {
            *g = None;
        }
    }
}

#[async_trait]
impl Login for OAuthLogin {
    fn pacing_identity(&self) -> Option<core_http::secrecy::SecretString> {
        // Resource Guru limits every token of the application together: the client id names
        // it (shared pacing hashes it).
        Some(format!("oauth-app:{}", self.client_id).into())
    }

    async fn login(
        &self,
        client: &core_http::Client,
        previous: Option<&Token>,
    ) -> core_http::Result<Token> {
        let secret = self.client_secret.expose_secret();
        let previous_refresh = previous
            .and_then(Token::refresh_token)
            .map(|r| r.expose_secret().to_owned());
        let (grant_type, mut form): (&'static str, Vec<(&str, String)>) =
            if let Some(refresh) = &previous_refresh {
                ("refresh_token", vec![("refresh_token", refresh.clone())])
            } else {
                match self.grant() {
                    Some(Grant::Refresh(r)) => (
                        "refresh_token",
                        vec![("refresh_token", r.expose_secret().to_owned())],
                    ),
                    Some(Grant::Password { username, password }) => (
                        "password",
                        vec![
                            ("username", username),
                            ("password", password.expose_secret().to_owned()),
                        ],
                    ),
                    Some(Grant::Code { code, redirect_uri }) => (
                        "authorization_code",
                        vec![
                            ("code", code.expose_secret().to_owned()),
                            ("redirect_uri", redirect_uri),
                        ],
                    ),
                    None => {
                        return Err(core_http::Error::Config(
                            "OAuth: no refresh token and no grant left to obtain an access token"
                                .into(),
                        ));
                    }
                }
            };
        form.insert(0, ("grant_type", grant_type.to_owned()));
        form.push(("client_id", self.client_id.clone()));
        form.push(("client_secret", secret.to_owned()));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tracing::debug!(grant_type, "requesting an OAuth2 token");
        let response: TokenResponse = client
            .post(OAUTH_TOKEN)
            .without_auth()
            .header("accept", "application/json")
            .form(&pairs)
            .send_json()
            .await?;
        if grant_type != "password" {
            self.forget_single_use_grant();
        }
        if let Some(kind) = &response.token_type
            && !kind.eq_ignore_ascii_case("bearer")
        {
            return Err(core_http::Error::Config(format!(
                "OAuth: unsupported token type `{kind}`"
            )));
        }
        let expires_in = response
            .expires_in
            .map_or(DEFAULT_TOKEN_LIFETIME, Duration::from_secs);
        let refresh = response.refresh_token.or(previous_refresh);
        let mut token = Token::new(response.access_token.clone()).expires_in(expires_in);
        if let Some(r) = &refresh {
            token = token.with_refresh_token(r.clone());
        }
        if let Some(callback) = &self.on_tokens {
            callback
                .call(RefreshedTokens {
                    access_token: SecretString::from(response.access_token),
                    refresh_token: refresh.map(SecretString::from),
                    expires_in,
                    grant_type,
                    token_type: response.token_type,
                    expires_in_sent: response.expires_in,
                    extra: response.extra,
                })
                .await;
        }
        Ok(token)
    }

    fn secrets(&self) -> Vec<String> {
        let mut out = vec![self.client_secret.expose_secret().to_owned()];
        match self.grant() {
            Some(Grant::Password { password, .. }) => out.push(password.expose_secret().to_owned()),
            Some(Grant::Code { code, .. }) => out.push(code.expose_secret().to_owned()),
            Some(Grant::Refresh(r)) => out.push(r.expose_secret().to_owned()),
            None => {}
        }
        out
    }
}
