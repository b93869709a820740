//! The benchmarks' arithmetic, kept apart from the measuring so that it can be unit-tested:
//! what a rate limit allows in a span of time, rolling rates for the chart, peak RSS from
//! `/proc/self/status`, and the selective-build check over `cargo tree` output.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// A vendor's documented rate-limit policy, as the sandbox enforces it (windows scaled).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Limit {
    /// At most `limit` requests in each fixed window, reset on the window boundaries.
    FixedWindow {
        /// Requests per window.
        limit: u32,
        /// The window.
        window: Duration,
    },
    /// A token bucket: `burst` at once, then one per `interval`.
    Bucket {
        /// Bucket size.
        burst: u32,
        /// Refill interval per token.
        interval: Duration,
    },
}

impl Limit {
    /// The documented sustained rate, in requests per second.
    pub fn per_second(self) -> f64 {
        match self {
            Limit::FixedWindow { limit, window } => f64::from(limit) / secs(window),
            Limit::Bucket { interval, .. } => 1.0 / secs(interval),
        }
    }

    /// How many requests the policy allows in `span`, counted from the policy's start (the
    /// server's start: a fresh window, a full bucket). A fixed window allows `limit` in every
    /// window the span touches; a bucket its burst plus one token per whole interval.
    pub fn allowance(self, span: Duration) -> f64 {
        match self {
            Limit::FixedWindow { limit, window } => {
                let windows = (secs(span) / secs(window)).ceil().max(1.0);
                f64::from(limit) * windows
            }
            Limit::Bucket { burst, interval } => {
                f64::from(burst) + (secs(span) / secs(interval)).floor()
            }
        }
    }
}

/// A duration in seconds, at least one nanosecond (no division by zero).
fn secs(d: Duration) -> f64 {
    d.as_secs_f64().max(1e-9)
}

/// Successes ÷ what the limit allows over `span` (1.0: every allowed request was used).
pub fn achieved_ratio(successes: u64, limit: Limit, span: Duration) -> f64 {
    // u64 → f64 loses precision only beyond 2^53 requests.
    #[allow(clippy::cast_precision_loss)]
    let ok = successes as f64;
    ok / limit.allowance(span)
}

/// Requests sent per success (`NaN` when nothing succeeded).
pub fn sent_per_success(sent: u64, successes: u64) -> f64 {
    if successes == 0 {
        return f64::NAN;
    }
    #[allow(clippy::cast_precision_loss)]
    let ratio = sent as f64 / successes as f64;
    ratio
}

/// Events per second over the `width` seconds up to each sample time `0, step, 2·step, ...,
/// end` (a rolling rate, smooth enough to show pacing). `times` are event times in seconds
/// from the start, in any order. Returns `(t, rate)` pairs; samples start once a whole
/// `width` has passed.
pub fn rolling_rate(times: &[f64], width: f64, step: f64, end: f64) -> Vec<(f64, f64)> {
    let mut sorted: Vec<f64> = times.iter().copied().filter(|t| t.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let mut out = Vec::new();
    if !(width > 0.0 && step > 0.0) {
        return out;
    }
    let mut t = width;
    while t <= end + 1e-9 {
        let lo = sorted.partition_point(|&x| x <= t - width);
        let hi = sorted.partition_point(|&x| x <= t);
        #[allow(clippy::cast_precision_loss)]
        let n = hi.saturating_sub(lo) as f64;
        out.push((t, n / width));
        t += step;
    }
    out
}

/// The peak resident set size (`VmHWM`) in KiB from the text of `/proc/self/status`.
pub fn parse_vm_hwm_kib(status: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix("VmHWM:")?;
        let mut parts = rest.split_whitespace();
        let value = parts.next()?.parse().ok()?;
        match parts.next() {
            Some("kB") | None => Some(value),
            Some(_) => None,
        }
    })
}

/// One line of `cargo tree --prefix depth --format "{p}"`: depth and package name.
pub fn parse_tree_line(line: &str) -> Option<(usize, String)> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let depth = line.get(..digits)?.parse().ok()?;
    let name = line.get(digits..)?.split_whitespace().next()?;
    Some((depth, name.to_owned()))
}

