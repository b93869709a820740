//! Reports: v1 (deprecated, numbers in minutes; docs/vendors/resource-guru.md §7.10) and v2 (`/v2/...`, unverified
//! paths; docs/vendors/resource-guru.md §7.11). v2's nested objects are not documented and are kept as JSON.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::lenient;

/// One resource row of a v1 report (docs/vendors/resource-guru.md §7.10). Ids are strings in the legacy examples.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ResourceReportRow {
    /// Resource id.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Avatar URL.
    #[serde(default)]
    pub image: Option<String>,
    /// Available minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub availability: Option<f64>,
    /// Booked minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub booked: Option<f64>,
    /// Unbooked minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub unbooked: Option<f64>,
    /// Waiting-list minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub waiting_list: Option<f64>,
    /// Booked / available, 0..1.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub utilization: Option<f64>,
    /// API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Type name, such as `Person`.
    #[serde(default)]
    pub resource_type: Option<String>,
    /// Such as `25 Aug 2014 - 31 Aug 2014`.
    #[serde(default)]
    pub earliest_available_period: Option<String>,
    /// Job title.
    #[serde(default)]
    pub job_title: Option<String>,
    /// Custom field id → option ids (an empty one comes as `[]`).
    #[serde(default)]
    pub custom_fields: Option<Value>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// "Get report of resources" (v1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ResourcesReport {
    /// Available minutes (= booked + unbooked).
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub availability: Option<f64>,
    /// Booked minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub booked: Option<f64>,
    /// Unbooked minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub unbooked: Option<f64>,
    /// Waiting-list minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub waiting_list: Option<f64>,
    /// Utilization, 0..1.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub utilization: Option<f64>,
    /// Per resource.
    #[serde(default)]
    pub resources: Option<Vec<ResourceReportRow>>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// "Get report of a resource" (v1): the row fields plus clients, projects and downtime sums.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ResourceReport {
    /// The resource's numbers and details.
    #[serde(flatten)]
    pub resource: ResourceReportRow,
    /// Per client.
    #[serde(default)]
    pub clients: Option<Vec<Value>>,
    /// Per project.
    #[serde(default)]
    pub projects: Option<Vec<Value>>,
    /// Per downtime type.
    #[serde(default)]
    pub downtime_types: Option<Vec<Value>>,
}

