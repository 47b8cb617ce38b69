//! A connector built against an older interface that did not have `word_count` yet (a suffix
//! field): it loads, its other functions work, and asking for `word_count` names the field.
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use abi_stable_mirror::{RBoxError, ROption, RResult, RSlice, RString, Value};
use connector::{Connector_TO, connector_type, echo, from_config, sum};

/// The older interface's layout string.
const LAYOUT: &str = concat!(crate::prefix_layout!(), ",sum:fn(RSlice<i64>)->i64}");

#[repr(C)]
pub struct ConnectorMod {
    pub connector_type: extern "C" fn() -> RString,
    pub from_config: extern "C" fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
    pub echo: extern "C" fn(RString) -> RString,
    pub sum: extern "C" fn(RSlice<'_, i64>) -> i64,
}

fn new_module() -> Result<ConnectorMod, RBoxError> {
    Ok(ConnectorMod { connector_type, from_config, echo, sum })
}

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_older",
    name: "connector_older",
    version: "0.1.0",
    package: "connector_interface",
    last_prefix_field: from_config,
    fields: [
        connector_type: fn() -> RString,
        from_config: fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
        echo: fn(RString) -> RString,
        sum: fn(RSlice<'_, i64>) -> i64,
    ],
    constructor: new_module,
    node_layout: LAYOUT,
}