/// A package's normal dependency tree, from `cargo tree -e normal -p <package> --prefix depth
/// --format "{p}"`: every package in it and its direct dependencies (depth 1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tree {
    /// Every package of the tree, the root included.
    pub all: BTreeSet<String>,
    /// The root's direct normal dependencies.
    pub direct: BTreeSet<String>,
}

impl Tree {
    /// Parses `cargo tree` output (lines that are not tree lines are skipped).
    pub fn parse(text: &str) -> Tree {
        let mut tree = Tree::default();
        for (depth, name) in text.lines().filter_map(parse_tree_line) {
            if depth == 1 {
                tree.direct.insert(name.clone());
            }
            tree.all.insert(name);
        }
        tree
    }
}

/// What the selective-build check found for one vendor crate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TreeCheck {
    /// Packages in the vendor's tree.
    pub packages: usize,
    /// Packages beyond the shared base (the trees of the non-vendor crates every vendor uses).
    pub beyond_base: BTreeSet<String>,
    /// Other vendor crates found in the tree (must be empty).
    pub other_vendors: BTreeSet<String>,
    /// Packages that another vendor depends on directly, that neither this vendor nor the
    /// shared base depends on directly, and that are not in the base's tree, found in this
    /// vendor's tree (must be empty: a dependency only another vendor needs).
    pub foreign: BTreeSet<String>,
}

impl TreeCheck {
    /// Whether the vendor's tree is clean.
    pub fn clean(&self) -> bool {
        self.other_vendors.is_empty() && self.foreign.is_empty()
    }
}

/// Checks every vendor's tree against the others': `vendors` maps each vendor crate to its
/// tree, `base` is the union of the shared crates' trees (core-http, model-kit).
pub fn check_trees(
    vendors: &BTreeMap<String, Tree>,
    base: &BTreeSet<String>,
) -> BTreeMap<String, TreeCheck> {
    vendors
        .iter()
        .map(|(name, tree)| {
            let other_vendors = vendors
                .keys()
                .filter(|other| *other != name && tree.all.contains(*other))
                .cloned()
                .collect();
            let foreign = vendors
                .iter()
                .filter(|(other, _)| *other != name)
                .flat_map(|(_, t)| t.direct.iter())
                .filter(|p| {
                    tree.all.contains(*p)
                        && !tree.direct.contains(*p)
                        && !base.contains(*p)
                        && !vendors.contains_key(*p)
                })
                .cloned()
                .collect();
            let beyond_base = tree
                .all
                .iter()
                .filter(|p| *p != name && !base.contains(*p))
                .cloned()
                .collect();
            let check = TreeCheck {
                packages: tree.all.len(),
                beyond_base,
                other_vendors,
                foreign,
            };
            (name.clone(), check)
        })
        .collect()
}

/// The member `key` of a JSON object (`null` when absent or not an object).
pub fn field<'a>(value: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    value.get(key).unwrap_or(&serde_json::Value::Null)
}

