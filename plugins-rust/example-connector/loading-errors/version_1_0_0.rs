//! The connector at interface version 1.0.0 (the host expects 0.1.0; abi_stable's rule as its
//! loader really applies it: same major, and for 0.x the same minor; patch ignored).
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use abi_stable_mirror::{RHashMap, ROption, RResult, RSlice, RStr, RString, Value};
use connector::Connector_TO;
use connector::{new_module, ConnectorMod, LAYOUT};

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_version_1_0_0",
    name: "connector_version_1_0_0",
    version: "1.0.0",
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
    node_layout: LAYOUT,
}
