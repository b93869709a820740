//! `tables`: user-defined data tables and their rows (`tables/:id/rows`, docs/vendors/rightech.md
//! §9).

use std::collections::BTreeMap;

use core_http::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use futures::Stream;

use core_http::paging::PageRequest;

use crate::store::{ListQuery, ObjectId, PagedQuery, Store, SystemFields};

/// Store name of tables.
pub const STORE: &str = "tables";

/// Query parameter names a column filter may not use (they are list parameters).
const RESERVED_PARAMS: &[&str] = &[
    "offset", "limit", "only", "meta", "from", "to", "begin", "end", "search", "streamed",
    "nolimit",
];

record! {
    /// A data table.
    pub struct Table {
        /// `columns`: the table's column definitions (shape undocumented).
        pub columns: Option<Value>,
    }
}

/// A table row: system fields plus the column values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Row {
    /// `_id`, `owner`, `group`, `access`, `branch`.
    #[serde(flatten)]
    pub system: SystemFields,
    /// The column values.
    #[serde(flatten)]
    pub columns: Map<String, Value>,
}

/// Rows whose columns equal the given values: the values are passed as query parameters
/// (docs/vendors/rightech.md §7), on top of the usual list parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RowQuery {
    /// Column name → value.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Paging, window, projection, filters.
    #[serde(default)]
    pub list: ListQuery,
}

impl RowQuery {
    /// Rows matching every `column = value`.
    pub fn new() -> Self {
        RowQuery::default()
    }

    /// Adds `column = value`.
    pub fn column(mut self, column: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.columns.insert(column.into(), value.to_string());
        self
    }

    /// Further list parameters.
    pub fn list(mut self, list: ListQuery) -> Self {
        self.list = list;
        self
    }
}

impl PagedQuery for RowQuery {
    fn pairs(&self) -> Result<Vec<(String, String)>> {
        let mut out = self.list.to_pairs()?;
        for (column, value) in &self.columns {
            if column.is_empty()
                || RESERVED_PARAMS.contains(&column.as_str())
                || column.starts_with("where.")
            {
                return Err(Error::validation(
                    "columns",
                    format!("`{column}` cannot be used as a column filter"),
                ));
            }
            out.push((column.clone(), value.clone()));
        }
        Ok(out)
    }

    fn paging(&self) -> (Option<u32>, Option<u64>) {
        self.list.paging()
    }

    fn at(&self, page: PageRequest) -> Self {
        RowQuery {
            list: self.list.at(page),
            ..self.clone()
        }
    }
}

impl Store<Table> {
    /// The rows of one table, a store of its own (`tables/:id/rows`): list, get, create,
    /// patch and delete work as on any store.
    pub fn rows(&self, table: &ObjectId) -> Store<Row> {
        Store::new(self.client.clone(), format!("{}/{table}/rows", self.name))
    }
}

impl Store<Row> {
    /// `GET .../rows` filtered by column values: one page of at most 10000 rows.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for a column name that is empty, starts with
    /// `where.` or is a list parameter (`limit`, `offset`, `only`, ...), and for the list
    /// parameter errors of [`Store::list_page`].
    pub async fn list_by_columns_page(&self, query: &RowQuery) -> Result<Vec<Row>> {
        Ok(self.page_of("", None, query).await?.into_items())
    }

    /// Every row matching `query`, as a lazy stream over all pages (`list.limit` is the page
    /// size).
    ///
    /// # Errors
    ///
    /// The stream yields the errors of [`Store::list_by_columns_page`] and stops after the
    /// first.
    pub fn list_by_columns(
        &self,
        query: &RowQuery,
    ) -> impl Stream<Item = Result<Row>> + Send + 'static {
        self.pages_of("", None, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_filters_cannot_shadow_list_parameters() {
        assert!(RowQuery::new().column("limit", 5).pairs().is_err());
        assert!(RowQuery::new().column("where.x", 5).pairs().is_err());
        let pairs = RowQuery::new().column("dock", 3).pairs().unwrap();
        assert_eq!(pairs, vec![("dock".to_owned(), "3".to_owned())]);
    }
}
