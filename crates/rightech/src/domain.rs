//! Rightech IoT Cloud behind booking-domain's [`BookingProvider`] (feature `domain`).
//!
//! Rightech has no booking resource: its data lives in stores a project defines itself
//! (`/api/v1/:store`, docs/vendors/rightech.md §5, §9). [`RightechProvider`] therefore reads and
//! writes bookings as the records of a store **you name**, through a [`BookingMapping`] that
//! says which record field holds which part of a booking. The mapping has a documented default
//! (below), so a store shaped that way needs only its name. All of it is also in
//! docs/vendors/rightech.md §13.
//!
//! ```
//! use std::sync::Arc;
//!
//! use booking_domain::{BookingProvider, BookingStatus, CancelEffect, FilterSupport};
//! use rightech::domain::{BookingMapping, Field, RightechProvider, StatusTable, TimeFormat};
//! use rightech::jiff::tz::TimeZone;
//!
//! let client = rightech::Client::builder().token("my-api-token").build()?;
//! // A store `reservations` whose records say `begin` for the start, keep the guest's name
//! // in `guest`, write times as ISO 8601 and know the statuses "booked" and "void".
//! let mapping = BookingMapping::new("reservations")
//!     .start_field("begin")
//!     .field(Field::CustomerName, "guest")
//!     .without(Field::PartySize)
//!     .time_format(TimeFormat::Iso8601)
//!     .statuses(
//!         StatusTable::new()
//!             .row("booked", BookingStatus::Confirmed)
//!             .row("void", BookingStatus::Cancelled),
//!     );
//! let provider: Arc<dyn BookingProvider> =
//!     Arc::new(RightechProvider::new(client, TimeZone::get("Europe/Berlin")?, mapping)?);
//! let caps = provider.capabilities();
//! assert_eq!(caps.vendor, "rightech");
//! assert_eq!(caps.cancel, Some(CancelEffect::MarksCancelled));
//! assert_eq!(caps.availability, None);
//! let list = caps.list.ok_or("list is supported")?;
//! assert_eq!(list.date_range, FilterSupport::Client);
//! assert_eq!(list.resource, FilterSupport::Server);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The default mapping
//!
//! [`BookingMapping::new`] maps a record like this one (every field but the start optional):
//!
//! ```json
//! {
//!   "_id": "64e000000000000000000001",
//!   "start": 1780000000000, "end": 1780005400000,
//!   "status": "confirmed", "partySize": 4,
//!   "customer": {"name": "Ada Example", "email": "ada@example.org", "phone": "+4520000099"},
//!   "resource": "64f000000000000000000001",
//!   "notes": "window seat",
//!   "time": 1779000000000
//! }
//! ```
//!
//! | booking | record field ([`Field`]) | default |
//! |---|---|---|
//! | `id` | `_id` (the record's ObjectId) | fixed |
//! | `starts_at` | [`BookingMapping::start_field`] | `start` (required) |
//! | `ends_at` | [`Field::End`] | `end` |
//! | `status` | [`Field::Status`] | `status`, through the [`StatusTable`] |
//! | `party_size` | [`Field::PartySize`] | `partySize` |
//! | `customer.name` / `.email` / `.phone` | [`Field::CustomerName`] / [`Field::CustomerEmail`] / [`Field::CustomerPhone`] | `customer.name` / `customer.email` / `customer.phone` |
//! | `resources` | [`Field::Resource`] | `resource` |
//! | `notes` | [`Field::Notes`] | `notes` |
//! | `created_at` | [`Field::CreatedAt`] | `time` (Rightech's creation time, docs/vendors/rightech.md §4) |
//! | `updated_at` | [`Field::UpdatedAt`] | none |
//!
//! A path with dots names a nested field (`customer.name` is `{"customer": {"name": ...}}`).
//! [`BookingMapping::without`] says the store has no such field: the booking part is then
//! always `None` on reading, and a create or update that sets it fails with
//! [`Error::Validation`] before sending (there is nowhere to put it). A system field (`_id`,
//! `owner`, `group`, `access`, `branch`) cannot hold a part that is written, and no written
//! path may lie inside another ([`RightechProvider::new`] refuses such a mapping with
//! [`Error::Config`]).
//!
//! # Times
//!
//! Reading accepts both forms, whatever [`TimeFormat`] says: a number is Unix time in
//! **milliseconds** (Rightech's own form for every time it writes), a text is ISO 8601, with
//! an offset (`2026-06-01T19:00:00+02:00`, `...Z`), with an IANA zone in brackets
//! (RFC 9557, `...+02:00[Europe/Berlin]`) or without either (a local time in the provider's
//! zone); a text of digits is milliseconds. Writing uses the mapping's format:
//! [`TimeFormat::EpochMillis`] (the default, as Rightech writes times) or
//! [`TimeFormat::Iso8601`] (RFC 3339 with the start's own offset, no zone name).
//!
//! **Approximates:** an instant without a zone name (milliseconds, an offset) is shown in the
//! zone given to [`RightechProvider::new`]; only a bracketed zone name is kept. Writing
//! milliseconds drops anything finer than a millisecond. A local time without offset that does
//! not exist (daylight-saving gap) moves forward, one that exists twice takes the earlier
//! instant (jiff's "compatible" rule).
//!
//! # Status mapping
//!
//! One table, [`StatusTable`], read top down in both directions (the first matching row
//! wins). The default table ([`StatusTable::default`]) is:
//!
//! | store value | [`BookingStatus`] |
//! |---|---|
//! | `requested` | `requested` |
//! | `confirmed` | `confirmed` |
//! | `seated` | `seated` |
//! | `completed` | `completed` |
//! | `cancelled` | `cancelled` |
//! | `canceled` | `cancelled` (read only: `cancelled` is written) |
//! | `no_show` | `no_show` |
//! | `waitlisted` | `waitlisted` |
//! | `declined` | `declined` |
//! | `tentative` | `tentative` |
//!
//! Replace it with [`BookingMapping::statuses`] or put rows in front of it with
//! [`BookingMapping::status_value`]. Reading: a text no row names becomes
//! `unknown(text)`; a value that is not a text becomes `unknown(<its JSON>)`; a record without
//! the field becomes `unknown("")` (the store says nothing; no default is assumed). Writing:
//! a status no row names fails with [`Error::Validation`] before sending, except
//! `unknown(text)`, which is written as the text (so any store value can be set). A create
//! without a status writes the `confirmed` row's value: a store has no default of its own.
//!
//! Without a status field ([`BookingMapping::without`] `(Field::Status)`) every booking reads
//! as `confirmed`, a create or update may only ask for `confirmed`, and cancel deletes.
//!
//! # Capabilities
//!
//! | operation | Rightech | how |
//! |---|---|---|
//! | `list` | yes | `GET /api/v1/<store>`, lazily page by page (10 000 records a page); the resource is sent as `where.<resource field>=<id>` (server), the date range and statuses are applied on this side (client) |
//! | `get` | yes | `GET /api/v1/<store>/<id>` |
//! | `create` | yes | `POST /api/v1/<store>`, which answers the record |
//! | `update` | yes | `PATCH /api/v1/<store>/<id>` with the changed top-level fields, which answers the record; a change inside a nested field reads the record first |
//! | `cancel` | yes, marks cancelled | `PATCH` of the status field to the `cancelled` row's value; without a status field, `DELETE` (**removes**); with a status field but no `cancelled` row, unsupported |
//! | `availability` | no | see below |
//! | `resources` | only with [`BookingMapping::resources`] | `GET /api/v1/<resource store>`, every record as one resource |
//!
//! **Why the date range is applied here.** Rightech's `from`/`to` bound a record's
//! *creation* time (docs/vendors/rightech.md §6), not the booking's start, and it has no range
//! operator on other fields (only equality, §7). So `list` with a date range reads the whole
//! store and keeps the bookings that start in the range: the answer is exact, the traffic is
//! the whole store. The resource filter uses `where.` equality, known from vendor code only
//! (§7, unverified; with an array field it relies on MongoDB-style element matching), so it
//! is applied on this side again: a server that ignored it would still give the right answer.
//!
//! **Why no availability.** A store of bookings says what is booked, not what is free: free
//! times would need opening hours, capacities and rules that Rightech does not have and the
//! mapping cannot know. `availability` returns [`Error::Unsupported`] and sends nothing.
//!
//! **Resources.** Rightech has no bookable-resource store either. With
//! [`BookingMapping::resources`] a second store you name (your rooms, or `objects`, the
//! devices, when devices are what is booked) lists the resources: each record is one
//! [`Resource`] with id `_id`, the kind you set ([`ResourceMapping::kind`], default
//! [`ResourceKind::Other`]: the store says nothing about kinds), the name at
//! [`ResourceMapping::name_field`] (default `name`; the `_id` when missing) and the capacity at
//! [`ResourceMapping::capacity_field`] (default `capacity`). A booking's resource field holds
//! such `_id`s. Without it, `resources` is unsupported.
//!
//! # Other mappings that lose or approximate information
//!
//! - `resources`: the resource field holds one id (a text or a number) or an array of them.
//!   Written: one id as a text, several as an array, none leaves the field out (create) or
//!   clears it (update). Resource names are not in a booking record, so `ResourceRef::name` is
//!   `None`.
//! - `customer` is `None` when none of its three fields is there. Numbers in a text field
//!   (a phone stored as a number) read as their decimal text.
//! - `party_size` reads a whole number or a text of digits; a negative, fractional or other
//!   value is an [`Error::Decode`] naming the record and field.
//! - `update` writes what changes. A new `customer` is the whole customer: its fields left
//!   `None` are cleared (sent as `null`). With a nested path the whole top-level value is
//!   written (read first, changed, sent), so fields of it outside the mapping are kept
//!   whether or not Rightech's PATCH merges nested objects (undocumented, §5).
//! - A record that is not a booking under the mapping (no `_id`, no start, a malformed
//!   field) is an [`Error::Decode`] naming `<store>/<id>.<field>`; in `list` it is one error
//!   item, and the stream goes on with the next record.
//! - An answer wrapped in a one-element array (some stores do that) is unwrapped; `raw` is
//!   the record.
//!
//! # `raw`
//!
//! Every record is read as a `serde_json::Value` and kept as `raw` exactly as received
//! (equal as JSON, not the same bytes): system fields and every field the mapping does not
//! name are in it.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use booking_domain::{
    Booking, BookingChange, BookingId, BookingProvider, BookingQuery, BookingStatus, CancelEffect,
    Capabilities, Customer, FilterSupport, ListFilters, NewBooking, Operation, Resource,
    ResourceKind, ResourceRef, filter_bookings,
};
use core_http::{Error, Result};
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde_json::{Map, Value};

