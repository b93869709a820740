//! Resource Guru behind booking-domain's [`BookingProvider`] (feature `domain`, which implies
//! `client`).
//!
//! [`ResourceGuruProvider`] wraps a [`Client`] and the account's IANA time zone. A Resource
//! Guru booking is a run of days (`start_date` to `end_date`) with the same `duration` minutes
//! a day, from a local `start_time`, in the booking's Rails `timezone`; a null `timezone` means
//! "each resource's own zone" (docs/vendors/resource-guru.md §9). The account zone given to
//! [`ResourceGuruProvider::new`] stands in for that zone (see the mappings below).
//!
//! # Capabilities
//!
//! | operation | Resource Guru | how |
//! |---|---|---|
//! | `list` | yes | `GET /v1/{account}/bookings`, lazily page by page; the date range is sent as `start_date`/`end_date` (server), the resource as `resource_ids` (server), statuses are filtered on this side (client) |
//! | `get` | yes | `GET /v1/{account}/bookings/{id}` |
//! | `create` | yes | `POST /v1/{account}/bookings`, which answers the new booking |
//! | `update` | yes | `PUT /v1/{account}/bookings/{id}` with the changed fields, which answers the booking |
//! | `cancel` | yes, **removes** | `DELETE /v1/{account}/bookings/{id}`: Resource Guru has no cancelled state, the booking is deleted and `get` then answers [`Error::NotFound`] |
//! | `availability` | no | see below |
//! | `resources` | yes | `GET /v1/{account}/resources?detail=1`: people, rooms, vehicles and other resources |
//!
//! **Why no availability.** The API has no "free times" answer. A resource's working hours
//! (`available_periods`, custom availability) say when it works, not when it is free: free
//! time would have to be computed on this side from working hours, every booking (tentative
//! ones do not use up time, waiting-list ones do not either), downtimes, overtime and time
//! zones, with rules the vendor does not document. An adapter that guessed would answer wrong
//! slots, so `availability` returns [`Error::Unsupported`] and sends nothing.
//!
//! The server's date filter works on local days (`start_date`/`end_date`; whether it matches
//! bookings that start on those days or overlap them is not documented). The adapter asks for
//! one more day on each side (for bookings in another zone than the account's) and applies the
//! exact range on this side: a booking is in the range when its start is (the unified query's
//! rule), so a multi-day booking that started before `from` is not listed. The resource filter
//! is applied on this side too (harmless).
//!
//! # Status mapping
//!
//! Resource Guru bookings have no status field: the status is read from three of its fields,
//! in this order, by one function ([`status_from_resource_guru`]):
//!
//! | Resource Guru booking | [`BookingStatus`] | note |
//! |---|---|---|
//! | `approval_state` `{"state": "declined"}` | `declined` | |
//! | `approval_state` `{"state": "pending"}` | `requested` | awaiting an approver |
//! | `approval_state` with another state text | `unknown(text)` | except `approved`, which reads on |
//! | a day of `durations` with `waiting: true` | `waitlisted` | **approximates**: one waiting day makes the whole booking waitlisted |
//! | `tentative: true` | `tentative` | |
//! | otherwise (`approval_state` `{}` or `approved`) | `confirmed` | |
//!
//! `aggregated_approval_state` is read like `approval_state` when the latter names no state
//! (both shapes are known only from examples, docs/vendors/resource-guru.md §11). There is no
//! `cancelled`, `seated`, `completed` or `no_show`: a deleted booking is gone.
//!
//! Backwards ([`tentative_for`], create and update): `tentative` sends `tentative: true`,
//! `confirmed` sends `tentative: false`; every other status fails with [`Error::Validation`]
//! before sending (waiting list and approvals are decided by Resource Guru, not set by a
//! field).
//!
//! # Other mappings that lose or approximate information
//!
//! - `starts_at` is the first day's `start_time` in the booking's `timezone`; with a null,
//!   empty or unknown `timezone` the account zone stands in for the resource's own zone
//!   (**approximates** when a resource lives in another zone). A booking without a
//!   `start_time` (not time-specific: so many minutes that day, at no set time) starts at
//!   midnight of its first day and has no `ends_at`. A local time in a daylight-saving gap moves
//!   forward, one that exists twice takes the earlier instant (jiff's "compatible" rule).
//! - `ends_at` is the **last** day's `start_time` + `duration` minutes: a multi-day booking
//!   becomes one span from its first start to its last end, and the gaps between the days are
//!   only in `raw` (as are the per-day `durations`, `rrule` and the repeat group).
//! - `customer` and `party_size` are always `None`: Resource Guru books resources, not guests.
//!   The `booker` is the user who made the booking, not a customer; it stays in `raw`, with the
//!   project, client, billable flag and custom fields.
//! - `resources` are `resource_ids` (or `resource_id`), without names (bookings carry none).
//! - `notes` are `details` (`notes` is the vendor's deprecated copy of it).
//! - `create` needs at least one resource, an `ends_at` and starts on a whole minute; a
//!   customer field or a party size is refused with [`Error::Validation`] (nowhere to put
//!   them). The booking's `timezone` is sent as the Rails name of `starts_at`'s zone (or of the
//!   account zone when Rails has no name for it). An `ends_at` at most 24 hours after the start
//!   books one day of that length; a later one books every day from the start's day to the
//!   end's day, from the start's time to the end's time of day.
//! - `update` sends only what changes; an `ends_at` without a new start is measured from the
//!   current start (one more read). A change of customer or party size is refused like on
//!   create. For a repeat booking, `affects` is not sent: the vendor's default applies.
//! - `cancel` deletes the whole booking (every day of it).
//! - Resources: a `human` resource is a [`ResourceKind::Person`]; any other is named by its
//!   resource type: a type whose name says room, space or desk is a
//!   [`ResourceKind::Room`], one that says vehicle, car, van or truck a
//!   [`ResourceKind::Vehicle`], anything else [`ResourceKind::Other`] (**approximates**:
//!   resource types are named by each account). `capacity` is the `capacity` custom attribute
//!   (a string of digits at Resource Guru). A person's name is `first_name last_name` when
//!   `name` is missing.
//!
//! # `raw`
//!
//! Every booking and resource is read as a `serde_json::Value` first and only then decoded into
//! this crate's model, so `raw` is the vendor's JSON as received: equal as JSON (same keys in
//! the same order, same values; numbers as serde_json reads them), not the same bytes.
//! Re-serialising the typed model would not do: its lenient fields normalise values (`"1"`
//! becomes `true`, sparse arrays become lists).

