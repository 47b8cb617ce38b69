//! `StableAbi` for the std types, shaped as abi_stable 0.11.3 has them (reference 5.3.6): names,
//! `"std;1.0.0"` / `"abi_stable;0.11.3"` / `"async-ffi;0.5.1"`, kinds, field names and the
//! `type_layouts` their fields index, so a host reaches generic arguments through the fields
//! (`RSlice.data: *const T` → T, `RVec.buffer: NonNull<T>` → T, ...).
//!
//! Not reproduced (each is an Opaque layout with the right name, size and alignment): the vtables
//! of RVec/RBox/RArc/RHashMap (`*_Ref` fields), `RObjectVtable_Ref`, async-ffi's `FfiWakerBase`,
//! `EventSender` and `c_void`. Field accessor bits: 4 (Opaque) for std types'
//! private fields, 0 for public ones and phantom fields.

use std::ffi::c_void;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use super::*;
use crate::async_ffi::{BorrowingFfiFuture, EventSender, FfiContext, FfiPoll, FfiWakerBase, LocalBorrowingFfiFuture};
use crate::marker::ErasedObject;
use crate::prefix::PrefixRef;
use crate::sabi_trait::{RObject, RObjectVtable_Ref};
use crate::sabi_types::{RMut, RRef};
use crate::std_types::map::{ErasedMap, MapVTable_Ref};
use crate::std_types::*;

/// The `CompTLField`s and `MonoTypeLayout` of a hand-written layout, then the `TypeLayout` with
/// its `type_layouts` (the only part that depends on the type parameters).
macro_rules! std_layout {
    (
        name: $name:expr, package: $pv:expr, mod_path: $mp:expr, data: $data:ident $( ($($d:tt)*) )?, generic: $generic:expr,
        repr: $repr:expr, nonzero: $nz:expr, blob: $blob:expr, fields: [$($idx:expr),*], accessor: $acc:expr,
        types: [$($t:ty),*] $(, generics: ($lt:expr, $lc:expr, $types:expr))? $(, phantom: [$($ph:expr),*])? $(, refl: $refl:expr)?
        $(, extra_checks: $extra:expr)? $(,)?
    ) => {{
        #[allow(dead_code)]
        const N: usize = <[usize]>::len(&[$($idx),*]);
        #[allow(dead_code)]
        const FIELDS: &[u64] = &std_fields::<N>($blob, [$($idx),*], $acc);
        const MONO: &MonoTypeLayout = &MonoTypeLayout::new($name, $pv, $mp, $blob, std_layout!(@data $data $( ($($d)*) )?, FIELDS), $repr)
            $( .generics($lt, $lc, $types) )?
            $( .phantom(&[$($ph),*]) )?
            $( .mod_refl_mode($refl) )?;
        &TypeLayout {
            shared_vars: &SharedVars {
                mono: &MONO.shared_vars,
                type_layouts: &[$(get_type_layout::<$t> as TypeLayoutFn),*] as *const [TypeLayoutFn] as *const TypeLayoutFn,
                constants: NonNull::<u8>::dangling().as_ptr(),
                type_layouts_len: <[&str]>::len(&[$(stringify!($t)),*]) as u16,
                constants_len: 0,
            },
            mono: MONO,
            is_nonzero: $nz,
            alignment_power_of_two: std::mem::align_of::<Self>().trailing_zeros() as u8,
            size: std::mem::size_of::<Self>(),
            tag: std::ptr::null(),
            data: $generic,
            extra_checks: std_layout!(@extra $($extra)?),
            type_id: crate::utypeid::new_utypeid::<<Self as StableAbi>::StaticEquivalent>,
        }
    }};
    (@extra) => { std::ptr::null() };
    (@extra $e:expr) => { $e };
    (@data struct, $f:expr) => { MonoTLData::struct_(CompTLFields::new($f, None)) };
    (@data opaque, $f:expr) => { MonoTLData::OPAQUE_DATA };
    (@data primitive($p:expr), $f:expr) => { MonoTLData::primitive($p) };
    (@data enum($counts:expr, $names_len:expr), $f:expr) => { MonoTLData::enum_($counts, start_len(0, $names_len), CompTLFields::new($f, None)) };
}

