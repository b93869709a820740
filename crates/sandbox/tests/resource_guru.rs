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

// ---- The generic collections and the other documented routes (issue 12: the fixtures
// ---- against the sandbox). Requests are built from JSON, as the contract fixtures do.

use resource_guru::{
    ClientRecord, CreateClient, CreateCustomField, CreateDowntime, CreateResource,
    CustomAvailabilityInput, DeleteBooking as DeleteOne, EntityReport, ListActive,
    ListArchivedClients, ListClientBookings, ListCustomAvailability, ListCustomFieldOptions,
    ListDowntimeClashes, ListDowntimes, ListPayloads, ListProjectBookings, ListResourceBookings,
    ReportPeriod, ResendPayload, ResetCustomAvailability, ResolveBooking, SetCustomAvailability,
    SetOvertime, SplitBooking, SplitDowntime, TestPayloadUrl, UpdateAccount, UpdateClient,
};
use serde_json::{Value, json};

/// A model as JSON, to read the fields the sandbox sets.
macro_rules! js {
    ($value:expr) => {
        serde_json::to_value(&$value).unwrap()
    };
}

#[tokio::test(start_paused = true)]
async fn a_client_is_created_read_archived_and_deleted_through_the_generic_collection() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let clients = client.clients();
    let new: CreateClient =
        serde_json::from_value(json!({"name": "Sandbox Co", "color": "#123456"})).unwrap();
    let created: ClientRecord = clients.create(&new).await.unwrap();
    assert_eq!(sandbox.hits("POST /v1/{account}/clients"), 1);
    let id = created.id;
    let got = clients.get(id).await.unwrap();
    assert_eq!(js!(&got)["name"], "Sandbox Co");
    assert_eq!(js!(&got)["archived"], false);

    let archive: UpdateClient =
        serde_json::from_value(json!({"id": js!(&id), "archived": true})).unwrap();
    assert_eq!(
        js!(&clients.update(&archive).await.unwrap())["archived"],
        true
    );
    let active: Vec<ClientRecord> = clients
        .list(&ListActive::new())
        .try_collect()
        .await
        .unwrap();
    assert!(
        active.iter().all(|c| c.id != id),
        "archived: not in the active list"
    );
    let archived: Vec<ClientRecord> = clients
        .list_archived(&serde_json::from_value::<ListArchivedClients>(json!({})).unwrap())
        .try_collect()
        .await
        .unwrap();
    assert!(archived.iter().any(|c| c.id == id), "in the archived list");

    clients.delete(id).await.unwrap();
    let err = clients.get(id).await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn a_new_resource_links_its_type_and_me_is_the_callers_resource() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let new: CreateResource = serde_json::from_value(json!({
        "resource_type_id": 4, "name": "Boardroom", "timezone": "Lisbon", "capacity": 12,
    }))
    .unwrap();
    let created = js!(&client.resources().create(&new).await.unwrap());
    assert_eq!(created["resource_type"]["id"], 4);
    assert_eq!(created["human"], false, "from the resource type");
    assert_eq!(created["timezone"]["name"], "Lisbon");
    assert_eq!(created["custom_attributes"]["capacity"], 12);
    let unknown: CreateResource =
        serde_json::from_value(json!({"resource_type_id": 999, "name": "X"})).unwrap();
    let err = client.resources().create(&unknown).await.unwrap_err();
    assert_eq!(err.status(), Some(422), "{err:?}");
    let me = js!(&client.resources().get(ResourceId::from(311)).await.unwrap());
    assert_eq!(me["id"], 311);
    assert_eq!(sandbox.hits("GET /v1/{account}/resources/{id}"), 1);
}

