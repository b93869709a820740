//! Time values of the API: epoch milliseconds (record `time`, `issuedAt`, `expiresAt`, query
//! bounds), epoch microseconds (packet `_ts`) and minute-precision ISO 8601 bounds
//! (docs/vendors/rightech.md §6, §9).

use jiff::Timestamp;
use jiff::civil::DateTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Format of an ISO 8601 query bound: `YYYY-MM-DDThh:mm` (docs/vendors/rightech.md §6).
pub const ISO_BOUND_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// A lower or upper bound of a creation-time window (`from`/`to`, `begin`/`end`).
///
/// The API takes either Unix time in milliseconds or ISO 8601 `YYYY-MM-DDThh:mm`
/// (docs/vendors/rightech.md §6). In fixture JSON a number is milliseconds and a string is the ISO
/// form.
///
/// ```
/// use rightech::TimeBound;
/// assert_eq!(TimeBound::millis(1567285200000).to_string(), "1567285200000");
/// let iso: TimeBound = "2024-05-01T08:30".parse()?;
/// assert_eq!(iso.to_string(), "2024-05-01T08:30");
/// assert!("2024-05-01".parse::<TimeBound>().is_err());
/// # Ok::<(), rightech::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, schemars::JsonSchema)]
#[schemars(with = "serde_json::Value")]
pub enum TimeBound {
    /// Unix time in milliseconds.
    Millis(i64),
    /// A civil date and time, minute precision (the server's zone is not documented).
    Minute(DateTime),
}

impl TimeBound {
    /// Unix time in milliseconds.
    pub fn millis(ms: i64) -> Self {
        TimeBound::Millis(ms)
    }

    /// An instant, sent as milliseconds.
    pub fn at(ts: Timestamp) -> Self {
        TimeBound::Millis(ts.as_millisecond())
    }

    /// A civil date and time, sent as `YYYY-MM-DDThh:mm` (seconds are dropped).
    pub fn minute(dt: DateTime) -> Self {
        TimeBound::Minute(dt)
    }
}

impl std::fmt::Display for TimeBound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeBound::Millis(ms) => write!(f, "{ms}"),
            TimeBound::Minute(dt) => write!(f, "{}", dt.strftime(ISO_BOUND_FORMAT)),
        }
    }
}

impl std::str::FromStr for TimeBound {
    type Err = core_http::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(ms) = s.parse::<i64>() {
            return Ok(TimeBound::Millis(ms));
        }
        DateTime::strptime(ISO_BOUND_FORMAT, s)
            .map(TimeBound::Minute)
            .map_err(|_| {
                core_http::Error::validation(
                    "time bound",
                    format!("`{s}` is neither milliseconds nor YYYY-MM-DDThh:mm"),
                )
            })
    }
}

impl From<Timestamp> for TimeBound {
    fn from(ts: Timestamp) -> Self {
        TimeBound::at(ts)
    }
}

impl Serialize for TimeBound {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TimeBound::Millis(ms) => s.serialize_i64(*ms),
            TimeBound::Minute(_) => s.serialize_str(&self.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for TimeBound {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Int(ms) => Ok(TimeBound::Millis(ms)),
            Raw::Text(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// A number that may arrive as an integer, a float or a numeric string.
fn lenient_i64(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Serde for `Option<Timestamp>` as epoch milliseconds. Reading is lenient: an integer, a float,
/// a numeric string or an RFC 3339 string; anything else becomes `None` rather than an error.
pub mod opt_millis {
    use super::*;

    /// Writes milliseconds (or nothing for `None`).
    pub fn serialize<S: Serializer>(v: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(ts) => s.serialize_i64(ts.as_millisecond()),
            None => s.serialize_none(),
        }
    }

    /// Reads milliseconds leniently.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        if let serde_json::Value::String(s) = &v
            && let Ok(ts) = s.parse::<Timestamp>()
        {
            return Ok(Some(ts));
        }
        Ok(lenient_i64(&v).and_then(|ms| Timestamp::from_millisecond(ms).ok()))
    }
}

/// Serde for `Option<Timestamp>` as epoch microseconds (packet `_ts`, docs/vendors/rightech.md §9),
/// lenient like [`opt_millis`].
pub mod opt_micros {
    use super::*;

    /// Writes microseconds (or nothing for `None`).
    pub fn serialize<S: Serializer>(v: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(ts) => s.serialize_i64(ts.as_microsecond()),
            None => s.serialize_none(),
        }
    }

    /// Reads microseconds leniently.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(lenient_i64(&v).and_then(|us| Timestamp::from_microsecond(us).ok()))
    }
}

/// Serde for a required `Timestamp` as epoch milliseconds (request bodies).
pub mod millis {
    use super::*;

    /// Writes milliseconds.
    pub fn serialize<S: Serializer>(v: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(v.as_millisecond())
    }

    /// Reads milliseconds (integer or numeric string) or an RFC 3339 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        match opt_millis::deserialize(d)? {
            Some(ts) => Ok(ts),
            None => Err(serde::de::Error::custom(
                "expected epoch milliseconds or an RFC 3339 time",
            )),
        }
    }
}

/// Serde for an optional `Timestamp` in request types: written as epoch milliseconds, read
/// strictly (milliseconds as an integer or numeric string, or RFC 3339); anything else is an
/// error rather than a silently dropped bound.
pub mod strict_opt_millis {
    use super::*;

    /// Writes milliseconds (or nothing for `None`).
    pub fn serialize<S: Serializer>(v: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        opt_millis::serialize(v, s)
    }

    /// Reads `null` as `None`, otherwise a required time.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        if v.is_null() {
            return Ok(None);
        }
        millis::deserialize(v)
            .map(Some)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize)]
    struct T {
        #[serde(default, with = "opt_millis")]
        time: Option<Timestamp>,
        #[serde(default, with = "opt_micros")]
        ts: Option<Timestamp>,
    }

    #[test]
    fn millis_are_read_leniently() {
        for text in [
            r#"{"time":1700000000000}"#,
            r#"{"time":"1700000000000"}"#,
            r#"{"time":1700000000000.0}"#,
        ] {
            let t: T = serde_json::from_str(text).unwrap();
            assert_eq!(
                t.time.unwrap().as_millisecond(),
                1_700_000_000_000,
                "{text}"
            );
        }
        let t: T = serde_json::from_str(r#"{"time":{"odd":true}}"#).unwrap();
        assert!(t.time.is_none());
        let t: T = serde_json::from_str(r#"{"ts":1700000000122456}"#).unwrap();
        assert_eq!(t.ts.unwrap().as_microsecond(), 1_700_000_000_122_456);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"time":null,"ts":1700000000122456}"#
        );
    }

    #[test]
    fn bounds_parse_and_print() {
        let b: TimeBound = serde_json::from_str("1567285200000").unwrap();
        assert_eq!(b, TimeBound::Millis(1_567_285_200_000));
        let b: TimeBound = serde_json::from_str(r#""2019-09-01T00:00""#).unwrap();
        assert_eq!(b.to_string(), "2019-09-01T00:00");
        assert!(serde_json::from_str::<TimeBound>(r#""yesterday""#).is_err());
        let ts: Timestamp = "2019-08-31T21:00:00Z".parse().unwrap();
        assert_eq!(TimeBound::from(ts).to_string(), "1567285200000");
    }
}