const PHANTOM_0: u64 = comp_field(0, 1, 0, 0, 0, false);

macro_rules! primitives {
    ($($t:ty = $name:literal $code:expr;)*) => {$(
        // SAFETY: primitives are what they say.
        unsafe impl StableAbi for $t {
            type StaticEquivalent = $t;
            const LAYOUT: &'static TypeLayout = std_layout! {
                name: $name, package: STD, mod_path: "\0", data: primitive($code), generic: GenericTLData::PRIMITIVE,
                repr: repr::PRIMITIVE, nonzero: false, blob: "", fields: [], accessor: 0, types: [],
            };
        }
    )*};
}

primitives! {
    u8 = "u8" prim::U8; i8 = "i8" prim::I8; u16 = "u16" prim::U16; i16 = "i16" prim::I16;
    u32 = "u32" prim::U32; i32 = "i32" prim::I32; u64 = "u64" prim::U64; i64 = "i64" prim::I64;
    usize = "usize" prim::USIZE; isize = "isize" prim::ISIZE; f32 = "f32" prim::F32; f64 = "f64" prim::F64;
    bool = "bool" prim::BOOL;
}

// SAFETY: zero-sized.
unsafe impl StableAbi for () {
    type StaticEquivalent = ();
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "()", package: STD, mod_path: "\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "", fields: [], accessor: 0, types: [],
    };
}

/// `RRef<'_, ()>` is what sabi_trait's `&self` is; the mirror's erased object reads as `()`.
// SAFETY: zero-sized like `()`.
unsafe impl StableAbi for ErasedObject {
    type StaticEquivalent = ErasedObject;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "()", package: STD, mod_path: "\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "", fields: [], accessor: 0, types: [],
    };
}

// SAFETY: never read through; size and alignment only.
unsafe impl StableAbi for c_void {
    type StaticEquivalent = c_void;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "c_void", package: STD, mod_path: "std::ffi\0", data: opaque, generic: GenericTLData::OPAQUE,
        repr: repr::C, nonzero: false, blob: "", fields: [], accessor: 0, types: [],
    };
}

macro_rules! pointers {
    ($($({$($lt:lifetime)?})? $t:ty => $st:ty, $name:literal, $code:expr, $nz:expr;)*) => {$(
        // SAFETY: thin pointers to sized types.
        unsafe impl<$($($lt,)?)? T: StableAbi> StableAbi for $t {
            type StaticEquivalent = $st;
            const LAYOUT: &'static TypeLayout = std_layout! {
                name: $name, package: STD, mod_path: "\0", data: primitive($code), generic: GenericTLData::PRIMITIVE,
                repr: repr::PRIMITIVE, nonzero: $nz, blob: "0;", fields: [], accessor: 0, types: [T],
                generics: ("\0", 0, start_len(0, 1)), phantom: [PHANTOM_0], refl: [2, 0],
            };
        }
    )*};
}

pointers! {
    {'a} &'a T => &'static T::StaticEquivalent, "&", prim::SHARED_REF, true;
    {'a} &'a mut T => &'static mut T::StaticEquivalent, "&mut", prim::MUT_REF, true;
    *const T => *const T::StaticEquivalent, "*const", prim::CONST_PTR, false;
    *mut T => *mut T::StaticEquivalent, "*mut", prim::MUT_PTR, false;
}

// SAFETY: `[T; N]` is N `T`s.
unsafe impl<T: StableAbi, const N: usize> StableAbi for [T; N] {
    type StaticEquivalent = [T::StaticEquivalent; N];
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "array", package: STD, mod_path: "\0", data: primitive(prim::ARRAY), generic: GenericTLData::PRIMITIVE,
        repr: repr::PRIMITIVE, nonzero: false, blob: "element;", fields: [], accessor: 0, types: [T],
        generics: ("\0", 0, start_len(0, 1)), phantom: [comp_field(0, 7, 0, 0, 0, false)],
    };
}

// SAFETY: `NonNull<T>` is a non-null `*const T` (reference 5.3.5: `[T, *const T]`).
unsafe impl<T: StableAbi> StableAbi for NonNull<T> {
    type StaticEquivalent = NonNull<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "NonNull", package: STD, mod_path: "std::ptr\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::TRANSPARENT, nonzero: true, blob: "pointer;", fields: [1], accessor: 4, types: [T, *const T],
        generics: ("\0", 0, start_len(0, 1)),
    };
}

