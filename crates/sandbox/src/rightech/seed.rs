//! Seeding: every Rightech fixture's successful GET answers, filed by the path they came
//! from (a store, a nested collection such as `tables/<id>/rows`, or a read-only document
//! such as `events/org`).

use serde_json::{Value, json};

use super::store::{Data, collection_of};
use super::{GROUP, OWNER};
use crate::{Error, Result};

/// Every fixture of `fixtures/rightech`, built into the crate (the unit test below checks
/// that the list is the whole folder).
macro_rules! fixtures {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../../fixtures/rightech/", $name, ".json")))),*]
    };
}

/// The fixtures built into the crate, by name.
pub(super) const SEEDS: &[(&str, &str)] = fixtures![
    "events.get",
    "events.list",
    "events.list_by_kind",
    "events.list_by_kind_page",
    "events.list_page",
    "events.names--empty",
    "events.names",
    "geofences.create",
    "geofences.delete",
    "geofences.get",
    "geofences.list",
    "geofences.list_page",
    "geofences.patch",
    "groups.get",
    "groups.list",
    "groups.list_page",
    "models.create",
    "models.delete",
    "models.get",
    "models.list",
    "models.list_page",
    "models.patch",
    "objects.automaton--not-done",
    "objects.automaton--stop",
    "objects.automaton",
    "objects.command--not-done",
    "objects.command",
    "objects.create",
    "objects.delete",
    "objects.get--lenient",
    "objects.get",
    "objects.list",
    "objects.list_events",
    "objects.list_events_page--from-after-to",
    "objects.list_events_page",
    "objects.list_packets",
    "objects.list_packets_page",
    "objects.list_page--relogin-after-401",
    "objects.list_page--session-expired",
    "objects.list_page--session-login",
    "objects.list_page--token-login",
    "objects.list_page",
    "objects.model",
    "objects.patch",
    "objects.send_packet--not-done",
    "objects.send_packet",
    "reports.build--from-after-to",
    "reports.build",
    "reports.cancel_build--already-completed",
    "reports.cancel_build",
    "reports.export",
    "reports.find_build--missing",
    "reports.find_build",
    "reports.get",
    "reports.list",
    "reports.list_builds",
    "reports.list_builds_page",
    "reports.list_page",
    "roles.get",
    "roles.list",
    "roles.list_page",
    "scenes.create",
    "scenes.delete",
    "scenes.get",
    "scenes.list",
    "scenes.list_page",
    "scenes.patch",
    "store.create--html-502",
    "store.create",
    "store.delete",
    "store.get--forbidden-sucess",
    "store.get--not-found",
    "store.get",
    "store.list--over-10000",
    "store.list--reservations",
    "store.list--rooms",
    "store.list",
    "store.list_page--html-502-retried",
    "store.list_page--iso-window",
    "store.list_page--one-per-line",
    "store.list_page--retry-after-429",
    "store.list_page",
    "store.meta",
    "store.patch",
    "tables.create",
    "tables.delete",
    "tables.get",
    "tables.list",
    "tables.list_page",
    "tables.patch",
    "tables.rows.create",
    "tables.rows.delete",
    "tables.rows.get",
    "tables.rows.list",
    "tables.rows.list_by_columns",
    "tables.rows.list_by_columns_page",
    "tables.rows.list_page",
    "tables.rows.patch",
    "tasks.create--bad-priority",
    "tasks.create",
    "tasks.delete",
    "tasks.get--no-content",
    "tasks.get--one-element-array",
    "tasks.get--two-element-array",
    "tasks.get",
    "tasks.list",
    "tasks.list_kinds",
    "tasks.list_kinds_page",
    "tasks.list_page--unknown-status",
    "tasks.list_page",
    "tasks.patch",
    "users.create--one-element-array",
    "users.create",
    "users.delete",
    "users.get",
    "users.list",
    "users.list_page",
    "users.patch",
    "users.search",
    "users.search_page--empty-text",
    "users.search_page",
];

/// The store of [`crate::SandboxOptions::generated_bookings`] (the booking-domain adapter's
/// tests name it; Rightech has no booking store of its own).
pub(super) const BOOKINGS_STORE: &str = "reservations";

