//! Raw TCP control for the fault plan: the sandbox's listener hands every connection to
//! axum wrapped in a [`FaultIo`], and the fault layer reaches that wrapper through the
//! request's [`ConnectInfo<Conn>`](axum::extract::ConnectInfo) to cut the connection with a
//! TCP reset (`RST`, not a clean `FIN`), either before any byte of the response or after the
//! response head and a given number of body bytes.
//!
//! axum cannot do this on its own: a response body that fails makes hyper close the
//! connection, which sends a `FIN` after whatever was buffered, and nothing in axum sets
//! `SO_LINGER`. The wrapper does both: it lets exactly the allowed bytes through, then sets a
//! zero linger on the socket and fails the next write, so hyper drops the connection and the
//! kernel answers with a reset. Without an armed cut it only forwards (one uncontended lock
//! per write).

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// The end of an HTTP/1 response head.
const HEAD_END: &[u8; 4] = b"\r\n\r\n";

/// What the connection does with the next bytes written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Cut {
    /// Forward everything.
    #[default]
    Off,
    /// Reset on the next write: no byte of the response leaves.
    Now,
    /// Let the head through (up to the blank line), then `body` bytes, then reset.
    /// `matched` counts the bytes of `\r\n\r\n` seen so far.
    AfterBody {
        body: usize,
        head_done: bool,
        matched: u8,
    },
    /// The connection was reset; every further write fails.
    Reset,
}

impl Cut {
    /// How many bytes of `buf` may be written, and the state after writing them.
    fn plan(self, buf: &[u8]) -> (usize, Cut) {
        let Cut::AfterBody {
            mut body,
            mut head_done,
            mut matched,
        } = self
        else {
            return match self {
                Cut::Off => (buf.len(), Cut::Off),
                other => (0, other),
            };
        };
        let mut allowed = 0;
        for &byte in buf {
            if head_done {
                if body == 0 {
                    break;
                }
                body -= 1;
            } else {
                let want = HEAD_END.get(usize::from(matched)).copied();
                matched = if want == Some(byte) {
                    matched.saturating_add(1)
                } else if byte == b'\r' {
                    1
                } else {
                    0
                };
                if usize::from(matched) == HEAD_END.len() {
                    head_done = true;
                }
            }
            allowed += 1;
        }
        (
            allowed,
            Cut::AfterBody {
                body,
                head_done,
                matched,
            },
        )
    }
}

/// A connection's handle for the fault layer (the `ConnectInfo` of every request).
#[derive(Clone, Debug, Default)]
pub(crate) struct Conn(Arc<Mutex<Cut>>);

impl Conn {
    fn cut(&self) -> MutexGuard<'_, Cut> {
        match self.0.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Forgets a cut that has not happened (a new request on the connection).
    pub(crate) fn disarm(&self) {
        let mut cut = self.cut();
        if *cut != Cut::Reset {
            *cut = Cut::Off;
        }
    }

    /// Resets the connection before any byte of the response is written.
    pub(crate) fn reset_before_response(&self) {
        *self.cut() = Cut::Now;
    }

    /// Resets the connection after the response head and `body` bytes of its body.
    pub(crate) fn reset_after_body_bytes(&self, body: usize) {
        *self.cut() = Cut::AfterBody {
            body,
            head_done: false,
            matched: 0,
        };
    }
}

impl Connected<IncomingStream<'_, FaultListener>> for Conn {
    fn connect_info(stream: IncomingStream<'_, FaultListener>) -> Self {
        stream.io().conn.clone()
    }
}

/// The sandbox's listener: a loopback [`TcpListener`] whose connections are [`FaultIo`]s.
pub(crate) struct FaultListener(pub(crate) TcpListener);

impl Listener for FaultListener {
    type Io = FaultIo;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.0.accept().await {
                Ok((inner, addr)) => {
                    let _ = inner.set_nodelay(true);
                    let io = FaultIo {
                        inner,
                        conn: Conn::default(),
                    };
                    return (io, addr);
                }
                // Out of descriptors or a connection that died in the backlog: wait a
                // little and go on, as axum's own listener does.
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// A connection that forwards to its socket unless the fault layer armed a cut.
pub(crate) struct FaultIo {
    inner: TcpStream,
    conn: Conn,
}

fn reset_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionReset,
        "sandbox fault: connection reset",
    )
}

impl AsyncRead for FaultIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for FaultIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let state = *this.conn.cut();
        if state == Cut::Off {
            return Pin::new(&mut this.inner).poll_write(cx, buf);
        }
        let (allowed, _) = state.plan(buf);
        if allowed == 0 && !buf.is_empty() {
            // Zero linger: closing the socket sends RST instead of FIN.
            let _ = this.inner.set_zero_linger();
            *this.conn.cut() = Cut::Reset;
            return Poll::Ready(Err(reset_error()));
        }
        let prefix = buf.get(..allowed).unwrap_or(buf);
        let written = match Pin::new(&mut this.inner).poll_write(cx, prefix) {
            Poll::Ready(Ok(n)) => n,
            other => return other,
        };
        let (_, next) = state.plan(prefix.get(..written).unwrap_or(prefix));
        *this.conn.cut() = next;
        Poll::Ready(Ok(written))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if *self.conn.cut() == Cut::Reset {
            return Poll::Ready(Err(reset_error()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if *self.conn.cut() == Cut::Reset {
            return Poll::Ready(Err(reset_error()));
        }
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_lets_the_head_and_the_given_body_bytes_through() {
        let armed = Cut::AfterBody {
            body: 3,
            head_done: false,
            matched: 0,
        };
        let wire = b"HTTP/1.1 200 OK\r\nA: b\r\n\r\n{\"x\":1}";
        let (allowed, next) = armed.plan(wire);
        assert_eq!(&wire[..allowed], b"HTTP/1.1 200 OK\r\nA: b\r\n\r\n{\"x");
        assert_eq!(next.plan(b"more").0, 0);
        // The head split over two writes, across the blank line.
        let (n, mid) = armed.plan(b"HTTP/1.1 200 OK\r\n\r");
        assert_eq!(n, 18);
        assert_eq!(mid.plan(b"\nabcdef").0, 4);
        assert_eq!(Cut::Now.plan(b"x").0, 0);
        assert_eq!(Cut::Off.plan(b"xyz").0, 3);
    }
}
