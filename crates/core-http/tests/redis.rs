//! Shared pacing through a real Redis (feature `redis`): several processes, one key.
//!
//! Redis comes from `BOOKBRIDGE_TEST_REDIS` (`redis://127.0.0.1:PORT`, set by `.ci/run`); when
//! it is unset, this binary starts `redis-server` itself on a free loopback port if the binary
//! exists. Only when neither works are the tests that need Redis reported as ignored, with a
//! message saying why (and under `CI` they fail instead). The tests of an unreachable Redis
//! need no server and always run.
//!
//! The second process is this test binary run again with `BOOKBRIDGE_REDIS_CHILD` set: its
//! `main` then plays one worker and exits.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use core_http::auth::Basic;
use core_http::pacing::{Pacing, RedisPacing, Unreachable};
use core_http::{Client, Error, RetryPolicy};
use libtest_mimic::{Arguments, Failed, Trial};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const CHILD: &str = "BOOKBRIDGE_REDIS_CHILD";
const LIMIT: u32 = 4;
const WINDOW: Duration = Duration::from_millis(500);
const PER_CHILD: usize = 10;
const API_KEY: &str = "shared-api-key";

fn main() {
    if let Ok(role) = std::env::var(CHILD) {
        std::process::exit(child(&role));
    }
    let args = Arguments::from_args();
    let redis = TestRedis::find();
    let url = redis.url.clone();
    let need = |name: &'static str, f: fn(&str) -> Result<(), Failed>| {
        let missing = url.is_none();
        let url = url.clone();
        Trial::test(name, move || match &url {
            Some(url) => f(url),
            None => Err("no Redis".into()),
        })
        .with_ignored_flag(missing)
    };
    let trials = vec![
        need(
            "two_processes_never_exceed_the_window_together",
            two_processes_never_exceed_the_window_together,
        ),
        need(
            "a_pause_ordered_through_one_process_is_honoured_by_the_other",
            a_pause_ordered_through_one_process_is_honoured_by_the_other,
        ),
        need(
            "a_resized_bucket_and_keys_without_the_credential",
            a_resized_bucket_and_keys_without_the_credential,
        ),
        Trial::test(
            "redis_that_never_answers_falls_back_to_in_process_pacing",
            redis_that_never_answers_falls_back_to_in_process_pacing,
        ),
        Trial::test(
            "redis_down_fails_the_request_when_configured",
            redis_down_fails_the_request_when_configured,
        ),
    ];
    let conclusion = libtest_mimic::run(&args, trials);
    drop(redis);
    conclusion.exit();
}

/// The Redis the tests use, and the server this binary started, if it started one.
struct TestRedis {
    url: Option<String>,
    server: Option<Child>,
}

impl TestRedis {
    fn find() -> TestRedis {
        if let Ok(url) = std::env::var("BOOKBRIDGE_TEST_REDIS") {
            return TestRedis {
                url: Some(url),
                server: None,
            };
        }
        eprintln!(
            "redis tests: BOOKBRIDGE_TEST_REDIS is unset; starting `redis-server` on loopback \
             for this run"
        );
        let port = free_port();
        let started = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let mut server = match started {
            Ok(server) => server,
            Err(e) => {
                let message = format!(
                    "redis tests SKIPPED: no Redis (BOOKBRIDGE_TEST_REDIS unset and \
                     `redis-server` cannot be started: {e}); install it with \
                     `apt-get install redis-server`"
                );
                assert!(std::env::var_os("CI").is_none(), "{message} (under CI)");
                eprintln!("{message}");
                return TestRedis {
                    url: None,
                    server: None,
                };
            }
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return TestRedis {
                    url: Some(format!("redis://127.0.0.1:{port}")),
                    server: Some(server),
                };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = server.kill();
        let _ = server.wait();
        panic!("redis-server started but does not accept connections on port {port}");
    }
}

impl Drop for TestRedis {
    fn drop(&mut self) {
        if let Some(server) = &mut self.server {
            let _ = server.kill();
            let _ = server.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A key prefix no other run or test shares.
fn unique_prefix(test: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("bbtest-{}-{nanos}-{test}", std::process::id())
}

fn unix_micros(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).unwrap().as_micros() as u64
}

/// A loopback HTTP/1.1 server that records when each request arrives (`/ok` answers 200,
/// `/limited` answers 429 with `Retry-After: 2`).
#[derive(Clone, Default)]
struct Recorder {
    arrivals: Arc<Mutex<Vec<(String, SystemTime)>>>,
}

impl Recorder {
    async fn start(&self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let me = self.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let me = me.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    loop {
                        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            let head = String::from_utf8_lossy(&buf[..end]).to_string();
                            buf.drain(..end + 4);
                            let path = head.split(' ').nth(1).unwrap_or("").to_owned();
                            me.arrivals
                                .lock()
                                .unwrap()
                                .push((path.clone(), SystemTime::now()));
                            let answer: &[u8] = if path == "/limited" {
                                b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 2\r\ncontent-length: 0\r\n\r\n"
                            } else {
                                b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
                            };
                            if socket.write_all(answer).await.is_err() {
                                return;
                            }
                        }
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                });
            }
        });
        format!("http://{addr}")
    }

    fn arrivals(&self, path: &str) -> Vec<SystemTime> {
        let mut out: Vec<SystemTime> = self
            .arrivals
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, t)| *t)
            .collect();
        out.sort();
        out
    }
}

