//! `UTypeId`: a type identity that compares equal only inside one library.
//!
//! `executable_identity` is the address of [`EXECUTABLE_IDENTITY`], a static of *this copy* of the
//! crate, so every plugin (and every test binary) that links the mirror has its own identity; the
//! 16 bytes are those Rust's `TypeId` writes into a hasher (as abi_stable does).

use std::any::TypeId;
use std::hash::{Hash, Hasher};
use std::sync::atomic::AtomicUsize;

use crate::maybe_cmp::MaybeCmp;

/// The identity of the library (or executable) that linked this copy of the crate.
pub static EXECUTABLE_IDENTITY: AtomicUsize = AtomicUsize::new(1);

const TYPE_ID_BYTES: usize = 16;

#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UTypeId {
    executable_identity: *const AtomicUsize,
    type_id_array: [u8; TYPE_ID_BYTES],
}

// SAFETY: the pointer is only compared, never dereferenced.
unsafe impl Send for UTypeId {}
// SAFETY: as above.
unsafe impl Sync for UTypeId {}

impl UTypeId {
    pub fn new<T: ?Sized + 'static>() -> Self {
        let mut bytes = TypeIdBytes { value: [0; TYPE_ID_BYTES], written: 0 };
        TypeId::of::<T>().hash(&mut bytes);
        Self { executable_identity: &EXECUTABLE_IDENTITY, type_id_array: bytes.value }
    }

    /// An id as another library would make it (hosts and tests emulating other libraries).
    pub const fn from_raw_parts(executable_identity: *const AtomicUsize, type_id_array: [u8; 16]) -> Self {
        Self { executable_identity, type_id_array }
    }

    /// The address identifying the library that made this id.
    pub fn executable_identity(&self) -> *const AtomicUsize {
        self.executable_identity
    }
}

/// `extern "C"` constructor stored in vtables (`type_id` fields).
pub extern "C" fn new_utypeid<T: ?Sized + 'static>() -> UTypeId {
    UTypeId::new::<T>()
}

/// `TypeInfo::uid` of values that cannot be downcast.
pub extern "C" fn no_utypeid() -> MaybeCmp<UTypeId> {
    MaybeCmp::Nothing
}

/// Collects the bytes `TypeId::hash` writes (8 today), folding any beyond 16.
struct TypeIdBytes {
    value: [u8; TYPE_ID_BYTES],
    written: usize,
}

impl Hasher for TypeIdBytes {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.value[self.written % TYPE_ID_BYTES] ^= b;
            self.written += 1;
        }
    }
    fn finish(&self) -> u64 {
        0
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<UTypeId>() == 24 && align_of::<UTypeId>() == 8);
    assert!(offset_of!(UTypeId, executable_identity) == 0);
    assert!(offset_of!(UTypeId, type_id_array) == 8);
    assert!(size_of::<MaybeCmp<UTypeId>>() == 32);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_for_same_type_different_for_others() {
        assert_eq!(UTypeId::new::<Vec<()>>(), UTypeId::new::<Vec<()>>());
        assert_ne!(UTypeId::new::<Vec<()>>(), UTypeId::new::<Vec<u8>>());
        assert_eq!(new_utypeid::<u32>().executable_identity(), &EXECUTABLE_IDENTITY as *const _);
    }

    #[test]
    fn maybe_cmp_layout_and_nothing_never_equal() {
        let just = MaybeCmp::Just(UTypeId::new::<u8>());
        let base = &just as *const _ as usize;
        match &just {
            MaybeCmp::Just(id) => assert_eq!(id as *const _ as usize - base, 8),
            MaybeCmp::Nothing => unreachable!(),
        }
        let nothing = no_utypeid();
        // SAFETY: reading the tag byte of a live repr(u8) enum.
        assert_eq!(unsafe { *(&nothing as *const _ as *const u8) }, 1);
        // SAFETY: as above.
        assert_eq!(unsafe { *(&just as *const _ as *const u8) }, 0);
        assert!(nothing != MaybeCmp::Nothing);
        assert!(just == just);
    }
}
