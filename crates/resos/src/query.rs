//! Search expressions (`customQuery`), sort keys (`sort`) and date ranges.
//!
//! docs/vendors/resos.md §5 (seed 000): a search expression is a list of
//! conditions separated by commas, all of which must match. Each condition is a field (a dot
//! path such as `guest.phone`), an operator and a value:
//!
//! | operator | builder | meaning | value types |
//! |---|---|---|---|
//! | `<` | [`CustomQuery::less_than`] | less than | number, date |
//! | `>` | [`CustomQuery::greater_than`] | greater than | number, date |
//! | `:` | [`CustomQuery::equals`] | equals | string, boolean, date, number |
//! | `;` | [`CustomQuery::contains`] | contains | string |
//!
//! String and date values are double-quoted; dates are written in UTC. Phone numbers are
//! compared as country code plus number, digits only ([`CustomQuery::phone_equals`]).
//!
//! ```
//! use resos::{CustomQuery, Sort};
//! use jiff::civil::date;
//!
//! let q = CustomQuery::new()
//!     .greater_than("people", 2)
//!     .equals("status", "approved")
//!     .less_than("date", date(2021, 9, 18))
//!     .contains("source", "google")
//!     .phone_equals("guest.phone", "+45 11 11 11 11");
//! assert_eq!(
//!     q.to_expression()?,
//!     r#"people>2,status:"approved",date<"2021-09-18",source;"google",guest.phone:"4511111111""#
//! );
//! let sort = Sort::asc("createdAt").then_desc("updatedAt");
//! assert_eq!(sort.to_param()?, "createdAt:1,updatedAt:-1");
//! # Ok::<(), resos::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use core_http::Error;
use jiff::civil::{Date, DateTime};
use jiff::{Timestamp, Zoned};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::bookings::BookingStatus;

/// Longest phone number in digits (E.164: country code plus subscriber number).
const MAX_PHONE_DIGITS: usize = 15;

/// Checks a field path: dot-separated segments of ASCII letters, digits and `_`.
fn check_field(field: &str, what: &str) -> Result<(), Error> {
    let ok = !field.is_empty()
        && field.split('.').all(|seg| {
            !seg.is_empty() && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if ok {
        Ok(())
    } else {
        Err(Error::validation(
            what,
            format!(
                "`{field}` is not a field path (dot-separated names of letters, digits and `_`)"
            ),
        ))
    }
}

/// An operator of a search condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Operator {
    /// `<`: less than (numbers, dates).
    #[serde(rename = "<")]
    LessThan,
    /// `>`: greater than (numbers, dates).
    #[serde(rename = ">")]
    GreaterThan,
    /// `:`: equals (strings, booleans, dates, numbers).
    #[serde(rename = ":")]
    Equals,
    /// `;`: contains (strings).
    #[serde(rename = ";")]
    Contains,
}

impl Operator {
    /// The operator's character.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::LessThan => "<",
            Operator::GreaterThan => ">",
            Operator::Equals => ":",
            Operator::Contains => ";",
        }
    }
}

/// A value in a search condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueryValue {
    /// A string, written double-quoted with `\`, `"` and `,` escaped by a backslash.
    String(String),
    /// A number, written bare.
    Number(f64),
    /// A boolean, written bare.
    Bool(bool),
    /// A calendar date, written `"YYYY-MM-DD"`.
    Date(Date),
    /// An instant, written in UTC as `"YYYY-MM-DDTHH:MM:SS.sssZ"`.
    Timestamp(Timestamp),
    /// A phone number; normalised to country code plus number, digits only.
    Phone(String),
}

