//! The booking flow (docs/vendors/resos.md §9): bookable times per opening-hours period, bookable
//! dates, and free tables.

use core_http::{Error, Result};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{Client, ListParams};
use crate::common::{AreaId, OpeningHourId, TableId, lenient};
use crate::custom_fields::CustomField;
use crate::query::DateRange;
use crate::tables::Area;

/// Payment settings of a period (only `active` is known).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PaymentSettings {
    /// Whether payment is asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The bookable start times of one opening-hours period on one day, as returned by
/// `GET /bookingFlow/times` (docs/vendors/resos.md §9.1). Times are the restaurant's local time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimeSlot {
    /// The opening-hours period; pass it as `opening_hour_id` when creating a booking.
    #[serde(rename = "_id")]
    pub id: OpeningHourId,
    /// Period name (may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Period note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Bookable start times (`HH:MM`).
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub available_times: Vec<crate::common::LocalTime>,
    /// Start times that are taken or closed.
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub unavailable_times: Vec<crate::common::LocalTime>,
    /// Start times open for the waiting list.
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub waitlist_times: Vec<crate::common::LocalTime>,
    /// Whether the waiting list is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_waitlist: Option<bool>,
    /// Payment settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentSettings>,
    /// Custom fields to ask for in this period.
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub active_custom_fields: Vec<CustomField>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Input of `booking_flow.times`: `GET /bookingFlow/times` (docs/vendors/resos.md §9.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AvailableTimes {
    /// The day (`date`).
    pub date: Date,
    /// Party size (`people`, at least 1).
    pub people: u32,
    /// Only this period (`openingHourId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hour_id: Option<OpeningHourId>,
    /// Only this area (`areaId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_id: Option<AreaId>,
    /// `true`: apply online-booking rules; `false`: staff view (`onlyBookableOnline`;
    /// the server default is undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_bookable_online: Option<bool>,
}

impl AvailableTimes {
    /// Times on `date` for `people` guests.
    pub fn new(date: Date, people: u32) -> Self {
        AvailableTimes {
            date,
            people,
            opening_hour_id: None,
            area_id: None,
            only_bookable_online: None,
        }
    }
}

model_kit::setters!(AvailableTimes {
    /// Only this period.
    opening_hour_id: OpeningHourId,
    /// Only this area.
    area_id: AreaId,
    /// Online-booking rules on (`true`) or the staff view (`false`).
    only_bookable_online: bool,
});

/// Input of `booking_flow.dates`: `GET /bookingFlow/dates` (docs/vendors/resos.md §9.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BookableDates {
    /// First day (`fromDate`).
    pub from: Date,
    /// Last day (`toDate`; one client treats it as exclusive).
    pub to: Date,
}

impl BookableDates {
    /// Days from `from` to `to`.
    pub fn new(from: Date, to: Date) -> Self {
        BookableDates { from, to }
    }
}

/// Input of `booking_flow.available_tables`: `GET /bookingFlow/availableTables`
/// (docs/vendors/resos.md §9.3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AvailableTables {
    /// Party size (`people`, at least 1).
    pub people: u32,
    /// The time span to seat them (`fromDateTime` + `toDateTime`, local time).
    pub range: DateRange,
    /// `true` also lists tables in use, marked `booked` (sent as `returnAllTables`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_booked: Option<bool>,
}

impl AvailableTables {
    /// Free tables for `people` guests during `range`.
    pub fn new(people: u32, range: DateRange) -> Self {
        AvailableTables {
            people,
            range,
            include_booked: None,
        }
    }
}

model_kit::setters!(AvailableTables {
    /// Also list tables in use, marked `booked` (`returnAllTables`).
    include_booked: bool,
});

/// A table in the answer of `GET /bookingFlow/availableTables`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AvailableTable {
    /// Table id.
    #[serde(rename = "_id")]
    pub id: TableId,
    /// Name; may be a combination such as `"Table 1 + Table 2"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Area>,
    /// `true` when in use (only listed with `include_booked`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked: Option<bool>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of `availableTables`: a plain array as observed; an object wrapping the array
