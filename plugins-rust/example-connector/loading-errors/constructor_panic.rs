//! A connector whose export function panics (abi_stable: `RootModuleError::Unwound`).
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use abi_stable_mirror::RBoxError;
use abi_stable_mirror::{RHashMap, ROption, RResult, RSlice, RStr, RString, Value};
use connector::Connector_TO;
use connector::{ConnectorMod, LAYOUT};

fn new_module() -> Result<ConnectorMod, RBoxError> {
    panic!("connector_constructor_panic: failed to start the echo backend")
}

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_constructor_panic",
    name: "connector_constructor_panic",
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
    node_layout: LAYOUT,
}
