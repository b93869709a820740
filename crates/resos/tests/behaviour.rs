//! Behaviour the fixtures cannot show: validation before any request, pacing, odd answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use httpmock::MockServer;
use jiff::civil::date;
use resos::{
    ApiErrorKind, Client, CreateBooking, CustomQuery, Error, GetBooking, LanguageCode,
    ListBookings, LocalTime, NewGuest, RetryPolicy, SetBookingStatus, UpdateBooking,
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
    // The seed's sample key and header (docs/vendors/resos.md §2).
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

#[tokio::test]
async fn a_put_answer_other_than_true_is_an_error() {
    // resOS answers a bare `true`; anything else (here an object, an empty body, a string)
    // does not confirm the change and must not pass as success.
    for body in [r#"{"_id":"Bk1"}"#, "", r#""ok""#] {
        let (server, client) = setup().await;
        let put = server
            .mock_async(|when, then| {
                when.method("PUT").path("/v1/bookings/Bk1");
                then.status(200).body(body);
            })
            .await;
        let err = client
            .bookings()
            .cancel(&resos::CancelBooking::new("Bk1"))
            .await
            .unwrap_err();
        let api = err.api().unwrap_or_else(|| panic!("{err:?}"));
        assert!(api.message.contains("`true`"), "{api:?}");
        assert_eq!(api.body, body);
        assert_eq!(put.calls_async().await, 1);
    }
}

#[tokio::test]
async fn documented_rules_are_checked_before_sending() {
    let (server, client) = setup().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("true");
        })
        .await;
    let base = || {
        CreateBooking::new(
            date(2026, 3, 14),
            LocalTime::hm(19, 0).unwrap(),
            2,
            NewGuest::new("Ada"),
        )
    };
    let cases: Vec<(CreateBooking, &str)> = vec![
        (
            CreateBooking::new(
                date(2026, 3, 14),
                LocalTime::hm(19, 0).unwrap(),
                2,
                NewGuest::new("Ada").phone("20 00 00 00"),
            ),
            "guest.phone",
        ),
        (
            CreateBooking::new(
                date(2026, 3, 14),
                LocalTime::hm(19, 0).unwrap(),
                2,
                NewGuest::new("Ada").phone("+0452000"),
            ),
            "guest.phone",
        ),
        (
            CreateBooking::new(
                date(2026, 3, 14),
                LocalTime::hm(19, 0).unwrap(),
                2,
                NewGuest::new("Ada").email("ada at example.org"),
            ),
            "guest.email",
        ),
        (
            base().language_code(LanguageCode::Unknown("fr".into())),
            "languageCode",
        ),
        (base().referrer("example.org/book"), "referrer"),
        (base().tables(["Tb1", " "]), "tables"),
        (base().note(" "), "note"),
        (base().duration(0), "duration"),
    ];
    for (request, field) in cases {
        let err = client.bookings().create(&request).await.unwrap_err();
        assert!(is_validation(&err, field), "{field}: {err:?}");
    }
    let updates = [
        (UpdateBooking::new("Bk1").duration(0), "duration"),
        (
            UpdateBooking::new("Bk1").guest(resos::GuestChanges {
                phone: Some("4520000000".into()),
                ..Default::default()
            }),
            "guest.phone",
        ),
        (
            UpdateBooking::new("Bk1").language_code(LanguageCode::Unknown("fr".into())),
            "languageCode",
        ),
    ];
    for (request, field) in updates {
        let err = client.bookings().update(&request).await.unwrap_err();
        assert!(is_validation(&err, field), "{field}: {err:?}");
    }
    assert_eq!(any.calls_async().await, 0, "nothing may reach the server");
    any.delete_async().await;

    // The valid forms do go out.
    let ok = base()
        .language_code(LanguageCode::Danish)
        .referrer("https://example.org/book")
        .tables(["Tb1"]);
    let ok = CreateBooking {
        guest: NewGuest::new("Ada")
            .phone("+4520000000")
            .email("ada@example.org"),
        ..ok
    };
    let create = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v1/bookings")
                .json_body_includes(r#"{"languageCode":"da","guest":{"phone":"+4520000000"}}"#);
            then.status(200).body(r#""Bk2""#);
        })
        .await;
    let id = client.bookings().create(&ok).await.unwrap();
    assert_eq!(id.as_str(), "Bk2");
    assert_eq!(create.calls_async().await, 1);
}

#[tokio::test]
async fn unpaged_lists_make_one_request_on_first_poll() {
    let (server, client) = setup().await;
    let tables = server
        .mock_async(|when, then| {
            when.method("GET").path("/v1/tables");
            then.status(200).json_body(serde_json::json!([
                {"_id": "t1", "area": {"_id": "a1", "name": "Hall"}},
                {"_id": "t2", "area": {"_id": "a1", "name": "Hall"}},
                {"_id": "t3"}
            ]));
        })
        .await;
    let stream = client.tables().list(&resos::ListTables::default());
    tokio::task::yield_now().await;
    assert_eq!(
        tables.calls_async().await,
        0,
        "nothing before the first poll"
    );
    let all: Vec<resos::Table> = stream.try_collect().await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        tables.calls_async().await,
        1,
        "one request answers everything"
    );
    let areas: Vec<resos::Area> = client
        .tables()
        .list_areas(&resos::ListAreas::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(areas.len(), 1);
    assert_eq!(tables.calls_async().await, 2);
}

#[tokio::test(start_paused = true)]
async fn shared_transport_settings_reach_the_request() {
    // `user_agent_suffix` and `pacing` come from `core_http::transport_setters!`.
    let server = MockServer::start_async().await;
    let health = server
        .mock_async(|when, then| {
            when.method("GET").path("/v1/healthcheck").header(
                "user-agent",
                format!("bookbridge-resos/{} my-app/1", env!("CARGO_PKG_VERSION")),
            );
            then.status(200).body(r#"{"status":"ok"}"#);
        })
        .await;
    let client = Client::builder()
        .api_key("behaviour-test-key")
        .base_url(server.url("/v1"))
        .user_agent_suffix("my-app/1")
        .pacing(core_http::pacing::Pacing::none())
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    let start = Instant::now();
    // Without the default 100-per-minute pacing, 101 calls do not wait for a new window.
    for _ in 0..101 {
        client.healthcheck().await.unwrap();
    }
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(health.calls_async().await, 101);
}
