//! Threads: `tp_map_drop_on_thread`, `tp_vec_push_on_thread` — the work really runs on a spawned
//! thread (vtable calls from a non-main thread), joined before returning.

use std::thread;

use abi_stable_mirror::{RHashMap, RString, RVec};

#[no_mangle]
pub extern "C" fn tp_map_drop_on_thread(m: RHashMap<RString, RVec<u32>>) {
    let joined = thread::spawn(move || drop(m)).join();
    if joined.is_err() {
        std::process::abort();
    }
}

#[no_mangle]
pub extern "C" fn tp_vec_push_on_thread(v: &mut RVec<u32>, count: u32) {
    let joined = thread::scope(|scope| {
        scope
            .spawn(|| {
                for i in 0..count {
                    v.push(i);
                }
            })
            .join()
    });
    if joined.is_err() {
        std::process::abort();
    }
}