impl QueryValue {
    fn type_name(&self) -> &'static str {
        match self {
            QueryValue::String(_) => "string",
            QueryValue::Number(_) => "number",
            QueryValue::Bool(_) => "boolean",
            QueryValue::Date(_) => "date",
            QueryValue::Timestamp(_) => "timestamp",
            QueryValue::Phone(_) => "phone",
        }
    }

    fn allowed_with(&self, op: Operator) -> bool {
        use QueryValue as V;
        match op {
            Operator::LessThan | Operator::GreaterThan => {
                matches!(self, V::Number(_) | V::Date(_) | V::Timestamp(_))
            }
            Operator::Equals => true,
            Operator::Contains => matches!(self, V::String(_) | V::Phone(_)),
        }
    }

    fn render(&self, out: &mut String, field: &str) -> Result<(), Error> {
        match self {
            QueryValue::String(s) => out.push_str(&quote(s)),
            QueryValue::Number(n) => {
                if !n.is_finite() {
                    return Err(Error::validation(
                        format!("customQuery.{field}"),
                        "number must be finite",
                    ));
                }
                out.push_str(&n.to_string());
            }
            QueryValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            QueryValue::Date(d) => out.push_str(&quote(&d.strftime("%Y-%m-%d").to_string())),
            QueryValue::Timestamp(t) => out.push_str(&quote(&utc(*t))),
            QueryValue::Phone(p) => {
                let digits = normalize_phone(p).ok_or_else(|| {
                    Error::validation(
                        format!("customQuery.{field}"),
                        format!(
                            "`{p}` is not a phone number with country code (1 to {MAX_PHONE_DIGITS} digits)"
                        ),
                    )
                })?;
                out.push_str(&quote(&digits));
            }
        }
        Ok(())
    }
}

/// Writes an instant in UTC with milliseconds, as resOS writes its own timestamps.
fn utc(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Double-quotes a string value, escaping `\`, `"` and `,` with a backslash.
///
/// The doc shows quoting but no escaping rule; backslash escapes are our assumption
/// (docs/vendors/resos.md §5 is silent on it).
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '\\' | '"' | ',') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Normalises a phone number to country code plus number, digits only, as resOS search wants
/// (`+45 11 11 11 11` → `4511111111`; a leading international `00` is dropped). The number
/// must already carry its country code. `None` when no digits remain, there are more than 15,
/// or the text holds anything besides digits, spaces, `+`, `-`, `.`, `/` and parentheses.
pub fn normalize_phone(phone: &str) -> Option<String> {
    let trimmed = phone.trim();
    if !trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '.' | '/' | '(' | ')'))
    {
        return None;
    }
    if trimmed.chars().skip(1).any(|c| c == '+') {
        return None;
    }
    let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if !trimmed.starts_with('+') && digits.starts_with("00") {
        digits.drain(..2);
    }
    if digits.is_empty() || digits.len() > MAX_PHONE_DIGITS {
        return None;
    }
    Some(digits)
}

impl From<&str> for QueryValue {
    fn from(v: &str) -> Self {
        QueryValue::String(v.to_owned())
    }
}
impl From<String> for QueryValue {
    fn from(v: String) -> Self {
        QueryValue::String(v)
    }
}
impl From<bool> for QueryValue {
    fn from(v: bool) -> Self {
        QueryValue::Bool(v)
    }
}
impl From<Date> for QueryValue {
    fn from(v: Date) -> Self {
        QueryValue::Date(v)
    }
}
impl From<Timestamp> for QueryValue {
    fn from(v: Timestamp) -> Self {
        QueryValue::Timestamp(v)
    }
}
impl From<&Zoned> for QueryValue {
    fn from(v: &Zoned) -> Self {
        QueryValue::Timestamp(v.timestamp())
    }
}
impl From<Zoned> for QueryValue {
    fn from(v: Zoned) -> Self {
        QueryValue::Timestamp(v.timestamp())
    }
}
impl From<BookingStatus> for QueryValue {
    fn from(v: BookingStatus) -> Self {
        QueryValue::String(v.as_str().to_owned())
    }
}
macro_rules! number_from {
    ($($t:ty),*) => {$(
        impl From<$t> for QueryValue {
            fn from(v: $t) -> Self {
                QueryValue::Number(f64::from(v))
            }
        }
        impl From<$t> for Comparable {
            fn from(v: $t) -> Self {
                Comparable(QueryValue::Number(f64::from(v)))
            }
        }
    )*};
}
number_from!(u8, u16, u32, i8, i16, i32, f32, f64);

/// A value that can be compared with `<` and `>`: a number, a date or an instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparable(QueryValue);

impl From<Date> for Comparable {
    fn from(v: Date) -> Self {
        Comparable(QueryValue::Date(v))
    }
}
impl From<Timestamp> for Comparable {
    fn from(v: Timestamp) -> Self {
        Comparable(QueryValue::Timestamp(v))
    }
}
impl From<&Zoned> for Comparable {
    fn from(v: &Zoned) -> Self {
        Comparable(QueryValue::Timestamp(v.timestamp()))
    }
}
impl From<Zoned> for Comparable {
    fn from(v: Zoned) -> Self {
        Comparable(QueryValue::Timestamp(v.timestamp()))
    }
}

