//! The conformance suite (feature `testing`): behavioural checks that every
//! [`BookingProvider`] must pass, the same checks for every vendor (like object_store's one
//! integration suite for every backend).
//!
//! Each check is a plain async function taking `&dyn BookingProvider` and what it needs to
//! know about the data behind it (a booking to create, the ids a date range holds, the JSON
//! the vendor sent). It returns [`CheckResult`]: `Err` is a sentence saying what the provider
//! did wrong, ready for `assert!`/`panic!` in the adapter's test:
//!
//! ```
//! use booking_domain::{testing, BookingProvider, NewBooking};
//!
//! // In a vendor crate's test, against its fixtures or the sandbox; the caller then asserts
//! // that the mock server received no request for the unsupported operations.
//! async fn conformance(provider: &dyn BookingProvider, new: &NewBooking) -> Result<(), String> {
//!     let created = testing::create_then_get_returns_the_same_booking(provider, new).await?;
//!     testing::cancel_shows_cancelled_or_removes(provider, &created.id).await?;
//!     testing::unsupported_operations_return_unsupported(provider).await?;
//!     Ok(())
//! }
//! ```
//!
//! A check that needs an operation the provider does not support (per
//! [`BookingProvider::capabilities`]) fails with a message saying so: the adapter's test
//! decides from the capabilities which checks apply, and the capability matrix shows the rest.

use futures::StreamExt;
use jiff::{Timestamp, tz::TimeZone};
use serde_json::Value;

use crate::Error;
use crate::model::{Booking, BookingChange, BookingId, BookingStatus, Customer, NewBooking};
use crate::provider::{BookingProvider, CancelEffect, Capabilities, FilterSupport, Operation};
use crate::query::{AvailabilityQuery, BookingQuery};

/// The result of a check: `Err` says, in one sentence, what the provider did wrong.
pub type CheckResult<T = ()> = std::result::Result<T, String>;

fn require(caps: &Capabilities, operations: &[Operation], check: &str) -> CheckResult {
    let missing: Vec<&str> = operations
        .iter()
        .filter(|op| !caps.supports(**op))
        .map(|op| op.as_str())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{check} does not apply to {}: its capabilities say {} unsupported",
            caps.vendor,
            missing.join(", ")
        ))
    }
}

/// Creates `new`, then gets it by the returned id: the created booking must carry what was
/// asked for ([`matches_new`]) and the booking read back must equal it in every unified field
/// ([`same_booking`]; `raw` may differ, as vendors answer a create and a read differently).
/// Returns the created booking (for the checks that follow).
pub async fn create_then_get_returns_the_same_booking(
    provider: &dyn BookingProvider,
    new: &NewBooking,
) -> CheckResult<Booking> {
    let caps = provider.capabilities();
    require(
        &caps,
        &[Operation::Create, Operation::Get],
        "create_then_get_returns_the_same_booking",
    )?;
    let created = provider
        .create(new)
        .await
        .map_err(|e| format!("create failed: {e}"))?;
    if created.vendor != caps.vendor {
        return Err(format!(
            "created booking says vendor {:?}, capabilities say {:?}",
            created.vendor, caps.vendor
        ));
    }
    matches_new(&created, new).map_err(|e| format!("created booking: {e}"))?;
    let read = provider
        .get(&created.id)
        .await
        .map_err(|e| format!("get({}) after create failed: {e}", created.id))?;
    same_booking(&created, &read).map_err(|e| format!("get after create: {e}"))?;
    Ok(created)
}

/// Lists with `query`, which must have a date range, and checks that the answer is exactly
/// the bookings `expected` (by id, in any order, each once) and that every booking starts in
/// the range. Returns the listed bookings.
pub async fn list_with_a_date_range_returns_exactly_those_bookings(
    provider: &dyn BookingProvider,
    query: &BookingQuery,
    expected: &[BookingId],
) -> CheckResult<Vec<Booking>> {
    let caps = provider.capabilities();
    require(
        &caps,
        &[Operation::List],
        "list_with_a_date_range_returns_exactly_those_bookings",
    )?;
    if query.from.is_none() && query.until.is_none() {
        return Err("the query of this check needs a date range (from and/or until)".into());
    }
    let mut listed = Vec::new();
    let mut stream = provider.list(query);
    while let Some(item) = stream.next().await {
        listed.push(item.map_err(|e| format!("list failed after {} bookings: {e}", listed.len()))?);
    }
    if let Some(outside) = listed.iter().find(|b| !query.matches(b)) {
        return Err(format!(
            "booking {} starts at {} (or has a status/resource) outside the query {query:?}",
            outside.id, outside.starts_at
        ));
    }
    let ids: Vec<BookingId> = listed.iter().map(|b| b.id.clone()).collect();
    same_ids(&ids, expected)?;
    Ok(listed)
}

