//! tmp

pub mod common;
pub mod zones;
#[cfg(feature = "client")]
pub mod endpoints;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub mod error;
#[cfg(feature = "client")]
pub mod oauth;
pub mod bookings;
#[cfg(feature = "client")]
pub use client::*;
#[cfg(feature = "client")]
pub use oauth::OAuth;
/// ops
pub const OPERATIONS: &[&str] = &[
    "accounts.get",
    "accounts.update",
    "accounts.list",
    "activities.list",
    "bookings.list",
    "bookings.create",
    "bookings.get",
    "bookings.update",
    "bookings.delete",
    "bookings.split",
    "bookings.list_for_client",
    "bookings.list_for_project",
    "bookings.list_for_resource",
    "bookings.resolve",
    "bookings.remind",
    "clients.list",
    "clients.create",
    "clients.list_archived",
    "clients.get",
    "clients.update",
    "clients.delete",
    "custom_availability.list",
    "custom_availability.set",
    "custom_availability.reset",
    "custom_fields.list",
    "custom_fields.create",
    "custom_fields.get",
    "custom_fields.update",
    "custom_fields.delete",
    "custom_field_options.list",
    "custom_field_options.create",
    "custom_field_options.get",
    "custom_field_options.update",
    "custom_field_options.delete",
    "downtimes.list",
    "downtimes.create",
    "downtimes.clashes",
    "downtimes.get",
    "downtimes.update",
    "downtimes.delete",
    "downtimes.split",
    "downtime_types.list",
    "overtimes.set",
    "projects.list",
    "projects.create",
    "projects.list_archived",
    "projects.get",
    "projects.update",
    "projects.delete",
    "reports.projects",
    "reports.project",
    "reports.clients",
    "reports.client",
    "reports.resources",
    "reports.resource",
    "reports_v2.resources",
    "reports_v2.resource",
    "reports_v2.clients",
    "reports_v2.client",
    "reports_v2.clients_unassigned",
    "reports_v2.projects",
    "reports_v2.project",
    "reports_v2.projects_unassigned",
    "resources.list",
    "resources.create",
    "resources.list_archived",
    "resources.get",
    "resources.update",
    "resources.delete",
    "resources.update_availability",
    "resource_types.list",
    "resource_types.get",
    "users.list",
    "users.list_with_deleted",
    "users.me_summary",
    "users.me",
    "users.get",
    "webhooks.list",
    "webhooks.create",
    "webhooks.test_url",
    "webhooks.get",
    "webhooks.update",
    "webhooks.delete",
    "webhooks.test",
    "webhooks.payloads",
    "webhooks.resend",
    "calendars.list",
    "calendars.external_events",
    "calendars.get",
    "calendars.update",
    "calendars.delete",
];

pub mod accounts;
pub mod activities;
pub mod clients;
pub mod projects;pub mod custom_availability;
pub mod overtimes;
pub mod custom_fields;
pub mod downtimes;
