//! The Resource Guru operations outside the generic collections: the caller (`/v1/me`,
//! `users/all`), reports (served from the seeds), a booking's activities, approvals,
//! reminders and split, downtime clashes and split, overtime, custom availability, a
//! resource's availability, calendar events and the webhook helpers (payload queue, re-send,
//! tests) (docs/vendors/resource-guru.md §7).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use serde_json::{Map, Value, json};

use super::records::{field_error, kind};
use super::store::id_of;
use super::{ResourceGuru, errors, json_answer, lock, multi, now_text, one, paging};

type Shared = Arc<ResourceGuru>;
type Params = Path<BTreeMap<String, String>>;
type QueryPairs = Query<Vec<(String, String)>>;

/// Adds the routes of this module to `router`.
pub(super) fn routes(router: Router<Shared>) -> Router<Shared> {
    let account = "/v1/{account}";
    router
        .route("/v1/me", get(me))
        .route(&format!("{account}/users/all"), get(all_users))
        .route(&format!("{account}/reports/{{report}}"), get(report))
        .route(&format!("{account}/reports/{{report}}/{{id}}"), get(report))
        .route("/v2/{account}/reports/{report}", get(report))
        .route("/v2/{account}/reports/{report}/{id}", get(report))
        .route(
            &format!("{account}/bookings/{{id}}/activities"),
            get(activities),
        )
        .route(&format!("{account}/bookings/{{id}}/remind"), post(remind))
        .route(&format!("{account}/bookings/{{id}}/resolve"), post(resolve))
        .route(
            &format!("{account}/bookings/{{id}}/split"),
            post(split_booking),
        )
        .route(
            &format!("{account}/downtimes/clashes"),
            post(downtime_clashes),
        )
        .route(
            &format!("{account}/downtimes/{{id}}/split"),
            post(split_downtime),
        )
        .route(&format!("{account}/overtimes"), post(overtime))
        .route(
            &format!("{account}/custom_available_periods"),
            get(custom_periods).post(set_custom_periods),
        )
        .route(
            &format!("{account}/custom_available_periods/reset"),
            delete(reset_custom_periods),
        )
        .route(
            &format!("{account}/resources/{{id}}/availability"),
            post(resource_availability),
        )
        .route(
            &format!("{account}/calendars/external_events"),
            get(external_events),
        )
        .route(&format!("{account}/webhooks/{{id}}/queue"), get(queue))
        .route(
            &format!("{account}/webhooks/{{id}}/send_payload_batch"),
            put(resend),
        )
        .route(
            &format!("{account}/webhooks/{{id}}/test"),
            post(test_webhook),
        )
        .route(
            &format!("{account}/webhooks/test-payload-url"),
            post(test_url),
        )
}

fn not_found() -> Response {
    errors(StatusCode::NOT_FOUND, "Not found")
}

