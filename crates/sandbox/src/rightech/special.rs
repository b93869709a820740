//! The special endpoints of docs/vendors/rightech.md §9: the nested collections (an object's
//! packets and events, a table's rows, the task kinds, the report builds), the read-only event
//! names, and the actions (packets, commands, automatons, report builds, cancel, export).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::store::Data;
use super::{Rightech, bad_request, create_in, list_of, not_found, now_ms, ok, patch_in};

/// How many report builds the server keeps (the newest; docs/vendors/rightech.md §9).
const BUILDS_KEPT: usize = 10;
/// The report builds, newest first.
const BUILDS: &str = "reports/builds";

/// The routes of the special endpoints (the gate is added by the caller).
pub(super) fn routes() -> Router<Arc<Rightech>> {
    Router::new()
        .route("/api/v1/events/org", get(event_names))
        .route("/api/v1/tasks/kinds", get(task_kinds))
        .route("/api/v1/reports/builds", get(list_builds))
        .route("/api/v1/reports/{id}/build", post(build_report))
        .route("/api/v1/reports/builds/{id}/cancel", post(cancel_build))
        .route("/api/v1/reports/builds/{id}/export", get(export))
        .route(
            "/api/v1/objects/{id}/packets",
            get(list_packets).post(send_packet),
        )
        .route("/api/v1/objects/{id}/events", get(object_events))
        .route("/api/v1/objects/{id}/model", get(object_model))
        .route("/api/v1/objects/{id}/commands/{command}", post(command))
        .route(
            "/api/v1/objects/{id}/automatons/{automaton}/{action}",
            post(automaton),
        )
        .route("/api/v1/tables/{id}/rows", get(list_rows).post(create_row))
        .route(
            "/api/v1/tables/{id}/rows/{row}",
            get(get_row).patch(patch_row).delete(delete_row),
        )
}

/// Puts the seeded builds newest first (by `time`) and keeps the newest 10.
pub(super) fn order_builds(data: &mut Data) {
    let builds = data.records_mut(BUILDS);
    builds.sort_by_key(|b| std::cmp::Reverse(b.get("time").and_then(Value::as_i64)));
    builds.truncate(BUILDS_KEPT);
}

fn has(data: &Data, store: &str, id: &str) -> bool {
    data.get(store, id).is_some()
}

/// `GET /api/v1/events/org`: the event names per model, the seeded document (read-only
/// reference data), or no names at all.
async fn event_names(State(state): State<Arc<Rightech>>) -> Response {
    let data = state.data();
    let empty = json!({"byModel": {}, "unique": [], "noModel": []});
    ok(data.document("events/org").unwrap_or(&empty))
}

/// `GET /api/v1/tasks/kinds`: the task kinds (read-only here).
async fn task_kinds(
    State(state): State<Arc<Rightech>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    list_of(&state.data(), "tasks/kinds", pairs)
}

/// `GET /api/v1/reports/builds`: the builds, newest first (`where.` filters them).
async fn list_builds(
    State(state): State<Arc<Rightech>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    list_of(&state.data(), BUILDS, pairs)
}

/// `POST /api/v1/reports/:id/build` with `{period: {from, to}, objectIds}` (milliseconds,
/// `from` not after `to`): a `pending` build of a known report; the oldest builds beyond
/// the newest 10 are dropped.
async fn build_report(
    State(state): State<Arc<Rightech>>,
    Path(report): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("the body must be a JSON object");
    };
    let bound = |key: &str| body.get("period")?.get(key)?.as_i64();
    let (Some(from), Some(to)) = (bound("from"), bound("to")) else {
        return bad_request("`period.from` and `period.to` are required (milliseconds)");
    };
    if from > to {
        return bad_request("`period.from` is after `period.to`");
    }
    if body.get("objectIds").is_some_and(|ids| !ids.is_array()) {
        return bad_request("`objectIds` must be an array");
    }
    let id = state.new_id();
    let mut data = state.data();
    if !has(&data, "reports", &report) {
        return not_found();
    }
    let mut build = Map::new();
    build.insert("report".into(), json!(report));
    build.insert("status".into(), json!("pending"));
    build.insert("period".into(), json!({"from": from, "to": to}));
    if let Some(ids) = body.get("objectIds") {
        build.insert("objectIds".into(), ids.clone());
    }
    let build = data.create(BUILDS, id, build, now_ms(), true);
    data.records_mut(BUILDS).truncate(BUILDS_KEPT);
    ok(&build)
}

/// `POST /api/v1/reports/builds/:id/cancel` (no body): a `pending` build becomes
/// `cancelled`; any build is answered as it is then (a completed one stays completed).
async fn cancel_build(State(state): State<Arc<Rightech>>, Path(build): Path<String>) -> Response {
    let mut data = state.data();
    let Some(record) = data.get_mut(BUILDS, &build) else {
        return not_found();
    };
    if record.get("status").and_then(Value::as_str) == Some("pending") {
        record.insert("status".into(), json!("cancelled"));
    }
    ok(&Value::Object(record.clone()))
}

/// `GET /api/v1/reports/builds/:id/export?format=json|xlsx|pdf|csv`: the seeded export of
/// the build in that format; else an empty table in JSON or CSV. Other formats of unseeded
/// builds are not faked.
async fn export(
    State(state): State<Arc<Rightech>>,
    Path(build): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let format = pairs
        .iter()
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.as_str());
    let Some(format @ ("json" | "xlsx" | "pdf" | "csv")) = format else {
        return bad_request("`format` must be json, xlsx, pdf or csv");
    };
    let data = state.data();
    if !has(&data, BUILDS, &build) {
        return not_found();
    }
    let (content_type, text) = match (data.export(&build, format), format) {
        (Some(file), _) => (file.content_type.clone(), file.text.clone()),
        (None, "json") => ("application/json".to_owned(), "[]".to_owned()),
        (None, "csv") => ("text/csv".to_owned(), String::new()),
        (None, _) => {
            return bad_request(format!(
                "sandbox: a {format} export of an unseeded build is not faked"
            ));
        }
    };
    (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], text).into_response()
}

