//! Webhooks (docs/vendors/resource-guru.md §5, §7.14, §8): the subscriptions API, the typed delivery
//! envelope, and (feature `webhooks`) signature verification that needs no HTTP client.
//!
//! A delivery is a POST to your URL with a JSON body `{id, timestamp, payload: {..., action,
//! type}, user}` and, when the webhook has a secret, the header `X-ResourceGuru-Signature`: the
//! lowercase hex HMAC-SHA256 of the raw body keyed with the secret. Verify against the raw bytes
//! before parsing (see [`verify_signature`]).

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{AccountId, PayloadId, UserId, UserRef, WebhookId, lenient};

/// Header carrying the signature (docs/vendors/resource-guru.md §8).
pub const SIGNATURE_HEADER: &str = "X-ResourceGuru-Signature";
/// Header carrying the secret itself when `send_secret_header` is on (docs/vendors/resource-guru.md §8).
pub const KEY_HEADER: &str = "X-ResourceGuru-Key";

model_kit::open_enum! {
    /// An event family a webhook subscribes to (docs/vendors/resource-guru.md §7.14).
    pub enum WebhookEvent {
        /// Bookings.
        Bookings = "bookings",
        /// Downtimes.
        Downtimes = "downtimes",
        /// Resources.
        Resources = "resources",
        /// Projects.
        Projects = "projects",
        /// Clients.
        Clients = "clients",
        /// Accounts.
        Accounts = "accounts",
        /// Resource types.
        ResourceTypes = "resource_types",
    }
}

model_kit::open_enum! {
    /// Delivery state of a webhook (docs/vendors/resource-guru.md §5).
    pub enum WebhookStatus {
        /// Nothing sent yet.
        Ready = "ready",
        /// Last payload delivered.
        Success = "success",
        /// Last payload failed; retrying.
        Retrying = "retrying",
        /// Failed 100 times; automatic delivery stopped.
        Failed = "failed",
    }
}

model_kit::open_enum! {
    /// What happened to the object of a payload (docs/vendors/resource-guru.md §8).
    pub enum PayloadAction {
        /// Created.
        Create = "create",
        /// Updated.
        Update = "update",
        /// Deleted.
        Delete = "delete",
    }
}

model_kit::open_enum! {
    /// The kind of object of a payload (docs/vendors/resource-guru.md §8).
    pub enum PayloadType {
        /// An account.
        Account = "account",
        /// A booking.
        Booking = "booking",
        /// A client.
        Client = "client",
        /// A project.
        Project = "project",
        /// A resource.
        Resource = "resource",
        /// A resource type.
        ResourceType = "resource_type",
        /// A downtime.
        Downtime = "downtime",
    }
}

model_kit::open_enum! {
    /// State of a queued payload (docs/vendors/resource-guru.md §5).
    pub enum PayloadStatus {
        /// Not sent yet.
        Pending = "pending",
        /// Delivered.
        Delivered = "delivered",
        /// Failing, will retry.
        Failing = "failing",
        /// Given up.
        Failed = "failed",
    }
}

/// A webhook subscription (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Webhook {
    /// Webhook id.
    pub id: WebhookId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Where payloads go.
    #[serde(default)]
    pub payload_url: Option<String>,
    /// Account.
    #[serde(default)]
    pub account_id: Option<AccountId>,
    /// Creator (read-only).
    #[serde(default)]
    pub user_id: Option<UserId>,
    /// Subscribed event families.
    #[serde(default)]
    pub events: Option<Vec<WebhookEvent>>,
    /// API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
    /// Delivery state.
    #[serde(default)]
    pub status: Option<WebhookStatus>,
    /// Paused.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub paused: Option<bool>,
    /// Whether the secret is sent in `X-ResourceGuru-Key` (inferred).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub send_secret_header: Option<bool>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The object of a delivery: a trimmed copy of the changed object plus `action` and `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DeliveryPayload {
    /// What happened.
    #[serde(default)]
    pub action: Option<PayloadAction>,
    /// The kind of object.
    #[serde(rename = "type", default)]
    pub kind: Option<PayloadType>,
    /// The object's id.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// The object's other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DeliveryPayload {
    /// Decodes the object as a model, such as [`crate::bookings::Booking`].
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::to_value(self).and_then(serde_json::from_value)
    }
}