/// Cancels booking `id` and checks the effect the capabilities declare: with
/// [`CancelEffect::MarksCancelled`] the booking (as `cancel` returns it and as `get` reads it,
/// where supported) has status [`BookingStatus::Cancelled`]; with [`CancelEffect::Removes`]
/// `get` answers [`Error::NotFound`].
pub async fn cancel_shows_cancelled_or_removes(
    provider: &dyn BookingProvider,
    id: &BookingId,
) -> CheckResult {
    let caps = provider.capabilities();
    require(
        &caps,
        &[Operation::Cancel],
        "cancel_shows_cancelled_or_removes",
    )?;
    let effect = caps
        .cancel
        .ok_or_else(|| "capabilities changed between two calls".to_owned())?;
    let returned = provider
        .cancel(id)
        .await
        .map_err(|e| format!("cancel({id}) failed: {e}"))?;
    match effect {
        CancelEffect::MarksCancelled => {
            let mut seen = false;
            if let Some(b) = &returned {
                is_cancelled(b, "the booking cancel returned")?;
                seen = true;
            }
            if caps.get {
                let read = provider
                    .get(id)
                    .await
                    .map_err(|e| format!("get({id}) after cancel failed: {e}"))?;
                is_cancelled(&read, "the booking get reads after cancel")?;
                seen = true;
            }
            if !seen {
                return Err(format!(
                    "cancel({id}) returned no booking and get is unsupported: the effect cannot be seen"
                ));
            }
        }
        CancelEffect::Removes => {
            if !caps.get {
                return Err(format!(
                    "{} removes on cancel but get is unsupported: the removal cannot be seen",
                    caps.vendor
                ));
            }
            match provider.get(id).await {
                Err(Error::NotFound(_)) => {}
                Ok(b) => {
                    return Err(format!(
                        "capabilities say cancel removes, but get({id}) still finds it with status {}",
                        b.status
                    ));
                }
                Err(e) => {
                    return Err(format!(
                        "get({id}) after a removing cancel should be NotFound, got: {e}"
                    ));
                }
            }
        }
    }
    Ok(())
}

fn is_cancelled(b: &Booking, what: &str) -> CheckResult {
    if b.status == BookingStatus::Cancelled {
        Ok(())
    } else {
        Err(format!(
            "{what} ({}) has status {:?}, not cancelled",
            b.id, b.status
        ))
    }
}

/// Calls every operation the capabilities call unsupported, and `list` with every filter they
/// call [`FilterSupport::Unsupported`], with placeholder inputs: each must fail with
/// [`Error::Unsupported`] naming the provider's vendor. Returns the operations checked.
///
/// "Sends nothing" is the caller's half: run it against a mock server and assert afterwards
/// that the server received no request.
pub async fn unsupported_operations_return_unsupported(
    provider: &dyn BookingProvider,
) -> CheckResult<Vec<Operation>> {
    let caps = provider.capabilities();
    let start = Timestamp::UNIX_EPOCH.to_zoned(TimeZone::UTC);
    let id = BookingId::new("conformance-placeholder");
    let mut checked = Vec::new();
    for op in Operation::ALL {
        if caps.supports(op) {
            continue;
        }
        let result = match op {
            Operation::List => first_error(provider, &BookingQuery::new()).await,
            Operation::Get => provider.get(&id).await.err(),
            Operation::Create => provider
                .create(&NewBooking::new(
                    start.clone(),
                    Customer::named("Conformance"),
                ))
                .await
                .err(),
            Operation::Update => provider
                .update(&id, &BookingChange::default().notes("conformance"))
                .await
                .err(),
            Operation::Cancel => provider.cancel(&id).await.err(),
            Operation::Availability => {
                let query = AvailabilityQuery::new(start.clone(), start.clone())
                    .map_err(|e| format!("placeholder availability query: {e}"))?;
                provider.availability(&query).await.err()
            }
            Operation::Resources => provider.resources().await.err(),
        };
        expect_unsupported(&caps, op.as_str(), result)?;
        checked.push(op);
    }
    if let Some(filters) = caps.list {
        let from = Timestamp::UNIX_EPOCH;
        for (support, query, what) in [
            (
                filters.date_range,
                BookingQuery {
                    from: Some(from),
                    until: Some(from),
                    ..BookingQuery::new()
                },
                "bookings.list with a date range",
            ),
            (
                filters.status,
                BookingQuery::new().status(BookingStatus::Confirmed),
                "bookings.list by status",
            ),
            (
                filters.resource,
                BookingQuery::new().resource("conformance-placeholder"),
                "bookings.list by resource",
            ),
        ] {
            if support == FilterSupport::Unsupported {
                expect_unsupported(&caps, what, first_error(provider, &query).await)?;
            }
        }
    }
    Ok(checked)
}

