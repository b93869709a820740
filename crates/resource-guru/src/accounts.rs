//! Accounts (docs/vendors/resource-guru.md §5, §7.1): the accounts the user can reach. Account-less paths
//! (`/v1/accounts...`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{AccountId, UserId, lenient};

/// The owner of an account, in "Get account" (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AccountOwner {
    /// Owner's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Owner's email.
    #[serde(default)]
    pub email: Option<model_kit::Email>,
    /// Avatar URL.
    #[serde(default)]
    pub image: Option<String>,
    /// Owner's Rails zone.
    #[serde(default)]
    pub timezone: Option<crate::zones::RailsZone>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An account (list item or detail; docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Account {
    /// Account id.
    pub id: AccountId,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// The Account URL ID used in paths.
    #[serde(default)]
    pub subdomain: Option<String>,
    /// Root domain, such as `resourceguruapp.com`.
    #[serde(default)]
    pub rootdomain: Option<String>,
    /// API URL of the account.
    #[serde(default)]
    pub url: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
    /// Owner (detail only).
    #[serde(default)]
    pub owner: Option<AccountOwner>,
    /// Whether the booking approval workflow is on (inferred).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub booking_approvals: Option<bool>,
    /// Default approvers (inferred).
    #[serde(default, deserialize_with = "lenient::opt_sparse_vec")]
    pub default_booking_approver_ids: Option<Vec<UserId>>,
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
    use serde::{Deserialize, Serialize};

    use super::Account;
    use crate::client::Client;
    use crate::common::{AccountId, UserId, empty_request};
    use crate::endpoints as ep;

    empty_request!(
        /// "List accounts": the active and suspended accounts of the user (not paged by the
        /// vendor: one request answers everything).
        ListAccounts
    );

    /// "Update account": the approval settings (all fields required; docs/vendors/resource-guru.md §7.1).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct UpdateAccount {
        /// The account (path).
        #[serde(skip_serializing)]
        pub id: AccountId,
        /// Turn the approval workflow on or off.
        pub booking_approvals: bool,
        /// Default approvers (user ids).
        pub default_booking_approver_ids: Vec<UserId>,
        /// Also set these approvers on every resource.
        pub apply_to_all_resources: bool,
    }

    impl UpdateAccount {
        /// All three settings are required.
        pub fn new(
            id: impl Into<AccountId>,
            booking_approvals: bool,
            default_booking_approver_ids: impl Into<Vec<UserId>>,
            apply_to_all_resources: bool,
        ) -> Self {
            UpdateAccount {
                id: id.into(),
                booking_approvals,
                default_booking_approver_ids: default_booking_approver_ids.into(),
                apply_to_all_resources,
            }
        }
    }

    /// Account operations: `client.accounts()`.
    #[derive(Clone, Debug)]
    pub struct Accounts {
        client: Client,
    }

    impl Client {
        /// Account operations (no account prefix in their paths).
        pub fn accounts(&self) -> Accounts {
            Accounts {
                client: self.clone(),
            }
        }
    }

    impl Accounts {
        /// The lazy stream over the active and suspended accounts of the user (not paged by
        /// the vendor: one request answers everything).
        pub fn list(
            &self,
            req: &ListAccounts,
        ) -> impl Stream<Item = Result<Account>> + Send + 'static {
            self.client.list_stream(&ep::ACCOUNTS_LIST, req)
        }

        /// "List accounts": the active and suspended accounts of the user (not paged by the
        /// vendor: one request answers everything).
        pub async fn list_page(&self, req: &ListAccounts) -> Result<Vec<Account>> {
            self.client.list_page(&ep::ACCOUNTS_LIST, req).await
        }

        /// "Get account".
        pub async fn get(&self, id: impl Into<AccountId>) -> Result<Account> {
            self.client
                .call_id(&ep::ACCOUNTS_GET, id.into())
                .send_json()
                .await
        }

        /// "Update account".
        pub async fn update(&self, req: &UpdateAccount) -> Result<Account> {
            self.client
                .call_id(&ep::ACCOUNTS_UPDATE, req.id)
                .json(req)
                .send_json()
                .await
        }
    }
}
