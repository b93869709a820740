//! The generic in-memory collections behind every store and nested collection
//! (docs/vendors/rightech.md §5–§7): one type serves list, get, create, update and delete.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{GROUP, OWNER};

/// Most records one list answer holds, also the largest `limit` (docs/vendors/rightech.md §6).
pub(super) const PAGE_MAX: usize = 10_000;
/// Fields a PATCH may not change (docs/vendors/rightech.md §4, §5).
const SYSTEM_FIELDS: &[&str] = &["_id", "owner", "group", "access", "branch"];

/// Whether `id` is a BSON ObjectId in text (24 hexadecimal characters).
pub(super) fn is_object_id(id: &str) -> bool {
    id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(super) fn record_id(record: &Value) -> Option<&str> {
    record.get("_id").and_then(Value::as_str)
}

/// The collection a GET path (below `/api/v1/`, split on `/`) lists or reads one record of:
/// a store (`bookings`, `bookings/<id>`) or one of the documented nested collections
/// (`tasks/kinds`, `reports/builds`, `objects/<id>/packets`, `objects/<id>/events`,
/// `tables/<id>/rows[/<row>]`). `None` for anything else.
pub(super) fn collection_of(segments: &[&str]) -> Option<String> {
    match segments {
        ["auth"] | ["auth", _] | ["events", "org"] => None,
        ["tasks", "kinds"] | ["reports", "builds"] => Some(segments.join("/")),
        [store] | [store, _] if !store.is_empty() => Some((*store).to_owned()),
        ["objects", object, sub @ ("packets" | "events")] if is_object_id(object) => {
            Some(format!("objects/{object}/{sub}"))
        }
        ["objects", object, "packets", packet] if is_object_id(object) && is_object_id(packet) => {
            Some(format!("objects/{object}/packets"))
        }
        ["tables", table, "rows"] | ["tables", table, "rows", _] if is_object_id(table) => {
            Some(format!("tables/{table}/rows"))
        }
        _ => None,
    }
}

/// Whether records of `collection` may lack an `_id` (an object's events carry `_msgid`).
fn ids_optional(collection: &str) -> bool {
    collection.starts_with("objects/") && collection.ends_with("/events")
}

/// An export of a report build, as the server answers it.
#[derive(Clone, Debug)]
pub(super) struct ExportFile {
    pub(super) content_type: String,
    pub(super) text: String,
}

/// Everything the server holds.
#[derive(Debug, Default)]
pub(super) struct Data {
    /// Records per collection key (`bookings`, `tables/<id>/rows`), in list order.
    collections: BTreeMap<String, Vec<Value>>,
    /// Read-only documents by path (`events/org`).
    documents: BTreeMap<String, Value>,
    /// Report exports by build id and format.
    exports: BTreeMap<(String, String), ExportFile>,
}

impl Data {
    /// Adds `record` to `collection` unless it has no ObjectId (where one is required) or the
    /// collection holds it already.
    pub(super) fn insert(&mut self, collection: &str, record: Value) {
        if !record.is_object() {
            return;
        }
        let id = record_id(&record).filter(|id| is_object_id(id));
        if id.is_none() && !ids_optional(collection) {
            return;
        }
        let records = self.collections.entry(collection.to_owned()).or_default();
        let known = match id {
            Some(id) => records.iter().any(|r| record_id(r) == Some(id)),
            None => records.contains(&record),
        };
        if !known {
            records.push(record);
        }
    }

    /// Keeps the first document seen for `path`.
    pub(super) fn add_document(&mut self, path: &str, body: Value) {
        self.documents.entry(path.to_owned()).or_insert(body);
    }

    pub(super) fn document(&self, path: &str) -> Option<&Value> {
        self.documents.get(path)
    }

    /// Keeps the first export seen for a build and format.
    pub(super) fn add_export(&mut self, build: &str, format: &str, content_type: &str, text: &str) {
        self.exports
            .entry((build.to_owned(), format.to_owned()))
            .or_insert_with(|| ExportFile {
                content_type: content_type.to_owned(),
                text: text.to_owned(),
            });
    }

    pub(super) fn export(&self, build: &str, format: &str) -> Option<&ExportFile> {
        self.exports.get(&(build.to_owned(), format.to_owned()))
    }

    pub(super) fn records(&self, collection: &str) -> &[Value] {
        self.collections
            .get(collection)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub(super) fn records_mut(&mut self, collection: &str) -> &mut Vec<Value> {
        self.collections.entry(collection.to_owned()).or_default()
    }

    pub(super) fn get(&self, collection: &str, id: &str) -> Option<&Value> {
        self.records(collection)
            .iter()
            .find(|r| record_id(r) == Some(id))
    }

    pub(super) fn get_mut(
        &mut self,
        collection: &str,
        id: &str,
    ) -> Option<&mut Map<String, Value>> {
        self.collections
            .get_mut(collection)?
            .iter_mut()
            .find(|r| record_id(r) == Some(id))
            .and_then(Value::as_object_mut)
    }

    /// A new record from a create body: the server sets `_id`, `owner`, `group` and `time`
    /// (system fields in the body are ignored). Appended, or put first with `newest_first`.
    pub(super) fn create(
        &mut self,
        collection: &str,
        id: String,
        body: Map<String, Value>,
        now_ms: i64,
        newest_first: bool,
    ) -> Value {
        let mut record = Map::new();
        record.insert("_id".into(), json!(id));
        record.insert("owner".into(), json!(OWNER));
        record.insert("group".into(), json!(GROUP));
        for (key, value) in body {
            if !SYSTEM_FIELDS.contains(&key.as_str()) {
                record.insert(key, value);
            }
        }
        record.insert("time".into(), json!(now_ms));
        let record = Value::Object(record);
        let records = self.records_mut(collection);
        if newest_first {
            records.insert(0, record.clone());
        } else {
            records.push(record.clone());
        }
        record
    }

    /// `PATCH`: the top-level fields of `changes` replace the record's, `null` removes one.
    /// `Err` names a system field; `Ok(None)` is an unknown record.
    pub(super) fn patch(
        &mut self,
        collection: &str,
        id: &str,
        changes: Map<String, Value>,
    ) -> Result<Option<Value>, String> {
        if let Some(field) = changes.keys().find(|k| SYSTEM_FIELDS.contains(&k.as_str())) {
            return Err(format!("`{field}` cannot be changed"));
        }
        let Some(record) = self.get_mut(collection, id) else {
            return Ok(None);
        };
        for (key, value) in changes {
            if value.is_null() {
                record.remove(&key);
            } else {
                record.insert(key, value);
            }
        }
        Ok(Some(Value::Object(record.clone())))
    }

    /// Removes and answers the record.
    pub(super) fn delete(&mut self, collection: &str, id: &str) -> Option<Value> {
        let records = self.collections.get_mut(collection)?;
        let i = records.iter().position(|r| record_id(r) == Some(id))?;
        Some(records.remove(i))
    }
}

/// Which list parameters a collection takes besides the common ones (§6, §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Extra {
    /// Only the common ones.
    None,
    /// The event log: `events=a,b` includes, `events!=c,d` excludes event names.
    Events,
    /// Users: `search=<text>` over names and contacts.
    Users,
    /// Table rows: any other parameter is a column's value.
    Rows,
}

impl Extra {
    /// The extra parameters of `collection`.
    pub(super) fn of(collection: &str) -> Extra {
        match collection {
            "events" => Extra::Events,
            "users" => Extra::Users,
            c if c.starts_with("tables/") => Extra::Rows,
            _ => Extra::None,
        }
    }
}

/// The list parameters (docs/vendors/rightech.md §6, §7).
#[derive(Default)]
pub(super) struct ListParams {
    offset: usize,
    limit: Option<usize>,
    only: Option<Vec<String>>,
    from: Option<i64>,
    to: Option<i64>,
    /// Equality filters: `where.<field>`, and a table's columns.
    filters: Vec<(String, String)>,
    meta: bool,
    events: Option<Vec<String>>,
    not_events: Vec<String>,
    search: Option<String>,
}

/// A creation-time bound: milliseconds or `YYYY-MM-DDThh:mm` (read as UTC: the vendor's zone
/// is not documented).
fn bound(text: &str) -> Option<i64> {
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    let dt = jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M", text).ok()?;
    dt.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_millisecond())
}

