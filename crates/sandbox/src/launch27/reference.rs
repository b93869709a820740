//! Launch27's read-only reference data (docs/vendors/launch27.md §8–§10, §15, §16): the
//! business settings, countries, the profile, the booking form, services, frequencies,
//! custom fields, arrival windows, policies, the quote form and the staff lists. The sandbox
//! changes none of them, so each is served as the fixtures' 200 answers show it: an object
//! route answers the richest answer seen (the anonymous one to an anonymous caller when a
//! fixture shows one), a list route the union of the items seen (without repeats), and a
//! staff list pages that union with `limit`/`offset`.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// No login needed; a valid one is taken into account (docs/vendors/launch27.md §3:
    /// "many booking helpers work without a login").
    Public,
    /// Any logged-in user.
    Login,
    /// A logged-in `Tenant::Customer` (§12).
    Customer,
    /// A logged-in admin or staff user (§16).
    Staff,
}

/// How a route answers its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One object.
    Object,
    /// Every item at once (not paged by the vendor, §18).
    List,
    /// Items paged by `limit`/`offset` (§16).
    Paged,
}

/// A reference route: its path, the fixture operation whose answers seed it, who may call
/// it and how it answers.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) route: &'static str,
    operation: &'static str,
    pub(crate) access: Access,
    shape: Shape,
}

const fn entry(
    route: &'static str,
    operation: &'static str,
    access: Access,
    shape: Shape,
) -> Entry {
    Entry {
        route,
        operation,
        access,
        shape,
    }
}

/// Every reference route (the services route is served by [`Reference::services`]).
pub(crate) const ENTRIES: &[Entry] = &[
    entry(
        "/v1/settings",
        "account.settings",
        Access::Public,
        Shape::Object,
    ),
    entry(
        "/v1/settings/general",
        "account.general_settings",
        Access::Login,
        Shape::Object,
    ),
    entry(
        "/v1/countries",
        "account.list_countries",
        Access::Public,
        Shape::List,
    ),
    entry(
        "/v1/profile",
        "account.profile",
        Access::Login,
        Shape::Object,
    ),
    entry(
        "/v1/booking/form",
        "booking.form",
        Access::Public,
        Shape::Object,
    ),
    entry(
        "/v1/booking/custom_fields",
        "booking.list_custom_fields",
        Access::Public,
        Shape::List,
    ),
    entry(
        "/v1/booking/frequencies",
        "booking.list_frequencies",
        Access::Public,
        Shape::List,
    ),
    entry(
        "/v1/booking/arrival_windows",
        "booking.arrival_windows",
        Access::Public,
        Shape::List,
    ),
    entry(
        "/v1/policy/booking",
        "policies.booking",
        Access::Public,
        Shape::Object,
    ),
    entry(
        "/v1/policy/location",
        "policies.location",
        Access::Public,
        Shape::Object,
    ),
    entry(
        "/v1/policy/reschedule",
        "policies.reschedule",
        Access::Login,
        Shape::Object,
    ),
    entry(
        "/v1/policy/cancellation",
        "policies.cancellation",
        Access::Login,
        Shape::Object,
    ),
    entry(
        "/v1/policy/recurring",
        "policies.recurring",
        Access::Login,
        Shape::Object,
    ),
    entry(
        "/v1/policy/invite_teams",
        "policies.invite_teams",
        Access::Login,
        Shape::Object,
    ),
    entry(
        "/v1/quote/form",
        "quotes.form",
        Access::Public,
        Shape::Object,
    ),
    entry(
        "/v1/quote/custom_fields",
        "quotes.list_custom_fields",
        Access::Public,
        Shape::List,
    ),
    entry(
        "/v1/staff/locations",
        "staff.list_locations",
        Access::Staff,
        Shape::Paged,
    ),
    entry(
        "/v1/staff/locations/available",
        "staff.list_available_locations",
        Access::Staff,
        Shape::Paged,
    ),
    entry(
        "/v1/staff/checklists",
        "staff.list_checklists",
        Access::Staff,
        Shape::Paged,
    ),
    entry(
        "/v1/staff/reports/pending_charges",
        "staff.list_pending_charges",
        Access::Staff,
        Shape::Paged,
    ),
    entry(
        "/v1/staff/teams/payments/summary",
        "staff.list_team_payments",
        Access::Staff,
        Shape::Paged,
    ),
];

/// The reference entry of `route`, if it is one.
pub(crate) fn entry_of(route: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.route == route)
}

/// An object route's answers: to a logged-in caller, and to an anonymous one.
type Variants = (Option<Map<String, Value>>, Option<Map<String, Value>>);

