//! The pointer an [`RObject`](super::RObject) is over (reference 11.B): `RBox<()>` and `RArc<()>` own
//! the erased object (the object's drop calls `_sabi_drop(&ptr)`); `RMut<'_, ()>` and `RRef<'_, ()>`
//! borrow it and are never dropped. Objects made here get the common vtable of their pointer:
//! one trait vtable per (type, pointer), as abi_stable makes them.

use std::mem::ManuallyDrop;
use std::ptr;

use super::robject_vtable::{RObjectVtable, RObjectVtable_Ref};
use crate::marker::{CallReferentDrop, Deallocate, ErasedObject};
use crate::sabi_types::{RMut, RRef};
use crate::std_types::{RArc, RBox};

/// Which pointer an object is over.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PointerKind {
    RBox,
    RArc,
    RMut,
    RRef,
}

/// A pointer an `RObject` may be over.
///
/// # Safety
/// `erased` must return the pointer the object's method slots take as `self`, and
/// `ROBJECT_VTABLE` must drop (and clone, when it can) this very pointer type.
pub unsafe trait ObjectPointer {
    const KIND: PointerKind;
    /// The common vtable of objects made here over this pointer.
    const ROBJECT_VTABLE: RObjectVtable_Ref;
    /// The erased object.
    fn erased(&self) -> *mut ErasedObject;
    /// A by-value method moved the value out: free the storage only (RBox alone supports it).
    fn free_storage(self);
}

// SAFETY: the box's data is the erased object; OPAQUE drops an RBox.
unsafe impl ObjectPointer for RBox<ErasedObject> {
    const KIND: PointerKind = PointerKind::RBox;
    const ROBJECT_VTABLE: RObjectVtable_Ref = RObjectVtable::OPAQUE;
    fn erased(&self) -> *mut ErasedObject {
        self.as_ptr() as *mut ErasedObject
    }
    fn free_storage(self) {
        let this = ManuallyDrop::new(self);
        // SAFETY: the value was moved out; the storage is freed once, by its own box vtable.
        unsafe { (this.vtable().destructor())(this.as_ptr() as *mut ErasedObject, CallReferentDrop::No, Deallocate::Yes) }
    }
}

// SAFETY: the Arc's data is the erased object; ARC drops and clones an RArc.
unsafe impl ObjectPointer for RArc<ErasedObject> {
    const KIND: PointerKind = PointerKind::RArc;
    const ROBJECT_VTABLE: RObjectVtable_Ref = RObjectVtable::ARC;
    fn erased(&self) -> *mut ErasedObject {
        self.as_ptr() as *mut ErasedObject
    }
    fn free_storage(self) {
        panic!("by-value self methods need an RBox object: an RArc is shared (abi_stable requires OwnedPointer)")
    }
}

// SAFETY: the reference is the erased object; BORROWED never drops it.
unsafe impl ObjectPointer for RMut<'_, ErasedObject> {
    const KIND: PointerKind = PointerKind::RMut;
    const ROBJECT_VTABLE: RObjectVtable_Ref = RObjectVtable::BORROWED;
    fn erased(&self) -> *mut ErasedObject {
        self.as_ptr()
    }
    fn free_storage(self) {
        panic!("by-value self methods need an RBox object: an RMut is borrowed")
    }
}

// SAFETY: as above.
unsafe impl ObjectPointer for RRef<'_, ErasedObject> {
    const KIND: PointerKind = PointerKind::RRef;
    const ROBJECT_VTABLE: RObjectVtable_Ref = RObjectVtable::BORROWED;
    fn erased(&self) -> *mut ErasedObject {
        self.as_ptr() as *mut ErasedObject
    }
    fn free_storage(self) {
        panic!("by-value self methods need an RBox object: an RRef is borrowed")
    }
}

/// `value` as the erased `RArc` an object holds (the Arc's vtable still drops a `T`).
pub fn erase_arc<T>(value: RArc<T>) -> RArc<ErasedObject> {
    let value = ManuallyDrop::new(value);
    // SAFETY: `RArc<T>` and `RArc<ErasedObject>` have the same layout (two pointers); the vtable's
    // functions take the data pointer whatever its static type.
    unsafe { ptr::read(&*value as *const RArc<T> as *const RArc<ErasedObject>) }
}
