//! `RBox<T>`: `{ data, vtable }` (16 bytes). Dropping calls the value's own
//! `destructor(data, CallReferentDrop::Yes, Deallocate::Yes)`; `into_inner` frees storage only.

use std::fmt;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::ptr::{self, NonNull};

use crate::guard::guard;
use crate::marker::{CallReferentDrop, Deallocate};
use crate::prefix::{PrefixRef, WithMetadata};
use crate::read_prefix_field;
use crate::sabi_types::{RMut, RRef};
use crate::utypeid::{new_utypeid, UTypeId};

#[repr(C)]
pub struct RBox<T> {
    pub(crate) data: NonNull<T>,
    pub(crate) vtable: BoxVtable_Ref<T>,
    pub(crate) _marker: PhantomData<T>,
}

// SAFETY: owns its `T` like `Box<T>`.
unsafe impl<T: Send> Send for RBox<T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for RBox<T> {}

/// `BoxVtable<T>`: `type_id` (of `RBox<()>`), `destructor`, `_marker` (zero-sized); bits `0b111`.
#[repr(C)]
pub struct BoxVtable<T> {
    pub type_id: extern "C" fn() -> UTypeId,
    pub destructor: unsafe extern "C" fn(*mut T, CallReferentDrop, Deallocate),
    pub _marker: PhantomData<extern "C" fn(T)>,
}

/// Pointer to the WM header of a `BoxVtable`.
#[allow(non_camel_case_types)]
#[repr(transparent)]
pub struct BoxVtable_Ref<T>(pub PrefixRef<BoxVtable<T>>);

impl<T> Clone for BoxVtable_Ref<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for BoxVtable_Ref<T> {}

impl<T> BoxVtable_Ref<T> {
    pub const fn as_ptr(self) -> *const WithMetadata<BoxVtable<T>> {
        self.0.as_ptr()
    }
    pub fn type_id(self) -> extern "C" fn() -> UTypeId {
        read_prefix_field!(self.0, type_id)
    }
    pub fn destructor(self) -> unsafe extern "C" fn(*mut T, CallReferentDrop, Deallocate) {
        read_prefix_field!(self.0, destructor)
    }
}

crate::declare_prefix_layout!(BOX_VTABLE_LAYOUT = "BoxVtable");

/// Accessibility bits of a full `BoxVtable` (3 fields, the last zero-sized).
pub const BOX_VTABLE_BITS: u64 = 0b111;

impl<T> BoxVtable<T> {
    const WM: WithMetadata<BoxVtable<T>> = WithMetadata {
        field_accessibility: BOX_VTABLE_BITS,
        type_layout: BOX_VTABLE_LAYOUT,
        value: BoxVtable { type_id: new_utypeid::<RBox<()>>, destructor: destroy_box::<T>, _marker: PhantomData },
    };

    /// This library's vtable for `RBox<T>`.
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF: BoxVtable_Ref<T> = BoxVtable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

unsafe extern "C" fn destroy_box<T>(data: *mut T, call_drop: CallReferentDrop, dealloc: Deallocate) {
    guard(|| {
        if call_drop == CallReferentDrop::Yes {
            // SAFETY: `data` points at a live `T` owned by the box being destroyed.
            unsafe { ptr::drop_in_place(data) };
        }
        if dealloc == Deallocate::Yes {
            // SAFETY: `data` came from `Box::into_raw` in this library; ManuallyDrop frees the
            // storage without dropping the (already dropped or moved-out) `T` again.
            unsafe { drop(Box::from_raw(data as *mut ManuallyDrop<T>)) };
        }
    })
}

impl<T> RBox<T> {
    pub fn new(value: T) -> Self {
        Self::from_box(Box::new(value))
    }

    pub fn from_box(value: Box<T>) -> Self {
        Self {
            // SAFETY: Box::into_raw never returns null.
            data: unsafe { NonNull::new_unchecked(Box::into_raw(value)) },
            vtable: BoxVtable::<T>::VTABLE_REF,
            _marker: PhantomData,
        }
    }

    /// # Safety
    /// `data` must be a live `T` that `vtable.destructor` can drop and free; ownership moves in.
    pub const unsafe fn from_raw_parts(data: NonNull<T>, vtable: BoxVtable_Ref<T>) -> Self {
        Self { data, vtable, _marker: PhantomData }
    }

    pub const fn as_ptr(&self) -> *const T {
        self.data.as_ptr()
    }
    pub const fn vtable(&self) -> BoxVtable_Ref<T> {
        self.vtable
    }

    pub fn as_rref(&self) -> RRef<'_, T> {
        // SAFETY: `data` is a valid `T` borrowed through `self`.
        unsafe { RRef::from_raw(self.data.as_ptr()) }
    }

