//! `tasks`: work items and their kinds (`tasks/kinds`, reference §9).

use core_http::Result;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::store::{ObjectId, Store};

/// Store name of tasks.
pub const STORE: &str = "tasks";

core_http::open_enum! {
    /// A task's `status`. `created` and `assigned` are documented; others are kept as text.
    pub enum TaskStatus {
        /// Created, not yet assigned.
        Created = "created",
        /// Assigned to someone.
        Assigned = "assigned",
    }
}

/// The status a task may be created with (reference §9: `created` or `assigned`).
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

/// Body of `POST /api/v1/tasks` (reference §9). To clear a deadline later, patch
/// `{"deadlines": {"inwork": null}}` (see [`crate::Patch`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTask {
    /// `kind`.
    pub kind: String,
    /// `name`.
    pub name: String,
    /// `priority`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Value>,
    /// `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `object`: the object's `_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectId>,
    /// `assignee`: the user's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
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
    /// A task of `kind` named `name`.
    pub fn new(kind: impl Into<String>, name: impl Into<String>) -> Self {
        NewTask {
            kind: kind.into(),
            name: name.into(),
            priority: None,
            description: None,
            object: None,
            assignee: None,
            status: None,
            deadlines: None,
        }
    }

    /// `priority`.
    pub fn priority(mut self, priority: impl Into<Value>) -> Self {
        self.priority = Some(priority.into());
        self
    }

    /// `description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// `object`.
    pub fn object(mut self, object: ObjectId) -> Self {
        self.object = Some(object);
        self
    }

    /// `assignee`.
    pub fn assignee(mut self, assignee: impl Into<String>) -> Self {
        self.assignee = Some(assignee.into());
        self
    }

    /// `status`.
    pub fn status(mut self, status: InitialStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// `deadlines.inwork`.
    pub fn deadline(mut self, inwork: Timestamp) -> Self {
        self.deadlines = Some(NewDeadlines { inwork });
        self
    }
}

impl Store<Task> {
    /// `GET /api/v1/tasks/kinds`.
    pub async fn kinds(&self) -> Result<Vec<TaskKind>> {
        let path = self.path("/kinds")?;
        self.client.get(&path).send_json().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_task_statuses_are_limited() {
        assert!(
            serde_json::from_str::<NewTask>(r#"{"kind":"k","name":"n","status":"done"}"#).is_err()
        );
        let t = NewTask::new("k", "n")
            .status(InitialStatus::Assigned)
            .deadline(Timestamp::from_millisecond(1_700_000_000_000).unwrap());
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            serde_json::json!({"kind":"k","name":"n","status":"assigned","deadlines":{"inwork":1_700_000_000_000_i64}})
        );
        let read: Task = serde_json::from_str(r#"{"status":"closed"}"#).unwrap();
        assert_eq!(read.status, Some(TaskStatus::Unknown("closed".into())));
    }
}