/// The data of the reference routes.
#[derive(Debug, Default)]
pub(crate) struct Reference {
    /// Per object route: the answer to a logged-in caller and to an anonymous one.
    objects: HashMap<&'static str, Variants>,
    /// Per list route: its items.
    lists: HashMap<&'static str, Vec<Value>>,
    /// The services (`GET /booking/services`) and the tags of `mode=tags`.
    services: Vec<Value>,
    tags: Vec<Value>,
}

/// The JSON body of a fixture answer: `body`, or `body_text` read as JSON (the vendor
/// sometimes labels JSON `text/plain`).
fn answer_json(response: &Value) -> Option<Value> {
    match response.get("body") {
        Some(Value::Null) | None => response
            .get("body_text")
            .and_then(Value::as_str)
            .and_then(|t| serde_json::from_str(t).ok()),
        Some(body) => Some(body.clone()),
    }
}

fn push_new(list: &mut Vec<Value>, item: Value) {
    let same = |x: &Value| match (x.get("id"), item.get("id")) {
        (Some(a), Some(b)) => a == b,
        _ => *x == item,
    };
    if !list.iter().any(same) {
        list.push(item);
    }
}

impl Reference {
    /// Seeds from one fixture: its 200 answers on a reference route.
    pub(crate) fn seed(&mut self, fixture: &Value) {
        let operation = fixture
            .get("operation")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let exchanges = fixture.get("exchanges").and_then(Value::as_array);
        for exchange in exchanges.into_iter().flatten() {
            let (Some(request), Some(response)) =
                (exchange.get("request"), exchange.get("response"))
            else {
                continue;
            };
            if response.get("status").and_then(Value::as_u64) != Some(200) {
                continue;
            }
            let path = request.get("path").and_then(Value::as_str).unwrap_or("");
            let Some(body) = answer_json(response) else {
                continue;
            };
            if path == "/v1/booking/services" && operation.starts_with("booking.list_services") {
                self.seed_services(body);
                continue;
            }
            let Some(entry) = ENTRIES
                .iter()
                .find(|e| e.route == path && operation.starts_with(e.operation))
            else {
                continue;
            };
            let anonymous = request
                .get("headers")
                .and_then(|h| h.get("authorization"))
                .is_none();
            match (entry.shape, body) {
                (Shape::Object, Value::Object(map)) => {
                    let slot = self.objects.entry(entry.route).or_default();
                    let slot = if anonymous { &mut slot.1 } else { &mut slot.0 };
                    // The richest answer seen (a fixture may show a trimmed one).
                    if slot.as_ref().is_none_or(|old| old.len() < map.len()) {
                        *slot = Some(map);
                    }
                }
                (Shape::List | Shape::Paged, Value::Array(items)) => {
                    let list = self.lists.entry(entry.route).or_default();
                    for item in items {
                        push_new(list, item);
                    }
                }
                _ => {}
            }
        }
    }

