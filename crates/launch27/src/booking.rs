//! Booking helpers and the guest booking (docs/vendors/launch27.md §9 and §11): the booking form,
//! services, frequencies, custom fields, location check, availability (spots), price estimate,
//! teams, quote lookup, and `POST /booking`.

use core_http::http::Method;
use core_http::pacing::RequestKind;
use core_http::{Error, Result};
use futures::Stream;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::Client;
use crate::common::{
    CustomFieldId, CustomFieldValue, DateBody, Extra, ExtraId, FrequencyId, LocationId, Money,
    PricingParameterId, ServiceDate, ServiceId, ServiceSelection, check_address, check_email,
    check_id, check_len, check_len_opt, validate_custom_fields,
};

/// Fewest days a spots request may ask for (docs/vendors/launch27.md §9, `POST /booking/spots`).
pub const SPOTS_DAYS_MIN: u32 = 1;
/// Most days a spots request may ask for. The wiki documents 1–7, but the vendor's own web app
/// asks for 35 and another client for 42 (docs/vendors/launch27.md §9), so 42 is allowed.
pub const SPOTS_DAYS_MAX: u32 = 42;
/// Longest arrival window in minutes (docs/vendors/launch27.md §11: 0–1440).
pub const ARRIVAL_WINDOW_MAX: u32 = 1440;

// ---------------------------------------------------------------- form

/// Kinds of booking form (`GET /booking/form?type=`, docs/vendors/launch27.md §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FormType {
    /// `cleaning`.
    Cleaning,
    /// `auto`.
    Auto,
    /// `lawn`.
    Lawn,
    /// `carpet`.
    Carpet,
}

impl FormType {
    fn as_str(self) -> &'static str {
        match self {
            FormType::Cleaning => "cleaning",
            FormType::Auto => "auto",
            FormType::Lawn => "lawn",
            FormType::Carpet => "carpet",
        }
    }
}

/// Input of `booking.form`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GetBookingForm {
    /// Form type (only with the `new_booking_form_widget` feature); default form when absent.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub form_type: Option<FormType>,
}

/// `GET /booking/form`: headings, system fields and texts of the booking form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BookingForm {
    /// Section headings.
    #[serde(default)]
    pub headings: Vec<FormHeading>,
    /// System fields by name (`first_name`, `service_date`, ...).
    #[serde(default)]
    pub system_fields: serde_json::Map<String, Value>,
    /// Paragraphs.
    #[serde(default)]
    pub paragraphs: Option<Value>,
    /// Content areas.
    #[serde(default)]
    pub content_areas: Option<Value>,
    /// Form settings.
    #[serde(default)]
    pub settings: Option<Value>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A heading of the booking form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FormHeading {
    /// Id.
    #[serde(default)]
    pub id: Option<u64>,
    /// Code (`choose_service`, ...).
    #[serde(default)]
    pub code: Option<String>,
    /// Label.
    #[serde(default)]
    pub label: Option<String>,
    /// Shown.
    #[serde(default)]
    pub show: Option<bool>,
    /// Order.
    #[serde(default)]
    pub ordering: Option<i64>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------- services

/// Input of `booking.services`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListServices {
    /// Location (default location when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<LocationId>,
    /// Digest of a booking being edited (needs a login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_uuid: Option<String>,
    /// `mode=tags`: the answer also carries `tags_info`.
    #[serde(default)]
    pub with_tags: bool,
}

impl ListServices {
    fn validate(&self) -> Result<()> {
        check_location_id(self.location_id)?;
        check_len_opt("booking_uuid", self.booking_uuid.as_deref(), 1, usize::MAX)
    }
}

/// A location id, when given, is at least 1 (ids start at 1).
pub(crate) fn check_location_id(id: Option<LocationId>) -> Result<()> {
    if id.is_some_and(|l| l.0 < 1) {
        return Err(Error::validation("location_id", "must be at least 1"));
    }
    Ok(())
}

model_kit::setters!(ListServices {
    location_id: LocationId,
    booking_uuid: String,
});

