//! One generic in-memory collection type for the Resource Guru resources that share list,
//! get, create, update and delete (clients, projects, resources, calendars, custom fields
//! and options, downtimes, webhooks, users, resource and downtime types, accounts): a table
//! of [`Kind`]s says which of the operations each has, how its list pages and filters, and
//! what a create requires (docs/vendors/resource-guru.md §4, §6, §7).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use serde_json::{Map, Value, json};

use super::extras::clashes;
use super::store::{Store, id_of};
use super::{Data, ResourceGuru, errors, json_answer, lock, multi, now_text, one, paging};

/// How a list pages (docs/vendors/resource-guru.md §4).
#[derive(Clone, Copy, Debug)]
pub(super) enum Paging {
    /// One request answers everything; `limit` and `offset` are not read.
    None,
    /// `limit` (with this default, `None`: everything; `0` is everything) and `offset`,
    /// never more than `cap` items.
    Limit {
        default: Option<usize>,
        cap: Option<usize>,
    },
}

/// A list filter: a query key and the record field it reads.
#[derive(Clone, Copy, Debug)]
pub(super) enum Filter {
    /// The field equals the value (`me` in `booker_id` is the caller).
    Equals(&'static str, &'static str),
    /// The field (a number or an array of numbers) holds one of the values (the key repeated
    /// or with brackets).
    AnyOf(&'static str, &'static str),
    /// The record's span (`start`..=`end` fields, dates) overlaps the query's `from`..=`to`
    /// (either end optional).
    Dates {
        from: &'static str,
        to: &'static str,
        start: &'static str,
        end: &'static str,
    },
}

/// A check and completion of a record before it is stored (create, and update after the
/// changes are merged): the vendor's 422 when it refuses.
type Prepare = fn(&Data, &Map<String, Value>, &mut Map<String, Value>) -> Result<(), Box<Response>>;

/// One resource of the API served by the generic handlers.
#[derive(Debug)]
pub(super) struct Kind {
    /// The path segment (`clients`) and the collection's name.
    pub(super) name: &'static str,
    /// Under the account (`/v1/{account}/clients`), or not (`/v1/accounts`).
    pub(super) in_account: bool,
    pub(super) paging: Paging,
    /// Required fields of a create; `None`: no create.
    pub(super) create: Option<&'static [&'static str]>,
    /// Required fields of an update; `None`: no update.
    pub(super) update: Option<&'static [&'static str]>,
    pub(super) delete: bool,
    /// `GET .../{name}/archived`, and the active list leaves archived records out
    /// (`includeArchived=1` keeps them, clients and projects).
    pub(super) archivable: bool,
    /// A field no two records share (`has already been taken`).
    pub(super) unique: Option<&'static str>,
    pub(super) filters: &'static [Filter],
    /// Query keys read by the vendor that change nothing here (views and flags).
    pub(super) ignored: &'static [&'static str],
    /// Body keys that steer the request and are not stored.
    pub(super) transient: &'static [&'static str],
    /// Body keys an update may not change.
    pub(super) fixed: &'static [&'static str],
    /// The fields of a new record the body does not set (a JSON object).
    pub(super) defaults: &'static str,
    pub(super) prepare: Option<Prepare>,
}

/// Default and largest page of clients, projects, resources and users
/// (docs/vendors/resource-guru.md §4: default 50, `0` is everything; 50 is the inferred server
/// cap).
const PAGED_50: Paging = Paging::Limit {
    default: Some(50),
    cap: Some(50),
};
/// Paged with no default limit (downtimes).
const PAGED_ALL: Paging = Paging::Limit {
    default: None,
    cap: None,
};

const BASE: Kind = Kind {
    name: "",
    in_account: true,
    paging: Paging::None,
    create: None,
    update: None,
    delete: false,
    archivable: false,
    unique: None,
    filters: &[],
    ignored: &[],
    transient: &[],
    fixed: &[],
    defaults: "{}",
    prepare: None,
};