#[tokio::test(start_paused = true)]
async fn custom_field_labels_are_unique_and_options_come_with_the_field() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let new: CreateCustomField = serde_json::from_value(json!({
        "label": "Desk", "required": false, "type": "single_select",
        "entity_types": ["resource"], "custom_field_options": ["North", "South"],
    }))
    .unwrap();
    let field = js!(&client.custom_fields().create(&new).await.unwrap());
    let options: ListCustomFieldOptions =
        serde_json::from_value(json!({"custom_field_id": field["id"]})).unwrap();
    let values: Vec<Value> = client
        .custom_field_options()
        .list_page(&options)
        .await
        .unwrap()
        .iter()
        .map(|o| js!(o)["value"].clone())
        .collect();
    assert_eq!(values, [json!("North"), json!("South")]);
    let err = client.custom_fields().create(&new).await.unwrap_err();
    assert_eq!(err.status(), Some(422), "the label is taken: {err:?}");
}

#[tokio::test(start_paused = true)]
async fn bookings_of_a_client_project_and_resource_and_the_list_filters() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let bookings = client.bookings();
    let of_client: Vec<resource_guru::Booking> = bookings
        .list_for_client(&ListClientBookings::new(resource_guru::ClientId::from(
            1207,
        )))
        .try_collect()
        .await
        .unwrap();
    assert!(!of_client.is_empty());
    assert!(of_client.iter().all(|b| js!(b)["client_id"] == 1207));
    let of_project = bookings
        .list_for_project_page(&ListProjectBookings::new(resource_guru::ProjectId::from(
            905,
        )))
        .await
        .unwrap();
    assert!(!of_project.is_empty());
    assert!(of_project.iter().all(|b| js!(b)["project_id"] == 905));
    let of_resource: ListResourceBookings =
        serde_json::from_value(json!({"resource_id": 312})).unwrap();
    let of_resource = bookings.list_for_resource_page(&of_resource).await.unwrap();
    assert!(of_resource.iter().all(|b| {
        js!(b)["resource_ids"]
            .as_array()
            .unwrap()
            .contains(&json!(312))
    }));
    let unknown = bookings
        .list_for_client_page(&ListClientBookings::new(resource_guru::ClientId::from(
            999_999,
        )))
        .await
        .unwrap_err();
    assert_eq!(unknown.status(), Some(404), "{unknown:?}");

    // Filters the old fake refused: the caller's bookings, and approval states (a booking
    // with no approval state needs none: approved).
    let mine = all(&client, &ListBookings::new().booked_by_me()).await;
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|b| js!(b)["booker"]["id"] == 27));
    let pending: ListBookings =
        serde_json::from_value(json!({"approval_states": ["pending"]})).unwrap();
    assert!(
        all(&client, &pending).await.is_empty(),
        "no seed is pending"
    );
    let approved: ListBookings =
        serde_json::from_value(json!({"approval_states": ["approved"]})).unwrap();
    assert_eq!(
        all(&client, &approved).await.len(),
        all(&client, &ListBookings::new()).await.len()
    );
}

#[tokio::test(start_paused = true)]
async fn split_resolve_and_a_one_day_delete_change_the_stored_booking() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let bookings = client.bookings();
    let id = BookingId::from(80412);
    let before = js!(&bookings.get(id).await.unwrap());
    assert_eq!(
        (&before["start_date"], &before["end_date"]),
        (&json!("2024-05-13"), &json!("2024-05-15"))
    );

    let resolve = ResolveBooking::new(
        id,
        resource_guru::Resolution::Declined,
        vec![ResourceId::from(311)],
    );
    let resolved = bookings.resolve(&resolve).await.unwrap();
    assert_eq!(resolved["approval_state"]["311"], "declined");
    let declined: ListBookings =
        serde_json::from_value(json!({"approval_states": ["declined"]})).unwrap();
    let ids: Vec<u64> = all(&client, &declined)
        .await
        .iter()
        .map(|b| b.id.get())
        .collect();
    assert_eq!(ids, [80412]);

    // One day deleted: the last day moves the end.
    let one_day: DeleteOne =
        serde_json::from_value(json!({"id": 80412, "date": "2024-05-15"})).unwrap();
    bookings.delete(&one_day).await.unwrap();
    let after = js!(&bookings.get(id).await.unwrap());
    assert_eq!(after["end_date"], "2024-05-14");
    assert_eq!(after["durations"].as_array().unwrap().len(), 2);

    let parts = bookings
        .split(&SplitBooking::new(id, date(2024, 5, 14)))
        .await
        .unwrap();
    let parts: Vec<Value> = parts.iter().map(|x| js!(x)).collect();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0]["end_date"], "2024-05-13");
    assert_eq!(parts[1]["start_date"], "2024-05-14");
    let second = parts[1]["id"].as_u64().unwrap();
    assert_ne!(second, 80412);
    bookings.get(BookingId::from(second)).await.unwrap();
    let err = bookings
        .split(&SplitBooking::new(id, date(2024, 5, 13)))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(422), "no day before the split: {err:?}");
    bookings
        .remind(&resource_guru::RemindApprovers::new(id))
        .await
        .unwrap();
    assert_eq!(sandbox.hits("POST /v1/{account}/bookings/{id}/remind"), 1);
}

