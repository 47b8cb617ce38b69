//! A connector built against a newer interface with one more field (`shutdown`): it loads,
//! and the field the host does not declare is ignored.
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use abi_stable_mirror::{RBoxError, RHashMap, ROption, RResult, RSlice, RStr, RString, Value};
use connector::{Connector_TO, connector_type, echo, from_config, sum, word_count};

/// The newer interface's layout string.
const LAYOUT: &str = concat!(crate::prefix_layout!(), ",sum:fn(RSlice<i64>)->i64,word_count:fn(RStr)->RHashMap<RString,u32>,shutdown:fn()->()}");

#[repr(C)]
pub struct ConnectorMod {
    pub connector_type: extern "C" fn() -> RString,
    pub from_config: extern "C" fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
    pub echo: extern "C" fn(RString) -> RString,
    pub sum: extern "C" fn(RSlice<'_, i64>) -> i64,
    pub word_count: extern "C" fn(RStr<'_>) -> RHashMap<RString, u32>,
    pub shutdown: extern "C" fn(),
}

extern "C" fn shutdown() {}

fn new_module() -> Result<ConnectorMod, RBoxError> {
    Ok(ConnectorMod { connector_type, from_config, echo, sum, word_count, shutdown })
}

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_newer",
    name: "connector_newer",
    version: "0.1.1",
    package: "connector_interface",
    last_prefix_field: from_config,
    fields: [
        connector_type: fn() -> RString,
        from_config: fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
        echo: fn(RString) -> RString,
        sum: fn(RSlice<'_, i64>) -> i64,
        word_count: fn(RStr<'_>) -> RHashMap<RString, u32>,
        shutdown: fn(),
    ],
    constructor: new_module,
    node_layout: LAYOUT,
}
