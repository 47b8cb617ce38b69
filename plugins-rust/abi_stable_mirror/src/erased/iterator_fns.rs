//! `IteratorFns<Item>` (7 functions) and `DoubleEndedIteratorFns<Item>` (3): the iterator blocks of
//! a `DynTrait` vtable, each taking the erased object (`DynTrait.object.data`).

use std::marker::PhantomData;

use crate::guard::guard;
use crate::marker::ErasedObject;
use crate::sabi_types::{RMut, RRef};
use crate::std_types::{ROption, RVec, Tuple2};

#[repr(C)]
pub struct IteratorFns<Item> {
    pub next: unsafe extern "C" fn(RMut<'_, ErasedObject>) -> ROption<Item>,
    pub extending_rvec: unsafe extern "C" fn(RMut<'_, ErasedObject>, &mut RVec<Item>, ROption<usize>),
    pub size_hint: unsafe extern "C" fn(RRef<'_, ErasedObject>) -> Tuple2<usize, ROption<usize>>,
    pub count: unsafe extern "C" fn(RMut<'_, ErasedObject>) -> usize,
    pub last: unsafe extern "C" fn(RMut<'_, ErasedObject>) -> ROption<Item>,
    pub nth: unsafe extern "C" fn(RMut<'_, ErasedObject>, usize) -> ROption<Item>,
    pub skip_eager: unsafe extern "C" fn(RMut<'_, ErasedObject>, usize),
}

impl<Item> Clone for IteratorFns<Item> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<Item> Copy for IteratorFns<Item> {}

#[repr(C)]
pub struct DoubleEndedIteratorFns<Item> {
    pub next_back: unsafe extern "C" fn(RMut<'_, ErasedObject>) -> ROption<Item>,
    pub extending_rvec_back: unsafe extern "C" fn(RMut<'_, ErasedObject>, &mut RVec<Item>, ROption<usize>),
    pub nth_back: unsafe extern "C" fn(RMut<'_, ErasedObject>, usize) -> ROption<Item>,
}

impl<Item> Clone for DoubleEndedIteratorFns<Item> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<Item> Copy for DoubleEndedIteratorFns<Item> {}

/// The `IteratorFns` of the concrete iterator `I`.
pub struct MakeIteratorFns<I>(PhantomData<I>);

impl<I: Iterator> MakeIteratorFns<I> {
    pub const NEW: IteratorFns<I::Item> = IteratorFns {
        next: next::<I>,
        extending_rvec: extending_rvec::<I>,
        size_hint: size_hint::<I>,
        count: count::<I>,
        last: last::<I>,
        nth: nth::<I>,
        skip_eager: skip_eager::<I>,
    };
}

/// # Safety
/// `this` must point at a live `I` (the DynTrait's object).
unsafe fn iter<'a, I>(this: RMut<'a, ErasedObject>) -> &'a mut I {
    // SAFETY: forwarded to the caller.
    unsafe { this.cast::<I>().get_mut() }
}

unsafe extern "C" fn next<I: Iterator>(this: RMut<'_, ErasedObject>) -> ROption<I::Item> {
    // SAFETY: the vtable is only paired with objects of type `I`.
    guard(|| unsafe { iter::<I>(this) }.next().into())
}

/// Pushes up to `take` items onto `vec`, growing it through **its** vtable.
unsafe extern "C" fn extending_rvec<I: Iterator>(
    this: RMut<'_, ErasedObject>,
    vec: &mut RVec<I::Item>,
    take: ROption<usize>,
) {
    // SAFETY: as in `next`.
    guard(|| vec.extend(unsafe { iter::<I>(this) }.take(take.unwrap_or(usize::MAX))))
}

unsafe extern "C" fn size_hint<I: Iterator>(this: RRef<'_, ErasedObject>) -> Tuple2<usize, ROption<usize>> {
    guard(|| {
        // SAFETY: as in `next`.
        let (low, high) = unsafe { this.cast::<I>().get() }.size_hint();
        Tuple2(low, high.into())
    })
}

unsafe extern "C" fn count<I: Iterator>(this: RMut<'_, ErasedObject>) -> usize {
    // SAFETY: as in `next`.
    guard(|| unsafe { iter::<I>(this) }.by_ref().count())
}

unsafe extern "C" fn last<I: Iterator>(this: RMut<'_, ErasedObject>) -> ROption<I::Item> {
    // SAFETY: as in `next`.
    guard(|| unsafe { iter::<I>(this) }.by_ref().last().into())
}

unsafe extern "C" fn nth<I: Iterator>(this: RMut<'_, ErasedObject>, n: usize) -> ROption<I::Item> {
    // SAFETY: as in `next`.
    guard(|| unsafe { iter::<I>(this) }.nth(n).into())
}

unsafe extern "C" fn skip_eager<I: Iterator>(this: RMut<'_, ErasedObject>, n: usize) {
    guard(|| {
        if n != 0 {
            // SAFETY: as in `next`.
            let _ = unsafe { iter::<I>(this) }.nth(n - 1);
        }
    })
}

/// The `DoubleEndedIteratorFns` of `I`.
pub struct MakeDoubleEndedFns<I>(PhantomData<I>);

impl<I: DoubleEndedIterator> MakeDoubleEndedFns<I> {
    pub const NEW: DoubleEndedIteratorFns<I::Item> = DoubleEndedIteratorFns {
        next_back: next_back::<I>,
        extending_rvec_back: extending_rvec_back::<I>,
        nth_back: nth_back::<I>,
    };
}

unsafe extern "C" fn next_back<I: DoubleEndedIterator>(this: RMut<'_, ErasedObject>) -> ROption<I::Item> {
    // SAFETY: as in `next`.
    guard(|| unsafe { iter::<I>(this) }.next_back().into())
}

unsafe extern "C" fn extending_rvec_back<I: DoubleEndedIterator>(
    this: RMut<'_, ErasedObject>,
    vec: &mut RVec<I::Item>,
    take: ROption<usize>,
) {
    // SAFETY: as in `next`.
    guard(|| vec.extend(unsafe { iter::<I>(this) }.rev().take(take.unwrap_or(usize::MAX))))
}

unsafe extern "C" fn nth_back<I: DoubleEndedIterator>(this: RMut<'_, ErasedObject>, n: usize) -> ROption<I::Item> {
    // SAFETY: as in `next`.
    guard(|| unsafe { iter::<I>(this) }.nth_back(n).into())
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(std::mem::size_of::<IteratorFns<u8>>() == 56);
    assert!(std::mem::size_of::<DoubleEndedIteratorFns<u8>>() == 24);
    assert!(std::mem::size_of::<ROption<IteratorFns<u8>>>() == 64);
};
