//! What a plugin built with the real abi_stable crate carries: the LibHeader with the root
//! module's TypeLayout, and no layout descriptor of abi-stable for Node. The host can only check
//! field names, count, prefix length and field sizes.
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use abi_stable_mirror::{RHashMap, ROption, RResult, RSlice, RStr, RString, Value};
use connector::Connector_TO;
use connector::{new_module, ConnectorMod};

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_abi_stable_shaped",
    name: "connector_abi_stable_shaped",
    version: "0.1.0",
    package: "connector_interface",
    last_prefix_field: from_config,
    fields: [
        connector_type: fn() -> RString,
        from_config: fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
        echo: fn(RString) -> RString,
        sum: fn(RSlice<'_, i64>) -> i64,
        word_count: fn(RStr<'_>) -> RHashMap<RString, u32>,
    ],
    constructor: new_module,
}
