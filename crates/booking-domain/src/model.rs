//! The vendor-neutral booking model.
//!
//! # Times
//!
//! The start and end of a booking (and of a [`TimeSlot`]) are [`jiff::Zoned`]: an instant
//! together with the IANA time zone of the venue. A booking is a local-calendar fact ("19:00 in
//! Berlin"), and the zone is what makes "the same time next week" and day boundaries correct
//! across daylight-saving changes; a bare `Timestamp` plus a separate zone field could disagree
//! with each other, a `Zoned` cannot. Serde writes RFC 9557 text
//! (`2025-06-01T19:00:00+02:00[Europe/Berlin]`), which reads back to the same instant and zone.
//!
//! `created_at` and `updated_at` are audit instants with no local meaning, so they are
//! [`jiff::Timestamp`]s (RFC 3339 in UTC).

use jiff::{Timestamp, Zoned};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

model_kit::id_newtype! {
    /// A booking's id at its vendor, as text (integer ids become their decimal text).
    pub struct BookingId(String);
    /// A resource's id at its vendor (a table, a staff member, a service...), as text.
    pub struct ResourceId(String);
}

model_kit::open_enum! {
    /// Where a booking stands. Each adapter maps its vendor's values through one table; a value
    /// it does not know becomes [`BookingStatus::Unknown`] with the vendor's text.
    pub enum BookingStatus {
        /// Asked for, not yet accepted by the venue.
        Requested = "requested",
        /// Accepted by the venue.
        Confirmed = "confirmed",
        /// The guest has arrived (restaurants: seated at the table).
        Seated = "seated",
        /// Took place and is over.
        Completed = "completed",
        /// Cancelled by the guest or the venue.
        Cancelled = "cancelled",
        /// The guest did not come.
        NoShow = "no_show",
        /// On the waiting list.
        Waitlisted = "waitlisted",
        /// Refused by the venue.
        Declined = "declined",
        /// Pencilled in, may still change (Resource Guru's tentative bookings).
        Tentative = "tentative",
    }
}

model_kit::open_enum! {
    /// What a bookable resource is.
    pub enum ResourceKind {
        /// A restaurant table.
        Table = "table",
        /// A person (staff member, cleaner, consultant).
        Person = "person",
        /// A room or a space.
        Room = "room",
        /// A vehicle.
        Vehicle = "vehicle",
        /// A service that is booked (a cleaning package, a treatment).
        Service = "service",
        /// Anything else the vendor books.
        Other = "other",
    }
}

/// The person a booking is for. Every field is optional because vendors differ in what they
/// require and return.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Customer {
    /// Full name, as the vendor holds it (first and last names joined with a space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<model_kit::Email>,
    /// Phone number, as the vendor holds it (not normalised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<model_kit::Phone>,
}

impl Customer {
    /// A customer with only a name.
    pub fn named(name: impl Into<String>) -> Self {
        Customer {
            name: Some(name.into()),
            ..Customer::default()
        }
    }
}

model_kit::setters!(Customer {
    /// E-mail address.
    email: model_kit::Email,
    /// Phone number.
    phone: model_kit::Phone,
});

/// A resource a booking uses, as the booking names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ResourceRef {
    /// The resource's id (see [`crate::BookingProvider::resources`]).
    pub id: ResourceId,
    /// Its name, when the booking carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl From<ResourceId> for ResourceRef {
    fn from(id: ResourceId) -> Self {
        ResourceRef { id, name: None }
    }
}

/// One booking, the same shape for every vendor.
///
/// `Debug` masks personal data: the customer's e-mail and phone (see [`model_kit::Pii`]), and
/// in `raw` every string under a key that names an e-mail address or a phone number.
#[derive(Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Booking {
    /// The vendor's id of the booking.
    pub id: BookingId,
    /// The vendor crate that produced it (`resos`, `launch27`, `resource-guru`, `rightech`):
    /// the same text as [`crate::Capabilities::vendor`].
    pub vendor: String,
    /// Where it stands.
    pub status: BookingStatus,
    /// When it starts, in the venue's zone (see the module docs on times).
    pub starts_at: Zoned,
    /// When it ends, when the vendor says (or it follows from a duration the vendor gives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<Zoned>,
    /// Number of people, where the vendor counts them (restaurants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_size: Option<u32>,
    /// Who it is for, when the vendor says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// The resources it uses (tables, people, services...), in the vendor's order.
    #[serde(default)]
    pub resources: Vec<ResourceRef>,
    /// Free-text notes or comments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// When the vendor created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the vendor last changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// The vendor's JSON for this booking, exactly as received, so that nothing is lost in the
    /// translation (fields the unified model has no place for, the vendor's own status text...).
    pub raw: Value,
}

impl fmt::Debug for Booking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Booking")
            .field("id", &self.id)
            .field("vendor", &self.vendor)
            .field("status", &self.status)
            .field("starts_at", &self.starts_at)
            .field("ends_at", &self.ends_at)
            .field("party_size", &self.party_size)
            .field("customer", &self.customer)
            .field("resources", &self.resources)
            .field("notes", &self.notes)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("raw", &MaskedRaw(&self.raw))
            .finish()
    }
}

