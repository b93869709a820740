//! Clients, the customers projects and bookings are for (reference §5.2, §7.4).
//!
//! The model is named [`ClientRecord`] so that it does not clash with the API [`crate::Client`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{ClientId, DateOrTimestamp, UserId, lenient};

/// A client of the account (reference §5.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClientRecord {
    /// Client id.
    pub id: ClientId,
    /// Name (≤ 255).
    #[serde(default)]
    pub name: Option<String>,
    /// Colour, `#rrggbb`.
    #[serde(default)]
    pub color: Option<String>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// Archived.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub archived: Option<bool>,
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
    /// Deleted.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub deleted: Option<bool>,
    /// Deletion date or time.
    #[serde(default)]
    pub deleted_at: Option<DateOrTimestamp>,
    /// API URL (list responses).
    #[serde(default)]
    pub url: Option<String>,
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

    use super::ClientRecord;
    use crate::client::{Client, Query, check};
    use crate::common::{ClientId, lenient, page_request, setters};
    use crate::endpoints as ep;

    /// "List active clients" (reference §7.4). With `include_archived` or `include_deleted`
    /// set the server ignores `limit` and `offset`.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ListClients {
        /// Page size (default 50; `0` = all).
        pub limit: Option<u32>,
        /// Items to skip.
        pub offset: Option<u64>,
        /// Also archived clients (`includeArchived`).
        pub include_archived: Option<bool>,
        /// Also deleted clients (`includeDeleted`).
        pub include_deleted: Option<bool>,
    }

    impl ListClients {
        fn unpaged_copy(&self) -> Self {
            ListClients {
                limit: None,
                offset: None,
                ..*self
            }
        }

        /// The first page of active clients.
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

    setters!(ListClients {
        limit: u32,
        offset: u64,
        include_archived: bool,
        include_deleted: bool
    });

    page_request!(
        /// "List archived clients" (reference §7.4).
        ListArchivedClients
    );

    /// "Create client" (reference §7.4).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct CreateClient {
        /// Name (1..=255).
        pub name: String,
        /// Colour, hex with or without `#`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub color: Option<String>,
        /// Notes (≤ 65535).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub notes: Option<String>,
        /// Create archived.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub archived: Option<bool>,
    }

    impl CreateClient {
        /// A client named `name`.
        pub fn new(name: impl Into<String>) -> Self {
            CreateClient {
                name: name.into(),
                color: None,
                notes: None,
                archived: None,
            }
        }

        fn validate(&self) -> Result<()> {
            check::required_len("name", &self.name, check::NAME_MAX)?;
            check::color("color", self.color.as_deref())?;
            check::max_len("notes", self.notes.as_deref(), check::TEXT_MAX)
        }
    }

    setters!(CreateClient {
        color: String,
        notes: String,
        archived: bool
    });

    /// "Update client": the create fields, all optional; `archived` archives or unarchives.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct UpdateClient {
        /// The client (path).
        #[serde(skip_serializing)]
        pub id: ClientId,
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

    impl UpdateClient {
        /// An update of client `id` that changes nothing yet.
        pub fn new(id: impl Into<ClientId>) -> Self {
            UpdateClient {
                id: id.into(),
                name: None,
                color: None,
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

    setters!(UpdateClient { name: String, color: Option<String>, notes: Option<String>, archived: bool });

    /// Client operations: `client.clients()`.
    #[derive(Clone, Debug)]
    pub struct Clients {
        client: Client,
    }

    impl Client {
        /// Client (customer) operations.
        pub fn clients(&self) -> Clients {
            Clients {
                client: self.clone(),
            }
        }
    }

    impl Clients {
        /// One page of "List active clients".
        pub async fn list(&self, req: &ListClients) -> Result<Vec<ClientRecord>> {
            self.client
                .page(&ep::CLIENTS_LIST, None, req.flags(), req.limit, req.offset)
                .await
        }

        /// Every client, page by page. With an `include_*` flag the server ignores paging, so
        /// one request is made.
        pub fn list_all(
            &self,
            req: &ListClients,
        ) -> impl Stream<Item = Result<ClientRecord>> + Send + 'static {
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
                    .pages(&ep::CLIENTS_LIST, None, req.flags(), req.limit, req.offset)
                    .right_stream()
            }
        }

        /// One page of "List archived clients".
        pub async fn list_archived(&self, req: &ListArchivedClients) -> Result<Vec<ClientRecord>> {
            self.client
                .page(
                    &ep::CLIENTS_LIST_ARCHIVED,
                    None,
                    Query::new(),
                    req.limit,
                    req.offset,
                )
                .await
        }

        /// Every archived client, page by page.
        pub fn list_all_archived(
            &self,
            req: &ListArchivedClients,
        ) -> impl Stream<Item = Result<ClientRecord>> + Send + 'static {
            self.client.pages(
                &ep::CLIENTS_LIST_ARCHIVED,
                None,
                Query::new(),
                req.limit,
                req.offset,
            )
        }

        /// "Create client" → the new client (201).
        pub async fn create(&self, req: &CreateClient) -> Result<ClientRecord> {
            req.validate()?;
            self.client
                .call(&ep::CLIENTS_CREATE)
                .json(req)
                .send_json::<core_http::lenient::Single<_>>()
                .await
                .map(core_http::lenient::Single::into_inner)
        }

        /// "Get client".
        pub async fn get(&self, id: ClientId) -> Result<ClientRecord> {
            self.client.call_id(&ep::CLIENTS_GET, id).send_json().await
        }

        /// "Update client".
        pub async fn update(&self, req: &UpdateClient) -> Result<ClientRecord> {
            req.validate()?;
            self.client
                .call_id(&ep::CLIENTS_UPDATE, req.id)
                .json(req)
                .send_json()
                .await
        }

        /// "Delete client" (204).
        pub async fn delete(&self, id: ClientId) -> Result<()> {
            self.client
                .call_id(&ep::CLIENTS_DELETE, id)
                .send_unit()
                .await
        }
    }
}
