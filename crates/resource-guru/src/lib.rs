//! # resource-guru
//!
//! A typed client of the [Resource Guru](https://resourceguruapp.com) API v1 (resource
//! scheduling), built on `core-http`. The vendor notes behind it (limits, quirks, what is
//! unverified, public sources) are in `docs/vendors/resource-guru.md`, cited as
//! "docs/vendors/resource-guru.md §n".
//!
//! - [`Client`] works on one account (`/v1/{account}/...`) and also makes the account-less calls
//!   (`/v1/accounts`, `/v1/me`). Clones share credentials and pacing: 200 requests per minute in
//!   fixed windows, fed back by `X-RateLimit-Remaining` and `Retry-After` (seconds); a 403 with
//!   `Retry-After` counts as a rate limit (docs/vendors/resource-guru.md §3).
//! - Credentials: a Bearer access token, [`OAuth`] (password, authorization-code and refresh
//!   grants, refreshed before expiry and after a 401, single-flight, with a callback, plain or
//!   async, for the rotated refresh token), or HTTP Basic for exploration.
//! - Handles named after their resource: `client.bookings()`, `client.clients()`,
//!   `client.resources()`, ... Each owns a cheap clone of the client. Clients, projects,
//!   calendars, downtimes, resources, custom fields and custom field options share one generic
//!   handle, [`Crud<T>`] (list, create, get, update, delete), plus what only they have.
//! - Everything you name is at the crate root: [`Client`], [`ClientBuilder`], [`Error`],
//!   [`Result`], every request type, model and id, and [`jiff`] (dates and times, so no extra
//!   dependency is needed).
//! - Every method and path sits in one table, [`endpoints`]; paths known only from third-party
//!   code are flagged **unverified** there. Array query style (`ids=1&ids=2` or `ids[]=1`) is
//!   set per operation and can be overridden with [`ClientBuilder::array_style`].
//! - [`zones`] maps the 144 Rails zone names to IANA zones; [`MinuteOfDay`] is a time of day as
//!   minutes since midnight.
//! - Feature `domain` (implies `client`): [`domain::ResourceGuruProvider`], Resource Guru behind
//!   booking-domain's `BookingProvider` trait (bookings on resources; no availability).
//! - Feature `webhooks` (without the default `client` feature it needs no HTTP stack):
//!   [`verify_signature`], [`verify_delivery`] and the typed [`Delivery`].
//!
//! **Paging:** every list operation comes in two forms: `list(&req)` is a lazy stream over
//! all pages (use `futures::TryStreamExt`, e.g. `.try_collect::<Vec<_>>()`), `list_page(&req)` fetches
//! one page.
//!
//! Resource Guru pages with `limit` and `offset` (default page size 50); the streams ask for
//! pages of the request's `limit` (at most 50) until a short page. Lists the vendor does not
//! page (accounts, webhooks, calendars, ...) have the same two forms: `list_page` returns the
//! one answer and `list` streams its items (one request, made on the first poll).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = httpmock::MockServer::start_async().await;
//! # server.mock(|when, then| {
//! #     when.method("GET").path("/v1/acme-studio/bookings/80412")
//! #         .header("authorization", "Bearer my-access-token");
//! #     then.status(200).json_body(serde_json::json!({
//! #         "id": 80412, "resource_ids": [311], "start_date": "2024-05-13",
//! #         "end_date": "2024-05-15", "duration": 240, "start_time": 600,
//! #         "timezone": "Lisbon", "details": "Kick-off workshop"
//! #     }));
//! # });
//! # server.mock(|when, then| {
//! #     when.method("GET").path("/v1/acme-studio/bookings")
//! #         .query_param("start_date", "2024-05-13").query_param("limit", "50")
//! #         .query_param("offset", "0");
//! #     then.status(200).json_body(serde_json::json!([
//! #         {"id": 80412, "resource_ids": [311], "start_date": "2024-05-13"}
//! #     ]));
//! # });
//! use futures::TryStreamExt;
//! use resource_guru::jiff::civil::date;
//! use resource_guru::{BookingId, Client, ListBookings};
//!
//! let client = Client::builder("acme-studio")
//!     .access_token("my-access-token")
//!     .base_url(server.base_url()) // leave out to reach https://api.resourceguruapp.com
//!     .build()?;
//! let booking = client.bookings().get(BookingId(80412)).await?;
//! assert_eq!(booking.details.as_deref(), Some("Kick-off workshop"));
//! // 600 minutes after midnight, in the booking's Rails zone "Lisbon" (UTC+1 in May).
//! let starts = booking.starts_at(None).map(|z| z.timestamp().to_string());
//! assert_eq!(starts.as_deref(), Some("2024-05-13T09:00:00Z"));
//!
//! // Every booking from May 13th on, page after page.
//! let req = ListBookings::new().start_date(date(2024, 5, 13));
//! let all: Vec<_> = client.bookings().list(&req).try_collect().await?;
//! assert_eq!(all.len(), 1);
//! # Ok(()) }
//! ```
//!
//! ## OAuth: resuming from a stored refresh token
//!
//! Refresh tokens rotate: each refresh returns a new one and the old one stops working at once.
//! Start from the stored one and store every new one; the async callback is awaited before
//! the new access token is used.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = httpmock::MockServer::start_async().await;
//! # server.mock(|when, then| {
//! #     when.method("POST").path("/oauth/token").body_includes("grant_type=refresh_token")
//! #         .body_includes("refresh_token=stored-refresh-token");
//! #     then.status(200).json_body(serde_json::json!({
//! #         "access_token": "new-access", "refresh_token": "new-refresh",
//! #         "token_type": "bearer", "expires_in": 604800
//! #     }));
//! # });
//! # server.mock(|when, then| {
//! #     when.method("GET").path("/v1/me").header("authorization", "Bearer new-access");
//! #     then.status(200).json_body(serde_json::json!({"id": 7, "email": "priya@acme-studio.test"}));
//! # });
//! use std::sync::Arc;
//! use resource_guru::secrecy::ExposeSecret;
//! use resource_guru::{Client, OAuth};
//! use tokio::sync::Mutex;
//!
//! // Stands for your database.
//! let db = Arc::new(Mutex::new(String::from("stored-refresh-token")));
//! let stored = db.lock().await.clone();
//! let store = db.clone();
//! let oauth = OAuth::refresh_token("app-id", "app-secret", stored).on_tokens_async(move |t| {
//!     let store = store.clone();
//!     async move {
//!         if let Some(refresh) = &t.refresh_token {
//!             *store.lock().await = refresh.expose_secret().to_owned(); // UPDATE ... in real life
//!         }
//!     }
//! });
//! let client = Client::builder("acme-studio")
//!     .oauth(oauth)
//!     .base_url(server.base_url())
//!     .build()?;
//! let me = client.users().me_summary().await?;
//! assert_eq!(me.email.as_deref(), Some("priya@acme-studio.test"));
//! assert_eq!(*db.lock().await, "new-refresh");
//! # Ok(()) }
//! ```
//!
//! ## Receiving webhooks (axum)
//!
//! Verify the signature against the raw body before parsing; the request's headers go in as
//! they are, the secret as a `&str`.
//!
//! ```
//! use axum::body::Bytes;
//! use axum::http::{HeaderMap, StatusCode};
//! use axum::routing::post;
//! use axum::Router;
//! use resource_guru::{SignatureError, verify_delivery};
//!
//! async fn resource_guru_webhook(headers: HeaderMap, body: Bytes) -> StatusCode {
//!     let secret = "my-webhook-secret"; // from your configuration
//!     match verify_delivery(secret, &body, &headers, None) {
//!         Ok(delivery) => {
//!             println!("{:?} of {:?}", delivery.payload.action, delivery.payload.kind);
//!             StatusCode::NO_CONTENT
//!         }
//!         Err(SignatureError::Body(_)) => StatusCode::BAD_REQUEST,
//!         Err(_) => StatusCode::UNAUTHORIZED,
//!     }
//! }
//!
//! let app: Router = Router::new().route("/hooks/resource-guru", post(resource_guru_webhook));
//! # let _ = app;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn check() {
//! #     let body = br#"{"id":1,"timestamp":1715590800,"payload":{"action":"create","type":"booking"}}"#;
//! #     let mut headers = HeaderMap::new();
//! #     let sig = resource_guru::sign("my-webhook-secret", body);
//! #     headers.insert("x-resourceguru-signature", sig.parse().unwrap());
//! #     assert_eq!(resource_guru_webhook(headers.clone(), Bytes::from_static(body)).await, StatusCode::NO_CONTENT);
//! #     assert_eq!(resource_guru_webhook(HeaderMap::new(), Bytes::from_static(body)).await, StatusCode::UNAUTHORIZED);
//! # }
//! # check();
//! ```
//!
//! ## What is verified and what is not
//!
//! - **Paths**: 54 of the 91 operations have paths printed in official docs. The other 37 come
//!   only from third-party code (mostly a CLI generated from the vendor's OpenAPI file) and are
//!   flagged **unverified** in [`endpoints`] (docs/vendors/resource-guru.md §11).
//! - **Shapes known only by name**, kept as JSON: booking `approval_state` and
//!   `aggregated_approval_state`, activity entries, custom available periods, downtime clash
//!   items, calendar `incoming_calendars` and external events, the nested objects of Reports v2,
//!   and the success bodies of resolve, remind, overtime, availability update and re-send.
//! - **Inferred** (coded defensively): monthly and yearly `rrule` bodies (only a weekly example
//!   exists; unknown keys round-trip unchanged), the remind body `{"resource_ids": [...]}`, a
//!   server cap of 50 items per page (streams ask for at most 50), OAuth token requests sent
//!   form-encoded, and a 403 with `Retry-After` being a rate limit.
//! - The contract fixtures are built from the vendor's documents (`provenance: docs`) or
//!   invented for edge cases (`synthetic`); none is recorded from a live account yet.