#[tokio::test(start_paused = true)]
async fn downtimes_see_the_stored_bookings_as_clashes_and_split() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let downtimes = client.downtimes();
    let span = json!({"from": "2024-05-13", "to": "2024-05-13", "start_time": 0,
        "end_time": 1440, "resource_ids": [311]});
    let clashes = downtimes
        .list_clashes_page(&serde_json::from_value::<ListDowntimeClashes>(span.clone()).unwrap())
        .await
        .unwrap();
    assert!(
        clashes.iter().any(|c| c["booking_id"] == 80412),
        "{clashes:?}"
    );

    let mut blocked = span.clone();
    blocked["block_by_clashes"] = json!(true);
    let err = downtimes
        .create(&serde_json::from_value::<CreateDowntime>(blocked).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    let created = js!(&downtimes
        .create(&serde_json::from_value::<CreateDowntime>(span).unwrap())
        .await
        .unwrap());
    assert_eq!(created["booker_id"], 27, "the caller");

    let mine: ListDowntimes = serde_json::from_value(json!({"booker_id": 27})).unwrap();
    let listed: Vec<resource_guru::Downtime> = downtimes.list(&mine).try_collect().await.unwrap();
    assert!(listed.iter().any(|d| js!(d)["id"] == created["id"]));

    let parts = downtimes
        .split(&SplitDowntime::new(
            resource_guru::DowntimeId::from(4410),
            date(2024, 8, 7),
        ))
        .await
        .unwrap();
    let parts: Vec<Value> = parts.iter().map(|x| js!(x)).collect();
    assert_eq!(
        (&parts[0]["to"], &parts[1]["from"], &parts[1]["to"]),
        (
            &json!("2024-08-06"),
            &json!("2024-08-07"),
            &json!("2024-08-09")
        )
    );
}

#[tokio::test(start_paused = true)]
async fn the_caller_the_account_and_the_reports() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let me = js!(&client.users().me_summary().await.unwrap());
    assert_eq!(me["id"], 27);
    assert_eq!(js!(&client.users().me().await.unwrap())["id"], 27);
    assert_eq!(sandbox.hits("GET /v1/me"), 1);
    let account = js!(&client
        .accounts()
        .get(resource_guru::AccountId::from(12))
        .await
        .unwrap());
    assert_eq!(account["subdomain"], "acme-studio");
    let update: UpdateAccount = serde_json::from_value(json!({"id": 12,
        "booking_approvals": true, "default_booking_approver_ids": [27],
        "apply_to_all_resources": false}))
    .unwrap();
    let updated = js!(&client.accounts().update(&update).await.unwrap());
    assert_eq!(updated["booking_approvals"], true);

    let period = ReportPeriod::new(date(2024, 5, 1), date(2024, 5, 31));
    let projects = js!(&client.reports().projects(&period).await.unwrap());
    assert!(projects.is_object());
    let none = js!(&client
        .reports()
        .project(&EntityReport::new(0, date(2024, 5, 1), date(2024, 5, 31)))
        .await
        .unwrap());
    assert_eq!(none["name"], "No project");
    client.reports_v2().clients(&period).await.unwrap();
    assert_eq!(sandbox.hits("GET /v2/{account}/reports/{report}"), 1);
}

