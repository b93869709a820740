//! Contract test: every fixture of `fixtures/resource-guru` through the client; with the
//! `domain` feature, every fixture whose responses hold bookings also snapshots the adapter's
//! unified mapping of them (`<fixture>.unified.snap`).
#![cfg(feature = "client")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use futures::TryStreamExt;
use resource_guru::*;
use serde::Deserialize;
use serde_json::{Value, json};

mod common;

/// Input of operations that take only an id (`"me"` where the API allows it).
#[derive(Deserialize)]
struct Id {
    id: Value,
}

impl Id {
    fn n(&self) -> u64 {
        self.id.as_u64().expect("numeric id")
    }
}

fn client(fixture: &contract::Fixture, base: &str) -> Client {
    let mut b = common::account_builder(base).retry(RetryPolicy {
        jitter: false,
        ..RetryPolicy::default()
    });
    b = match fixture.client_option("auth") {
        Some("oauth-password") => b.oauth(OAuth::password(
            "test-app-id",
            "test-app-secret",
            "priya@acme-studio.test",
            "test-password",
        )),
        Some("oauth-refresh") => b.oauth(
            OAuth::refresh_token("test-app-id", "test-app-secret", "test-refresh-1")
                .with_access_token("test-access-1", Some(Duration::from_secs(3600))),
        ),
        Some("basic") => b.basic_auth("priya@acme-studio.test", "test-password"),
        _ => b.access_token("test-access-token"),
    };
    if fixture.client_option("array_style") == Some("brackets") {
        b = b.array_style(&fixture.operation, endpoints::ArrayStyle::Brackets);
    }
    b.build().unwrap()
}

macro_rules! call {
    ($fixture:expr, $ty:ty, |$i:ident| $body:expr) => {{
        let $i: $ty = match contract::input(&$fixture) {
            Ok(v) => v,
            Err(e) => return Some(e),
        };
        contract::outcome($body.await)
    }};
}

