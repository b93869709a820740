//! Booking policies (docs/vendors/launch27.md §10): lead times for new bookings and reschedules,
//! cancellation terms, location rules. All `GET`, no body.

use core_http::Result;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Client;
use crate::common::{Extra, Money};

model_kit::open_enum! {
    /// Unit of a lead time.
    pub enum LeadTimeUnit {
        /// `hour`.
        Hour = "hour",
        /// `day`.
        Day = "day",
    }
}

/// A lead-time rule (`/policy/booking`, `/policy/reschedule`): allowed only when at least
/// `quantity` `unit`s before the appointment; `custom: false` means no restriction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LeadTimePolicy {
    /// A custom rule is set.
    #[serde(default)]
    pub custom: bool,
    /// Unit.
    #[serde(default)]
    pub unit: Option<LeadTimeUnit>,
    /// How many units.
    #[serde(default)]
    pub quantity: Option<u32>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `/policy/cancellation`: when a cancel is late and what it costs. The default
/// (`custom: false`) is late after 5 pm the day before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CancellationPolicy {
    /// A custom rule is set.
    #[serde(default)]
    pub custom: bool,
    /// Unit.
    #[serde(default)]
    pub unit: Option<LeadTimeUnit>,
    /// How many units.
    #[serde(default)]
    pub quantity: Option<u32>,
    /// Fixed late fee (never together with a percent above 0).
    #[serde(default)]
    pub late_cancellation_fee: Option<Money>,
    /// Late fee as a percent of the pre-tax amount (0–100).
    #[serde(default)]
    pub late_cancellation_percent: Option<Money>,
    /// A reason is required to cancel.
    #[serde(default)]
    pub cancellation_reason_on: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `/policy/location`: refuse bookings whose zip matches no location.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LocationPolicy {
    /// Refuse such bookings.
    #[serde(default)]
    pub prevent_booking: bool,
    /// The message given.
    #[serde(default)]
    pub prevent_booking_text: Option<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `/policy/invite_teams`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InviteTeamsPolicy {
    /// Automatic actions turned off (a PHP object with index keys is read as the array).
    #[serde(default, deserialize_with = "model_kit::lenient::sparse_vec")]
    pub disabled_automatic_actions: Vec<String>,
    /// Columns hidden (a PHP object with index keys is read as the array).
    #[serde(default, deserialize_with = "model_kit::lenient::sparse_vec")]
    pub hidden_columns: Vec<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The policies handle ([`Client::policies`]).
#[derive(Clone, Debug)]
pub struct Policies {
    client: Client,
}

impl Client {
    /// Booking policies (`policies.*`).
    pub fn policies(&self) -> Policies {
        Policies {
            client: self.clone(),
        }
    }
}

impl Policies {
    /// `GET /policy/booking` (`policies.booking`), sent without credentials.
    pub async fn booking(&self) -> Result<LeadTimePolicy> {
        self.client.get_public("/policy/booking").await
    }

    /// `GET /policy/reschedule` (`policies.reschedule`); needs a login.
    pub async fn reschedule(&self) -> Result<LeadTimePolicy> {
        self.client.get_path("/policy/reschedule").await
    }

    /// `GET /policy/cancellation` (`policies.cancellation`); needs a login.
    pub async fn cancellation(&self) -> Result<CancellationPolicy> {
        self.client.get_path("/policy/cancellation").await
    }

    /// `GET /policy/location` (`policies.location`), sent without credentials.
    pub async fn location(&self) -> Result<LocationPolicy> {
        self.client.get_public("/policy/location").await
    }

    /// `GET /policy/recurring` (`policies.recurring`). Its shape is undocumented
    /// (docs/vendors/launch27.md §10), so the answer is returned as JSON.
    pub async fn recurring(&self) -> Result<Value> {
        self.client.get_path("/policy/recurring").await
    }

    /// `GET /policy/invite_teams` (`policies.invite_teams`).
    pub async fn invite_teams(&self) -> Result<InviteTeamsPolicy> {
        self.client.get_path("/policy/invite_teams").await
    }
}
