//! DynTrait vtables for values (not iterators), as `DynTrait::from_value` makes them for an
//! interface declaring Send, Sync, Clone, Display, Debug, Serialize, Eq, Ord and Hash (the
//! examples' text values): every slot calls `T`'s own impl; `serialize` returns the interface's
//! proxy, a `RawValueBox` (an RString of JSON), or an RBoxError.

use std::fmt::{Debug, Display};
use std::hash::Hash;
use std::marker::PhantomData;

use super::dyn_trait::{DynTrait, IteratorInterface};
use super::dyn_vtable::{clone_box_ptr, drop_box_ptr, DynVTable, DynVTable_Ref, FormattingMode, OpaqueFn};
use super::hasher::HasherObject;
use super::type_info::{OpaqueTypeInfo, TypeInfo};
use crate::guard::guard;
use crate::library::RBoxError;
use crate::marker::ErasedObject;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::sabi_types::RRef;
use crate::std_types::{RBox, RCmpOrdering, RErr, RNone, ROk, ROption, RResult, RSome, RString};

/// abi_stable's `RawValueBox` as the examples' interfaces use it: JSON text.
pub type RawValueBox = RString;

/// What the serialize slot calls (the examples use serde_json; this crate has no dependencies).
pub trait SerializeJson {
    fn to_json(&self) -> Result<RawValueBox, RBoxError>;
}

/// Field bits of a value vtable: type_info, _marker, drop_ptr, clone (3), display (5), debug (6),
/// serialize (7), partial_eq (8), cmp (9), partial_cmp (10), hash (11).
pub const VALUE_BITS: u64 = 0b111 | 1 << 3 | 1 << 5 | 1 << 6 | 1 << 7 | 1 << 8 | 1 << 9 | 1 << 10 | 1 << 11;
pub const DISPLAY_BIT: u64 = 1 << 5;

/// # Safety (of every slot) `this` is the erased `T` of a DynTrait made by `MakeValueVTable<T>`.
unsafe fn value<'a, T>(this: RRef<'a, ErasedObject>) -> &'a T {
    // SAFETY: as above.
    unsafe { this.cast::<T>().get() }
}

pub(crate) unsafe extern "C" fn display<T: Display>(this: RRef<'_, ErasedObject>, mode: FormattingMode, out: &mut RString) -> RResult<(), ()> {
    guard(|| {
        // SAFETY: see `value`.
        let v = unsafe { value::<T>(this) };
        out.push_str(&if mode == FormattingMode::Alternate { format!("{v:#}") } else { format!("{v}") });
        ROk(())
    })
}

pub(crate) unsafe extern "C" fn debug<T: Debug>(this: RRef<'_, ErasedObject>, mode: FormattingMode, out: &mut RString) -> RResult<(), ()> {
    guard(|| {
        // SAFETY: see `value`.
        let v = unsafe { value::<T>(this) };
        out.push_str(&if mode == FormattingMode::Alternate { format!("{v:#?}") } else { format!("{v:?}") });
        ROk(())
    })
}

unsafe extern "C" fn serialize<T: SerializeJson>(this: RRef<'_, ErasedObject>) -> RResult<RawValueBox, RBoxError> {
    // SAFETY: see `value`.
    guard(|| match unsafe { value::<T>(this) }.to_json() {
        Ok(json) => ROk(json),
        Err(e) => RErr(e),
    })
}

unsafe extern "C" fn partial_eq<T: PartialEq>(a: RRef<'_, ErasedObject>, b: RRef<'_, ErasedObject>) -> bool {
    // SAFETY: see `value`; the caller checked both are `T` (same vtable).
    guard(|| unsafe { value::<T>(a) == value::<T>(b) })
}

unsafe extern "C" fn cmp<T: Ord>(a: RRef<'_, ErasedObject>, b: RRef<'_, ErasedObject>) -> RCmpOrdering {
    // SAFETY: as in `partial_eq`.
    guard(|| unsafe { value::<T>(a).cmp(value::<T>(b)) }.into())
}

unsafe extern "C" fn partial_cmp<T: PartialOrd>(a: RRef<'_, ErasedObject>, b: RRef<'_, ErasedObject>) -> ROption<RCmpOrdering> {
    // SAFETY: as in `partial_eq`.
    guard(|| match unsafe { value::<T>(a).partial_cmp(value::<T>(b)) } {
        Some(o) => RSome(o.into()),
        None => RNone,
    })
}

unsafe extern "C" fn hash<T: Hash>(this: RRef<'_, ErasedObject>, mut hasher: HasherObject<'_>) {
    // SAFETY: see `value`.
    guard(|| unsafe { value::<T>(this) }.hash(&mut hasher))
}

type ValueVTable = DynVTable<RBox<()>, ()>;

