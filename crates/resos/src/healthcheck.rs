//! Health check (docs/vendors/resos.md §13).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::RestaurantId;

/// The answer of `GET /healthcheck` ([`crate::Client::healthcheck`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    /// A fixed cheerful message; do not match on its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The restaurant the API key belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restaurant_id: Option<RestaurantId>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
