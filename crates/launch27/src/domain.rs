//! Launch27 behind booking-domain's [`BookingProvider`] (feature `domain`).
//!
//! [`Launch27Provider`] wraps a [`Client`] logged in as a customer (`Tenant::Customer`: the
//! customer booking routes answer other user types with 403) and the tenant's IANA time zone.
//! Launch27 is a home-service vendor: a booking is a visit on a service date with an arrival
//! window, for one or more services (docs/vendors/launch27.md §12). Answers carry the service
//! date as a UTC instant; the zone turns it into the unified model's [`jiff::Zoned`] and the
//! unified date range into the tenant-local days the list filters by.
//!
//! # Capabilities
//!
//! | operation | Launch27 | how |
//! |---|---|---|
//! | `list` | yes | `GET /customer/bookings?sort=asc`, lazily page by page (100 a page); the date range is sent as the days `from`/`to` (server, widened by a day on each side, then exact on this side), statuses and the resource (service) are filtered on this side (client) |
//! | `get` | yes | `GET /customer/bookings/{id}` |
//! | `create` | no | `POST /customer/bookings` needs a full booking form (address, frequency, payment method, service selections with extras and pricing parameters) that [`booking_domain::NewBooking`] cannot express: use [`crate::CustomerBookings::create`] |
//! | `update` | no | the vendor's update schema is not fully known (docs/vendors/launch27.md §12): use [`crate::CustomerBookings::update`] |
//! | `cancel` | yes, marks inactive | `POST /customer/bookings/{id}/cancel` with empty terms (`{}`), then `get`: the booking stays, with `active: false` |
//! | `availability` | no | `POST /booking/spots` needs a service selection, a location and a frequency that [`booking_domain::AvailabilityQuery`] cannot express: use [`crate::Booking::spots`] |
//! | `resources` | yes | `GET /booking/services`: every service as a [`ResourceKind::Service`] |
//!
//! # Status mapping
//!
//! Launch27 has no status text on a customer booking: it has two flags, `active` (`false` once
//! cancelled) and `completed`. One table ([`status_from_launch27`]):
//!
//! | `active` | `completed` | [`BookingStatus`] | note |
//! |---|---|---|---|
//! | `false` | any | `cancelled` | |
//! | `true` or missing | `true` | `completed` | |
//! | `true` | `false` or missing | `confirmed` | **approximates**: Launch27 shows a customer no request or approval step; an active booking is taken as confirmed |
//! | missing | `false` or missing | `unknown("")` | never seen; not assumed active |
//!
//! There is no `requested`, `seated`, `no_show`, `waitlisted`, `declined` or `tentative`; no
//! value is mapped to them. The flags are kept as received in `raw`.
//!
//! # Other mappings that lose or approximate information
//!
//! - `starts_at` is `service_date` (a UTC instant) in the tenant's zone. A booking without a
//!   `service_date` cannot be mapped and is an [`Error::Decode`].
//! - `ends_at` is `None`: a customer booking says when the team arrives, not how long the
//!   visit lasts. The `arrival_window` (minutes after `service_date` in which the team may
//!   arrive) is in `raw` only; it is not an end.
//! - `party_size` is `None` (Launch27 counts no people).
//! - `customer` is the booking's `name`, `email` and `phone`; the address stays in `raw`.
//! - `resources` are the booked `services`, each with its name; extras, pricing parameters,
//!   prices and the assigned teams stay in `raw`.
//! - `notes` are `customer_notes`.
//! - `created_at` and `updated_at` are `None`: the customer booking carries neither.
//! - Date ranges: the vendor filters by whole days, and with a range returns **only active
//!   bookings** (docs/vendors/launch27.md §12). So a list with a date range never holds a
//!   cancelled booking; a list with a date range that asks for [`BookingStatus::Cancelled`]
//!   fails with [`Error::Unsupported`] before sending, rather than answering an empty list
//!   that looks complete. Whether the days are tenant-local or UTC days is not documented: the
//!   days sent are the tenant-local days of the range widened by one day on each side, and the
//!   exact instant range is applied on this side.
//! - `cancel` sends empty terms, which Launch27 accepts for an early one-off booking. A late or
//!   recurring booking (`actions.late_cancel` / `actions.recurring_cancel`) needs terms the
//!   unified model does not carry (a fee, whether to stop the series): Launch27 refuses the
//!   empty terms (422) and nothing is cancelled; use [`crate::CustomerBookings::cancel`].
//! - Booking ids are Launch27's integers as decimal text; an id that is not one fails with
//!   [`Error::Validation`] before sending.
//! - `Resource::capacity` is `None` (a service holds no people); the price, duration and
//!   extras of a service stay in `raw`. A service without a name is named by its id.
//!
//! # `raw`
//!
//! Every booking and service is read as a `serde_json::Value` first and only then decoded into
//! this crate's model, so `raw` is the vendor's JSON as received: equal as JSON (same keys in
//! the same order, same values; numbers as serde_json reads them), not the same bytes.
//! Re-serialising the typed model would not do: it normalises values (`"id": "512"` becomes
//! `512`, prices become decimals).

