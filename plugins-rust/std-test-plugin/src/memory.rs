//! `tp_slice_unreadable`: slices over 2 MiB buffers the host cannot read, for its check of large
//! buffers before it copies them. Kind 0: readable (element `i` holds `i`); 1: `PROT_NONE`;
//! 2: never mapped; 3: a `PROT_NONE` page in the middle; 4: write-only. Each region is mapped
//! once and kept for the life of the process; a slice is borrowed, so nothing is dropped.

use std::ffi::c_void;
use std::sync::Mutex;

use abi_stable_mirror::RSlice;

const REGION: usize = 2 << 20;
/// Far below where the kernel places mappings (just under the stack, near 2^47): never mapped here.
const NEVER_MAPPED: usize = 0x3000_0000_0000;

// Linux's values (x86_64 and aarch64 alike).
const PROT_NONE: i32 = 0;
const PROT_READ: i32 = 1;
const PROT_WRITE: i32 = 2;
const MAP_PRIVATE: i32 = 2;
const MAP_ANONYMOUS: i32 = 0x20;
const MAP_FAILED: *mut c_void = !0usize as *mut c_void;

extern "C" {
    fn mmap(addr: *mut c_void, len: usize, prot: i32, flags: i32, fd: i32, offset: i64) -> *mut c_void;
    fn mprotect(addr: *mut c_void, len: usize, prot: i32) -> i32;
}

fn map_region(prot: i32) -> Option<*mut u32> {
    // SAFETY: a fresh anonymous mapping; nothing else is touched.
    let p = unsafe { mmap(std::ptr::null_mut(), REGION, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) };
    (p != MAP_FAILED).then_some(p.cast())
}

fn region(kind: u32) -> Option<*mut u32> {
    match kind {
        0 => {
            let p = map_region(PROT_READ | PROT_WRITE)?;
            for i in 0..REGION / 4 {
                // SAFETY: `i` is inside the readable, writable region just mapped.
                unsafe { p.add(i).write(i as u32) };
            }
            Some(p)
        }
        1 => map_region(PROT_NONE),
        2 => Some(NEVER_MAPPED as *mut u32),
        3 => {
            let p = map_region(PROT_READ | PROT_WRITE)?;
            // SAFETY: the middle page lies inside the region just mapped, which nothing uses yet.
            let changed = unsafe { mprotect(p.cast::<u8>().add(REGION / 2).cast(), 4096, PROT_NONE) };
            (changed == 0).then_some(p)
        }
        4 => map_region(PROT_WRITE),
        _ => None,
    }
}

/// Region addresses by kind, made on first use (as integers: raw pointers are not `Send`).
static MADE: Mutex<[usize; 5]> = Mutex::new([0; 5]);

#[no_mangle]
pub extern "C" fn tp_slice_unreadable(kind: u32) -> RSlice<'static, u32> {
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    let Some(slot) = made.get_mut(kind as usize) else { return RSlice::EMPTY };
    if *slot == 0 {
        *slot = region(kind).map_or(0, |p| p as usize);
    }
    if *slot == 0 {
        return RSlice::EMPTY;
    }
    // SAFETY: the host only looks at the slice's header before it reads it, and refuses to read
    // regions it cannot (what the tests check); kind 0 is readable for the life of the process.
    unsafe { RSlice::from_raw_parts(*slot as *const u32, REGION / 4) }
}
