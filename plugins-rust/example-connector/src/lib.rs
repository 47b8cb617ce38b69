//! The example connector plugin, built with the abi_stable mirror: its root module is exported
//! as abi_stable's `#[export_root_module]` would (LibHeader, TypeLayout, C-ABI test functions,
//! constructor), plus the host's layout descriptor of the module.
#![deny(warnings)]

mod connector;

use connector::{new_module, ConnectorMod, LAYOUT};

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "example_connector",
    name: "example_connector",
    version: "0.1.0",
    package: "connector_interface",
    last_prefix_field: from_config,
    fields: [connector_type: fn, from_config: fn, echo: fn, sum: fn, word_count: fn],
    constructor: new_module,
    node_layout: LAYOUT,
}
