//! Every operation's method and path template, in one table (docs/vendors/resource-guru.md §7).
//!
//! Paths marked **unverified** come only from third-party code (docs/vendors/resource-guru.md
//! §11): correcting one is a one-line change here. `{account}` is the Account URL ID and
//! `{id}` the object id; the API version is part of each template (Reports v2 use `/v2`).

/// HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT (updates; no PATCH is documented).
    Put,
    /// DELETE (may carry a JSON body).
    Delete,
}

impl Verb {
    /// As an HTTP method.
    pub fn method(self) -> core_http::http::Method {
        use core_http::http::Method;
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
            Verb::Delete => Method::DELETE,
        }
    }
}

/// How an array goes into the query string (docs/vendors/resource-guru.md §1: the current docs repeat the bare key,
/// custom availability and the legacy docs use brackets).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ArrayStyle {
    /// `ids=1&ids=2`.
    #[default]
    Repeat,
    /// `ids[]=1&ids[]=2`.
    Brackets,
}

impl ArrayStyle {
    /// The query key for array parameter `name` in this style.
    pub fn key(self, name: &str) -> String {
        match self {
            ArrayStyle::Repeat => name.to_owned(),
            ArrayStyle::Brackets => format!("{name}[]"),
        }
    }
}

/// One operation of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Operation name, as in [`crate::OPERATIONS`].
    pub operation: &'static str,
    /// HTTP method.
    pub verb: Verb,
    /// Path template relative to the host.
    pub path: &'static str,
    /// `true` when the path is printed in official docs (P1); `false` when it comes only from
    /// third-party code (P2, "unverified").
    pub verified: bool,
    /// Default style of array query parameters (overridable per operation on the client builder).
    pub array_style: ArrayStyle,
}

const fn ep(operation: &'static str, verb: Verb, path: &'static str, verified: bool) -> Endpoint {
    Endpoint {
        operation,
        verb,
        path,
        verified,
        array_style: ArrayStyle::Repeat,
    }
}

