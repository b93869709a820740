//! Unified-mapping snapshots: next to a fixture's typed outcome (`<fixture>.snap`), the
//! adapter's conversion of the bookings its responses hold to the vendor-neutral model
//! (`<fixture>.unified.snap`).
//!
//! A vendor's `tests/contract.rs` gives its [`crate::VendorSpec`] a projection with
//! [`crate::VendorSpec::with_unified`]: a function from a fixture to the JSON to snapshot, or
//! `None` for a fixture whose responses hold no bookings. [`unified_bookings`] does the common
//! part: it picks the successful JSON bodies of the exchanges that answer a booking request
//! and maps every booking in them, exactly as the adapter receives them (the adapters read a
//! booking as a `serde_json::Value` and convert that, keeping it as `raw`).

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::fixture::{Exchange, Fixture};
use crate::outcome::render;

/// Suffix of a unified-mapping snapshot's name: `<fixture>.unified` (file
/// `<fixture>.unified.snap`).
pub const UNIFIED_SUFFIX: &str = ".unified";

/// The function behind [`Unified`].
type Projection = dyn Fn(&Fixture) -> Option<Value> + Send + Sync;

/// A vendor's unified projection: fixture → the JSON of its unified mapping, or `None` when
/// the fixture's responses hold no bookings.
#[derive(Clone)]
pub struct Unified(Arc<Projection>);

impl Unified {
    /// Wraps a projection.
    pub fn new(f: impl Fn(&Fixture) -> Option<Value> + Send + Sync + 'static) -> Self {
        Unified(Arc::new(f))
    }

    /// The projection of `fixture`.
    pub fn project(&self, fixture: &Fixture) -> Option<Value> {
        (self.0)(fixture)
    }
}

impl fmt::Debug for Unified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unified(..)")
    }
}

/// The name of the unified snapshot of fixture `name`.
pub fn unified_snapshot_name(name: &str) -> String {
    format!("{name}{UNIFIED_SUFFIX}")
}

/// The bookings of `fixture`'s responses, each mapped by `map` and rendered as an outcome
/// (`{"ok": <unified booking>}` or `{"error": ...}`, so a booking the adapter cannot map shows
/// as such), in the order the exchanges and their items come.
///
/// Only exchanges that `select` picks (the booking requests: not a login or token refresh)
/// and whose response is a 2xx with a JSON body count: an array body is a page of bookings, an
/// object body one booking; other bodies (none, `true`, an id) hold none. `None` when no
/// booking is found, so a fixture without bookings has no unified snapshot.
pub fn unified_bookings<T, S, M>(fixture: &Fixture, select: S, map: M) -> Option<Value>
where
    T: Serialize,
    S: Fn(&Exchange) -> bool,
    M: Fn(Value) -> core_http::Result<T>,
{
    let mut bookings = Vec::new();
    for exchange in fixture.exchanges.iter().filter(|e| select(e)) {
        let response = &exchange.response;
        if !(200..300).contains(&response.status) || response.body_text.is_some() {
            continue;
        }
        match &response.body {
            Value::Array(items) => bookings.extend(items.iter().cloned()),
            body @ Value::Object(_) => bookings.push(body.clone()),
            _ => {}
        }
    }
    if bookings.is_empty() {
        return None;
    }
    Some(Value::Array(
        bookings.into_iter().map(|b| render(map(b))).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(exchanges: Value) -> Fixture {
        let text = serde_json::json!({
            "vendor": "_selftest",
            "operation": "items.list",
            "provenance": "synthetic",
            "source": "synthetic: unified projection",
            "input": {},
            "exchanges": exchanges,
        });
        let mut f: Fixture = serde_json::from_value(text).unwrap();
        f.name = "items.list".into();
        f
    }

    fn exchange(path: &str, status: u16, body: Value) -> Value {
        serde_json::json!({
            "request": {"method": "GET", "path": path, "body": null},
            "response": {"status": status, "body": body},
        })
    }

    #[test]
    fn bookings_of_selected_successful_bodies_are_mapped_in_order() {
        let f = fixture(serde_json::json!([
            exchange("/items", 429, Value::Null),
            exchange("/items", 200, serde_json::json!([{"n": 1}, {"n": 2}])),
            exchange("/login", 200, serde_json::json!({"token": "x"})),
            exchange("/items/3", 200, serde_json::json!({"n": 3})),
            exchange("/items/4", 200, serde_json::json!({"bad": true})),
        ]));
        let out = unified_bookings(
            &f,
            |e| e.request.path.starts_with("/items"),
            |v| match v.get("n").and_then(Value::as_u64) {
                Some(n) => Ok(n * 10),
                None => Err(core_http::Error::Config("no n".into())),
            },
        )
        .unwrap();
        let items = out.as_array().unwrap();
        assert_eq!(items.len(), 4);
        assert_eq!(items[0], serde_json::json!({"ok": 10}));
        assert_eq!(items[2], serde_json::json!({"ok": 30}));
        assert_eq!(items[3]["error"]["variant"], "Config");
    }

    #[test]
    fn a_fixture_without_bookings_has_no_projection() {
        let f = fixture(serde_json::json!([
            exchange("/items", 200, serde_json::json!([])),
            exchange("/items/1", 404, serde_json::json!({"n": 1})),
            exchange("/items/2", 200, serde_json::json!(true)),
        ]));
        assert_eq!(
            unified_bookings(&f, |_| true, Ok::<Value, core_http::Error>),
            None
        );
    }
}
