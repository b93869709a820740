//! `models`: device models, a tree of subsystems, events, arguments and actions
//! (docs/vendors/rightech.md §9).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Store name of models.
pub const STORE: &str = "models";

model_kit::open_enum! {
    /// The `type` of a model node.
    pub enum NodeType {
        /// A group of nodes.
        Subsystem = "subsystem",
        /// An event the device reports.
        Event = "event",
        /// A telemetry parameter (with `dataType`, `unit`).
        Argument = "argument",
        /// A command the device accepts (with `command`, `params`).
        Action = "action",
    }
}

/// One node of a model tree. Every field is optional; unknown ones are kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelNode {
    /// `id`: the node's id (parameter ids are packet keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `type`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub node_type: Option<NodeType>,
    /// `dataType` of an argument.
    #[serde(rename = "dataType", default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    /// `unit` of an argument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// `command` of an action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// `params` of an action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
    /// `children`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ModelNode>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `props` of a model: protocol and connection settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelProps {
    /// `protocol`, such as `mqtt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// `idPattern`: the pattern device ids must match.
    #[serde(rename = "idPattern", default, skip_serializing_if = "Option::is_none")]
    pub id_pattern: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

record! {
    /// A device model.
    pub struct Model {
        /// `base`: the model this one is based on.
        pub base: Option<Value>,
        /// `props`: protocol and connection settings.
        pub props: Option<ModelProps>,
        /// `data`: the root of the node tree.
        pub data: Option<ModelNode>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_with_unknown_node_type() {
        let m: Model = serde_json::from_str(
            r#"{"_id":"64a000000000000000000001","name":"Pump","props":{"protocol":"mqtt","idPattern":"^p-"},
                "data":{"id":"root","type":"subsystem","children":[
                  {"id":"temp","type":"argument","dataType":"number","unit":"C"},
                  {"id":"open","type":"action","command":"open"},
                  {"id":"x","type":"widget"}]}}"#,
        )
        .unwrap();
        let root = m.data.unwrap();
        assert_eq!(root.node_type, Some(NodeType::Subsystem));
        assert_eq!(root.children[0].unit.as_deref(), Some("C"));
        assert_eq!(
            root.children[2].node_type,
            Some(NodeType::Unknown("widget".into()))
        );
        assert_eq!(
            serde_json::to_value(&root.children[2]).unwrap()["type"],
            "widget"
        );
        assert_eq!(m.props.unwrap().id_pattern.as_deref(), Some("^p-"));
    }
}
