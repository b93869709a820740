//! P3, paging memory and speed: stream 100,000 and 1,000,000 resOS bookings from the sandbox
//! with our `bookings().list()` stream and with raw paging by hand (reqwest + serde_json into
//! the same model type, `skip`/`limit` 100 until a short page).
//!
//! The sandbox (which holds every booking in memory) runs in this process; each measurement
//! runs in a child process of its own (`bench paging-child`), which reads its own peak
//! resident set size (`VmHWM` of `/proc/self/status`) at the end, so the figures hold only the
//! client's memory. Goals: our peak RSS at most 1.1 × raw (and flat from 100,000 to 1,000,000
//! items), our items/s at least 0.9 × raw.
//!
//! The same run probes how fast the Resource Guru and Launch27 fakes answer a deep page with
//! 100,000 bookings, to say which vendors' sandboxes can be streamed at this size.

use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use futures::{StreamExt, TryStreamExt};
use sandbox::{Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::Report;
use crate::metrics::{field, parse_vm_hwm_kib, ratio};

/// Goal: our peak RSS at most this many times raw's.
pub const GOAL_RSS: f64 = 1.1;
/// Goal: our items/s at least this many times raw's.
pub const GOAL_SPEED: f64 = 0.9;
/// The environment variable that hands the sandbox's API key to a child (not its arguments).
const KEY_VAR: &str = "BENCH_SANDBOX_API_KEY";
/// resOS page size (the vendor's maximum).
const PAGE: usize = 100;

/// Options of `bench paging`.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// Stream sizes (comma-separated).
    #[arg(long, value_delimiter = ',', default_values_t = [100_000_usize, 1_000_000])]
    items: Vec<usize>,
    /// Skip the Resource Guru and Launch27 deep-page probe.
    #[arg(long)]
    no_probe: bool,
}

/// Options of the measuring child.
#[derive(Debug, clap::Args)]
pub struct ChildOptions {
    /// The sandbox's resOS base URL.
    #[arg(long)]
    base_url: String,
    /// `ours` or `raw`.
    #[arg(long)]
    side: String,
    /// Items to stream.
    #[arg(long)]
    items: usize,
}

