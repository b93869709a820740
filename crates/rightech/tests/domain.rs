//! The Rightech adapter of booking-domain (feature `domain`): booking-domain's conformance
//! checks against the sandbox's stateful Rightech fake and against httpmock answering with the
//! contract fixtures' bodies, plus what the checks leave to the caller (nothing sent for
//! unsupported calls or refused inputs, exact requests, the mapping's rules).
#![cfg(feature = "domain")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use booking_domain::jiff::civil::date;
use booking_domain::jiff::tz::TimeZone;
use booking_domain::jiff::{SignedDuration, Zoned};
use booking_domain::{
    AvailabilityQuery, BookingChange, BookingId, BookingProvider, BookingQuery, BookingStatus,
    CancelEffect, Customer, Error, FilterSupport, NewBooking, Operation, ResourceKind, testing,
};
use futures::StreamExt;
use httpmock::MockServer;
use rightech::domain::{
    BookingMapping, Field, ResourceMapping, RightechProvider, StatusTable, TimeFormat,
};
use sandbox::{Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

const STORE: &str = "/api/v1/reservations";
const ROOM_1: &str = "64f000000000000000000001";
const ROOM_2: &str = "64f000000000000000000002";

fn zone() -> TimeZone {
    TimeZone::get("Europe/Berlin").unwrap()
}

fn at(text: &str) -> Zoned {
    format!("{text}[Europe/Berlin]").parse().unwrap()
}

fn ids(xs: &[&str]) -> Vec<BookingId> {
    xs.iter().map(|x| BookingId::new(*x)).collect()
}

fn booking(n: u8) -> String {
    format!("64e00000000000000000000{n}")
}

/// The default mapping on the `reservations` store, resources from `rooms`.
fn mapping() -> BookingMapping {
    BookingMapping::new("reservations")
        .resources(ResourceMapping::new("rooms").kind(ResourceKind::Room))
}

async fn start() -> (Sandbox, RightechProvider) {
    start_with(mapping()).await
}

async fn start_with(mapping: BookingMapping) -> (Sandbox, RightechProvider) {
    let sandbox = Sandbox::start(Vendor::Rightech, SandboxOptions::default())
        .await
        .unwrap();
    let (login, password) = sandbox.credentials().login().unwrap();
    let client = rightech::Client::builder()
        .base_url(sandbox.base_url())
        .login_token(login, password.expose_secret())
        .build()
        .unwrap();
    let provider = RightechProvider::new(client, zone(), mapping).unwrap();
    (sandbox, provider)
}

fn mock_provider(server: &MockServer, mapping: BookingMapping) -> RightechProvider {
    let client = rightech::Client::builder()
        .base_url(server.base_url())
        .token("test-api-token")
        .build()
        .unwrap();
    RightechProvider::new(client, zone(), mapping).unwrap()
}

fn fixture_body(text: &str) -> Value {
    let fixture: Value = serde_json::from_str(text).unwrap();
    fixture["exchanges"][0]["response"]["body"].clone()
}

fn reservations() -> Vec<Value> {
    fixture_body(include_str!(
        "../../../fixtures/rightech/store.list--reservations.json"
    ))
    .as_array()
    .unwrap()
    .clone()
}

fn full_booking() -> NewBooking {
    let start = at("2026-07-04T19:30:00+02:00");
    NewBooking::new(
        start.clone(),
        Customer::named("Ada Example")
            .email("ada@example.org")
            .phone("+4520000099"),
    )
    .ends_at(start.checked_add(SignedDuration::from_mins(90)).unwrap())
    .party_size(4u32)
    .resource(ROOM_1)
    .notes("window seat")
}

#[tokio::test]
async fn sandbox_create_then_get_returns_the_same_booking_and_cancel_marks_it_cancelled() {
    let (sandbox, provider) = start().await;
    let created = testing::create_then_get_returns_the_same_booking(&provider, &full_booking())
        .await
        .unwrap();
    assert_eq!(created.status, BookingStatus::Confirmed);
    // The record as the default mapping writes it: times in milliseconds, the customer nested.
    assert_eq!(created.raw["start"], 1_783_186_200_000_i64);
    assert_eq!(created.raw["end"], 1_783_191_600_000_i64);
    assert_eq!(created.raw["status"], "confirmed");
    assert_eq!(created.raw["customer"]["email"], "ada@example.org");
    assert_eq!(created.raw["resource"], ROOM_1);
    assert!(created.created_at.is_some());
    assert_eq!(sandbox.hits("POST /api/v1/reservations"), 1);

    testing::cancel_shows_cancelled_or_removes(&provider, &created.id)
        .await
        .unwrap();
    // A top-level status field: one PATCH, no read before it.
    assert_eq!(sandbox.hits("PATCH /api/v1/reservations/{id}"), 1);
    let read = provider.get(&created.id).await.unwrap();
    assert_eq!(read.raw["status"], "cancelled");
    assert_eq!(read.raw["start"], created.raw["start"]);
    assert_eq!(sandbox.hits("POST /api/v1/auth/token"), 1);
}

#[tokio::test]
async fn sandbox_a_date_range_returns_exactly_the_bookings_in_it() {
    let (sandbox, provider) = start().await;
    let query = BookingQuery::new()
        .days(date(2026, 6, 1), date(2026, 6, 3), &zone())
        .unwrap();
    let listed = testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query,
        &ids(&[&booking(1), &booking(2), &booking(3)]),
    )
    .await
    .unwrap();
    // ISO 8601 and milliseconds in one store.
    assert_eq!(
        listed[2].starts_at.to_string(),
        "2026-06-03T20:00:00+02:00[Europe/Berlin]"
    );
    // The whole store is read once: the range is applied here.
    assert_eq!(sandbox.hits("GET /api/v1/reservations"), 1);
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query.clone().status(BookingStatus::Cancelled),
        &ids(&[&booking(2)]),
    )
    .await
    .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query
            .clone()
            .status(BookingStatus::Unknown("on_hold".into())),
        &ids(&[&booking(3)]),
    )
    .await
    .unwrap();
    // By resource: the server's `where.` filter, also on an array field.
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query.resource(ROOM_2),
        &ids(&[&booking(2), &booking(3)]),
    )
    .await
    .unwrap();
    assert_eq!(sandbox.hits("GET /api/v1/reservations"), 4);
}

