//! Projects, the work bookings are for (docs/vendors/resource-guru.md §5, §7.9).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{AccountId, ClientId, DateOrTimestamp, LinkRef, ProjectId, UserId, lenient};

/// A project (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Project {
    /// Project id.
    pub id: ProjectId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Project code, such as `NW-07`.
    #[serde(default)]
    pub project_code: Option<String>,
    /// Colour, `#rrggbb`.
    #[serde(default)]
    pub color: Option<String>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// New bookings of this project default to billable.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub default_billable: Option<bool>,
    /// Archived.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub archived: Option<bool>,
    /// Day it was archived.
    #[serde(default)]
    pub archived_on: Option<DateOrTimestamp>,
    /// Deleted.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub deleted: Option<bool>,
    /// Deletion time.
    #[serde(default)]
    pub deleted_at: Option<DateOrTimestamp>,
    /// Creator.
    #[serde(default)]
    pub creator_id: Option<UserId>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
    /// Last updater.
    #[serde(default)]
    pub last_updated_by: Option<UserId>,
    /// API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// The account (detail view).
    #[serde(default)]
    pub account: Option<LinkRef>,
    /// The client (detail view; absent when the project has no client).
    #[serde(default)]
    pub client: Option<LinkRef>,
    /// Account id (list view).
    #[serde(default)]
    pub account_id: Option<AccountId>,
    /// Client id (list view and create answer).
    #[serde(default)]
    pub client_id: Option<ClientId>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::Result;
    use serde::{Deserialize, Serialize};

    use super::Project;
    use crate::client::{Client, check};
    use crate::clients::ListActive;
    use crate::common::{ClientId, ProjectId, id_request, lenient, page_request};
    use crate::crud::{Crud, Validate, managed};

    /// "List active projects" (docs/vendors/resource-guru.md §7.9): the same parameters as
    /// the clients' list.
    pub type ListProjects = ListActive;

    page_request!(
        /// "List archived projects" (docs/vendors/resource-guru.md §7.9).
        ListArchivedProjects
    );

    /// "Create project" (docs/vendors/resource-guru.md §7.9).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct CreateProject {
        /// Name (1..=255).
        pub name: String,
        /// Colour, hex with or without `#`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub color: Option<String>,
        /// Project code (≤ 255).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub project_code: Option<String>,
        /// Client.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub client_id: Option<ClientId>,
        /// New bookings default to billable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub default_billable: Option<bool>,
        /// Notes (≤ 65535).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub notes: Option<String>,
        /// Create archived.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub archived: Option<bool>,
    }

    impl CreateProject {
        /// A project named `name`.
        pub fn new(name: impl Into<String>) -> Self {
            CreateProject {
                name: name.into(),
                color: None,
                project_code: None,
                client_id: None,
                default_billable: None,
                notes: None,
                archived: None,
            }
        }
    }

    impl Validate for CreateProject {
        fn validate(&self) -> Result<()> {
            check::required_len("name", &self.name, check::NAME_MAX)?;
            check::color("color", self.color.as_deref())?;
            check::max_len(
                "project_code",
                self.project_code.as_deref(),
                check::NAME_MAX,
            )?;
            check::max_len("notes", self.notes.as_deref(), check::TEXT_MAX)
        }
    }

    model_kit::setters!(CreateProject {
        color: String,
        project_code: String,
        client_id: ClientId,
        default_billable: bool,
        notes: String,
        archived: bool,
    });

    id_request! {
        /// "Update project": the create fields, all optional; `archived` archives or unarchives.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct UpdateProject {
            /// The project (path).
            pub id: ProjectId,
            /// Name.
            pub name: Option<String>,
            /// Colour (`Some(None)`: none).
            #[serde(deserialize_with = "lenient::nullable")]
            pub color: Option<Option<String>>,
            /// Project code.
            pub project_code: Option<String>,
            /// Client (`Some(None)`: none).
            #[serde(deserialize_with = "lenient::nullable")]
            pub client_id: Option<Option<ClientId>>,
            /// New bookings default to billable.
            pub default_billable: Option<bool>,
            /// Notes (`Some(None)`: none).
            #[serde(deserialize_with = "lenient::nullable")]
            pub notes: Option<Option<String>>,
            /// Archive or unarchive.
            pub archived: Option<bool>,
        }
        /// An update of project `id` that changes nothing yet.
        fn new;
    }

    impl Validate for UpdateProject {
        fn validate(&self) -> Result<()> {
            check::update_name_color_notes(&self.name, &self.color, &self.notes)?;
            check::max_len(
                "project_code",
                self.project_code.as_deref(),
                check::NAME_MAX,
            )
        }
    }

    managed!(Project {
        key: ProjectId, list: ListActive, update: UpdateProject, delete: ProjectId,
        endpoints: PROJECTS_LIST, PROJECTS_GET, PROJECTS_UPDATE, PROJECTS_DELETE,
        create: CreateProject => PROJECTS_CREATE,
        archived: ListArchivedProjects => PROJECTS_LIST_ARCHIVED
    });

    /// Project operations: `client.projects()` (the shared [`Crud`] operations plus the
    /// archived list).
    pub type Projects = Crud<Project>;

    impl Client {
        /// Project operations.
        pub fn projects(&self) -> Projects {
            Crud::new(self)
        }
    }
}
