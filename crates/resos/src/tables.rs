//! Tables and areas (docs/vendors/resos.md §11). There is no areas endpoint: areas are read from
//! the tables that embed them.

use core_http::Result;
use futures::Stream;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{Client, single_request};
use crate::common::{AreaId, TableId, lenient};
use crate::query::Sort;

/// An area (room, terrace) that tables belong to.
///
/// Only `name` is confirmed; the other fields come from the AI-drafted spec (docs/vendors/resos.md
/// §11.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    /// Area id.
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<AreaId>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Staff note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_note: Option<String>,
    /// Priority when resOS assigns tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_priority: Option<i64>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A table, as listed by `GET /tables` and embedded in bookings.
///
/// `_id` and `name` are confirmed; seat counts and the note come from the AI-drafted spec
/// (docs/vendors/resos.md §11.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    /// Table id.
    #[serde(rename = "_id")]
    pub id: TableId,
    /// Name; may be a combination such as `"Table 1 + Table 2"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Fewest guests.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub seats_min: Option<u32>,
    /// Most guests.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub seats_max: Option<u32>,
    /// Staff note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_note: Option<String>,
    /// The area the table is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Area>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Input of `tables.list` and `tables.list_page`. The only seen call sends no parameters;
/// `sort` is offered because the doc says every list can be sorted (docs/vendors/resos.md §5).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ListTables {
    /// Sort keys (`sort`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
}

model_kit::setters!(ListTables {
    /// Sort order.
    sort: Sort,
});

/// Input of `tables.list_areas` and `tables.list_areas_page` (no parameters).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListAreas {}

/// Handle for tables and areas: `client.tables()`.
#[derive(Clone, Debug)]
pub struct Tables {
    client: Client,
}

impl Tables {
    pub(crate) fn new(client: Client) -> Self {
        Tables { client }
    }

    /// Every table, as a stream (`tables.list`). Not paged by the vendor: one request answers
    /// everything (made on the first poll).
    pub fn list(&self, request: &ListTables) -> impl Stream<Item = Result<Table>> + Send + 'static {
        let this = self.clone();
        let request = request.clone();
        single_request(async move { this.list_page(&request).await })
    }

    /// Every table, in one answer (`tables.list_page`): `GET /tables`. Not paged by the
    /// vendor: one request answers everything.
    pub async fn list_page(&self, request: &ListTables) -> Result<Vec<Table>> {
        let params = self.client.list_params(request.sort.as_ref(), None)?;
        self.client.get_with("/tables", &params).send_json().await
    }

    /// The areas of the restaurant, as a stream (`tables.list_areas`); see
    /// [`list_areas_page`](Self::list_areas_page). Not paged by the vendor: one request
    /// answers everything (made on the first poll).
    pub fn list_areas(
        &self,
        request: &ListAreas,
    ) -> impl Stream<Item = Result<Area>> + Send + 'static {
        let this = self.clone();
        let request = request.clone();
        single_request(async move { this.list_areas_page(&request).await })
    }

    /// The areas of the restaurant, in one answer (`tables.list_areas_page`), derived from
    /// `GET /tables`: each distinct area (by id, or by name when there is no id) in order of
    /// first appearance. resOS has no areas endpoint (docs/vendors/resos.md §11.2). Not paged
    /// by the vendor: one request answers everything.
    pub async fn list_areas_page(&self, _request: &ListAreas) -> Result<Vec<Area>> {
        let tables = self.list_page(&ListTables::default()).await?;
        Ok(distinct_areas(tables))
    }
}

fn distinct_areas(tables: Vec<Table>) -> Vec<Area> {
    let mut out: Vec<Area> = Vec::new();
    for area in tables.into_iter().filter_map(|t| t.area) {
        let same = |a: &Area| match (&a.id, &area.id) {
            (Some(x), Some(y)) => x == y,
            (None, None) => a.name == area.name,
            _ => false,
        };
        if !out.iter().any(same) {
            out.push(area);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_distinct_in_first_seen_order() {
        let tables: Vec<Table> = serde_json::from_value(serde_json::json!([
            {"_id": "t1", "area": {"_id": "a2", "name": "Terrace"}},
            {"_id": "t2", "area": {"_id": "a1", "name": "Hall"}},
            {"_id": "t3", "area": {"_id": "a2", "name": "Terrace"}},
            {"_id": "t4"},
            {"_id": "t5", "area": {"name": "Bar"}},
            {"_id": "t6", "area": {"name": "Bar"}}
        ]))
        .unwrap();
        let names: Vec<_> = distinct_areas(tables)
            .into_iter()
            .map(|a| a.name.unwrap())
            .collect();
        assert_eq!(names, ["Terrace", "Hall", "Bar"]);
    }
}
