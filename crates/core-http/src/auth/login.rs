//! Credentials obtained by a login call: JWTs, OAuth2 access tokens, session cookies.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderName};
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use crate::pacing::instant_after;

use super::{Auth, Generation, sensitive_value};
use crate::client::Client;
use crate::error::Result;

/// A credential with an optional expiry and an optional refresh token.
///
/// Expiry is kept on tokio's clock, so tests with paused time see tokens expire in virtual time.
#[derive(Clone)]
pub struct Token {
    value: SecretString,
    expires_at: Option<Instant>,
    refresh: Option<SecretString>,
}

impl Token {
    /// A credential that does not expire by itself (it is renewed after a 401).
    pub fn new(value: impl Into<String>) -> Self {
        Token {
            value: SecretString::from(value.into()),
            expires_at: None,
            refresh: None,
        }
    }

    /// Expires `ttl` from now.
    pub fn expires_in(mut self, ttl: Duration) -> Self {
        self.expires_at = Some(instant_after(Instant::now(), ttl));
        self
    }

    /// Expires at a wall-clock time (a JWT `exp`, an `expiresAt`). A time in the past means the
    /// token is already expired.
    pub fn expires_at(mut self, at: jiff::Timestamp) -> Self {
        let left = at.duration_since(jiff::Timestamp::now());
        let left = Duration::try_from(left).unwrap_or(Duration::ZERO);
        self.expires_at = Some(instant_after(Instant::now(), left));
        self
    }

    /// Adds a refresh token (OAuth2).
    pub fn with_refresh_token(mut self, refresh: impl Into<String>) -> Self {
        self.refresh = Some(SecretString::from(refresh.into()));
        self
    }

    /// The credential itself.
    pub fn secret(&self) -> &SecretString {
        &self.value
    }

    /// The refresh token, when there is one.
    pub fn refresh_token(&self) -> Option<&SecretString> {
        self.refresh.as_ref()
    }

    /// Time left before expiry (`None`: no known expiry).
    pub fn time_left(&self) -> Option<Duration> {
        self.expires_at
            .map(|at| at.saturating_duration_since(Instant::now()))
    }

