//! `tasks`: work items and their kinds (`tasks/kinds`, docs/vendors/rightech.md §9).

use core_http::{Error, Result};
use futures::Stream;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::store::{ObjectId, Store, unpaged};

/// Store name of tasks.
pub const STORE: &str = "tasks";

model_kit::open_enum! {
    /// A task's `status`. `created` and `assigned` are documented; others are kept as text.
    pub enum TaskStatus {
        /// Created, not yet assigned.
        Created = "created",
        /// Assigned to someone.
        Assigned = "assigned",
    }
}

/// The status a task may be created with (docs/vendors/rightech.md §9: `created` or `assigned`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InitialStatus {
    /// `created`.
    Created,
    /// `assigned`.
    Assigned,
}

/// A task's `deadlines`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Deadlines {
    /// `inwork`: when work must be done (epoch milliseconds).
    #[serde(
        default,
        with = "crate::time::opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<i64>")]
    pub inwork: Option<Timestamp>,
    /// Every other deadline.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

record! {
    /// A task.
    pub struct Task {
        /// `kind`: the task kind's id.
        pub kind: Option<String>,
        /// `priority` (type undocumented; kept as JSON).
        pub priority: Option<Value>,
        /// `object`: the object's `_id`.
        pub object: Option<ObjectId>,
        /// `assignee`: the user's id.
        pub assignee: Option<String>,
        /// `status`.
        pub status: Option<TaskStatus>,
        /// `deadlines`.
        pub deadlines: Option<Deadlines>,
    }
}

record! {
    /// A task kind (`tasks/kinds`).
    pub struct TaskKind {}
}

/// A task's `priority`: 1 (high), 2 (medium) or 3 (low), the values of the vendor's own
/// integration (docs/vendors/rightech.md §9). Other numbers are refused when the value is
/// made or read from JSON, so they are never sent.
///
/// ```
/// use rightech::TaskPriority;
/// assert_eq!(TaskPriority::new(2)?, TaskPriority::MEDIUM);
/// assert!(TaskPriority::new(0).is_err());
/// # Ok::<(), rightech::Error>(())
/// ```
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct TaskPriority(u8);

impl TaskPriority {
    /// 1: high.
    pub const HIGH: TaskPriority = TaskPriority(1);
    /// 2: medium.
    pub const MEDIUM: TaskPriority = TaskPriority(2);
    /// 3: low (the vendor integration's default).
    pub const LOW: TaskPriority = TaskPriority(3);

    /// A priority from its number, 1 (high) to 3 (low).
    pub fn new(value: u8) -> Result<Self> {
        if (1..=3).contains(&value) {
            Ok(TaskPriority(value))
        } else {
            Err(Error::validation(
                "priority",
                format!("must be 1 (high), 2 (medium) or 3 (low), got {value}"),
            ))
        }
    }

    /// The number sent.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl<'de> Deserialize<'de> for TaskPriority {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        TaskPriority::new(u8::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Body of `POST /api/v1/tasks` (docs/vendors/rightech.md §9). `kind`, `name`, `object` and
/// `priority` are required by the vendor's own integration and are the constructor's
/// arguments. To clear a deadline later, patch `{"deadlines": {"inwork": null}}` (see
/// [`crate::Patch`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTask {
    /// `kind`: the task kind (see [`Store::list_kinds`]).
    pub kind: String,
    /// `name`.
    pub name: String,
    /// `object`: the `_id` of the object the task is about.
    pub object: ObjectId,
    /// `priority`.
    pub priority: TaskPriority,
    /// `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `assignee`: the user's `_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<ObjectId>,
    /// `status`: `created` or `assigned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<InitialStatus>,
    /// `deadlines`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadlines: Option<NewDeadlines>,
}

/// Deadlines of a new task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDeadlines {
    /// `inwork` (epoch milliseconds).
    #[serde(with = "crate::time::millis")]
    #[schemars(with = "i64")]
    pub inwork: Timestamp,
}

impl NewTask {
    /// A task of `kind` named `name` about `object`, with a priority.
    pub fn new(
        kind: impl Into<String>,
        name: impl Into<String>,
        object: ObjectId,
        priority: TaskPriority,
    ) -> Self {
        NewTask {
            kind: kind.into(),
            name: name.into(),
            object,
            priority,
            description: None,
            assignee: None,
            status: None,
            deadlines: None,
        }
    }

    /// `deadlines.inwork`.
    pub fn deadline(mut self, inwork: Timestamp) -> Self {
        self.deadlines = Some(NewDeadlines { inwork });
        self
    }
}

model_kit::setters!(NewTask {
    /// `description`.
    description: String,
    /// `assignee`: the user's `_id`.
    assignee: ObjectId,
    /// `status`: `created` or `assigned`.
    status: InitialStatus,
});

impl Store<Task> {
    /// `GET /api/v1/tasks/kinds`: the task kinds. Not paged by the vendor: one request
    /// answers everything.
    pub async fn list_kinds_page(&self) -> Result<Vec<TaskKind>> {
        let path = self.path("/kinds")?;
        self.client.get(&path).send_json().await
    }

    /// The task kinds as a stream. Not paged by the vendor: one request answers everything,
    /// made lazily on the first poll.
    pub fn list_kinds(&self) -> impl Stream<Item = Result<TaskKind>> + Send + 'static {
        let store = self.clone();
        unpaged(async move { store.list_kinds_page().await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object() -> ObjectId {
        ObjectId::new("64b000000000000000000001").unwrap()
    }

    #[test]
    fn new_task_statuses_are_limited() {
        assert!(
            serde_json::from_str::<NewTask>(
                r#"{"kind":"k","name":"n","object":"64b000000000000000000001","priority":1,"status":"done"}"#
            )
            .is_err()
        );
        let t = NewTask::new("k", "n", object(), TaskPriority::LOW)
            .status(InitialStatus::Assigned)
            .deadline(Timestamp::from_millisecond(1_700_000_000_000).unwrap());
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            serde_json::json!({"kind":"k","name":"n","object":"64b000000000000000000001","priority":3,"status":"assigned","deadlines":{"inwork":1_700_000_000_000_i64}})
        );
        let read: Task = serde_json::from_str(r#"{"status":"closed"}"#).unwrap();
        assert_eq!(read.status, Some(TaskStatus::Unknown("closed".into())));
    }

    #[test]
    fn new_task_requires_object_and_a_known_priority() {
        let missing = r#"{"kind":"k","name":"n","priority":1}"#;
        assert!(serde_json::from_str::<NewTask>(missing).is_err());
        let bad = r#"{"kind":"k","name":"n","object":"64b000000000000000000001","priority":7}"#;
        assert!(serde_json::from_str::<NewTask>(bad).is_err());
        let text =
            r#"{"kind":"k","name":"n","object":"64b000000000000000000001","priority":"high"}"#;
        assert!(serde_json::from_str::<NewTask>(text).is_err());
        assert!(TaskPriority::new(4).is_err());
    }
}
