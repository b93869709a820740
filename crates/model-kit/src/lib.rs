//! # model-kit
//!
//! The shared mechanics of bookbridge's vendor models, with no HTTP in them, so that a vendor
//! crate's model-only features (Resource Guru's `webhooks`) build without the transport:
//!
//! - [`open_enum!`]: vendor string enums that keep values they do not know;
//! - [`lenient`]: decoders for values that vendors send in more than one JSON shape (numbers as
//!   strings, PHP/Rails sparse arrays, one object wrapped in an array, ...);
//! - [`id_newtype!`]: identifier newtypes over a string or an integer;
//! - [`setters!`]: `name(value)` setters for the optional fields of a request;
//! - [`Pii`] ([`Email`], [`Phone`]): personal data, transparent in serde, masked in `Debug`.
//!
//! Vendor crates use these through `model_kit::...` (core-http re-exports `open_enum!` and
//! `lenient` too, so older paths keep working).
//!
//! ```
//! model_kit::id_newtype! {
//!     /// A booking id.
//!     pub struct BookingId(u64);
//! }
//! model_kit::open_enum! {
//!     /// Status of a booking.
//!     pub enum Status {
//!         /// Confirmed.
//!         Confirmed = "confirmed",
//!     }
//! }
//!
//! #[derive(serde::Deserialize)]
//! struct Booking {
//!     id: BookingId,
//!     status: Status,
//!     #[serde(default, deserialize_with = "model_kit::lenient::opt_sparse_vec")]
//!     resource_ids: Option<Vec<u64>>,
//! }
//!
//! let b: Booking = serde_json::from_str(
//!     r#"{"id": "42", "status": "waitlisted", "resource_ids": {"1": 8, "0": 7}}"#,
//! )?;
//! assert_eq!(b.id, BookingId(42));
//! assert_eq!(b.status, Status::Unknown("waitlisted".into()));
//! assert_eq!(b.resource_ids, Some(vec![7, 8]));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod ids;
pub mod lenient;
mod open_enum;
pub mod pii;
mod setters;
mod support;

pub use pii::{Email, Phone, Pii};

/// Support for this crate's macros; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use schemars;
    pub use serde;
}
