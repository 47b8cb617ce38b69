//! The example connector plugin, built with the abi_stable mirror: its root module is exported
//! as abi_stable's `#[export_root_module]` would (LibHeader, TypeLayout, C-ABI test functions,
//! constructor), plus the host's layout descriptor of the module.
#![deny(warnings)]

#[macro_use] // export_connector_mod!, generated with the module (src/connector_interface.rs)
mod connector;

use connector::{new_module, ConnectorMod, Connector_TO};

// The interface version, field list and layout string are the generated module's.
export_connector_mod!(base_name: "example_connector", name: "example_connector", package: "connector_interface", constructor: new_module);