/// The client every process builds: one API key, one fixed window, Redis shared.
fn shared_client(base: &str, redis: &str, prefix: &str) -> Client {
    Client::builder(base)
        .auth(Basic::api_key(API_KEY))
        .pacing(Pacing::fixed_window(LIMIT, WINDOW))
        .shared_pacing(
            RedisPacing::new(redis)
                .key_prefix(prefix)
                .on_unreachable(Unreachable::Fail),
        )
        .retry(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

fn spawn_child(role: &str, base: &str, redis: &str, prefix: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .env(CHILD, role)
        .env("BOOKBRIDGE_REDIS_CHILD_BASE", base)
        .env("BOOKBRIDGE_REDIS_CHILD_URL", redis)
        .env("BOOKBRIDGE_REDIS_CHILD_PREFIX", prefix)
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

/// Waits for the children, bounded: a hang fails the test instead of stalling it.
async fn wait_children(children: Vec<Child>) -> Result<(), Failed> {
    let waited = tokio::time::timeout(
        Duration::from_secs(60),
        tokio::task::spawn_blocking(move || {
            children
                .into_iter()
                .map(|mut c| c.wait().map(|s| s.success()).unwrap_or(false))
                .collect::<Vec<bool>>()
        }),
    )
    .await;
    match waited {
        Ok(Ok(ok)) if ok.iter().all(|o| *o) => Ok(()),
        Ok(Ok(ok)) => Err(format!("a child failed: {ok:?}").into()),
        Ok(Err(e)) => Err(format!("join: {e}").into()),
        Err(_) => Err("children did not finish within 60 s".into()),
    }
}

/// One worker process: `window` sends `PER_CHILD` requests from 3 tasks; `pause` sends one.
fn child(role: &str) -> i32 {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let base = var("BOOKBRIDGE_REDIS_CHILD_BASE");
    let redis = var("BOOKBRIDGE_REDIS_CHILD_URL");
    let prefix = var("BOOKBRIDGE_REDIS_CHILD_PREFIX");
    let result: Result<(), Error> = runtime().block_on(async move {
        let client = shared_client(&base, &redis, &prefix);
        match role {
            "window" => {
                let sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
                let tasks: Vec<_> = (0..3)
                    .map(|_| {
                        let client = client.clone();
                        let sent = sent.clone();
                        tokio::spawn(async move {
                            while sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < PER_CHILD
                            {
                                client.get("/ok").send_unit().await?;
                            }
                            Ok::<(), Error>(())
                        })
                    })
                    .collect();
                for task in tasks {
                    task.await.map_err(|e| Error::Config(e.to_string()))??;
                }
                Ok(())
            }
            "pause" => client.get("/ok").send_unit().await,
            other => Err(Error::Config(format!("unknown child role {other}"))),
        }
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("child {role}: {e}");
            1
        }
    }
}

fn two_processes_never_exceed_the_window_together(redis: &str) -> Result<(), Failed> {
    runtime().block_on(async {
        let recorder = Recorder::default();
        let base = recorder.start().await;
        let prefix = unique_prefix("window");
        let children = vec![
            spawn_child("window", &base, redis, &prefix),
            spawn_child("window", &base, redis, &prefix),
        ];
        wait_children(children).await?;
        let arrivals = recorder.arrivals("/ok");
        assert_eq!(arrivals.len(), 2 * PER_CHILD, "every request was sent");
        // The windows are Redis's: read the last boundary (Redis time, µs) and count the
        // arrivals in each window before it. Redis and this process read the same clock.
        let client = redis::Client::open(redis).unwrap();
        let mut conn = client.get_multiplexed_async_connection().await.unwrap();
        let key = format!(
            "{prefix}:http:{}:window",
            fingerprint(&Basic::api_key(API_KEY).header_value())
        );
        let boundary: u64 = redis::cmd("HGET")
            .arg(&key)
            .arg("b")
            .query_async(&mut conn)
            .await
            .unwrap();
        let window = WINDOW.as_micros() as u64;
        let mut per_window = std::collections::BTreeMap::<u64, u32>::new();
        for at in &arrivals {
            let at = unix_micros(*at);
            assert!(at < boundary, "arrival after the last boundary");
            *per_window.entry((boundary - at - 1) / window).or_default() += 1;
        }
        let counts: Vec<u32> = per_window.values().copied().collect();
        assert!(
            counts.iter().all(|c| *c <= LIMIT),
            "windows (newest first) {counts:?} exceed {LIMIT}"
        );
        // 20 requests at 4 per window: at least 5 windows, so pacing really worked across
        // the two processes (each alone would have used 3).
        assert!(per_window.len() >= 5, "{per_window:?}");
        Ok(())
    })
}

fn fingerprint(text: &str) -> String {
    use sha2::Digest;
    let mut hex = hex::encode(sha2::Sha256::digest(text.as_bytes()));
    hex.truncate(16);
    hex
}

fn a_pause_ordered_through_one_process_is_honoured_by_the_other(redis: &str) -> Result<(), Failed> {
    runtime().block_on(async {
        let recorder = Recorder::default();
        let base = recorder.start().await;
        let prefix = unique_prefix("pause");
        let client = shared_client(&base, redis, &prefix);
        let err = client.get("/limited").send_unit().await.unwrap_err();
        assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
        let ordered = recorder.arrivals("/limited");
        assert_eq!(ordered.len(), 1);
        wait_children(vec![spawn_child("pause", &base, redis, &prefix)]).await?;
        let other = recorder.arrivals("/ok");
        assert_eq!(other.len(), 1, "the other process sent its request");
        let waited = other[0].duration_since(ordered[0]).unwrap();
        assert!(
            waited >= Duration::from_secs(2),
            "the other process sent {waited:?} after the 429 with Retry-After: 2"
        );
        Ok(())
    })
}

fn a_resized_bucket_and_keys_without_the_credential(redis: &str) -> Result<(), Failed> {
    use core_http::pacing::{TokenBucket, TokenBuckets};
    runtime().block_on(async {
        let recorder = Recorder::default();
        let base = recorder.start().await;
        let prefix = unique_prefix("bucket");
        let read = TokenBucket::new(3, Duration::from_secs(30));
        let build = || {
            Client::builder(&base)
                .auth(Basic::api_key(API_KEY))
                .pacing(Pacing::token_buckets(TokenBuckets::new(
                    read.clone(),
                    TokenBucket::new(1, Duration::from_secs(30)),
                )))
                .shared_pacing(
                    RedisPacing::new(redis)
                        .key_prefix(&prefix)
                        .on_unreachable(Unreachable::Fail),
                )
                .build()
                .unwrap()
        };
        let (a, b) = (build(), build());
        for c in [&a, &b, &a] {
            c.get("/ok").send_unit().await.unwrap();
        }
        // Two clients with separate in-process state share Redis's bucket: the fourth read
        // waits about 30 s, so it must not finish within 2 s.
        let fourth = tokio::time::timeout(Duration::from_secs(2), b.get("/ok").send_unit()).await;
        assert!(fourth.is_err(), "the shared bucket of 3 was empty");
        // A bigger bucket from the vendor's headers is a bigger bucket in Redis too.
        read.set(Some(5), None);
        tokio::time::timeout(Duration::from_secs(10), b.get("/ok").send_unit())
            .await
            .expect("a token of the resized bucket")
            .unwrap();
        // The keys name the vendor and a hash, never the key itself.
        let client = redis::Client::open(redis).unwrap();
        let mut conn = client.get_multiplexed_async_connection().await.unwrap();
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("{prefix}:*"))
            .query_async(&mut conn)
            .await
            .unwrap();
        assert!(!keys.is_empty());
        for key in &keys {
            assert!(!key.contains(API_KEY), "{key}");
            assert!(key.starts_with(&format!("{prefix}:http:")), "{key}");
            let ttl: i64 = redis::cmd("PTTL")
                .arg(key)
                .query_async(&mut conn)
                .await
                .unwrap();
            assert!(ttl > 0, "{key} expires on its own ({ttl})");
        }
        Ok(())
    })
}

/// A loopback listener that accepts connections and never answers.
fn silent_listener() -> (std::net::TcpListener, u16) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

/// Collects what `tracing` writes.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn redis_that_never_answers_falls_back_to_in_process_pacing() -> Result<(), Failed> {
    let (_silent, port) = silent_listener();
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    runtime().block_on(async {
        let server = httpmock::MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.path("/ok");
                then.status(200);
            })
            .await;
        let client = Client::builder(server.base_url())
            .pacing(Pacing::fixed_window(2, Duration::from_secs(60)))
            .shared_pacing(RedisPacing::new(format!("redis://127.0.0.1:{port}")))
            .build()
            .unwrap();
        assert!(client.pacing().is_shared());
        assert_eq!(client.pacing().window().unwrap().next_boundary(), None);
        // Bounded: the connect timeout (500 ms by default) ends the wait for Redis.
        let sent = tokio::time::timeout(Duration::from_secs(10), async {
            for _ in 0..2 {
                client.get("/ok").send_unit().await.unwrap();
            }
        })
        .await;
        assert!(sent.is_ok(), "a silent Redis must not hang the client");
        assert_eq!(mock.calls_async().await, 2);
        // In-process pacing took over: its window counted the two requests, and the third
        // waits for that window's end (a minute away).
        assert!(client.pacing().window().unwrap().next_boundary().is_some());
        let third =
            tokio::time::timeout(Duration::from_secs(1), client.get("/ok").send_unit()).await;
        assert!(third.is_err(), "the in-process window of 2 is full");
        assert_eq!(mock.calls_async().await, 2);
        // One warning for the outage (not one per request), without the URL.
        let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
        let warning = "shared pacing: Redis unreachable, pacing in this process only";
        assert_eq!(logs.matches(warning).count(), 1, "{logs}");
        assert!(logs.contains("WARN"), "{logs}");
        assert!(!logs.contains(&format!("127.0.0.1:{port}")), "{logs}");
        Ok(())
    })
}

fn redis_down_fails_the_request_when_configured() -> Result<(), Failed> {
    let port = free_port(); // nothing listens there any more
    runtime().block_on(async {
        let server = httpmock::MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.path("/ok");
                then.status(200);
            })
            .await;
        let client = Client::builder(server.base_url())
            .pacing(Pacing::fixed_window(2, Duration::from_secs(60)))
            .shared_pacing(
                RedisPacing::new(format!("redis://127.0.0.1:{port}"))
                    .on_unreachable(Unreachable::Fail),
            )
            .build()
            .unwrap();
        for _ in 0..2 {
            let result =
                tokio::time::timeout(Duration::from_secs(10), client.get("/ok").send_unit())
                    .await
                    .expect("bounded");
            let err = result.unwrap_err();
            assert!(matches!(err, Error::PacingUnavailable { .. }), "{err:?}");
            assert!(err.is_retryable());
        }
        assert_eq!(mock.calls_async().await, 0, "nothing was sent");
        Ok(())
    })
}
