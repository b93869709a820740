//! The resOS adapter of booking-domain (feature `domain`) against the sandbox's stateful resOS
//! fake: booking-domain's conformance checks, plus what the checks leave to the caller
//! (nothing sent for unsupported calls, exact request counts).
#![cfg(feature = "domain")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use booking_domain::jiff::civil::date;
use booking_domain::jiff::tz::TimeZone;
use booking_domain::jiff::{SignedDuration, Zoned};
use booking_domain::{
    AvailabilityQuery, BookingId, BookingProvider, BookingQuery, BookingStatus, Customer, Error,
    NewBooking, ResourceKind, testing,
};
use resos::domain::ResosProvider;
use sandbox::{Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

fn zone() -> TimeZone {
    TimeZone::get("Europe/Copenhagen").unwrap()
}

async fn start() -> (Sandbox, ResosProvider) {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let key = sandbox.credentials().api_key().unwrap();
    let client = resos::Client::builder()
        .api_key(key.expose_secret())
        .base_url(sandbox.base_url())
        .build()
        .unwrap();
    (sandbox, ResosProvider::new(client, zone()))
}

fn at(text: &str) -> Zoned {
    format!("{text}[Europe/Copenhagen]").parse().unwrap()
}

fn ids(xs: &[&str]) -> Vec<BookingId> {
    xs.iter().map(|x| BookingId::new(*x)).collect()
}

#[tokio::test]
async fn create_then_get_returns_the_same_booking_and_cancel_marks_it_cancelled() {
    let (sandbox, provider) = start().await;
    let start = at("2026-03-14T19:30:00+01:00");
    let new = NewBooking::new(
        start.clone(),
        Customer::named("Ada Example")
            .email("ada@example.org")
            .phone("+4520000099"),
    )
    .ends_at(start.checked_add(SignedDuration::from_mins(90)).unwrap())
    .party_size(4u32)
    .resource("Tb100000000000001")
    .notes("window seat");
    let created = testing::create_then_get_returns_the_same_booking(&provider, &new)
        .await
        .unwrap();
    assert_eq!(created.status, BookingStatus::Requested);
    assert_eq!(created.resources[0].name.as_deref(), Some("Table 1"));
    assert_eq!(created.raw["time"], "19:30");
    // resOS answers a create with the id only: one POST, then reads.
    assert_eq!(sandbox.hits("POST /v1/bookings"), 1);

    testing::cancel_shows_cancelled_or_removes(&provider, &created.id)
        .await
        .unwrap();
    assert_eq!(sandbox.hits("PUT /v1/bookings/{id}"), 1);
    let read = provider.get(&created.id).await.unwrap();
    assert_eq!(read.raw["status"], "canceled");
    assert!(read.raw.get("canceledAt").is_some());
}

#[tokio::test]
async fn a_date_range_is_sent_and_returns_exactly_the_bookings_in_it() {
    let (sandbox, provider) = start().await;
    let query = BookingQuery::new()
        .days(date(2024, 5, 4), date(2024, 5, 6), &zone())
        .unwrap();
    let listed = testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &query,
        &ids(&[
            "Bk000000000000001",
            "Bk000000000000002",
            "Bk000000000000003",
        ]),
    )
    .await
    .unwrap();
    assert_eq!(listed.len(), 3);
    // One page, filtered by the server.
    assert_eq!(sandbox.hits("GET /v1/bookings"), 1);

    // Statuses and the resource are applied on this side.
    let confirmed = query.clone().status(BookingStatus::Confirmed);
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &confirmed,
        &ids(&["Bk000000000000001", "Bk000000000000003"]),
    )
    .await
    .unwrap();
    let cancelled = query.clone().status(BookingStatus::Cancelled);
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &cancelled,
        &ids(&["Bk000000000000002"]),
    )
    .await
    .unwrap();
    let table_2 = query.resource("Tb100000000000002");
    testing::list_with_a_date_range_returns_exactly_those_bookings(
        &provider,
        &table_2,
        &ids(&["Bk000000000000002"]),
    )
    .await
    .unwrap();
    assert_eq!(sandbox.hits("GET /v1/bookings"), 4);
}