fn id(params: &BTreeMap<String, String>) -> Option<u64> {
    params.get("id")?.parse().ok().filter(|&id| id >= 1)
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

fn date_of(v: Option<&Value>) -> Option<jiff::civil::Date> {
    v?.as_str()?.parse().ok()
}

fn ids_of(v: Option<&Value>) -> Vec<u64> {
    v.and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default()
}

/// `GET /v1/me`: the caller's summary, across accounts.
async fn me(State(state): State<Shared>) -> Response {
    match lock(&state.data).store.me.clone() {
        Some(me) => json_answer(StatusCode::OK, &me),
        None => not_found(),
    }
}

/// `GET /v1/{account}/users/all`: every user, deleted ones included, not paged.
async fn all_users(State(state): State<Shared>) -> Response {
    let data = lock(&state.data);
    let users: Vec<Value> = data
        .store
        .collection("users")
        .map(|(_, u)| u.clone())
        .collect();
    json_answer(StatusCode::OK, &Value::Array(users))
}

/// `GET /v{1,2}/{account}/reports/{report}[/{id}]` with the required `start_date` and
/// `end_date`: the seeded report of that path (the sandbox does not compute reports from its
/// bookings), else 404.
async fn report(
    State(state): State<Shared>,
    OriginalUri(uri): OriginalUri,
    Query(query): QueryPairs,
) -> Response {
    let query = multi(query);
    for key in ["start_date", "end_date"] {
        if one(&query, key)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .is_none()
        {
            return *field_error(key, "must be a date (YYYY-MM-DD)");
        }
    }
    let segments: Vec<&str> = uri.path().trim_matches('/').split('/').collect();
    let key = match segments.as_slice() {
        [version, _, rest @ ..] => format!("{version}/{}", rest.join("/")),
        _ => return not_found(),
    };
    match lock(&state.data).store.report(&key) {
        Some(body) => json_answer(StatusCode::OK, body),
        None => not_found(),
    }
}

/// `GET .../bookings/{id}/activities`: the booking's audit log (not paged).
async fn activities(State(state): State<Shared>, Path(p): Params) -> Response {
    let data = lock(&state.data);
    match id(&p).filter(|id| data.bookings.contains_key(id)) {
        Some(id) => json_answer(
            StatusCode::OK,
            &Value::Array(data.store.children("activities", id).to_vec()),
        ),
        None => not_found(),
    }
}

/// `POST .../bookings/{id}/remind`: reminds the approvers, `204`.
async fn remind(State(state): State<Shared>, Path(p): Params, body: Bytes) -> Response {
    if let Err(r) = object(&body) {
        return r;
    }
    let data = lock(&state.data);
    match id(&p).filter(|id| data.bookings.contains_key(id)) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(),
    }
}

/// `POST .../bookings/{id}/resolve`: `resolution` (`approved` or `declined`) for a non-empty
/// `resource_ids` of the booking, recorded in its `approval_state` by resource id; `200` with
/// the booking.
async fn resolve(State(state): State<Shared>, Path(p): Params, body: Bytes) -> Response {
    let body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let resolution = body.get("resolution").and_then(Value::as_str);
    let Some(resolution) = resolution.filter(|r| ["approved", "declined"].contains(r)) else {
        return *field_error("resolution", "must be approved or declined");
    };
    let resources = ids_of(body.get("resource_ids"));
    if resources.is_empty() {
        return *field_error("resource_ids", "can't be blank");
    }
    if body
        .get("reason")
        .and_then(Value::as_str)
        .is_some_and(|r| r.chars().count() > 65_535)
    {
        return *field_error("reason", "is too long (maximum is 65535 characters)");
    }
    let mut data = lock(&state.data);
    let Some(Value::Object(booking)) = id(&p).and_then(|id| data.bookings.get_mut(&id)) else {
        return not_found();
    };
    let on_booking = ids_of(booking.get("resource_ids"));
    if resources.iter().any(|r| !on_booking.contains(r)) {
        return *field_error("resource_ids", "must be resources of the booking");
    }
    let state_map = booking.entry("approval_state").or_insert_with(|| json!({}));
    if let Value::Object(states) = state_map {
        for r in &resources {
            states.insert(r.to_string(), json!(resolution));
        }
    }
    booking.insert("updated_at".into(), json!(now_text()));
    json_answer(StatusCode::OK, &Value::Object(booking.clone()))
}

/// Splits the span `start`..=`end` of `record` at `date` (`start` < `date` ≤ `end`): the
/// record keeps the days before, a copy with `new_id` the rest.
fn split_span(
    record: &Map<String, Value>,
    start: &str,
    end: &str,
    date: jiff::civil::Date,
    new_id: u64,
) -> Option<(Map<String, Value>, Map<String, Value>)> {
    let (first, last) = (date_of(record.get(start))?, date_of(record.get(end))?);
    if date <= first || date > last {
        return None;
    }
    let before = date.yesterday().ok()?;
    let mut a = record.clone();
    a.insert(end.into(), json!(before.to_string()));
    let mut b = record.clone();
    b.insert("id".into(), json!(new_id));
    b.insert(start.into(), json!(date.to_string()));
    Some((a, b))
}

