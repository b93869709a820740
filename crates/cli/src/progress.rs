//! The progress line of long listings: after a listing has run for a second, a line on
//! stderr says how many items have arrived, refreshed four times a second and erased when
//! the listing ends. Only when stderr is a terminal (`std::io::IsTerminal`): piped or
//! redirected stderr gets nothing.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinHandle;

/// How long a listing runs before the line appears.
pub const DELAY: Duration = Duration::from_secs(1);
/// How often the line is refreshed.
pub const REFRESH: Duration = Duration::from_millis(250);

/// Where the line goes (stderr, or a buffer in tests).
pub type Sink = Arc<Mutex<dyn Write + Send>>;

/// A running progress line. Count items with [`Progress::add`]; [`Progress::finish`] erases
/// the line (if it was shown) and stops the refresh task.
pub struct Progress {
    count: Arc<AtomicU64>,
    shown: Arc<AtomicBool>,
    sink: Option<Sink>,
    task: Option<JoinHandle<()>>,
}

fn write_to(sink: &Sink, text: &str) {
    let mut w = match sink.lock() {
        Ok(w) => w,
        Err(poisoned) => poisoned.into_inner(),
    };
    // A progress line that cannot be written is not worth failing the listing for.
    let _ = w.write_all(text.as_bytes());
    let _ = w.flush();
}

impl Progress {
    /// A progress line for items called `what` (`bookings`), written to `sink` when
    /// `enabled`; when not, counting costs nothing and nothing is written. Must be called
    /// within a tokio runtime.
    pub fn start(what: &'static str, sink: Sink, enabled: bool) -> Progress {
        let count = Arc::new(AtomicU64::new(0));
        let shown = Arc::new(AtomicBool::new(false));
        if !enabled {
            return Progress {
                count,
                shown,
                sink: None,
                task: None,
            };
        }
        let task = {
            let (count, shown, sink) = (count.clone(), shown.clone(), sink.clone());
            tokio::spawn(async move {
                tokio::time::sleep(DELAY).await;
                let mut tick = tokio::time::interval(REFRESH);
                loop {
                    tick.tick().await;
                    let n = count.load(Ordering::Relaxed);
                    write_to(&sink, &format!("\r\x1b[2Klisting {what}… {n} so far"));
                    shown.store(true, Ordering::SeqCst);
                }
            })
        };
        Progress {
            count,
            shown,
            sink: Some(sink),
            task: Some(task),
        }
    }

    /// One more item arrived.
    pub fn add(&self) {
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Stops the line and erases it if it was shown.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if let Some(sink) = self.sink.take()
            && self.shown.load(Ordering::SeqCst)
        {
            write_to(&sink, "\r\x1b[2K");
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    fn buffer() -> (Arc<Mutex<Vec<u8>>>, Sink) {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink: Sink = buf.clone();
        (buf, sink)
    }

    fn text(buf: &Arc<Mutex<Vec<u8>>>) -> String {
        String::from_utf8(buf.lock().unwrap().clone()).unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn the_line_appears_after_a_second_and_is_erased_at_the_end() {
        let (buf, sink) = buffer();
        let progress = Progress::start("bookings", sink, true);
        progress.add();
        tokio::time::sleep(Duration::from_millis(900)).await;
        assert_eq!(text(&buf), "", "nothing before a second");
        for _ in 0..41 {
            progress.add();
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(text(&buf), "\r\x1b[2Klisting bookings… 42 so far");
        progress.add();
        tokio::time::sleep(REFRESH).await;
        assert!(text(&buf).ends_with("43 so far"), "{}", text(&buf));
        progress.finish();
        assert!(text(&buf).ends_with("\r\x1b[2K"), "erased");
    }

    #[tokio::test(start_paused = true)]
    async fn a_quick_listing_shows_nothing() {
        let (buf, sink) = buffer();
        let progress = Progress::start("bookings", sink, true);
        progress.add();
        tokio::time::sleep(Duration::from_millis(500)).await;
        progress.finish();
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert_eq!(text(&buf), "");
    }

    #[tokio::test(start_paused = true)]
    async fn disabled_writes_nothing() {
        let (buf, sink) = buffer();
        let progress = Progress::start("bookings", sink, false);
        progress.add();
        tokio::time::sleep(Duration::from_secs(5)).await;
        progress.finish();
        assert_eq!(text(&buf), "");
    }
}