/// is accepted defensively (docs/vendors/resos.md §9.3: "the exact envelope is uncertain").
#[derive(Deserialize)]
#[serde(untagged)]
enum TablesEnvelope {
    Plain(Vec<AvailableTable>),
    Wrapped {
        #[serde(alias = "availableTables", alias = "data")]
        tables: Vec<AvailableTable>,
    },
}

fn check_people(people: u32) -> Result<()> {
    if people == 0 {
        Err(Error::validation("people", "must be at least 1"))
    } else {
        Ok(())
    }
}

/// Handle for the booking flow: `client.booking_flow()`.
#[derive(Clone, Debug)]
pub struct BookingFlow {
    client: Client,
}

impl BookingFlow {
    pub(crate) fn new(client: Client) -> Self {
        BookingFlow { client }
    }

    /// Bookable times per opening-hours period (`booking_flow.times`); a closed day gives an
    /// empty list.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for `people` of 0, before any request.
    pub async fn times(&self, request: &AvailableTimes) -> Result<Vec<TimeSlot>> {
        check_people(request.people)?;
        let mut params = ListParams::default();
        params.push("date", request.date);
        params.push("people", request.people);
        params.push_opt("openingHourId", request.opening_hour_id.as_ref());
        params.push_opt("areaId", request.area_id.as_ref());
        params.push_opt("onlyBookableOnline", request.only_bookable_online);
        self.client
            .get_with("/bookingFlow/times", &params)
            .send_json()
            .await
    }

    /// Days open for online booking (`booking_flow.dates`). Fully booked days are not left
    /// out; check [`times`](Self::times) for real availability.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] when `to` is before `from`, before any request.
    pub async fn dates(&self, request: &BookableDates) -> Result<Vec<Date>> {
        if request.to < request.from {
            return Err(Error::validation("to", "must not be before `from`"));
        }
        let mut params = ListParams::default();
        params.push("fromDate", request.from);
        params.push("toDate", request.to);
        self.client
            .get_with("/bookingFlow/dates", &params)
            .send_json()
            .await
    }

    /// Tables that can seat the party during the range (`booking_flow.available_tables`).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for `people` of 0, before any request; an answer that is neither
    /// an array of tables nor an object wrapping one is [`Error::Decode`].
    pub async fn available_tables(&self, request: &AvailableTables) -> Result<Vec<AvailableTable>> {
        check_people(request.people)?;
        let mut params = ListParams::default();
        params.push("people", request.people);
        params.push("fromDateTime", request.range.from_param());
        params.push("toDateTime", request.range.to_param());
        params.push_opt("returnAllTables", request.include_booked);
        let envelope: TablesEnvelope = self
            .client
            .get_with("/bookingFlow/availableTables", &params)
            .send_json()
            .await?;
        Ok(match envelope {
            TablesEnvelope::Plain(t) | TablesEnvelope::Wrapped { tables: t } => t,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_envelope_is_lenient() {
        let plain: TablesEnvelope =
            serde_json::from_str(r#"[{"_id":"t1","booked":false}]"#).unwrap();
        let wrapped: TablesEnvelope =
            serde_json::from_str(r#"{"availableTables":[{"_id":"t1"}]}"#).unwrap();
        for e in [plain, wrapped] {
            let (TablesEnvelope::Plain(t) | TablesEnvelope::Wrapped { tables: t }) = e;
            assert_eq!(t[0].id.as_str(), "t1");
        }
    }

    #[test]
    fn time_slot_reads_padded_and_unpadded_times() {
        let slot: TimeSlot = serde_json::from_str(
            r#"{"_id":"oh1","availableTimes":["9:30","18:00"],"payment":{"active":false},"unavailableTimes":null}"#,
        )
        .unwrap();
        let times: Vec<String> = slot
            .available_times
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(times, ["09:30", "18:00"]);
        assert_eq!(slot.payment.unwrap().active, Some(false));
    }
}
