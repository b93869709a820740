//! The shared transport settings: user agent suffix, own reqwest client, settings applied
//! over a vendor's defaults.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use core_http::pacing::Pacing;
use core_http::{Client, RetryPolicy, Transport};
use httpmock::prelude::*;

#[tokio::test]
async fn user_agent_suffix_follows_the_crate_agent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/ping")
                .header("user-agent", "bookbridge-test/1 my-app/2.3");
            then.status(200).body("{}");
        })
        .await;
    let client = Client::builder(server.url("/v1"))
        .user_agent("bookbridge-test/1")
        .user_agent_suffix("my-app/2.3")
        .build()
        .unwrap();
    client.get("/ping").send_unit().await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn an_invalid_user_agent_suffix_fails_the_build() {
    let err = Client::builder("https://api.example.com")
        .user_agent_suffix("bad\nvalue")
        .build()
        .unwrap_err();
    assert!(matches!(err, core_http::Error::Config(_)), "{err:?}");
}

#[tokio::test]
async fn an_own_reqwest_client_is_used_as_it_is() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/ping")
                .header("x-from-own-client", "yes")
                .header_exists("user-agent");
            then.status(200).body("{}");
        })
        .await;
    let mut headers = core_http::http::HeaderMap::new();
    headers.insert("x-from-own-client", "yes".parse().unwrap());
    let own = core_http::reqwest::Client::builder()
        .default_headers(headers)
        .redirect(core_http::reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = Client::builder(server.url("/v1"))
        .http_client(own)
        .build()
        .unwrap();
    client.get("/ping").send_unit().await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn an_own_client_does_not_lift_the_https_rule() {
    let own = core_http::reqwest::Client::new();
    let err = Client::builder("http://api.example.com")
        .http_client(own)
        .build()
        .unwrap_err();
    assert!(matches!(err, core_http::Error::Config(_)), "{err:?}");
}

#[test]
fn chosen_settings_win_over_the_vendor_defaults_and_the_rest_stay() {
    let vendor_defaults = || {
        Client::builder("https://api.example.com/v1")
            .pacing(Pacing::fixed_window(100, Duration::from_secs(60)))
            .max_response_size(1000)
            .max_server_pause(Duration::from_secs(7))
    };
    let client = Transport::new()
        .max_response_size(5)
        .retry(RetryPolicy {
            max_attempts: 9,
            ..RetryPolicy::default()
        })
        .apply(vendor_defaults())
        .build()
        .unwrap();
    assert_eq!(client.max_response_size(), 5);
    assert_eq!(client.retry_policy().max_attempts, 9);
    assert_eq!(client.max_server_pause(), Duration::from_secs(7));
    assert!(client.pacing().window().is_some());

    let client = Transport::new()
        .pacing(Pacing::none())
        .apply(vendor_defaults())
        .build()
        .unwrap();
    assert!(client.pacing().window().is_none());
    assert_eq!(client.max_response_size(), 1000);
}
