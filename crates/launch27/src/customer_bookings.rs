//! A logged-in customer's bookings (docs/vendors/launch27.md §12): list with filters and paging,
//! count, get, create, update, cancel. Other user types get 403.

use core_http::http::Method;
use core_http::pacing::RequestKind;
use core_http::{Error, RequestBuilder, Result};
use futures::Stream;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Client;
use crate::booking::{
    BookingDetails, CreatedBooking, PaymentMethod, check_location_id, check_payment_method,
    validate_services,
};
use crate::common::{
    Address, BookingId, Count, CustomFieldValue, Extra, FrequencyId, LocationId, Money,
    ServiceDate, ServiceId, ServiceSelection, check_address, check_id, check_len_opt,
    validate_custom_fields,
};

/// Page size used by [`CustomerBookings::list`] when none is given. The vendor documents no
/// maximum for this list; 100 is the staff list's (docs/vendors/launch27.md §16) and is assumed
/// here.
pub const PAGE_MAX: u32 = 100;
/// Path of the customer booking list.
const LIST_PATH: &str = "/customer/bookings";
/// Highest late-cancellation fee accepted (docs/vendors/launch27.md §12: 0–100000).
pub const CONFIRMED_FEE_MAX: i64 = 100_000;

/// Filters of the customer booking list (`options`, comma-separated;
/// docs/vendors/launch27.md §12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListOption {
    /// Completed bookings only.
    Completed,
    /// Not completed only.
    NotCompleted,
    /// With feedback.
    WithFeedback,
    /// Without feedback.
    WithoutFeedback,
}

impl ListOption {
    fn as_str(self) -> &'static str {
        match self {
            ListOption::Completed => "completed",
            ListOption::NotCompleted => "not_completed",
            ListOption::WithFeedback => "with_feedback",
            ListOption::WithoutFeedback => "without_feedback",
        }
    }
}

/// Sort order (default `desc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Oldest first.
    Asc,
    /// Newest first.
    Desc,
}

impl SortOrder {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }
}

/// Input of `customer_bookings.list` (one page) and `customer_bookings.list_all` (a stream).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListCustomerBookings {
    /// First day (tenant-local); with `to`, only active bookings in the range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// Free text over address, city and phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Filters (give neither completion flag to get both).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ListOption>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Items to skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<SortOrder>,
}

impl ListCustomerBookings {
    /// Bookings between two days.
    pub fn between(from: Date, to: Date) -> Self {
        ListCustomerBookings {
            from: Some(from),
            to: Some(to),
            ..ListCustomerBookings::default()
        }
    }
}

impl crate::client::OffsetQuery for ListCustomerBookings {
    fn window(&self) -> (Option<u32>, Option<u64>) {
        (self.limit, self.offset)
    }

    fn apply(&self, rb: RequestBuilder, limit: Option<u32>, offset: Option<u64>) -> RequestBuilder {
        let options = (!self.options.is_empty()).then(|| {
            self.options
                .iter()
                .map(|o| o.as_str())
                .collect::<Vec<_>>()
                .join(",")
        });
        rb.query_opt("from", self.from)
            .query_opt("to", self.to)
            .query_opt("query", self.query.as_deref())
            .query_opt("options", options)
            .query_opt("limit", limit)
            .query_opt("offset", offset.filter(|o| *o > 0))
            .query_opt("sort", self.sort.map(SortOrder::as_str))
    }

    fn validate(&self) -> Result<()> {
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(Error::validation("to", "must not be before `from`"));
        }
        if self.limit == Some(0) {
            return Err(Error::validation("limit", "must be at least 1"));
        }
        // "Give neither completion flag to get both": both flags ask for nothing.
        for (a, b) in [
            (ListOption::Completed, ListOption::NotCompleted),
            (ListOption::WithFeedback, ListOption::WithoutFeedback),
        ] {
            if self.options.contains(&a) && self.options.contains(&b) {
                return Err(Error::validation(
                    "options",
                    format!(
                        "`{}` and `{}` exclude each other (give neither to get both)",
                        a.as_str(),
                        b.as_str()
                    ),
                ));
            }
        }
        Ok(())
    }
}

