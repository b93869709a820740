//! Generic store access (`/api/v1/:store`, docs/vendors/rightech.md §5–§7): ids, system fields,
//! list parameters, partial updates and the [`Store`] handle every typed store builds on.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use core_http::paging::{Page, PageRequest, offset_pages};
use core_http::{Error, Result};
use futures::{Stream, StreamExt};
use model_kit::lenient::Single;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::time::TimeBound;

/// Most records one list response holds; also the largest `limit` (docs/vendors/rightech.md §6).
pub const PAGE_MAX: u32 = 10_000;

/// Fields every record has that a PATCH cannot change (docs/vendors/rightech.md §4, §5).
pub const SYSTEM_FIELDS: &[&str] = &["_id", "owner", "group", "access", "branch"];

/// Path prefix of every HTTP method (docs/vendors/rightech.md §2).
pub(crate) const API_PREFIX: &str = "/api/v1";

/// Length of an [`ObjectId`] in hex characters (docs/vendors/rightech.md §4).
pub const OBJECT_ID_LEN: usize = 24;

checked_id! {
    /// A record's identity: a BSON ObjectId written as 24 hexadecimal characters
    /// (docs/vendors/rightech.md §4).
    ///
    /// Upper-case input is accepted and normalised to lower case (the server writes lower case).
    ///
    /// ```
    /// use rightech::ObjectId;
    /// let id = ObjectId::new("5F0C2E9A1B2C3D4E5F607182")?;
    /// assert_eq!(id.as_str(), "5f0c2e9a1b2c3d4e5f607182");
    /// assert!(ObjectId::new("not-an-id").is_err());
    /// # Ok::<(), rightech::Error>(())
    /// ```
    pub struct ObjectId;
    field = "_id",
    error = "`{id}` is not an ObjectId (24 hex characters)",
    check = |id| id.len() == OBJECT_ID_LEN && id.bytes().all(|b| b.is_ascii_hexdigit()),
    normalise = |id| id.to_ascii_lowercase(),
}

/// The system fields every record carries (docs/vendors/rightech.md §4), flattened into each record
/// type.
///
/// All are optional on reading: a projection (`only=`) or an unusual store may omit them.
/// `access` and `branch` have undocumented shapes and are kept as raw JSON.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SystemFields {
    /// `_id`: the record's identity, assigned by the server.
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ObjectId>,
    /// `owner`: the owner's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<ObjectId>,
    /// `group`: the owner group's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<ObjectId>,
    /// `access`: the access list (shape undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Value>,
    /// `branch`: the list of access groups (shape undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<Value>,
}

/// A record of any store: the system fields plus every other field as raw JSON.
///
/// `Record<T>` puts the system fields next to your own type `T`; the default `T` keeps
/// everything else as a JSON map ([`RawRecord`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Record<T = Map<String, Value>> {
    /// `_id`, `owner`, `group`, `access`, `branch`.
    #[serde(flatten)]
    pub system: SystemFields,
    /// The store-specific fields.
    #[serde(flatten)]
    pub data: T,
}

/// A record kept as raw JSON besides its system fields.
pub type RawRecord = Record<Map<String, Value>>;

/// A store name such as `objects` or `tables/<id>/rows`: path segments of
/// `A-Z a-z 0-9 _ - .`, checked before any request.
fn check_store_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        });
    if ok {
        Ok(())
    } else {
        Err(Error::validation(
            "store",
            format!("`{name}` is not a store name (segments of A-Z a-z 0-9 _ - .)"),
        ))
    }
}