/// A bookable service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Service {
    /// Id.
    pub id: ServiceId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Base price.
    #[serde(default)]
    pub price: Option<Money>,
    /// Minutes.
    #[serde(default)]
    pub duration: Option<u32>,
    /// Commercial service.
    #[serde(default)]
    pub commercial: Option<bool>,
    /// Frequency discounts apply.
    #[serde(default)]
    pub discount_by_frequency: Option<bool>,
    /// Discount codes apply.
    #[serde(default)]
    pub discount_by_code: Option<bool>,
    /// Limits of an hourly service (absent or null otherwise).
    #[serde(default)]
    pub hourly: Option<HourlyLimits>,
    /// Extras.
    #[serde(default, deserialize_with = "model_kit::lenient::null_as_default")]
    pub extras: Vec<ServiceExtra>,
    /// Pricing parameters.
    #[serde(default, deserialize_with = "model_kit::lenient::null_as_default")]
    pub pricing_parameters: Vec<PricingParameter>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Limits of an hourly service: workers and minutes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HourlyLimits {
    /// Fewest workers.
    #[serde(default)]
    pub quantity_minimum: Option<u32>,
    /// Most workers.
    #[serde(default)]
    pub quantity_maximum: Option<u32>,
    /// Fewest minutes.
    #[serde(default)]
    pub minutes_minimum: Option<u32>,
    /// Most minutes.
    #[serde(default)]
    pub minutes_maximum: Option<u32>,
    /// Half-hour steps allowed.
    #[serde(default)]
    pub half_hour_increments: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A service extra.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceExtra {
    /// Id.
    pub id: ExtraId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Price.
    #[serde(default)]
    pub price: Option<Money>,
    /// Priced per unit.
    #[serde(default)]
    pub quantity_based: Option<bool>,
    /// Minutes.
    #[serde(default)]
    pub duration: Option<u32>,
    /// Order.
    #[serde(default)]
    pub ordering: Option<i64>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// On every recurring visit.
    #[serde(default)]
    pub recurring: Option<bool>,
    /// Members not modelled here (image, icon, discount flags).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A pricing parameter of a service (bedrooms, bathrooms...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PricingParameter {
    /// Id.
    pub id: PricingParameterId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Price per unit.
    #[serde(default)]
    pub price: Option<Money>,
    /// Fewest units.
    #[serde(default)]
    pub quantity_minimum: Option<u32>,
    /// Most units.
    #[serde(default)]
    pub quantity_maximum: Option<u32>,
    /// Order.
    #[serde(default)]
    pub ordering: Option<i64>,
    /// Minutes per unit.
    #[serde(default)]
    pub duration: Option<u32>,
    /// Kind (`flat` seen).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /booking/services`: a bare array, or `{tags_info, services}` with `mode=tags`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ServiceCatalog {
    /// Services.
    pub services: Vec<Service>,
    /// Tags, with `mode=tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags_info: Option<Vec<Value>>,
}

impl<'de> Deserialize<'de> for ServiceCatalog {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Bare(Vec<Service>),
            Tagged {
                #[serde(default)]
                services: Vec<Service>,
                #[serde(default)]
                tags_info: Option<Vec<Value>>,
            },
        }
        Ok(match Shape::deserialize(d)? {
            Shape::Bare(services) => ServiceCatalog {
                services,
                tags_info: None,
            },
            Shape::Tagged {
                services,
                tags_info,
            } => ServiceCatalog {
                services,
                tags_info,
            },
        })
    }
}

// ---------------------------------------------------------------- frequencies

/// Input of `booking.frequencies`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListFrequencies {
    /// Location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<LocationId>,
    /// Digest of a booking being edited (needs a login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_uuid: Option<String>,
}

impl ListFrequencies {
    fn validate(&self) -> Result<()> {
        check_location_id(self.location_id)?;
        check_len_opt("booking_uuid", self.booking_uuid.as_deref(), 1, usize::MAX)
    }
}

model_kit::setters!(ListFrequencies {
    location_id: LocationId,
    booking_uuid: String,
});

/// A booking frequency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Frequency {
    /// Id.
    pub id: FrequencyId,
    /// `o` for one-time, else a recurrence such as `1w`, `2w`, `2m15d`.
    #[serde(default)]
    pub interval: Option<String>,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Percent discount (either this or `amount`).
    #[serde(default)]
    pub percent: Option<Money>,
    /// Amount discount.
    #[serde(default)]
    pub amount: Option<Money>,
    /// No discount on the first visit.
    #[serde(default)]
    pub exclude_first: Option<bool>,
    /// Pre-selected.
    #[serde(default)]
    pub default: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Frequency {
    /// Whether the frequency repeats (`interval` other than `o`).
    pub fn is_recurring(&self) -> bool {
        self.interval.as_deref().is_some_and(|i| i != "o")
    }
}

/// Input of `booking.next_date`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NextDate {
    /// The recurring frequency.
    pub frequency_id: FrequencyId,
    /// The current visit, tenant-local.
    pub date: ServiceDate,
}

impl NextDate {
    /// The visit after `date` for a recurring frequency.
    pub fn new(frequency_id: impl Into<FrequencyId>, date: impl Into<ServiceDate>) -> Self {
        NextDate {
            frequency_id: frequency_id.into(),
            date: date.into(),
        }
    }
}

/// `{"date": ...}`: the next visit of a recurring frequency (UTC).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NextDateAnswer {
    /// The next visit.
    pub date: jiff::Timestamp,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------- custom fields