model_kit::setters!(ListCustomerBookings {
    from: Date,
    to: Date,
    query: String,
    limit: u32,
    offset: u64,
    sort: SortOrder,
});

/// A booking as its customer sees it (docs/vendors/launch27.md §12).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomerBooking {
    /// Id.
    pub id: BookingId,
    /// Public id (`booking_uuid` elsewhere).
    #[serde(default)]
    pub digest: Option<String>,
    /// Location.
    #[serde(default)]
    pub location: Option<BookingLocation>,
    /// Start (UTC).
    #[serde(default)]
    pub service_date: Option<jiff::Timestamp>,
    /// Arrival window, minutes.
    #[serde(default)]
    pub arrival_window: Option<u32>,
    /// Address.
    #[serde(default)]
    pub address: Option<Address>,
    /// `false` when cancelled.
    #[serde(default)]
    pub active: Option<bool>,
    /// Completed.
    #[serde(default)]
    pub completed: Option<bool>,
    /// Customer name.
    #[serde(default)]
    pub name: Option<String>,
    /// Customer e-mail.
    #[serde(default)]
    pub email: Option<model_kit::Email>,
    /// Customer phone.
    #[serde(default)]
    pub phone: Option<model_kit::Phone>,
    /// Frequency.
    #[serde(default)]
    pub frequency: Option<BookingFrequency>,
    /// How the booking is paid.
    #[serde(default)]
    pub payment_method_info: Option<PaymentMethodInfo>,
    /// Notes.
    #[serde(default)]
    pub customer_notes: Option<String>,
    /// Services with extras and pricing parameters.
    #[serde(default)]
    pub services: Option<Vec<BookedService>>,
    /// Assigned teams (a PHP object with index keys is read as the array).
    #[serde(default, deserialize_with = "model_kit::lenient::opt_sparse_vec")]
    pub teams: Option<Vec<Value>>,
    /// Custom field values.
    #[serde(default)]
    pub custom_fields: Option<Vec<Value>>,
    /// Price summary.
    #[serde(default)]
    pub summary: Option<BookingSummary>,
    /// What the customer may do now.
    #[serde(default)]
    pub actions: Option<BookingActions>,
    /// Members not modelled here (`discount_info`, `first_recurring`, ...).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The location of a booking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BookingLocation {
    /// Id.
    pub id: LocationId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Active.
    #[serde(default)]
    pub active: Option<bool>,
    /// The default location.
    #[serde(default)]
    pub default: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The frequency of a booking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BookingFrequency {
    /// Id.
    pub id: FrequencyId,
    /// `o` for one-time, else a recurrence (`2w`).
    #[serde(default)]
    pub interval: Option<String>,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How a booking is paid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PaymentMethodInfo {
    /// Method.
    #[serde(default)]
    pub code: Option<PaymentMethod>,
    /// Members not modelled here (card brand, last digits...).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A service as booked, with its price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BookedService {
    /// Service id.
    pub id: ServiceId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Price.
    #[serde(default)]
    pub price: Option<Money>,
    /// Extras as booked (`null` when none).
    #[serde(default)]
    pub extras: Option<Vec<Value>>,
    /// Pricing parameters as booked (`null` when none).
    #[serde(default)]
    pub pricing_parameters: Option<Vec<Value>>,
    /// Members not modelled here (discount flags, hourly).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Price summary of a booking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BookingSummary {
    /// Services.
    #[serde(default)]
    pub services: Option<Money>,
    /// Pricing parameters.
    #[serde(default)]
    pub pricing_parameters: Option<Money>,
    /// Extras.
    #[serde(default)]
    pub extras: Option<Money>,
    /// Discount.
    #[serde(default)]
    pub discount: Option<Money>,
    /// Adjustment.
    #[serde(default)]
    pub adjustment: Option<Money>,
    /// Revenue.
    #[serde(default)]
    pub revenue: Option<Money>,
    /// Tip.
    #[serde(default)]
    pub tip: Option<Money>,
    /// Total.
    #[serde(default)]
    pub total: Option<Money>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a customer may do with a booking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BookingActions {
    /// Edit.
    #[serde(default)]
    pub edit: Option<bool>,
    /// Cancel.
    #[serde(default)]
    pub cancel: Option<bool>,
    /// A cancel now is late (send `confirmed_late`).
    #[serde(default)]
    pub late_cancel: Option<bool>,
    /// Recurring (send `confirmed_recurring`).
    #[serde(default)]
    pub recurring_cancel: Option<bool>,
    /// Complete.
    #[serde(default)]
    pub complete: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Input of `customer_bookings.get` and `customer_bookings.count`'s id-only cousins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BookingRef {
    /// The booking.
    pub id: BookingId,
}

impl BookingRef {
    /// The booking with this id.
    pub fn new(id: impl Into<BookingId>) -> Self {
        BookingRef { id: id.into() }
    }
}

/// Input of `customer_bookings.create`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CreateCustomerBooking {
    /// The booking.
    #[serde(flatten)]
    pub booking: BookingDetails,
    /// "Book this again": a booking of this customer to copy from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_booking_id: Option<BookingId>,
}

impl CreateCustomerBooking {
    /// A booking for the logged-in customer.
    pub fn new(booking: BookingDetails) -> Self {
        CreateCustomerBooking {
            booking,
            original_booking_id: None,
        }
    }

    fn validate(&self) -> Result<()> {
        check_id("original_booking_id", self.original_booking_id.map(|b| b.0))?;
        self.booking.validate()
    }
}

model_kit::setters!(CreateCustomerBooking {
    original_booking_id: BookingId,
});

/// The changes of an update (every member optional; only those set are sent).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BookingChanges {
    /// Location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<LocationId>,
    /// Street address, 1–255.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// City, 1–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State, 1–3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Zip, 1–10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// Phone, 1–20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<model_kit::Phone>,
    /// SMS reminders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_notifications: Option<bool>,
    /// Frequency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency_id: Option<FrequencyId>,
    /// New tenant-local start (check `/policy/reschedule` and reschedule spots first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_date: Option<ServiceDate>,
    /// Arrival window, minutes (0–1440).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_window: Option<u32>,
    /// Services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<ServiceSelection>>,
    /// Discount code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_code: Option<String>,
    /// Tip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip: Option<Money>,
    /// Tip on every recurring visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip_recurring: Option<bool>,
    /// Payment method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_notes: Option<String>,
    /// Custom field values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomFieldValue>>,
    /// Create the next recurring booking at this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_next_recurring: Option<NextRecurring>,
}

