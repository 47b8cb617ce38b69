//! The `RMutex<()>` inside `LateStaticRef` (reference 4.2): a pointer-sized lock word and a
//! pointer to a prefix vtable `{ lock, try_lock, unlock, #[last_prefix_field] try_lock_for }`
//! (bits `0xF`). abi_stable's loader locks the *library's* mutex through that vtable while it
//! runs the constructor, so the functions must really exclude each other. abi_stable uses a
//! parking_lot mutex; a spin lock that yields is enough here: it is only contended when two
//! threads load the same library at once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::guard::guard;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::std_types::RDuration;

/// abi_stable's `OpaqueMutex`: one pointer-sized, pointer-aligned word.
#[repr(C)]
pub struct OpaqueMutex {
    state: AtomicUsize,
}

impl OpaqueMutex {
    pub const fn new() -> Self {
        Self { state: AtomicUsize::new(0) }
    }
    fn try_acquire(&self) -> bool {
        self.state.compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed).is_ok()
    }
}

impl Default for OpaqueMutex {
    fn default() -> Self {
        Self::new()
    }
}

#[repr(C)]
pub struct MutexVTable {
    pub lock: extern "C" fn(&OpaqueMutex),
    pub try_lock: extern "C" fn(&OpaqueMutex) -> bool,
    pub unlock: extern "C" fn(&OpaqueMutex),
    pub try_lock_for: extern "C" fn(&OpaqueMutex, RDuration) -> bool,
}

crate::declare_prefix_layout!(MUTEX_VTABLE_LAYOUT = "VTable");

static MUTEX_VTABLE: WithMetadata<MutexVTable> = WithMetadata {
    field_accessibility: 0b1111,
    type_layout: MUTEX_VTABLE_LAYOUT,
    value: MutexVTable { lock, try_lock, unlock, try_lock_for },
};

/// `RMutex<()>`: the lock word, the zero-sized data, the vtable.
#[repr(C)]
pub struct RMutexUnit {
    raw_mutex: OpaqueMutex,
    vtable: PrefixRef<MutexVTable>,
}

impl RMutexUnit {
    pub const fn new() -> Self {
        // SAFETY: a static header that lives forever, with all four fields present.
        Self { raw_mutex: OpaqueMutex::new(), vtable: unsafe { PrefixRef::from_raw(&MUTEX_VTABLE) } }
    }

    /// Runs `f` with the lock held, going through the vtable as a foreign loader would.
    pub fn with_lock<R>(&self, f: impl FnOnce() -> R) -> R {
        // SAFETY: the vtable's prefix fields are always present.
        let vtable = unsafe { &*self.vtable.value_ptr() };
        (vtable.lock)(&self.raw_mutex);
        struct Unlock<'a>(&'a RMutexUnit, extern "C" fn(&OpaqueMutex));
        impl Drop for Unlock<'_> {
            fn drop(&mut self) {
                (self.1)(&self.0.raw_mutex);
            }
        }
        let _unlock = Unlock(self, vtable.unlock);
        f()
    }
}

impl Default for RMutexUnit {
    fn default() -> Self {
        Self::new()
    }
}

extern "C" fn lock(this: &OpaqueMutex) {
    guard(|| {
        while !this.try_acquire() {
            std::thread::yield_now();
        }
    })
}
extern "C" fn try_lock(this: &OpaqueMutex) -> bool {
    guard(|| this.try_acquire())
}
extern "C" fn unlock(this: &OpaqueMutex) {
    guard(|| this.state.store(0, Ordering::Release))
}
extern "C" fn try_lock_for(this: &OpaqueMutex, timeout: RDuration) -> bool {
    guard(|| {
        let deadline = Instant::now() + Duration::new(timeout.seconds(), timeout.subsec_nanos().min(999_999_999));
        loop {
            if this.try_acquire() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::yield_now();
        }
    })
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<RMutexUnit>() == 16);
    assert!(offset_of!(RMutexUnit, vtable) == 8);
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    #[test]
    fn excludes_other_threads() {
        static MUTEX: RMutexUnit = RMutexUnit::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let threads: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    for _ in 0..2000 {
                        MUTEX.with_lock(|| {
                            // A non-atomic read-modify-write: lost updates if the lock did not exclude.
                            let v = COUNTER.load(Ordering::Relaxed);
                            COUNTER.store(v + 1, Ordering::Relaxed);
                        });
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(COUNTER.load(Ordering::Relaxed), 8000);
    }

    #[test]
    fn try_lock_for_times_out_while_held() {
        let m = RMutexUnit::new();
        m.with_lock(|| {
            assert!(!try_lock(&m.raw_mutex));
            assert!(!try_lock_for(&m.raw_mutex, RDuration::new(0, 1_000_000)));
        });
        assert!(try_lock_for(&m.raw_mutex, RDuration::new(0, 1_000_000)));
        unlock(&m.raw_mutex);
    }
}
