//! Contract test: every fixture in `fixtures/rightech` is served from a mock server, driven
//! through the client, and its typed result snapshotted; with the `domain` feature, every
//! fixture of the store the default booking mapping reads (`reservations`) also snapshots the
//! adapter's unified mapping of its records (`<fixture>.unified.snap`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use contract::{Fixture, outcome};
use futures::TryStreamExt;
use rightech::events::EventQuery;
use rightech::objects::{AutomatonAction, NewObject, ObjectEventsQuery, PacketQuery, SendCommand};
use rightech::reports::{BuildReport, ExportFormat};
use rightech::tables::RowQuery;
use rightech::tasks::NewTask;
use rightech::users::{NewUser, UserSearch};
use rightech::{Client, ListQuery, MetaQuery, ObjectId, Patch, RawRecord, RetryPolicy, Store};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// The login and password the fixtures expect (`<redacted>` so no real secret is stored).
const LOGIN: &str = "api-user";
const PASSWORD: &str = "<redacted>";

/// Reads `input[key]` (an absent key reads as `{}`) into `T`, or the error as an outcome.
fn arg<T: DeserializeOwned>(fixture: &Fixture, key: &str) -> Result<T, Value> {
    let value = fixture.input.get(key).cloned().unwrap_or_else(|| json!({}));
    serde_json::from_value(value).map_err(|e| json!({ "bad_input": format!("{key}: {e}") }))
}

macro_rules! arg {
    ($fixture:expr, $key:expr) => {
        match arg(&$fixture, $key) {
            Ok(v) => v,
            Err(e) => return Some(e),
        }
    };
}

fn client(fixture: &Fixture, base: &str) -> Client {
    let builder = Client::builder()
        .base_url(base)
        .retry(RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        })
        .without_transport_timers();
    let builder = match fixture.input.get("auth").and_then(Value::as_str) {
        Some("login_token") => builder.login_token(LOGIN, PASSWORD),
        Some("session") => builder.session(LOGIN, PASSWORD),
        Some("none") => builder,
        _ => builder.token("test-api-token"),
    };
    builder.build().unwrap()
}

/// list/get/create/patch/delete on a typed store; `N` is the create body type.
async fn crud<T, N>(store: Store<T>, op: &str, fixture: &Fixture) -> Option<Value>
where
    T: DeserializeOwned + Serialize + std::fmt::Debug + Send + 'static,
    N: DeserializeOwned + Serialize,
{
    Some(match op {
        "list" => {
            let query: ListQuery = arg!(fixture, "query");
            outcome(store.list(&query).try_collect::<Vec<_>>().await)
        }
        "list_page" => {
            let query: ListQuery = arg!(fixture, "query");
            outcome(store.list_page(&query).await)
        }
        "get" => {
            let id: ObjectId = arg!(fixture, "id");
            outcome(store.get(&id).await)
        }
        "create" => {
            let body: N = arg!(fixture, "body");
            outcome(store.create(&body).await)
        }
        "patch" => {
            let id: ObjectId = arg!(fixture, "id");
            let patch: Patch = arg!(fixture, "patch");
            outcome(store.patch(&id, &patch).await)
        }
        "delete" => {
            let id: ObjectId = arg!(fixture, "id");
            outcome(store.delete(&id).await)
        }
        _ => return None,
    })
}

/// Like [`crud`] with the store's own id taken from `sub` (rows of a table).
async fn rows(store: Store<rightech::tables::Row>, op: &str, fixture: &Fixture) -> Option<Value> {
    let sub = |f: &Fixture| arg::<ObjectId>(f, "sub");
    Some(match op {
        "get" => match sub(fixture) {
            Ok(id) => outcome(store.get(&id).await),
            Err(e) => e,
        },
        "patch" => {
            let patch: Patch = arg!(fixture, "patch");
            match sub(fixture) {
                Ok(id) => outcome(store.patch(&id, &patch).await),
                Err(e) => e,
            }
        }
        "delete" => match sub(fixture) {
            Ok(id) => outcome(store.delete(&id).await),
            Err(e) => e,
        },
        "list_by_columns_page" => {
            let query: RowQuery = arg!(fixture, "query");
            outcome(store.list_by_columns_page(&query).await)
        }
        "list_by_columns" => {
            let query: RowQuery = arg!(fixture, "query");
            outcome(store.list_by_columns(&query).try_collect::<Vec<_>>().await)
        }
        other => return crud::<_, Map<String, Value>>(store, other, fixture).await,
    })
}

