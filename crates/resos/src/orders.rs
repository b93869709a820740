//! Orders: `GET /orders`, `GET /orders/{id}`.
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
use crate::common::{BookingId, get_request, lenient, search_list_request};

model_kit::id_newtype! {
    /// Id of an order (**unverified** endpoint).
    ///
    /// resOS ids are opaque strings; no format is enforced.
    pub struct OrderId(String);
}

model_kit::open_enum! {
    /// Status of an order (**unverified**, docs/vendors/resos.md §14).
    #[non_exhaustive]
    pub enum OrderStatus {
        /// Not yet confirmed.
        Pending = "pending",
        /// Confirmed.
        Confirmed = "confirmed",
        /// Completed.
        Completed = "completed",
        /// Cancelled (two "l", as the AI-drafted spec writes it).
        Cancelled = "cancelled",
    }
}

/// One line of an order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OrderItem {
    /// Item name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Quantity.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<u32>,
    /// Unit price (currency unknown).
    #[serde(
        default,
        deserialize_with = "lenient::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub price: Option<f64>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An order (**unverified**, docs/vendors/resos.md §14).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// Order id.
    #[serde(rename = "_id")]
    pub id: OrderId,
    /// The booking it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<BookingId>,
    /// Lines.
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub items: Vec<OrderItem>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OrderStatus>,
    /// Total (currency unknown).
    #[serde(
        default,
        deserialize_with = "lenient::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_amount: Option<f64>,
    /// When the order was created.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<Timestamp>,
    /// When the order was last changed.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<Timestamp>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

search_list_request!(
    /// Input of `orders.list` and `orders.list_page`: `GET /orders` (**unverified**).
    ListOrders
);

get_request!(
    /// Input of `orders.get`: `GET /orders/{id}` (**unverified**).
    GetOrder,
    OrderId
);

/// Handle for orders: `client.orders()`. **Unverified** endpoints.
#[derive(Clone, Debug)]
pub struct Orders {
    client: Client,
}

impl Orders {
    pub(crate) fn new(client: Client) -> Self {
        Orders { client }
    }

    /// Every order, as a lazy stream fetched page by page (`orders.list`). **Unverified**
    /// endpoint; paging with `skip`/`limit` is assumed as for bookings.
    pub fn list(&self, request: &ListOrders) -> impl Stream<Item = Result<Order>> + Send + 'static {
        self.client.search_stream("/orders", request)
    }

    /// One page (`orders.list_page`). **Unverified** endpoint.
    pub async fn list_page(&self, request: &ListOrders) -> Result<Vec<Order>> {
        self.client.search_page("/orders", request).await
    }

    /// One order (`orders.get`). **Unverified** endpoint.
    pub async fn get(&self, request: &GetOrder) -> Result<Order> {
        self.client
            .get_by_id("/orders/{id}", request.id.as_str())
            .await
    }
}