    /// Makes the business's plan one: a feature the seeds show on in either settings
    /// answer (the logged-in and the anonymous one) is on in both.
    pub(crate) fn finish(&mut self) {
        let Some((Some(known), Some(anon))) = self.objects.get_mut("/v1/settings") else {
            return;
        };
        let mut on = Map::new();
        for settings in [&*known, &*anon] {
            for (name, value) in settings
                .get("features")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if value == &Value::Bool(true) {
                    on.insert(name.clone(), Value::Bool(true));
                }
            }
        }
        for settings in [known, anon] {
            if let Some(Value::Object(features)) = settings.get_mut("features") {
                features.extend(on.clone());
            }
        }
    }

    fn seed_services(&mut self, body: Value) {
        match body {
            Value::Array(items) => items
                .into_iter()
                .for_each(|s| push_new(&mut self.services, s)),
            Value::Object(mut map) => {
                if let Some(Value::Array(items)) = map.remove("services") {
                    items
                        .into_iter()
                        .for_each(|s| push_new(&mut self.services, s));
                }
                if let Some(Value::Array(tags)) = map.remove("tags_info") {
                    tags.into_iter().for_each(|t| push_new(&mut self.tags, t));
                }
            }
            _ => {}
        }
    }

    /// The object of `route` for a caller (`anonymous` or not); the other variant when
    /// only it is known.
    pub(crate) fn object(&self, route: &str, anonymous: bool) -> Option<&Map<String, Value>> {
        let (known, anon) = self.objects.get(route)?;
        if anonymous {
            anon.as_ref().or(known.as_ref())
        } else {
            known.as_ref().or(anon.as_ref())
        }
    }

    /// The items of a list route.
    pub(crate) fn list(&self, route: &str) -> &[Value] {
        self.lists.get(route).map_or(&[], Vec::as_slice)
    }

    /// A frequency by id.
    pub(crate) fn frequency(&self, id: u64) -> Option<&Value> {
        self.list("/v1/booking/frequencies")
            .iter()
            .find(|f| f.get("id").and_then(Value::as_u64) == Some(id))
    }

    /// A service by id.
    pub(crate) fn service(&self, id: u64) -> Option<&Value> {
        self.services
            .iter()
            .find(|s| s.get("id").and_then(Value::as_u64) == Some(id))
    }

    /// The tenant's time zone (`GET /settings` → `timezone`; UTC when unknown).
    pub(crate) fn time_zone(&self) -> jiff::tz::TimeZone {
        self.object("/v1/settings", false)
            .and_then(|s| s.get("timezone"))
            .and_then(Value::as_str)
            .and_then(|tz| jiff::tz::TimeZone::get(tz).ok())
            .unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// Whether the plan has a feature (`GET /settings` → `features.<name>`).
    pub(crate) fn feature(&self, name: &str) -> bool {
        self.object("/v1/settings", false)
            .and_then(|s| s.get("features"))
            .and_then(|f| f.get(name))
            .and_then(Value::as_bool)
            == Some(true)
    }

    /// The business name (the `affilation` of analytics answers).
    pub(crate) fn business(&self) -> String {
        self.object("/v1/settings", false)
            .and_then(|s| s.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("sandbox")
            .to_owned()
    }

    /// The locations (`GET /staff/locations`).
    pub(crate) fn locations(&self) -> &[Value] {
        self.list("/v1/staff/locations")
    }

    /// The teams the staff lists show (`{id, title}`), from the team payment summaries.
    pub(crate) fn teams(&self) -> Vec<Value> {
        let mut teams = Vec::new();
        for row in self.list("/v1/staff/teams/payments/summary") {
            if let Some(team) = row.get("team") {
                push_new(
                    &mut teams,
                    json!({"id": team.get("id"), "title": team.get("title")}),
                );
            }
        }
        teams
    }

    /// `GET /booking/services`: the services; `mode=tags` wraps them as
    /// `{tags_info, services}` (§9). `location_id` must be a known location.
    pub(crate) fn services(&self, query: &BTreeMap<String, String>) -> Result<Value, String> {
        if let Some(location) = query.get("location_id") {
            let known = location.parse::<u64>().ok().is_some_and(|id| {
                self.locations()
                    .iter()
                    .any(|l| l.get("id").and_then(Value::as_u64) == Some(id))
            });
            if !known {
                return Err("location_id".into());
            }
        }
        let services = Value::Array(self.services.clone());
        Ok(match query.get("mode").map(String::as_str) {
            Some("tags") => json!({"tags_info": self.tags, "services": services}),
            _ => services,
        })
    }
}

/// `limit` (≥ 1, default: everything) and `offset` (default 0) of a staff list.
pub(crate) fn page(items: &[Value], query: &BTreeMap<String, String>) -> Result<Value, String> {
    let limit = match query.get("limit").map(|l| l.parse::<usize>()) {
        None => usize::MAX,
        Some(Ok(n)) if n >= 1 => n,
        Some(_) => return Err("limit".into()),
    };
    let offset = match query.get("offset").map(|o| o.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Err("offset".into()),
    };
    for name in ["from", "to"] {
        if query
            .get(name)
            .is_some_and(|d| d.parse::<jiff::civil::Date>().is_err())
        {
            return Err(name.into());
        }
    }
    Ok(Value::Array(
        items.iter().skip(offset).take(limit).cloned().collect(),
    ))
}

/// Answers a reference route for `caller` (`None`: anonymous).
pub(crate) fn serve(
    reference: &Reference,
    entry: &Entry,
    caller: Option<(bool, &Map<String, Value>)>,
    query: &BTreeMap<String, String>,
) -> axum::response::Response {
    use axum::http::StatusCode;
    match entry.shape {
        Shape::Object => {
            let Some(object) = reference.object(entry.route, caller.is_none()) else {
                return super::text(StatusCode::NOT_FOUND, "Not Found");
            };
            let mut object = object.clone();
            // The profile is the caller's own (docs/vendors/launch27.md §8).
            if let (Some((_, user)), "/v1/profile") = (caller, entry.route) {
                for (from, to) in [
                    ("id", "user_id"),
                    ("type", "user_type"),
                    ("email", "email"),
                    ("first_name", "first_name"),
                    ("last_name", "last_name"),
                ] {
                    if let Some(v) = user.get(from) {
                        object.insert(to.into(), v.clone());
                    }
                }
            }
            super::json_answer(StatusCode::OK, &Value::Object(object))
        }
        Shape::List => super::json_answer(
            StatusCode::OK,
            &Value::Array(reference.list(entry.route).to_vec()),
        ),
        Shape::Paged => match page(reference.list(entry.route), query) {
            Ok(items) => super::json_answer(StatusCode::OK, &items),
            Err(name) => super::field_error(&name, "invalid", "is not valid"),
        },
    }
}
