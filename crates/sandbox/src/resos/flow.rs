//! The resOS booking flow (docs/vendors/resos.md §9), computed from the stored opening
//! hours, tables and bookings: bookable times of a day, bookable dates, free tables.
//!
//! A day's periods are its special entries when it has any (a closure: `isOpen: false`,
//! none), else the regular entries of its ISO weekday (`day` 1 = Monday, §10). A period
//! offers a time every `seating.interval` minutes (30) from `open` until `close` less
//! `seating.duration` (120). A time is available when a table that seats the party (and is in
//! the asked area) holds no booking overlapping that time and the seating's duration.

use jiff::civil::{Date, DateTime, Time};
use serde_json::{Value, json};

use super::Data;

/// Booking statuses that do not hold a table.
const FREE_STATUSES: &[&str] = &["canceled", "declined", "no_show", "waitlist"];
/// Minutes between two times of a period when its seating says nothing.
const DEFAULT_INTERVAL: i64 = 30;
/// Minutes a booking holds a table when it says nothing (resOS's default duration).
const DEFAULT_DURATION: i64 = 120;

fn int(v: &Value, key: &str) -> Option<i64> {
    v.get(key).and_then(Value::as_i64)
}

/// `HHMM` as minutes since midnight.
fn hhmm_minutes(v: i64) -> i64 {
    (v / 100) * 60 + v % 100
}

/// The local date a special entry is for (`2026-12-24T00:00:00.000Z` → 2026-12-24).
fn special_date(entry: &Value) -> Option<Date> {
    entry.get("date")?.as_str()?.get(..10)?.parse().ok()
}

/// Whether an opening-hours entry is deleted (kept out unless asked).
pub(super) fn deleted(entry: &Value) -> bool {
    entry.get("deleted").and_then(Value::as_bool) == Some(true)
}

/// The opening periods of `day`.
fn periods(data: &Data, day: Date) -> Vec<&Value> {
    let entries = data.opening_hours.items.iter().filter(|e| !deleted(e));
    let special: Vec<&Value> = entries
        .clone()
        .filter(|e| e.get("special").and_then(Value::as_bool) == Some(true))
        .filter(|e| special_date(e) == Some(day))
        .collect();
    if !special.is_empty() {
        return special
            .into_iter()
            .filter(|e| e.get("isOpen").and_then(Value::as_bool) != Some(false))
            .collect();
    }
    let weekday = i64::from(day.weekday().to_monday_one_offset());
    entries
        .filter(|e| e.get("special").and_then(Value::as_bool) != Some(true))
        .filter(|e| int(e, "day") == Some(weekday))
        .collect()
}

/// A booking's start and the minutes it holds its tables, unless its status frees them.
fn occupation(booking: &Value) -> Option<(DateTime, i64)> {
    let status = booking.get("status").and_then(Value::as_str).unwrap_or("");
    if FREE_STATUSES.contains(&status) {
        return None;
    }
    let start = super::booking_local(booking)?;
    Some((start, int(booking, "duration").unwrap_or(DEFAULT_DURATION)))
}

fn plus_minutes(at: DateTime, minutes: i64) -> Option<DateTime> {
    at.checked_add(jiff::Span::new().minutes(minutes)).ok()
}

/// Whether `table` holds a booking overlapping `[from, until)`.
fn booked(data: &Data, table: &str, from: DateTime, until: DateTime) -> bool {
    data.bookings.items.iter().any(|b| {
        let holds = b.get("tables").and_then(Value::as_array).is_some_and(|ts| {
            ts.iter()
                .any(|t| t.get("_id").and_then(Value::as_str) == Some(table))
        });
        holds
            && occupation(b).is_some_and(|(start, minutes)| {
                plus_minutes(start, minutes).is_some_and(|end| start < until && from < end)
            })
    })
}

