//! `users`: project users (docs/vendors/rightech.md §9).

use core_http::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use futures::Stream;

use core_http::paging::PageRequest;

use crate::store::{ListQuery, ObjectId, PagedQuery, Store};

/// Store name of users.
pub const STORE: &str = "users";

record! {
    /// A user.
    pub struct User {
        /// `login`.
        pub login: Option<String>,
        /// `email`.
        pub email: Option<model_kit::Email>,
        /// `phone`.
        pub phone: Option<model_kit::Phone>,
        /// `role`: the role's id.
        pub role: Option<String>,
        /// `disabled`.
        pub disabled: Option<bool>,
        /// `webDisabled`: no access to the web UI.
        #[serde(rename = "webDisabled")]
        pub web_disabled: Option<bool>,
        /// `temp`: a temporary user.
        pub temp: Option<bool>,
        /// `messages`: notification settings (shape undocumented).
        pub messages: Option<Value>,
    }
}

fn expose<S: Serializer>(secret: &SecretString, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose_secret())
}

/// Body of `POST /api/v1/users`: `role`, `name`, `email`, `login` and `password` are required
/// (docs/vendors/rightech.md §9) and are the constructor's arguments. `Debug` hides the
/// password.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// `role`: the role's `_id`.
    pub role: ObjectId,
    /// `name`.
    pub name: String,
    /// `email`.
    pub email: model_kit::Email,
    /// `login`.
    pub login: String,
    /// `password`.
    #[serde(serialize_with = "expose")]
    #[schemars(with = "String")]
    pub password: SecretString,
    /// `phone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<model_kit::Phone>,
    /// `disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// `webDisabled`.
    #[serde(
        rename = "webDisabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub web_disabled: Option<bool>,
    /// `temp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temp: Option<bool>,
    /// `messages`: whether the user receives notifications (a boolean in the vendor's own
    /// integration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<bool>,
}

impl NewUser {
    /// A user with the required fields.
    pub fn new(
        role: ObjectId,
        name: impl Into<String>,
        email: impl Into<String>,
        login: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        NewUser {
            role,
            name: name.into(),
            email: model_kit::Email::new(email),
            login: login.into(),
            password: SecretString::from(password.into()),
            phone: None,
            disabled: None,
            web_disabled: None,
            temp: None,
            messages: None,
        }
    }
}

model_kit::setters!(NewUser {
    /// `phone`.
    phone: model_kit::Phone,
    /// `disabled`.
    disabled: bool,
    /// `webDisabled`: no access to the web UI.
    web_disabled: bool,
    /// `temp`: a temporary user.
    temp: bool,
    /// `messages`: whether the user receives notifications.
    messages: bool,
});

/// A user search: `search=<text>` matches names and contacts (docs/vendors/rightech.md §7).
/// An empty text is refused before sending.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserSearch {
    /// `search`.
    pub search: String,
    /// Paging, window, projection, filters.
    #[serde(default)]
    pub list: ListQuery,
}

impl UserSearch {
    /// Users matching `text`.
    pub fn new(text: impl Into<String>) -> Self {
        UserSearch {
            search: text.into(),
            list: ListQuery::default(),
        }
    }

    /// Further list parameters.
    pub fn list(mut self, list: ListQuery) -> Self {
        self.list = list;
        self
    }
}

impl PagedQuery for UserSearch {
    fn pairs(&self) -> Result<Vec<(String, String)>> {
        if self.search.trim().is_empty() {
            return Err(Error::validation("search", "the search text is empty"));
        }
        let mut pairs = self.list.to_pairs()?;
        pairs.push(("search".to_owned(), self.search.clone()));
        Ok(pairs)
    }

    fn paging(&self) -> (Option<u32>, Option<u64>) {
        self.list.paging()
    }

    fn at(&self, page: PageRequest) -> Self {
        UserSearch {
            search: self.search.clone(),
            list: self.list.at(page),
        }
    }
}

impl Store<User> {
    /// `GET /api/v1/users?search=...`: one page of at most 10000 matching users.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] before sending for an empty search text, and for the list
    /// parameter errors of [`Store::list_page`].
    pub async fn search_page(&self, query: &UserSearch) -> Result<Vec<User>> {
        Ok(self.page_of("", None, query).await?.into_items())
    }

    /// Every user matching `query`, as a lazy stream over all pages (`list.limit` is the page
    /// size).
    ///
    /// # Errors
    ///
    /// The stream yields the errors of [`Store::search_page`] and stops after the first.
    pub fn search(&self, query: &UserSearch) -> impl Stream<Item = Result<User>> + Send + 'static {
        self.pages_of("", None, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_user_hides_password_in_debug_but_sends_it() {
        let role = ObjectId::new("68b000000000000000000001").unwrap();
        let u = NewUser::new(role, "Ann", "ann@example.com", "ann", "pw-SECRET");
        assert!(!format!("{u:?}").contains("pw-SECRET"));
        assert_eq!(serde_json::to_value(&u).unwrap()["password"], "pw-SECRET");
    }

    #[test]
    fn new_user_role_is_an_object_id() {
        let bad = r#"{"role":"admin","name":"A","email":"a@x","login":"a","password":"p"}"#;
        assert!(serde_json::from_str::<NewUser>(bad).is_err());
        let missing = r#"{"name":"A","email":"a@x","login":"a","password":"p"}"#;
        assert!(serde_json::from_str::<NewUser>(missing).is_err());
    }
}
