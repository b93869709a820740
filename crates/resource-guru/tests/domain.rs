//! The Resource Guru adapter of booking-domain (feature `domain`) against httpmock answering
//! with the contract fixtures' bodies (the sandbox has no Resource Guru fake yet):
//! booking-domain's conformance checks, plus what the checks leave to the caller (nothing sent
//! for unsupported calls or refused inputs, exact requests).
#![cfg(feature = "domain")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use booking_domain::jiff::civil::date;
use booking_domain::jiff::tz::TimeZone;
use booking_domain::jiff::{SignedDuration, Zoned};
use booking_domain::{
    AvailabilityQuery, BookingChange, BookingId, BookingProvider, BookingQuery, BookingStatus,
    Customer, Error, NewBooking, Operation, ResourceKind, testing,
};
use httpmock::MockServer;
use resource_guru::domain::ResourceGuruProvider;
use serde_json::{Value, json};

const ACCOUNT: &str = "/v1/acme-studio";

fn zone() -> TimeZone {
    TimeZone::get("Europe/Lisbon").unwrap()
}

fn provider(server: &MockServer) -> ResourceGuruProvider {
    let client = resource_guru::Client::builder("acme-studio")
        .access_token("my-access-token")
        .base_url(server.base_url())
        .build()
        .unwrap();
    ResourceGuruProvider::new(client, zone())
}

fn at(text: &str) -> Zoned {
    format!("{text}[Europe/Lisbon]").parse().unwrap()
}

fn fixture_body(text: &str) -> Value {
    let fixture: Value = serde_json::from_str(text).unwrap();
    fixture["exchanges"][0]["response"]["body"].clone()
}

fn get_body() -> Value {
    fixture_body(include_str!(
        "../../../fixtures/resource-guru/bookings.get.json"
    ))
}

#[tokio::test]
async fn create_then_get_returns_the_same_booking_and_cancel_removes_it() {
    let server = MockServer::start_async().await;
    let provider = provider(&server);
    let create = server
        .mock_async(|when, then| {
            when.method("POST")
                .path(format!("{ACCOUNT}/bookings"))
                .json_body(json!({
                    "resource_ids": [311], "start_date": "2024-05-13",
                    "end_date": "2024-05-15", "duration": 240, "start_time": 600,
                    "details": "Kick-off workshop", "timezone": "Lisbon"
                }));
            then.status(201).json_body(fixture_body(include_str!(
                "../../../fixtures/resource-guru/bookings.create.json"
            )));
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            when.method("GET").path(format!("{ACCOUNT}/bookings/80412"));
            then.status(200).json_body(get_body());
        })
        .await;
    // Ten to two, three days running: one span from the first start to the last end.
    let new = NewBooking::new(at("2024-05-13T10:00:00+01:00"), Customer::default())
        .ends_at(at("2024-05-15T14:00:00+01:00"))
        .resource("311")
        .notes("Kick-off workshop");
    let created = testing::create_then_get_returns_the_same_booking(&provider, &new)
        .await
        .unwrap();
    assert_eq!(created.id.as_str(), "80412");
    // The fixture's last day is on the waiting list.
    assert_eq!(created.status, BookingStatus::Waitlisted);
    assert_eq!(created.raw["durations"][2]["waiting"], true);
    create.assert_async().await;
    get.assert_async().await;

    // Resource Guru deletes: afterwards the booking is not found.
    let delete = server
        .mock_async(|when, then| {
            when.method("DELETE")
                .path(format!("{ACCOUNT}/bookings/80412"));
            then.status(204);
        })
        .await;
    get.delete_async().await;
    let gone = server
        .mock_async(|when, then| {
            when.method("GET").path(format!("{ACCOUNT}/bookings/80412"));
            then.status(404).json_body(fixture_body(include_str!(
                "../../../fixtures/resource-guru/bookings.get--not-found.json"
            )));
        })
        .await;
    testing::cancel_shows_cancelled_or_removes(&provider, &created.id)
        .await
        .unwrap();
    delete.assert_async().await;
    gone.assert_async().await;
    assert!(matches!(provider.cancel(&created.id).await, Ok(None)));
}

