//! P2, client overhead: CPU time per request of our clients against raw reqwest +
//! serde_json decoding into the same model type, over loopback.
//!
//! Two calls, each one page so that both sides do the same work:
//!
//! - resOS `bookings.list_page` of 100 bookings (`GET /v1/bookings?skip=0&limit=100`);
//! - Resource Guru `bookings.list_page` of 50 bookings (`GET /v1/<account>/bookings?limit=50&offset=0`).
//!
//! The bodies repeat a booking of the contract fixtures with distinct ids. A small server on
//! other threads answers them; the clients run on a current-thread tokio runtime on a thread
//! of their own, and only that thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`) is counted: the
//! request building, pacing, auth, the HTTP exchange on the client side, and decoding.
//! Rounds interleave the two sides (alternating which goes first) in one process, and the
//! figure reported is the median over rounds. The goal is a ratio of at most
//! [`GOAL_RATIO`]; the benchmark prints it and never fails on it.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use cpu_time::ThreadTime;
use serde_json::Value;

use crate::server;

/// The goal: our CPU time per request at most this many times raw reqwest + serde_json.
pub const GOAL_RATIO: f64 = 1.10;

/// resOS bookings per page (the vendor's page maximum).
const RESOS_BOOKINGS: usize = 100;
/// Resource Guru bookings per page (the vendor's page maximum).
const RG_BOOKINGS: usize = 50;
/// Resource Guru account used in the paths.
const RG_ACCOUNT: &str = "acme-studio";
/// Fake credentials (the server does not check them; both sides send them).
const API_KEY: &str = "bench-api-key";
const TOKEN: &str = "bench-token";

/// Options of `bench overhead`.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// Measured rounds; each round times every call on both sides.
    #[arg(long, default_value_t = 15)]
    rounds: u32,
    /// Requests per call, side and round.
    #[arg(long, default_value_t = 200)]
    iters: u32,
    /// The fixtures folder (default: the workspace's `fixtures`).
    #[arg(long)]
    fixtures: Option<PathBuf>,
}

