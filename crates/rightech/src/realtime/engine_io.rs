//! engine.io v3 and socket.io v2 framing, as far as this client uses it.

use std::time::Duration;

use serde_json::Value;

use super::SocketIoEvent;

/// `pingInterval` when the open packet has none (docs/vendors/rightech.md §10.1: 25 s).
pub const DEFAULT_PING_INTERVAL: Duration = Duration::from_millis(25_000);
/// `pingTimeout` when the open packet has none (docs/vendors/rightech.md §10.1: 60 s).
pub const DEFAULT_PING_TIMEOUT: Duration = Duration::from_millis(60_000);
/// Shortest `pingInterval` accepted from a server: at most one ping a second.
pub const MIN_PING_INTERVAL: Duration = Duration::from_secs(1);
/// Longest `pingInterval` accepted from a server.
pub const MAX_PING_INTERVAL: Duration = Duration::from_secs(5 * 60);
/// Shortest `pingTimeout` accepted from a server: a pong gets at least this long.
pub const MIN_PING_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest `pingTimeout` accepted from a server: a dead connection is noticed within this
/// long after a ping.
pub const MAX_PING_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The heartbeat parameters of an engine.io open packet, clamped to
/// [`MIN_PING_INTERVAL`]..=[`MAX_PING_INTERVAL`] and
/// [`MIN_PING_TIMEOUT`]..=[`MAX_PING_TIMEOUT`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenPacket {
    /// `sid`.
    pub sid: Option<String>,
    /// `pingInterval`.
    pub ping_interval: Duration,
    /// `pingTimeout`.
    pub ping_timeout: Duration,
}

/// An engine.io v3 packet, as far as this client uses them.
#[derive(Clone, Debug, PartialEq)]
pub enum EnginePacket {
    /// `0{json}`: open.
    Open(OpenPacket),
    /// `1`: close.
    Close,
    /// `2`: ping.
    Ping,
    /// `3`: pong.
    Pong,
    /// `4<socket.io packet>`: message.
    Message(String),
    /// Anything else (upgrade, noop, unknown, an open packet whose JSON is not an object).
    Other(String),
}

impl EnginePacket {
    /// Parses one text frame. Heartbeat values of an open packet are clamped (see
    /// [`OpenPacket`]); an open packet without a JSON object is [`EnginePacket::Other`].
    pub fn parse(frame: &str) -> Self {
        let mut chars = frame.chars();
        let kind = chars.next();
        let rest = chars.as_str();
        match kind {
            Some('0') => match serde_json::from_str::<Value>(rest) {
                Ok(json @ Value::Object(_)) => {
                    let ms = |key: &str, default: Duration, min: Duration, max: Duration| {
                        json.get(key)
                            .and_then(Value::as_u64)
                            .map(Duration::from_millis)
                            .unwrap_or(default)
                            .clamp(min, max)
                    };
                    EnginePacket::Open(OpenPacket {
                        sid: json.get("sid").and_then(Value::as_str).map(str::to_owned),
                        ping_interval: ms(
                            "pingInterval",
                            DEFAULT_PING_INTERVAL,
                            MIN_PING_INTERVAL,
                            MAX_PING_INTERVAL,
                        ),
                        ping_timeout: ms(
                            "pingTimeout",
                            DEFAULT_PING_TIMEOUT,
                            MIN_PING_TIMEOUT,
                            MAX_PING_TIMEOUT,
                        ),
                    })
                }
                _ => EnginePacket::Other(frame.to_owned()),
            },
            Some('1') => EnginePacket::Close,
            Some('2') => EnginePacket::Ping,
            Some('3') => EnginePacket::Pong,
            Some('4') => EnginePacket::Message(rest.to_owned()),
            _ => EnginePacket::Other(frame.to_owned()),
        }
    }
}

/// A socket.io v2 packet (the text after engine.io's `4`), as far as this client uses them.
#[derive(Clone, Debug, PartialEq)]
pub enum SocketIoPacket {
    /// `2`: an event.
    Event(SocketIoEvent),
    /// `1`: the server disconnected the namespace.
    Disconnect {
        /// The namespace (`/` when none was given).
        namespace: String,
    },
    /// `4`: the server refused the namespace (a middleware error, usually authorization).
    Error {
        /// The namespace (`/` when none was given).
        namespace: String,
        /// The error payload: a JSON string or object, or the raw text.
        message: String,
    },
    /// Connect, acks, binary packets and anything unreadable.
    Other,
}

/// Splits `/<ns>,rest` into the namespace and the rest (`/` when there is none).
fn namespace(rest: &str) -> Option<(String, &str)> {
    match rest.strip_prefix('/') {
        Some(after) => match after.split_once(',') {
            Some((ns, tail)) => Some((format!("/{ns}"), tail)),
            // `1/ns` without a payload.
            None => Some((format!("/{after}"), "")),
        },
        None => Some(("/".to_owned(), rest)),
    }
}