use crate::client::VENDOR;
use crate::{Client, ListQuery, ObjectId, Patch, SYSTEM_FIELDS, Store};

/// A part of a booking that a store may or may not hold, named by [`BookingMapping::field`]
/// (the start, which every booking has, is [`BookingMapping::start_field`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// `ends_at` (default field `end`).
    End,
    /// `status`, through the [`StatusTable`] (default field `status`).
    Status,
    /// `party_size` (default field `partySize`).
    PartySize,
    /// `customer.name` (default field `customer.name`).
    CustomerName,
    /// `customer.email` (default field `customer.email`).
    CustomerEmail,
    /// `customer.phone` (default field `customer.phone`).
    CustomerPhone,
    /// `resources`: one id or an array of ids (default field `resource`).
    Resource,
    /// `notes` (default field `notes`).
    Notes,
    /// `created_at`, read only (default field `time`, Rightech's creation time).
    CreatedAt,
    /// `updated_at`, read only (no default field).
    UpdatedAt,
}

impl Field {
    /// Every field, in the order of the module docs' table.
    pub const ALL: [Field; 10] = [
        Field::End,
        Field::Status,
        Field::PartySize,
        Field::CustomerName,
        Field::CustomerEmail,
        Field::CustomerPhone,
        Field::Resource,
        Field::Notes,
        Field::CreatedAt,
        Field::UpdatedAt,
    ];

