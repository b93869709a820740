//! The two roles behind `cargo xtask bench shared-pacing` (the driver is
//! `xtask/src/shared_pacing.rs`): many worker processes on one credential against the
//! sandbox's resOS, Launch27 and Resource Guru limits, pacing through Redis or each in its
//! own process.
//!
//! - `bench shared-pacing-serve --vendor V --scale S`: starts the sandbox of `V` with its
//!   windows scaled by `S`, prints one JSON line (`base_url`, `origin`, the sandbox's test
//!   credentials, the scaled limit), and serves until its standard input closes.
//! - `bench shared-pacing-worker --vendor V --mode shared|in-process ...`: one client with
//!   the vendor's default pacing (windows scaled like the sandbox's), retries off so every
//!   429 is seen; from `--start-at` (Unix ms, the same for every worker) it lists bookings
//!   for `--seconds`, then prints `ok <n> 429 <n> errors <n>`.

use std::io::{BufRead, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use secrecy::ExposeSecret;

/// The vendors measured.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum BenchVendor {
    /// resOS: 100 requests per fixed window of 60 s (scaled).
    Resos,
    /// Launch27: read bucket of 30, one token per 500 ms (scaled).
    Launch27,
    /// Resource Guru: 200 requests per fixed window of 60 s (scaled).
    ResourceGuru,
}

/// Where the pacing state lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    /// Redis shared by every worker.
    Shared,
    /// Each worker paces in its own process.
    InProcess,
}

/// `shared-pacing-serve` options.
#[derive(Debug, Args)]
pub struct ServeOptions {
    /// The vendor to fake.
    #[arg(long, value_enum)]
    vendor: BenchVendor,
    /// Window scale (0.01: resOS's 60 s window becomes 600 ms).
    #[arg(long, default_value_t = 0.01)]
    scale: f64,
}

/// `shared-pacing-worker` options.
#[derive(Debug, Args)]
pub struct WorkerOptions {
    /// The vendor.
    #[arg(long, value_enum)]
    vendor: BenchVendor,
    /// Shared (Redis) or in-process pacing.
    #[arg(long, value_enum)]
    mode: Mode,
    /// Redis URL (shared mode).
    #[arg(long, default_value = "")]
    redis: String,
    /// Key prefix in Redis (one per run, so runs do not share state).
    #[arg(long, default_value = "bookbridge-bench")]
    prefix: String,
    /// Window scale, the sandbox's.
    #[arg(long, default_value_t = 0.01)]
    scale: f64,
    /// Start time, Unix milliseconds (the same for every worker).
    #[arg(long)]
    start_at: u64,
    /// How long to send requests.
    #[arg(long, default_value_t = 6.0)]
    seconds: f64,
    /// The JSON line printed by `shared-pacing-serve`.
    #[arg(long)]
    sandbox: String,
}

fn vendor_of(v: BenchVendor) -> sandbox::Vendor {
    match v {
        BenchVendor::Resos => sandbox::Vendor::Resos,
        BenchVendor::Launch27 => sandbox::Vendor::Launch27,
        BenchVendor::ResourceGuru => sandbox::Vendor::ResourceGuru,
    }
}

/// Starts the sandbox, prints its line, serves until stdin closes.
pub fn serve(options: &ServeOptions) -> Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let sandbox = sandbox::Sandbox::start(
            vendor_of(options.vendor),
            sandbox::SandboxOptions::default().window_scale(options.scale),
        )
        .await
        .map_err(|e| anyhow::anyhow!("sandbox: {e}"))?;
        let creds = sandbox.credentials();
        let mut line = serde_json::Map::new();
        let mut put = |name: &str, value: &str| {
            line.insert(name.to_owned(), serde_json::Value::from(value));
        };
        put("base_url", &sandbox.base_url());
        put("origin", &sandbox.origin());
        if let Some(key) = creds.api_key() {
            put("api_key", key.expose_secret());
        }
        if let Some((email, password)) = creds.login() {
            put("email", email);
            put("password", password.expose_secret());
        }
        if let Some(o) = creds.oauth() {
            put("account", &o.account);
            put("client_id", &o.client_id);
            put("client_secret", o.client_secret.expose_secret());
            put("username", &o.username);
            put("user_password", o.password.expose_secret());
        }
        let line = serde_json::Value::Object(line);
        let mut out = std::io::stdout().lock();
        writeln!(out, "{line}")?;
        out.flush()?;
        drop(out);
        // Serve until the driver closes our stdin.
        tokio::task::spawn_blocking(|| {
            let stdin = std::io::stdin();
            for l in stdin.lock().lines() {
                if l.is_err() {
                    break;
                }
            }
        })
        .await?;
        sandbox.shutdown().await;
        Ok(())
    })
}