/// `POST .../bookings/{id}/split` (`date` required): `200` with the two bookings.
async fn split_booking(State(state): State<Shared>, Path(p): Params, body: Bytes) -> Response {
    let body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(date) = date_of(body.get("date")) else {
        return *field_error("date", "must be a date (YYYY-MM-DD)");
    };
    let mut data = lock(&state.data);
    let Some(id) = id(&p).filter(|id| data.bookings.contains_key(id)) else {
        return not_found();
    };
    let Some(Value::Object(booking)) = data.bookings.get(&id).cloned() else {
        return not_found();
    };
    let new_id = data
        .bookings
        .keys()
        .next_back()
        .copied()
        .unwrap_or(id)
        .saturating_add(1);
    let Some((mut a, mut b)) = split_span(&booking, "start_date", "end_date", date, new_id) else {
        return *field_error("date", "must be a day of the booking after its first");
    };
    let now = now_text();
    for part in [&mut a, &mut b] {
        part.insert("durations".into(), super::durations(part));
        part.insert("updated_at".into(), json!(now));
    }
    b.insert("created_at".into(), json!(now));
    let (a, b) = (Value::Object(a), Value::Object(b));
    data.bookings.insert(id, a.clone());
    data.bookings.insert(new_id, b.clone());
    json_answer(StatusCode::OK, &json!([a, b]))
}

/// The stored bookings' days on `resources` from `from` to `to` whose time overlaps
/// `start`..`end` (minutes; a day without a start time takes the whole day), as
/// `{booking_id, date, duration}`.
pub(super) fn clashes(
    bookings: &BTreeMap<u64, Value>,
    resources: &[u64],
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    (start, end): (u64, u64),
) -> Vec<Value> {
    let mut out = Vec::new();
    for (id, booking) in bookings {
        if !ids_of(booking.get("resource_ids"))
            .iter()
            .any(|r| resources.contains(r))
        {
            continue;
        }
        let days = booking.get("durations").and_then(Value::as_array);
        for day in days.into_iter().flatten() {
            let Some(date) = date_of(day.get("date")) else {
                continue;
            };
            let duration = day.get("duration").and_then(Value::as_u64).unwrap_or(0);
            let (s, e) = match day.get("start_time").and_then(Value::as_u64) {
                Some(s) => (s, s.saturating_add(duration)),
                None => (0, 1440),
            };
            if date >= from && date <= to && s < end && start < e {
                out.push(
                    json!({ "booking_id": id, "date": date.to_string(), "duration": duration }),
                );
            }
        }
    }
    out
}

/// Resources, first and last day, and start and end minute of a downtime.
type Span = (Vec<u64>, jiff::civil::Date, jiff::civil::Date, (u64, u64));

/// The span of a downtime body: `from`, `to`, `start_time`, `end_time` and `resource_ids`.
#[allow(clippy::result_large_err)] // the refusal is the answer
fn span(body: &Map<String, Value>) -> Result<Span, Response> {
    let resources = ids_of(body.get("resource_ids"));
    if resources.is_empty() {
        return Err(*field_error("resource_ids", "can't be blank"));
    }
    let (Some(from), Some(to)) = (date_of(body.get("from")), date_of(body.get("to"))) else {
        return Err(*field_error("from", "must be a date (YYYY-MM-DD)"));
    };
    let time = |key: &str| body.get(key).and_then(Value::as_u64).filter(|t| *t <= 1440);
    let (Some(start), Some(end)) = (time("start_time"), time("end_time")) else {
        return Err(*field_error("start_time", "must be 0 to 1440 minutes"));
    };
    Ok((resources, from, to, (start, end)))
}

/// `POST .../downtimes/clashes`: the bookings a downtime over the body's span would clash
/// with (a read sent as POST; not paged).
async fn downtime_clashes(State(state): State<Shared>, body: Bytes) -> Response {
    let body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (resources, from, to, times) = match span(&body) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let data = lock(&state.data);
    let found = clashes(&data.bookings, &resources, from, to, times);
    json_answer(StatusCode::OK, &Value::Array(found))
}

