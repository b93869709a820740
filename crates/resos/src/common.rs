//! Types shared by several resources: identifiers, local times, lenient decoding helpers.

use std::borrow::Cow;
use std::fmt;

use jiff::civil::Time;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `new` (the default request, documented by `$new_doc`) and the `skip` and `limit`
/// setters of a `skip`/`limit` list request.
macro_rules! skip_limit_setters {
    ($name:ident, $new_doc:literal) => {
        impl $name {
            #[doc = $new_doc]
            pub fn new() -> Self {
                Self::default()
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
    };
}

/// Defines the input of a `skip`/`limit` list with `sort` and `customQuery`.
macro_rules! search_list_request {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
        )]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            /// Sort keys (`sort`).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub sort: Option<$crate::query::Sort>,
            /// Search expression (`customQuery`).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub custom_query: Option<$crate::query::CustomQuery>,
            /// Items to skip (`skip`): the first page of a stream.
            pub skip: u64,
            /// Page size (`limit`), 1 to 100 (default 100).
            pub limit: u32,
        }

        impl Default for $name {
            fn default() -> Self {
                $name {
                    sort: None,
                    custom_query: None,
                    skip: 0,
                    limit: $crate::client::MAX_PAGE_SIZE,
                }
            }
        }

        $crate::common::skip_limit_setters!($name, "Everything, 100 per page.");

        impl $crate::common::SearchList for $name {
            fn search(&self) -> $crate::common::Search<'_> {
                $crate::common::Search {
                    sort: self.sort.as_ref(),
                    custom_query: self.custom_query.as_ref(),
                    skip: self.skip,
                    limit: self.limit,
                }
            }
        }

        model_kit::setters!($name {
            /// Sort order.
            sort: $crate::query::Sort,
            /// Search expression.
            custom_query: $crate::query::CustomQuery,
        });
    };
}

/// Defines the input of a get-by-id operation.
macro_rules! get_request {
    ($(#[$doc:meta])* $name:ident, $id:ty) => {
        $(#[$doc])*
        #[derive(
            Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
        )]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The id.
            pub id: $id,
        }

        impl $name {
            /// The item `id`.
            pub fn new(id: impl Into<$id>) -> Self {
                $name { id: id.into() }
            }
        }
    };
}

/// Defines the handle of an **unverified** `skip`/`limit` resource at `$path`: `list` (a lazy
/// stream), `list_page` (one page) and `get` (one item by id at `$path/{id}`), with their
/// request types `$list` and `$get`. `$op` is the handle's operation prefix, `$what` the item in
/// words.
macro_rules! search_handle {
    (
        $(#[$doc:meta])*
        $handle:ident { op: $op:literal, path: $path:literal, what: $what:literal,
            list: $list:ident, get: $get:ident($id:ty) => $item:ty }
    ) => {
        $crate::common::search_list_request!(
            #[doc = concat!("Input of `", $op, ".list` and `", $op, ".list_page`: `GET ", $path, "`")]
            #[doc = "(**unverified**)."]
            $list
        );

        $crate::common::get_request!(
            #[doc = concat!("Input of `", $op, ".get`: `GET ", $path, "/{id}` (**unverified**).")]
            $get,
            $id
        );

        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $handle {
            client: $crate::client::Client,
        }

        impl $handle {
            pub(crate) fn new(client: $crate::client::Client) -> Self {
                $handle { client }
            }

            #[doc = concat!("Every ", $what, ", as a lazy stream fetched page by page (`", $op, ".list`).")]
            #[doc = "**Unverified** endpoint; paging with `skip`/`limit` is assumed as for bookings."]
            pub fn list(
                &self,
                request: &$list,
            ) -> impl futures::Stream<Item = core_http::Result<$item>> + Send + 'static {
                self.client.search_stream($path, request)
            }

            #[doc = concat!("One page (`", $op, ".list_page`). **Unverified** endpoint.")]
            pub async fn list_page(&self, request: &$list) -> core_http::Result<Vec<$item>> {
                self.client.search_page($path, request).await
            }

            #[doc = concat!("One ", $what, " (`", $op, ".get`). **Unverified** endpoint.")]
            pub async fn get(&self, request: &$get) -> core_http::Result<$item> {
                self.client
                    .get_by_id(concat!($path, "/{id}"), request.id.as_str())
                    .await
            }
        }
    };
}

pub(crate) use {get_request, search_handle, search_list_request, skip_limit_setters};

/// The paging and search parameters of a `skip`/`limit` list request.
pub(crate) struct Search<'a> {
    pub(crate) sort: Option<&'a crate::query::Sort>,
    pub(crate) custom_query: Option<&'a crate::query::CustomQuery>,
    pub(crate) skip: u64,
    pub(crate) limit: u32,
}

/// A request of a `skip`/`limit` list with `sort` and `customQuery` (customers, orders,
/// feedback).
pub(crate) trait SearchList {
    /// Its paging and search parameters.
    fn search(&self) -> Search<'_>;
}

