//! A Resource Guru webhook receiver (axum) that verifies signatures and refuses replays.
//!
//! ```sh
//! RESOURCE_GURU_WEBHOOK_SECRET=... cargo run -p resource-guru --example webhook_receiver
//! # listens on 127.0.0.1:3000 (or $PORT), POST /hooks/resource-guru
//! ```
//!
//! Every delivery goes through [`Receiver::handle`]:
//!
//! 1. the `X-ResourceGuru-Signature` header must be the HMAC-SHA256 of the **raw** body with
//!    the webhook's secret (checked in constant time, before the body is parsed):
//!    otherwise `401 Unauthorized`; a signed body that is not a delivery is `400 Bad Request`;
//! 2. the delivery's `timestamp` must be within [`Receiver::tolerance`] of now (default
//!    [`DEFAULT_TOLERANCE`]): a captured delivery re-sent later is refused with `401`.
//!    Resource Guru retries a failed delivery with its original timestamp, so a retry later
//!    than the tolerance is refused too; re-send such payloads from the payloads API;
//! 3. a delivery whose payload `id` (unique per payload) was already accepted is a replay or a
//!    retry of something already handled: it is answered `200 OK` without being handled
//!    again (a non-2xx answer would make Resource Guru retry it, up to 100 times, then stop
//!    the webhook). The last [`SEEN_CAPACITY`] ids are remembered, in memory: a restarted or
//!    a second process does not know them (use a shared store in production);
//! 4. otherwise the delivery is handled and answered `204 No Content`.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use resource_guru::jiff::Timestamp;
use resource_guru::{Delivery, SignatureError, verify_delivery};

/// How far a delivery's timestamp may be from now.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(30 * 60);

/// How many accepted payload ids are remembered to refuse replays.
pub const SEEN_CAPACITY: usize = 10_000;

/// What became of a delivery.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Verified, fresh and new: handled (`204`).
    Accepted(Box<Delivery>),
    /// Verified, but its payload id was accepted before: not handled again (`200`).
    Replayed(u64),
    /// Refused: bad or missing signature, or a stale timestamp (`401`), or a signed body that
    /// is not a delivery (`400`).
    Refused(SignatureError),
}

impl Outcome {
    /// The HTTP status answered for this outcome.
    pub fn status(&self) -> StatusCode {
        match self {
            Outcome::Accepted(_) => StatusCode::NO_CONTENT,
            Outcome::Replayed(_) => StatusCode::OK,
            Outcome::Refused(SignatureError::Body(_)) => StatusCode::BAD_REQUEST,
            Outcome::Refused(_) => StatusCode::UNAUTHORIZED,
        }
    }
}

/// The accepted payload ids, oldest first, bounded.
#[derive(Default)]
struct Seen {
    ids: HashSet<u64>,
    order: VecDeque<u64>,
}

impl Seen {
    /// Records `id`; `false` when it was already there.
    fn insert(&mut self, id: u64, capacity: usize) -> bool {
        if !self.ids.insert(id) {
            return false;
        }
        self.order.push_back(id);
        while self.order.len() > capacity {
            if let Some(old) = self.order.pop_front() {
                self.ids.remove(&old);
            }
        }
        true
    }
}

/// The receiver's state: the webhook secret, the tolerance and the ids seen.
pub struct Receiver {
    secret: String,
    /// How far a delivery's timestamp may be from now.
    pub tolerance: Duration,
    /// How many payload ids are remembered.
    pub capacity: usize,
    seen: Mutex<Seen>,
}

impl Receiver {
    /// A receiver for the webhook with this signing secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Receiver {
            secret: secret.into(),
            tolerance: DEFAULT_TOLERANCE,
            capacity: SEEN_CAPACITY,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Verifies one delivery (its request headers and raw body) at time `now`.
    pub fn handle(&self, headers: &HeaderMap, body: &[u8], now: Timestamp) -> Outcome {
        let delivery =
            match verify_delivery(&self.secret, body, headers, Some((now, self.tolerance))) {
                Ok(delivery) => delivery,
                Err(e) => return Outcome::Refused(e),
            };
        if let Some(id) = delivery.id {
            let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
            if !seen.insert(id, self.capacity) {
                return Outcome::Replayed(id);
            }
        }
        Outcome::Accepted(Box::new(delivery))
    }
}

/// The axum handler: [`Receiver::handle`] at the current time, then the delivery's work.
async fn resource_guru_webhook(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let outcome = receiver.handle(&headers, &body, Timestamp::now());
    match &outcome {
        // Your work goes here (enqueue it; answer fast).
        Outcome::Accepted(d) => println!(
            "delivery {:?}: {:?} of {:?} {:?}",
            d.id, d.payload.action, d.payload.kind, d.payload.id
        ),
        Outcome::Replayed(id) => println!("delivery {id}: already handled"),
        // Never log the body or headers of a refused delivery: they may carry the key header.
        Outcome::Refused(e) => println!("refused a delivery: {e}"),
    }
    outcome.status()
}

