//! `objects`: the IoT "objects of control" (docs/vendors/rightech.md §9), their telemetry packets,
//! commands, events, model tree and scenario automatons.

use core_http::{Error, Result};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::events::Event;
use crate::models::Model;
use futures::Stream;

use crate::error::check_ack;
use core_http::paging::PageRequest;

use crate::store::{ObjectId, PagedQuery, Store, SystemFields, push_limit, unpaged};
use crate::time::TimeBound;

/// Store name of objects.
pub const STORE: &str = "objects";

/// An object of control.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Object {
    /// `_id`, `owner`, `group`, `access`, `branch`.
    #[serde(flatten)]
    pub system: SystemFields,
    /// `id`: the device's own id, used to connect (not the `_id`).
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// `model`: the model's `_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ObjectId>,
    /// `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `status` (text in the docs; kept as JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
    /// `state`: the last data packet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Value>,
    /// `config`: per-model settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Value>,
    /// `time`: creation time (epoch milliseconds).
    #[serde(
        default,
        with = "crate::time::opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i64>")]
    pub time: Option<Timestamp>,
    /// `links`: related records by kind (shape from the vendor's types; kept as JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

checked_id! {
    /// A device id (`id` of an object): characters `a-z 0-9 : _ + -` (docs/vendors/rightech.md §9).
    ///
    /// ```
    /// use rightech::objects::DeviceId;
    /// assert!(DeviceId::new("mqtt-project_name-aqv0zb").is_ok());
    /// assert!(DeviceId::new("Bad Id").is_err());
    /// ```
    pub struct DeviceId;
    field = "id",
    error = "device id `{id}` may hold only a-z 0-9 : _ + -",
    check = |id| !id.is_empty()
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b':' | b'_' | b'+' | b'-')
        }),
    normalise = |id| id.to_owned(),
}

/// Body of `POST /api/v1/objects`: `model`, `id` and `name` are required (docs/vendors/rightech.md
/// §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewObject {
    /// `model`: the model's `_id`.
    pub model: ObjectId,
    /// `id`: the device id.
    pub id: DeviceId,
    /// `name`.
    pub name: String,
    /// `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `config`: per-model settings. A JSON object whose keys the object's model defines, so
    /// the vendor accepts arbitrary JSON values in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Map<String, Value>>,
}

impl NewObject {
    /// A new object of `model` with device id `id` and a display name.
    pub fn new(model: ObjectId, id: DeviceId, name: impl Into<String>) -> Self {
        NewObject {
            model,
            id,
            name: name.into(),
            description: None,
            config: None,
        }
    }
}

model_kit::setters!(NewObject {
    /// `description`.
    description: String,
    /// `config`: the per-model settings (keys defined by the model).
    config: Map<String, Value>,
});

/// One telemetry packet (docs/vendors/rightech.md §9): system keys plus the model's parameter ids.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Packet {
    /// `_id`.
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ObjectId>,
    /// `_ts`: server time in **microseconds**.
    #[serde(
        rename = "_ts",
        default,
        with = "crate::time::opt_micros",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i64>")]
    pub server_time: Option<Timestamp>,
    /// `time`: device or server time in milliseconds.
    #[serde(
        default,
        with = "crate::time::opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i64>")]
    pub time: Option<Timestamp>,
    /// `online`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<bool>,
    /// The parameter values (keys are the model's parameter ids) and anything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Query of `GET /api/v1/objects/:id/packets`: time window and paging (docs/vendors/rightech.md
/// §9). The server returns about a month by default.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PacketQuery {
    /// `from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<TimeBound>,
    /// `to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<TimeBound>,
    /// `limit` (1..=10000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `offset`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

impl PacketQuery {
    /// The default window.
    pub fn new() -> Self {
        PacketQuery::default()
    }
}

page_setters!(PacketQuery);

impl PagedQuery for PacketQuery {
    fn pairs(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        if let Some(from) = &self.from {
            out.push(("from".to_owned(), from.to_string()));
        }
        if let Some(to) = &self.to {
            out.push(("to".to_owned(), to.to_string()));
        }
        push_limit(&mut out, self.limit)?;
        if let Some(offset) = self.offset {
            out.push(("offset".to_owned(), offset.to_string()));
        }
        Ok(out)
    }

    fn paging(&self) -> (Option<u32>, Option<u64>) {
        (self.limit, self.offset)
    }

