//! The resOS client, its builder and configuration.

use std::time::Duration;

use core_http::auth::Basic;
use core_http::pacing::{HeaderFeedback, Pacing, TimeUnit};
use core_http::paging::{Page, PageRequest, offset_pages};
use core_http::{Error, RequestBuilder, Result};
use futures::stream::{self, Stream, StreamExt, TryStreamExt};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use crate::booking_flow::BookingFlow;
use crate::bookings::Bookings;
use crate::common::SearchList;
use crate::custom_fields::CustomFields;
use crate::customers::Customers;
use crate::error::ResosErrorParser;
use crate::feedback::Feedback;
use crate::healthcheck::HealthCheck;
use crate::opening_hours::OpeningHours;
use crate::orders::Orders;
use crate::query::{CustomQuery, Sort};
use crate::tables::Tables;

/// The production base URL (docs/vendors/resos.md §2).
pub const DEFAULT_BASE_URL: &str = "https://api.resos.com/v1";

/// Vendor name used in errors, traces and fixtures.
pub const VENDOR: &str = "resos";

/// Requests allowed per rate-limit window (docs/vendors/resos.md §3, seed 000).
pub const RATE_LIMIT: u32 = 100;

/// Default rate-limit window.
///
/// The doc says "100 requests / sec, with a fixed-time reset (i.e. every minute ...)", which
/// contradicts itself (docs/vendors/resos.md §3). We take the stricter reading, 100 requests
/// per **minute**, by default; [`ClientBuilder::rate_limit_window`] sets one second (or
/// anything else) when your account is known to allow it.
pub const DEFAULT_RATE_LIMIT_WINDOW: Duration = Duration::from_secs(60);

/// Largest `limit` of a list page (docs/vendors/resos.md §4; `limit` above it is an error).
pub const MAX_PAGE_SIZE: u32 = 100;

/// Name of the search-expression parameter or header (docs/vendors/resos.md §5).
pub const CUSTOM_QUERY: &str = "customQuery";

/// How a search expression ([`CustomQuery`]) is delivered.
///
/// The doc says "passed as a header" but writes its examples as `customQuery=...`, the query
/// parameter form, and the only client seen using it sends a query parameter
/// (docs/vendors/resos.md §5; unverified which one the server reads). Query parameter is the
/// default; switch with [`ClientBuilder::custom_query_delivery`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CustomQueryDelivery {
    /// `?customQuery=<expression>` (default).
    #[default]
    QueryParameter,
    /// A `customQuery: <expression>` request header.
    Header,
}

/// A resOS API client. Cheap to clone; clones share connections and rate-limit pacing.
///
/// Built with [`Client::builder`]; resources are reached through handles such as
/// [`Client::bookings`].
#[derive(Clone, Debug)]
pub struct Client {
    http: core_http::Client,
    custom_query: CustomQueryDelivery,
}

impl Client {
    /// Starts a builder. An API key is required ([`ClientBuilder::api_key`]).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Bookings: list, get, create, update, status changes, cancel, notes and comments.
    pub fn bookings(&self) -> Bookings {
        Bookings::new(self.clone())
    }

    /// The booking flow: bookable times, dates and free tables.
    pub fn booking_flow(&self) -> BookingFlow {
        BookingFlow::new(self.clone())
    }

    /// Opening hours.
    pub fn opening_hours(&self) -> OpeningHours {
        OpeningHours::new(self.clone())
    }

    /// Tables and their areas.
    pub fn tables(&self) -> Tables {
        Tables::new(self.clone())
    }

    /// Custom field definitions.
    pub fn custom_fields(&self) -> CustomFields {
        CustomFields::new(self.clone())
    }

    /// Customers (**unverified** endpoints, docs/vendors/resos.md §14).
    pub fn customers(&self) -> Customers {
        Customers::new(self.clone())
    }

    /// Orders (**unverified** endpoints, docs/vendors/resos.md §14).
    pub fn orders(&self) -> Orders {
        Orders::new(self.clone())
    }

    /// Guest feedback (**unverified** endpoints, docs/vendors/resos.md §14).
    pub fn feedback(&self) -> Feedback {
        Feedback::new(self.clone())
    }

