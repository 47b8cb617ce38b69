//! Threads: `tp_map_drop_on_thread`, `tp_vec_push_on_thread` — the work really runs on a spawned
//! thread (vtable calls from a non-main thread), joined before returning;
//! `tp_value_strings_on_threads` hands a Value's strings to two threads that
//! `tp_value_threads_join` waits for later.

use std::sync::Mutex;
use std::thread::{self, JoinHandle};

use abi_stable_mirror::{RHashMap, RString, RVec, Value};

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

/// Threads `tp_value_strings_on_threads` started and `tp_value_threads_join` waits for.
static VALUE_THREADS: Mutex<Vec<JoinHandle<u64>>> = Mutex::new(Vec::new());

const GROWN: &str = "+grown";

/// Takes a `Value::Array` of `String`s (anything else is dropped, giving 0): moves the strings
/// out, drops the emptied array through its own vtable, and hands each half to a thread of its own
/// that is not waited for. Each grows every `grow_every`-th string (by its index in the array)
/// and checks its text, drops the others at once and the grown ones last. Returns how many
/// strings were taken.
#[no_mangle]
pub extern "C" fn tp_value_strings_on_threads(v: Value, grow_every: u32) -> u32 {
    let Value::Array(mut items) = v else { return 0 };
    if !items.iter().all(|item| matches!(item, Value::String(_))) {
        return 0;
    }
    let mut strings = Vec::with_capacity(items.len());
    while let Some(Value::String(s)) = items.pop() {
        strings.push(s);
    }
    strings.reverse();
    drop(items);
    let taken = strings.len();
    let mid = taken / 2;
    let second = strings.split_off(mid);
    let mut threads = VALUE_THREADS.lock().unwrap_or_else(|e| e.into_inner());
    threads.push(thread::spawn(move || grow_and_drop(strings, 0, grow_every)));
    threads.push(thread::spawn(move || grow_and_drop(second, mid, grow_every)));
    taken as u32
}

fn grow_and_drop(strings: Vec<RString>, first_index: usize, grow_every: u32) -> u64 {
    let grows = |i: usize| grow_every != 0 && (first_index + i) % grow_every as usize == 0;
    let mut grown = Vec::new();
    let mut grown_ok = 0;
    for (i, mut s) in strings.into_iter().enumerate() {
        if !grows(i) {
            continue; // dropped here
        }
        let before = s.as_str().to_owned();
        s.push_str(GROWN); // through the string's own vtable
        if s.as_str().strip_suffix(GROWN) == Some(before.as_str()) {
            grown_ok += 1;
        }
        grown.push(s);
    }
    drop(grown);
    grown_ok
}

/// Waits for every thread `tp_value_strings_on_threads` started; returns how many strings grew right.
#[no_mangle]
pub extern "C" fn tp_value_threads_join() -> u64 {
    let threads = std::mem::take(&mut *VALUE_THREADS.lock().unwrap_or_else(|e| e.into_inner()));
    let mut total = 0;
    for handle in threads {
        match handle.join() {
            Ok(grown_ok) => total += grown_ok,
            Err(_) => std::process::abort(),
        }
    }
    total
}
