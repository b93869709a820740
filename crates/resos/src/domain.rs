//! resOS behind booking-domain's [`BookingProvider`] (feature `domain`).
//!
//! [`ResosProvider`] wraps a [`Client`] and the restaurant's IANA time zone. resOS gives a
//! booking's start as the restaurant's local `date` and `time` (docs/vendors/resos.md §7), so
//! the zone is a constructor argument: it turns local times into the unified model's
//! [`jiff::Zoned`] times and back.
//!
//! # Capabilities
//!
//! | operation | resOS | how |
//! |---|---|---|
//! | `list` | yes | `GET /bookings`, lazily page by page; the date range is sent as `fromDateTime`/`toDateTime` (server), statuses and the resource (table) are filtered on this side (client) |
//! | `get` | yes | `GET /bookings/{id}` |
//! | `create` | yes | `POST /bookings`, which answers only the new id; the booking is then read with `get` |
//! | `update` | yes | `PUT /bookings/{id}` with the changed fields, then `get` |
//! | `cancel` | yes, marks `canceled` | `PUT /bookings/{id}` with `{"status": "canceled"}`, then `get`: the booking stays |
//! | `availability` | yes | `GET /bookingFlow/times` per local day; the party size is required and sent (server); a resource or duration filter is unsupported |
//! | `resources` | yes | `GET /tables`: every table as a [`ResourceKind::Table`] |
//!
//! The date range is also applied on this side after the server's filter (harmless, and exact
//! at the edges: resOS compares local date-times to the second, the unified query compares
//! instants). A range with only one end is applied on this side alone: resOS ignores a range
//! unless both ends are sent (docs/vendors/resos.md §8.2), so only then is it sent.
//!
//! # Status mapping
//!
//! One table ([`status_from_resos`], and [`status_to_resos`] for create and update):
//!
//! | resOS `status` | [`BookingStatus`] | note |
//! |---|---|---|
//! | `request` | `requested` | |
//! | `approved` | `confirmed` | |
//! | `declined` | `declined` | |
//! | `waitlist` | `waitlisted` | |
//! | `arrived` | `seated` | **approximates**: arrived but not yet at the table |
//! | `seated` | `seated` | |
//! | `left` | `completed` | |
//! | `no_show` | `no_show` | |
//! | `canceled` | `cancelled` | |
//! | `deleted` | `unknown("deleted")` | the unified model has no deleted status; the text is kept |
//! | any other text | `unknown(text)` | |
//! | missing | `unknown("")` | never seen; resOS's default is `request`, not assumed |
//!
//! resOS has no `confirmed` value (`approved` is its confirmation). Backwards (create,
//! update): `seated` is sent as `seated` (never `arrived`), `completed` as `left`,
//! `tentative` is refused with [`Error::Validation`] (resOS has none), and `unknown(text)` is
//! sent as the text, so any resOS value (`arrived`, `deleted`) can still be set.
//!
//! # Other mappings that lose or approximate information
//!
//! - `starts_at` is the local `date` + `time` in the restaurant's zone; `dateTime` (the same
//!   start as an instant) is used only when `date` or `time` is missing. A local time that
//!   does not exist (in a daylight-saving gap) moves forward, one that exists twice takes the
//!   earlier instant (jiff's "compatible" rule).
//! - `ends_at` is `starts_at` + `duration` minutes; none without a `duration`.
//! - `customer` is the guest's `name`, `email` and `phone`; the notification flags and the
//!   guest id stay in `raw` only.
//! - `resources` are the booking's tables, each with its name.
//! - `notes` are the internal `restaurantNotes`, joined with a newline; guest `comments` stay in
//!   `raw`. `create` sends `notes` as the internal `note`; `update` cannot replace notes
//!   (resOS only appends them: [`crate::Bookings::add_restaurant_note`]) and refuses a change
//!   of notes with [`Error::Validation`] before sending.
//! - `created_at` is `createdAt`; `updated_at` is `activityAt` ("last activity"), the nearest
//!   resOS has.
//! - `create` needs a party size and a customer name (resOS requires both) and a start on a
//!   whole minute; `ends_at` becomes `duration` in whole minutes. Anything else fails with
//!   [`Error::Validation`] before sending.
//! - `update` sends only what changes; a customer field left `None` keeps its value (resOS
//!   merges the guest; it cannot be cleared).
//! - Availability: each bookable time of `GET /bookingFlow/times` is one [`TimeSlot`] with no
//!   end, resource or remaining count (resOS gives none); waiting-list times are not slots.
//!   The slot's `raw` is the opening-hours period that lists it, exactly as received.
//! - `Resource::capacity` is the table's `seatsMax` (the most guests); `seatsMin` stays in
//!   `raw`. A table without a name is named by its id.
//!
//! # `raw`
//!
//! Every booking, table and period is read as a `serde_json::Value` first and only then decoded
//! into this crate's model, so `raw` is the vendor's JSON as received: equal as JSON (same
//! keys in the same order, same values; numbers as serde_json reads them), not the same bytes
//! (whitespace and escapes are not kept). Re-serialising the typed model would not do: its
//! lenient fields normalise values (`"people": "4"` becomes `4`, `"9:30"` becomes `"09:30"`).

