//! Bookings (reference §1): the model, and list, get, create, update, status change, cancel,
//! internal notes and guest comments.

use core_http::{ApiError, Error, Result};
use futures::Stream;
use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{Client, MAX_PAGE_SIZE};
use crate::common::{
    BookingId, CommentId, CreatedId, GuestId, LocalTime, NoteId, OpeningHourId, RestaurantId,
    TableId, lenient,
};
use crate::custom_fields::CustomFieldValue;
use crate::query::{CustomQuery, DateRange, Sort};
use crate::tables::Table;

core_http::open_enum! {
    /// Status of a booking (reference §1 "status values"; note `canceled` with one "l").
    #[non_exhaustive]
    pub enum BookingStatus {
        /// Awaiting approval; the default for bookings created via the API.
        Request = "request",
        /// Confirmed by the restaurant.
        Approved = "approved",
        /// Refused by the restaurant.
        Declined = "declined",
        /// On the waiting list.
        Waitlist = "waitlist",
        /// The guest has arrived.
        Arrived = "arrived",
        /// The guest is seated.
        Seated = "seated",
        /// The guest has left.
        Left = "left",
        /// The guest did not come.
        NoShow = "no_show",
        /// Cancelled.
        Canceled = "canceled",
        /// Deleted (filtered defensively by clients; not confirmed).
        Deleted = "deleted",
    }
}

impl BookingStatus {
    /// Whether the booking is still expected: `request`, `approved`, `waitlist`, `arrived`
    /// or `seated` (reference §1).
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            BookingStatus::Request
                | BookingStatus::Approved
                | BookingStatus::Waitlist
                | BookingStatus::Arrived
                | BookingStatus::Seated
        )
    }
}

core_http::open_enum! {
    /// Where a booking came from (reference §1 "source values"; sources disagree, so unknown
    /// values are kept). The default when omitted on create is `other`.
    #[non_exhaustive]
    pub enum BookingSource {
        /// Created through the API.
        Api = "api",
        /// By email.
        Email = "email",
        /// Via Facebook.
        Facebook = "facebook",
        /// Via Google.
        Google = "google",
        /// Imported.
        Import = "import",
        /// Via Instagram.
        Instagram = "instagram",
        /// By message.
        Message = "message",
        /// Anything else (the default).
        Other = "other",
        /// By phone.
        Phone = "phone",
        /// Walk-in guest.
        Walkin = "walkin",
        /// The restaurant's website.
        Website = "website",
        /// Via eatie.
        Eatie = "eatie",
    }
}

/// The guest of a booking (reference §1 "Guest object").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Guest {
    /// Guest id, when resOS sends one.
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<GuestId>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone, E.164 with `+`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Whether the guest gets SMS notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_sms: Option<bool>,
    /// Whether the guest gets email notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_email: Option<bool>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An internal staff note on a booking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RestaurantNote {
    /// The note's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restaurant_note: Option<String>,
    /// Fields this crate does not model (author, time...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A message on a booking (guest comment or system message).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Comment {
    /// The text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Who wrote it (`system` is one value; guest messages use others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A booking, as returned by `GET /bookings` and `GET /bookings/{id}` (reference §1).
