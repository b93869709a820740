//! The Resource Guru sandbox, judged by the real `resource-guru` client.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::TryStreamExt;
use resource_guru::jiff::civil::date;
use resource_guru::{
    BookingId, Client, CreateBooking, DeleteBooking, DurationMinutes, Error, ListBookings,
    ListResources, MinuteOfDay, OAuth, Pacing, ResourceId, RetryPolicy, UpdateBooking,
};
use sandbox::{OAuthCredentials, Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;
use tokio::time::Instant;

const TOKEN: &str = "POST /oauth/token";
const LIST: &str = "GET /v1/{account}/bookings";
const ONE: &str = "GET /v1/{account}/bookings/{id}";

fn oauth(sandbox: &Sandbox) -> &OAuthCredentials {
    sandbox.credentials().oauth().unwrap()
}

/// The password grant of the sandbox's user.
fn password_grant(c: &OAuthCredentials) -> OAuth {
    OAuth::password(
        c.client_id.clone(),
        c.client_secret.expose_secret(),
        c.username.clone(),
        c.password.expose_secret(),
    )
}

/// A client of `sandbox` with the password grant that never retries, so any refusal
/// surfaces as an error.
fn client(sandbox: &Sandbox) -> resource_guru::ClientBuilder {
    let c = oauth(sandbox);
    Client::builder(c.account.clone())
        .base_url(sandbox.base_url())
        .oauth(password_grant(c))
        .retry(RetryPolicy::never())
        .without_transport_timers()
}

async fn start(options: SandboxOptions) -> Sandbox {
    Sandbox::start(Vendor::ResourceGuru, options).await.unwrap()
}

async fn all(client: &Client, request: &ListBookings) -> Vec<resource_guru::Booking> {
    client.bookings().list(request).try_collect().await.unwrap()
}

#[tokio::test(start_paused = true)]
async fn starts_on_loopback_with_oauth_credentials_hidden() {
    let sandbox = start(SandboxOptions::default()).await;
    assert!(sandbox.addr().ip().is_loopback());
    assert_eq!(sandbox.base_url(), sandbox.origin());
    let c = oauth(&sandbox);
    assert_eq!(c.account, "acme-studio");
    let shown = format!("{:?} {sandbox:?}", sandbox.credentials());
    for secret in [
        c.client_secret.expose_secret(),
        c.password.expose_secret(),
        c.authorization_code.expose_secret(),
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(sandbox.credentials().api_key().is_none());
    assert!(sandbox.credentials().login().is_none());
}

#[tokio::test(start_paused = true)]
async fn the_password_grant_issues_a_token_used_until_it_expires() {
    let sandbox = start(SandboxOptions::default()).await;
    let issued = Arc::new(Mutex::new(Vec::new()));
    let seen = issued.clone();
    let c = oauth(&sandbox);
    let client = Client::builder(c.account.clone())
        .base_url(sandbox.base_url())
        .oauth(password_grant(c).on_tokens(move |t| {
            seen.lock()
                .unwrap()
                .push((t.grant_type, t.refresh_token.is_some(), t.expires_in_sent));
        }))
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    client.bookings().get(BookingId::from(80412)).await.unwrap();
    client.bookings().get(BookingId::from(80412)).await.unwrap();
    assert_eq!(sandbox.hits(TOKEN), 1, "one grant for both calls");
    assert_eq!(
        *issued.lock().unwrap(),
        vec![("password", true, Some(604_800))],
        "an access and a refresh token, living the vendor's 7 days"
    );
}

#[tokio::test(start_paused = true)]
async fn the_authorization_code_grant_works_once_and_a_refresh_rotates() {
    let sandbox = start(SandboxOptions::default()).await;
    let c = oauth(&sandbox);
    let refresh = Arc::new(Mutex::new(None));
    let keep = refresh.clone();
    let code = OAuth::authorization_code(
        c.client_id.clone(),
        c.client_secret.expose_secret(),
        c.authorization_code.expose_secret(),
        c.redirect_uri.clone(),
    )
    .on_tokens(move |t| {
        *keep.lock().unwrap() = t
            .refresh_token
            .as_ref()
            .map(|r| r.expose_secret().to_owned());
    });
    let first = Client::builder(c.account.clone())
        .base_url(sandbox.base_url())
        .oauth(code.clone())
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    first.bookings().get(BookingId::from(80412)).await.unwrap();
    let stored = refresh.lock().unwrap().clone().unwrap();

    // The code is single use: a second client with it is refused.
    let second = Client::builder(c.account.clone())
        .base_url(sandbox.base_url())
        .oauth(code)
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    assert!(second.bookings().get(BookingId::from(80412)).await.is_err());

    // The stored refresh token works once; the refresh rotated it away.
    let resume = |token: &str| {
        Client::builder(c.account.clone())
            .base_url(sandbox.base_url())
            .oauth(OAuth::refresh_token(
                c.client_id.clone(),
                c.client_secret.expose_secret(),
                token,
            ))
            .retry(RetryPolicy::never())
            .without_transport_timers()
            .build()
            .unwrap()
    };
    resume(&stored)
        .bookings()
        .get(BookingId::from(80412))
        .await
        .unwrap();
    let err = resume(&stored)
        .bookings()
        .get(BookingId::from(80412))
        .await
        .unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.status, 400, "{err:?}");
    assert_eq!(sandbox.hits(TOKEN), 4);
}

#[tokio::test(start_paused = true)]
async fn a_wrong_client_secret_gets_the_oauth_error() {
    let sandbox = start(SandboxOptions::default()).await;
    let c = oauth(&sandbox);
    let client = Client::builder(c.account.clone())
        .base_url(sandbox.base_url())
        .oauth(OAuth::password(
            c.client_id.clone(),
            "not-the-secret",
            c.username.clone(),
            c.password.expose_secret(),
        ))
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    let err = client
        .bookings()
        .get(BookingId::from(80412))
        .await
        .unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.status, 401, "{err:?}");
    assert!(
        api.message.contains("invalid_client") || api.message.contains("Client"),
        "{api:?}"
    );
    assert_eq!(sandbox.hits(ONE), 0, "nothing sent without a token");
}

