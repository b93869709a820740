//! Capturing `tracing` output for `cargo xtask scan-secrets`.
//!
//! When [`TRACE_DIR_ENV`] names a directory, [`capture`] runs a closure under a TRACE-level
//! subscriber (every span and event, span closes included, no colours) and writes what it
//! logged to `<dir>/<name>.log`; otherwise it only runs the closure. The contract suite
//! captures every fixture case this way (`<vendor>/<fixture>.log`), so the scan reads what the
//! clients log for every exchange of every fixture.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The environment variable naming the directory that captured traces are written to.
pub const TRACE_DIR_ENV: &str = "BOOKBRIDGE_TRACE_DIR";

/// The trace directory, when [`TRACE_DIR_ENV`] is set (and not empty).
pub fn trace_dir() -> Option<PathBuf> {
    std::env::var_os(TRACE_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Writes `logs` to `<trace dir>/<name>.log` when the trace directory is set. `name` may hold
/// `/` for subfolders; other characters outside `[A-Za-z0-9._-]` become `_`. Errors are
/// reported on stderr, never fatal: capturing must not change a test's outcome.
pub fn write(name: &str, logs: &str) {
    let Some(dir) = trace_dir() else { return };
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut path = clean
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .fold(dir, |p, seg| p.join(seg))
        .into_os_string();
    path.push(".log");
    let path = PathBuf::from(path);
    let result = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, logs));
    if let Err(e) = result {
        eprintln!("trace capture: cannot write {}: {e}", path.display());
    }
}

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `f`, capturing its `tracing` output into `<trace dir>/<name>.log` when the trace
/// directory is set (see the module docs).
pub fn capture<R>(name: &str, f: impl FnOnce() -> R) -> R {
    if trace_dir().is_none() {
        return f();
    }
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let out = tracing::subscriber::with_default(subscriber, f);
    let logs =
        String::from_utf8_lossy(&buffer.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned();
    write(name, &logs);
    out
}
