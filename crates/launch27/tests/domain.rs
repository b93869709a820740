//! The Launch27 adapter of booking-domain (feature `domain`) against the sandbox's stateful
//! Launch27 fake: booking-domain's conformance checks, plus what the checks leave to the caller
//! (nothing sent for unsupported calls, exact request counts).
#![cfg(feature = "domain")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use booking_domain::jiff::Timestamp;
use booking_domain::jiff::civil::date;
use booking_domain::jiff::tz::TimeZone;
use booking_domain::{
    BookingId, BookingProvider, BookingQuery, BookingStatus, Error, Operation, ResourceKind,
    testing,
};
use futures::TryStreamExt;
use launch27::domain::Launch27Provider;
use sandbox::{Credentials, Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

/// A tenant zone that is not UTC, so that local days and instants differ.
fn zone() -> TimeZone {
    TimeZone::get("America/Chicago").unwrap()
}

fn client_for(sandbox: &Sandbox, credentials: &Credentials) -> launch27::Client {
    let (email, password) = credentials.login().unwrap();
    launch27::Client::builder()
        .base_url(sandbox.origin())
        .credentials(email, password.expose_secret())
        .build()
        .unwrap()
}

async fn start_with(options: SandboxOptions) -> (Sandbox, Launch27Provider) {
    let sandbox = Sandbox::start(Vendor::Launch27, options).await.unwrap();
    let client = client_for(&sandbox, sandbox.credentials());
    (sandbox, Launch27Provider::new(client, zone()))
}

async fn start() -> (Sandbox, Launch27Provider) {
    start_with(SandboxOptions::default()).await
}

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn ids(xs: &[&str]) -> Vec<BookingId> {
    xs.iter().map(|x| BookingId::new(*x)).collect()
}

fn fixture_bodies(text: &str) -> Vec<Value> {
    let fixture: Value = serde_json::from_str(text).unwrap();
    fixture["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["response"]["body"].clone())
        .collect()
}

#[tokio::test]
async fn a_date_range_is_sent_and_returns_exactly_the_bookings_in_it() {
    let (sandbox, provider) = start().await;
    // Seeds: 512 (7 April), 513 (21 April, both active), 514 (5 May, completed).
    let april = BookingQuery::new()
        .days(date(2026, 4, 7), date(2026, 4, 21), &zone())
        .unwrap();
    let listed = testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &april,
        &ids(&["512", "513"]),
    )
    .await
    .unwrap();
    // Chronological, in the tenant's zone: 12:00 UTC is 07:00 in Chicago.
    assert_eq!(listed[0].id.as_str(), "512");
    assert_eq!(
        listed[0].starts_at.to_string(),
        "2026-04-07T07:00:00-05:00[America/Chicago]"
    );
    assert_eq!(listed[0].status, BookingStatus::Confirmed);
    assert_eq!(listed[0].resources[0].id.as_str(), "7");
    // One page, filtered by the server (a login first).
    assert_eq!(sandbox.hits("GET /v1/customer/bookings"), 1);
    assert_eq!(sandbox.hits("POST /v1/login"), 1);

    // A day one second short of 514's start leaves it out: the range is exact on this side
    // although the server was sent whole (widened) days.
    let spring = BookingQuery::new()
        .between(ts("2026-04-01T00:00:00Z"), ts("2026-05-05T11:59:59Z"))
        .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &spring,
        &ids(&["512", "513"]),
    )
    .await
    .unwrap();

    // Statuses and the service are applied on this side.
    let spring_and_may = BookingQuery::new()
        .days(date(2026, 4, 1), date(2026, 5, 31), &zone())
        .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &spring_and_may.clone().status(BookingStatus::Completed),
        &ids(&["514"]),
    )
    .await
    .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &spring_and_may.clone().status(BookingStatus::Confirmed),
        &ids(&["512", "513"]),
    )
    .await
    .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &spring_and_may.clone().resource("7"),
        &ids(&["512", "513", "514"]),
    )
    .await
    .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &spring_and_may.resource("8"),
        &[],
    )
    .await
    .unwrap();
    assert_eq!(sandbox.hits("GET /v1/customer/bookings"), 6);
}

#[tokio::test]
async fn a_large_range_is_read_lazily_page_by_page() {
    let (sandbox, provider) = start_with(SandboxOptions::default().generated_bookings(250)).await;
    // Generated booking 100000 + n starts n × 15 minutes after 2030-01-01T00:00Z.
    let query = BookingQuery::new()
        .between(ts("2030-01-02T02:00:00Z"), ts("2030-01-02T04:00:00Z"))
        .unwrap();
    let expected: Vec<BookingId> = (104..112)
        .map(|n| BookingId::new((100_000 + n).to_string()))
        .collect();
    testing::list_with_a_date_range_returns_exactly_those_bookings(&provider, &query, &expected)
        .await
        .unwrap();
    // 20:00 to 22:00 on 1 January in Chicago: the widened days, 31 December to 2 January,
    // hold 191 generated bookings (the sandbox compares UTC days): two pages of at most 100.
    assert_eq!(sandbox.hits("GET /v1/customer/bookings"), 2);

    // Lazy: the first booking of 253 reads one page.
    let mut all = provider.list(&BookingQuery::new());
    let first = all.try_next().await.unwrap().unwrap();
    assert_eq!(first.id.as_str(), "512");
    assert_eq!(sandbox.hits("GET /v1/customer/bookings"), 3);
}