#[tokio::test(start_paused = true)]
async fn webhook_payloads_are_paged_resent_and_tests_answer_the_vendors_string() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let webhooks = client.webhooks();
    let queued = webhooks
        .list_payloads_page(&ListPayloads::new(resource_guru::WebhookId::from(19)))
        .await
        .unwrap();
    assert!(!queued.is_empty());
    let payload = js!(&queued[0])["id"].as_u64().unwrap();
    webhooks
        .resend(&ResendPayload::new(
            resource_guru::WebhookId::from(19),
            payload,
        ))
        .await
        .unwrap();
    let err = webhooks
        .resend(&ResendPayload::new(
            resource_guru::WebhookId::from(19),
            1_u64,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(422),
        "not a payload of the webhook: {err:?}"
    );
    assert_eq!(
        webhooks
            .test(resource_guru::WebhookId::from(19))
            .await
            .unwrap(),
        json!("status: 200")
    );
    let ok = webhooks
        .test_url(&TestPayloadUrl::new("https://hooks.example.test/x"))
        .await
        .unwrap();
    assert_eq!(ok, json!("status: 200"));
}

#[tokio::test(start_paused = true)]
async fn custom_availability_is_set_listed_and_reset_and_overtime_needs_a_resource() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = client(&sandbox).build().unwrap();
    let set: SetCustomAvailability = serde_json::from_value(json!({
        "custom_available_periods": {"resource_instance_id": 312, "start_date": "2024-06-03",
            "end_date": "2024-06-09", "days": {"1": [{"start_time": 600, "end_time": 900}],
            "3": [{"start_time": 540, "end_time": 600}]}},
    }))
    .unwrap();
    let _: &CustomAvailabilityInput = &set.custom_available_periods;
    let result = js!(&client.custom_availability().set(&set).await.unwrap());
    let dates: Vec<Value> = result["custom_available_periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["date"].clone())
        .collect();
    assert_eq!(
        dates,
        [json!("2024-06-03"), json!("2024-06-05")],
        "Monday and Wednesday"
    );
    let list = ListCustomAvailability::new().resource_ids(vec![ResourceId::from(312)]);
    let listed = client.custom_availability().list_page(&list).await.unwrap();
    assert_eq!(listed.len(), 2);
    let reset = ResetCustomAvailability::new(ResourceId::from(312), vec![date(2024, 6, 3)]);
    client.custom_availability().reset(&reset).await.unwrap();
    assert_eq!(
        client
            .custom_availability()
            .list_page(&list)
            .await
            .unwrap()
            .len(),
        1
    );

    let overtime = SetOvertime::new(
        ResourceId::from(311),
        date(2024, 5, 14),
        DurationMinutes(120),
    );
    let set = client.overtimes().set(&overtime).await.unwrap();
    assert_eq!(
        (&set["resource_id"], &set["duration"]),
        (&json!(311), &json!(120))
    );
    let nobody = SetOvertime::new(
        ResourceId::from(999),
        date(2024, 5, 14),
        DurationMinutes(60),
    );
    let err = client.overtimes().set(&nobody).await.unwrap_err();
    assert_eq!(err.status(), Some(422), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn a_list_parameter_the_fake_does_not_know_is_refused_not_ignored() {
    let sandbox = start(SandboxOptions::default()).await;
    let c = oauth(&sandbox);
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{}/oauth/token", sandbox.origin()))
        .form(&[
            ("grant_type", "password"),
            ("username", c.username.as_str()),
            ("password", c.password.expose_secret()),
            ("client_id", c.client_id.as_str()),
            ("client_secret", c.client_secret.expose_secret()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let answer = http
        .get(format!(
            "{}/v1/acme-studio/clients?sort=name",
            sandbox.origin()
        ))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 422);
    let body: Value = answer.json().await.unwrap();
    assert!(
        body["errors"][0].as_str().unwrap().starts_with("sandbox:"),
        "{body}"
    );
}