///
/// `date` and `time` are the restaurant's local date and time; `date_time` is the same start
/// as an instant (UTC). Fields this crate does not model are kept in `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Booking {
    /// Booking id.
    #[serde(rename = "_id")]
    pub id: BookingId,
    /// The restaurant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restaurant_id: Option<RestaurantId>,
    /// Local date.
    #[serde(
        default,
        deserialize_with = "lenient::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<Date>,
    /// Local start time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<LocalTime>,
    /// Start instant.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_time: Option<Timestamp>,
    /// Party size.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub people: Option<u32>,
    /// Length in minutes.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<u32>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BookingStatus>,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<BookingSource>,
    /// Language of guest messages (`en`, `es`, `de`, `da`, `sv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// The guest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest: Option<Guest>,
    /// Assigned tables (with their area).
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tables: Vec<Table>,
    /// Custom field values (ask with `expand_custom_fields` to be sure they are included).
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub custom_fields: Vec<CustomFieldValue>,
    /// Internal staff notes.
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub restaurant_notes: Vec<RestaurantNote>,
    /// Messages.
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub comments: Vec<Comment>,
    /// The opening-hours period the booking belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hour_id: Option<OpeningHourId>,
    /// Name of that period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hour_name: Option<String>,
    /// When the booking was created.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<Timestamp>,
    /// Last activity.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub activity_at: Option<Timestamp>,
    /// When it was cancelled (set by resOS).
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub canceled_at: Option<Timestamp>,
    /// When it was declined.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub declined_at: Option<Timestamp>,
    /// When it was deleted.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub deleted_at: Option<Timestamp>,
    /// Referring URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// Free-form data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// Fields this crate does not model (such as `customer`, `payment`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Input of `bookings.list` and `bookings.list_page`: `GET /bookings` (reference §1.1).
///
/// ```
/// use resos::{ListBookings, DateRange, Sort, CustomQuery};
/// use jiff::civil::date;
/// let request = ListBookings::new()
///     .range(DateRange::days(date(2024, 5, 1), date(2024, 5, 31))?)
///     .sort(Sort::asc("dateTime"))
///     .custom_query(CustomQuery::new().greater_than("people", 2))
///     .limit(50);
/// assert_eq!(request.limit, 50);
/// # Ok::<(), resos::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ListBookings {
    /// Date range (`fromDateTime` + `toDateTime`); both ends or none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<DateRange>,
    /// Sort keys (`sort`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    /// Search expression (`customQuery`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_query: Option<CustomQuery>,
    /// `onlyConfirmed` (exact semantics undocumented).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_confirmed: Option<bool>,
    /// Send `expand=customFields` so custom field values are included.
    pub expand_custom_fields: bool,
    /// Items to skip (`skip`): the first page for [`Bookings::list`].
    pub skip: u64,
    /// Page size (`limit`), 1 to 100 (default 100).
    pub limit: u32,
}

impl Default for ListBookings {
    fn default() -> Self {
        ListBookings {
            range: None,
            sort: None,
            custom_query: None,
            only_confirmed: None,
            expand_custom_fields: false,
            skip: 0,
            limit: MAX_PAGE_SIZE,
        }
    }
}

impl ListBookings {
    /// Every booking, 100 per page.
    pub fn new() -> Self {
        ListBookings::default()
    }

    /// Only bookings in `range`.
    pub fn range(mut self, range: DateRange) -> Self {
        self.range = Some(range);
        self
    }

    /// Sort order.
    pub fn sort(mut self, sort: Sort) -> Self {
        self.sort = Some(sort);
        self
    }

    /// Search expression.
    pub fn custom_query(mut self, query: CustomQuery) -> Self {
        self.custom_query = Some(query);
        self
    }

    /// `onlyConfirmed`.
    pub fn only_confirmed(mut self, only: bool) -> Self {
        self.only_confirmed = Some(only);
        self
    }

    /// Include custom field values (`expand=customFields`).
    pub fn expand_custom_fields(mut self, expand: bool) -> Self {
        self.expand_custom_fields = expand;
        self
    }

    /// Start after `skip` items.
    pub fn skip(mut self, skip: u64) -> Self {
        self.skip = skip;
        self
    }

    /// Page size, 1 to 100.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = limit;
        self
    }
}

/// Input of `bookings.get`: `GET /bookings/{id}` (reference §1.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetBooking {
    /// Booking id.
    pub id: BookingId,
    /// Send `expand=customFields`.
    #[serde(default)]
    pub expand_custom_fields: bool,
}

impl GetBooking {
    /// The booking `id`.
    pub fn new(id: impl Into<BookingId>) -> Self {
        GetBooking {
            id: id.into(),
            expand_custom_fields: false,
        }
    }

    /// Include custom field values.
    pub fn expand_custom_fields(mut self, expand: bool) -> Self {
        self.expand_custom_fields = expand;
        self
    }
}

