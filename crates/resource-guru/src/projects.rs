//! Clients, the customers projects and bookings are for (reference §5.2, §7.9).
//!
//! The model is named [`Project`] so that it does not clash with the API [`crate::Client`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{AccountId, ClientId, DateOrTimestamp, LinkRef, ProjectId, UserId, lenient};

/// A project (reference §5.3).
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
    use futures::{Stream, StreamExt};
    use serde::{Deserialize, Serialize};

    use super::Project;
    use crate::client::{Client, Query, check};
    use crate::common::{ClientId, ProjectId, lenient, page_request, setters};
    use crate::endpoints as ep;

    /// "List active projects" (reference §7.9). With `include_archived` or `include_deleted`
    /// set the server ignores `limit` and `offset`.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ListProjects {
        /// Page size (default 50; `0` = all).
        pub limit: Option<u32>,
        /// Items to skip.
        pub offset: Option<u64>,
        /// Also archived projects (`includeArchived`).
        pub include_archived: Option<bool>,
        /// Also deleted projects (`includeDeleted`).
        pub include_deleted: Option<bool>,
    }

    impl ListProjects {
        fn unpaged_copy(&self) -> Self {
            ListProjects {
                limit: None,
                offset: None,
                ..*self
            }
        }

        /// The first page of active projects.
        pub fn new() -> Self {
            Self::default()
        }

        pub(crate) fn flags(&self) -> Query {
            Query::new()
                .flag("includeArchived", self.include_archived)
                .flag("includeDeleted", self.include_deleted)
        }

        pub(crate) fn unpaged(&self) -> bool {
            self.include_archived == Some(true) || self.include_deleted == Some(true)
        }
    }

    setters!(ListProjects {
        limit: u32,
        offset: u64,
        include_archived: bool,
        include_deleted: bool
    });

    page_request!(
        /// "List archived projects" (reference §7.9).
        ListArchivedProjects
    );

    /// "Create project" (reference §7.9).
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

    setters!(CreateProject {
        color: String,
        project_code: String,
        client_id: ClientId,
        default_billable: bool,
        notes: String,
        archived: bool,
    });

    /// "Update project": the create fields, all optional; `archived` archives or unarchives.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct UpdateProject {
        /// The project (path).
        #[serde(skip_serializing)]
        pub id: ProjectId,
        /// Name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Colour (`Some(None)`: none).
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "lenient::nullable"
        )]
        pub color: Option<Option<String>>,
        /// Project code.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub project_code: Option<String>,
        /// Client (`Some(None)`: none).
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "lenient::nullable"
        )]
        pub client_id: Option<Option<ClientId>>,
        /// New bookings default to billable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub default_billable: Option<bool>,
        /// Notes (`Some(None)`: none).
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "lenient::nullable"
        )]
        pub notes: Option<Option<String>>,
        /// Archive or unarchive.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub archived: Option<bool>,
    }

    impl UpdateProject {
        /// An update of project `id` that changes nothing yet.
        pub fn new(id: impl Into<ProjectId>) -> Self {
            UpdateProject {
                id: id.into(),
                name: None,
                color: None,
                project_code: None,
                client_id: None,
                default_billable: None,
                notes: None,
                archived: None,
            }
        }

        fn validate(&self) -> Result<()> {
            if let Some(name) = &self.name {
                check::required_len("name", name, check::NAME_MAX)?;
            }
            check::color("color", self.color.clone().flatten().as_deref())?;
            check::max_len(
                "notes",
                self.notes.clone().flatten().as_deref(),
                check::TEXT_MAX,
            )
        }
    }

    setters!(UpdateProject {
        name: String,
        color: Option<String>,
        project_code: String,
        client_id: Option<ClientId>,
        default_billable: bool,
        notes: Option<String>,
        archived: bool,
    });

    /// Project operations: `client.projects()`.
    #[derive(Clone, Debug)]
    pub struct Projects {
        client: Client,
    }

    impl Client {
        /// Project operations.
        pub fn projects(&self) -> Projects {
            Projects {
                client: self.clone(),
            }
        }
    }

    impl Projects {
        /// One page of "List active projects".
        pub async fn list(&self, req: &ListProjects) -> Result<Vec<Project>> {
            self.client
                .page(&ep::PROJECTS_LIST, None, req.flags(), req.limit, req.offset)
                .await
        }

        /// Every project, page by page. With an `include_*` flag the server ignores paging, so
        /// one request is made.
        pub fn list_all(
            &self,
            req: &ListProjects,
        ) -> impl Stream<Item = Result<Project>> + Send + 'static {
            if req.unpaged() {
                let this = self.clone();
                // The server ignores limit and offset here: one request for everything.
                let req = req.unpaged_copy();
                futures::stream::once(async move { this.list(&req).await })
                    .flat_map(|page| {
                        futures::stream::iter(match page {
                            Ok(items) => items.into_iter().map(Ok).collect::<Vec<_>>(),
                            Err(e) => vec![Err(e)],
                        })
                    })
                    .left_stream()
            } else {
                self.client
                    .pages(&ep::PROJECTS_LIST, None, req.flags(), req.limit, req.offset)
                    .right_stream()
            }
        }

        /// One page of "List archived projects".
        pub async fn list_archived(&self, req: &ListArchivedProjects) -> Result<Vec<Project>> {
            self.client
                .page(
                    &ep::PROJECTS_LIST_ARCHIVED,
                    None,
                    Query::new(),
                    req.limit,
                    req.offset,
                )
                .await
        }

        /// Every archived project, page by page.
        pub fn list_all_archived(
            &self,
            req: &ListArchivedProjects,
        ) -> impl Stream<Item = Result<Project>> + Send + 'static {
            self.client.pages(
                &ep::PROJECTS_LIST_ARCHIVED,
                None,
                Query::new(),
                req.limit,
                req.offset,
            )
        }

        /// "Create project" → the new project (201).
        pub async fn create(&self, req: &CreateProject) -> Result<Project> {
            req.validate()?;
            self.client
                .call(&ep::PROJECTS_CREATE)
                .json(req)
                .send_json::<core_http::lenient::Single<_>>()
                .await
                .map(core_http::lenient::Single::into_inner)
        }

        /// "Get project".
        pub async fn get(&self, id: ProjectId) -> Result<Project> {
            self.client.call_id(&ep::PROJECTS_GET, id).send_json().await
        }

        /// "Update project".
        pub async fn update(&self, req: &UpdateProject) -> Result<Project> {
            req.validate()?;
            self.client
                .call_id(&ep::PROJECTS_UPDATE, req.id)
                .json(req)
                .send_json()
                .await
        }

        /// "Delete project" (204).
        pub async fn delete(&self, id: ProjectId) -> Result<()> {
            self.client
                .call_id(&ep::PROJECTS_DELETE, id)
                .send_unit()
                .await
        }
    }
}