use async_trait::async_trait;
use booking_domain::{
    Booking, BookingChange, BookingId, BookingProvider, BookingQuery, BookingStatus, CancelEffect,
    Capabilities, FilterSupport, ListFilters, NewBooking, Resource, ResourceKind, ResourceRef,
    filter_bookings,
};
use core_http::{Error, Result};
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::bookings::Booking as RgBooking;
use crate::common::{DurationMinutes, MinuteOfDay, ResourceId as RgResourceId};
use crate::endpoints as ep;
use crate::zones::{RailsZone, rails_name_for};
use crate::{Client, CreateBooking, DeleteBooking, ListBookings, ListResources, UpdateBooking};

/// The vendor name of this adapter, as [`Capabilities::vendor`] and [`Booking::vendor`] carry
/// it.
pub const VENDOR: &str = "resource-guru";

/// Resource Guru as a [`BookingProvider`]: a [`Client`] and the account's IANA time zone.
///
/// ```
/// use std::sync::Arc;
///
/// use booking_domain::{BookingProvider, CancelEffect, FilterSupport};
/// use resource_guru::domain::ResourceGuruProvider;
/// use resource_guru::jiff::tz::TimeZone;
///
/// let client = resource_guru::Client::builder("acme-studio")
///     .access_token("my-access-token")
///     .build()?;
/// let provider: Arc<dyn BookingProvider> =
///     Arc::new(ResourceGuruProvider::new(client, TimeZone::get("Europe/Lisbon")?));
/// let caps = provider.capabilities();
/// assert_eq!(caps.vendor, "resource-guru");
/// assert_eq!(caps.cancel, Some(CancelEffect::Removes));
/// assert_eq!(caps.availability, None);
/// let list = caps.list.ok_or("list is supported")?;
/// assert_eq!(list.date_range, FilterSupport::Server);
/// assert_eq!(list.status, FilterSupport::Client);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ResourceGuruProvider {
    client: Client,
    tz: TimeZone,
}