pub mod common;
pub mod zones;

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub mod crud;
#[cfg(feature = "domain")]
pub mod domain;
#[cfg(feature = "client")]
pub mod endpoints;
#[cfg(feature = "client")]
pub(crate) mod error;
#[cfg(feature = "client")]
pub mod oauth;

pub mod accounts;
pub mod activities;
pub mod bookings;
pub mod calendars;
pub mod clients;
pub mod custom_availability;
pub mod custom_fields;
pub mod downtimes;
pub mod overtimes;
pub mod projects;
pub mod reports;
pub mod resources;
pub mod users;
pub mod webhooks;

pub use accounts::*;
pub use activities::*;
pub use bookings::*;
pub use calendars::*;
pub use clients::*;
pub use custom_availability::*;
pub use custom_fields::*;
pub use downtimes::*;
#[cfg(feature = "client")]
pub use overtimes::*;
pub use projects::*;
pub use reports::*;
pub use resources::*;
pub use users::*;
pub use webhooks::*;

#[cfg(feature = "client")]
pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_PAGE_SIZE, DEFAULT_RATE_LIMIT_WINDOW,
    ListRequest, MAX_PAGE_SIZE, RATE_LIMIT_LIMIT_HEADER, RATE_LIMIT_REMAINING_HEADER,
    REQUESTS_PER_MINUTE, RateLimitStatus,
};
pub use common::{
    AccountId, ActivityTypeId, BookingId, CalendarId, ClashReport, ClientId, CustomFieldId,
    CustomFieldOptionId, DateOrTimestamp, DowntimeId, DowntimeTypeId, DurationMinutes, GroupId,
    IncomingCalendarId, LinkRef, MinuteOfDay, PayloadId, ProjectId, ResourceId, ResourceTypeId,
    UserId, UserRef, WebhookId, Weekday,
};
#[cfg(feature = "client")]
pub use core_http::pacing::Pacing;
/// Pacing state in Redis, shared by every process on the same key (feature `redis`): give it
/// to [`ClientBuilder::shared_pacing`].
#[cfg(feature = "redis")]
pub use core_http::pacing::{RedisPacing, Unreachable};
#[cfg(feature = "client")]
pub use core_http::secrecy;
#[cfg(feature = "client")]
pub use core_http::{ApiError, ApiErrorKind, Error, FieldError, Result, RetryPolicy};
#[cfg(feature = "client")]
pub use crud::{Archivable, Creatable, Crud, DeleteRequest, Managed, UpdateRequest, Validate};
pub use jiff;
#[cfg(feature = "client")]
pub use oauth::{OAuth, RefreshedTokens};
pub use zones::RailsZone;