/// A vendor's JSON shown with the strings under e-mail and phone keys masked.
struct MaskedRaw<'a>(&'a Value);

impl fmt::Debug for MaskedRaw<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&mask_contact(self.0.clone()), f)
    }
}

/// Whether a JSON key names an e-mail address or a phone number (`email`, `guestEmail`,
/// `phone`, `phone_number`, `mobile`, `tel`).
fn is_contact_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("email") || k.contains("phone") || k.contains("mobile") || k == "tel"
}

/// `value` with every string and number replaced by [`model_kit::pii::MASK`].
fn mask_all(value: Value) -> Value {
    match value {
        Value::String(_) | Value::Number(_) => Value::from(model_kit::pii::MASK),
        Value::Array(items) => Value::Array(items.into_iter().map(mask_all).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, mask_all(v))).collect())
        }
        other => other,
    }
}

/// `value` with the strings and numbers under contact keys replaced by [`model_kit::pii::MASK`].
fn mask_contact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if is_contact_key(&k) {
                        mask_all(v)
                    } else {
                        mask_contact(v)
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(mask_contact).collect()),
        other => other,
    }
}

impl Booking {
    /// Whether the booking uses the resource `id`.
    pub fn uses(&self, id: &ResourceId) -> bool {
        self.resources.iter().any(|r| &r.id == id)
    }
}

/// A bookable thing: a table, a person, a room, a vehicle, a service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Resource {
    /// The vendor's id.
    pub id: ResourceId,
    /// What it is.
    pub kind: ResourceKind,
    /// Its name at the vendor (a table's number is its name when it has no other).
    pub name: String,
    /// How many people it holds (seats at a table), when the vendor says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// The vendor's JSON for this resource, exactly as received.
    pub raw: Value,
}

/// A time that can be booked, as the vendor's availability answers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimeSlot {
    /// When the slot starts, in the venue's zone.
    pub starts_at: Zoned,
    /// When it ends, when the vendor says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<Zoned>,
    /// The resource the slot is on, when the vendor's availability is per resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceId>,
    /// How many more bookings (or people, as the vendor counts) fit, when the vendor says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u32>,
    /// The vendor's JSON for this slot, exactly as received.
    pub raw: Value,
}

/// What to book: [`crate::BookingProvider::create`]'s input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NewBooking {
    /// When it starts, in the venue's zone.
    pub starts_at: Zoned,
    /// When it ends; vendors that book by duration use `ends_at - starts_at`, vendors that
    /// have a fixed length ignore it (the adapter documents which).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<Zoned>,
    /// Number of people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_size: Option<u32>,
    /// Who it is for.
    pub customer: Customer,
    /// Resources to book (a table, a person, a service); empty lets the vendor choose.
    #[serde(default)]
    pub resources: Vec<ResourceId>,
    /// Free-text notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// A status to create it with (such as [`BookingStatus::Tentative`]), where the vendor
    /// accepts one; `None` leaves the vendor's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BookingStatus>,
}

impl NewBooking {
    /// A booking for `customer` starting at `starts_at`; the rest through the setters.
    pub fn new(starts_at: Zoned, customer: Customer) -> Self {
        NewBooking {
            starts_at,
            ends_at: None,
            party_size: None,
            customer,
            resources: Vec::new(),
            notes: None,
            status: None,
        }
    }

    /// Adds a resource to book.
    pub fn resource(mut self, id: impl Into<ResourceId>) -> Self {
        self.resources.push(id.into());
        self
    }
}

model_kit::setters!(NewBooking {
    /// When it ends.
    ends_at: Zoned,
    /// Number of people.
    party_size: u32,
    /// Free-text notes.
    notes: String,
    /// The status to create it with.
    status: BookingStatus,
});

/// Changes to a booking: [`crate::BookingProvider::update`]'s input. `None` leaves a field as
/// it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BookingChange {
    /// New start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<Zoned>,
    /// New end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<Zoned>,
    /// New number of people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_size: Option<u32>,
    /// New customer details (the whole customer: fields left `None` are cleared where the
    /// vendor allows it, kept otherwise; the adapter documents which).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// The new set of resources (replaces the old one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<ResourceId>>,
    /// New notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// New status (to cancel, prefer [`crate::BookingProvider::cancel`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BookingStatus>,
}

impl BookingChange {
    /// Whether the change changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == BookingChange::default()
    }
}