/// Whether a table seats `people` (and lies in `area` when one is asked).
fn seats(table: &Value, people: i64, area: Option<&str>) -> bool {
    let min = int(table, "seatsMin").unwrap_or(1);
    let max = int(table, "seatsMax").unwrap_or(i64::MAX);
    let in_area = area.is_none_or(|a| {
        table
            .get("area")
            .and_then(|x| x.get("_id"))
            .and_then(Value::as_str)
            == Some(a)
    });
    in_area && min <= people && people <= max
}

/// `GET /bookingFlow/times`: one object per period of the day.
pub(super) fn times(
    data: &Data,
    day: Date,
    people: i64,
    opening_hour: Option<&str>,
    area: Option<&str>,
) -> Value {
    let fields: Vec<Value> = data
        .custom_fields
        .items
        .iter()
        .filter(|f| f.get("defaultOnAllOpeningHours").and_then(Value::as_bool) == Some(true))
        .cloned()
        .collect();
    let mut out = Vec::new();
    for period in periods(data, day) {
        let id = period.get("_id").and_then(Value::as_str);
        if opening_hour.is_some_and(|want| id != Some(want)) {
            continue;
        }
        let seating = period.get("seating").cloned().unwrap_or(Value::Null);
        let interval = int(&seating, "interval")
            .filter(|i| *i > 0)
            .unwrap_or(DEFAULT_INTERVAL);
        let duration = int(&seating, "duration")
            .filter(|d| *d > 0)
            .unwrap_or(DEFAULT_DURATION);
        let open = int(period, "open").map_or(0, hhmm_minutes);
        let close = int(period, "close").map_or(0, hhmm_minutes);
        let (mut available, mut unavailable) = (Vec::new(), Vec::new());
        let mut minute = open;
        while minute.saturating_add(duration) <= close && minute < 24 * 60 {
            let hour = i8::try_from(minute / 60).unwrap_or(0);
            let min = i8::try_from(minute % 60).unwrap_or(0);
            let Ok(time) = Time::new(hour, min, 0, 0) else {
                break;
            };
            let at = day.to_datetime(time);
            let free = plus_minutes(at, duration).is_some_and(|until| {
                data.tables.items.iter().any(|t| {
                    seats(t, people, area)
                        && t.get("_id")
                            .and_then(Value::as_str)
                            .is_some_and(|id| !booked(data, id, at, until))
                })
            });
            let text = format!("{hour:02}:{min:02}");
            if free {
                available.push(text);
            } else {
                unavailable.push(text);
            }
            minute = minute.saturating_add(interval);
        }
        out.push(json!({
            "_id": id,
            "name": period.get("name").cloned().unwrap_or(json!("")),
            "note": period.get("note").cloned().unwrap_or(json!("")),
            "availableTimes": available,
            "unavailableTimes": unavailable,
            "waitlistTimes": [],
            "useWaitlist": false,
            "payment": {"active": false},
            "activeCustomFields": fields,
        }));
    }
    Value::Array(out)
}

/// `GET /bookingFlow/dates`: the days of `[from, to]` with an open period.
pub(super) fn dates(data: &Data, from: Date, to: Date) -> Value {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        if !periods(data, day).is_empty() {
            out.push(json!(day.to_string()));
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    Value::Array(out)
}

/// `GET /bookingFlow/availableTables`: the tables that seat the party, with `booked` when a
/// booking overlaps `[from, to)`; the booked ones only with `all`.
pub(super) fn available_tables(
    data: &Data,
    people: i64,
    from: DateTime,
    to: DateTime,
    all: bool,
) -> Value {
    let mut out = Vec::new();
    for table in data.tables.items.iter().filter(|t| seats(t, people, None)) {
        let Some(id) = table.get("_id").and_then(Value::as_str) else {
            continue;
        };
        let taken = booked(data, id, from, to);
        if taken && !all {
            continue;
        }
        let area = table.get("area").map(|a| {
            json!({"_id": a.get("_id").cloned().unwrap_or(Value::Null),
                   "name": a.get("name").cloned().unwrap_or(Value::Null)})
        });
        out.push(json!({
            "_id": id,
            "name": table.get("name").cloned().unwrap_or(Value::Null),
            "area": area,
            "booked": taken,
        }));
    }
    Value::Array(out)
}