/// One condition of a search expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Field path, such as `people` or `guest.phone`.
    pub field: String,
    /// Operator.
    pub op: Operator,
    /// Value.
    pub value: QueryValue,
}

/// A typed search expression, sent as `customQuery` (see the [module docs](self)).
///
/// Built with chained calls; checked when rendered ([`to_expression`](Self::to_expression)),
/// which every request does before sending, so a bad field path or an operator used with the
/// wrong value type is an [`Error::Validation`] and nothing is sent. Its JSON form (fixture
/// input) is the list of conditions: `[{"field": "people", "op": ">", "value": {"number": 2}}]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct CustomQuery {
    conditions: Vec<Condition>,
}

impl CustomQuery {
    /// An empty expression (matches everything; not sent).
    pub fn new() -> Self {
        CustomQuery::default()
    }

    /// Adds a condition.
    pub fn condition(mut self, field: impl Into<String>, op: Operator, value: QueryValue) -> Self {
        self.conditions.push(Condition {
            field: field.into(),
            op,
            value,
        });
        self
    }

    /// `field<value` (numbers and dates).
    pub fn less_than(self, field: impl Into<String>, value: impl Into<Comparable>) -> Self {
        self.condition(field, Operator::LessThan, value.into().0)
    }

    /// `field>value` (numbers and dates).
    pub fn greater_than(self, field: impl Into<String>, value: impl Into<Comparable>) -> Self {
        self.condition(field, Operator::GreaterThan, value.into().0)
    }

    /// `field:value` (strings, booleans, dates, numbers).
    pub fn equals(self, field: impl Into<String>, value: impl Into<QueryValue>) -> Self {
        self.condition(field, Operator::Equals, value.into())
    }

    /// `field;"value"`: the field contains the string.
    pub fn contains(self, field: impl Into<String>, value: impl Into<String>) -> Self {
        self.condition(field, Operator::Contains, QueryValue::String(value.into()))
    }

    /// `field:"<digits>"` for a phone number given with its country code (`+45 11 11 11 11`
    /// becomes `4511111111`; see [`normalize_phone`]).
    pub fn phone_equals(self, field: impl Into<String>, phone: impl Into<String>) -> Self {
        self.condition(field, Operator::Equals, QueryValue::Phone(phone.into()))
    }

    /// The conditions, in order.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// Whether there is no condition.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }

    /// Checks and renders the expression, such as `people>2,status:"approved"`.
    pub fn to_expression(&self) -> Result<String, Error> {
        let mut out = String::new();
        for (i, c) in self.conditions.iter().enumerate() {
            check_field(&c.field, "customQuery")?;
            if !c.value.allowed_with(c.op) {
                return Err(Error::validation(
                    format!("customQuery.{}", c.field),
                    format!(
                        "operator `{}` does not take a {} value",
                        c.op.as_str(),
                        c.value.type_name()
                    ),
                ));
            }
            if i > 0 {
                out.push(',');
            }
            out.push_str(&c.field);
            out.push_str(c.op.as_str());
            c.value.render(&mut out, &c.field)?;
        }
        Ok(out)
    }
}

/// Sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Ascending (`1`).
    Ascending,
    /// Descending (`-1`).
    Descending,
}

/// One sort key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SortKey {
    /// Field path (any document field, docs/vendors/resos.md §5).
    pub field: String,
    /// Direction.
    pub direction: Direction,
}

/// Sort keys, sent as `sort=field:1,other:-1` (earlier keys take priority).
///
/// Its JSON form (fixture input) is the parameter text, such as `"dateTime:1"`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sort {
    keys: Vec<SortKey>,
}

impl Sort {
    /// Sorts ascending by `field`.
    pub fn asc(field: impl Into<String>) -> Self {
        Sort::default().then_asc(field)
    }

    /// Sorts descending by `field`.
    pub fn desc(field: impl Into<String>) -> Self {
        Sort::default().then_desc(field)
    }

    /// Then ascending by `field`.
    pub fn then_asc(mut self, field: impl Into<String>) -> Self {
        self.keys.push(SortKey {
            field: field.into(),
            direction: Direction::Ascending,
        });
        self
    }

