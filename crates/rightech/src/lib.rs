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
//! - generic store access, [`Client::store`]`::<T>("name")`, with create, get, list (a lazy
//!   stream, [`Store::list`], or one page, [`Store::list_page`]), `meta=true` ([`MetaQuery`],
//!   which cannot carry `offset`/`limit`), partial [`Patch`] (system fields refused before any
//!   request, `null` clears) and delete, for your own types or raw JSON ([`RawRecord`]);
//! - typed stores, each a [`Store`] handle named after its resource ([`Objects`],
//!   [`Models`], [`Events`], [`Users`], [`Roles`], [`Groups`], [`Tables`] and [`Rows`],
//!   [`Tasks`], [`Reports`], [`Geofences`], [`Scenes`]), with their special endpoints:
//!   packets, commands, events, model and automatons of objects; the event names per model
//!   (`events/org`); report builds (list, find, cancel, export). Every record flattens the
//!   shared [`SystemFields`] and keeps unknown fields in `extra`;
//! - errors parsed from `{success|sucess, code, message, tags, helper}` bodies, and HTML proxy
//!   pages turned into an [`Error::Api`] with the page title and a text snippet;
//! - with feature `realtime`, the socket.io (engine.io v3) channel and the newer events
//!   stream as async streams of typed events (`realtime` module).
//!
//! **Paging:** every list operation comes in two forms: `list(&req)` is a lazy stream over
//! all pages (use `futures::TryStreamExt`, e.g. `.try_collect::<Vec<_>>()`), `list_page(&req)` fetches
//! one page.
//!
//! Rightech pages with `limit`/`offset` (at most 10000 records a page) and answers a bare JSON
//! array without totals, so `list_page` returns a `Vec`. The variants follow the same pattern:
//! [`Store::list_packets`] / [`Store::list_packets_page`], [`Store::list_builds`] /
//! [`Store::list_builds_page`], [`Store::search`] / [`Store::search_page`], and so on.
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
//! // Every object, all pages streamed (page size = limit, at most 10000).
//! let objects: Vec<_> = client.objects().list(&ListQuery::new().limit(2)).try_collect().await?;
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
//! The vendor notes this crate is built on (limits, quirks, what is unverified, the public
//! sources) are in `docs/vendors/rightech.md` of the repository; doc comments cite its
//! sections as "docs/vendors/rightech.md §n".
//!
//! - **Stores are user-shaped.** Every typed record keeps unknown fields in `extra`, every
//!   known field is optional, times are read leniently (number, numeric string, RFC 3339), and
//!   vendor enums keep unknown values. Only `_id` and the other ids are strict: 24 hex
//!   characters ([`ObjectId`]).
//! - **Requests are strict.** Required fields are constructor arguments ([`NewObject::new`],
//!   [`NewUser::new`], [`NewTask::new`]); ids, device ids, command ids, priorities and time
//!   windows are checked before anything is sent ([`Error::Validation`]).
//! - **Lists** are bare JSON arrays of at most [`PAGE_MAX`] (10000) records; `limit` is checked
//!   against it before sending. Streams page with `limit`/`offset` and stop on a short page;
//!   the sort order is undocumented, so narrow with a `from`/`to` window when records are
//!   being added while you page.
//! - **Auth**: login tokens carry `expiresAt` (read, not assumed 24 h); there is no refresh
//!   endpoint, so the client logs in again shortly before expiry and once after a 401, one
//!   login for all concurrent calls. Sessions are renewed on the cookie's `Max-Age`/`Expires`
//!   and after a 401. The success flag (`success`/`sucess`) of a login is never trusted: the
//!   status is.
//! - **Errors** keep the vendor's message, `helper` advice and `tags`; tags refine the kind of
//!   an unusual status. An action acknowledged with `success: false` (commands, packets,
//!   automatons) and a cancel that did not cancel are errors too. No rate limit is documented:
//!   the default retry policy retries idempotent calls on 429/502/503/504 and honours
//!   `Retry-After`.
//!
//! ## What is verified, and what is not
//!
//! Every operation in [`OPERATIONS`] has contract fixtures (`fixtures/rightech`) built from the
//! vendor's documents (`docs`) or invented edge cases (`synthetic`); none is `recorded` from a
//! live account yet. Shapes the vendor does not document are coded defensively: the
//! `meta=true` answer ([`Meta`], raw JSON), the answers of packet sending, commands and
//! automatons (raw JSON), `access`/`branch`, the fields of roles, groups, geofences, scenes,
//! report builds, and the event names on the socket.io channel. Three operations are not in
//! the vendor's prose documents at all but in the vendor's own integration code, and their
//! fixtures are `synthetic`: `GET /api/v1/events/org` ([`EventNames`]), the report build list
//! `GET /api/v1/reports/builds` (also by `where._id=`) and
//! `POST /api/v1/reports/builds/:id/cancel`, which answers the build with 200 even when it
//! had already completed. Realtime channels are tested against local WebSocket servers only.
//!
//! Any store by name works the same way, with your own record type:
//!
//! ```no_run
//! # async fn run(client: rightech::Client) -> rightech::Result<()> {
//! use futures::TryStreamExt;
//!
//! #[derive(serde::Deserialize)]
//! struct Booking {
//!     #[serde(flatten)]
//!     system: rightech::SystemFields,
//!     room: String,
//! }
//! let query = rightech::ListQuery::new();
//! let bookings: Vec<Booking> = client.store("bookings").list(&query).try_collect().await?;
//! let first_page: Vec<Booking> = client.store("bookings").list_page(&query).await?;
//! # Ok(()) }
//! ```

