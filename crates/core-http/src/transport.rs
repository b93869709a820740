//! The transport settings every vendor builder exposes under the same names, and the macro
//! that gives a vendor builder those setters.

use std::time::Duration;

use crate::client::ClientBuilder;
use crate::pacing::{Pacing, SharedPacing};
use crate::retry::RetryPolicy;

/// Transport settings chosen by the user of a vendor crate, applied over the vendor's own
/// defaults when its client is built. A vendor `ClientBuilder` holds one in a field named
/// `transport` and gets its setters from [`transport_setters!`](crate::transport_setters),
/// so that the settings have the same names and meaning in every vendor crate.
#[derive(Debug, Default)]
#[must_use]
pub struct Transport {
    connect_timeout: Option<Option<Duration>>,
    request_timeout: Option<Option<Duration>>,
    user_agent_suffix: Option<String>,
    retry: Option<RetryPolicy>,
    max_response_size: Option<u64>,
    max_server_pause: Option<Duration>,
    http_client: Option<reqwest::Client>,
    pacing: Option<Pacing>,
    shared_pacing: Option<std::sync::Arc<dyn SharedPacing>>,
    without_timers: bool,
}

impl Transport {
    /// No setting chosen: the vendor's defaults apply.
    pub fn new() -> Self {
        Transport::default()
    }

    /// See [`ClientBuilder::connect_timeout`].
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// See [`ClientBuilder::request_timeout`].
    pub fn request_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// See [`ClientBuilder::user_agent_suffix`].
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// See [`ClientBuilder::retry`].
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// See [`ClientBuilder::max_response_size`].
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// See [`ClientBuilder::max_server_pause`].
    pub fn max_server_pause(mut self, max: Duration) -> Self {
        self.max_server_pause = Some(max);
        self
    }

    /// See [`ClientBuilder::http_client`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// See [`ClientBuilder::pacing`]: replaces the vendor's default client-side pacing.
    pub fn pacing(mut self, pacing: Pacing) -> Self {
        self.pacing = Some(pacing);
        self
    }

    /// See [`ClientBuilder::shared_pacing`]: the vendor's pacing (or the one chosen with
    /// [`pacing`](Self::pacing)) keeps its state in `store`, shared between processes.
    pub fn shared_pacing(mut self, store: impl SharedPacing) -> Self {
        self.shared_pacing = Some(std::sync::Arc::new(store));
        self
    }

    /// See [`ClientBuilder::without_transport_timers`].
    pub fn without_transport_timers(mut self) -> Self {
        self.without_timers = true;
        self
    }

    /// Whether [`without_transport_timers`](Self::without_transport_timers) was chosen (a
    /// vendor crate may have timers of its own to turn off).
    pub fn timers_off(&self) -> bool {
        self.without_timers
    }

