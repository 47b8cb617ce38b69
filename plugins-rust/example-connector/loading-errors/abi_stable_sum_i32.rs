//! Wrong on purpose, with nothing but abi_stable's own statics to show it: like
//! connector_abi_stable_shaped (LibHeader and TypeLayout, no layout descriptor of abi-stable for
//! Node), but `sum` takes `RSlice<i32>` where the interface declares `RSlice<i64>`. Field names,
//! count, prefix and sizes all match; only the function signature's encoding (TLFunctions: sum's
//! parameter, an RSlice whose `data: *const T` reaches `i32`) differs.
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use abi_stable_mirror::{RBoxError, RHashMap, ROption, RResult, RSlice, RStr, RString, Value};
use connector::{connector_type, echo, from_config, word_count, Connector_TO};

#[repr(C)]
pub struct ConnectorMod {
    pub connector_type: extern "C" fn() -> RString,
    pub from_config: extern "C" fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
    pub echo: extern "C" fn(RString) -> RString,
    pub sum: extern "C" fn(RSlice<'_, i32>) -> i64,
    pub word_count: extern "C" fn(RStr<'_>) -> RHashMap<RString, u32>,
}

extern "C" fn sum(values: RSlice<'_, i32>) -> i64 {
    values.iter().map(|v| *v as i64).sum()
}

fn new_module() -> Result<ConnectorMod, RBoxError> {
    Ok(ConnectorMod { connector_type, from_config, echo, sum, word_count })
}

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_abi_stable_sum_i32",
    name: "connector_abi_stable_sum_i32",
    version: "0.1.0",
    package: "connector_interface",
    last_prefix_field: from_config,
    fields: [
        connector_type: fn() -> RString,
        from_config: fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
        echo: fn(RString) -> RString,
        sum: fn(RSlice<'_, i32>) -> i64,
        word_count: fn(RStr<'_>) -> RHashMap<RString, u32>,
    ],
    constructor: new_module,
}
