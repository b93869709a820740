//! The Launch27 sandbox, judged by the real `launch27` client.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::time::Duration;

use futures::TryStreamExt;
use launch27::{
    ApiErrorKind, BookingRef, CancelCustomerBooking, CancelTerms, Client, Error,
    ListCustomerBookings, LoginRequest, Pacing, RetryPolicy, SortOrder,
};
use sandbox::{Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;

/// A client of `sandbox` with its credentials that never retries, so any refusal surfaces.
fn client(sandbox: &Sandbox) -> launch27::ClientBuilder {
    let (email, password) = sandbox.credentials().login().unwrap();
    Client::builder()
        .base_url(sandbox.origin())
        .credentials(email, password.expose_secret())
        .retry(RetryPolicy::never())
        .without_transport_timers()
}

async fn start(options: SandboxOptions) -> Sandbox {
    Sandbox::start(Vendor::Launch27, options).await.unwrap()
}

async fn all(client: &Client, request: &ListCustomerBookings) -> Vec<launch27::CustomerBooking> {
    client
        .customer_bookings()
        .list(request)
        .try_collect()
        .await
        .unwrap()
}

/// A status line and headers from one raw HTTP/1.1 exchange (the client hides headers).
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

async fn raw(sandbox: &Sandbox, head: &str, body: &str) -> Raw {
    let mut stream = tokio::net::TcpStream::connect(sandbox.addr())
        .await
        .unwrap();
    let request = format!(
        "{head}\r\nHost: sandbox\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Raw {
        status,
        headers,
        body: body.to_owned(),
    }
}

async fn jwt(client: &Client, sandbox: &Sandbox) -> String {
    let (email, password) = sandbox.credentials().login().unwrap();
    let answer = client
        .auth()
        .login(&LoginRequest::new(email, password.expose_secret()))
        .await
        .unwrap();
    answer.bearer.expose_secret().to_owned()
}

#[tokio::test(start_paused = true)]
async fn login_issues_a_jwt_the_client_reads_and_credentials_hide_the_password() {
    let sandbox = start(SandboxOptions::default()).await;
    assert_eq!(
        sandbox.base_url(),
        format!("http://127.0.0.1:{}/v1", sandbox.addr().port())
    );
    let (email, password) = sandbox.credentials().login().unwrap();
    assert_eq!(email, "pat@example.com", "the user of the login fixture");
    assert!(sandbox.credentials().api_key().is_none());
    let password = password.expose_secret().to_owned();
    assert!(!format!("{:?}", sandbox.credentials()).contains(&password));

    let client = client(&sandbox).build().unwrap();
    let answer = client
        .auth()
        .login(&LoginRequest::new(email, &password))
        .await
        .unwrap();
    assert_eq!(answer.id.to_string(), "42");
    assert_eq!(answer.user_type, Some(launch27::UserType::Customer));
    assert_eq!(answer.first_name.as_deref(), Some("Pat"));
    let exp = answer.expires_at().expect("an exp claim");
    let left = exp.duration_since(launch27::jiff::Timestamp::now());
    assert!(
        left > launch27::jiff::SignedDuration::from_mins(59)
            && left <= launch27::jiff::SignedDuration::from_mins(60),
        "one hour by default: {left:?}"
    );
    let first = answer.bearer.expose_secret();
    assert_eq!(first.split('.').count(), 3, "header.payload.signature");
    assert_ne!(
        first,
        jwt(&client, &sandbox).await,
        "each login a new token"
    );
    assert_eq!(sandbox.hits("POST /v1/login"), 2);
}

#[tokio::test(start_paused = true)]
async fn a_bad_password_is_the_clients_unauthorized_error() {
    let sandbox = start(SandboxOptions::default()).await;
    let (email, _) = sandbox.credentials().login().unwrap();
    let client = Client::builder()
        .base_url(sandbox.origin())
        .credentials(email, "not-the-password")
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    let err = client
        .customer_bookings()
        .list_page(&ListCustomerBookings::default())
        .await
        .unwrap_err();
    match &err {
        Error::Unauthorized(api) => {
            assert_eq!(api.status, 401);
            assert_eq!(api.message, "Unauthorized");
        }
        other => panic!("{other:?}"),
    }
    assert!(!format!("{err:?}").contains("not-the-password"));
    assert_eq!(
        sandbox.hits("POST /v1/login"),
        1,
        "a refused login is not retried"
    );
    assert_eq!(
        sandbox.hits("GET /v1/customer/bookings"),
        0,
        "nothing sent unauthenticated"
    );

    // The raw call: 401 for the password, 422 in the vendor's field-error shape for an empty
    // e-mail (sent around the client's own validation).
    let raw_client = client.clone();
    let err = raw_client
        .auth()
        .login(&LoginRequest::new(email, "wrong"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    let err = raw_client
        .http()
        .post("/login")
        .without_auth()
        .json(&serde_json::json!({"email": "", "password": "x"}))
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(api) => {
            assert_eq!(api.status, 422);
            assert_eq!(api.field_errors[0].field, "email");
            assert_eq!(api.field_errors[0].code.as_deref(), Some("string_gte"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn login_then_list_pages_every_booking_exactly_once() {
    let sandbox = start(SandboxOptions::default().generated_bookings(250)).await;
    let client = client(&sandbox).build().unwrap();
    let bookings = all(&client, &ListCustomerBookings::default()).await;
    let ids: BTreeSet<u64> = bookings.iter().map(|b| b.id.get()).collect();
    assert_eq!(ids.len(), bookings.len(), "no booking twice");
    assert_eq!(bookings.len(), 253, "3 seeds + 250 generated");
    for id in [512, 513, 514, 100_001, 100_250] {
        assert!(ids.contains(&id), "{id}");
    }
    // Newest first by default (the vendor's `desc`).
    let dates: Vec<_> = bookings.iter().map(|b| b.service_date.unwrap()).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "desc by service date"
    );
    assert_eq!(
        sandbox.hits("POST /v1/login"),
        1,
        "one login for every page"
    );
    assert_eq!(
        sandbox.hits("GET /v1/customer/bookings"),
        3,
        "pages of 100, 100, 53"
    );

    let small = all(
        &client,
        &ListCustomerBookings::default()
            .limit(7u32)
            .sort(SortOrder::Asc),
    )
    .await;
    let mut asc: Vec<u64> = bookings.iter().map(|b| b.id.get()).collect();
    asc.reverse();
    assert_eq!(
        small.iter().map(|b| b.id.get()).collect::<Vec<_>>(),
        asc,
        "the same bookings, oldest first, in pages of 7"
    );
    assert_eq!(
        sandbox.hits("GET /v1/customer/bookings"),
        3 + 253usize.div_ceil(7) as u64
    );

    let count = client.customer_bookings().count().await.unwrap();
    assert_eq!(count.count, 253);

    let over = client
        .customer_bookings()
        .list_page(&ListCustomerBookings::default().limit(101u32))
        .await
        .unwrap_err();
    match over {
        Error::Api(api) => {
            assert_eq!(api.status, 422);
            assert_eq!(api.field_errors[0].field, "limit");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn the_list_filters_like_the_vendor() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let april = ListCustomerBookings::between(
        launch27::jiff::civil::date(2026, 4, 1),
        launch27::jiff::civil::date(2026, 4, 30),
    );
    let in_april = all(&client, &april).await;
    assert!(in_april.iter().any(|b| b.id.get() == 512), "{in_april:?}");
    assert!(in_april.iter().all(|b| b.id.get() != 514), "514 is in May");
    let completed = all(
        &client,
        &ListCustomerBookings {
            options: vec![launch27::ListOption::Completed],
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        completed.iter().map(|b| b.id.get()).collect::<Vec<_>>(),
        vec![514]
    );
    let nowhere = all(
        &client,
        &ListCustomerBookings::default().query("no such street"),
    )
    .await;
    assert!(nowhere.is_empty());
}

#[tokio::test(start_paused = true)]
async fn get_and_an_unknown_id() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let booking = client
        .customer_bookings()
        .get(&BookingRef::new(512))
        .await
        .unwrap();
    assert_eq!(booking.id.get(), 512);
    assert_eq!(booking.active, Some(true));
    assert!(
        booking.summary.and_then(|s| s.total).is_some(),
        "the seed's body"
    );

    let err = client
        .customer_bookings()
        .get(&BookingRef::new(999_999))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::NotFound(api) if api.status == 404 && api.message == "Not Found"),
        "{err:?}"
    );
    assert_eq!(sandbox.hits("GET /v1/customer/bookings/{id}"), 2);
}

#[tokio::test(start_paused = true)]
async fn cancel_makes_the_booking_inactive_and_a_second_cancel_is_refused() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let answer = client
        .customer_bookings()
        .cancel(&CancelCustomerBooking::new(512, CancelTerms::default()))
        .await
        .unwrap();
    assert_eq!(answer, serde_json::json!({"id": 512, "active": false}));
    let booking = client
        .customer_bookings()
        .get(&BookingRef::new(512))
        .await
        .unwrap();
    assert_eq!(booking.active, Some(false));
    // A range lists only active bookings.
    let april = ListCustomerBookings::between(
        launch27::jiff::civil::date(2026, 4, 1),
        launch27::jiff::civil::date(2026, 4, 30),
    );
    assert!(all(&client, &april).await.iter().all(|b| b.id.get() != 512));

    let again = client
        .customer_bookings()
        .cancel(&CancelCustomerBooking::new(512, CancelTerms::default()))
        .await
        .unwrap_err();
    match again {
        Error::Api(api) => {
            assert_eq!(api.status, 406);
            assert_eq!(api.kind, ApiErrorKind::NotAcceptable);
            assert_eq!(api.message, "Booking can not be cancelled");
        }
        other => panic!("{other:?}"),
    }
    let missing = client
        .customer_bookings()
        .cancel(&CancelCustomerBooking::new(999_999, CancelTerms::default()))
        .await
        .unwrap_err();
    assert!(matches!(missing, Error::NotFound(_)), "{missing:?}");
    assert_eq!(sandbox.hits("POST /v1/customer/bookings/{id}/cancel"), 3);
}

#[tokio::test(start_paused = true)]
async fn a_revoked_token_makes_the_client_log_in_once_and_replay() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    client
        .customer_bookings()
        .get(&BookingRef::new(512))
        .await
        .unwrap();
    assert_eq!(sandbox.hits("POST /v1/login"), 1);

    sandbox.revoke_tokens();
    let booking = client
        .customer_bookings()
        .get(&BookingRef::new(513))
        .await
        .unwrap();
    assert_eq!(booking.id.get(), 513);
    assert_eq!(sandbox.hits("POST /v1/login"), 2, "exactly one extra login");
    assert_eq!(
        sandbox.hits("GET /v1/customer/bookings/{id}"),
        3,
        "the refused call and its replay"
    );
}

#[tokio::test(start_paused = true)]
async fn an_expired_token_is_refused_and_the_client_renews_it_before_exp() {
    let lifetime = Duration::from_secs(600);
    let sandbox = start(SandboxOptions::default().token_lifetime(lifetime)).await;
    let client = client(&sandbox).build().unwrap();
    let token = jwt(&client, &sandbox).await;
    let exp = launch27::jwt_expiry(&token).unwrap();
    let left = exp.duration_since(launch27::jiff::Timestamp::now());
    assert!(left.as_secs() > 590 && left.as_secs() <= 600, "{left:?}");

    let with_token = Client::builder()
        .base_url(sandbox.origin())
        .token(&token)
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    with_token
        .customer_bookings()
        .get(&BookingRef::new(512))
        .await
        .unwrap();
    client.customer_bookings().count().await.unwrap();
    assert_eq!(sandbox.hits("POST /v1/login"), 2);

    tokio::time::advance(lifetime).await;
    let err = with_token
        .customer_bookings()
        .get(&BookingRef::new(512))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    // The credentialed client saw the same lifetime in `exp` and logs in again first.
    client.customer_bookings().count().await.unwrap();
    assert_eq!(sandbox.hits("POST /v1/login"), 3);
    assert_eq!(
        sandbox.hits("GET /v1/customer/bookings/count"),
        2,
        "no 401 to replay"
    );
}

#[tokio::test(start_paused = true)]
async fn a_naive_burst_gets_429_with_the_vendor_headers_and_writes_have_their_own_bucket() {
    let sandbox = start(SandboxOptions::default()).await;
    let naive = client(&sandbox).pacing(Pacing::none()).build().unwrap();
    let token = jwt(&naive, &sandbox).await;
    let page = ListCustomerBookings::default().limit(1u32);
    let mut refused = None;
    for i in 0..31 {
        match naive.customer_bookings().list_page(&page).await {
            Ok(_) => assert!(i < 30, "read {i} passed the bucket of 30"),
            Err(e) => {
                assert_eq!(i, 30, "refused too early: {e:?}");
                refused = Some(e);
            }
        }
    }
    match refused {
        Some(Error::RateLimited {
            retry_after: Some(wait),
            api: Some(api),
        }) => {
            assert_eq!(api.status, 429);
            assert_eq!(wait, Duration::from_millis(500), "one refill interval");
        }
        other => panic!("{other:?}"),
    }
    // The headers of a 429 (sent before the client's pause after its 429 ends), and of
    // every answer.
    let answer = raw(
        &sandbox,
        &format!("GET /v1/customer/bookings?limit=1 HTTP/1.1\r\nAuthorization: Bearer {token}"),
        "",
    )
    .await;
    assert_eq!(answer.status, 429);
    assert_eq!(answer.body, "Too Many Requests");
    assert_eq!(answer.header("retry-after"), Some("0.5"));
    for (name, value) in [
        ("x-rate-limit-read-limit", "30"),
        ("x-rate-limit-read-ttl", "500ms"),
        ("x-rate-limit-write-limit", "10"),
        ("x-rate-limit-write-ttl", "500ms"),
    ] {
        assert_eq!(answer.header(name), Some(value), "{name}");
    }
    // Reads are out; the write bucket (10, two logins took two) still answers.
    naive
        .customer_bookings()
        .cancel(&CancelCustomerBooking::new(513, CancelTerms::default()))
        .await
        .unwrap();
    let unknown = raw(&sandbox, "GET /v1/nowhere HTTP/1.1", "").await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.header("x-rate-limit-read-limit"), Some("30"));

    // A bucket refills one token per interval.
    tokio::time::sleep(Duration::from_millis(500)).await;
    naive.customer_bookings().list_page(&page).await.unwrap();
    assert_eq!(sandbox.hits("GET /v1/customer/bookings"), 33);
}

#[tokio::test(start_paused = true)]
async fn the_client_default_pacing_gets_no_429_on_scaled_buckets() {
    // 30 reads and 10 writes, one more per 5 ms.
    let sandbox = start(
        SandboxOptions::default()
            .window_scale(0.01)
            .generated_bookings(40),
    )
    .await;
    let paced = client(&sandbox).build().unwrap();
    let page = ListCustomerBookings::default().limit(1u32);
    let start = Instant::now();
    for _ in 0..200 {
        // RetryPolicy::never: a 429 would be an Err here.
        paced.customer_bookings().list_page(&page).await.unwrap();
    }
    let limits = paced.rate_limits();
    assert_eq!(
        (limits.read_burst, limits.read_interval),
        (30, Duration::from_millis(5)),
        "the client read the announced buckets"
    );
    for n in 1..=40u64 {
        paced
            .customer_bookings()
            .cancel(&CancelCustomerBooking::new(
                100_000 + n,
                CancelTerms::default(),
            ))
            .await
            .unwrap();
    }
    assert_eq!(
        sandbox.hits("GET /v1/customer/bookings"),
        200,
        "each exactly once"
    );
    assert_eq!(sandbox.hits("POST /v1/customer/bookings/{id}/cancel"), 40);
    assert_eq!(sandbox.hits("POST /v1/login"), 1);
    assert!(
        start.elapsed() >= Duration::from_millis(5) * (200 - 30),
        "paced, not a burst: {:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn bodies_without_json_are_refused_like_the_vendor() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let token = jwt(&client, &sandbox).await;
    let cancel =
        format!("POST /v1/customer/bookings/512/cancel HTTP/1.1\r\nAuthorization: Bearer {token}");
    let no_type = raw(&sandbox, &cancel, "{}").await;
    assert_eq!(no_type.status, 415);
    let empty = raw(
        &sandbox,
        &format!("{cancel}\r\nContent-Type: application/json"),
        "",
    )
    .await;
    assert_eq!((empty.status, empty.body.as_str()), (400, "Bad Request"));
    let no_token = raw(&sandbox, "GET /v1/customer/bookings HTTP/1.1", "").await;
    assert_eq!(
        (no_token.status, no_token.body.as_str()),
        (401, "Unauthorized")
    );
    // Nothing was cancelled.
    let booking = client
        .customer_bookings()
        .get(&BookingRef::new(512))
        .await
        .unwrap();
    assert_eq!(booking.active, Some(true));
}

#[tokio::test(start_paused = true)]
async fn hits_count_every_request_per_route() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    assert!(sandbox.all_hits().is_empty());
    client.customer_bookings().count().await.unwrap();
    let _ = client.customer_bookings().get(&BookingRef::new(512)).await;
    let _ = client.customer_bookings().get(&BookingRef::new(1)).await;
    let _ = raw(&sandbox, "GET /v1/not-served HTTP/1.1", "").await;
    let hits = sandbox.all_hits();
    assert_eq!(hits.get("POST /v1/login"), Some(&1));
    assert_eq!(hits.get("GET /v1/customer/bookings/count"), Some(&1));
    assert_eq!(hits.get("GET /v1/customer/bookings/{id}"), Some(&2));
    assert_eq!(hits.len(), 3, "{hits:?}");
}

#[tokio::test(start_paused = true)]
async fn seeds_can_come_from_a_fixtures_directory() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/launch27");
    let sandbox = start(SandboxOptions::default().fixtures_dir(dir)).await;
    let client = client(&sandbox).build().unwrap();
    let ids: BTreeSet<u64> = all(&client, &ListCustomerBookings::default())
        .await
        .iter()
        .map(|b| b.id.get())
        .collect();
    assert_eq!(ids, BTreeSet::from([512, 513, 514]));
}

#[tokio::test(start_paused = true)]
async fn late_and_recurring_cancels_need_their_confirmation() {
    let dir = std::env::temp_dir().join(format!("sandbox-l27-seeds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let booking = |id: u64, late: bool, recurring: bool| {
        serde_json::json!({
            "request": {"method": "GET", "path": format!("/v1/customer/bookings/{id}")},
            "response": {"status": 200, "body": {
                "id": id, "service_date": "2026-06-01T12:00:00Z", "active": true,
                "completed": false,
                "actions": {"edit": true, "cancel": true, "late_cancel": late,
                            "recurring_cancel": recurring, "complete": false}}}
        })
    };
    let fixture = serde_json::json!({
        "vendor": "launch27", "operation": "customer_bookings.get",
        "exchanges": [booking(700, true, false), booking(701, false, true)]
    });
    std::fs::write(dir.join("seeds.json"), fixture.to_string()).unwrap();
    let sandbox = start(SandboxOptions::default().fixtures_dir(&dir)).await;
    std::fs::remove_dir_all(&dir).unwrap();
    let client = client(&sandbox).build().unwrap();
    let cancel = |id: u64, terms: CancelTerms| {
        let client = client.clone();
        async move {
            client
                .customer_bookings()
                .cancel(&CancelCustomerBooking::new(id, terms))
                .await
        }
    };
    for (id, field) in [(700, "confirmed_late"), (701, "confirmed_recurring")] {
        match cancel(id, CancelTerms::default()).await.unwrap_err() {
            Error::Api(api) => {
                assert_eq!(api.status, 422);
                assert_eq!(api.field_errors[0].field, field);
                assert_eq!(api.field_errors[0].code.as_deref(), Some("invalid"));
            }
            other => panic!("{other:?}"),
        }
    }
    cancel(700, CancelTerms::default().confirmed_late(true))
        .await
        .unwrap();
    cancel(
        701,
        CancelTerms::default().confirmed_recurring(launch27::ConfirmedRecurring {
            cancel_future: true,
        }),
    )
    .await
    .unwrap();
    // The user came from no fixture: the default one logs in all the same.
    assert_eq!(sandbox.hits("POST /v1/login"), 1);
}

#[tokio::test(start_paused = true)]
async fn staff_bookings_for_the_staff_login_and_403_across_user_types() {
    let sandbox = start(SandboxOptions::default()).await;
    let staff_credentials = sandbox.staff_credentials().unwrap();
    let (email, password) = staff_credentials.login().unwrap();
    let staff = Client::builder()
        .base_url(sandbox.origin())
        .credentials(email, password.expose_secret())
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    let bookings: Vec<launch27::StaffBooking> = staff
        .staff()
        .list_bookings(&launch27::ListStaffBookings::default())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<u64> = bookings.iter().map(|b| b.id.get()).collect();
    assert_eq!(
        ids,
        vec![901, 900],
        "the staff fixtures' bookings, newest first"
    );
    let one = staff.staff().booking(&BookingRef::new(900)).await.unwrap();
    assert_eq!(one.id.get(), 900);

    let refused = staff.customer_bookings().count().await.unwrap_err();
    assert!(
        matches!(&refused, Error::Api(api) if api.status == 403 && api.kind == ApiErrorKind::Forbidden),
        "{refused:?}"
    );
    let customer = client(&sandbox).build().unwrap();
    let refused = customer
        .staff()
        .list_bookings_page(&launch27::ListStaffBookings::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, Error::Api(api) if api.status == 403),
        "{refused:?}"
    );
    assert_eq!(sandbox.hits("POST /v1/login"), 2);
    assert_eq!(sandbox.hits("GET /v1/staff/bookings"), 2);
    assert!(
        Sandbox::start(Vendor::Resos, SandboxOptions::default())
            .await
            .unwrap()
            .staff_credentials()
            .is_none()
    );
}

/// The `input` of a fixture of `fixtures/launch27` (the request the contract test sends).
fn fixture_input(text: &str) -> serde_json::Value {
    let fixture: serde_json::Value = serde_json::from_str(text).unwrap();
    fixture["input"].clone()
}

macro_rules! input {
    ($name:literal) => {
        serde_json::from_value(fixture_input(include_str!(concat!(
            "../../../fixtures/launch27/",
            $name,
            ".json"
        ))))
        .unwrap()
    };
}

fn staff_client(sandbox: &Sandbox) -> Client {
    let credentials = sandbox.staff_credentials().unwrap();
    let (email, password) = credentials.login().unwrap();
    Client::builder()
        .base_url(sandbox.origin())
        .credentials(email, password.expose_secret())
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn reference_data_is_served_to_the_callers_the_vendor_allows() {
    let sandbox = start(SandboxOptions::default()).await;
    // Public helpers answer without a login; the profile and some policies need one.
    for path in [
        "/v1/settings",
        "/v1/countries",
        "/v1/booking/form",
        "/v1/booking/frequencies",
        "/v1/policy/booking",
        "/v1/quote/form",
    ] {
        let answer = raw(&sandbox, &format!("GET {path} HTTP/1.1"), "").await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    }
    for path in [
        "/v1/profile",
        "/v1/policy/cancellation",
        "/v1/settings/general",
    ] {
        let answer = raw(&sandbox, &format!("GET {path} HTTP/1.1"), "").await;
        assert_eq!(answer.status, 401, "{path}");
        assert_eq!(answer.body, "Unauthorized");
    }
    let customer = client(&sandbox).build().unwrap();
    let profile = customer.account().profile().await.unwrap();
    assert_eq!(profile.email.as_deref(), Some("pat@example.com"));
    let settings = customer.account().settings().await.unwrap();
    assert_eq!(
        settings
            .time_zone()
            .map(|z| z.iana_name().map(str::to_owned)),
        Some(Some("America/New_York".to_owned()))
    );
    let countries = customer.account().list_countries_page().await.unwrap();
    assert!(countries.len() >= 2);
    let frequencies = customer
        .booking()
        .list_frequencies_page(&launch27::ListFrequencies::default())
        .await
        .unwrap();
    assert_eq!(frequencies.len(), 2);
    customer.policies().cancellation().await.unwrap();

    // Staff lists page the seeds with limit/offset, for staff only.
    let staff = staff_client(&sandbox);
    let first = staff
        .staff()
        .list_checklists_page(&launch27::PageParams::new(2, 0))
        .await
        .unwrap();
    let rest = staff
        .staff()
        .list_checklists_page(&launch27::PageParams::new(2, 2))
        .await
        .unwrap();
    assert_eq!((first.len(), rest.len()), (2, 1));
    let charges = staff.staff().pending_charges_count().await.unwrap();
    assert_eq!(charges.count, 3, "the three seeded pending charges");
    let refused = customer
        .staff()
        .list_checklists_page(&launch27::PageParams::new(2, 0))
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, Error::Api(api) if api.status == 403),
        "{refused:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_customer_booking_created_is_counted_priced_updated_and_then_refused_once_cancelled() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let before = client.customer_bookings().count().await.unwrap().count;
    let request: launch27::CreateCustomerBooking = input!("customer_bookings.create");
    let created = client.customer_bookings().create(&request).await.unwrap();
    assert!(created.id.get() > 1000, "{created:?}");
    assert_eq!(
        client.customer_bookings().count().await.unwrap().count,
        before + 1
    );
    let booking = client
        .customer_bookings()
        .get(&BookingRef::new(created.id.get()))
        .await
        .unwrap();
    // 08:00 in the tenant's zone (America/New_York, EDT) is 12:00 UTC.
    assert_eq!(
        booking.service_date.unwrap().to_string(),
        "2026-04-07T12:00:00Z"
    );
    let raw_booking = serde_json::to_value(&booking).unwrap();
    // Service 7 (139) + extra 3 (30) + 3 × parameter 2 (25), one-time: no discount.
    assert_eq!(raw_booking["summary"]["revenue"].as_f64(), Some(244.0));

    let mut update: launch27::UpdateCustomerBooking = input!("customer_bookings.update");
    update.id = created.id;
    let updated = client.customer_bookings().update(&update).await.unwrap();
    assert_eq!(
        updated.service_date.unwrap().to_string(),
        "2026-04-08T14:30:00Z"
    );
    assert_eq!(updated.arrival_window, Some(60));

    client
        .customer_bookings()
        .cancel(&CancelCustomerBooking::new(
            created.id.get(),
            CancelTerms::default(),
        ))
        .await
        .unwrap();
    let refused = client
        .customer_bookings()
        .update(&update)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, Error::Api(api) if api.status == 406),
        "{refused:?}"
    );
    assert_eq!(sandbox.hits("POST /v1/customer/bookings"), 1);
    assert_eq!(sandbox.hits("PUT /v1/customer/bookings/{id}"), 2);
}