// SAFETY: zero-sized.
unsafe impl<T: StableAbi> StableAbi for PhantomData<T> {
    type StaticEquivalent = PhantomData<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "PhantomData", package: STD, mod_path: "std::marker\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "0;", fields: [], accessor: 0, types: [T],
        generics: ("\0", 0, start_len(0, 1)), phantom: [PHANTOM_0],
    };
}

// SAFETY: zero-sized (abi_stable's `PhantomData<(K, V)>`: types[0..2] are K and V).
unsafe impl<A: StableAbi, B: StableAbi> StableAbi for PhantomData<(A, B)> {
    type StaticEquivalent = PhantomData<(A::StaticEquivalent, B::StaticEquivalent)>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "PhantomData", package: STD, mod_path: "std::marker\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "0;1;", fields: [], accessor: 0, types: [A, B],
        generics: ("\0", 0, start_len(0, 2)), phantom: [PHANTOM_0, comp_field(2, 1, 0, 0, 1, false)],
    };
}

// SAFETY: `ManuallyDrop<T>` is a transparent `T`.
unsafe impl<T: StableAbi> StableAbi for ManuallyDrop<T> {
    type StaticEquivalent = ManuallyDrop<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "ManuallyDrop", package: STD, mod_path: "std::mem\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::TRANSPARENT, nonzero: false, blob: "value;", fields: [0], accessor: 4, types: [T],
        generics: ("\0", 0, start_len(0, 1)),
    };
}

/// abi_stable's `AFunctionPointer`: the type of every bare fn-pointer field (Opaque, nonzero).
pub extern "C" fn a_function_pointer() -> &'static TypeLayout {
    <extern "C" fn() as StableAbi>::LAYOUT
}
/// The `unsafe extern "C" fn()` twin (a second static with the same name, reference 5.3.4).
pub extern "C" fn an_unsafe_function_pointer() -> &'static TypeLayout {
    <unsafe extern "C" fn() as StableAbi>::LAYOUT
}

macro_rules! fn_pointers {
    ($($t:ty),*) => {$(
        // SAFETY: a function pointer.
        unsafe impl StableAbi for $t {
            type StaticEquivalent = $t;
            const LAYOUT: &'static TypeLayout = std_layout! {
                name: "AFunctionPointer", package: ABI_STABLE, mod_path: "abi_stable\0", data: opaque, generic: GenericTLData::OPAQUE,
                repr: repr::C, nonzero: true, blob: "", fields: [], accessor: 0, types: [],
            };
        }
    )*};
}
fn_pointers!(extern "C" fn(), unsafe extern "C" fn());

// SAFETY: `PrefixRef<T>` is a pointer to `WithMetadata<T>`; its phantom field "0" is `T`'s layout.
unsafe impl<T: StableAbi> StableAbi for PrefixRef<T> {
    type StaticEquivalent = PrefixRef<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "PrefixRef", package: ABI_STABLE, mod_path: "abi_stable::prefix_type\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: true, blob: "0;", fields: [], accessor: 0, types: [T], phantom: [PHANTOM_0],
    };
}

// SAFETY: laid out as declared in sabi_types.rs.
unsafe impl<'a, T: StableAbi> StableAbi for RRef<'a, T> {
    type StaticEquivalent = RRef<'static, T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RRef", package: ABI_STABLE, mod_path: "abi_stable::sabi_types::rref\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::TRANSPARENT, nonzero: true, blob: "ref_;_marker;", fields: [0, 1], accessor: 4,
        types: [NonNull<T>, PhantomData<&'a T>], generics: ("'a,\0", 1, 0),
    };
}