    /// `GET /healthcheck`: checks the key and tells the restaurant id (docs/vendors/resos.md §13).
    pub async fn healthcheck(&self) -> Result<HealthCheck> {
        self.http.get("/healthcheck").send_json().await
    }

    /// The underlying HTTP client, for calls this crate does not cover (the same auth,
    /// pacing and retries apply).
    pub fn http(&self) -> &core_http::Client {
        &self.http
    }

    /// How search expressions are sent.
    pub fn custom_query_delivery(&self) -> CustomQueryDelivery {
        self.custom_query
    }

    /// Renders the common list parameters (`sort`, `customQuery`) once, before any request.
    pub(crate) fn list_params(
        &self,
        sort: Option<&Sort>,
        custom_query: Option<&CustomQuery>,
    ) -> Result<ListParams> {
        let mut params = ListParams::default();
        if let Some(sort) = sort.filter(|s| !s.is_empty()) {
            params.query.push(("sort", sort.to_param()?));
        }
        if let Some(q) = custom_query.filter(|q| !q.is_empty()) {
            let expr = q.to_expression()?;
            match self.custom_query {
                CustomQueryDelivery::QueryParameter => params.query.push((CUSTOM_QUERY, expr)),
                CustomQueryDelivery::Header => {
                    if !expr.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
                        return Err(Error::validation(
                            CUSTOM_QUERY,
                            "a header can only carry ASCII; send this expression as a query \
                             parameter (CustomQueryDelivery::QueryParameter)",
                        ));
                    }
                    params.header = Some(expr);
                }
            }
        }
        Ok(params)
    }

    /// A GET with the list parameters applied.
    pub(crate) fn get_with(&self, path: &str, params: &ListParams) -> RequestBuilder {
        let mut rb = self.http.get(path);
        for (k, v) in &params.query {
            rb = rb.query(k, v);
        }
        if let Some(expr) = &params.header {
            rb = rb.header(CUSTOM_QUERY, expr);
        }
        rb
    }

    /// One page of a `skip`/`limit` list.
    pub(crate) async fn page<T: DeserializeOwned>(
        &self,
        path: &'static str,
        params: &ListParams,
        skip: u64,
        limit: u32,
    ) -> Result<Vec<T>> {
        self.page_request(path, params, skip, limit)?
            .send_json()
            .await
    }

    /// Like [`Client::page`], fingerprinted for [`offset_pages`] (a single page needs no
    /// fingerprint, so [`Client::page`] skips hashing the body).
    async fn page_of<T: DeserializeOwned>(
        &self,
        path: &'static str,
        params: &ListParams,
        skip: u64,
        limit: u32,
    ) -> Result<Page<T>> {
        self.page_request(path, params, skip, limit)?
            .send_page()
            .await
    }

    /// The request for one page at `skip` with `limit` (checked against [`MAX_PAGE_SIZE`]).
    fn page_request(
        &self,
        path: &'static str,
        params: &ListParams,
        skip: u64,
        limit: u32,
    ) -> Result<RequestBuilder> {
        check_limit(limit)?;
        Ok(self
            .get_with(path, params)
            .query("skip", skip)
            .query("limit", limit))
    }

    /// Every item of a `skip`/`limit` search list (customers, orders, feedback).
    pub(crate) fn search_stream<T, R>(
        &self,
        path: &'static str,
        request: &R,
    ) -> impl Stream<Item = Result<T>> + Send + 'static
    where
        T: DeserializeOwned + Send + 'static,
        R: SearchList,
    {
        let search = request.search();
        let params = self.list_params(search.sort, search.custom_query);
        self.pages(path, params, search.skip, search.limit)
    }

    /// One page of a `skip`/`limit` search list.
    pub(crate) async fn search_page<T: DeserializeOwned>(
        &self,
        path: &'static str,
        request: &impl SearchList,
    ) -> Result<Vec<T>> {
        let search = request.search();
        let params = self.list_params(search.sort, search.custom_query)?;
        self.page(path, &params, search.skip, search.limit).await
    }

    /// `GET <path>` with its `{id}` filled in.
    pub(crate) async fn get_by_id<T: DeserializeOwned>(
        &self,
        path: &'static str,
        id: &str,
    ) -> Result<T> {
        self.http.get(path).path_param("id", id).send_json().await
    }

    /// Every item of a `skip`/`limit` list, page by page, from `skip`. A `prepared` error is
    /// yielded as the only item, before any request.
    pub(crate) fn pages<T: DeserializeOwned + Send + 'static>(
        &self,
        path: &'static str,
        prepared: Result<ListParams>,
        skip: u64,
        page_size: u32,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        let params = match prepared.and_then(|p| check_limit(page_size).map(|()| p)) {
            Ok(p) => p,
            Err(e) => return stream::iter([Err(e)]).left_stream(),
        };
        let client = self.clone();
        offset_pages(page_size, MAX_PAGE_SIZE, skip, move |page: PageRequest| {
            let client = client.clone();
            let params = params.clone();
            async move { client.page_of(path, &params, page.offset, page.limit).await }
        })
        .right_stream()
    }
}

