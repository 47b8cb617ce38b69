//! The plugin's allocator counts live blocks (abi_stable_mirror::alloc_counter), so
//! `tr_live_allocations` lets host tests see a leak or a double free of plugin-made memory.

use abi_stable_mirror::alloc_counter::{live_blocks, CountingAllocator};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[no_mangle]
pub extern "C" fn tr_live_allocations() -> i64 {
    live_blocks()
}