/// Get account: `GET /v1/accounts/{id}`. Source: legacy accounts.md.
pub const ACCOUNTS_GET: Endpoint = ep("accounts.get", Verb::Get, "/v1/accounts/{id}", true);
/// Update account: `PUT /v1/accounts/{id}`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const ACCOUNTS_UPDATE: Endpoint = ep("accounts.update", Verb::Put, "/v1/accounts/{id}", false);
/// List accounts: `GET /v1/accounts`. Source: legacy accounts.md.
pub const ACCOUNTS_LIST: Endpoint = ep("accounts.list", Verb::Get, "/v1/accounts", true);
/// List booking activities: `GET /v1/{account}/bookings/{id}/activities`. **Unverified** (P2: path from third-party code only). Source: MindCloud.
pub const ACTIVITIES_LIST: Endpoint = ep(
    "activities.list",
    Verb::Get,
    "/v1/{account}/bookings/{id}/activities",
    false,
);
/// List bookings: `GET /v1/{account}/bookings`. Source: legacy bookings.md.
pub const BOOKINGS_LIST: Endpoint = ep("bookings.list", Verb::Get, "/v1/{account}/bookings", true);
/// Create booking: `POST /v1/{account}/bookings`. Source: legacy bookings.md.
pub const BOOKINGS_CREATE: Endpoint = ep(
    "bookings.create",
    Verb::Post,
    "/v1/{account}/bookings",
    true,
);
/// Get booking: `GET /v1/{account}/bookings/{id}`. Source: legacy bookings.md.
pub const BOOKINGS_GET: Endpoint = ep(
    "bookings.get",
    Verb::Get,
    "/v1/{account}/bookings/{id}",
    true,
);
/// Update booking: `PUT /v1/{account}/bookings/{id}`. Source: legacy bookings.md.
pub const BOOKINGS_UPDATE: Endpoint = ep(
    "bookings.update",
    Verb::Put,
    "/v1/{account}/bookings/{id}",
    true,
);
/// Delete booking: `DELETE /v1/{account}/bookings/{id}`. Source: legacy bookings.md.
pub const BOOKINGS_DELETE: Endpoint = ep(
    "bookings.delete",
    Verb::Delete,
    "/v1/{account}/bookings/{id}",
    true,
);
/// Split booking: `POST /v1/{account}/bookings/{id}/split`. **Unverified** (P2: path from third-party code only). Source: MindCloud.
pub const BOOKINGS_SPLIT: Endpoint = ep(
    "bookings.split",
    Verb::Post,
    "/v1/{account}/bookings/{id}/split",
    false,
);
/// List client bookings: `GET /v1/{account}/clients/{id}/bookings`. Source: legacy bookings.md.
pub const BOOKINGS_LIST_FOR_CLIENT: Endpoint = ep(
    "bookings.list_for_client",
    Verb::Get,
    "/v1/{account}/clients/{id}/bookings",
    true,
);
/// List project bookings: `GET /v1/{account}/projects/{id}/bookings`. Source: legacy bookings.md.
pub const BOOKINGS_LIST_FOR_PROJECT: Endpoint = ep(
    "bookings.list_for_project",
    Verb::Get,
    "/v1/{account}/projects/{id}/bookings",
    true,
);
/// List resource bookings: `GET /v1/{account}/resources/{id}/bookings`. Source: legacy bookings.md.
pub const BOOKINGS_LIST_FOR_RESOURCE: Endpoint = ep(
    "bookings.list_for_resource",
    Verb::Get,
    "/v1/{account}/resources/{id}/bookings",
    true,
);
/// Approve/Decline a booking: `POST /v1/{account}/bookings/{id}/resolve`. **Unverified** (P2: path from third-party code only). Source: MindCloud.
pub const BOOKINGS_RESOLVE: Endpoint = ep(
    "bookings.resolve",
    Verb::Post,
    "/v1/{account}/bookings/{id}/resolve",
    false,
);
/// Remind approvers: `POST /v1/{account}/bookings/{id}/remind`. **Unverified** (P2: path from third-party code only). Source: MindCloud.
pub const BOOKINGS_REMIND: Endpoint = ep(
    "bookings.remind",
    Verb::Post,
    "/v1/{account}/bookings/{id}/remind",
    false,
);
/// List active clients: `GET /v1/{account}/clients`. Source: legacy clients.md.
pub const CLIENTS_LIST: Endpoint = ep("clients.list", Verb::Get, "/v1/{account}/clients", true);
/// Create client: `POST /v1/{account}/clients`. Source: legacy clients.md.
pub const CLIENTS_CREATE: Endpoint =
    ep("clients.create", Verb::Post, "/v1/{account}/clients", true);
