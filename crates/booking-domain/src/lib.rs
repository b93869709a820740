//! # booking-domain
//!
//! One booking model and one trait over every vendor bookbridge speaks to (resOS, Launch27,
//! Resource Guru, Rightech): write code once against [`BookingProvider`] and switch vendors by
//! configuration. This crate knows no vendor; each vendor crate implements the trait behind
//! its `domain` feature.
//!
//! - The model: [`Booking`] (with [`BookingStatus`], [`Customer`], [`ResourceRef`]),
//!   [`Resource`] (with [`ResourceKind`]), [`TimeSlot`], and the inputs [`NewBooking`],
//!   [`BookingChange`], [`BookingQuery`], [`AvailabilityQuery`]. Every type has serde and a
//!   schemars `JsonSchema`. Each booking, resource and slot keeps the vendor's JSON, exactly as
//!   received, in `raw`, so nothing is lost in translation. Vendor-sent enums keep values they
//!   do not know (`BookingStatus::Unknown("...")`). Start and end times are [`jiff::Zoned`]
//!   (an instant and the venue's IANA zone; see the [`model`] docs for why).
//! - The trait: [`BookingProvider`], with [`Capabilities`] saying per operation whether the
//!   vendor supports it and how each filter is applied ([`FilterSupport`]: by the vendor, or
//!   on this side). An unsupported operation returns [`Error::Unsupported`] and sends nothing.
//!   Keep providers as `Arc<dyn BookingProvider>`.
//! - [`filter_bookings`] applies a [`BookingQuery`] on this side to a stream of bookings, for
//!   the filters a vendor cannot apply; [`ListFilters::client_side`] picks those filters.
//! - [`create_or_find()`]: a create that, when its outcome is unknown
//!   ([`Error::OutcomeUnknown`]: a timeout or reset after the request was sent), lists and
//!   matches before it would repeat, so that no booking is made twice.
//! - Feature `testing`: [`testing`], the conformance checks every provider must pass.
//!
//! Errors are the workspace's one [`Error`] (re-exported from core-http), and [`jiff`] is
//! re-exported so that users need no extra dependency.
//!
//! ```
//! use std::sync::Arc;
//!
//! use booking_domain::jiff::{civil::date, tz::TimeZone};
//! use booking_domain::{
//!     filter_bookings, Booking, BookingProvider, BookingQuery, BookingStatus, Capabilities,
//!     FilterSupport, ListFilters, ResourceRef,
//! };
//! use futures::{executor::block_on, stream, StreamExt, TryStreamExt};
//!
//! // A week of bookings in Berlin that are confirmed or seated, at table 7.
//! let berlin = TimeZone::get("Europe/Berlin")?;
//! let query = BookingQuery::new()
//!     .days(date(2025, 6, 1), date(2025, 6, 7), &berlin)?
//!     .status(BookingStatus::Confirmed)
//!     .status(BookingStatus::Seated)
//!     .resource("t7");
//!
//! // Statuses are snake_case texts; values this crate does not know are kept.
//! assert_eq!(serde_json::to_string(&BookingStatus::NoShow)?, r#""no_show""#);
//! let odd: BookingStatus = serde_json::from_str(r#""pending_payment""#)?;
//! assert_eq!(odd, BookingStatus::Unknown("pending_payment".into()));
//! assert_eq!(serde_json::to_string(&odd)?, r#""pending_payment""#);
//!
//! // A vendor that filters dates itself but not statuses or resources: the rest is applied
//! // on this side.
//! let filters = ListFilters {
//!     date_range: FilterSupport::Server,
//!     status: FilterSupport::Client,
//!     resource: FilterSupport::Client,
//! };
//! let on_this_side = filters.client_side("example", &query)?;
//! assert_eq!(on_this_side.from, None);
//!
//! let booking = |id: &str, status: &str, table: &str| -> serde_json::Result<Booking> {
//!     serde_json::from_value(serde_json::json!({
//!         "id": id, "vendor": "example", "status": status,
//!         "starts_at": "2025-06-03T19:30:00+02:00[Europe/Berlin]",
//!         "resources": [{"id": table}],
//!         "raw": {"_id": id, "status": status, "table": table},
//!     }))
//! };
//! let from_the_vendor = vec![
//!     Ok(booking("a", "confirmed", "t7")?),
//!     Ok(booking("b", "cancelled", "t7")?),
//!     Ok(booking("c", "seated", "t2")?),
//! ];
//! let kept: Vec<Booking> =
//!     block_on(filter_bookings(stream::iter(from_the_vendor), &on_this_side).try_collect())?;
//! assert_eq!(kept.len(), 1);
//! assert_eq!(kept[0].id.as_str(), "a");
//! assert_eq!(kept[0].resources, [ResourceRef { id: "t7".into(), name: None }]);
//! assert_eq!(kept[0].raw["table"], "t7");
//!
//! // A provider that declares nothing answers every operation with `Error::Unsupported`.
//! struct Nothing;
//! impl BookingProvider for Nothing {
//!     fn capabilities(&self) -> Capabilities {
//!         Capabilities::none("nothing")
//!     }
//! }
//! let provider: Arc<dyn BookingProvider> = Arc::new(Nothing);
//! let first = block_on(provider.list(&query).next());
//! assert!(matches!(first, Some(Err(booking_domain::Error::Unsupported { .. }))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod create_or_find;
pub mod model;
mod provider;
mod query;
#[cfg(feature = "testing")]
pub mod testing;

pub use core_http::{Error, Result};
pub use create_or_find::{CreateOrFind, create_or_find, is_same_booking};
pub use jiff;
pub use model::{
    Booking, BookingChange, BookingId, BookingStatus, Customer, NewBooking, Resource, ResourceId,
    ResourceKind, ResourceRef, TimeSlot,
};
pub use provider::{
    AvailabilityFilters, BookingProvider, CancelEffect, Capabilities, FilterSupport, ListFilters,
    Operation, unsupported,
};
pub use query::{AvailabilityQuery, BookingQuery, filter_bookings};