#[tokio::test]
async fn a_date_range_and_a_resource_are_sent_and_exactly_the_bookings_in_it_return() {
    let server = MockServer::start_async().await;
    let provider = provider(&server);
    let inside = fixture_body(include_str!(
        "../../../fixtures/resource-guru/bookings.list_page.json"
    ))[0]
        .clone();
    // The server answers overlapping bookings on widened days: one starts the day before.
    let mut before = inside.clone();
    before["id"] = json!(80413);
    before["start_date"] = json!("2024-05-12");
    before["durations"] = json!([]);
    let page = json!([inside, before]);
    let list = server
        .mock_async(|when, then| {
            when.method("GET")
                .path(format!("{ACCOUNT}/bookings"))
                .query_param("start_date", "2024-05-12")
                .query_param("end_date", "2024-05-20")
                .query_param("limit", "50")
                .query_param("offset", "0")
                .query_param_missing("resource_ids");
            then.status(200).json_body(page.clone());
        })
        .await;
    let by_resource = server
        .mock_async(|when, then| {
            when.method("GET")
                .path(format!("{ACCOUNT}/bookings"))
                .query_param("resource_ids", "311")
                .query_param("start_date", "2024-05-12")
                .query_param("end_date", "2024-05-20");
            then.status(200).json_body(json!([inside]));
        })
        .await;
    let query = BookingQuery::new()
        .days(date(2024, 5, 13), date(2024, 5, 19), &zone())
        .unwrap();
    let listed = testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query,
        &[BookingId::new("80412")],
    )
    .await
    .unwrap();
    assert_eq!(listed[0].raw, inside);
    // Statuses are applied on this side, on the same answer.
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query.clone().status(BookingStatus::Waitlisted),
        &[BookingId::new("80412")],
    )
    .await
    .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query.clone().status(BookingStatus::Confirmed),
        &[],
    )
    .await
    .unwrap();
    // One short page each: no second request.
    list.assert_calls_async(3).await;
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query.resource("311"),
        &[BookingId::new("80412")],
    )
    .await
    .unwrap();
    by_resource.assert_calls_async(1).await;
}

#[tokio::test]
async fn unsupported_calls_and_refused_inputs_send_nothing() {
    let server = MockServer::start_async().await;
    let provider = provider(&server);
    let anything = server
        .mock_async(|_when, then| {
            then.status(500);
        })
        .await;
    let checked = testing::unsupported_operations_return_unsupported(&provider)
        .await
        .unwrap();
    assert_eq!(checked, [Operation::Availability]);
    let start = at("2024-05-13T10:00:00+01:00");
    let query = AvailabilityQuery::new(start.clone(), at("2024-05-14T10:00:00+01:00")).unwrap();
    assert!(matches!(
        provider.availability(&query).await,
        Err(Error::Unsupported {
            vendor: "resource-guru",
            operation: "availability"
        })
    ));
    let end = start.checked_add(SignedDuration::from_hours(1)).unwrap();
    let base = NewBooking::new(start.clone(), Customer::default())
        .ends_at(end)
        .resource("311");
    for refused in [
        NewBooking {
            customer: Customer::named("Ada"),
            ..base.clone()
        },
        base.clone().party_size(2u32),
        base.clone().status(BookingStatus::Waitlisted),
        NewBooking {
            ends_at: None,
            ..base.clone()
        },
        NewBooking {
            resources: vec![],
            ..base.clone()
        },
        NewBooking {
            resources: vec!["room-1".into()],
            ..base.clone()
        },
        NewBooking::new(at("2024-05-13T10:00:30+01:00"), Customer::default())
            .ends_at(at("2024-05-13T11:00:00+01:00"))
            .resource("311"),
    ] {
        let err = provider.create(&refused).await.unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{err}");
    }
    let id = BookingId::new("80412");
    for change in [
        BookingChange::default().party_size(2u32),
        BookingChange::default().customer(Customer::named("Ada")),
        BookingChange::default().status(BookingStatus::Cancelled),
    ] {
        let err = provider.update(&id, &change).await.unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{err}");
    }
    let err = provider.get(&BookingId::new("x1")).await.unwrap_err();
    assert!(matches!(err, Error::Validation { .. }), "{err}");
    // An empty range lists nothing, without asking.
    let empty = BookingQuery::new()
        .between(start.timestamp(), start.timestamp())
        .unwrap();
    let mut stream = provider.list(&empty);
    assert!(futures::StreamExt::next(&mut stream).await.is_none());
    anything.assert_calls_async(0).await;
}

