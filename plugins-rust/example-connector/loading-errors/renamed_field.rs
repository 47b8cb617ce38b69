//! An abi_stable-shaped plugin whose copy of the interface renamed `word_count` to
//! `count_words`: its TypeLayout's field names differ from the host's declaration.
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use abi_stable_mirror::{RBoxError, RHashMap, ROption, RResult, RSlice, RStr, RString, Value};
use connector::{Connector_TO, connector_type, echo, from_config, sum, word_count};

#[repr(C)]
pub struct ConnectorMod {
    pub connector_type: extern "C" fn() -> RString,
    pub from_config: extern "C" fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
    pub echo: extern "C" fn(RString) -> RString,
    pub sum: extern "C" fn(RSlice<'_, i64>) -> i64,
    pub count_words: extern "C" fn(RStr<'_>) -> RHashMap<RString, u32>,
}

fn new_module() -> Result<ConnectorMod, RBoxError> {
    Ok(ConnectorMod { connector_type, from_config, echo, sum, count_words: word_count })
}

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_renamed_field",
    name: "connector_renamed_field",
    version: "0.1.0",
    package: "connector_interface",
    last_prefix_field: from_config,
    fields: [
        connector_type: fn() -> RString,
        from_config: fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
        echo: fn(RString) -> RString,
        sum: fn(RSlice<'_, i64>) -> i64,
        count_words: fn(RStr<'_>) -> RHashMap<RString, u32>,
    ],
    constructor: new_module,
}