/// The guest of a new booking. `name` is required.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewGuest {
    /// Name (required, not blank).
    pub name: String,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone, E.164 with `+` and country code (`+447700900123`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Send SMS notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_sms: Option<bool>,
    /// Send email notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_email: Option<bool>,
}

impl NewGuest {
    /// A guest called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        NewGuest {
            name: name.into(),
            email: None,
            phone: None,
            notification_sms: None,
            notification_email: None,
        }
    }

    /// Email.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Phone (E.164).
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// SMS notifications on or off.
    pub fn notification_sms(mut self, on: bool) -> Self {
        self.notification_sms = Some(on);
        self
    }

    /// Email notifications on or off.
    pub fn notification_email(mut self, on: bool) -> Self {
        self.notification_email = Some(on);
        self
    }
}

/// Input of `bookings.create`: `POST /bookings` (reference §1.3). Serialises to exactly the
/// request body; only documented keys exist, because unknown keys give 422.
///
/// ```
/// use resos::{CreateBooking, NewGuest, LocalTime, BookingStatus};
/// use jiff::civil::date;
/// let request = CreateBooking::new(
///     date(2026, 3, 14),
///     LocalTime::hm(19, 30).unwrap(),
///     4,
///     NewGuest::new("Ada Example").email("ada@example.org"),
/// )
/// .duration(120)
/// .status(BookingStatus::Request)
/// .tables(["Tb100000000000001"])
/// .note("Created by bookbridge")
/// .note_author("bookbridge");
/// let body = serde_json::to_value(&request)?;
/// assert_eq!(body["time"], "19:30");
/// assert_eq!(body["guest"]["name"], "Ada Example");
/// assert_eq!(body["tables"], serde_json::json!(["Tb100000000000001"]));
/// assert_eq!(body["noteAuthor"], "bookbridge");
/// // Only fields that were set are sent: unknown or empty keys could give 422.
/// assert!(body.get("comment").is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateBooking {
    /// Local date.
    pub date: Date,
    /// Local start time.
    pub time: LocalTime,
    /// Party size (at least 1).
    pub people: u32,
    /// The guest.
    pub guest: NewGuest,
    /// Length in minutes (most clients send it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// Status (default `request`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BookingStatus>,
    /// Source (default `other`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<BookingSource>,
    /// Guest-visible comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Internal note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Author shown on the note (default `API`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_author: Option<String>,
    /// Referring URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// Language of guest messages (default `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// Pin to these tables (otherwise resOS assigns tables).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableId>,
    /// Opening-hours period (from `booking_flow().times`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hour_id: Option<OpeningHourId>,
    /// Force an area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_id: Option<crate::common::AreaId>,
    /// Custom field values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_fields: Vec<CustomFieldValue>,
    /// Arbitrary data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// Ask resOS to send the confirmation email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_notification: Option<bool>,
}

impl CreateBooking {
    /// A booking for `people` guests on `date` at `time` (local time).
    pub fn new(date: Date, time: LocalTime, people: u32, guest: NewGuest) -> Self {
        CreateBooking {
            date,
            time,
            people,
            guest,
            duration: None,
            status: None,
            source: None,
            comment: None,
            note: None,
            note_author: None,
            referrer: None,
            language_code: None,
            tables: Vec::new(),
            opening_hour_id: None,
            area_id: None,
            custom_fields: Vec::new(),
            metadata: None,
            send_notification: None,
        }
    }

    /// Length in minutes.
    pub fn duration(mut self, minutes: u32) -> Self {
        self.duration = Some(minutes);
        self
    }

