//! `RVec<T>`: `{ buffer, length, capacity, vtable }` (32 bytes on 64-bit). Pushing within capacity,
//! indexing and truncation happen inline; growing, shrinking and dropping go through the value's
//! own `VecVTable`, so a vector made by another library is resized by that library's allocator.

mod vtable;
#[cfg(test)]
mod tests;

pub use self::vtable::{Exactness, VecVTable, VecVTable_Ref};

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::ptr::{self, NonNull};

#[repr(C)]
pub struct RVec<T> {
    pub(crate) buffer: NonNull<T>,
    pub(crate) length: usize,
    pub(crate) capacity: usize,
    pub(crate) vtable: VecVTable_Ref<T>,
    pub(crate) _marker: PhantomData<T>,
}

// SAFETY: owns its elements like `Vec<T>`; the vtable is immutable static data.
unsafe impl<T: Send> Send for RVec<T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for RVec<T> {}

impl<T> RVec<T> {
    /// An empty vector with this library's vtable (no allocation).
    pub const fn new() -> Self {
        Self {
            buffer: NonNull::dangling(),
            length: 0,
            capacity: if std::mem::size_of::<T>() == 0 { usize::MAX } else { 0 },
            vtable: VecVTable::<T>::VTABLE_REF,
            _marker: PhantomData,
        }
    }

    pub fn with_capacity(capacity: usize) -> Self {
        Vec::with_capacity(capacity).into()
    }

    /// Assembles a vector from raw parts, e.g. ones a host wrote.
    ///
    /// # Safety
    /// `buffer` must hold `length` initialised elements and `capacity` slots as the `vtable`'s
    /// functions expect; ownership of all of it passes to the returned value.
    pub const unsafe fn from_raw_parts(
        buffer: NonNull<T>,
        length: usize,
        capacity: usize,
        vtable: VecVTable_Ref<T>,
    ) -> Self {
        Self { buffer, length, capacity, vtable, _marker: PhantomData }
    }

    pub const fn len(&self) -> usize {
        self.length
    }
    pub const fn is_empty(&self) -> bool {
        self.length == 0
    }
    pub const fn capacity(&self) -> usize {
        self.capacity
    }
    pub const fn as_ptr(&self) -> *const T {
        self.buffer.as_ptr()
    }
    pub fn as_mut_ptr(&mut self) -> *mut T {
        self.buffer.as_ptr()
    }
    /// The vtable this value carries (its creator's).
    pub const fn vtable(&self) -> VecVTable_Ref<T> {
        self.vtable
    }

    pub fn as_slice(&self) -> &[T] {
        // SAFETY: `buffer` is non-null, aligned and holds `length` initialised elements.
        unsafe { std::slice::from_raw_parts(self.buffer.as_ptr(), self.length) }
    }

