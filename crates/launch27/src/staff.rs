//! Staff and admin endpoints (docs/vendors/launch27.md §16). Undocumented by the vendor (seen in
//! its web app and in third-party clients); they need a `Tenant::Admin` or `Tenant::Staff` login.

use core_http::http::Method;
use core_http::{Error, RequestBuilder, Result};
use futures::Stream;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Client;
use crate::common::{Address, BookingId, Count, Extra, Money, ServiceDate};
use crate::customer_bookings::{BookingRef, SortOrder};

/// Most bookings per page of the staff list (docs/vendors/launch27.md §16: "100 max per page").
pub const PAGE_MAX: u32 = 100;

/// Input of `staff.list_bookings` (a stream) and `staff.list_bookings_page` (one page).
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

impl crate::client::OffsetQuery for ListStaffBookings {
    fn window(&self) -> (Option<u32>, Option<u64>) {
        (self.limit, self.offset)
    }

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
        check_range(self.from, self.to)
    }
}

model_kit::setters!(ListStaffBookings {
    from: Date,
    to: Date,
    limit: u32,
    offset: u64,
    query: String,
    sort: SortOrder,
    filter: String,
});

/// `from` is not after `to`.
pub(crate) fn check_range(from: Option<Date>, to: Option<Date>) -> Result<()> {
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(Error::validation("to", "must not be before `from`"));
    }
    Ok(())
}

