//! Drift: what a decoded vendor answer kept without understanding it, read from the typed
//! value's `Debug` form (every model derives `Debug`): the keys of each non-empty `extra`
//! map (fields the model does not declare) and each `Unknown("...")` value of an
//! `open_enum!` (enum values the model does not know). Cheap, vendor-independent, and exact
//! for the derived `Debug` of serde_json maps and open enums; it reads nothing else.
//!
//! [`crate::outcome`] adds the drift of every successful result to the fixture being run
//! ([`FixtureResult::drift`](crate::FixtureResult::drift)); `cargo xtask contract` lists it
//! per operation, and `cargo xtask record` prints it for what it recorded.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Debug;

use serde::{Deserialize, Serialize};

/// Unknown fields and enum values found in one decoded value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    /// Field names kept only in an `extra` map.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub fields: BTreeSet<String>,
    /// Enum values that landed in `Unknown`.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub values: BTreeSet<String>,
}

thread_local! {
    /// The drift of the fixture running on this thread (each fixture has its own
    /// current-thread runtime).
    static CURRENT: RefCell<Drift> = RefCell::new(Drift::default());
}

/// Adds `drift` to the fixture running on this thread.
pub(crate) fn note(drift: Drift) {
    CURRENT.with(|c| c.borrow_mut().merge(drift));
}

/// Takes (and clears) the drift noted on this thread.
pub(crate) fn take() -> Drift {
    CURRENT.with(|c| std::mem::take(&mut *c.borrow_mut()))
}

impl Drift {
    /// The drift of `value`.
    pub fn of<T: Debug + ?Sized>(value: &T) -> Drift {
        Drift::of_debug(&format!("{value:?}"))
    }

    /// The drift in a `Debug` text.
    pub fn of_debug(text: &str) -> Drift {
        let mut drift = Drift::default();
        let mut rest = text;
        while let Some(at) = rest.find("extra: {") {
            rest = rest.get(at + "extra: {".len()..).unwrap_or_default();
            drift.fields.extend(top_level_keys(rest));
        }
        let mut rest = text;
        while let Some(at) = rest.find("Unknown(\"") {
            rest = rest.get(at + "Unknown(".len()..).unwrap_or_default();
            if let Some(value) = quoted(rest) {
                drift.values.insert(value);
            }
        }
        drift
    }

    /// Adds another drift.
    pub fn merge(&mut self, other: Drift) {
        self.fields.extend(other.fields);
        self.values.extend(other.values);
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.values.is_empty()
    }

    /// One line per kind for `operation`.
    pub fn summary(&self, operation: &str) -> String {
        if self.is_empty() {
            return format!("drift: {operation}: none");
        }
        let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(", ");
        let mut out = format!("drift: {operation}:");
        if !self.fields.is_empty() {
            out.push_str(&format!(" unknown fields [{}]", list(&self.fields)));
        }
        if !self.values.is_empty() {
            out.push_str(&format!(" unknown enum values [{}]", list(&self.values)));
        }
        out
    }
}

/// The Rust-escaped string at the start of `text` (`"a\"b"...`), unescaped.
fn quoted(text: &str) -> Option<String> {
    let mut chars = text.strip_prefix('"')?.chars();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '"' => return Some(out),
            c => out.push(c),
        }
    }
    None
}

/// The keys of the map whose body starts `text` (after its `{`), up to its closing `}`.
fn top_level_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut expect_key = true;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let start = i;
                let mut escaped = false;
                let mut end = text.len();
                for (j, d) in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == '"' {
                        end = j;
                        break;
                    }
                }
                if depth == 0
                    && expect_key
                    && let Some(key) = text.get(start..=end).and_then(quoted)
                {
                    keys.push(key);
                    expect_key = false;
                }
            }
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            ',' if depth == 0 => expect_key = true,
            _ => {}
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[derive(Debug)]
    #[allow(dead_code)]
    enum Status {
        Confirmed,
        Unknown(String),
    }

    #[derive(Debug)]
    #[allow(dead_code)]
    struct Booking {
        status: Status,
        extra: serde_json::Map<String, serde_json::Value>,
    }

    #[test]
    fn extra_keys_and_unknown_values_are_found_at_any_depth() {
        let mut extra = serde_json::Map::new();
        extra.insert(
            "colour".into(),
            serde_json::json!({"nested": [1, {"x": "y"}]}),
        );
        extra.insert("say \"hi\"".into(), serde_json::json!("a, \"b\": c"));
        let bookings = vec![
            Booking {
                status: Status::Unknown("pending_payment".into()),
                extra,
            },
            Booking {
                status: Status::Confirmed,
                extra: serde_json::Map::new(),
            },
        ];
        let drift = Drift::of(&bookings);
        assert_eq!(
            drift.fields.iter().map(String::as_str).collect::<Vec<_>>(),
            ["colour", "say \"hi\""]
        );
        assert_eq!(
            drift.values.iter().map(String::as_str).collect::<Vec<_>>(),
            ["pending_payment"]
        );
        assert_eq!(
            drift.summary("bookings.list"),
            "drift: bookings.list: unknown fields [colour, say \"hi\"] unknown enum values [pending_payment]"
        );
        assert!(Drift::of(&bookings[1]).is_empty());
    }
}