model_kit::id_newtype! {
    /// Id of a booking (`_id`).
    ///
    /// resOS ids are opaque strings (17 alphanumeric characters in practice,
    /// docs/vendors/resos.md §7); no format is enforced.
    pub struct BookingId(String);
    /// Id of a guest record, when resOS sends one on a booking's guest.
    ///
    /// resOS ids are opaque strings (17 alphanumeric characters in practice,
    /// docs/vendors/resos.md §7); no format is enforced.
    pub struct GuestId(String);
    /// Id of the restaurant an API key belongs to (`restaurantId`).
    ///
    /// resOS ids are opaque strings (17 alphanumeric characters in practice,
    /// docs/vendors/resos.md §7); no format is enforced.
    pub struct RestaurantId(String);
    /// Id of a table (`_id` of a table).
    ///
    /// resOS ids are opaque strings (17 alphanumeric characters in practice,
    /// docs/vendors/resos.md §7); no format is enforced.
    pub struct TableId(String);
    /// Id of an area of tables.
    ///
    /// resOS ids are opaque strings (17 alphanumeric characters in practice,
    /// docs/vendors/resos.md §7); no format is enforced.
    pub struct AreaId(String);
    /// Id of an opening-hours period (`openingHourId`).
    ///
    /// resOS ids are opaque strings (17 alphanumeric characters in practice,
    /// docs/vendors/resos.md §7); no format is enforced.
    pub struct OpeningHourId(String);
    /// Id of a custom field definition.
    ///
    /// resOS ids are opaque strings (17 alphanumeric characters in practice,
    /// docs/vendors/resos.md §7); no format is enforced.
    pub struct CustomFieldId(String);
    /// Id of one choice of a radio, dropdown or checkbox custom field.
    ///
    /// resOS ids are opaque strings (17 alphanumeric characters in practice,
    /// docs/vendors/resos.md §7); no format is enforced.
    pub struct ChoiceId(String);
    /// Id of an internal restaurant note on a booking.
    ///
    /// resOS ids are opaque strings (17 alphanumeric characters in practice,
    /// docs/vendors/resos.md §7); no format is enforced.
    pub struct NoteId(String);
    /// Id of a guest-visible comment on a booking.
    ///
    /// resOS ids are opaque strings (17 alphanumeric characters in practice,
    /// docs/vendors/resos.md §7); no format is enforced.
    pub struct CommentId(String);
}

/// A time of day in the restaurant's local time, written `HH:MM` (24-hour).
///
/// Reading is lenient: `9:30` (no leading zero, docs/vendors/resos.md §7) and `HH:MM:SS` are
/// accepted. Writing always gives `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalTime(pub Time);

impl LocalTime {
    /// A time from hour and minute; `None` when out of range.
    pub fn hm(hour: i8, minute: i8) -> Option<Self> {
        Time::new(hour, minute, 0, 0).ok().map(LocalTime)
    }

    /// Parses `H:MM`, `HH:MM` or `HH:MM:SS`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split(':');
        let hour: i8 = parts.next()?.parse().ok()?;
        let minute_text = parts.next()?;
        if minute_text.len() != 2 {
            return None;
        }
        let minute: i8 = minute_text.parse().ok()?;
        let second: i8 = match parts.next() {
            Some(s) if s.len() == 2 => s.parse().ok()?,
            Some(_) => return None,
            None => 0,
        };
        if parts.next().is_some() {
            return None;
        }
        Time::new(hour, minute, second, 0).ok().map(LocalTime)
    }

    /// The `HH:MM` form resOS uses.
    pub fn to_hhmm(&self) -> String {
        format!("{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

impl From<Time> for LocalTime {
    fn from(time: Time) -> Self {
        LocalTime(time)
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hhmm())
    }
}

impl Serialize for LocalTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hhmm())
    }
}

impl<'de> Deserialize<'de> for LocalTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(d)?;
        LocalTime::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a time `HH:MM`, got `{text}`"))
        })
    }
}

impl JsonSchema for LocalTime {
    fn schema_name() -> Cow<'static, str> {
        "LocalTime".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?$",
            "description": "Local restaurant time, HH:MM"
        })
    }
}

/// Lenient decoding: the shared decoders of `model_kit::lenient`, plus the two rules that are
/// resOS's own.
pub(crate) mod lenient {
    use serde::{Deserialize, Deserializer};

    pub(crate) use model_kit::lenient::{null_as_default, opt_f64};