/// Runs the benchmark (the parent: sandbox and children).
pub fn run(options: &Options, report: &mut Report) -> Result<()> {
    let largest = options.items.iter().copied().max().unwrap_or(0);
    if largest == 0 {
        bail!("--items must name at least one positive size");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let seeded = Instant::now();
    let sandbox = runtime.block_on(Sandbox::start(
        Vendor::Resos,
        SandboxOptions::default()
            .generated_bookings(largest)
            // 100 requests per millisecond: the limit never binds.
            .rate_limit_window(Duration::from_millis(1)),
    ))?;
    println!(
        "sandbox: resOS with {largest} generated bookings, ready in {:.1} s",
        seeded.elapsed().as_secs_f64()
    );
    let key = sandbox
        .credentials()
        .api_key()
        .ok_or_else(|| anyhow!("no API key"))?
        .expose_secret()
        .to_owned();
    let exe = std::env::current_exe().context("finding the bench binary")?;

    println!(
        "{:>9} {:<5} {:>12} {:>12} {:>9}",
        "items", "side", "items/s", "peak RSS MiB", "seconds"
    );
    let mut results = Vec::new();
    for (i, &items) in options.items.iter().enumerate() {
        let mut pair = Vec::new();
        // Alternate which side goes first (the machine may be busy; the server warms up).
        let order = if i % 2 == 0 {
            ["raw", "ours"]
        } else {
            ["ours", "raw"]
        };
        for side in order {
            let output = Command::new(&exe)
                .args(["paging-child", "--base-url", &sandbox.base_url()])
                .args(["--side", side, "--items", &items.to_string()])
                .env(KEY_VAR, &key)
                .output()
                .context("running the paging child")?;
            if !output.status.success() {
                bail!(
                    "paging child ({side}, {items}) failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            let line = String::from_utf8_lossy(&output.stdout);
            let result: Value = serde_json::from_str(line.trim())
                .with_context(|| format!("paging child output: {line}"))?;
            println!(
                "{:>9} {:<5} {:>12.0} {:>12.1} {:>9.2}",
                items,
                side,
                field(&result, "items_per_sec").as_f64().unwrap_or(f64::NAN),
                field(&result, "vm_hwm_kib").as_f64().unwrap_or(f64::NAN) / 1024.0,
                field(&result, "seconds").as_f64().unwrap_or(f64::NAN),
            );
            pair.push(result);
        }
        results.push((items, pair));
    }

    let mut sizes = Vec::new();
    for (items, pair) in &results {
        let get = |side: &str, key: &str| {
            pair.iter()
                .find(|r| *field(r, "side") == side)
                .and_then(|r| r[key].as_f64())
                .unwrap_or(f64::NAN)
        };
        let rss = ratio(get("ours", "vm_hwm_kib"), get("raw", "vm_hwm_kib"));
        let speed = ratio(get("ours", "items_per_sec"), get("raw", "items_per_sec"));
        report.row(
            format!("P3 resOS {items} items: RSS ours ÷ raw"),
            format!(
                "{rss:.3} ({:.1} vs {:.1} MiB)",
                get("ours", "vm_hwm_kib") / 1024.0,
                get("raw", "vm_hwm_kib") / 1024.0
            ),
            format!("≤ {GOAL_RSS}"),
            Some(rss <= GOAL_RSS),
        );
        report.row(
            format!("P3 resOS {items} items: speed ours ÷ raw"),
            format!(
                "{speed:.3} ({:.0} vs {:.0} items/s)",
                get("ours", "items_per_sec"),
                get("raw", "items_per_sec")
            ),
            format!("≥ {GOAL_SPEED}"),
            Some(speed >= GOAL_SPEED),
        );
        sizes.push(json!({"items": items, "runs": pair, "rss_ratio": rss, "speed_ratio": speed}));
    }
    // Flat: our peak RSS at the largest size against the smallest.
    let ours_rss = |i: usize| {
        results
            .get(i)
            .and_then(|(_, pair)| pair.iter().find(|r| *field(r, "side") == "ours"))
            .and_then(|r| field(r, "vm_hwm_kib").as_f64())
            .unwrap_or(f64::NAN)
    };
    let flat = ratio(ours_rss(results.len().saturating_sub(1)), ours_rss(0));
    if results.len() > 1 {
        report.row(
            "P3 resOS ours: peak RSS largest ÷ smallest stream".to_owned(),
            format!("{flat:.3}"),
            format!("≤ {GOAL_RSS} (flat)"),
            Some(flat <= GOAL_RSS),
        );
    }
    drop(sandbox);

    let probe = if options.no_probe {
        Value::Null
    } else {
        let probe = runtime.block_on(probe_other_vendors())?;
        report.row(
            "P3 deep page with 100,000 bookings (RG, Launch27)".to_owned(),
            format!(
                "RG {:.1} ms/page, Launch27 {:.1} ms/page (resOS {:.2})",
                field(field(&probe, "resource-guru"), "deep_page_ms")
                    .as_f64()
                    .unwrap_or(f64::NAN),
                field(field(&probe, "launch27"), "deep_page_ms")
                    .as_f64()
                    .unwrap_or(f64::NAN),
                field(field(&probe, "resos"), "deep_page_ms")
                    .as_f64()
                    .unwrap_or(f64::NAN),
            ),
            "(which sandboxes stream 10^6 fast)".to_owned(),
            None,
        );
        probe
    };
    report.details =
        json!({"resos": sizes, "ours_rss_largest_over_smallest": flat, "probe": probe});
    Ok(())
}

/// The measuring child: streams `items` bookings one way, prints one JSON line.
pub fn child(options: &ChildOptions) -> Result<()> {
    let key = std::env::var(KEY_VAR).with_context(|| format!("{KEY_VAR} not set"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let before = vm_hwm_kib()?;
    let start = std::time::Instant::now();
    let streamed = runtime.block_on(async {
        match options.side.as_str() {
            "ours" => ours(&options.base_url, &key, options.items).await,
            "raw" => raw(&options.base_url, &key, options.items).await,
            other => Err(anyhow!("unknown side {other}")),
        }
    })?;
    let seconds = start.elapsed().as_secs_f64();
    let after = vm_hwm_kib()?;
    if streamed != options.items {
        bail!("streamed {streamed} of {} bookings", options.items);
    }
    #[allow(clippy::cast_precision_loss)]
    let per_sec = streamed as f64 / seconds.max(1e-9);
    println!(
        "{}",
        json!({
            "side": options.side,
            "items": streamed,
            "seconds": seconds,
            "items_per_sec": per_sec,
            "vm_hwm_kib": after,
            "vm_hwm_before_kib": before,
        })
    );
    Ok(())
}

/// This process's peak RSS in KiB.
fn vm_hwm_kib() -> Result<u64> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("reading /proc/self/status")?;
    parse_vm_hwm_kib(&status).ok_or_else(|| anyhow!("no VmHWM in /proc/self/status"))
}

/// Our client's lazy stream over every page.
async fn ours(base_url: &str, key: &str, items: usize) -> Result<usize> {
    let client = resos::Client::builder()
        .api_key(key)
        .base_url(base_url)
        .rate_limit_window(Duration::from_millis(1))
        .build()?;
    let count = client
        .bookings()
        .list(&resos::ListBookings::new())
        .take(items)
        .try_fold(0_usize, |n, booking| async move {
            std::hint::black_box(&booking);
            Ok(n.saturating_add(1))
        })
        .await?;
    Ok(count)
}

/// Paging by hand: `skip`/`limit` until a short page, each page decoded with serde_json.
async fn raw(base_url: &str, key: &str, items: usize) -> Result<usize> {
    let http = reqwest::Client::builder().build()?;
    let url = format!("{base_url}/bookings");
    let mut count = 0_usize;
    let limit = PAGE.to_string();
    loop {
        let skip = count.to_string();
        let response = http
            .get(&url)
            .query(&[("skip", skip.as_str()), ("limit", limit.as_str())])
            .basic_auth(key, Some(""))
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        let page: Vec<resos::Booking> = serde_json::from_slice(&body)?;
        let len = page.len();
        for booking in page {
            if count >= items {
                return Ok(count);
            }
            std::hint::black_box(&booking);
            count = count.saturating_add(1);
        }
        if len < PAGE || count >= items {
            return Ok(count);
        }
    }
}

/// Time of a page at the start and one deep into 100,000 generated bookings, per vendor.
async fn probe_other_vendors() -> Result<Value> {
    const N: usize = 100_000;
    let options = || {
        SandboxOptions::default()
            .generated_bookings(N)
            .rate_limit_window(Duration::from_millis(1))
    };
    let mut out = serde_json::Map::new();

    let sb = Sandbox::start(Vendor::Resos, options()).await?;
    let key = sb
        .credentials()
        .api_key()
        .ok_or_else(|| anyhow!("no API key"))?;
    let c = resos::Client::builder()
        .api_key(key.expose_secret())
        .base_url(sb.base_url())
        .rate_limit_window(Duration::from_millis(1))
        .build()?;
    let page = |request: resos::ListBookings| {
        let c = c.clone();
        move || {
            let (c, request) = (c.clone(), request.clone());
            async move { c.bookings().list_page(&request).await }
        }
    };
    let first = timed(page(resos::ListBookings::new().limit(100))).await?;
    let deep = timed(page(resos::ListBookings::new().skip(99_900).limit(100))).await?;
    out.insert("resos".into(), probe_json(first, deep, 100, N));
    drop(sb);

    let sb = Sandbox::start(Vendor::ResourceGuru, options()).await?;
    let o = sb
        .credentials()
        .oauth()
        .ok_or_else(|| anyhow!("no OAuth credentials"))?;
    let c = resource_guru::Client::builder(o.account.clone())
        .base_url(sb.base_url())
        .oauth(resource_guru::OAuth::password(
            o.client_id.clone(),
            o.client_secret.expose_secret(),
            o.username.clone(),
            o.password.expose_secret(),
        ))
        .rate_limit_window(Duration::from_millis(1))
        .build()?;
    let page = |request: resource_guru::ListBookings| {
        let c = c.clone();
        move || {
            let (c, request) = (c.clone(), request.clone());
            async move { c.bookings().list_page(&request).await }
        }
    };
    let first = timed(page(resource_guru::ListBookings::new().limit(50u32))).await?;
    let deep = timed(page(
        resource_guru::ListBookings::new()
            .limit(50u32)
            .offset(99_950u64),
    ))
    .await?;
    out.insert("resource-guru".into(), probe_json(first, deep, 50, N));
    drop(sb);

    let sb = Sandbox::start(
        Vendor::Launch27,
        SandboxOptions::default()
            .generated_bookings(N)
            .rate_limit_window(Duration::from_micros(1)),
    )
    .await?;
    let (email, password) = sb
        .credentials()
        .login()
        .ok_or_else(|| anyhow!("no login credentials"))?;
    let c = launch27::Client::builder()
        .base_url(sb.origin())
        .credentials(email, password.expose_secret())
        .build()?;
    let page = |request: launch27::ListCustomerBookings| {
        let c = c.clone();
        move || {
            let (c, request) = (c.clone(), request.clone());
            async move { c.customer_bookings().list_page(&request).await }
        }
    };
    let first = timed(page(launch27::ListCustomerBookings {
        limit: Some(100),
        ..Default::default()
    }))
    .await?;
    let deep = timed(page(launch27::ListCustomerBookings {
        limit: Some(100),
        offset: Some(99_900),
        ..Default::default()
    }))
    .await?;
    out.insert("launch27".into(), probe_json(first, deep, 100, N));
    drop(sb);
    Ok(Value::Object(out))
}

/// Milliseconds of the fastest of three calls (the first call also warms up).
async fn timed<T, F, Fut>(mut call: F) -> Result<f64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, resos::Error>>,
{
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        std::hint::black_box(call().await?);
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
    }
    Ok(best)
}

fn probe_json(first_ms: f64, deep_ms: f64, page: usize, items: usize) -> Value {
    json!({
        "first_page_ms": first_ms,
        "deep_page_ms": deep_ms,
        "deep_over_first": ratio(deep_ms, first_ms),
        "page_size": page,
        "items": items,
        "pages_for_1m": 1_000_000_usize.div_ceil(page),
    })
}