/// Every resource served by the generic handlers (docs/vendors/resource-guru.md §7).
pub(super) static KINDS: &[Kind] = &[
    Kind {
        name: "accounts",
        in_account: false,
        update: Some(&[
            "booking_approvals",
            "default_booking_approver_ids",
            "apply_to_all_resources",
        ]),
        ..BASE
    },
    Kind {
        name: "clients",
        paging: PAGED_50,
        create: Some(&["name"]),
        update: Some(&[]),
        delete: true,
        archivable: true,
        defaults: r#"{"archived": false, "deleted": false, "deleted_at": null, "notes": null}"#,
        ..BASE
    },
    Kind {
        name: "projects",
        paging: PAGED_50,
        create: Some(&["name"]),
        update: Some(&[]),
        delete: true,
        archivable: true,
        defaults: r#"{"archived": false, "archived_on": null, "deleted": false, "deleted_at": null, "notes": null, "client_id": null, "project_code": null, "default_billable": true}"#,
        ..BASE
    },
    Kind {
        name: "resources",
        paging: PAGED_50,
        create: Some(&["resource_type_id"]),
        update: Some(&[]),
        delete: true,
        archivable: true,
        filters: &[Filter::AnyOf("ids", "id")],
        ignored: &["detail", "show_availability"],
        transient: &["invite", "replacement_approver_user_id"],
        fixed: &["resource_type_id", "invite", "email"],
        defaults: r#"{"archived": false, "bookable": true, "deleted": false, "deleted_at": null}"#,
        prepare: Some(prepare_resource),
        ..BASE
    },
    Kind {
        name: "users",
        paging: PAGED_50,
        ..BASE
    },
    Kind {
        name: "resource_types",
        ..BASE
    },
    Kind {
        name: "downtime_types",
        ..BASE
    },
    Kind {
        name: "calendars",
        update: Some(&["incoming_calendar_subscriptions"]),
        delete: true,
        transient: &[
            "incoming_calendar_subscriptions",
            "filters",
            "selected_bookings",
        ],
        prepare: Some(prepare_calendar),
        ..BASE
    },
    Kind {
        name: "custom_fields",
        create: Some(&["label"]),
        update: Some(&[]),
        delete: true,
        unique: Some("label"),
        transient: &["custom_field_options"],
        fixed: &["type"],
        defaults: r#"{"required": false, "type": "multi_select", "default": false}"#,
        ..BASE
    },
    Kind {
        name: "custom_field_options",
        create: Some(&["custom_field_id", "value"]),
        update: Some(&[]),
        delete: true,
        filters: &[Filter::Equals("custom_field_id", "custom_field_id")],
        prepare: Some(prepare_option),
        ..BASE
    },
    Kind {
        name: "downtimes",
        paging: PAGED_ALL,
        create: Some(&["resource_ids", "from", "to", "start_time", "end_time"]),
        update: Some(&[]),
        delete: true,
        filters: &[
            Filter::AnyOf("resource_ids", "resource_ids"),
            Filter::Equals("booker_id", "booker_id"),
            Filter::Dates {
                from: "from",
                to: "to",
                start: "from",
                end: "to",
            },
        ],
        ignored: &["include_deleted_resources"],
        transient: &[
            "clash_resolution",
            "block_by_clashes",
            "delete_invalid_bookings",
            "allow_waiting",
        ],
        defaults: r#"{"timezone": null, "downtime_type_id": null, "details": null, "leave": null, "state": "Approved", "deleted": false}"#,
        prepare: Some(prepare_downtime),
        ..BASE
    },
    Kind {
        name: "webhooks",
        create: Some(&[
            "name",
            "payload_url",
            "events",
            "secret",
            "send_secret_header",
            "paused",
        ]),
        update: Some(&[]),
        delete: true,
        transient: &["retry_last", "secret"],
        defaults: r#"{"status": "success"}"#,
        ..BASE
    },
];

/// The kind named `name`.
pub(super) fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

type Shared = Arc<ResourceGuru>;
type Params = Path<BTreeMap<String, String>>;

/// Adds the routes of every [`Kind`] to `router`.
pub(super) fn routes(mut router: Router<Shared>) -> Router<Shared> {
    for kind in KINDS {
        let base = if kind.in_account {
            format!("/v1/{{account}}/{}", kind.name)
        } else {
            format!("/v1/{}", kind.name)
        };
        let mut list: MethodRouter<Shared> = get(
            move |State(s): State<Shared>, Query(q): Query<Vec<(String, String)>>| async move {
                list_records(kind, &s, q, false)
            },
        );
        if kind.create.is_some() {
            list = list.post(move |State(s): State<Shared>, body: Bytes| async move {
                create(kind, &s, &body)
            });
        }
        let mut one: MethodRouter<Shared> = get(
            move |State(s): State<Shared>, Path(p): Params| async move { get_record(kind, &s, &p) },
        );
        if kind.update.is_some() {
            one = one.put(
                move |State(s): State<Shared>, Path(p): Params, body: Bytes| async move {
                    update(kind, &s, &p, &body)
                },
            );
        }
        if kind.delete {
            one = one.delete(move |State(s): State<Shared>, Path(p): Params| async move {
                delete(kind, &s, &p)
            });
        }
        router = router
            .route(&base, list)
            .route(&format!("{base}/{{id}}"), one);
        if kind.archivable {
            router = router.route(
                &format!("{base}/archived"),
                get(
                    move |State(s): State<Shared>, Query(q): Query<Vec<(String, String)>>| async move {
                        list_records(kind, &s, q, true)
                    },
                ),
            );
        }
    }
    router
}

