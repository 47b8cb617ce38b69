//! The `DynTrait` vtable (prefix type, `#[repr(C, align(16))]`, value at WM+16, 288 bytes): fields
//! 3–18 are conditional — their bit is set only if the interface declares the trait. Signatures of
//! the serde/io entries are not modelled (they are always `None`/`RNone` here): only their size.

use std::marker::PhantomData;

use super::hasher::HasherObject;
use super::iterator_fns::{DoubleEndedIteratorFns, IteratorFns, MakeDoubleEndedFns, MakeIteratorFns};
use super::type_info::{OpaqueTypeInfo, TypeInfo};
use crate::guard::guard;
use crate::marker::ErasedObject;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::sabi_types::{RMut, RRef};
use crate::std_types::{RBox, RCmpOrdering, RNone, ROption, RResult, RSome, RStr, RString};

/// `FormattingMode` of the display/debug entries: `Default_` = 0, `Alternate` = 1.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormattingMode {
    Default_ = 0,
    Alternate = 1,
}

pub type FmtFn = unsafe extern "C" fn(RRef<'_, ErasedObject>, FormattingMode, &mut RString) -> RResult<(), ()>;
/// Placeholder for entries whose signature this crate does not model (never called).
pub type OpaqueFn = unsafe extern "C" fn();

/// `std::io::Write` block: `write`, `write_all`, `flush`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct IoWriteFns(pub [OpaqueFn; 3]);
/// `std::io::Read` block: `read`, `read_exact`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct IoReadFns(pub [OpaqueFn; 2]);
/// `std::io::BufRead` block: `fill_buf`, `consume`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct IoBufReadFns(pub [OpaqueFn; 2]);

#[repr(C, align(16))]
pub struct DynVTable<P, Item> {
    pub type_info: &'static TypeInfo,
    pub _marker: PhantomData<extern "C" fn(P, Item)>,
    pub drop_ptr: unsafe extern "C" fn(RMut<'_, P>),
    pub clone_ptr: Option<unsafe extern "C" fn(RRef<'_, P>) -> P>,
    pub default_ptr: Option<unsafe extern "C" fn() -> P>,
    pub display: Option<FmtFn>,
    pub debug: Option<FmtFn>,
    pub serialize: Option<OpaqueFn>,
    pub partial_eq: Option<unsafe extern "C" fn(RRef<'_, ErasedObject>, RRef<'_, ErasedObject>) -> bool>,
    pub cmp: Option<unsafe extern "C" fn(RRef<'_, ErasedObject>, RRef<'_, ErasedObject>) -> RCmpOrdering>,
    pub partial_cmp:
        Option<unsafe extern "C" fn(RRef<'_, ErasedObject>, RRef<'_, ErasedObject>) -> ROption<RCmpOrdering>>,
    pub hash: Option<unsafe extern "C" fn(RRef<'_, ErasedObject>, HasherObject<'_>)>,
    pub iter: ROption<IteratorFns<Item>>,
    pub back_iter: ROption<DoubleEndedIteratorFns<Item>>,
    pub fmt_write_str: Option<unsafe extern "C" fn(RMut<'_, ErasedObject>, RStr<'_>) -> RResult<(), ()>>,
    pub io_write: ROption<IoWriteFns>,
    pub io_read: ROption<IoReadFns>,
    pub io_bufread: ROption<IoBufReadFns>,
    pub io_seek: Option<OpaqueFn>,
}

/// Field indices (and bits) of the DynTrait vtable.
pub mod field_index {
    pub const TYPE_INFO: u32 = 0;
    pub const MARKER: u32 = 1;
    pub const DROP_PTR: u32 = 2;
    pub const CLONE_PTR: u32 = 3;
    pub const SERIALIZE: u32 = 7;
    pub const PARTIAL_EQ: u32 = 8;
    pub const CMP: u32 = 9;
    pub const PARTIAL_CMP: u32 = 10;
    pub const HASH: u32 = 11;
    pub const ITER: u32 = 12;
    pub const BACK_ITER: u32 = 13;
}

/// Bits of an iterator DynTrait: type_info, _marker, drop_ptr, iter (+ clone_ptr if Clone).
pub const ITER_BITS: u64 = 0b111 | 1 << field_index::ITER;
pub const CLONE_ITER_BITS: u64 = ITER_BITS | 1 << field_index::CLONE_PTR;

/// Pointer to the WM header of a DynTrait vtable.
#[allow(non_camel_case_types)]
#[repr(transparent)]
pub struct DynVTable_Ref<P, Item>(pub PrefixRef<DynVTable<P, Item>>);

impl<P, Item> Clone for DynVTable_Ref<P, Item> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, Item> Copy for DynVTable_Ref<P, Item> {}

crate::declare_prefix_layout!(DYN_TRAIT_VTABLE_LAYOUT = "VTable");

/// Drops the `RBox<T>` whose address is `ptr` (the DynTrait's `object` field), through its vtable.
pub(crate) unsafe extern "C" fn drop_box_ptr<T>(ptr: RMut<'_, RBox<()>>) {
    // SAFETY: the object field holds an `RBox<T>` erased to `RBox<()>`; dropped exactly once.
    guard(|| unsafe { std::ptr::drop_in_place(ptr.cast::<RBox<T>>().as_ptr()) })
}

/// Clones the boxed `T` into a new box of this library.
pub(crate) unsafe extern "C" fn clone_box_ptr<T: Clone>(ptr: RRef<'_, RBox<()>>) -> RBox<()> {
    guard(|| {
        // SAFETY: the object field holds an `RBox<T>` erased to `RBox<()>`.
        let original = unsafe { ptr.cast::<RBox<T>>().get() };
        // SAFETY: erasing for the DynTrait; the vtable knows the real `T`.
        unsafe { RBox::new((**original).clone()).transmute_element::<()>() }
    })
}

/// The vtable of an iterator `T` boxed in a DynTrait (optionally with `Clone`).
pub struct MakeIterVTable<T>(PhantomData<T>);

impl<T: Iterator> MakeIterVTable<T> {
    const INFO: TypeInfo = OpaqueTypeInfo::<T>::INFO;

    const fn vtable(bits: u64, clone_ptr: Option<unsafe extern "C" fn(RRef<'_, RBox<()>>) -> RBox<()>>)
        -> WithMetadata<DynVTable<RBox<()>, T::Item>> {
        WithMetadata {
            field_accessibility: bits,
            type_layout: DYN_TRAIT_VTABLE_LAYOUT,
            value: DynVTable {
                type_info: &Self::INFO,
                _marker: PhantomData,
                drop_ptr: drop_box_ptr::<T>,
                clone_ptr,
                default_ptr: None,
                display: None,
                debug: None,
                serialize: None,
                partial_eq: None,
                cmp: None,
                partial_cmp: None,
                hash: None,
                iter: RSome(MakeIteratorFns::<T>::NEW),
                back_iter: RNone,
                fmt_write_str: None,
                io_write: RNone,
                io_read: RNone,
                io_bufread: RNone,
                io_seek: None,
            },
        }
    }

    const WM: WithMetadata<DynVTable<RBox<()>, T::Item>> = Self::vtable(ITER_BITS, None);

    /// Vtable for `Iterator` interfaces.
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF: DynVTable_Ref<RBox<()>, T::Item> = DynVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

impl<T: Iterator + Clone> MakeIterVTable<T> {
    const WM_CLONE: WithMetadata<DynVTable<RBox<()>, T::Item>> = Self::vtable(CLONE_ITER_BITS, Some(clone_box_ptr::<T>));

    /// Vtable for `Iterator + Clone` interfaces.
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF_CLONE: DynVTable_Ref<RBox<()>, T::Item> =
        DynVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM_CLONE) });
}

impl<T: DoubleEndedIterator> MakeIterVTable<T> {
    const WM_BACK: WithMetadata<DynVTable<RBox<()>, T::Item>> = {
        let mut wm = Self::vtable(ITER_BITS | 1 << field_index::BACK_ITER, None);
        wm.value.back_iter = RSome(MakeDoubleEndedFns::<T>::NEW);
        wm
    };

    /// Vtable for `DoubleEndedIterator` interfaces (bits `0x3007`).
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF_BACK: DynVTable_Ref<RBox<()>, T::Item> =
        DynVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM_BACK) });
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    type V = DynVTable<RBox<()>, u64>;
    assert!(align_of::<V>() == 16 && size_of::<V>() == 288);
    assert!(size_of::<WithMetadata<V>>() == 304 && offset_of!(WithMetadata<V>, value) == 16);
    assert!(offset_of!(V, type_info) == 0);
    assert!(offset_of!(V, drop_ptr) == 8);
    assert!(offset_of!(V, clone_ptr) == 16);
    assert!(offset_of!(V, default_ptr) == 24);
    assert!(offset_of!(V, display) == 32);
    assert!(offset_of!(V, debug) == 40);
    assert!(offset_of!(V, serialize) == 48);
    assert!(offset_of!(V, partial_eq) == 56);
    assert!(offset_of!(V, cmp) == 64);
    assert!(offset_of!(V, partial_cmp) == 72);
    assert!(offset_of!(V, hash) == 80);
    assert!(offset_of!(V, iter) == 88);
    assert!(offset_of!(V, back_iter) == 152);
    assert!(offset_of!(V, fmt_write_str) == 184);
    assert!(offset_of!(V, io_write) == 192);
    assert!(offset_of!(V, io_read) == 224);
    assert!(offset_of!(V, io_bufread) == 248);
    assert!(offset_of!(V, io_seek) == 272);
    assert!(ITER_BITS == 0x1007 && CLONE_ITER_BITS == 0x100F);
};