#[tokio::test]
async fn unsupported_calls_return_unsupported_and_send_nothing() {
    let (sandbox, provider) = start().await;
    // Every operation is supported, so the generic check has nothing to call...
    let checked = testing::unsupported_operations_return_unsupported(&provider)
        .await
        .unwrap();
    assert_eq!(checked, []);
    // ...but availability by resource or with a duration is not, and must fail first.
    let from = at("2026-03-14T00:00:00+01:00");
    let until = at("2026-03-15T00:00:00+01:00");
    let by_table = AvailabilityQuery::new(from.clone(), until.clone())
        .unwrap()
        .party_size(2u32)
        .resource("Tb100000000000001");
    let err = provider.availability(&by_table).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unsupported {
                vendor: "resos",
                ..
            }
        ),
        "{err}"
    );
    let with_duration = AvailabilityQuery::new(from, until)
        .unwrap()
        .party_size(2u32)
        .duration(SignedDuration::from_hours(2));
    let err = provider.availability(&with_duration).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unsupported {
                vendor: "resos",
                ..
            }
        ),
        "{err}"
    );
    // Refused inputs fail before a request too.
    let tentative = NewBooking::new(at("2026-03-14T19:30:00+01:00"), Customer::named("Ada"))
        .party_size(2u32)
        .status(BookingStatus::Tentative);
    assert!(matches!(
        provider.create(&tentative).await,
        Err(Error::Validation { .. })
    ));
    let change = booking_domain::BookingChange::default().notes("replace");
    assert!(matches!(
        provider
            .update(&BookingId::new("Bk000000000000001"), &change)
            .await,
        Err(Error::Validation { .. })
    ));
    assert_eq!(sandbox.all_hits(), Default::default());
}

fn fixture_body(text: &str) -> Value {
    let fixture: Value = serde_json::from_str(text).unwrap();
    fixture["exchanges"][0]["response"]["body"].clone()
}

#[tokio::test]
async fn raw_is_the_vendor_json_and_unknown_statuses_are_kept() {
    let (_sandbox, provider) = start().await;
    let vendor_json = fixture_body(include_str!(
        "../../../fixtures/resos/bookings.get--unknown-status.json"
    ));
    let booking = testing::raw_is_kept(
        &provider,
        &BookingId::new("Bk000000000000009"),
        &vendor_json,
    )
    .await
    .unwrap();
    assert_eq!(
        booking.status,
        BookingStatus::Unknown("pending_payment".into())
    );
    // "9:30" as resOS sent it, not the model's "09:30".
    assert_eq!(booking.raw["time"], vendor_json["time"]);
    assert_eq!(booking.starts_at.datetime().hour(), 9);

    let extra = fixture_body(include_str!(
        "../../../fixtures/resos/bookings.get--extra-fields.json"
    ));
    testing::raw_is_kept(&provider, &BookingId::new("Bk000000000000008"), &extra)
        .await
        .unwrap();
}

#[tokio::test]
async fn tables_are_resources_with_their_seats() {
    let (sandbox, provider) = start().await;
    let tables = provider.resources().await.unwrap();
    let vendor = fixture_body(include_str!(
        "../../../fixtures/resos/tables.list_page.json"
    ));
    let vendor = vendor.as_array().unwrap();
    assert_eq!(tables.len(), vendor.len());
    for (resource, raw) in tables.iter().zip(vendor) {
        assert_eq!(resource.kind, ResourceKind::Table);
        assert_eq!(resource.id.as_str(), raw["_id"]);
        assert_eq!(json!(resource.capacity), raw["seatsMax"]);
        assert_eq!(resource.raw, *raw);
    }
    assert_eq!(sandbox.hits("GET /v1/tables"), 1);
}

