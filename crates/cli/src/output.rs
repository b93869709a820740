//! Output: an aligned table (default), JSON lines of the unified model (`--json`), or the
//! vendor's own JSON (`--raw`).
//!
//! - Table: a header row and one row per item, columns separated by two spaces; times in the
//!   booking's zone (`2025-06-01 19:30`). Vendor text is shown on one line with control
//!   characters replaced, so a booking's notes cannot move the cursor or recolour the
//!   terminal; long notes are cut at 40 characters.
//! - `--json`: one compact JSON object per line, keys in the model's field order (the
//!   order of [`booking_domain::Booking`]'s fields: `id`, `vendor`, `status`, `starts_at`,
//!   ...), fields without a value left out, and `raw` left out (that is `--raw`).
//! - `--raw`: each item's `raw`, the vendor's JSON as received, one per line.

use std::io::{self, Write};

use booking_domain::{Booking, Capabilities, FilterSupport, Operation, Resource, TimeSlot};
use jiff::Zoned;
use serde::Serialize;
use serde_json::Value;

/// How items are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An aligned table.
    Table,
    /// JSON lines of the unified model.
    Json,
    /// The vendor's JSON, one item per line.
    Raw,
}

/// The longest note shown in a table cell, in characters.
const NOTE_WIDTH: usize = 40;

/// One line of JSON: `item` without its `raw` field, keys in field order.
pub fn json_line<T: Serialize>(item: &T) -> io::Result<String> {
    let mut value = serde_json::to_value(item).map_err(io::Error::other)?;
    if let Value::Object(map) = &mut value {
        map.shift_remove("raw");
    }
    serde_json::to_string(&value).map_err(io::Error::other)
}

/// One line of the vendor's JSON.
pub fn raw_line(raw: &Value) -> io::Result<String> {
    serde_json::to_string(raw).map_err(io::Error::other)
}

