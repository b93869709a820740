//! Client behaviour outside the fixtures: input refused before any request, pacing and the
//! rate-limit window, streams.
#![cfg(feature = "client")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use jiff::civil::date;
use resource_guru::bookings::{CreateBooking, ListBookings, Resolution, ResolveBooking};
use resource_guru::calendars::UpdateCalendar;
use resource_guru::clients::{CreateClient, UpdateClient};
use resource_guru::custom_availability::ResetCustomAvailability;
use resource_guru::custom_fields::{CreateCustomField, CustomFieldType, EntityType};
use resource_guru::downtimes::CreateDowntime;
use resource_guru::overtimes::SetOvertime;
use resource_guru::reports::{EntityReport, ReportPeriod};
use resource_guru::resources::{AvailablePeriodInput, CreateResource, UpdateAvailability};
use resource_guru::webhooks::{CreateWebhook, WebhookSecret};
use resource_guru::{
    Client, DEFAULT_RATE_LIMIT_WINDOW, DurationMinutes, Error, MinuteOfDay, REQUESTS_PER_MINUTE,
    RateLimitStatus, ResourceId, RetryPolicy, Weekday,
};
use serde_json::json;

mod common;
use common::{builder, client, client_without_retry, field, refused_field};

/// A client whose requests could only fail with a transport error (nothing listens on port 9):
/// a `Validation` error proves nothing was sent.
fn offline() -> Client {
    client_without_retry("http://127.0.0.1:9")
}

#[tokio::test]
async fn constraints_are_checked_before_sending() {
    let c = offline();
    let d = date(2024, 5, 13);
    let booking = CreateBooking::new(Vec::<ResourceId>::new(), d, d, DurationMinutes(60));
    assert_eq!(
        refused_field(c.bookings().create(&booking)).await,
        "resource_ids"
    );
    let booking = CreateBooking::new([ResourceId(1)], d, d, DurationMinutes(0));
    assert_eq!(
        refused_field(c.bookings().create(&booking)).await,
        "duration"
    );
    let booking = CreateBooking::new([ResourceId(1)], d, d, DurationMinutes(60))
        .start_time(MinuteOfDay(1441));
    assert_eq!(
        refused_field(c.bookings().create(&booking)).await,
        "start_time"
    );
    let booking = CreateBooking::new([ResourceId(1)], d, date(2024, 5, 1), DurationMinutes(60));
    assert_eq!(
        refused_field(c.bookings().create(&booking)).await,
        "end_date"
    );
    let booking =
        CreateBooking::new([ResourceId(1)], d, d, DurationMinutes(60)).details("x".repeat(65_536));
    assert_eq!(
        refused_field(c.bookings().create(&booking)).await,
        "details"
    );

    let resolve = ResolveBooking::new(1, Resolution::Approved, Vec::<ResourceId>::new());
    assert_eq!(
        refused_field(c.bookings().resolve(&resolve)).await,
        "resource_ids"
    );

    assert_eq!(
        refused_field(c.clients().create(&CreateClient::new(" "))).await,
        "name"
    );
    assert_eq!(
        refused_field(c.clients().create(&CreateClient::new("x".repeat(256)))).await,
        "name"
    );
    let bad_color = CreateClient::new("Acme").color("#12345g");
    assert_eq!(refused_field(c.clients().create(&bad_color)).await, "color");
    let bad_color = UpdateClient::new(1).color(Some("blue".to_owned()));
    assert_eq!(refused_field(c.clients().update(&bad_color)).await, "color");

    let text_for_resources = CreateCustomField::new("Notes", false)
        .field_type(CustomFieldType::Text)
        .entity_types([EntityType::Resource]);
    assert_eq!(
        refused_field(c.custom_fields().create(&text_for_resources)).await,
        "type"
    );
    let no_options =
        CreateCustomField::new("Office", false).custom_field_options(Vec::<String>::new());
    assert_eq!(
        refused_field(c.custom_fields().create(&no_options)).await,
        "custom_field_options"
    );

    let downtime = CreateDowntime::new([ResourceId(1)], d, d, MinuteOfDay(0), MinuteOfDay(1500));
    assert_eq!(
        refused_field(c.downtimes().create(&downtime)).await,
        "end_time"
    );

    let overtime = SetOvertime::new(1, d, DurationMinutes(1500));
    assert_eq!(
        refused_field(c.overtimes().set(&overtime)).await,
        "duration"
    );

    let inverted = ReportPeriod::new(date(2024, 5, 31), date(2024, 5, 1));
    assert_eq!(
        refused_field(c.reports().resources(&inverted)).await,
        "end_date"
    );
    let zero = EntityReport::new(0, date(2024, 5, 1), date(2024, 5, 31));
    assert_eq!(refused_field(c.reports_v2().project(&zero)).await, "id");

    let room = CreateResource::new(4).name("Boardroom").capacity("twelve");
    assert_eq!(refused_field(c.resources().create(&room)).await, "capacity");
    assert_eq!(
        refused_field(c.resources().create(&CreateResource::new(3))).await,
        "name"
    );
    let period = AvailablePeriodInput {
        week_day: Weekday(7),
        start_time: MinuteOfDay(540),
        end_time: MinuteOfDay(600),
    };
    let avail = UpdateAvailability::new(1, d).available_periods([period]);
    assert_eq!(
        refused_field(c.resources().update_availability(&avail)).await,
        "available_periods.week_day"
    );

    let reset = ResetCustomAvailability::new(1, Vec::<jiff::civil::Date>::new());
    assert_eq!(
        refused_field(c.custom_availability().reset(&reset)).await,
        "dates"
    );
    let cal = UpdateCalendar::new(7, Vec::new());
    assert_eq!(
        refused_field(c.calendars().update(&cal)).await,
        "incoming_calendar_subscriptions"
    );
    let hook = CreateWebhook::new(
        "Ops",
        "https://hooks.example.test",
        Vec::new(),
        "s3cret-hook",
        false,
        false,
    );
    assert_eq!(refused_field(c.webhooks().create(&hook)).await, "events");

    // And the same client does reach the network otherwise.
    assert!(matches!(
        c.users().me().await.unwrap_err(),
        Error::Transport { .. }
    ));
}