// SAFETY: laid out as declared in sabi_types.rs.
unsafe impl<'a, T: StableAbi> StableAbi for RMut<'a, T> {
    type StaticEquivalent = RMut<'static, T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RMut", package: ABI_STABLE, mod_path: "abi_stable::sabi_types::rmut\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::TRANSPARENT, nonzero: true, blob: "ref_;_marker;", fields: [0, 1], accessor: 4,
        types: [NonNull<T>, PhantomData<&'a mut T>], generics: ("'a,\0", 1, 0),
    };
}

// SAFETY: laid out as declared in slices.rs.
unsafe impl<'a, T: StableAbi> StableAbi for RSlice<'a, T> {
    type StaticEquivalent = RSlice<'static, T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RSlice", package: ABI_STABLE, mod_path: "abi_stable::std_types::slices\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "data;length;_marker;", fields: [0, 1, 2], accessor: 4,
        types: [*const T, usize, PhantomData<&'a T>], generics: ("'a,\0", 1, 0),
    };
}

// SAFETY: laid out as declared in slice_mut.rs.
unsafe impl<'a, T: StableAbi> StableAbi for RSliceMut<'a, T> {
    type StaticEquivalent = RSliceMut<'static, T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RSliceMut", package: ABI_STABLE, mod_path: "abi_stable::std_types::slice_mut\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "data;length;_marker;", fields: [0, 1, 2], accessor: 4,
        types: [*mut T, usize, PhantomData<&'a mut T>], generics: ("'a,\0", 1, 0),
    };
}

// SAFETY: laid out as declared in str.rs.
unsafe impl<'a> StableAbi for RStr<'a> {
    type StaticEquivalent = RStr<'static>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RStr", package: ABI_STABLE, mod_path: "abi_stable::std_types::str\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "inner;", fields: [0], accessor: 4, types: [RSlice<'a, u8>], generics: ("'a,\0", 1, 0),
    };
}

// SAFETY: laid out as declared in vec.rs.
unsafe impl<T: StableAbi> StableAbi for RVec<T> {
    type StaticEquivalent = RVec<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RVec", package: ABI_STABLE, mod_path: "abi_stable::std_types::vec\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "buffer;length;capacity;vtable;_marker;", fields: [0, 1, 1, 2, 3], accessor: 4,
        types: [NonNull<T>, usize, crate::std_types::vec::VecVTable_Ref<T>, PhantomData<T>],
    };
}

// SAFETY: laid out as declared in string.rs.
unsafe impl StableAbi for RString {
    type StaticEquivalent = RString;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RString", package: ABI_STABLE, mod_path: "abi_stable::std_types::string\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "inner;", fields: [0], accessor: 4, types: [RVec<u8>],
    };
}

// SAFETY: laid out as declared in boxed.rs.
unsafe impl<T: StableAbi> StableAbi for RBox<T> {
    type StaticEquivalent = RBox<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RBox", package: ABI_STABLE, mod_path: "abi_stable::std_types::boxed\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: true, blob: "data;vtable;_marker;", fields: [0, 1, 2], accessor: 4,
        types: [NonNull<T>, crate::std_types::boxed::BoxVtable_Ref<T>, PhantomData<T>],
    };
}

// SAFETY: laid out as declared in arc.rs.
unsafe impl<T: StableAbi> StableAbi for RArc<T> {
    type StaticEquivalent = RArc<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RArc", package: ABI_STABLE, mod_path: "abi_stable::std_types::arc\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: true, blob: "data;vtable;_marker;", fields: [0, 1, 2], accessor: 4,
        types: [*const T, crate::std_types::arc::ArcVtable_Ref<T>, PhantomData<T>],
    };
}

// SAFETY: `#[repr(u8)]`, RSome = 0, RNone = 1.
unsafe impl<T: StableAbi> StableAbi for ROption<T> {
    type StaticEquivalent = ROption<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "ROption", package: ABI_STABLE, mod_path: "abi_stable::std_types::option\0", data: enum(&[1, 0], 12),
        generic: GenericTLData::enum_(repr::U8, [0u8, 1].as_ptr(), 2),
        repr: repr::int(repr::U8), nonzero: false, blob: "RSome;RNone;field_0;", fields: [0], accessor: 0, types: [T],
    };
}

