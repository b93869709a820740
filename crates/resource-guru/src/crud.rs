//! One generic handle for the resources that share the same operations (list, create, get,
//! update, delete): clients, projects, calendars, downtimes, resources, custom fields and
//! custom field options.
//!
//! [`Crud<T>`] is parameterised by the model; [`Managed`] (and [`Creatable`] for the ones that
//! can be created) says which endpoints and request types belong to it. The handles users name
//! are aliases: [`crate::Clients`] is `Crud<ClientRecord>`, [`crate::Resources`] is
//! `Crud<Resource>`, and so on. Operations only one resource has (archived lists, splits,
//! availability) are inherent methods of its alias.

use std::fmt::Display;
use std::marker::PhantomData;

use core_http::Result;
use futures::Stream;
use model_kit::lenient::Single;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::{Client, ListRequest};
use crate::endpoints::Endpoint;

/// A request that is checked before it is sent ([`crate::Error::Validation`], nothing sent).
pub trait Validate {
    /// Checks the vendor's documented constraints.
    ///
    /// # Errors
    /// [`crate::Error::Validation`] naming the first field that breaks a constraint.
    fn validate(&self) -> Result<()> {
        Ok(())
    }
}

/// An update request: its body, the `{id}` it targets, and its checks.
pub trait UpdateRequest: Serialize + Validate + Send + Sync {
    /// The `{id}` of the path.
    fn target(&self) -> String;
}

/// What a delete names: an id, or a request that may carry a JSON body.
pub trait DeleteRequest: Send + Sync {
    /// The `{id}` of the path.
    fn target(&self) -> String;

    /// The JSON body to send, if any (most deletes send none).
    fn body(&self) -> Option<serde_json::Value> {
        None
    }
}

/// A model managed through the shared operations of [`Crud`].
pub trait Managed: DeserializeOwned + Send + 'static {
    /// What `get` takes: the id (or, for resources, an id or `me`).
    type Key: Display + Send;
    /// The list request.
    type List: ListRequest;
    /// The update request.
    type Update: UpdateRequest;
    /// What `delete` takes.
    type Delete: DeleteRequest;
    /// "List" (the active items).
    const LIST: &'static Endpoint;
    /// "Get".
    const GET: &'static Endpoint;
    /// "Update".
    const UPDATE: &'static Endpoint;
    /// "Delete".
    const DELETE: &'static Endpoint;
}

/// A [`Managed`] model that can also be created.
pub trait Creatable: Managed {
    /// The create request.
    type Create: Serialize + Validate + Send + Sync;
    /// "Create".
    const CREATE: &'static Endpoint;
}

/// A [`Managed`] model that also has a list of its archived items (clients, projects and
/// resources).
pub trait Archivable: Managed {
    /// The archived-list request.
    type ListArchived: ListRequest;
    /// "List archived".
    const LIST_ARCHIVED: &'static Endpoint;
}

/// The operations shared by clients, projects, calendars, downtimes, resources, custom fields
/// and custom field options: `client.clients()` is a `Crud<ClientRecord>`. Owns a cheap clone
/// of the client.
pub struct Crud<T> {
    pub(crate) client: Client,
    model: PhantomData<fn() -> T>,
}

impl<T> Clone for Crud<T> {
    fn clone(&self) -> Self {
        Crud {
            client: self.client.clone(),
            model: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Crud<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Crud")
            .field("model", &std::any::type_name::<T>())
            .field("client", &self.client)
            .finish()
    }
}

impl<T> Crud<T> {
    pub(crate) fn new(client: &Client) -> Self {
        Crud {
            client: client.clone(),
            model: PhantomData,
        }
    }
}

impl<T: Managed> Crud<T> {
    /// The lazy stream over every item of "List" (every page; use
    /// `futures::TryStreamExt::try_collect`). Clients, projects, downtimes and resources are
    /// paged: the stream asks for pages of the request's `limit` (default 50). Calendars,
    /// custom fields and custom field options are not paged by the vendor: one request
    /// answers everything (made on the first poll).
    pub fn list(&self, req: &T::List) -> impl Stream<Item = Result<T>> + Send + 'static {
        self.client.list_stream(T::LIST, req)
    }

    /// One page of "List" (`limit` and `offset` as the request sets them). Calendars, custom
    /// fields and custom field options are not paged by the vendor: one request answers
    /// everything.
    ///
    /// # Errors
    /// A 403 with `Retry-After` is Resource Guru's rate limit and surfaces as
    /// [`crate::Error::RateLimited`] once the retries are spent (docs/vendors/resource-guru.md §3).
    pub async fn list_page(&self, req: &T::List) -> Result<Vec<T>> {
        self.client.list_page(T::LIST, req).await
    }

