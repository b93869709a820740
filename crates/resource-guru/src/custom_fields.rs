//! Custom fields and their options (docs/vendors/resource-guru.md §5, §7.6). All ten paths are unverified (P2).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{CustomFieldId, CustomFieldOptionId, ResourceTypeId, lenient};

model_kit::open_enum! {
    /// Kind of custom field.
    pub enum CustomFieldType {
        /// One option.
        SingleSelect = "single_select",
        /// Several options (the default).
        MultiSelect = "multi_select",
        /// Free text (not allowed for fields that apply to resources).
        Text = "text",
    }
}

model_kit::open_enum! {
    /// What a custom field applies to.
    pub enum EntityType {
        /// Resources.
        Resource = "resource",
        /// Bookings.
        Booking = "booking",
    }
}

model_kit::open_enum! {
    /// Icon of a custom field.
    pub enum CustomFieldIcon {
        /// Percent sign.
        Percent = "percent",
        /// Clipboard.
        Clipboard = "clipboard",
        /// Id card.
        Id = "id",
    }
}

/// An option of a select field (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomFieldOption {
    /// Option id.
    pub id: CustomFieldOptionId,
    /// The field it belongs to.
    #[serde(default)]
    pub custom_field_id: Option<CustomFieldId>,
    /// The option's text.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub value: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A custom field (docs/vendors/resource-guru.md §5; also the items of a resource type's `custom_fields`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomField {
    /// Field id.
    pub id: CustomFieldId,
    /// Label (unique).
    #[serde(default)]
    pub label: Option<String>,
    /// Name (in resource type responses).
    #[serde(default)]
    pub name: Option<String>,
    /// Whether a value is required.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub required: Option<bool>,
    /// Kind of field.
    #[serde(rename = "type", default)]
    pub field_type: Option<CustomFieldType>,
    /// What it applies to.
    #[serde(default)]
    pub entity_types: Option<Vec<EntityType>>,
    /// Resource types it applies to.
    #[serde(default, deserialize_with = "lenient::opt_sparse_vec")]
    pub resource_type_ids: Option<Vec<ResourceTypeId>>,
    /// Built-in field.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub default: Option<bool>,
    /// Icon.
    #[serde(default)]
    pub icon: Option<CustomFieldIcon>,
    /// Options (in resource type responses).
    #[serde(default)]
    pub custom_field_options: Option<Vec<CustomFieldOption>>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::{Error, Result};
    use serde::{Deserialize, Serialize};

    use super::{CustomField, CustomFieldIcon, CustomFieldOption, CustomFieldType, EntityType};
    use crate::client::{Client, ListRequest, Query, check};
    use crate::common::{
        CustomFieldId, CustomFieldOptionId, ResourceTypeId, empty_request, id_request,
    };
    use crate::crud::{Crud, Validate, managed};
    use crate::endpoints as ep;

    empty_request!(
        /// "List custom fields" (not paged by the vendor: one request answers everything).
        ListCustomFields
    );

    /// "Create custom field" (docs/vendors/resource-guru.md §7.6).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct CreateCustomField {
        /// Label (1..=255, unique).
        pub label: String,
        /// Whether a value is required.
        pub required: bool,
        /// Kind (default `multi_select`).
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        pub field_type: Option<CustomFieldType>,
        /// What it applies to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub entity_types: Option<Vec<EntityType>>,
        /// Resource types (default: the human type; empty: none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resource_type_ids: Option<Vec<ResourceTypeId>>,
        /// Icon.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub icon: Option<CustomFieldIcon>,
        /// Options of a select field (non-empty, each 1..=255).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub custom_field_options: Option<Vec<String>>,
    }

    impl CreateCustomField {
        /// A field labelled `label`.
        pub fn new(label: impl Into<String>, required: bool) -> Self {
            CreateCustomField {
                label: label.into(),
                required,
                field_type: None,
                entity_types: None,
                resource_type_ids: None,
                icon: None,
                custom_field_options: None,
            }
        }
    }

    impl Validate for CreateCustomField {
        fn validate(&self) -> Result<()> {
            check::required_len("label", &self.label, check::NAME_MAX)?;
            let is_text = self.field_type == Some(CustomFieldType::Text);
            if is_text
                && self
                    .entity_types
                    .as_ref()
                    .is_some_and(|e| e.contains(&EntityType::Resource))
            {
                return Err(Error::validation(
                    "type",
                    "`text` is not allowed for fields that apply to resources",
                ));
            }
            if let Some(options) = &self.custom_field_options {
                if is_text {
                    return Err(Error::validation(
                        "custom_field_options",
                        "only for select fields",
                    ));
                }
                check::non_empty("custom_field_options", options)?;
                for o in options {
                    check::required_len("custom_field_options", o, check::NAME_MAX)?;
                }
            }
            Ok(())
        }
    }

    model_kit::setters!(CreateCustomField {
        field_type: CustomFieldType,
        entity_types: Vec<EntityType>,
        resource_type_ids: Vec<ResourceTypeId>,
        icon: CustomFieldIcon,
        custom_field_options: Vec<String>,
    });

    id_request! {
        /// "Update custom field" (the type cannot be changed).
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct UpdateCustomField {
            /// The field (path).
            pub id: CustomFieldId,
            /// Label.
            pub label: Option<String>,
            /// Required.
            pub required: Option<bool>,
            /// What it applies to.
            pub entity_types: Option<Vec<EntityType>>,
            /// Resource types.
            pub resource_type_ids: Option<Vec<ResourceTypeId>>,
            /// Icon.
            pub icon: Option<CustomFieldIcon>,
        }
        /// An update of field `id` that changes nothing yet.
        fn new;
    }

    impl Validate for UpdateCustomField {
        fn validate(&self) -> Result<()> {
            match &self.label {
                Some(label) => check::required_len("label", label, check::NAME_MAX),
                None => Ok(()),
            }
        }
    }

    /// "List custom field options", optionally of one field.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ListCustomFieldOptions {
        /// Only options of this field.
        pub custom_field_id: Option<CustomFieldId>,
    }

    impl ListCustomFieldOptions {
        /// Options of every field.
        pub fn new() -> Self {
            Self::default()
        }
    }

    model_kit::setters!(ListCustomFieldOptions {
        custom_field_id: CustomFieldId
    });

    impl ListRequest for ListCustomFieldOptions {
        fn query_pairs(&self, _: &Client, _: &ep::Endpoint) -> Vec<(String, String)> {
            Query::new().opt("custom_field_id", self.custom_field_id).0
        }
    }

    /// "Create custom field option".
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct CreateCustomFieldOption {
        /// The field.
        pub custom_field_id: CustomFieldId,
        /// The option's text (1..=255).
        pub value: String,
    }

    impl CreateCustomFieldOption {
        /// Option `value` of field `field`.
        pub fn new(field: impl Into<CustomFieldId>, value: impl Into<String>) -> Self {
            CreateCustomFieldOption {
                custom_field_id: field.into(),
                value: value.into(),
            }
        }
    }

    impl Validate for CreateCustomFieldOption {
        fn validate(&self) -> Result<()> {
            check::required_len("value", &self.value, check::NAME_MAX)
        }
    }

    /// "Update custom field option".
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct UpdateCustomFieldOption {
        /// The option (path).
        #[serde(skip_serializing)]
        pub id: CustomFieldOptionId,
        /// New text (1..=255).
        pub value: String,
    }

    impl UpdateCustomFieldOption {
        /// Renames option `id` to `value`.
        pub fn new(id: impl Into<CustomFieldOptionId>, value: impl Into<String>) -> Self {
            UpdateCustomFieldOption {
                id: id.into(),
                value: value.into(),
            }
        }
    }

    impl Validate for UpdateCustomFieldOption {
        fn validate(&self) -> Result<()> {
            check::required_len("value", &self.value, check::NAME_MAX)
        }
    }

    managed!(CustomField {
        key: CustomFieldId, list: ListCustomFields, update: UpdateCustomField,
        delete: CustomFieldId,
        endpoints: CUSTOM_FIELDS_LIST, CUSTOM_FIELDS_GET, CUSTOM_FIELDS_UPDATE,
        CUSTOM_FIELDS_DELETE,
        create: CreateCustomField => CUSTOM_FIELDS_CREATE
    });

    managed!(CustomFieldOption {
        key: CustomFieldOptionId, list: ListCustomFieldOptions,
        update: UpdateCustomFieldOption, delete: CustomFieldOptionId,
        endpoints: CUSTOM_FIELD_OPTIONS_LIST, CUSTOM_FIELD_OPTIONS_GET,
        CUSTOM_FIELD_OPTIONS_UPDATE, CUSTOM_FIELD_OPTIONS_DELETE,
        create: CreateCustomFieldOption => CUSTOM_FIELD_OPTIONS_CREATE
    });

    /// Custom field operations: `client.custom_fields()` (the shared [`Crud`] operations).
    pub type CustomFields = Crud<CustomField>;

    /// Custom field option operations: `client.custom_field_options()` (the shared [`Crud`]
    /// operations).
    pub type CustomFieldOptions = Crud<CustomFieldOption>;

    impl Client {
        /// Custom field operations.
        pub fn custom_fields(&self) -> CustomFields {
            Crud::new(self)
        }

        /// Custom field option operations.
        pub fn custom_field_options(&self) -> CustomFieldOptions {
            Crud::new(self)
        }
    }
}
