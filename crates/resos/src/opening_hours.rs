//! Opening hours (docs/vendors/resos.md §10).

use std::borrow::Cow;

use core_http::Result;
use futures::Stream;
use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::client::{Client, ListParams, single_request};
use crate::common::{OpeningHourId, RestaurantId, lenient};

/// A time of day written as an integer `HHMM` (`1200`, `1645`), as opening hours use it
/// (docs/vendors/resos.md §10.1). Read from a number or a numeric string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(pub u16);

impl ClockTime {
    /// The time of day, when the value is a valid `HHMM` (`2400` is read as midnight
    /// at the end of the day and gives `None` here).
    pub fn to_time(self) -> Option<Time> {
        let hour = i8::try_from(self.0 / 100).ok()?;
        let minute = i8::try_from(self.0 % 100).ok()?;
        Time::new(hour, minute, 0, 0).ok()
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_u16(self.0)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let n = lenient::opt_u32(d)?
            .ok_or_else(|| serde::de::Error::custom("expected a time as HHMM"))?;
        u16::try_from(n)
            .map(ClockTime)
            .map_err(|_| serde::de::Error::custom(format!("{n} is not a time as HHMM")))
    }
}

impl JsonSchema for ClockTime {
    fn schema_name() -> Cow<'static, str> {
        "ClockTime".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "minimum": 0,
            "maximum": 2400,
            "description": "Time of day as HHMM"
        })
    }
}

/// Seating settings of a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Seating {
    /// Whether seating times apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Minutes between start times.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub interval: Option<u32>,
    /// Default booking length in minutes.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<u32>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One opening-hours entry: a regular weekday period, or a date-specific ("special") opening
/// or closure (docs/vendors/resos.md §10.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OpeningHour {
    /// Entry id (the `openingHourId` of bookings and time slots).
    #[serde(rename = "_id")]
    pub id: OpeningHourId,
    /// Name (may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Weekday 1–7; read as ISO (1 = Monday) by [`weekday`](Self::weekday), which the doc
    /// does not state.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub day: Option<u32>,
    /// Opening time, `HHMM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<ClockTime>,
    /// Closing time, `HHMM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close: Option<ClockTime>,
    /// Opening time in seconds since midnight.
    #[serde(
        default,
        rename = "open_sec",
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub open_sec: Option<u32>,
    /// Closing time in seconds since midnight.
    #[serde(
        default,
        rename = "close_sec",
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub close_sec: Option<u32>,
    /// `true` for a date-specific opening or closure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special: Option<bool>,
    /// The date of a special entry, as sent (a date or an ISO timestamp); see
    /// [`special_date`](Self::special_date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// On special entries: `true` = special opening, `false` = closure or restriction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_open: Option<bool>,
    /// On special entries, such as `single`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    /// Such as `restaurant`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Seating settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seating: Option<Seating>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The restaurant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restaurant_id: Option<RestaurantId>,
    /// Who created the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// When it was created.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<Timestamp>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl OpeningHour {
    /// The weekday, reading `day` as ISO numbering (1 = Monday ... 7 = Sunday) as several
    /// clients do; the doc gives no legend (docs/vendors/resos.md §15).
    pub fn weekday(&self) -> Option<Weekday> {
        let day = i8::try_from(self.day?).ok()?;
        Weekday::from_monday_one_offset(day).ok()
    }

    /// The calendar date of a special entry: the first ten characters of `date` read as
    /// `YYYY-MM-DD`.
    pub fn special_date(&self) -> Option<Date> {
        self.date.as_deref()?.get(..10)?.parse().ok()
    }
}

/// Input of `opening_hours.list` and `opening_hours.list_page`: `GET /openingHours`
/// (docs/vendors/resos.md §10.1). All optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ListOpeningHours {
    /// `showDeleted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show_deleted: Option<bool>,
    /// `onlySpecial`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_special: Option<bool>,
    /// `type`, such as `restaurant`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Sort keys (`sort`; the doc says every list can be sorted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<crate::query::Sort>,
}

model_kit::setters!(ListOpeningHours {
    /// `showDeleted`.
    show_deleted: bool,
    /// `onlySpecial`.
    only_special: bool,
    /// `type`, such as `restaurant`.
    kind: String,
    /// Sort order.
    sort: crate::query::Sort,
});

/// Input of `opening_hours.get`: `GET /openingHours/{id}`. **Unverified**: only the
/// AI-drafted spec has it, under another path (docs/vendors/resos.md §10.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetOpeningHours {
    /// Entry id.
    pub id: OpeningHourId,
}

impl GetOpeningHours {
    /// The entry `id`.
    pub fn new(id: impl Into<OpeningHourId>) -> Self {
        GetOpeningHours { id: id.into() }
    }
}

/// Handle for opening hours: `client.opening_hours()`.
#[derive(Clone, Debug)]
pub struct OpeningHours {
    client: Client,
}

impl OpeningHours {
    pub(crate) fn new(client: Client) -> Self {
        OpeningHours { client }
    }

    fn params(&self, request: &ListOpeningHours) -> Result<ListParams> {
        let mut params = self.client.list_params(request.sort.as_ref(), None)?;
        params.push_opt("showDeleted", request.show_deleted);
        params.push_opt("onlySpecial", request.only_special);
        params.push_opt("type", request.kind.as_ref());
        Ok(params)
    }

    /// Every opening-hours entry, as a stream (`opening_hours.list`). Not paged by the
    /// vendor: one request answers everything (made on the first poll). Per-date paths do not
    /// exist; filter the special entries by [`OpeningHour::special_date`].
    pub fn list(
        &self,
        request: &ListOpeningHours,
    ) -> impl Stream<Item = Result<OpeningHour>> + Send + 'static {
        let this = self.clone();
        let request = request.clone();
        single_request(async move { this.list_page(&request).await })
    }

    /// Every opening-hours entry, in one answer (`opening_hours.list_page`): `GET
    /// /openingHours`. Not paged by the vendor: one request answers everything.
    pub async fn list_page(&self, request: &ListOpeningHours) -> Result<Vec<OpeningHour>> {
        let params = self.params(request)?;
        self.client
            .get_with("/openingHours", &params)
            .send_json()
            .await
    }

    /// One entry by id (`opening_hours.get`). **Unverified** endpoint (docs/vendors/resos.md
    /// §10.2).
    ///
    /// # Errors
    ///
    /// An unknown id is [`core_http::Error::NotFound`]; the path itself is unverified, so a
    /// 404 may also mean resOS has no such endpoint.
    pub async fn get(&self, request: &GetOpeningHours) -> Result<OpeningHour> {
        self.client
            .http()
            .get("/openingHours/{id}")
            .path_param("id", &request.id)
            .send_json()
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hhmm_and_weekday() {
        let oh: OpeningHour = serde_json::from_str(
            r#"{"_id":"o1","day":7,"open":1130,"close":"2200","special":true,"date":"2026-12-24T00:00:00.000Z"}"#,
        )
        .unwrap();
        assert_eq!(
            oh.open.unwrap().to_time().unwrap(),
            Time::constant(11, 30, 0, 0)
        );
        assert_eq!(oh.close, Some(ClockTime(2200)));
        assert_eq!(oh.weekday(), Some(Weekday::Sunday));
        assert_eq!(oh.special_date(), Some(jiff::civil::date(2026, 12, 24)));
        assert!(ClockTime(1275).to_time().is_none());
    }
}