/// Every public operation of this crate, named `<resource>.<operation>` (the names of the
/// contract fixtures). Each list operation comes twice: `list` (the stream) and `list_page`
/// (one page); both use the same entry of [`endpoints::ALL`], named after the stream.
#[cfg(feature = "client")]
pub const OPERATIONS: &[&str] = &[
    "accounts.get",
    "accounts.update",
    "accounts.list",
    "accounts.list_page",
    "activities.list",
    "activities.list_page",
    "bookings.list",
    "bookings.list_page",
    "bookings.create",
    "bookings.get",
    "bookings.update",
    "bookings.delete",
    "bookings.split",
    "bookings.list_for_client",
    "bookings.list_for_client_page",
    "bookings.list_for_project",
    "bookings.list_for_project_page",
    "bookings.list_for_resource",
    "bookings.list_for_resource_page",
    "bookings.resolve",
    "bookings.remind",
    "clients.list",
    "clients.list_page",
    "clients.create",
    "clients.list_archived",
    "clients.list_archived_page",
    "clients.get",
    "clients.update",
    "clients.delete",
    "custom_availability.list",
    "custom_availability.list_page",
    "custom_availability.set",
    "custom_availability.reset",
    "custom_fields.list",
    "custom_fields.list_page",
    "custom_fields.create",
    "custom_fields.get",
    "custom_fields.update",
    "custom_fields.delete",
    "custom_field_options.list",
    "custom_field_options.list_page",
    "custom_field_options.create",
    "custom_field_options.get",
    "custom_field_options.update",
    "custom_field_options.delete",
    "downtimes.list",
    "downtimes.list_page",
    "downtimes.create",
    "downtimes.list_clashes",
    "downtimes.list_clashes_page",
    "downtimes.get",
    "downtimes.update",
    "downtimes.delete",
    "downtimes.split",
    "downtime_types.list",
    "downtime_types.list_page",
    "overtimes.set",
    "projects.list",
    "projects.list_page",
    "projects.create",
    "projects.list_archived",
    "projects.list_archived_page",
    "projects.get",
    "projects.update",
    "projects.delete",
    "reports.projects",
    "reports.project",
    "reports.clients",
    "reports.client",
    "reports.resources",
    "reports.resource",
    "reports_v2.resources",
    "reports_v2.resource",
    "reports_v2.clients",
    "reports_v2.client",
    "reports_v2.clients_unassigned",
    "reports_v2.projects",
    "reports_v2.project",
    "reports_v2.projects_unassigned",
    "resources.list",
    "resources.list_page",
    "resources.create",
    "resources.list_archived",
    "resources.list_archived_page",
    "resources.get",
    "resources.update",
    "resources.delete",
    "resources.update_availability",
    "resource_types.list",
    "resource_types.list_page",
    "resource_types.get",
    "users.list",
    "users.list_page",
    "users.list_with_deleted",
    "users.list_with_deleted_page",
    "users.me_summary",
    "users.me",
    "users.get",
    "webhooks.list",
    "webhooks.list_page",
    "webhooks.create",
    "webhooks.test_url",
    "webhooks.get",
    "webhooks.update",
    "webhooks.delete",
    "webhooks.test",
    "webhooks.list_payloads",
    "webhooks.list_payloads_page",
    "webhooks.resend",
    "calendars.list",
    "calendars.list_page",
    "calendars.list_external_events",
    "calendars.list_external_events_page",
    "calendars.get",
    "calendars.update",
    "calendars.delete",
];