    fn at(&self, page: PageRequest) -> Self {
        self.clone().offset(page.offset).limit(page.limit)
    }
}

model_kit::setters!(PacketQuery {
    /// `from`: lower bound (milliseconds or `YYYY-MM-DDThh:mm`).
    from: TimeBound,
    /// `to`: upper bound (milliseconds or `YYYY-MM-DDThh:mm`).
    to: TimeBound,
});

checked_id! {
    /// A command id defined by the model: `^[a-z0-9-_]+$` (docs/vendors/rightech.md §9).
    pub struct CommandId;
    field = "command",
    error = "command id `{id}` may hold only a-z 0-9 - _",
    check = |id| !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_')),
    normalise = |id| id.to_owned(),
}

/// `POST /api/v1/objects/:id/commands/:command` with optional parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendCommand {
    /// The object's `_id`.
    pub object: ObjectId,
    /// The command id.
    pub command: CommandId,
    /// Command parameters, sent as the JSON body: an object whose keys the model's command
    /// defines, so the vendor accepts arbitrary JSON values in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Map<String, Value>>,
}

impl SendCommand {
    /// Command `command` for object `object`, without parameters.
    pub fn new(object: ObjectId, command: CommandId) -> Self {
        SendCommand {
            object,
            command,
            params: None,
        }
    }
}

model_kit::setters!(SendCommand {
    /// Command parameters (keys defined by the model's command).
    params: Map<String, Value>,
});

/// Query of `GET /api/v1/objects/:id/events`: a window sent in epoch milliseconds
/// (docs/vendors/rightech.md §9). `from` after `to` is refused before sending.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectEventsQuery {
    /// `from` (sent as epoch milliseconds).
    #[serde(
        default,
        with = "crate::time::strict_opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i64>")]
    pub from: Option<Timestamp>,
    /// `to` (sent as epoch milliseconds).
    #[serde(
        default,
        with = "crate::time::strict_opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i64>")]
    pub to: Option<Timestamp>,
}

impl ObjectEventsQuery {
    /// No window: the server's default.
    pub fn new() -> Self {
        ObjectEventsQuery::default()
    }

    /// Events between two instants.
    pub fn between(from: Timestamp, to: Timestamp) -> Self {
        ObjectEventsQuery {
            from: Some(from),
            to: Some(to),
        }
    }

    fn to_pairs(&self) -> Result<Vec<(String, String)>> {
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(Error::validation("from", "`from` is after `to`"));
        }
        let mut out = Vec::new();
        for (key, bound) in [("from", self.from), ("to", self.to)] {
            if let Some(at) = bound {
                out.push((key.to_owned(), at.as_millisecond().to_string()));
            }
        }
        Ok(out)
    }
}

/// Which way to switch a scenario automaton.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AutomatonAction {
    /// `.../start`.
    Start,
    /// `.../stop`.
    Stop,
}

impl Store<Object> {
    /// `GET /api/v1/objects/:id/packets`: one page of telemetry history (at most 10000
    /// packets; the server answers about a month when no window is given).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending when `limit` is outside 1..=10000.
    pub async fn list_packets_page(
        &self,
        object: &ObjectId,
        query: &PacketQuery,
    ) -> Result<Vec<Packet>> {
        Ok(self
            .page_of("/{id}/packets", Some(object), query)
            .await?
            .into_items())
    }