impl ResourceGuruProvider {
    /// Resource Guru through `client`, for an account in time zone `tz` (the zone that stands
    /// in for a resource's own zone when a booking names none; see the module docs).
    pub fn new(client: Client, tz: TimeZone) -> Self {
        ResourceGuruProvider { client, tz }
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The account's time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    async fn get_raw(&self, id: &BookingId) -> Result<Booking> {
        let raw: Value = self
            .client
            .call_id(&ep::BOOKINGS_GET, booking_id(id)?)
            .send_json()
            .await?;
        booking_from_raw(raw, &self.tz)
    }

    /// The Rails zone to send and the zone to compute local times in, for a start `at`.
    fn zone_for(&self, at: &Zoned) -> Result<(RailsZone, TimeZone)> {
        if let Some(name) = at.time_zone().iana_name().and_then(rails_name_for) {
            return Ok((RailsZone::new(name), at.time_zone().clone()));
        }
        match self.tz.iana_name().and_then(rails_name_for) {
            Some(name) => Ok((RailsZone::new(name), self.tz.clone())),
            None => Err(Error::validation(
                "starts_at",
                "Resource Guru names zones the Rails way; neither the start's zone nor the \
                 account zone has a Rails name",
            )),
        }
    }
}

/// The capabilities of [`ResourceGuruProvider`] (the same for every account).
pub fn capabilities() -> Capabilities {
    let mut caps = Capabilities::none(VENDOR);
    caps.list = Some(ListFilters {
        date_range: FilterSupport::Server,
        status: FilterSupport::Client,
        resource: FilterSupport::Server,
    });
    caps.get = true;
    caps.create = true;
    caps.update = true;
    caps.cancel = Some(CancelEffect::Removes);
    // No availability: the API gives working hours, not free times (see the module docs).
    caps.availability = None;
    caps.resources = true;
    caps
}

/// The state an approval field names: `{"state": "..."}` or a bare string; `None` for `{}`,
/// `null` or any other shape.
fn approval_text(value: Option<&Value>) -> Option<&str> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s),
        Value::Object(o) => o
            .get("state")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// The status mapping table (see the module docs): a Resource Guru booking → the unified
/// status.
pub fn status_from_resource_guru(booking: &RgBooking) -> BookingStatus {
    let approval = approval_text(booking.approval_state.as_ref())
        .or_else(|| approval_text(booking.aggregated_approval_state.as_ref()));
    match approval {
        Some("declined") => return BookingStatus::Declined,
        Some("pending") => return BookingStatus::Requested,
        Some("approved") | None => {}
        Some(other) => return BookingStatus::Unknown(other.to_owned()),
    }
    let waiting = booking
        .durations
        .iter()
        .flatten()
        .any(|d| d.waiting == Some(true));
    if waiting {
        BookingStatus::Waitlisted
    } else if booking.tentative == Some(true) {
        BookingStatus::Tentative
    } else {
        BookingStatus::Confirmed
    }
}

