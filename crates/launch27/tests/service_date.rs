//! `service_date` is the tenant's wall clock, `YYYY-MM-DDTHH:MM:SS`, across DST changes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use httpmock::prelude::*;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use launch27::{Client, EstimatePrice, ServiceDate, ServiceSelection};
use serde_json::json;

/// America/New_York as a POSIX rule, so the test does not depend on the system's tz database.
fn new_york() -> TimeZone {
    TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap()
}

#[test]
fn same_wall_clock_on_both_sides_of_spring_forward() {
    let tz = new_york();
    // DST starts 2026-03-08 at 02:00 local (07:00 UTC).
    let before: Timestamp = "2026-03-07T14:30:00Z".parse().unwrap(); // EST, UTC-5
    let after: Timestamp = "2026-03-09T13:30:00Z".parse().unwrap(); // EDT, UTC-4
    assert_eq!(
        ServiceDate::from_timestamp(before, &tz).to_string(),
        "2026-03-07T09:30:00"
    );
    assert_eq!(
        ServiceDate::from_timestamp(after, &tz).to_string(),
        "2026-03-09T09:30:00"
    );
    // Back from wall clock to instants: one hour less of UTC offset after the change.
    let d = ServiceDate::new(jiff::civil::date(2026, 3, 9).at(9, 30, 0, 0));
    assert_eq!(d.to_timestamp(&tz).unwrap(), after);
}

#[test]
fn fall_back_and_the_skipped_hour() {
    let tz = new_york();
    // DST ends 2026-11-01 at 02:00 local: 01:30 happens twice.
    let first: Timestamp = "2026-11-01T05:30:00Z".parse().unwrap();
    let second: Timestamp = "2026-11-01T06:30:00Z".parse().unwrap();
    assert_eq!(
        ServiceDate::from_timestamp(first, &tz).to_string(),
        "2026-11-01T01:30:00"
    );
    assert_eq!(
        ServiceDate::from_timestamp(second, &tz).to_string(),
        "2026-11-01T01:30:00"
    );
    // 02:30 on 2026-03-08 does not exist; it is read as 03:30 EDT.
    let gap = ServiceDate::new(jiff::civil::date(2026, 3, 8).at(2, 30, 0, 0));
    assert_eq!(
        gap.to_timestamp(&tz).unwrap(),
        "2026-03-08T07:30:00Z".parse::<Timestamp>().unwrap()
    );
}

#[tokio::test]
async fn the_request_body_carries_the_local_wall_clock() {
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for day in ["2026-03-07T09:30:00", "2026-03-09T09:30:00"] {
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(POST)
                        .path("/v1/booking/estimate_price")
                        .json_body(json!({
                            "service_date": day, "frequency_id": 1,
                            "services": [{"id": 7, "extras": [], "pricing_parameters": []}]
                        }));
                    then.status(200).json_body(json!({"total": 139.0}));
                })
                .await,
        );
    }
    let client = Client::builder()
        .base_url(server.base_url())
        .without_transport_timers()
        .build()
        .unwrap();
    let tz = new_york();
    for utc in ["2026-03-07T14:30:00Z", "2026-03-09T13:30:00Z"] {
        let at = ServiceDate::from_timestamp(utc.parse().unwrap(), &tz);
        let estimate = client
            .booking()
            .estimate_price(&EstimatePrice::new(at, 1, vec![ServiceSelection::new(7)]))
            .await
            .unwrap();
        assert_eq!(estimate.total.unwrap().to_string(), "139");
    }
    for m in mocks {
        assert_eq!(m.calls_async().await, 1);
    }
}
