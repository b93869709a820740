//! Behaviour the fixtures cannot show: validation before any request, pacing, odd answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use futures::StreamExt;
use httpmock::MockServer;
use jiff::civil::date;
use resos::{
    ApiErrorKind, Client, CreateBooking, CustomQuery, Error, GetBooking, ListBookings, LocalTime,
    NewGuest, RetryPolicy, SetBookingStatus, UpdateBooking,
};
use tokio::time::Instant;

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .api_key("behaviour-test-key")
        .base_url(server.url("/v1"))
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    (server, client)
}

fn is_validation(result: &Error, field: &str) -> bool {
    matches!(result, Error::Validation { field: f, .. } if f.contains(field))
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_request() {
    let (server, client) = setup().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("[]");
        })
        .await;

    let too_big = ListBookings::new().limit(101);
    let err = client.bookings().list_page(&too_big).await.unwrap_err();
    assert!(is_validation(&err, "limit"), "{err:?}");

    let mut stream = Box::pin(client.bookings().list(&ListBookings::new().limit(0)));
    let first = stream.next().await.unwrap().unwrap_err();
    assert!(is_validation(&first, "limit"), "{first:?}");
    assert!(stream.next().await.is_none());

    let bad_query = ListBookings::new().custom_query(CustomQuery::new().equals("guest name", "x"));
    let err = client.bookings().list_page(&bad_query).await.unwrap_err();
    assert!(is_validation(&err, "customQuery"), "{err:?}");

    let bad_phone =
        ListBookings::new().custom_query(CustomQuery::new().phone_equals("guest.phone", "ask"));
    let err = client.bookings().list_page(&bad_phone).await.unwrap_err();
    assert!(is_validation(&err, "customQuery"), "{err:?}");

    let nobody = CreateBooking::new(
        date(2026, 3, 14),
        LocalTime::hm(19, 0).unwrap(),
        0,
        NewGuest::new("Ada"),
    );
    let err = client.bookings().create(&nobody).await.unwrap_err();
    assert!(is_validation(&err, "people"), "{err:?}");

    let nameless = CreateBooking::new(
        date(2026, 3, 14),
        LocalTime::hm(19, 0).unwrap(),
        2,
        NewGuest::new(" "),
    );
    let err = client.bookings().create(&nameless).await.unwrap_err();
    assert!(is_validation(&err, "guest.name"), "{err:?}");

    let nothing = UpdateBooking::new("Bk000000000000001");
    let err = client.bookings().update(&nothing).await.unwrap_err();
    assert!(is_validation(&err, "changes"), "{err:?}");

    let err = client
        .bookings()
        .get(&GetBooking::new(""))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation { .. }), "{err:?}");

    assert_eq!(any.calls_async().await, 0, "nothing may reach the server");
}

#[tokio::test]
async fn sends_the_documented_basic_header_and_user_agent() {
    let server = MockServer::start_async().await;
    // The seed's sample key and header (reference §0 "Authentication").
    let health = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v1/healthcheck")
                .header(
                    "authorization",
                    "Basic YUljQ3BSS1FxS1BnOXpWTDBhNy1SSnQyX3p4OGpQcThqUjIwWFdwX3BaTjo=",
                )
                .header(
                    "user-agent",
                    format!("bookbridge-resos/{}", env!("CARGO_PKG_VERSION")),
                );
            then.status(200).body(r#"{"status":"ok"}"#);
        })
        .await;
    let client = Client::builder()
        .api_key("aIcCpRKQqKPg9zVL0a7-RJt2_zx8jPq8jR20XWp_pZN")
        .base_url(server.url("/v1"))
        .build()
        .unwrap();
    let check = client.healthcheck().await.unwrap();
    assert_eq!(check.status.as_deref(), Some("ok"));
    assert_eq!(health.calls_async().await, 1);
}

#[tokio::test]
async fn a_false_answer_to_put_is_an_error() {
    let (server, client) = setup().await;
    server
        .mock_async(|when, then| {
            when.method("PUT").path("/v1/bookings/Bk1");
            then.status(200).body("false");
        })
        .await;
    let err = client
        .bookings()
        .set_status(&SetBookingStatus::new(
            "Bk1",
            resos::BookingStatus::Approved,
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.message.contains("false")),
        "{err:?}"
    );
}

#[tokio::test]
async fn html_landing_page_is_summarised_not_dumped() {
    let (server, client) = setup().await;
    server
        .mock_async(|when, then| {
            when.path("/v1/healthcheck");
            then.status(404).body(
                "<!DOCTYPE html><html><head><title>resOS</title></head><body>...</body></html>",
            );
        })
        .await;
    let err = client.healthcheck().await.unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.kind, ApiErrorKind::NotFound);
    assert_eq!(
        api.message,
        "HTML error page instead of an API response: resOS"
    );
}

#[tokio::test(start_paused = true)]
async fn default_pacing_is_100_per_minute() {
    let (server, client) = setup().await;
    let health = server
        .mock_async(|when, then| {
            when.method("GET").path("/v1/healthcheck");
            then.status(200)
                .header("retry-after", "60000")
                .body(r#"{"status":"ok","restaurantId":"Rk4mTq9ZpLw2XcV7s"}"#);
        })
        .await;
    let start = Instant::now();
    for _ in 0..100 {
        client.healthcheck().await.unwrap();
    }
    // Retry-After on a success is not a pause: the first 100 go out at once.
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    let check = client.healthcheck().await.unwrap();
    assert_eq!(check.restaurant_id.unwrap().as_str(), "Rk4mTq9ZpLw2XcV7s");
    assert!(
        start.elapsed() >= Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(health.calls_async().await, 101);
}

#[tokio::test]
async fn secrets_stay_out_of_errors() {
    let key = "behaviour-test-key";
    let (server, client) = setup().await;
    server
        .mock_async(|when, then| {
            when.path("/v1/bookings/Bk1");
            then.status(400)
                .body(format!("Illegal operation for key {key}"));
        })
        .await;
    let err = client
        .bookings()
        .get(&GetBooking::new("Bk1"))
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(key), "{shown}");
    assert_eq!(err.kind(), Some(&ApiErrorKind::BadRequest));
}

#[tokio::test]
async fn dot_ids_cannot_climb_the_path() {
    // `..` is not percent-encoded and URL parsing would collapse it: `GET /v1/`.
    let (server, client) = setup().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    for id in ["..", "."] {
        let err = client
            .bookings()
            .get(&GetBooking::new(id))
            .await
            .unwrap_err();
        assert!(is_validation(&err, "id"), "{err:?}");
    }
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn a_server_repeating_the_same_full_page_ends_the_stream() {
    // The server ignores `skip`: the same full page forever would loop forever.
    let (server, client) = setup().await;
    let page = server
        .mock_async(|when, then| {
            when.path("/v1/bookings");
            then.status(200)
                .json_body(serde_json::json!([{"_id": "a"}, {"_id": "b"}]));
        })
        .await;
    let results: Vec<_> = client
        .bookings()
        .list(&ListBookings::new().limit(2))
        .collect()
        .await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[0].is_ok() && results[1].is_ok());
    assert!(
        matches!(&results[2], Err(Error::Paging { offset: 2, .. })),
        "{:?}",
        results[2]
    );
    assert_eq!(page.calls_async().await, 2);
}