#[tokio::test]
async fn sandbox_unsupported_calls_and_refused_inputs_send_nothing() {
    let (sandbox, provider) = start_with(BookingMapping::new("reservations")).await;
    let checked = testing::unsupported_operations_return_unsupported(&provider)
        .await
        .unwrap();
    assert_eq!(checked, [Operation::Availability, Operation::Resources]);
    let query = AvailabilityQuery::new(
        at("2026-06-01T00:00:00+02:00"),
        at("2026-06-02T00:00:00+02:00"),
    )
    .unwrap();
    assert!(matches!(
        provider.availability(&query).await,
        Err(Error::Unsupported {
            vendor: "rightech",
            operation: "availability"
        })
    ));
    // Inputs the mapping or the vendor cannot take fail before a request.
    let id = BookingId::new(booking(1));
    let no_party = RightechProvider::new(
        provider.client().clone(),
        zone(),
        BookingMapping::new("reservations").without(Field::PartySize),
    )
    .unwrap();
    let refused = [
        no_party.create(&full_booking()).await.unwrap_err(),
        no_party
            .update(&id, &BookingChange::default().party_size(2u32))
            .await
            .unwrap_err(),
        provider
            .get(&BookingId::new("not-an-object-id"))
            .await
            .unwrap_err(),
        provider
            .create(
                &full_booking()
                    .status(BookingStatus::Seated)
                    .ends_at(at("2026-07-04T19:00:00+02:00")),
            )
            .await
            .unwrap_err(),
    ];
    for err in &refused {
        assert!(matches!(err, Error::Validation { .. }), "{err}");
    }
    // Without a resource field, listing by resource is unsupported.
    let no_resource = RightechProvider::new(
        provider.client().clone(),
        zone(),
        BookingMapping::new("reservations").without(Field::Resource),
    )
    .unwrap();
    assert_eq!(
        no_resource.capabilities().list.unwrap().resource,
        FilterSupport::Unsupported
    );
    testing::unsupported_operations_return_unsupported(&no_resource)
        .await
        .unwrap();
    // With a status field but no `cancelled` row, cancel is unsupported.
    let no_cancel = RightechProvider::new(
        provider.client().clone(),
        zone(),
        BookingMapping::new("reservations")
            .statuses(StatusTable::new().row("ok", BookingStatus::Confirmed)),
    )
    .unwrap();
    let checked = testing::unsupported_operations_return_unsupported(&no_cancel)
        .await
        .unwrap();
    assert!(checked.contains(&Operation::Cancel));
    // Not even a login.
    assert_eq!(sandbox.all_hits(), Default::default());
}

