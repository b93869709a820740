//! # resos
//!
//! A typed client for the [resOS](https://resos.com) restaurant booking API v1.2, built on
//! bookbridge's `core-http`. Every endpoint known to exist is covered (docs/vendors/resos.md
//! §1): bookings (list, get, create, update, status change, cancel, internal note), the
//! booking flow (times, dates, available tables), opening hours, tables and areas, custom
//! fields and the health check; plus the **unverified** endpoints that only a machine-drafted
//! spec lists (guest comment, opening hours by id, customers, orders, feedback), each marked so
//! in its docs.
//!
//! **Paging:** every list operation comes in two forms: `list(&req)` is a lazy stream over all
//! pages (use `futures::TryStreamExt`, e.g. `.try_collect::<Vec<_>>()`), `list_page(&req)` fetches
//! one page.
//!
//! In resOS, bookings, customers, orders and feedback page with `skip`/`limit` (at most 100
//! per page, no totals: a short page is the last). Opening hours, tables, areas and custom
//! fields are not paged by the vendor: one request answers everything, and `list_page`
//! returns that whole answer.
//!
//! ## What to know about resOS
//!
//! - **Auth**: the API key is the HTTP Basic username with an empty password
//!   ([`ClientBuilder::api_key`]). One key belongs to one restaurant.
//! - **Rate limit**: the doc says "100 requests / sec, with a fixed-time reset (i.e. every
//!   minute ...)", which contradicts itself. The client paces at 100 per **minute** by default
//!   (the stricter reading: it cannot cause 429s under either reading), and
//!   [`ClientBuilder::rate_limit_window`] changes it. `Retry-After` is in **milliseconds**;
//!   a 429 is retried after it.
//! - **Odd answers**: create returns the new id as a bare string; update, status change and
//!   cancel answer a bare `true`, and anything else is an [`Error::Api`]; cancel is a `PUT`
//!   with status `canceled` (one "l"). These are hidden behind typed results.
//! - **Date filter**: `fromDateTime` and `toDateTime` only filter when both are sent, so the
//!   range is one [`DateRange`] that always carries both ends.
//! - **Search**: [`CustomQuery`] builds `customQuery` expressions (`<`, `>`, `:`, `;`, dot
//!   paths, quoting and escaping, UTC dates, phone numbers as digits); [`Sort`] builds `sort`.
//!   The expression goes in a query parameter by default, or in a header
//!   ([`CustomQueryDelivery`]); the doc is ambiguous about which one the server reads.
//! - **Requests are checked before sending**: required fields are constructor arguments, and
//!   documented rules (party size at least 1, E.164 phones, the five guest languages, page
//!   size 1 to 100, ...) fail with [`Error::Validation`] without a request.
//! - **Errors** are text bodies, mapped to [`Error::Api`] with the text as message; a 422
//!   saying "no suitable table" has kind [`ApiErrorKind::NoAvailability`]. Unknown keys in a
//!   create body give 422, so request types only hold documented fields.
//! - **Models** keep every field they do not know in `extra`, and enums keep unknown values
//!   (`BookingStatus::Unknown("...")`).
//!
//! ## One model for every vendor (feature `domain`)
//!
//! With the `domain` feature, [`domain::ResosProvider`] (also at the root as
//! `ResosProvider`) implements booking-domain's `BookingProvider`: bookings, tables as
//! resources and booking-flow times as availability, in the unified model. Its module docs
//! hold the capabilities, the status mapping table and every mapping that loses or
//! approximates information.
//!
//! The vendor notes behind all this (limits, quirks, what is unverified, sources) are in
//! `docs/vendors/resos.md` of the repository.
//!
//! ## Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), resos::Error> {
//! use futures::TryStreamExt;
//! use resos::jiff::civil::date;
//! use resos::{Client, CustomQuery, DateRange, ListBookings, ListTables, Sort};
//!
//! // A stand-in for api.resos.com.
//! let server = httpmock::MockServer::start_async().await;
//! server.mock_async(|when, then| {
//!     when.method("GET").path("/v1/bookings")
//!         .query_param("fromDateTime", "2024-05-01T00:00:00")
//!         .query_param("toDateTime", "2024-05-31T23:59:59")
//!         .query_param("customQuery", "people>2")
//!         .query_param("sort", "dateTime:1")
//!         .query_param("skip", "0").query_param("limit", "100");
//!     then.status(200).header("retry-after", "60000").json_body(serde_json::json!([
//!         {"_id": "A3CAfJycSJMHEWHHd", "date": "2024-05-04", "time": "19:30",
//!          "people": 4, "status": "approved", "guest": {"name": "Ada Example"}}
//!     ]));
//! }).await;
//! server.mock_async(|when, then| {
//!     when.method("GET").path("/v1/tables");
//!     then.status(200).json_body(serde_json::json!([
//!         {"_id": "Tb100000000000001", "name": "Table 1", "area": {"name": "Terrace"}}
//!     ]));
//! }).await;
//!
//! let client = Client::builder()
//!     .api_key("my-api-key")
//!     .base_url(server.url("/v1")) // default: https://api.resos.com/v1
//!     .build()?;
//!
//! // Every page, lazily: `list` is a stream.
//! let request = ListBookings::new()
//!     .range(DateRange::days(date(2024, 5, 1), date(2024, 5, 31))?)
//!     .custom_query(CustomQuery::new().greater_than("people", 2))
//!     .sort(Sort::asc("dateTime"));
//! let bookings: Vec<resos::Booking> = client.bookings().list(&request).try_collect().await?;
//! assert_eq!(bookings.len(), 1);
//! assert_eq!(bookings[0].status, Some(resos::BookingStatus::Approved));
//! assert_eq!(bookings[0].time.map(|t| t.to_string()).as_deref(), Some("19:30"));
//!
//! // One page (here the vendor's one answer): `list_page`.
//! let tables = client.tables().list_page(&ListTables::default()).await?;
//! assert_eq!(tables[0].name.as_deref(), Some("Table 1"));
//! # Ok(())
//! # }
//! ```