/// The status mapping backwards, for create and update: the `tentative` flag to send.
///
/// # Errors
///
/// [`Error::Validation`] for every status but `tentative` and `confirmed` (Resource Guru
/// decides waiting lists and approvals itself; a booking is cancelled by deleting it).
pub fn tentative_for(status: &BookingStatus) -> Result<bool> {
    match status {
        BookingStatus::Tentative => Ok(true),
        BookingStatus::Confirmed => Ok(false),
        other => Err(Error::validation(
            "status",
            format!("Resource Guru can only set `tentative` or `confirmed`, not `{other}`"),
        )),
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

fn booking_id(id: &BookingId) -> Result<u64> {
    id.as_str().parse().map_err(|_| {
        Error::validation(
            "id",
            format!("Resource Guru booking ids are numbers, not {id:?}"),
        )
    })
}

fn resource_id(id: &booking_domain::ResourceId) -> Result<RgResourceId> {
    id.as_str().parse().map(RgResourceId).map_err(|_| {
        Error::validation(
            "resources",
            format!("Resource Guru resource ids are numbers, not {id:?}"),
        )
    })
}

fn resource_ids(ids: &[booking_domain::ResourceId]) -> Result<Vec<RgResourceId>> {
    ids.iter().map(resource_id).collect()
}

/// A Resource Guru booking's JSON → the unified booking, with `raw` = that JSON; `tz` stands in
/// for a zone the booking does not name.
///
/// # Errors
///
/// [`Error::Decode`] when the JSON is not a Resource Guru booking or has no `start_date`.
pub fn booking_from_raw(raw: Value, tz: &TimeZone) -> Result<Booking> {
    let b: RgBooking = decode(&raw, "booking")?;
    let zone = b
        .timezone
        .as_ref()
        .and_then(RailsZone::time_zone)
        .unwrap_or_else(|| tz.clone());
    let no_start = |message: String| Error::Decode {
        path: format!("booking {}", b.id),
        message,
        snippet: String::new(),
    };
    let first = b
        .start_date
        .ok_or_else(|| no_start("no `start_date`".to_owned()))?;
    let time = b.start_time.and_then(MinuteOfDay::to_time);
    let starts_at = first
        .to_datetime(time.unwrap_or(Time::midnight()))
        .to_zoned(zone.clone())
        .map_err(|e| no_start(e.to_string()))?;
    let ends_at = match (time, b.duration) {
        (Some(time), Some(minutes)) => {
            let last = b.end_date.unwrap_or(first);
            last.to_datetime(time).to_zoned(zone).ok().and_then(|day| {
                let minutes = i64::try_from(minutes).ok()?;
                day.checked_add(SignedDuration::from_mins(minutes)).ok()
            })
        }
        _ => None,
    };
    let ids: Vec<RgResourceId> = match (&b.resource_ids, b.resource_id) {
        (Some(ids), _) if !ids.is_empty() => ids.clone(),
        (_, Some(id)) => vec![id],
        _ => Vec::new(),
    };
    Ok(Booking {
        id: BookingId::new(b.id.to_string()),
        vendor: VENDOR.to_owned(),
        status: status_from_resource_guru(&b),
        starts_at,
        ends_at,
        party_size: None,
        customer: None,
        resources: ids
            .iter()
            .map(|id| ResourceRef {
                id: id.to_string().into(),
                name: None,
            })
            .collect(),
        notes: b.details.clone().or_else(|| b.notes.clone()),
        created_at: b.created_at,
        updated_at: b.updated_at,
        raw,
    })
}

/// The resource kind of a Resource Guru resource (see the module docs).
pub fn resource_kind(human: Option<bool>, type_name: Option<&str>) -> ResourceKind {
    if human == Some(true) {
        return ResourceKind::Person;
    }
    let name = type_name.unwrap_or_default().to_lowercase();
    let says = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if says(&["room", "space", "desk"]) {
        ResourceKind::Room
    } else if says(&["vehicle", "car", "van", "truck"]) {
        ResourceKind::Vehicle
    } else {
        ResourceKind::Other
    }
}

/// A Resource Guru resource's JSON → the unified resource, with `raw` = that JSON.
///
/// # Errors
///
/// [`Error::Decode`] when the JSON is not a Resource Guru resource.
pub fn resource_from_raw(raw: Value) -> Result<Resource> {
    let r: crate::Resource = decode(&raw, "resource")?;
    let type_name = r.resource_type.as_ref().and_then(|t| t.name.as_deref());
    let kind = resource_kind(r.human, type_name);
    let full_name = [r.first_name.as_deref(), r.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let name = r
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .or_else(|| (!full_name.is_empty()).then_some(full_name))
        .unwrap_or_else(|| r.id.to_string());
    let capacity = r
        .custom_attributes
        .as_ref()
        .and_then(|a| a.get("capacity"))
        .and_then(|c| match c {
            Value::String(s) => s.trim().parse().ok(),
            Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            _ => None,
        });
    Ok(Resource {
        id: r.id.to_string().into(),
        kind,
        name,
        capacity,
        raw,
    })
}

/// The local start of `at` in `zone`, on a whole minute: Resource Guru books minutes.
fn local_start(at: &Zoned, zone: &TimeZone, field: &str) -> Result<DateTime> {
    let local = at.with_time_zone(zone.clone()).datetime();
    if local.second() != 0 || local.subsec_nanosecond() != 0 {
        return Err(Error::validation(
            field,
            format!("Resource Guru books whole minutes, {local} is not one"),
        ));
    }
    Ok(local)
}

fn minute_of_day(t: Time) -> MinuteOfDay {
    MinuteOfDay(u16::try_from(i32::from(t.hour()) * 60 + i32::from(t.minute())).unwrap_or(0))
}

/// The booked days and minutes a day for a booking from `start` to `end` (see the module
/// docs): `(end_date, duration)`.
fn span(start: &Zoned, end: &Zoned, zone: &TimeZone) -> Result<(Date, DurationMinutes)> {
    let local_end = local_start(end, zone, "ends_at")?;
    let local_start = start.with_time_zone(zone.clone()).datetime();
    let d = end.timestamp().duration_since(start.timestamp());
    let minutes = d.as_secs() / 60;
    if d.as_secs() <= 0 {
        return Err(Error::validation("ends_at", "must be after starts_at"));
    }
    let (last, per_day) = if minutes <= 1440 {
        (local_start.date(), minutes)
    } else {
        let from = i64::from(minute_of_day(local_start.time()).0);
        let to = i64::from(minute_of_day(local_end.time()).0);
        if to <= from {
            return Err(Error::validation(
                "ends_at",
                "a booking over several days books the same hours each day: its end's time of \
                 day must be after its start's",
            ));
        }
        (local_end.date(), to - from)
    };
    let duration = u16::try_from(per_day)
        .map(DurationMinutes)
        .map_err(|_| Error::validation("ends_at", "too long"))?;
    Ok((last, duration))
}

fn refuse_guest_fields(
    customer: Option<&booking_domain::Customer>,
    party: Option<u32>,
) -> Result<()> {
    if customer.is_some_and(|c| *c != booking_domain::Customer::default()) {
        return Err(Error::validation(
            "customer",
            "Resource Guru bookings have no customer",
        ));
    }
    if party.is_some() {
        return Err(Error::validation(
            "party_size",
            "Resource Guru bookings have no party size",
        ));
    }
    Ok(())
}

/// The server-side days for `[from, until)` in `tz`, one day wider on each side (see the module
/// docs). `None` when the range is empty.
fn server_days(
    from: Option<Timestamp>,
    until: Option<Timestamp>,
    tz: &TimeZone,
) -> Option<(Option<Date>, Option<Date>)> {
    if let (Some(f), Some(u)) = (from, until)
        && u <= f
    {
        return None;
    }
    let day = |t: Timestamp| t.to_zoned(tz.clone()).date();
    let first = from.map(|f| {
        let d = day(f);
        d.yesterday().unwrap_or(d)
    });
    let last = until.map(|u| {
        let d = day(u.checked_sub(SignedDuration::from_nanos(1)).unwrap_or(u));
        d.tomorrow().unwrap_or(d)
    });
    Some((first, last))
}

#[async_trait]
impl BookingProvider for ResourceGuruProvider {
    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    fn list(&self, query: &BookingQuery) -> BoxStream<'static, Result<Booking>> {
        let mut request = ListBookings::new();
        match server_days(query.from, query.until, &self.tz) {
            None => return stream::empty().boxed(),
            Some((first, last)) => {
                request.start_date = first;
                request.end_date = last;
            }
        }
        if let Some(resource) = &query.resource {
            match resource_id(resource) {
                Ok(id) => request = request.resource_ids(vec![id]),
                Err(e) => return stream::once(async move { Err(e) }).boxed(),
            }
        }
        let tz = self.tz.clone();
        let raw = self
            .client
            .list_stream::<Value, _>(&ep::BOOKINGS_LIST, &request);
        let unified = raw.and_then(move |value| {
            let tz = tz.clone();
            async move { booking_from_raw(value, &tz) }
        });
        // Every filter again on this side: statuses are not sent at all, and the date range is
        // exact only here (see the module docs).
        filter_bookings(unified, query).boxed()
    }

    async fn get(&self, id: &BookingId) -> Result<Booking> {
        self.get_raw(id).await
    }

    async fn create(&self, new: &NewBooking) -> Result<Booking> {
        refuse_guest_fields(Some(&new.customer), new.party_size)?;
        if new.resources.is_empty() {
            return Err(Error::validation(
                "resources",
                "Resource Guru books at least one resource",
            ));
        }
        let end = new
            .ends_at
            .as_ref()
            .ok_or_else(|| Error::validation("ends_at", "Resource Guru needs an end"))?;
        let (rails, zone) = self.zone_for(&new.starts_at)?;
        let local = local_start(&new.starts_at, &zone, "starts_at")?;
        let (last, duration) = span(&new.starts_at, end, &zone)?;
        let mut request =
            CreateBooking::new(resource_ids(&new.resources)?, local.date(), last, duration)
                .start_time(minute_of_day(local.time()))
                .timezone(rails);
        request.details.clone_from(&new.notes);
        if let Some(status) = &new.status {
            request = request.tentative(tentative_for(status)?);
        }
        request.validate()?;
        let raw = self
            .client
            .call(&ep::BOOKINGS_CREATE)
            .json(&request)
            .send_json::<model_kit::lenient::Single<Value>>()
            .await?
            .into_inner();
        booking_from_raw(raw, &self.tz)
    }

    async fn update(&self, id: &BookingId, change: &BookingChange) -> Result<Booking> {
        refuse_guest_fields(change.customer.as_ref(), change.party_size)?;
        let number = booking_id(id)?;
        let mut request = UpdateBooking::new(crate::BookingId(number));
        let tentative = change.status.as_ref().map(tentative_for).transpose()?;
        request.tentative = tentative;
        if let Some(ids) = &change.resources {
            request.resource_ids = Some(resource_ids(ids)?);
        }
        request.details.clone_from(&change.notes);
        if change.starts_at.is_some() || change.ends_at.is_some() {
            let current = match (&change.starts_at, &change.ends_at) {
                (Some(_), Some(_)) => None,
                _ => Some(self.get_raw(id).await?),
            };
            let start = match (&change.starts_at, &current) {
                (Some(s), _) => s.clone(),
                (None, Some(c)) => c.starts_at.clone(),
                (None, None) => return Err(Error::validation("starts_at", "missing")),
            };
            let end = match (&change.ends_at, &current) {
                (Some(e), _) => e.clone(),
                (None, Some(c)) => {
                    // Keep the length the booking had.
                    let length = c
                        .ends_at
                        .as_ref()
                        .map(|e| e.timestamp().duration_since(c.starts_at.timestamp()))
                        .ok_or_else(|| {
                            Error::validation(
                                "ends_at",
                                "the booking has no end to keep: give one with the new start",
                            )
                        })?;
                    start
                        .checked_add(length)
                        .map_err(|e| Error::validation("ends_at", e.to_string()))?
                }
                (None, None) => return Err(Error::validation("ends_at", "missing")),
            };
            let (rails, zone) = self.zone_for(&start)?;
            let local = local_start(&start, &zone, "starts_at")?;
            let (last, duration) = span(&start, &end, &zone)?;
            request.start_date = Some(local.date());
            request.end_date = Some(last);
            request.duration = Some(duration);
            request.start_time = Some(Some(minute_of_day(local.time())));
            request.timezone = Some(Some(rails));
        }
        request.validate()?;
        let raw: Value = self
            .client
            .call_id(&ep::BOOKINGS_UPDATE, number)
            .json(&request)
            .send_json()
            .await?;
        booking_from_raw(raw, &self.tz)
    }

    async fn cancel(&self, id: &BookingId) -> Result<Option<Booking>> {
        let number = booking_id(id)?;
        self.client
            .bookings()
            .delete(&DeleteBooking::new(crate::BookingId(number)))
            .await?;
        Ok(None)
    }

    async fn resources(&self) -> Result<Vec<Resource>> {
        let raw: Vec<Value> = self
            .client
            .list_stream::<Value, _>(&ep::RESOURCES_LIST, &ListResources::new().detail(true))
            .try_collect()
            .await?;
        raw.into_iter().map(resource_from_raw).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rg(value: Value) -> RgBooking {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn every_resource_guru_state_maps_through_the_table() {
        let day = |waiting: bool| json!({"date": "2024-05-13", "duration": 60, "waiting": waiting});
        let table = [
            (json!({"id": 1}), BookingStatus::Confirmed),
            (
                json!({"id": 1, "approval_state": {}, "tentative": false}),
                BookingStatus::Confirmed,
            ),
            (
                json!({"id": 1, "approval_state": {"state": "approved"}}),
                BookingStatus::Confirmed,
            ),
            (
                json!({"id": 1, "tentative": true}),
                BookingStatus::Tentative,
            ),
            (json!({"id": 1, "tentative": "1"}), BookingStatus::Tentative),
            (
                json!({"id": 1, "tentative": true, "durations": [day(false), day(true)]}),
                BookingStatus::Waitlisted,
            ),
            (
                json!({"id": 1, "durations": [day(false), day(false)]}),
                BookingStatus::Confirmed,
            ),
            (
                json!({"id": 1, "approval_state": {"state": "pending"}, "durations": [day(true)]}),
                BookingStatus::Requested,
            ),
            (
                json!({"id": 1, "approval_state": {"state": "declined"}, "tentative": true}),
                BookingStatus::Declined,
            ),
            (
                json!({"id": 1, "approval_state": {}, "aggregated_approval_state": {"state": "pending"}}),
                BookingStatus::Requested,
            ),
            (
                json!({"id": 1, "approval_state": "declined"}),
                BookingStatus::Declined,
            ),
            (
                json!({"id": 1, "approval_state": {"state": "escalated"}}),
                BookingStatus::Unknown("escalated".into()),
            ),
        ];
        for (raw, unified) in &table {
            assert_eq!(
                status_from_resource_guru(&rg(raw.clone())),
                *unified,
                "{raw}"
            );
        }
        // Every approval state the crate's enum knows has a row above.
        for known in crate::ApprovalState::KNOWN {
            let raw = json!({"id": 1, "approval_state": {"state": known}});
            assert_ne!(
                status_from_resource_guru(&rg(raw)),
                BookingStatus::Unknown((*known).to_owned()),
                "{known}"
            );
        }
    }

    #[test]
    fn statuses_map_back_to_the_tentative_flag_only() {
        assert!(tentative_for(&BookingStatus::Tentative).unwrap());
        assert!(!tentative_for(&BookingStatus::Confirmed).unwrap());
        for text in BookingStatus::KNOWN {
            let status = BookingStatus::from(*text);
            match tentative_for(&status) {
                Ok(flag) => {
                    // There and back again.
                    let raw = json!({"id": 1, "tentative": flag});
                    assert_eq!(status_from_resource_guru(&rg(raw)), status);
                }
                Err(e) => assert!(matches!(e, Error::Validation { .. }), "{e}"),
            }
        }
        assert!(tentative_for(&BookingStatus::Cancelled).is_err());
    }

    #[test]
    fn a_booking_maps_local_times_in_its_zone_or_the_account_zone_and_keeps_raw() {
        let lisbon = TimeZone::get("Europe/Lisbon").unwrap();
        let raw = json!({
            "id": 80412, "resource_ids": {"0": 311, "1": 312}, "start_date": "2024-05-13",
            "end_date": "2024-05-15", "duration": 240, "start_time": 600,
            "timezone": "Pacific Time (US & Canada)", "details": "Kick-off",
            "notes": "old copy", "created_at": "2024-05-02T08:11:40.000Z", "billable": "1"
        });
        let b = booking_from_raw(raw.clone(), &lisbon).unwrap();
        assert_eq!(
            b.starts_at.to_string(),
            "2024-05-13T10:00:00-07:00[America/Los_Angeles]"
        );
        // The last day's end: a multi-day booking is one span.
        assert_eq!(
            b.ends_at.unwrap().to_string(),
            "2024-05-15T14:00:00-07:00[America/Los_Angeles]"
        );
        assert_eq!(b.notes.as_deref(), Some("Kick-off"));
        let ids: Vec<&str> = b.resources.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["311", "312"]);
        assert_eq!((b.customer, b.party_size), (None, None));
        assert_eq!(b.raw, raw);
        // No zone: the account's. No start time: midnight and no end.
        let b = booking_from_raw(
            json!({"id": 2, "start_date": "2024-05-13", "duration": 60, "timezone": null}),
            &lisbon,
        )
        .unwrap();
        assert_eq!(
            b.starts_at.to_string(),
            "2024-05-13T00:00:00+01:00[Europe/Lisbon]"
        );
        assert_eq!(b.ends_at, None);
        assert!(matches!(
            booking_from_raw(json!({"id": 3}), &lisbon),
            Err(Error::Decode { .. })
        ));
    }

    #[test]
    fn spans_book_one_day_or_the_same_hours_every_day() {
        let tz = TimeZone::get("Europe/Lisbon").unwrap();
        let at = |s: &str| -> Zoned { format!("{s}[Europe/Lisbon]").parse().unwrap() };
        let start = at("2024-05-13T22:00:00+01:00");
        // Over midnight, within a day: one day of 4 hours.
        let (last, d) = span(&start, &at("2024-05-14T02:00:00+01:00"), &tz).unwrap();
        assert_eq!((last.to_string(), d.0), ("2024-05-13".to_owned(), 240));
        let start = at("2024-05-13T10:00:00+01:00");
        let (last, d) = span(&start, &at("2024-05-15T14:00:00+01:00"), &tz).unwrap();
        assert_eq!((last.to_string(), d.0), ("2024-05-15".to_owned(), 240));
        assert!(span(&start, &at("2024-05-15T09:00:00+01:00"), &tz).is_err());
        assert!(span(&start, &start, &tz).is_err());
    }

    #[test]
    fn resource_kinds_follow_human_and_the_type_name() {
        for (human, name, kind) in [
            (Some(true), Some("Meeting Room"), ResourceKind::Person),
            (Some(false), Some("Meeting Room"), ResourceKind::Room),
            (None, Some("Hot desks"), ResourceKind::Room),
            (Some(false), Some("Vehicles"), ResourceKind::Vehicle),
            (Some(false), Some("Company Car"), ResourceKind::Vehicle),
            (Some(false), Some("Equipment"), ResourceKind::Other),
            (None, None, ResourceKind::Other),
        ] {
            assert_eq!(resource_kind(human, name), kind, "{name:?}");
        }
        let r = resource_from_raw(json!({
            "id": 5, "human": false, "name": "Board room",
            "resource_type": {"id": 4, "name": "Meeting Room"},
            "custom_attributes": {"capacity": "12"}
        }))
        .unwrap();
        assert_eq!((r.kind, r.capacity), (ResourceKind::Room, Some(12)));
        let r = resource_from_raw(json!({"id": 6, "human": true, "first_name": "Ana",
            "last_name": "Lima"}))
        .unwrap();
        assert_eq!(r.name, "Ana Lima");
    }

    #[test]
    fn the_server_days_are_one_wider_on_each_side() {
        let tz = TimeZone::get("Europe/Lisbon").unwrap();
        let from: Timestamp = "2024-05-12T23:00:00Z".parse().unwrap();
        let until: Timestamp = "2024-05-13T23:00:00Z".parse().unwrap();
        let (first, last) = server_days(Some(from), Some(until), &tz).unwrap();
        assert_eq!(first.unwrap().to_string(), "2024-05-12");
        assert_eq!(last.unwrap().to_string(), "2024-05-14");
        assert!(server_days(Some(from), Some(from), &tz).is_none());
        assert_eq!(server_days(None, None, &tz), Some((None, None)));
    }
}