    /// Every packet matching `query`, as a lazy stream over all pages (`limit` is the page
    /// size, default and maximum 10000; the page maximum of lists is assumed to hold here too).
    ///
    /// # Errors
    ///
    /// The stream yields the errors of [`Store::list_packets_page`] and stops after the first.
    pub fn list_packets(
        &self,
        object: &ObjectId,
        query: &PacketQuery,
    ) -> impl Stream<Item = Result<Packet>> + Send + 'static {
        self.pages_of("/{id}/packets", Some(object), query)
    }

    /// `POST /api/v1/objects/:id/packets`: sends a telemetry packet. Its keys are the model's
    /// parameter ids, so the vendor accepts any JSON object here. Returns the server's answer
    /// as JSON (its shape is not documented).
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when the server answers 2xx with `success: false` (not done).
    pub async fn send_packet(
        &self,
        object: &ObjectId,
        packet: &Map<String, Value>,
    ) -> Result<Value> {
        let path = self.path("/{id}/packets")?;
        let answer = self
            .client
            .post(&path)
            .path_param("id", object)
            .json(packet)
            .send_json()
            .await?;
        check_ack(&self.client, "POST /api/v1/objects/{id}/packets", answer)
    }

    /// `POST /api/v1/objects/:id/commands/:command`. Returns the server's answer as JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when the server answers 2xx with `success: false` (the command was not
    /// sent to the device).
    pub async fn command(&self, command: &SendCommand) -> Result<Value> {
        let path = self.path("/{id}/commands/{command}")?;
        let mut request = self
            .client
            .post(&path)
            .path_param("id", &command.object)
            .path_param("command", command.command.as_str());
        if let Some(params) = &command.params {
            request = request.json(params);
        }
        let answer = request.send_json().await?;
        check_ack(
            &self.client,
            "POST /api/v1/objects/{id}/commands/{command}",
            answer,
        )
    }

    /// `GET /api/v1/objects/:id/events`: the events of one object in a window. Not paged by
    /// the vendor: one request answers everything.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending when `from` is after `to`.
    pub async fn list_events_page(
        &self,
        object: &ObjectId,
        query: &ObjectEventsQuery,
    ) -> Result<Vec<Event>> {
        let pairs = query.to_pairs()?;
        let path = self.path("/{id}/events")?;
        self.client
            .get(&path)
            .path_param("id", object)
            .query_pairs(pairs)
            .send_json()
            .await
    }

    /// The events of one object as a stream. Not paged by the vendor: one request answers
    /// everything, made lazily on the first poll.
    ///
    /// # Errors
    ///
    /// The stream yields the error of [`Store::list_events_page`].
    pub fn list_events(
        &self,
        object: &ObjectId,
        query: &ObjectEventsQuery,
    ) -> impl Stream<Item = Result<Event>> + Send + 'static {
        let store = self.clone();
        let object = object.clone();
        let query = query.clone();
        unpaged(async move { store.list_events_page(&object, &query).await })
    }

    /// `GET /api/v1/objects/:id/model`: the model tree as seen from the object.
    pub async fn model(&self, object: &ObjectId) -> Result<Model> {
        let path = self.path("/{id}/model")?;
        self.client
            .get(&path)
            .path_param("id", object)
            .send_json()
            .await
    }

    /// `POST /api/v1/objects/:id/automatons/:automaton/start` or `/stop` (no body). Returns
    /// the server's answer as JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when the server answers 2xx with `success: false` (the scenario was not
    /// started or stopped).
    pub async fn automaton(
        &self,
        object: &ObjectId,
        automaton: &ObjectId,
        action: AutomatonAction,
    ) -> Result<Value> {
        let suffix = match action {
            AutomatonAction::Start => "/{id}/automatons/{automaton}/start",
            AutomatonAction::Stop => "/{id}/automatons/{automaton}/stop",
        };
        let path = self.path(suffix)?;
        let answer = self
            .client
            .post(&path)
            .path_param("id", object)
            .path_param("automaton", automaton)
            .send_json()
            .await?;
        check_ack(
            &self.client,
            "POST /api/v1/objects/{id}/automatons/{automaton}",
            answer,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_unknown_fields_and_split_ids() {
        let o: Object = serde_json::from_str(
            r#"{"_id":"64b000000000000000000001","id":"mqtt-a","model":"64a000000000000000000001","name":"Pump A","time":1700000000000,"custom":{"x":1}}"#,
        )
        .unwrap();
        assert_eq!(
            o.system.id.as_ref().unwrap().as_str(),
            "64b000000000000000000001"
        );
        assert_eq!(o.device_id.as_deref(), Some("mqtt-a"));
        assert_eq!(o.extra.get("custom"), Some(&serde_json::json!({"x": 1})));
        let back = serde_json::to_value(&o).unwrap();
        assert_eq!(back["_id"], "64b000000000000000000001");
        assert_eq!(back["time"], 1_700_000_000_000_i64);
    }

    #[test]
    fn ids_are_validated_on_input() {
        assert!(CommandId::new("open-door_1").is_ok());
        assert!(CommandId::new("Open").is_err());
        assert!(
            serde_json::from_str::<NewObject>(
                r#"{"model":"64a000000000000000000001","id":"BAD ID","name":"x"}"#
            )
            .is_err()
        );
        assert!(PacketQuery::new().limit(20_000).pairs().is_err());
    }
}