// SAFETY: `#[repr(u8)]`, ROk = 0, RErr = 1.
unsafe impl<T: StableAbi, E: StableAbi> StableAbi for RResult<T, E> {
    type StaticEquivalent = RResult<T::StaticEquivalent, E::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RResult", package: ABI_STABLE, mod_path: "abi_stable::std_types::result\0", data: enum(&[1, 1], 9),
        generic: GenericTLData::enum_(repr::U8, [0u8, 1].as_ptr(), 2),
        repr: repr::int(repr::U8), nonzero: false, blob: "ROk;RErr;field_0;field_0;", fields: [0, 1], accessor: 0, types: [T, E],
    };
}

// SAFETY: `#[repr(C)]` enum, Borrowed = 0, Owned = 1.
unsafe impl<B: StableAbi, O: StableAbi> StableAbi for RCow<B, O> {
    type StaticEquivalent = RCow<B::StaticEquivalent, O::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RCow", package: ABI_STABLE, mod_path: "abi_stable::std_types::cow\0", data: enum(&[1, 1], 15),
        generic: GenericTLData::enum_(repr::DISC_ISIZE, [0isize, 1].as_ptr() as *const u8, 2),
        repr: repr::C, nonzero: false, blob: "Borrowed;Owned;field_0;field_0;", fields: [0, 1], accessor: 0, types: [B, O],
    };
}

// SAFETY: laid out as declared in duration.rs.
unsafe impl StableAbi for RDuration {
    type StaticEquivalent = RDuration;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RDuration", package: ABI_STABLE, mod_path: "abi_stable::std_types::time\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "seconds;subsec_nanos;", fields: [0, 1], accessor: 4, types: [u64, u32],
    };
}

// SAFETY: `#[repr(u8)]`, Less 0, Equal 1, Greater 2.
unsafe impl StableAbi for RCmpOrdering {
    type StaticEquivalent = RCmpOrdering;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RCmpOrdering", package: ABI_STABLE, mod_path: "abi_stable::std_types::cmp_ordering\0", data: enum(&[0, 0, 0], 19),
        generic: GenericTLData::enum_(repr::U8, [0u8, 1, 2].as_ptr(), 3),
        repr: repr::int(repr::U8), nonzero: false, blob: "Less;Equal;Greater;", fields: [], accessor: 0, types: [],
    };
}

macro_rules! tuples {
    ($($name:ident [$($p:ident $i:literal),*] $blob:literal;)*) => {$(
        // SAFETY: `#[repr(C)]` tuple structs.
        unsafe impl<$($p: StableAbi),*> StableAbi for $name<$($p),*> {
            type StaticEquivalent = $name<$($p::StaticEquivalent),*>;
            const LAYOUT: &'static TypeLayout = std_layout! {
                name: stringify!($name), package: ABI_STABLE, mod_path: "abi_stable::std_types::tuple\0", data: struct,
                generic: GenericTLData::STRUCT, repr: repr::C, nonzero: false, blob: $blob, fields: [$($i),*], accessor: 0, types: [$($p),*],
            };
        }
    )*};
}
tuples! {
    Tuple1[A 0] "field_0;";
    Tuple2[A 0, B 1] "field_0;field_1;";
    Tuple3[A 0, B 1, C 2] "field_0;field_1;field_2;";
    Tuple4[A 0, B 1, C 2, D 3] "field_0;field_1;field_2;field_3;";
}

// SAFETY: zero-sized marker of the map's key and value types.
unsafe impl<K: StableAbi, V: StableAbi> StableAbi for ErasedMap<K, V> {
    type StaticEquivalent = ErasedMap<K::StaticEquivalent, V::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "ErasedMap", package: ABI_STABLE, mod_path: "abi_stable::std_types::map\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "field_0;", fields: [0], accessor: 0, types: [PhantomData<(K, V)>],
    };
}

