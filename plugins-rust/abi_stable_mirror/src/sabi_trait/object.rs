//! `RObject<V, P>`: `{ vtable: PrefixRef<V>, ptr: P }` (reference 3.1, 11.B): 24 bytes over
//! `RBox<()>` (the default) or `RArc<()>`, 16 over `RMut<'_, ()>` or `RRef<'_, ()>`. Vtable first
//! (DynTrait is the other way round). Dropping an owning one calls the common vtable's
//! `_sabi_drop(&self.ptr)`, whoever made the object; a borrowing one is never dropped.

use std::marker::PhantomData;
use std::mem::ManuallyDrop;

use super::pointer::{ObjectPointer, PointerKind};
use super::robject_vtable::RObjectVtable_Ref;
use crate::marker::ErasedObject;
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
pub struct RObject<V, P: ObjectPointer = RBox<ErasedObject>> {
    vtable: PrefixRef<V>,
    ptr: ManuallyDrop<P>,
}

impl<V, P: ObjectPointer> RObject<V, P> {
    /// # Safety
    /// `vtable`'s methods must accept `ptr`'s data as their erased object, and its `_sabi_vtable`
    /// must drop `ptr` (when it owns); ownership of `ptr` moves in.
    pub unsafe fn from_raw_parts(vtable: PrefixRef<V>, ptr: P) -> Self {
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

    /// The pointer the object is over.
    pub fn pointer_kind(&self) -> PointerKind {
        P::KIND
    }

    /// `&self`'s erased object, what `&self` slots receive.
    pub fn data_ref(&self) -> RRef<'_, ErasedObject> {
        // SAFETY: the pointer's erased object lives as long as the pointer.
        unsafe { RRef::from_raw(self.ptr.erased()) }
    }

    /// `&mut self`'s erased object, what `&mut self` slots receive. abi_stable allows `&mut self`
    /// methods only through RBox and RMut objects (a compile error elsewhere; a panic here).
    pub fn data_mut(&mut self) -> RMut<'_, ErasedObject> {
        assert!(
            matches!(P::KIND, PointerKind::RBox | PointerKind::RMut),
            "&mut self methods need an RBox or RMut object, not an {:?} one (abi_stable requires AsMutPtr)",
            P::KIND
        );
        // SAFETY: RBox and RMut give unique access to their object.
        unsafe { RMut::from_raw(self.ptr.erased()) }
    }

    /// An `RMut` object over this one's erased object, with this one's vtable (abi_stable's
    /// `sabi_reborrow_mut`; the vtable's `_sabi_drop` is never called through it).
    pub fn reborrow_mut(&mut self) -> RObject<V, RMut<'_, ErasedObject>> {
        let vtable = self.vtable;
        RObject { vtable, ptr: ManuallyDrop::new(self.data_mut()) }
    }

    /// An `RRef` object over this one's erased object, with this one's vtable (`sabi_reborrow`).
    pub fn reborrow(&self) -> RObject<V, RRef<'_, ErasedObject>> {
        RObject { vtable: self.vtable, ptr: ManuallyDrop::new(self.data_ref()) }
    }

    /// Another object over the same value through `_sabi_clone` (RArc: strong + 1; RBox: a deep
    /// copy when the trait is Clone), or a copy of an RRef; None when it cannot be cloned.
    pub fn sabi_clone(&self) -> Option<Self> {
        match P::KIND {
            PointerKind::RMut => None,
            // SAFETY: an RRef is a plain pointer (Rust's clone copies it without calling the slot).
            PointerKind::RRef => Some(RObject { vtable: self.vtable, ptr: ManuallyDrop::new(unsafe { std::ptr::read(&*self.ptr) }) }),
            PointerKind::RBox | PointerKind::RArc => {
                let clone = crate::read_prefix_field!(self.sabi_vtable().0, _sabi_clone)?;
                // SAFETY: the slot clones this object's own pointer (16 bytes back, the same type).
                let ptr = unsafe { clone(RRef::new(&*self.ptr).cast()) };
                let ptr = ManuallyDrop::new(ptr);
                // SAFETY: RBox<()> and RArc<()> are both `{ data, vtable }`; the slot returned a `P`.
                Some(RObject { vtable: self.vtable, ptr: ManuallyDrop::new(unsafe { std::ptr::read(&*ptr as *const RBox<ErasedObject> as *const P) }) })
            }
        }
    }

    /// A by-value `self` method (reference 11.B): `call` gets the erased object, which the slot
    /// moves out of; then only the storage is freed, `destructor(data, No, Yes)`, even if the slot
    /// panics, and `_sabi_drop` is never called.
    pub fn consume<R>(self, call: impl FnOnce(*mut ()) -> R) -> R {
        struct FreeStorage<P: ObjectPointer>(Option<P>);
        impl<P: ObjectPointer> Drop for FreeStorage<P> {
            fn drop(&mut self) {
                if let Some(p) = self.0.take() {
                    p.free_storage()
                }
            }
        }
        assert!(P::KIND == PointerKind::RBox, "by-value self methods need an RBox object, not an {:?} one (abi_stable requires OwnedPointer)", P::KIND);
        let this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped; the pointer moves into the guard, which frees the storage once.
        let ptr = unsafe { std::ptr::read(&*this.ptr) };
        let data = ptr.erased();
        let _free = FreeStorage(Some(ptr));
        call(data as *mut ())
    }
}

impl<V> RObject<V, crate::std_types::RArc<ErasedObject>> {
    /// The strong count, through the Arc's own vtable.
    pub fn strong_count(&self) -> usize {
        crate::std_types::RArc::strong_count(&self.ptr)
    }

    /// One more strong reference through the Arc's own vtable (`clone_`), not `_sabi_clone`:
    /// works whether or not the trait is Clone (what a C plugin can do with any RArc object).
    pub fn arc_clone(&self) -> Self {
        RObject { vtable: self.vtable, ptr: ManuallyDrop::new((*self.ptr).clone()) }
    }
}

impl<V, P: ObjectPointer> Drop for RObject<V, P> {
    fn drop(&mut self) {
        // References are never dropped (reference 11.B: Rust calls `_sabi_drop` only for smart pointers).
        if !matches!(P::KIND, PointerKind::RBox | PointerKind::RArc) {
            return;
        }
        let drop_fn = self.sabi_vtable().drop_fn();
        // SAFETY: the pointer is dropped once, here, by the vtable that came with it; `ptr` is
        // ManuallyDrop so nothing drops it again.
        unsafe { drop_fn(RMut::new(&mut *self.ptr).cast()) }
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<RObject<TraitVTableBase>>() == 24);
    assert!(size_of::<RObject<TraitVTableBase, crate::std_types::RArc<ErasedObject>>>() == 24);
    assert!(size_of::<RObject<TraitVTableBase, RMut<'static, ErasedObject>>>() == 16);
    assert!(size_of::<RObject<TraitVTableBase, RRef<'static, ErasedObject>>>() == 16);
    assert!(offset_of!(RObject<TraitVTableBase>, ptr) == 8);
    assert!(offset_of!(WithMetadata<TraitVTableBase>, value) + offset_of!(TraitVTableBase, _sabi_vtable) == 16);
};