    pub fn as_rmut(&mut self) -> RMut<'_, T> {
        // SAFETY: `data` is a valid `T` uniquely borrowed through `self`.
        unsafe { RMut::from_raw(self.data.as_ptr()) }
    }

    pub fn is_from_this_library(&self) -> bool {
        let ours = BoxVtable::<T>::VTABLE_REF;
        ptr::eq(self.vtable.as_ptr(), ours.as_ptr()) || (self.vtable.type_id())() == (ours.type_id())()
    }

    /// Moves the value out and frees the storage with `destructor(data, No, Yes)`.
    pub fn into_inner(self) -> T {
        let this = ManuallyDrop::new(self);
        // SAFETY: the box owns a live `T`; after the read only the storage is freed.
        unsafe {
            let value = this.data.as_ptr().read();
            (this.vtable.destructor())(this.data.as_ptr(), CallReferentDrop::No, Deallocate::Yes);
            value
        }
    }

    /// A `Box<T>`: adopted when the box comes from this library, else moved into a new one.
    pub fn into_box(self) -> Box<T> {
        if self.is_from_this_library() {
            let this = ManuallyDrop::new(self);
            // SAFETY: same library: `data` came from `Box::into_raw` with our allocator.
            unsafe { Box::from_raw(this.data.as_ptr()) }
        } else {
            Box::new(self.into_inner())
        }
    }

    /// Reinterprets the pointee type (for type erasure, as abi_stable's `transmute_element`).
    ///
    /// # Safety
    /// Whoever uses the result must treat `data` as the original `T` (the vtable still drops a `T`).
    pub unsafe fn transmute_element<U>(self) -> RBox<U> {
        let this = ManuallyDrop::new(self);
        RBox { data: this.data.cast(), vtable: BoxVtable_Ref(
            // SAFETY: same header; the destructor's pointer argument is ABI-compatible.
            unsafe { PrefixRef::from_raw(this.vtable.as_ptr() as *const WithMetadata<BoxVtable<U>>) },
        ), _marker: PhantomData }
    }
}

impl<T> Drop for RBox<T> {
    fn drop(&mut self) {
        let destructor = self.vtable.destructor();
        // SAFETY: the box owns `data`; dropped once, through its own vtable.
        unsafe { destructor(self.data.as_ptr(), CallReferentDrop::Yes, Deallocate::Yes) }
    }
}

impl<T> Deref for RBox<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: `data` is a live `T` owned by the box.
        unsafe { self.data.as_ref() }
    }
}

impl<T> DerefMut for RBox<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as above, uniquely borrowed.
        unsafe { self.data.as_mut() }
    }
}

impl<T: Clone> Clone for RBox<T> {
    fn clone(&self) -> Self {
        RBox::new((**self).clone())
    }
}

impl<T: fmt::Debug> fmt::Debug for RBox<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: PartialEq> PartialEq for RBox<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<RBox<u64>>() == 16 && align_of::<RBox<u64>>() == 8);
    assert!(offset_of!(RBox<u64>, data) == 0);
    assert!(offset_of!(RBox<u64>, vtable) == 8);
    assert!(offset_of!(RBox<u64>, _marker) == 16);
    assert!(offset_of!(WithMetadata<BoxVtable<u64>>, value) + offset_of!(BoxVtable<u64>, type_id) == 16);
    assert!(offset_of!(WithMetadata<BoxVtable<u64>>, value) + offset_of!(BoxVtable<u64>, destructor) == 24);
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::DropCounter;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn drop_into_inner_into_box() {
        let drops = AtomicUsize::new(0);
        drop(RBox::new(DropCounter(&drops)));
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        let inner = RBox::new(DropCounter(&drops)).into_inner();
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        drop(inner);
        assert_eq!(drops.load(Ordering::SeqCst), 2);
        let b = RBox::new(5u64);
        let p = b.as_ptr();
        assert_eq!(Box::into_raw(b.into_box()) as *const u64, p);
        // SAFETY: re-own the pointer leaked just above.
        drop(unsafe { Box::from_raw(p as *mut u64) });
        assert_eq!(BoxVtable::<u8>::VTABLE_REF.0.field_accessibility(), 0b111);
    }

    #[test]
    fn destructor_flags() {
        let drops = AtomicUsize::new(0);
        let b = ManuallyDrop::new(RBox::new(DropCounter(&drops)));
        // SAFETY: drop the value but keep the storage, then free the storage only.
        unsafe {
            (b.vtable().destructor())(b.as_ptr() as *mut _, CallReferentDrop::Yes, Deallocate::No);
            assert_eq!(drops.load(Ordering::SeqCst), 1);
            (b.vtable().destructor())(b.as_ptr() as *mut _, CallReferentDrop::No, Deallocate::Yes);
        }
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }
}
