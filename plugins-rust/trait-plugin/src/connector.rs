//! The connector shape of a Tremor-style plugin:
//! `from_config(id: RString, config: ROption<Value>) -> RResult<Connector, RString>`.

use std::sync::atomic::{AtomicU64, Ordering};

use abi_stable_mirror::{RErr, ROk, ROption, RResult, RStr, RString, Value};

use crate::traits::{Connector, Connector_TO};

static DROPS: AtomicU64 = AtomicU64::new(0);

struct Echo {
    id: RString,
    config_keys: usize,
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
        format!("{}: {} config keys, {} events", self.id.as_str(), self.config_keys, self.events).into()
    }
    fn on_event(&mut self, event: RStr<'_>) -> RResult<u64, RString> {
        if event.is_empty() {
            return RErr("empty event".into());
        }
        self.events += 1;
        ROk(self.events)
    }
    fn events(&self) -> u64 {
        self.events
    }
}

#[no_mangle]
pub extern "C" fn tr_from_config(id: RString, config: ROption<Value>) -> RResult<Connector_TO, RString> {
    let error = |why: &str| RErr(format!("connector '{}': {why}", id.as_str()).into());
    match config.into_option() {
        None => error("no config given"),
        Some(Value::Object(map)) => ROk(Connector_TO::from_value(Echo { config_keys: map.len(), id, events: 0 })),
        Some(_) => error("config must be an object"),
    }
}

#[no_mangle]
pub extern "C" fn tr_connector_drops() -> u64 {
    DROPS.load(Ordering::SeqCst)
}