    /// Then descending by `field`.
    pub fn then_desc(mut self, field: impl Into<String>) -> Self {
        self.keys.push(SortKey {
            field: field.into(),
            direction: Direction::Descending,
        });
        self
    }

    /// The keys, in priority order.
    pub fn keys(&self) -> &[SortKey] {
        &self.keys
    }

    /// Checks the field paths and renders the parameter, such as `createdAt:1,updatedAt:-1`.
    pub fn to_param(&self) -> Result<String, Error> {
        let mut parts = Vec::with_capacity(self.keys.len());
        for key in &self.keys {
            check_field(&key.field, "sort")?;
            parts.push(format!(
                "{}:{}",
                key.field,
                match key.direction {
                    Direction::Ascending => "1",
                    Direction::Descending => "-1",
                }
            ));
        }
        Ok(parts.join(","))
    }

    /// Parses the parameter form (`createdAt:1,updatedAt:-1`).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let mut sort = Sort::default();
        for part in text.split(',') {
            let (field, dir) = part.trim().rsplit_once(':').ok_or_else(|| {
                Error::validation("sort", format!("`{part}` is not `field:1` or `field:-1`"))
            })?;
            check_field(field, "sort")?;
            sort = match dir {
                "1" => sort.then_asc(field),
                "-1" => sort.then_desc(field),
                _ => {
                    return Err(Error::validation(
                        "sort",
                        format!("direction of `{field}` must be 1 or -1"),
                    ));
                }
            };
        }
        Ok(sort)
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            let dir = match key.direction {
                Direction::Ascending => "1",
                Direction::Descending => "-1",
            };
            write!(f, "{}:{dir}", key.field)?;
        }
        Ok(())
    }
}

impl Serialize for Sort {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Sort {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(d)?;
        Sort::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Sort {
    fn schema_name() -> Cow<'static, str> {
        "Sort".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z0-9_.]+:-?1(,[A-Za-z0-9_.]+:-?1)*$"
        })
    }
}

/// Format of the ends of a [`DateRange`]: local date and time, no zone.
const RANGE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// A range of local date-times with both ends, sent as `fromDateTime` and `toDateTime`.
///
/// resOS ignores the range unless **both** ends are sent (docs/vendors/resos.md §8.2 gotcha), so
/// the two ends only exist together. The ends are written `YYYY-MM-DDTHH:MM:SS` without a zone, the
/// form most clients send; how the server interprets the zone is not documented
/// (docs/vendors/resos.md §15).
///
/// ```
/// use jiff::civil::date;
/// let may = resos::DateRange::days(date(2024, 5, 1), date(2024, 5, 31))?;
/// assert_eq!(may.from_param(), "2024-05-01T00:00:00");
/// assert_eq!(may.to_param(), "2024-05-31T23:59:59");
/// assert!(resos::DateRange::days(date(2024, 5, 2), date(2024, 5, 1)).is_err());
/// # Ok::<(), resos::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct DateRange {
    from: DateTime,
    to: DateTime,
}

impl DateRange {
    /// From `from` to `to` (inclusive). Fails when `to` is before `from`.
    pub fn new(from: DateTime, to: DateTime) -> Result<Self, Error> {
        if to < from {
            return Err(Error::validation(
                "range",
                format!("end {to} is before start {from}"),
            ));
        }
        Ok(DateRange { from, to })
    }

    /// Whole days: `first` 00:00:00 to `last` 23:59:59.
    pub fn days(first: Date, last: Date) -> Result<Self, Error> {
        DateRange::new(
            first.to_datetime(jiff::civil::Time::midnight()),
            last.at(23, 59, 59, 0),
        )
    }

    /// One whole day.
    pub fn day(day: Date) -> Self {
        DateRange {
            from: day.to_datetime(jiff::civil::Time::midnight()),
            to: day.at(23, 59, 59, 0),
        }
    }

    /// The start.
    pub fn from(&self) -> DateTime {
        self.from
    }

    /// The end.
    pub fn to(&self) -> DateTime {
        self.to
    }

    /// The start as sent (`fromDateTime`).
    pub fn from_param(&self) -> String {
        self.from.strftime(RANGE_FORMAT).to_string()
    }

    /// The end as sent (`toDateTime`).
    pub fn to_param(&self) -> String {
        self.to.strftime(RANGE_FORMAT).to_string()
    }
}