use async_trait::async_trait;
use booking_domain::{
    Booking, BookingId, BookingProvider, BookingQuery, BookingStatus, CancelEffect, Capabilities,
    Customer, FilterSupport, ListFilters, Resource, ResourceKind, ResourceRef, filter_bookings,
};
use core_http::http::Method;
use core_http::{Error, Result};
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::VENDOR;
use crate::customer_bookings::PAGE_MAX;
use crate::{
    CancelCustomerBooking, CancelTerms, Client, CustomerBooking, ListCustomerBookings, SortOrder,
};

/// Launch27 as a [`BookingProvider`]: a [`Client`] logged in as a customer and the tenant's
/// IANA time zone.
///
/// ```
/// use std::sync::Arc;
///
/// use booking_domain::{BookingProvider, CancelEffect, FilterSupport};
/// use launch27::domain::Launch27Provider;
/// use launch27::jiff::tz::TimeZone;
///
/// let client = launch27::Client::builder()
///     .tenant("acme")
///     .credentials("pat@example.com", "correct horse")
///     .build()?;
/// let provider: Arc<dyn BookingProvider> =
///     Arc::new(Launch27Provider::new(client, TimeZone::get("America/Chicago")?));
/// let caps = provider.capabilities();
/// assert_eq!(caps.vendor, "launch27");
/// assert_eq!(caps.cancel, Some(CancelEffect::MarksCancelled));
/// assert!(!caps.create && caps.availability.is_none());
/// let list = caps.list.ok_or("list is supported")?;
/// assert_eq!(list.date_range, FilterSupport::Server);
/// assert_eq!(list.status, FilterSupport::Client);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Launch27Provider {
    client: Client,
    tz: TimeZone,
}

impl Launch27Provider {
    /// Launch27 through `client` (logged in as a customer), for a tenant in time zone `tz`.
    pub fn new(client: Client, tz: TimeZone) -> Self {
        Launch27Provider { client, tz }
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The tenant's time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    async fn get_raw(&self, id: u64) -> Result<Booking> {
        let rb = self
            .client
            .request(Method::GET, "/customer/bookings/{id}")
            .path_param("id", id);
        let raw: Value = self.client.get_json(rb).await?;
        booking_from_raw(raw, &self.tz)
    }
}

/// The capabilities of [`Launch27Provider`] (the same for every tenant).
pub fn capabilities() -> Capabilities {
    let mut caps = Capabilities::none(VENDOR);
    caps.list = Some(ListFilters {
        date_range: FilterSupport::Server,
        status: FilterSupport::Client,
        resource: FilterSupport::Client,
    });
    caps.get = true;
    caps.cancel = Some(CancelEffect::MarksCancelled);
    caps.resources = true;
    caps
}

/// The status mapping table (see the module docs): a customer booking's `active` and
/// `completed` flags → the unified status.
pub fn status_from_launch27(active: Option<bool>, completed: Option<bool>) -> BookingStatus {
    match (active, completed) {
        (Some(false), _) => BookingStatus::Cancelled,
        (_, Some(true)) => BookingStatus::Completed,
        (Some(true), _) => BookingStatus::Confirmed,
        (None, _) => BookingStatus::Unknown(String::new()),
    }
}

/// Decodes a vendor value into this crate's model (the value is kept as `raw`).
fn decode<T: DeserializeOwned>(raw: &Value, what: &str) -> Result<T> {
    T::deserialize(raw).map_err(|e| Error::Decode {
        path: what.to_owned(),
        message: e.to_string(),
        snippet: String::new(),
    })
}