/// A 422 with `{"errors": {field: [message]}}` (docs/vendors/resource-guru.md §1).
pub(super) fn field_error(field: &str, message: &str) -> Box<Response> {
    Box::new(json_answer(
        StatusCode::UNPROCESSABLE_ENTITY,
        &json!({ "errors": { field: [message] } }),
    ))
}

/// A value as query text (`12`, `"x"` as `x`).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(u8::from(*b).to_string()),
        _ => None,
    }
}

fn flag(query: &BTreeMap<String, Vec<String>>, key: &str) -> bool {
    one(query, key).is_some_and(|v| v == "1" || v == "true")
}

fn is_true(record: &Value, key: &str) -> bool {
    record.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The caller's user id (from `GET /v1/me`, or the bookings' booker).
pub(super) fn my_user_id(state: &ResourceGuru) -> Option<u64> {
    let data = lock(&state.data);
    data.store
        .me
        .as_ref()
        .and_then(id_of)
        .or_else(|| data.booker.as_ref().and_then(id_of))
}

/// Whether `record` passes `filter` for the query's values (`None`: the key is absent).
fn keeps(
    filter: &Filter,
    record: &Value,
    query: &BTreeMap<String, Vec<String>>,
    me: Option<u64>,
) -> Result<bool, Box<Response>> {
    let date = |v: Option<&Value>| v.and_then(Value::as_str).and_then(|s| s.parse().ok());
    Ok(match *filter {
        Filter::Equals(key, field) => match one(query, key) {
            None => true,
            Some(want) => {
                let want = if want == "me" {
                    me.map(|m| m.to_string()).unwrap_or_default()
                } else {
                    want.to_owned()
                };
                record.get(field).and_then(text).is_some_and(|v| v == want)
            }
        },
        Filter::AnyOf(key, field) => match query.get(key) {
            None => true,
            Some(wanted) => {
                let wanted: HashSet<&str> = wanted.iter().map(String::as_str).collect();
                let values: Vec<String> = match record.get(field) {
                    Some(Value::Array(items)) => items.iter().filter_map(text).collect(),
                    Some(v) => text(v).into_iter().collect(),
                    None => Vec::new(),
                };
                values.iter().any(|v| wanted.contains(v.as_str()))
            }
        },
        Filter::Dates {
            from,
            to,
            start,
            end,
        } => {
            let parse = |key: &str| -> Result<Option<jiff::civil::Date>, Box<Response>> {
                match one(query, key) {
                    None => Ok(None),
                    Some(t) => t
                        .parse()
                        .map(Some)
                        .map_err(|_| field_error(key, "must be a date (YYYY-MM-DD)")),
                }
            };
            let (from, to) = (parse(from)?, parse(to)?);
            let (s, e): (Option<jiff::civil::Date>, Option<jiff::civil::Date>) =
                (date(record.get(start)), date(record.get(end)));
            from.is_none_or(|f| e.is_some_and(|e| e >= f))
                && to.is_none_or(|t| s.is_some_and(|s| s <= t))
        }
    })
}

/// The query keys of `filter`.
fn filter_keys(filter: &Filter) -> Vec<&'static str> {
    match *filter {
        Filter::Equals(k, _) | Filter::AnyOf(k, _) => vec![k],
        Filter::Dates { from, to, .. } => vec![from, to],
    }
}