/// Parameters of a list call: paging, projection, creation-time window and field filters
/// (docs/vendors/rightech.md §6, §7). For the collection's metadata use [`MetaQuery`], which has no
/// `offset`/`limit` because the API refuses to combine them with `meta=true`.
///
/// ```
/// use rightech::{ListQuery, TimeBound};
/// let q = ListQuery::new()
///     .limit(100)
///     .offset(200)
///     .only(["name", "status"])
///     .from(TimeBound::millis(1567285200000))
///     .filter("model", "64a000000000000000000001");
/// assert_eq!(
///     q.to_pairs()?,
///     vec![
///         ("offset".to_string(), "200".to_string()),
///         ("limit".to_string(), "100".to_string()),
///         ("only".to_string(), "name,status".to_string()),
///         ("from".to_string(), "1567285200000".to_string()),
///         ("where.model".to_string(), "64a000000000000000000001".to_string()),
///     ]
/// );
/// assert!(ListQuery::new().limit(10_001).to_pairs().is_err());
/// # Ok::<(), rightech::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `offset`: records to skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// `limit`: most records to return, 1..=10000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `only`: fields to return (`_id` always comes back).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only: Vec<String>,
    /// Creation-time window and filters.
    #[serde(default, skip_serializing_if = "Window::is_empty")]
    pub window: Window,
}

/// The creation-time window and `where.<field>` filters shared by [`ListQuery`] and
/// [`MetaQuery`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// `from`: lower bound of the creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<TimeBound>,
    /// `to`: upper bound of the creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<TimeBound>,
    /// `begin`: synonym of `from` (use one or the other).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin: Option<TimeBound>,
    /// `end`: synonym of `to` (use one or the other).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<TimeBound>,
    /// `where.<field>=<value>` equality filters (nested fields with dots: `config.key`).
    #[serde(default, rename = "where", skip_serializing_if = "BTreeMap::is_empty")]
    pub filters: BTreeMap<String, String>,
}

impl Window {
    /// Whether no bound and no filter is set.
    pub fn is_empty(&self) -> bool {
        self == &Window::default()
    }

    fn push_pairs(&self, out: &mut Vec<(String, String)>) -> Result<()> {
        if self.from.is_some() && self.begin.is_some() {
            return Err(Error::validation(
                "begin",
                "`from` and `begin` are synonyms; set only one",
            ));
        }
        if self.to.is_some() && self.end.is_some() {
            return Err(Error::validation(
                "end",
                "`to` and `end` are synonyms; set only one",
            ));
        }
        for (key, value) in [
            ("from", &self.from),
            ("to", &self.to),
            ("begin", &self.begin),
            ("end", &self.end),
        ] {
            if let Some(v) = value {
                out.push((key.to_owned(), v.to_string()));
            }
        }
        for (field, value) in &self.filters {
            if field.is_empty() {
                return Err(Error::validation("where", "empty field name"));
            }
            out.push((format!("where.{field}"), value.clone()));
        }
        Ok(())
    }
}

macro_rules! window_setters {
    () => {
        /// `from`: lower bound of the creation time.
        pub fn from(mut self, bound: impl Into<TimeBound>) -> Self {
            self.window.from = Some(bound.into());
            self
        }

        /// `to`: upper bound of the creation time.
        pub fn to(mut self, bound: impl Into<TimeBound>) -> Self {
            self.window.to = Some(bound.into());
            self
        }

        /// `begin`: the synonym of `from` (set one of them).
        pub fn begin(mut self, bound: impl Into<TimeBound>) -> Self {
            self.window.begin = Some(bound.into());
            self
        }

        /// `end`: the synonym of `to` (set one of them).
        pub fn end(mut self, bound: impl Into<TimeBound>) -> Self {
            self.window.end = Some(bound.into());
            self
        }

        /// `where.<field>=<value>`: records whose field equals the value.
        pub fn filter(mut self, field: impl Into<String>, value: impl std::fmt::Display) -> Self {
            self.window.filters.insert(field.into(), value.to_string());
            self
        }
    };
}

page_setters!(ListQuery);

impl ListQuery {
    /// An empty query (the server's default page).
    pub fn new() -> Self {
        ListQuery::default()
    }

    /// `only`: the fields to return.
    pub fn only<I, S>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.only = fields.into_iter().map(Into::into).collect();
        self
    }

    window_setters!();

    /// The query parameters, validated.
    pub fn to_pairs(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        if let Some(offset) = self.offset {
            out.push(("offset".to_owned(), offset.to_string()));
        }
        push_limit(&mut out, self.limit)?;
        if !self.only.is_empty() {
            if self.only.iter().any(|f| f.is_empty() || f.contains(',')) {
                return Err(Error::validation(
                    "only",
                    "field names must be non-empty and hold no comma",
                ));
            }
            out.push(("only".to_owned(), self.only.join(",")));
        }
        self.window.push_pairs(&mut out)?;
        Ok(out)
    }
}

