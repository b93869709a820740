//! Clients, the customers projects and bookings are for (docs/vendors/resource-guru.md §5, §7.4).
//!
//! The model is named [`ClientRecord`] so that it does not clash with the API [`crate::Client`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{ClientId, DateOrTimestamp, UserId, lenient};

/// A client of the account (docs/vendors/resource-guru.md §5).
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
    use serde::{Deserialize, Serialize};

    use super::ClientRecord;
    use crate::client::{Client, ListRequest, Query, check};
    use crate::common::{ClientId, id_request, lenient, page_request};
    use crate::crud::{Crud, Validate, managed};
    use crate::endpoints as ep;

    /// "List active clients" and "List active projects" (docs/vendors/resource-guru.md §7.4):
    /// with `include_archived` or `include_deleted` set the server ignores `limit` and
    /// `offset`, so the stream makes one request.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ListActive {
        /// Page size (default 50; `0` = all).
        pub limit: Option<u32>,
        /// Items to skip.
        pub offset: Option<u64>,
        /// Also archived items (`includeArchived`).
        pub include_archived: Option<bool>,
        /// Also deleted items (`includeDeleted`).
        pub include_deleted: Option<bool>,
    }

    /// "List active clients".
    pub type ListClients = ListActive;

    impl ListActive {
        /// The first page of active items.
        pub fn new() -> Self {
            Self::default()
        }
    }

    impl ListRequest for ListActive {
        fn query_pairs(&self, _: &Client, _: &ep::Endpoint) -> Vec<(String, String)> {
            Query::new()
                .flag("includeArchived", self.include_archived)
                .flag("includeDeleted", self.include_deleted)
                .0
        }

        fn page_params(&self) -> (Option<u32>, Option<u64>) {
            (self.limit, self.offset)
        }

        fn paged(&self) -> bool {
            self.include_archived != Some(true) && self.include_deleted != Some(true)
        }
    }

    model_kit::setters!(ListActive {
        limit: u32,
        offset: u64,
        include_archived: bool,
        include_deleted: bool
    });

    page_request!(
        /// "List archived clients" (docs/vendors/resource-guru.md §7.4).
        ListArchivedClients
    );

    /// "Create client" (docs/vendors/resource-guru.md §7.4).
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
    }

    impl Validate for CreateClient {
        fn validate(&self) -> Result<()> {
            check::required_len("name", &self.name, check::NAME_MAX)?;
            check::color("color", self.color.as_deref())?;
            check::max_len("notes", self.notes.as_deref(), check::TEXT_MAX)
        }
    }

    model_kit::setters!(CreateClient {
        color: String,
        notes: String,
        archived: bool
    });

    id_request! {
        /// "Update client": the create fields, all optional; `archived` archives or unarchives.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct UpdateClient {
            /// The client (path).
            pub id: ClientId,
            /// Name.
            pub name: Option<String>,
            /// Colour (`Some(None)`: none).
            #[serde(deserialize_with = "lenient::nullable")]
            pub color: Option<Option<String>>,
            /// Notes (`Some(None)`: none).
            #[serde(deserialize_with = "lenient::nullable")]
            pub notes: Option<Option<String>>,
            /// Archive or unarchive.
            pub archived: Option<bool>,
        }
        /// An update of client `id` that changes nothing yet.
        fn new;
    }

    impl Validate for UpdateClient {
        fn validate(&self) -> Result<()> {
            check::update_name_color_notes(&self.name, &self.color, &self.notes)
        }
    }

    managed!(ClientRecord {
        key: ClientId, list: ListActive, update: UpdateClient, delete: ClientId,
        endpoints: CLIENTS_LIST, CLIENTS_GET, CLIENTS_UPDATE, CLIENTS_DELETE,
        create: CreateClient => CLIENTS_CREATE,
        archived: ListArchivedClients => CLIENTS_LIST_ARCHIVED
    });

    /// Client operations: `client.clients()` (the shared [`Crud`] operations plus the archived
    /// list).
    pub type Clients = Crud<ClientRecord>;

    impl Client {
        /// Client (customer) operations.
        pub fn clients(&self) -> Clients {
            Crud::new(self)
        }
    }
}