crate::declare_prefix_layout!(pub(crate) VALUE_VTABLE_LAYOUT = "VTable");

/// The vtable of a value `T` boxed in a DynTrait.
pub struct MakeValueVTable<T>(PhantomData<T>);

impl<T: Clone + Display + Debug + SerializeJson + Ord + Hash> MakeValueVTable<T> {
    const INFO: TypeInfo = OpaqueTypeInfo::<T>::INFO;

    /// The vtable with `bits` (VALUE_BITS, or fewer: a slot whose bit is clear is null).
    pub const fn with_bits(bits: u64) -> WithMetadata<ValueVTable> {
        // SAFETY: an `extern "C"` fn pointer erased to another fn pointer type; it is only
        // called through its real signature.
        let serialize: OpaqueFn = unsafe {
            std::mem::transmute::<unsafe extern "C" fn(RRef<'_, ErasedObject>) -> RResult<RawValueBox, RBoxError>, OpaqueFn>(serialize::<T>)
        };
        WithMetadata {
            field_accessibility: bits,
            type_layout: VALUE_VTABLE_LAYOUT,
            value: DynVTable {
                type_info: &Self::INFO,
                _marker: PhantomData,
                drop_ptr: drop_box_ptr::<T>,
                clone_ptr: if bits & 1 << 3 != 0 { Some(clone_box_ptr::<T>) } else { None },
                default_ptr: None,
                display: if bits & 1 << 5 != 0 { Some(display::<T>) } else { None },
                debug: if bits & 1 << 6 != 0 { Some(debug::<T>) } else { None },
                serialize: if bits & 1 << 7 != 0 { Some(serialize) } else { None },
                partial_eq: if bits & 1 << 8 != 0 { Some(partial_eq::<T>) } else { None },
                cmp: if bits & 1 << 9 != 0 { Some(cmp::<T>) } else { None },
                partial_cmp: if bits & 1 << 10 != 0 { Some(partial_cmp::<T>) } else { None },
                hash: if bits & 1 << 11 != 0 { Some(hash::<T>) } else { None },
                iter: RNone,
                back_iter: RNone,
                fmt_write_str: None,
                io_write: RNone,
                io_read: RNone,
                io_bufread: RNone,
                io_seek: None,
            },
        }
    }

    const WM: WithMetadata<ValueVTable> = Self::with_bits(VALUE_BITS);
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF: DynVTable_Ref<RBox<()>, ()> = DynVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

impl<'borr, I: IteratorInterface<'borr, Item = ()>> DynTrait<'borr, RBox<()>, I> {
    /// Boxes a value with every trait of a value interface (bits `VALUE_BITS`).
    pub fn from_value<T: Clone + Display + Debug + SerializeJson + Ord + Hash + 'borr>(value: T) -> Self {
        // SAFETY: the vtable is the one made for `T`, which the box holds.
        unsafe { Self::from_raw_parts(RBox::new(value).transmute_element::<()>(), MakeValueVTable::<T>::VTABLE_REF) }
    }

    /// Boxes a value with the vtable `vtable` (made by `MakeValueVTable::<T>::with_bits`).
    ///
    /// # Safety
    /// `vtable` must be a `MakeValueVTable::<T>` vtable.
    pub unsafe fn from_value_with<T: 'borr>(value: T, vtable: DynVTable_Ref<RBox<()>, ()>) -> Self {
        // SAFETY: the caller's promise.
        unsafe { Self::from_raw_parts(RBox::new(value).transmute_element::<()>(), vtable) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
    struct Name(String);
    impl Display for Name {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }
    impl SerializeJson for Name {
        fn to_json(&self) -> Result<RawValueBox, RBoxError> {
            Ok(RString::from(format!("\"{}\"", self.0).as_str()))
        }
    }
    struct Values;
    impl IteratorInterface<'_> for Values {
        type Item = ();
    }

    #[test]
    fn formats_clones_and_compares_through_the_vtable() {
        let a = DynTrait::<'_, RBox<()>, Values>::from_value(Name("ann".into()));
        assert_eq!(a.vtable().0.field_accessibility(), VALUE_BITS);
        assert_eq!(format!("{a} {a:?} [{a:>5}]"), "ann Name(\"ann\") [  ann]");
        let b = a.clone();
        let eq = crate::read_prefix_field!(a.vtable().0, partial_eq).expect("partial_eq");
        // SAFETY: both are Names of this vtable.
        assert!(unsafe { eq(RRef::from_raw(a.erased_ptr().cast()), RRef::from_raw(b.erased_ptr().cast())) });
        let quiet = WithMetadata { ..MakeValueVTable::<Name>::with_bits(VALUE_BITS & !DISPLAY_BIT) };
        assert!(quiet.value.display.is_none() && quiet.value.debug.is_some());
    }
}