#[tokio::test(start_paused = true)]
async fn a_guest_booking_is_checked_against_the_documented_limits() {
    let sandbox = start(SandboxOptions::default()).await;
    let body = |zip: &str, service: u64| {
        serde_json::json!({
            "user": {"email": "sam@example.com", "first_name": "Sam", "last_name": "Roe"},
            "address": "1 Main St", "zip": zip, "frequency_id": 1,
            "service_date": "2031-04-07T08:00:00", "arrival_window": 120,
            "services": [{"id": service}], "payment_method": "cash"
        })
        .to_string()
    };
    let head = "POST /v1/booking HTTP/1.1\r\nContent-Type: application/json";
    let ok = raw(&sandbox, head, &body("1234567890", 7)).await;
    assert_eq!(ok.status, 200, "zip up to 10 characters: {}", ok.body);
    assert!(ok.body.contains("ga_transaction"), "{}", ok.body);
    let long = raw(&sandbox, head, &body("12345678901", 7)).await;
    assert_eq!(long.status, 422);
    assert!(
        long.body.contains("\"zip\"") && long.body.contains("string_lte"),
        "{}",
        long.body
    );
    let unknown = raw(&sandbox, head, &body("62701", 99)).await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("services.id"), "{}", unknown.body);
    let plain = raw(&sandbox, "POST /v1/booking HTTP/1.1", &body("62701", 7)).await;
    assert_eq!(plain.status, 415);
    // A guest who is not the logged-in customer does not join the customer's bookings.
    let client = client(&sandbox).build().unwrap();
    assert_eq!(client.customer_bookings().count().await.unwrap().count, 3);
}