impl<'de> Deserialize<'de> for DateRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            from: DateTime,
            to: DateTime,
        }
        let raw = Raw::deserialize(d)?;
        DateRange::new(raw.from, raw.to).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn every_operator_renders() {
        let q = CustomQuery::new()
            .less_than("people", 3)
            .greater_than("people", 1.5)
            .equals("status", BookingStatus::Approved)
            .equals("guest.notificationSms", true)
            .equals("people", 4u32)
            .contains("source", "goo");
        assert_eq!(
            q.to_expression().unwrap(),
            r#"people<3,people>1.5,status:"approved",guest.notificationSms:true,people:4,source;"goo""#
        );
    }

    #[test]
    fn doc_examples_render() {
        let a = CustomQuery::new()
            .greater_than("people", 2)
            .equals("status", "approved");
        assert_eq!(a.to_expression().unwrap(), r#"people>2,status:"approved""#);
        let b = CustomQuery::new()
            .less_than("date", date(2021, 9, 18))
            .contains("source", "google");
        assert_eq!(
            b.to_expression().unwrap(),
            r#"date<"2021-09-18",source;"google""#
        );
    }

    #[test]
    fn quotes_and_commas_are_escaped() {
        let q = CustomQuery::new().equals("guest.name", r#"Jo "JJ" Smith, Jr. \o/"#);
        assert_eq!(
            q.to_expression().unwrap(),
            r#"guest.name:"Jo \"JJ\" Smith\, Jr. \\o/""#
        );
        assert_eq!(quote(""), r#""""#);
        assert_eq!(quote(","), r#""\,""#);
    }

    #[test]
    fn dates_and_instants_are_utc() {
        let zoned = date(2024, 7, 1)
            .at(20, 30, 0, 0)
            .in_tz("Europe/Copenhagen")
            .unwrap();
        let q = CustomQuery::new()
            .greater_than("dateTime", &zoned)
            .less_than("createdAt", Timestamp::from_second(0).unwrap())
            .equals("date", date(2024, 7, 1));
        assert_eq!(
            q.to_expression().unwrap(),
            r#"dateTime>"2024-07-01T18:30:00.000Z",createdAt<"1970-01-01T00:00:00.000Z",date:"2024-07-01""#
        );
    }

    #[test]
    fn phones_become_country_code_digits() {
        assert_eq!(normalize_phone("+45 11 11 11 11").unwrap(), "4511111111");
        assert_eq!(
            normalize_phone("0044 (7700) 900-123").unwrap(),
            "447700900123"
        );
        assert_eq!(normalize_phone("4511111111").unwrap(), "4511111111");
        assert!(normalize_phone("").is_none());
        assert!(normalize_phone("+").is_none());
        assert!(normalize_phone("call me").is_none());
        assert!(normalize_phone("+45+11").is_none());
        assert!(normalize_phone("+1234567890123456").is_none());
        let q = CustomQuery::new().phone_equals("guest.phone", "+33 6 12 34 56 78");
        assert_eq!(q.to_expression().unwrap(), r#"guest.phone:"33612345678""#);
        let bad = CustomQuery::new().phone_equals("guest.phone", "n/a");
        assert!(matches!(bad.to_expression(), Err(Error::Validation { .. })));
    }

    #[test]
    fn wrong_types_and_fields_are_refused() {
        let contains_number =
            CustomQuery::new().condition("people", Operator::Contains, QueryValue::Number(2.0));
        assert!(matches!(
            contains_number.to_expression(),
            Err(Error::Validation { .. })
        ));
        let less_than_string = CustomQuery::new().condition("name", Operator::LessThan, "b".into());
        assert!(less_than_string.to_expression().is_err());
        for field in ["", "guest.", ".x", "a b", "x\"", "a,b", "a:b"] {
            let q = CustomQuery::new().equals(field, "x");
            assert!(q.to_expression().is_err(), "{field:?}");
        }
        assert!(
            CustomQuery::new()
                .equals("people", f64::NAN)
                .to_expression()
                .is_err()
        );
    }

    #[test]
    fn json_form_round_trips() {
        let q = CustomQuery::new()
            .greater_than("people", 2)
            .phone_equals("guest.phone", "+45 11");
        let json = serde_json::to_value(&q).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"field": "people", "op": ">", "value": {"number": 2.0}},
                {"field": "guest.phone", "op": ":", "value": {"phone": "+45 11"}}
            ])
        );
        let back: CustomQuery = serde_json::from_value(json).unwrap();
        assert_eq!(back, q);
    }

    #[test]
    fn sort_renders_and_parses() {
        let s = Sort::asc("createdAt").then_desc("updatedAt");
        assert_eq!(s.to_param().unwrap(), "createdAt:1,updatedAt:-1");
        assert_eq!(s.to_string(), "createdAt:1,updatedAt:-1");
        assert_eq!(Sort::desc("dateTime").to_param().unwrap(), "dateTime:-1");
        assert_eq!(Sort::parse("createdAt:1,updatedAt:-1").unwrap(), s);
        let from_json: Sort = serde_json::from_str(r#""guest.name:-1""#).unwrap();
        assert_eq!(from_json, Sort::desc("guest.name"));
        assert_eq!(
            serde_json::to_string(&from_json).unwrap(),
            r#""guest.name:-1""#
        );
        assert!(Sort::parse("createdAt").is_err());
        assert!(Sort::parse("createdAt:2").is_err());
        assert!(Sort::parse("a b:1").is_err());
        assert!(Sort::asc("a,b").to_param().is_err());
    }

    #[test]
    fn date_range_carries_both_ends() {
        let r = DateRange::day(date(2020, 12, 1));
        assert_eq!(r.from_param(), "2020-12-01T00:00:00");
        assert_eq!(r.to_param(), "2020-12-01T23:59:59");
        let json = serde_json::json!({"from": "2024-05-01T00:00:00", "to": "2024-05-31T23:59:59"});
        let r: DateRange = serde_json::from_value(json).unwrap();
        assert_eq!(
            r,
            DateRange::days(date(2024, 5, 1), date(2024, 5, 31)).unwrap()
        );
        assert!(
            serde_json::from_value::<DateRange>(serde_json::json!({"from": "2024-05-01T00:00:00"}))
                .is_err()
        );
        assert!(
            serde_json::from_value::<DateRange>(
                serde_json::json!({"from": "2024-05-02T00:00:00", "to": "2024-05-01T00:00:00"})
            )
            .is_err()
        );
    }

    /// Splits a rendered expression into `(field, op, value)` conditions, honouring quotes and
    /// backslash escapes, and unquotes string values: what a quote-aware server would do.
    fn parse_expression(expr: &str) -> Vec<(String, char, String)> {
        let mut out = Vec::new();
        let mut chars = expr.chars().peekable();
        while chars.peek().is_some() {
            let mut field = String::new();
            let op = loop {
                let c = chars.next().expect("operator");
                if matches!(c, '<' | '>' | ':' | ';') {
                    break c;
                }
                field.push(c);
            };
            let mut value = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                loop {
                    match chars.next().expect("closing quote") {
                        '\\' => value.push(chars.next().expect("escaped char")),
                        '"' => break,
                        c => value.push(c),
                    }
                }
                match chars.next() {
                    None | Some(',') => {}
                    Some(c) => panic!("junk {c:?} after a quoted value in {expr}"),
                }
            } else {
                for c in chars.by_ref() {
                    if c == ',' {
                        break;
                    }
                    value.push(c);
                }
            }
            out.push((field, op, value));
        }
        out
    }

    proptest! {
        #[test]
        fn any_string_round_trips_through_quoting(
            a in any::<String>(),
            b in any::<String>(),
        ) {
            let q = CustomQuery::new()
                .equals("guest.name", a.clone())
                .contains("comment", b.clone())
                .greater_than("people", 2);
            let expr = q.to_expression().unwrap();
            let parsed = parse_expression(&expr);
            prop_assert_eq!(parsed, vec![
                ("guest.name".to_owned(), ':', a),
                ("comment".to_owned(), ';', b),
                ("people".to_owned(), '>', "2".to_owned()),
            ]);
        }

        #[test]
        fn quoted_values_have_no_bare_separator(s in any::<String>()) {
            let quoted = quote(&s);
            let inner = &quoted[1..quoted.len() - 1];
            let mut escaped = false;
            for c in inner.chars() {
                if escaped { escaped = false; continue; }
                prop_assert!(c != '"' && c != ',', "bare {:?} in {}", c, quoted);
                escaped = c == '\\';
            }
            prop_assert!(!escaped, "dangling backslash in {}", quoted);
        }
    }
}
