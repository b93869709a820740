//! Staff and admin endpoints (reference §11). Undocumented by the vendor (seen in its web app
//! and in third-party clients); they need a `Tenant::Admin` or `Tenant::Staff` login.

use core_http::http::Method;
use core_http::pacing::RequestKind;
use core_http::paging::{PageRequest, offset_pages};
use core_http::{Error, RequestBuilder, Result};
use futures::Stream;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Client;
use crate::common::{Address, BookingId, Count, Extra, Money, ServiceDate};
use crate::customer_bookings::{BookingRef, SortOrder};

/// Most bookings per page of the staff list (reference §11: "100 max per page").
pub const PAGE_MAX: u32 = 100;

/// Input of `staff.bookings` (one page) and `staff.bookings_all` (a stream).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListStaffBookings {
    /// First day (tenant-local).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// Page size (1–100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Items to skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Options, joined with commas (`completed`, `exclude_forecasted` seen).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<SortOrder>,
    /// Filter (values undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
}

impl ListStaffBookings {
    fn apply(&self, rb: RequestBuilder, limit: Option<u32>, offset: Option<u64>) -> RequestBuilder {
        let options = (!self.options.is_empty()).then(|| self.options.join(","));
        rb.query_opt("from", self.from)
            .query_opt("to", self.to)
            .query_opt("limit", limit)
            .query_opt("offset", offset)
            .query_opt("options", options)
            .query_opt("query", self.query.as_deref())
            .query_opt("sort", self.sort.map(SortOrder::as_str))
            .query_opt("filter", self.filter.as_deref())
    }

    fn validate(&self) -> Result<()> {
        if let Some(limit) = self.limit
            && !(1..=PAGE_MAX).contains(&limit)
        {
            return Err(Error::validation("limit", format!("must be 1–{PAGE_MAX}")));
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(Error::validation("to", "must not be before `from`"));
        }
        Ok(())
    }
}

core_http::open_enum! {
    /// Where a booking stands for the office (reference §11).
    pub enum BookingStatus {
        /// `new`.
        New = "new",
        /// `unassigned`.
        Unassigned = "unassigned",
        /// `assigned`.
        Assigned = "assigned",
        /// `confirmed`.
        Confirmed = "confirmed",
        /// `completed`.
        Completed = "completed",
    }
}

/// A booking as staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StaffBooking {
    /// Id.
    pub id: BookingId,
    /// Start (UTC).
    #[serde(default)]
    pub service_date: Option<jiff::Timestamp>,
    /// Minutes.
    #[serde(default)]
    pub duration: Option<u32>,
    /// Address (may be null).
    #[serde(default)]
    pub address: Option<Address>,
    /// Teams `{id, title}` (may be null; a PHP object with index keys is read as the array).
    #[serde(default, deserialize_with = "core_http::lenient::opt_sparse_vec")]
    pub teams: Option<Vec<Value>>,
    /// `false` when cancelled.
    #[serde(default)]
    pub active: Option<bool>,
    /// Completed.
    #[serde(default)]
    pub completed: Option<bool>,
    /// Office status.
    #[serde(default)]
    pub booking_status: Option<BookingStatus>,
    /// Customer name.
    #[serde(default)]
    pub name: Option<String>,
    /// Created.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Input of `staff.available_teams`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AvailableTeams {
    /// Tenant-local start.
    pub date: ServiceDate,
}

/// Teams for a start time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TeamAvailability {
    /// Assigned (a PHP object with index keys is read as the array).
    #[serde(default, deserialize_with = "core_http::lenient::sparse_vec")]
    pub assigned: Vec<Value>,
    /// Available (a PHP object with index keys is read as the array).
    #[serde(default, deserialize_with = "core_http::lenient::sparse_vec")]
    pub available: Vec<Value>,
    /// Unavailable (a PHP object with index keys is read as the array).
    #[serde(default, deserialize_with = "core_http::lenient::sparse_vec")]
    pub unavailable: Vec<Value>,
    /// Hourly wages in use.
    #[serde(default)]
    pub hourly_wages: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `limit`/`offset` of the smaller staff lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Page {
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Items to skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

impl Page {
    fn apply(self, rb: RequestBuilder) -> RequestBuilder {
        rb.query_opt("limit", self.limit)
            .query_opt("offset", self.offset)
    }
}

/// A location with its rules (staff view).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StaffLocation {
    /// Id.
    pub id: crate::common::LocationId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Spots mode (`flexible` seen).
    #[serde(default)]
    pub booking_spots_mode: Option<String>,
    /// Opening hours per weekday.
    #[serde(default)]
    pub service_availability: Option<Vec<Value>>,
    /// Default frequency.
    #[serde(default)]
    pub default_frequency_id: Option<crate::common::FrequencyId>,
    /// Default location.
    #[serde(default)]
    pub default: Option<bool>,
    /// Active.
    #[serde(default)]
    pub active: Option<bool>,
    /// Postal codes served.
    #[serde(default)]
    pub postcodes: Option<Vec<Value>>,
    /// Counts of related records.
    #[serde(default)]
    pub counts: Option<Value>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Input of `staff.team_payments`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TeamPaymentsQuery {
    /// First day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Items to skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

/// What one team earned and is owed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TeamPaymentSummary {
    /// The team.
    #[serde(default)]
    pub team: Option<Value>,
    /// Earned.
    #[serde(default)]
    pub earned: Option<Money>,
    /// Tips.
    #[serde(default)]
    pub tips: Option<Money>,
    /// Adjustments.
    #[serde(default)]
    pub adjustments: Option<Money>,
    /// Due.
    #[serde(default)]
    pub due: Option<Money>,
    /// Paid.
    #[serde(default)]
    pub paid: Option<Money>,
    /// Wage settings.
    #[serde(default)]
    pub wages: Option<Value>,
    /// Hours `{earned, scheduled}`.
    #[serde(default)]
    pub hours: Option<Value>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The staff handle ([`Client::staff`]).
#[derive(Clone, Copy, Debug)]
pub struct Staff<'a> {
    client: &'a Client,
}

impl Client {
    /// Staff and admin endpoints (`staff.*`).
    pub fn staff(&self) -> Staff<'_> {
        Staff { client: self }
    }
}

