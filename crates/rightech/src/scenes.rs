//! `scenes`: indoor scenes with floors, rooms and beacons (docs/vendors/rightech.md §9; fields from
//! the vendor's type definitions only, so everything unknown stays in `extra`).

/// Store name of scenes.
pub const STORE: &str = "scenes";

record! {
    /// A scene.
    pub struct Scene {
        /// `floors` (kept as JSON).
        pub floors: Option<serde_json::Value>,
    }
}
