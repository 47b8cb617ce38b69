//! `DynTrait<'borr, RBox<()>, I>`: `{ object.data, object.box_vtable, vtable }` (24 bytes; object
//! first, unlike `RObject`); over `RRef<()>`/`RMut<()>` it is `{ object, vtable }` (16 bytes), a
//! loan that is never dropped. Iterators: `next`/`size_hint`/... call the vtable's `IteratorFns`
//! (after checking bit 12 and the `RSome` tag); Display/Debug call their slots (dyn_value.rs makes
//! vtables for values); drop calls `drop_ptr` for owning pointers only.

use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ptr::addr_of;

use super::dyn_vtable::{field_index, DynVTable, DynVTable_Ref, MakeIterVTable};
use super::iterator_fns::IteratorFns;
use crate::read_prefix_field;
use crate::sabi_types::{RMut, RRef};
use crate::std_types::{RBox, ROption, RSome, RVec};

/// What a DynTrait's interface says about its iterator items.
pub trait IteratorInterface<'borr> {
    type Item;
}

/// The pointers a DynTrait may hold: whether it owns (drops) the object, and the erased object.
pub trait DynPointer {
    const OWNED: bool;
    fn erased(&self) -> *const ();
}
impl DynPointer for RBox<()> {
    const OWNED: bool = true;
    fn erased(&self) -> *const () {
        self.as_ptr()
    }
}
impl DynPointer for RRef<'_, ()> {
    const OWNED: bool = false;
    fn erased(&self) -> *const () {
        self.as_ptr()
    }
}
impl DynPointer for RMut<'_, ()> {
    const OWNED: bool = false;
    fn erased(&self) -> *const () {
        self.as_ptr()
    }
}

#[repr(C)]
pub struct DynTrait<'borr, P: DynPointer, I: IteratorInterface<'borr>> {
    object: ManuallyDrop<P>,
    vtable: DynVTable_Ref<P, I::Item>,
    _marker: PhantomData<(&'borr (), *const I)>,
}

impl<'borr, I: IteratorInterface<'borr>> DynTrait<'borr, RBox<()>, I> {
    /// Boxes an iterator that is not `Clone` (bits `0x1007`).
    pub fn from_iterator<T>(iter: T) -> Self
    where
        T: Iterator<Item = I::Item> + 'borr,
    {
        // SAFETY: the vtable is the one made for `T`, which the box holds.
        unsafe { Self::from_raw_parts(RBox::new(iter).transmute_element::<()>(), MakeIterVTable::<T>::VTABLE_REF) }
    }

    /// Boxes an iterator without requiring `T: 'borr` (bits `0x1007`).
    ///
    /// # Safety
    /// `iter` must not borrow anything that lives shorter than `'borr`.
    pub unsafe fn from_iterator_unbounded<T>(iter: T) -> Self
    where
        T: Iterator<Item = I::Item>,
    {
        // SAFETY: as in `from_iterator`; the lifetime is the caller's promise.
        unsafe { Self::from_raw_parts(RBox::new(iter).transmute_element::<()>(), MakeIterVTable::<T>::VTABLE_REF) }
    }

    /// Boxes a double-ended iterator (DoubleEndedIterator: bits `0x3007`).
    pub fn from_double_ended_iterator<T>(iter: T) -> Self
    where
        T: DoubleEndedIterator<Item = I::Item> + 'borr,
    {
        // SAFETY: as in `from_iterator`.
        unsafe { Self::from_raw_parts(RBox::new(iter).transmute_element::<()>(), MakeIterVTable::<T>::VTABLE_REF_BACK) }
    }

    /// Boxes a `Clone` iterator (bits `0x100F`).
    pub fn from_clone_iterator<T>(iter: T) -> Self
    where
        T: Iterator<Item = I::Item> + Clone + 'borr,
    {
        // SAFETY: as in `from_iterator`.
        unsafe {
            Self::from_raw_parts(RBox::new(iter).transmute_element::<()>(), MakeIterVTable::<T>::VTABLE_REF_CLONE)
        }
    }

    /// # Safety
    /// `vtable` must describe the object in `object`.
    pub unsafe fn from_raw_parts(object: RBox<()>, vtable: DynVTable_Ref<RBox<()>, I::Item>) -> Self {
        Self { object: ManuallyDrop::new(object), vtable, _marker: PhantomData }
    }

    pub fn vtable(&self) -> DynVTable_Ref<RBox<()>, I::Item> {
        self.vtable
    }

    /// The erased object (`object.data`), first argument of the iterator functions.
    pub fn object_ptr(&self) -> *const () {
        self.object.as_ptr()
    }

    fn iter_fns(&self) -> IteratorFns<I::Item> {
        let vtable = self.vtable.0;
        vtable.require(field_index::ITER, "iter", "DynTrait VTable");
        let value = vtable.value_ptr();
        // SAFETY: bit 12 is set, so the `iter` field exists; it is Copy.
        match unsafe { addr_of!((*value).iter).read() } {
            RSome(fns) => fns,
            ROption::RNone => panic!("this DynTrait's vtable has no Iterator functions"),
        }
    }

