//! `RArc<T>`: `{ data, vtable }` (16 bytes); `data` points at the `T` inside Rust's `Arc`
//! allocation. `ArcVtable` has 7 unconditional fields (bits `0x7F`); `destructor` takes the data
//! pointer, the others the 16-byte `RArc` header.

use std::fmt;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr;
use std::sync::Arc;

use crate::guard::guard;
use crate::marker::CallReferentDrop;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::read_prefix_field;
use crate::std_types::RResult;
use crate::utypeid::{new_utypeid, UTypeId};

#[repr(C)]
pub struct RArc<T> {
    pub(crate) data: *const T,
    pub(crate) vtable: ArcVtable_Ref<T>,
    pub(crate) _marker: PhantomData<T>,
}

// SAFETY: shares its `T` like `Arc<T>`.
unsafe impl<T: Send + Sync> Send for RArc<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync> Sync for RArc<T> {}

#[repr(C)]
pub struct ArcVtable<T> {
    pub type_id: extern "C" fn() -> UTypeId,
    pub destructor: unsafe extern "C" fn(*const T, CallReferentDrop),
    pub clone_: unsafe extern "C" fn(&RArc<T>) -> RArc<T>,
    pub get_mut: unsafe extern "C" fn(&mut RArc<T>) -> Option<&mut T>,
    pub try_unwrap: unsafe extern "C" fn(RArc<T>) -> RResult<T, RArc<T>>,
    pub strong_count: unsafe extern "C" fn(&RArc<T>) -> usize,
    pub weak_count: unsafe extern "C" fn(&RArc<T>) -> usize,
}

/// Pointer to the WM header of an `ArcVtable`.
#[allow(non_camel_case_types)]
#[repr(transparent)]
pub struct ArcVtable_Ref<T>(pub PrefixRef<ArcVtable<T>>);

impl<T> Clone for ArcVtable_Ref<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for ArcVtable_Ref<T> {}

impl<T> ArcVtable_Ref<T> {
    pub const fn as_ptr(self) -> *const WithMetadata<ArcVtable<T>> {
        self.0.as_ptr()
    }
    pub fn type_id(self) -> extern "C" fn() -> UTypeId {
        read_prefix_field!(self.0, type_id)
    }
    pub fn destructor(self) -> unsafe extern "C" fn(*const T, CallReferentDrop) {
        read_prefix_field!(self.0, destructor)
    }
    pub fn clone_(self) -> unsafe extern "C" fn(&RArc<T>) -> RArc<T> {
        read_prefix_field!(self.0, clone_)
    }
    pub fn get_mut(self) -> unsafe extern "C" fn(&mut RArc<T>) -> Option<&mut T> {
        read_prefix_field!(self.0, get_mut)
    }
    pub fn try_unwrap(self) -> unsafe extern "C" fn(RArc<T>) -> RResult<T, RArc<T>> {
        read_prefix_field!(self.0, try_unwrap)
    }
    pub fn strong_count(self) -> unsafe extern "C" fn(&RArc<T>) -> usize {
        read_prefix_field!(self.0, strong_count)
    }
    pub fn weak_count(self) -> unsafe extern "C" fn(&RArc<T>) -> usize {
        read_prefix_field!(self.0, weak_count)
    }
}

crate::declare_prefix_layout!(ARC_VTABLE_LAYOUT = "ArcVtable");

/// Accessibility bits of a full `ArcVtable` (7 fields).
pub const ARC_VTABLE_BITS: u64 = 0x7F;

impl<T> ArcVtable<T> {
    const WM: WithMetadata<ArcVtable<T>> = WithMetadata {
        field_accessibility: ARC_VTABLE_BITS,
        type_layout: ARC_VTABLE_LAYOUT,
        value: ArcVtable {
            type_id: new_utypeid::<RArc<()>>,
            destructor: destructor_arc::<T>,
            clone_: clone_arc::<T>,
            get_mut: get_mut_arc::<T>,
            try_unwrap: try_unwrap_arc::<T>,
            strong_count: strong_count_arc::<T>,
            weak_count: weak_count_arc::<T>,
        },
    };