mod booking_flow;
mod bookings;
mod client;
mod common;
mod custom_fields;
mod customers;
#[cfg(feature = "domain")]
pub mod domain;
mod error;
mod feedback;
mod healthcheck;
mod opening_hours;
mod orders;
pub mod query;
mod tables;

pub use booking_flow::{
    AvailableTable, AvailableTables, AvailableTimes, BookableDates, BookingFlow, PaymentSettings,
    TimeSlot,
};
pub use bookings::{
    AddComment, AddRestaurantNote, Booking, BookingChanges, BookingSource, BookingStatus, Bookings,
    CancelBooking, Comment, CreateBooking, GetBooking, Guest, GuestChanges, LanguageCode,
    ListBookings, NewGuest, RestaurantNote, SetBookingStatus, UpdateBooking,
};
pub use client::{
    CUSTOM_QUERY, Client, ClientBuilder, CustomQueryDelivery, DEFAULT_BASE_URL,
    DEFAULT_RATE_LIMIT_WINDOW, MAX_PAGE_SIZE, RATE_LIMIT, VENDOR,
};
pub use common::{
    AreaId, BookingId, ChoiceId, CommentId, CustomFieldId, GuestId, LocalTime, NoteId,
    OpeningHourId, RestaurantId, TableId,
};
pub use custom_fields::{
    CheckedChoice, Choice, CustomField, CustomFieldType, CustomFieldValue, CustomFields,
    FieldValue, ListCustomFields,
};
pub use customers::{Customer, CustomerId, Customers, GetCustomer, ListCustomers};
#[cfg(feature = "domain")]
pub use domain::ResosProvider;
pub use error::NO_SUITABLE_TABLE;
pub use feedback::{Feedback, FeedbackEntry, FeedbackId, GetFeedback, ListFeedback};
pub use healthcheck::HealthCheck;
pub use opening_hours::{
    ClockTime, GetOpeningHours, ListOpeningHours, OpeningHour, OpeningHours, Seating,
};
pub use orders::{GetOrder, ListOrders, Order, OrderId, OrderItem, OrderStatus, Orders};
pub use query::{
    Comparable, Condition, CustomQuery, DateRange, Direction, Operator, QueryValue, Sort, SortKey,
};
pub use tables::{Area, ListAreas, ListTables, Table, Tables};

pub use core_http::pacing::Pacing;
/// Pacing state in Redis, shared by every process on the same key (feature `redis`): give it
/// to [`ClientBuilder::shared_pacing`].
#[cfg(feature = "redis")]
pub use core_http::pacing::{RedisPacing, Unreachable};
pub use core_http::{ApiError, ApiErrorKind, Error, FieldError, Result, RetryPolicy};
/// The date and time library of every model and request (`resos::jiff::civil::date`), so no
/// extra dependency is needed.
pub use jiff;

/// Every public operation, as named in fixtures (`fixtures/resos/<operation>[--case].json`).
pub const OPERATIONS: &[&str] = &[
    "bookings.list",
    "bookings.list_page",
    "bookings.get",
    "bookings.create",
    "bookings.update",
    "bookings.set_status",
    "bookings.cancel",
    "bookings.add_restaurant_note",
    "bookings.add_comment",
    "booking_flow.times",
    "booking_flow.dates",
    "booking_flow.available_tables",
    "opening_hours.list",
    "opening_hours.list_page",
    "opening_hours.get",
    "tables.list",
    "tables.list_page",
    "tables.list_areas",
    "tables.list_areas_page",
    "custom_fields.list",
    "custom_fields.list_page",
    "healthcheck",
    "customers.list",
    "customers.list_page",
    "customers.get",
    "orders.list",
    "orders.list_page",
    "orders.get",
    "feedback.list",
    "feedback.list_page",
    "feedback.get",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_unique_and_named_resource_dot_action() {
        let mut seen = std::collections::BTreeSet::new();
        for op in OPERATIONS {
            assert!(seen.insert(*op), "duplicate {op}");
            assert!(
                op.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.'),
                "{op}"
            );
        }
    }

    #[test]
    fn every_model_and_request_has_a_json_schema() {
        let schemas = [
            schemars::schema_for!(Booking),
            schemars::schema_for!(TimeSlot),
            schemars::schema_for!(OpeningHour),
            schemars::schema_for!(Table),
            schemars::schema_for!(Area),
            schemars::schema_for!(CustomField),
            schemars::schema_for!(HealthCheck),
            schemars::schema_for!(Customer),
            schemars::schema_for!(Order),
            schemars::schema_for!(FeedbackEntry),
            schemars::schema_for!(ListBookings),
            schemars::schema_for!(CreateBooking),
            schemars::schema_for!(UpdateBooking),
            schemars::schema_for!(AvailableTables),
        ];
        for schema in &schemas {
            let json = serde_json::to_value(schema).unwrap();
            assert!(json.get("title").is_some(), "{json}");
        }
        let booking = serde_json::to_value(schemars::schema_for!(Booking)).unwrap();
        assert!(booking["properties"].get("_id").is_some());
        assert!(booking["properties"].get("dateTime").is_some());
    }
}

/// The workspace README's example, compiled as a doc test so that it stays correct.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeExample;
