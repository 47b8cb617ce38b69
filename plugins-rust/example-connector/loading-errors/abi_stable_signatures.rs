//! Wrong on purpose in three more signatures, again with only abi_stable's statics (no layout
//! descriptor of abi-stable for Node): `echo` takes a second parameter (`u32`), `connector_type`
//! returns nothing instead of `RString`, and `word_count` returns `RHashMap<RString, u64>` (the
//! map's value type, reached through `map → data → ErasedMap → field_0: PhantomData<(K, V)>`).
//! `sum` is right. Field names, count, prefix and sizes all match the interface.
#![deny(warnings)]

#[path = "../src/connector.rs"]
mod connector;

use abi_stable_mirror::{RBoxError, RHashMap, ROption, RResult, RSlice, RStr, RString, Value};
use connector::{from_config, sum, Connector_TO};

#[repr(C)]
pub struct ConnectorMod {
    pub connector_type: extern "C" fn(),
    pub from_config: extern "C" fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
    pub echo: extern "C" fn(RString, u32) -> RString,
    pub sum: extern "C" fn(RSlice<'_, i64>) -> i64,
    pub word_count: extern "C" fn(RStr<'_>) -> RHashMap<RString, u64>,
}

extern "C" fn connector_type() {}

extern "C" fn echo(s: RString, _times: u32) -> RString {
    s
}

extern "C" fn word_count(text: RStr<'_>) -> RHashMap<RString, u64> {
    let mut map = RHashMap::new();
    for word in text.as_str().split_whitespace() {
        let n = map.get(&RString::from(word)).copied().unwrap_or(0);
        map.insert(RString::from(word), n + 1);
    }
    map
}

fn new_module() -> Result<ConnectorMod, RBoxError> {
    Ok(ConnectorMod { connector_type, from_config, echo, sum, word_count })
}

abi_stable_mirror::export_root_module! {
    module: ConnectorMod,
    base_name: "connector_abi_stable_signatures",
    name: "connector_abi_stable_signatures",
    version: "0.1.0",
    package: "connector_interface",
    last_prefix_field: from_config,
    fields: [
        connector_type: fn(),
        from_config: fn(RString, ROption<Value>) -> RResult<Connector_TO, RString>,
        echo: fn(RString, u32) -> RString,
        sum: fn(RSlice<'_, i64>) -> i64,
        word_count: fn(RStr<'_>) -> RHashMap<RString, u64>,
    ],
    constructor: new_module,
}
