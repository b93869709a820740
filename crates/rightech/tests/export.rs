//! Report exports stream: a file larger than the client's maximum response size is written
//! out chunk by chunk instead of being buffered (issue "Hardening: hostile servers", point 4).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::StreamExt;
use httpmock::prelude::*;
use rightech::reports::ExportFormat;

const ROW: &str = "object,avg\n";

#[tokio::test]
async fn an_export_larger_than_the_response_limit_streams() {
    let server = MockServer::start_async().await;
    let csv = ROW.repeat(200_000); // 2.2 MB
    let export = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/reports/builds/6bb000000000000000000001/export")
                .query_param("format", "csv");
            then.status(200)
                .header("content-type", "text/csv")
                .body(csv.as_str());
        })
        .await;
    let client = rightech::Client::builder()
        .base_url(server.base_url())
        .token("t")
        .max_response_size(64 * 1024)
        .build()
        .unwrap();
    let id = rightech::ObjectId::new("6bb000000000000000000001").unwrap();

    let file = client
        .reports()
        .export(&id, ExportFormat::Csv)
        .await
        .unwrap();
    assert_eq!(file.content_type.as_deref(), Some("text/csv"));
    let mut out = Vec::new();
    let written = file.write_to(&mut out).await.unwrap();
    assert_eq!(written, csv.len() as u64);
    assert_eq!(out, csv.as_bytes());

    // As a stream: more than one chunk, none larger than the whole.
    let mut stream = client
        .reports()
        .export(&id, ExportFormat::Csv)
        .await
        .unwrap()
        .into_stream();
    let mut total = 0;
    while let Some(chunk) = stream.next().await {
        total += chunk.unwrap().len();
    }
    assert_eq!(total, csv.len());

    // Reading it whole is bounded by the caller's limit.
    let err = client
        .reports()
        .export(&id, ExportFormat::Csv)
        .await
        .unwrap()
        .bytes(1024)
        .await
        .unwrap_err();
    assert!(
        matches!(err, core_http::Error::BodyTooLarge { limit: 1024 }),
        "{err:?}"
    );
    assert_eq!(export.calls_async().await, 3);

    // The buffered path refuses the same file.
    let err = client
        .http()
        .get("/api/v1/reports/builds/6bb000000000000000000001/export")
        .query("format", "csv")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, core_http::Error::BodyTooLarge { .. }),
        "{err:?}"
    );
}