async fn first_error(provider: &dyn BookingProvider, query: &BookingQuery) -> Option<Error> {
    match provider.list(query).next().await {
        Some(Err(e)) => Some(e),
        _ => None,
    }
}

fn expect_unsupported(caps: &Capabilities, what: &str, result: Option<Error>) -> CheckResult {
    match result {
        Some(Error::Unsupported { vendor, .. }) if vendor == caps.vendor => Ok(()),
        Some(Error::Unsupported { vendor, .. }) => Err(format!(
            "{what}: Unsupported names vendor {vendor:?}, capabilities say {:?}",
            caps.vendor
        )),
        Some(other) => Err(format!(
            "{what} is unsupported per capabilities but failed with another error: {other}"
        )),
        None => Err(format!(
            "{what} is unsupported per capabilities but did not fail"
        )),
    }
}

/// Gets booking `id` and checks that its `raw` is exactly `vendor_json` (the vendor's JSON for
/// that booking, as the fixture or sandbox serves it). Returns the booking.
pub async fn raw_is_kept(
    provider: &dyn BookingProvider,
    id: &BookingId,
    vendor_json: &Value,
) -> CheckResult<Booking> {
    let caps = provider.capabilities();
    require(&caps, &[Operation::Get], "raw_is_kept")?;
    let booking = provider
        .get(id)
        .await
        .map_err(|e| format!("get({id}) failed: {e}"))?;
    raw_equals(&booking, vendor_json)?;
    Ok(booking)
}

/// Whether `booking.raw` is exactly `vendor_json`; `Err` names the first JSON path where they
/// differ.
pub fn raw_equals(booking: &Booking, vendor_json: &Value) -> CheckResult {
    match json_difference(&booking.raw, vendor_json, "$") {
        None => Ok(()),
        Some(diff) => Err(format!("raw of booking {} differs: {diff}", booking.id)),
    }
}

/// The first place where `got` and `want` differ, as `path: got … , want …`.
fn json_difference(got: &Value, want: &Value, path: &str) -> Option<String> {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (key, wv) in w {
                let p = format!("{path}.{key}");
                match g.get(key) {
                    None => return Some(format!("{p}: missing, want {wv}")),
                    Some(gv) => {
                        if let Some(d) = json_difference(gv, wv, &p) {
                            return Some(d);
                        }
                    }
                }
            }
            g.keys()
                .find(|k| !w.contains_key(*k))
                .map(|k| format!("{path}.{k}: not in the vendor JSON"))
        }
        (Value::Array(g), Value::Array(w)) => {
            if g.len() != w.len() {
                return Some(format!("{path}: {} items, want {}", g.len(), w.len()));
            }
            g.iter()
                .zip(w)
                .enumerate()
                .find_map(|(i, (gv, wv))| json_difference(gv, wv, &format!("{path}[{i}]")))
        }
        _ if got == want => None,
        _ => Some(format!("{path}: {got}, want {want}")),
    }
}

