//! # resource-guru
//!
//! A typed client of the [Resource Guru](https://resourceguruapp.com) API v1 (resource
//! scheduling), built on `core-http`. Facts come from `reference/resourceguru.md`; sections are
//! cited as "reference §n".
//!
//! - [`Client`] works on one account (`/v1/{account}/...`) and also makes the account-less calls
//!   (`/v1/accounts`, `/v1/me`). Clones share credentials and pacing: 200 requests per minute in
//!   fixed windows, fed back by `X-RateLimit-Remaining` and `Retry-After` (seconds); a 403 with
//!   `Retry-After` counts as a rate limit (reference §2.5).
//! - Credentials: a Bearer access token, [`OAuth`] (password, authorization-code and refresh
//!   grants written on core-http, refreshed before expiry and after a 401, single-flight, with a
//!   callback for the rotated refresh token), or HTTP Basic for exploration.
//! - One module per resource, each with its models and its handle: [`accounts`],
//!   [`activities`], [`bookings`], [`clients`], [`custom_availability`], [`custom_fields`],
//!   [`downtimes`], [`overtimes`], [`projects`], [`reports`] (v1 and v2), [`resources`],
//!   [`users`], [`webhooks`], [`calendars`]. List operations come as one page (`list`) and as a
//!   stream of every item (`list_all`).
//! - Every method and path sits in one table, [`endpoints`]; paths known only from third-party
//!   code are flagged **unverified** there. Array query style (`ids=1&ids=2` or `ids[]=1`) is
//!   set per operation and can be overridden with [`ClientBuilder::array_style`].
//! - [`zones`] maps the 144 Rails zone names to IANA zones; [`common::MinuteOfDay`] is a time of
//!   day as minutes since midnight.
//! - Feature `webhooks` (without the default `client` feature it needs no HTTP stack):
//!   [`webhooks::verify_signature`] and the typed [`webhooks::Delivery`].
//!
//! ## What is verified and what is not
//!
//! - **Paths**: 54 of the 91 operations have paths printed in official docs. The other 37 come
//!   only from third-party code (mostly a CLI generated from the vendor's OpenAPI file) and are
//!   flagged **unverified** in [`endpoints`]: update account, booking activities / split /
//!   resolve / remind, custom availability (3), custom fields and options (10), downtime clashes
//!   and split, overtime, Reports v2 (8, under `/v2/`), list users with deleted, send test
//!   payload to a URL, re-send payload (a PUT), calendars (5).
//! - **Shapes known only by name**, kept as JSON: booking `approval_state` and
//!   `aggregated_approval_state`, activity entries, custom available periods, downtime clash
//!   items, calendar `incoming_calendars` and external events, the nested objects of Reports v2,
//!   and the success bodies of resolve, remind, overtime, availability update and re-send.
//! - **Inferred** (coded defensively): monthly and yearly `rrule` bodies (only a weekly example
//!   exists; unknown keys round-trip unchanged), the remind body `{"resource_ids": [...]}`, a
//!   server cap of 50 items per page (streams ask for at most 50), OAuth token requests sent
//!   form-encoded, and a 403 with `Retry-After` being a rate limit.
//! - The contract fixtures are built from the reference (`provenance: docs`) or invented for
//!   edge cases (`synthetic`); none is recorded from a live account yet.
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
//! use resource_guru::{BookingId, Client};
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
//! # Ok(()) }
//! ```

pub mod common;
pub mod zones;

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub mod endpoints;
#[cfg(feature = "client")]
pub mod error;
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

#[cfg(feature = "client")]
pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_PAGE_SIZE, DEFAULT_RATE_LIMIT_WINDOW,
    MAX_PAGE_SIZE, RATE_LIMIT_LIMIT_HEADER, RATE_LIMIT_REMAINING_HEADER, REQUESTS_PER_MINUTE,
    RateLimitStatus,
};
pub use common::{
    AccountId, ActivityTypeId, BookingId, CalendarId, ClientId, CustomFieldId, CustomFieldOptionId,
    DowntimeId, DowntimeTypeId, DurationMinutes, GroupId, MinuteOfDay, PayloadId, ProjectId,
    ResourceId, ResourceTypeId, UserId, WebhookId, Weekday,
};
#[cfg(feature = "client")]
pub use core_http::secrecy;
#[cfg(feature = "client")]
pub use core_http::{Error, Result, RetryPolicy};
#[cfg(feature = "client")]
pub use oauth::OAuth;
pub use zones::RailsZone;

/// Every public operation of this crate, named `<resource>.<operation>` (the names of the
/// contract fixtures, and of [`endpoints::ALL`]).
#[cfg(feature = "client")]
pub const OPERATIONS: &[&str] = &[
    "accounts.get",
    "accounts.update",
    "accounts.list",
    "activities.list",
    "bookings.list",
    "bookings.create",
    "bookings.get",
    "bookings.update",
    "bookings.delete",
    "bookings.split",
    "bookings.list_for_client",
    "bookings.list_for_project",
    "bookings.list_for_resource",
    "bookings.resolve",
    "bookings.remind",
    "clients.list",
    "clients.create",
    "clients.list_archived",
    "clients.get",
    "clients.update",
    "clients.delete",
    "custom_availability.list",
    "custom_availability.set",
    "custom_availability.reset",
    "custom_fields.list",
    "custom_fields.create",
    "custom_fields.get",
    "custom_fields.update",
    "custom_fields.delete",
    "custom_field_options.list",
    "custom_field_options.create",
    "custom_field_options.get",
    "custom_field_options.update",
    "custom_field_options.delete",
    "downtimes.list",
    "downtimes.create",
    "downtimes.clashes",
    "downtimes.get",
    "downtimes.update",
    "downtimes.delete",
    "downtimes.split",
    "downtime_types.list",
    "overtimes.set",
    "projects.list",
    "projects.create",
    "projects.list_archived",
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
    "resources.create",
    "resources.list_archived",
    "resources.get",
    "resources.update",
    "resources.delete",
    "resources.update_availability",
    "resource_types.list",
    "resource_types.get",
    "users.list",
    "users.list_with_deleted",
    "users.me_summary",
    "users.me",
    "users.get",
    "webhooks.list",
    "webhooks.create",
    "webhooks.test_url",
    "webhooks.get",
    "webhooks.update",
    "webhooks.delete",
    "webhooks.test",
    "webhooks.payloads",
    "webhooks.resend",
    "calendars.list",
    "calendars.external_events",
    "calendars.get",
    "calendars.update",
    "calendars.delete",
];
