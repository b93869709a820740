//! The in-memory records of the Resource Guru fake: one id-ordered collection per resource
//! of the API, records owned by a parent (a booking's activities, a webhook's payload
//! queue), and read-only reference answers (reports), all seeded from the `200` answers of
//! the fixtures' `GET` requests, chosen by the request's path.

use std::collections::BTreeMap;

use serde_json::Value;

use super::records::{KINDS, Kind};

/// Records by collection name (`clients`, `resources`, ...) and id, in id order.
#[derive(Default)]
pub(super) struct Store {
    collections: BTreeMap<&'static str, BTreeMap<u64, Value>>,
    /// Records owned by another: (`activities`, booking id), (`queue`, webhook id),
    /// (`external_events`, 0).
    children: BTreeMap<(&'static str, u64), Vec<Value>>,
    /// Report answers by path after the account (`v1/reports/projects/0`).
    reports: BTreeMap<String, Value>,
    /// The caller's summary (`GET /v1/me`).
    pub(super) me: Option<Value>,
    /// The caller's resource (`resources/me`).
    pub(super) my_resource: Option<u64>,
}

pub(super) fn id_of(item: &Value) -> Option<u64> {
    item.get("id").and_then(Value::as_u64)
}

/// Adds `record`, or fills the fields a record of the same id lacks (list answers are
/// compact and detail answers complete: the sandbox keeps the complete record). Booleans
/// written as the strings `"true"`/`"false"` (legacy examples) are stored as booleans, as the
/// current docs answer them.
fn merge(into: &mut BTreeMap<u64, Value>, mut record: Value) {
    let Some(id) = id_of(&record) else {
        return;
    };
    if let Value::Object(fields) = &mut record {
        for value in fields.values_mut() {
            match value.as_str() {
                Some("true") => *value = Value::Bool(true),
                Some("false") => *value = Value::Bool(false),
                _ => {}
            }
        }
    }
    match (into.get_mut(&id), record) {
        (Some(Value::Object(old)), Value::Object(new)) => {
            for (key, value) in new {
                old.entry(key).or_insert(value);
            }
        }
        (Some(_), _) => {}
        (None, record) => {
            into.insert(id, record);
        }
    }
}

impl Store {
    /// The collection `name` (empty when nothing is stored).
    pub(super) fn collection(&self, name: &str) -> impl Iterator<Item = (&u64, &Value)> {
        self.collections.get(name).into_iter().flatten()
    }

    /// The collection `name`, created on first use.
    pub(super) fn collection_mut(&mut self, kind: &'static Kind) -> &mut BTreeMap<u64, Value> {
        self.collections.entry(kind.name).or_default()
    }

    /// Record `id` of `name`.
    pub(super) fn get(&self, name: &str, id: u64) -> Option<&Value> {
        self.collections.get(name)?.get(&id)
    }

    /// Whether `name` holds `id`.
    pub(super) fn contains(&self, name: &str, id: u64) -> bool {
        self.get(name, id).is_some()
    }

    /// The records `parent` owns in `name`.
    pub(super) fn children(&self, name: &str, parent: u64) -> &[Value] {
        self.children
            .iter()
            .find(|((n, p), _)| *n == name && *p == parent)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// Adds records owned by `parent`.
    pub(super) fn add_children(&mut self, name: &'static str, parent: u64, items: Vec<Value>) {
        let list = self.children.entry((name, parent)).or_default();
        for item in items {
            if id_of(&item).is_none_or(|id| !list.iter().any(|o| id_of(o) == Some(id))) {
                list.push(item);
            }
        }
    }

    /// Keeps the records `parent` owns in `name` that `keep` accepts.
    pub(super) fn retain_children(
        &mut self,
        name: &'static str,
        parent: u64,
        keep: impl FnMut(&Value) -> bool,
    ) {
        if let Some(list) = self.children.get_mut(&(name, parent)) {
            list.retain(keep);
        }
    }

    /// The report answer of `key` (`v1/reports/projects/0`).
    pub(super) fn report(&self, key: &str) -> Option<&Value> {
        self.reports.get(key)
    }

    /// Stores the items of one `200` answer to `GET path`, by what the path names.
    /// Bookings are the caller's ([`super::Data`]); answers of other paths are ignored.
    pub(super) fn seed(&mut self, path: &str, items: Vec<Value>) {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let digits = |s: &str| s.parse::<u64>().ok();
        match segments.as_slice() {
            ["v1", "me"] => self.me = items.into_iter().next(),
            ["v1", "accounts", ..] => self.seed_kind("accounts", items, false),
            [version @ ("v1" | "v2"), _, "reports", rest @ ..] => {
                if let Some(body) = items.into_iter().next() {
                    self.reports
                        .insert(format!("{version}/reports/{}", rest.join("/")), body);
                }
            }
            ["v1", _, "bookings", id, "activities"] => {
                if let Some(id) = digits(id) {
                    self.add_children("activities", id, items);
                }
            }
            ["v1", _, "webhooks", id, "queue"] => {
                if let Some(id) = digits(id) {
                    self.add_children("queue", id, items);
                }
            }
            ["v1", _, "custom_available_periods"] => {
                self.add_children("custom_available_periods", 0, items);
            }
            ["v1", _, "calendars", "external_events"] => {
                self.add_children("external_events", 0, items);
            }
            ["v1", _, "resources", "me"] => {
                self.my_resource = items.first().and_then(id_of);
                self.seed_kind("resources", items, false);
            }
            ["v1", _, name, "archived"] => self.seed_kind(name, items, true),
            ["v1", _, name] | ["v1", _, name, _] => self.seed_kind(name, items, false),
            _ => {}
        }
    }

    /// Stores the items of a list or get answer of `name`; `archived` says which list
    /// answered them (an archivable record without `archived` takes it from its list).
    fn seed_kind(&mut self, name: &str, items: Vec<Value>, archived: bool) {
        let Some(kind) = KINDS.iter().find(|k| k.name == name) else {
            return;
        };
        let records = self.collection_mut(kind);
        for mut item in items {
            if let (true, Value::Object(fields)) = (kind.archivable, &mut item) {
                fields.entry("archived").or_insert(Value::Bool(archived));
            }
            merge(records, item);
        }
    }

    /// The largest id of `name` (0 when empty).
    pub(super) fn last_id(&self, name: &str) -> u64 {
        self.collections
            .get(name)
            .and_then(|c| c.keys().next_back().copied())
            .unwrap_or(0)
    }

    /// Sets `human` on resources whose seeds lack it from another resource of the same
    /// resource type, or from the resource type itself (people are a property of the type).
    pub(super) fn infer_human(&mut self) {
        let type_id = |r: &Value| r.pointer("/resource_type/id").and_then(Value::as_u64);
        let mut known: BTreeMap<u64, Value> = self
            .collection("resource_types")
            .filter_map(|(id, t)| Some((*id, t.get("human")?.clone())))
            .collect();
        for (_, r) in self.collection("resources") {
            if let (Some(t), Some(h)) = (type_id(r), r.get("human")) {
                known.entry(t).or_insert_with(|| h.clone());
            }
        }
        if let Some(resources) = self.collections.get_mut("resources") {
            for resource in resources.values_mut() {
                let human = type_id(resource).and_then(|t| known.get(&t)).cloned();
                if let (Value::Object(r), Some(human)) = (resource, human) {
                    r.entry("human").or_insert(human);
                }
            }
        }
    }
}