/// Input of `booking.custom_fields`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListCustomFields {
    /// Digest of a booking being edited (needs a login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_uuid: Option<String>,
}

model_kit::open_enum! {
    /// Control of a custom field (docs/vendors/launch27.md §9).
    pub enum ControlType {
        /// `single_line`.
        SingleLine = "single_line",
        /// `multi_line`.
        MultiLine = "multi_line",
        /// `radio_buttons`.
        RadioButtons = "radio_buttons",
        /// `checkboxes`.
        Checkboxes = "checkboxes",
        /// `drop_down`.
        DropDown = "drop_down",
        /// `plain_text`.
        PlainText = "plain_text",
        /// `date`.
        Date = "date",
        /// `datetime`.
        DateTime = "datetime",
        /// `checkbox`.
        Checkbox = "checkbox",
    }
}

/// A custom field of the booking (or quote) form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomField {
    /// Id.
    pub id: CustomFieldId,
    /// Code.
    #[serde(default)]
    pub code: Option<String>,
    /// Label.
    #[serde(default)]
    pub label: Option<String>,
    /// Control.
    #[serde(default)]
    pub control_type: Option<ControlType>,
    /// Required.
    #[serde(default)]
    pub value_required: Option<bool>,
    /// Shown.
    #[serde(default)]
    pub visible: Option<bool>,
    /// Order.
    #[serde(default)]
    pub ordering: Option<i64>,
    /// Default value.
    #[serde(default)]
    pub default_value: Option<String>,
    /// Help text.
    #[serde(default)]
    pub help_text: Option<String>,
    /// Text of a `plain_text` field.
    #[serde(default)]
    pub text: Option<String>,
    /// Options.
    #[serde(default, deserialize_with = "model_kit::lenient::null_as_default")]
    pub options: Vec<CustomFieldOption>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An option of a custom field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomFieldOption {
    /// Id.
    pub id: CustomFieldId,
    /// Label.
    #[serde(default)]
    pub label: Option<String>,
    /// Value.
    #[serde(default)]
    pub value: Option<Value>,
    /// Order.
    #[serde(default)]
    pub order: Option<i64>,
    /// Takes an "other" text.
    #[serde(default)]
    pub other: Option<bool>,
    /// Pre-selected.
    #[serde(default)]
    pub default: Option<bool>,
    /// Active.
    #[serde(default)]
    pub active: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------- location

/// Input of `booking.location`: at least one member (docs/vendors/launch27.md §9).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FindLocation {
    /// Street address, 1–255.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// City, 1–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State code, 1–3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Postal code, 1–10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
}

impl FindLocation {
    /// By postal code.
    pub fn zip(zip: impl Into<String>) -> Self {
        FindLocation {
            zip: Some(zip.into()),
            ..FindLocation::default()
        }
    }

    fn validate(&self) -> Result<()> {
        if self.address.is_none()
            && self.city.is_none()
            && self.state.is_none()
            && self.zip.is_none()
        {
            return Err(Error::validation(
                "location",
                "give at least one of address, city, state, zip",
            ));
        }
        check_address(
            self.address.as_deref(),
            self.city.as_deref(),
            self.state.as_deref(),
            self.zip.as_deref(),
        )
    }
}

/// The location serving an address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LocationMatch {
    /// Location id.
    pub id: LocationId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------- spots

/// Which policy a spots request applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SpotsMode {
    /// New booking policy.
    #[default]
    New,
    /// Reschedule policy.
    Reschedule,
}

/// Input of `booking.spots` (availability). `date`, `days` and `mode` are required by the
/// vendor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FindSpots {
    /// First day (tenant-local).
    pub date: Date,
    /// Days, `date` included (1–42; see [`SPOTS_DAYS_MAX`]).
    pub days: u32,
    /// Policy to apply: new booking or reschedule.
    pub mode: SpotsMode,
    /// Location (default location when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<LocationId>,
    /// Ask for the grid form of the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<bool>,
    /// Booking length in minutes (the web app sends 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
}

impl FindSpots {
    /// `days` days from `date` under the policy of `mode`.
    pub fn new(date: Date, days: u32, mode: SpotsMode) -> Self {
        FindSpots {
            date,
            days,
            mode,
            location_id: None,
            grid: None,
            duration: None,
        }
    }

    fn validate(&self) -> Result<()> {
        if !(SPOTS_DAYS_MIN..=SPOTS_DAYS_MAX).contains(&self.days) {
            return Err(Error::validation(
                "days",
                format!("must be between {SPOTS_DAYS_MIN} and {SPOTS_DAYS_MAX}"),
            ));
        }
        check_location_id(self.location_id)
    }
}