/// `a ÷ b` (`NaN` when `b` is zero).
pub fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 { f64::NAN } else { a / b }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn fixed_window_allows_the_limit_in_every_window_touched() {
        let l = Limit::FixedWindow {
            limit: 100,
            window: MS(1000),
        };
        assert_eq!(l.per_second(), 100.0);
        assert_eq!(l.allowance(MS(5000)), 500.0);
        assert_eq!(l.allowance(MS(4001)), 500.0);
        assert_eq!(l.allowance(MS(1)), 100.0);
        assert_eq!(achieved_ratio(490, l, MS(5000)), 0.98);
    }

    #[test]
    fn bucket_allows_the_burst_plus_one_per_whole_interval() {
        let l = Limit::Bucket {
            burst: 30,
            interval: MS(10),
        };
        assert!((l.per_second() - 100.0).abs() < 1e-9);
        assert_eq!(l.allowance(MS(5000)), 530.0);
        assert_eq!(l.allowance(MS(5009)), 530.0);
        assert_eq!(achieved_ratio(265, l, MS(5000)), 0.5);
    }

    #[test]
    fn requests_per_success() {
        assert_eq!(sent_per_success(110, 100), 1.1);
        assert!(sent_per_success(3, 0).is_nan());
        assert!(ratio(1.0, 0.0).is_nan());
        assert_eq!(ratio(3.0, 2.0), 1.5);
    }

    #[test]
    fn rolling_rate_counts_events_in_the_trailing_window() {
        // 10 events in the first second, none in the second.
        let times: Vec<f64> = (0..10).map(|i| 0.05 + f64::from(i) * 0.1).collect();
        let r = rolling_rate(&times, 1.0, 0.5, 2.0);
        let ts: Vec<f64> = r.iter().map(|p| p.0).collect();
        assert_eq!(ts, vec![1.0, 1.5, 2.0]);
        assert_eq!(r[0].1, 10.0);
        assert_eq!(r[1].1, 5.0);
        assert_eq!(r[2].1, 0.0);
        assert!(rolling_rate(&times, 0.0, 0.5, 2.0).is_empty());
    }

    #[test]
    fn reads_vm_hwm_from_proc_status() {
        let status = "Name:\tbench\nVmPeak:\t  123456 kB\nVmHWM:\t   20480 kB\nVmRSS:\t 1 kB\n";
        assert_eq!(parse_vm_hwm_kib(status), Some(20480));
        assert_eq!(parse_vm_hwm_kib("VmRSS:\t 1 kB\n"), None);
        assert_eq!(parse_vm_hwm_kib("VmHWM:\t 12 MB\n"), None);
        assert_eq!(parse_vm_hwm_kib("VmHWM:\tlots kB\n"), None);
    }

    #[test]
    fn parses_cargo_tree_lines() {
        assert_eq!(
            parse_tree_line("0resos v0.1.0 (/x/crates/resos)"),
            Some((0, "resos".into()))
        );
        assert_eq!(
            parse_tree_line("12serde v1.0.228 (*)"),
            Some((12, "serde".into()))
        );
        assert_eq!(parse_tree_line("warning: something"), None);
        assert_eq!(parse_tree_line(""), None);
    }

    fn tree(lines: &[&str]) -> Tree {
        Tree::parse(&lines.join("\n"))
    }

    #[test]
    fn the_tree_check_flags_other_vendors_and_their_own_dependencies() {
        let base: BTreeSet<String> = ["core-http", "serde", "reqwest"]
            .into_iter()
            .map(String::from)
            .collect();
        let mut vendors = BTreeMap::new();
        vendors.insert(
            "resos".to_owned(),
            tree(&[
                "0resos v0.1.0",
                "1core-http v0.1.0",
                "2serde v1.0.0",
                "2reqwest v0.13.5",
                "1jiff v0.2.0",
                // leaks: Launch27's own decimal crate, pulled through jiff in this story
                "2rust_decimal v1.0.0",
            ]),
        );
        vendors.insert(
            "launch27".to_owned(),
            tree(&[
                "0launch27 v0.1.0",
                "1core-http v0.1.0",
                "1rust_decimal v1.0.0",
                "1jiff v0.2.0",
                "1resos v0.1.0",
            ]),
        );
        let checks = check_trees(&vendors, &base);
        let resos = &checks["resos"];
        assert_eq!(resos.packages, 6);
        assert!(resos.other_vendors.is_empty());
        assert_eq!(
            resos.foreign.iter().collect::<Vec<_>>(),
            vec!["rust_decimal"]
        );
        assert!(!resos.clean());
        assert_eq!(
            resos.beyond_base.iter().collect::<Vec<_>>(),
            vec!["jiff", "rust_decimal"]
        );
        let l27 = &checks["launch27"];
        assert_eq!(l27.other_vendors.iter().collect::<Vec<_>>(), vec!["resos"]);
        // jiff is a direct dependency of both: not foreign to either.
        assert!(l27.foreign.is_empty());
        assert!(!l27.clean());
        vendors.get_mut("launch27").unwrap().all.remove("resos");
        vendors.get_mut("resos").unwrap().all.remove("rust_decimal");
        let checks = check_trees(&vendors, &base);
        assert!(checks.values().all(TreeCheck::clean));
    }
}