async fn dispatch(fixture: Fixture, base: String) -> Option<Value> {
    let client = client(&fixture, &base);
    let (family, op) = fixture.operation.rsplit_once('.')?;
    let f = &fixture;
    match family {
        "store" => {
            let name: String = arg!(f, "store");
            let store = client.raw_store(&name);
            Some(match op {
                "list" => {
                    let query: ListQuery = arg!(f, "query");
                    let all: rightech::Result<Vec<RawRecord>> =
                        store.list(&query).try_collect().await;
                    // Summarised: the over-10000 case would make a huge snapshot.
                    outcome(all.map(|records| {
                        json!({
                            "count": records.len(),
                            "first": records.first(),
                            "last": records.last(),
                        })
                    }))
                }
                "meta" => {
                    let query: MetaQuery = arg!(f, "query");
                    let meta = store.meta(&query).await;
                    outcome(meta.map(|m| {
                        json!({ "count": m.count(), "first": m.first(), "last": m.last(), "raw": m.0 })
                    }))
                }
                other => return crud::<_, Map<String, Value>>(store, other, f).await,
            })
        }
        "objects" => {
            let objects = client.objects();
            Some(match op {
                "list_packets_page" => {
                    let id: ObjectId = arg!(f, "id");
                    let query: PacketQuery = arg!(f, "query");
                    outcome(objects.list_packets_page(&id, &query).await)
                }
                "list_packets" => {
                    let id: ObjectId = arg!(f, "id");
                    let query: PacketQuery = arg!(f, "query");
                    outcome(
                        objects
                            .list_packets(&id, &query)
                            .try_collect::<Vec<_>>()
                            .await,
                    )
                }
                "send_packet" => {
                    let id: ObjectId = arg!(f, "id");
                    let body: Map<String, Value> = arg!(f, "body");
                    outcome(objects.send_packet(&id, &body).await)
                }
                "command" => {
                    let request: SendCommand = arg!(f, "request");
                    outcome(objects.command(&request).await)
                }
                "list_events_page" => {
                    let id: ObjectId = arg!(f, "id");
                    let query: ObjectEventsQuery = arg!(f, "query");
                    outcome(objects.list_events_page(&id, &query).await)
                }
                "list_events" => {
                    let id: ObjectId = arg!(f, "id");
                    let query: ObjectEventsQuery = arg!(f, "query");
                    let all = objects.list_events(&id, &query).try_collect::<Vec<_>>();
                    outcome(all.await)
                }
                "model" => {
                    let id: ObjectId = arg!(f, "id");
                    outcome(objects.model(&id).await)
                }
                "automaton" => {
                    let id: ObjectId = arg!(f, "id");
                    let automaton: ObjectId = arg!(f, "sub");
                    let action: AutomatonAction = arg!(f, "action");
                    outcome(objects.automaton(&id, &automaton, action).await)
                }
                other => return crud::<_, NewObject>(objects, other, f).await,
            })
        }
        "models" => crud::<_, Map<String, Value>>(client.models(), op, f).await,
        "events" => match op {
            "list_by_kind_page" => {
                let query: EventQuery = arg!(f, "query");
                Some(outcome(client.events().list_by_kind_page(&query).await))
            }
            "list_by_kind" => {
                let query: EventQuery = arg!(f, "query");
                let all = client.events().list_by_kind(&query).try_collect::<Vec<_>>();
                Some(outcome(all.await))
            }
            "names" => Some(outcome(client.events().names().await)),
            other => crud::<_, Map<String, Value>>(client.events(), other, f).await,
        },
        "users" => match op {
            "search_page" => {
                let query: UserSearch = arg!(f, "query");
                Some(outcome(client.users().search_page(&query).await))
            }
            "search" => {
                let query: UserSearch = arg!(f, "query");
                let all = client.users().search(&query).try_collect::<Vec<_>>();
                Some(outcome(all.await))
            }
            other => crud::<_, NewUser>(client.users(), other, f).await,
        },
        "roles" => crud::<_, Map<String, Value>>(client.roles(), op, f).await,
        "groups" => crud::<_, Map<String, Value>>(client.groups(), op, f).await,
        "tables" => crud::<_, Map<String, Value>>(client.tables(), op, f).await,
        "tables.rows" => {
            let table: ObjectId = arg!(f, "id");
            rows(client.tables().rows(&table), op, f).await
        }
        "tasks" => match op {
            "list_kinds_page" => Some(outcome(client.tasks().list_kinds_page().await)),
            "list_kinds" => {
                let all = client.tasks().list_kinds().try_collect::<Vec<_>>();
                Some(outcome(all.await))
            }
            other => crud::<_, NewTask>(client.tasks(), other, f).await,
        },
        "reports" => {
            let reports = client.reports();
            match op {
                "build" => {
                    let id: ObjectId = arg!(f, "id");
                    let body: BuildReport = arg!(f, "body");
                    Some(outcome(reports.build(&id, &body).await))
                }
                "list_builds_page" => {
                    let query: ListQuery = arg!(f, "query");
                    Some(outcome(reports.list_builds_page(&query).await))
                }
                "list_builds" => {
                    let query: ListQuery = arg!(f, "query");
                    let all = reports.list_builds(&query).try_collect::<Vec<_>>();
                    Some(outcome(all.await))
                }
                "find_build" => {
                    let id: ObjectId = arg!(f, "id");
                    Some(outcome(reports.find_build(&id).await))
                }
                "cancel_build" => {
                    let id: ObjectId = arg!(f, "id");
                    Some(outcome(reports.cancel_build(&id).await))
                }
                "export" => {
                    let id: ObjectId = arg!(f, "id");
                    let format: ExportFormat = arg!(f, "format");
                    let export = match reports.export(&id, format).await {
                        Ok(e) => {
                            let content_type = e.content_type.clone();
                            e.bytes(1 << 20).await.map(|data| {
                                let text = std::str::from_utf8(&data).ok();
                                json!({"content_type": content_type, "text": text, "bytes": data.len()})
                            })
                        }
                        Err(e) => Err(e),
                    };
                    Some(outcome(export))
                }
                other => crud::<_, Map<String, Value>>(reports, other, f).await,
            }
        }
        "geofences" => crud::<_, Map<String, Value>>(client.geofences(), op, f).await,
        "scenes" => crud::<_, Map<String, Value>>(client.scenes(), op, f).await,
        _ => None,
    }
}

