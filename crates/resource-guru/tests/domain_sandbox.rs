//! The Resource Guru adapter of booking-domain (feature `domain`) against the sandbox's
//! stateful Resource Guru fake (OAuth password grant, bookings and resources in memory):
//! booking-domain's conformance checks, plus what the checks leave to the caller (nothing
//! sent for unsupported calls, exact request counts). `tests/domain.rs` runs the same
//! adapter against httpmock with the fixtures' bodies.
#![cfg(feature = "domain")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use booking_domain::jiff::Zoned;
use booking_domain::jiff::civil::date;
use booking_domain::jiff::tz::TimeZone;
use booking_domain::{
    BookingChange, BookingId, BookingProvider, BookingQuery, BookingStatus, Customer, Error,
    NewBooking, Operation, ResourceKind, testing,
};
use resource_guru::OAuth;
use resource_guru::domain::ResourceGuruProvider;
use sandbox::{Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;
use serde_json::Value;

const BOOKINGS: &str = "GET /v1/{account}/bookings";
const BOOKING: &str = "GET /v1/{account}/bookings/{id}";

fn zone() -> TimeZone {
    TimeZone::get("Europe/Lisbon").unwrap()
}

async fn start() -> (Sandbox, ResourceGuruProvider) {
    let sandbox = Sandbox::start(Vendor::ResourceGuru, SandboxOptions::default())
        .await
        .unwrap();
    let c = sandbox.credentials().oauth().unwrap();
    let client = resource_guru::Client::builder(c.account.clone())
        .base_url(sandbox.base_url())
        .oauth(OAuth::password(
            c.client_id.clone(),
            c.client_secret.expose_secret(),
            c.username.clone(),
            c.password.expose_secret(),
        ))
        .build()
        .unwrap();
    (sandbox, ResourceGuruProvider::new(client, zone()))
}

fn at(text: &str) -> Zoned {
    format!("{text}[Europe/Lisbon]").parse().unwrap()
}

fn ids(xs: &[&str]) -> Vec<BookingId> {
    xs.iter().map(|x| BookingId::new(*x)).collect()
}

fn fixture_body(text: &str) -> Value {
    let fixture: Value = serde_json::from_str(text).unwrap();
    fixture["exchanges"][0]["response"]["body"].clone()
}

#[tokio::test]
async fn create_then_get_returns_the_same_booking_and_cancel_removes_it() {
    let (sandbox, provider) = start().await;
    let new = NewBooking::new(at("2026-03-09T10:00:00+00:00"), Customer::default())
        .ends_at(at("2026-03-11T12:00:00+00:00"))
        .resource("311")
        .notes("Planning days");
    let created = testing::create_then_get_returns_the_same_booking(&provider, &new)
        .await
        .unwrap();
    assert_eq!(created.status, BookingStatus::Confirmed);
    assert_eq!(created.raw["start_time"], 600);
    assert_eq!(created.raw["duration"], 120);
    assert_eq!(created.raw["durations"].as_array().unwrap().len(), 3);
    assert_eq!(sandbox.hits("POST /v1/{account}/bookings"), 1);
    assert_eq!(sandbox.hits("POST /oauth/token"), 1);

    testing::cancel_shows_cancelled_or_removes(&provider, &created.id)
        .await
        .unwrap();
    assert_eq!(sandbox.hits("DELETE /v1/{account}/bookings/{id}"), 1);
    // Gone: a second cancel is the vendor's 404.
    let err = provider.cancel(&created.id).await.unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err}");
    let err = provider.get(&created.id).await.unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err}");
}

