//! A small loopback HTTP/1.1 server for benchmarks: fixed answers by path, keep-alive, one
//! thread per connection. It runs on threads of its own, so its CPU time is never counted as
//! the client's.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;

/// The answer to a path no route serves.
const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

/// One route: a request path (without the query) and the whole response it gets.
struct Route {
    path: String,
    response: Vec<u8>,
}

/// Serves `routes` (path → JSON body, answered `200 OK`) on `127.0.0.1` on a free port, from
/// background threads that live as long as the process. Returns the bound address.
pub fn start(routes: Vec<(String, Vec<u8>)>) -> io::Result<SocketAddr> {
    let routes: Arc<Vec<Route>> = Arc::new(
        routes
            .into_iter()
            .map(|(path, body)| {
                let mut response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\n\
                     content-length: {}\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                response.extend_from_slice(&body);
                Route { path, response }
            })
            .collect(),
    );
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    std::thread::Builder::new()
        .name("bench-server".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = routes.clone();
                // A connection that fails only ends its own thread.
                let _ = std::thread::Builder::new()
                    .name("bench-conn".into())
                    .spawn(move || serve(stream, &routes));
            }
        })?;
    Ok(addr)
}

/// Answers requests on one keep-alive connection until the client closes it. Requests are
/// expected without a body (GET).
fn serve(stream: TcpStream, routes: &[Route]) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let target = line.split_whitespace().nth(1).unwrap_or_default();
        let path = target.split('?').next().unwrap_or_default().to_owned();
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            if line == "\r\n" || line == "\n" {
                break;
            }
        }
        let response = routes
            .iter()
            .find(|r| r.path == path)
            .map_or(NOT_FOUND, |r| r.response.as_slice());
        writer.write_all(response)?;
    }
}
