//! `POST /login` (docs/vendors/launch27.md §3).
//!
//! Most callers never call this: a client built with
//! [`ClientBuilder::credentials`](crate::ClientBuilder::credentials) logs in by itself, keeps the
//! JWT until shortly before its `exp` claim, logs in again once after a 401, and lets only one
//! task log in at a time. [`Auth::login`] is the raw call, for when the user record is wanted.
//!
//! The legacy `Authorization: <email>:<single_access_token>` scheme is not offered: Launch27
//! retired it on 1 March 2023 (docs/vendors/launch27.md §3).

use std::borrow::Cow;
use std::fmt;

use core_http::pacing::RequestKind;
use core_http::{Error, Result};
use schemars::JsonSchema;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Client;
use crate::common::{Extra, UserId, check_email};

/// Login path (docs/vendors/launch27.md §3).
pub const LOGIN_PATH: &str = "/login";
/// Length bounds of the login e-mail (docs/vendors/launch27.md §3).
pub const EMAIL_MAX: usize = 255;
/// Digits of a two-factor one-time code (docs/vendors/launch27.md §3).
pub const OTP_DIGITS: usize = 6;

/// A credential in a model: shown as `[redacted]` by `Debug` and when serialised; read it
/// with [`SecretText::expose_secret`].
#[derive(Clone)]
pub struct SecretText(SecretString);

impl SecretText {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        SecretText(SecretString::from(secret.into()))
    }

    /// The secret itself.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl PartialEq for SecretText {
    fn eq(&self, other: &Self) -> bool {
        self.expose_secret() == other.expose_secret()
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Serialize for SecretText {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str("[redacted]")
    }
}

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d).map(SecretText::new)
    }
}

impl JsonSchema for SecretText {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("SecretText")
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "writeOnly": true })
    }
}

model_kit::open_enum! {
    /// A user's type (`type` on login, `user_type` on the profile; docs/vendors/launch27.md §7).
    pub enum UserType {
        /// `Tenant::Customer`.
        Customer = "Tenant::Customer",
        /// `Tenant::Admin`.
        Admin = "Tenant::Admin",
        /// `Tenant::Staff`.
        Staff = "Tenant::Staff",
    }
}

/// Input of `auth.login`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct LoginRequest {
    /// E-mail, 1–255 characters.
    pub email: String,
    /// Password, at least 1 character.
    pub password: SecretText,
    /// Two-factor one-time code (6 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<SecretText>,
}

impl LoginRequest {
    /// E-mail and password.
    pub fn new(email: impl Into<String>, password: impl Into<String>) -> Self {
        LoginRequest {
            email: email.into(),
            password: SecretText::new(password),
            token: None,
        }
    }

    /// Adds the one-time code of a two-factor account.
    #[must_use]
    pub fn one_time_code(mut self, code: impl Into<String>) -> Self {
        self.token = Some(SecretText::new(code));
        self
    }

    fn validate(&self) -> Result<()> {
        check_email("email", &self.email)?;
        if self.password.expose_secret().is_empty() {
            return Err(Error::validation("password", "must not be empty"));
        }
        if let Some(t) = &self.token {
            validate_otp(t.expose_secret())?;
        }
        Ok(())
    }
}

pub(crate) fn validate_otp(code: &str) -> Result<()> {
    if code.len() != OTP_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::validation("token", "must be exactly 6 digits"));
    }
    Ok(())
}

/// The body sent to `POST /login` by the client's own login.
#[derive(Serialize)]
pub(crate) struct LoginBody<'a> {
    pub(crate) email: &'a str,
    pub(crate) password: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) token: Option<&'a str>,
}

/// The answer to `POST /login`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LoginResponse {
    /// User id.
    pub id: UserId,
    /// E-mail.
    #[serde(default)]
    pub email: Option<model_kit::Email>,
    /// User type.
    #[serde(rename = "type", default)]
    pub user_type: Option<UserType>,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Legacy token (its header scheme is retired; kept secret all the same).
    #[serde(default)]
    pub single_access_token: Option<SecretText>,
    /// The JWT for `Authorization: Bearer`.
    pub bearer: SecretText,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl LoginResponse {
    /// The `exp` claim of [`bearer`](Self::bearer), when it has one.
    pub fn expires_at(&self) -> Option<jiff::Timestamp> {
        crate::client::jwt_expiry(self.bearer.expose_secret())
    }
}

/// The login handle ([`Client::auth`]).
#[derive(Clone, Debug)]
pub struct Auth {
    client: Client,
}

impl Client {
    /// Login (`auth.*`).
    pub fn auth(&self) -> Auth {
        Auth {
            client: self.clone(),
        }
    }
}

impl Auth {
    /// `POST /login` (`auth.login`), sent without credentials. The JWT is returned, not kept:
    /// the client's own login (see [`crate::ClientBuilder::credentials`]) manages its token.
    /// 401 on bad credentials; 403 when locked out or a one-time code is required.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for an e-mail that is not one, an empty password or
    /// a one-time code that is not 6 digits; `401` for bad credentials; `403`
    /// ([`ApiErrorKind::Forbidden`](core_http::ApiErrorKind)) when the account is locked (5
    /// failures in a minute lock it for 5 minutes) or a one-time code is required; `422` with
    /// `field_errors` for what the vendor's schema refuses.
    pub async fn login(&self, request: &LoginRequest) -> Result<LoginResponse> {
        request.validate()?;
        let body = LoginBody {
            email: &request.email,
            password: request.password.expose_secret(),
            token: request.token.as_ref().map(SecretText::expose_secret),
        };
        let rb = self
            .client
            .request(core_http::http::Method::POST, LOGIN_PATH)
            .without_auth()
            .json(&body);
        self.client.call(RequestKind::Write, rb).await
    }
}
