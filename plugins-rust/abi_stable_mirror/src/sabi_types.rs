//! `RRef` and `RMut`: non-null pointers that carry a lifetime, the `self` arguments of erased
//! vtable functions (one pointer each, like abi_stable's types of the same names).

use std::marker::PhantomData;
use std::ptr::NonNull;

/// A shared reference as one non-null pointer, castable to other pointee types.
#[repr(transparent)]
pub struct RRef<'a, T> {
    ptr: NonNull<T>,
    _marker: PhantomData<&'a T>,
}

impl<T> Clone for RRef<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for RRef<'_, T> {}

impl<'a, T> RRef<'a, T> {
    pub fn new(reference: &'a T) -> Self {
        Self { ptr: NonNull::from(reference), _marker: PhantomData }
    }

    /// # Safety
    /// `ptr` must be non-null and valid for reads as a `T` for `'a` (or only ever cast and
    /// passed on to code that knows its real type).
    pub const unsafe fn from_raw(ptr: *const T) -> Self {
        // SAFETY: the caller promises `ptr` is non-null.
        Self { ptr: unsafe { NonNull::new_unchecked(ptr as *mut T) }, _marker: PhantomData }
    }

    pub const fn as_ptr(self) -> *const T {
        self.ptr.as_ptr()
    }

    /// Reinterprets the pointee type (the address is unchanged).
    pub const fn cast<U>(self) -> RRef<'a, U> {
        RRef { ptr: self.ptr.cast(), _marker: PhantomData }
    }

    /// # Safety
    /// The pointer must point at a valid `T` for `'a`.
    pub unsafe fn get(self) -> &'a T {
        // SAFETY: guaranteed by the caller.
        unsafe { &*self.ptr.as_ptr() }
    }
}

/// A mutable reference as one non-null pointer, castable to other pointee types.
#[repr(transparent)]
pub struct RMut<'a, T> {
    ptr: NonNull<T>,
    _marker: PhantomData<&'a mut T>,
}

impl<'a, T> RMut<'a, T> {
    pub fn new(reference: &'a mut T) -> Self {
        Self { ptr: NonNull::from(reference), _marker: PhantomData }
    }

    /// # Safety
    /// `ptr` must be non-null and valid for reads and writes as a `T` for `'a`, unaliased.
    pub const unsafe fn from_raw(ptr: *mut T) -> Self {
        // SAFETY: the caller promises `ptr` is non-null.
        Self { ptr: unsafe { NonNull::new_unchecked(ptr) }, _marker: PhantomData }
    }

    pub const fn as_ptr(&self) -> *mut T {
        self.ptr.as_ptr()
    }

    /// Reinterprets the pointee type (the address is unchanged).
    pub const fn cast<U>(self) -> RMut<'a, U> {
        RMut { ptr: self.ptr.cast(), _marker: PhantomData }
    }

    /// A shorter-lived copy of this pointer.
    pub fn reborrow(&mut self) -> RMut<'_, T> {
        RMut { ptr: self.ptr, _marker: PhantomData }
    }

    pub const fn into_rref(self) -> RRef<'a, T> {
        RRef { ptr: self.ptr, _marker: PhantomData }
    }

    /// # Safety
    /// The pointer must point at a valid, unaliased `T` for `'a`.
    pub unsafe fn get_mut(self) -> &'a mut T {
        // SAFETY: guaranteed by the caller.
        unsafe { &mut *self.ptr.as_ptr() }
    }
}

const _: () = {
    assert!(std::mem::size_of::<RRef<'static, u64>>() == std::mem::size_of::<usize>());
    assert!(std::mem::size_of::<RMut<'static, u64>>() == std::mem::size_of::<usize>());
};