    /// The unified booking's name for it (`ends_at`, `customer.email`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::End => "ends_at",
            Field::Status => "status",
            Field::PartySize => "party_size",
            Field::CustomerName => "customer.name",
            Field::CustomerEmail => "customer.email",
            Field::CustomerPhone => "customer.phone",
            Field::Resource => "resources",
            Field::Notes => "notes",
            Field::CreatedAt => "created_at",
            Field::UpdatedAt => "updated_at",
        }
    }

    /// The default record field, `None` for [`Field::UpdatedAt`].
    pub fn default_path(self) -> Option<&'static str> {
        match self {
            Field::End => Some("end"),
            Field::Status => Some("status"),
            Field::PartySize => Some("partySize"),
            Field::CustomerName => Some("customer.name"),
            Field::CustomerEmail => Some("customer.email"),
            Field::CustomerPhone => Some("customer.phone"),
            Field::Resource => Some("resource"),
            Field::Notes => Some("notes"),
            Field::CreatedAt => Some("time"),
            Field::UpdatedAt => None,
        }
    }

    /// Whether the adapter writes it (everything but the two audit times).
    pub fn is_written(self) -> bool {
        !matches!(self, Field::CreatedAt | Field::UpdatedAt)
    }
}

/// How times are written into the store (reading accepts both; see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeFormat {
    /// Unix time in milliseconds, a JSON number: Rightech's own form (the default).
    #[default]
    EpochMillis,
    /// ISO 8601 text with the offset of the time's own zone, such as
    /// `2026-06-01T19:00:00+02:00` (RFC 3339; no zone name).
    Iso8601,
}

/// The one status table of a mapping: store values ↔ [`BookingStatus`], read top down in both
/// directions (the first matching row wins). See the module docs for the default table.
///
/// ```
/// use booking_domain::BookingStatus;
/// use rightech::domain::StatusTable;
///
/// let table = StatusTable::new()
///     .row("booked", BookingStatus::Confirmed)
///     .row("void", BookingStatus::Cancelled)
///     .row("storniert", BookingStatus::Cancelled);
/// assert_eq!(table.to_unified("storniert"), BookingStatus::Cancelled);
/// assert_eq!(table.to_store(&BookingStatus::Cancelled)?, "void");
/// assert_eq!(table.to_unified("hold"), BookingStatus::Unknown("hold".into()));
/// assert_eq!(table.to_store(&BookingStatus::Unknown("hold".into()))?, "hold");
/// assert!(table.to_store(&BookingStatus::Seated).is_err());
/// # Ok::<(), rightech::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusTable {
    rows: Vec<(String, BookingStatus)>,
}

impl Default for StatusTable {
    /// The default table: the unified statuses' own texts, plus `canceled` read as cancelled.
    fn default() -> Self {
        let mut table = StatusTable::new();
        for text in BookingStatus::KNOWN {
            table = table.row(*text, BookingStatus::from(*text));
            if *text == "cancelled" {
                table = table.row("canceled", BookingStatus::Cancelled);
            }
        }
        table
    }
}

impl StatusTable {
    /// An empty table (every value reads as unknown; only `unknown(text)` can be written).
    pub fn new() -> Self {
        StatusTable { rows: Vec::new() }
    }

    /// Adds a row at the end: `value` in the store is `status`.
    pub fn row(mut self, value: impl Into<String>, status: BookingStatus) -> Self {
        self.rows.push((value.into(), status));
        self
    }

    /// The rows, top down.
    pub fn rows(&self) -> &[(String, BookingStatus)] {
        &self.rows
    }

    /// The unified status of a store value: the first row naming it, else `unknown(value)`.
    pub fn to_unified(&self, value: &str) -> BookingStatus {
        self.rows
            .iter()
            .find(|(v, _)| v == value)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| BookingStatus::Unknown(value.to_owned()))
    }

    /// The store value of a unified status: the first row naming it; `unknown(text)` is the
    /// text itself.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] (field `status`) when no row names a known status.
    pub fn to_store(&self, status: &BookingStatus) -> Result<String> {
        if let Some((value, _)) = self.rows.iter().find(|(_, s)| s == status) {
            return Ok(value.clone());
        }
        match status {
            BookingStatus::Unknown(text) => Ok(text.clone()),
            other => Err(Error::validation(
                "status",
                format!("the store's status table has no value for `{other}`"),
            )),
        }
    }
}

/// Where the resources live: a second store you name, every record one [`Resource`].
///
/// ```
/// use booking_domain::ResourceKind;
/// use rightech::domain::ResourceMapping;
///
/// let rooms = ResourceMapping::new("rooms").kind(ResourceKind::Room).capacity_field("seats");
/// assert_eq!(rooms.store(), "rooms");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceMapping {
    store: String,
    kind: ResourceKind,
    name_field: String,
    capacity_field: Option<String>,
}

impl ResourceMapping {
    /// The store `store`: kind [`ResourceKind::Other`], name in `name`, capacity in
    /// `capacity`.
    pub fn new(store: impl Into<String>) -> Self {
        ResourceMapping {
            store: store.into(),
            kind: ResourceKind::Other,
            name_field: "name".to_owned(),
            capacity_field: Some("capacity".to_owned()),
        }
    }

    /// What every resource of the store is.
    pub fn kind(mut self, kind: ResourceKind) -> Self {
        self.kind = kind;
        self
    }

    /// The field with the resource's name (dots for nested fields).
    pub fn name_field(mut self, path: impl Into<String>) -> Self {
        self.name_field = path.into();
        self
    }

    /// The field with the resource's capacity (a whole number).
    pub fn capacity_field(mut self, path: impl Into<String>) -> Self {
        self.capacity_field = Some(path.into());
        self
    }

    /// The store has no capacity field: `capacity` is always `None`.
    pub fn without_capacity(mut self) -> Self {
        self.capacity_field = None;
        self
    }

    /// The store's name.
    pub fn store(&self) -> &str {
        &self.store
    }
}

/// Which store holds the bookings and which of its fields holds what (see the module docs for
/// the default mapping and every rule). Built with setters; checked by
/// [`RightechProvider::new`].
#[derive(Clone, Debug, PartialEq)]
pub struct BookingMapping {
    store: String,
    start: String,
    fields: BTreeMap<Field, String>,
    time_format: TimeFormat,
    statuses: StatusTable,
    resources: Option<ResourceMapping>,
}

impl BookingMapping {
    /// Bookings in the store `store`, with the default mapping.
    pub fn new(store: impl Into<String>) -> Self {
        let fields = Field::ALL
            .iter()
            .filter_map(|f| f.default_path().map(|p| (*f, p.to_owned())))
            .collect();
        BookingMapping {
            store: store.into(),
            start: "start".to_owned(),
            fields,
            time_format: TimeFormat::default(),
            statuses: StatusTable::default(),
            resources: None,
        }
    }

