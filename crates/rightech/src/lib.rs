//! # rightech
//!
//! A typed client of the **Rightech IoT Cloud** (RIC) REST API v1, built on `core-http`.
//! RIC is a low-code platform whose data lives in named *stores* under `/api/v1/:store`; this
//! crate gives
//!
//! - a [`Client`] for any instance (default [`DEFAULT_BASE_URL`], on-premise URLs via
//!   [`ClientBuilder::base_url`]) with three auth modes: a static API token
//!   ([`ClientBuilder::token`]), login for a token renewed before `expiresAt` and after a 401
//!   ([`ClientBuilder::login_token`]), and a `sid` session cookie ([`ClientBuilder::session`]);
//! - generic store access, [`Client::store`]`::<T>("name")`, with create, get, list (one page
//!   or a paging [`Store::stream`]), `meta=true` ([`MetaQuery`], which cannot carry
//!   `offset`/`limit`), partial [`Patch`] (system fields refused before any request, `null`
//!   clears) and delete, for your own types or raw JSON ([`RawRecord`]);
//! - typed stores with their special endpoints: [`objects`] (packets, commands, events,
//!   model, automatons), [`models`], [`events`] (and the event names per model,
//!   `events/org`), [`users`], [`roles`], [`groups`], [`tables`] and rows, [`tasks`],
//!   [`reports`] (build; list, find and cancel builds; export), [`geofences`], [`scenes`].
//!   Every record flattens the shared [`SystemFields`] and keeps unknown fields in `extra`;
//! - errors parsed from `{success|sucess, code, message, tags, helper}` bodies, and HTML proxy
//!   pages turned into an [`Error::Api`] with the page title and a text snippet ([`error`]);
//! - with feature `realtime`, the socket.io (engine.io v3) channel and the newer events
//!   stream as async streams of typed events (`realtime` module).
//!
//! ```
//! use futures::TryStreamExt;
//! use rightech::{Client, ListQuery, ObjectId, Patch};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = httpmock::MockServer::start_async().await;
//! # server.mock_async(|when, then| {
//! #     when.method("GET").path("/api/v1/objects").query_param("limit", "2")
//! #         .header("authorization", "Bearer my-api-token");
//! #     then.status(200).body(r#"[{"_id":"64b000000000000000000001","id":"pump-a","name":"Pump A"}]"#);
//! # }).await;
//! # server.mock_async(|when, then| {
//! #     when.method("PATCH").path("/api/v1/objects/64b000000000000000000001")
//! #         .json_body(serde_json::json!({"name": "Pump A1", "description": null}));
//! #     then.status(200).body(r#"{"_id":"64b000000000000000000001","name":"Pump A1"}"#);
//! # }).await;
//! # let base_url = server.base_url();
//! let client = Client::builder()
//!     .base_url(base_url) // e.g. "https://ric.example.com"; default https://dev.rightech.io
//!     .token("my-api-token")
//!     .build()?;
//!
//! // Typed store, every page streamed (page size = limit, at most 10000).
//! let objects: Vec<_> = client.objects().stream(&ListQuery::new().limit(2)).try_collect().await?;
//! assert_eq!(objects[0].name.as_deref(), Some("Pump A"));
//!
//! // Partial update: only these fields change; null clears a field.
//! let id = ObjectId::new("64b000000000000000000001")?;
//! let patch = Patch::new().set("name", "Pump A1")?.clear("description")?;
//! let updated = client.objects().patch(&id, &patch).await?;
//! assert_eq!(updated.name.as_deref(), Some("Pump A1"));
//!
//! // System fields cannot be patched: refused before any request.
//! assert!(Patch::new().set("owner", "64a000000000000000000009").is_err());
//! # Ok(()) }
//! ```
//!
//! ## What to know about Rightech
//!
//! - **Stores are user-shaped.** Every typed record keeps unknown fields in `extra`, every
//!   known field is optional, times are read leniently (number, numeric string, RFC 3339), and
//!   vendor enums keep unknown values. Only `_id` and the other ids are strict: 24 hex
//!   characters ([`ObjectId`]).
//! - **Lists** are bare JSON arrays of at most [`PAGE_MAX`] (10000) records; `limit` is checked
//!   against it before sending. Streams page with `limit`/`offset` and stop on a short page;
//!   the sort order is undocumented, so narrow with a `from`/`to` window when records are
//!   being added while you page.
//! - **Auth**: login tokens carry `expiresAt` (read, not assumed 24 h); there is no refresh
//!   endpoint, so the client logs in again shortly before expiry and once after a 401, one
//!   login for all concurrent calls. Sessions are renewed on the cookie's `Max-Age`/`Expires`
//!   and after a 401. The success flag (`success`/`sucess`) is never trusted: the status is.
//! - **Errors** keep the vendor's message, `helper` advice and `tags`; tags refine the kind of
//!   an unusual status. No rate limit is documented: the default retry policy retries
//!   idempotent calls on 429/502/503/504 and honours `Retry-After`.
//!
//! ## What is verified, and what is not
//!
//! Every operation in [`OPERATIONS`] has contract fixtures (`fixtures/rightech`) built from the
//! vendor reference (`docs`) or invented edge cases (`synthetic`); none is `recorded` from a
//! live account yet. Shapes the reference marks as inferred are coded defensively: the
//! `meta=true` answer ([`Meta`], raw JSON), the answers of packet sending, commands and
//! automatons (raw JSON), `access`/`branch`, the fields of roles, groups, geofences, scenes,
//! report builds, and the event names on the socket.io channel. Three operations are not in
//! the vendor reference at all but in the vendor's own integration code, and their fixtures
//! are `synthetic`: `GET /api/v1/events/org` ([`events::EventNames`]), the report build list
//! `GET /api/v1/reports/builds` (also by `where._id=`) and
//! `POST /api/v1/reports/builds/:id/cancel`, which answers the build with 200 even when it
//! had already completed. Realtime channels are tested against local WebSocket servers only.
//!
//! Any store by name works the same way, with your own record type:
//!
//! ```no_run
//! # async fn run(client: rightech::Client) -> rightech::Result<()> {
//! #[derive(serde::Deserialize)]
//! struct Booking {
//!     #[serde(flatten)]
//!     system: rightech::SystemFields,
//!     room: String,
//! }
//! let bookings = client.store::<Booking>("bookings").list(&rightech::ListQuery::new()).await?;
//! # Ok(()) }
//! ```