model_kit::setters!(BookingChange {
    /// New start.
    starts_at: Zoned,
    /// New end.
    ends_at: Zoned,
    /// New number of people.
    party_size: u32,
    /// New customer details.
    customer: Customer,
    /// The new set of resources.
    resources: Vec<ResourceId>,
    /// New notes.
    notes: String,
    /// New status.
    status: BookingStatus,
});

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use serde_json::json;

    fn booking() -> Booking {
        Booking {
            id: BookingId::new("b1"),
            vendor: "resos".into(),
            status: BookingStatus::from("pending_payment"),
            starts_at: "2025-03-30T01:30:00+01:00[Europe/Berlin]".parse().unwrap(),
            ends_at: Some("2025-03-30T03:30:00+02:00[Europe/Berlin]".parse().unwrap()),
            party_size: Some(4),
            customer: Some(Customer::named("Ada Lovelace").email("ada@example.com")),
            resources: vec![ResourceRef {
                id: ResourceId::new("t7"),
                name: Some("Table 7".into()),
            }],
            notes: Some("window".into()),
            created_at: Some("2025-03-01T10:00:00Z".parse().unwrap()),
            updated_at: None,
            raw: json!({"_id": "b1", "status": "pending_payment", "extra": [1, {"a": null}]}),
        }
    }

    #[test]
    fn a_booking_round_trips_through_json_with_zone_and_unknown_status() {
        let b = booking();
        let text = serde_json::to_value(&b).unwrap();
        assert_eq!(
            text["starts_at"],
            json!("2025-03-30T01:30:00+01:00[Europe/Berlin]")
        );
        assert_eq!(text["status"], json!("pending_payment"));
        assert_eq!(text["created_at"], json!("2025-03-01T10:00:00Z"));
        let back: Booking = serde_json::from_value(text).unwrap();
        assert_eq!(back, b);
        // Zoned equality is by instant: check the zone survived too.
        assert_eq!(
            back.starts_at.time_zone().iana_name(),
            Some("Europe/Berlin")
        );
        assert_eq!(
            back.ends_at.unwrap().to_string(),
            "2025-03-30T03:30:00+02:00[Europe/Berlin]"
        );
        assert_eq!(back.raw, b.raw);
        assert_eq!(
            back.status,
            BookingStatus::Unknown("pending_payment".into())
        );
    }

    #[test]
    fn statuses_and_kinds_use_snake_case_texts_and_keep_unknown_values() {
        for (status, text) in [
            (BookingStatus::Requested, "requested"),
            (BookingStatus::NoShow, "no_show"),
            (BookingStatus::Waitlisted, "waitlisted"),
            (BookingStatus::Tentative, "tentative"),
            (
                BookingStatus::Unknown("arrived-late".into()),
                "arrived-late",
            ),
        ] {
            assert_eq!(serde_json::to_value(&status).unwrap(), json!(text));
            assert_eq!(
                serde_json::from_value::<BookingStatus>(json!(text)).unwrap(),
                status
            );
        }
        assert_eq!(BookingStatus::KNOWN.len(), 9);
        assert_eq!(ResourceKind::from("vehicle"), ResourceKind::Vehicle);
        assert_eq!(
            ResourceKind::from("boat"),
            ResourceKind::Unknown("boat".into())
        );
    }

    #[test]
    fn optional_fields_may_be_missing_and_are_not_written_when_empty() {
        let b: Booking = serde_json::from_value(json!({
            "id": "9", "vendor": "launch27", "status": "confirmed",
            "starts_at": "2025-06-01T09:00:00-04:00[America/New_York]", "raw": {"id": 9}
        }))
        .unwrap();
        assert_eq!(b.resources, []);
        assert_eq!(b.customer, None);
        let back = serde_json::to_value(&b).unwrap();
        assert_eq!(
            back.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["id", "vendor", "status", "starts_at", "resources", "raw"]
        );
    }

    #[test]
    fn a_booking_with_an_offset_only_time_is_refused() {
        // An offset is not a zone: the unified model always knows the venue's zone.
        let err = serde_json::from_value::<Booking>(json!({
            "id": "9", "vendor": "x", "status": "confirmed",
            "starts_at": "2025-06-01T09:00:00-04:00", "raw": null
        }))
        .unwrap_err();
        assert!(err.to_string().contains("time zone"), "{err}");
    }

    #[test]
    fn builders_set_what_they_say() {
        let start: Zoned = "2025-06-01T19:00:00+02:00[Europe/Paris]".parse().unwrap();
        let new = NewBooking::new(start.clone(), Customer::named("Ada"))
            .party_size(2u32)
            .resource("t1")
            .notes("birthday");
        assert_eq!(new.starts_at, start);
        assert_eq!(new.party_size, Some(2));
        assert_eq!(new.resources, [ResourceId::new("t1")]);
        assert!(BookingChange::default().is_empty());
        assert!(!BookingChange::default().party_size(3u32).is_empty());
    }

    #[test]
    fn the_schema_names_every_booking_field() {
        let schema = serde_json::to_value(schemars::schema_for!(Booking)).unwrap();
        let props = schema["properties"].as_object().unwrap();
        for field in [
            "id",
            "vendor",
            "status",
            "starts_at",
            "ends_at",
            "party_size",
            "customer",
            "resources",
            "notes",
            "created_at",
            "updated_at",
            "raw",
        ] {
            assert!(props.contains_key(field), "{field} missing: {schema}");
        }
        let required = schema["required"].as_array().unwrap();
        assert!(required.contains(&json!("raw")) && required.contains(&json!("starts_at")));
    }
}
