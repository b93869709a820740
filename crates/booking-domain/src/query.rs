//! What to ask for: [`BookingQuery`] (bookings) and [`AvailabilityQuery`] (free times), and
//! [`filter_bookings`], which applies a query on this side for the filters a vendor cannot
//! apply itself.

use futures::{Stream, StreamExt, future};
use jiff::{SignedDuration, Timestamp, Zoned, civil, tz::TimeZone};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Booking, BookingStatus, ResourceId};
use crate::{Error, Result};

/// Which bookings to list. Every filter is optional; an empty query lists everything the
/// vendor lists by default (see the adapter's docs: some vendors list only upcoming bookings
/// without a date range).
///
/// The date range is half-open and is about the start: a booking is in when
/// `from <= starts_at < until` (compared as instants). A booking that started before `from`
/// is out even when it is still running at `from`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BookingQuery {
    /// Earliest start (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Timestamp>,
    /// Latest start (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    /// Only bookings with one of these statuses; empty means any status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<BookingStatus>,
    /// Only bookings that use this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceId>,
}

impl BookingQuery {
    /// A query for every booking (no filter).
    pub fn new() -> Self {
        BookingQuery::default()
    }

    /// Bookings starting in `[from, until)`.
    ///
    /// # Errors
    /// [`Error::Validation`] (field `until`) when `until` is before `from`.
    pub fn between(self, from: impl Into<Timestamp>, until: impl Into<Timestamp>) -> Result<Self> {
        let (from, until) = (from.into(), until.into());
        if until < from {
            return Err(Error::Validation {
                field: "until".into(),
                message: format!("{until} is before from ({from})"),
            });
        }
        Ok(BookingQuery {
            from: Some(from),
            until: Some(until),
            ..self
        })
    }

    /// Bookings starting on the calendar days `first..=last` in zone `tz`: from the start of
    /// `first` to the start of the day after `last` (days of 23 or 25 hours are handled).
    ///
    /// ```
    /// use booking_domain::BookingQuery;
    /// use booking_domain::jiff::{civil::date, tz::TimeZone};
    ///
    /// let tz = TimeZone::get("Europe/Berlin")?;
    /// let q = BookingQuery::new().days(date(2025, 3, 30), date(2025, 3, 30), &tz)?;
    /// // The day DST starts has 23 hours.
    /// assert_eq!(q.until.unwrap().duration_since(q.from.unwrap()).as_hours(), 23);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Validation`] when `last` is before `first` or a day is outside jiff's range.
    pub fn days(self, first: civil::Date, last: civil::Date, tz: &TimeZone) -> Result<Self> {
        if last < first {
            return Err(Error::Validation {
                field: "until".into(),
                message: format!("{last} is before {first}"),
            });
        }
        let invalid = |field: &str, e: jiff::Error| Error::Validation {
            field: field.into(),
            message: e.to_string(),
        };
        let from = first
            .to_zoned(tz.clone())
            .and_then(|z| z.start_of_day())
            .map_err(|e| invalid("from", e))?;
        let until = last
            .tomorrow()
            .and_then(|d| d.to_zoned(tz.clone()))
            .and_then(|z| z.start_of_day())
            .map_err(|e| invalid("until", e))?;
        self.between(from.timestamp(), until.timestamp())
    }

    /// Adds a status to the accepted ones.
    pub fn status(mut self, status: BookingStatus) -> Self {
        self.statuses.push(status);
        self
    }