model_kit::setters!(BookingChanges {
    location_id: LocationId,
    address: String,
    city: String,
    state: String,
    zip: String,
    phone: model_kit::Phone,
    sms_notifications: bool,
    frequency_id: FrequencyId,
    service_date: ServiceDate,
    arrival_window: u32,
    services: Vec<ServiceSelection>,
    discount_code: String,
    tip: Money,
    tip_recurring: bool,
    payment_method: PaymentMethod,
    customer_notes: String,
    custom_fields: Vec<CustomFieldValue>,
    create_next_recurring: NextRecurring,
});

/// `{service_date}` of the next recurring booking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NextRecurring {
    /// Tenant-local start.
    pub service_date: ServiceDate,
}

/// Input of `customer_bookings.update`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UpdateCustomerBooking {
    /// The booking (in the path).
    pub id: BookingId,
    /// The changes (the body).
    #[serde(flatten)]
    pub changes: BookingChanges,
}

impl UpdateCustomerBooking {
    /// `changes` to booking `id`.
    pub fn new(id: impl Into<BookingId>, changes: BookingChanges) -> Self {
        UpdateCustomerBooking {
            id: id.into(),
            changes,
        }
    }

    fn validate(&self) -> Result<()> {
        let c = &self.changes;
        check_location_id(c.location_id)?;
        check_id("frequency_id", c.frequency_id.map(|f| f.0))?;
        if let Some(method) = &c.payment_method {
            check_payment_method(method)?;
        }
        validate_custom_fields(c.custom_fields.as_deref())?;
        check_address(
            c.address.as_deref(),
            c.city.as_deref(),
            c.state.as_deref(),
            c.zip.as_deref(),
        )?;
        check_len_opt("phone", c.phone.as_deref(), 1, 20)?;
        if c.arrival_window
            .is_some_and(|w| w > crate::booking::ARRIVAL_WINDOW_MAX)
        {
            return Err(Error::validation(
                "arrival_window",
                "must be 0–1440 minutes",
            ));
        }
        if let Some(services) = &c.services {
            validate_services(services)?;
        }
        Ok(())
    }
}

