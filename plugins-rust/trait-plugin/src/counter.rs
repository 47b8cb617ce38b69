//! Counter objects the plugin makes (current and "older build" vtables), and functions that use
//! any Counter (host- or plugin-made) through its vtable.

use std::sync::atomic::{AtomicU64, Ordering};

use abi_stable_mirror::{RNone, ROption, RSome, RVec};

use crate::traits::{Counter, CounterV1, CounterV1_TO, Counter_TO};

static DROPS: AtomicU64 = AtomicU64::new(0);

struct State(i64);

impl Drop for State {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

impl Counter for State {
    fn incr(&mut self, by: i64) -> i64 {
        self.0 += by;
        self.0
    }
    fn get(&self) -> i64 {
        self.0
    }
    fn reset(&mut self) {
        self.0 = 0;
    }
}

impl CounterV1 for State {
    fn incr(&mut self, by: i64) -> i64 {
        Counter::incr(self, by)
    }
    fn get(&self) -> i64 {
        self.0
    }
}

#[no_mangle]
pub extern "C" fn tr_counter_new(start: i64) -> Counter_TO {
    Counter_TO::from_value(State(start))
}

/// What a plugin built against the first version of the trait hands out: no `reset` slot.
#[no_mangle]
pub extern "C" fn tr_counter_new_v1(start: i64) -> CounterV1_TO {
    CounterV1_TO::from_value(State(start))
}

#[no_mangle]
pub extern "C" fn tr_counter_drops() -> u64 {
    DROPS.load(Ordering::SeqCst)
}

#[no_mangle]
pub extern "C" fn tr_counter_add(c: &mut Counter_TO, n: i64) -> i64 {
    c.incr(n)
}

#[no_mangle]
pub extern "C" fn tr_counter_take(c: Counter_TO) -> i64 {
    c.get()
}

#[no_mangle]
pub extern "C" fn tr_counter_maybe(start: i64, some: bool) -> ROption<Counter_TO> {
    if some {
        RSome(Counter_TO::from_value(State(start)))
    } else {
        RNone
    }
}

#[no_mangle]
pub extern "C" fn tr_counter_vec(n: u32) -> RVec<Counter_TO> {
    (0..n).map(|i| Counter_TO::from_value(State(10 * i64::from(i)))).collect::<Vec<_>>().into()
}