    fn usable(&self, margin: Duration) -> bool {
        match self.expires_at {
            None => true,
            // `at - margin` rather than `now + margin`: no overflow whatever the margin.
            Some(at) => at
                .checked_sub(margin)
                .is_some_and(|latest| Instant::now() < latest),
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("value", &"[redacted]")
            .field("time_left", &self.time_left())
            .field("refresh", &self.refresh.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// How a vendor logs in. Implemented by vendor crates.
#[async_trait]
pub trait Login: Send + Sync + std::fmt::Debug + 'static {
    /// Obtains a fresh credential. `previous` is the credential being replaced (expired or
    /// refused), so that refresh grants can use its refresh token. Send the login request with
    /// [`crate::RequestBuilder::without_auth`].
    async fn login(&self, client: &Client, previous: Option<&Token>) -> Result<Token>;

    /// Secrets the strategy holds (a password, a client secret), to keep out of errors.
    fn secrets(&self) -> Vec<String> {
        Vec::new()
    }

    /// The stable name of the account the vendor's limit belongs to (a login name, an
    /// application id), for shared pacing; see [`Auth::pacing_identity`]. Default: `None`.
    fn pacing_identity(&self) -> Option<SecretString> {
        None
    }
}

/// Where a login-obtained credential goes on each request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `<header>: <prefix><token>`, for vendors with their own header.
    Header {
        /// Header name.
        name: HeaderName,
        /// Text before the token (may be empty).
        prefix: String,
    },
    /// `Cookie: <name>=<token>`.
    Cookie(String),
}

#[derive(Default)]
struct State {
    token: Option<Arc<Token>>,
    generation: u64,
}

/// A credential from a [`Login`], cached and shared by all clones of a client.
///
/// - Renewed before use when it expires within `margin` (default 60 s).
/// - Renewed once after a 401 (see [`Auth::renew`]); concurrent 401s for the same credential
///   cause one login.
/// - Single-flight: while one task logs in, the others wait for its result.
pub struct LoginAuth<L> {
    login: L,
    placement: Placement,
    margin: Duration,
    current: RwLock<State>,
    flight: tokio::sync::Mutex<()>,
}

impl<L: Login> LoginAuth<L> {
    /// A scheme that logs in with `login` and places the credential as `placement`.
    pub fn new(login: L, placement: Placement) -> Self {
        LoginAuth {
            login,
            placement,
            margin: Duration::from_secs(60),
            current: RwLock::new(State::default()),
            flight: tokio::sync::Mutex::new(()),
        }
    }

    /// Starts from a stored credential (it is still renewed when expired).
    pub fn with_token(self, token: Token) -> Self {
        if let Ok(mut state) = self.current.write() {
            state.token = Some(Arc::new(token));
            state.generation = 1;
        }
        self
    }

    /// Renew this long before expiry (default 60 s).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The login strategy.
    pub fn login_strategy(&self) -> &L {
        &self.login
    }

    fn snapshot(&self) -> (Option<Arc<Token>>, u64) {
        match self.current.read() {
            Ok(state) => (state.token.clone(), state.generation),
            Err(poisoned) => {
                let state = poisoned.into_inner();
                (state.token.clone(), state.generation)
            }
        }
    }

    fn store(&self, token: Token) -> (Arc<Token>, u64) {
        let token = Arc::new(token);
        let mut state = match self.current.write() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        state.generation += 1;
        state.token = Some(token.clone());
        (token, state.generation)
    }

    /// A usable credential, logging in (once, for all waiting tasks) when needed.
    async fn usable_token(&self, client: &Client) -> Result<(Arc<Token>, u64)> {
        if let (Some(token), generation) = self.snapshot()
            && token.usable(self.margin)
        {
            return Ok((token, generation));
        }
        let _flight = self.flight.lock().await;
        let (previous, generation) = self.snapshot();
        if let Some(token) = &previous
            && token.usable(self.margin)
        {
            return Ok((token.clone(), generation));
        }
        tracing::debug!("logging in: no usable credential");
        let fresh = self.login.login(client, previous.as_deref()).await?;
        Ok(self.store(fresh))
    }

    fn place(&self, token: &Token, headers: &mut HeaderMap) -> Result<()> {
        let secret = token.value.expose_secret();
        match &self.placement {
            Placement::Bearer => {
                headers.insert(AUTHORIZATION, sensitive_value(&format!("Bearer {secret}"))?);
            }
            Placement::Header { name, prefix } => {
                headers.insert(name.clone(), sensitive_value(&format!("{prefix}{secret}"))?);
            }
            Placement::Cookie(name) => {
                headers.insert(COOKIE, sensitive_value(&format!("{name}={secret}"))?);
            }
        }
        Ok(())
    }
}

impl<L: Login> std::fmt::Debug for LoginAuth<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (token, generation) = self.snapshot();
        f.debug_struct("LoginAuth")
            .field("login", &self.login)
            .field("placement", &self.placement)
            .field("token", &token)
            .field("generation", &generation)
            .finish()
    }
}

#[async_trait]
impl<L: Login> Auth for LoginAuth<L> {
    async fn authorize(&self, client: &Client, headers: &mut HeaderMap) -> Result<Generation> {
        let (token, generation) = self.usable_token(client).await?;
        self.place(&token, headers)?;
        Ok(Generation(generation))
    }

    async fn renew(&self, client: &Client, used: Generation) -> Result<bool> {
        let _flight = self.flight.lock().await;
        let (previous, generation) = self.snapshot();
        if generation != used.0 {
            // Someone renewed while we waited: replay with theirs.
            return Ok(true);
        }
        tracing::debug!("logging in again after 401");
        let fresh = self.login.login(client, previous.as_deref()).await?;
        self.store(fresh);
        Ok(true)
    }

    fn pacing_identity(&self) -> Option<SecretString> {
        self.login.pacing_identity()
    }

    fn secrets(&self) -> Vec<String> {
        let (token, _) = self.snapshot();
        let mut out = self.login.secrets();
        if let Some(t) = token {
            out.push(t.value.expose_secret().to_owned());
            if let Some(r) = &t.refresh {
                out.push(r.expose_secret().to_owned());
            }
        }
        out
    }
}
