//! HTTP Basic authentication, including "API key as username, empty password".

use async_trait::async_trait;
use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, HeaderMap};
use secrecy::{ExposeSecret, SecretString};

use super::{Auth, Generation, sensitive_value};
use crate::client::Client;
use crate::error::Result;

/// HTTP Basic credentials: `Authorization: Basic base64(user:password)`.
///
/// ```
/// use core_http::auth::Basic;
/// // resOS: the API key is the username and the password is empty.
/// let auth = Basic::api_key("my-key");
/// assert_eq!(auth.header_value(), "Basic bXkta2V5Og==");
/// assert!(!format!("{auth:?}").contains("my-key"));
/// ```
#[derive(Clone)]
pub struct Basic {
    user: SecretString,
    password: SecretString,
}

impl Basic {
    /// Username and password.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        Basic {
            user: SecretString::from(user.into()),
            password: SecretString::from(password.into()),
        }
    }

    /// An API key sent as the username with an empty password (`base64("<key>:")`).
    pub fn api_key(key: impl Into<String>) -> Self {
        Basic::new(key, "")
    }

    /// The full header value. Exposes the secret: meant for tests and diagnostics you control.
    pub fn header_value(&self) -> String {
        let raw = format!(
            "{}:{}",
            self.user.expose_secret(),
            self.password.expose_secret()
        );
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        )
    }
}

impl std::fmt::Debug for Basic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Basic([redacted])")
    }
}

#[async_trait]
impl Auth for Basic {
    async fn authorize(&self, _client: &Client, headers: &mut HeaderMap) -> Result<Generation> {
        headers.insert(AUTHORIZATION, sensitive_value(&self.header_value())?);
        Ok(Generation(0))
    }

    fn pacing_identity(&self) -> Option<SecretString> {
        Some(SecretString::from(self.header_value()))
    }

    fn secrets(&self) -> Vec<String> {
        let encoded = self.header_value();
        let mut out = vec![
            self.user.expose_secret().to_owned(),
            encoded.trim_start_matches("Basic ").to_owned(),
        ];
        if !self.password.expose_secret().is_empty() {
            out.push(self.password.expose_secret().to_owned());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_sample_key_encodes_with_colon() {
        let auth = Basic::api_key("aIcCpRKQqKPg9zVL0a7-RJt2_zx8jPq8jR20XWp_pZN");
        assert_eq!(
            auth.header_value(),
            "Basic YUljQ3BSS1FxS1BnOXpWTDBhNy1SSnQyX3p4OGpQcThqUjIwWFdwX3BaTjo="
        );
    }

    #[test]
    fn debug_hides_both_parts() {
        let auth = Basic::new("user@example.com", "s3cret-pw");
        let shown = format!("{auth:?}");
        assert!(!shown.contains("user@example.com") && !shown.contains("s3cret-pw"));
    }
}
