//! Custom fields: definitions (`GET /customFields`) and the values stored on bookings
//! (docs/vendors/resos.md §12).

use core_http::Result;
use futures::Stream;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{Client, single_request};
use crate::common::{ChoiceId, CustomFieldId, lenient};

model_kit::open_enum! {
    /// Type of a custom field (docs/vendors/resos.md §12.1; seen values listed, others kept).
    #[non_exhaustive]
    pub enum CustomFieldType {
        /// Free text.
        Text = "string",
        /// One choice, shown as radio buttons.
        Radio = "radio",
        /// One choice, shown as a dropdown.
        Dropdown = "dropdown",
        /// Any number of choices.
        Checkbox = "checkbox",
    }
}

/// One choice of a radio, dropdown or checkbox field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Choice {
    /// Choice id.
    #[serde(rename = "_id")]
    pub id: ChoiceId,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A custom field definition (docs/vendors/resos.md §12.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomField {
    /// Definition id (the `_id` used in [`CustomFieldValue::id`]).
    #[serde(rename = "_id")]
    pub id: CustomFieldId,
    /// Name; may carry leading spaces (`" Dietary Requirements"`), trim before matching.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Display label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Help text (`helptext`, all lower case).
    #[serde(default, rename = "helptext", skip_serializing_if = "Option::is_none")]
    pub help_text: Option<String>,
    /// Field type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub field_type: Option<CustomFieldType>,
    /// Whether guests must fill it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_required: Option<bool>,
    /// Display order.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub sort_index: Option<u32>,
    /// Choices of radio, dropdown and checkbox fields.
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub multiple_choice_selections: Vec<Choice>,
    /// Flows the field is shown in, such as `booking`.
    #[serde(
        default,
        deserialize_with = "lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub active_flows: Vec<String>,
    /// True only when attached to every opening-hours period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_on_all_opening_hours: Option<bool>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A ticked checkbox choice inside a [`FieldValue::Choices`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckedChoice {
    /// Choice id.
    #[serde(rename = "_id")]
    pub id: ChoiceId,
    /// Choice name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `true` for a ticked choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<bool>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `value` of a custom field on a booking; its shape depends on the field type
/// (docs/vendors/resos.md §12.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum FieldValue {
    /// A boolean (seen in responses).
    Bool(bool),
    /// Text of a `string` field, or the chosen choice id of a radio or dropdown field.
    Text(String),
    /// The ticked choices of a checkbox field.
    Choices(Vec<CheckedChoice>),
    /// Any other shape, kept as resOS sent it. Untyped on purpose: custom field values are
    /// replaced as a whole list on update (docs/vendors/resos.md §8.5), so a value read from
    /// resOS in a shape this crate does not know must be sent back unchanged.
    Other(Value),
}

/// A custom field value on a booking, and in create and update bodies (docs/vendors/resos.md
/// §12.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomFieldValue {
    /// The **definition** id.
    #[serde(rename = "_id")]
    pub id: CustomFieldId,
    /// Field name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<FieldValue>,
    /// For radio and dropdown fields: the chosen choice's name (the resOS UI needs it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple_choice_value_name: Option<String>,
    /// Display label (responses only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Fields this crate does not model. Untyped on purpose: they come from resOS's own
    /// answers and are sent back as they came in the full-list update (docs/vendors/resos.md
    /// §12.2); leave it empty when building a value yourself.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CustomFieldValue {
    fn with(id: impl Into<CustomFieldId>, name: impl Into<String>, value: FieldValue) -> Self {
        CustomFieldValue {
            id: id.into(),
            name: Some(name.into()),
            value: Some(value),
            multiple_choice_value_name: None,
            label: None,
            extra: Map::new(),
        }
    }

    /// The value of a `string` field.
    pub fn text(
        id: impl Into<CustomFieldId>,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        CustomFieldValue::with(id, name, FieldValue::Text(text.into()))
    }

    /// The value of a radio or dropdown field: the choice id plus its name.
    pub fn choice(
        id: impl Into<CustomFieldId>,
        name: impl Into<String>,
        choice: impl Into<ChoiceId>,
        choice_name: impl Into<String>,
    ) -> Self {
        let choice: ChoiceId = choice.into();
        let mut v = CustomFieldValue::with(id, name, FieldValue::Text(choice.0));
        v.multiple_choice_value_name = Some(choice_name.into());
        v
    }

    /// The value of a checkbox field: the ticked choices as `(id, name)`.
    pub fn checkboxes<I, C, N>(
        id: impl Into<CustomFieldId>,
        name: impl Into<String>,
        ticked: I,
    ) -> Self
    where
        I: IntoIterator<Item = (C, N)>,
        C: Into<ChoiceId>,
        N: Into<String>,
    {
        let choices = ticked
            .into_iter()
            .map(|(c, n)| CheckedChoice {
                id: c.into(),
                name: Some(n.into()),
                value: Some(true),
                extra: Map::new(),
            })
            .collect();
        CustomFieldValue::with(id, name, FieldValue::Choices(choices))
    }
}

