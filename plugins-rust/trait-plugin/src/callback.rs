//! Plain `extern "C" fn` pointers the host makes from JS functions (test/callback/):
//! `tr_use_callback(U32Callback, n)` with `#[repr(transparent)] struct U32Callback(fn(u32) -> u32)`,
//! every argument/return shape through a struct of pointers, an ROption of one, calls from plugin
//! threads (joined within the call, or running on after it with a long-lived callback), a plugin that
//! keeps a callback and calls it later, and a thread that calls one until the process exits.

use std::sync::Mutex;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use abi_stable_mirror::stable_abi::{repr, StableAbi, TypeLayout};
use abi_stable_mirror::{ROption, RStr, RString, Tuple2};

/// abi_stable's shape for a callback a plugin receives.
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct U32Callback(pub extern "C" fn(u32) -> u32);

// SAFETY: `#[repr(transparent)]` over one `extern "C" fn(u32) -> u32`.
unsafe impl StableAbi for U32Callback {
    type StaticEquivalent = U32Callback;
    const LAYOUT: &'static TypeLayout = abi_stable_mirror::__derive_layout! {
        type: U32Callback,
        name: "U32Callback",
        package: "trait_plugin;0.1.0",
        mod_path: "trait_plugin::callback\0",
        data: struct,
        repr: repr::TRANSPARENT,
        nonzero: false,
        fields: [
            { "field_0", 0, true, [extern "C" fn()], [ { [u32], [u32], Unnamed, false } ] },
        ],
    };
}