#[tokio::test]
async fn availability_is_the_booking_flow_times_of_each_local_day() {
    // The sandbox does not fake the booking flow yet: httpmock stands in.
    let server = httpmock::MockServer::start_async().await;
    let period = json!({"_id": "OhDinner000000001", "name": "Dinner",
        "availableTimes": ["18:00", "9:30", "23:30"], "waitlistTimes": ["20:00"]});
    let day_one = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v1/bookingFlow/times")
                .query_param("date", "2026-03-14")
                .query_param("people", "2");
            then.status(200).json_body(json!([period]));
        })
        .await;
    let day_two = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v1/bookingFlow/times")
                .query_param("date", "2026-03-15")
                .query_param("people", "2");
            then.status(200).json_body(json!([]));
        })
        .await;
    let client = resos::Client::builder()
        .api_key("k")
        .base_url(server.url("/v1"))
        .build()
        .unwrap();
    let provider = ResosProvider::new(client, zone());
    // From 09:00 on the 14th to 09:00 on the 15th, asked in UTC: 23:30 is in, 09:30 too.
    let query = AvailabilityQuery::new(
        "2026-03-14T08:00:00+00:00[UTC]".parse().unwrap(),
        "2026-03-15T08:00:00+00:00[UTC]".parse().unwrap(),
    )
    .unwrap()
    .party_size(2u32);
    let slots = provider.availability(&query).await.unwrap();
    let starts: Vec<String> = slots.iter().map(|s| s.starts_at.to_string()).collect();
    assert_eq!(
        starts,
        [
            "2026-03-14T18:00:00+01:00[Europe/Copenhagen]",
            "2026-03-14T09:30:00+01:00[Europe/Copenhagen]",
            "2026-03-14T23:30:00+01:00[Europe/Copenhagen]",
        ]
    );
    assert_eq!(slots[0].raw, period);
    day_one.assert_async().await;
    day_two.assert_async().await;
}

#[tokio::test]
async fn availability_for_one_local_day_asks_for_that_day_only() {
    // A range from local midnight to the next local midnight is one day: one request, not two.
    let server = httpmock::MockServer::start_async().await;
    let times = server
        .mock_async(|when, then| {
            when.method("GET").path("/v1/bookingFlow/times");
            then.status(200).json_body(json!([]));
        })
        .await;
    let client = resos::Client::builder()
        .api_key("k")
        .base_url(server.url("/v1"))
        .build()
        .unwrap();
    let provider = ResosProvider::new(client, zone());
    let query = AvailabilityQuery::new(
        at("2026-03-14T00:00:00+01:00"),
        at("2026-03-15T00:00:00+01:00"),
    )
    .unwrap()
    .party_size(2u32);
    assert!(provider.availability(&query).await.unwrap().is_empty());
    assert_eq!(times.calls_async().await, 1);
}

#[tokio::test]
async fn update_changes_what_resos_can_change_and_returns_the_booking() {
    let (sandbox, provider) = start().await;
    let id = BookingId::new("Bk000000000000001");
    let before = provider.get(&id).await.unwrap();
    let start = at("2024-05-04T20:00:00+02:00");
    let change = booking_domain::BookingChange::default()
        .starts_at(start.clone())
        .ends_at(start.checked_add(SignedDuration::from_mins(150)).unwrap())
        .party_size(6u32)
        .customer(Customer::default().phone("+4520000042"))
        .resources(vec!["Tb100000000000002".into()])
        .status(BookingStatus::Seated);
    let after = provider.update(&id, &change).await.unwrap();
    assert_eq!(after.starts_at.timestamp(), start.timestamp());
    assert_eq!(after.raw["time"], "20:00");
    assert_eq!(after.raw["duration"], 150);
    assert_eq!(after.party_size, Some(6));
    assert_eq!(after.status, BookingStatus::Seated);
    assert_eq!(after.resources[0].id.as_str(), "Tb100000000000002");
    let customer = after.customer.unwrap();
    assert_eq!(customer.phone.as_deref(), Some("+4520000042"));
    // A customer field left `None` keeps its value (resOS merges the guest).
    assert_eq!(customer.name, before.customer.unwrap().name);
    assert_eq!(sandbox.hits("PUT /v1/bookings/{id}"), 1);
    // An end without a new start is measured from the current start (one more read).
    let later = after
        .starts_at
        .checked_add(SignedDuration::from_mins(60))
        .unwrap();
    let shorter = booking_domain::BookingChange::default().ends_at(later);
    let after = provider.update(&id, &shorter).await.unwrap();
    assert_eq!(after.raw["duration"], 60);
    assert_eq!(sandbox.hits("PUT /v1/bookings/{id}"), 2);
}
