//! resOS search expressions (`customQuery`) and sort keys (`sort`) over JSON records
//! (docs/vendors/resos.md §5).
//!
//! An expression is conditions separated by commas, all of which must match: a field (a dot
//! path), an operator (`<`, `>`, `:` equals, `;` contains) and a value (a double-quoted
//! string or date with `\` escaping the next character, or a bare number or boolean). A
//! quoted value of digits only also equals a field whose digits are those (phone numbers are
//! searched as country code plus number). Dates and instants compare as their ISO text.

use std::cmp::Ordering;

use serde_json::Value;

/// An operator of a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Less,
    Greater,
    Equals,
    Contains,
}

/// A condition's value.
#[derive(Clone, Debug, PartialEq)]
enum Operand {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// One condition: `field op value`.
#[derive(Clone, Debug, PartialEq)]
struct Condition {
    path: Vec<String>,
    op: Op,
    value: Operand,
}

/// A parsed search expression.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Search(Vec<Condition>);

/// The value at a dot path of a record.
pub(crate) fn at<'a>(record: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(record, |v, key| v.get(key.as_str()))
}

fn dotted(field: &str) -> Option<Vec<String>> {
    let path: Vec<String> = field.split('.').map(str::to_owned).collect();
    let ok = path
        .iter()
        .all(|seg| !seg.is_empty() && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    ok.then_some(path)
}

impl Search {
    /// Parses an expression; the error says what is wrong (a 422 text).
    pub(crate) fn parse(expression: &str) -> Result<Search, String> {
        let mut conditions = Vec::new();
        let mut chars = expression.chars().peekable();
        while chars.peek().is_some() {
            let mut field = String::new();
            let op = loop {
                match chars.next() {
                    Some('<') => break Op::Less,
                    Some('>') => break Op::Greater,
                    Some(':') => break Op::Equals,
                    Some(';') => break Op::Contains,
                    Some(c) => field.push(c),
                    None => return Err(format!("customQuery: `{field}` has no operator")),
                }
            };
            let path = dotted(field.trim())
                .ok_or_else(|| format!("customQuery: `{field}` is not a field"))?;
            let value = if chars.peek() == Some(&'"') {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => match chars.next() {
                            Some(c) => text.push(c),
                            None => return Err("customQuery: unterminated string".into()),
                        },
                        Some('"') => break,
                        Some(c) => text.push(c),
                        None => return Err("customQuery: unterminated string".into()),
                    }
                }
                match chars.next() {
                    None | Some(',') => {}
                    Some(c) => return Err(format!("customQuery: `{c}` after a string")),
                }
                Operand::Text(text)
            } else {
                let mut bare = String::new();
                for c in chars.by_ref() {
                    if c == ',' {
                        break;
                    }
                    bare.push(c);
                }
                match bare.trim() {
                    "true" => Operand::Bool(true),
                    "false" => Operand::Bool(false),
                    n => n
                        .parse::<f64>()
                        .ok()
                        .filter(|n| n.is_finite())
                        .map(Operand::Number)
                        .ok_or_else(|| format!("customQuery: `{n}` is not a value"))?,
                }
            };
            let allowed = match op {
                Op::Less | Op::Greater => !matches!(value, Operand::Bool(_)),
                Op::Equals => true,
                Op::Contains => matches!(value, Operand::Text(_)),
            };
            if !allowed {
                return Err(format!("customQuery: wrong value type for `{field}`"));
            }
            conditions.push(Condition { path, op, value });
        }
        Ok(Search(conditions))
    }

    /// Whether the expression has no condition (every record matches).
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `record` meets every condition (a missing field meets none).
    pub(crate) fn matches(&self, record: &Value) -> bool {
        self.0.iter().all(|c| {
            at(record, &c.path).is_some_and(|field| condition_holds(field, c.op, &c.value))
        })
    }
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

