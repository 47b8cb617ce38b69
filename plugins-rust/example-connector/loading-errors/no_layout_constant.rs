//! Like a plugin exported with `#[export_root_module] #[unsafe_no_layout_constant]`: the
//! LibHeader says `IsLayoutChecked::No`, so only the module's own header describes its fields.
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use abi_stable_mirror::{RHashMap, ROption, RResult, RSlice, RStr, RString, Value};
use connector::Connector_TO;
use connector::{new_module, ConnectorMod};

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_no_layout_constant",
    name: "connector_no_layout_constant",
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
    layout_constant: false,
}