/// A Launch27 customer booking's JSON → the unified booking, with `raw` = that JSON.
///
/// # Errors
///
/// [`Error::Decode`] when the JSON is not a customer booking or has no `service_date`.
pub fn booking_from_raw(raw: Value, tz: &TimeZone) -> Result<Booking> {
    let b: CustomerBooking = decode(&raw, "booking")?;
    let starts_at = b
        .service_date
        .ok_or_else(|| Error::Decode {
            path: format!("booking {}", b.id),
            message: "no `service_date`".to_owned(),
            snippet: String::new(),
        })?
        .to_zoned(tz.clone());
    let customer = (b.name.is_some() || b.email.is_some() || b.phone.is_some()).then(|| Customer {
        name: b.name.clone(),
        email: b.email.clone(),
        phone: b.phone.clone(),
    });
    Ok(Booking {
        id: BookingId::new(b.id.to_string()),
        vendor: VENDOR.to_owned(),
        status: status_from_launch27(b.active, b.completed),
        starts_at,
        ends_at: None,
        party_size: None,
        customer,
        resources: b
            .services
            .iter()
            .flatten()
            .map(|s| ResourceRef {
                id: s.id.to_string().into(),
                name: s.name.clone(),
            })
            .collect(),
        notes: b.customer_notes.clone(),
        created_at: None,
        updated_at: None,
        raw,
    })
}

/// A service's JSON (one item of `GET /booking/services`) → a [`ResourceKind::Service`].
///
/// # Errors
///
/// [`Error::Decode`] when the JSON is not a service.
pub fn resource_from_raw(raw: Value) -> Result<Resource> {
    let s: crate::Service = decode(&raw, "service")?;
    Ok(Resource {
        id: s.id.to_string().into(),
        kind: ResourceKind::Service,
        name: s.name.clone().unwrap_or_else(|| s.id.to_string()),
        capacity: None,
        raw,
    })
}

/// A unified booking id → Launch27's integer id.
fn launch27_id(id: &BookingId) -> Result<u64> {
    id.as_str()
        .parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            Error::validation(
                "id",
                format!("Launch27 booking ids are integers from 1, not `{id}`"),
            )
        })
}

/// The days to send for `[from, until)`: the tenant-local days of the range, widened by one
/// day on each side (the vendor does not document whose days it compares; see the module
/// docs). `None` when the range is empty.
fn server_days(
    from: Option<Timestamp>,
    until: Option<Timestamp>,
    tz: &TimeZone,
) -> Result<Option<(Option<Date>, Option<Date>)>> {
    if let (Some(from), Some(until)) = (from, until)
        && until <= from
    {
        return Ok(None);
    }
    let invalid = |field: &str, e: jiff::Error| Error::validation(field, e.to_string());
    let first = from
        .map(|t| {
            t.to_zoned(tz.clone())
                .date()
                .checked_sub(1.day())
                .map_err(|e| invalid("from", e))
        })
        .transpose()?;
    let last = until
        .map(|t| {
            t.checked_sub(SignedDuration::from_nanos(1))
                .map(|t| t.to_zoned(tz.clone()).date())
                .and_then(|d| d.checked_add(1.day()))
                .map_err(|e| invalid("until", e))
        })
        .transpose()?;
    Ok(Some((first, last)))
}