#[tokio::test(start_paused = true)]
async fn a_bad_token_is_unauthorized_with_the_vendor_shape() {
    let sandbox = start(SandboxOptions::default()).await;
    let c = oauth(&sandbox);
    let client = Client::builder(c.account.clone())
        .base_url(sandbox.base_url())
        .access_token("not-a-token")
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    let err = client
        .bookings()
        .get(BookingId::from(80412))
        .await
        .unwrap_err();
    let Error::Unauthorized(api) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(api.status, 401);
    assert_eq!(api.message, "The access token is invalid");
}

#[tokio::test(start_paused = true)]
async fn an_expired_token_is_refreshed_by_the_client() {
    let lifetime = Duration::from_secs(600);
    let sandbox = start(SandboxOptions::default().token_lifetime(lifetime)).await;
    let client = client(&sandbox).build().unwrap();
    client.bookings().get(BookingId::from(80412)).await.unwrap();
    tokio::time::sleep(lifetime).await;
    client.bookings().get(BookingId::from(80412)).await.unwrap();
    assert_eq!(
        sandbox.hits(TOKEN),
        2,
        "the password grant, then one refresh"
    );
}

#[tokio::test(start_paused = true)]
async fn a_revoked_token_gets_401_then_one_refresh_and_the_replay() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    client.bookings().get(BookingId::from(80412)).await.unwrap();
    assert_eq!((sandbox.hits(TOKEN), sandbox.hits(ONE)), (1, 1));

    sandbox.revoke_tokens();
    let booking = client.bookings().get(BookingId::from(80412)).await.unwrap();
    assert_eq!(booking.id, BookingId::from(80412));
    assert_eq!(sandbox.hits(TOKEN), 2, "exactly one refresh");
    assert_eq!(sandbox.hits(ONE), 3, "the refused call and its one replay");
    client.bookings().get(BookingId::from(80412)).await.unwrap();
    assert_eq!(sandbox.hits(TOKEN), 2, "the new token is kept");
}

#[tokio::test(start_paused = true)]
async fn seeds_come_from_the_fixtures() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let bookings = all(&client, &ListBookings::new()).await;
    let ids: BTreeSet<u64> = bookings.iter().map(|b| b.id.get()).collect();
    assert!(ids.contains(&80412) && ids.contains(&80500), "{ids:?}");
    let resources: Vec<resource_guru::Resource> = client
        .resources()
        .list(&ListResources::new())
        .try_collect()
        .await
        .unwrap();
    let ids: BTreeSet<u64> = resources.iter().map(|r| r.id.get()).collect();
    assert!(ids.contains(&311) && ids.contains(&312), "{ids:?}");
}

#[tokio::test(start_paused = true)]
async fn paging_returns_every_booking_exactly_once() {
    let sandbox = start(SandboxOptions::default().generated_bookings(123)).await;
    let client = client(&sandbox).build().unwrap();
    let whole: Vec<u64> = client
        .bookings()
        .list_page(&ListBookings::new())
        .await
        .unwrap()
        .iter()
        .map(|b| b.id.get())
        .collect();
    assert!(whole.len() > 123, "no limit answers every booking");
    let streamed: Vec<u64> = all(&client, &ListBookings::new().limit(10_u32))
        .await
        .iter()
        .map(|b| b.id.get())
        .collect();
    assert_eq!(streamed, whole, "every booking once, in the same order");
    let pages = whole.len().div_ceil(10) + usize::from(whole.len().is_multiple_of(10));
    assert_eq!(sandbox.hits(LIST), 1 + pages as u64);

    // The date range keeps the bookings that overlap it.
    let day = all(
        &client,
        &ListBookings::new()
            .start_date(date(2030, 1, 3))
            .end_date(date(2030, 1, 4)),
    )
    .await;
    assert_eq!(day.len(), 2);
    assert!(
        day.iter()
            .all(|b| b.start_date.is_some_and(|d| d >= date(2030, 1, 3)))
    );
}

