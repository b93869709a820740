//! Quote requests (docs/vendors/launch27.md §15). `POST /booking/quote` (a quote to pre-fill a
//! booking) is in [`crate::booking`].

use core_http::Result;
use core_http::http::Method;
use core_http::pacing::RequestKind;
use futures::Stream;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Client;
use crate::booking::CustomField;
use crate::common::{CustomFieldValue, Extra, check_email, check_len, validate_custom_fields};

/// Input of `quotes.create`: ask for a quote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CreateQuote {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail.
    pub email: model_kit::Email,
    /// Phone.
    pub phone: model_kit::Phone,
    /// Custom field values of the quote form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomFieldValue>>,
}

impl CreateQuote {
    /// A quote request with the four required members.
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email: impl Into<String>,
        phone: impl Into<String>,
    ) -> Self {
        CreateQuote {
            first_name: first_name.into(),
            last_name: last_name.into(),
            email: model_kit::Email::new(email),
            phone: model_kit::Phone::new(phone),
            custom_fields: None,
        }
    }
}

model_kit::setters!(CreateQuote {
    custom_fields: Vec<CustomFieldValue>,
});

/// `GET /quote/form`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuoteForm {
    /// Form settings.
    #[serde(default)]
    pub settings: Option<Value>,
    /// System fields by name.
    #[serde(default)]
    pub system_fields: Option<Value>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The quotes handle ([`Client::quotes`]).
#[derive(Clone, Debug)]
pub struct Quotes {
    client: Client,
}

impl Client {
    /// Quote requests (`quotes.*`).
    pub fn quotes(&self) -> Quotes {
        Quotes {
            client: self.clone(),
        }
    }
}

impl Quotes {
    /// `POST /quote` (`quotes.create`). The answer's shape is undocumented
    /// (docs/vendors/launch27.md §19): returned as JSON (`null` when empty). Not retried.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`](crate::Error::Validation) before sending for an empty name or
    /// phone, a bad e-mail, or a custom
    /// field value with neither or both of `id` and `value`; `422` with `field_errors`.
    pub async fn create(&self, request: &CreateQuote) -> Result<Value> {
        check_len("first_name", &request.first_name, 1, 255)?;
        check_len("last_name", &request.last_name, 1, 255)?;
        check_email("email", &request.email)?;
        check_len("phone", &request.phone, 1, 255)?;
        validate_custom_fields(request.custom_fields.as_deref())?;
        let rb = self.client.request(Method::POST, "/quote").json(request);
        self.client.call_value(RequestKind::Write, rb).await
    }

    /// `GET /quote/form` (`quotes.form`).
    pub async fn form(&self) -> Result<QuoteForm> {
        self.client.get_path("/quote/form").await
    }

    /// `GET /quote/custom_fields` (`quotes.list_custom_fields`): the quote form's custom
    /// fields, as a stream. Not paged by the vendor: one request answers everything (made on
    /// the first poll).
    pub fn list_custom_fields(&self) -> impl Stream<Item = Result<CustomField>> + Send + 'static {
        let this = self.clone();
        Client::unpaged(async move { this.list_custom_fields_page().await })
    }

    /// `GET /quote/custom_fields` (`quotes.list_custom_fields_page`). Not paged by the vendor:
    /// one request answers everything.
    pub async fn list_custom_fields_page(&self) -> Result<Vec<CustomField>> {
        self.client.get_path("/quote/custom_fields").await
    }
}