/// Whether `booking` carries what `new` asked for: the same start instant and, where `new`
/// sets them, the same end, party size, customer fields, notes and status, and every
/// requested resource. It must not be cancelled (unless that was asked for).
pub fn matches_new(booking: &Booking, new: &NewBooking) -> CheckResult {
    let mut wrong = Vec::new();
    if booking.starts_at.timestamp() != new.starts_at.timestamp() {
        wrong.push(format!(
            "starts_at {} (asked {})",
            booking.starts_at, new.starts_at
        ));
    }
    if let Some(end) = &new.ends_at
        && booking.ends_at.as_ref().map(|e| e.timestamp()) != Some(end.timestamp())
    {
        wrong.push(format!("ends_at {:?} (asked {end})", booking.ends_at));
    }
    if new.party_size.is_some() && booking.party_size != new.party_size {
        wrong.push(format!(
            "party_size {:?} (asked {:?})",
            booking.party_size, new.party_size
        ));
    }
    let customer = booking.customer.clone().unwrap_or_default();
    fn text(v: &Option<model_kit::Pii>) -> Option<&str> {
        v.as_ref().map(model_kit::Pii::as_str)
    }
    for (field, got, asked) in [
        (
            "name",
            customer.name.as_deref(),
            new.customer.name.as_deref(),
        ),
        ("email", text(&customer.email), text(&new.customer.email)),
        ("phone", text(&customer.phone), text(&new.customer.phone)),
    ] {
        if asked.is_some() && got != asked {
            wrong.push(format!("customer.{field} {got:?} (asked {asked:?})"));
        }
    }
    if new.notes.is_some() && booking.notes != new.notes {
        wrong.push(format!("notes {:?} (asked {:?})", booking.notes, new.notes));
    }
    for r in &new.resources {
        if !booking.uses(r) {
            wrong.push(format!("resource {r} missing"));
        }
    }
    match &new.status {
        Some(s) if *s != booking.status => {
            wrong.push(format!("status {} (asked {s})", booking.status));
        }
        None if booking.status == BookingStatus::Cancelled => {
            wrong.push("status cancelled right after create".into());
        }
        _ => {}
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("; "))
    }
}

/// Whether two readings of a booking agree in every unified field: id, vendor, status, start
/// and end (as instants), party size, customer, resource ids (in order) and notes. `raw`,
/// `created_at` and `updated_at` are not compared (a create answer and a read may differ
/// there); `Err` lists every difference.
pub fn same_booking(a: &Booking, b: &Booking) -> CheckResult {
    let mut wrong = Vec::new();
    let mut differ = |field: &str, x: String, y: String| {
        if x != y {
            wrong.push(format!("{field} {x} vs {y}"));
        }
    };
    differ("id", a.id.to_string(), b.id.to_string());
    differ("vendor", a.vendor.clone(), b.vendor.clone());
    differ("status", a.status.to_string(), b.status.to_string());
    differ(
        "starts_at",
        a.starts_at.timestamp().to_string(),
        b.starts_at.timestamp().to_string(),
    );
    let end = |x: &Booking| format!("{:?}", x.ends_at.as_ref().map(|e| e.timestamp()));
    differ("ends_at", end(a), end(b));
    differ(
        "party_size",
        format!("{:?}", a.party_size),
        format!("{:?}", b.party_size),
    );
    differ(
        "customer",
        format!("{:?}", a.customer),
        format!("{:?}", b.customer),
    );
    let ids = |x: &Booking| {
        x.resources
            .iter()
            .map(|r| r.id.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    differ("resources", ids(a), ids(b));
    differ("notes", format!("{:?}", a.notes), format!("{:?}", b.notes));
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("booking {} differs: {}", a.id, wrong.join("; ")))
    }
}