model_kit::setters!(FindSpots {
    location_id: LocationId,
    grid: bool,
    duration: u32,
});

/// One day of availability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SpotDay {
    /// The day.
    pub date: Date,
    /// Opening (`HH:MM`).
    #[serde(default)]
    pub start_time: Option<String>,
    /// Closing (`HH:MM`).
    #[serde(default)]
    pub end_time: Option<String>,
    /// Holiday.
    #[serde(default)]
    pub holiday: Option<bool>,
    /// Start times.
    #[serde(default, deserialize_with = "model_kit::lenient::null_as_default")]
    pub spots: Vec<Spot>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A start time: book it with `service_date = date + hours:minutes` and its `arrival_window`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Spot {
    /// Hour, tenant-local.
    pub hours: u8,
    /// Minute.
    pub minutes: u8,
    /// Arrival window in minutes.
    #[serde(default)]
    pub arrival_window: Option<u32>,
    /// In the past or blocked by policy.
    #[serde(default)]
    pub past: Option<bool>,
    /// Free.
    #[serde(default)]
    pub free: Option<bool>,
    /// Longest booking that fits, minutes.
    #[serde(default)]
    pub max_duration: Option<u32>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SpotDay {
    /// The [`ServiceDate`] of one of this day's spots.
    pub fn service_date(&self, spot: &Spot) -> Result<ServiceDate> {
        let time = jiff::civil::Time::new(
            i8::try_from(spot.hours).unwrap_or(i8::MAX),
            i8::try_from(spot.minutes).unwrap_or(i8::MAX),
            0,
            0,
        )
        .map_err(|e| Error::validation("spot", e.to_string()))?;
        Ok(ServiceDate::new(self.date.to_datetime(time)))
    }
}

/// The answer to `POST /booking/spots`: days, or the grid form (shape undocumented).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Availability {
    /// Days with their spots.
    Days(Vec<SpotDay>),
    /// The `grid` form, kept as JSON.
    Grid(Value),
}

// ---------------------------------------------------------------- estimate

/// Input of `booking.estimate_price`. The vendor schema forbids unknown members; members left
/// `None` are not sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EstimatePrice {
    /// Tenant-local start.
    pub service_date: ServiceDate,
    /// Frequency.
    pub frequency_id: FrequencyId,
    /// Services.
    pub services: Vec<ServiceSelection>,
    /// Location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<LocationId>,
    /// Promo, gift card or referral code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_code: Option<String>,
    /// Tip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip: Option<Money>,
    /// Tip on every recurring visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip_recurring: Option<bool>,
    /// Customer e-mail (for discount checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<model_kit::Email>,
    /// Digest of the booking being edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_uuid: Option<String>,
    /// "Book this again" source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_booking_id: Option<crate::common::BookingId>,
    /// Quote being turned into a booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_uuid: Option<String>,
    /// Staff only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_adjustment: Option<Money>,
    /// Staff only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_adjustment_recurring: Option<bool>,
    /// Staff only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_price: Option<Money>,
}

impl EstimatePrice {
    /// The required members.
    pub fn new(
        service_date: impl Into<ServiceDate>,
        frequency_id: impl Into<FrequencyId>,
        services: Vec<ServiceSelection>,
    ) -> Self {
        EstimatePrice {
            service_date: service_date.into(),
            frequency_id: frequency_id.into(),
            services,
            location_id: None,
            discount_code: None,
            tip: None,
            tip_recurring: None,
            email: None,
            booking_uuid: None,
            original_booking_id: None,
            quote_uuid: None,
            price_adjustment: None,
            price_adjustment_recurring: None,
            final_price: None,
        }
    }

    fn validate(&self) -> Result<()> {
        // The vendor's schema is one of two variants, both with `additionalProperties: false`:
        // the staff variant (price adjustment, final price) and the customer variant (e-mail,
        // booking digest, "book this again"). A body mixing them is refused with a 422.
        let staff = [
            ("price_adjustment", self.price_adjustment.is_some()),
            (
                "price_adjustment_recurring",
                self.price_adjustment_recurring.is_some(),
            ),
            ("final_price", self.final_price.is_some()),
        ];
        let customer = [
            ("email", self.email.is_some()),
            ("booking_uuid", self.booking_uuid.is_some()),
            ("original_booking_id", self.original_booking_id.is_some()),
        ];
        if let (Some((s, _)), Some((c, _))) = (
            staff.iter().find(|(_, set)| *set),
            customer.iter().find(|(_, set)| *set),
        ) {
            return Err(Error::validation(
                *s,
                format!("staff-only; cannot be sent together with `{c}`"),
            ));
        }
        if self.frequency_id.0 < 1 {
            return Err(Error::validation("frequency_id", "must be at least 1"));
        }
        check_location_id(self.location_id)?;
        check_id("original_booking_id", self.original_booking_id.map(|b| b.0))?;
        if let Some(email) = &self.email {
            check_email("email", email)?;
        }
        check_len_opt("booking_uuid", self.booking_uuid.as_deref(), 1, usize::MAX)?;
        check_len_opt("quote_uuid", self.quote_uuid.as_deref(), 1, 255)?;
        validate_services(&self.services)
    }
}