/// The body of a cancel; an empty one (`{}`) is fine for an early, one-off booking.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CancelTerms {
    /// Accept that the cancel is late (`actions.late_cancel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_late: Option<bool>,
    /// The late fee owed (0–100000, only with `confirmed_late`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_fee: Option<Money>,
    /// For recurring bookings: whether to stop the series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_recurring: Option<ConfirmedRecurring>,
    /// Reason (required when the cancellation policy says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

model_kit::setters!(CancelTerms {
    confirmed_late: bool,
    confirmed_fee: Money,
    confirmed_recurring: ConfirmedRecurring,
    reason: String,
});

/// `{cancel_future}` of a recurring cancel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ConfirmedRecurring {
    /// `true` stops the series.
    pub cancel_future: bool,
}

/// Input of `customer_bookings.cancel`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CancelCustomerBooking {
    /// The booking (in the path).
    pub id: BookingId,
    /// The terms (the body).
    #[serde(flatten)]
    pub terms: CancelTerms,
}

impl CancelCustomerBooking {
    /// Cancels booking `id` on `terms` (`CancelTerms::default()` for an early one-off).
    pub fn new(id: impl Into<BookingId>, terms: CancelTerms) -> Self {
        CancelCustomerBooking {
            id: id.into(),
            terms,
        }
    }

    fn validate(&self) -> Result<()> {
        let t = &self.terms;
        if let Some(fee) = t.confirmed_fee {
            if t.confirmed_late != Some(true) {
                return Err(Error::validation(
                    "confirmed_fee",
                    "only with confirmed_late = true",
                ));
            }
            if fee.0.is_sign_negative() || fee.0 > rust_decimal::Decimal::from(CONFIRMED_FEE_MAX) {
                return Err(Error::validation("confirmed_fee", "must be 0–100000"));
            }
        }
        check_len_opt("reason", t.reason.as_deref(), 1, usize::MAX)
    }
}

/// The customer bookings handle ([`Client::customer_bookings`]).
#[derive(Clone, Debug)]
pub struct CustomerBookings {
    client: Client,
}

impl Client {
    /// The logged-in customer's bookings (`customer_bookings.*`).
    pub fn customer_bookings(&self) -> CustomerBookings {
        CustomerBookings {
            client: self.clone(),
        }
    }
}

