//! A static Bearer token.

use async_trait::async_trait;
use reqwest::header::{AUTHORIZATION, HeaderMap};
use secrecy::{ExposeSecret, SecretString};

use super::{Auth, Generation, sensitive_value};
use crate::client::Client;
use crate::error::Result;

/// `Authorization: Bearer <token>` with a token that never changes (API tokens).
#[derive(Clone)]
pub struct Bearer {
    token: SecretString,
}

impl Bearer {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Bearer {
            token: SecretString::from(token.into()),
        }
    }
}

impl std::fmt::Debug for Bearer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Bearer([redacted])")
    }
}

#[async_trait]
impl Auth for Bearer {
    async fn authorize(&self, _client: &Client, headers: &mut HeaderMap) -> Result<Generation> {
        let value = format!("Bearer {}", self.token.expose_secret());
        headers.insert(AUTHORIZATION, sensitive_value(&value)?);
        Ok(Generation(0))
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.token.expose_secret().to_owned()]
    }

    fn pacing_identity(&self) -> Option<SecretString> {
        Some(self.token.clone())
    }
}
