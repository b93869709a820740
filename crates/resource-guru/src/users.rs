//! Users: the people who log in (docs/vendors/resource-guru.md §5, §7.13). "Get my user summary" (`/v1/me`) has no
//! account prefix.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{UserId, lenient};
use crate::zones::RailsZone;

/// A user, in an account's context or as the account-less summary of `/v1/me` (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct User {
    /// User id.
    pub id: UserId,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<model_kit::Email>,
    /// Avatar URL.
    #[serde(default)]
    pub image: Option<String>,
    /// Rails zone.
    #[serde(default)]
    pub timezone: Option<RailsZone>,
    /// Last login.
    #[serde(default)]
    pub last_login_at: Option<jiff::Timestamp>,
    /// Last logout.
    #[serde(default)]
    pub last_logout_at: Option<jiff::Timestamp>,
    /// Last activity.
    #[serde(default)]
    pub last_activity_at: Option<jiff::Timestamp>,
    /// Such as `active`.
    #[serde(default)]
    pub activation_state: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
    /// Colour.
    #[serde(default)]
    pub color: Option<String>,
    /// Role: `basic_user`, `manager`, `administrator`, `custom`.
    #[serde(default)]
    pub permissions: Option<String>,
    /// Booking rights, such as `manage_all`.
    #[serde(default)]
    pub booking_rights: Option<String>,
    /// Client rights.
    #[serde(default)]
    pub client_rights: Option<String>,
    /// Project rights.
    #[serde(default)]
    pub project_rights: Option<String>,
    /// Resource rights.
    #[serde(default)]
    pub resource_rights: Option<String>,
    /// Report rights.
    #[serde(default)]
    pub report_rights: Option<String>,
    /// Account owner (`"true"` strings accepted).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub owner: Option<bool>,
    /// Last product update read (summary only).
    #[serde(default)]
    pub last_product_update_read_at: Option<jiff::Timestamp>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::Result;
    use futures::Stream;

    use super::User;
    use crate::client::Client;
    use crate::common::{UserId, empty_request, page_request};
    use crate::endpoints as ep;

    page_request!(
        /// "List active users" (docs/vendors/resource-guru.md §7.13).
        ListUsers
    );

    empty_request!(
        /// "List users": active and deleted (not paged by the vendor: one request answers
        /// everything).
        ListUsersWithDeleted
    );

    /// User operations: `client.users()`.
    #[derive(Clone, Debug)]
    pub struct Users {
        client: Client,
    }

    impl Client {
        /// User operations.
        pub fn users(&self) -> Users {
            Users {
                client: self.clone(),
            }
        }
    }

    impl Users {
        /// The lazy stream over every active user (every page).
        pub fn list(&self, req: &ListUsers) -> impl Stream<Item = Result<User>> + Send + 'static {
            self.client.list_stream(&ep::USERS_LIST, req)
        }

        /// One page of "List active users".
        pub async fn list_page(&self, req: &ListUsers) -> Result<Vec<User>> {
            self.client.list_page(&ep::USERS_LIST, req).await
        }

        /// The lazy stream over every user, active and deleted (not paged by the vendor: one
        /// request answers everything).
        pub fn list_with_deleted(
            &self,
            req: &ListUsersWithDeleted,
        ) -> impl Stream<Item = Result<User>> + Send + 'static {
            self.client.list_stream(&ep::USERS_LIST_WITH_DELETED, req)
        }

        /// "List users": active and deleted (not paged by the vendor: one request answers
        /// everything).
        pub async fn list_with_deleted_page(
            &self,
            req: &ListUsersWithDeleted,
        ) -> Result<Vec<User>> {
            self.client
                .list_page(&ep::USERS_LIST_WITH_DELETED, req)
                .await
        }

        /// "Get my user summary" (`/v1/me`, no account needed): who the credentials belong to.
        pub async fn me_summary(&self) -> Result<User> {
            self.client.call(&ep::USERS_ME_SUMMARY).send_json().await
        }

        /// "Get my user details" in this account (rights, owner).
        pub async fn me(&self) -> Result<User> {
            self.client.call(&ep::USERS_ME).send_json().await
        }

        /// "Get user".
        pub async fn get(&self, id: impl Into<UserId>) -> Result<User> {
            self.client
                .call_id(&ep::USERS_GET, id.into())
                .send_json()
                .await
        }
    }
}