/// List archived clients: `GET /v1/{account}/clients/archived`. Source: legacy clients.md.
pub const CLIENTS_LIST_ARCHIVED: Endpoint = ep(
    "clients.list_archived",
    Verb::Get,
    "/v1/{account}/clients/archived",
    true,
);
/// Get client: `GET /v1/{account}/clients/{id}`. Source: legacy clients.md.
pub const CLIENTS_GET: Endpoint = ep("clients.get", Verb::Get, "/v1/{account}/clients/{id}", true);
/// Update client: `PUT /v1/{account}/clients/{id}`. Source: legacy clients.md.
pub const CLIENTS_UPDATE: Endpoint = ep(
    "clients.update",
    Verb::Put,
    "/v1/{account}/clients/{id}",
    true,
);
/// Delete client: `DELETE /v1/{account}/clients/{id}`. Source: legacy clients.md.
pub const CLIENTS_DELETE: Endpoint = ep(
    "clients.delete",
    Verb::Delete,
    "/v1/{account}/clients/{id}",
    true,
);
/// List custom availability: `GET /v1/{account}/custom_available_periods`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CUSTOM_AVAILABILITY_LIST: Endpoint = Endpoint {
    array_style: ArrayStyle::Brackets,
    ..ep(
        "custom_availability.list",
        Verb::Get,
        "/v1/{account}/custom_available_periods",
        false,
    )
};
/// Set custom availability: `POST /v1/{account}/custom_available_periods`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CUSTOM_AVAILABILITY_SET: Endpoint = ep(
    "custom_availability.set",
    Verb::Post,
    "/v1/{account}/custom_available_periods",
    false,
);
/// Reset custom availability (DELETE with a JSON body): `DELETE /v1/{account}/custom_available_periods/reset`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CUSTOM_AVAILABILITY_RESET: Endpoint = ep(
    "custom_availability.reset",
    Verb::Delete,
    "/v1/{account}/custom_available_periods/reset",
    false,
);
/// List custom fields: `GET /v1/{account}/custom_fields`. **Unverified** (P2: path from third-party code only). Source: MindCloud.
pub const CUSTOM_FIELDS_LIST: Endpoint = ep(
    "custom_fields.list",
    Verb::Get,
    "/v1/{account}/custom_fields",
    false,
);
/// Create custom field: `POST /v1/{account}/custom_fields`. **Unverified** (P2: path from third-party code only). Source: MindCloud.
pub const CUSTOM_FIELDS_CREATE: Endpoint = ep(
    "custom_fields.create",
    Verb::Post,
    "/v1/{account}/custom_fields",
    false,
);
/// Get custom field: `GET /v1/{account}/custom_fields/{id}`. **Unverified** (P2: path from third-party code only). Source: MindCloud.
pub const CUSTOM_FIELDS_GET: Endpoint = ep(
    "custom_fields.get",
    Verb::Get,
    "/v1/{account}/custom_fields/{id}",
    false,
);
/// Update custom field: `PUT /v1/{account}/custom_fields/{id}`. **Unverified** (P2: path from third-party code only). Source: MindCloud.
pub const CUSTOM_FIELDS_UPDATE: Endpoint = ep(
    "custom_fields.update",
    Verb::Put,
    "/v1/{account}/custom_fields/{id}",
    false,
);
/// Delete custom field: `DELETE /v1/{account}/custom_fields/{id}`. **Unverified** (P2: path from third-party code only). Source: MindCloud.
pub const CUSTOM_FIELDS_DELETE: Endpoint = ep(
    "custom_fields.delete",
    Verb::Delete,
    "/v1/{account}/custom_fields/{id}",
    false,
);
/// List custom field options: `GET /v1/{account}/custom_field_options`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CUSTOM_FIELD_OPTIONS_LIST: Endpoint = ep(
    "custom_field_options.list",
    Verb::Get,
    "/v1/{account}/custom_field_options",
    false,
);
/// Create custom field option: `POST /v1/{account}/custom_field_options`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CUSTOM_FIELD_OPTIONS_CREATE: Endpoint = ep(
    "custom_field_options.create",
    Verb::Post,
    "/v1/{account}/custom_field_options",
    false,
);
/// Get custom field option: `GET /v1/{account}/custom_field_options/{id}`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CUSTOM_FIELD_OPTIONS_GET: Endpoint = ep(
    "custom_field_options.get",
    Verb::Get,
    "/v1/{account}/custom_field_options/{id}",
    false,
);
/// Update custom field option: `PUT /v1/{account}/custom_field_options/{id}`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CUSTOM_FIELD_OPTIONS_UPDATE: Endpoint = ep(
    "custom_field_options.update",
    Verb::Put,
    "/v1/{account}/custom_field_options/{id}",
    false,
);
/// Delete custom field option: `DELETE /v1/{account}/custom_field_options/{id}`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CUSTOM_FIELD_OPTIONS_DELETE: Endpoint = ep(
    "custom_field_options.delete",
    Verb::Delete,
    "/v1/{account}/custom_field_options/{id}",
    false,
);
/// List downtimes: `GET /v1/{account}/downtimes`. Source: legacy time_off.md.
pub const DOWNTIMES_LIST: Endpoint =
    ep("downtimes.list", Verb::Get, "/v1/{account}/downtimes", true);