#[tokio::test]
async fn raw_is_the_vendor_json_and_the_booking_zone_is_used() {
    let server = MockServer::start_async().await;
    let provider = provider(&server);
    let vendor_json = fixture_body(include_str!(
        "../../../fixtures/resource-guru/bookings.get--pacific-time.json"
    ));
    server
        .mock_async(|when, then| {
            when.method("GET").path(format!("{ACCOUNT}/bookings/80500"));
            then.status(200).json_body(vendor_json.clone());
        })
        .await;
    let booking = testing::raw_is_kept(&provider, &BookingId::new("80500"), &vendor_json)
        .await
        .unwrap();
    // 09:00 in the booking's Rails zone, not in the account's.
    assert_eq!(
        booking.starts_at.to_string(),
        "2024-07-01T09:00:00-07:00[America/Los_Angeles]"
    );
    assert_eq!(
        booking.ends_at.unwrap().to_string(),
        "2024-07-01T10:00:00-07:00[America/Los_Angeles]"
    );
    assert_eq!(booking.status, BookingStatus::Confirmed);
    assert_eq!(booking.resources[0].id.as_str(), "311");
}

#[tokio::test]
async fn resources_are_people_rooms_and_others_with_their_capacity() {
    let server = MockServer::start_async().await;
    let provider = provider(&server);
    let person = fixture_body(include_str!(
        "../../../fixtures/resource-guru/resources.list_page.json"
    ))[0]
        .clone();
    let room = json!({"id": 400, "human": false, "name": "Board room",
        "resource_type": {"id": 4, "name": "Meeting Room"},
        "custom_attributes": {"capacity": "8"}});
    let van = json!({"id": 401, "human": false, "name": "Van 2",
        "resource_type": {"id": 5, "name": "Vehicles"}});
    let vendor = json!([person, room, van]);
    let list = server
        .mock_async(|when, then| {
            when.method("GET")
                .path(format!("{ACCOUNT}/resources"))
                .query_param("detail", "1");
            then.status(200).json_body(vendor.clone());
        })
        .await;
    let resources = provider.resources().await.unwrap();
    let kinds: Vec<_> = resources.iter().map(|r| r.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            ResourceKind::Person,
            ResourceKind::Room,
            ResourceKind::Vehicle
        ]
    );
    assert_eq!(resources[0].name, "Tomás Okafor");
    assert_eq!(resources[1].capacity, Some(8));
    for (resource, raw) in resources.iter().zip(vendor.as_array().unwrap()) {
        assert_eq!(resource.id.as_str(), raw["id"].to_string());
        assert_eq!(resource.raw, *raw);
    }
    list.assert_async().await;
}

#[tokio::test]
async fn update_sends_the_changed_fields_and_returns_the_booking() {
    let server = MockServer::start_async().await;
    let provider = provider(&server);
    let update = server
        .mock_async(|when, then| {
            when.method("PUT")
                .path(format!("{ACCOUNT}/bookings/80412"))
                .json_body(json!({
                    "start_date": "2024-05-13", "end_date": "2024-05-15",
                    "duration": 240, "start_time": 660, "timezone": "Lisbon",
                    "details": "Workshop (moved)", "tentative": false
                }));
            then.status(200).json_body(fixture_body(include_str!(
                "../../../fixtures/resource-guru/bookings.update.json"
            )));
        })
        .await;
    let change = BookingChange::default()
        .starts_at(at("2024-05-13T11:00:00+01:00"))
        .ends_at(at("2024-05-15T15:00:00+01:00"))
        .notes("Workshop (moved)")
        .status(BookingStatus::Confirmed);
    let after = provider
        .update(&BookingId::new("80412"), &change)
        .await
        .unwrap();
    assert_eq!(
        after.starts_at.to_string(),
        "2024-05-13T11:00:00+01:00[Europe/Lisbon]"
    );
    assert_eq!(after.notes.as_deref(), Some("Workshop (moved)"));
    update.assert_async().await;

    // A new start alone keeps the booking's length: one read, then the update.
    let get = server
        .mock_async(|when, then| {
            when.method("GET").path(format!("{ACCOUNT}/bookings/80412"));
            then.status(200).json_body(get_body());
        })
        .await;
    let moved = server
        .mock_async(|when, then| {
            when.method("PUT")
                .path(format!("{ACCOUNT}/bookings/80412"))
                .json_body(json!({
                    "start_date": "2024-05-14", "end_date": "2024-05-16",
                    "duration": 240, "start_time": 600, "timezone": "Lisbon"
                }));
            then.status(200).json_body(get_body());
        })
        .await;
    let change = BookingChange::default().starts_at(at("2024-05-14T10:00:00+01:00"));
    provider
        .update(&BookingId::new("80412"), &change)
        .await
        .unwrap();
    get.assert_async().await;
    moved.assert_async().await;
}
