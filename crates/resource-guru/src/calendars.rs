//! Calendar sync: linked external calendars and the events synced from them (docs/vendors/resource-guru.md §5,
//! §7.15). All five paths are unverified (P2).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{CalendarId, lenient};

model_kit::open_enum! {
    /// The external calendar service.
    pub enum CalendarApi {
        /// Google Calendar.
        Google = "google",
    }
}

model_kit::open_enum! {
    /// State of the connection to the external calendar.
    pub enum ConnectionStatus {
        /// Connected.
        Success = "success",
    }
}

model_kit::open_enum! {
    /// State of syncing bookings out to the external calendar.
    pub enum OutgoingCalendarState {
        /// Paused.
        Paused = "paused",
    }
}

/// A calendar subscription (docs/vendors/resource-guru.md §5).
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

/// An event synced from an external calendar (shape unknown, docs/vendors/resource-guru.md §11).
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
    use core_http::{Error, Result};
    use futures::Stream;
    use jiff::civil::Date;
    use serde::{Deserialize, Serialize};

    use super::{Calendar, ExternalEvent};
    use crate::client::{Client, ListRequest, Query, check};
    use crate::common::{CalendarId, IncomingCalendarId, empty_request};
    use crate::crud::{Crud, Validate, managed};
    use crate::endpoints as ep;

    empty_request!(
        /// "List calendars" (not paged by the vendor: one request answers everything).
        ListCalendars
    );

    /// "List external events" (not paged by the vendor: one request answers everything).
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

    model_kit::setters!(ListExternalEvents {
        start_date: Date,
        end_date: Date
    });

    impl ListRequest for ListExternalEvents {
        fn query_pairs(&self, _: &Client, _: &ep::Endpoint) -> Vec<(String, String)> {
            Query::new()
                .opt("start_date", self.start_date)
                .opt("end_date", self.end_date)
                .0
        }
    }

    /// One incoming calendar and whether to sync it (both required by the vendor).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CalendarSubscription {
        /// The external calendar's id (an integer ≥ 1, docs/vendors/resource-guru.md §7.15).
        pub calendar_id: IncomingCalendarId,
        /// Sync it.
        pub sync: bool,
    }

    impl CalendarSubscription {
        /// Syncs (or stops syncing) external calendar `calendar_id`.
        pub fn new(calendar_id: impl Into<IncomingCalendarId>, sync: bool) -> Self {
            CalendarSubscription {
                calendar_id: calendar_id.into(),
                sync,
            }
        }
    }

    /// "Update calendar" (docs/vendors/resource-guru.md §7.15).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct UpdateCalendar {
        /// The calendar (path).
        #[serde(skip_serializing)]
        pub id: CalendarId,
        /// Which incoming calendars to sync (required, non-empty).
        pub incoming_calendar_subscriptions: Vec<CalendarSubscription>,
        /// Comma-separated filters on event titles to exclude.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub filters: Option<String>,
        /// Extra booking types to sync out (allowed values are not documented).
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

    impl Validate for UpdateCalendar {
        fn validate(&self) -> Result<()> {
            check::non_empty(
                "incoming_calendar_subscriptions",
                &self.incoming_calendar_subscriptions,
            )?;
            if self
                .incoming_calendar_subscriptions
                .iter()
                .any(|s| s.calendar_id.0 == 0)
            {
                return Err(Error::validation(
                    "incoming_calendar_subscriptions.calendar_id",
                    "must be an integer >= 1",
                ));
            }
            Ok(())
        }
    }

    model_kit::setters!(UpdateCalendar { filters: String, selected_bookings: Vec<String>, visible_to_all: bool });

    managed!(Calendar {
        key: CalendarId,
        list: ListCalendars,
        update: UpdateCalendar,
        delete: CalendarId,
        endpoints: CALENDARS_LIST,
        CALENDARS_GET,
        CALENDARS_UPDATE,
        CALENDARS_DELETE
    });

    /// Calendar sync operations: `client.calendars()` (the shared [`Crud`] operations without
    /// create, plus the external events). "Delete" disconnects and deletes the calendar.
    pub type Calendars = Crud<Calendar>;

    impl Client {
        /// Calendar sync operations.
        pub fn calendars(&self) -> Calendars {
            Crud::new(self)
        }
    }

    impl Crud<Calendar> {
        /// The lazy stream over the events synced from subscribed calendars (not paged by the
        /// vendor: one request answers everything).
        pub fn list_external_events(
            &self,
            req: &ListExternalEvents,
        ) -> impl Stream<Item = Result<ExternalEvent>> + Send + 'static {
            self.client.list_stream(&ep::CALENDARS_EXTERNAL_EVENTS, req)
        }

        /// "List external events" (not paged by the vendor: one request answers everything).
        pub async fn list_external_events_page(
            &self,
            req: &ListExternalEvents,
        ) -> Result<Vec<ExternalEvent>> {
            self.client
                .list_page(&ep::CALENDARS_EXTERNAL_EVENTS, req)
                .await
        }
    }
}
