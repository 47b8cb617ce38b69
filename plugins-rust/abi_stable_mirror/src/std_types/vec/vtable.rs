//! `VecVTable`: the prefix-type vtable of `RVec<T>` (4 unconditional fields, bits `0xF`):
//! `type_id` (UTypeId of `RVec<()>` in this library), `destructor`, `grow_capacity_to`,
//! `shrink_to_fit`, each taking the 32-byte `RVec` header.

use super::RVec;
use crate::guard::guard;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::read_prefix_field;
use crate::utypeid::{new_utypeid, UTypeId};

/// How `grow_capacity_to` reserves: `Exact` = 0, `Above` = 1 (may over-allocate); a C `int`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exactness {
    Exact = 0,
    Above = 1,
}

#[repr(C)]
pub struct VecVTable<T> {
    pub type_id: extern "C" fn() -> UTypeId,
    pub destructor: unsafe extern "C" fn(&mut RVec<T>),
    pub grow_capacity_to: unsafe extern "C" fn(&mut RVec<T>, usize, Exactness),
    pub shrink_to_fit: unsafe extern "C" fn(&mut RVec<T>),
}

/// Pointer to the WM header of a `VecVTable`.
#[allow(non_camel_case_types)]
#[repr(transparent)]
pub struct VecVTable_Ref<T>(pub PrefixRef<VecVTable<T>>);

impl<T> Clone for VecVTable_Ref<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for VecVTable_Ref<T> {}

impl<T> VecVTable_Ref<T> {
    pub const fn as_ptr(self) -> *const WithMetadata<VecVTable<T>> {
        self.0.as_ptr()
    }
    pub fn type_id(self) -> extern "C" fn() -> UTypeId {
        read_prefix_field!(self.0, type_id)
    }
    pub fn destructor(self) -> unsafe extern "C" fn(&mut RVec<T>) {
        read_prefix_field!(self.0, destructor)
    }
    pub fn grow_capacity_to(self) -> unsafe extern "C" fn(&mut RVec<T>, usize, Exactness) {
        read_prefix_field!(self.0, grow_capacity_to)
    }
    pub fn shrink_to_fit(self) -> unsafe extern "C" fn(&mut RVec<T>) {
        read_prefix_field!(self.0, shrink_to_fit)
    }
}

crate::declare_prefix_layout!(VEC_VTABLE_LAYOUT = "VecVTable");

/// Accessibility bits of a full `VecVTable` (4 fields).
pub const VEC_VTABLE_BITS: u64 = 0xF;

impl<T> VecVTable<T> {
    const WM: WithMetadata<VecVTable<T>> = WithMetadata {
        field_accessibility: VEC_VTABLE_BITS,
        type_layout: VEC_VTABLE_LAYOUT,
        value: VecVTable {
            type_id: new_utypeid::<RVec<()>>,
            destructor: destructor_vec::<T>,
            grow_capacity_to: grow_capacity_to_vec::<T>,
            shrink_to_fit: shrink_to_fit_vec::<T>,
        },
    };

    /// This library's vtable for `RVec<T>`.
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF: VecVTable_Ref<T> = VecVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

unsafe extern "C" fn destructor_vec<T>(this: &mut RVec<T>) {
    guard(|| {
        // SAFETY: this vtable is only stored in vectors whose buffer is a Vec<T> of our allocator.
        unsafe { drop(Vec::from_raw_parts(this.as_mut_ptr(), this.len(), this.capacity())) }
    })
}

unsafe extern "C" fn grow_capacity_to_vec<T>(this: &mut RVec<T>, to: usize, exactness: Exactness) {
    guard(|| {
        // SAFETY: as in `destructor_vec`.
        unsafe {
            this.with_vec(|list| {
                let additional = to.saturating_sub(list.len());
                match exactness {
                    Exactness::Above => list.reserve(additional),
                    Exactness::Exact => list.reserve_exact(additional),
                }
            })
        }
    })
}

unsafe extern "C" fn shrink_to_fit_vec<T>(this: &mut RVec<T>) {
    guard(|| {
        // SAFETY: as in `destructor_vec`.
        unsafe { this.with_vec(|list| list.shrink_to_fit()) }
    })
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<Exactness>() == 4);
    assert!(size_of::<VecVTable<u8>>() == 32);
    // Absolute offsets from the WM header: 16, 24, 32, 40.
    assert!(offset_of!(WithMetadata<VecVTable<u8>>, value) + offset_of!(VecVTable<u8>, type_id) == 16);
    assert!(offset_of!(WithMetadata<VecVTable<u8>>, value) + offset_of!(VecVTable<u8>, destructor) == 24);
    assert!(offset_of!(WithMetadata<VecVTable<u8>>, value) + offset_of!(VecVTable<u8>, grow_capacity_to) == 32);
    assert!(offset_of!(WithMetadata<VecVTable<u8>>, value) + offset_of!(VecVTable<u8>, shrink_to_fit) == 40);
};
