//! # resos
//!
//! A typed client for the [resOS](https://resos.com) restaurant booking API v1.2, built on
//! bookbridge's `core-http`. Every endpoint of the vendor reference (§8) is covered: bookings
//! (list as a stream or one page, get, create, update, status change, cancel, internal note),
//! the booking flow (times, dates, available tables), opening hours, tables and areas, custom
//! fields and the health check; plus the **unverified** endpoints that only an AI-drafted spec
//! lists (guest comment, opening hours by id, customers, orders, feedback), each marked so in
//! its docs.
//!
//! ## What to know about resOS
//!
//! - **Auth**: the API key is the HTTP Basic username with an empty password
//!   ([`ClientBuilder::api_key`]). One key belongs to one restaurant.
//! - **Rate limit**: 100 requests per fixed window; the doc says both "per second" and "reset
//!   every minute", so the client paces at 100 per **minute** by default (the stricter reading)
//!   and [`ClientBuilder::rate_limit_window`] changes it. `Retry-After` is in
//!   **milliseconds**; a 429 is retried after it.
//! - **Odd answers**: create returns the new id as a bare string, update returns `true`, cancel
//!   is a `PUT` with status `canceled` (one "l"). These are hidden behind typed results.
//! - **Date filter**: `fromDateTime` and `toDateTime` only filter when both are sent, so the
//!   range is one [`DateRange`] that always carries both ends.
//! - **Search**: [`CustomQuery`] builds `customQuery` expressions (`<`, `>`, `:`, `;`, dot
//!   paths, quoting and escaping, UTC dates, phone numbers as digits); [`Sort`] builds `sort`.
//!   The expression goes in a query parameter by default, or in a header
//!   ([`CustomQueryDelivery`]); the doc is ambiguous about which one the server reads.
//! - **Errors** are text bodies, mapped to [`Error::Api`] with the text as message; a 422
//!   saying "no suitable table" has kind [`ApiErrorKind::NoAvailability`]. Unknown keys in a
//!   create body give 422, so request types only hold documented fields.
//! - **Models** keep every field they do not know in `extra`, and enums keep unknown values
//!   (`BookingStatus::Unknown("...")`).
//!
//! ## Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), resos::Error> {
//! use futures::TryStreamExt;
//! use jiff::civil::date;
//! use resos::{Client, CustomQuery, DateRange, ListBookings, Sort};
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
//!
//! let client = Client::builder()
//!     .api_key("my-api-key")
//!     .base_url(server.url("/v1")) // default: https://api.resos.com/v1
//!     .build()?;
//! let request = ListBookings::new()
//!     .range(DateRange::days(date(2024, 5, 1), date(2024, 5, 31))?)
//!     .custom_query(CustomQuery::new().greater_than("people", 2))
//!     .sort(Sort::asc("dateTime"));
//! let bookings: Vec<resos::Booking> = client.bookings().list(&request).try_collect().await?;
//! assert_eq!(bookings.len(), 1);
//! assert_eq!(bookings[0].status, Some(resos::BookingStatus::Approved));
//! assert_eq!(bookings[0].time.map(|t| t.to_string()).as_deref(), Some("19:30"));
//! # Ok(())
//! # }
//! ```

mod booking_flow;
mod bookings;
mod client;
mod common;
mod custom_fields;
mod customers;
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
    CancelBooking, Comment, CreateBooking, GetBooking, Guest, GuestChanges, ListBookings, NewGuest,
    RestaurantNote, SetBookingStatus, UpdateBooking,
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
pub use error::{NO_SUITABLE_TABLE, ResosErrorParser};
pub use feedback::{Feedback, FeedbackApi, FeedbackId, GetFeedback, ListFeedback};
pub use healthcheck::HealthCheck;
pub use opening_hours::{
    ClockTime, GetOpeningHours, ListOpeningHours, OpeningHours, OpeningHoursApi, Seating,
};
pub use orders::{GetOrder, ListOrders, Order, OrderId, OrderItem, OrderStatus, Orders};
pub use query::{CustomQuery, DateRange, Sort};
pub use tables::{Area, ListAreas, ListTables, Table, Tables};

pub use core_http::{ApiError, ApiErrorKind, Error, Result, RetryPolicy};

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
    "opening_hours.get",
    "tables.list",
    "tables.areas",
    "custom_fields.list",
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
            schemars::schema_for!(OpeningHours),
            schemars::schema_for!(Table),
            schemars::schema_for!(Area),
            schemars::schema_for!(CustomField),
            schemars::schema_for!(HealthCheck),
            schemars::schema_for!(Customer),
            schemars::schema_for!(Order),
            schemars::schema_for!(Feedback),
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