    /// The field with the booking's start (default `start`; every booking needs one).
    pub fn start_field(mut self, path: impl Into<String>) -> Self {
        self.start = path.into();
        self
    }

    /// `field` is in the record field `path` (dots for nested fields).
    pub fn field(mut self, field: Field, path: impl Into<String>) -> Self {
        self.fields.insert(field, path.into());
        self
    }

    /// The store has no field for `field`.
    pub fn without(mut self, field: Field) -> Self {
        self.fields.remove(&field);
        self
    }

    /// How times are written (default [`TimeFormat::EpochMillis`]).
    pub fn time_format(mut self, format: TimeFormat) -> Self {
        self.time_format = format;
        self
    }

    /// Replaces the status table.
    pub fn statuses(mut self, table: StatusTable) -> Self {
        self.statuses = table;
        self
    }

    /// Puts a row in front of the status table: it wins over the rows already there, in both
    /// directions.
    pub fn status_value(mut self, value: impl Into<String>, status: BookingStatus) -> Self {
        self.statuses.rows.insert(0, (value.into(), status));
        self
    }

    /// Lists resources from a second store (without it, `resources` is unsupported).
    pub fn resources(mut self, resources: ResourceMapping) -> Self {
        self.resources = Some(resources);
        self
    }

    /// The bookings' store.
    pub fn store(&self) -> &str {
        &self.store
    }

    /// The start's field.
    pub fn start_path(&self) -> &str {
        &self.start
    }

    /// The record field of `field`, `None` when the store has none.
    pub fn path(&self, field: Field) -> Option<&str> {
        self.fields.get(&field).map(String::as_str)
    }

    /// How times are written.
    pub fn format(&self) -> TimeFormat {
        self.time_format
    }

    /// The status table.
    pub fn status_table(&self) -> &StatusTable {
        &self.statuses
    }

    /// The resources' store, when set.
    pub fn resource_mapping(&self) -> Option<&ResourceMapping> {
        self.resources.as_ref()
    }

    /// How `cancel` works with this mapping (see the module docs); `None`: unsupported.
    pub fn cancel_effect(&self) -> Option<CancelEffect> {
        match self.path(Field::Status) {
            None => Some(CancelEffect::Removes),
            Some(_) => self
                .statuses
                .to_store(&BookingStatus::Cancelled)
                .ok()
                .map(|_| CancelEffect::MarksCancelled),
        }
    }

    /// The mapping's problems, as [`Error::Config`].
    fn check(&self, client: &Client) -> Result<()> {
        let config = |m: String| Error::Config(format!("rightech booking mapping: {m}"));
        client
            .store::<Value>(&self.store)
            .path("")
            .map_err(|e| config(e.to_string()))?;
        if let Some(r) = &self.resources {
            client
                .store::<Value>(&r.store)
                .path("")
                .map_err(|e| config(e.to_string()))?;
            for path in std::iter::once(&r.name_field).chain(&r.capacity_field) {
                check_path(path).map_err(config)?;
            }
        }
        let mut written: Vec<(&str, &str)> = vec![("starts_at", self.start.as_str())];
        for (field, path) in &self.fields {
            check_path(path).map_err(config)?;
            if field.is_written() {
                written.push((field.as_str(), path));
            }
        }
        for (i, (what, path)) in written.iter().enumerate() {
            let top = path.split('.').next().unwrap_or_default();
            if SYSTEM_FIELDS.contains(&top) {
                return Err(config(format!(
                    "{what} cannot be written to the system field `{path}`"
                )));
            }
            for (other, other_path) in written.iter().skip(i.saturating_add(1)) {
                if nested_in(path, other_path) || nested_in(other_path, path) {
                    return Err(config(format!(
                        "{what} (`{path}`) and {other} (`{other_path}`) overlap"
                    )));
                }
            }
        }
        check_path(&self.start).map_err(config)
    }
}

/// A field path: non-empty segments separated by dots.
fn check_path(path: &str) -> std::result::Result<(), String> {
    if path.split('.').all(|s| !s.is_empty()) {
        Ok(())
    } else {
        Err(format!(
            "`{path}` is not a field path (non-empty names joined by dots)"
        ))
    }
}

/// Whether `inner` is `outer` or lies inside it (`customer.name` in `customer`).
fn nested_in(inner: &str, outer: &str) -> bool {
    inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Rightech as a [`BookingProvider`]: a [`Client`], the zone times are shown in, and the
/// [`BookingMapping`] of the bookings' store. Cheap to clone.
#[derive(Clone, Debug)]
pub struct RightechProvider {
    client: Client,
    tz: TimeZone,
    mapping: Arc<BookingMapping>,
}

impl RightechProvider {
    /// Bookings as the records of `mapping`'s store, read and written through `client`;
    /// times without a zone name are shown in `tz` (see the module docs).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a bad mapping: a store name that is not one, an empty path
    /// segment, a written part in a system field, or two written paths that overlap.
    pub fn new(client: Client, tz: TimeZone, mapping: BookingMapping) -> Result<Self> {
        mapping.check(&client)?;
        Ok(RightechProvider {
            client,
            tz,
            mapping: Arc::new(mapping),
        })
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The zone times are shown in.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The mapping.
    pub fn mapping(&self) -> &BookingMapping {
        &self.mapping
    }

    fn store(&self) -> Store<Value> {
        self.client.store(&self.mapping.store)
    }

    fn read(&self, raw: Value) -> Result<Booking> {
        booking_from_raw(raw, &self.mapping, &self.tz)
    }
}

/// The capabilities of a provider with `mapping` (see the module docs' table).
pub fn capabilities(mapping: &BookingMapping) -> Capabilities {
    let mut caps = Capabilities::none(VENDOR);
    caps.list = Some(ListFilters {
        date_range: FilterSupport::Client,
        status: FilterSupport::Client,
        resource: if mapping.path(Field::Resource).is_some() {
            FilterSupport::Server
        } else {
            FilterSupport::Unsupported
        },
    });
    caps.get = true;
    caps.create = true;
    caps.update = true;
    caps.cancel = mapping.cancel_effect();
    caps.availability = None;
    caps.resources = mapping.resources.is_some();
    caps
}

fn object_id(id: &BookingId) -> Result<ObjectId> {
    ObjectId::new(id.as_str())
        .map_err(|_| Error::validation("id", format!("Rightech ids are ObjectIds, not {id:?}")))
}

/// The value at a dotted path; `null` reads as missing.
fn at_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(value, |v, segment| v.get(segment))
        .filter(|v| !v.is_null())
}

/// Sets a dotted path in `record`, creating objects on the way (a non-object in the way is
/// replaced by an object).
fn set_path(record: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            record.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let entry = record
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            if let Value::Object(inner) = entry {
                set_path(inner, rest, value);
            }
        }
    }
}