    /// Initial status.
    pub fn status(mut self, status: BookingStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Source.
    pub fn source(mut self, source: BookingSource) -> Self {
        self.source = Some(source);
        self
    }

    /// Guest-visible comment.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Internal note, visible only to the restaurant.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Author shown on the note (default `API`).
    pub fn note_author(mut self, author: impl Into<String>) -> Self {
        self.note_author = Some(author.into());
        self
    }

    /// Referring URL.
    pub fn referrer(mut self, url: impl Into<String>) -> Self {
        self.referrer = Some(url.into());
        self
    }

    /// Language of guest messages.
    pub fn language_code(mut self, code: impl Into<String>) -> Self {
        self.language_code = Some(code.into());
        self
    }

    /// Pin to tables.
    pub fn tables<T: Into<TableId>>(mut self, tables: impl IntoIterator<Item = T>) -> Self {
        self.tables = tables.into_iter().map(Into::into).collect();
        self
    }

    /// Opening-hours period.
    pub fn opening_hour_id(mut self, id: impl Into<OpeningHourId>) -> Self {
        self.opening_hour_id = Some(id.into());
        self
    }

    /// Force an area.
    pub fn area_id(mut self, id: impl Into<crate::common::AreaId>) -> Self {
        self.area_id = Some(id.into());
        self
    }

    /// Custom field values.
    pub fn custom_fields(mut self, values: Vec<CustomFieldValue>) -> Self {
        self.custom_fields = values;
        self
    }

    /// Arbitrary data.
    pub fn metadata(mut self, metadata: Map<String, Value>) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Ask resOS to send the confirmation email.
    pub fn send_notification(mut self, send: bool) -> Self {
        self.send_notification = Some(send);
        self
    }

    fn validate(&self) -> Result<()> {
        if self.people == 0 {
            return Err(Error::validation("people", "must be at least 1"));
        }
        if self.guest.name.trim().is_empty() {
            return Err(Error::validation("guest.name", "is required"));
        }
        if self.duration == Some(0) {
            return Err(Error::validation("duration", "must be at least 1 minute"));
        }
        Ok(())
    }
}

/// Guest fields to change; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuestChanges {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// New phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// SMS notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_sms: Option<bool>,
    /// Email notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_email: Option<bool>,
}

/// The fields of a partial update (the body of `PUT /bookings/{id}`, reference §1.4).
/// `None` leaves a field as it is; `comment` cannot be changed (add a restaurant note).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BookingChanges {
    /// New local date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// New local time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<LocalTime>,
    /// New party size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<u32>,
    /// New length in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// New tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tables: Option<Vec<TableId>>,
    /// New status (see also [`Bookings::set_status`], [`Bookings::cancel`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BookingStatus>,
    /// New source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<BookingSource>,
    /// New referrer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// New language code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// New opening-hours period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hour_id: Option<OpeningHourId>,
    /// Guest changes (sent nested).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest: Option<GuestChanges>,
    /// The **complete** list of custom field values: values left out are removed. Read the
    /// booking first (with `expand_custom_fields`), merge, then send all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomFieldValue>>,
    /// New free-form data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

/// Input of `bookings.update`: `PUT /bookings/{id}` with only the changed fields.
///
/// ```
/// use resos::{UpdateBooking, GuestChanges};
/// let request = UpdateBooking::new("A3CAfJycSJMHEWHHd")
///     .people(6)
///     .guest(GuestChanges { phone: Some("+447700900123".into()), ..Default::default() });
/// assert_eq!(
///     serde_json::to_value(&request.changes)?,
///     serde_json::json!({"people": 6, "guest": {"phone": "+447700900123"}})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateBooking {
    /// Booking id.
    pub id: BookingId,
    /// What to change (the request body).
    pub changes: BookingChanges,
}

impl UpdateBooking {
    /// An update of booking `id` that changes nothing yet.
    pub fn new(id: impl Into<BookingId>) -> Self {
        UpdateBooking {
            id: id.into(),
            changes: BookingChanges::default(),
        }
    }

    /// New date.
    pub fn date(mut self, date: Date) -> Self {
        self.changes.date = Some(date);
        self
    }

    /// New time.
    pub fn time(mut self, time: LocalTime) -> Self {
        self.changes.time = Some(time);
        self
    }

    /// New party size.
    pub fn people(mut self, people: u32) -> Self {
        self.changes.people = Some(people);
        self
    }

    /// New length in minutes.
    pub fn duration(mut self, minutes: u32) -> Self {
        self.changes.duration = Some(minutes);
        self
    }