use async_trait::async_trait;
use booking_domain::{
    AvailabilityFilters, AvailabilityQuery, Booking, BookingChange, BookingId, BookingProvider,
    BookingQuery, BookingStatus, CancelEffect, Capabilities, Customer, FilterSupport, ListFilters,
    NewBooking, Resource, ResourceKind, ResourceRef, TimeSlot, filter_bookings,
};
use core_http::{Error, Result};
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use jiff::civil::{DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::{ListParams, VENDOR};
use crate::common::{LocalTime, TableId};
use crate::query::DateRange;
use crate::{
    BookingStatus as ResosStatus, CancelBooking, Client, CreateBooking, GuestChanges, ListBookings,
    NewGuest, UpdateBooking,
};

/// resOS as a [`BookingProvider`]: a [`Client`] and the restaurant's IANA time zone.
///
/// ```
/// use std::sync::Arc;
///
/// use booking_domain::{BookingProvider, CancelEffect, FilterSupport};
/// use resos::domain::ResosProvider;
/// use resos::jiff::tz::TimeZone;
///
/// let client = resos::Client::builder().api_key("my-api-key").build()?;
/// let provider: Arc<dyn BookingProvider> =
///     Arc::new(ResosProvider::new(client, TimeZone::get("Europe/Copenhagen")?));
/// let caps = provider.capabilities();
/// assert_eq!(caps.vendor, "resos");
/// assert_eq!(caps.cancel, Some(CancelEffect::MarksCancelled));
/// let list = caps.list.ok_or("list is supported")?;
/// assert_eq!(list.date_range, FilterSupport::Server);
/// assert_eq!(list.status, FilterSupport::Client);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ResosProvider {
    client: Client,
    tz: TimeZone,
}

impl ResosProvider {
    /// resOS through `client`, for a restaurant in time zone `tz` (the zone resOS's local
    /// booking times are in).
    pub fn new(client: Client, tz: TimeZone) -> Self {
        ResosProvider { client, tz }
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The restaurant's time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    async fn get_raw(&self, id: &BookingId) -> Result<Booking> {
        let raw: Value = self
            .client
            .http()
            .get("/bookings/{id}")
            .path_param("id", id.as_str())
            .send_json()
            .await?;
        booking_from_raw(raw, &self.tz)
    }
}

/// The capabilities of [`ResosProvider`] (the same for every restaurant).
pub fn capabilities() -> Capabilities {
    let mut caps = Capabilities::none(VENDOR);
    caps.list = Some(ListFilters {
        date_range: FilterSupport::Server,
        status: FilterSupport::Client,
        resource: FilterSupport::Client,
    });
    caps.get = true;
    caps.create = true;
    caps.update = true;
    caps.cancel = Some(CancelEffect::MarksCancelled);
    caps.availability = Some(AvailabilityFilters {
        party_size: FilterSupport::Server,
        resource: FilterSupport::Unsupported,
        duration: FilterSupport::Unsupported,
    });
    caps.resources = true;
    caps
}

/// The status mapping table (see the module docs): a resOS status → the unified status.
pub fn status_from_resos(status: Option<&ResosStatus>) -> BookingStatus {
    let Some(status) = status else {
        return BookingStatus::Unknown(String::new());
    };
    match status {
        ResosStatus::Request => BookingStatus::Requested,
        ResosStatus::Approved => BookingStatus::Confirmed,
        ResosStatus::Declined => BookingStatus::Declined,
        ResosStatus::Waitlist => BookingStatus::Waitlisted,
        ResosStatus::Arrived | ResosStatus::Seated => BookingStatus::Seated,
        ResosStatus::Left => BookingStatus::Completed,
        ResosStatus::NoShow => BookingStatus::NoShow,
        ResosStatus::Canceled => BookingStatus::Cancelled,
        other => BookingStatus::Unknown(other.as_str().to_owned()),
    }
}