#[test]
fn webhook_secret_is_hidden_from_debug_but_sent() {
    let hook = CreateWebhook::new(
        "Ops",
        "https://hooks.example.test",
        [],
        WebhookSecret::from("s3cret-hook"),
        true,
        false,
    );
    assert!(!format!("{hook:?}").contains("s3cret-hook"));
    assert_eq!(
        serde_json::to_value(&hook).unwrap()["secret"],
        "s3cret-hook"
    );
}

#[tokio::test(start_paused = true)]
async fn paces_200_requests_per_minute() {
    let server = MockServer::start_async().await;
    let me = common::me(&server).await;
    let c = client(&server);
    let start = tokio::time::Instant::now();
    for _ in 0..200 {
        c.users().me_summary().await.unwrap();
    }
    assert!(start.elapsed() < Duration::from_secs(60));
    c.users().me_summary().await.unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(60),
        "the 201st request waits for the next minute"
    );
    assert_eq!(me.calls_async().await, 201);
}

#[tokio::test(start_paused = true)]
async fn remaining_zero_pauses_the_client() {
    let server = MockServer::start_async().await;
    common::me_with_nothing_remaining(&server, Some("5")).await;
    let c = client(&server);
    assert_eq!(c.rate_limit(), None);
    let start = tokio::time::Instant::now();
    c.users().me_summary().await.unwrap();
    assert_eq!(
        c.rate_limit(),
        Some(RateLimitStatus {
            remaining: Some(0),
            limit: Some(200)
        })
    );
    c.users().me_summary().await.unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(5),
        "waited for the window to reopen"
    );
}

#[tokio::test(start_paused = true)]
async fn streams_take_only_what_they_need() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/acme-studio/bookings")
                .query_param("limit", "2")
                .query_param("offset", "0");
            then.status(200).json_body(json!([{"id": 1}, {"id": 2}]));
        })
        .await;
    let c = client(&server);
    let ids: Vec<u64> = c
        .bookings()
        .list(&ListBookings::new().limit(2u32))
        .take(2)
        .map_ok(|b| b.id.0)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, vec![1, 2]);
    assert_eq!(first.calls_async().await, 1, "no second page fetched");
}

