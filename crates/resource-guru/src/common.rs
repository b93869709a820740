//! Types shared by every resource: ids, minutes since midnight, weekdays, link objects, and
//! lenient decoders for values the API sends in more than one shape
//! (docs/vendors/resource-guru.md §1, §5).
//!
//! Every id is an integer ≥ 1, decoded from a number or a string of digits (report ids come as
//! strings in the legacy examples) and sent as a number.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

model_kit::id_newtype! {
    /// A Resource Guru account id (`/v1/accounts/{id}`).
    pub struct AccountId(u64);
    /// A booking id.
    pub struct BookingId(u64);
    /// A resource id (people, rooms, vehicles...).
    pub struct ResourceId(u64);
    /// A resource type id.
    pub struct ResourceTypeId(u64);
    /// A client id.
    pub struct ClientId(u64);
    /// A project id.
    pub struct ProjectId(u64);
    /// A user id.
    pub struct UserId(u64);
    /// A downtime (time off) id.
    pub struct DowntimeId(u64);
    /// A downtime type id.
    pub struct DowntimeTypeId(u64);
    /// A custom field id.
    pub struct CustomFieldId(u64);
    /// A custom field option id.
    pub struct CustomFieldOptionId(u64);
    /// A webhook id.
    pub struct WebhookId(u64);
    /// A webhook payload (queue entry) id.
    pub struct PayloadId(u64);
    /// A calendar (calendar sync subscription) id.
    pub struct CalendarId(u64);
    /// A booking group id (bookings created together, such as a repeat series).
    pub struct GroupId(u64);
    /// An activity type id.
    pub struct ActivityTypeId(u64);
    /// The id of an external calendar synced in by a calendar subscription
    /// (`incoming_calendar_subscriptions[].calendar_id`, "integer >= 1" in the vendor's docs).
    pub struct IncomingCalendarId(u64);
}

/// A time of day as minutes since midnight, `0..=1440` (540 = 09:00; docs/vendors/resource-guru.md §1).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct MinuteOfDay(pub u16);

impl MinuteOfDay {
    /// Largest value: 1440, the end of the day.
    pub const MAX: u16 = 1440;

    /// `hour:minute`, or `None` past 24:00.
    pub fn from_hm(hour: u16, minute: u16) -> Option<Self> {
        let m = hour.checked_mul(60)?.checked_add(minute)?;
        (minute < 60 && m <= Self::MAX).then_some(MinuteOfDay(m))
    }

    /// Whether the value is within `0..=1440`.
    pub fn is_valid(self) -> bool {
        self.0 <= Self::MAX
    }

    /// As a civil time of day (`None` for 1440, which is the end of the day, and for invalid values).
    pub fn to_time(self) -> Option<jiff::civil::Time> {
        let h = i8::try_from(self.0 / 60).ok()?;
        let m = i8::try_from(self.0 % 60).ok()?;
        jiff::civil::Time::new(h, m, 0, 0).ok()
    }
}

/// A number of minutes per day, `1..=1440` (docs/vendors/resource-guru.md §1).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct DurationMinutes(pub u16);

impl DurationMinutes {
    /// Whether the value is within `1..=1440`.
    pub fn is_valid(self) -> bool {
        (1..=1440).contains(&self.0)
    }
}

/// A day of the week, `0..=6` with 0 = Sunday (docs/vendors/resource-guru.md §1).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Weekday(pub u8);

impl Weekday {
    /// Whether the value is within `0..=6`.
    pub fn is_valid(self) -> bool {
        self.0 <= 6
    }

    /// As a jiff weekday (`None` when out of range).
    pub fn to_jiff(self) -> Option<jiff::civil::Weekday> {
        jiff::civil::Weekday::from_sunday_zero_offset(i8::try_from(self.0).ok()?).ok()
    }
}