#[tokio::test(start_paused = true)]
async fn next_date_spots_and_estimates_are_computed() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    // Every two weeks, in the tenant's zone: 09:30 EDT two weeks on is 13:30 UTC.
    let next: launch27::NextDate = input!("booking.next_date");
    let answer = client.booking().next_date(&next).await.unwrap();
    assert_eq!(answer.date.to_string(), "2026-05-17T13:30:00Z");
    let mut once: serde_json::Value = fixture_input(include_str!(
        "../../../fixtures/launch27/booking.next_date.json"
    ));
    once["frequency_id"] = serde_json::json!(1);
    let once: launch27::NextDate = serde_json::from_value(once).unwrap();
    let refused = client.booking().next_date(&once).await.unwrap_err();
    assert!(
        matches!(&refused, Error::Api(api) if api.status == 422),
        "{refused:?}"
    );

    let estimate: launch27::EstimatePrice = input!("booking.estimate_price");
    let price = client.booking().estimate_price(&estimate).await.unwrap();
    let price = serde_json::to_value(&price).unwrap();
    // Every two weeks takes 20.5 % off 139 + 30 + 75.
    assert_eq!(price["discount_amount"].as_f64(), Some(50.02));

    // Spots: the seeded location works Mondays 08:00–17:00, a spot an hour.
    let spots = |day: &str| format!(r#"{{"date": "{day}", "days": 2, "mode": "new"}}"#);
    let head = "POST /v1/booking/spots HTTP/1.1\r\nContent-Type: application/json";
    let answer = raw(&sandbox, head, &spots("2031-03-03")).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let days: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(days[0]["spots"].as_array().unwrap().len(), 9);
    assert_eq!(days[0]["spots"][2]["free"], serde_json::json!(true));
    assert_eq!(days[1]["holiday"], serde_json::json!(true), "Tuesday");
    let mut request: launch27::CreateCustomerBooking = input!("customer_bookings.create");
    let mut body = serde_json::to_value(&request).unwrap();
    body["service_date"] = serde_json::json!("2031-03-03T10:00:00");
    request = serde_json::from_value(body).unwrap();
    client.customer_bookings().create(&request).await.unwrap();
    let answer = raw(&sandbox, head, &spots("2031-03-03")).await;
    let days: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(days[0]["spots"][2]["hours"], serde_json::json!(10));
    assert_eq!(days[0]["spots"][2]["free"], serde_json::json!(false));
    let bad = raw(
        &sandbox,
        head,
        r#"{"date": "2031-03-03", "days": 43, "mode": "new"}"#,
    )
    .await;
    assert_eq!(bad.status, 422);
}