#[async_trait]
impl BookingProvider for Launch27Provider {
    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    fn list(&self, query: &BookingQuery) -> BoxStream<'static, Result<Booking>> {
        let mut request = ListCustomerBookings {
            sort: Some(SortOrder::Asc),
            ..ListCustomerBookings::default()
        };
        if query.from.is_some() || query.until.is_some() {
            if query.statuses.contains(&BookingStatus::Cancelled) {
                return stream::once(async {
                    Err(Error::Unsupported {
                        vendor: VENDOR,
                        operation: "bookings.list of cancelled bookings in a date range",
                    })
                })
                .boxed();
            }
            match server_days(query.from, query.until, &self.tz) {
                Ok(Some((from, to))) => {
                    request.from = from;
                    request.to = to;
                }
                Ok(None) => return stream::empty().boxed(),
                Err(e) => return stream::once(async move { Err(e) }).boxed(),
            }
        }
        let tz = self.tz.clone();
        let raw = self
            .client
            .offset_stream::<_, Value>("/customer/bookings", &request, PAGE_MAX);
        let unified = raw.and_then(move |value| {
            let tz = tz.clone();
            async move { booking_from_raw(value, &tz) }
        });
        // Every filter again on this side: statuses and the service are not sent at all, and
        // the date range is exact only here (see the module docs).
        filter_bookings(unified, query).boxed()
    }

    async fn get(&self, id: &BookingId) -> Result<Booking> {
        self.get_raw(launch27_id(id)?).await
    }

    async fn cancel(&self, id: &BookingId) -> Result<Option<Booking>> {
        let n = launch27_id(id)?;
        self.client
            .customer_bookings()
            .cancel(&CancelCustomerBooking::new(n, CancelTerms::default()))
            .await?;
        self.get_raw(n).await.map(Some)
    }

    async fn resources(&self) -> Result<Vec<Resource>> {
        let rb = self.client.request(Method::GET, "/booking/services");
        let raw: Value = self.client.get_json(rb).await?;
        // A bare array, or `{tags_info, services}` (docs/vendors/launch27.md §9).
        let items = match raw {
            Value::Array(items) => items,
            Value::Object(mut map) => match map.remove("services") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            },
            other => {
                return Err(Error::Decode {
                    path: "services".to_owned(),
                    message: format!("expected an array of services, got {other}"),
                    snippet: String::new(),
                });
            }
        };
        items.into_iter().map(resource_from_raw).collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use serde_json::json;

    #[test]
    fn the_status_table_maps_both_flags() {
        for (active, completed, status) in [
            (Some(false), None, BookingStatus::Cancelled),
            (Some(false), Some(false), BookingStatus::Cancelled),
            (Some(false), Some(true), BookingStatus::Cancelled),
            (Some(true), Some(true), BookingStatus::Completed),
            (None, Some(true), BookingStatus::Completed),
            (Some(true), Some(false), BookingStatus::Confirmed),
            (Some(true), None, BookingStatus::Confirmed),
            (None, Some(false), BookingStatus::Unknown(String::new())),
            (None, None, BookingStatus::Unknown(String::new())),
        ] {
            assert_eq!(
                status_from_launch27(active, completed),
                status,
                "{active:?} {completed:?}"
            );
        }
    }

    #[test]
    fn a_booking_maps_in_the_tenant_zone_and_keeps_raw_as_received() {
        let tz = TimeZone::get("America/Chicago").unwrap();
        let raw = json!({
            "id": "512", "service_date": "2026-04-07T12:00:00Z", "arrival_window": 120,
            "active": true, "completed": false, "name": "Pat Lee", "phone": "5550100",
            "customer_notes": "gate code 12",
            "services": [{"id": 7, "name": "Two Bedroom Home", "price": "139.00"}],
            "discount_info": {}
        });
        let b = booking_from_raw(raw.clone(), &tz).unwrap();
        assert_eq!(b.id.as_str(), "512");
        assert_eq!(
            b.starts_at.to_string(),
            "2026-04-07T07:00:00-05:00[America/Chicago]"
        );
        assert_eq!(b.ends_at, None);
        assert_eq!(b.status, BookingStatus::Confirmed);
        let customer = b.customer.unwrap();
        assert_eq!(customer.name.as_deref(), Some("Pat Lee"));
        assert_eq!(customer.email, None);
        assert_eq!(b.resources[0].id.as_str(), "7");
        assert_eq!(b.resources[0].name.as_deref(), Some("Two Bedroom Home"));
        assert_eq!(b.notes.as_deref(), Some("gate code 12"));
        assert_eq!(b.raw, raw);
        assert_eq!(b.raw["id"], "512");
        assert!(matches!(
            booking_from_raw(json!({"id": 9}), &tz),
            Err(Error::Decode { .. })
        ));
    }

    #[test]
    fn server_days_widen_the_local_range_by_a_day() {
        let tz = TimeZone::get("America/Chicago").unwrap();
        let from: Timestamp = "2026-04-07T05:00:00Z".parse().unwrap();
        let until: Timestamp = "2026-04-08T05:00:00Z".parse().unwrap();
        let (first, last) = server_days(Some(from), Some(until), &tz).unwrap().unwrap();
        assert_eq!(first, Some(jiff::civil::date(2026, 4, 6)));
        assert_eq!(last, Some(jiff::civil::date(2026, 4, 8)));
        assert_eq!(server_days(Some(from), Some(from), &tz).unwrap(), None);
        let (first, last) = server_days(None, Some(until), &tz).unwrap().unwrap();
        assert_eq!(first, None);
        assert!(last.is_some());
    }

    #[test]
    fn ids_must_be_launch27_integers() {
        assert_eq!(launch27_id(&BookingId::new("512")).unwrap(), 512);
        for bad in ["0", "-1", "abc", ""] {
            assert!(matches!(
                launch27_id(&BookingId::new(bad)),
                Err(Error::Validation { .. })
            ));
        }
    }
}
