//! Contract test: every fixture of `fixtures/resource-guru` through the client.
#![cfg(feature = "client")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use futures::TryStreamExt;
use resource_guru::accounts::UpdateAccount;
use resource_guru::bookings::{
    CreateBooking, DeleteBooking, ListBookings, ListClientBookings, ListProjectBookings,
    ListResourceBookings, RemindApprovers, ResolveBooking, SplitBooking, UpdateBooking,
};
use resource_guru::calendars::{ListExternalEvents, UpdateCalendar};
use resource_guru::clients::{CreateClient, ListArchivedClients, ListClients, UpdateClient};
use resource_guru::custom_availability::{
    ListCustomAvailability, ResetCustomAvailability, SetCustomAvailability,
};
use resource_guru::custom_fields::{
    CreateCustomField, CreateCustomFieldOption, ListCustomFieldOptions, UpdateCustomField,
    UpdateCustomFieldOption,
};
use resource_guru::downtimes::{
    CreateDowntime, ListDowntimeClashes, ListDowntimes, SplitDowntime, UpdateDowntime,
};
use resource_guru::endpoints::ArrayStyle;
use resource_guru::overtimes::SetOvertime;
use resource_guru::projects::{CreateProject, ListArchivedProjects, ListProjects, UpdateProject};
use resource_guru::reports::{EntityReport, ReportPeriod};
use resource_guru::resources::{
    CreateResource, DeleteResource, ListResources, ResourceKey, UpdateAvailability, UpdateResource,
};
use resource_guru::users::ListUsers;
use resource_guru::webhooks::{
    CreateWebhook, ListPayloads, ResendPayload, TestPayloadUrl, UpdateWebhook,
};
use resource_guru::{Client, OAuth, RetryPolicy};
use serde::Deserialize;
use serde_json::{Value, json};

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
    let mut b = Client::builder("acme-studio")
        .base_url(base)
        .retry(RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        })
        .without_transport_timers();
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
        b = b.array_style(&fixture.operation, ArrayStyle::Brackets);
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
    let paging = fixture.client_option("call") == Some("stream");
    let f = fixture.clone();
    Some(match fixture.operation.as_str() {
        "accounts.get" => call!(f, Id, |i| c.accounts().get(i.n().into())),
        "accounts.update" => call!(f, UpdateAccount, |i| c.accounts().update(&i)),
        "accounts.list" => contract::outcome(c.accounts().list().await),
        "activities.list" => call!(f, Id, |i| c.activities().list(i.n().into())),
        "bookings.list" if paging => call!(f, ListBookings, |i| c
            .bookings()
            .list_all(&i)
            .try_collect::<Vec<_>>()),
        "bookings.list" => call!(f, ListBookings, |i| c.bookings().list(&i)),
        "bookings.create" => call!(f, CreateBooking, |i| c.bookings().create(&i)),
        "bookings.get" => call!(f, Id, |i| async {
            // With the start as a zoned time, to show the Rails zone mapping.
            c.bookings().get(i.n().into()).await.map(|b| {
                let starts_at = b.starts_at(None).map(|z| z.to_string());
                json!({ "booking": b, "starts_at": starts_at })
            })
        }),
        "bookings.update" => call!(f, UpdateBooking, |i| c.bookings().update(&i)),
        "bookings.delete" => call!(f, DeleteBooking, |i| c.bookings().delete(&i)),
        "bookings.split" => call!(f, SplitBooking, |i| c.bookings().split(&i)),
        "bookings.list_for_client" => {
            call!(f, ListClientBookings, |i| c.bookings().list_for_client(&i))
        }
        "bookings.list_for_project" => {
            call!(f, ListProjectBookings, |i| c
                .bookings()
                .list_for_project(&i))
        }
        "bookings.list_for_resource" if paging => call!(f, ListResourceBookings, |i| c
            .bookings()
            .list_all_for_resource(&i)
            .try_collect::<Vec<_>>()),
        "bookings.list_for_resource" => {
            call!(f, ListResourceBookings, |i| c
                .bookings()
                .list_for_resource(&i))
        }
        "bookings.resolve" => call!(f, ResolveBooking, |i| c.bookings().resolve(&i)),
        "bookings.remind" => call!(f, RemindApprovers, |i| c.bookings().remind(&i)),
        "clients.list" if paging => call!(f, ListClients, |i| c
            .clients()
            .list_all(&i)
            .try_collect::<Vec<_>>()),
        "clients.list" => call!(f, ListClients, |i| c.clients().list(&i)),
        "clients.create" => call!(f, CreateClient, |i| c.clients().create(&i)),
        "clients.list_archived" => {
            call!(f, ListArchivedClients, |i| c.clients().list_archived(&i))
        }
        "clients.get" => call!(f, Id, |i| c.clients().get(i.n().into())),
        "clients.update" => call!(f, UpdateClient, |i| c.clients().update(&i)),
        "clients.delete" => call!(f, Id, |i| c.clients().delete(i.n().into())),
        "custom_availability.list" => {
            call!(f, ListCustomAvailability, |i| c
                .custom_availability()
                .list(&i))
        }
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
        "custom_fields.list" => contract::outcome(c.custom_fields().list().await),
        "custom_fields.create" => call!(f, CreateCustomField, |i| c.custom_fields().create(&i)),
        "custom_fields.get" => call!(f, Id, |i| c.custom_fields().get(i.n().into())),
        "custom_fields.update" => call!(f, UpdateCustomField, |i| c.custom_fields().update(&i)),
        "custom_fields.delete" => call!(f, Id, |i| c.custom_fields().delete(i.n().into())),
        "custom_field_options.list" => {
            call!(f, ListCustomFieldOptions, |i| c
                .custom_field_options()
                .list(&i))
        }
        "custom_field_options.create" => {
            call!(f, CreateCustomFieldOption, |i| c
                .custom_field_options()
                .create(&i))
        }
        "custom_field_options.get" => {
            call!(f, Id, |i| c.custom_field_options().get(i.n().into()))
        }
        "custom_field_options.update" => {
            call!(f, UpdateCustomFieldOption, |i| c
                .custom_field_options()
                .update(&i))
        }
        "custom_field_options.delete" => {
            call!(f, Id, |i| c.custom_field_options().delete(i.n().into()))
        }
        "downtimes.list" if paging => call!(f, ListDowntimes, |i| c
            .downtimes()
            .list_all(&i)
            .try_collect::<Vec<_>>()),
        "downtimes.list" => call!(f, ListDowntimes, |i| c.downtimes().list(&i)),
        "downtimes.create" => call!(f, CreateDowntime, |i| c.downtimes().create(&i)),
        "downtimes.clashes" => call!(f, ListDowntimeClashes, |i| c.downtimes().clashes(&i)),
        "downtimes.get" => call!(f, Id, |i| c.downtimes().get(i.n().into())),
        "downtimes.update" => call!(f, UpdateDowntime, |i| c.downtimes().update(&i)),
        "downtimes.delete" => call!(f, Id, |i| c.downtimes().delete(i.n().into())),
        "downtimes.split" => call!(f, SplitDowntime, |i| c.downtimes().split(&i)),
        "downtime_types.list" => contract::outcome(c.downtime_types().list().await),
        "overtimes.set" => call!(f, SetOvertime, |i| c.overtimes().set(&i)),
        "projects.list" if paging => call!(f, ListProjects, |i| c
            .projects()
            .list_all(&i)
            .try_collect::<Vec<_>>()),
        "projects.list" => call!(f, ListProjects, |i| c.projects().list(&i)),
        "projects.create" => call!(f, CreateProject, |i| c.projects().create(&i)),
        "projects.list_archived" => {
            call!(f, ListArchivedProjects, |i| c.projects().list_archived(&i))
        }
        "projects.get" => call!(f, Id, |i| c.projects().get(i.n().into())),
        "projects.update" => call!(f, UpdateProject, |i| c.projects().update(&i)),
        "projects.delete" => call!(f, Id, |i| c.projects().delete(i.n().into())),
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
        "resources.list" if paging => call!(f, ListResources, |i| c
            .resources()
            .list_all(&i)
            .try_collect::<Vec<_>>()),
        "resources.list" => call!(f, ListResources, |i| c.resources().list(&i)),
        "resources.create" => call!(f, CreateResource, |i| c.resources().create(&i)),
        "resources.list_archived" => {
            call!(f, ListResources, |i| c.resources().list_archived(&i))
        }
        "resources.get" => call!(f, Id, |i| c.resources().get(match i.id.as_str() {
            Some("me") => ResourceKey::Me,
            _ => ResourceKey::Id(i.n().into()),
        })),
        "resources.update" => call!(f, UpdateResource, |i| c.resources().update(&i)),
        "resources.delete" => call!(f, DeleteResource, |i| c.resources().delete(&i)),
        "resources.update_availability" => {
            call!(f, UpdateAvailability, |i| c
                .resources()
                .update_availability(&i))
        }
        "resource_types.list" => contract::outcome(c.resource_types().list().await),
        "resource_types.get" => call!(f, Id, |i| c.resource_types().get(i.n().into())),
        "users.list" if paging => call!(f, ListUsers, |i| c
            .users()
            .list_all(&i)
            .try_collect::<Vec<_>>()),
        "users.list" => call!(f, ListUsers, |i| c.users().list(&i)),
        "users.list_with_deleted" => contract::outcome(c.users().list_with_deleted().await),
        "users.me_summary" => contract::outcome(c.users().me_summary().await),
        "users.me" => contract::outcome(c.users().me().await),
        "users.get" => call!(f, Id, |i| c.users().get(i.n().into())),
        "webhooks.list" => contract::outcome(c.webhooks().list().await),
        "webhooks.create" => call!(f, CreateWebhook, |i| c.webhooks().create(&i)),
        "webhooks.test_url" => call!(f, TestPayloadUrl, |i| c.webhooks().test_url(&i)),
        "webhooks.get" => call!(f, Id, |i| c.webhooks().get(i.n().into())),
        "webhooks.update" => call!(f, UpdateWebhook, |i| c.webhooks().update(&i)),
        "webhooks.delete" => call!(f, Id, |i| c.webhooks().delete(i.n().into())),
        "webhooks.test" => call!(f, Id, |i| c.webhooks().test(i.n().into())),
        "webhooks.payloads" if paging => call!(f, ListPayloads, |i| c
            .webhooks()
            .all_payloads(&i)
            .try_collect::<Vec<_>>()),
        "webhooks.payloads" => call!(f, ListPayloads, |i| c.webhooks().payloads(&i)),
        "webhooks.resend" => call!(f, ResendPayload, |i| c.webhooks().resend(&i)),
        "calendars.list" => contract::outcome(c.calendars().list().await),
        "calendars.external_events" => {
            call!(f, ListExternalEvents, |i| c.calendars().external_events(&i))
        }
        "calendars.get" => call!(f, Id, |i| c.calendars().get(i.n().into())),
        "calendars.update" => call!(f, UpdateCalendar, |i| c.calendars().update(&i)),
        "calendars.delete" => call!(f, Id, |i| c.calendars().delete(i.n().into())),
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
    contract::main(spec, dispatch)
}