/// A time as the store may hold it (see the module docs), shown in `tz` unless it names its
/// zone.
fn parse_time(value: &Value, tz: &TimeZone) -> std::result::Result<Zoned, String> {
    let millis = |ms: i64| {
        Timestamp::from_millisecond(ms)
            .map(|t| t.to_zoned(tz.clone()))
            .map_err(|e| e.to_string())
    };
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(ms) => millis(ms),
            None => Err(format!("{n} is not whole milliseconds")),
        },
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => millis(
            s.parse()
                .map_err(|e: std::num::ParseIntError| e.to_string())?,
        ),
        Value::String(s) => {
            if let Ok(z) = s.parse::<Zoned>() {
                return Ok(z);
            }
            if let Ok(t) = s.parse::<Timestamp>() {
                return Ok(t.to_zoned(tz.clone()));
            }
            s.parse::<DateTime>()
                .map_err(|e| format!("`{s}` is not a time: {e}"))
                .and_then(|dt| dt.to_zoned(tz.clone()).map_err(|e| e.to_string()))
        }
        other => Err(format!("{other} is not a time")),
    }
}

fn write_time(at: &Zoned, format: TimeFormat) -> Value {
    match format {
        TimeFormat::EpochMillis => Value::from(at.timestamp().as_millisecond()),
        TimeFormat::Iso8601 => {
            Value::from(at.timestamp().display_with_offset(at.offset()).to_string())
        }
    }
}

/// A text field: a string, or a number as its decimal text.
fn text(value: &Value) -> std::result::Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!("{other} is not a text")),
    }
}

fn whole_number(value: &Value) -> std::result::Result<u32, String> {
    let n = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    n.and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| format!("{value} is not a whole number of at least 0"))
}

/// One record of the bookings' store → the unified booking, `raw` = the record.
///
/// # Errors
///
/// [`Error::Decode`] (path `<store>/<id>.<field>`) when the record has no `_id` or no start,
/// or a mapped field holds a value of the wrong kind (see the module docs).
pub fn booking_from_raw(raw: Value, mapping: &BookingMapping, tz: &TimeZone) -> Result<Booking> {
    let id = raw
        .get("_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_default();
    let bad = |field: &str, message: String| Error::Decode {
        path: format!("{}/{}.{field}", mapping.store, id),
        message,
        snippet: String::new(),
    };
    if id.is_empty() {
        return Err(bad("_id", "the record has no `_id`".to_owned()));
    }
    let optional = |field: Field| {
        mapping
            .path(field)
            .and_then(|p| at_path(&raw, p).map(|v| (p, v)))
    };
    let time = |field: Field| -> Result<Option<Zoned>> {
        optional(field)
            .map(|(p, v)| parse_time(v, tz).map_err(|m| bad(p, m)))
            .transpose()
    };
    let texted = |field: Field| -> Result<Option<String>> {
        optional(field)
            .map(|(p, v)| text(v).map_err(|m| bad(p, m)))
            .transpose()
    };
    let starts_at = match at_path(&raw, &mapping.start) {
        Some(v) => parse_time(v, tz).map_err(|m| bad(&mapping.start, m))?,
        None => {
            return Err(bad(
                &mapping.start,
                "the record has no start (the mapping's start field)".to_owned(),
            ));
        }
    };
    let status = match mapping.path(Field::Status) {
        None => BookingStatus::Confirmed,
        Some(p) => match at_path(&raw, p) {
            None => BookingStatus::Unknown(String::new()),
            Some(Value::String(s)) => mapping.statuses.to_unified(s),
            Some(other) => BookingStatus::Unknown(other.to_string()),
        },
    };
    let party_size = optional(Field::PartySize)
        .map(|(p, v)| whole_number(v).map_err(|m| bad(p, m)))
        .transpose()?;
    let customer = Customer {
        name: texted(Field::CustomerName)?,
        email: texted(Field::CustomerEmail)?.map(Into::into),
        phone: texted(Field::CustomerPhone)?.map(Into::into),
    };
    let resources = match optional(Field::Resource) {
        None => Vec::new(),
        Some((p, Value::Array(items))) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| text(v).map_err(|m| bad(p, m)))
            .collect::<Result<Vec<_>>>()?,
        Some((p, v)) => vec![text(v).map_err(|m| bad(p, m))?],
    };
    Ok(Booking {
        id: BookingId::new(id.clone()),
        vendor: VENDOR.to_owned(),
        status,
        ends_at: time(Field::End)?,
        party_size,
        customer: (customer != Customer::default()).then_some(customer),
        resources: resources
            .into_iter()
            .map(|r| ResourceRef::from(booking_domain::ResourceId::new(r)))
            .collect(),
        notes: texted(Field::Notes)?,
        created_at: time(Field::CreatedAt)?.map(|z| z.timestamp()),
        updated_at: time(Field::UpdatedAt)?.map(|z| z.timestamp()),
        starts_at,
        raw,
    })
}

/// One record of the resources' store → a [`Resource`], `raw` = the record.
///
/// # Errors
///
/// [`Error::Decode`] when the record has no `_id` or its capacity is not a whole number.
pub fn resource_from_raw(raw: Value, mapping: &ResourceMapping) -> Result<Resource> {
    let id = raw
        .get("_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Error::Decode {
            path: format!("{}/?._id", mapping.store),
            message: "the record has no `_id`".to_owned(),
            snippet: String::new(),
        })?;
    let bad = |field: &str, message: String| Error::Decode {
        path: format!("{}/{id}.{field}", mapping.store),
        message,
        snippet: String::new(),
    };
    let name = match at_path(&raw, &mapping.name_field) {
        Some(v) => text(v).map_err(|m| bad(&mapping.name_field, m))?,
        None => id.clone(),
    };
    let capacity = match &mapping.capacity_field {
        Some(p) => at_path(&raw, p)
            .map(|v| whole_number(v).map_err(|m| bad(p, m)))
            .transpose()?,
        None => None,
    };
    Ok(Resource {
        id: booking_domain::ResourceId::new(id),
        kind: mapping.kind.clone(),
        name,
        capacity,
        raw,
    })
}

