//! Activities (reference §7.2): the audit log of one booking. Entry fields are not documented,
//! so entries keep everything they carry.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::lenient;

/// One activity log entry (shape unknown, reference §13).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Activity {
    /// Entry id, when present.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// Time of the activity, when present.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Everything else the entry carries.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::Result;

    use super::Activity;
    use crate::client::Client;
    use crate::common::BookingId;
    use crate::endpoints as ep;

    /// Activity operations: `client.activities()`.
    #[derive(Clone, Debug)]
    pub struct Activities {
        client: Client,
    }

    impl Client {
        /// Activity operations.
        pub fn activities(&self) -> Activities {
            Activities {
                client: self.clone(),
            }
        }
    }

    impl Activities {
        /// "List booking activities" of one booking.
        pub async fn list(&self, booking: BookingId) -> Result<Vec<Activity>> {
            self.client
                .call_id(&ep::ACTIVITIES_LIST, booking)
                .send_json()
                .await
        }
    }
}