#[tokio::test]
async fn a_date_range_returns_exactly_the_bookings_in_it_and_statuses_apply() {
    let (sandbox, provider) = start().await;
    let query = BookingQuery::new()
        .days(date(2024, 5, 13), date(2024, 5, 19), &zone())
        .unwrap();
    let listed = testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query,
        &ids(&["80412", "80413", "80414"]),
    )
    .await
    .unwrap();
    // 80412's last day is on the waiting list (its seed), the others are not.
    let waitlisted: Vec<&str> = listed
        .iter()
        .filter(|b| b.status == BookingStatus::Waitlisted)
        .map(|b| b.id.as_str())
        .collect();
    assert_eq!(waitlisted, ["80412"]);
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query.clone().status(BookingStatus::Waitlisted),
        &ids(&["80412"]),
    )
    .await
    .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query.clone().resource("311"),
        &ids(&["80412", "80413", "80414"]),
    )
    .await
    .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query.clone().resource("312"),
        &[],
    )
    .await
    .unwrap();
    // July: only the Pacific-time booking.
    let july = BookingQuery::new()
        .days(date(2024, 7, 1), date(2024, 7, 1), &zone())
        .unwrap();
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &july,
        &ids(&["80500"]),
    )
    .await
    .unwrap();
    // One short page per list, filtered by the server.
    assert_eq!(sandbox.hits(BOOKINGS), 5);
}

#[tokio::test]
async fn unsupported_calls_return_unsupported_and_send_nothing() {
    let (sandbox, provider) = start().await;
    let checked = testing::unsupported_operations_return_unsupported(&provider)
        .await
        .unwrap();
    assert_eq!(checked, [Operation::Availability]);
    assert!(sandbox.all_hits().is_empty(), "{:?}", sandbox.all_hits());
}

#[tokio::test]
async fn raw_is_the_vendor_json_and_the_booking_zone_is_used() {
    let (sandbox, provider) = start().await;
    let vendor_json = fixture_body(include_str!(
        "../../../fixtures/resource-guru/bookings.get--pacific-time.json"
    ));
    let booking = testing::raw_is_kept(&provider, &BookingId::new("80500"), &vendor_json)
        .await
        .unwrap();
    assert_eq!(
        booking.starts_at.to_string(),
        "2024-07-01T09:00:00-07:00[America/Los_Angeles]"
    );
    assert_eq!(booking.status, BookingStatus::Confirmed);
    assert_eq!(sandbox.hits(BOOKING), 1);
}

#[tokio::test]
async fn resources_are_the_seeded_people_and_rooms() {
    let (sandbox, provider) = start().await;
    let resources = provider.resources().await.unwrap();
    let got: Vec<(&str, &ResourceKind)> =
        resources.iter().map(|r| (r.id.as_str(), &r.kind)).collect();
    assert_eq!(
        got,
        [
            ("311", &ResourceKind::Person),
            ("312", &ResourceKind::Room),
            ("313", &ResourceKind::Person),
        ]
    );
    assert_eq!(resources[0].name, "Tomás Okafor");
    assert_eq!(sandbox.hits("GET /v1/{account}/resources"), 1);
}

#[tokio::test]
async fn update_changes_the_stored_booking() {
    let (sandbox, provider) = start().await;
    let new = NewBooking::new(at("2026-03-09T10:00:00+00:00"), Customer::default())
        .ends_at(at("2026-03-09T12:00:00+00:00"))
        .resource("311");
    let created = provider.create(&new).await.unwrap();
    let change = BookingChange::default()
        .starts_at(at("2026-03-10T11:00:00+00:00"))
        .ends_at(at("2026-03-10T14:00:00+00:00"))
        .notes("Moved");
    let after = provider.update(&created.id, &change).await.unwrap();
    assert_eq!(
        after.starts_at.to_string(),
        "2026-03-10T11:00:00+00:00[Europe/Lisbon]"
    );
    assert_eq!(after.notes.as_deref(), Some("Moved"));
    let read = provider.get(&created.id).await.unwrap();
    testing::same_booking(&after, &read).unwrap();
    assert_eq!(read.raw["duration"], 180);
    assert_eq!(sandbox.hits("PUT /v1/{account}/bookings/{id}"), 1);
}
