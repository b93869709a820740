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