    /// Only bookings that use `resource`.
    pub fn resource(mut self, resource: impl Into<ResourceId>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    /// Whether `booking` passes every filter of the query.
    pub fn matches(&self, booking: &Booking) -> bool {
        let start = booking.starts_at.timestamp();
        self.from.is_none_or(|from| from <= start)
            && self.until.is_none_or(|until| start < until)
            && (self.statuses.is_empty() || self.statuses.contains(&booking.status))
            && self.resource.as_ref().is_none_or(|r| booking.uses(r))
    }

    /// Whether the query filters anything at all.
    pub fn is_empty(&self) -> bool {
        *self == BookingQuery::default()
    }
}

/// Applies `query` on this side to a stream of bookings: bookings that do not match are
/// dropped, errors pass through unchanged, and the stream stays lazy (one booking at a time).
///
/// Adapters use it for the filters their vendor cannot apply on the server (their
/// [`crate::Capabilities`] then say [`crate::FilterSupport::Client`] for them). Applying a
/// filter the server already applied is harmless.
///
/// ```
/// use booking_domain::{filter_bookings, Booking, BookingQuery, BookingStatus};
/// use futures::{executor::block_on, stream, TryStreamExt};
///
/// let booking = |id: &str, start: &str, status: &str| -> Booking {
///     serde_json::from_value(serde_json::json!({
///         "id": id, "vendor": "example", "status": status,
///         "starts_at": start, "raw": {"id": id},
///     }))
///     .unwrap()
/// };
/// let all = vec![
///     Ok(booking("a", "2025-06-01T19:00:00+02:00[Europe/Berlin]", "confirmed")),
///     Ok(booking("b", "2025-06-02T19:00:00+02:00[Europe/Berlin]", "cancelled")),
///     Ok(booking("c", "2025-06-09T19:00:00+02:00[Europe/Berlin]", "confirmed")),
/// ];
/// let query = BookingQuery::new()
///     .between(
///         "2025-06-01T00:00:00+02:00".parse::<jiff::Timestamp>()?,
///         "2025-06-08T00:00:00+02:00".parse::<jiff::Timestamp>()?,
///     )?
///     .status(BookingStatus::Confirmed);
/// let kept: Vec<Booking> = block_on(filter_bookings(stream::iter(all), &query).try_collect())?;
/// assert_eq!(kept.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(), ["a"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn filter_bookings<S>(
    bookings: S,
    query: &BookingQuery,
) -> impl Stream<Item = Result<Booking>> + Send + 'static
where
    S: Stream<Item = Result<Booking>> + Send + 'static,
{
    let query = query.clone();
    bookings.filter(move |item| {
        future::ready(match item {
            Ok(booking) => query.matches(booking),
            Err(_) => true,
        })
    })
}

/// Which free times to ask for: [`crate::BookingProvider::availability`]'s input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AvailabilityQuery {
    /// Earliest slot start (inclusive), in the zone the answer should use.
    pub from: Zoned,
    /// Latest slot start (exclusive).
    pub until: Zoned,
    /// Number of people the slot must hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_size: Option<u32>,
    /// Only slots on this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceId>,
    /// How long the booking would last, where the vendor asks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<SignedDuration>,
}

impl AvailabilityQuery {
    /// Slots starting in `[from, until)`.
    ///
    /// # Errors
    /// [`Error::Validation`] (field `until`) when `until` is before `from`.
    pub fn new(from: Zoned, until: Zoned) -> Result<Self> {
        if until < from {
            return Err(Error::Validation {
                field: "until".into(),
                message: format!("{until} is before from ({from})"),
            });
        }
        Ok(AvailabilityQuery {
            from,
            until,
            party_size: None,
            resource: None,
            duration: None,
        })
    }
}

