//! Bookings (docs/vendors/resos.md §8): the model, and list, get, create, update, status change,
//! cancel, internal notes and guest comments.

use core_http::{ApiError, ApiErrorKind, Error, Result};
use futures::Stream;
use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{Client, MAX_PAGE_SIZE};
use crate::common::{
    AreaId, BookingId, CommentId, CreatedId, GuestId, LocalTime, NoteId, OpeningHourId,
    RestaurantId, TableId, lenient,
};
use crate::custom_fields::CustomFieldValue;
use crate::query::{CustomQuery, DateRange, Sort};
use crate::tables::Table;

model_kit::open_enum! {
    /// Status of a booking (docs/vendors/resos.md §8.1; note `canceled` with one
    /// "l").
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
    /// or `seated` (docs/vendors/resos.md §8).
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

model_kit::open_enum! {
    /// Where a booking came from (docs/vendors/resos.md §8.1; sources disagree, so
    /// unknown values are kept). The default when omitted on create is `other`.
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

model_kit::open_enum! {
    /// Language of the messages resOS sends the guest (docs/vendors/resos.md §8.1): resOS
    /// writes guest messages only in these five languages; the default is English. Unknown
    /// values are kept when reading; a request refuses them before sending.
    #[non_exhaustive]
    pub enum LanguageCode {
        /// English (`en`, the default).
        English = "en",
        /// Spanish (`es`).
        Spanish = "es",
        /// German (`de`).
        German = "de",
        /// Danish (`da`).
        Danish = "da",
        /// Swedish (`sv`).
        Swedish = "sv",
    }
}

/// The guest of a booking (docs/vendors/resos.md §8.1).
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
    pub email: Option<model_kit::Email>,
    /// Phone, E.164 with `+`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<model_kit::Phone>,
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

/// A booking, as returned by `GET /bookings` and `GET /bookings/{id}` (docs/vendors/resos.md §8).
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
    /// Language of guest messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<LanguageCode>,
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

/// Input of `bookings.list` and `bookings.list_page`: `GET /bookings`
/// (docs/vendors/resos.md §8.2).
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

crate::common::skip_limit_setters!(ListBookings, "Every booking, 100 per page.");

impl ListBookings {
    /// Include custom field values (`expand=customFields`).
    pub fn expand_custom_fields(mut self, expand: bool) -> Self {
        self.expand_custom_fields = expand;
        self
    }
}

model_kit::setters!(ListBookings {
    /// Only bookings in this range (both ends are always sent).
    range: DateRange,
    /// Sort order.
    sort: Sort,
    /// Search expression.
    custom_query: CustomQuery,
    /// `onlyConfirmed` (exact semantics undocumented).
    only_confirmed: bool,
});

/// Input of `bookings.get`: `GET /bookings/{id}` (docs/vendors/resos.md §8.3).
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
    pub email: Option<model_kit::Email>,
    /// Phone, E.164 with `+` and country code (`+447700900123`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<model_kit::Phone>,
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
}

model_kit::setters!(NewGuest {
    /// Email.
    email: model_kit::Email,
    /// Phone, E.164 (`+447700900123`).
    phone: model_kit::Phone,
    /// SMS notifications on or off.
    notification_sms: bool,
    /// Email notifications on or off.
    notification_email: bool,
});

/// Input of `bookings.create`: `POST /bookings` (docs/vendors/resos.md §8.4). Serialises to exactly
/// the request body; only documented keys exist, because unknown keys give 422.
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
    /// Language of guest messages (default English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<LanguageCode>,
    /// Pin to these tables (otherwise resOS assigns tables).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableId>,
    /// Opening-hours period (from `booking_flow().times`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hour_id: Option<OpeningHourId>,
    /// Force an area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_id: Option<AreaId>,
    /// Custom field values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_fields: Vec<CustomFieldValue>,
    /// Free-form data: resOS stores any JSON object here (docs/vendors/resos.md §8.1), so
    /// this field is untyped on purpose.
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

    /// Pin to tables.
    pub fn tables<T: Into<TableId>>(mut self, tables: impl IntoIterator<Item = T>) -> Self {
        self.tables = tables.into_iter().map(Into::into).collect();
        self
    }

    /// Custom field values.
    pub fn custom_fields(mut self, values: Vec<CustomFieldValue>) -> Self {
        self.custom_fields = values;
        self
    }

    fn validate(&self) -> Result<()> {
        if self.people == 0 {
            return Err(Error::validation("people", "must be at least 1"));
        }
        if self.guest.name.trim().is_empty() {
            return Err(Error::validation("guest.name", "is required"));
        }
        check_contact(
            "guest",
            self.guest.email.as_deref(),
            self.guest.phone.as_deref(),
        )?;
        if self.duration == Some(0) {
            return Err(Error::validation("duration", "must be at least 1 minute"));
        }
        check_common(
            self.language_code.as_ref(),
            self.referrer.as_deref(),
            &self.tables,
            &self.custom_fields,
        )?;
        for (field, text) in [
            ("comment", &self.comment),
            ("note", &self.note),
            ("noteAuthor", &self.note_author),
        ] {
            if text.as_deref().is_some_and(|t| t.trim().is_empty()) {
                return Err(Error::validation(field, "must not be blank when set"));
            }
        }
        Ok(())
    }
}

