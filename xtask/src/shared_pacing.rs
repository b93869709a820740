//! `cargo xtask bench shared-pacing`: N worker processes on one credential against the
//! sandbox's resOS, Launch27 and Resource Guru limits (windows scaled), pacing through Redis
//! (`shared`) and each in its own process (`in-process`). The roles run in the `bench`
//! binary (`crates/bench/src/shared_pacing.rs`); this driver starts Redis when none is
//! given, the sandbox, the workers, and prints one line per vendor and mode:
//!
//! `shared resos: rate/limit 0.99 429s 0 (...)`
//!
//! `rate/limit` is the requests that succeeded divided by what the vendor's limit allows in
//! the run's time (window vendors: limit × run / window; Launch27: the read burst plus one
//! per refill interval); `429s` counts the refusals the workers received (their retries are
//! off, so every refusal is seen). Numbers never fail the task.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use crate::TaskResult;

/// Options of `cargo xtask bench shared-pacing`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Worker processes per vendor and mode.
    #[arg(long, default_value_t = 8)]
    workers: u32,
    /// Window scale of the sandbox and the clients (0.01: 60 s windows become 600 ms).
    #[arg(long, default_value_t = 0.01)]
    scale: f64,
    /// Seconds each run sends requests.
    #[arg(long, default_value_t = 6.0)]
    seconds: f64,
    /// Redis URL (default: `BOOKBRIDGE_TEST_REDIS`, else a `redis-server` started on a free
    /// loopback port for the run).
    #[arg(long)]
    redis: Option<String>,
    /// Only these vendors (`resos`, `launch27`, `resource-guru`; default all three).
    #[arg(long)]
    vendor: Vec<String>,
}

const VENDORS: [&str; 3] = ["resos", "launch27", "resource-guru"];

/// A `redis-server` this task started, stopped on drop.
struct OwnRedis(Child);

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_redis() -> Result<(String, OwnRedis)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let child = Command::new("redis-server")
        .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
        .args(["--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting redis-server (apt-get install redis-server, or pass --redis)")?;
    let own = OwnRedis(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok((format!("redis://127.0.0.1:{port}"), own));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("redis-server does not accept connections on port {port}")
}

/// Builds `bench` with `--release` and returns the binary's path.
fn build_bench(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--quiet", "--package", "bench"])
        .args(["--message-format", "json-render-diagnostics"])
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo build")?;
    if !output.status.success() {
        bail!("building bench failed");
    }
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let text = |pointer: &str| message.pointer(pointer).and_then(|v| v.as_str());
        if text("/reason") == Some("compiler-artifact")
            && text("/target/name") == Some("bench")
            && let Some(exe) = text("/executable")
        {
            return Ok(PathBuf::from(exe));
        }
    }
    bail!("cargo did not name the bench executable")
}

/// Requests the vendor's limit allows in `seconds` at `scale`.
fn allowed(vendor: &str, scale: f64, seconds: f64) -> f64 {
    let window = 60.0 * scale;
    match vendor {
        "resos" => 100.0 * seconds / window,
        "resource-guru" => 200.0 * seconds / window,
        // read bucket: 30 at once, then one per 500 ms (scaled)
        _ => 30.0 + seconds / (0.5 * scale),
    }
}

#[derive(Debug, Default)]
struct Totals {
    ok: u64,
    limited: u64,
    errors: u64,
}

fn parse_worker(out: &str, totals: &mut Totals) -> Result<()> {
    let words: Vec<&str> = out.split_whitespace().collect();
    let number = |name: &str| -> Result<u64> {
        let at = words
            .iter()
            .position(|w| *w == name)
            .with_context(|| format!("worker output without `{name}`: {out}"))?;
        Ok(words.get(at + 1).context("truncated")?.parse()?)
    };
    totals.ok += number("ok")?;
    totals.limited += number("429")?;
    totals.errors += number("errors")?;
    Ok(())
}

fn measure(
    bench: &Path,
    vendor: &str,
    mode: &str,
    redis: &str,
    options: &Options,
) -> Result<Totals> {
    let scale = options.scale.to_string();
    let mut serve = Command::new(bench)
        .args(["shared-pacing-serve", "--vendor", vendor, "--scale", &scale])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the sandbox")?;
    let mut line = String::new();
    BufReader::new(serve.stdout.take().context("sandbox stdout")?).read_line(&mut line)?;
    if line.trim().is_empty() {
        let _ = serve.kill();
        bail!("the sandbox printed nothing");
    }
    let start_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)?
        .saturating_add(Duration::from_millis(1500));
    let prefix = format!(
        "bookbridge-bench-{}-{}-{vendor}-{mode}",
        std::process::id(),
        start_at.as_millis()
    );
    let workers: Vec<Child> = (0..options.workers)
        .map(|_| {
            Command::new(bench)
                .args(["shared-pacing-worker", "--vendor", vendor, "--mode", mode])
                .args(["--redis", redis, "--prefix", &prefix, "--scale", &scale])
                .args(["--start-at", &start_at.as_millis().to_string()])
                .args(["--seconds", &options.seconds.to_string()])
                .args(["--sandbox", line.trim()])
                .stdout(Stdio::piped())
                .spawn()
                .context("starting a worker")
        })
        .collect::<Result<_>>()?;
    let mut totals = Totals::default();
    for mut worker in workers {
        let mut out = String::new();
        if let Some(mut stdout) = worker.stdout.take() {
            stdout.read_to_string(&mut out)?;
        }
        let status = worker.wait()?;
        if !status.success() {
            bail!("a worker failed: {out}");
        }
        parse_worker(&out, &mut totals)?;
    }
    drop(serve.stdin.take());
    serve.wait()?;
    Ok(totals)
}

/// Runs the benchmark.
pub fn run(root: &Path, options: &Options) -> TaskResult {
    let bench = build_bench(root)?;
    let mut _own = None;
    let redis = match options
        .redis
        .clone()
        .or_else(|| std::env::var("BOOKBRIDGE_TEST_REDIS").ok())
    {
        Some(url) => url,
        None => {
            let (url, own) = start_redis()?;
            _own = Some(own);
            url
        }
    };
    let vendors: Vec<&str> = if options.vendor.is_empty() {
        VENDORS.to_vec()
    } else {
        options.vendor.iter().map(String::as_str).collect()
    };
    println!(
        "shared pacing: {} worker processes per run, one credential, windows × {}, {} s per run",
        options.workers, options.scale, options.seconds
    );
    for vendor in vendors {
        if !VENDORS.contains(&vendor) {
            bail!("unknown vendor {vendor} (resos, launch27, resource-guru)");
        }
        for (mode, label) in [("shared", "shared"), ("in-process", "in-process")] {
            let t = measure(&bench, vendor, mode, &redis, options)?;
            let limit = allowed(vendor, options.scale, options.seconds);
            println!(
                "{label} {vendor}: rate/limit {:.3} 429s {} (ok {} of {:.0} allowed, other errors {})",
                t.ok as f64 / limit,
                t.limited,
                t.ok,
                limit,
                t.errors
            );
        }
    }
    Ok(true)
}