/// `GET /api/v1/objects/:id/packets`: the object's telemetry (`from`/`to` on `time`,
/// `offset`/`limit`).
async fn list_packets(
    State(state): State<Arc<Rightech>>,
    Path(object): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let data = state.data();
    if !has(&data, "objects", &object) {
        return not_found();
    }
    list_of(&data, &format!("objects/{object}/packets"), pairs)
}

/// `POST /api/v1/objects/:id/packets`: one packet (a JSON object of parameter values) is
/// stored with `_id`, `_ts` (microseconds), `time` (milliseconds) and `online`, and becomes
/// the object's `state`. Answers `{"success": true}`.
async fn send_packet(
    State(state): State<Arc<Rightech>>,
    Path(object): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(Value::Object(values)) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("the packet must be a JSON object");
    };
    let id = state.new_id();
    let mut data = state.data();
    let Some(record) = data.get_mut("objects", &object) else {
        return not_found();
    };
    let mut current = record
        .get("state")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    current.extend(values.clone());
    current.insert("online".into(), json!(true));
    record.insert("state".into(), Value::Object(current));
    let mut packet = Map::new();
    packet.insert("_id".into(), json!(id));
    packet.insert("_ts".into(), json!(jiff::Timestamp::now().as_microsecond()));
    packet.insert("time".into(), json!(now_ms()));
    packet.insert("online".into(), json!(true));
    packet.extend(values);
    data.records_mut(&format!("objects/{object}/packets"))
        .push(Value::Object(packet));
    ok(&json!({"success": true}))
}

/// `GET /api/v1/objects/:id/events`: the object's events (`from`/`to` on `time`).
async fn object_events(
    State(state): State<Arc<Rightech>>,
    Path(object): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let data = state.data();
    if !has(&data, "objects", &object) {
        return not_found();
    }
    list_of(&data, &format!("objects/{object}/events"), pairs)
}

/// `GET /api/v1/objects/:id/model`: the model record the object's `model` names.
async fn object_model(State(state): State<Arc<Rightech>>, Path(object): Path<String>) -> Response {
    let data = state.data();
    let model = data
        .get("objects", &object)
        .and_then(|o| o.get("model"))
        .and_then(Value::as_str)
        .and_then(|model| data.get("models", model));
    match model {
        Some(model) => ok(model),
        None => not_found(),
    }
}

/// Whether `id` is a command or automaton id (`^[a-z0-9-_]+$`).
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// `POST /api/v1/objects/:id/commands/:command` with optional parameters (a JSON object):
/// `{"success": true, "command": ...}`.
async fn command(
    State(state): State<Arc<Rightech>>,
    Path((object, command)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if !valid_id(&command) {
        return bad_request("the command id must match ^[a-z0-9-_]+$");
    }
    let body_ok = body.iter().all(u8::is_ascii_whitespace)
        || matches!(serde_json::from_slice::<Value>(&body), Ok(Value::Object(_)));
    if !body_ok {
        return bad_request("the command parameters must be a JSON object");
    }
    if !has(&state.data(), "objects", &object) {
        return not_found();
    }
    ok(&json!({"success": true, "command": command}))
}

/// `POST /api/v1/objects/:id/automatons/:automaton/start|stop` (no body): `{"success": true}`.
async fn automaton(
    State(state): State<Arc<Rightech>>,
    Path((object, automaton, action)): Path<(String, String, String)>,
) -> Response {
    if !["start", "stop"].contains(&action.as_str()) || !has(&state.data(), "objects", &object) {
        return not_found();
    }
    if automaton.is_empty() {
        return bad_request("the automaton id is empty");
    }
    ok(&json!({"success": true}))
}

fn rows_of(table: &str) -> String {
    format!("tables/{table}/rows")
}

/// `GET /api/v1/tables/:id/rows`: the rows (list parameters; any other parameter is a
/// column's value).
async fn list_rows(
    State(state): State<Arc<Rightech>>,
    Path(table): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let data = state.data();
    if !has(&data, "tables", &table) {
        return not_found();
    }
    list_of(&data, &rows_of(&table), pairs)
}

/// `POST /api/v1/tables/:id/rows`: a new row (a record of the table's own collection).
async fn create_row(
    State(state): State<Arc<Rightech>>,
    Path(table): Path<String>,
    body: Bytes,
) -> Response {
    if !has(&state.data(), "tables", &table) {
        return not_found();
    }
    create_in(&state, &rows_of(&table), &body)
}

/// `GET /api/v1/tables/:id/rows/:row`.
async fn get_row(
    State(state): State<Arc<Rightech>>,
    Path((table, row)): Path<(String, String)>,
) -> Response {
    match state.data().get(&rows_of(&table), &row) {
        Some(record) => ok(record),
        None => not_found(),
    }
}

/// `PATCH /api/v1/tables/:id/rows/:row`, as a store's.
async fn patch_row(
    State(state): State<Arc<Rightech>>,
    Path((table, row)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    patch_in(&state, &rows_of(&table), &row, &body)
}

/// `DELETE /api/v1/tables/:id/rows/:row`: answers the removed row.
async fn delete_row(
    State(state): State<Arc<Rightech>>,
    Path((table, row)): Path<(String, String)>,
) -> Response {
    match state.data().delete(&rows_of(&table), &row) {
        Some(record) => ok(&record),
        None => not_found(),
    }
}