/// Adds `limit` to a list's query parameters, refused before sending outside 1..=[`PAGE_MAX`].
pub(crate) fn push_limit(out: &mut Vec<(String, String)>, limit: Option<u32>) -> Result<()> {
    if let Some(limit) = limit {
        if !(1..=PAGE_MAX).contains(&limit) {
            return Err(Error::validation(
                "limit",
                format!("must be between 1 and {PAGE_MAX}, got {limit}"),
            ));
        }
        out.push(("limit".to_owned(), limit.to_string()));
    }
    Ok(())
}

/// Parameters of a `meta=true` call: the collection's count, first and last record
/// (docs/vendors/rightech.md §6). It has no `offset`/`limit` on purpose: the API refuses that
/// combination.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetaQuery {
    /// Creation-time window and filters.
    #[serde(default, skip_serializing_if = "Window::is_empty")]
    pub window: Window,
}

impl MetaQuery {
    /// Metadata of the whole collection.
    pub fn new() -> Self {
        MetaQuery::default()
    }

    window_setters!();

    /// The query parameters, validated (`meta=true` first).
    pub fn to_pairs(&self) -> Result<Vec<(String, String)>> {
        let mut out = vec![("meta".to_owned(), "true".to_owned())];
        self.window.push_pairs(&mut out)?;
        Ok(out)
    }
}

/// The answer to `meta=true`. Its shape is not documented (docs/vendors/rightech.md §6), so it is
/// kept as raw JSON with best-effort accessors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Meta(pub Value);

impl Meta {
    /// The total count (`count`, `total` or `length`), when the answer has one.
    pub fn count(&self) -> Option<u64> {
        ["count", "total", "length"]
            .iter()
            .find_map(|k| self.0.get(k))
            .and_then(|v| match v {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.parse().ok(),
                _ => None,
            })
    }

    /// The first record, when the answer has one.
    pub fn first(&self) -> Option<&Value> {
        self.0.get("first").filter(|v| !v.is_null())
    }

    /// The last record, when the answer has one.
    pub fn last(&self) -> Option<&Value> {
        self.0.get("last").filter(|v| !v.is_null())
    }
}

/// A partial update for `PATCH /api/v1/:store/:id` (docs/vendors/rightech.md §5): only the given
/// fields change, and a field set to `null` is cleared. System fields cannot be part of it.
///
/// ```
/// use rightech::Patch;
/// use serde_json::json;
/// let patch = Patch::new()
///     .set("name", "Dock door 3")?
///     .set("deadlines", json!({"inwork": null}))?
///     .clear("description")?;
/// assert_eq!(
///     serde_json::to_value(&patch)?,
///     json!({"name": "Dock door 3", "deadlines": {"inwork": null}, "description": null})
/// );
/// assert!(Patch::new().set("_id", "5f0c2e9a1b2c3d4e5f607182").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Patch(Map<String, Value>);

impl Patch {
    /// An empty patch.
    pub fn new() -> Self {
        Patch::default()
    }

    /// Sets `field` to `value` (any JSON; `null` clears the field).
    pub fn set(mut self, field: &str, value: impl Serialize) -> Result<Self> {
        check_patch_field(field)?;
        let value =
            serde_json::to_value(value).map_err(|e| Error::validation(field, e.to_string()))?;
        self.0.insert(field.to_owned(), value);
        Ok(self)
    }

    /// Clears `field` (sends it as `null`).
    pub fn clear(self, field: &str) -> Result<Self> {
        self.set(field, Value::Null)
    }