/// Create downtime: `POST /v1/{account}/downtimes`. Source: legacy time_off.md.
pub const DOWNTIMES_CREATE: Endpoint = ep(
    "downtimes.create",
    Verb::Post,
    "/v1/{account}/downtimes",
    true,
);
/// List downtime clashes: `POST /v1/{account}/downtimes/clashes`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const DOWNTIMES_CLASHES: Endpoint = ep(
    "downtimes.list_clashes",
    Verb::Post,
    "/v1/{account}/downtimes/clashes",
    false,
);
/// Get downtime: `GET /v1/{account}/downtimes/{id}`. Source: legacy time_off.md.
pub const DOWNTIMES_GET: Endpoint = ep(
    "downtimes.get",
    Verb::Get,
    "/v1/{account}/downtimes/{id}",
    true,
);
/// Update downtime: `PUT /v1/{account}/downtimes/{id}`. Source: legacy time_off.md.
pub const DOWNTIMES_UPDATE: Endpoint = ep(
    "downtimes.update",
    Verb::Put,
    "/v1/{account}/downtimes/{id}",
    true,
);
/// Delete downtime: `DELETE /v1/{account}/downtimes/{id}`. Source: legacy time_off.md.
pub const DOWNTIMES_DELETE: Endpoint = ep(
    "downtimes.delete",
    Verb::Delete,
    "/v1/{account}/downtimes/{id}",
    true,
);
/// Split downtime: `POST /v1/{account}/downtimes/{id}/split`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const DOWNTIMES_SPLIT: Endpoint = ep(
    "downtimes.split",
    Verb::Post,
    "/v1/{account}/downtimes/{id}/split",
    false,
);
/// List downtime types: `GET /v1/{account}/downtime_types`. Source: legacy time_off.md.
pub const DOWNTIME_TYPES_LIST: Endpoint = ep(
    "downtime_types.list",
    Verb::Get,
    "/v1/{account}/downtime_types",
    true,
);
/// Set overtime: `POST /v1/{account}/overtimes`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const OVERTIMES_SET: Endpoint = ep(
    "overtimes.set",
    Verb::Post,
    "/v1/{account}/overtimes",
    false,
);
/// List active projects: `GET /v1/{account}/projects`. Source: legacy projects.md.
pub const PROJECTS_LIST: Endpoint = ep("projects.list", Verb::Get, "/v1/{account}/projects", true);
/// Create project: `POST /v1/{account}/projects`. Source: legacy projects.md.
pub const PROJECTS_CREATE: Endpoint = ep(
    "projects.create",
    Verb::Post,
    "/v1/{account}/projects",
    true,
);
/// List archived projects: `GET /v1/{account}/projects/archived`. Source: legacy projects.md.
pub const PROJECTS_LIST_ARCHIVED: Endpoint = ep(
    "projects.list_archived",
    Verb::Get,
    "/v1/{account}/projects/archived",
    true,
);
/// Get project: `GET /v1/{account}/projects/{id}`. Source: legacy projects.md.
pub const PROJECTS_GET: Endpoint = ep(
    "projects.get",
    Verb::Get,
    "/v1/{account}/projects/{id}",
    true,
);
/// Update project: `PUT /v1/{account}/projects/{id}`. Source: legacy projects.md.
pub const PROJECTS_UPDATE: Endpoint = ep(
    "projects.update",
    Verb::Put,
    "/v1/{account}/projects/{id}",
    true,
);
/// Delete project: `DELETE /v1/{account}/projects/{id}`. Source: legacy projects.md.
pub const PROJECTS_DELETE: Endpoint = ep(
    "projects.delete",
    Verb::Delete,
    "/v1/{account}/projects/{id}",
    true,
);
/// Get report of projects (v1, deprecated): `GET /v1/{account}/reports/projects`. Source: the legacy public api-docs, page `reports/projects` (docs/vendors/resource-guru.md names it).
pub const REPORTS_PROJECTS: Endpoint = ep(
    "reports.projects",
    Verb::Get,
    "/v1/{account}/reports/projects",
    true,
);
/// Get report of a project (v1, deprecated; id 0 = no project): `GET /v1/{account}/reports/projects/{id}`. Source: the legacy public api-docs, page `reports/projects` (docs/vendors/resource-guru.md names it).
pub const REPORTS_PROJECT: Endpoint = ep(
    "reports.project",
    Verb::Get,
    "/v1/{account}/reports/projects/{id}",
    true,
);
/// Get report of clients (v1, deprecated): `GET /v1/{account}/reports/clients`. Source: the legacy public api-docs, page `reports/clients` (docs/vendors/resource-guru.md names it).
pub const REPORTS_CLIENTS: Endpoint = ep(
    "reports.clients",
    Verb::Get,
    "/v1/{account}/reports/clients",
    true,
);
/// Get report of a client (v1, deprecated; id 0 = no client): `GET /v1/{account}/reports/clients/{id}`. Source: the legacy public api-docs, page `reports/clients` (docs/vendors/resource-guru.md names it).
pub const REPORTS_CLIENT: Endpoint = ep(
    "reports.client",
    Verb::Get,
    "/v1/{account}/reports/clients/{id}",
    true,
);
/// Get report of resources (v1, deprecated): `GET /v1/{account}/reports/resources`. Source: the legacy public api-docs, page `reports/resources` (docs/vendors/resource-guru.md names it).
pub const REPORTS_RESOURCES: Endpoint = ep(
    "reports.resources",
    Verb::Get,
    "/v1/{account}/reports/resources",
    true,
);
/// Get report of a resource (v1, deprecated): `GET /v1/{account}/reports/resources/{id}`. Source: the legacy public api-docs, page `reports/resources` (docs/vendors/resource-guru.md names it).
pub const REPORTS_RESOURCE: Endpoint = ep(
    "reports.resource",
    Verb::Get,
    "/v1/{account}/reports/resources/{id}",
    true,
);
/// Get report of resources (v2): `GET /v2/{account}/reports/resources`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const REPORTS_V2_RESOURCES: Endpoint = ep(
    "reports_v2.resources",
    Verb::Get,
    "/v2/{account}/reports/resources",
    false,
);
/// Get report of a resource (v2): `GET /v2/{account}/reports/resources/{id}`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const REPORTS_V2_RESOURCE: Endpoint = ep(
    "reports_v2.resource",
    Verb::Get,
    "/v2/{account}/reports/resources/{id}",
    false,
);
/// Get report of clients (v2): `GET /v2/{account}/reports/clients`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const REPORTS_V2_CLIENTS: Endpoint = ep(
    "reports_v2.clients",
    Verb::Get,
    "/v2/{account}/reports/clients",
    false,
);
/// Get report of a client (v2): `GET /v2/{account}/reports/clients/{id}`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const REPORTS_V2_CLIENT: Endpoint = ep(
    "reports_v2.client",
    Verb::Get,
    "/v2/{account}/reports/clients/{id}",
    false,
);
/// Get report of bookings with no client (v2): `GET /v2/{account}/reports/clients/unassigned`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const REPORTS_V2_CLIENTS_UNASSIGNED: Endpoint = ep(
    "reports_v2.clients_unassigned",
    Verb::Get,
    "/v2/{account}/reports/clients/unassigned",
    false,
);
/// Get report of projects (v2): `GET /v2/{account}/reports/projects`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const REPORTS_V2_PROJECTS: Endpoint = ep(
    "reports_v2.projects",
    Verb::Get,
    "/v2/{account}/reports/projects",
    false,
);
/// Get report of a project (v2): `GET /v2/{account}/reports/projects/{id}`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const REPORTS_V2_PROJECT: Endpoint = ep(
    "reports_v2.project",
    Verb::Get,
    "/v2/{account}/reports/projects/{id}",
    false,
);
/// Get report of bookings with no project (v2): `GET /v2/{account}/reports/projects/unassigned`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const REPORTS_V2_PROJECTS_UNASSIGNED: Endpoint = ep(
    "reports_v2.projects_unassigned",
    Verb::Get,
    "/v2/{account}/reports/projects/unassigned",
    false,
);
/// List active resources: `GET /v1/{account}/resources`. Source: legacy resources.md.
pub const RESOURCES_LIST: Endpoint =
    ep("resources.list", Verb::Get, "/v1/{account}/resources", true);
