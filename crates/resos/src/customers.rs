//! Customers: `GET /customers`, `GET /customers/{id}`.
//!
//! **Unverified**: these endpoints appear only in an AI-drafted OpenAPI file; no real client calls
//! them (docs/vendors/resos.md §14). Shapes are that file's; everything else is kept in `extra`.

use core_http::Result;
use futures::Stream;
use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::common::{get_request, lenient, search_list_request};

model_kit::id_newtype! {
    /// Id of a customer (**unverified** endpoint).
    ///
    /// resOS ids are opaque strings; no format is enforced.
    pub struct CustomerId(String);
}

/// A customer (**unverified**, docs/vendors/resos.md §14).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// Customer id.
    #[serde(rename = "_id")]
    pub id: CustomerId,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// When the customer was created.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<Timestamp>,
    /// Last booking.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_booking_at: Option<Timestamp>,
    /// Number of bookings.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub booking_count: Option<u32>,
    /// Total spent (currency unknown).
    #[serde(
        default,
        deserialize_with = "lenient::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_spent: Option<f64>,
    /// Free-form data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

search_list_request!(
    /// Input of `customers.list` and `customers.list_page`: `GET /customers`
    /// (**unverified**).
    ListCustomers
);

get_request!(
    /// Input of `customers.get`: `GET /customers/{id}` (**unverified**).
    GetCustomer,
    CustomerId
);

/// Handle for customers: `client.customers()`. **Unverified** endpoints.
#[derive(Clone, Debug)]
pub struct Customers {
    client: Client,
}

impl Customers {
    pub(crate) fn new(client: Client) -> Self {
        Customers { client }
    }

    /// Every customer, as a lazy stream fetched page by page (`customers.list`). **Unverified**
    /// endpoint; paging with `skip`/`limit` is assumed as for bookings.
    pub fn list(
        &self,
        request: &ListCustomers,
    ) -> impl Stream<Item = Result<Customer>> + Send + 'static {
        self.client.search_stream("/customers", request)
    }

    /// One page (`customers.list_page`). **Unverified** endpoint.
    pub async fn list_page(&self, request: &ListCustomers) -> Result<Vec<Customer>> {
        self.client.search_page("/customers", request).await
    }

    /// One customer (`customers.get`). **Unverified** endpoint.
    pub async fn get(&self, request: &GetCustomer) -> Result<Customer> {
        self.client
            .get_by_id("/customers/{id}", request.id.as_str())
            .await
    }
}
