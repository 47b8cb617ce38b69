//! A connector whose export function returns an error (abi_stable: `RootModuleError::Returned`).
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use abi_stable_mirror::RBoxError;
use connector::{ConnectorMod, LAYOUT};

fn new_module() -> Result<ConnectorMod, RBoxError> {
    Err(RBoxError::new("the connector needs ECHO_BACKEND_URL to be set"))
}

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_constructor_error",
    name: "connector_constructor_error",
    version: "0.1.0",
    package: "connector_interface",
    last_prefix_field: from_config,
    fields: [connector_type: fn, from_config: fn, echo: fn, sum: fn, word_count: fn],
    constructor: new_module,
    node_layout: LAYOUT,
}