/// Create resource: `POST /v1/{account}/resources`. Source: legacy resources.md.
pub const RESOURCES_CREATE: Endpoint = ep(
    "resources.create",
    Verb::Post,
    "/v1/{account}/resources",
    true,
);
/// List archived resources: `GET /v1/{account}/resources/archived`. Source: legacy resources.md.
pub const RESOURCES_LIST_ARCHIVED: Endpoint = ep(
    "resources.list_archived",
    Verb::Get,
    "/v1/{account}/resources/archived",
    true,
);
/// Get resource (id may be `me`): `GET /v1/{account}/resources/{id}`. Source: legacy resources.md.
pub const RESOURCES_GET: Endpoint = ep(
    "resources.get",
    Verb::Get,
    "/v1/{account}/resources/{id}",
    true,
);
/// Update resource: `PUT /v1/{account}/resources/{id}`. Source: legacy resources.md.
pub const RESOURCES_UPDATE: Endpoint = ep(
    "resources.update",
    Verb::Put,
    "/v1/{account}/resources/{id}",
    true,
);
/// Delete resource: `DELETE /v1/{account}/resources/{id}`. Source: legacy resources.md.
pub const RESOURCES_DELETE: Endpoint = ep(
    "resources.delete",
    Verb::Delete,
    "/v1/{account}/resources/{id}",
    true,
);
/// Update availability or timezone: `POST /v1/{account}/resources/{id}/availability`. Source: legacy resources.md.
pub const RESOURCES_UPDATE_AVAILABILITY: Endpoint = ep(
    "resources.update_availability",
    Verb::Post,
    "/v1/{account}/resources/{id}/availability",
    true,
);
/// List resource types: `GET /v1/{account}/resource_types`. Source: legacy resource_types.md.
pub const RESOURCE_TYPES_LIST: Endpoint = ep(
    "resource_types.list",
    Verb::Get,
    "/v1/{account}/resource_types",
    true,
);
/// Get resource type: `GET /v1/{account}/resource_types/{id}`. Source: legacy resource_types.md.
pub const RESOURCE_TYPES_GET: Endpoint = ep(
    "resource_types.get",
    Verb::Get,
    "/v1/{account}/resource_types/{id}",
    true,
);
/// List active users: `GET /v1/{account}/users`. Source: legacy users.md (limit/offset: Pipedream, msp-skills CLI).
pub const USERS_LIST: Endpoint = ep("users.list", Verb::Get, "/v1/{account}/users", true);
/// List users (active and deleted): `GET /v1/{account}/users/all`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const USERS_LIST_WITH_DELETED: Endpoint = ep(
    "users.list_with_deleted",
    Verb::Get,
    "/v1/{account}/users/all",
    false,
);
/// Get my user summary (no account): `GET /v1/me`. Source: legacy me.md.
pub const USERS_ME_SUMMARY: Endpoint = ep("users.me_summary", Verb::Get, "/v1/me", true);
/// Get my user details: `GET /v1/{account}/users/me`. Source: legacy users.md.
pub const USERS_ME: Endpoint = ep("users.me", Verb::Get, "/v1/{account}/users/me", true);
/// Get user: `GET /v1/{account}/users/{id}`. Source: legacy users.md.
pub const USERS_GET: Endpoint = ep("users.get", Verb::Get, "/v1/{account}/users/{id}", true);
/// List webhooks: `GET /v1/{account}/webhooks`. Source: legacy webhooks.md.
pub const WEBHOOKS_LIST: Endpoint = ep("webhooks.list", Verb::Get, "/v1/{account}/webhooks", true);
/// Create webhook: `POST /v1/{account}/webhooks`. Source: legacy webhooks.md.
pub const WEBHOOKS_CREATE: Endpoint = ep(
    "webhooks.create",
    Verb::Post,
    "/v1/{account}/webhooks",
    true,
);
/// Send test payload to a URL: `POST /v1/{account}/webhooks/test-payload-url`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const WEBHOOKS_TEST_URL: Endpoint = ep(
    "webhooks.test_url",
    Verb::Post,
    "/v1/{account}/webhooks/test-payload-url",
    false,
);
/// Get webhook: `GET /v1/{account}/webhooks/{id}`. Source: legacy webhooks.md.
pub const WEBHOOKS_GET: Endpoint = ep(
    "webhooks.get",
    Verb::Get,
    "/v1/{account}/webhooks/{id}",
    true,
);
/// Update webhook: `PUT /v1/{account}/webhooks/{id}`. Source: legacy webhooks.md.
pub const WEBHOOKS_UPDATE: Endpoint = ep(
    "webhooks.update",
    Verb::Put,
    "/v1/{account}/webhooks/{id}",
    true,
);
/// Delete webhook: `DELETE /v1/{account}/webhooks/{id}`. Source: legacy webhooks.md.
pub const WEBHOOKS_DELETE: Endpoint = ep(
    "webhooks.delete",
    Verb::Delete,
    "/v1/{account}/webhooks/{id}",
    true,
);
/// Test webhook: `POST /v1/{account}/webhooks/{id}/test`. Source: legacy webhooks.md.
pub const WEBHOOKS_TEST: Endpoint = ep(
    "webhooks.test",
    Verb::Post,
    "/v1/{account}/webhooks/{id}/test",
    true,
);
/// Get webhook payloads: `GET /v1/{account}/webhooks/{id}/queue`. Source: the legacy public api-docs, page `webhooks/payloads` (docs/vendors/resource-guru.md names it).
pub const WEBHOOKS_PAYLOADS: Endpoint = ep(
    "webhooks.list_payloads",
    Verb::Get,
    "/v1/{account}/webhooks/{id}/queue",
    true,
);
/// Re-send webhook payload: `PUT /v1/{account}/webhooks/{id}/send_payload_batch`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const WEBHOOKS_RESEND: Endpoint = ep(
    "webhooks.resend",
    Verb::Put,
    "/v1/{account}/webhooks/{id}/send_payload_batch",
    false,
);
/// List calendars: `GET /v1/{account}/calendars`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CALENDARS_LIST: Endpoint = ep(
    "calendars.list",
    Verb::Get,
    "/v1/{account}/calendars",
    false,
);
/// List external events: `GET /v1/{account}/calendars/external_events`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CALENDARS_EXTERNAL_EVENTS: Endpoint = ep(
    "calendars.list_external_events",
    Verb::Get,
    "/v1/{account}/calendars/external_events",
    false,
);
/// Get calendar: `GET /v1/{account}/calendars/{id}`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CALENDARS_GET: Endpoint = ep(
    "calendars.get",
    Verb::Get,
    "/v1/{account}/calendars/{id}",
    false,
);
/// Update calendar: `PUT /v1/{account}/calendars/{id}`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CALENDARS_UPDATE: Endpoint = ep(
    "calendars.update",
    Verb::Put,
    "/v1/{account}/calendars/{id}",
    false,
);
/// Delete calendar: `DELETE /v1/{account}/calendars/{id}`. **Unverified** (P2: path from third-party code only). Source: msp-skills CLI.
pub const CALENDARS_DELETE: Endpoint = ep(
    "calendars.delete",
    Verb::Delete,
    "/v1/{account}/calendars/{id}",
    false,
);