/// Seeds `data` from the fixtures' texts. An operation's own fixture goes before its cases
/// (`<operation>--<case>`), so that where two answers disagree about a record (a lenient
/// case, a vendor answer against the docs) the first, documented one is kept.
pub(super) fn seed_all(data: &mut Data, mut texts: Vec<(String, String)>) -> Result<()> {
    texts.sort_by_key(|(file, _)| (is_case(file), file.clone()));
    for (file, text) in &texts {
        seed(data, file, text)?;
    }
    Ok(())
}

/// Whether `file` is a case fixture (`<operation>--<case>.json`).
fn is_case(file: &str) -> bool {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    name.contains("--")
}

/// Seeds from one fixture: the records (or document, or export) of each successful GET.
fn seed(data: &mut Data, file: &str, text: &str) -> Result<()> {
    let fixture: Value = serde_json::from_str(text).map_err(|e| Error::Seed {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    let exchanges = fixture.get("exchanges").and_then(Value::as_array);
    for exchange in exchanges.into_iter().flatten() {
        let request = exchange.get("request");
        let method = request
            .and_then(|r| r.get("method"))
            .and_then(Value::as_str);
        let Some(path) = request
            .and_then(|r| r.get("path"))
            .and_then(Value::as_str)
            .and_then(|p| p.strip_prefix("/api/v1/"))
        else {
            continue;
        };
        if method != Some("GET") {
            continue;
        }
        let segments: Vec<&str> = path.split('/').collect();
        match segments.as_slice() {
            ["events", "org"] => {
                if let Some(body) = ok_body(exchange) {
                    data.add_document(path, body);
                }
            }
            ["reports", "builds", build, "export"] => {
                let format = request
                    .and_then(|r| r.pointer("/query/format"))
                    .and_then(Value::as_str);
                let response = exchange.get("response");
                let text = response
                    .filter(|r| r.get("status").and_then(Value::as_u64) == Some(200))
                    .and_then(|r| r.get("body_text"))
                    .and_then(Value::as_str);
                let content_type = response
                    .and_then(|r| r.pointer("/headers/content-type"))
                    .and_then(Value::as_str);
                if let (Some(format), Some(text), Some(content_type)) = (format, text, content_type)
                {
                    data.add_export(build, format, content_type, text);
                }
            }
            _ => {
                let Some(key) = collection_of(&segments) else {
                    continue;
                };
                for item in crate::ok_body_items(exchange).into_iter().flatten() {
                    data.insert(&key, item);
                }
            }
        }
    }
    Ok(())
}

/// The body of a 200 answer that is one JSON object.
fn ok_body(exchange: &Value) -> Option<Value> {
    let response = exchange.get("response")?;
    if response.get("status").and_then(Value::as_u64) != Some(200) {
        return None;
    }
    response.get("body").filter(|b| b.is_object()).cloned()
}

/// An invented booking in the booking-domain adapter's default mapping, the `i`-th (every 15
/// minutes from 2030-01-01T00:00Z).
pub(super) fn generated(i: usize) -> Value {
    let n = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
    let start = 1_893_456_000_000_u64.saturating_add(n.saturating_mul(15 * 60 * 1000));
    json!({
        "_id": format!("65b0{n:020x}"),
        "owner": OWNER,
        "group": GROUP,
        "start": start,
        "end": start.saturating_add(60 * 60 * 1000),
        "status": "confirmed",
        "partySize": 2 + n % 6,
        "customer": {"name": format!("Sandbox Guest {n}")},
        "time": 1_893_000_000_000_u64,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// The built-in list is every fixture of the folder: a new fixture seeds the sandbox
    /// once it is added to the list.
    #[test]
    fn every_rightech_fixture_is_built_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/rightech");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = SEEDS.iter().map(|(n, _)| (*n).to_owned()).collect();
        built_in.sort();
        assert_eq!(built_in, on_disk);
    }

    #[test]
    fn an_operations_own_fixture_seeds_before_its_cases() {
        assert!(is_case("objects.get--lenient"));
        assert!(is_case("/x/fixtures/rightech/objects.get--lenient.json"));
        assert!(!is_case("objects.get"));
        let mut data = Data::default();
        let texts = SEEDS
            .iter()
            .filter(|(n, _)| n.starts_with("objects.get"))
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .rev()
            .collect();
        seed_all(&mut data, texts).unwrap();
        let pump = data.get("objects", "64b000000000000000000001").unwrap();
        assert!(pump["time"].is_number(), "{pump}");
    }
}