/// What a booking part becomes in the record: the values to write, per path.
struct Writes<'a> {
    mapping: &'a BookingMapping,
    values: Vec<(String, Value)>,
}

impl<'a> Writes<'a> {
    fn new(mapping: &'a BookingMapping) -> Self {
        Writes {
            mapping,
            values: Vec::new(),
        }
    }

    /// Writes `value` into `field`'s path; `Validation` when the store has no such field and
    /// the value is not empty (`null`).
    fn put(&mut self, field: Field, value: Value) -> Result<()> {
        match self.mapping.path(field) {
            Some(path) => {
                self.values.push((path.to_owned(), value));
                Ok(())
            }
            None if value.is_null() => Ok(()),
            None => Err(Error::validation(
                field.as_str(),
                format!(
                    "the booking mapping of store `{}` has no field for {}",
                    self.mapping.store,
                    field.as_str()
                ),
            )),
        }
    }

    fn start(&mut self, at: &Zoned) {
        self.values.push((
            self.mapping.start.clone(),
            write_time(at, self.mapping.time_format),
        ));
    }

    fn time(&mut self, field: Field, at: &Zoned) -> Result<()> {
        self.put(field, write_time(at, self.mapping.time_format))
    }

    fn status(&mut self, status: &BookingStatus) -> Result<()> {
        if self.mapping.path(Field::Status).is_none() {
            if *status == BookingStatus::Confirmed {
                return Ok(());
            }
            return Err(Error::validation(
                "status",
                format!(
                    "the booking mapping of store `{}` has no status field: only `confirmed`",
                    self.mapping.store
                ),
            ));
        }
        let value = self.mapping.statuses.to_store(status)?;
        self.put(Field::Status, Value::from(value))
    }

    fn customer(&mut self, customer: &Customer, clear: bool) -> Result<()> {
        for (field, value) in [
            (Field::CustomerName, customer.name.as_deref()),
            (Field::CustomerEmail, customer.email.as_deref()),
            (Field::CustomerPhone, customer.phone.as_deref()),
        ] {
            match value {
                Some(v) => self.put(field, Value::from(v))?,
                None if clear && self.mapping.path(field).is_some() => {
                    self.put(field, Value::Null)?;
                }
                None => {}
            }
        }
        Ok(())
    }

    fn resources(&mut self, ids: &[booking_domain::ResourceId], clear: bool) -> Result<()> {
        let value = match ids {
            [] if clear => Value::Null,
            [] => return Ok(()),
            [one] => Value::from(one.as_str()),
            many => Value::Array(many.iter().map(|r| Value::from(r.as_str())).collect()),
        };
        self.put(Field::Resource, value)
    }

    /// The values set into `record`.
    fn apply(&self, record: &mut Map<String, Value>) {
        for (path, value) in &self.values {
            set_path(record, path, value.clone());
        }
    }

    fn nested(&self) -> bool {
        self.values.iter().any(|(p, _)| p.contains('.'))
    }

    /// The top-level fields the writes touch.
    fn tops(&self) -> Vec<&str> {
        let mut tops: Vec<&str> = Vec::new();
        for (path, _) in &self.values {
            let top = path.split('.').next().unwrap_or(path);
            if !tops.contains(&top) {
                tops.push(top);
            }
        }
        tops
    }
}

/// The record `POST` sends for `new`.
fn create_body(new: &NewBooking, mapping: &BookingMapping) -> Result<Map<String, Value>> {
    let mut w = Writes::new(mapping);
    w.start(&new.starts_at);
    if let Some(end) = &new.ends_at {
        if end.timestamp() <= new.starts_at.timestamp() {
            return Err(Error::validation("ends_at", "must be after starts_at"));
        }
        w.time(Field::End, end)?;
    }
    w.status(new.status.as_ref().unwrap_or(&BookingStatus::Confirmed))?;
    if let Some(n) = new.party_size {
        w.put(Field::PartySize, Value::from(n))?;
    }
    w.customer(&new.customer, false)?;
    w.resources(&new.resources, false)?;
    if let Some(notes) = &new.notes {
        w.put(Field::Notes, Value::from(notes.clone()))?;
    }
    let mut record = Map::new();
    w.apply(&mut record);
    Ok(record)
}

/// The writes of `change`.
fn change_writes<'a>(change: &BookingChange, mapping: &'a BookingMapping) -> Result<Writes<'a>> {
    let mut w = Writes::new(mapping);
    if let Some(start) = &change.starts_at {
        w.start(start);
    }
    if let (Some(start), Some(end)) = (&change.starts_at, &change.ends_at)
        && end.timestamp() <= start.timestamp()
    {
        return Err(Error::validation("ends_at", "must be after starts_at"));
    }
    if let Some(end) = &change.ends_at {
        w.time(Field::End, end)?;
    }
    if let Some(status) = &change.status {
        w.status(status)?;
    }
    if let Some(n) = change.party_size {
        w.put(Field::PartySize, Value::from(n))?;
    }
    if let Some(customer) = &change.customer {
        w.customer(customer, true)?;
    }
    if let Some(ids) = &change.resources {
        w.resources(ids, true)?;
    }
    if let Some(notes) = &change.notes {
        w.put(Field::Notes, Value::from(notes.clone()))?;
    }
    Ok(w)
}

#[async_trait]
impl BookingProvider for RightechProvider {
    fn capabilities(&self) -> Capabilities {
        capabilities(&self.mapping)
    }