    /// A patch from any serialisable value that serialises to a JSON object. Fields serialised
    /// as `null` are sent as `null` (and clear the field): skip them with
    /// `#[serde(skip_serializing_if = "Option::is_none")]` where that is not meant.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self> {
        match serde_json::to_value(value) {
            Ok(Value::Object(map)) => Patch::from_map(map),
            Ok(_) => Err(Error::validation(
                "patch",
                "must serialise to a JSON object",
            )),
            Err(e) => Err(Error::validation("patch", e.to_string())),
        }
    }

    /// A patch from a JSON object.
    pub fn from_map(map: Map<String, Value>) -> Result<Self> {
        for field in map.keys() {
            check_patch_field(field)?;
        }
        Ok(Patch(map))
    }

    /// The fields to send.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.0
    }

    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Patch {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(d)?;
        Patch::from_map(map).map_err(serde::de::Error::custom)
    }
}

fn check_patch_field(field: &str) -> Result<()> {
    if field.is_empty() {
        return Err(Error::validation("patch", "empty field name"));
    }
    if SYSTEM_FIELDS.contains(&field) {
        return Err(Error::validation(
            field,
            "system field cannot be changed by PATCH (docs/vendors/rightech.md §5)",
        ));
    }
    Ok(())
}

/// A stream over the items of one answer, requested lazily on the first poll: the form
/// `list` takes for endpoints the vendor does not page.
pub(crate) fn unpaged<T, Fut>(fetch: Fut) -> impl Stream<Item = Result<T>> + Send + 'static
where
    T: Send + 'static,
    Fut: std::future::Future<Output = Result<Vec<T>>> + Send + 'static,
{
    futures::stream::once(fetch).flat_map(|answer| {
        let items: Vec<Result<T>> = match answer {
            Ok(items) => items.into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        };
        futures::stream::iter(items)
    })
}

/// A list query the crate can page: its validated query parameters, its own `limit` and
/// `offset`, and a copy of it placed at another page.
pub(crate) trait PagedQuery: Clone + Send + Sync + 'static {
    /// The query parameters, validated before anything is sent.
    fn pairs(&self) -> Result<Vec<(String, String)>>;
    /// The query's own `limit` (the page size) and `offset` (the starting point).
    fn paging(&self) -> (Option<u32>, Option<u64>);
    /// The same query at `page`.
    fn at(&self, page: PageRequest) -> Self;
}

impl PagedQuery for ListQuery {
    fn pairs(&self) -> Result<Vec<(String, String)>> {
        self.to_pairs()
    }

    fn paging(&self) -> (Option<u32>, Option<u64>) {
        (self.limit, self.offset)
    }

    fn at(&self, page: PageRequest) -> Self {
        self.clone().offset(page.offset).limit(page.limit)
    }
}

/// A handle on one store, `/api/v1/<name>`, whose records decode as `T`.
///
/// Get one with [`crate::Client::store`] (any `T: DeserializeOwned`, such as your own type,
/// [`RawRecord`] or `serde_json::Value`) or from a typed accessor such as
/// [`crate::Client::objects`].
pub struct Store<T> {
    pub(crate) client: core_http::Client,
    pub(crate) name: String,
    _records: PhantomData<fn() -> T>,
}

impl<T> Clone for Store<T> {
    fn clone(&self) -> Self {
        Store {
            client: self.client.clone(),
            name: self.name.clone(),
            _records: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("name", &self.name).finish()
    }
}

impl<T> Store<T> {
    pub(crate) fn new(client: core_http::Client, name: impl Into<String>) -> Self {
        Store {
            client,
            name: name.into(),
            _records: PhantomData,
        }
    }

    /// The store name (the `:store` path segment).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The same store with records decoded as `U`.
    pub fn typed<U>(&self) -> Store<U> {
        Store::new(self.client.clone(), self.name.clone())
    }

    /// `/api/v1/<store><suffix>`, after checking the store name.
    pub(crate) fn path(&self, suffix: &str) -> Result<String> {
        check_store_name(&self.name)?;
        Ok(format!("{API_PREFIX}/{}{suffix}", self.name))
    }

    /// One page of `GET /api/v1/<store><suffix>` (`{id}` in `suffix` bound to `id`),
    /// fingerprinted for paging.
    pub(crate) async fn page_of<U: DeserializeOwned, Q: PagedQuery>(
        &self,
        suffix: &str,
        id: Option<&ObjectId>,
        query: &Q,
    ) -> Result<Page<U>> {
        let pairs = query.pairs()?;
        let path = self.path(suffix)?;
        let mut request = self.client.get(&path);
        if let Some(id) = id {
            request = request.path_param("id", id);
        }
        request.query_pairs(pairs).send_page().await
    }