/// Whether `got` holds exactly the ids `want`, each once, in any order; `Err` names the
/// missing, unexpected and repeated ids.
pub fn same_ids(got: &[BookingId], want: &[BookingId]) -> CheckResult {
    let mut repeated: Vec<&BookingId> = Vec::new();
    for (i, id) in got.iter().enumerate() {
        if got.iter().take(i).any(|x| x == id) && !repeated.contains(&id) {
            repeated.push(id);
        }
    }
    let missing: Vec<&BookingId> = want.iter().filter(|id| !got.contains(id)).collect();
    let unexpected: Vec<&BookingId> = got.iter().filter(|id| !want.contains(id)).collect();
    if missing.is_empty() && unexpected.is_empty() && repeated.is_empty() {
        return Ok(());
    }
    let list = |ids: &[&BookingId]| {
        ids.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(format!(
        "listed ids differ: missing [{}], unexpected [{}], repeated [{}]",
        list(&missing),
        list(&unexpected),
        list(&repeated)
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::{ResourceId, ResourceRef};
    use serde_json::json;

    fn booking() -> Booking {
        serde_json::from_value(json!({
            "id": "b1", "vendor": "v", "status": "confirmed",
            "starts_at": "2025-06-01T19:00:00+02:00[Europe/Berlin]",
            "ends_at": "2025-06-01T21:00:00+02:00[Europe/Berlin]",
            "party_size": 4,
            "customer": {"name": "Ada", "email": "ada@example.com"},
            "resources": [{"id": "t7", "name": "Table 7"}],
            "notes": "window",
            "raw": {"_id": "b1", "people": 4, "tables": [{"_id": "t7"}]}
        }))
        .unwrap()
    }

    #[test]
    fn same_booking_compares_instants_and_ignores_raw_and_names() {
        let a = booking();
        let mut b = a.clone();
        b.starts_at = a.starts_at.with_time_zone(TimeZone::UTC);
        b.raw = json!({"different": true});
        b.resources = vec![ResourceRef::from(ResourceId::new("t7"))];
        assert_eq!(same_booking(&a, &b), Ok(()));
        b.party_size = Some(5);
        b.status = BookingStatus::Seated;
        let err = same_booking(&a, &b).unwrap_err();
        assert!(err.contains("party_size Some(4) vs Some(5)"), "{err}");
        assert!(err.contains("status confirmed vs seated"), "{err}");
    }

    #[test]
    fn matches_new_checks_only_what_was_asked() {
        let b = booking();
        let asked = NewBooking::new(b.starts_at.clone(), Customer::named("Ada"))
            .party_size(4u32)
            .resource("t7");
        assert_eq!(matches_new(&b, &asked), Ok(()));
        let wrong = NewBooking::new(
            b.starts_at
                .checked_add(jiff::SignedDuration::from_mins(30))
                .unwrap(),
            Customer::named("Ada").phone("+49 30 1234"),
        )
        .resource("t9");
        let err = matches_new(&b, &wrong).unwrap_err();
        for part in ["starts_at", "customer.phone", "resource t9 missing"] {
            assert!(err.contains(part), "{part}: {err}");
        }
        let mut cancelled = b.clone();
        cancelled.status = BookingStatus::Cancelled;
        let err = matches_new(&cancelled, &asked).unwrap_err();
        assert!(err.contains("cancelled right after create"), "{err}");
    }

    #[test]
    fn same_ids_names_missing_unexpected_and_repeated() {
        let ids = |xs: &[&str]| xs.iter().map(|x| BookingId::new(*x)).collect::<Vec<_>>();
        assert_eq!(same_ids(&ids(&["b", "a"]), &ids(&["a", "b"])), Ok(()));
        let err = same_ids(&ids(&["a", "c", "a"]), &ids(&["a", "b"])).unwrap_err();
        assert_eq!(
            err,
            "listed ids differ: missing [b], unexpected [c], repeated [a]"
        );
    }

    #[test]
    fn raw_equals_names_the_first_difference() {
        let b = booking();
        assert_eq!(raw_equals(&b, &b.raw.clone()), Ok(()));
        let err = raw_equals(
            &b,
            &json!({"_id": "b1", "people": "4", "tables": [{"_id": "t7"}]}),
        )
        .unwrap_err();
        assert!(err.contains("$.people: 4, want \"4\""), "{err}");
        let err = raw_equals(&b, &json!({"_id": "b1", "people": 4, "tables": []})).unwrap_err();
        assert!(err.contains("$.tables: 1 items, want 0"), "{err}");
        let err = raw_equals(&b, &json!({"_id": "b1", "people": 4})).unwrap_err();
        assert!(err.contains("$.tables: not in the vendor JSON"), "{err}");
        let err = raw_equals(
            &b,
            &json!({"_id": "b1", "people": 4, "tables": [{"_id": "t7", "seats": 2}]}),
        )
        .unwrap_err();
        assert!(err.contains("$.tables[0].seats: missing"), "{err}");
    }

    #[test]
    fn require_names_the_missing_operations() {
        let mut caps = Capabilities::none("v");
        caps.get = true;
        let err = require(&caps, &[Operation::Create, Operation::Get], "check").unwrap_err();
        assert_eq!(
            err,
            "check does not apply to v: its capabilities say bookings.create unsupported"
        );
        assert_eq!(require(&caps, &[Operation::Get], "check"), Ok(()));
    }

    #[test]
    fn expect_unsupported_refuses_other_outcomes() {
        let caps = Capabilities::none("v");
        let ok = Error::Unsupported {
            vendor: "v",
            operation: "resources",
        };
        assert_eq!(expect_unsupported(&caps, "resources", Some(ok)), Ok(()));
        let other_vendor = Error::Unsupported {
            vendor: "w",
            operation: "resources",
        };
        assert!(expect_unsupported(&caps, "resources", Some(other_vendor)).is_err());
        assert!(expect_unsupported(&caps, "resources", Some(Error::Timeout)).is_err());
        let err = expect_unsupported(&caps, "resources", None).unwrap_err();
        assert!(err.contains("did not fail"), "{err}");
    }
}