async fn dispatch(fixture: contract::Fixture, base: String) -> Option<Value> {
    let c = client(&fixture, &base);
    let f = fixture.clone();
    Some(match fixture.operation.as_str() {
        // Every list operation: `list` streams every page, `list_page` fetches one.
        "accounts.list" => call!(f, ListAccounts, |i| c
            .accounts()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "accounts.list_page" => call!(f, ListAccounts, |i| c.accounts().list_page(&i)),
        "activities.list" => call!(f, ListActivities, |i| c
            .activities()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "activities.list_page" => call!(f, ListActivities, |i| c.activities().list_page(&i)),
        "bookings.list" => call!(f, ListBookings, |i| c
            .bookings()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "bookings.list_page" => call!(f, ListBookings, |i| c.bookings().list_page(&i)),
        "bookings.list_for_client" => call!(f, ListClientBookings, |i| c
            .bookings()
            .list_for_client(&i)
            .try_collect::<Vec<_>>()),
        "bookings.list_for_client_page" => call!(f, ListClientBookings, |i| c
            .bookings()
            .list_for_client_page(&i)),
        "bookings.list_for_project" => call!(f, ListProjectBookings, |i| c
            .bookings()
            .list_for_project(&i)
            .try_collect::<Vec<_>>()),
        "bookings.list_for_project_page" => call!(f, ListProjectBookings, |i| c
            .bookings()
            .list_for_project_page(&i)),
        "bookings.list_for_resource" => call!(f, ListResourceBookings, |i| c
            .bookings()
            .list_for_resource(&i)
            .try_collect::<Vec<_>>()),
        "bookings.list_for_resource_page" => call!(f, ListResourceBookings, |i| c
            .bookings()
            .list_for_resource_page(&i)),
        "clients.list" => call!(f, ListClients, |i| c
            .clients()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "clients.list_page" => call!(f, ListClients, |i| c.clients().list_page(&i)),
        "clients.list_archived" => call!(f, ListArchivedClients, |i| c
            .clients()
            .list_archived(&i)
            .try_collect::<Vec<_>>()),
        "clients.list_archived_page" => call!(f, ListArchivedClients, |i| c
            .clients()
            .list_archived_page(&i)),
        "custom_availability.list" => call!(f, ListCustomAvailability, |i| c
            .custom_availability()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "custom_availability.list_page" => call!(f, ListCustomAvailability, |i| c
            .custom_availability()
            .list_page(&i)),
        "custom_fields.list" => call!(f, ListCustomFields, |i| c
            .custom_fields()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "custom_fields.list_page" => {
            call!(f, ListCustomFields, |i| c.custom_fields().list_page(&i))
        }
        "custom_field_options.list" => call!(f, ListCustomFieldOptions, |i| c
            .custom_field_options()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "custom_field_options.list_page" => call!(f, ListCustomFieldOptions, |i| c
            .custom_field_options()
            .list_page(&i)),
        "downtimes.list" => call!(f, ListDowntimes, |i| c
            .downtimes()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "downtimes.list_page" => call!(f, ListDowntimes, |i| c.downtimes().list_page(&i)),
        "downtimes.list_clashes" => call!(f, ListDowntimeClashes, |i| c
            .downtimes()
            .list_clashes(&i)
            .try_collect::<Vec<_>>()),
        "downtimes.list_clashes_page" => call!(f, ListDowntimeClashes, |i| c
            .downtimes()
            .list_clashes_page(&i)),
        "downtime_types.list" => call!(f, ListDowntimeTypes, |i| c
            .downtime_types()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "downtime_types.list_page" => {
            call!(f, ListDowntimeTypes, |i| c.downtime_types().list_page(&i))
        }
        "projects.list" => call!(f, ListProjects, |i| c
            .projects()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "projects.list_page" => call!(f, ListProjects, |i| c.projects().list_page(&i)),
        "projects.list_archived" => call!(f, ListArchivedProjects, |i| c
            .projects()
            .list_archived(&i)
            .try_collect::<Vec<_>>()),
        "projects.list_archived_page" => call!(f, ListArchivedProjects, |i| c
            .projects()
            .list_archived_page(&i)),
        "resources.list" => call!(f, ListResources, |i| c
            .resources()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "resources.list_page" => call!(f, ListResources, |i| c.resources().list_page(&i)),
        "resources.list_archived" => call!(f, ListResources, |i| c
            .resources()
            .list_archived(&i)
            .try_collect::<Vec<_>>()),
        "resources.list_archived_page" => {
            call!(f, ListResources, |i| c.resources().list_archived_page(&i))
        }
        "resource_types.list" => call!(f, ListResourceTypes, |i| c
            .resource_types()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "resource_types.list_page" => {
            call!(f, ListResourceTypes, |i| c.resource_types().list_page(&i))
        }
        "users.list" => call!(f, ListUsers, |i| c.users().list(&i).try_collect::<Vec<_>>()),
        "users.list_page" => call!(f, ListUsers, |i| c.users().list_page(&i)),
        "users.list_with_deleted" => call!(f, ListUsersWithDeleted, |i| c
            .users()
            .list_with_deleted(&i)
            .try_collect::<Vec<_>>()),
        "users.list_with_deleted_page" => call!(f, ListUsersWithDeleted, |i| c
            .users()
            .list_with_deleted_page(&i)),
        "webhooks.list" => call!(f, ListWebhooks, |i| c
            .webhooks()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "webhooks.list_page" => call!(f, ListWebhooks, |i| c.webhooks().list_page(&i)),
        "webhooks.list_payloads" => call!(f, ListPayloads, |i| c
            .webhooks()
            .list_payloads(&i)
            .try_collect::<Vec<_>>()),
        "webhooks.list_payloads_page" => {
            call!(f, ListPayloads, |i| c.webhooks().list_payloads_page(&i))
        }
        "calendars.list" => call!(f, ListCalendars, |i| c
            .calendars()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "calendars.list_page" => call!(f, ListCalendars, |i| c.calendars().list_page(&i)),
        "calendars.list_external_events" => call!(f, ListExternalEvents, |i| c
            .calendars()
            .list_external_events(&i)
            .try_collect::<Vec<_>>()),
        "calendars.list_external_events_page" => call!(f, ListExternalEvents, |i| c
            .calendars()
            .list_external_events_page(&i)),
        "accounts.get" => call!(f, Id, |i| c.accounts().get(i.n())),
        "accounts.update" => call!(f, UpdateAccount, |i| c.accounts().update(&i)),
        "bookings.create" => call!(f, CreateBooking, |i| c.bookings().create(&i)),
        "bookings.get" => call!(f, Id, |i| async {
            // With the start as a zoned time, to show the Rails zone mapping.
            c.bookings().get(BookingId(i.n())).await.map(|b| {
                let starts_at = b.starts_at(None).map(|z| z.to_string());
                json!({ "booking": b, "starts_at": starts_at })
            })
        }),
        "bookings.update" => call!(f, UpdateBooking, |i| c.bookings().update(&i)),
        "bookings.delete" => call!(f, DeleteBooking, |i| c.bookings().delete(&i)),
        "bookings.split" => call!(f, SplitBooking, |i| c.bookings().split(&i)),
        "bookings.resolve" => call!(f, ResolveBooking, |i| c.bookings().resolve(&i)),
        "bookings.remind" => call!(f, RemindApprovers, |i| c.bookings().remind(&i)),
        "clients.create" => call!(f, CreateClient, |i| c.clients().create(&i)),
        "clients.get" => call!(f, Id, |i| c.clients().get(i.n())),
        "clients.update" => call!(f, UpdateClient, |i| c.clients().update(&i)),
        "clients.delete" => call!(f, Id, |i| c.clients().delete(i.n())),
        "custom_availability.set" => {
            call!(f, SetCustomAvailability, |i| c
                .custom_availability()
                .set(&i))
        }
        "custom_availability.reset" => {
            call!(f, ResetCustomAvailability, |i| c
                .custom_availability()
                .reset(&i))
        }
        "custom_fields.create" => call!(f, CreateCustomField, |i| c.custom_fields().create(&i)),
        "custom_fields.get" => call!(f, Id, |i| c.custom_fields().get(i.n())),
        "custom_fields.update" => call!(f, UpdateCustomField, |i| c.custom_fields().update(&i)),
        "custom_fields.delete" => call!(f, Id, |i| c.custom_fields().delete(i.n())),
        "custom_field_options.create" => {
            call!(f, CreateCustomFieldOption, |i| c
                .custom_field_options()
                .create(&i))
        }
        "custom_field_options.get" => call!(f, Id, |i| c.custom_field_options().get(i.n())),
        "custom_field_options.update" => {
            call!(f, UpdateCustomFieldOption, |i| c
                .custom_field_options()
                .update(&i))
        }
        "custom_field_options.delete" => {
            call!(f, Id, |i| c.custom_field_options().delete(i.n()))
        }
        "downtimes.create" => call!(f, CreateDowntime, |i| c.downtimes().create(&i)),
        "downtimes.get" => call!(f, Id, |i| c.downtimes().get(i.n())),
        "downtimes.update" => call!(f, UpdateDowntime, |i| c.downtimes().update(&i)),
        "downtimes.delete" => call!(f, Id, |i| c.downtimes().delete(i.n())),
        "downtimes.split" => call!(f, SplitDowntime, |i| c.downtimes().split(&i)),
        "overtimes.set" => call!(f, SetOvertime, |i| c.overtimes().set(&i)),
        "projects.create" => call!(f, CreateProject, |i| c.projects().create(&i)),
        "projects.get" => call!(f, Id, |i| c.projects().get(i.n())),
        "projects.update" => call!(f, UpdateProject, |i| c.projects().update(&i)),
        "projects.delete" => call!(f, Id, |i| c.projects().delete(i.n())),
        "reports.projects" => call!(f, ReportPeriod, |i| c.reports().projects(&i)),
        "reports.project" => call!(f, EntityReport, |i| c.reports().project(&i)),
        "reports.clients" => call!(f, ReportPeriod, |i| c.reports().clients(&i)),
        "reports.client" => call!(f, EntityReport, |i| c.reports().client(&i)),
        "reports.resources" => call!(f, ReportPeriod, |i| c.reports().resources(&i)),
        "reports.resource" => call!(f, EntityReport, |i| c.reports().resource(&i)),
        "reports_v2.resources" => call!(f, ReportPeriod, |i| c.reports_v2().resources(&i)),
        "reports_v2.resource" => call!(f, EntityReport, |i| c.reports_v2().resource(&i)),
        "reports_v2.clients" => call!(f, ReportPeriod, |i| c.reports_v2().clients(&i)),
        "reports_v2.client" => call!(f, EntityReport, |i| c.reports_v2().client(&i)),
        "reports_v2.clients_unassigned" => {
            call!(f, ReportPeriod, |i| c.reports_v2().clients_unassigned(&i))
        }
        "reports_v2.projects" => call!(f, ReportPeriod, |i| c.reports_v2().projects(&i)),
        "reports_v2.project" => call!(f, EntityReport, |i| c.reports_v2().project(&i)),
        "reports_v2.projects_unassigned" => {
            call!(f, ReportPeriod, |i| c.reports_v2().projects_unassigned(&i))
        }
        "resources.create" => call!(f, CreateResource, |i| c.resources().create(&i)),
        "resources.get" => call!(f, Id, |i| c.resources().get(match i.id.as_str() {
            Some("me") => ResourceKey::Me,
            _ => ResourceKey::Id(ResourceId(i.n())),
        })),
        "resources.update" => call!(f, UpdateResource, |i| c.resources().update(&i)),
        "resources.delete" => call!(f, DeleteResource, |i| c.resources().delete(&i)),
        "resources.update_availability" => {
            call!(f, UpdateAvailability, |i| c
                .resources()
                .update_availability(&i))
        }
        "resource_types.get" => call!(f, Id, |i| c.resource_types().get(i.n())),
        "users.me_summary" => contract::outcome(c.users().me_summary().await),
        "users.me" => contract::outcome(c.users().me().await),
        "users.get" => call!(f, Id, |i| c.users().get(i.n())),
        "webhooks.create" => call!(f, CreateWebhook, |i| c.webhooks().create(&i)),
        "webhooks.test_url" => call!(f, TestPayloadUrl, |i| c.webhooks().test_url(&i)),
        "webhooks.get" => call!(f, Id, |i| c.webhooks().get(WebhookId(i.n()))),
        "webhooks.update" => call!(f, UpdateWebhook, |i| c.webhooks().update(&i)),
        "webhooks.delete" => call!(f, Id, |i| c.webhooks().delete(WebhookId(i.n()))),
        "webhooks.test" => call!(f, Id, |i| c.webhooks().test(WebhookId(i.n()))),
        "webhooks.resend" => call!(f, ResendPayload, |i| c.webhooks().resend(&i)),
        "calendars.get" => call!(f, Id, |i| c.calendars().get(i.n())),
        "calendars.update" => call!(f, UpdateCalendar, |i| c.calendars().update(&i)),
        "calendars.delete" => call!(f, Id, |i| c.calendars().delete(i.n())),
        _ => return None,
    })
}

/// One test case per fixture (libtest-mimic): `cargo test -p resource-guru --test contract <fixture>`.
fn main() {
    let spec = contract::VendorSpec::new(
        "resource-guru",
        resource_guru::OPERATIONS,
        env!("CARGO_MANIFEST_DIR"),
    );
    #[cfg(feature = "domain")]
    let spec = spec.with_unified(unified);
    contract::main(spec, dispatch)
}

/// The operations whose responses hold bookings (one, or a page), as the adapter maps them.
#[cfg(feature = "domain")]
const BOOKING_OPERATIONS: &[&str] = &[
    "bookings.list",
    "bookings.list_page",
    "bookings.list_for_client",
    "bookings.list_for_client_page",
    "bookings.list_for_project",
    "bookings.list_for_project_page",
    "bookings.list_for_resource",
    "bookings.list_for_resource_page",
    "bookings.get",
    "bookings.create",
    "bookings.update",
    "bookings.resolve",
    "bookings.split",
];

/// The account's zone of the unified snapshots: it stands in for a booking that names no zone.
#[cfg(feature = "domain")]
const UNIFIED_ZONE: &str = "Europe/Lisbon";

/// The adapter's mapping (`resource_guru::domain::booking_from_raw`) of every booking in the
/// fixture's `/bookings` answers: not a token refresh, and not a 200 that carries `errors`
/// (`bookings.resolve` when nothing was resolved).
#[cfg(feature = "domain")]
fn unified(fixture: &contract::Fixture) -> Option<Value> {
    if !BOOKING_OPERATIONS.contains(&fixture.operation.as_str()) {
        return None;
    }
    let tz = resource_guru::jiff::tz::TimeZone::get(UNIFIED_ZONE).unwrap();
    contract::unified_bookings(
        fixture,
        |e| e.request.path.contains("/bookings") && e.response.body.get("errors").is_none(),
        |raw| resource_guru::domain::booking_from_raw(raw, &tz),
    )
}