    fn erased_mut(&mut self) -> RMut<'_, crate::marker::ErasedObject> {
        // SAFETY: the object is live and owned by `self`.
        unsafe { RMut::from_raw(self.object.as_ptr() as *mut crate::marker::ErasedObject) }
    }

    /// Skips `n` items eagerly through the vtable.
    pub fn skip_eager(&mut self, n: usize) {
        let fns = self.iter_fns();
        // SAFETY: the iterator functions belong to this object.
        unsafe { (fns.skip_eager)(self.erased_mut(), n) }
    }

    /// Pushes up to `take` items onto `vec` (grown through `vec`'s own vtable).
    pub fn extending_rvec(&mut self, vec: &mut RVec<I::Item>, take: ROption<usize>) {
        let fns = self.iter_fns();
        // SAFETY: as above.
        unsafe { (fns.extending_rvec)(self.erased_mut(), vec, take) }
    }
}

impl<'borr, I: IteratorInterface<'borr>> Iterator for DynTrait<'borr, RBox<()>, I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let fns = self.iter_fns();
        // SAFETY: the iterator functions belong to this object.
        unsafe { (fns.next)(self.erased_mut()) }.into_option()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let fns = self.iter_fns();
        // SAFETY: as above.
        let hint = unsafe { (fns.size_hint)(RRef::from_raw(self.object.as_ptr() as *const _)) };
        (hint.0, hint.1.into_option())
    }

    fn count(mut self) -> usize {
        let fns = self.iter_fns();
        // SAFETY: as above.
        unsafe { (fns.count)(self.erased_mut()) }
    }

    fn last(mut self) -> Option<I::Item> {
        let fns = self.iter_fns();
        // SAFETY: as above.
        unsafe { (fns.last)(self.erased_mut()) }.into_option()
    }

    fn nth(&mut self, n: usize) -> Option<I::Item> {
        let fns = self.iter_fns();
        // SAFETY: as above.
        unsafe { (fns.nth)(self.erased_mut(), n) }.into_option()
    }
}

impl<'borr, I: IteratorInterface<'borr>> DoubleEndedIterator for DynTrait<'borr, RBox<()>, I> {
    fn next_back(&mut self) -> Option<I::Item> {
        let vtable = self.vtable.0;
        vtable.require(field_index::BACK_ITER, "back_iter", "DynTrait VTable");
        let value = vtable.value_ptr();
        // SAFETY: bit 13 is set, so the `back_iter` field exists; it is Copy.
        let fns = match unsafe { addr_of!((*value).back_iter).read() } {
            RSome(fns) => fns,
            ROption::RNone => panic!("this DynTrait's vtable has no DoubleEndedIterator functions"),
        };
        // SAFETY: the iterator functions belong to this object.
        unsafe { (fns.next_back)(self.erased_mut()) }.into_option()
    }
}

/// A lent iterator (`DynTrait::from_borrowing_ptr(&mut iter)`): items through the same vtable.
impl<'borr, 'a, I: IteratorInterface<'borr>> Iterator for DynTrait<'borr, RMut<'a, ()>, I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let vtable = self.vtable.0;
        vtable.require(field_index::ITER, "iter", "DynTrait VTable");
        let value = vtable.value_ptr();
        // SAFETY: bit 12 is set, so the `iter` field exists; it is Copy.
        let fns = match unsafe { addr_of!((*value).iter).read() } {
            RSome(fns) => fns,
            ROption::RNone => panic!("this DynTrait's vtable has no Iterator functions"),
        };
        // SAFETY: the loan is exclusive for its lifetime; the functions belong to the object.
        unsafe { (fns.next)(RMut::from_raw(self.erased_ptr() as *mut crate::marker::ErasedObject)) }.into_option()
    }
}

/// Clones through `clone_ptr` (bit 3); panics if the interface has no `Clone`.
impl<'borr, I: IteratorInterface<'borr>> Clone for DynTrait<'borr, RBox<()>, I> {
    fn clone(&self) -> Self {
        let vtable = self.vtable.0;
        vtable.require(field_index::CLONE_PTR, "clone_ptr", "DynTrait VTable");
        let clone_ptr = read_prefix_field!(vtable, clone_ptr).expect("DynTrait clone_ptr is null");
        // SAFETY: `clone_ptr` belongs to this object; the vtable describes the copy too.
        unsafe { Self::from_raw_parts(clone_ptr(RRef::new(&self.object)), self.vtable) }
    }
}