fn names(value: &str) -> Vec<String> {
    value
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parses the query of a list of a collection with the `extra` parameters; `Err` is the
/// message of a `400`.
pub(super) fn list_params(
    pairs: Vec<(String, String)>,
    extra: Extra,
) -> Result<ListParams, String> {
    let mut p = ListParams::default();
    let mut synonyms = (false, false);
    for (key, value) in pairs {
        match (key.as_str(), extra) {
            ("offset", _) => {
                p.offset = value
                    .parse()
                    .map_err(|_| "offset must be a non-negative integer".to_owned())?;
            }
            ("limit", _) => match value.parse::<usize>() {
                Ok(n) if (1..=PAGE_MAX).contains(&n) => p.limit = Some(n),
                _ => return Err("limit must be an integer from 1 to 10000".to_owned()),
            },
            ("only", _) => p.only = Some(names(&value)),
            ("meta", _) => p.meta = value == "true",
            ("streamed", _) => {}
            ("from" | "begin" | "to" | "end", _) => {
                let at = bound(&value)
                    .ok_or_else(|| format!("{key} must be milliseconds or YYYY-MM-DDThh:mm"))?;
                let lower = key == "from" || key == "begin";
                let seen = if lower {
                    &mut synonyms.0
                } else {
                    &mut synonyms.1
                };
                if *seen {
                    return Err("from/begin and to/end are synonyms; send one".to_owned());
                }
                *seen = true;
                if lower {
                    p.from = Some(at);
                } else {
                    p.to = Some(at);
                }
            }
            ("events", Extra::Events) => p.events = Some(names(&value)),
            ("events!", Extra::Events) => p.not_events.extend(names(&value)),
            ("search", Extra::Users) => p.search = Some(value.to_lowercase()),
            _ => match key.strip_prefix("where.") {
                Some(field) if !field.is_empty() => p.filters.push((field.to_owned(), value)),
                _ if extra == Extra::Rows && !key.is_empty() => p.filters.push((key, value)),
                _ => {
                    return Err(format!("sandbox: the parameter `{key}` is not supported"));
                }
            },
        }
    }
    if p.meta && (p.limit.is_some() || p.offset != 0) {
        return Err("meta cannot be combined with offset or limit".to_owned());
    }
    Ok(p)
}

/// Whether the value at `path` equals `want` (as text); an array matches when one of its
/// elements does.
fn field_equals(record: &Value, path: &str, want: &str) -> bool {
    let Some(value) = path
        .split('.')
        .try_fold(record, |v, segment| v.get(segment))
    else {
        return false;
    };
    let same = |v: &Value| match v {
        Value::String(s) => s == want,
        Value::Number(_) | Value::Bool(_) => {
            serde_json::from_str::<Value>(want).is_ok_and(|w| w == *v)
        }
        _ => false,
    };
    match value {
        Value::Array(items) => items.iter().any(same),
        other => same(other),
    }
}

/// The user fields `search` looks in.
const SEARCHED: &[&str] = &["name", "login", "email", "phone"];

impl ListParams {
    fn matches(&self, r: &Value) -> bool {
        let created = r.get("time").and_then(Value::as_i64);
        let event = r.get("event").and_then(Value::as_str).unwrap_or_default();
        self.from.is_none_or(|f| created.is_some_and(|t| f <= t))
            && self.to.is_none_or(|to| created.is_some_and(|t| t <= to))
            && self.filters.iter().all(|(f, v)| field_equals(r, f, v))
            && self
                .events
                .as_ref()
                .is_none_or(|names| names.iter().any(|n| n == event))
            && !self.not_events.iter().any(|n| n == event)
            && self.search.as_ref().is_none_or(|text| {
                SEARCHED.iter().any(|field| {
                    r.get(*field)
                        .and_then(Value::as_str)
                        .is_some_and(|v| v.to_lowercase().contains(text.as_str()))
                })
            })
    }

    /// The answer of a list over `records`: a bare array, or with `meta=true` the count and
    /// the first and last record (assumed shape).
    pub(super) fn answer(&self, records: &[Value]) -> Value {
        let matching = records.iter().filter(|r| self.matches(r));
        if self.meta {
            let all: Vec<&Value> = matching.collect();
            return json!({
                "count": all.len(),
                "first": all.first().copied().cloned().unwrap_or(Value::Null),
                "last": all.last().copied().cloned().unwrap_or(Value::Null),
            });
        }
        let page = matching
            .skip(self.offset)
            .take(self.limit.unwrap_or(PAGE_MAX))
            .map(|r| match &self.only {
                None => r.clone(),
                Some(fields) => {
                    let mut out = Map::new();
                    for key in std::iter::once("_id").chain(fields.iter().map(String::as_str)) {
                        if let Some(v) = r.get(key) {
                            out.insert(key.to_owned(), v.clone());
                        }
                    }
                    Value::Object(out)
                }
            })
            .collect();
        Value::Array(page)
    }
}
