//! The erased-types test plugin (its API is declared in test/erased/api.ts; the C plugin in
//! plugins-c/erased-plugin exports the same), built with the abi_stable mirror. Shaped like
//! abi_stable's examples/0_modules_and_interface_types: a text-processing module handing out
//! DynTraits (Text values, word iterators) and taking them back by value and as loans.
#![deny(warnings)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod dyn_signatures;
mod hosted;
mod io;
mod shared;
mod shop;
mod shop_error;
mod shop_state;
mod text;
mod wide_ne;
mod words;

use std::sync::atomic::{AtomicI64, Ordering};

use abi_stable_mirror::alloc_counter::{live_blocks, CountingAllocator};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Texts and iterators not dropped yet.
pub(crate) static LIVE: AtomicI64 = AtomicI64::new(0);

pub(crate) fn born() {
    LIVE.fetch_add(1, Ordering::SeqCst);
}
pub(crate) fn died() {
    LIVE.fetch_sub(1, Ordering::SeqCst);
}

#[no_mangle]
pub extern "C" fn er_live() -> i64 {
    LIVE.load(Ordering::SeqCst)
}

#[no_mangle]
pub extern "C" fn er_live_allocations() -> i64 {
    live_blocks()
}
