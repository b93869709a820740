//! Helpers shared by the integration tests.

use httpmock::MockServer;
use rightech::Client;

/// A token client against `server`, with the transport timers off.
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .token("tok")
        .without_transport_timers()
        .build()
        .expect("a loopback client builds")
}