/// `POST .../downtimes/{id}/split` (`date` required, `resource_id` optional): `200` with the
/// two downtimes.
async fn split_downtime(State(state): State<Shared>, Path(p): Params, body: Bytes) -> Response {
    let body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(date) = date_of(body.get("date")) else {
        return *field_error("date", "must be a date (YYYY-MM-DD)");
    };
    let Some(downtimes) = kind("downtimes") else {
        return not_found();
    };
    let mut data = lock(&state.data);
    let store = &mut data.store;
    let Some(id) = id(&p) else {
        return not_found();
    };
    let Some(Value::Object(downtime)) = store.get("downtimes", id).cloned() else {
        return not_found();
    };
    let new_id = store.last_id("downtimes").saturating_add(1);
    let Some((a, mut b)) = split_span(&downtime, "from", "to", date, new_id) else {
        return *field_error("date", "must be a day of the downtime after its first");
    };
    b.insert("created_at".into(), json!(now_text()));
    let (a, b) = (Value::Object(a), Value::Object(b));
    let records = store.collection_mut(downtimes);
    records.insert(id, a.clone());
    records.insert(new_id, b.clone());
    json_answer(StatusCode::OK, &json!([a, b]))
}

/// `POST .../overtimes` (`resource_id` of a stored resource, `date`, `duration` 1..=1440):
/// `201` with the overtime record.
async fn overtime(State(state): State<Shared>, body: Bytes) -> Response {
    let body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut data = lock(&state.data);
    let resource = body.get("resource_id").and_then(Value::as_u64);
    let Some(resource) = resource.filter(|r| data.store.contains("resources", *r)) else {
        return *field_error("resource_id", "is invalid");
    };
    let Some(date) = date_of(body.get("date")) else {
        return *field_error("date", "must be a date (YYYY-MM-DD)");
    };
    let duration = body.get("duration").and_then(Value::as_u64);
    let Some(duration) = duration.filter(|d| (1..=1440).contains(d)) else {
        return *field_error("duration", "must be 1 to 1440 minutes");
    };
    let next = data
        .store
        .children("overtimes", 0)
        .iter()
        .filter_map(id_of)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let record = json!({
        "id": next, "resource_id": resource, "date": date.to_string(), "duration": duration,
    });
    data.store
        .add_children("overtimes", 0, vec![record.clone()]);
    json_answer(StatusCode::CREATED, &record)
}

/// `GET .../custom_available_periods` (`resource_ids[]`, `start_date`, `end_date`): the
/// custom periods of those resources in the range (all resources, all dates when absent).
async fn custom_periods(State(state): State<Shared>, Query(query): QueryPairs) -> Response {
    let query = multi(query);
    let resources: Vec<String> = query.get("resource_ids").cloned().unwrap_or_default();
    let bound = |key: &str| one(&query, key).and_then(|d| d.parse::<jiff::civil::Date>().ok());
    let (from, to) = (bound("start_date"), bound("end_date"));
    let data = lock(&state.data);
    let periods: Vec<Value> = data
        .store
        .children("custom_available_periods", 0)
        .iter()
        .filter(|p| {
            let resource = p.get("resource_id").map(Value::to_string);
            let date = date_of(p.get("date"));
            (resources.is_empty() || resource.is_some_and(|r| resources.contains(&r)))
                && from.is_none_or(|f| date.is_some_and(|d| d >= f))
                && to.is_none_or(|t| date.is_some_and(|d| d <= t))
        })
        .cloned()
        .collect();
    json_answer(StatusCode::OK, &Value::Array(periods))
}

