//! The example connector's functions and root module, shared by the plugin (lib.rs) and the
//! loading-error fixtures (loading-errors/*.rs include this file with `#[path]`).
//!
//! `ConnectorMod` mirrors the host's declaration in examples/connector/interface.ts, and
//! `LAYOUT` is that declaration's `layoutString`, copied: the host compares the two when it
//! loads the plugin, so a copy that drifts from the declaration fails loading (and the tests).
#![allow(dead_code)] // each fixture uses a different part of this file

use std::sync::atomic::{AtomicU32, Ordering};

use abi_stable_mirror::{RBoxError, RErr, RHashMap, ROk, ROption, RResult, RSlice, RSome, RStr, RString, Value};

/// `layoutString(ConnectorMod)` of examples/connector/interface.ts.
pub const LAYOUT: &str = "prefix ConnectorMod prefix_len=2{connector_type:fn()->RString,from_config:fn(RString,ROption<enum Value repr(u8){Null=0,Bool=1{0:bool},I64=2{0:i64},U64=3{0:u64},F64=4{0:f64},String=5{0:RString},Bytes=6{0:RVec<u8>},Array=7{0:RVec<Value>},Object=8{0:RHashMap<RString,Value>}}>)->RResult<RString,RString>,echo:fn(RString)->RString,sum:fn(RSlice<i64>)->i64,word_count:fn(RStr)->RHashMap<RString,u32>}";

#[repr(C)]
pub struct ConnectorMod {
    pub connector_type: extern "C" fn() -> RString,
    // last_prefix_field
    pub from_config: extern "C" fn(RString, ROption<Value>) -> RResult<RString, RString>,
    pub echo: extern "C" fn(RString) -> RString,
    pub sum: extern "C" fn(RSlice<'_, i64>) -> i64,
    pub word_count: extern "C" fn(RStr<'_>) -> RHashMap<RString, u32>,
}

pub fn new_module() -> Result<ConnectorMod, RBoxError> {
    CONSTRUCTIONS.fetch_add(1, Ordering::Relaxed);
    Ok(ConnectorMod { connector_type, from_config, echo, sum, word_count })
}

static CONSTRUCTIONS: AtomicU32 = AtomicU32::new(0);

/// How many times the module was built: a host must call the constructor at most once.
#[no_mangle]
pub extern "C" fn connector_constructions() -> u32 {
    CONSTRUCTIONS.load(Ordering::Relaxed)
}

pub extern "C" fn connector_type() -> RString {
    RString::from("echo")
}

/// Describes the connector it would build (trait-object connectors come with issue 4).
pub extern "C" fn from_config(id: RString, config: ROption<Value>) -> RResult<RString, RString> {
    abi_stable_mirror::guard::guard(|| match config {
        RSome(Value::Object(map)) => ROk(RString::from(format!("echo connector '{id}' with {} config keys", map.len()))),
        RSome(other) => RErr(RString::from(format!("connector '{id}': the config must be an object, not {}", kind(&other)))),
        ROption::RNone => RErr(RString::from(format!("connector '{id}': a config is required"))),
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::I64(_) | Value::U64(_) | Value::F64(_) => "a number",
        Value::String(_) => "a string",
        Value::Bytes(_) => "bytes",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Appends through the string's own vtable: a host-made string grows in the host.
pub extern "C" fn echo(mut s: RString) -> RString {
    abi_stable_mirror::guard::guard(|| {
        s.push_str("!");
        s
    })
}

pub extern "C" fn sum(values: RSlice<'_, i64>) -> i64 {
    values.iter().fold(0i64, |a, b| a.wrapping_add(*b))
}

pub extern "C" fn word_count(text: RStr<'_>) -> RHashMap<RString, u32> {
    abi_stable_mirror::guard::guard(|| {
        let mut counts = RHashMap::new();
        for word in text.as_str().split_whitespace() {
            match counts.get_mut(word) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(RString::from(word), 1);
                }
            }
        }
        counts
    })
}