#[tokio::test]
async fn dot_account_or_id_cannot_climb_the_path() {
    // An account `..` would send `GET /bookings/7`, outside `/v1`.
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(json!({"id": 7}));
        })
        .await;
    let c = client_without_retry(server.base_url());
    for account in ["..", "."] {
        let err = c
            .with_account(account)
            .bookings()
            .get(resource_guru::BookingId(7))
            .await
            .unwrap_err();
        assert_eq!(field(err), "account");
    }
    assert_eq!(any.calls_async().await, 0);
}

/// The shared transport setters (`core_http::transport_setters!`) reach the request: the user
/// agent gets the suffix, and `retry(RetryPolicy::never())` stops the retry of a 503.
#[tokio::test(start_paused = true)]
async fn transport_setters_reach_the_request() {
    let server = MockServer::start_async().await;
    let agent = format!(
        "bookbridge-resource-guru/{} my-app/1",
        env!("CARGO_PKG_VERSION")
    );
    let me = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/me")
                .header("user-agent", agent.as_str());
            then.status(503);
        })
        .await;
    let c = builder(server.base_url())
        .user_agent_suffix("my-app/1")
        .retry(RetryPolicy::never())
        .request_timeout(Some(Duration::from_secs(5)))
        .build()
        .unwrap();
    let err = c.users().me_summary().await.unwrap_err();
    assert_eq!(err.api().map(|a| a.status), Some(503), "{err:?}");
    me.assert_calls_async(1).await;
}

// The rate-limit window is settable (issue "Hardening: hostile servers", point 11), and
// `X-RateLimit-Remaining: 0` pauses until that window ends (point 3).

/// A client on `server` with the given `rate_limit_window`, or the default one.
fn windowed(server: &MockServer, window: Option<Duration>) -> Client {
    let mut b = builder(server.base_url());
    if let Some(w) = window {
        b = b.rate_limit_window(w);
    }
    b.build().unwrap()
}

#[tokio::test(start_paused = true)]
async fn the_window_is_settable_on_the_builder() {
    let server = MockServer::start_async().await;
    let me = common::me(&server).await;
    let c = windowed(&server, Some(Duration::from_secs(2)));
    let window = c.http().pacing().window().unwrap();
    assert_eq!(window.window(), Duration::from_secs(2));
    assert_eq!(window.limit(), REQUESTS_PER_MINUTE);
    let t0 = tokio::time::Instant::now();
    for _ in 0..=REQUESTS_PER_MINUTE {
        c.users().me_summary().await.unwrap();
    }
    // 200 in the first window, the 201st at the start of the second: 2 s, not a minute.
    assert!(
        t0.elapsed() >= Duration::from_secs(2) && t0.elapsed() < Duration::from_secs(4),
        "{:?}",
        t0.elapsed()
    );
    assert_eq!(me.calls_async().await, 201);

    let default = windowed(&server, None);
    assert_eq!(
        default.http().pacing().window().unwrap().window(),
        DEFAULT_RATE_LIMIT_WINDOW
    );
}

#[tokio::test(start_paused = true)]
async fn remaining_zero_without_retry_after_pauses_until_the_window_ends() {
    let server = MockServer::start_async().await;
    common::me_with_nothing_remaining(&server, None).await;
    for (window, expected) in [
        (None, DEFAULT_RATE_LIMIT_WINDOW),
        (Some(Duration::from_secs(7)), Duration::from_secs(7)),
    ] {
        let c = windowed(&server, window);
        let t0 = tokio::time::Instant::now();
        c.users().me_summary().await.unwrap();
        c.users().me_summary().await.unwrap();
        assert_eq!(t0.elapsed(), expected, "the window, not a fixed 1 s");
    }
}

#[tokio::test(start_paused = true)]
async fn builder_passes_the_limits_through() {
    let c = Client::builder("acme-studio")
        .max_response_size(1234)
        .max_server_pause(Duration::from_secs(9))
        .build()
        .unwrap();
    assert_eq!(c.http().max_response_size(), 1234);
    assert_eq!(c.http().max_server_pause(), Duration::from_secs(9));
}