/// Input of `custom_fields.list` and `custom_fields.list_page`. Clients send no parameters;
/// `sort` is offered because the doc says every list can be sorted (docs/vendors/resos.md §5).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ListCustomFields {
    /// Sort keys (`sort`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<crate::query::Sort>,
}

model_kit::setters!(ListCustomFields {
    /// Sort order.
    sort: crate::query::Sort,
});

/// Handle for custom field definitions: `client.custom_fields()`.
#[derive(Clone, Debug)]
pub struct CustomFields {
    client: Client,
}

impl CustomFields {
    pub(crate) fn new(client: Client) -> Self {
        CustomFields { client }
    }

    /// Every custom field definition, as a stream (`custom_fields.list`). Not paged by the
    /// vendor: one request answers everything (made on the first poll).
    pub fn list(
        &self,
        request: &ListCustomFields,
    ) -> impl Stream<Item = Result<CustomField>> + Send + 'static {
        let this = self.clone();
        let request = request.clone();
        single_request(async move { this.list_page(&request).await })
    }

    /// Every custom field definition, in one answer (`custom_fields.list_page`): `GET
    /// /customFields`. Not paged by the vendor: one request answers everything.
    pub async fn list_page(&self, request: &ListCustomFields) -> Result<Vec<CustomField>> {
        let params = self.client.list_params(request.sort.as_ref(), None)?;
        self.client
            .get_with("/customFields", &params)
            .send_json()
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_shapes_from_the_reference() {
        let values: Vec<CustomFieldValue> = serde_json::from_str(
            r#"[
              { "_id": "fldBookingRef0001", "name": "Booking #", "value": "12345" },
              { "_id": "fldHotelGuest0001", "name": "Hotel Guest", "value": "choYes00000000001", "multipleChoiceValueName": "Yes" },
              { "_id": "fldDietary000001", "name": "Dietary", "value": [ { "_id": "choVegan00000001", "name": "Vegan", "value": true } ] },
              { "_id": "fldFlag000000001", "value": true, "label": "Flag" },
              { "_id": "fldOdd0000000001", "value": 42 }
            ]"#,
        )
        .unwrap();
        assert_eq!(
            values[0],
            CustomFieldValue::text("fldBookingRef0001", "Booking #", "12345")
        );
        assert_eq!(
            values[1],
            CustomFieldValue::choice(
                "fldHotelGuest0001",
                "Hotel Guest",
                "choYes00000000001",
                "Yes"
            )
        );
        assert_eq!(
            values[2],
            CustomFieldValue::checkboxes(
                "fldDietary000001",
                "Dietary",
                [("choVegan00000001", "Vegan")]
            )
        );
        assert_eq!(values[3].value, Some(FieldValue::Bool(true)));
        assert_eq!(
            values[4].value,
            Some(FieldValue::Other(serde_json::json!(42)))
        );
    }

    #[test]
    fn definition_keeps_unknown_type_and_fields() {
        let f: CustomField = serde_json::from_str(
            r#"{"_id":"f1","name":" Dietary","type":"slider","sortIndex":"3","multipleChoiceSelections":null,"colour":"red"}"#,
        )
        .unwrap();
        assert_eq!(
            f.field_type,
            Some(CustomFieldType::Unknown("slider".into()))
        );
        assert_eq!(f.sort_index, Some(3));
        assert!(f.multiple_choice_selections.is_empty());
        assert_eq!(f.extra["colour"], "red");
        let back = serde_json::to_value(&f).unwrap();
        assert_eq!(back["type"], "slider");
    }
}
