//! Orders: `GET /orders`, `GET /orders/{id}`.
//!
//! **Unverified**: these endpoints appear only in an AI-drafted OpenAPI file; no real client calls
//! them (docs/vendors/resos.md §14). Shapes are that file's; everything else is kept in `extra`.

use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{BookingId, lenient, search_handle};

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

search_handle! {
    /// Handle for orders: `client.orders()`. **Unverified** endpoints.
    Orders { op: "orders", path: "/orders", what: "order",
        list: ListOrders, get: GetOrder(OrderId) => Order }
}