/// `POST .../custom_available_periods`: `custom_available_periods` names a resource
/// (`resource_instance_id`), a date range and `days` (weekday `0`..=`6`, 0 = Sunday, to a
/// list of `{start_time, end_time}`); one period per matching day replaces that day's
/// periods. `200` with `{"errors": {}, "custom_available_periods": [...]}` (the new ones).
async fn set_custom_periods(State(state): State<Shared>, body: Bytes) -> Response {
    let body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(Value::Object(spec)) = body.get("custom_available_periods") else {
        return *field_error("custom_available_periods", "can't be blank");
    };
    let mut data = lock(&state.data);
    let resource = spec.get("resource_instance_id").and_then(Value::as_u64);
    let Some(resource) = resource.filter(|r| data.store.contains("resources", *r)) else {
        return *field_error("resource_instance_id", "is invalid");
    };
    let (Some(from), Some(to)) = (
        date_of(spec.get("start_date")),
        date_of(spec.get("end_date")),
    ) else {
        return *field_error("start_date", "must be a date (YYYY-MM-DD)");
    };
    if to < from || from.until(to).map_or(true, |s| s.get_days() > 366) {
        return *field_error("end_date", "must be 0 to 366 days after start_date");
    }
    let days = spec
        .get("days")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut next = data
        .store
        .children("custom_available_periods", 0)
        .iter()
        .filter_map(id_of)
        .max()
        .unwrap_or(500);
    let mut created = Vec::new();
    let mut day = from;
    while day <= to {
        let weekday = day.weekday().to_sunday_zero_offset().to_string();
        for period in days
            .get(&weekday)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            next = next.saturating_add(1);
            created.push(json!({
                "id": next, "resource_id": resource, "date": day.to_string(),
                "start_time": period.get("start_time"), "end_time": period.get("end_time"),
            }));
        }
        match day.tomorrow() {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    let dates: Vec<String> = created
        .iter()
        .filter_map(|p| p.get("date").and_then(Value::as_str).map(str::to_owned))
        .collect();
    data.store
        .retain_children("custom_available_periods", 0, |p| {
            p.get("resource_id").and_then(Value::as_u64) != Some(resource)
                || !p
                    .get("date")
                    .and_then(Value::as_str)
                    .is_some_and(|d| dates.iter().any(|x| x == d))
        });
    data.store
        .add_children("custom_available_periods", 0, created.clone());
    json_answer(
        StatusCode::OK,
        &json!({ "errors": {}, "custom_available_periods": created }),
    )
}

/// `DELETE .../custom_available_periods/reset` (a required body: `resource_instance_id`,
/// `dates`): removes the resource's custom periods on those dates; `200` with
/// `{"clashes": [], "allowClashResolution": true}`.
async fn reset_custom_periods(State(state): State<Shared>, body: Bytes) -> Response {
    let body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut data = lock(&state.data);
    let resource = body.get("resource_instance_id").and_then(Value::as_u64);
    let Some(resource) = resource.filter(|r| data.store.contains("resources", *r)) else {
        return *field_error("resource_instance_id", "is invalid");
    };
    let dates: Vec<String> = body
        .get("dates")
        .and_then(Value::as_array)
        .map(|d| {
            d.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if dates.is_empty() {
        return *field_error("dates", "can't be blank");
    }
    data.store
        .retain_children("custom_available_periods", 0, |p| {
            p.get("resource_id").and_then(Value::as_u64) != Some(resource)
                || !p
                    .get("date")
                    .and_then(Value::as_str)
                    .is_some_and(|d| dates.iter().any(|x| x == d))
        });
    json_answer(
        StatusCode::OK,
        &json!({ "clashes": [], "allowClashResolution": true }),
    )
}

/// `POST .../resources/{id}/availability` (`date` required; `timezone`, `available_periods`):
/// stores the periods (and the zone name) on the resource; `201` with no body (the
/// vendor's success body is not documented). Clashes with stored bookings are not checked.
async fn resource_availability(
    State(state): State<Shared>,
    Path(p): Params,
    body: Bytes,
) -> Response {
    let body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if date_of(body.get("date")).is_none() {
        return *field_error("date", "must be a date (YYYY-MM-DD)");
    }
    let Some(resources) = kind("resources") else {
        return not_found();
    };
    let mut data = lock(&state.data);
    let Some(Value::Object(resource)) =
        id(&p).and_then(|id| data.store.collection_mut(resources).get_mut(&id))
    else {
        return not_found();
    };
    if let Some(periods) = body.get("available_periods") {
        resource.insert("available_periods".into(), periods.clone());
    }
    if let Some(Value::String(zone)) = body.get("timezone") {
        let offset = resource
            .get("timezone")
            .filter(|t| t.get("name").and_then(Value::as_str) == Some(zone.as_str()))
            .and_then(|t| t.get("offset").cloned())
            .unwrap_or(Value::Null);
        resource.insert("timezone".into(), json!({ "name": zone, "offset": offset }));
    }
    StatusCode::CREATED.into_response()
}

/// `GET .../calendars/external_events` (`start_date`, `end_date`): the synced calendars'
/// events that start in the range.
async fn external_events(State(state): State<Shared>, Query(query): QueryPairs) -> Response {
    let query = multi(query);
    let bound = |key: &str| one(&query, key).and_then(|d| d.parse::<jiff::civil::Date>().ok());
    let (from, to) = (bound("start_date"), bound("end_date"));
    let data = lock(&state.data);
    let events: Vec<Value> = data
        .store
        .children("external_events", 0)
        .iter()
        .filter(|e| {
            let day = e
                .get("start")
                .and_then(Value::as_str)
                .and_then(|s| s.get(..10))
                .and_then(|d| d.parse::<jiff::civil::Date>().ok());
            from.is_none_or(|f| day.is_some_and(|d| d >= f))
                && to.is_none_or(|t| day.is_some_and(|d| d <= t))
        })
        .cloned()
        .collect();
    json_answer(StatusCode::OK, &Value::Array(events))
}

/// `GET .../webhooks/{id}/queue`: the webhook's payloads, `limit` (no default) and `offset`.
async fn queue(State(state): State<Shared>, Path(p): Params, Query(query): QueryPairs) -> Response {
    let query = multi(query);
    let (limit, offset) = match paging(&query, None) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let data = lock(&state.data);
    let Some(id) = id(&p).filter(|id| data.store.contains("webhooks", *id)) else {
        return not_found();
    };
    let page: Vec<Value> = data
        .store
        .children("queue", id)
        .iter()
        .skip(offset)
        .take(limit.unwrap_or(usize::MAX))
        .cloned()
        .collect();
    json_answer(StatusCode::OK, &Value::Array(page))
}

/// `PUT .../webhooks/{id}/send_payload_batch` (`{"id": <payload id>}` of the webhook's
/// queue): `200` with no body (the vendor's success body is not documented).
async fn resend(State(state): State<Shared>, Path(p): Params, body: Bytes) -> Response {
    let body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let data = lock(&state.data);
    let Some(id) = id(&p).filter(|id| data.store.contains("webhooks", *id)) else {
        return not_found();
    };
    let payload = body.get("id").and_then(Value::as_u64);
    let queued = data.store.children("queue", id);
    if !payload.is_some_and(|pid| queued.iter().any(|q| id_of(q) == Some(pid))) {
        return *field_error("id", "is not a payload of this webhook");
    }
    StatusCode::OK.into_response()
}

/// `POST .../webhooks/{id}/test`: the sandbox delivers nothing and answers the vendor's
/// JSON string `"status: 200"`.
async fn test_webhook(State(state): State<Shared>, Path(p): Params) -> Response {
    let data = lock(&state.data);
    match id(&p).filter(|id| data.store.contains("webhooks", *id)) {
        Some(_) => json_answer(StatusCode::OK, &json!("status: 200")),
        None => not_found(),
    }
}

/// `POST .../webhooks/test-payload-url` (`payload_url`, an `http(s)` URI): `"status: 200"`
/// (nothing is delivered).
async fn test_url(body: Bytes) -> Response {
    let body = match object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let url = body.get("payload_url").and_then(Value::as_str);
    let uri = url.and_then(|u| u.parse::<axum::http::Uri>().ok());
    if !uri.is_some_and(|u| matches!(u.scheme_str(), Some("http" | "https")) && u.host().is_some())
    {
        return *field_error("payload_url", "must be a URI");
    }
    json_answer(StatusCode::OK, &json!("status: 200"))
}