/// Runs the benchmark and prints the table.
pub fn run(options: &Options, report: &mut crate::Report) -> Result<()> {
    if options.rounds == 0 || options.iters == 0 {
        bail!("--rounds and --iters must be at least 1");
    }
    let fixtures = options.fixtures.clone().unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("..")
            .join("fixtures")
    });
    let (addr, resos_bytes, rg_bytes) = serve_bodies(&fixtures)?;

    let rounds = options.rounds;
    let iters = options.iters;
    let results = std::thread::Builder::new()
        .name("bench-client".into())
        .spawn(move || -> Result<Vec<CallResult>> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(measure(addr, rounds, iters))
        })?
        .join()
        .map_err(|_| anyhow::anyhow!("the client thread panicked"))??;

    let profile = if cfg!(debug_assertions) {
        "DEBUG build: not meaningful, run `cargo xtask bench overhead`"
    } else {
        "release build"
    };
    println!(
        "overhead: client-thread CPU time per request over loopback, {rounds} interleaved \
         rounds x {iters} requests per side ({profile})"
    );
    println!(
        "bodies: resOS {RESOS_BOOKINGS} bookings ({resos_bytes} bytes), Resource Guru \
         {RG_BOOKINGS} bookings ({rg_bytes} bytes)"
    );
    println!(
        "{:<40} {:>12} {:>12} {:>13} {:>12}",
        "call", "ours µs/req", "raw µs/req", "median ratio", "goal"
    );
    for r in &results {
        let ratio = median(&r.ratios);
        let verdict = if ratio <= GOAL_RATIO {
            "met"
        } else {
            "not met"
        };
        println!(
            "{:<40} {:>12.1} {:>12.1} {:>13.3} {:>12}",
            r.name,
            median(&r.ours),
            median(&r.raw),
            ratio,
            format!("≤ {GOAL_RATIO:.2} {verdict}"),
        );
        report.row(
            format!("P2 {}", r.name),
            format!(
                "{ratio:.3} (ours {:.1} µs/req, raw {:.1} µs/req)",
                median(&r.ours),
                median(&r.raw)
            ),
            format!("≤ {GOAL_RATIO:.2}"),
            Some(ratio <= GOAL_RATIO),
        );
    }
    report.details = serde_json::json!({
        "rounds": rounds,
        "iters": iters,
        "profile": profile,
        "calls": results.iter().map(|r| serde_json::json!({
            "call": r.name,
            "ours_us_per_req": median(&r.ours),
            "raw_us_per_req": median(&r.raw),
            "median_ratio": median(&r.ratios),
            "ratio_min": min(&r.ratios),
            "ratio_max": max(&r.ratios),
        })).collect::<Vec<_>>(),
    });
    println!(
        "(ratios per round: min..max) {}",
        results
            .iter()
            .map(|r| format!("{} {:.3}..{:.3}", r.short, min(&r.ratios), max(&r.ratios)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// Per-round figures of one call.
struct CallResult {
    name: &'static str,
    short: &'static str,
    /// Our µs per request, one per round.
    ours: Vec<f64>,
    /// Raw µs per request, one per round.
    raw: Vec<f64>,
    /// ours / raw, one per round.
    ratios: Vec<f64>,
}

/// The four contenders, built once.
struct Contenders {
    resos: resos::Client,
    resos_request: resos::ListBookings,
    rg: resource_guru::Client,
    rg_request: resource_guru::bookings::ListBookings,
    raw: reqwest::Client,
    resos_url: String,
    rg_url: String,
}

impl Contenders {
    fn new(addr: SocketAddr) -> Result<Self> {
        let resos = resos::Client::builder()
            .base_url(format!("http://{addr}/v1"))
            .api_key(API_KEY)
            // 100 requests per millisecond: pacing runs, but never waits.
            .rate_limit_window(Duration::from_millis(1))
            .build()?;
        let rg = resource_guru::Client::builder(RG_ACCOUNT)
            .base_url(format!("http://{addr}"))
            .access_token(TOKEN)
            .rate_limit_window(Duration::from_millis(1))
            .build()?;
        Ok(Contenders {
            resos,
            resos_request: resos::ListBookings::new().skip(0).limit(100),
            rg,
            rg_request: resource_guru::bookings::ListBookings::new()
                .limit(50u32)
                .offset(0u64),
            raw: reqwest::Client::builder().build()?,
            resos_url: format!("http://{addr}/v1/bookings"),
            rg_url: format!("http://{addr}/v1/{RG_ACCOUNT}/bookings"),
        })
    }

    async fn resos_ours(&self) -> Result<Vec<resos::Booking>> {
        Ok(self.resos.bookings().list_page(&self.resos_request).await?)
    }

    async fn resos_raw(&self) -> Result<Vec<resos::Booking>> {
        let response = self
            .raw
            .get(&self.resos_url)
            .query(&[("skip", "0"), ("limit", "100")])
            .basic_auth(API_KEY, Some(""))
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }

    async fn rg_ours(&self) -> Result<Vec<resource_guru::bookings::Booking>> {
        Ok(self.rg.bookings().list_page(&self.rg_request).await?)
    }

    async fn rg_raw(&self) -> Result<Vec<resource_guru::bookings::Booking>> {
        let response = self
            .raw
            .get(&self.rg_url)
            .query(&[("limit", "50"), ("offset", "0")])
            .bearer_auth(TOKEN)
            .header("accept", "application/json")
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }
}

/// Checks both sides decode the same, warms up, then runs the interleaved rounds.
async fn measure(addr: SocketAddr, rounds: u32, iters: u32) -> Result<Vec<CallResult>> {
    let c = Contenders::new(addr)?;
    let (ours, raw) = (c.resos_ours().await?, c.resos_raw().await?);
    if ours.len() != RESOS_BOOKINGS || ours != raw {
        bail!("resOS: our client and raw serde_json decoded different bookings");
    }
    let (ours, raw) = (c.rg_ours().await?, c.rg_raw().await?);
    if ours.len() != RG_BOOKINGS || ours != raw {
        bail!("Resource Guru: our client and raw serde_json decoded different bookings");
    }

    let mut resos = CallResult::new("resOS bookings.list_page (100 bookings)", "resOS");
    let mut rg = CallResult::new("Resource Guru bookings.list_page (50 bookings)", "RG");
    let warmup = (iters / 4).max(1);
    for round in 0..=rounds {
        // Round 0 warms up (connections, allocator, caches) and is not recorded.
        let n = if round == 0 { warmup } else { iters };
        let ours_first = round.is_multiple_of(2);
        let (a, b) = pair(ours_first, n, || c.resos_ours(), || c.resos_raw()).await?;
        let (x, y) = pair(ours_first, n, || c.rg_ours(), || c.rg_raw()).await?;
        if round > 0 {
            resos.push(a, b);
            rg.push(x, y);
        }
    }
    Ok(vec![resos, rg])
}

impl CallResult {
    fn new(name: &'static str, short: &'static str) -> Self {
        CallResult {
            name,
            short,
            ours: Vec::new(),
            raw: Vec::new(),
            ratios: Vec::new(),
        }
    }

    fn push(&mut self, ours: f64, raw: f64) {
        self.ours.push(ours);
        self.raw.push(raw);
        if raw > 0.0 {
            self.ratios.push(ours / raw);
        }
    }
}

/// Times `ours` and `raw` (in the given order), `n` requests each: µs of CPU per request.
async fn pair<T, U, F, G, FutF, FutG>(
    ours_first: bool,
    n: u32,
    ours: F,
    raw: G,
) -> Result<(f64, f64)>
where
    F: FnMut() -> FutF,
    G: FnMut() -> FutG,
    FutF: Future<Output = Result<T>>,
    FutG: Future<Output = Result<U>>,
{
    if ours_first {
        let a = timed(n, ours).await?;
        let b = timed(n, raw).await?;
        Ok((a, b))
    } else {
        let b = timed(n, raw).await?;
        let a = timed(n, ours).await?;
        Ok((a, b))
    }
}

/// This thread's CPU time for `n` calls of `call`, in µs per call.
async fn timed<T, F, Fut>(n: u32, mut call: F) -> Result<f64>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let start = ThreadTime::try_now().context("reading the thread's CPU time")?;
    for _ in 0..n {
        std::hint::black_box(call().await?);
    }
    let end = ThreadTime::try_now().context("reading the thread's CPU time")?;
    let spent = end.as_duration().saturating_sub(start.as_duration());
    Ok(spent.as_secs_f64() * 1e6 / f64::from(n))
}

/// Starts the server with the two bodies built from the fixtures: its address and the sizes
/// of the resOS and Resource Guru bodies.
fn serve_bodies(fixtures: &Path) -> Result<(SocketAddr, usize, usize)> {
    let resos_body = repeated(
        &first_booking(&fixtures.join("resos/bookings.list_page.json"))?,
        RESOS_BOOKINGS,
        |b, i| {
            b.insert("_id".into(), Value::from(format!("Bk{i:015}")));
        },
    )?;
    let rg_body = repeated(
        &first_booking(&fixtures.join("resource-guru/bookings.list_page.json"))?,
        RG_BOOKINGS,
        |b, i| {
            b.insert("id".into(), Value::from(80_000 + i));
        },
    )?;
    let sizes = (resos_body.len(), rg_body.len());
    let addr = server::start(vec![
        ("/v1/bookings".to_owned(), resos_body),
        (format!("/v1/{RG_ACCOUNT}/bookings"), rg_body),
    ])?;
    Ok((addr, sizes.0, sizes.1))
}

/// The first booking object of a fixture's first response.
fn first_booking(path: &Path) -> Result<serde_json::Map<String, Value>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let fixture: Value = serde_json::from_str(&text)?;
    fixture
        .pointer("/exchanges/0/response/body/0")
        .and_then(Value::as_object)
        .cloned()
        .with_context(|| format!("no booking object in {}", path.display()))
}

/// A JSON array of `count` copies of `booking`, each changed by `vary` (distinct ids).
fn repeated(
    booking: &serde_json::Map<String, Value>,
    count: usize,
    vary: impl Fn(&mut serde_json::Map<String, Value>, usize),
) -> Result<Vec<u8>> {
    let items: Vec<Value> = (0..count)
        .map(|i| {
            let mut b = booking.clone();
            vary(&mut b, i);
            Value::Object(b)
        })
        .collect();
    Ok(serde_json::to_vec(&items)?)
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    match (v.get(mid), mid.checked_sub(1).and_then(|m| v.get(m))) {
        (Some(&hi), Some(&lo)) if v.len().is_multiple_of(2) => (hi + lo) / 2.0,
        (Some(&m), _) => m,
        _ => f64::NAN,
    }
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
        assert_eq!((min(&[2.0, 1.0]), max(&[2.0, 1.0])), (1.0, 2.0));
    }

    /// The whole benchmark on a tiny scale: both sides decode the same 100 and 50 bookings
    /// from the server, and every round yields positive figures.
    #[test]
    fn one_small_run_measures_both_calls() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let (addr, resos_bytes, rg_bytes) = serve_bodies(&fixtures).unwrap();
        assert!(resos_bytes > 10_000 && rg_bytes > 10_000);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let results = runtime.block_on(measure(addr, 2, 2)).unwrap();
        assert_eq!(results.len(), 2);
        for r in &results {
            assert_eq!((r.ours.len(), r.raw.len(), r.ratios.len()), (2, 2, 2));
            assert!(
                r.ours.iter().chain(&r.raw).all(|v| *v > 0.0),
                "{:?}",
                r.ours
            );
        }
    }
}
