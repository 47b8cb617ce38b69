//! `DynTrait<'borr, RArc<()>, I>`: `{ object: RArc<()> (data, arc vtable), vtable }`, 24 bytes
//! like the RBox one. The object is shared: `clone_ptr` takes the address of the `object` field
//! and returns another strong reference (the same `data`), `drop_ptr` releases one, and the value
//! is dropped with the last (reference 3.5, 11.D). Display and Debug call the value's own impls.

use std::fmt::{Debug, Display};
use std::marker::PhantomData;
use std::mem::ManuallyDrop;

use super::dyn_trait::{DynPointer, DynTrait, IteratorInterface};
use super::dyn_value::{debug, display, VALUE_VTABLE_LAYOUT};
use super::dyn_vtable::{DynVTable, DynVTable_Ref};
use super::type_info::{OpaqueTypeInfo, TypeInfo};
use crate::guard::guard;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::sabi_types::{RMut, RRef};
use crate::std_types::{RArc, RNone};

impl DynPointer for RArc<()> {
    const OWNED: bool = true;
    fn erased(&self) -> *const () {
        self.as_ptr()
    }
}

/// `RArc<T>` seen as `RArc<()>` (the same two words; the arc vtable still knows `T`).
fn erase<T>(arc: RArc<T>) -> RArc<()> {
    let arc = ManuallyDrop::new(arc);
    // SAFETY: RArc is `#[repr(C)] { data, vtable, _marker }` whatever `T` is; the original is forgotten.
    unsafe { std::ptr::read(&*arc as *const RArc<T> as *const RArc<()>) }
}

/// Releases the strong reference in the object field, through the arc's vtable.
unsafe extern "C" fn drop_arc_ptr<T>(ptr: RMut<'_, RArc<()>>) {
    // SAFETY: the object field holds an `RArc<T>` erased to `RArc<()>`; released exactly once.
    guard(|| unsafe { std::ptr::drop_in_place(ptr.cast::<RArc<T>>().as_ptr()) })
}

/// Another strong reference to the same value.
unsafe extern "C" fn clone_arc_ptr<T>(ptr: RRef<'_, RArc<()>>) -> RArc<()> {
    // SAFETY: the object field holds an `RArc<T>` erased to `RArc<()>`.
    guard(|| erase(unsafe { ptr.cast::<RArc<T>>().get() }.clone()))
}

pub type ArcValueVTable = WithMetadata<DynVTable<RArc<()>, ()>>;

/// Bits: type_info, _marker, drop_ptr, clone_ptr (3), display (5), debug (6).
pub const ARC_VALUE_BITS: u64 = 0b111 | 1 << 3 | 1 << 5 | 1 << 6;

pub struct MakeArcValueVTable<T>(PhantomData<T>);

impl<T: Display + Debug> MakeArcValueVTable<T> {
    const INFO: TypeInfo = OpaqueTypeInfo::<T>::INFO;
    const WM: ArcValueVTable = WithMetadata {
        field_accessibility: ARC_VALUE_BITS,
        type_layout: VALUE_VTABLE_LAYOUT,
        value: DynVTable {
            type_info: &Self::INFO,
            _marker: PhantomData,
            drop_ptr: drop_arc_ptr::<T>,
            clone_ptr: Some(clone_arc_ptr::<T>),
            default_ptr: None,
            display: Some(display::<T>),
            debug: Some(debug::<T>),
            serialize: None,
            partial_eq: None,
            cmp: None,
            partial_cmp: None,
            hash: None,
            iter: RNone,
            back_iter: RNone,
            fmt_write_str: None,
            io_write: RNone,
            io_read: RNone,
            io_bufread: RNone,
            io_seek: None,
        },
    };
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF: DynVTable_Ref<RArc<()>, ()> = DynVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

impl<'borr, I: IteratorInterface<'borr, Item = ()>> DynTrait<'borr, RArc<()>, I> {
    /// Shares `value` behind an RArc of this library, with Clone, Display and Debug.
    pub fn from_arc_value<T: Display + Debug + Send + Sync + 'borr>(value: T) -> Self {
        // SAFETY: the vtable is the one made for `T`, which the arc holds.
        unsafe { Self::from_pointer_parts(erase(RArc::new(value)), MakeArcValueVTable::<T>::VTABLE_REF) }
    }
}

impl<'borr, I: IteratorInterface<'borr>> Clone for DynTrait<'borr, RArc<()>, I> {
    /// Another strong reference through `clone_ptr`; panics if the vtable has none.
    fn clone(&self) -> Self {
        let clone_ptr = crate::read_prefix_field!(self.prefix(), clone_ptr).expect("DynTrait clone_ptr is null");
        // SAFETY: `clone_ptr` belongs to this object; the vtable describes the copy too.
        unsafe { Self::from_pointer_parts(clone_ptr(RRef::new(self.object())), DynVTable_Ref(self.prefix())) }
    }
}