/// A short reference to another object: `{id, name, url}` (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LinkRef {
    /// The object's id.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A user reference (booker, acting user): `{id, name, email, color}` (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UserRef {
    /// User id.
    #[serde(default)]
    pub id: Option<UserId>,
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<model_kit::Email>,
    /// Colour (`#rrggbb`), in list responses.
    #[serde(default)]
    pub color: Option<String>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A date or a timestamp: some `deleted_at` values are bare dates (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DateOrTimestamp {
    /// An RFC 3339 timestamp.
    Timestamp(jiff::Timestamp),
    /// A civil date.
    Date(jiff::civil::Date),
    /// Anything else, kept as sent.
    Other(String),
}

/// Decoders for values that come in more than one JSON shape (docs/vendors/resource-guru.md
/// §5): the shared ones of `model-kit`, which need no HTTP stack (the `webhooks` feature builds
/// these models without core-http).
pub use model_kit::lenient;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_numbers_and_digit_strings() {
        let a: BookingId = serde_json::from_str("42").unwrap();
        let b: BookingId = serde_json::from_str("\"42\"").unwrap();
        assert_eq!(a, b);
        assert!(serde_json::from_str::<BookingId>("\"x\"").is_err());
        assert_eq!(serde_json::to_string(&a).unwrap(), "42");
    }

    #[test]
    fn minute_of_day_converts() {
        assert_eq!(MinuteOfDay::from_hm(9, 0), Some(MinuteOfDay(540)));
        assert_eq!(MinuteOfDay::from_hm(24, 1), None);
        assert_eq!(
            MinuteOfDay(600).to_time(),
            Some(jiff::civil::time(10, 0, 0, 0))
        );
        assert!(!MinuteOfDay(1441).is_valid());
        assert!(!DurationMinutes(0).is_valid());
        assert_eq!(Weekday(0).to_jiff(), Some(jiff::civil::Weekday::Sunday));
        assert_eq!(Weekday(7).to_jiff(), None);
    }

    #[test]
    fn sparse_id_arrays_decode_in_index_order() {
        #[derive(Deserialize)]
        struct T {
            #[serde(default, deserialize_with = "lenient::opt_sparse_vec")]
            ids: Option<Vec<UserId>>,
        }
        let t: T = serde_json::from_str(r#"{"ids":{"10":31,"2":"27","0":12}}"#).unwrap();
        assert_eq!(t.ids, Some(vec![UserId(12), UserId(27), UserId(31)]));
        let t: T = serde_json::from_str(r#"{"ids":[1,"2"]}"#).unwrap();
        assert_eq!(t.ids, Some(vec![UserId(1), UserId(2)]));
        let t: T = serde_json::from_str(r#"{"ids":null}"#).unwrap();
        assert_eq!(t.ids, None);
        let t: T = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(t.ids, None);
        assert!(serde_json::from_str::<T>(r#"{"ids":{"a":1}}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"ids":"1,2"}"#).is_err());
    }

    #[test]
    fn lenient_bool_accepts_strings() {
        #[derive(Deserialize)]
        struct T {
            #[serde(default, deserialize_with = "lenient::opt_bool")]
            b: Option<bool>,
        }
        let t: T = serde_json::from_str(r#"{"b":"true"}"#).unwrap();
        assert_eq!(t.b, Some(true));
        let t: T = serde_json::from_str(r#"{"b":false}"#).unwrap();
        assert_eq!(t.b, Some(false));
        let t: T = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(t.b, None);
    }
}

/// Defines a request type holding only `limit` and `offset` (a paged list).
#[cfg(feature = "client")]
macro_rules! page_request {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(default)]
        pub struct $name {
            /// Page size (server default 50 for most lists; `0` = everything where documented).
            /// The stream's page size (default 50).
            pub limit: Option<u32>,
            /// Items to skip.
            pub offset: Option<u64>,
        }

        impl $name {
            /// The first page with the server's default size.
            pub fn new() -> Self {
                Self::default()
            }
        }

        model_kit::setters!($name { limit: u32, offset: u64 });

        impl $crate::client::ListRequest for $name {
            $crate::client::limit_offset_paging!();
        }
    };
}
#[cfg(feature = "client")]
pub(crate) use page_request;

/// Defines the request of a list that takes no parameter and that the vendor does not page
/// (one request answers everything).
#[cfg(feature = "client")]
macro_rules! empty_request {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        ///
        /// It has no parameter: `list(&Default::default())` (or `&Self::new()`).
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        pub struct $name {}

        impl $name {
            /// The request (it has no parameter).
            pub fn new() -> Self {
                Self::default()
            }
        }

        impl $crate::client::ListRequest for $name {}
    };
}
#[cfg(feature = "client")]
pub(crate) use empty_request;

/// Defines a request on one item (an update, or a delete with options): the `{id}` of the
/// path (never in the body) and fields that are all optional and sent only when set. Spelled
/// once, it gives the struct (every field but `id` gets `#[serde(default,
/// skip_serializing_if = "Option::is_none")]`; a field that can be cleared is an
/// `Option<Option<T>>` with `#[serde(deserialize_with = "lenient::nullable")]`; a query-only
/// field adds `#[serde(skip_serializing)]`), `new(id)` with every field unset (its doc comes
/// before `fn new;`), and a setter per field.
#[cfg(feature = "client")]
macro_rules! id_request {
    (
        $(#[$m:meta])*
        pub struct $name:ident {
            $(#[$id_m:meta])*
            pub id: $id:ty,
            $(
                $(#[$f_m:meta])*
                pub $field:ident: Option<$t:ty>,
            )*
        }
        $(#[$new_m:meta])*
        fn new;
    ) => {
        $(#[$m])*
        pub struct $name {
            $(#[$id_m])*
            #[serde(skip_serializing)]
            pub id: $id,
            $(
                $(#[$f_m])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$t>,
            )*
        }

        impl $name {
            $(#[$new_m])*
            pub fn new(id: impl Into<$id>) -> Self {
                $name {
                    id: id.into(),
                    $($field: None,)*
                }
            }
        }

        model_kit::setters!($name { $($field: $t),* });
    };
}
#[cfg(feature = "client")]
pub(crate) use id_request;

/// A clash answer: `{"clashes": [...], "allowClashResolution": bool}` (docs/vendors/resource-guru.md §1; the item
/// shape is unknown).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClashReport {
    /// The clashing items, as sent.
    #[serde(default)]
    pub clashes: Option<Vec<Value>>,
    /// Whether a clash option may resolve them.
    #[serde(
        rename = "allowClashResolution",
        default,
        deserialize_with = "lenient::opt_bool"
    )]
    pub allow_clash_resolution: Option<bool>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