#[macro_use]
mod macros;

mod client;
#[cfg(feature = "domain")]
pub mod domain;
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
pub use core_http::pacing::Pacing;
/// Pacing state in Redis, shared by every process on the same key (feature `redis`): give it
/// to [`ClientBuilder::shared_pacing`].
#[cfg(feature = "redis")]
pub use core_http::pacing::{RedisPacing, Unreachable};
pub use core_http::{ApiError, ApiErrorKind, Error, FieldError, Result, RetryPolicy};
pub use error::{ErrorBody, Helper as ErrorHelper};
pub use events::{Event, EventKind, EventNames, EventQuery};
pub use geofences::Geofence;
pub use groups::Group;
pub use jiff;
pub use models::{Model, ModelNode, ModelProps, NodeType};
pub use objects::{
    AutomatonAction, CommandId, DeviceId, NewObject, Object, ObjectEventsQuery, Packet,
    PacketQuery, SendCommand,
};
#[cfg(feature = "realtime")]
pub use realtime::{RealtimeOptions, RealtimeStream, Signal, SocketIoEvent};
pub use reports::{BuildReport, Export, ExportFormat, Period, Report, ReportBuild};
pub use roles::Role;
pub use scenes::Scene;
pub use store::{
    ListQuery, Meta, MetaQuery, OBJECT_ID_LEN, ObjectId, PAGE_MAX, Patch, RawRecord, Record,
    SYSTEM_FIELDS, Store, SystemFields, Window,
};
pub use tables::{Row, RowQuery, Table};
pub use tasks::{
    Deadlines, InitialStatus, NewDeadlines, NewTask, Task, TaskKind, TaskPriority, TaskStatus,
};
pub use time::TimeBound;
pub use users::{NewUser, User, UserSearch};

/// The handle on the `objects` store ([`Client::objects`]).
pub type Objects = Store<Object>;
/// The handle on the `models` store ([`Client::models`]).
pub type Models = Store<Model>;
/// The handle on the `events` store ([`Client::events`]).
pub type Events = Store<Event>;
/// The handle on the `users` store ([`Client::users`]).
pub type Users = Store<User>;
/// The handle on the `roles` store ([`Client::roles`]).
pub type Roles = Store<Role>;
/// The handle on the `groups` store ([`Client::groups`]).
pub type Groups = Store<Group>;
/// The handle on the `tables` store ([`Client::tables`]).
pub type Tables = Store<Table>;
/// The handle on the rows of one table ([`Store::rows`]).
pub type Rows = Store<Row>;
/// The handle on the `tasks` store ([`Client::tasks`]).
pub type Tasks = Store<Task>;
/// The handle on the `reports` store and its builds ([`Client::reports`]).
pub type Reports = Store<Report>;
/// The handle on the `geofences` store ([`Client::geofences`]).
pub type Geofences = Store<Geofence>;
/// The handle on the `scenes` store ([`Client::scenes`]).
pub type Scenes = Store<Scene>;