/// `GET .../{name}` (or `.../{name}/archived`): the active (or archived) records in id order,
/// filtered and paged as the kind says.
fn list_records(
    kind: &'static Kind,
    state: &ResourceGuru,
    query: Vec<(String, String)>,
    archived: bool,
) -> Response {
    let query = multi(query);
    let include_archived = kind.archivable && flag(&query, "includeArchived");
    let include_deleted = kind.archivable && flag(&query, "includeDeleted");
    let known = |key: &str| {
        ["limit", "offset"].contains(&key)
            || kind.ignored.contains(&key)
            || (kind.archivable && ["includeArchived", "includeDeleted"].contains(&key))
            || kind.filters.iter().any(|f| filter_keys(f).contains(&key))
    };
    if let Some(key) = query.keys().find(|k| !known(k)) {
        return errors(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("sandbox: {key} is not supported on {}", kind.name),
        );
    }
    // With `includeArchived` or `includeDeleted` the vendor ignores `limit` and `offset`.
    let paging_kind = if include_archived || include_deleted {
        Paging::None
    } else {
        kind.paging
    };
    let (limit, offset) = match paging_kind {
        Paging::None => (None, 0),
        Paging::Limit { default, cap } => match paging(&query, default) {
            Ok((limit, offset)) => (
                match (limit, cap) {
                    (Some(l), Some(c)) => Some(l.min(c)),
                    (l, _) => l,
                },
                offset,
            ),
            Err(r) => return r,
        },
    };
    let me = my_user_id(state);
    let data = lock(&state.data);
    let mut page = Vec::new();
    let mut skipped = 0;
    for (_, record) in data.store.collection(kind.name) {
        if kind.archivable {
            let is_archived = is_true(record, "archived");
            let is_deleted = is_true(record, "deleted");
            let shown = if archived {
                is_archived && !is_deleted
            } else {
                (!is_archived || include_archived) && (!is_deleted || include_deleted)
            };
            if !shown {
                continue;
            }
        }
        let mut kept = true;
        for filter in kind.filters {
            match keeps(filter, record, &query, me) {
                Ok(k) => kept &= k,
                Err(r) => return *r,
            }
        }
        if !kept {
            continue;
        }
        if skipped < offset {
            skipped += 1;
            continue;
        }
        if limit.is_some_and(|l| page.len() >= l) {
            break;
        }
        page.push(record.clone());
    }
    json_answer(StatusCode::OK, &Value::Array(page))
}

/// The record id of a path (`me` for resources and users is the caller's).
fn path_id(kind: &Kind, state: &ResourceGuru, params: &BTreeMap<String, String>) -> Option<u64> {
    let id = params.get("id")?;
    if id == "me" {
        return match kind.name {
            "resources" => lock(&state.data).store.my_resource,
            "users" => my_user_id(state),
            _ => None,
        };
    }
    id.parse().ok().filter(|&id| id >= 1)
}

fn not_found() -> Response {
    errors(StatusCode::NOT_FOUND, "Not found")
}

/// `GET .../{name}/{id}`.
fn get_record(
    kind: &'static Kind,
    state: &ResourceGuru,
    params: &BTreeMap<String, String>,
) -> Response {
    let Some(id) = path_id(kind, state, params) else {
        return not_found();
    };
    match lock(&state.data).store.get(kind.name, id) {
        Some(record) => json_answer(StatusCode::OK, record),
        None => not_found(),
    }
}

/// A body as an object, or the vendor's 422.
#[allow(clippy::result_large_err)] // the refusal is the answer
fn object(body: &Bytes) -> Result<Map<String, Value>, Response> {
    if body.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(errors(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The body must be a JSON object",
        )),
    }
}

fn blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

/// The first required field the body lacks, as the vendor's 422.
fn require(body: &Map<String, Value>, fields: &[&str]) -> Result<(), Box<Response>> {
    match fields.iter().find(|f| blank(body.get(**f))) {
        Some(field) => Err(field_error(field, "can't be blank")),
        None => Ok(()),
    }
}

/// Whether another record of `kind` than `id` has the same value of its unique field.
fn taken(store: &Store, kind: &Kind, record: &Map<String, Value>, id: u64) -> Option<&'static str> {
    let field = kind.unique?;
    let value = record.get(field)?;
    store
        .collection(kind.name)
        .any(|(other, r)| *other != id && r.get(field) == Some(value))
        .then_some(field)
}