/// A stream over the items of an endpoint that answers everything at once: the one request
/// is made when the stream is first polled, and its items follow one by one.
pub(crate) fn single_request<T, Fut>(fetch: Fut) -> impl Stream<Item = Result<T>> + Send + 'static
where
    T: Send + 'static,
    Fut: Future<Output = Result<Vec<T>>> + Send + 'static,
{
    stream::once(fetch)
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
}

/// Checks a page size against [`MAX_PAGE_SIZE`].
fn check_limit(limit: u32) -> Result<()> {
    if (1..=MAX_PAGE_SIZE).contains(&limit) {
        Ok(())
    } else {
        Err(Error::validation(
            "limit",
            format!("must be between 1 and {MAX_PAGE_SIZE}, got {limit}"),
        ))
    }
}

/// Rendered list parameters.
#[derive(Clone, Debug, Default)]
pub(crate) struct ListParams {
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) header: Option<String>,
}

impl ListParams {
    /// Appends a query parameter.
    pub(crate) fn push(&mut self, key: &'static str, value: impl ToString) {
        self.query.push((key, value.to_string()));
    }

    /// Appends a query parameter when `value` is `Some`.
    pub(crate) fn push_opt(&mut self, key: &'static str, value: Option<impl ToString>) {
        if let Some(v) = value {
            self.push(key, v);
        }
    }
}

/// Builder for [`Client`].
///
/// ```
/// let client = resos::Client::builder()
///     .api_key("my-secret-key")
///     .rate_limit_window(std::time::Duration::from_secs(1))
///     .build()?;
/// assert_eq!(client.http().base_url().as_str(), "https://api.resos.com/v1");
/// assert!(!format!("{client:?}").contains("my-secret-key"));
///
/// // No key, no client.
/// assert!(resos::Client::builder().build().is_err());
/// # Ok::<(), resos::Error>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    api_key: Option<SecretString>,
    base_url: String,
    window: Duration,
    custom_query: CustomQueryDelivery,
    transport: core_http::Transport,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            window: DEFAULT_RATE_LIMIT_WINDOW,
            custom_query: CustomQueryDelivery::default(),
            transport: core_http::Transport::default(),
        }
    }
}