/// One pointer per argument/return shape.
#[repr(C)]
pub struct Hooks {
    pub note: extern "C" fn(u64, RStr<'_>),
    pub mix: extern "C" fn(f64, u32, f32) -> f64,
    pub pair: extern "C" fn(Tuple2<u32, u64>) -> Tuple2<u64, f64>,
    pub text: extern "C" fn(RStr<'_>, RString) -> RString,
    #[allow(clippy::type_complexity)]
    pub many: extern "C" fn(u64, u64, u64, u64, u64, u64, u64, u64) -> u64,
}

type SeqCallback = extern "C" fn(u32, u64);

#[no_mangle]
pub extern "C" fn tr_use_callback(cb: U32Callback, n: u32) -> u32 {
    (cb.0)(n) + 1000
}

#[no_mangle]
pub extern "C" fn tr_maybe_callback(cb: ROption<U32Callback>, n: u32) -> u32 {
    match cb {
        ROption::RSome(cb) => (cb.0)(n),
        ROption::RNone => n,
    }
}

#[no_mangle]
pub extern "C" fn tr_hooks(hooks: Hooks) -> RString {
    (hooks.note)(7, RStr::from_str("noted"));
    let mix = (hooks.mix)(1.5, 2, 0.25);
    let Tuple2(a, b) = (hooks.pair)(Tuple2(3, 1 << 40));
    let text = (hooks.text)(RStr::from_str("borrowed"), "owned".into());
    let many = (hooks.many)(1, 2, 3, 4, 5, 6, 7, 8);
    format!("mix={mix};pair={a},{b};text={};many={many}", text.as_str()).into()
}

static STARTED: Mutex<Vec<JoinHandle<()>>> = Mutex::new(Vec::new());

/// Starts `threads` threads that each call cb(thread, 0..count-1), and returns at once.
#[no_mangle]
pub extern "C" fn tr_callback_threads_start(cb: SeqCallback, threads: u32, count: u64) {
    let mut started = STARTED.lock().unwrap_or_else(|e| e.into_inner());
    for t in 0..threads {
        started.push(thread::spawn(move || {
            for i in 0..count {
                cb(t, i);
            }
        }));
    }
}

#[no_mangle]
pub extern "C" fn tr_callback_threads_join() {
    let handles = std::mem::take(&mut *STARTED.lock().unwrap_or_else(|e| e.into_inner()));
    for h in handles {
        if h.join().is_err() {
            std::process::abort();
        }
    }
}

/// The same, joined before returning (the callback need only live for this call).
#[no_mangle]
pub extern "C" fn tr_callback_threads(cb: SeqCallback, threads: u32, count: u64) {
    tr_callback_threads_start(cb, threads, count);
    tr_callback_threads_join();
}

/// A value-returning callback from a thread: refused there, the plugin gets the error value.
#[no_mangle]
pub extern "C" fn tr_callback_value_on_thread(cb: U32Callback) -> u32 {
    thread::spawn(move || (cb.0)(5)).join().unwrap_or_else(|_| std::process::abort())
}

static KEPT: Mutex<Option<U32Callback>> = Mutex::new(None);

#[no_mangle]
pub extern "C" fn tr_callback_keep(cb: U32Callback) {
    *KEPT.lock().unwrap_or_else(|e| e.into_inner()) = Some(cb);
}

#[no_mangle]
pub extern "C" fn tr_callback_call_kept(n: u32) -> u32 {
    let cb = *KEPT.lock().unwrap_or_else(|e| e.into_inner());
    cb.map_or(0, |cb| (cb.0)(n))
}

/// A detached thread calling cb(99, 0), cb(99, 1), ... until the process ends (paced).
#[no_mangle]
pub extern "C" fn tr_callback_forever(cb: SeqCallback) {
    thread::spawn(move || {
        for i in 0u64.. {
            cb(99, i);
            if i % 256 == 255 {
                thread::sleep(Duration::from_millis(1));
            }
        }
    });
}

abi_stable_mirror::sabi_trait! {
    /// A plugin-made object whose method takes a callback.
    pub trait Applier [object = Applier_TO, vtable = ApplierVTable] {
        fn apply(&self, cb: U32Callback, n: u32) -> u32;
    }
}

struct Factor(u32);

impl Applier for Factor {
    fn apply(&self, cb: U32Callback, n: u32) -> u32 {
        (cb.0)(n) * self.0
    }
}

#[no_mangle]
pub extern "C" fn tr_applier_new(factor: u32) -> Applier_TO {
    Applier_TO::from_value(Factor(factor))
}

static ASK: Mutex<Option<JoinHandle<u64>>> = Mutex::new(None);

/// A thread asks cb(0..count-1) and sums the answers; returns at once (tr_ask_join waits).
#[no_mangle]
pub extern "C" fn tr_ask_start(cb: U32Callback, count: u32) {
    let h = thread::spawn(move || (0..count).map(|i| (cb.0)(i) as u64).sum());
    *ASK.lock().unwrap_or_else(|e| e.into_inner()) = Some(h);
}

#[no_mangle]
pub extern "C" fn tr_ask_join() -> u64 {
    let h = ASK.lock().unwrap_or_else(|e| e.into_inner()).take();
    h.map_or(0, |h| h.join().unwrap_or_else(|_| std::process::abort()))
}

/// The same, joined within the call: the main thread is blocked here while the thread asks.
#[no_mangle]
pub extern "C" fn tr_ask_blocking(cb: U32Callback, count: u32) -> u64 {
    tr_ask_start(cb, count);
    tr_ask_join()
}

/// Nanoseconds per ask-and-answer between two threads through a condition variable.
#[no_mangle]
pub extern "C" fn tr_condvar_round_trip_ns(rounds: u32) -> u64 {
    use std::sync::{Arc, Condvar};
    let pair = Arc::new((Mutex::new((0u64, 0u64)), Condvar::new()));
    let server = {
        let pair = Arc::clone(&pair);
        thread::spawn(move || {
            let (lock, cond) = &*pair;
            let mut g = lock.lock().unwrap_or_else(|e| e.into_inner());
            for _ in 0..rounds {
                while g.0 == g.1 {
                    g = cond.wait(g).unwrap_or_else(|e| e.into_inner());
                }
                g.1 += 1;
                cond.notify_all();
            }
        })
    };
    let start = std::time::Instant::now();
    {
        let (lock, cond) = &*pair;
        let mut g = lock.lock().unwrap_or_else(|e| e.into_inner());
        for _ in 0..rounds {
            g.0 += 1;
            cond.notify_all();
            while g.1 != g.0 {
                g = cond.wait(g).unwrap_or_else(|e| e.into_inner());
            }
        }
    }
    let ns = start.elapsed().as_nanos() as u64;
    server.join().unwrap_or_else(|_| std::process::abort());
    if rounds == 0 { 0 } else { ns / rounds as u64 }
}