#[tokio::test]
async fn sandbox_raw_is_the_stored_record_and_unknown_statuses_are_kept() {
    let (_sandbox, provider) = start().await;
    let vendor_json = reservations()[2].clone();
    let b = testing::raw_is_kept(&provider, &BookingId::new(booking(3)), &vendor_json)
        .await
        .unwrap();
    assert_eq!(b.status, BookingStatus::Unknown("on_hold".into()));
    assert_eq!(b.party_size, Some(3));
    let customer = b.customer.unwrap();
    assert_eq!(customer.phone.as_deref(), Some("4520000042"));
    let resources: Vec<&str> = b.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(resources, [ROOM_1, ROOM_2]);
    assert_eq!(b.raw["deposit"], json!({"paid": false}));
}

#[tokio::test]
async fn sandbox_resources_come_from_the_named_store() {
    let (sandbox, provider) = start().await;
    let rooms = provider.resources().await.unwrap();
    let vendor = fixture_body(include_str!(
        "../../../fixtures/rightech/store.list--rooms.json"
    ));
    let vendor = vendor.as_array().unwrap();
    assert_eq!(rooms.len(), 2);
    for (room, raw) in rooms.iter().zip(vendor) {
        assert_eq!(room.kind, ResourceKind::Room);
        assert_eq!(room.id.as_str(), raw["_id"]);
        assert_eq!(room.name, raw["name"]);
        assert_eq!(room.raw, *raw);
    }
    // Capacity as a number and as text.
    assert_eq!((rooms[0].capacity, rooms[1].capacity), (Some(4), Some(8)));
    assert_eq!(sandbox.hits("GET /api/v1/rooms"), 1);
}

#[tokio::test]
async fn sandbox_update_writes_the_whole_customer_and_keeps_other_nested_fields() {
    let (sandbox, provider) = start().await;
    let id = BookingId::new(booking(1));
    // A field of the customer object the mapping does not know.
    let oid = rightech::ObjectId::new(booking(1)).unwrap();
    let mut customer = reservations()[0]["customer"].clone();
    customer["loyalty"] = json!("gold");
    let patch = rightech::Patch::new().set("customer", customer).unwrap();
    provider
        .client()
        .store::<Value>("reservations")
        .patch(&oid, &patch)
        .await
        .unwrap();
    let change = BookingChange::default()
        .customer(Customer::named("Ada Lovelace"))
        .party_size(6u32)
        .resources(vec![ROOM_2.into(), ROOM_1.into()])
        .status(BookingStatus::Seated);
    let after = provider.update(&id, &change).await.unwrap();
    let customer = after.customer.clone().unwrap();
    assert_eq!(customer.name.as_deref(), Some("Ada Lovelace"));
    // The whole customer: fields left `None` are cleared.
    assert_eq!((customer.email, customer.phone), (None, None));
    assert_eq!(
        after.raw["customer"],
        json!({"name": "Ada Lovelace", "email": null, "phone": null, "loyalty": "gold"})
    );
    assert_eq!(after.party_size, Some(6));
    assert_eq!(after.raw["resource"], json!([ROOM_2, ROOM_1]));
    assert_eq!(after.status, BookingStatus::Seated);
    assert_eq!(after.raw["notes"], "window seat");
    // A nested path: the record is read first, then one PATCH.
    assert_eq!(sandbox.hits("GET /api/v1/reservations/{id}"), 1);
    assert_eq!(sandbox.hits("PATCH /api/v1/reservations/{id}"), 2);
    // A new start alone: one PATCH, no read.
    let later = at("2026-06-01T21:00:00+02:00");
    let moved = provider
        .update(&id, &BookingChange::default().starts_at(later.clone()))
        .await
        .unwrap();
    assert_eq!(moved.starts_at.timestamp(), later.timestamp());
    assert_eq!(sandbox.hits("GET /api/v1/reservations/{id}"), 1);
    assert_eq!(sandbox.hits("PATCH /api/v1/reservations/{id}"), 3);
}