/// The status mapping backwards, for create and update (see the module docs).
///
/// # Errors
///
/// [`Error::Validation`] for [`BookingStatus::Tentative`], which resOS does not have.
pub fn status_to_resos(status: &BookingStatus) -> Result<ResosStatus> {
    Ok(match status {
        BookingStatus::Requested => ResosStatus::Request,
        BookingStatus::Confirmed => ResosStatus::Approved,
        BookingStatus::Seated => ResosStatus::Seated,
        BookingStatus::Completed => ResosStatus::Left,
        BookingStatus::Cancelled => ResosStatus::Canceled,
        BookingStatus::NoShow => ResosStatus::NoShow,
        BookingStatus::Waitlisted => ResosStatus::Waitlist,
        BookingStatus::Declined => ResosStatus::Declined,
        BookingStatus::Unknown(text) => ResosStatus::from(text.as_str()),
        other => {
            return Err(Error::validation(
                "status",
                format!("resOS has no status for `{other}`"),
            ));
        }
    })
}

/// Decodes a vendor value into this crate's model (the value is kept as `raw`).
fn decode<T: DeserializeOwned>(raw: &Value, what: &str) -> Result<T> {
    T::deserialize(raw).map_err(|e| Error::Decode {
        path: what.to_owned(),
        message: e.to_string(),
        snippet: String::new(),
    })
}

fn zoned(at: DateTime, tz: &TimeZone, field: &str) -> Result<Zoned> {
    at.to_zoned(tz.clone())
        .map_err(|e| Error::validation(field, e.to_string()))
}

/// A resOS booking's JSON → the unified booking, with `raw` = that JSON.
///
/// # Errors
///
/// [`Error::Decode`] when the JSON is not a resOS booking or has no start (neither `date` and
/// `time` nor `dateTime`).
pub fn booking_from_raw(raw: Value, tz: &TimeZone) -> Result<Booking> {
    let b: crate::Booking = decode(&raw, "booking")?;
    let starts_at = match (b.date, b.time, b.date_time) {
        (Some(date), Some(time), _) => date
            .to_datetime(time.0)
            .to_zoned(tz.clone())
            .map_err(|e| e.to_string()),
        (_, _, Some(at)) => Ok(at.to_zoned(tz.clone())),
        _ => Err("neither `date` and `time` nor `dateTime`".to_owned()),
    }
    .map_err(|message| Error::Decode {
        path: format!("booking {}", b.id),
        message: format!("no start: {message}"),
        snippet: String::new(),
    })?;
    let ends_at = b.duration.and_then(|m| {
        starts_at
            .checked_add(SignedDuration::from_mins(i64::from(m)))
            .ok()
    });
    let customer = b.guest.as_ref().map(|g| Customer {
        name: g.name.clone(),
        email: g.email.clone(),
        phone: g.phone.clone(),
    });
    let notes: Vec<&str> = b
        .restaurant_notes
        .iter()
        .filter_map(|n| n.restaurant_note.as_deref())
        .collect();
    Ok(Booking {
        id: BookingId::new(b.id.as_str()),
        vendor: VENDOR.to_owned(),
        status: status_from_resos(b.status.as_ref()),
        starts_at,
        ends_at,
        party_size: b.people,
        customer,
        resources: b
            .tables
            .iter()
            .map(|t| ResourceRef {
                id: t.id.as_str().into(),
                name: t.name.clone(),
            })
            .collect(),
        notes: (!notes.is_empty()).then(|| notes.join("\n")),
        created_at: b.created_at,
        updated_at: b.activity_at,
        raw,
    })
}

/// A local start on a whole minute: resOS books `HH:MM`.
fn local_start(at: &Zoned, tz: &TimeZone, field: &str) -> Result<(jiff::civil::Date, LocalTime)> {
    let local = at.with_time_zone(tz.clone()).datetime();
    if local.second() != 0 || local.subsec_nanosecond() != 0 {
        return Err(Error::validation(
            field,
            format!("resOS books whole minutes, {local} is not one"),
        ));
    }
    Ok((
        local.date(),
        LocalTime(
            Time::new(local.hour(), local.minute(), 0, 0)
                .map_err(|e| Error::validation(field, e.to_string()))?,
        ),
    ))
}