// SAFETY: laid out as declared in map.rs.
unsafe impl<K: StableAbi, V: StableAbi> StableAbi for RHashMap<K, V> {
    type StaticEquivalent = RHashMap<K::StaticEquivalent, V::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RHashMap", package: ABI_STABLE, mod_path: "abi_stable::std_types::map\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "map;vtable;", fields: [0, 1], accessor: 4,
        types: [RBox<ErasedMap<K, V>>, MapVTable_Ref<K, V>],
    };
}

macro_rules! opaque {
    ($($({$($g:tt)*})? $t:ty => $st:ty, $name:literal, $pv:expr, $nz:expr;)*) => {$(
        // SAFETY: only size and alignment are described.
        unsafe impl<$($($g)*)?> StableAbi for $t {
            type StaticEquivalent = $st;
            const LAYOUT: &'static TypeLayout = std_layout! {
                name: $name, package: $pv, mod_path: "\0", data: opaque, generic: GenericTLData::OPAQUE,
                repr: repr::C, nonzero: $nz, blob: "", fields: [], accessor: 0, types: [],
            };
        }
    )*};
}

opaque! {
    {T} crate::std_types::vec::VecVTable_Ref<T> => crate::std_types::vec::VecVTable_Ref<()>, "VecVTable_Ref", ABI_STABLE, true;
    {T} crate::std_types::boxed::BoxVtable_Ref<T> => crate::std_types::boxed::BoxVtable_Ref<()>, "BoxVtable_Ref", ABI_STABLE, true;
    {T} crate::std_types::arc::ArcVtable_Ref<T> => crate::std_types::arc::ArcVtable_Ref<()>, "ArcVtable_Ref", ABI_STABLE, true;
    {K, V} MapVTable_Ref<K, V> => MapVTable_Ref<(), ()>, "MapVTable_Ref", ABI_STABLE, true;
    RObjectVtable_Ref => RObjectVtable_Ref, "RObjectVtable_Ref", ABI_STABLE, true;
    crate::async_ffi::FfiWakerBase => crate::async_ffi::FfiWakerBase, "FfiWakerBase", ASYNC_FFI, false;
    EventSender => EventSender, "EventSender", crate::library::type_layout::PACKAGE_AND_VERSION, false;
}

// SAFETY: the mirror's `Value` is `#[repr(u8)]` with these variants (value.rs).
unsafe impl StableAbi for crate::Value {
    type StaticEquivalent = crate::Value;
    const LAYOUT: &'static TypeLayout = crate::__derive_layout! {
        type: crate::Value,
        name: "Value",
        package: crate::library::type_layout::PACKAGE_AND_VERSION,
        mod_path: "abi_stable_mirror::value\0",
        data: enum("Null;Bool;I64;U64;F64;String;Bytes;Array;Object;", &[0, 1, 1, 1, 1, 1, 1, 1, 1], repr::U8, u8, [0, 1, 2, 3, 4, 5, 6, 7, 8]),
        repr: repr::int(repr::U8),
        nonzero: false,
        fields: [
            { "field_0", 0, false, [bool], [] },
            { "field_0", 0, false, [i64], [] },
            { "field_0", 0, false, [u64], [] },
            { "field_0", 0, false, [f64], [] },
            { "field_0", 0, false, [RString], [] },
            { "field_0", 0, false, [RVec<u8>], [] },
            { "field_0", 0, false, [RVec<crate::Value>], [] },
            { "field_0", 0, false, [RHashMap<RString, crate::Value>], [] },
        ],
    };
}

// SAFETY: laid out as declared in sabi_trait/object.rs: `vtable: PrefixRef<V>`, then the pointer
// (`ManuallyDrop<RBox<()>>`); `_marker` is zero-sized (reference 5.3.8). `extra_checks` holds the
// trait's RequiredTraits (sabi_trait/required_traits.rs).
unsafe impl<V: StableAbi + crate::sabi_trait::ObjectInterface, P: crate::sabi_trait::ObjectPointer + StableAbi> StableAbi for RObject<V, P>
where
    P::StaticEquivalent: crate::sabi_trait::ObjectPointer,
{
    type StaticEquivalent = RObject<V::StaticEquivalent, P::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RObject", package: ABI_STABLE, mod_path: "abi_stable::sabi_trait::robject\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "vtable;ptr;_marker;", fields: [0, 1, 2], accessor: 4,
        types: [PrefixRef<V>, ManuallyDrop<P>, PhantomData<()>], generics: ("'lt,\0", 1, 0),
        // `extra_checks = <I as MakeRequiredTraits>::MAKE` (reference 5.3.8): the trait's auto traits.
        extra_checks: <V as crate::sabi_trait::ObjectInterface>::EXTRA_CHECKS,
    };
}