    pub fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as in `as_slice`, uniquely borrowed.
        unsafe { std::slice::from_raw_parts_mut(self.buffer.as_ptr(), self.length) }
    }

    /// # Safety
    /// Same contract as `Vec::set_len`.
    pub unsafe fn set_len(&mut self, length: usize) {
        self.length = length;
    }

    /// Whether this library may adopt the buffer: same vtable pointer, or a vtable whose
    /// `type_id` equals ours (same library, same allocator).
    pub fn is_from_this_library(&self) -> bool {
        let ours = VecVTable::<T>::VTABLE_REF;
        ptr::eq(self.vtable.as_ptr(), ours.as_ptr()) || (self.vtable.type_id())() == (ours.type_id())()
    }

    /// Makes `capacity >= to` through the value's own `grow_capacity_to`.
    fn grow_capacity_to(&mut self, to: usize, exactness: Exactness) {
        let grow = self.vtable.grow_capacity_to();
        // SAFETY: `self` is a valid RVec header whose vtable matches its buffer.
        unsafe { grow(self, to, exactness) }
    }

    pub fn reserve(&mut self, additional: usize) {
        if self.capacity - self.length < additional {
            self.grow_capacity_to(self.length.checked_add(additional).expect("capacity overflow"), Exactness::Above);
        }
    }

    pub fn reserve_exact(&mut self, additional: usize) {
        if self.capacity - self.length < additional {
            self.grow_capacity_to(self.length.checked_add(additional).expect("capacity overflow"), Exactness::Exact);
        }
    }

    /// Appends `value`; a full vector grows with `grow_capacity_to(self, len + 1, Above)`.
    pub fn push(&mut self, value: T) {
        if self.length == self.capacity {
            self.grow_capacity_to(self.length + 1, Exactness::Above);
        }
        // SAFETY: capacity > length now, so slot `length` is allocated and uninitialised.
        unsafe { self.buffer.as_ptr().add(self.length).write(value) };
        self.length += 1;
    }

    pub fn pop(&mut self) -> Option<T> {
        if self.length == 0 {
            return None;
        }
        self.length -= 1;
        // SAFETY: slot `length` was initialised and is now outside the vector.
        Some(unsafe { self.buffer.as_ptr().add(self.length).read() })
    }

    /// Drops the elements past `length` in place (no vtable call).
    pub fn truncate(&mut self, length: usize) {
        if length >= self.length {
            return;
        }
        let tail = ptr::slice_from_raw_parts_mut(
            // SAFETY: `length < self.length`, inside the buffer.
            unsafe { self.buffer.as_ptr().add(length) },
            self.length - length,
        );
        self.length = length;
        // SAFETY: the tail elements are initialised and no longer reachable through `self`.
        unsafe { ptr::drop_in_place(tail) };
    }

    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// Shrinks capacity to length through the value's own vtable.
    pub fn shrink_to_fit(&mut self) {
        let shrink = self.vtable.shrink_to_fit();
        // SAFETY: `self` is a valid RVec header whose vtable matches its buffer.
        unsafe { shrink(self) }
    }

    pub fn extend_from_slice(&mut self, items: &[T])
    where
        T: Clone,
    {
        self.reserve(items.len());
        for item in items {
            self.push(item.clone());
        }
    }

    pub fn extend_from_copy_slice(&mut self, items: &[T])
    where
        T: Copy,
    {
        self.reserve(items.len());
        // SAFETY: `reserve` made room for `items.len()` more elements; source and destination
        // cannot overlap (the destination is uninitialised spare capacity).
        unsafe {
            ptr::copy_nonoverlapping(items.as_ptr(), self.buffer.as_ptr().add(self.length), items.len());
        }
        self.length += items.len();
    }

    /// Converts to a `Vec<T>` following abi_stable's adoption rule: the buffer is adopted only if
    /// it comes from this library; otherwise the elements are moved into a fresh `Vec`, the foreign
    /// value's length is set to 0 and its own destructor frees the buffer.
    pub fn into_vec(self) -> Vec<T> {
        let mut this = ManuallyDrop::new(self);
        if this.is_from_this_library() {
            // SAFETY: same library, so the buffer came from a `Vec<T>` of our global allocator.
            return unsafe { Vec::from_raw_parts(this.buffer.as_ptr(), this.length, this.capacity) };
        }
        let length = this.length;
        let mut out = Vec::with_capacity(length);
        // SAFETY: `length` initialised elements are moved bitwise into fresh, disjoint storage;
        // setting the foreign length to 0 first makes its destructor free only the buffer.
        unsafe {
            ptr::copy_nonoverlapping(this.buffer.as_ptr(), out.as_mut_ptr(), length);
            out.set_len(length);
            this.length = 0;
            let destructor = this.vtable.destructor();
            destructor(&mut this);
        }
        out
    }

    /// Runs `f` on this library's `Vec<T>` view of the buffer and writes the result back.
    ///
    /// # Safety
    /// The buffer must have been allocated by this library (the vtable functions of this crate
    /// are the only callers).
    pub(crate) unsafe fn with_vec<R>(&mut self, f: impl FnOnce(&mut Vec<T>) -> R) -> R {
        // SAFETY: forwarded to the caller: the parts describe a Vec<T> of our allocator.
        let mut list = ManuallyDrop::new(unsafe { Vec::from_raw_parts(self.buffer.as_ptr(), self.length, self.capacity) });
        let result = f(&mut list);
        // SAFETY: a Vec's pointer is never null.
        self.buffer = unsafe { NonNull::new_unchecked(list.as_mut_ptr()) };
        self.length = list.len();
        self.capacity = list.capacity();
        result
    }
}

impl<T> Drop for RVec<T> {
    fn drop(&mut self) {
        let destructor = self.vtable.destructor();
        // SAFETY: drops through the value's own vtable, once (we are in Drop).
        unsafe { destructor(self) }
    }
}

impl<T> From<Vec<T>> for RVec<T> {
    fn from(list: Vec<T>) -> Self {
        let mut list = ManuallyDrop::new(list);
        Self {
            // SAFETY: a Vec's pointer is never null (dangling when nothing is allocated).
            buffer: unsafe { NonNull::new_unchecked(list.as_mut_ptr()) },
            length: list.len(),
            capacity: list.capacity(),
            vtable: VecVTable::<T>::VTABLE_REF,
            _marker: PhantomData,
        }
    }
}

impl<T: Clone> From<&[T]> for RVec<T> {
    fn from(items: &[T]) -> Self {
        items.to_vec().into()
    }
}

impl<T> Default for RVec<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// A copy made by this library (with this library's vtable), whoever made `self`.
impl<T: Clone> Clone for RVec<T> {
    fn clone(&self) -> Self {
        self.as_slice().to_vec().into()
    }
}

impl<T> Deref for RVec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> DerefMut for RVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T: fmt::Debug> fmt::Debug for RVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl<T: PartialEq> PartialEq for RVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}
impl<T: Eq> Eq for RVec<T> {}

impl<T: Hash> Hash for RVec<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state)
    }
}

impl<T> Extend<T> for RVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        self.reserve(iter.size_hint().0);
        for item in iter {
            self.push(item);
        }
    }
}

impl<T> FromIterator<T> for RVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        iter.into_iter().collect::<Vec<T>>().into()
    }
}

impl<T> IntoIterator for RVec<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a RVec<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<RVec<u8>>() == 32 && align_of::<RVec<u8>>() == 8);
    assert!(size_of::<RVec<u32>>() == 32 && align_of::<RVec<u32>>() == 8);
    assert!(offset_of!(RVec<u8>, buffer) == 0);
    assert!(offset_of!(RVec<u8>, length) == 8);
    assert!(offset_of!(RVec<u8>, capacity) == 16);
    assert!(offset_of!(RVec<u8>, vtable) == 24);
    assert!(offset_of!(RVec<u8>, _marker) == 32);
    assert!(offset_of!(RVec<u32>, buffer) == 0);
    assert!(offset_of!(RVec<u32>, length) == 8);
    assert!(offset_of!(RVec<u32>, capacity) == 16);
    assert!(offset_of!(RVec<u32>, vtable) == 24);
};