/// A project row of the v1 projects report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProjectReportRow {
    /// Project id.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Project code.
    #[serde(default)]
    pub project_code: Option<String>,
    /// Client name.
    #[serde(default)]
    pub client_name: Option<String>,
    /// Client id.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub client_id: Option<u64>,
    /// Colour.
    #[serde(default)]
    pub color: Option<String>,
    /// Booked minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub booked: Option<f64>,
    /// Waiting-list minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub waiting_list: Option<f64>,
    /// API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Per resource (single-project report).
    #[serde(default)]
    pub resources: Option<Vec<ResourceReportRow>>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// "Get report of projects" (v1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProjectsReport {
    /// Booked minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub booked: Option<f64>,
    /// Waiting-list minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub waiting_list: Option<f64>,
    /// Largest usage.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub max_usage: Option<f64>,
    /// Per project.
    #[serde(default)]
    pub projects: Option<Vec<ProjectReportRow>>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A client row of the v1 clients report (and the single-client report).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClientReportRow {
    /// Client id.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// Colour.
    #[serde(default)]
    pub color: Option<String>,
    /// Booked minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub booked: Option<f64>,
    /// Waiting-list minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub waiting_list: Option<f64>,
    /// API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Per resource (single-client report).
    #[serde(default)]
    pub resources: Option<Vec<ResourceReportRow>>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// "Get report of clients" (v1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClientsReport {
    /// Booked minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub booked: Option<f64>,
    /// Waiting-list minutes.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub waiting_list: Option<f64>,
    /// Largest usage.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub max_usage: Option<f64>,
    /// Per client.
    #[serde(default)]
    pub clients: Option<Vec<ClientReportRow>>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A v2 report (docs/vendors/resource-guru.md §7.11). Only the top-level keys are documented; every key is kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportV2 {
    /// Entity id (single-entity reports).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// Entity name (single-entity reports).
    #[serde(default)]
    pub name: Option<String>,
    /// Colour (single-entity reports).
    #[serde(default)]
    pub color: Option<String>,
    /// Scheduled totals.
    #[serde(default)]
    pub scheduled: Option<Value>,
    /// Waiting-list totals.
    #[serde(default)]
    pub waiting_list: Option<Value>,
    /// Tentative totals.
    #[serde(default)]
    pub tentative: Option<Value>,
    /// Every other key (`approvals`, `resources`, `clients`, `projects`, `unassigned`...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::{Error, Result};
    use jiff::civil::Date;
    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Serialize};

    use super::{
        ClientReportRow, ClientsReport, ProjectReportRow, ProjectsReport, ReportV2, ResourceReport,
        ResourcesReport,
    };
    use crate::client::{Client, Query};
    use crate::endpoints::{self as ep, Endpoint};

    /// The period of an aggregate report (both dates required; every report operation).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ReportPeriod {
        /// First day.
        pub start_date: Date,
        /// Last day.
        pub end_date: Date,
    }

    impl ReportPeriod {
        /// From `start_date` to `end_date`.
        pub fn new(start_date: Date, end_date: Date) -> Self {
            ReportPeriod {
                start_date,
                end_date,
            }
        }
    }

    /// A single-entity report: entity `id` over a period. In v1 project and client reports,
    /// id `0` means "bookings without a project/client"; v2 ids are ≥ 1.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct EntityReport {
        /// Resource, project or client id.
        pub id: u64,
        /// First day.
        pub start_date: Date,
        /// Last day.
        pub end_date: Date,
    }

    impl EntityReport {
        /// Report of entity `id` from `start_date` to `end_date`.
        pub fn new(id: u64, start_date: Date, end_date: Date) -> Self {
            EntityReport {
                id,
                start_date,
                end_date,
            }
        }
    }

    fn period_query(start: Date, end: Date) -> Result<Query> {
        if end < start {
            return Err(Error::validation(
                "end_date",
                "must not be before start_date",
            ));
        }
        Ok(Query::new()
            .opt("start_date", Some(start))
            .opt("end_date", Some(end)))
    }

    async fn aggregate<T: DeserializeOwned>(
        client: &Client,
        endpoint: &Endpoint,
        p: &ReportPeriod,
    ) -> Result<T> {
        let q = period_query(p.start_date, p.end_date)?;
        client.call(endpoint).query_pairs(q.0).send_json().await
    }

    async fn single<T: DeserializeOwned>(
        client: &Client,
        endpoint: &Endpoint,
        r: &EntityReport,
        zero_ok: bool,
    ) -> Result<T> {
        if r.id == 0 && !zero_ok {
            return Err(Error::validation("id", "must be at least 1"));
        }
        let q = period_query(r.start_date, r.end_date)?;
        client
            .call_id(endpoint, r.id)
            .query_pairs(q.0)
            .send_json()
            .await
    }

    /// Reports v1 (deprecated): `client.reports()`.
    #[derive(Clone, Debug)]
    pub struct Reports {
        client: Client,
    }

    /// Reports v2: `client.reports_v2()`. Paths are unverified (P2).
    #[derive(Clone, Debug)]
    pub struct ReportsV2 {
        client: Client,
    }

    impl Client {
        /// Reports v1 (deprecated).
        pub fn reports(&self) -> Reports {
            Reports {
                client: self.clone(),
            }
        }

        /// Reports v2.
        pub fn reports_v2(&self) -> ReportsV2 {
            ReportsV2 {
                client: self.clone(),
            }
        }
    }

    impl Reports {
        /// "Get report of projects".
        pub async fn projects(&self, p: &ReportPeriod) -> Result<ProjectsReport> {
            aggregate(&self.client, &ep::REPORTS_PROJECTS, p).await
        }

        /// "Get report of a project" (id 0: bookings without a project).
        pub async fn project(&self, r: &EntityReport) -> Result<ProjectReportRow> {
            single(&self.client, &ep::REPORTS_PROJECT, r, true).await
        }

        /// "Get report of clients".
        pub async fn clients(&self, p: &ReportPeriod) -> Result<ClientsReport> {
            aggregate(&self.client, &ep::REPORTS_CLIENTS, p).await
        }

        /// "Get report of a client" (id 0: bookings without a client).
        pub async fn client(&self, r: &EntityReport) -> Result<ClientReportRow> {
            single(&self.client, &ep::REPORTS_CLIENT, r, true).await
        }

        /// "Get report of resources".
        pub async fn resources(&self, p: &ReportPeriod) -> Result<ResourcesReport> {
            aggregate(&self.client, &ep::REPORTS_RESOURCES, p).await
        }

        /// "Get report of a resource".
        pub async fn resource(&self, r: &EntityReport) -> Result<ResourceReport> {
            single(&self.client, &ep::REPORTS_RESOURCE, r, false).await
        }
    }

    impl ReportsV2 {
        /// "Get report of resources" (v2).
        pub async fn resources(&self, p: &ReportPeriod) -> Result<ReportV2> {
            aggregate(&self.client, &ep::REPORTS_V2_RESOURCES, p).await
        }

        /// "Get report of a resource" (v2).
        pub async fn resource(&self, r: &EntityReport) -> Result<ReportV2> {
            single(&self.client, &ep::REPORTS_V2_RESOURCE, r, false).await
        }

        /// "Get report of clients" (v2).
        pub async fn clients(&self, p: &ReportPeriod) -> Result<ReportV2> {
            aggregate(&self.client, &ep::REPORTS_V2_CLIENTS, p).await
        }

        /// "Get report of a client" (v2).
        pub async fn client(&self, r: &EntityReport) -> Result<ReportV2> {
            single(&self.client, &ep::REPORTS_V2_CLIENT, r, false).await
        }

        /// "Get report of bookings with no clients" (v2).
        pub async fn clients_unassigned(&self, p: &ReportPeriod) -> Result<ReportV2> {
            aggregate(&self.client, &ep::REPORTS_V2_CLIENTS_UNASSIGNED, p).await
        }

        /// "Get report of projects" (v2).
        pub async fn projects(&self, p: &ReportPeriod) -> Result<ReportV2> {
            aggregate(&self.client, &ep::REPORTS_V2_PROJECTS, p).await
        }

        /// "Get report of a project" (v2).
        pub async fn project(&self, r: &EntityReport) -> Result<ReportV2> {
            single(&self.client, &ep::REPORTS_V2_PROJECT, r, false).await
        }

        /// "Get report of bookings with no project" (v2).
        pub async fn projects_unassigned(&self, p: &ReportPeriod) -> Result<ReportV2> {
            aggregate(&self.client, &ep::REPORTS_V2_PROJECTS_UNASSIGNED, p).await
        }
    }
}