/// The length from `start` to `end` in whole minutes (at least 1).
fn minutes(start: &Zoned, end: &Zoned) -> Result<u32> {
    let d = end.timestamp().duration_since(start.timestamp());
    let secs = d.as_secs();
    if secs <= 0 || secs % 60 != 0 || d.subsec_nanos() != 0 {
        return Err(Error::validation(
            "ends_at",
            "resOS books a duration of whole minutes after the start",
        ));
    }
    u32::try_from(secs / 60).map_err(|_| Error::validation("ends_at", "too long"))
}

fn tables(ids: &[booking_domain::ResourceId]) -> Vec<TableId> {
    ids.iter().map(|r| TableId::from(r.as_str())).collect()
}

/// The server-side range for `[from, until)`: local date-times to the second, both ends
/// inclusive (resOS's form). `None` when the range is empty.
fn server_range(from: Timestamp, until: Timestamp, tz: &TimeZone) -> Result<Option<DateRange>> {
    if until <= from {
        return Ok(None);
    }
    let second = |t: Timestamp| {
        let local = t.to_zoned(tz.clone()).datetime();
        local
            .with()
            .subsec_nanosecond(0)
            .build()
            .map_err(|e| Error::validation("until", e.to_string()))
    };
    let last = until
        .checked_sub(SignedDuration::from_nanos(1))
        .map_err(|e| Error::validation("until", e.to_string()))?;
    DateRange::new(second(from)?, second(last)?).map(Some)
}