    fn list(&self, query: &BookingQuery) -> BoxStream<'static, Result<Booking>> {
        let caps = self.capabilities();
        let mut request = ListQuery::new();
        if let Some(filters) = caps.list
            && let Err(e) = filters.client_side(VENDOR, query)
        {
            return stream::once(async move { Err(e) }).boxed();
        }
        if let (Some(resource), Some(path)) = (&query.resource, self.mapping.path(Field::Resource))
        {
            request = request.filter(path, resource.as_str());
        }
        if let (Some(from), Some(until)) = (query.from, query.until)
            && until <= from
        {
            return stream::empty().boxed();
        }
        let mapping = self.mapping.clone();
        let tz = self.tz.clone();
        let unified = self
            .store()
            .list(&request)
            .map(move |item| item.and_then(|raw| booking_from_raw(raw, &mapping, &tz)));
        // Every filter on this side: the date range and statuses are not sent, the resource
        // filter is unverified (see the module docs).
        filter_bookings(unified, query).boxed()
    }

    async fn get(&self, id: &BookingId) -> Result<Booking> {
        let raw = self.store().get(&object_id(id)?).await?;
        self.read(raw)
    }

    async fn create(&self, new: &NewBooking) -> Result<Booking> {
        let body = create_body(new, &self.mapping)?;
        let raw = self.store().create(&body).await?;
        self.read(raw)
    }

    async fn update(&self, id: &BookingId, change: &BookingChange) -> Result<Booking> {
        let oid = object_id(id)?;
        let writes = change_writes(change, &self.mapping)?;
        if writes.values.is_empty() {
            return self.get(id).await;
        }
        let mut record = if writes.nested() {
            match self.store().get(&oid).await? {
                Value::Object(map) => map,
                other => {
                    return Err(Error::Decode {
                        path: format!("{}/{oid}", self.mapping.store),
                        message: format!("the record is not a JSON object: {other}"),
                        snippet: String::new(),
                    });
                }
            }
        } else {
            Map::new()
        };
        writes.apply(&mut record);
        let mut patch = Map::new();
        for top in writes.tops() {
            if let Some(v) = record.get(top) {
                patch.insert(top.to_owned(), v.clone());
            }
        }
        let patch = Patch::from_map(patch)?;
        let raw = self.store().patch(&oid, &patch).await?;
        self.read(raw)
    }

    async fn cancel(&self, id: &BookingId) -> Result<Option<Booking>> {
        match self.mapping.cancel_effect() {
            Some(CancelEffect::MarksCancelled) => {
                let change = BookingChange::default().status(BookingStatus::Cancelled);
                self.update(id, &change).await.map(Some)
            }
            Some(CancelEffect::Removes) => {
                self.store().delete(&object_id(id)?).await?;
                Ok(None)
            }
            None => Err(booking_domain::unsupported(VENDOR, Operation::Cancel)),
        }
    }

    async fn resources(&self) -> Result<Vec<Resource>> {
        let Some(mapping) = self.mapping.resources.clone() else {
            return Err(booking_domain::unsupported(VENDOR, Operation::Resources));
        };
        let raw: Vec<Value> = self
            .client
            .store::<Value>(&mapping.store)
            .list(&ListQuery::new())
            .try_collect()
            .await?;
        raw.into_iter()
            .map(|r| resource_from_raw(r, &mapping))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn berlin() -> TimeZone {
        TimeZone::get("Europe/Berlin").unwrap()
    }

    fn client() -> Client {
        Client::builder().token("t").build().unwrap()
    }

    #[test]
    fn the_default_table_reads_and_writes_the_unified_texts() {
        let table = StatusTable::default();
        for text in BookingStatus::KNOWN {
            let status = BookingStatus::from(*text);
            assert_eq!(table.to_unified(text), status);
            assert_eq!(table.to_store(&status).unwrap(), *text);
        }
        assert_eq!(table.to_unified("canceled"), BookingStatus::Cancelled);
        assert_eq!(
            table.to_unified("on_hold"),
            BookingStatus::Unknown("on_hold".into())
        );
        assert!(StatusTable::new().to_store(&BookingStatus::Seated).is_err());
    }

    #[test]
    fn a_status_value_in_front_wins_both_ways() {
        let m = BookingMapping::new("b").status_value("void", BookingStatus::Cancelled);
        assert_eq!(
            m.status_table()
                .to_store(&BookingStatus::Cancelled)
                .unwrap(),
            "void"
        );
        assert_eq!(
            m.status_table().to_unified("cancelled"),
            BookingStatus::Cancelled
        );
    }

    #[test]
    fn times_read_in_every_documented_form() {
        let tz = berlin();
        let want: Timestamp = "2026-06-01T17:00:00Z".parse().unwrap();
        for value in [
            json!(want.as_millisecond()),
            json!(want.as_millisecond().to_string()),
            json!("2026-06-01T19:00:00+02:00"),
            json!("2026-06-01T17:00:00Z"),
            json!("2026-06-01T19:00:00"),
            json!("2026-06-01T13:00:00-04:00[America/New_York]"),
        ] {
            let z = parse_time(&value, &tz).unwrap();
            assert_eq!(z.timestamp(), want, "{value}");
        }
        let kept = parse_time(&json!("2026-06-01T13:00:00-04:00[America/New_York]"), &tz).unwrap();
        assert_eq!(kept.time_zone().iana_name(), Some("America/New_York"));
        let shown = parse_time(&json!(want.as_millisecond()), &tz).unwrap();
        assert_eq!(shown.time_zone().iana_name(), Some("Europe/Berlin"));
        for bad in [json!(1.5), json!(true), json!("soon"), json!({})] {
            assert!(parse_time(&bad, &tz).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_are_written_in_the_mappings_format() {
        let at: Zoned = "2026-06-01T19:00:00+02:00[Europe/Berlin]".parse().unwrap();
        assert_eq!(
            write_time(&at, TimeFormat::EpochMillis),
            json!(1_780_333_200_000_i64)
        );
        assert_eq!(
            write_time(&at, TimeFormat::Iso8601),
            json!("2026-06-01T19:00:00+02:00")
        );
    }

    #[test]
    fn paths_nest_and_overlapping_mappings_are_refused() {
        let mut record = Map::new();
        set_path(&mut record, "customer.name", json!("Ada"));
        set_path(&mut record, "customer.email", json!("a@x"));
        set_path(&mut record, "notes", json!("n"));
        assert_eq!(
            Value::Object(record.clone()),
            json!({"customer": {"name": "Ada", "email": "a@x"}, "notes": "n"})
        );
        assert_eq!(
            at_path(&Value::Object(record), "customer.name"),
            Some(&json!("Ada"))
        );
        let c = client();
        assert!(BookingMapping::new("bookings").check(&c).is_ok());
        for bad in [
            BookingMapping::new("bookings").field(Field::Notes, "customer"),
            BookingMapping::new("bookings").start_field("end"),
            BookingMapping::new("bookings").field(Field::Resource, "owner"),
            BookingMapping::new("bookings").field(Field::End, "a..b"),
            BookingMapping::new("../x"),
            BookingMapping::new("bookings").resources(ResourceMapping::new("")),
        ] {
            let err = bad.check(&c).unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{err}");
        }
        // Read-only fields may sit anywhere, the system creation time included.
        assert!(
            BookingMapping::new("bookings")
                .field(Field::UpdatedAt, "_meta.changed")
                .check(&c)
                .is_ok()
        );
    }

    #[test]
    fn cancel_follows_the_status_field_and_table() {
        let m = BookingMapping::new("b");
        assert_eq!(m.cancel_effect(), Some(CancelEffect::MarksCancelled));
        assert_eq!(
            m.clone().without(Field::Status).cancel_effect(),
            Some(CancelEffect::Removes)
        );
        let no_row = m.statuses(StatusTable::new().row("ok", BookingStatus::Confirmed));
        assert_eq!(no_row.cancel_effect(), None);
        assert_eq!(capabilities(&no_row).cancel, None);
    }

    #[test]
    fn a_record_maps_through_the_default_mapping_and_keeps_raw() {
        let raw = json!({
            "_id": "64e000000000000000000001", "owner": "64a000000000000000000009",
            "start": 1_780_333_200_000_i64, "end": "2026-06-01T20:30:00+02:00",
            "status": "confirmed", "partySize": "4",
            "customer": {"name": "Ada", "phone": 4_520_000_099_i64},
            "resource": ["64f000000000000000000001", "64f000000000000000000002"],
            "notes": "window", "time": 1_779_000_000_000_i64, "extra": {"x": [1]}
        });
        let b = booking_from_raw(raw.clone(), &BookingMapping::new("bookings"), &berlin()).unwrap();
        assert_eq!(b.id.as_str(), "64e000000000000000000001");
        assert_eq!(
            b.starts_at.to_string(),
            "2026-06-01T19:00:00+02:00[Europe/Berlin]"
        );
        assert_eq!(
            b.ends_at.unwrap().timestamp().to_string(),
            "2026-06-01T18:30:00Z"
        );
        assert_eq!(b.status, BookingStatus::Confirmed);
        assert_eq!(b.party_size, Some(4));
        let c = b.customer.unwrap();
        assert_eq!(
            (c.name.as_deref(), c.email, c.phone.as_deref()),
            (Some("Ada"), None, Some("4520000099"))
        );
        assert_eq!(b.resources.len(), 2);
        assert_eq!(b.created_at.unwrap().as_millisecond(), 1_779_000_000_000);
        assert_eq!(b.raw, raw);
    }

    #[test]
    fn missing_and_malformed_fields_are_defaults_or_clear_errors() {
        let m = BookingMapping::new("bookings");
        let tz = berlin();
        let b = booking_from_raw(
            json!({"_id": "64e000000000000000000001", "start": 0}),
            &m,
            &tz,
        )
        .unwrap();
        assert_eq!(b.status, BookingStatus::Unknown(String::new()));
        assert_eq!((b.customer, b.party_size, b.ends_at), (None, None, None));
        assert!(b.resources.is_empty());
        let b = booking_from_raw(
            json!({"_id": "64e000000000000000000001", "start": 0, "status": 3}),
            &m,
            &tz,
        )
        .unwrap();
        assert_eq!(b.status, BookingStatus::Unknown("3".into()));
        for (raw, path) in [
            (json!({"start": 0}), "bookings/._id"),
            (
                json!({"_id": "64e000000000000000000001"}),
                "bookings/64e000000000000000000001.start",
            ),
            (
                json!({"_id": "64e000000000000000000001", "start": 0, "partySize": -2}),
                "bookings/64e000000000000000000001.partySize",
            ),
            (
                json!({"_id": "64e000000000000000000001", "start": 0, "customer": {"name": ["x"]}}),
                "bookings/64e000000000000000000001.customer.name",
            ),
            (
                json!({"_id": "64e000000000000000000001", "start": 0, "end": "later"}),
                "bookings/64e000000000000000000001.end",
            ),
        ] {
            match booking_from_raw(raw.clone(), &m, &tz) {
                Err(Error::Decode { path: p, .. }) => assert_eq!(p, path, "{raw}"),
                other => panic!("{raw}: {other:?}"),
            }
        }
        // Without a status field every booking is confirmed.
        let b = booking_from_raw(
            json!({"_id": "64e000000000000000000001", "start": 0, "status": "void"}),
            &m.clone().without(Field::Status),
            &tz,
        )
        .unwrap();
        assert_eq!(b.status, BookingStatus::Confirmed);
    }

    #[test]
    fn create_bodies_follow_the_mapping_and_refuse_what_has_no_field() {
        let start: Zoned = "2026-06-01T19:00:00+02:00[Europe/Berlin]".parse().unwrap();
        let new = NewBooking::new(start.clone(), Customer::named("Ada").email("a@x"))
            .party_size(2u32)
            .resource("64f000000000000000000001")
            .notes("n");
        let body = create_body(&new, &BookingMapping::new("b")).unwrap();
        assert_eq!(
            Value::Object(body),
            json!({"start": 1_780_333_200_000_i64, "status": "confirmed", "partySize": 2,
                "customer": {"name": "Ada", "email": "a@x"},
                "resource": "64f000000000000000000001", "notes": "n"})
        );
        let m = BookingMapping::new("b").without(Field::PartySize);
        let err = create_body(&new, &m).unwrap_err();
        assert!(
            matches!(&err, Error::Validation { field, .. } if field == "party_size"),
            "{err}"
        );
        let m = BookingMapping::new("b").without(Field::Status);
        assert!(create_body(&new.clone().status(BookingStatus::Tentative), &m).is_err());
        let body = create_body(&new.clone().status(BookingStatus::Confirmed), &m).unwrap();
        assert!(!body.contains_key("status"));
        let backwards = new.ends_at(
            start
                .checked_sub(jiff::SignedDuration::from_mins(1))
                .unwrap(),
        );
        assert!(create_body(&backwards, &BookingMapping::new("b")).is_err());
    }
}
