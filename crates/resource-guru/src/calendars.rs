//! Calendar sync: linked external calendars and the events synced from them (reference §5.13,
//! §7.15). All five paths are unverified (P2).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{CalendarId, lenient, vendor_enum};

vendor_enum! {
    /// The external calendar service.
    CalendarApi {
        /// Google Calendar.
        Google = "google",
    }
}

vendor_enum! {
    /// State of the connection to the external calendar.
    ConnectionStatus {
        /// Connected.
        Success = "success",
    }
}

vendor_enum! {
    /// State of syncing bookings out to the external calendar.
    OutgoingCalendarState {
        /// Paused.
        Paused = "paused",
    }
}

/// A calendar subscription (reference §5.13).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Calendar {
    /// Calendar id.
    pub id: CalendarId,
    /// Name of the external account.
    #[serde(default)]
    pub calendar_account_name: Option<String>,
    /// Connection state.
    #[serde(default)]
    pub connection_status: Option<ConnectionStatus>,
    /// External service.
    #[serde(default)]
    pub api: Option<CalendarApi>,
    /// Calendars synced in (item shape unknown).
    #[serde(default)]
    pub incoming_calendars: Option<Vec<Value>>,
    /// Outgoing sync state.
    #[serde(default)]
    pub outgoing_calendar_state: Option<OutgoingCalendarState>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An event synced from an external calendar (shape unknown, reference §13).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExternalEvent {
    /// Event id, as sent (number or string).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub id: Option<String>,
    /// Everything else the event carries.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::Result;
    use jiff::civil::Date;
    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    use super::{Calendar, ExternalEvent};
    use crate::client::{Client, Query, check};
    use crate::common::{CalendarId, setters};
    use crate::endpoints as ep;

    /// "List external events".
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ListExternalEvents {
        /// Events starting on or after.
        pub start_date: Option<Date>,
        /// Events ending on or before.
        pub end_date: Option<Date>,
    }

    impl ListExternalEvents {
        /// No date filter.
        pub fn new() -> Self {
            Self::default()
        }
    }

    setters!(ListExternalEvents {
        start_date: Date,
        end_date: Date
    });

    /// One incoming calendar and whether to sync it.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct CalendarSubscription {
        /// The external calendar's id, as the API gives it (number or string).
        pub calendar_id: Value,
        /// Sync it.
        pub sync: bool,
    }

    /// "Update calendar" (reference §7.15).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct UpdateCalendar {
        /// The calendar (path).
        #[serde(skip_serializing)]
        pub id: CalendarId,
        /// Which incoming calendars to sync (required).
        pub incoming_calendar_subscriptions: Vec<CalendarSubscription>,
        /// Comma-separated filters on event titles to exclude.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub filters: Option<String>,
        /// Extra booking types to sync out (values unknown).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub selected_bookings: Option<Vec<String>>,
        /// Show event details to everyone unless private at the source.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub visible_to_all: Option<bool>,
    }

    impl UpdateCalendar {
        /// Sets the incoming subscriptions of calendar `id`.
        pub fn new(
            id: impl Into<CalendarId>,
            subscriptions: impl Into<Vec<CalendarSubscription>>,
        ) -> Self {
            UpdateCalendar {
                id: id.into(),
                incoming_calendar_subscriptions: subscriptions.into(),
                filters: None,
                selected_bookings: None,
                visible_to_all: None,
            }
        }
    }

    setters!(UpdateCalendar { filters: String, selected_bookings: Vec<String>, visible_to_all: bool });

    /// Calendar operations: `client.calendars()`.
    #[derive(Clone, Debug)]
    pub struct Calendars {
        client: Client,
    }

    impl Client {
        /// Calendar sync operations.
        pub fn calendars(&self) -> Calendars {
            Calendars {
                client: self.clone(),
            }
        }
    }

    impl Calendars {
        /// "List calendars".
        pub async fn list(&self) -> Result<Vec<Calendar>> {
            self.client.call(&ep::CALENDARS_LIST).send_json().await
        }

        /// "List external events".
        pub async fn external_events(
            &self,
            req: &ListExternalEvents,
        ) -> Result<Vec<ExternalEvent>> {
            let q = Query::new()
                .opt("start_date", req.start_date)
                .opt("end_date", req.end_date);
            self.client
                .call(&ep::CALENDARS_EXTERNAL_EVENTS)
                .query_pairs(q.0)
                .send_json()
                .await
        }

        /// "Get calendar".
        pub async fn get(&self, id: CalendarId) -> Result<Calendar> {
            self.client
                .call_id(&ep::CALENDARS_GET, id)
                .send_json()
                .await
        }

        /// "Update calendar".
        pub async fn update(&self, req: &UpdateCalendar) -> Result<Calendar> {
            check::non_empty(
                "incoming_calendar_subscriptions",
                &req.incoming_calendar_subscriptions,
            )?;
            self.client
                .call_id(&ep::CALENDARS_UPDATE, req.id)
                .json(req)
                .send_json()
                .await
        }

        /// "Delete calendar": disconnects and deletes it (204).
        pub async fn delete(&self, id: CalendarId) -> Result<()> {
            self.client
                .call_id(&ep::CALENDARS_DELETE, id)
                .send_unit()
                .await
        }
    }
}
