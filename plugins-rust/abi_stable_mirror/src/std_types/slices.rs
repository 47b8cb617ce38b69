//! `RSlice<'a, T>`: a borrowed `&[T]` as `{ data, length }` (16 bytes on 64-bit).

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;

#[repr(C)]
pub struct RSlice<'a, T> {
    pub(crate) data: *const T,
    pub(crate) length: usize,
    pub(crate) _marker: PhantomData<&'a T>,
}

impl<T> Clone for RSlice<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for RSlice<'_, T> {}

// SAFETY: behaves as `&'a [T]`.
unsafe impl<T: Sync> Send for RSlice<'_, T> {}
// SAFETY: behaves as `&'a [T]`.
unsafe impl<T: Sync> Sync for RSlice<'_, T> {}

impl<'a, T> RSlice<'a, T> {
    /// An empty slice with a dangling, aligned (never null) pointer.
    pub const EMPTY: Self = Self { data: NonNull::dangling().as_ptr(), length: 0, _marker: PhantomData };

    pub const fn from_slice(slice: &'a [T]) -> Self {
        Self { data: slice.as_ptr(), length: slice.len(), _marker: PhantomData }
    }

    /// # Safety
    /// Same contract as `std::slice::from_raw_parts` for `'a`.
    pub const unsafe fn from_raw_parts(data: *const T, length: usize) -> Self {
        Self { data, length, _marker: PhantomData }
    }

    /// The elements; an empty slice is returned for `length == 0` even if a foreign caller
    /// passed a null pointer.
    pub fn as_slice(&self) -> &'a [T] {
        if self.length == 0 {
            return &[];
        }
        // SAFETY: the creator of this RSlice guarantees `length` valid elements at `data`.
        unsafe { std::slice::from_raw_parts(self.data, self.length) }
    }

    pub const fn as_ptr(&self) -> *const T {
        self.data
    }
    pub const fn len(&self) -> usize {
        self.length
    }
    pub const fn is_empty(&self) -> bool {
        self.length == 0
    }
}

impl<'a, T> From<&'a [T]> for RSlice<'a, T> {
    fn from(slice: &'a [T]) -> Self {
        Self::from_slice(slice)
    }
}

impl<T> Deref for RSlice<'_, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: fmt::Debug> fmt::Debug for RSlice<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl<T: PartialEq> PartialEq for RSlice<'_, T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<RSlice<'static, u8>>() == 16 && align_of::<RSlice<'static, u8>>() == 8);
    assert!(size_of::<RSlice<'static, i64>>() == 16 && align_of::<RSlice<'static, i64>>() == 8);
    assert!(offset_of!(RSlice<'static, u8>, data) == 0 && offset_of!(RSlice<'static, u8>, length) == 8);
    assert!(offset_of!(RSlice<'static, i64>, data) == 0 && offset_of!(RSlice<'static, i64>, length) == 8);
    assert!(offset_of!(RSlice<'static, u8>, _marker) == 16);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_and_empty() {
        let v = [1i64, 2, 3];
        let s = RSlice::from_slice(&v);
        assert_eq!(s.as_slice(), &v);
        assert!(!RSlice::<u64>::EMPTY.as_ptr().is_null());
        // SAFETY: a zero-length slice; `as_slice` must not touch the null pointer.
        let null = unsafe { RSlice::<u64>::from_raw_parts(std::ptr::null(), 0) };
        assert!(null.as_slice().is_empty());
    }
}