model_kit::open_enum! {
    /// Where a booking stands for the office (docs/vendors/launch27.md §16).
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
    #[serde(default, deserialize_with = "model_kit::lenient::opt_sparse_vec")]
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

impl AvailableTeams {
    /// Teams for a start time.
    pub fn new(date: impl Into<ServiceDate>) -> Self {
        AvailableTeams { date: date.into() }
    }
}

/// Teams for a start time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TeamAvailability {
    /// Assigned (a PHP object with index keys is read as the array).
    #[serde(default, deserialize_with = "model_kit::lenient::sparse_vec")]
    pub assigned: Vec<Value>,
    /// Available (a PHP object with index keys is read as the array).
    #[serde(default, deserialize_with = "model_kit::lenient::sparse_vec")]
    pub available: Vec<Value>,
    /// Unavailable (a PHP object with index keys is read as the array).
    #[serde(default, deserialize_with = "model_kit::lenient::sparse_vec")]
    pub unavailable: Vec<Value>,
    /// Hourly wages in use.
    #[serde(default)]
    pub hourly_wages: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Input of the smaller staff lists (`staff.list_locations`, `staff.list_checklists`, ...):
/// page size and start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PageParams {
    /// Page size (at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Items to skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

impl PageParams {
    /// `limit` items from `offset`.
    pub fn new(limit: u32, offset: u64) -> Self {
        PageParams {
            limit: Some(limit),
            offset: Some(offset),
        }
    }
}

impl crate::client::OffsetQuery for PageParams {
    fn validate(&self) -> Result<()> {
        check_limit(self.limit)
    }
    fn window(&self) -> (Option<u32>, Option<u64>) {
        (self.limit, self.offset)
    }

    fn apply(&self, rb: RequestBuilder, limit: Option<u32>, offset: Option<u64>) -> RequestBuilder {
        rb.query_opt("limit", limit).query_opt("offset", offset)
    }
}

/// A page size, when given, is at least 1.
fn check_limit(limit: Option<u32>) -> Result<()> {
    if limit == Some(0) {
        return Err(Error::validation("limit", "must be at least 1"));
    }
    Ok(())
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

/// Path of the team payment summaries.
const TEAM_PAYMENTS_PATH: &str = "/staff/teams/payments/summary";

/// Input of `staff.list_team_payments` (a stream) and `staff.list_team_payments_page` (one
/// page).
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

impl crate::client::OffsetQuery for TeamPaymentsQuery {
    fn window(&self) -> (Option<u32>, Option<u64>) {
        (self.limit, self.offset)
    }

    fn apply(&self, rb: RequestBuilder, limit: Option<u32>, offset: Option<u64>) -> RequestBuilder {
        rb.query_opt("from", self.from)
            .query_opt("to", self.to)
            .query_opt("limit", limit)
            .query_opt("offset", offset)
    }

    fn validate(&self) -> Result<()> {
        check_limit(self.limit)?;
        check_range(self.from, self.to)
    }
}

model_kit::setters!(TeamPaymentsQuery {
    from: Date,
    to: Date,
    limit: u32,
    offset: u64,
});

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
#[derive(Clone, Debug)]
pub struct Staff {
    client: Client,
}

impl Client {
    /// Staff and admin endpoints (`staff.*`).
    pub fn staff(&self) -> Staff {
        Staff {
            client: self.clone(),
        }
    }
}

/// Writes both forms of a staff list paged by [`PageParams`] (`limit`/`offset`): `$list`, a
/// lazy stream over every page, and `$page`, one page. The given doc is added to both.
macro_rules! page_params_lists {
    ($( $(#[$doc:meta])* $list:ident, $page:ident: $path:literal => $item:ty; )*) => {$(
        #[doc = concat!("`GET ", $path, "` (`staff.", stringify!($list), "`): as a lazy stream")]
        #[doc = "over pages of `page.limit` (default and maximum [`PAGE_MAX`], assumed)."]
        $(#[$doc])*
        pub fn $list(
            &self,
            page: &PageParams,
        ) -> impl Stream<Item = Result<$item>> + Send + 'static {
            self.client.offset_stream($path, page, PAGE_MAX)
        }

        #[doc = concat!("`GET ", $path, "` (`staff.", stringify!($page), "`): one page.")]
        $(#[$doc])*
        pub async fn $page(&self, page: &PageParams) -> Result<Vec<$item>> {
            self.client.offset_page($path, page).await
        }
    )*};
}

impl Staff {
    /// `GET /staff/bookings` (`staff.list_bookings`): every matching booking, as a lazy stream
    /// over all pages of `request.limit` (default and maximum [`PAGE_MAX`]) from
    /// `request.offset`.
    ///
    /// # Errors
    ///
    /// Items are `Err` for an invalid request (before anything is sent), a `403` when the
    /// login is not staff or admin, or a repeated page ([`Error::Paging`]).
    pub fn list_bookings(
        &self,
        request: &ListStaffBookings,
    ) -> impl Stream<Item = Result<StaffBooking>> + Send + 'static {
        self.client
            .offset_stream("/staff/bookings", request, PAGE_MAX)
    }

    /// `GET /staff/bookings` (`staff.list_bookings_page`): one page.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for a limit outside 1–[`PAGE_MAX`] or a reversed
    /// range; `403` when the login is not staff or admin.
    pub async fn list_bookings_page(
        &self,
        request: &ListStaffBookings,
    ) -> Result<Vec<StaffBooking>> {
        self.client.offset_page("/staff/bookings", request).await
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
            .request(Method::POST, "/staff/bookings/available_teams");
        self.client.post_read(rb, request).await
    }

    page_params_lists! {
        /// Every location.
        list_locations, list_locations_page: "/staff/locations" => StaffLocation;
        /// The available locations.
        list_available_locations, list_available_locations_page:
            "/staff/locations/available" => StaffLocation;
        /// Item shape undocumented (JSON).
        list_checklists, list_checklists_page: "/staff/checklists" => Value;
        /// Item shape undocumented (JSON).
        list_pending_charges, list_pending_charges_page:
            "/staff/reports/pending_charges" => Value;
    }

    /// `GET /staff/reports/pending_charges/count` (`staff.pending_charges_count`).
    pub async fn pending_charges_count(&self) -> Result<Count> {
        self.client
            .get_path("/staff/reports/pending_charges/count")
            .await
    }

    /// `GET /staff/teams/payments/summary` (`staff.list_team_payments`): every team's summary,
    /// as a lazy stream over pages of `request.limit` (default and maximum [`PAGE_MAX`],
    /// assumed).
    pub fn list_team_payments(
        &self,
        request: &TeamPaymentsQuery,
    ) -> impl Stream<Item = Result<TeamPaymentSummary>> + Send + 'static {
        self.client
            .offset_stream(TEAM_PAYMENTS_PATH, request, PAGE_MAX)
    }

    /// `GET /staff/teams/payments/summary` (`staff.list_team_payments_page`): one page.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for a zero limit or a reversed range.
    pub async fn list_team_payments_page(
        &self,
        request: &TeamPaymentsQuery,
    ) -> Result<Vec<TeamPaymentSummary>> {
        self.client.offset_page(TEAM_PAYMENTS_PATH, request).await
    }
}