fn condition_holds(field: &Value, op: Op, value: &Operand) -> bool {
    match (op, value, field) {
        (Op::Equals, Operand::Text(want), Value::String(got)) => {
            got == want
                || (!want.is_empty()
                    && want.chars().all(|c| c.is_ascii_digit())
                    && digits(got) == *want)
        }
        (Op::Equals, Operand::Number(want), Value::Number(got)) => {
            got.as_f64().is_some_and(|g| g == *want)
        }
        (Op::Equals, Operand::Bool(want), Value::Bool(got)) => got == want,
        (Op::Contains, Operand::Text(want), Value::String(got)) => got.contains(want.as_str()),
        (Op::Less | Op::Greater, Operand::Number(want), Value::Number(got)) => got
            .as_f64()
            .and_then(|g| g.partial_cmp(want))
            .is_some_and(|o| {
                o == if op == Op::Less {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }),
        (Op::Less, Operand::Text(want), Value::String(got)) => got.as_str() < want.as_str(),
        (Op::Greater, Operand::Text(want), Value::String(got)) => got.as_str() > want.as_str(),
        _ => false,
    }
}

/// Sort keys: `field:1` ascending, `field:-1` descending, separated by commas.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SortKeys(Vec<(Vec<String>, bool)>);

impl SortKeys {
    /// Parses a `sort` parameter; the error is a 422 text.
    pub(crate) fn parse(param: &str) -> Result<SortKeys, String> {
        param
            .split(',')
            .map(|key| {
                let (field, direction) = key
                    .rsplit_once(':')
                    .ok_or_else(|| format!("sort: `{key}` needs :1 or :-1"))?;
                let path =
                    dotted(field).ok_or_else(|| format!("sort: `{field}` is not a field"))?;
                match direction {
                    "1" => Ok((path, true)),
                    "-1" => Ok((path, false)),
                    _ => Err(format!("sort: `{direction}` is not 1 or -1")),
                }
            })
            .collect::<Result<_, _>>()
            .map(SortKeys)
    }

    /// Sorts `records` stably by the keys.
    pub(crate) fn apply(&self, records: &mut [&Value]) {
        records.sort_by(|a, b| {
            for (path, ascending) in &self.0 {
                let o = compare(at(a, path), at(b, path));
                let o = if *ascending { o } else { o.reverse() };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
    }
}

/// Missing and `null` first, then booleans, numbers, strings, anything else.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            None | Some(Value::Null) => 0,
            Some(Value::Bool(_)) => 1,
            Some(Value::Number(_)) => 2,
            Some(Value::String(_)) => 3,
            Some(_) => 4,
        }
    }
    match (a, b) {
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_what_the_client_writes() -> Result<(), String> {
        let s = Search::parse(
            r#"guest.phone:"33612345678",people>2,status:"approved",date<"2021-09-18",source;"goo\"gle\, inc""#,
        )?;
        assert_eq!(s.0.len(), 5);
        assert_eq!(s.0[4].value, Operand::Text("goo\"gle, inc".into()));
        let hit = json!({"guest": {"phone": "+33 6 12 34 56 78"}, "people": 3,
            "status": "approved", "date": "2021-09-17", "source": "goo\"gle, inc."});
        assert!(s.matches(&hit));
        let miss = json!({"guest": {"phone": "+33612345678"}, "people": 2,
            "status": "approved", "date": "2021-09-17", "source": "goo\"gle, inc."});
        assert!(!s.matches(&miss));
        assert!(Search::parse("people>").is_err());
        assert!(Search::parse("a;3").is_err());
        Ok(())
    }

    #[test]
    fn sorts_by_several_keys() -> Result<(), String> {
        let a = json!({"x": 1, "y": "b"});
        let b = json!({"x": 1, "y": "a"});
        let c = json!({"x": 0});
        let mut v = vec![&a, &b, &c];
        SortKeys::parse("x:-1,y:1")?.apply(&mut v);
        assert_eq!(v, vec![&b, &a, &c]);
        assert!(SortKeys::parse("x:2").is_err());
        Ok(())
    }
}
