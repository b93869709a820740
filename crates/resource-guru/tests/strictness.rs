//! Requests typed and checked as the vendor documents them: refused before sending (an httpmock
//! server that must see no request), or not representable at all; and the paging vocabulary:
//! `list` is a lazy stream, `list_page` one page.
#![cfg(feature = "client")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt;
use httpmock::prelude::*;
use resource_guru::jiff::civil::date;
use resource_guru::*;
use serde_json::json;

mod common;
use common::{field, refused_field};

fn client(server: &MockServer) -> Client {
    common::client_without_retry(server.base_url())
}

#[tokio::test(start_paused = true)]
async fn documented_constraints_are_checked_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.path_includes("/");
            then.status(200).json_body(json!({}));
        })
        .await;
    let c = client(&server);

    // calendars.update: `calendar_id` is an integer >= 1.
    let cal = UpdateCalendar::new(7, [CalendarSubscription::new(0u64, true)]);
    assert_eq!(
        refused_field(c.calendars().update(&cal)).await,
        "incoming_calendar_subscriptions.calendar_id"
    );
    // webhooks.create: the secret is at most 255 characters.
    let hook = CreateWebhook::new(
        "Ops",
        "https://hooks.example.test",
        [WebhookEvent::Bookings],
        "x".repeat(256),
        false,
        false,
    );
    assert_eq!(refused_field(c.webhooks().create(&hook)).await, "secret");
    // webhooks.test_url: `payload_url` is a URI.
    let test = TestPayloadUrl::new("hooks.example.test/no-scheme");
    assert_eq!(
        refused_field(c.webhooks().test_url(&test)).await,
        "payload_url"
    );
    // resources.create: a human needs first and last name.
    let human = CreateResource::new(3u64).first_name("Priya");
    assert_eq!(refused_field(c.resources().create(&human)).await, "name");
    // resources.update: phone and job title are at most 255 characters.
    let long_phone = UpdateResource::new(311).phone("1".repeat(256));
    assert_eq!(
        refused_field(c.resources().update(&long_phone)).await,
        "phone"
    );
    // projects.update: the project code is at most 255 characters.
    let code = UpdateProject::new(905).project_code("C".repeat(256));
    assert_eq!(
        refused_field(c.projects().update(&code)).await,
        "project_code"
    );
    // downtimes.update: `resource_ids`, when sent, is non-empty; `to` not before `from`.
    let empty = UpdateDowntime::new(5).resource_ids(Vec::<ResourceId>::new());
    assert_eq!(
        refused_field(c.downtimes().update(&empty)).await,
        "resource_ids"
    );
    let backwards = UpdateDowntime::new(5)
        .from(date(2024, 6, 3))
        .to(date(2024, 6, 1));
    assert_eq!(refused_field(c.downtimes().update(&backwards)).await, "to");
    // downtimes.list_clashes: the same span rules as create, for both forms.
    let clashes = ListDowntimeClashes::new(
        [ResourceId(1)],
        date(2024, 6, 3),
        date(2024, 6, 1),
        MinuteOfDay(0),
        MinuteOfDay(600),
    );
    assert_eq!(
        refused_field(c.downtimes().list_clashes_page(&clashes)).await,
        "to"
    );
    let streamed: Result<Vec<_>> = c.downtimes().list_clashes(&clashes).try_collect().await;
    assert_eq!(field(streamed.unwrap_err()), "to");

    any.assert_calls_async(0).await;
}

#[test]
fn required_fields_cannot_be_left_out_of_fixture_input() {
    // webhooks.create: `secret`, `send_secret_header` and `paused` are required.
    let without_secret = json!({
        "name": "Ops", "payload_url": "https://hooks.example.test", "events": ["bookings"],
        "send_secret_header": false, "paused": false
    });
    assert!(serde_json::from_value::<CreateWebhook>(without_secret).is_err());
    let without_paused = json!({
        "name": "Ops", "payload_url": "https://hooks.example.test", "events": ["bookings"],
        "secret": "s", "send_secret_header": false
    });
    assert!(serde_json::from_value::<CreateWebhook>(without_paused).is_err());
    // calendars.update: `calendar_id` is an integer, not an email.
    let email_id = json!({
        "id": 7,
        "incoming_calendar_subscriptions": [{"calendar_id": "priya@acme-studio.test", "sync": true}]
    });
    assert!(serde_json::from_value::<UpdateCalendar>(email_id).is_err());
    let ok =
        json!({"id": 7, "incoming_calendar_subscriptions": [{"calendar_id": 12, "sync": true}]});
    let cal: UpdateCalendar = serde_json::from_value(ok).unwrap();
    assert_eq!(
        cal.incoming_calendar_subscriptions[0].calendar_id,
        IncomingCalendarId(12)
    );
}

#[tokio::test(start_paused = true)]
async fn list_is_a_lazy_stream_and_list_page_one_request() {
    let server = MockServer::start_async().await;
    let webhooks = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/acme-studio/webhooks");
            then.status(200)
                .json_body(json!([{"id": 19, "name": "Ops"}, {"id": 20, "name": "CRM"}]));
        })
        .await;
    let c = client(&server);
    // Not paged by the vendor: the stream makes one request, and only when polled.
    let stream = c.webhooks().list(&ListWebhooks::new());
    webhooks.assert_calls_async(0).await;
    let all: Vec<Webhook> = stream.try_collect().await.unwrap();
    assert_eq!(all.iter().map(|w| w.id.0).collect::<Vec<_>>(), [19, 20]);
    webhooks.assert_calls_async(1).await;
    let page = c.webhooks().list_page(&ListWebhooks::new()).await.unwrap();
    assert_eq!(page.len(), 2);
    webhooks.assert_calls_async(2).await;

    // Paged: `list_page` sends `limit`/`offset` only as set, `list` walks the pages.
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/acme-studio/clients/archived")
                .query_param("limit", "1")
                .query_param("offset", "0");
            then.status(200).json_body(json!([{"id": 1}]));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/acme-studio/clients/archived")
                .query_param("limit", "1")
                .query_param("offset", "1");
            then.status(200).json_body(json!([]));
        })
        .await;
    let req = ListArchivedClients::new().limit(1u32);
    let all: Vec<ClientRecord> = c.clients().list_archived(&req).try_collect().await.unwrap();
    assert_eq!(all.len(), 1);
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
}
