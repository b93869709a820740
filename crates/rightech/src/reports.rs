//! `reports`: report definitions, builds and exports (docs/vendors/rightech.md §9). The vendor
//! keeps only the 10 newest builds of a report.
//!
//! The build list (`GET /api/v1/reports/builds`, one build by `where._id=`) and build
//! cancelling (`POST /api/v1/reports/builds/:id/cancel`) are not in the vendor's prose documents; they follow
//! the vendor's own integration code, so their shapes are read defensively.

use core_http::{ByteStream, Error, Result};
use futures::Stream;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::client::api_path;
use crate::store::{ListQuery, ObjectId, Store};

/// Store name of reports.
pub const STORE: &str = "reports";

/// Builds the vendor keeps per report (docs/vendors/rightech.md §9).
pub const BUILDS_KEPT: usize = 10;

record! {
    /// A report definition.
    pub struct Report {}
}

record! {
    /// A report build (fields undocumented beyond the common ones; the vendor's integration
    /// reads `report` and `status`).
    pub struct ReportBuild {
        /// `report`: the report definition's id.
        pub report: Option<ObjectId>,
        /// `status` of the build (kept as JSON).
        pub status: Option<serde_json::Value>,
    }
}

/// The reporting period (epoch milliseconds on the wire).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// `from`.
    #[serde(with = "crate::time::millis")]
    #[schemars(with = "i64")]
    pub from: Timestamp,
    /// `to`.
    #[serde(with = "crate::time::millis")]
    #[schemars(with = "i64")]
    pub to: Timestamp,
}

impl ReportBuild {
    /// The build's `status` when it is text, such as `completed` or `cancelled`.
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().and_then(serde_json::Value::as_str)
    }
}

/// The `status` a build has after a successful cancel.
pub const STATUS_CANCELLED: &str = "cancelled";

/// Body of `POST /api/v1/reports/:id/build`: `{period: {from, to}, objectIds}`. A period whose
/// `from` is after its `to` is refused before sending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildReport {
    /// `period`.
    pub period: Period,
    /// `objectIds`: the objects to report on.
    #[serde(rename = "objectIds")]
    pub object_ids: Vec<ObjectId>,
}

impl BuildReport {
    /// A build over `from..to` for `objects`.
    pub fn new(from: Timestamp, to: Timestamp, objects: Vec<ObjectId>) -> Self {
        BuildReport {
            period: Period { from, to },
            object_ids: objects,
        }
    }
}

/// Export formats of a build (`format=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// JSON.
    Json,
    /// Excel.
    Xlsx,
    /// PDF.
    Pdf,
    /// CSV.
    Csv,
}

impl ExportFormat {
    /// The `format` parameter value.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Csv => "csv",
        }
    }
}

/// An exported build, streamed: the file is read chunk by chunk as it arrives and never held
/// whole in memory (exports can be large; the client's maximum response size does not apply).
#[derive(Debug)]
pub struct Export {
    /// The response's content type.
    pub content_type: Option<String>,
    body: ByteStream,
}

impl Export {
    /// The file as a stream of chunks.
    pub fn into_stream(self) -> ByteStream {
        self.body
    }

    /// Writes the file to `out` chunk by chunk; returns the number of bytes written.
    pub async fn write_to<W>(self, out: &mut W) -> Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        self.body.write_to(out).await
    }

    /// Reads the whole file into memory, failing with [`core_http::Error::BodyTooLarge`] as
    /// soon as it exceeds `limit` bytes.
    pub async fn bytes(self, limit: u64) -> Result<Vec<u8>> {
        Ok(self.body.collect(limit).await?.to_vec())
    }
}

impl Store<Report> {
    /// `GET /api/v1/reports/builds`: one page of report builds (a bare JSON array), with the
    /// usual list parameters; `query.filter("report", id)` narrows to one report's builds.
    ///
    /// # Errors
    ///
    /// The list parameter errors of [`Store::list_page`], before anything is sent.
    pub async fn list_builds_page(&self, query: &ListQuery) -> Result<Vec<ReportBuild>> {
        Ok(self.page_of("/builds", None, query).await?.into_items())
    }

    /// Every report build matching `query`, as a lazy stream over all pages: `limit` is the
    /// page size (default and maximum 10000), `offset` the starting point. Stops after a short
    /// page.
    ///
    /// # Errors
    ///
    /// The stream yields the errors of [`Store::list_builds_page`] and stops after the first.
    pub fn list_builds(
        &self,
        query: &ListQuery,
    ) -> impl Stream<Item = Result<ReportBuild>> + Send + 'static {
        self.pages_of("/builds", None, query)
    }

    /// One report build by id: `GET /api/v1/reports/builds?where._id=<id>`, as the vendor's
    /// integration reads it. `None` when no build has that id (the vendor keeps only the
    /// [`BUILDS_KEPT`] newest builds of a report); a record with another `_id` in the answer
    /// is never taken for it.
    pub async fn find_build(&self, build: &ObjectId) -> Result<Option<ReportBuild>> {
        let query = ListQuery::new().filter("_id", build);
        let builds = self.list_builds_page(&query).await?;
        Ok(builds
            .into_iter()
            .find(|b| b.system.id.as_ref() == Some(build)))
    }

    /// `POST /api/v1/reports/builds/:id/cancel` (no body): asks the vendor to cancel a build
    /// and returns the build as the vendor answers it.
    ///
    /// The vendor answers 200 with the build whether or not it was cancelled: a build that had
    /// already completed comes back with its status unchanged. Check
    /// [`ReportBuild::status`] (`cancelled`, [`STATUS_CANCELLED`]) to know what happened; the
    /// answer is returned rather than turned into an error because the vendor may report a
    /// cancellation still in progress with another status.
    pub async fn cancel_build(&self, build: &ObjectId) -> Result<ReportBuild> {
        let path = self.path("/builds/{id}/cancel")?;
        self.client
            .post(&path)
            .path_param("id", build)
            .send_json()
            .await
    }

    /// `POST /api/v1/reports/:id/build`.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending when the period's `from` is after its `to`.
    pub async fn build(&self, report: &ObjectId, request: &BuildReport) -> Result<ReportBuild> {
        if request.period.from > request.period.to {
            return Err(Error::validation("period", "`from` is after `to`"));
        }
        let path = self.path("/{id}/build")?;
        self.client
            .post(&path)
            .path_param("id", report)
            .json(request)
            .send_json()
            .await
    }

    /// `GET /api/v1/reports/builds/:id/export?format=...`. The file is streamed: see
    /// [`Export::write_to`], [`Export::into_stream`].
    pub async fn export(&self, build: &ObjectId, format: ExportFormat) -> Result<Export> {
        let path = api_path("/reports/builds/{id}/export");
        let body = self
            .client
            .get(&path)
            .path_param("id", build)
            .query("format", format.as_str())
            .send_stream()
            .await?;
        Ok(Export {
            content_type: body.header("content-type").map(str::to_owned),
            body,
        })
    }
}