#[async_trait]
impl BookingProvider for ResosProvider {
    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    fn list(&self, query: &BookingQuery) -> BoxStream<'static, Result<Booking>> {
        let mut request = ListBookings::new();
        if let (Some(from), Some(until)) = (query.from, query.until) {
            match server_range(from, until, &self.tz) {
                Ok(Some(range)) => request = request.range(range),
                Ok(None) => return stream::empty().boxed(),
                Err(e) => return stream::once(async move { Err(e) }).boxed(),
            }
        }
        let bookings = self.client.bookings();
        let params: Result<ListParams> = bookings.params(&request);
        let tz = self.tz.clone();
        let raw = self
            .client
            .pages::<Value>("/bookings", params, request.skip, request.limit);
        let unified = raw.and_then(move |value| {
            let tz = tz.clone();
            async move { booking_from_raw(value, &tz) }
        });
        // Every filter again on this side: statuses and the resource are not sent at all,
        // and the date range is exact only here (see the module docs).
        filter_bookings(unified, query).boxed()
    }

    async fn get(&self, id: &BookingId) -> Result<Booking> {
        self.get_raw(id).await
    }

    async fn create(&self, new: &NewBooking) -> Result<Booking> {
        let (date, time) = local_start(&new.starts_at, &self.tz, "starts_at")?;
        let people = new
            .party_size
            .ok_or_else(|| Error::validation("party_size", "resOS needs a party size"))?;
        let name = new
            .customer
            .name
            .clone()
            .ok_or_else(|| Error::validation("customer.name", "resOS needs a guest name"))?;
        let mut guest = NewGuest::new(name);
        guest.email.clone_from(&new.customer.email);
        guest.phone.clone_from(&new.customer.phone);
        let mut request = CreateBooking::new(date, time, people, guest);
        if let Some(end) = &new.ends_at {
            request = request.duration(minutes(&new.starts_at, end)?);
        }
        if !new.resources.is_empty() {
            request = request.tables(tables(&new.resources));
        }
        request.note.clone_from(&new.notes);
        if let Some(status) = &new.status {
            request = request.status(status_to_resos(status)?);
        }
        let id = self.client.bookings().create(&request).await?;
        self.get_raw(&BookingId::new(id.as_str())).await
    }

    async fn update(&self, id: &BookingId, change: &BookingChange) -> Result<Booking> {
        if change.notes.is_some() {
            return Err(Error::validation(
                "notes",
                "resOS cannot replace notes; add one with Bookings::add_restaurant_note",
            ));
        }
        let mut request = UpdateBooking::new(id.as_str());
        let changes = &mut request.changes;
        if let Some(start) = &change.starts_at {
            let (date, time) = local_start(start, &self.tz, "starts_at")?;
            changes.date = Some(date);
            changes.time = Some(time);
        }
        if let Some(end) = &change.ends_at {
            let start = match &change.starts_at {
                Some(start) => start.clone(),
                None => self.get_raw(id).await?.starts_at,
            };
            changes.duration = Some(minutes(&start, end)?);
        }
        changes.people = change.party_size;
        if let Some(c) = &change.customer {
            changes.guest = Some(GuestChanges {
                name: c.name.clone(),
                email: c.email.clone(),
                phone: c.phone.clone(),
                ..GuestChanges::default()
            });
        }
        changes.tables = change.resources.as_deref().map(tables);
        if let Some(status) = &change.status {
            changes.status = Some(status_to_resos(status)?);
        }
        self.client.bookings().update(&request).await?;
        self.get_raw(id).await
    }

    async fn cancel(&self, id: &BookingId) -> Result<Option<Booking>> {
        self.client
            .bookings()
            .cancel(&CancelBooking::new(id.as_str()))
            .await?;
        self.get_raw(id).await.map(Some)
    }

    async fn availability(&self, query: &AvailabilityQuery) -> Result<Vec<TimeSlot>> {
        if query.resource.is_some() {
            return Err(Error::Unsupported {
                vendor: VENDOR,
                operation: "availability by resource",
            });
        }
        if query.duration.is_some() {
            return Err(Error::Unsupported {
                vendor: VENDOR,
                operation: "availability with a duration",
            });
        }
        let people = query
            .party_size
            .ok_or_else(|| Error::validation("party_size", "resOS needs a party size"))?;
        if people == 0 {
            return Err(Error::validation("party_size", "must be at least 1"));
        }
        let from = query.from.with_time_zone(self.tz.clone());
        let until = query.until.with_time_zone(self.tz.clone());
        // The last local day with an instant before `until`: a range ending at midnight does
        // not ask for the day that starts there.
        let last = if until.time() == Time::midnight() {
            until.date().yesterday().unwrap_or(until.date())
        } else {
            until.date()
        };
        let mut slots = Vec::new();
        let mut day = from.date();
        while day <= last && from < until {
            let mut params = ListParams::default();
            params.push("date", day);
            params.push("people", people);
            let periods: Vec<Value> = self
                .client
                .get_with("/bookingFlow/times", &params)
                .send_json()
                .await?;
            for raw in periods {
                let period: crate::TimeSlot = decode(&raw, "bookingFlow/times")?;
                for time in &period.available_times {
                    let starts_at = zoned(day.to_datetime(time.0), &self.tz, "availability")?;
                    if from <= starts_at && starts_at < until {
                        slots.push(TimeSlot {
                            starts_at,
                            ends_at: None,
                            resource: None,
                            remaining: None,
                            raw: raw.clone(),
                        });
                    }
                }
            }
            day = match day.tomorrow() {
                Ok(next) => next,
                Err(_) => break,
            };
        }
        Ok(slots)
    }

    async fn resources(&self) -> Result<Vec<Resource>> {
        let raw: Vec<Value> = self
            .client
            .get_with("/tables", &ListParams::default())
            .send_json()
            .await?;
        raw.into_iter()
            .map(|raw| {
                let table: crate::Table = decode(&raw, "tables")?;
                Ok(Resource {
                    id: table.id.as_str().into(),
                    kind: ResourceKind::Table,
                    name: table.name.unwrap_or_else(|| table.id.as_str().to_owned()),
                    capacity: table.seats_max,
                    raw,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resos_status_maps_through_the_table() {
        let table = [
            ("request", BookingStatus::Requested),
            ("approved", BookingStatus::Confirmed),
            ("declined", BookingStatus::Declined),
            ("waitlist", BookingStatus::Waitlisted),
            ("arrived", BookingStatus::Seated),
            ("seated", BookingStatus::Seated),
            ("left", BookingStatus::Completed),
            ("no_show", BookingStatus::NoShow),
            ("canceled", BookingStatus::Cancelled),
            ("deleted", BookingStatus::Unknown("deleted".into())),
            (
                "pending_payment",
                BookingStatus::Unknown("pending_payment".into()),
            ),
            ("confirmed", BookingStatus::Unknown("confirmed".into())),
        ];
        for (text, unified) in &table {
            assert_eq!(
                status_from_resos(Some(&ResosStatus::from(*text))),
                *unified,
                "{text}"
            );
        }
        // Every value resOS's enum knows is in the table above.
        for known in ResosStatus::KNOWN {
            assert!(table.iter().any(|(t, _)| t == known), "{known} has no row");
        }
        assert_eq!(
            status_from_resos(None),
            BookingStatus::Unknown(String::new())
        );
    }

    #[test]
    fn statuses_map_back_for_create_and_update() {
        for (unified, resos) in [
            (BookingStatus::Requested, "request"),
            (BookingStatus::Confirmed, "approved"),
            (BookingStatus::Seated, "seated"),
            (BookingStatus::Completed, "left"),
            (BookingStatus::Cancelled, "canceled"),
            (BookingStatus::NoShow, "no_show"),
            (BookingStatus::Waitlisted, "waitlist"),
            (BookingStatus::Declined, "declined"),
            (BookingStatus::Unknown("arrived".into()), "arrived"),
        ] {
            assert_eq!(status_to_resos(&unified).unwrap().as_str(), resos);
        }
        assert!(matches!(
            status_to_resos(&BookingStatus::Tentative),
            Err(Error::Validation { .. })
        ));
        // Every unified status but `tentative` survives the trip there and back, except that
        // resOS has one "seated" for two: arrived and seated.
        for text in BookingStatus::KNOWN {
            let status = BookingStatus::from(*text);
            if status == BookingStatus::Tentative {
                continue;
            }
            let there = status_to_resos(&status).unwrap();
            assert_eq!(status_from_resos(Some(&there)), status);
        }
    }

    #[test]
    fn a_booking_maps_local_times_in_the_restaurant_zone_and_keeps_raw() {
        let tz = TimeZone::get("Europe/Copenhagen").unwrap();
        let raw = serde_json::json!({
            "_id": "b1", "date": "2025-03-30", "time": "9:30", "people": "4",
            "duration": 90, "status": "arrived",
            "dateTime": "2025-03-30T07:30:00.000Z",
            "guest": {"name": "Ada", "email": "ada@example.com", "notificationSms": true},
            "tables": [{"_id": "t1", "name": "Table 1"}],
            "restaurantNotes": [{"restaurantNote": "window"}, {"restaurantNote": "cake"}],
            "createdAt": "2025-03-01T10:00:00.000Z",
            "payment": {"provider": "stripe"}
        });
        let b = booking_from_raw(raw.clone(), &tz).unwrap();
        // The day daylight saving starts: 09:30 is +02:00.
        assert_eq!(
            b.starts_at.to_string(),
            "2025-03-30T09:30:00+02:00[Europe/Copenhagen]"
        );
        assert_eq!(
            b.ends_at.unwrap().to_string(),
            "2025-03-30T11:00:00+02:00[Europe/Copenhagen]"
        );
        assert_eq!(b.party_size, Some(4));
        assert_eq!(b.status, BookingStatus::Seated);
        assert_eq!(
            b.customer.unwrap().email.as_deref(),
            Some("ada@example.com")
        );
        assert_eq!(b.resources[0].name.as_deref(), Some("Table 1"));
        assert_eq!(b.notes.as_deref(), Some("window\ncake"));
        // raw is the JSON as received, not the normalised model ("4", "9:30").
        assert_eq!(b.raw, raw);
        assert_eq!(b.raw["people"], "4");
        // Without date and time, dateTime is used; without any start, a decode error.
        let b = booking_from_raw(
            serde_json::json!({"_id": "b2", "dateTime": "2025-06-01T17:00:00Z"}),
            &tz,
        )
        .unwrap();
        assert_eq!(b.starts_at.datetime().hour(), 19);
        assert!(matches!(
            booking_from_raw(serde_json::json!({"_id": "b3"}), &tz),
            Err(Error::Decode { .. })
        ));
    }

    #[test]
    fn the_server_range_is_local_and_inclusive() {
        let tz = TimeZone::get("Europe/Copenhagen").unwrap();
        let from: Timestamp = "2025-06-01T22:00:00Z".parse().unwrap();
        let until: Timestamp = "2025-06-02T22:00:00Z".parse().unwrap();
        let range = server_range(from, until, &tz).unwrap().unwrap();
        assert_eq!(range.from_param(), "2025-06-02T00:00:00");
        assert_eq!(range.to_param(), "2025-06-02T23:59:59");
        assert!(server_range(from, from, &tz).unwrap().is_none());
    }
}