impl CustomerBookings {
    /// `GET /customer/bookings` (`customer_bookings.list`): every matching booking, as a lazy
    /// stream over all pages. Pages hold `request.limit` bookings (default and maximum
    /// [`PAGE_MAX`]) and start at `request.offset`; the next page is fetched only when the
    /// previous one is used up, and a short page ends the stream.
    ///
    /// # Errors
    ///
    /// Items are `Err` when the request is invalid (before anything is sent), when the user
    /// is not a customer (`403`, [`ApiErrorKind::Forbidden`](core_http::ApiErrorKind)), or when
    /// the server repeats a page ([`Error::Paging`]).
    pub fn list(
        &self,
        request: &ListCustomerBookings,
    ) -> impl Stream<Item = Result<CustomerBooking>> + Send + 'static {
        self.client.offset_stream(LIST_PATH, request, PAGE_MAX)
    }

    /// `GET /customer/bookings` (`customer_bookings.list_page`): one page, as the filters say
    /// (`request.limit` bookings from `request.offset`). The vendor gives no totals: count
    /// with [`CustomerBookings::count`].
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for a bad range or limit; `403`
    /// ([`ApiErrorKind::Forbidden`](core_http::ApiErrorKind)) when the user is not a customer.
    pub async fn list_page(&self, request: &ListCustomerBookings) -> Result<Vec<CustomerBooking>> {
        self.client.offset_page(LIST_PATH, request).await
    }

    /// `GET /customer/bookings/count` (`customer_bookings.count`).
    ///
    /// # Errors
    ///
    /// `403` ([`ApiErrorKind::Forbidden`](core_http::ApiErrorKind)) when the login is not a
    /// customer.
    pub async fn count(&self) -> Result<Count> {
        self.client.get_path("/customer/bookings/count").await
    }

    /// `GET /customer/bookings/{id}` (`customer_bookings.get`).
    ///
    /// # Errors
    ///
    /// `403` ([`ApiErrorKind::Forbidden`](core_http::ApiErrorKind)) when the booking is not the
    /// customer's.
    pub async fn get(&self, request: &BookingRef) -> Result<CustomerBooking> {
        let rb = self
            .client
            .request(Method::GET, "/customer/bookings/{id}")
            .path_param("id", request.id);
        self.client.get_json(rb).await
    }

    /// `POST /customer/bookings` (`customer_bookings.create`). Not retried (it creates).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for a member outside its documented bounds; `422`
    /// with `field_errors` (e.g. "spot has been taken" on `service_date`).
    pub async fn create(&self, request: &CreateCustomerBooking) -> Result<CreatedBooking> {
        request.validate()?;
        self.client.post_write("/customer/bookings", request).await
    }

    /// `PUT /customer/bookings/{id}` (`customer_bookings.update`): update or reschedule.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for a member outside its documented bounds; `406`
    /// ([`ApiErrorKind::NotAcceptable`](core_http::ApiErrorKind), the vendor's sentence as the
    /// message, e.g. "Booking can not be edited") when the booking may not be changed now; `422`
    /// with `field_errors`.
    pub async fn update(&self, request: &UpdateCustomerBooking) -> Result<CustomerBooking> {
        request.validate()?;
        let rb = self
            .client
            .request(Method::PUT, "/customer/bookings/{id}")
            .path_param("id", request.id)
            .json(&request.changes);
        self.client.call(RequestKind::Write, rb).await
    }

    /// `POST /customer/bookings/{id}/cancel` (`customer_bookings.cancel`). The answer is not
    /// documented: it is returned as JSON (`null` when empty). Not retried.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for a fee without `confirmed_late`, a fee outside
    /// 0–100000 or an empty reason; `406`
    /// ([`ApiErrorKind::NotAcceptable`](core_http::ApiErrorKind)) when the booking cannot be
    /// cancelled (nothing was cancelled); `422` when the terms do not match the booking (a late
    /// cancel not confirmed, the wrong fee, a recurring booking without
    /// `confirmed_recurring`, a missing reason).
    pub async fn cancel(&self, request: &CancelCustomerBooking) -> Result<Value> {
        request.validate()?;
        let rb = self
            .client
            .request(Method::POST, "/customer/bookings/{id}/cancel")
            .path_param("id", request.id)
            .json(&request.terms);
        self.client.call_value(RequestKind::Write, rb).await
    }
}