/// The body of a webhook delivery (docs/vendors/resource-guru.md §8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Delivery {
    /// Unique, increasing payload id.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// When the event happened, UNIX seconds.
    #[serde(default)]
    pub timestamp: Option<i64>,
    /// The changed object.
    pub payload: DeliveryPayload,
    /// The acting user.
    #[serde(default)]
    pub user: Option<UserRef>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Delivery {
    /// Parses a delivery body.
    pub fn parse(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }

    /// The event time, when the timestamp is valid.
    pub fn occurred_at(&self) -> Option<jiff::Timestamp> {
        jiff::Timestamp::from_second(self.timestamp?).ok()
    }
}

/// A queued payload of a webhook (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QueuedPayload {
    /// Payload id.
    pub id: PayloadId,
    /// Account.
    #[serde(default)]
    pub account_id: Option<AccountId>,
    /// Webhook.
    #[serde(default)]
    pub webhook_id: Option<WebhookId>,
    /// The delivered body.
    #[serde(default)]
    pub model: Option<Delivery>,
    /// Who triggered it.
    #[serde(default)]
    pub user: Option<UserRef>,
    /// What happened.
    #[serde(default)]
    pub action: Option<PayloadAction>,
    /// Delivery attempts.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub attempts: Option<u64>,
    /// State.
    #[serde(default)]
    pub status: Option<PayloadStatus>,
    /// Last attempt.
    #[serde(default)]
    pub last_sent_on: Option<jiff::Timestamp>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Headers sent (the signature included).
    #[serde(default)]
    pub request_headers: Option<Map<String, Value>>,
    /// Status the receiver answered.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub response_from_http_client: Option<u64>,
    /// Next attempt (null: none scheduled).
    #[serde(default)]
    pub next_try: Option<jiff::Timestamp>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "webhooks")]
pub use signature::*;

#[cfg(feature = "webhooks")]
mod signature {
    use std::sync::Arc;
    use std::time::Duration;

    use hmac::{Hmac, KeyInit, Mac};
    use sha2::Sha256;
    use subtle::ConstantTimeEq;

    use super::{Delivery, KEY_HEADER, SIGNATURE_HEADER};

    /// Why a delivery was refused.
    #[derive(Debug, Clone)]
    #[non_exhaustive]
    pub enum SignatureError {
        /// No `X-ResourceGuru-Signature` header (or an empty one), or no key header.
        Missing,
        /// The header is not hexadecimal.
        NotHex,
        /// The header is hex but not 32 bytes (64 hex characters).
        WrongLength(usize),
        /// The signature does not match the body and secret (tampered body or wrong secret).
        Mismatch,
        /// The signature matches but the body is not a delivery; the JSON error is the
        /// [`source`](std::error::Error::source).
        Body(Arc<serde_json::Error>),
        /// The delivery has no timestamp, and a tolerance was asked for.
        NoTimestamp,
        /// The delivery's timestamp is further than the tolerance from now.
        Stale(Duration),
    }

