//! Customers: `GET /customers`, `GET /customers/{id}`.
//!
//! **Unverified**: these endpoints appear only in an AI-drafted OpenAPI file; no real client calls
//! them (docs/vendors/resos.md §14). Shapes are that file's; everything else is kept in `extra`.

use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{lenient, search_handle};

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
    pub email: Option<model_kit::Email>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<model_kit::Phone>,
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

search_handle! {
    /// Handle for customers: `client.customers()`. **Unverified** endpoints.
    Customers { op: "customers", path: "/customers", what: "customer",
        list: ListCustomers, get: GetCustomer(CustomerId) => Customer }
}