    /// New tables.
    pub fn tables<T: Into<TableId>>(mut self, tables: impl IntoIterator<Item = T>) -> Self {
        self.changes.tables = Some(tables.into_iter().map(Into::into).collect());
        self
    }

    /// New status.
    pub fn status(mut self, status: BookingStatus) -> Self {
        self.changes.status = Some(status);
        self
    }

    /// New source.
    pub fn source(mut self, source: BookingSource) -> Self {
        self.changes.source = Some(source);
        self
    }

    /// New referrer.
    pub fn referrer(mut self, url: impl Into<String>) -> Self {
        self.changes.referrer = Some(url.into());
        self
    }

    /// New language code.
    pub fn language_code(mut self, code: impl Into<String>) -> Self {
        self.changes.language_code = Some(code.into());
        self
    }

    /// New opening-hours period.
    pub fn opening_hour_id(mut self, id: impl Into<OpeningHourId>) -> Self {
        self.changes.opening_hour_id = Some(id.into());
        self
    }

    /// Guest changes.
    pub fn guest(mut self, guest: GuestChanges) -> Self {
        self.changes.guest = Some(guest);
        self
    }

    /// Replace all custom field values.
    pub fn custom_fields(mut self, values: Vec<CustomFieldValue>) -> Self {
        self.changes.custom_fields = Some(values);
        self
    }

    /// New free-form data.
    pub fn metadata(mut self, metadata: Map<String, Value>) -> Self {
        self.changes.metadata = Some(metadata);
        self
    }

    fn validate(&self) -> Result<()> {
        if self.changes == BookingChanges::default() {
            return Err(Error::validation("changes", "nothing to change"));
        }
        if self.changes.people == Some(0) {
            return Err(Error::validation("people", "must be at least 1"));
        }
        if self
            .changes
            .guest
            .as_ref()
            .and_then(|g| g.name.as_deref())
            .is_some_and(|n| n.trim().is_empty())
        {
            return Err(Error::validation("guest.name", "must not be blank"));
        }
        Ok(())
    }
}

/// Input of `bookings.set_status`: `PUT /bookings/{id}` with `{"status": ...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetBookingStatus {
    /// Booking id.
    pub id: BookingId,
    /// The new status.
    pub status: BookingStatus,
}

impl SetBookingStatus {
    /// Sets booking `id` to `status`.
    pub fn new(id: impl Into<BookingId>, status: BookingStatus) -> Self {
        SetBookingStatus {
            id: id.into(),
            status,
        }
    }
}

/// Input of `bookings.cancel`: `PUT /bookings/{id}` with `{"status": "canceled"}` (there is
/// no DELETE: it gives 400; reference §1.4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBooking {
    /// Booking id.
    pub id: BookingId,
}

impl CancelBooking {
    /// Cancels booking `id`.
    pub fn new(id: impl Into<BookingId>) -> Self {
        CancelBooking { id: id.into() }
    }
}

/// Input of `bookings.add_restaurant_note`: `POST /bookings/{id}/restaurantNote`
/// (reference §1.5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddRestaurantNote {
    /// Booking id.
    pub id: BookingId,
    /// The note (not blank).
    pub text: String,
}

impl AddRestaurantNote {
    /// Adds `text` as an internal note to booking `id`.
    pub fn new(id: impl Into<BookingId>, text: impl Into<String>) -> Self {
        AddRestaurantNote {
            id: id.into(),
            text: text.into(),
        }
    }
}

/// Input of `bookings.add_comment`: `POST /bookings/{id}/comment`. **Unverified**: only the
/// AI-drafted spec has this endpoint (reference §1.6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddComment {
    /// Booking id.
    pub id: BookingId,
    /// The comment (not blank).
    pub text: String,
}

impl AddComment {
    /// Adds `text` as a guest-visible comment to booking `id`.
    pub fn new(id: impl Into<BookingId>, text: impl Into<String>) -> Self {
        AddComment {
            id: id.into(),
            text: text.into(),
        }
    }
}