    /// Every item of `GET /api/v1/<store><suffix>` matching `query`, page by page: the query's
    /// `limit` is the page size (default and maximum [`PAGE_MAX`]), its `offset` the start.
    /// Stops after a short page.
    pub(crate) fn pages_of<U, Q>(
        &self,
        suffix: &'static str,
        id: Option<&ObjectId>,
        query: &Q,
    ) -> impl Stream<Item = Result<U>> + Send + 'static
    where
        U: DeserializeOwned + Send + 'static,
        Q: PagedQuery,
    {
        let store: Store<()> = self.typed();
        let id = id.cloned();
        let query = query.clone();
        let (limit, offset) = query.paging();
        offset_pages(
            limit.unwrap_or(PAGE_MAX),
            PAGE_MAX,
            offset.unwrap_or(0),
            move |page| {
                let store = store.clone();
                let id = id.clone();
                let query = query.at(page);
                async move { store.page_of(suffix, id.as_ref(), &query).await }
            },
        )
    }
}

impl<T: DeserializeOwned + Send + 'static> Store<T> {
    /// `POST /api/v1/:store`: creates a record from `body` (only the fields you need; some
    /// stores have required fields). Returns the created record (also when the server wraps it
    /// in a one-element array, as some stores do).
    ///
    /// The body is sent as given: stores are user-shaped and the vendor accepts any fields in
    /// it (docs/vendors/rightech.md §5). Use a typed body such as [`crate::NewObject`],
    /// [`crate::NewUser`] or [`crate::NewTask`] where the crate has one.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for a bad store name; [`Error::Api`] for the
    /// vendor's error bodies and for HTML error pages of the vendor's proxy (title and text
    /// in the message).
    pub async fn create<B: Serialize + ?Sized>(&self, body: &B) -> Result<T> {
        let path = self.path("")?;
        self.client
            .post(&path)
            .json(body)
            .send_json::<Single<T>>()
            .await
            .map(Single::into_inner)
    }

    /// `GET /api/v1/:store/:id` (a record wrapped in a one-element array is unwrapped).
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for a 404 (tag `error_not_found`); [`Error::Api`] with kind
    /// `Forbidden` when the role lacks the method (tags `error_credentials`,
    /// `error_forbidden`), also when an unusual status carries those tags.
    pub async fn get(&self, id: &ObjectId) -> Result<T> {
        let path = self.path("/{id}")?;
        self.client
            .get(&path)
            .path_param("id", id)
            .send_json::<Single<T>>()
            .await
            .map(Single::into_inner)
    }

    /// `GET /api/v1/:store`: one page, a bare JSON array of at most [`PAGE_MAX`] records
    /// (`limit`/`offset` from `query`; without them the server's default page).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before anything is sent when `limit` is outside 1..=10000, a
    /// projection field is empty or holds a comma, or both `from` and `begin` (`to` and `end`)
    /// are set; the vendor's errors otherwise (see [`Store::get`]).
    pub async fn list_page(&self, query: &ListQuery) -> Result<Vec<T>> {
        Ok(self.page_of("", None, query).await?.into_items())
    }