/// Every public HTTP operation of this crate, as named in the contract fixtures
/// (`fixtures/rightech/<operation>[--<case>].json`).
pub const OPERATIONS: &[&str] = &[
    // store
    "store.create",
    "store.get",
    "store.list",
    "store.list_page",
    "store.meta",
    "store.patch",
    "store.delete",
    // objects
    "objects.list",
    "objects.list_page",
    "objects.get",
    "objects.create",
    "objects.patch",
    "objects.delete",
    "objects.list_packets",
    "objects.list_packets_page",
    "objects.send_packet",
    "objects.command",
    "objects.list_events",
    "objects.list_events_page",
    "objects.model",
    "objects.automaton",
    // models
    "models.list",
    "models.list_page",
    "models.get",
    "models.create",
    "models.patch",
    "models.delete",
    // events
    "events.list",
    "events.list_page",
    "events.get",
    "events.list_by_kind",
    "events.list_by_kind_page",
    "events.names",
    // users
    "users.list",
    "users.list_page",
    "users.get",
    "users.create",
    "users.patch",
    "users.delete",
    "users.search",
    "users.search_page",
    // roles
    "roles.list",
    "roles.list_page",
    "roles.get",
    // groups
    "groups.list",
    "groups.list_page",
    "groups.get",
    // tables
    "tables.list",
    "tables.list_page",
    "tables.get",
    "tables.create",
    "tables.patch",
    "tables.delete",
    // tables.rows
    "tables.rows.list",
    "tables.rows.list_page",
    "tables.rows.get",
    "tables.rows.create",
    "tables.rows.patch",
    "tables.rows.delete",
    "tables.rows.list_by_columns",
    "tables.rows.list_by_columns_page",
    // tasks
    "tasks.list",
    "tasks.list_page",
    "tasks.get",
    "tasks.create",
    "tasks.patch",
    "tasks.delete",
    "tasks.list_kinds",
    "tasks.list_kinds_page",
    // reports
    "reports.list",
    "reports.list_page",
    "reports.get",
    "reports.build",
    "reports.list_builds",
    "reports.list_builds_page",
    "reports.find_build",
    "reports.cancel_build",
    "reports.export",
    // geofences
    "geofences.list",
    "geofences.list_page",
    "geofences.get",
    "geofences.create",
    "geofences.patch",
    "geofences.delete",
    // scenes
    "scenes.list",
    "scenes.list_page",
    "scenes.get",
    "scenes.create",
    "scenes.patch",
    "scenes.delete",
];

impl Client {
    /// The `objects` store: a handle that owns a clone of the client.
    pub fn objects(&self) -> Objects {
        self.store(objects::STORE)
    }

    /// The `models` store: a handle that owns a clone of the client.
    pub fn models(&self) -> Models {
        self.store(models::STORE)
    }

    /// The `events` store: a handle that owns a clone of the client.
    pub fn events(&self) -> Events {
        self.store(events::STORE)
    }

    /// The `users` store: a handle that owns a clone of the client.
    pub fn users(&self) -> Users {
        self.store(users::STORE)
    }

    /// The `roles` store: a handle that owns a clone of the client.
    pub fn roles(&self) -> Roles {
        self.store(roles::STORE)
    }

    /// The `groups` store: a handle that owns a clone of the client.
    pub fn groups(&self) -> Groups {
        self.store(groups::STORE)
    }

    /// The `tables` store (rows: [`Store::rows`]): a handle that owns a clone of the client.
    pub fn tables(&self) -> Tables {
        self.store(tables::STORE)
    }

    /// The `tasks` store: a handle that owns a clone of the client.
    pub fn tasks(&self) -> Tasks {
        self.store(tasks::STORE)
    }

    /// The `reports` store: a handle that owns a clone of the client.
    pub fn reports(&self) -> Reports {
        self.store(reports::STORE)
    }

    /// The `geofences` store: a handle that owns a clone of the client.
    pub fn geofences(&self) -> Geofences {
        self.store(geofences::STORE)
    }

    /// The `scenes` store: a handle that owns a clone of the client.
    pub fn scenes(&self) -> Scenes {
        self.store(scenes::STORE)
    }
}