#[derive(Serialize)]
struct TextBody<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct StatusBody<'a> {
    status: &'a BookingStatus,
}

/// Handle for bookings: `client.bookings()`.
#[derive(Clone, Debug)]
pub struct Bookings {
    client: Client,
}

impl Bookings {
    pub(crate) fn new(client: Client) -> Self {
        Bookings { client }
    }

    fn params(&self, request: &ListBookings) -> Result<crate::client::ListParams> {
        let mut params = self
            .client
            .list_params(request.sort.as_ref(), request.custom_query.as_ref())?;
        if let Some(range) = &request.range {
            params.push("fromDateTime", range.from_param());
            params.push("toDateTime", range.to_param());
        }
        params.push_opt("onlyConfirmed", request.only_confirmed);
        if request.expand_custom_fields {
            params.push("expand", "customFields");
        }
        Ok(params)
    }

    /// Every matching booking, fetched page by page from `request.skip` with
    /// `request.limit` per page, until a short page (`bookings.list`). Cancelled bookings are
    /// included: filter on [`Booking::status`].
    pub fn list(
        &self,
        request: &ListBookings,
    ) -> impl Stream<Item = Result<Booking>> + Send + 'static {
        self.client.pages(
            "/bookings",
            self.params(request),
            request.skip,
            request.limit,
        )
    }

    /// One page: `GET /bookings?skip=..&limit=..` (`bookings.list_page`).
    pub async fn list_page(&self, request: &ListBookings) -> Result<Vec<Booking>> {
        let params = self.params(request)?;
        self.client
            .page("/bookings", &params, request.skip, request.limit)
            .await
    }

    /// `GET /bookings/{id}` (`bookings.get`). An unknown id is [`Error::NotFound`].
    pub async fn get(&self, request: &GetBooking) -> Result<Booking> {
        let mut rb = self
            .client
            .http()
            .get("/bookings/{id}")
            .path_param("id", &request.id);
        if request.expand_custom_fields {
            rb = rb.query("expand", "customFields");
        }
        rb.send_json().await
    }

    /// `POST /bookings` (`bookings.create`): returns the new booking's id (resOS answers with
    /// the bare id, not the booking). No suitable table gives an [`Error::Api`] of kind
    /// [`core_http::ApiErrorKind::NoAvailability`].
    pub async fn create(&self, request: &CreateBooking) -> Result<BookingId> {
        request.validate()?;
        let id: CreatedId = self
            .client
            .http()
            .post("/bookings")
            .json(request)
            .send_json()
            .await?;
        Ok(BookingId(id.into_string()))
    }

    /// `PUT /bookings/{id}` with the changed fields (`bookings.update`).
    pub async fn update(&self, request: &UpdateBooking) -> Result<()> {
        request.validate()?;
        self.put(&request.id, &request.changes).await
    }

    /// Changes the status (`bookings.set_status`).
    pub async fn set_status(&self, request: &SetBookingStatus) -> Result<()> {
        if request.status.as_str().trim().is_empty() {
            return Err(Error::validation("status", "must not be empty"));
        }
        self.put(
            &request.id,
            &StatusBody {
                status: &request.status,
            },
        )
        .await
    }

    /// Cancels: status `canceled`; resOS sets `canceledAt` (`bookings.cancel`). Cancelling a
    /// cancelled booking succeeds.
    pub async fn cancel(&self, request: &CancelBooking) -> Result<()> {
        self.put(
            &request.id,
            &StatusBody {
                status: &BookingStatus::Canceled,
            },
        )
        .await
    }

    /// Sends a PUT; resOS answers `true`. Any other success body is accepted, except `false`.
    async fn put<B: Serialize>(&self, id: &BookingId, body: &B) -> Result<()> {
        let response = self
            .client
            .http()
            .put("/bookings/{id}")
            .path_param("id", id)
            .json(body)
            .send()
            .await?;
        if response.json::<Value>().ok() == Some(Value::Bool(false)) {
            let mut api = ApiError::new(response.status().as_u16());
            api.request = "PUT /bookings/{id}".to_owned();
            api.message = "resOS answered `false`: the booking was not updated".to_owned();
            api.body = "false".to_owned();
            return Err(Error::Api(Box::new(api)));
        }
        Ok(())
    }

    /// Adds an internal note (`bookings.add_restaurant_note`); returns the note's id.
    pub async fn add_restaurant_note(&self, request: &AddRestaurantNote) -> Result<NoteId> {
        if request.text.trim().is_empty() {
            return Err(Error::validation("text", "must not be blank"));
        }
        let id: CreatedId = self
            .client
            .http()
            .post("/bookings/{id}/restaurantNote")
            .path_param("id", &request.id)
            .json(&TextBody {
                text: &request.text,
            })
            .send_json()
            .await?;
        Ok(NoteId(id.into_string()))
    }

    /// Adds a guest-visible comment (`bookings.add_comment`); returns the comment's id.
    /// **Unverified** endpoint (reference §1.6).
    pub async fn add_comment(&self, request: &AddComment) -> Result<CommentId> {
        if request.text.trim().is_empty() {
            return Err(Error::validation("text", "must not be blank"));
        }
        let id: CreatedId = self
            .client
            .http()
            .post("/bookings/{id}/comment")
            .path_param("id", &request.id)
            .json(&TextBody {
                text: &request.text,
            })
            .send_json()
            .await?;
        Ok(CommentId(id.into_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_keeps_unknown_values() {
        let s: BookingStatus = serde_json::from_str(r#""pending_payment""#).unwrap();
        assert_eq!(s, BookingStatus::Unknown("pending_payment".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""pending_payment""#);
        let s: BookingStatus = serde_json::from_str(r#""no_show""#).unwrap();
        assert_eq!(s, BookingStatus::NoShow);
        assert!(BookingStatus::Seated.is_active());
        assert!(!BookingStatus::Canceled.is_active());
    }

    #[test]
    fn booking_round_trips_with_extra_fields() {
        let json = serde_json::json!({
            "_id": "A3CAfJycSJMHEWHHd",
            "date": "2025-01-15",
            "time": "9:30",
            "dateTime": "2025-01-15T08:30:00Z",
            "people": "4",
            "status": "approved",
            "guest": {"name": "Zoë Ørsted", "loyalty": 3},
            "tables": null,
            "payment": {"provider": "stripe"}
        });
        let b: Booking = serde_json::from_value(json).unwrap();
        assert_eq!(b.people, Some(4));
        assert_eq!(b.time.unwrap().to_hhmm(), "09:30");
        assert!(b.tables.is_empty());
        assert_eq!(b.extra["payment"]["provider"], "stripe");
        assert_eq!(b.guest.as_ref().unwrap().extra["loyalty"], 3);
        let again: Booking = serde_json::from_value(serde_json::to_value(&b).unwrap()).unwrap();
        assert_eq!(again, b);
    }

    #[test]
    fn create_validation() {
        let ok = CreateBooking::new(
            jiff::civil::date(2026, 3, 14),
            LocalTime::hm(19, 30).unwrap(),
            2,
            NewGuest::new("Ada"),
        );
        assert!(ok.validate().is_ok());
        let mut none = ok.clone();
        none.people = 0;
        assert!(matches!(none.validate(), Err(Error::Validation { .. })));
        let mut blank = ok.clone();
        blank.guest.name = "  ".into();
        assert!(blank.validate().is_err());
        assert!(ok.clone().duration(0).validate().is_err());
    }

    #[test]
    fn create_refuses_unknown_input_keys() {
        let json = serde_json::json!({
            "date": "2026-03-14", "time": "19:30", "people": 2,
            "guest": {"name": "Ada"}, "colour": "red"
        });
        assert!(serde_json::from_value::<CreateBooking>(json).is_err());
    }

    #[test]
    fn empty_update_is_refused() {
        assert!(UpdateBooking::new("x").validate().is_err());
        assert!(UpdateBooking::new("x").people(0).validate().is_err());
        assert!(UpdateBooking::new("x").people(3).validate().is_ok());
    }
}