#[tokio::test]
async fn mock_conformance_against_the_fixture_bodies() {
    let server = MockServer::start_async().await;
    let provider = mock_provider(&server, mapping());
    let records = reservations();
    let list = server
        .mock_async(|when, then| {
            when.method("GET")
                .path(STORE)
                .query_param("offset", "0")
                .query_param("limit", "10000")
                .query_param_missing("where.resource");
            then.status(200).json_body(Value::Array(records.clone()));
        })
        .await;
    let query = BookingQuery::new()
        .days(date(2026, 6, 2), date(2026, 6, 10), &zone())
        .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query,
        &ids(&[&booking(2), &booking(3), &booking(4)]),
    )
    .await
    .unwrap();
    list.assert_calls_async(1).await;
    let by_room = server
        .mock_async(|when, then| {
            when.method("GET")
                .path(STORE)
                .query_param("where.resource", ROOM_2);
            then.status(200).json_body(json!([records[1], records[2]]));
        })
        .await;
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query.resource(ROOM_2),
        &ids(&[&booking(2), &booking(3)]),
    )
    .await
    .unwrap();
    by_room.assert_calls_async(1).await;

    let one = server
        .mock_async(|when, then| {
            when.method("GET").path(format!("{STORE}/{}", booking(1)));
            then.status(200).json_body(records[0].clone());
        })
        .await;
    let b = testing::raw_is_kept(&provider, &BookingId::new(booking(1)), &records[0])
        .await
        .unwrap();
    assert_eq!(
        b.starts_at.to_string(),
        "2026-06-01T19:00:00+02:00[Europe/Berlin]"
    );
    one.assert_async().await;
    let missing = server
        .mock_async(|when, then| {
            when.method("GET").path(format!("{STORE}/{}", booking(9)));
            then.status(404).json_body(fixture_body(include_str!(
                "../../../fixtures/rightech/store.get--not-found.json"
            )));
        })
        .await;
    assert!(matches!(
        provider.get(&BookingId::new(booking(9))).await,
        Err(Error::NotFound(_))
    ));
    missing.assert_async().await;
}