/// Every endpoint, in the order of docs/vendors/resource-guru.md §7.
pub const ALL: &[Endpoint] = &[
    ACCOUNTS_GET,
    ACCOUNTS_UPDATE,
    ACCOUNTS_LIST,
    ACTIVITIES_LIST,
    BOOKINGS_LIST,
    BOOKINGS_CREATE,
    BOOKINGS_GET,
    BOOKINGS_UPDATE,
    BOOKINGS_DELETE,
    BOOKINGS_SPLIT,
    BOOKINGS_LIST_FOR_CLIENT,
    BOOKINGS_LIST_FOR_PROJECT,
    BOOKINGS_LIST_FOR_RESOURCE,
    BOOKINGS_RESOLVE,
    BOOKINGS_REMIND,
    CLIENTS_LIST,
    CLIENTS_CREATE,
    CLIENTS_LIST_ARCHIVED,
    CLIENTS_GET,
    CLIENTS_UPDATE,
    CLIENTS_DELETE,
    CUSTOM_AVAILABILITY_LIST,
    CUSTOM_AVAILABILITY_SET,
    CUSTOM_AVAILABILITY_RESET,
    CUSTOM_FIELDS_LIST,
    CUSTOM_FIELDS_CREATE,
    CUSTOM_FIELDS_GET,
    CUSTOM_FIELDS_UPDATE,
    CUSTOM_FIELDS_DELETE,
    CUSTOM_FIELD_OPTIONS_LIST,
    CUSTOM_FIELD_OPTIONS_CREATE,
    CUSTOM_FIELD_OPTIONS_GET,
    CUSTOM_FIELD_OPTIONS_UPDATE,
    CUSTOM_FIELD_OPTIONS_DELETE,
    DOWNTIMES_LIST,
    DOWNTIMES_CREATE,
    DOWNTIMES_CLASHES,
    DOWNTIMES_GET,
    DOWNTIMES_UPDATE,
    DOWNTIMES_DELETE,
    DOWNTIMES_SPLIT,
    DOWNTIME_TYPES_LIST,
    OVERTIMES_SET,
    PROJECTS_LIST,
    PROJECTS_CREATE,
    PROJECTS_LIST_ARCHIVED,
    PROJECTS_GET,
    PROJECTS_UPDATE,
    PROJECTS_DELETE,
    REPORTS_PROJECTS,
    REPORTS_PROJECT,
    REPORTS_CLIENTS,
    REPORTS_CLIENT,
    REPORTS_RESOURCES,
    REPORTS_RESOURCE,
    REPORTS_V2_RESOURCES,
    REPORTS_V2_RESOURCE,
    REPORTS_V2_CLIENTS,
    REPORTS_V2_CLIENT,
    REPORTS_V2_CLIENTS_UNASSIGNED,
    REPORTS_V2_PROJECTS,
    REPORTS_V2_PROJECT,
    REPORTS_V2_PROJECTS_UNASSIGNED,
    RESOURCES_LIST,
    RESOURCES_CREATE,
    RESOURCES_LIST_ARCHIVED,
    RESOURCES_GET,
    RESOURCES_UPDATE,
    RESOURCES_DELETE,
    RESOURCES_UPDATE_AVAILABILITY,
    RESOURCE_TYPES_LIST,
    RESOURCE_TYPES_GET,
    USERS_LIST,
    USERS_LIST_WITH_DELETED,
    USERS_ME_SUMMARY,
    USERS_ME,
    USERS_GET,
    WEBHOOKS_LIST,
    WEBHOOKS_CREATE,
    WEBHOOKS_TEST_URL,
    WEBHOOKS_GET,
    WEBHOOKS_UPDATE,
    WEBHOOKS_DELETE,
    WEBHOOKS_TEST,
    WEBHOOKS_PAYLOADS,
    WEBHOOKS_RESEND,
    CALENDARS_LIST,
    CALENDARS_EXTERNAL_EVENTS,
    CALENDARS_GET,
    CALENDARS_UPDATE,
    CALENDARS_DELETE,
];