/// Text for a table cell: one line, no control characters.
fn cell(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn cut(text: &str, width: usize) -> String {
    let text = cell(text);
    if text.chars().count() <= width {
        return text;
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn time(at: &Zoned) -> String {
    at.strftime("%Y-%m-%d %H:%M").to_string()
}

/// The end: only the time when it is on the start's day.
fn end(start: &Zoned, end: Option<&Zoned>) -> String {
    match end {
        Some(e) if e.date() == start.date() => e.strftime("%H:%M").to_string(),
        Some(e) => time(e),
        None => String::new(),
    }
}

/// Writes `rows` under `headers`, each column as wide as its widest cell (the last column
/// is not padded).
pub fn table(out: &mut dyn Write, headers: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        let last = row.len().saturating_sub(1);
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            if i == last {
                line.push_str(c);
            } else {
                let pad = w.saturating_sub(c.chars().count());
                line.push_str(c);
                line.extend(std::iter::repeat_n(' ', pad + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// A booking's table row.
fn booking_row(b: &Booking) -> Vec<String> {
    let customer = b
        .customer
        .as_ref()
        .and_then(|c| {
            c.name
                .clone()
                .or_else(|| c.email.as_deref().map(str::to_owned))
                .or_else(|| c.phone.as_deref().map(str::to_owned))
        })
        .unwrap_or_default();
    let resources: Vec<String> = b
        .resources
        .iter()
        .map(|r| r.name.clone().unwrap_or_else(|| r.id.as_str().to_owned()))
        .collect();
    vec![
        cell(b.id.as_str()),
        cell(b.status.as_str()),
        time(&b.starts_at),
        end(&b.starts_at, b.ends_at.as_ref()),
        b.party_size.map(|p| p.to_string()).unwrap_or_default(),
        cut(&customer, 30),
        cut(&resources.join(", "), 30),
        cut(b.notes.as_deref().unwrap_or_default(), NOTE_WIDTH),
    ]
}

/// The booking table's headers.
pub const BOOKING_HEADERS: &[&str] = &[
    "ID",
    "STATUS",
    "STARTS",
    "ENDS",
    "PARTY",
    "CUSTOMER",
    "RESOURCES",
    "NOTES",
];

/// Writes bookings in `format`.
pub fn bookings(out: &mut dyn Write, format: Format, items: &[Booking]) -> io::Result<()> {
    match format {
        Format::Table => {
            let rows: Vec<Vec<String>> = items.iter().map(booking_row).collect();
            table(out, BOOKING_HEADERS, &rows)
        }
        Format::Json => items
            .iter()
            .try_for_each(|b| writeln!(out, "{}", json_line(b)?)),
        Format::Raw => items
            .iter()
            .try_for_each(|b| writeln!(out, "{}", raw_line(&b.raw)?)),
    }
}

/// Writes resources in `format`.
pub fn resources(out: &mut dyn Write, format: Format, items: &[Resource]) -> io::Result<()> {
    match format {
        Format::Table => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|r| {
                    vec![
                        cell(r.id.as_str()),
                        cell(r.kind.as_str()),
                        cut(&r.name, 40),
                        r.capacity.map(|c| c.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            table(out, &["ID", "KIND", "NAME", "CAPACITY"], &rows)
        }
        Format::Json => items
            .iter()
            .try_for_each(|r| writeln!(out, "{}", json_line(r)?)),
        Format::Raw => items
            .iter()
            .try_for_each(|r| writeln!(out, "{}", raw_line(&r.raw)?)),
    }
}

/// Writes time slots in `format`.
pub fn slots(out: &mut dyn Write, format: Format, items: &[TimeSlot]) -> io::Result<()> {
    match format {
        Format::Table => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|s| {
                    vec![
                        time(&s.starts_at),
                        end(&s.starts_at, s.ends_at.as_ref()),
                        s.resource
                            .as_ref()
                            .map(|r| cell(r.as_str()))
                            .unwrap_or_default(),
                        s.remaining.map(|n| n.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            table(out, &["STARTS", "ENDS", "RESOURCE", "REMAINING"], &rows)
        }
        Format::Json => items
            .iter()
            .try_for_each(|s| writeln!(out, "{}", json_line(s)?)),
        Format::Raw => items
            .iter()
            .try_for_each(|s| writeln!(out, "{}", raw_line(&s.raw)?)),
    }
}

fn support(s: FilterSupport) -> &'static str {
    match s {
        FilterSupport::Server => "by the vendor",
        FilterSupport::Client => "on this side",
        FilterSupport::Unsupported => "no",
    }
}

/// Writes the capabilities: a table of operations, or one JSON object (`--json` and
/// `--raw`: there is no vendor JSON for them).
pub fn capabilities(out: &mut dyn Write, format: Format, caps: &Capabilities) -> io::Result<()> {
    if format != Format::Table {
        let line = serde_json::to_string(caps).map_err(io::Error::other)?;
        return writeln!(out, "{line}");
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let rows: Vec<Vec<String>> = Operation::ALL
        .iter()
        .map(|op| {
            let detail = match op {
                Operation::List => caps.list.map(|l| {
                    format!(
                        "date range: {}; status: {}; resource: {}",
                        support(l.date_range),
                        support(l.status),
                        support(l.resource)
                    )
                }),
                Operation::Cancel => caps.cancel.map(|c| match c {
                    booking_domain::CancelEffect::MarksCancelled => {
                        "the booking stays, marked cancelled".to_owned()
                    }
                    booking_domain::CancelEffect::Removes => "the booking is deleted".to_owned(),
                }),
                Operation::Availability => caps.availability.map(|a| {
                    format!(
                        "party size: {}; resource: {}; duration: {}",
                        support(a.party_size),
                        support(a.resource),
                        support(a.duration)
                    )
                }),
                _ => None,
            };
            vec![
                op.as_str().to_owned(),
                yes_no(caps.supports(*op)),
                detail.unwrap_or_default(),
            ]
        })
        .collect();
    table(out, &["OPERATION", "SUPPORTED", "DETAIL"], &rows)
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;
    use serde_json::json;

    fn booking(notes: &str) -> Booking {
        serde_json::from_value(json!({
            "id": "b1", "vendor": "resos", "status": "confirmed",
            "starts_at": "2025-06-03T19:30:00+02:00[Europe/Copenhagen]",
            "ends_at": "2025-06-03T21:30:00+02:00[Europe/Copenhagen]",
            "party_size": 4,
            "customer": {"name": "Ada Example"},
            "resources": [{"id": "t7", "name": "Table 7"}],
            "notes": notes,
            "raw": {"_id": "b1", "z": 1, "a": 2},
        }))
        .unwrap()
    }

    #[test]
    fn the_table_is_aligned_and_one_line_per_booking() {
        let mut out = Vec::new();
        let mut second = booking("window\nseat \u{1b}[31mred");
        second.id = "b-longer-id".into();
        bookings(&mut out, Format::Table, &[booking("quiet"), second]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[0].starts_with("ID           STATUS     STARTS"),
            "{text}"
        );
        assert_eq!(
            lines[1],
            "b1           confirmed  2025-06-03 19:30  21:30  4      Ada Example  Table 7    quiet"
        );
        // Each column starts at the same place on every line.
        let at = |line: &str| line.find("confirmed").unwrap();
        assert_eq!(at(lines[1]), at(lines[2]));
        assert!(!text.contains('\u{1b}'), "control characters are replaced");
        assert!(lines[2].ends_with("window seat  [31mred"), "{text}");
    }

    #[test]
    fn json_lines_keep_the_field_order_and_drop_raw() {
        let line = json_line(&booking("quiet")).unwrap();
        assert_eq!(
            line,
            r#"{"id":"b1","vendor":"resos","status":"confirmed","starts_at":"2025-06-03T19:30:00+02:00[Europe/Copenhagen]","ends_at":"2025-06-03T21:30:00+02:00[Europe/Copenhagen]","party_size":4,"customer":{"name":"Ada Example"},"resources":[{"id":"t7","name":"Table 7"}],"notes":"quiet"}"#
        );
        // The vendor's JSON keeps the vendor's key order.
        assert_eq!(
            raw_line(&booking("x").raw).unwrap(),
            r#"{"_id":"b1","z":1,"a":2}"#
        );
    }

    #[test]
    fn long_notes_are_cut() {
        let long = "x".repeat(100);
        let row = booking_row(&booking(&long));
        assert_eq!(row[7].chars().count(), NOTE_WIDTH);
        assert!(row[7].ends_with('…'));
    }
}
