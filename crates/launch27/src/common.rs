//! Types shared by several resources: ids, money, service dates, addresses, service selections
//! and the lenient decoders the vendor's data needs.

use std::borrow::Cow;
use std::fmt;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use core_http::{Error, Result};

/// Unknown members of a response object, kept so that nothing the vendor sends is lost.
pub type Extra = Map<String, Value>;

model_kit::id_newtype! {
    /// A booking id.
    ///
    /// Launch27 ids are integers from 1 (docs/vendors/launch27.md §4); a string of digits is
    /// accepted too.
    pub struct BookingId(u64);
    /// A user id (customer, admin, staff).
    ///
    /// Launch27 ids are integers from 1 (docs/vendors/launch27.md §4); a string of digits is
    /// accepted too.
    pub struct UserId(u64);
    /// A service id.
    ///
    /// Launch27 ids are integers from 1 (docs/vendors/launch27.md §4); a string of digits is
    /// accepted too.
    pub struct ServiceId(u64);
    /// A service extra id.
    ///
    /// Launch27 ids are integers from 1 (docs/vendors/launch27.md §4); a string of digits is
    /// accepted too.
    pub struct ExtraId(u64);
    /// A pricing parameter id.
    ///
    /// Launch27 ids are integers from 1 (docs/vendors/launch27.md §4); a string of digits is
    /// accepted too.
    pub struct PricingParameterId(u64);
    /// A frequency id.
    ///
    /// Launch27 ids are integers from 1 (docs/vendors/launch27.md §4); a string of digits is
    /// accepted too.
    pub struct FrequencyId(u64);
    /// A location id.
    ///
    /// Launch27 ids are integers from 1 (docs/vendors/launch27.md §4); a string of digits is
    /// accepted too.
    pub struct LocationId(u64);
    /// A custom field id (also used for custom field option ids).
    ///
    /// Launch27 ids are integers from 1 (docs/vendors/launch27.md §4); a string of digits is
    /// accepted too.
    pub struct CustomFieldId(u64);
    /// A team id.
    ///
    /// Launch27 ids are integers from 1 (docs/vendors/launch27.md §4); a string of digits is
    /// accepted too.
    pub struct TeamId(u64);
}

/// An exact decimal number (money, percentages), never a float inside.
///
/// Launch27 sends money as JSON numbers with two decimals (`149.00`, docs/vendors/launch27.md §4);
/// strings (`"132.0"`) are accepted too. Serialised as a JSON number, which is what the vendor
/// expects in request bodies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl Money {
    /// The decimal value.
    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// Parses `"12.50"`.
    pub fn parse(text: &str) -> Result<Self> {
        text.trim()
            .parse::<Decimal>()
            .map(Money)
            .map_err(|e| Error::validation("amount", e.to_string()))
    }
}

impl From<Decimal> for Money {
    fn from(d: Decimal) -> Self {
        Money(d)
    }
}