model_kit::setters!(CreateBooking {
    /// Initial status (default `request`).
    status: BookingStatus,
    /// Source (default `other`).
    source: BookingSource,
    /// Guest-visible comment.
    comment: String,
    /// Internal note, visible only to the restaurant.
    note: String,
    /// Author shown on the note (default `API`).
    note_author: String,
    /// Referring URL (absolute, http or https).
    referrer: String,
    /// Language of guest messages.
    language_code: LanguageCode,
    /// Opening-hours period (from `booking_flow().times`).
    opening_hour_id: OpeningHourId,
    /// Force an area.
    area_id: AreaId,
    /// Free-form data (any JSON object).
    metadata: Map<String, Value>,
    /// Ask resOS to send the confirmation email.
    send_notification: bool,
});

/// Guest fields to change; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuestChanges {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<model_kit::Email>,
    /// New phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<model_kit::Phone>,
    /// SMS notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_sms: Option<bool>,
    /// Email notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_email: Option<bool>,
}

/// The fields of a partial update (the body of `PUT /bookings/{id}`, docs/vendors/resos.md §8.5).
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
    /// New language of guest messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<LanguageCode>,
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
    /// New free-form data: resOS stores any JSON object here (docs/vendors/resos.md §8.1), so
    /// this field is untyped on purpose.
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

    fn validate(&self) -> Result<()> {
        if self.changes == BookingChanges::default() {
            return Err(Error::validation("changes", "nothing to change"));
        }
        let changes = &self.changes;
        if changes.people == Some(0) {
            return Err(Error::validation("people", "must be at least 1"));
        }
        if changes.duration == Some(0) {
            return Err(Error::validation("duration", "must be at least 1 minute"));
        }
        if let Some(guest) = &changes.guest {
            if guest.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
                return Err(Error::validation("guest.name", "must not be blank"));
            }
            check_contact("guest", guest.email.as_deref(), guest.phone.as_deref())?;
        }
        check_common(
            changes.language_code.as_ref(),
            changes.referrer.as_deref(),
            changes.tables.as_deref().unwrap_or_default(),
            changes.custom_fields.as_deref().unwrap_or_default(),
        )
    }
}

model_kit::setters!(UpdateBooking.changes {
    /// New date.
    date: Date,
    /// New time.
    time: LocalTime,
    /// New status.
    status: BookingStatus,
    /// New source.
    source: BookingSource,
    /// New referrer.
    referrer: String,
    /// New language of guest messages.
    language_code: LanguageCode,
    /// New opening-hours period.
    opening_hour_id: OpeningHourId,
    /// Guest changes.
    guest: GuestChanges,
    /// Replace all custom field values.
    custom_fields: Vec<CustomFieldValue>,
    /// New free-form data.
    metadata: Map<String, Value>,
});

/// Checks a guest's email and phone: the phone must be E.164 (`+`, then 7 to 15 digits,
/// docs/vendors/resos.md §8.1), the email must look like one (`local@domain`, no spaces).
fn check_contact(prefix: &str, email: Option<&str>, phone: Option<&str>) -> Result<()> {
    if let Some(phone) = phone {
        let digits = phone.strip_prefix('+').unwrap_or_default();
        let e164 = phone.starts_with('+')
            && (7..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if !e164 {
            return Err(Error::validation(
                format!("{prefix}.phone"),
                format!("`{phone}` is not E.164: `+`, country code and number, digits only"),
            ));
        }
    }
    if let Some(email) = email {
        let ok = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@')
        }) && !email.chars().any(char::is_whitespace);
        if !ok {
            return Err(Error::validation(
                format!("{prefix}.email"),
                format!("`{email}` is not an email address"),
            ));
        }
    }
    Ok(())
}