    /// This library's vtable for `RArc<T>`.
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF: ArcVtable_Ref<T> = ArcVtable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

unsafe extern "C" fn destructor_arc<T>(data: *const T, call_drop: CallReferentDrop) {
    guard(|| {
        // SAFETY: `data` came from `Arc::into_raw` in this library and owns one strong count.
        unsafe {
            if call_drop == CallReferentDrop::Yes {
                drop(Arc::from_raw(data));
            } else {
                drop(Arc::from_raw(data as *const ManuallyDrop<T>));
            }
        }
    })
}

/// Runs `f` on a borrowed `Arc` rebuilt from `this` (not released).
///
/// # Safety
/// `this.data` must come from `Arc::into_raw` in this library.
unsafe fn with_arc<T, R>(this: &RArc<T>, f: impl FnOnce(&Arc<T>) -> R) -> R {
    // SAFETY: forwarded; ManuallyDrop keeps the strong count unchanged.
    let arc = ManuallyDrop::new(unsafe { Arc::from_raw(this.data) });
    f(&arc)
}

unsafe extern "C" fn clone_arc<T>(this: &RArc<T>) -> RArc<T> {
    // SAFETY: our vtable is only attached to arcs of this library.
    unsafe { with_arc(this, |arc| RArc::from(Arc::clone(arc))) }
}

unsafe extern "C" fn get_mut_arc<T>(this: &mut RArc<T>) -> Option<&mut T> {
    // SAFETY: as above; the returned reference borrows `this`, which keeps the Arc alive.
    let mut arc = ManuallyDrop::new(unsafe { Arc::from_raw(this.data) });
    // SAFETY: the Arc lives as long as `this` (which owns a strong count).
    Arc::get_mut(&mut arc).map(|r| unsafe { &mut *(r as *mut T) })
}

unsafe extern "C" fn try_unwrap_arc<T>(this: RArc<T>) -> RResult<T, RArc<T>> {
    let this = ManuallyDrop::new(this);
    // SAFETY: takes over the strong count `this` owned.
    let arc = unsafe { Arc::from_raw(this.data) };
    Arc::try_unwrap(arc).map_err(RArc::from).into()
}

unsafe extern "C" fn strong_count_arc<T>(this: &RArc<T>) -> usize {
    // SAFETY: our vtable is only attached to arcs of this library.
    unsafe { with_arc(this, Arc::strong_count) }
}

unsafe extern "C" fn weak_count_arc<T>(this: &RArc<T>) -> usize {
    // SAFETY: as above.
    unsafe { with_arc(this, Arc::weak_count) }
}

impl<T> From<Arc<T>> for RArc<T> {
    fn from(arc: Arc<T>) -> Self {
        Self { data: Arc::into_raw(arc), vtable: ArcVtable::<T>::VTABLE_REF, _marker: PhantomData }
    }
}

impl<T> RArc<T> {
    pub fn new(value: T) -> Self {
        Arc::new(value).into()
    }

    pub const fn vtable(&self) -> ArcVtable_Ref<T> {
        self.vtable
    }
    pub const fn as_ptr(&self) -> *const T {
        self.data
    }

    pub fn strong_count(this: &Self) -> usize {
        // SAFETY: called through the value's own vtable with its own header.
        unsafe { (this.vtable.strong_count())(this) }
    }
    pub fn weak_count(this: &Self) -> usize {
        // SAFETY: as above.
        unsafe { (this.vtable.weak_count())(this) }
    }
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        // SAFETY: as above.
        unsafe { (this.vtable.get_mut())(this) }
    }
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        let try_unwrap = this.vtable.try_unwrap();
        // SAFETY: as above; ownership of `this` passes to the callee.
        unsafe { try_unwrap(this) }.into_result()
    }

    /// An `Arc<T>`: adopted from this library, else unwrapped or cloned into a new one.
    pub fn into_arc(this: Self) -> Arc<T>
    where
        T: Clone,
    {
        let ours = ArcVtable::<T>::VTABLE_REF;
        if ptr::eq(this.vtable.as_ptr(), ours.as_ptr()) || (this.vtable.type_id())() == (ours.type_id())() {
            let this = ManuallyDrop::new(this);
            // SAFETY: same library: `data` came from `Arc::into_raw` with our allocator.
            unsafe { Arc::from_raw(this.data) }
        } else {
            Arc::new(Self::try_unwrap(this).unwrap_or_else(|shared| (*shared).clone()))
        }
    }
}

impl<T> Clone for RArc<T> {
    fn clone(&self) -> Self {
        // SAFETY: through the value's own vtable.
        unsafe { (self.vtable.clone_())(self) }
    }
}

impl<T> Drop for RArc<T> {
    fn drop(&mut self) {
        // SAFETY: releases the strong count this value owns, through its own vtable.
        unsafe { (self.vtable.destructor())(self.data, CallReferentDrop::Yes) }
    }
}

impl<T> Deref for RArc<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the strong count this value owns keeps `T` alive.
        unsafe { &*self.data }
    }
}

impl<T: fmt::Debug> fmt::Debug for RArc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<RArc<u64>>() == 16 && align_of::<RArc<u64>>() == 8);
    assert!(offset_of!(RArc<u64>, data) == 0 && offset_of!(RArc<u64>, vtable) == 8);
    let value = offset_of!(WithMetadata<ArcVtable<u64>>, value);
    assert!(value == 16);
    assert!(value + offset_of!(ArcVtable<u64>, destructor) == 24);
    assert!(value + offset_of!(ArcVtable<u64>, clone_) == 32);
    assert!(value + offset_of!(ArcVtable<u64>, get_mut) == 40);
    assert!(value + offset_of!(ArcVtable<u64>, try_unwrap) == 48);
    assert!(value + offset_of!(ArcVtable<u64>, strong_count) == 56);
    assert!(value + offset_of!(ArcVtable<u64>, weak_count) == 64);
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::DropCounter;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn counts_clone_unwrap_drop() {
        let drops = AtomicUsize::new(0);
        let mut a = RArc::new(DropCounter(&drops));
        assert_eq!(RArc::strong_count(&a), 1);
        assert!(RArc::get_mut(&mut a).is_some());
        let b = a.clone();
        assert_eq!(RArc::strong_count(&a), 2);
        assert!(RArc::get_mut(&mut a).is_none());
        let a = RArc::try_unwrap(a).unwrap_err();
        drop(b);
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        let inner = RArc::try_unwrap(a).ok().unwrap();
        drop(inner);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert_eq!(RArc::weak_count(&RArc::new(1)), 0);
        assert_eq!(*RArc::into_arc(RArc::new(5)), 5);
        assert_eq!(ArcVtable::<u8>::VTABLE_REF.0.field_accessibility(), 0x7F);
    }
}