impl ClientBuilder {
    /// The API key (Settings → API credentials in the resOS app). Sent as the HTTP Basic
    /// username with an empty password, `Basic base64("<key>:")` (docs/vendors/resos.md §2).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(SecretString::from(key.into()));
        self
    }

    /// Replaces the base URL (default [`DEFAULT_BASE_URL`]); include the `/v1` path.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Length of the fixed rate-limit window of [`RATE_LIMIT`] requests (default
    /// [`DEFAULT_RATE_LIMIT_WINDOW`], one minute: the stricter reading of the doc,
    /// docs/vendors/resos.md §3). Also the pause after an `X-RateLimit-Remaining: 0` that comes
    /// without a `Retry-After`. [`pacing`](Self::pacing) replaces the client-side pacing as a
    /// whole. `Retry-After` is read in milliseconds.
    pub fn rate_limit_window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    core_http::transport_setters!();

    /// How search expressions are sent (default: query parameter).
    pub fn custom_query_delivery(mut self, delivery: CustomQueryDelivery) -> Self {
        self.custom_query = delivery;
        self
    }

    /// Builds the client. Fails without an API key, or with a base URL that is not `https`
    /// (plain `http` is allowed on loopback for tests).
    pub fn build(self) -> Result<Client> {
        let key = self
            .api_key
            .filter(|k| !k.expose_secret().trim().is_empty())
            .ok_or_else(|| Error::Config("resOS needs an API key (`api_key`)".into()))?;
        let defaults = core_http::Client::builder(self.base_url)
            .vendor(VENDOR)
            .user_agent(format!("bookbridge-resos/{}", env!("CARGO_PKG_VERSION")))
            .auth(Basic::api_key(key.expose_secret()))
            .pacing(Pacing::fixed_window(RATE_LIMIT, self.window))
            // `Retry-After` (ms until the reset) comes with every response: it aligns the
            // fixed window to resOS's fixed boundaries (a pause only on a 429). Should only
            // `X-RateLimit-Remaining: 0` come, the pause is the window.
            .feedback(
                HeaderFeedback::with_unit(TimeUnit::Milliseconds)
                    .with_window(self.window)
                    .reset_on_every_response(true),
            )
            .error_parser(ResosErrorParser);
        Ok(Client {
            http: self.transport.apply(defaults).build()?,
            custom_query: self.custom_query,
        })
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("base_url", &self.base_url)
            .field("window", &self.window)
            .field("custom_query", &self.custom_query)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core_http::RetryPolicy;

    #[test]
    fn debug_never_shows_the_key() {
        let key = "aIcCpRKQqKPg9zVL0a7-RJt2_zx8jPq8jR20XWp_pZN";
        let builder = Client::builder().api_key(key);
        let shown = format!("{builder:?}");
        assert!(!shown.contains(key), "{shown}");
        assert!(shown.contains("[redacted]"));
        let client = builder.build().unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains(key), "{shown}");
        assert!(!shown.contains("YUljQ3BSS1FxS1BnOXpWTDBhNy1SSnQyX3p4OGpQcThqUjIwWFdwX3BaTjo="));
    }

    #[test]
    fn defaults_and_overrides() {
        let client = Client::builder().api_key("k").build().unwrap();
        assert_eq!(client.http().base_url().as_str(), DEFAULT_BASE_URL);
        let window = client.http().pacing().window().unwrap();
        assert_eq!(window.limit(), RATE_LIMIT);
        assert_eq!(window.window(), Duration::from_secs(60));
        assert_eq!(
            client.custom_query_delivery(),
            CustomQueryDelivery::QueryParameter
        );
        let client = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:9/v1")
            .rate_limit_window(Duration::from_secs(1))
            .retry(RetryPolicy::never())
            .custom_query_delivery(CustomQueryDelivery::Header)
            .build()
            .unwrap();
        assert_eq!(client.http().base_url().as_str(), "http://127.0.0.1:9/v1");
        assert_eq!(
            client.http().pacing().window().unwrap().window(),
            Duration::from_secs(1)
        );
        assert_eq!(client.http().retry_policy().max_attempts, 1);
        assert_eq!(client.custom_query_delivery(), CustomQueryDelivery::Header);
    }

    #[test]
    fn missing_key_or_plain_http_fails() {
        assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
        assert!(matches!(
            Client::builder().api_key("  ").build(),
            Err(Error::Config(_))
        ));
        assert!(
            Client::builder()
                .api_key("k")
                .base_url("http://api.resos.com/v1")
                .build()
                .is_err()
        );
    }

    #[test]
    fn header_delivery_refuses_non_ascii() {
        let client = Client::builder()
            .api_key("k")
            .custom_query_delivery(CustomQueryDelivery::Header)
            .build()
            .unwrap();
        let q = CustomQuery::new().equals("guest.name", "Søren");
        assert!(matches!(
            client.list_params(None, Some(&q)),
            Err(Error::Validation { .. })
        ));
        let q = CustomQuery::new().equals("guest.name", "Soren");
        let params = client.list_params(None, Some(&q)).unwrap();
        assert_eq!(params.header.as_deref(), Some(r#"guest.name:"Soren""#));
        assert!(params.query.is_empty());
    }

    #[test]
    fn page_size_is_checked() {
        assert!(check_limit(1).is_ok());
        assert!(check_limit(100).is_ok());
        assert!(matches!(check_limit(0), Err(Error::Validation { .. })));
        assert!(matches!(check_limit(101), Err(Error::Validation { .. })));
    }
}
