//! `events`: the project event log (docs/vendors/rightech.md §9), also the payload of the realtime
//! streams, and the organisation's event names per model (`GET /api/v1/events/org`, from the
//! vendor's own integration code, not its prose documents; docs/vendors/rightech.md §9).

use std::collections::BTreeMap;

use core_http::{Error, Result};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use futures::Stream;

use core_http::paging::PageRequest;

use crate::store::{ListQuery, ObjectId, PagedQuery, Store, SystemFields};

/// Store name of events.
pub const STORE: &str = "events";

model_kit::open_enum! {
    /// An event type (`event`). Only `object-packet` is documented; others are kept as text.
    pub enum EventKind {
        /// A data packet from an object.
        ObjectPacket = "object-packet",
    }
}

/// One event: `{_msgid, _oid?, event, time, data}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Event {
    /// System fields, when the event is read from the store.
    #[serde(flatten)]
    pub system: SystemFields,
    /// `_msgid`: the message id.
    #[serde(rename = "_msgid", default, skip_serializing_if = "Option::is_none")]
    pub msg_id: Option<String>,
    /// `_oid`: the object the event concerns.
    #[serde(rename = "_oid", default, skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectId>,
    /// `event`: the event type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventKind>,
    /// `time` (epoch milliseconds).
    #[serde(
        default,
        with = "crate::time::opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i64>")]
    pub time: Option<Timestamp>,
    /// `data`: the payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A list of events filtered by type: `events=a,b` includes, `events!=c,d` excludes
/// (docs/vendors/rightech.md §7), on top of the usual list parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventQuery {
    /// Paging, window, projection, filters.
    #[serde(default)]
    pub list: ListQuery,
    /// `events`: only these types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventKind>,
    /// `events!`: not these types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<EventKind>,
}

impl EventQuery {
    /// Events matching `list`.
    pub fn new(list: ListQuery) -> Self {
        EventQuery {
            list,
            ..EventQuery::default()
        }
    }

    /// Only events of these types.
    pub fn events(mut self, kinds: impl IntoIterator<Item = EventKind>) -> Self {
        self.events = kinds.into_iter().collect();
        self
    }

    /// No events of these types.
    pub fn exclude(mut self, kinds: impl IntoIterator<Item = EventKind>) -> Self {
        self.exclude = kinds.into_iter().collect();
        self
    }
}

impl PagedQuery for EventQuery {
    fn pairs(&self) -> Result<Vec<(String, String)>> {
        let mut out = self.list.to_pairs()?;
        for (key, kinds) in [("events", &self.events), ("events!", &self.exclude)] {
            if kinds.is_empty() {
                continue;
            }
            if kinds
                .iter()
                .any(|k| k.as_str().is_empty() || k.as_str().contains(','))
            {
                return Err(Error::validation(
                    key,
                    "event types must be non-empty and hold no comma",
                ));
            }
            let joined: Vec<&str> = kinds.iter().map(EventKind::as_str).collect();
            out.push((key.to_owned(), joined.join(",")));
        }
        Ok(out)
    }

    fn paging(&self) -> (Option<u32>, Option<u64>) {
        self.list.paging()
    }

    fn at(&self, page: PageRequest) -> Self {
        EventQuery {
            list: self.list.at(page),
            ..self.clone()
        }
    }
}

/// The event names of the organisation, `GET /api/v1/events/org`: the names each model
/// defines (`byModel`, keyed by the model's id as sent), all names once (`unique`) and the
/// names not tied to a model (`noModel`).
///
/// Known from the vendor's own integration, not from its prose documents: every part may be absent
/// (read as empty), `byModel` is `{}` when no model has events, and unknown fields are kept.
/// The model ids are kept as text, since this shape is not documented.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EventNames {
    /// `byModel`: model id → the event names of that model.
    #[serde(rename = "byModel", default)]
    pub by_model: BTreeMap<String, Vec<String>>,
    /// `unique`: every event name, once.
    #[serde(default)]
    pub unique: Vec<String>,
    /// `noModel`: event names not tied to any model.
    #[serde(rename = "noModel", default)]
    pub no_model: Vec<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Store<Event> {
    /// `GET /api/v1/events/org`: the event names of the organisation, per model.
    pub async fn names(&self) -> Result<EventNames> {
        let path = self.path("/org")?;
        self.client.get(&path).send_json().await
    }

    /// `GET /api/v1/events` filtered by event type (`events=`, `events!=`): one page of at
    /// most 10000 events.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for an empty event type or one holding a comma,
    /// and for the list parameter errors of [`Store::list_page`].
    pub async fn list_by_kind_page(&self, query: &EventQuery) -> Result<Vec<Event>> {
        Ok(self.page_of("", None, query).await?.into_items())
    }

    /// Every event matching `query`, as a lazy stream over all pages (`list.limit` is the page
    /// size, default and maximum 10000).
    ///
    /// # Errors
    ///
    /// The stream yields the errors of [`Store::list_by_kind_page`] and stops after the first.
    pub fn list_by_kind(
        &self,
        query: &EventQuery,
    ) -> impl Stream<Item = Result<Event>> + Send + 'static {
        self.pages_of("", None, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_example_decodes() {
        let e: Event = serde_json::from_str(
            r#"{"_msgid":"q1w2e3r4t5y6","_oid":"64b000000000000000000001","event":"object-packet","time":1700000000123,"data":{"_ts":1700000000122456}}"#,
        )
        .unwrap();
        assert_eq!(e.event, Some(EventKind::ObjectPacket));
        assert_eq!(e.time.unwrap().as_millisecond(), 1_700_000_000_123);
        let q = EventQuery::new(ListQuery::new())
            .events([EventKind::ObjectPacket])
            .exclude([EventKind::from("object-online")]);
        assert_eq!(
            q.pairs().unwrap(),
            vec![
                ("events".to_owned(), "object-packet".to_owned()),
                ("events!".to_owned(), "object-online".to_owned())
            ]
        );
    }
}
