//! Guest feedback: `GET /feedback`, `GET /feedback/{id}`.
//!
//! **Unverified**: these endpoints appear only in an AI-drafted OpenAPI file; no real client calls
//! them (docs/vendors/resos.md §14). Shapes are that file's; everything else is kept in `extra`.

use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{BookingId, lenient, search_handle};

model_kit::id_newtype! {
    /// Id of a feedback entry (**unverified** endpoint).
    ///
    /// resOS ids are opaque strings; no format is enforced.
    pub struct FeedbackId(String);
}

/// One guest's feedback on a visit (**unverified**, docs/vendors/resos.md §14).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackEntry {
    /// Feedback id.
    #[serde(rename = "_id")]
    pub id: FeedbackId,
    /// The booking it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<BookingId>,
    /// Rating, 1 to 5.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub rating: Option<u32>,
    /// The guest's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When it was given.
    #[serde(
        default,
        deserialize_with = "lenient::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<Timestamp>,
    /// The customer (shape unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Value>,
    /// Whether it is shown publicly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_public: Option<bool>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

search_handle! {
    /// Handle for feedback: `client.feedback()`. **Unverified** endpoints.
    Feedback { op: "feedback", path: "/feedback", what: "entry",
        list: ListFeedback, get: GetFeedback(FeedbackId) => FeedbackEntry }
}