model_kit::setters!(EstimatePrice {
    location_id: LocationId,
    discount_code: String,
    tip: Money,
    tip_recurring: bool,
    email: model_kit::Email,
    booking_uuid: String,
    original_booking_id: crate::common::BookingId,
    quote_uuid: String,
    price_adjustment: Money,
    price_adjustment_recurring: bool,
    final_price: Money,
});

/// The price of a prospective booking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PriceEstimate {
    /// Services subtotal.
    #[serde(default)]
    pub services: Option<Money>,
    /// Extras subtotal.
    #[serde(default)]
    pub extras: Option<Money>,
    /// Discount.
    #[serde(default)]
    pub discount_amount: Option<Money>,
    /// Why the discount.
    #[serde(default)]
    pub discount_message: Option<String>,
    /// Paid by gift card.
    #[serde(default)]
    pub giftcard_amount: Option<Money>,
    /// Staff adjustment.
    #[serde(default)]
    pub price_adjustment: Option<Money>,
    /// Adjustment applied after tax.
    #[serde(default)]
    pub price_adjustment_after_tax: Option<bool>,
    /// Tip.
    #[serde(default)]
    pub tip: Option<Money>,
    /// Total.
    #[serde(default)]
    pub total: Option<Money>,
    /// Total of the next recurring visit.
    #[serde(default)]
    pub next_total: Option<Money>,
    /// Minutes.
    #[serde(default)]
    pub duration: Option<u32>,
    /// Sales tax details.
    #[serde(default)]
    pub tax: Option<Value>,
    /// Members not modelled here (`price_for_*`).
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------- teams, quote lookup

/// Input of `booking.teams`.
pub type BookingTeams = DateBody;

/// Teams for a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TeamsForDay {
    /// Teams (`null` when none).
    #[serde(default)]
    pub teams: Option<Vec<Value>>,
    /// Hourly wages in use.
    #[serde(default)]
    pub hourly_wages: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Input of `booking.quote`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuoteLookup {
    /// The quote, 1–255 characters.
    pub quote_uuid: String,
}

impl QuoteLookup {
    /// The quote with this id.
    pub fn new(quote_uuid: impl Into<String>) -> Self {
        QuoteLookup {
            quote_uuid: quote_uuid.into(),
        }
    }
}

/// A quote, to pre-fill a booking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuotePrefill {
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<model_kit::Email>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<model_kit::Phone>,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// State.
    #[serde(default)]
    pub state: Option<String>,
    /// Zip.
    #[serde(default)]
    pub zip: Option<String>,
    /// Location.
    #[serde(default)]
    pub location_id: Option<LocationId>,
    /// Frequency.
    #[serde(default)]
    pub frequency_id: Option<FrequencyId>,
    /// Proposed date (as the vendor sends it).
    #[serde(default)]
    pub service_date: Option<String>,
    /// Services.
    #[serde(default, deserialize_with = "model_kit::lenient::null_as_default")]
    pub services: Vec<Value>,
    /// Final price.
    #[serde(default)]
    pub final_price: Option<Money>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------- guest booking

model_kit::open_enum! {
    /// How a booking is paid (docs/vendors/launch27.md §11).
    pub enum PaymentMethod {
        /// `stripe` (needs `stripe_token`).
        Stripe = "stripe",
        /// `paypal`.
        Paypal = "paypal",
        /// `cash`.
        Cash = "cash",
        /// `check`.
        Check = "check",
        /// `fspay` (FullSteam).
        Fspay = "fspay",
    }
}

/// The guest of a guest booking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GuestUser {
    /// E-mail, 1–255.
    pub email: model_kit::Email,
    /// First name, 1–255.
    pub first_name: String,
    /// Last name, 1–255.
    pub last_name: String,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
}

impl GuestUser {
    /// A guest with the required members.
    pub fn new(
        email: impl Into<String>,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
    ) -> Self {
        GuestUser {
            email: model_kit::Email::new(email),
            first_name: first_name.into(),
            last_name: last_name.into(),
            company_name: None,
        }
    }

    fn validate(&self) -> Result<()> {
        check_email("user.email", &self.email)?;
        check_len("user.first_name", &self.first_name, 1, 255)?;
        check_len("user.last_name", &self.last_name, 1, 255)
    }
}

model_kit::setters!(GuestUser {
    company_name: String,
});