#[tokio::test]
async fn cancel_marks_the_booking_cancelled_and_it_leaves_ranged_lists() {
    let (sandbox, provider) = start().await;
    let id = BookingId::new("512");
    testing::cancel_shows_cancelled_or_removes(&provider, &id)
        .await
        .unwrap();
    assert_eq!(sandbox.hits("POST /v1/customer/bookings/{id}/cancel"), 1);
    let read = provider.get(&id).await.unwrap();
    assert_eq!(read.raw["active"], false);

    // Launch27 lists only active bookings for a date range (a documented loss)...
    let april = BookingQuery::new()
        .days(date(2026, 4, 7), date(2026, 4, 21), &zone())
        .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &april,
        &ids(&["513"]),
    )
    .await
    .unwrap();
    // ...but a list without a range still finds it, by status on this side.
    let cancelled: Vec<_> = provider
        .list(&BookingQuery::new().status(BookingStatus::Cancelled))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0].id, id);
    // Cancelling again: the vendor's 406, as an error.
    let err = provider.cancel(&id).await.unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err}");
}

#[tokio::test]
async fn unsupported_calls_return_unsupported_and_send_nothing() {
    let (sandbox, provider) = start().await;
    let checked = testing::unsupported_operations_return_unsupported(&provider)
        .await
        .unwrap();
    assert_eq!(
        checked,
        [
            Operation::Create,
            Operation::Update,
            Operation::Availability
        ]
    );
    // Cancelled bookings in a date range cannot be listed (the vendor drops them): refused
    // rather than answered with a list that looks complete.
    let query = BookingQuery::new()
        .days(date(2026, 4, 1), date(2026, 4, 30), &zone())
        .unwrap()
        .status(BookingStatus::Confirmed)
        .status(BookingStatus::Cancelled);
    let err = provider
        .list(&query)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unsupported {
                vendor: "launch27",
                ..
            }
        ),
        "{err}"
    );
    // An id that is not a Launch27 integer fails before a request too.
    for bad in ["abc", "0"] {
        let err = provider.get(&BookingId::new(bad)).await.unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{err}");
        let err = provider.cancel(&BookingId::new(bad)).await.unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{err}");
    }
    assert_eq!(sandbox.all_hits(), Default::default());
}

#[tokio::test]
async fn raw_is_the_vendor_json() {
    let (_sandbox, provider) = start().await;
    let list = fixture_bodies(include_str!(
        "../../../fixtures/launch27/customer_bookings.list.json"
    ));
    // Every booking of the fixture's pages, once (the sandbox keeps the first it sees).
    let mut page: Vec<Value> = Vec::new();
    for item in list.iter().filter_map(Value::as_array).flatten() {
        if !page.iter().any(|b| b["id"] == item["id"]) {
            page.push(item.clone());
        }
    }
    assert_eq!(page.len(), 3);
    for vendor_json in &page {
        let id = BookingId::new(vendor_json["id"].to_string());
        let booking = testing::raw_is_kept(&provider, &id, vendor_json)
            .await
            .unwrap();
        assert_eq!(
            booking.customer.unwrap().name,
            vendor_json["name"].as_str().map(str::to_owned)
        );
    }
}

#[tokio::test]
async fn a_staff_login_gets_the_vendors_forbidden() {
    let sandbox = Sandbox::start(Vendor::Launch27, SandboxOptions::default())
        .await
        .unwrap();
    let staff = sandbox.staff_credentials().unwrap();
    let provider = Launch27Provider::new(client_for(&sandbox, &staff), zone());
    let err = provider.get(&BookingId::new("512")).await.unwrap_err();
    assert_eq!(
        err.api().map(|a| a.kind.clone()),
        Some(launch27::ApiErrorKind::Forbidden),
        "{err}"
    );
}

#[tokio::test]
async fn services_are_resources() {
    // The sandbox does not fake the booking helpers yet: httpmock stands in.
    let server = httpmock::MockServer::start_async().await;
    let services = json!([
        {"id": 7, "name": "Two Bedroom Home", "price": 139.0, "duration": 180, "extras": null},
        {"id": 9, "price": "80.00"}
    ]);
    let bare = server
        .mock_async(|when, then| {
            when.method("GET").path("/v1/booking/services");
            then.status(200).json_body(services.clone());
        })
        .await;
    let client = launch27::Client::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    let provider = Launch27Provider::new(client, zone());
    let resources = provider.resources().await.unwrap();
    assert_eq!(resources.len(), 2);
    assert_eq!(resources[0].kind, ResourceKind::Service);
    assert_eq!(resources[0].id.as_str(), "7");
    assert_eq!(resources[0].name, "Two Bedroom Home");
    assert_eq!(resources[0].capacity, None);
    assert_eq!(resources[0].raw, services[0]);
    // A service without a name is named by its id; raw keeps the price as sent.
    assert_eq!(resources[1].name, "9");
    assert_eq!(resources[1].raw["price"], "80.00");
    bare.assert_async().await;
}
