//! Types shared by every resource: ids, minutes since midnight, weekdays, link objects, and
//! lenient decoders for values the API sends in more than one shape (docs/vendors/resource-guru.md §1, §5).

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Accepts an id sent as a number or as a string of digits (report ids are strings in the
/// legacy examples, docs/vendors/resource-guru.md §7.10).
fn id_from_value<E: serde::de::Error>(v: &Value) -> Result<u64, E> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| E::custom(format!("id must be a non-negative integer, got {n}"))),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| E::custom(format!("id must be digits, got {s:?}"))),
        other => Err(E::custom(format!("id must be a number, got {other}"))),
    }
}

macro_rules! id_type {
    ($($(#[$m:meta])* $name:ident;)*) => {$(
        $(#[$m])*
        ///
        /// An integer ≥ 1 (docs/vendors/resource-guru.md §1); decoded from a number or a string of digits.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<u64> for $name {
            fn from(v: u64) -> Self {
                $name(v)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = Value::deserialize(d)?;
                id_from_value(&v).map($name)
            }
        }
    )*};
}

id_type! {
    /// A Resource Guru account id (`/v1/accounts/{id}`).
    AccountId;
    /// A booking id.
    BookingId;
    /// A resource id (people, rooms, vehicles...).
    ResourceId;
    /// A resource type id.
    ResourceTypeId;
    /// A client id.
    ClientId;
    /// A project id.
    ProjectId;
    /// A user id.
    UserId;
    /// A downtime (time off) id.
    DowntimeId;
    /// A downtime type id.
    DowntimeTypeId;
    /// A custom field id.
    CustomFieldId;
    /// A custom field option id.
    CustomFieldOptionId;
    /// A webhook id.
    WebhookId;
    /// A webhook payload (queue entry) id.
    PayloadId;
    /// A calendar (calendar sync subscription) id.
    CalendarId;
    /// A booking group id (bookings created together, such as a repeat series).
    GroupId;
    /// An activity type id.
    ActivityTypeId;
    /// The id of an external calendar synced in by a calendar subscription
    /// (`incoming_calendar_subscriptions[].calendar_id`, "integer >= 1" in the vendor's docs).
    IncomingCalendarId;
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
    pub email: Option<String>,
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

/// Decoders for values that come in more than one JSON shape (docs/vendors/resource-guru.md §11).
pub mod lenient {
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    /// `true`/`false`, `"true"`/`"false"`, `"1"`/`"0"`, `1`/`0` or null.
    pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        use serde::de::Error;
        match Option::<Value>::deserialize(d)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(Value::Number(n)) => Ok(Some(n.as_f64().is_some_and(|x| x != 0.0))),
            Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Ok(Some(true)),
                "false" | "0" | "no" | "" => Ok(Some(false)),
                other => Err(D::Error::custom(format!("not a boolean: {other:?}"))),
            },
            Some(other) => Err(D::Error::custom(format!("not a boolean: {other}"))),
        }
    }

    /// An array, or null, or the Rails/PHP form of a sparse array: an object whose keys are
    /// array indexes (`{"0": 12, "1": "13"}`), read in numeric key order.
    ///
    /// A local copy of `core_http::lenient::opt_sparse_vec`: the `webhooks` feature builds
    /// these models without core-http.
    pub fn opt_sparse_vec<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: serde::de::DeserializeOwned,
    {
        use serde::de::Error;
        let items = match Option::<Value>::deserialize(d)? {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Array(items)) => items,
            Some(Value::Object(map)) => {
                let mut entries = Vec::with_capacity(map.len());
                for (key, value) in map {
                    let index = key.trim().parse::<u64>().map_err(|_| {
                        D::Error::custom(format!("not an array index as key: {key:?}"))
                    })?;
                    entries.push((index, value));
                }
                entries.sort_by_key(|(index, _)| *index);
                entries.into_iter().map(|(_, value)| value).collect()
            }
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "expected an array or an object with array indexes as keys, got {other}"
                )));
            }
        };
        items
            .into_iter()
            .map(|v| T::deserialize(v).map_err(D::Error::custom))
            .collect::<Result<Vec<T>, _>>()
            .map(Some)
    }

    /// An unsigned integer sent as a number or a string of digits, or null.
    pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        match Option::<Value>::deserialize(d)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(v) => super::id_from_value(&v).map(Some),
        }
    }

    /// A number sent as a number or a numeric string, or null.
    pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        use serde::de::Error;
        match Option::<Value>::deserialize(d)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| D::Error::custom(format!("not a number: {s:?}"))),
            Some(other) => Err(D::Error::custom(format!("not a number: {other}"))),
        }
    }

    /// A string, or a number rendered as a string, or null.
    pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match Option::<Value>::deserialize(d)? {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => Some(other.to_string()),
        })
    }

    /// For `Option<Option<T>>` fields: absent = `None`, `null` = `Some(None)`.
    pub fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(d).map(Some)
    }
}

/// Defines a string enum of the vendor with an `Unknown(String)` fallback that keeps the
/// original text.
macro_rules! vendor_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $variant,)*
            /// A value this client does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The vendor's text for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::Unknown(s) => s.as_str(),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $($text => $name::$variant,)*
                    other => $name::Unknown(other.to_owned()),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(s.parse().unwrap_or_else(|never: std::convert::Infallible| match never {}))
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                String::json_schema(generator)
            }
        }
    };
}
pub(crate) use vendor_enum;

/// Generates `name(value)` setters for optional request fields (`Option<T>` set to `Some`).
#[cfg(feature = "client")]
macro_rules! setters {
    ($ty:ident { $($field:ident : $t:ty),* $(,)? }) => {
        impl $ty {
            $(
                #[doc = concat!("Sets `", stringify!($field), "`.")]
                pub fn $field(mut self, value: impl Into<$t>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*
        }
    };
}
#[cfg(feature = "client")]
pub(crate) use setters;

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

        $crate::common::setters!($name { limit: u32, offset: u64 });

        impl $crate::client::ListRequest for $name {
            fn page_params(&self) -> (Option<u32>, Option<u64>) {
                (self.limit, self.offset)
            }

            fn paged(&self) -> bool {
                true
            }
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