impl Staff<'_> {
    /// `GET /staff/bookings` (`staff.bookings`): one page.
    pub async fn bookings(&self, request: &ListStaffBookings) -> Result<Vec<StaffBooking>> {
        request.validate()?;
        let rb = request.apply(
            self.client.request(Method::GET, "/staff/bookings"),
            request.limit,
            request.offset,
        );
        self.client.get_json(rb).await
    }

    /// Every matching booking as a stream (`staff.bookings_all`), pages of `request.limit`
    /// (default and maximum [`PAGE_MAX`]).
    pub fn bookings_all(
        &self,
        request: &ListStaffBookings,
    ) -> impl Stream<Item = Result<StaffBooking>> + Send + 'static {
        let client = self.client.clone();
        let request = request.clone();
        let page_size = request.limit.unwrap_or(PAGE_MAX);
        let start = request.offset.unwrap_or(0);
        offset_pages(page_size, PAGE_MAX, start, move |page: PageRequest| {
            let client = client.clone();
            let request = request.clone();
            async move {
                request.validate()?;
                let rb = request.apply(
                    client.request(Method::GET, "/staff/bookings"),
                    Some(page.limit),
                    Some(page.offset),
                );
                client.get_page(rb).await
            }
        })
    }

    /// `GET /staff/bookings/{id}` (`staff.booking`).
    pub async fn booking(&self, request: &BookingRef) -> Result<StaffBooking> {
        let rb = self
            .client
            .request(Method::GET, "/staff/bookings/{id}")
            .path_param("id", request.id);
        self.client.get_json(rb).await
    }

    /// `POST /staff/bookings/available_teams` (`staff.available_teams`). A read sent as POST.
    pub async fn available_teams(&self, request: &AvailableTeams) -> Result<TeamAvailability> {
        let rb = self
            .client
            .request(Method::POST, "/staff/bookings/available_teams")
            .idempotent(true)
            .json(request);
        self.client.call(RequestKind::Read, rb).await
    }

    /// `GET /staff/locations` (`staff.locations`).
    pub async fn locations(&self, page: &Page) -> Result<Vec<StaffLocation>> {
        let rb = page.apply(self.client.request(Method::GET, "/staff/locations"));
        self.client.get_json(rb).await
    }

    /// `GET /staff/locations/available` (`staff.available_locations`).
    pub async fn available_locations(&self, page: &Page) -> Result<Vec<StaffLocation>> {
        let rb = page.apply(
            self.client
                .request(Method::GET, "/staff/locations/available"),
        );
        self.client.get_json(rb).await
    }

    /// `GET /staff/checklists` (`staff.checklists`); item shape undocumented (JSON).
    pub async fn checklists(&self, page: &Page) -> Result<Vec<Value>> {
        let rb = page.apply(self.client.request(Method::GET, "/staff/checklists"));
        self.client.get_json(rb).await
    }

    /// `GET /staff/reports/pending_charges` (`staff.pending_charges`); item shape
    /// undocumented (JSON).
    pub async fn pending_charges(&self, page: &Page) -> Result<Vec<Value>> {
        let rb = page.apply(
            self.client
                .request(Method::GET, "/staff/reports/pending_charges"),
        );
        self.client.get_json(rb).await
    }

    /// `GET /staff/reports/pending_charges/count` (`staff.pending_charges_count`).
    pub async fn pending_charges_count(&self) -> Result<Count> {
        self.client
            .get_json(
                self.client
                    .request(Method::GET, "/staff/reports/pending_charges/count"),
            )
            .await
    }

    /// `GET /staff/teams/payments/summary` (`staff.team_payments`).
    pub async fn team_payments(
        &self,
        request: &TeamPaymentsQuery,
    ) -> Result<Vec<TeamPaymentSummary>> {
        let rb = self
            .client
            .request(Method::GET, "/staff/teams/payments/summary")
            .query_opt("from", request.from)
            .query_opt("to", request.to)
            .query_opt("limit", request.limit)
            .query_opt("offset", request.offset);
        self.client.get_json(rb).await
    }
}