impl<'borr, P: DynPointer, I: IteratorInterface<'borr>> DynTrait<'borr, P, I> {
    /// The erased object (`object.data` / the loan's pointer), first argument of every slot.
    pub fn erased_ptr(&self) -> *const () {
        self.object.erased()
    }

    /// The pointer this DynTrait holds (its `object` field).
    pub fn object(&self) -> &P {
        &self.object
    }

    /// # Safety
    /// `vtable` must describe the object `object` points to.
    pub unsafe fn from_pointer_parts(object: P, vtable: DynVTable_Ref<P, I::Item>) -> Self {
        Self { object: ManuallyDrop::new(object), vtable, _marker: PhantomData }
    }

    /// The vtable as a prefix reference, for the slots dyn_compare.rs calls.
    pub(crate) fn prefix(&self) -> crate::prefix::PrefixRef<DynVTable<P, I::Item>> {
        self.vtable.0
    }

    /// The vtable's WM header, for comparisons and for lending with the same vtable.
    pub fn vtable_ptr(&self) -> *const crate::prefix::WithMetadata<DynVTable<P, I::Item>> {
        self.vtable.0.as_ptr()
    }
}

impl<'borr, P: DynPointer, I: IteratorInterface<'borr>> Drop for DynTrait<'borr, P, I> {
    fn drop(&mut self) {
        // Rust drops only what the DynTrait owns: a loan (RRef/RMut) is left alone.
        if !P::OWNED {
            return;
        }
        let drop_ptr = read_prefix_field!(self.vtable.0, drop_ptr);
        // SAFETY: `drop_ptr` takes the address of the object field and drops it, once.
        unsafe { drop_ptr(RMut::new(&mut *self.object)) }
    }
}

/// Formats through the `display`/`debug` slot (bits 5/6), into a String of this library.
fn format_slot<'borr, P: DynPointer, I: IteratorInterface<'borr>>(
    d: &DynTrait<'borr, P, I>,
    index: u32,
    debug: bool,
    f: &mut std::fmt::Formatter<'_>,
) -> std::fmt::Result {
    let vtable = d.vtable.0;
    vtable.require(index, if debug { "debug" } else { "display" }, "DynTrait VTable");
    let slot = if debug { read_prefix_field!(vtable, debug) } else { read_prefix_field!(vtable, display) };
    let slot = slot.ok_or(std::fmt::Error)?;
    let mode = if f.alternate() { super::dyn_vtable::FormattingMode::Alternate } else { super::dyn_vtable::FormattingMode::Default_ };
    let mut out = crate::std_types::RString::new();
    // SAFETY: the slot belongs to this object's vtable and takes the erased object.
    let r = unsafe { slot(RRef::from_raw(d.erased_ptr() as *const crate::marker::ErasedObject), mode, &mut out) };
    if r.is_err() {
        return Err(std::fmt::Error);
    }
    f.pad(out.as_str())
}

impl<'borr, P: DynPointer, I: IteratorInterface<'borr>> std::fmt::Display for DynTrait<'borr, P, I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        format_slot(self, 5, false, f)
    }
}

impl<'borr, P: DynPointer, I: IteratorInterface<'borr>> std::fmt::Debug for DynTrait<'borr, P, I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        format_slot(self, 6, true, f)
    }
}

impl<P, Item> DynVTable_Ref<P, Item> {
    pub fn as_ptr(self) -> *const crate::prefix::WithMetadata<DynVTable<P, Item>> {
        self.0.as_ptr()
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    struct Items;
    impl IteratorInterface<'static> for Items {
        type Item = u8;
    }
    assert!(size_of::<DynTrait<'static, RBox<()>, Items>>() == 24);
    assert!(offset_of!(DynTrait<'static, RBox<()>, Items>, object) == 0);
    assert!(offset_of!(DynTrait<'static, RBox<()>, Items>, vtable) == 16);
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erased::dyn_vtable::{CLONE_ITER_BITS, ITER_BITS};

    struct Numbers;
    impl IteratorInterface<'_> for Numbers {
        type Item = u32;
    }

    #[test]
    fn iterates_clones_and_drops_through_the_vtable() {
        let mut it = DynTrait::<'_, RBox<()>, Numbers>::from_clone_iterator(0..5u32);
        assert_eq!(it.vtable().0.field_accessibility(), CLONE_ITER_BITS);
        assert_eq!(it.next(), Some(0));
        let copy = it.clone();
        assert_eq!(it.size_hint(), (4, Some(4)));
        it.skip_eager(2);
        assert_eq!(it.collect::<Vec<_>>(), vec![3, 4]);
        assert_eq!(copy.count(), 4);
        let mut plain = DynTrait::<'_, RBox<()>, Numbers>::from_iterator((0..3u32).map(|x| x * 10));
        assert_eq!(plain.vtable().0.field_accessibility(), ITER_BITS);
        let mut out = RVec::new();
        plain.extending_rvec(&mut out, RSome(2));
        assert_eq!(out.as_slice(), &[0, 10]);
        assert_eq!(plain.next(), Some(20));
        let value = plain.vtable().0.value_ptr();
        // SAFETY: reading the type info pointer of our own vtable.
        let info = unsafe { addr_of!((*value).type_info).read() };
        assert!(info.size > 0);
        assert!((info.uid)().is_nothing());
        assert!((info.type_name)().as_str().contains("Map"));
    }
}