impl SocketIoPacket {
    /// Parses a socket.io packet.
    pub fn parse(packet: &str) -> Self {
        let mut chars = packet.chars();
        let kind = chars.next();
        let rest = chars.as_str();
        let parsed = match kind {
            Some('1') => {
                namespace(rest).map(|(namespace, _)| SocketIoPacket::Disconnect { namespace })
            }
            Some('2') => parse_socket_io_event(packet).map(SocketIoPacket::Event),
            Some('4') => namespace(rest).map(|(namespace, payload)| {
                let message = match serde_json::from_str::<Value>(payload) {
                    Ok(Value::String(text)) => text,
                    Ok(Value::Object(map)) => match map.get("message").and_then(Value::as_str) {
                        Some(text) => text.to_owned(),
                        None => Value::Object(map).to_string(),
                    },
                    _ => payload.to_owned(),
                };
                SocketIoPacket::Error { namespace, message }
            }),
            _ => None,
        };
        parsed.unwrap_or(SocketIoPacket::Other)
    }
}

/// Parses a socket.io packet (the text after engine.io's `4`). Returns the event for type
/// `2` (EVENT), `None` for connect, disconnect, errors, acks and anything unreadable (see
/// [`SocketIoPacket::parse`] for disconnect and errors).
pub fn parse_socket_io_event(packet: &str) -> Option<SocketIoEvent> {
    let rest = packet.strip_prefix('2')?;
    let (namespace, rest) = match rest.strip_prefix('/') {
        Some(after) => {
            let (ns, tail) = after.split_once(',')?;
            (format!("/{ns}"), tail)
        }
        None => ("/".to_owned(), rest),
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let Value::Array(items) = serde_json::from_str::<Value>(rest).ok()? else {
        return None;
    };
    let mut items = items.into_iter();
    let name = match items.next()? {
        Value::String(name) => name,
        _ => return None,
    };
    Some(SocketIoEvent {
        namespace,
        name,
        args: items.collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_io_packets() {
        assert_eq!(
            EnginePacket::parse(
                r#"0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":60000}"#
            ),
            EnginePacket::Open(OpenPacket {
                sid: Some("abc".into()),
                ping_interval: Duration::from_secs(25),
                ping_timeout: Duration::from_secs(60),
            })
        );
        assert_eq!(
            EnginePacket::parse("0{}"),
            EnginePacket::Open(OpenPacket {
                sid: None,
                ping_interval: DEFAULT_PING_INTERVAL,
                ping_timeout: DEFAULT_PING_TIMEOUT,
            })
        );
        assert_eq!(EnginePacket::parse("3"), EnginePacket::Pong);
        assert_eq!(EnginePacket::parse("40"), EnginePacket::Message("0".into()));
        assert_eq!(EnginePacket::parse("6"), EnginePacket::Other("6".into()));
        // An open packet must carry a JSON object.
        assert_eq!(
            EnginePacket::parse("0garbage"),
            EnginePacket::Other("0garbage".into())
        );
        assert_eq!(EnginePacket::parse("0"), EnginePacket::Other("0".into()));
    }

    #[test]
    fn heartbeat_values_are_clamped() {
        let heartbeat = |text: &str| {
            let EnginePacket::Open(open) = EnginePacket::parse(text) else {
                panic!("not an open packet: {text}")
            };
            (open.ping_interval, open.ping_timeout)
        };
        assert_eq!(
            heartbeat(r#"0{"pingInterval":0,"pingTimeout":0}"#),
            (MIN_PING_INTERVAL, MIN_PING_TIMEOUT)
        );
        assert_eq!(
            heartbeat(r#"0{"pingInterval":18446744073709551615,"pingTimeout":86400000}"#),
            (MAX_PING_INTERVAL, MAX_PING_TIMEOUT)
        );
    }

    #[test]
    fn socket_io_events() {
        let e = parse_socket_io_event(r#"2["object-packet",{"_oid":"64b000000000000000000001","event":"object-packet","time":1}]"#).unwrap();
        assert_eq!(e.namespace, "/");
        assert_eq!(e.name, "object-packet");
        assert_eq!(e.as_event().unwrap().time.unwrap().as_millisecond(), 1);
        let e = parse_socket_io_event(r#"2/ric,12["x",1,2]"#).unwrap();
        assert_eq!(
            (e.namespace.as_str(), e.name.as_str(), e.args.len()),
            ("/ric", "x", 2)
        );
        assert!(parse_socket_io_event("0").is_none());
        assert!(parse_socket_io_event("2[1]").is_none());
        assert!(parse_socket_io_event("2nonsense").is_none());
    }

    #[test]
    fn socket_io_errors_and_disconnects() {
        assert_eq!(
            SocketIoPacket::parse(r#"4"Not authorized""#),
            SocketIoPacket::Error {
                namespace: "/".into(),
                message: "Not authorized".into()
            }
        );
        assert_eq!(
            SocketIoPacket::parse(r#"4/ric,{"message":"bad token","data":1}"#),
            SocketIoPacket::Error {
                namespace: "/ric".into(),
                message: "bad token".into()
            }
        );
        assert_eq!(
            SocketIoPacket::parse("1"),
            SocketIoPacket::Disconnect {
                namespace: "/".into()
            }
        );
        assert_eq!(
            SocketIoPacket::parse("1/ric"),
            SocketIoPacket::Disconnect {
                namespace: "/ric".into()
            }
        );
        assert_eq!(SocketIoPacket::parse("0"), SocketIoPacket::Other);
        assert!(matches!(
            SocketIoPacket::parse(r#"2["x"]"#),
            SocketIoPacket::Event(_)
        ));
    }
}