/// The app: `POST /hooks/resource-guru`.
pub fn app(receiver: Arc<Receiver>) -> Router {
    Router::new()
        .route("/hooks/resource-guru", post(resource_guru_webhook))
        .with_state(receiver)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("RESOURCE_GURU_WEBHOOK_SECRET")
        .map_err(|_| "set RESOURCE_GURU_WEBHOOK_SECRET to the webhook's secret")?;
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "listening on http://{}/hooks/resource-guru",
        listener.local_addr()?
    );
    axum::serve(listener, app(Arc::new(Receiver::new(secret)))).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    const SECRET: &str = "test-webhook-secret";

    fn now() -> Timestamp {
        Timestamp::from_second(1_715_590_800).unwrap()
    }

    fn body(id: u64, timestamp: i64) -> Vec<u8> {
        format!(
            r#"{{"id":{id},"timestamp":{timestamp},"payload":{{"action":"create","type":"booking","id":7}}}}"#
        )
        .into_bytes()
    }

    fn signed(body: &[u8], secret: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-resourceguru-signature",
            resource_guru::sign(secret, body).parse().unwrap(),
        );
        headers
    }

    #[test]
    fn a_fresh_signed_delivery_is_accepted_once_then_a_replay_is_not_handled() {
        let rx = Receiver::new(SECRET);
        let b = body(1, now().as_second() - 5);
        let first = rx.handle(&signed(&b, SECRET), &b, now());
        assert!(
            matches!(&first, Outcome::Accepted(d) if d.id == Some(1)),
            "{first:?}"
        );
        assert_eq!(first.status(), StatusCode::NO_CONTENT);
        let again = rx.handle(&signed(&b, SECRET), &b, now());
        assert_eq!(again, Outcome::Replayed(1));
        assert_eq!(again.status(), StatusCode::OK);
    }

    #[test]
    fn bad_signatures_and_stale_deliveries_are_refused() {
        let rx = Receiver::new(SECRET);
        let b = body(2, now().as_second());
        let wrong = rx.handle(&signed(&b, "another-secret"), &b, now());
        assert_eq!(wrong, Outcome::Refused(SignatureError::Mismatch));
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        let missing = rx.handle(&HeaderMap::new(), &b, now());
        assert_eq!(missing, Outcome::Refused(SignatureError::Missing));
        // A tampered body with the original signature.
        let tampered = body(2, now().as_second() + 1);
        let out = rx.handle(&signed(&b, SECRET), &tampered, now());
        assert_eq!(out, Outcome::Refused(SignatureError::Mismatch));
        // Correctly signed, but captured and re-sent an hour later.
        let old = body(3, now().as_second() - 3600);
        let out = rx.handle(&signed(&old, SECRET), &old, now());
        assert!(
            matches!(out, Outcome::Refused(SignatureError::Stale(_))),
            "{out:?}"
        );
        assert_eq!(out.status(), StatusCode::UNAUTHORIZED);
        // A refused delivery is not remembered: the genuine one still goes through.
        let out = rx.handle(&signed(&b, SECRET), &b, now());
        assert!(matches!(out, Outcome::Accepted(_)), "{out:?}");
        // Signed garbage.
        let junk = b"not json";
        let out = rx.handle(&signed(junk, SECRET), junk, now());
        assert_eq!(out.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn the_remembered_ids_are_bounded() {
        let mut rx = Receiver::new(SECRET);
        rx.capacity = 2;
        for id in [10, 11, 12] {
            let b = body(id, now().as_second());
            assert!(matches!(
                rx.handle(&signed(&b, SECRET), &b, now()),
                Outcome::Accepted(_)
            ));
        }
        let b = body(12, now().as_second());
        assert_eq!(
            rx.handle(&signed(&b, SECRET), &b, now()),
            Outcome::Replayed(12)
        );
        // 10 was forgotten (capacity 2).
        let b = body(10, now().as_second());
        assert!(matches!(
            rx.handle(&signed(&b, SECRET), &b, now()),
            Outcome::Accepted(_)
        ));
    }

    #[tokio::test]
    async fn the_axum_handler_answers_with_the_outcome_status() {
        let rx = Arc::new(Receiver::new(SECRET));
        let b = body(20, Timestamp::now().as_second());
        let status = resource_guru_webhook(
            State(rx.clone()),
            signed(&b, SECRET),
            Bytes::from(b.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let status =
            resource_guru_webhook(State(rx.clone()), signed(&b, SECRET), Bytes::from(b)).await;
        assert_eq!(status, StatusCode::OK);
        let status =
            resource_guru_webhook(State(rx), HeaderMap::new(), Bytes::from_static(b"{}")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let _ = app(Arc::new(Receiver::new(SECRET)));
    }
}
