//! `RSliceMut<'a, T>`: a borrowed `&mut [T]` as `{ data, length }` (16 bytes on 64-bit).

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

#[repr(C)]
pub struct RSliceMut<'a, T> {
    pub(crate) data: *mut T,
    pub(crate) length: usize,
    pub(crate) _marker: PhantomData<&'a mut T>,
}

// SAFETY: behaves as `&'a mut [T]`.
unsafe impl<T: Send> Send for RSliceMut<'_, T> {}
// SAFETY: behaves as `&'a mut [T]`.
unsafe impl<T: Sync> Sync for RSliceMut<'_, T> {}

impl<'a, T> RSliceMut<'a, T> {
    pub fn from_mut_slice(slice: &'a mut [T]) -> Self {
        Self { data: slice.as_mut_ptr(), length: slice.len(), _marker: PhantomData }
    }

    /// # Safety
    /// Same contract as `std::slice::from_raw_parts_mut` for `'a`.
    pub const unsafe fn from_raw_parts_mut(data: *mut T, length: usize) -> Self {
        Self { data, length, _marker: PhantomData }
    }

    pub fn as_slice(&self) -> &[T] {
        if self.length == 0 {
            return &[];
        }
        // SAFETY: the creator guarantees `length` valid elements at `data`, borrowed by `self`.
        unsafe { std::slice::from_raw_parts(self.data, self.length) }
    }

    pub fn as_mut_slice(&mut self) -> &mut [T] {
        if self.length == 0 {
            return &mut [];
        }
        // SAFETY: as above, uniquely borrowed through `&mut self`.
        unsafe { std::slice::from_raw_parts_mut(self.data, self.length) }
    }

    pub fn into_mut_slice(self) -> &'a mut [T] {
        if self.length == 0 {
            return &mut [];
        }
        // SAFETY: as above, for the whole `'a` the value was created with.
        unsafe { std::slice::from_raw_parts_mut(self.data, self.length) }
    }

    pub const fn len(&self) -> usize {
        self.length
    }
    pub const fn is_empty(&self) -> bool {
        self.length == 0
    }
}

impl<'a, T> From<&'a mut [T]> for RSliceMut<'a, T> {
    fn from(slice: &'a mut [T]) -> Self {
        Self::from_mut_slice(slice)
    }
}

impl<T> Deref for RSliceMut<'_, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> DerefMut for RSliceMut<'_, T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T: fmt::Debug> fmt::Debug for RSliceMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<RSliceMut<'static, u32>>() == 16 && align_of::<RSliceMut<'static, u32>>() == 8);
    assert!(offset_of!(RSliceMut<'static, u32>, data) == 0);
    assert!(offset_of!(RSliceMut<'static, u32>, length) == 8);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_through() {
        let mut v = [0u32; 3];
        let mut s = RSliceMut::from_mut_slice(&mut v);
        s[1] = 7;
        assert_eq!(s.len(), 3);
        assert_eq!(v, [0, 7, 0]);
    }
}