    /// An optional `u32` given as a number or a string of digits: `model_kit`'s `opt_u64`,
    /// narrowed (resOS counts — people, minutes, seats — are small).
    pub(crate) fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        model_kit::lenient::opt_u64(d)?
            .map(|n| {
                u32::try_from(n).map_err(|_| serde::de::Error::custom(format!("{n} is too large")))
            })
            .transpose()
    }

    /// An optional instant: ISO-8601 with `Z` or an offset; a date-time without zone is read
    /// as UTC (resOS timestamps are UTC, docs/vendors/resos.md §7). resOS-specific: no shared
    /// decoder reads zone-less date-times.
    pub(crate) fn opt_timestamp<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<jiff::Timestamp>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        if let Ok(ts) = text.parse::<jiff::Timestamp>() {
            return Ok(Some(ts));
        }
        text.parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map(|z| Some(z.timestamp()))
            .ok_or_else(|| {
                serde::de::Error::custom(format!("expected an ISO-8601 instant, got `{text}`"))
            })
    }

    /// An optional calendar date `YYYY-MM-DD`; a longer ISO string is cut to its date part
    /// (resOS sends special opening-hours dates both ways, docs/vendors/resos.md §10.1).
    pub(crate) fn opt_date<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<jiff::civil::Date>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        text.get(..10)
            .and_then(|head| head.parse().ok())
            .map(Some)
            .ok_or_else(|| {
                serde::de::Error::custom(format!("expected a date YYYY-MM-DD, got `{text}`"))
            })
    }
}

/// The answer of a call that creates something: resOS sends the new id as a bare JSON string
/// (docs/vendors/resos.md §8.4, §8.6). An object with `_id` is accepted too, defensively.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum CreatedId {
    Bare(String),
    Object {
        #[serde(rename = "_id")]
        id: String,
    },
}

impl CreatedId {
    pub(crate) fn into_string(self) -> String {
        match self {
            CreatedId::Bare(id) | CreatedId::Object { id } => id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_time_is_lenient_on_read_and_strict_on_write() {
        let t: LocalTime = serde_json::from_str(r#""9:30""#).unwrap();
        assert_eq!(t, LocalTime::hm(9, 30).unwrap());
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""09:30""#);
        assert_eq!(LocalTime::parse("19:05:00").unwrap().to_hhmm(), "19:05");
        assert!(LocalTime::parse("24:00").is_none());
        assert!(LocalTime::parse("12:5").is_none());
        assert!(LocalTime::parse("noon").is_none());
        assert!(serde_json::from_str::<LocalTime>(r#""25:00""#).is_err());
    }

    #[test]
    fn created_id_accepts_bare_string_and_object() {
        let a: CreatedId = serde_json::from_str(r#""XKsyPGsbBwdmfGq3h""#).unwrap();
        let b: CreatedId = serde_json::from_str(r#"{"_id":"XKsyPGsbBwdmfGq3h"}"#).unwrap();
        assert_eq!(a.into_string(), "XKsyPGsbBwdmfGq3h");
        assert_eq!(b.into_string(), "XKsyPGsbBwdmfGq3h");
    }

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "lenient::opt_timestamp")]
        t: Option<jiff::Timestamp>,
        #[serde(default, deserialize_with = "lenient::opt_date")]
        d: Option<jiff::civil::Date>,
    }

    #[test]
    fn lenient_instants_and_dates() {
        let v: T =
            serde_json::from_str(r#"{"t":"2025-01-15T18:00:00.000Z","d":"2025-01-15"}"#).unwrap();
        assert_eq!(v.t.unwrap().to_string(), "2025-01-15T18:00:00Z");
        assert_eq!(v.d.unwrap(), jiff::civil::date(2025, 1, 15));
        let v: T = serde_json::from_str(
            r#"{"t":"2025-01-15T19:00:00+01:00","d":"2025-01-15T00:00:00.000Z"}"#,
        )
        .unwrap();
        assert_eq!(v.t.unwrap().to_string(), "2025-01-15T18:00:00Z");
        assert_eq!(v.d.unwrap(), jiff::civil::date(2025, 1, 15));
        let v: T = serde_json::from_str(r#"{"t":"2025-01-15T18:00:00","d":null}"#).unwrap();
        assert_eq!(v.t.unwrap().to_string(), "2025-01-15T18:00:00Z");
        assert!(v.d.is_none());
        assert!(serde_json::from_str::<T>(r#"{"t":"yesterday"}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"d":"15/01/2025"}"#).is_err());
    }

    #[derive(Deserialize)]
    struct N {
        #[serde(default, deserialize_with = "lenient::opt_u32")]
        n: Option<u32>,
        #[serde(default, deserialize_with = "lenient::opt_f64")]
        f: Option<f64>,
    }

    #[test]
    fn lenient_numbers() {
        let v: N = serde_json::from_str(r#"{"n":"4","f":"12.5"}"#).unwrap();
        assert_eq!((v.n, v.f), (Some(4), Some(12.5)));
        let v: N = serde_json::from_str(r#"{"n":4,"f":3}"#).unwrap();
        assert_eq!((v.n, v.f), (Some(4), Some(3.0)));
        let v: N = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!((v.n, v.f), (None, None));
        assert!(serde_json::from_str::<N>(r#"{"n":"four"}"#).is_err());
        assert!(serde_json::from_str::<N>(r#"{"n":-1}"#).is_err());
    }
}