#[tokio::test(start_paused = true)]
async fn quotes_gift_cards_and_payments_answer_like_the_vendor() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let quote: launch27::CreateQuote = input!("quotes.create");
    let created = client.quotes().create(&quote).await.unwrap();
    let uuid = created["quote_uuid"].as_str().unwrap().to_owned();
    let lookup: launch27::QuoteLookup =
        serde_json::from_value(serde_json::json!({"quote_uuid": uuid})).unwrap();
    let prefill = client.booking().quote(&lookup).await.unwrap();
    assert_eq!(prefill.first_name.as_deref(), Some("Pat"));
    let unknown: launch27::QuoteLookup =
        serde_json::from_value(serde_json::json!({"quote_uuid": "qt-none"})).unwrap();
    let refused = client.booking().quote(&unknown).await.unwrap_err();
    assert!(
        matches!(&refused, Error::NotFound(_) | Error::Api(_)),
        "{refused:?}"
    );

    let card: launch27::CreateGiftCard = input!("gift_cards.create");
    client.gift_cards().create(&card).await.unwrap();
    let code: launch27::CheckGiftCardDiscount = input!("gift_cards.check_discount");
    let discount = client.gift_cards().check_discount(&code).await.unwrap();
    assert_eq!(discount.message.as_deref(), Some("15% off"));
    let head = "POST /v1/giftcard/discount HTTP/1.1\r\nContent-Type: application/json";
    let wrong = raw(
        &sandbox,
        head,
        r#"{"email": "pat@example.com", "code": "NOPE"}"#,
    )
    .await;
    assert_eq!(wrong.status, 422);

    let token = client.payments().fspay_token().await.unwrap();
    let again = client.payments().fspay_token().await.unwrap();
    assert_ne!(
        serde_json::to_value(&token).unwrap(),
        serde_json::to_value(&again).unwrap(),
        "a fresh token each time"
    );
    let head = "POST /v1/setup/billing/setup_intent HTTP/1.1\r\nContent-Type: application/json";
    let missing = raw(&sandbox, head, "{}").await;
    assert_eq!(missing.status, 422);
    assert!(missing.body.contains("email"), "{}", missing.body);
}

#[tokio::test(start_paused = true)]
async fn a_public_route_refuses_a_bad_token_and_serves_staff_and_anonymous_callers() {
    let sandbox = start(SandboxOptions::default()).await;
    let bad = raw(
        &sandbox,
        "GET /v1/settings HTTP/1.1\r\nAuthorization: Bearer not-a-token",
        "",
    )
    .await;
    assert_eq!((bad.status, bad.body.as_str()), (401, "Unauthorized"));
    let anonymous = raw(&sandbox, "GET /v1/settings HTTP/1.1", "").await;
    assert_eq!(anonymous.status, 200);
    // The plan is one: the anonymous and the logged-in settings agree on gift cards.
    assert!(
        anonymous.body.contains("\"gift_cards\":true"),
        "{}",
        anonymous.body
    );
    let staff = staff_client(&sandbox);
    let settings = staff.account().settings().await.unwrap();
    let settings = serde_json::to_value(&settings).unwrap();
    assert_eq!(settings["features"]["gift_cards"], serde_json::json!(true));
    let profile = staff.account().profile().await.unwrap();
    assert_eq!(profile.email.as_deref(), Some("sam.staff@example.com"));
}