/// `POST .../{name}`: `201` with the new record.
fn create(kind: &'static Kind, state: &ResourceGuru, body: &Bytes) -> Response {
    let body = match object(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if let Err(r) = require(&body, kind.create.unwrap_or_default()) {
        return *r;
    }
    let mut guard = lock(&state.data);
    let data = &mut *guard;
    let id = data.store.last_id(kind.name).saturating_add(1);
    let mut record = match serde_json::from_str::<Value>(kind.defaults) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    record.insert("id".into(), json!(id));
    let raw = body.clone();
    let options = body.get("custom_field_options").cloned();
    for (key, value) in body {
        if !kind.transient.contains(&key.as_str()) {
            record.insert(key, value);
        }
    }
    if let Some(prepare) = kind.prepare
        && let Err(r) = prepare(data, &raw, &mut record)
    {
        return *r;
    }
    let store = &mut data.store;
    if let Some(field) = taken(store, kind, &record, id) {
        return *field_error(field, "has already been taken");
    }
    let now = now_text();
    record.insert("created_at".into(), json!(now));
    record.insert("updated_at".into(), json!(now));
    let record = Value::Object(record);
    store.collection_mut(kind).insert(id, record.clone());
    if kind.name == "custom_fields"
        && let Some(Value::Array(values)) = options
        && let Some(options_kind) = self::kind("custom_field_options")
    {
        for value in values {
            let option_id = store.last_id(options_kind.name).saturating_add(1);
            let option = json!({
                "id": option_id, "custom_field_id": id, "value": value,
                "created_at": now, "updated_at": now,
            });
            store.collection_mut(options_kind).insert(option_id, option);
        }
    }
    json_answer(StatusCode::CREATED, &record)
}

/// `PUT .../{name}/{id}`: the body's fields over the record, `200` with the record.
fn update(
    kind: &'static Kind,
    state: &ResourceGuru,
    params: &BTreeMap<String, String>,
    body: &Bytes,
) -> Response {
    let changes = match object(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if let Err(r) = require(&changes, kind.update.unwrap_or_default()) {
        return *r;
    }
    if let Some(field) = kind.fixed.iter().find(|f| changes.contains_key(**f)) {
        return *field_error(field, "cannot be changed");
    }
    let Some(id) = path_id(kind, state, params) else {
        return not_found();
    };
    let mut guard = lock(&state.data);
    let data = &mut *guard;
    let Some(Value::Object(mut record)) = data.store.get(kind.name, id).cloned() else {
        return not_found();
    };
    for (key, value) in changes.clone() {
        if !kind.transient.contains(&key.as_str()) {
            record.insert(key, value);
        }
    }
    if let Some(prepare) = kind.prepare
        && let Err(r) = prepare(data, &changes, &mut record)
    {
        return *r;
    }
    let store = &mut data.store;
    if let Some(field) = taken(store, kind, &record, id) {
        return *field_error(field, "has already been taken");
    }
    record.insert("updated_at".into(), json!(now_text()));
    let record = Value::Object(record);
    store.collection_mut(kind).insert(id, record.clone());
    json_answer(StatusCode::OK, &record)
}

/// `DELETE .../{name}/{id}`: `204`, the record is gone.
fn delete(
    kind: &'static Kind,
    state: &ResourceGuru,
    params: &BTreeMap<String, String>,
) -> Response {
    let Some(id) = path_id(kind, state, params) else {
        return not_found();
    };
    match lock(&state.data).store.collection_mut(kind).remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(),
    }
}

/// Resources: `resource_type_id` becomes the `resource_type` link (and `human`), people need
/// `first_name` and `last_name` (their `name`), other types a `name`; `timezone` (a Rails
/// name) becomes `{name, offset}`; `capacity` (digits) goes into `custom_attributes`
/// (docs/vendors/resource-guru.md §5, §7.12).
fn prepare_resource(
    data: &Data,
    _: &Map<String, Value>,
    r: &mut Map<String, Value>,
) -> Result<(), Box<Response>> {
    let store = &data.store;
    if let Some(type_id) = r.remove("resource_type_id") {
        let Some(t) = type_id
            .as_u64()
            .and_then(|id| store.get("resource_types", id))
        else {
            return Err(field_error("resource_type_id", "is invalid"));
        };
        r.insert(
            "resource_type".into(),
            json!({ "id": t.get("id"), "name": t.get("name") }),
        );
        if let Some(human) = t.get("human") {
            r.insert("human".into(), human.clone());
        }
    }
    if is_true(&Value::Object(r.clone()), "human") {
        require(r, &["first_name", "last_name"])?;
        let name = format!(
            "{} {}",
            r.get("first_name")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            r.get("last_name")
                .and_then(Value::as_str)
                .unwrap_or_default()
        );
        r.insert("name".into(), json!(name));
    } else {
        require(r, &["name"])?;
    }
    if let Some(Value::String(zone)) = r.get("timezone").cloned() {
        // The offset of a resource already in that zone (the sandbox has no zone table).
        let offset = store
            .collection("resources")
            .filter_map(|(_, o)| o.get("timezone"))
            .find(|t| t.get("name").and_then(Value::as_str) == Some(zone.as_str()))
            .and_then(|t| t.get("offset").cloned())
            .unwrap_or(Value::Null);
        r.insert("timezone".into(), json!({ "name": zone, "offset": offset }));
    }
    if let Some(capacity) = r.remove("capacity") {
        let Some(n) = capacity.as_str().and_then(|c| c.parse::<u64>().ok()) else {
            return Err(field_error("capacity", "must be a string of digits"));
        };
        r.insert("custom_attributes".into(), json!({ "capacity": n }));
    }
    Ok(())
}

/// Calendars: every `incoming_calendar_subscriptions` item needs an integer `calendar_id` ≥ 1
/// and a boolean `sync` (docs/vendors/resource-guru.md §7.15).
fn prepare_calendar(
    _: &Data,
    body: &Map<String, Value>,
    _: &mut Map<String, Value>,
) -> Result<(), Box<Response>> {
    let valid = |item: &Value| {
        item.get("calendar_id")
            .and_then(Value::as_u64)
            .is_some_and(|id| id >= 1)
            && item.get("sync").is_some_and(Value::is_boolean)
    };
    match body.get("incoming_calendar_subscriptions") {
        Some(Value::Array(items)) if items.iter().all(valid) => Ok(()),
        _ => Err(field_error(
            "incoming_calendar_subscriptions",
            "needs items with an integer calendar_id and a boolean sync",
        )),
    }
}

/// Options: `custom_field_id` names a custom field (docs/vendors/resource-guru.md §7.6).
fn prepare_option(
    data: &Data,
    _: &Map<String, Value>,
    r: &mut Map<String, Value>,
) -> Result<(), Box<Response>> {
    let store = &data.store;
    let field = r.get("custom_field_id").and_then(Value::as_u64);
    if !field.is_some_and(|id| store.contains("custom_fields", id)) {
        return Err(field_error("custom_field_id", "is invalid"));
    }
    Ok(())
}

/// Downtimes: known resources, `from` ≤ `to` (dates), times 0..=1440, a known downtime type
/// (docs/vendors/resource-guru.md §7.7).
fn prepare_downtime(
    data: &Data,
    body: &Map<String, Value>,
    r: &mut Map<String, Value>,
) -> Result<(), Box<Response>> {
    let store = &data.store;
    let ids: Vec<Option<u64>> = r
        .get("resource_ids")
        .and_then(Value::as_array)
        .map(|ids| ids.iter().map(Value::as_u64).collect())
        .unwrap_or_default();
    if ids.is_empty()
        || ids
            .iter()
            .any(|id| !id.is_some_and(|id| store.contains("resources", id)))
    {
        return Err(field_error("resource_ids", "is invalid"));
    }
    let date = |key: &str| {
        r.get(key)
            .and_then(Value::as_str)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    };
    match (date("from"), date("to")) {
        (Some(from), Some(to)) if from <= to => {}
        (Some(_), Some(_)) => return Err(field_error("to", "must not be before from")),
        _ => return Err(field_error("from", "must be a date (YYYY-MM-DD)")),
    }
    for key in ["start_time", "end_time"] {
        if r.get(key).and_then(Value::as_u64).is_none_or(|t| t > 1440) {
            return Err(field_error(key, "must be 0 to 1440 minutes"));
        }
    }
    if let Some(t) = r.get("downtime_type_id").filter(|t| !t.is_null())
        && !t
            .as_u64()
            .is_some_and(|id| store.contains("downtime_types", id))
    {
        return Err(field_error("downtime_type_id", "is invalid"));
    }
    // `block_by_clashes`: fail with the clashes instead of resolving them.
    if body.get("block_by_clashes") == Some(&Value::Bool(true)) {
        let resources: Vec<u64> = ids.iter().flatten().copied().collect();
        let time = |key: &str| r.get(key).and_then(Value::as_u64).unwrap_or(0);
        if let (Some(from), Some(to)) = (date("from"), date("to")) {
            let found = clashes(
                &data.bookings,
                &resources,
                from,
                to,
                (time("start_time"), time("end_time")),
            );
            if !found.is_empty() {
                return Err(Box::new(json_answer(
                    StatusCode::BAD_REQUEST,
                    &json!({ "clashes": found, "allowClashResolution": true }),
                )));
            }
        }
    }
    if let Some(me) = store.me.as_ref().and_then(id_of) {
        r.entry("booker_id").or_insert(json!(me));
        r.entry("creator_id").or_insert(json!(me));
    }
    Ok(())
}