#[tokio::test]
async fn mock_a_custom_mapping_sends_its_own_fields_statuses_and_time_format() {
    let server = MockServer::start_async().await;
    let custom = BookingMapping::new("visits")
        .start_field("slot.begin")
        .field(Field::End, "slot.finish")
        .field(Field::Status, "state")
        .field(Field::CustomerName, "guest")
        .without(Field::CustomerEmail)
        .without(Field::CustomerPhone)
        .field(Field::PartySize, "guests")
        .field(Field::Resource, "object")
        .field(Field::UpdatedAt, "changedAt")
        .without(Field::Notes)
        .time_format(TimeFormat::Iso8601)
        .statuses(
            StatusTable::new()
                .row("booked", BookingStatus::Confirmed)
                .row("void", BookingStatus::Cancelled),
        );
    let provider = mock_provider(&server, custom);
    let stored = json!({
        "_id": "64e0000000000000000000a1", "owner": "64a000000000000000000009",
        "slot": {"begin": "2026-07-04T19:30:00+02:00", "finish": "2026-07-04T21:00:00+02:00"},
        "state": "booked", "guest": "Ada Example", "guests": 4,
        "object": "64b000000000000000000001", "time": 1_783_000_000_000_i64,
        "changedAt": "2026-07-01T10:00:00Z"
    });
    let create = server
        .mock_async(|when, then| {
            when.method("POST").path("/api/v1/visits").json_body(json!({
                "slot": {"begin": "2026-07-04T19:30:00+02:00",
                    "finish": "2026-07-04T21:00:00+02:00"},
                "state": "booked", "guest": "Ada Example", "guests": 4,
                "object": "64b000000000000000000001"
            }));
            then.status(200).json_body(stored.clone());
        })
        .await;
    let start = at("2026-07-04T19:30:00+02:00");
    let new = NewBooking::new(start.clone(), Customer::named("Ada Example"))
        .ends_at(start.checked_add(SignedDuration::from_mins(90)).unwrap())
        .party_size(4u32)
        .resource("64b000000000000000000001");
    let created = provider.create(&new).await.unwrap();
    create.assert_async().await;
    testing::matches_new(&created, &new).unwrap();
    assert_eq!(created.status, BookingStatus::Confirmed);
    assert_eq!(
        created.updated_at.unwrap().to_string(),
        "2026-07-01T10:00:00Z"
    );
    assert_eq!(created.raw, stored);
    // Fields the mapping does not have are refused before sending.
    for refused in [
        new.clone().notes("x"),
        NewBooking::new(start.clone(), Customer::named("Ada").email("a@x")),
        new.clone().status(BookingStatus::Seated),
    ] {
        let err = provider.create(&refused).await.unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{err}");
    }
    create.assert_calls_async(1).await;

    // Cancel writes the table's value for cancelled into the top-level status field.
    let mut voided = stored.clone();
    voided["state"] = json!("void");
    let cancel = server
        .mock_async(|when, then| {
            when.method("PATCH")
                .path("/api/v1/visits/64e0000000000000000000a1")
                .json_body(json!({"state": "void"}));
            then.status(200).json_body(voided.clone());
        })
        .await;
    let after = provider
        .cancel(&BookingId::new("64e0000000000000000000a1"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.status, BookingStatus::Cancelled);
    cancel.assert_async().await;
    // A value outside the table reads as unknown.
    let odd = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/api/v1/visits/64e0000000000000000000a2");
            then.status(200)
                .json_body(json!({"_id": "64e0000000000000000000a2",
                "slot": {"begin": 1_783_186_200_000_i64}, "state": "no-show?"}));
        })
        .await;
    let b = provider
        .get(&BookingId::new("64e0000000000000000000a2"))
        .await
        .unwrap();
    assert_eq!(b.status, BookingStatus::Unknown("no-show?".into()));
    assert_eq!(b.customer, None);
    odd.assert_async().await;
}

#[tokio::test]
async fn mock_without_a_status_field_cancel_deletes() {
    let server = MockServer::start_async().await;
    let provider = mock_provider(
        &server,
        BookingMapping::new("reservations").without(Field::Status),
    );
    assert_eq!(provider.capabilities().cancel, Some(CancelEffect::Removes));
    let delete = server
        .mock_async(|when, then| {
            when.method("DELETE")
                .path(format!("{STORE}/{}", booking(1)));
            then.status(200).json_body(reservations()[0].clone());
        })
        .await;
    let gone = server
        .mock_async(|when, then| {
            when.method("GET").path(format!("{STORE}/{}", booking(1)));
            then.status(404).json_body(fixture_body(include_str!(
                "../../../fixtures/rightech/store.get--not-found.json"
            )));
        })
        .await;
    testing::cancel_shows_cancelled_or_removes(&provider, &BookingId::new(booking(1)))
        .await
        .unwrap();
    delete.assert_async().await;
    gone.assert_async().await;
}

#[tokio::test]
async fn mock_a_record_that_is_not_a_booking_is_one_error_and_the_list_goes_on() {
    let server = MockServer::start_async().await;
    let provider = mock_provider(&server, mapping());
    let records = reservations();
    let broken = json!({"_id": "64e0000000000000000000ff", "status": "confirmed"});
    server
        .mock_async(|when, then| {
            when.method("GET").path(STORE);
            then.status(200)
                .json_body(json!([records[0], broken, records[1]]));
        })
        .await;
    let items: Vec<_> = provider.list(&BookingQuery::new()).collect().await;
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap().id.as_str(), booking(1));
    match &items[1] {
        Err(Error::Decode { path, message, .. }) => {
            assert_eq!(path, "reservations/64e0000000000000000000ff.start");
            assert!(message.contains("no start"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(items[2].as_ref().unwrap().id.as_str(), booking(2));
}
