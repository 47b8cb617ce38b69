//! The example connector's functions and root module, shared by the plugin (lib.rs) and the
//! loading-error fixtures (loading-errors/*.rs include this file with `#[path]`).
//!
//! `ConnectorMod`, the `Connector` trait and `LAYOUT` (the declaration's `layoutString`) come from
//! connector_interface.rs, which plugins-rust/build-connectors.mjs regenerates from the host's
//! declaration (examples/connector/interface.ts, `abi-stable rust`) before every build: code here
//! that no longer matches the declaration fails to compile, and the host compares the layouts.
#![allow(dead_code)] // each fixture uses a different part of this file

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use abi_stable_mirror::{RBoxError, RErr, RHashMap, ROk, ROption, RResult, RSlice, RSome, RStr, RString, Value};

/// Pieces of `layoutString(ConnectorMod)`, as macros so the fixtures can splice a changed field
/// into the same text with `concat!`.
#[macro_export]
macro_rules! value_layout {
    () => {
        "enum Value repr(u8){Null=0,Bool=1{0:bool},I64=2{0:i64},U64=3{0:u64},F64=4{0:f64},String=5{0:RString},Bytes=6{0:RVec<u8>},Array=7{0:RVec<Value>},Object=8{0:RHashMap<RString,Value>}}"
    };
}
#[macro_export]
macro_rules! connector_layout {
    () => {
        "Trait_TO prefix Connector_VTable prefix_len=0{_sabi_tys:(),_sabi_vtable:prefix RObjectVtable prefix_len=6{_sabi_tys:(),_sabi_type_id:fn()->enum MaybeCmp<UTypeId> repr(u8){Just=0{0:struct UTypeId{executable_identity:*const c_void,type_id_array:[u8;16]}},Nothing=1},_sabi_drop:fn(*mut c_void)->(),_sabi_clone:fn(*const c_void)->struct RBox<()>{data:*mut c_void,vtable:*const c_void},_sabi_debug:fn(*const c_void,u8,*mut c_void)->RResult<(),()>,_sabi_display:fn(*const c_void,u8,*mut c_void)->RResult<(),()>},id:fn(*const c_void)->RString,describe:fn(*const c_void)->RString,on_event:fn(*mut c_void,RStr)->RResult<u64,RString>,events:fn(*const c_void)->u64}"
    };
}
/// The module's first two fields (its prefix), then `echo`.
#[macro_export]
macro_rules! prefix_layout {
    () => {
        concat!(
            "prefix ConnectorMod prefix_len=2{connector_type:fn()->RString,from_config:fn(RString,ROption<",
            $crate::value_layout!(),
            ">)->RResult<",
            $crate::connector_layout!(),
            ",RString>,echo:fn(RString)->RString"
        )
    };
}

include!("connector_interface.rs");

/// `layoutString(ConnectorMod)` of examples/connector/interface.ts.
pub const LAYOUT: &str = ConnectorMod::LAYOUT;

pub fn new_module() -> Result<ConnectorMod, RBoxError> {
    CONSTRUCTIONS.fetch_add(1, Ordering::Relaxed);
    Ok(ConnectorMod { connector_type, from_config, echo, sum, word_count })
}

static CONSTRUCTIONS: AtomicU32 = AtomicU32::new(0);
static DROPS: AtomicU64 = AtomicU64::new(0);

/// How many times the module was built: a host must call the constructor at most once.
#[no_mangle]
pub extern "C" fn connector_constructions() -> u32 {
    CONSTRUCTIONS.load(Ordering::Relaxed)
}

/// How many connectors were dropped: each exactly once, through this plugin's own drop.
#[no_mangle]
pub extern "C" fn connector_drops() -> u64 {
    DROPS.load(Ordering::SeqCst)
}

pub extern "C" fn connector_type() -> RString {
    RString::from("echo")
}

/// The echo connector: counts the events it is given, refuses empty ones.
struct Echo {
    id: RString,
    target: RString,
    events: u64,
}

impl Drop for Echo {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

impl Connector for Echo {
    fn id(&self) -> RString {
        self.id.as_str().into()
    }
    fn describe(&self) -> RString {
        format!("echo connector '{}' to {}, {} events", self.id.as_str(), self.target.as_str(), self.events).into()
    }
    fn on_event(&mut self, event: RStr<'_>) -> RResult<u64, RString> {
        if event.is_empty() {
            return RErr(format!("connector '{}': empty event", self.id.as_str()).into());
        }
        self.events += 1;
        ROk(self.events)
    }
    fn events(&self) -> u64 {
        self.events
    }
}

/// Builds an echo connector from `{ target?: string }`; refuses a missing or non-object config.
pub extern "C" fn from_config(id: RString, config: ROption<Value>) -> RResult<Connector_TO, RString> {
    abi_stable_mirror::guard::guard(|| match config {
        RSome(Value::Object(map)) => {
            let target = match map.get("target") {
                Some(Value::String(s)) => s.as_str().into(),
                Some(other) => return RErr(RString::from(format!("connector '{id}': target must be a string, not {}", kind(other)))),
                None => RString::from("stdout"),
            };
            ROk(Connector_TO::from_value(Echo { id, target, events: 0 }))
        }
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