    /// The chosen retry policy, if any (for vendor code that retries on its own).
    pub fn retry_policy(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// Applies the chosen settings over `builder`, which already holds the vendor's defaults:
    /// a setting chosen here wins, one not chosen leaves the vendor's value.
    pub fn apply(self, mut builder: ClientBuilder) -> ClientBuilder {
        if let Some(timeout) = self.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(timeout) = self.request_timeout {
            builder = builder.request_timeout(timeout);
        }
        if self.without_timers {
            builder = builder.without_transport_timers();
        }
        if let Some(suffix) = self.user_agent_suffix {
            builder = builder.user_agent_suffix(suffix);
        }
        if let Some(retry) = self.retry {
            builder = builder.retry(retry);
        }
        if let Some(bytes) = self.max_response_size {
            builder = builder.max_response_size(bytes);
        }
        if let Some(max) = self.max_server_pause {
            builder = builder.max_server_pause(max);
        }
        if let Some(client) = self.http_client {
            builder = builder.http_client(client);
        }
        if let Some(pacing) = self.pacing {
            builder = builder.pacing(pacing);
        }
        if let Some(store) = self.shared_pacing {
            builder = builder.shared_pacing_arc(store);
        }
        builder
    }
}

/// Gives a vendor `ClientBuilder` the shared transport setters. Use it inside the builder's
/// `impl` block; the builder must have a field `transport: core_http::Transport`, and its
/// `build` must end with `self.transport.apply(core_builder)` after the vendor's defaults.
///
/// The setters: `connect_timeout`, `request_timeout`, `user_agent_suffix`, `retry`,
/// `max_response_size`, `max_server_pause`, `http_client`, `pacing`, `shared_pacing` and
/// `without_transport_timers`, each documented on the generated method.
///
/// ```
/// use std::time::Duration;
///
/// /// A vendor's builder.
/// #[derive(Debug, Default)]
/// pub struct ClientBuilder {
///     transport: core_http::Transport,
/// }
///
/// impl ClientBuilder {
///     core_http::transport_setters!();
///
///     /// Builds the client.
///     pub fn build(self) -> core_http::Result<core_http::Client> {
///         let defaults = core_http::Client::builder("https://api.example.com/v1")
///             .request_timeout(Some(Duration::from_secs(30)));
///         self.transport.apply(defaults).build()
///     }
/// }
///
/// let client = ClientBuilder::default()
///     .request_timeout(Some(Duration::from_secs(5)))
///     .user_agent_suffix("my-app/1.0")
///     .max_response_size(1 << 20)
///     .build()?;
/// assert_eq!(client.max_response_size(), 1 << 20);
/// # Ok::<(), core_http::Error>(())
/// ```
#[macro_export]
macro_rules! transport_setters {
    () => {
        /// Time allowed to establish a connection (`None`: no limit). Default 10 s.
        pub fn connect_timeout(
            mut self,
            timeout: ::std::option::Option<::std::time::Duration>,
        ) -> Self {
            self.transport = self.transport.connect_timeout(timeout);
            self
        }

        /// Time allowed for one attempt, from sending to the end of the body (`None`: no
        /// limit). Default 30 s.
        pub fn request_timeout(
            mut self,
            timeout: ::std::option::Option<::std::time::Duration>,
        ) -> Self {
            self.transport = self.transport.request_timeout(timeout);
            self
        }

        /// Text appended to the `User-Agent` after a space (`bookbridge-<crate>/<version>
        /// my-app/2.3`), so the vendor can tell your application apart.
        pub fn user_agent_suffix(
            mut self,
            suffix: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.transport = self.transport.user_agent_suffix(suffix);
            self
        }

        /// The retry policy (default: [`RetryPolicy::default`](core_http::RetryPolicy::default)):
        /// attempts, time budget and backoff of retried requests.
        pub fn retry(mut self, retry: $crate::RetryPolicy) -> Self {
            self.transport = self.transport.retry(retry);
            self
        }

        /// The largest response body a request reads, in bytes, after decompression (default
        /// 32 MiB); a larger one fails with `Error::BodyTooLarge` and is not retried.
        pub fn max_response_size(mut self, bytes: u64) -> Self {
            self.transport = self.transport.max_response_size(bytes);
            self
        }

        /// The longest pause the vendor may order with `Retry-After` or its rate-limit
        /// headers (default 5 minutes). A longer order pauses the client only this long and
        /// fails the request that received it with `Error::RateLimited` carrying the vendor's
        /// value.
        pub fn max_server_pause(mut self, max: ::std::time::Duration) -> Self {
            self.transport = self.transport.max_server_pause(max);
            self
        }

        /// Sends through your own `reqwest::Client` (proxies, custom root certificates, a
        /// shared pool). Its timeouts, proxy, TLS and redirect settings are used as they are
        /// (build it with `redirect(reqwest::redirect::Policy::none())`); the timeout settings
        /// of this builder then do not apply.
        pub fn http_client(mut self, client: $crate::reqwest::Client) -> Self {
            self.transport = self.transport.http_client(client);
            self
        }

        /// Replaces the vendor's default client-side pacing (for example
        /// `Pacing::none()` when something else paces the calls, or a scaled window in
        /// tests). Pauses the vendor orders through its headers are honoured either way.
        pub fn pacing(mut self, pacing: $crate::pacing::Pacing) -> Self {
            self.transport = self.transport.pacing(pacing);
            self
        }

        /// Shares the pacing state with every process that uses the same store, vendor and
        /// credential (many workers on one API key): for example
        /// `RedisPacing::new("redis://127.0.0.1:6379")` with the `redis` feature. The limits
        /// stay the vendor's defaults (or those of [`pacing`](Self::pacing)); keys hold the
        /// vendor and a hash of the credential, never the credential.
        pub fn shared_pacing(mut self, store: impl $crate::pacing::SharedPacing) -> Self {
            self.transport = self.transport.shared_pacing(store);
            self
        }

        /// Turns off every timer of the transport (timeouts, idle pool eviction), for tests
        /// under `tokio::time::pause()`.
        pub fn without_transport_timers(mut self) -> Self {
            self.transport = self.transport.without_transport_timers();
            self
        }
    };
}