    /// "Get".
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown id.
    pub async fn get(&self, key: impl Into<T::Key>) -> Result<T> {
        self.client.call_id(T::GET, key.into()).send_json().await
    }

    /// "Update" (checked first).
    ///
    /// # Errors
    /// [`crate::Error::Validation`] before sending; a 422 with the vendor's field errors.
    pub async fn update(&self, req: &T::Update) -> Result<T> {
        req.validate()?;
        self.client
            .call_id(T::UPDATE, req.target())
            .json(req)
            .send_json()
            .await
    }

    /// "Delete" (204).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown id; the vendor's `{"errors": [...]}` otherwise.
    pub async fn delete(&self, target: impl Into<T::Delete>) -> Result<()> {
        let target = target.into();
        let mut call = self.client.call_id(T::DELETE, target.target());
        if let Some(body) = target.body() {
            call = call.json(&body);
        }
        call.send_unit().await
    }
}

impl<T: Creatable> Crud<T> {
    /// "Create" (checked first) → the new item (201; a one-element array is accepted too).
    ///
    /// # Errors
    /// [`crate::Error::Validation`] before sending; a 422 with the vendor's field errors (for
    /// resources, also when the plan's resource limit is reached).
    pub async fn create(&self, req: &T::Create) -> Result<T> {
        req.validate()?;
        self.client
            .call(T::CREATE)
            .json(req)
            .send_json::<Single<T>>()
            .await
            .map(Single::into_inner)
    }
}

impl<T: Archivable> Crud<T> {
    /// The lazy stream over every archived item (every page; use
    /// `futures::TryStreamExt::try_collect`).
    pub fn list_archived(
        &self,
        req: &T::ListArchived,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        self.client.list_stream(T::LIST_ARCHIVED, req)
    }

    /// One page of "List archived" (`limit` and `offset` as the request sets them).
    ///
    /// # Errors
    /// A 403 with `Retry-After` is Resource Guru's rate limit and surfaces as
    /// [`crate::Error::RateLimited`] once the retries are spent (docs/vendors/resource-guru.md §3).
    pub async fn list_archived_page(&self, req: &T::ListArchived) -> Result<Vec<T>> {
        self.client.list_page(T::LIST_ARCHIVED, req).await
    }
}

/// Implements [`DeleteRequest`] for id types deleted by id alone.
macro_rules! delete_by_id {
    ($($id:ty),* $(,)?) => {$(
        impl DeleteRequest for $id {
            fn target(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

delete_by_id!(
    crate::common::ClientId,
    crate::common::ProjectId,
    crate::common::CalendarId,
    crate::common::DowntimeId,
    crate::common::CustomFieldId,
    crate::common::CustomFieldOptionId,
);

/// Implements [`Managed`] for a model and [`UpdateRequest`] for its update request (whose path
/// id is the field `id`); with `create`, [`Creatable`]; with `archived`, [`Archivable`].
macro_rules! managed {
    (
        $model:ty {
            key: $key:ty, list: $list:ty, update: $update:ty, delete: $delete:ty,
            endpoints: $list_ep:ident, $get_ep:ident, $update_ep:ident, $delete_ep:ident
            $(, create: $create:ty => $create_ep:ident)?
            $(, archived: $archived:ty => $archived_ep:ident)?
        }
    ) => {
        impl $crate::crud::Managed for $model {
            type Key = $key;
            type List = $list;
            type Update = $update;
            type Delete = $delete;
            const LIST: &'static $crate::endpoints::Endpoint = &$crate::endpoints::$list_ep;
            const GET: &'static $crate::endpoints::Endpoint = &$crate::endpoints::$get_ep;
            const UPDATE: &'static $crate::endpoints::Endpoint = &$crate::endpoints::$update_ep;
            const DELETE: &'static $crate::endpoints::Endpoint = &$crate::endpoints::$delete_ep;
        }
        impl $crate::crud::UpdateRequest for $update {
            fn target(&self) -> String {
                self.id.to_string()
            }
        }
        $(
            impl $crate::crud::Creatable for $model {
                type Create = $create;
                const CREATE: &'static $crate::endpoints::Endpoint =
                    &$crate::endpoints::$create_ep;
            }
        )?
        $(
            impl $crate::crud::Archivable for $model {
                type ListArchived = $archived;
                const LIST_ARCHIVED: &'static $crate::endpoints::Endpoint =
                    &$crate::endpoints::$archived_ep;
            }
        )?
    };
}
pub(crate) use managed;
