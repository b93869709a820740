//! The WebSocket opening handshake, sent by reqwest rather than tungstenite.
//!
//! tungstenite logs the whole handshake request, header values included, through the `log`
//! crate at TRACE; the Bearer token or the `sid` cookie would reach any application that
//! bridges `log`. Here the upgrade request goes through reqwest/hyper (which never log header
//! values, and the credential headers are marked sensitive), the answer is checked
//! (`101`, `Sec-WebSocket-Accept`), and tungstenite only frames messages over the upgraded
//! connection.

use std::time::Duration;

use core_http::{ApiError, Error};
use reqwest::StatusCode;
use reqwest::header::{CONNECTION, HeaderValue, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY, UPGRADE};
use tokio::time::timeout;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::client::generate_key;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};

use super::RealtimeOptions;
use super::text::cut;
use crate::client::Client;
use crate::error::ErrorBody;

/// An established connection.
pub(super) type Socket = WebSocketStream<reqwest::Upgraded>;

/// Longest piece of a refusal's body read for its message.
const REFUSAL_BODY_MAX: usize = 4096;

/// Why a connection could not be opened.
#[derive(Debug)]
pub(super) enum ConnectError {
    /// Getting credentials failed (a login call).
    Auth(Error),
    /// The server refused the upgrade with 401 or 403.
    Refused(Box<ApiError>),
    /// Anything else (network, timeout, other statuses, a bad handshake answer).
    Other(String),
}

/// The HTTP client that sends upgrade requests: HTTP/1.1 only (an upgrade does not exist in
/// HTTP/2), no redirects (they would carry credentials elsewhere), no pooling, no proxy (as
/// before, when tungstenite connected directly).
pub(super) fn http_client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .http1_only()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .no_proxy()
        .build()
        .map_err(|e| Error::Config(format!("cannot build the realtime HTTP client: {e}")))
}

/// Opens the WebSocket at `path` of the client's host.
pub(super) async fn connect(
    client: &Client,
    http: &reqwest::Client,
    options: &RealtimeOptions,
    path: &str,
) -> Result<Socket, ConnectError> {
    let url = format!("{}{path}", client.base_url().trim_end_matches('/'));
    let headers = client.auth_headers().await.map_err(ConnectError::Auth)?;
    let key = generate_key();
    let request = http
        .get(&url)
        .headers(headers)
        .header(CONNECTION, HeaderValue::from_static("Upgrade"))
        .header(UPGRADE, HeaderValue::from_static("websocket"))
        .header("sec-websocket-version", HeaderValue::from_static("13"))
        .header(SEC_WEBSOCKET_KEY, key.as_str());
    let redact = |text: String| client.http().redact(&text);
    let response = match timeout(options.handshake_timeout, request.send()).await {
        Err(_) => {
            return Err(ConnectError::Other(
                "WebSocket handshake timed out".to_owned(),
            ));
        }
        Ok(Err(e)) => {
            return Err(ConnectError::Other(redact(format!(
                "WebSocket connection failed: {e}"
            ))));
        }
        Ok(Ok(response)) => response,
    };
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        return Err(ConnectError::Refused(Box::new(
            refusal(client, path, response, options.handshake_timeout).await,
        )));
    }
    if status != StatusCode::SWITCHING_PROTOCOLS {
        return Err(ConnectError::Other(format!(
            "WebSocket handshake answered {status}"
        )));
    }
    let expected = derive_accept_key(key.as_bytes());
    let accepted = response
        .headers()
        .get(SEC_WEBSOCKET_ACCEPT)
        .is_some_and(|v| v.as_bytes() == expected.as_bytes());
    if !accepted {
        return Err(ConnectError::Other(
            "WebSocket handshake answer has a wrong Sec-WebSocket-Accept".to_owned(),
        ));
    }
    let upgraded = match timeout(options.handshake_timeout, response.upgrade()).await {
        Err(_) => {
            return Err(ConnectError::Other(
                "WebSocket upgrade timed out".to_owned(),
            ));
        }
        Ok(Err(e)) => {
            return Err(ConnectError::Other(redact(format!(
                "WebSocket upgrade failed: {e}"
            ))));
        }
        Ok(Ok(upgraded)) => upgraded,
    };
    let config = WebSocketConfig::default()
        .max_message_size(Some(options.max_message_size))
        .max_frame_size(Some(options.max_message_size));
    Ok(WebSocketStream::from_raw_socket(upgraded, Role::Client, Some(config)).await)
}

/// The typed error of a 401/403 answer to the upgrade, with the vendor's message when its
/// body (read up to [`REFUSAL_BODY_MAX`] bytes) has one.
async fn refusal(
    client: &Client,
    path: &str,
    mut response: reqwest::Response,
    wait: Duration,
) -> ApiError {
    let status = response.status().as_u16();
    let mut body = Vec::new();
    let read = async {
        while body.len() < REFUSAL_BODY_MAX {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                _ => break,
            }
        }
    };
    let _ = timeout(wait, read).await;
    body.truncate(REFUSAL_BODY_MAX);
    let mut api = ApiError::new(status);
    let described = ErrorBody::parse(&body).and_then(|b| b.describe());
    api.message = client.http().redact(&cut(
        &described.unwrap_or_else(|| format!("WebSocket handshake refused with {status}")),
        super::text::REASON_MAX,
    ));
    api.body = client.http().redact(&cut(
        &String::from_utf8_lossy(&body),
        super::text::REASON_MAX,
    ));
    api.request = format!("GET {}", path.split('?').next().unwrap_or(path));
    api
}