/// The store operations whose answers hold records (a page, or one record).
#[cfg(feature = "domain")]
const RECORD_OPERATIONS: &[&str] = &[
    "store.list",
    "store.list_page",
    "store.get",
    "store.create",
    "store.patch",
    "store.delete",
];

/// The store of bookings the unified snapshots read, with the default mapping
/// (`BookingMapping::new`): the fixtures' other stores hold records of other shapes (the
/// vendor's `bookings` example has `room` and `guests`, no start), which are no bookings
/// under the default mapping.
#[cfg(feature = "domain")]
const BOOKINGS_STORE: &str = "reservations";

/// The zone of the unified snapshots: times in milliseconds or with an offset only are shown
/// in it (the fixture's one time with an offset is `+02:00` in June, its phones are Danish).
#[cfg(feature = "domain")]
const UNIFIED_ZONE: &str = "Europe/Copenhagen";

/// The adapter's mapping (`rightech::domain::booking_from_raw`, default mapping) of every
/// record in the fixture's answers from the bookings' store (not a login).
#[cfg(feature = "domain")]
fn unified(fixture: &Fixture) -> Option<Value> {
    let store = fixture.input.get("store").and_then(Value::as_str);
    if !RECORD_OPERATIONS.contains(&fixture.operation.as_str()) || store != Some(BOOKINGS_STORE) {
        return None;
    }
    let mapping = rightech::domain::BookingMapping::new(BOOKINGS_STORE);
    let tz = rightech::jiff::tz::TimeZone::get(UNIFIED_ZONE).unwrap();
    let prefix = format!("/api/v1/{BOOKINGS_STORE}");
    contract::unified_bookings(
        fixture,
        |e| {
            e.request
                .path
                .strip_prefix(&prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        },
        |raw| rightech::domain::booking_from_raw(raw, &mapping, &tz),
    )
}

/// One test case per fixture (libtest-mimic): `cargo test -p rightech --test contract <fixture>`.
fn main() {
    let spec =
        contract::VendorSpec::new("rightech", rightech::OPERATIONS, env!("CARGO_MANIFEST_DIR"));
    #[cfg(feature = "domain")]
    let spec = spec.with_unified(unified);
    contract::main(spec, dispatch)
}