// SAFETY: `#[repr(C, u8)]`: Ready(T) = 0, Pending = 1, Panicked = 2 (reference 6.2).
unsafe impl<T: StableAbi> StableAbi for FfiPoll<T> {
    type StaticEquivalent = FfiPoll<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "FfiPoll", package: ASYNC_FFI, mod_path: "async_ffi\0", data: enum(&[1, 0, 0], 23),
        generic: GenericTLData::enum_(repr::U8, [0u8, 1, 2].as_ptr(), 3),
        repr: repr::c_and_int(repr::U8), nonzero: false, blob: "Ready;Pending;Panicked;field_0;", fields: [0], accessor: 0, types: [T],
    };
}

// SAFETY: laid out as declared in async_ffi.rs.
unsafe impl<'a> StableAbi for FfiContext<'a> {
    type StaticEquivalent = FfiContext<'static>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "FfiContext", package: ASYNC_FFI, mod_path: "async_ffi\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "waker;_marker;", fields: [0, 1], accessor: 4,
        types: [*const FfiWakerBase, PhantomData<&'a FfiWakerBase>], generics: ("'a,\0", 1, 0),
    };
}

// SAFETY: `BorrowingFfiFuture` is a transparent `LocalBorrowingFfiFuture` (reference 6.1).
unsafe impl<'a, T: StableAbi> StableAbi for BorrowingFfiFuture<'a, T> {
    type StaticEquivalent = BorrowingFfiFuture<'static, T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "BorrowingFfiFuture", package: ASYNC_FFI, mod_path: "async_ffi\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::TRANSPARENT, nonzero: false, blob: "field_0;", fields: [0], accessor: 4,
        types: [LocalBorrowingFfiFuture<'a, T>], generics: ("'a,\0", 1, 0),
    };
}

/// `LocalBorrowingFfiFuture`'s blob: `fut_ptr;poll_fn;,,drop_fn;,_marker;` (two unnamed parameters
/// after `poll_fn`, one after `drop_fn`).
const FUTURE_BLOB: &str = "fut_ptr;poll_fn;,,drop_fn;,_marker;";