fn field<'a>(line: &'a serde_json::Value, name: &str) -> Result<&'a str> {
    line.get(name)
        .and_then(|v| v.as_str())
        .with_context(|| format!("sandbox line without `{name}`"))
}

/// What a worker saw.
#[derive(Debug, Default)]
struct Counts {
    ok: u64,
    limited: u64,
    errors: u64,
    first_error: Option<String>,
}

impl Counts {
    fn record<T, E: std::fmt::Display + StatusOf>(&mut self, result: std::result::Result<T, E>) {
        match result {
            Ok(_) => self.ok += 1,
            Err(e) if e.status_of() == Some(429) => self.limited += 1,
            Err(e) => {
                self.errors += 1;
                if self.first_error.is_none() {
                    self.first_error = Some(e.to_string());
                }
            }
        }
    }
}

/// The HTTP status of a vendor error.
trait StatusOf {
    fn status_of(&self) -> Option<u16>;
}

impl StatusOf for resos::Error {
    fn status_of(&self) -> Option<u16> {
        self.status()
    }
}

/// One worker: one client, requests in a loop from `start_at` for `seconds`.
pub fn worker(options: &WorkerOptions) -> Result<()> {
    let line: serde_json::Value =
        serde_json::from_str(&options.sandbox).context("the sandbox line")?;
    let scale = options.scale;
    let window = Duration::from_secs(60).mul_f64(scale);
    let shared = || resos::RedisPacing::new(options.redis.clone()).key_prefix(&options.prefix);
    if options.mode == Mode::Shared && options.redis.is_empty() {
        bail!("shared mode needs --redis");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let start = UNIX_EPOCH
        .checked_add(Duration::from_millis(options.start_at))
        .ok_or_else(|| anyhow::anyhow!("--start-at is out of range"))?;
    let run_for = Duration::try_from_secs_f64(options.seconds)
        .map_err(|e| anyhow::anyhow!("--seconds: {e}"))?;
    let counts = runtime.block_on(async {
        let wait_start = || async {
            if let Ok(wait) = start.duration_since(SystemTime::now()) {
                tokio::time::sleep(wait).await;
            }
        };
        let running = || SystemTime::now() < start + run_for;
        let mut counts = Counts::default();
        match options.vendor {
            BenchVendor::Resos => {
                let mut b = resos::Client::builder()
                    .api_key(field(&line, "api_key")?)
                    .base_url(field(&line, "base_url")?)
                    .rate_limit_window(window)
                    .retry(resos::RetryPolicy::never());
                if options.mode == Mode::Shared {
                    b = b.shared_pacing(shared());
                }
                let client = b.build()?;
                let request = resos::ListBookings::new().limit(1);
                wait_start().await;
                while running() {
                    counts.record(client.bookings().list_page(&request).await);
                }
            }
            BenchVendor::Launch27 => {
                let interval = Duration::from_millis(500).mul_f64(scale);
                let mut b = launch27::Client::builder()
                    .base_url(field(&line, "origin")?)
                    .credentials(field(&line, "email")?, field(&line, "password")?)
                    .rate_limits(launch27::RateLimits {
                        read_interval: interval,
                        write_interval: interval,
                        ..launch27::RateLimits::default()
                    })
                    .retry(launch27::RetryPolicy::never());
                if options.mode == Mode::Shared {
                    b = b.shared_pacing(shared());
                }
                let client = b.build()?;
                let request = launch27::ListCustomerBookings::default();
                wait_start().await;
                while running() {
                    counts.record(client.customer_bookings().list_page(&request).await);
                }
            }
            BenchVendor::ResourceGuru => {
                let oauth = resource_guru::OAuth::password(
                    field(&line, "client_id")?,
                    field(&line, "client_secret")?,
                    field(&line, "username")?,
                    field(&line, "user_password")?,
                );
                let mut b = resource_guru::Client::builder(field(&line, "account")?)
                    .base_url(field(&line, "base_url")?)
                    .oauth(oauth)
                    .rate_limit_window(window)
                    .retry(resource_guru::RetryPolicy::never());
                if options.mode == Mode::Shared {
                    b = b.shared_pacing(shared());
                }
                let client = b.build()?;
                let request = resource_guru::ListBookings::new().limit(1_u32);
                wait_start().await;
                while running() {
                    counts.record(client.bookings().list_page(&request).await);
                }
            }
        }
        Ok::<Counts, anyhow::Error>(counts)
    })?;
    println!(
        "ok {} 429 {} errors {}",
        counts.ok, counts.limited, counts.errors
    );
    if let Some(e) = counts.first_error {
        eprintln!("worker: first error: {e}");
    }
    Ok(())
}
