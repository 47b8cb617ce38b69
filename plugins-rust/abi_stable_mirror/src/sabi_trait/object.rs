//! `RObject<V>`: `{ vtable: PrefixRef<V>, ptr: RBox<()> }`, 24 bytes on 64-bit (reference 3.1).
//! Vtable first (DynTrait is the other way round). Dropping calls the common vtable's
//! `_sabi_drop(&self.ptr)`, whoever made the object.

use std::marker::PhantomData;
use std::mem::ManuallyDrop;

use super::robject_vtable::RObjectVtable_Ref;
use crate::marker::{CallReferentDrop, Deallocate, ErasedObject};
use crate::prefix::{PrefixRef, WithMetadata};
use crate::sabi_types::{RMut, RRef};
use crate::std_types::RBox;

/// The start every trait vtable shares: `_sabi_tys` (index 0), `_sabi_vtable` (index 1).
#[repr(C)]
pub struct TraitVTableBase {
    pub _sabi_tys: PhantomData<extern "C" fn()>,
    pub _sabi_vtable: RObjectVtable_Ref,
}

#[repr(C)]
pub struct RObject<V> {
    vtable: PrefixRef<V>,
    ptr: ManuallyDrop<RBox<ErasedObject>>,
}

impl<V> RObject<V> {
    /// # Safety
    /// `vtable`'s methods must accept `ptr`'s data as their erased object, and its `_sabi_vtable`
    /// must drop `ptr`; ownership of `ptr` moves in.
    pub unsafe fn from_raw_parts(vtable: PrefixRef<V>, ptr: RBox<ErasedObject>) -> Self {
        Self { vtable, ptr: ManuallyDrop::new(ptr) }
    }

    pub fn vtable(&self) -> PrefixRef<V> {
        self.vtable
    }

    /// The common part of the vtable (every trait vtable starts with it).
    pub fn sabi_vtable(&self) -> RObjectVtable_Ref {
        // SAFETY: every trait vtable's value starts with `_sabi_tys` and `_sabi_vtable`, which are
        // always present (reference 3.2: read through a base view whose prefix ends at field 1).
        let base = unsafe { PrefixRef::<TraitVTableBase>::from_raw(self.vtable.as_ptr() as *const WithMetadata<TraitVTableBase>) };
        crate::read_prefix_field!(base, _sabi_vtable)
    }

    /// `&self`'s erased object, what `&self` slots receive.
    pub fn data_ref(&self) -> RRef<'_, ErasedObject> {
        self.ptr.as_rref()
    }

    /// `&mut self`'s erased object, what `&mut self` slots receive.
    pub fn data_mut(&mut self) -> RMut<'_, ErasedObject> {
        self.ptr.as_rmut()
    }

    /// A by-value `self` method (reference 11.B): `call` gets the erased object, which the slot
    /// moves out of; then only the storage is freed, `destructor(data, No, Yes)`, even if the slot
    /// panics, and `_sabi_drop` is never called.
    pub fn consume<R>(self, call: impl FnOnce(*mut ()) -> R) -> R {
        struct FreeStorage(*mut ErasedObject, unsafe extern "C" fn(*mut ErasedObject, CallReferentDrop, Deallocate));
        impl Drop for FreeStorage {
            fn drop(&mut self) {
                // SAFETY: the slot moved the value out; the storage is freed once, by its own box vtable.
                unsafe { (self.1)(self.0, CallReferentDrop::No, Deallocate::Yes) }
            }
        }
        let this = ManuallyDrop::new(self);
        let data = this.ptr.as_ptr() as *mut ErasedObject;
        let _free = FreeStorage(data, this.ptr.vtable().destructor());
        call(data as *mut ())
    }
}

impl<V> Drop for RObject<V> {
    fn drop(&mut self) {
        let drop_fn = self.sabi_vtable().drop_fn();
        // SAFETY: the box is dropped once, here, by the vtable that came with it; `ptr` is
        // ManuallyDrop so nothing drops it again.
        unsafe { drop_fn(RMut::new(&mut *self.ptr)) }
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<RObject<TraitVTableBase>>() == 24);
    assert!(offset_of!(RObject<TraitVTableBase>, ptr) == 8);
    assert!(offset_of!(WithMetadata<TraitVTableBase>, value) + offset_of!(TraitVTableBase, _sabi_vtable) == 16);
};