// SAFETY: laid out as declared in async_ffi.rs: `{ fut_ptr, poll_fn, drop_fn, _marker }` (reference
// 6.1); `poll_fn`'s return `FfiPoll<T>` is how `T` is reached (reference 5.3.6).
unsafe impl<'a, T: StableAbi> StableAbi for LocalBorrowingFfiFuture<'a, T> {
    type StaticEquivalent = LocalBorrowingFfiFuture<'static, T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = {
        // type_layouts: 0 `*mut ()`, 1 the `unsafe extern "C" fn()` placeholder, 2 `*mut FfiContext<'_>`,
        // 3 `FfiPoll<T>`, 4 `PhantomData<&'a ()>`.
        const FIELDS: &[u64] = &[
            comp_field(0, 7, 0, 4, 0, false),
            comp_field(8, 7, 0, 4, 1, true),
            comp_field(18, 7, 0, 4, 1, true),
            comp_field(27, 7, 0, 4, 4, false),
        ];
        const FNS: &[CompTLFunction] = &[
            CompTLFunction {
                name: start_len(8, 7),
                contiguous_strings_offset: 16,
                bound_lifetimes_len: 0,
                param_names_len: 2,
                return_type_layout: 3,
                paramret_lifetime_range: inline_lifetimes(&[1]),
                param_type_layouts: type_layout_range(&[0, 2], 2),
                fn_qualifs: 1,
            },
            CompTLFunction {
                name: start_len(18, 7),
                contiguous_strings_offset: 26,
                bound_lifetimes_len: 0,
                param_names_len: 1,
                return_type_layout: 0xFFFF,
                paramret_lifetime_range: 0,
                param_type_layouts: type_layout_range(&[0], 1),
                fn_qualifs: 1,
            },
        ];
        const RANGES: &[u32] = &[start_len(0, 0), start_len(0, 1), start_len(1, 1), start_len(2, 0)];
        const TLF: TLFunctions = TLFunctions::new(FNS, RANGES);
        const MONO: &MonoTypeLayout = &MonoTypeLayout::new(
            "LocalBorrowingFfiFuture",
            ASYNC_FFI,
            "async_ffi\0",
            FUTURE_BLOB,
            MonoTLData::struct_(CompTLFields::new(FIELDS, Some(&TLF))),
            repr::C,
        )
        .generics("'a,\0", 1, 0);
        &TypeLayout {
            shared_vars: &SharedVars {
                mono: &MONO.shared_vars,
                type_layouts: &[
                    get_type_layout::<*mut ()> as TypeLayoutFn,
                    get_type_layout::<unsafe extern "C" fn()>,
                    get_type_layout::<*mut FfiContext<'a>>,
                    get_type_layout::<FfiPoll<T>>,
                    get_type_layout::<PhantomData<&'a ()>>,
                ] as *const [TypeLayoutFn] as *const TypeLayoutFn,
                constants: NonNull::<u8>::dangling().as_ptr(),
                type_layouts_len: 5,
                constants_len: 0,
            },
            mono: MONO,
            is_nonzero: false,
            alignment_power_of_two: std::mem::align_of::<Self>().trailing_zeros() as u8,
            size: std::mem::size_of::<Self>(),
            tag: std::ptr::null(),
            data: GenericTLData::STRUCT,
            extra_checks: std::ptr::null(),
            type_id: crate::utypeid::new_utypeid::<<Self as StableAbi>::StaticEquivalent>,
        }
    };
}

// RSender / RReceiver and their VTable (after `std_layout!`, which it uses).
mod channel;
// RBoxError_<M> and its Send/Sync markers (after `std_layout!` and `opaque!`).
mod rbox_error;
// DynTrait<'borr, P, I> and the interface's RequiredTraits (after `std_layout!` and `opaque!`).
pub mod dyn_trait;

#[cfg(test)]
mod enum_name_tests {
    use super::*;

    /// The variant names an enum layout's `variant_names` StartLen covers, split at `;`.
    fn variant_names(l: &TypeLayout) -> Vec<&'static str> {
        // SAFETY: an enum's MonoTLData payload is its MonoTLEnum.
        let e = unsafe { l.mono().data.payload.enum_ };
        let (start, len) = ((e.variant_names & 0xFFFF) as usize, (e.variant_names >> 16) as usize);
        let blob = l.mono().strings();
        assert!(start + len <= blob.len(), "{}: names {start}+{len} past its {}-byte blob", l.mono().name(), blob.len());
        blob[start..start + len].split_terminator(';').collect()
    }

    #[test]
    fn variant_name_ranges_cover_exactly_the_variants() {
        assert_eq!(variant_names(<ROption<u8> as StableAbi>::LAYOUT), ["RSome", "RNone"]);
        assert_eq!(variant_names(<RResult<u8, u8> as StableAbi>::LAYOUT), ["ROk", "RErr"]);
        assert_eq!(variant_names(<RCow<u8, u8> as StableAbi>::LAYOUT), ["Borrowed", "Owned"]);
        assert_eq!(variant_names(<RCmpOrdering as StableAbi>::LAYOUT), ["Less", "Equal", "Greater"]);
        assert_eq!(variant_names(<FfiPoll<u8> as StableAbi>::LAYOUT), ["Ready", "Pending", "Panicked"]);
        assert_eq!(variant_names(<crate::erased::dyn_vtable::FormattingMode as StableAbi>::LAYOUT), ["Default_", "Alternate"]);
    }
}