    /// Every record matching `query`, as a lazy stream over all pages: `limit` is the page size
    /// (default and maximum 10000), `offset` the starting point. Stops after a short page; a
    /// full page that repeats the previous one ends the stream with [`Error::Paging`].
    ///
    /// # Errors
    ///
    /// The stream yields the errors of [`Store::list_page`] (validation before the first
    /// request) and stops after the first one.
    pub fn list(&self, query: &ListQuery) -> impl Stream<Item = Result<T>> + Send + 'static {
        self.pages_of("", None, query)
    }

    /// `GET /api/v1/:store?meta=true`: count, first and last record.
    pub async fn meta(&self, query: &MetaQuery) -> Result<Meta> {
        let pairs = query.to_pairs()?;
        let path = self.path("")?;
        self.client.get(&path).query_pairs(pairs).send_json().await
    }

    /// `PATCH /api/v1/:store/:id`: changes only the fields in `patch`. Returns the whole
    /// record after the change (a record wrapped in a one-element array is unwrapped).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending when the patch names a system field (`_id`,
    /// `owner`, `group`, `access`, `branch`); the vendor's errors as for [`Store::get`].
    pub async fn patch(&self, id: &ObjectId, patch: &Patch) -> Result<T> {
        for field in patch.fields().keys() {
            check_patch_field(field)?;
        }
        let path = self.path("/{id}")?;
        self.client
            .patch(&path)
            .path_param("id", id)
            .json(patch)
            .send_json::<Single<T>>()
            .await
            .map(Single::into_inner)
    }

    /// `DELETE /api/v1/:store/:id`, sent without a body (docs/vendors/rightech.md §5). Returns
    /// the removed record.
    ///
    /// # Errors
    ///
    /// The vendor's errors as for [`Store::get`].
    pub async fn delete(&self, id: &ObjectId) -> Result<T> {
        let path = self.path("/{id}")?;
        self.client
            .delete(&path)
            .path_param("id", id)
            .send_json()
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_ids_are_validated() {
        assert!(ObjectId::new("58238a935baa56173b24f0e4").is_ok());
        assert!(ObjectId::new("58238a935baa56173b24f0e").is_err());
        assert!(ObjectId::new("58238a935baa56173b24f0eg").is_err());
        assert!(serde_json::from_str::<ObjectId>(r#""xyz""#).is_err());
    }

    #[test]
    fn patch_refuses_every_system_field() {
        for field in SYSTEM_FIELDS {
            assert!(matches!(
                Patch::new().set(field, 1),
                Err(Error::Validation { .. })
            ));
            let map: Map<String, Value> = [(field.to_string(), Value::Null)].into_iter().collect();
            assert!(Patch::from_map(map).is_err());
            let text = format!(r#"{{"name":"x","{field}":"y"}}"#);
            assert!(serde_json::from_str::<Patch>(&text).is_err());
        }
        #[derive(Serialize)]
        struct Sneaky {
            name: &'static str,
            owner: &'static str,
        }
        assert!(
            Patch::from_serialize(&Sneaky {
                name: "a",
                owner: "b"
            })
            .is_err()
        );
        assert!(Patch::from_serialize(&[1, 2]).is_err());
    }

    #[test]
    fn meta_query_has_no_paging() {
        let q = MetaQuery::new().filter("model", "m1");
        assert_eq!(
            q.to_pairs().unwrap(),
            vec![
                ("meta".to_owned(), "true".to_owned()),
                ("where.model".to_owned(), "m1".to_owned())
            ]
        );
        // offset/limit are not fields of MetaQuery, also not from JSON input.
        assert!(serde_json::from_str::<MetaQuery>(r#"{"offset": 5}"#).is_err());
    }

    #[test]
    fn synonyms_cannot_both_be_set() {
        let q = ListQuery::new()
            .from(TimeBound::millis(1))
            .begin(TimeBound::millis(2));
        assert!(q.to_pairs().is_err());
        assert!(ListQuery::new().limit(0).to_pairs().is_err());
        assert!(ListQuery::new().only(["a,b"]).to_pairs().is_err());
    }

    #[test]
    fn store_names_are_checked() {
        assert!(check_store_name("objects").is_ok());
        assert!(check_store_name("tables/64b000000000000000000001/rows").is_ok());
        for bad in ["", "a//b", "../x", "a?b", "a b", "{id}"] {
            assert!(check_store_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn raw_records_split_system_fields() {
        let r: RawRecord = serde_json::from_str(
            r#"{"_id":"64b000000000000000000001","owner":"64a000000000000000000009","name":"Pump A","access":["x"]}"#,
        )
        .unwrap();
        assert_eq!(r.system.id.unwrap().as_str(), "64b000000000000000000001");
        assert_eq!(r.system.access, Some(serde_json::json!(["x"])));
        assert_eq!(r.data.get("name"), Some(&serde_json::json!("Pump A")));
        assert!(!r.data.contains_key("_id"));
    }
}