impl From<i64> for Money {
    fn from(n: i64) -> Self {
        Money(Decimal::from(n))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let n = self.0.normalize();
        if n.scale() == 0
            && let Some(i) = n.to_i64()
        {
            return s.serialize_i64(i);
        }
        match n.to_f64() {
            Some(f) => s.serialize_f64(f),
            None => s.serialize_str(&n.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a decimal string")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Money, E> {
                Ok(Money(Decimal::from(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Money, E> {
                Ok(Money(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Money, E> {
                // Through the shortest decimal text of the float: 16.9 stays 16.9.
                v.to_string()
                    .parse::<Decimal>()
                    .map(Money)
                    .map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Money, E> {
                v.trim().parse::<Decimal>().map(Money).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Money {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Money")
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": ["number", "string"], "description": "decimal amount" })
    }
}

/// The format Launch27 requires for `service_date` and other incoming datetimes (v2.1 schemas,
/// docs/vendors/launch27.md §4): seconds mandatory, no zone.
pub const SERVICE_DATE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// A wall-clock datetime in the tenant's time zone, sent as `YYYY-MM-DDTHH:MM:SS`.
///
/// Launch27 reads incoming datetimes without offset in the tenant's zone (`GET /settings` →
/// `timezone`, docs/vendors/launch27.md §4). Build one from the civil time directly, or from an
/// instant and the tenant's zone with [`ServiceDate::from_timestamp`], which gets daylight saving
/// right.
///
/// ```
/// use launch27::ServiceDate;
/// let d = ServiceDate::new(jiff::civil::date(2026, 3, 9).at(9, 30, 0, 0));
/// assert_eq!(d.to_string(), "2026-03-09T09:30:00");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceDate(pub DateTime);

impl ServiceDate {
    /// A civil (wall-clock) datetime; sub-second parts are dropped when sent.
    pub fn new(datetime: DateTime) -> Self {
        ServiceDate(datetime)
    }

    /// The tenant-local wall clock of `instant` in `tenant_zone`.
    pub fn from_timestamp(instant: jiff::Timestamp, tenant_zone: &TimeZone) -> Self {
        ServiceDate(instant.to_zoned(tenant_zone.clone()).datetime())
    }

    /// The civil datetime.
    pub fn datetime(self) -> DateTime {
        self.0
    }

    /// The instant this wall-clock time denotes in `tenant_zone` (a time skipped by a DST gap
    /// is moved forward, as the compatible disambiguation does).
    pub fn to_timestamp(self, tenant_zone: &TimeZone) -> Result<jiff::Timestamp> {
        tenant_zone
            .to_ambiguous_zoned(self.0)
            .compatible()
            .map(|z| z.timestamp())
            .map_err(|e| Error::validation("service_date", e.to_string()))
    }
}

impl From<DateTime> for ServiceDate {
    fn from(d: DateTime) -> Self {
        ServiceDate(d)
    }
}

impl fmt::Display for ServiceDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.strftime(SERVICE_DATE_FORMAT))
    }
}

impl Serialize for ServiceDate {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ServiceDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<DateTime>()
            .map(ServiceDate)
            .map_err(de::Error::custom)
    }
}

impl JsonSchema for ServiceDate {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("ServiceDate")
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$"
        })
    }
}

/// A street address as bookings carry it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Address {
    /// Full one-line address.
    #[serde(default)]
    pub full_address: Option<String>,
    /// Street.
    #[serde(default)]
    pub street: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// State code.
    #[serde(default)]
    pub state: Option<String>,
    /// Postal code.
    #[serde(default)]
    pub zip: Option<String>,
    /// Latitude.
    #[serde(default)]
    pub latitude: Option<f64>,
    /// Longitude.
    #[serde(default)]
    pub longitude: Option<f64>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"count": n}`, answered by the `/count` endpoints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Count {
    /// The number of matching records.
    pub count: u64,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"id": .., "name": ..}`, the short form of a location or a team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NamedRef {
    /// Id.
    pub id: u64,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One service of a booking request (create, update, estimate; docs/vendors/launch27.md §17).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceSelection {
    /// Service id (≥ 1).
    pub id: ServiceId,
    /// Workers and minutes, for hourly services only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly: Option<HourlySelection>,
    /// Chosen extras.
    #[serde(default)]
    pub extras: Vec<ExtraSelection>,
    /// Chosen pricing parameters.
    #[serde(default)]
    pub pricing_parameters: Vec<PricingParameterSelection>,
}

impl ServiceSelection {
    /// A service without extras or parameters.
    pub fn new(id: impl Into<ServiceId>) -> Self {
        ServiceSelection {
            id: id.into(),
            hourly: None,
            extras: Vec::new(),
            pricing_parameters: Vec::new(),
        }
    }

    /// Sets the workers and minutes of an hourly service.
    #[must_use]
    pub fn hourly(mut self, quantity: u32, minutes: u32) -> Self {
        self.hourly = Some(HourlySelection { quantity, minutes });
        self
    }

    /// Adds an extra.
    #[must_use]
    pub fn extra(mut self, id: impl Into<ExtraId>, quantity: u32) -> Self {
        self.extras.push(ExtraSelection {
            id: id.into(),
            quantity,
            recurring: None,
        });
        self
    }

    /// Adds a pricing parameter.
    #[must_use]
    pub fn pricing_parameter(mut self, id: impl Into<PricingParameterId>, quantity: u32) -> Self {
        self.pricing_parameters.push(PricingParameterSelection {
            id: id.into(),
            quantity,
        });
        self
    }

    pub(crate) fn validate(&self, at: &str) -> Result<()> {
        if self.id.0 < 1 {
            return Err(Error::validation(format!("{at}.id"), "must be at least 1"));
        }
        if let Some(h) = &self.hourly
            && h.quantity < 1
        {
            return Err(Error::validation(
                format!("{at}.hourly.quantity"),
                "must be at least 1",
            ));
        }
        Ok(())
    }
}

/// Workers (`quantity` ≥ 1) and minutes of an hourly service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HourlySelection {
    /// Number of workers.
    pub quantity: u32,
    /// Minutes.
    pub minutes: u32,
}

/// An extra of a [`ServiceSelection`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ExtraSelection {
    /// Extra id.
    pub id: ExtraId,
    /// Quantity.
    pub quantity: u32,
    /// On every recurring visit (`true`) or once (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring: Option<bool>,
}

/// A pricing parameter of a [`ServiceSelection`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PricingParameterSelection {
    /// Pricing parameter id.
    pub id: PricingParameterId,
    /// Quantity.
    pub quantity: u32,
}

/// A custom field value in a create or update body (docs/vendors/launch27.md §17): options by id,
/// or text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomFieldValue {
    /// The custom field.
    pub id: CustomFieldId,
    /// Chosen options (`{"id": option}`) or a text (`{"value": "..."}`).
    pub values: Vec<CustomFieldChoice>,
}