    impl std::fmt::Display for SignatureError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                SignatureError::Missing => f.write_str("missing signature header"),
                SignatureError::NotHex => f.write_str("signature header is not hexadecimal"),
                SignatureError::WrongLength(n) => {
                    write!(f, "signature has {n} bytes, expected 32")
                }
                SignatureError::Mismatch => f.write_str("signature does not match"),
                SignatureError::Body(_) => f.write_str("body is not a webhook delivery"),
                SignatureError::NoTimestamp => f.write_str("delivery has no timestamp"),
                SignatureError::Stale(gap) => write!(
                    f,
                    "delivery timestamp is {gap:?} away from now, beyond the tolerance"
                ),
            }
        }
    }

    impl std::error::Error for SignatureError {
        /// The JSON error of [`SignatureError::Body`] (a `serde_json::Error`).
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            match self {
                SignatureError::Body(e) => Some(&**e),
                _ => None,
            }
        }
    }

    impl PartialEq for SignatureError {
        fn eq(&self, other: &Self) -> bool {
            use SignatureError::*;
            match (self, other) {
                (Missing, Missing)
                | (NotHex, NotHex)
                | (Mismatch, Mismatch)
                | (NoTimestamp, NoTimestamp) => true,
                (WrongLength(a), WrongLength(b)) => a == b,
                (Body(a), Body(b)) => a.to_string() == b.to_string(),
                (Stale(a), Stale(b)) => a == b,
                _ => false,
            }
        }
    }

    /// Where the value of a delivery header comes from: the header value itself
    /// (`Option<&str>`, `&str`), or the request's headers (`&http::HeaderMap`, what axum,
    /// hyper and most servers give you).
    pub trait HeaderSource {
        /// The value of header `name`, if present and text.
        fn header_value(&self, name: &str) -> Option<&str>;
    }

    impl HeaderSource for Option<&str> {
        fn header_value(&self, _: &str) -> Option<&str> {
            *self
        }
    }

    impl HeaderSource for &str {
        fn header_value(&self, _: &str) -> Option<&str> {
            Some(self)
        }
    }

    impl HeaderSource for &String {
        fn header_value(&self, _: &str) -> Option<&str> {
            Some(self.as_str())
        }
    }

    impl HeaderSource for &http::HeaderMap {
        fn header_value(&self, name: &str) -> Option<&str> {
            self.get(name).and_then(|v| v.to_str().ok())
        }
    }

    /// The lowercase hex HMAC-SHA256 of `body` keyed with `secret` (what Resource Guru sends).
    pub fn sign(secret: impl AsRef<[u8]>, body: &[u8]) -> String {
        match <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_ref()) {
            Ok(mut mac) => {
                mac.update(body);
                hex::encode(mac.finalize().into_bytes())
            }
            // HMAC accepts keys of any length: not reached.
            Err(_) => String::new(),
        }
    }

    /// Checks the `X-ResourceGuru-Signature` of a delivery against the raw `body` and the
    /// webhook `secret` (a `&str`, `String` or bytes): HMAC-SHA256, hex (upper case accepted),
    /// compared in constant time. `signature` is the request's `&http::HeaderMap`, or the
    /// header's value (`Option<&str>`, `None` when absent).
    ///
    /// # Errors
    /// [`SignatureError::Missing`], [`SignatureError::NotHex`],
    /// [`SignatureError::WrongLength`] or [`SignatureError::Mismatch`].
    pub fn verify_signature(
        secret: impl AsRef<[u8]>,
        body: &[u8],
        signature: impl HeaderSource,
    ) -> Result<(), SignatureError> {
        let header = signature
            .header_value(SIGNATURE_HEADER)
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .ok_or(SignatureError::Missing)?;
        let given = hex::decode(header).map_err(|e| match e {
            hex::FromHexError::OddLength => SignatureError::WrongLength(header.len() / 2),
            _ => SignatureError::NotHex,
        })?;
        if given.len() != 32 {
            return Err(SignatureError::WrongLength(given.len()));
        }
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_ref())
            .map_err(|_| SignatureError::Mismatch)?;
        mac.update(body);
        let expected = mac.finalize().into_bytes();
        if bool::from(expected.as_slice().ct_eq(&given)) {
            Ok(())
        } else {
            Err(SignatureError::Mismatch)
        }
    }

    /// Checks the `X-ResourceGuru-Key` header (sent when `send_secret_header` is on) against
    /// the secret, in constant time. `key` is the request's `&http::HeaderMap` or the
    /// header's value.
    ///
    /// # Errors
    /// [`SignatureError::Missing`] or [`SignatureError::Mismatch`].
    pub fn verify_key_header(
        secret: impl AsRef<[u8]>,
        key: impl HeaderSource,
    ) -> Result<(), SignatureError> {
        let given = key
            .header_value(KEY_HEADER)
            .ok_or(SignatureError::Missing)?;
        if bool::from(given.as_bytes().ct_eq(secret.as_ref())) {
            Ok(())
        } else {
            Err(SignatureError::Mismatch)
        }
    }

    /// Verifies the signature, parses the delivery, and, with `tolerance`, checks that its
    /// `timestamp` is within `tolerance` of `now` (against replays). `signature` is the
    /// request's `&http::HeaderMap` or the signature header's value.
    ///
    /// # Errors
    /// The errors of [`verify_signature`]; [`SignatureError::Body`] (the JSON error as its
    /// source) when the signed body is not a delivery; [`SignatureError::NoTimestamp`] or
    /// [`SignatureError::Stale`] with a tolerance.
    pub fn verify_delivery(
        secret: impl AsRef<[u8]>,
        body: &[u8],
        signature: impl HeaderSource,
        tolerance: Option<(jiff::Timestamp, Duration)>,
    ) -> Result<Delivery, SignatureError> {
        verify_signature(secret, body, signature)?;
        let delivery = Delivery::parse(body).map_err(|e| SignatureError::Body(Arc::new(e)))?;
        if let Some((now, tolerance)) = tolerance {
            let at = delivery.occurred_at().ok_or(SignatureError::NoTimestamp)?;
            let gap = now.as_second().abs_diff(at.as_second());
            if gap > tolerance.as_secs() {
                return Err(SignatureError::Stale(Duration::from_secs(gap)));
            }
        }
        Ok(delivery)
    }
}

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::Result;
    use futures::Stream;
    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    use super::{QueuedPayload, Webhook, WebhookEvent};
    use crate::client::{Client, ListRequest, check, limit_offset_paging};
    use crate::common::{PayloadId, WebhookId, empty_request, id_request};
    use crate::endpoints as ep;

    empty_request!(
        /// "List webhooks" (not paged by the vendor: one request answers everything).
        ListWebhooks
    );

    /// A webhook signing secret: shown as `[redacted]` by `Debug`.
    #[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(transparent)]
    pub struct WebhookSecret(pub String);

    impl std::fmt::Debug for WebhookSecret {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("WebhookSecret([redacted])")
        }
    }

    impl From<&str> for WebhookSecret {
        fn from(s: &str) -> Self {
            WebhookSecret(s.to_owned())
        }
    }

    impl From<String> for WebhookSecret {
        fn from(s: String) -> Self {
            WebhookSecret(s)
        }
    }

    /// "Create webhook" (docs/vendors/resource-guru.md §7.14; only owners and administrators
    /// may). The vendor marks all six fields required, so all six are constructor arguments.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct CreateWebhook {
        /// Name (1..=255).
        pub name: String,
        /// Where payloads go (1..=255).
        pub payload_url: String,
        /// Event families (non-empty).
        pub events: Vec<WebhookEvent>,
        /// Signing secret (≤ 255; may be empty, then deliveries are not signed).
        pub secret: WebhookSecret,
        /// Also send the secret itself in `X-ResourceGuru-Key`.
        pub send_secret_header: bool,
        /// Create paused.
        pub paused: bool,
    }

    impl CreateWebhook {
        /// A webhook `name` posting `events` to `payload_url`, signing with `secret`; with
        /// `send_secret_header` the secret also goes in `X-ResourceGuru-Key`; `paused` creates
        /// it paused.
        pub fn new(
            name: impl Into<String>,
            payload_url: impl Into<String>,
            events: impl Into<Vec<WebhookEvent>>,
            secret: impl Into<WebhookSecret>,
            send_secret_header: bool,
            paused: bool,
        ) -> Self {
            CreateWebhook {
                name: name.into(),
                payload_url: payload_url.into(),
                events: events.into(),
                secret: secret.into(),
                send_secret_header,
                paused,
            }
        }

        fn validate(&self) -> Result<()> {
            check::required_len("name", &self.name, check::NAME_MAX)?;
            check::required_len("payload_url", &self.payload_url, check::NAME_MAX)?;
            check::non_empty("events", &self.events)?;
            check::max_len("secret", Some(self.secret.0.as_str()), check::NAME_MAX)
        }
    }

    id_request! {
        /// "Update webhook": the create fields, all optional, plus `retry_last`.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct UpdateWebhook {
            /// The webhook (path).
            pub id: WebhookId,
            /// Name.
            pub name: Option<String>,
            /// Where payloads go.
            pub payload_url: Option<String>,
            /// Event families.
            pub events: Option<Vec<WebhookEvent>>,
            /// Signing secret.
            pub secret: Option<WebhookSecret>,
            /// Send the secret in `X-ResourceGuru-Key`.
            pub send_secret_header: Option<bool>,
            /// Paused.
            pub paused: Option<bool>,
            /// Resend the last payload after updating.
            pub retry_last: Option<bool>,
        }
        /// An update of webhook `id` that changes nothing yet.
        fn new;
    }

    /// "Send test payload" to any URL (an absolute URI, checked before sending).
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TestPayloadUrl {
        /// The URL to test.
        pub payload_url: String,
    }

    impl TestPayloadUrl {
        /// Tests `payload_url`.
        pub fn new(payload_url: impl Into<String>) -> Self {
            TestPayloadUrl {
                payload_url: payload_url.into(),
            }
        }
    }

    /// "Get webhook payloads" of one webhook.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ListPayloads {
        /// The webhook.
        pub webhook_id: WebhookId,
        /// Page size (no server default; streams send 50).
        #[serde(default)]
        pub limit: Option<u32>,
        /// Items to skip.
        #[serde(default)]
        pub offset: Option<u64>,
    }

    impl ListPayloads {
        /// Payloads of `webhook`.
        pub fn new(webhook: impl Into<WebhookId>) -> Self {
            ListPayloads {
                webhook_id: webhook.into(),
                limit: None,
                offset: None,
            }
        }
    }

    model_kit::setters!(ListPayloads {
        limit: u32,
        offset: u64
    });

    impl ListRequest for ListPayloads {
        fn path_id(&self) -> Option<String> {
            Some(self.webhook_id.to_string())
        }

        limit_offset_paging!();
    }

    /// "Re-send webhook payload": body `{"id": <payload id>}` on the webhook's path.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ResendPayload {
        /// The webhook (path).
        #[serde(skip_serializing)]
        pub webhook_id: WebhookId,
        /// The payload to send again.
        #[serde(rename = "id")]
        pub payload_id: PayloadId,
    }

    impl ResendPayload {
        /// Sends payload `payload` of `webhook` again.
        pub fn new(webhook: impl Into<WebhookId>, payload: impl Into<PayloadId>) -> Self {
            ResendPayload {
                webhook_id: webhook.into(),
                payload_id: payload.into(),
            }
        }
    }

    /// Webhook operations: `client.webhooks()`.
    #[derive(Clone, Debug)]
    pub struct Webhooks {
        client: Client,
    }

    impl Client {
        /// Webhook operations (owners and administrators only).
        pub fn webhooks(&self) -> Webhooks {
            Webhooks {
                client: self.clone(),
            }
        }
    }

    impl Webhooks {
        /// The lazy stream over every webhook (not paged by the vendor: one request answers
        /// everything).
        pub fn list(
            &self,
            req: &ListWebhooks,
        ) -> impl Stream<Item = Result<Webhook>> + Send + 'static {
            self.client.list_stream(&ep::WEBHOOKS_LIST, req)
        }

        /// "List webhooks" (not paged by the vendor: one request answers everything).
        ///
        /// # Errors
        /// A 403 ([`core_http::ApiErrorKind::Forbidden`]) unless the user is an account owner
        /// or administrator.
        pub async fn list_page(&self, req: &ListWebhooks) -> Result<Vec<Webhook>> {
            self.client.list_page(&ep::WEBHOOKS_LIST, req).await
        }

        /// "Create webhook" (201).
        ///
        /// # Errors
        /// [`crate::Error::Validation`] before sending; a 403
        /// ([`core_http::ApiErrorKind::Forbidden`]) unless the user is an account owner or
        /// administrator.
        pub async fn create(&self, req: &CreateWebhook) -> Result<Webhook> {
            req.validate()?;
            self.client
                .call(&ep::WEBHOOKS_CREATE)
                .json(req)
                .send_json::<model_kit::lenient::Single<_>>()
                .await
                .map(model_kit::lenient::Single::into_inner)
        }

        /// "Send test payload" to any URL → the answer as JSON (the receiver's status).
        pub async fn test_url(&self, req: &TestPayloadUrl) -> Result<Value> {
            check::absolute_url("payload_url", &req.payload_url)?;
            let resp = self
                .client
                .call(&ep::WEBHOOKS_TEST_URL)
                .json(req)
                .send()
                .await?;
            crate::client::json_or_null(&resp)
        }

        /// "Get webhook".
        pub async fn get(&self, id: impl Into<WebhookId>) -> Result<Webhook> {
            self.client
                .call_id(&ep::WEBHOOKS_GET, id.into())
                .send_json()
                .await
        }

        /// "Update webhook".
        pub async fn update(&self, req: &UpdateWebhook) -> Result<Webhook> {
            if let Some(name) = &req.name {
                check::required_len("name", name, check::NAME_MAX)?;
            }
            self.client
                .call_id(&ep::WEBHOOKS_UPDATE, req.id)
                .json(req)
                .send_json()
                .await
        }

        /// "Delete webhook" (204).
        pub async fn delete(&self, id: impl Into<WebhookId>) -> Result<()> {
            self.client
                .call_id(&ep::WEBHOOKS_DELETE, id.into())
                .send_unit()
                .await
        }

        /// "Test webhook": sends a test payload to its URL → the answer, a JSON string such as
        /// `"status: 200"`.
        pub async fn test(&self, id: impl Into<WebhookId>) -> Result<Value> {
            let resp = self
                .client
                .call_id(&ep::WEBHOOKS_TEST, id.into())
                .send()
                .await?;
            crate::client::json_or_null(&resp)
        }

        /// The lazy stream over every queued payload of a webhook (every page).
        pub fn list_payloads(
            &self,
            req: &ListPayloads,
        ) -> impl Stream<Item = Result<QueuedPayload>> + Send + 'static {
            self.client.list_stream(&ep::WEBHOOKS_PAYLOADS, req)
        }

        /// One page of "Get webhook payloads".
        pub async fn list_payloads_page(&self, req: &ListPayloads) -> Result<Vec<QueuedPayload>> {
            self.client.list_page(&ep::WEBHOOKS_PAYLOADS, req).await
        }

        /// "Re-send webhook payload" (a PUT) → the answer as JSON (`null` when empty: the
        /// vendor documents no success body).
        ///
        /// # Errors
        /// A success status whose body says "not done" (`false`, or a non-empty `errors`) is
        /// an [`crate::Error::Api`]: the payload was not sent again
        /// (docs/vendors/resource-guru.md §7.14).
        pub async fn resend(&self, req: &ResendPayload) -> Result<Value> {
            self.client
                .send_done(&ep::WEBHOOKS_RESEND, req.webhook_id, req)
                .await
        }
    }
}