/// The booking members shared by the guest and customer create calls.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BookingDetails {
    /// Street address, 1–255.
    pub address: String,
    /// City, 1–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State code, 1–3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Postal code, 1–10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// Phone, 1–20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<model_kit::Phone>,
    /// Location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<LocationId>,
    /// SMS reminders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_notifications: Option<bool>,
    /// Frequency (≥ 1).
    pub frequency_id: FrequencyId,
    /// Tenant-local start.
    pub service_date: ServiceDate,
    /// Arrival window, minutes (0–1440).
    pub arrival_window: u32,
    /// Services (at least one).
    pub services: Vec<ServiceSelection>,
    /// Discount code. Do not book concurrently with one code (the vendor may over-apply it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_code: Option<String>,
    /// Tip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip: Option<Money>,
    /// Tip on every recurring visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip_recurring: Option<bool>,
    /// Payment method.
    pub payment_method: PaymentMethod,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_notes: Option<String>,
    /// Custom field values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomFieldValue>>,
}

impl BookingDetails {
    /// The required members.
    pub fn new(
        address: impl Into<String>,
        frequency_id: impl Into<FrequencyId>,
        service_date: impl Into<ServiceDate>,
        arrival_window: u32,
        services: Vec<ServiceSelection>,
        payment_method: PaymentMethod,
    ) -> Self {
        BookingDetails {
            address: address.into(),
            city: None,
            state: None,
            zip: None,
            phone: None,
            location_id: None,
            sms_notifications: None,
            frequency_id: frequency_id.into(),
            service_date: service_date.into(),
            arrival_window,
            services,
            discount_code: None,
            tip: None,
            tip_recurring: None,
            payment_method,
            customer_notes: None,
            custom_fields: None,
        }
    }

    /// City, state and zip.
    #[must_use]
    pub fn city_state_zip(
        mut self,
        city: impl Into<String>,
        state: impl Into<String>,
        zip: impl Into<String>,
    ) -> Self {
        self.city = Some(city.into());
        self.state = Some(state.into());
        self.zip = Some(zip.into());
        self
    }

    pub(crate) fn validate(&self) -> Result<()> {
        check_address(
            Some(&self.address),
            self.city.as_deref(),
            self.state.as_deref(),
            self.zip.as_deref(),
        )?;
        check_len_opt("phone", self.phone.as_deref(), 1, 20)?;
        if self.frequency_id.0 < 1 {
            return Err(Error::validation("frequency_id", "must be at least 1"));
        }
        check_location_id(self.location_id)?;
        check_payment_method(&self.payment_method)?;
        validate_custom_fields(self.custom_fields.as_deref())?;
        if self.arrival_window > ARRIVAL_WINDOW_MAX {
            return Err(Error::validation(
                "arrival_window",
                format!("must be between 0 and {ARRIVAL_WINDOW_MAX} minutes"),
            ));
        }
        validate_services(&self.services)
    }
}

model_kit::setters!(BookingDetails {
    city: String,
    state: String,
    zip: String,
    phone: model_kit::Phone,
    location_id: LocationId,
    sms_notifications: bool,
    discount_code: String,
    tip: Money,
    tip_recurring: bool,
    customer_notes: String,
    custom_fields: Vec<CustomFieldValue>,
});

/// Only the documented payment methods are sent (an unknown one would be refused).
pub(crate) fn check_payment_method(method: &PaymentMethod) -> Result<()> {
    if !method.is_known() {
        return Err(Error::validation(
            "payment_method",
            "must be one of stripe, paypal, cash, check, fspay",
        ));
    }
    Ok(())
}

pub(crate) fn validate_services(services: &[ServiceSelection]) -> Result<()> {
    if services.is_empty() {
        return Err(Error::validation("services", "give at least one service"));
    }
    for (i, s) in services.iter().enumerate() {
        s.validate(&format!("services[{i}]"))?;
    }
    Ok(())
}

/// Input of `booking.create`: a booking by a guest (not logged in).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CreateGuestBooking {
    /// The guest.
    pub user: GuestUser,
    /// The booking.
    #[serde(flatten)]
    pub booking: BookingDetails,
    /// Quote being booked, 1–255.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_uuid: Option<String>,
    /// Stripe.js token, with `payment_method = stripe`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stripe_token: Option<String>,
}

impl CreateGuestBooking {
    /// A guest booking.
    pub fn new(user: GuestUser, booking: BookingDetails) -> Self {
        CreateGuestBooking {
            user,
            booking,
            quote_uuid: None,
            stripe_token: None,
        }
    }