/// The endpoint of an operation name (`bookings.list_page` has the endpoint of
/// `bookings.list`).
pub fn by_operation(operation: &str) -> Option<&'static Endpoint> {
    let operation = operation.strip_suffix("_page").unwrap_or(operation);
    ALL.iter().find(|e| e.operation == operation)
}

/// The OAuth2 authorize page (browser redirect; docs/vendors/resource-guru.md §2).
pub const OAUTH_AUTHORIZE: &str = "/oauth/authorize";
/// The OAuth2 token endpoint, for all grants (docs/vendors/resource-guru.md §2).
pub const OAUTH_TOKEN: &str = "/oauth/token";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_operations() {
        let names: Vec<&str> = ALL.iter().map(|e| e.operation).collect();
        let streams: Vec<&str> = crate::OPERATIONS
            .iter()
            .copied()
            .filter(|op| !op.ends_with("_page"))
            .collect();
        assert_eq!(names, streams);
        // Every `_page` form has its stream form, and the other way round for lists.
        for op in crate::OPERATIONS.iter().filter(|op| op.ends_with("_page")) {
            assert!(by_operation(op.trim_end_matches("_page")).is_some(), "{op}");
        }
        assert_eq!(crate::OPERATIONS.len(), 91 + 25);
        assert_eq!(ALL.len(), 91);
        assert_eq!(ALL.iter().filter(|e| !e.verified).count(), 37);
    }

    #[test]
    fn custom_availability_uses_brackets() {
        assert_eq!(CUSTOM_AVAILABILITY_LIST.array_style, ArrayStyle::Brackets);
        assert_eq!(BOOKINGS_LIST.array_style, ArrayStyle::Repeat);
        assert_eq!(ArrayStyle::Brackets.key("resource_ids"), "resource_ids[]");
    }
}
