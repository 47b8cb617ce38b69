//! What a plugin built with the real abi_stable crate carries: the LibHeader with the root
//! module's TypeLayout, and no layout descriptor of abi-stable for Node. The host can only check
//! field names, count, prefix length and field sizes.
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use connector::{new_module, ConnectorMod};

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_abi_stable_shaped",
    name: "connector_abi_stable_shaped",
    version: "0.1.0",
    package: "connector_interface",
    last_prefix_field: from_config,
    fields: [connector_type: fn, from_config: fn, echo: fn, sum: fn, word_count: fn],
    constructor: new_module,
}
