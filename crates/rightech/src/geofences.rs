//! `geofences`: geo shapes and routes (docs/vendors/rightech.md §9; fields from the vendor's type
//! definitions only, so everything unknown stays in `extra`).

/// Store name of geofences.
pub const STORE: &str = "geofences";

record! {
    /// A geofence.
    pub struct Geofence {
        /// `type` of the shape (kept as text).
        #[serde(rename = "type")]
        pub kind: Option<String>,
        /// `geometry` or shape data (kept as JSON).
        pub geometry: Option<serde_json::Value>,
    }
}