/// Checks the fields create and update share: a known language, an absolute `http(s)`
/// referrer URL, non-blank table ids and custom field ids.
fn check_common(
    language: Option<&LanguageCode>,
    referrer: Option<&str>,
    tables: &[TableId],
    custom_fields: &[CustomFieldValue],
) -> Result<()> {
    if let Some(code) = language.filter(|c| !c.is_known()) {
        return Err(Error::validation(
            "languageCode",
            format!("resOS writes to guests only in en, es, de, da or sv, not `{code}`"),
        ));
    }
    if let Some(url) = referrer {
        let ok =
            core_http::http::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if !ok {
            return Err(Error::validation(
                "referrer",
                format!("`{url}` is not an absolute http(s) URL"),
            ));
        }
    }
    if tables.iter().any(|t| t.as_str().trim().is_empty()) {
        return Err(Error::validation("tables", "a table id is blank"));
    }
    if custom_fields
        .iter()
        .any(|f| f.id.as_str().trim().is_empty())
    {
        return Err(Error::validation(
            "customFields",
            "a custom field id is blank",
        ));
    }
    Ok(())
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
/// no DELETE: it gives 400; docs/vendors/resos.md §8.5).
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
/// (docs/vendors/resos.md §8.6).
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
/// AI-drafted spec has this endpoint (docs/vendors/resos.md §8.7).
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

    pub(crate) fn params(&self, request: &ListBookings) -> Result<crate::client::ListParams> {
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

    /// Every matching booking, as a lazy stream fetched page by page from `request.skip`
    /// with `request.limit` per page, until a short page (`bookings.list`). Cancelled
    /// bookings are included: filter on [`Booking::status`].
    ///
    /// # Errors
    ///
    /// A `limit` outside 1..=100, a search expression that cannot be written, or a non-ASCII
    /// expression sent as a header ([`crate::CustomQueryDelivery::Header`]) is yielded as
    /// [`Error::Validation`], the only item, before any request.
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

    /// One page: `GET /bookings?skip=..&limit=..` (`bookings.list_page`). resOS gives no
    /// total or next link, so a page is a plain `Vec`; a page shorter than `limit` is the last.
    ///
    /// # Errors
    ///
    /// As [`list`](Self::list): [`Error::Validation`] before any request for a bad `limit`
    /// or search expression.
    pub async fn list_page(&self, request: &ListBookings) -> Result<Vec<Booking>> {
        let params = self.params(request)?;
        self.client
            .page("/bookings", &params, request.skip, request.limit)
            .await
    }

    /// `GET /bookings/{id}` (`bookings.get`).
    ///
    /// # Errors
    ///
    /// An unknown id is [`Error::NotFound`]; an empty id is [`Error::Validation`].
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
    /// the bare id, not the booking).
    ///
    /// # Errors
    ///
    /// - [`Error::Validation`], nothing sent: `people` or `duration` of 0, a blank guest
    ///   name, a phone that is not E.164, an email without `@`, a language other than the
    ///   five resOS writes in, a referrer that is not an http(s) URL, blank ids or texts.
    /// - [`Error::Api`] of kind [`ApiErrorKind::NoAvailability`]: resOS's 422 "no suitable
    ///   table" (no table can take the party).
    /// - [`Error::Api`] of kind [`ApiErrorKind::Unprocessable`]: another 422, such as an
    ///   unknown key in the body.
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
    ///
    /// # Errors
    ///
    /// - [`Error::Validation`], nothing sent: no change at all, or a change that breaks the
    ///   rules of [`create`](Self::create).
    /// - [`Error::Api`]: resOS answered anything but `true` (a `false` means the booking was
    ///   not changed); the answer is in [`ApiError::body`].
    /// - [`Error::NotFound`]: unknown id.
    pub async fn update(&self, request: &UpdateBooking) -> Result<()> {
        request.validate()?;
        self.put(&request.id, &request.changes).await
    }

    /// Changes the status (`bookings.set_status`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when resOS answers anything but `true` (a `false` means the status did
    /// not change); [`Error::NotFound`] for an unknown id.
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
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when resOS answers anything but `true` (a `false` means the booking is
    /// not cancelled); [`Error::NotFound`] for an unknown id.
    pub async fn cancel(&self, request: &CancelBooking) -> Result<()> {
        self.put(
            &request.id,
            &StatusBody {
                status: &BookingStatus::Canceled,
            },
        )
        .await
    }

    /// Sends a PUT; resOS answers a bare `true` (docs/vendors/resos.md §8.5). Anything else
    /// (`false`, another value, an empty body) means the change is not confirmed: an
    /// [`Error::Api`] that keeps the answer in `body`.
    async fn put<B: Serialize>(&self, id: &BookingId, body: &B) -> Result<()> {
        let response = self
            .client
            .http()
            .put("/bookings/{id}")
            .path_param("id", id)
            .json(body)
            .send()
            .await?;
        match response.json::<Value>() {
            Ok(Value::Bool(true)) => Ok(()),
            answer => {
                let mut api = ApiError::new(response.status().as_u16());
                api.kind = ApiErrorKind::Other;
                api.request = "PUT /bookings/{id}".to_owned();
                api.message = if matches!(answer, Ok(Value::Bool(false))) {
                    "resOS answered `false`: the booking was not changed".to_owned()
                } else {
                    "resOS did not answer `true`: the change is not confirmed".to_owned()
                };
                api.body = core_http::redact::truncate(&response.text());
                Err(Error::Api(Box::new(api)))
            }
        }
    }

    /// Adds an internal note (`bookings.add_restaurant_note`); returns the note's id.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a blank text, before any request.
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
    /// **Unverified** endpoint (docs/vendors/resos.md §8.7).
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