    fn validate(&self) -> Result<()> {
        self.user.validate()?;
        check_len_opt("quote_uuid", self.quote_uuid.as_deref(), 1, 255)?;
        if self.booking.payment_method == PaymentMethod::Stripe && self.stripe_token.is_none() {
            return Err(Error::validation(
                "stripe_token",
                "required with payment_method stripe",
            ));
        }
        self.booking.validate()
    }
}

model_kit::setters!(CreateGuestBooking {
    quote_uuid: String,
    stripe_token: String,
});

/// The answer to a booking create: the new id and analytics data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CreatedBooking {
    /// The new booking.
    pub id: crate::common::BookingId,
    /// Analytics transaction.
    #[serde(default)]
    pub ga_transaction: Option<GaTransaction>,
    /// Analytics item.
    #[serde(default)]
    pub ga_item: Option<GaItem>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Analytics transaction of a create answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GaTransaction {
    /// 32-character id (looks like the booking digest).
    #[serde(default)]
    pub id: Option<String>,
    /// The tenant. The vendor spells the key `affilation` (sic, docs/vendors/launch27.md §11);
    /// `affiliation` is accepted too.
    #[serde(default, rename = "affilation", alias = "affiliation")]
    pub affiliation: Option<String>,
    /// Revenue.
    #[serde(default)]
    pub revenue: Option<Money>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Analytics item of a create answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GaItem {
    /// Id.
    #[serde(default)]
    pub id: Option<String>,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Price.
    #[serde(default)]
    pub price: Option<Money>,
    /// Quantity.
    #[serde(default)]
    pub quantity: Option<u32>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------- handle

/// The booking helpers handle ([`Client::booking`]).
#[derive(Clone, Debug)]
pub struct Booking {
    client: Client,
}

impl Client {
    /// Booking helpers and the guest booking (`booking.*`).
    pub fn booking(&self) -> Booking {
        Booking {
            client: self.clone(),
        }
    }
}

impl Booking {
    /// `GET /booking/form` (`booking.form`), sent without credentials.
    pub async fn form(&self, request: &GetBookingForm) -> Result<BookingForm> {
        let rb = self
            .client
            .request(Method::GET, "/booking/form")
            .without_auth()
            .query_opt("type", request.form_type.map(FormType::as_str));
        self.client.get_json(rb).await
    }

    /// `GET /booking/services` (`booking.list_services`): the bookable services, as a stream.
    /// Not paged by the vendor: one request answers everything (made on the first poll).
    /// `tags_info` (with `with_tags`) is only in [`Booking::list_services_page`]'s answer.
    pub fn list_services(
        &self,
        request: &ListServices,
    ) -> impl Stream<Item = Result<Service>> + Send + 'static {
        let this = self.clone();
        let request = request.clone();
        Client::unpaged(async move {
            this.list_services_page(&request)
                .await
                .map(|catalog| catalog.services)
        })
    }

    /// `GET /booking/services` (`booking.list_services_page`); more data when authenticated.
    /// Not paged by the vendor: one request answers everything. The answer keeps `tags_info`
    /// when `with_tags` asks for it.
    pub async fn list_services_page(&self, request: &ListServices) -> Result<ServiceCatalog> {
        request.validate()?;
        let rb = self
            .client
            .request(Method::GET, "/booking/services")
            .query_opt("location_id", request.location_id)
            .query_opt("booking_uuid", request.booking_uuid.as_deref())
            .query_opt("mode", request.with_tags.then_some("tags"));
        self.client.get_json(rb).await
    }

    /// `GET /booking/frequencies` (`booking.list_frequencies`): as a stream. Not paged by the
    /// vendor: one request answers everything (made on the first poll).
    pub fn list_frequencies(
        &self,
        request: &ListFrequencies,
    ) -> impl Stream<Item = Result<Frequency>> + Send + 'static {
        let this = self.clone();
        let request = request.clone();
        Client::unpaged(async move { this.list_frequencies_page(&request).await })
    }

    /// `GET /booking/frequencies` (`booking.list_frequencies_page`). Not paged by the vendor:
    /// one request answers everything.
    pub async fn list_frequencies_page(&self, request: &ListFrequencies) -> Result<Vec<Frequency>> {
        request.validate()?;
        let rb = self
            .client
            .request(Method::GET, "/booking/frequencies")
            .query_opt("location_id", request.location_id)
            .query_opt("booking_uuid", request.booking_uuid.as_deref());
        self.client.get_json(rb).await
    }

    /// `POST /booking/frequencies/{id}/next` (`booking.next_date`); needs a login. A read
    /// sent as POST: paced as a read and retried like one.
    ///
    /// # Errors
    ///
    /// `422` when the frequency is not recurring; `401` without a login.
    pub async fn next_date(&self, request: &NextDate) -> Result<NextDateAnswer> {
        #[derive(Serialize)]
        struct Body {
            date: ServiceDate,
        }
        if request.frequency_id.0 < 1 {
            return Err(Error::validation("frequency_id", "must be at least 1"));
        }
        let rb = self
            .client
            .request(Method::POST, "/booking/frequencies/{id}/next")
            .path_param("id", request.frequency_id);
        self.client
            .post_read(rb, &Body { date: request.date })
            .await
    }

    /// `GET /booking/custom_fields` (`booking.list_custom_fields`): as a stream. Not paged by
    /// the vendor: one request answers everything (made on the first poll).
    pub fn list_custom_fields(
        &self,
        request: &ListCustomFields,
    ) -> impl Stream<Item = Result<CustomField>> + Send + 'static {
        let this = self.clone();
        let request = request.clone();
        Client::unpaged(async move { this.list_custom_fields_page(&request).await })
    }

    /// `GET /booking/custom_fields` (`booking.list_custom_fields_page`). Not paged by the
    /// vendor: one request answers everything.
    pub async fn list_custom_fields_page(
        &self,
        request: &ListCustomFields,
    ) -> Result<Vec<CustomField>> {
        check_len_opt(
            "booking_uuid",
            request.booking_uuid.as_deref(),
            1,
            usize::MAX,
        )?;
        let rb = self
            .client
            .request(Method::GET, "/booking/custom_fields")
            .query_opt("booking_uuid", request.booking_uuid.as_deref());
        self.client.get_json(rb).await
    }

    /// `POST /booking/location` (`booking.location`): which location serves an address. A read
    /// sent as POST, without credentials.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending when no member is given or one is too long; `422`
    /// when no location serves the address and `/policy/location` says to refuse.
    pub async fn location(&self, request: &FindLocation) -> Result<LocationMatch> {
        request.validate()?;
        let rb = self
            .client
            .request(Method::POST, "/booking/location")
            .without_auth();
        self.client.post_read(rb, request).await
    }

    /// `POST /booking/spots` (`booking.spots`): available start times. A read sent as POST,
    /// without credentials.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for `days` outside 1–[`SPOTS_DAYS_MAX`] or a
    /// `location_id` of 0.
    pub async fn spots(&self, request: &FindSpots) -> Result<Availability> {
        request.validate()?;
        let rb = self
            .client
            .request(Method::POST, "/booking/spots")
            .without_auth();
        self.client.post_read(rb, request).await
    }

    /// `POST /booking/estimate_price` (`booking.estimate_price`). A read sent as POST.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending when the body mixes the staff members
    /// (`price_adjustment`, `price_adjustment_recurring`, `final_price`) with the customer ones
    /// (`email`, `booking_uuid`, `original_booking_id`), which the vendor's schema forbids, or for
    /// a bad id or e-mail; `403` when a logged-in customer names a booking that is not theirs.
    pub async fn estimate_price(&self, request: &EstimatePrice) -> Result<PriceEstimate> {
        request.validate()?;
        let rb = self.client.request(Method::POST, "/booking/estimate_price");
        self.client.post_read(rb, request).await
    }

    /// `POST /booking/teams` (`booking.teams`): teams for a day (staff UI). A read sent as
    /// POST.
    pub async fn teams(&self, request: &BookingTeams) -> Result<TeamsForDay> {
        let rb = self.client.request(Method::POST, "/booking/teams");
        self.client.post_read(rb, request).await
    }

    /// `POST /booking/quote` (`booking.quote`): a quote to pre-fill a booking. A read sent as
    /// POST.
    pub async fn quote(&self, request: &QuoteLookup) -> Result<QuotePrefill> {
        check_len("quote_uuid", &request.quote_uuid, 1, 255)?;
        let rb = self.client.request(Method::POST, "/booking/quote");
        self.client.post_read(rb, request).await
    }

    /// `GET /booking/arrival_windows` (`booking.arrival_windows`). **Unverified**: called by
    /// one third-party client only, never seen in the vendor's docs or traffic
    /// (docs/vendors/launch27.md §9); the answer is returned as JSON.
    pub async fn arrival_windows(&self) -> Result<Value> {
        self.client.get_path("/booking/arrival_windows").await
    }

    /// `POST /booking` (`booking.create`): a booking by a guest, sent without credentials.
    /// Not retried (it creates).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for a member outside its documented bounds (see
    /// [`BookingDetails`]); `422` with `field_errors` for what the vendor refuses, e.g.
    /// `service_date` with type `invalid` and "spot has been taken" when the start time is gone.
    pub async fn create(&self, request: &CreateGuestBooking) -> Result<CreatedBooking> {
        request.validate()?;
        let rb = self
            .client
            .request(Method::POST, "/booking")
            .without_auth()
            .json(request);
        self.client.call(RequestKind::Write, rb).await
    }
}