impl CustomFieldValue {
    /// A field answered with options (by option id).
    pub fn options(
        id: impl Into<CustomFieldId>,
        options: impl IntoIterator<Item = CustomFieldId>,
    ) -> Self {
        CustomFieldValue {
            id: id.into(),
            values: options.into_iter().map(CustomFieldChoice::option).collect(),
        }
    }

    /// A field answered with a text.
    pub fn text(id: impl Into<CustomFieldId>, text: impl Into<String>) -> Self {
        CustomFieldValue {
            id: id.into(),
            values: vec![CustomFieldChoice::text(text)],
        }
    }

    fn validate(&self, at: &str) -> Result<()> {
        for (i, choice) in self.values.iter().enumerate() {
            if choice.id.is_some() == choice.value.is_some() {
                return Err(Error::validation(
                    format!("{at}.values[{i}]"),
                    "give exactly one of `id` (an option) and `value` (a text)",
                ));
            }
        }
        Ok(())
    }
}

/// One value of a [`CustomFieldValue`]: exactly one of `id` and `value` (checked before
/// sending).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomFieldChoice {
    /// Option id, for option controls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<CustomFieldId>,
    /// Free text, for text controls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The "other" text of an option that allows one (`null` otherwise).
    #[serde(default)]
    pub other: Option<String>,
}

impl CustomFieldChoice {
    /// An option, by id.
    pub fn option(id: impl Into<CustomFieldId>) -> Self {
        CustomFieldChoice {
            id: Some(id.into()),
            value: None,
            other: None,
        }
    }

    /// A free text.
    pub fn text(text: impl Into<String>) -> Self {
        CustomFieldChoice {
            id: None,
            value: Some(text.into()),
            other: None,
        }
    }
}

/// `{"date": "YYYY-MM-DD"}` bodies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DateBody {
    /// The day.
    pub date: jiff::civil::Date,
}

impl DateBody {
    /// The body for `date`.
    pub fn new(date: jiff::civil::Date) -> Self {
        DateBody { date }
    }
}

/// Checks a string's length in characters against a vendor schema's bounds.
pub(crate) fn check_len(field: &str, value: &str, min: usize, max: usize) -> Result<()> {
    let n = value.chars().count();
    if n < min || n > max {
        return Err(Error::validation(
            field,
            format!("length must be between {min} and {max} characters (got {n})"),
        ));
    }
    Ok(())
}