#[macro_use]
mod macros;

mod client;
pub mod error;
pub mod events;
pub mod geofences;
pub mod groups;
pub mod models;
pub mod objects;
#[cfg(feature = "realtime")]
pub mod realtime;
pub mod reports;
pub mod roles;
pub mod scenes;
mod store;
pub mod tables;
pub mod tasks;
pub mod time;
pub mod users;

pub use client::{
    AuthMode, Client, ClientBuilder, DEFAULT_BASE_URL, ENV_TOKEN, ENV_URL, SESSION_COOKIE,
    SESSION_LOGIN_PATH, TOKEN_LOGIN_PATH, TokenResponse, VENDOR,
};
pub use core_http::{Error, Result, RetryPolicy};
pub use store::{
    ListQuery, Meta, MetaQuery, OBJECT_ID_LEN, ObjectId, PAGE_MAX, Patch, RawRecord, Record,
    SYSTEM_FIELDS, Store, SystemFields, Window,
};
pub use time::TimeBound;

/// Every public HTTP operation of this crate, as named in the contract fixtures
/// (`fixtures/rightech/<operation>[--<case>].json`).
pub const OPERATIONS: &[&str] = &[
    // generic stores
    "store.create",
    "store.get",
    "store.list",
    "store.stream",
    "store.meta",
    "store.patch",
    "store.delete",
    // objects
    "objects.list",
    "objects.get",
    "objects.create",
    "objects.patch",
    "objects.delete",
    "objects.packets",
    "objects.packets_stream",
    "objects.send_packet",
    "objects.command",
    "objects.events",
    "objects.model",
    "objects.automaton",
    // models
    "models.list",
    "models.get",
    "models.create",
    "models.patch",
    "models.delete",
    // events
    "events.list",
    "events.get",
    "events.query",
    "events.query_stream",
    "events.names",
    // users
    "users.list",
    "users.get",
    "users.create",
    "users.patch",
    "users.delete",
    "users.search",
    "users.search_stream",
    // roles, groups
    "roles.list",
    "roles.get",
    "groups.list",
    "groups.get",
    // tables and rows
    "tables.list",
    "tables.get",
    "tables.create",
    "tables.patch",
    "tables.delete",
    "tables.rows.list",
    "tables.rows.get",
    "tables.rows.create",
    "tables.rows.patch",
    "tables.rows.delete",
    "tables.rows.find",
    "tables.rows.find_stream",
    // tasks
    "tasks.list",
    "tasks.get",
    "tasks.create",
    "tasks.patch",
    "tasks.delete",
    "tasks.kinds",
    // reports
    "reports.list",
    "reports.get",
    "reports.build",
    "reports.builds",
    "reports.builds_stream",
    "reports.find_build",
    "reports.cancel_build",
    "reports.export",
    // geofences, scenes
    "geofences.list",
    "geofences.get",
    "geofences.create",
    "geofences.patch",
    "geofences.delete",
    "scenes.list",
    "scenes.get",
    "scenes.create",
    "scenes.patch",
    "scenes.delete",
];

impl Client {
    /// The `objects` store.
    pub fn objects(&self) -> Store<objects::Object> {
        self.store(objects::STORE)
    }

    /// The `models` store.
    pub fn models(&self) -> Store<models::Model> {
        self.store(models::STORE)
    }

    /// The `events` store.
    pub fn events(&self) -> Store<events::Event> {
        self.store(events::STORE)
    }

    /// The `users` store.
    pub fn users(&self) -> Store<users::User> {
        self.store(users::STORE)
    }

    /// The `roles` store.
    pub fn roles(&self) -> Store<roles::Role> {
        self.store(roles::STORE)
    }

    /// The `groups` store.
    pub fn groups(&self) -> Store<groups::Group> {
        self.store(groups::STORE)
    }

    /// The `tables` store (rows: [`Store::rows`]).
    pub fn tables(&self) -> Store<tables::Table> {
        self.store(tables::STORE)
    }

    /// The `tasks` store.
    pub fn tasks(&self) -> Store<tasks::Task> {
        self.store(tasks::STORE)
    }

    /// The `reports` store.
    pub fn reports(&self) -> Store<reports::Report> {
        self.store(reports::STORE)
    }

    /// The `geofences` store.
    pub fn geofences(&self) -> Store<geofences::Geofence> {
        self.store(geofences::STORE)
    }

    /// The `scenes` store.
    pub fn scenes(&self) -> Store<scenes::Scene> {
        self.store(scenes::STORE)
    }
}