#[tokio::test(start_paused = true)]
async fn create_get_update_delete_behaves_like_the_vendor() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let before = all(&client, &ListBookings::new()).await.len();
    let new = CreateBooking::new(
        vec![ResourceId::from(311)],
        date(2026, 3, 9),
        date(2026, 3, 10),
        DurationMinutes(120),
    )
    .start_time(MinuteOfDay(540))
    .details("Sandbox review".to_owned());
    let created = client.bookings().create(&new).await.unwrap();
    assert_eq!(created.resource_id, Some(ResourceId::from(311)));
    assert_eq!(created.durations.as_ref().map(Vec::len), Some(2));

    let got = client.bookings().get(created.id).await.unwrap();
    assert_eq!(got, created);

    let update = UpdateBooking::new(created.id).details("Moved".to_owned());
    let updated = client.bookings().update(&update).await.unwrap();
    assert_eq!(updated.details.as_deref(), Some("Moved"));
    assert_eq!(updated.start_date, Some(date(2026, 3, 9)));

    assert_eq!(all(&client, &ListBookings::new()).await.len(), before + 1);
    client
        .bookings()
        .delete(&DeleteBooking::new(created.id))
        .await
        .unwrap();
    let err = client.bookings().get(created.id).await.unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    assert_eq!(all(&client, &ListBookings::new()).await.len(), before);
    assert_eq!(sandbox.hits("POST /v1/{account}/bookings"), 1);
    assert_eq!(sandbox.hits("DELETE /v1/{account}/bookings/{id}"), 1);
}

#[tokio::test(start_paused = true)]
async fn a_create_on_an_unknown_resource_is_unprocessable() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let new = CreateBooking::new(
        vec![ResourceId::from(999_999)],
        date(2026, 3, 9),
        date(2026, 3, 9),
        DurationMinutes(60),
    );
    let err = client.bookings().create(&new).await.unwrap_err();
    assert_eq!(err.api().map(|a| a.status), Some(422), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn a_naive_burst_gets_429_with_retry_after_in_seconds() {
    let window = Duration::from_secs(60);
    let sandbox = start(SandboxOptions::default().rate_limit_window(window)).await;
    let naive = client(&sandbox).pacing(Pacing::none()).build().unwrap();
    naive.bookings().get(BookingId::from(80412)).await.unwrap();
    // 250 at once: the answers' `X-RateLimit-Remaining` comes too late to hold any back.
    let bookings = naive.bookings();
    let results =
        futures::future::join_all((0..250).map(|_| bookings.get(BookingId::from(80412)))).await;
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 199, "the window's 200 minus the first request");
    assert_eq!(sandbox.hits(ONE), 251, "refused requests are counted too");
    let refused: Vec<Error> = results.into_iter().filter_map(Result::err).collect();
    assert_eq!(refused.len(), 51);
    assert!(
        refused.iter().all(|e| e.status() == Some(429)),
        "{:?}",
        refused.first()
    );
    let err = refused.into_iter().next().unwrap();
    let Error::RateLimited { retry_after, api } = &err else {
        panic!("{err:?}");
    };
    let wait = retry_after.unwrap();
    // 60 read as seconds is the window; read as milliseconds it would be 1000× too short.
    assert!(wait <= window && wait > window / 2, "{wait:?}");
    assert_eq!(api.as_ref().unwrap().status, 429);
    let seen = naive.rate_limit().unwrap();
    assert_eq!((seen.remaining, seen.limit), (Some(0), Some(200)));

    // The window resets on its boundary.
    tokio::time::sleep(window).await;
    naive.bookings().get(BookingId::from(80412)).await.unwrap();
    let seen = naive.rate_limit().unwrap();
    assert_eq!((seen.remaining, seen.limit), (Some(199), Some(200)));
}

#[tokio::test(start_paused = true)]
async fn the_client_default_pacing_on_the_scaled_window_never_gets_429() {
    let window = Duration::from_millis(600);
    let sandbox = start(SandboxOptions::default().window_scale(0.01)).await;
    let paced = client(&sandbox).rate_limit_window(window).build().unwrap();
    let start = Instant::now();
    for i in 0..450 {
        if let Err(e) = paced.bookings().get(BookingId::from(80412)).await {
            panic!("request {i}: {e:?}");
        }
    }
    assert_eq!(
        sandbox.hits(ONE),
        450,
        "each request exactly once, none refused"
    );
    assert!(
        start.elapsed() >= window * 2,
        "450 requests need three windows: {:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn hits_count_every_request_per_route() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    client.bookings().get(BookingId::from(80412)).await.unwrap();
    let _ = client.bookings().get(BookingId::from(1)).await.unwrap_err();
    client
        .bookings()
        .list_page(&ListBookings::new().limit(1_u32))
        .await
        .unwrap();
    let hits = sandbox.all_hits();
    assert_eq!(hits.get(TOKEN), Some(&1));
    assert_eq!(hits.get(ONE), Some(&2));
    assert_eq!(hits.get(LIST), Some(&1));
    assert_eq!(hits.len(), 3, "{hits:?}");
}