/// Checks an e-mail address the way the vendor's schemas (`format: email`) would: one `@`
/// with text on both sides, a dot in the domain, no spaces, 1–255 characters.
pub(crate) fn check_email(field: &str, value: &str) -> Result<()> {
    check_len(field, value, 1, crate::auth::EMAIL_MAX)?;
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if !valid {
        return Err(Error::validation(field, "must be an e-mail address"));
    }
    Ok(())
}

/// An id, when given, is at least 1 (Launch27 ids start at 1).
pub(crate) fn check_id(field: &str, id: Option<u64>) -> Result<()> {
    if id.is_some_and(|i| i < 1) {
        return Err(Error::validation(field, "must be at least 1"));
    }
    Ok(())
}

/// Checks the custom field values of a create or update body.
pub(crate) fn validate_custom_fields(values: Option<&[CustomFieldValue]>) -> Result<()> {
    for (i, v) in values.unwrap_or_default().iter().enumerate() {
        v.validate(&format!("custom_fields[{i}]"))?;
    }
    Ok(())
}

/// [`check_len`] for an optional string.
pub(crate) fn check_len_opt(
    field: &str,
    value: Option<&str>,
    min: usize,
    max: usize,
) -> Result<()> {
    match value {
        Some(v) => check_len(field, v, min, max),
        None => Ok(()),
    }
}

/// Checks the documented lengths of the address members a booking or location search
/// shares, in this order: `address` 1–255, `city` 1–100, `state` 1–3, `zip` 1–10 characters.
pub(crate) fn check_address(
    address: Option<&str>,
    city: Option<&str>,
    state: Option<&str>,
    zip: Option<&str>,
) -> Result<()> {
    check_len_opt("address", address, 1, 255)?;
    check_len_opt("city", city, 1, 100)?;
    check_len_opt("state", state, 1, 3)?;
    check_len_opt("zip", zip, 1, 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_schemas_generate() {
        let schema = schemars::schema_for!(crate::CreateGuestBooking);
        let text = serde_json::to_string(&schema).unwrap();
        assert!(
            text.contains("service_date") && text.contains("user"),
            "{text}"
        );
        let schema = schemars::schema_for!(crate::CustomerBooking);
        assert!(serde_json::to_string(&schema).unwrap().contains("digest"));
    }

    #[test]
    fn ids_accept_numbers_and_digit_strings() {
        let a: BookingId = serde_json::from_str("512").unwrap();
        let b: BookingId = serde_json::from_str("\"512\"").unwrap();
        assert_eq!(a, b);
        assert!(serde_json::from_str::<BookingId>("-1").is_err());
        assert_eq!(serde_json::to_string(&a).unwrap(), "512");
    }

    #[test]
    fn money_is_exact_and_lenient() {
        let m: Money = serde_json::from_str("16.9").unwrap();
        assert_eq!(m.0, Decimal::new(169, 1));
        let s: Money = serde_json::from_str("\"132.0\"").unwrap();
        assert_eq!(s.0, Decimal::new(132, 0));
        assert_eq!(serde_json::to_string(&Money::from(149)).unwrap(), "149");
        assert_eq!(serde_json::to_string(&m).unwrap(), "16.9");
        let sum = Money::parse("0.1").unwrap().0 + Money::parse("0.2").unwrap().0;
        assert_eq!(sum, Decimal::new(3, 1));
    }

    #[test]
    fn service_date_drops_subseconds_and_round_trips() {
        let d = ServiceDate::new(jiff::civil::date(2026, 4, 7).at(8, 0, 0, 123));
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            "\"2026-04-07T08:00:00\""
        );
        let back: ServiceDate = serde_json::from_str("\"2026-04-07T08:00:00\"").unwrap();
        assert_eq!(back.0, jiff::civil::date(2026, 4, 7).at(8, 0, 0, 0));
    }
}