model_kit::setters!(AvailabilityQuery {
    /// Number of people.
    party_size: u32,
    /// Only slots on this resource.
    resource: ResourceId,
    /// How long the booking would last.
    duration: SignedDuration,
});

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::ResourceRef;
    use futures::{TryStreamExt, executor::block_on, stream};
    use serde_json::json;

    fn at(text: &str) -> Zoned {
        format!("{text}[Europe/Berlin]").parse().unwrap()
    }

    fn ts(text: &str) -> Timestamp {
        at(text).timestamp()
    }

    fn booking(id: &str, start: &str, status: BookingStatus, resources: &[&str]) -> Booking {
        Booking {
            id: id.into(),
            vendor: "test".into(),
            status,
            starts_at: at(start),
            ends_at: None,
            party_size: None,
            customer: None,
            resources: resources
                .iter()
                .map(|r| ResourceRef::from(ResourceId::new(*r)))
                .collect(),
            notes: None,
            created_at: None,
            updated_at: None,
            raw: json!({ "id": id }),
        }
    }

    fn ids(query: &BookingQuery, all: Vec<Result<Booking>>) -> Vec<String> {
        block_on(filter_bookings(stream::iter(all), query).try_collect::<Vec<_>>())
            .unwrap()
            .into_iter()
            .map(|b| b.id.0)
            .collect()
    }

    #[test]
    fn the_date_range_is_about_the_start_and_half_open() {
        let c = BookingStatus::Confirmed;
        let all = || {
            vec![
                // Starts a second before `from` and runs into the range: out.
                Ok(booking(
                    "before",
                    "2025-06-01T09:59:59+02:00",
                    c.clone(),
                    &[],
                )),
                // Starts exactly at `from`: in.
                Ok(booking(
                    "at-from",
                    "2025-06-01T10:00:00+02:00",
                    c.clone(),
                    &[],
                )),
                Ok(booking(
                    "inside",
                    "2025-06-01T15:00:00+02:00",
                    c.clone(),
                    &[],
                )),
                // A second before `until`: in.
                Ok(booking("last", "2025-06-01T19:59:59+02:00", c.clone(), &[])),
                // Exactly at `until`: out.
                Ok(booking(
                    "at-until",
                    "2025-06-01T20:00:00+02:00",
                    c.clone(),
                    &[],
                )),
            ]
        };
        let q = BookingQuery::new()
            .between(
                ts("2025-06-01T10:00:00+02:00"),
                ts("2025-06-01T20:00:00+02:00"),
            )
            .unwrap();
        assert_eq!(ids(&q, all()), ["at-from", "inside", "last"]);
        // Open ends.
        let q = BookingQuery {
            from: Some(ts("2025-06-01T15:00:00+02:00")),
            ..BookingQuery::new()
        };
        assert_eq!(ids(&q, all()), ["inside", "last", "at-until"]);
        let q = BookingQuery {
            until: Some(ts("2025-06-01T10:00:00+02:00")),
            ..BookingQuery::new()
        };
        assert_eq!(ids(&q, all()), ["before"]);
    }

    #[test]
    fn the_range_compares_instants_whatever_the_zone() {
        // 10:00 in Berlin is 08:00 UTC: a booking written in UTC at 08:00 starts at `from`.
        let mut b = booking(
            "utc",
            "2025-06-01T10:00:00+02:00",
            BookingStatus::Confirmed,
            &[],
        );
        b.starts_at = "2025-06-01T08:00:00+00:00[UTC]".parse().unwrap();
        let q = BookingQuery::new()
            .between(
                ts("2025-06-01T10:00:00+02:00"),
                ts("2025-06-01T11:00:00+02:00"),
            )
            .unwrap();
        assert!(q.matches(&b));
    }

    #[test]
    fn statuses_filter_by_any_of_and_keep_unknown_values_matchable() {
        let all = || {
            vec![
                Ok(booking(
                    "c",
                    "2025-06-01T10:00:00+02:00",
                    BookingStatus::Confirmed,
                    &[],
                )),
                Ok(booking(
                    "x",
                    "2025-06-01T10:00:00+02:00",
                    BookingStatus::Cancelled,
                    &[],
                )),
                Ok(booking(
                    "s",
                    "2025-06-01T10:00:00+02:00",
                    BookingStatus::Seated,
                    &[],
                )),
                Ok(booking(
                    "u",
                    "2025-06-01T10:00:00+02:00",
                    BookingStatus::from("pending_payment"),
                    &[],
                )),
            ]
        };
        assert_eq!(ids(&BookingQuery::new(), all()), ["c", "x", "s", "u"]);
        let q = BookingQuery::new()
            .status(BookingStatus::Confirmed)
            .status(BookingStatus::Seated);
        assert_eq!(ids(&q, all()), ["c", "s"]);
        let q = BookingQuery::new().status(BookingStatus::from("pending_payment"));
        assert_eq!(ids(&q, all()), ["u"]);
    }

    #[test]
    fn the_resource_filter_keeps_bookings_using_it_among_others() {
        let c = BookingStatus::Confirmed;
        let all = vec![
            Ok(booking(
                "one",
                "2025-06-01T10:00:00+02:00",
                c.clone(),
                &["t1"],
            )),
            Ok(booking(
                "two",
                "2025-06-01T10:00:00+02:00",
                c.clone(),
                &["t2", "t1"],
            )),
            Ok(booking(
                "other",
                "2025-06-01T10:00:00+02:00",
                c.clone(),
                &["t2"],
            )),
            Ok(booking("none", "2025-06-01T10:00:00+02:00", c, &[])),
        ];
        assert_eq!(
            ids(&BookingQuery::new().resource("t1"), all),
            ["one", "two"]
        );
    }

    #[test]
    fn errors_pass_through_the_filter_in_order() {
        let q = BookingQuery::new().status(BookingStatus::Seated);
        let all = vec![
            Ok(booking(
                "x",
                "2025-06-01T10:00:00+02:00",
                BookingStatus::Cancelled,
                &[],
            )),
            Err(Error::Timeout),
            Ok(booking(
                "s",
                "2025-06-01T10:00:00+02:00",
                BookingStatus::Seated,
                &[],
            )),
        ];
        let out: Vec<Result<Booking>> = block_on(filter_bookings(stream::iter(all), &q).collect());
        assert_eq!(out.len(), 2);
        assert!(matches!(out[0], Err(Error::Timeout)));
        assert_eq!(out[1].as_ref().unwrap().id.as_str(), "s");
    }

    #[test]
    fn a_reversed_range_is_refused() {
        let err = BookingQuery::new()
            .between(
                ts("2025-06-02T00:00:00+02:00"),
                ts("2025-06-01T00:00:00+02:00"),
            )
            .unwrap_err();
        assert!(
            matches!(err, Error::Validation { ref field, .. } if field == "until"),
            "{err}"
        );
        let err = AvailabilityQuery::new(
            at("2025-06-02T00:00:00+02:00"),
            at("2025-06-01T00:00:00+02:00"),
        )
        .unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{err}");
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        assert!(
            BookingQuery::new()
                .days(civil::date(2025, 6, 2), civil::date(2025, 6, 1), &tz)
                .is_err()
        );
    }

    #[test]
    fn days_cover_whole_local_days() {
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        let q = BookingQuery::new()
            .days(civil::date(2025, 6, 1), civil::date(2025, 6, 7), &tz)
            .unwrap();
        assert_eq!(q.from, Some(ts("2025-06-01T00:00:00+02:00")));
        assert_eq!(q.until, Some(ts("2025-06-08T00:00:00+02:00")));
        // The day DST ends has 25 hours.
        let q = BookingQuery::new()
            .days(civil::date(2025, 10, 26), civil::date(2025, 10, 26), &tz)
            .unwrap();
        assert_eq!(
            q.until.unwrap().duration_since(q.from.unwrap()),
            SignedDuration::from_hours(25)
        );
    }

    #[test]
    fn a_query_round_trips_through_json() {
        let q = BookingQuery::new()
            .between(
                ts("2025-06-01T00:00:00+02:00"),
                ts("2025-06-02T00:00:00+02:00"),
            )
            .unwrap()
            .status(BookingStatus::NoShow)
            .resource("t9");
        let text = serde_json::to_value(&q).unwrap();
        assert_eq!(text["statuses"], json!(["no_show"]));
        assert_eq!(serde_json::from_value::<BookingQuery>(text).unwrap(), q);
        assert!(BookingQuery::new().is_empty() && !q.is_empty());
    }
}
