//! `StableAbi` of `RBoxError_<M>` and its markers, shaped as abi_stable 0.11's derive emits them
//! (reference 1.13, 11.E; `abi_stable::std_types::std_error`):
//!
//! * `RBoxError_<M>`: a `#[repr(C)]` struct of 24 bytes, align 8, named `RBoxError_` (the aliases
//!   `RBoxError`, `SendRBoxError`, `UnsyncRBoxError` are no names of their own), fields `value:
//!   RBox<ErasedObject>`, `vtable: RErrorVTable_Ref`, `_sync_send: PhantomData<M>`, all private
//!   (accessor 4). As for every derived type, `M` is not in `generics.types` (reference 5.3.6): a
//!   host reaches it through `_sync_send`, whose `PhantomData` layout has it as types[0].
//! * `SyncSend`: a unit struct; `UnsyncSend` / `UnsyncUnsend`: one private field `_marker` of type
//!   `UnsafeIgnoredType<..>` (an empty struct that ignores its parameter), reflection mode Opaque,
//!   as abi_stable's `monomorphic_marker_type!` writes them (`abi_stable::marker_type`).
//!
//! * `RErrorVTable_Ref`: transparent over `PrefixRef<RErrorVTable>`; `RErrorVTable` a prefix type
//!   (`#[sabi(kind(Prefix))]`, every field before `last_prefix_field` = `type_id`) of four private
//!   slots with their signatures in `TLFunctions`: `debug`/`display: unsafe extern "C" fn(RRef<'_,
//!   ErasedObject>, FormattingMode, &mut RString) -> RResult<(), ()>`, `as_debug_display: unsafe
//!   extern "C" fn(RRef<'_, ErasedObject>) -> ROption<DebugDisplayRef<'_>>`, `type_id: extern "C"
//!   fn() -> UTypeId`. The mirror's slots take `*const ErasedObject`, `u8` and `*mut RString`:
//!   the same bytes as abi_stable's types, which the layout names.
//!
//! Not reproduced: `UTypeId.executable_identity`'s pointee `AtomicUsize` is an Opaque layout.

use std::cell::Cell;
use std::rc::Rc;

use super::*;
use std::sync::atomic::AtomicUsize;

use crate::erased::dyn_vtable::FormattingMode;
use crate::library::rbox_error::{DebugDisplayRef, RBoxError_, RErrorVTable, RErrorVTable_Ref, SyncSend, UnsafeIgnoredType, UnsyncSend, UnsyncUnsend};
use crate::utypeid::UTypeId;

const STD_ERROR_PATH: &str = "abi_stable::std_types::std_error\0";
const MARKER_PATH: &str = "abi_stable::marker_type\0";
/// `ModReflMode::Opaque` (reference 5.3.1 @147).
const REFL_OPAQUE: [u8; 2] = [1, 0];

// SAFETY: `#[repr(C)] { value: RBox<ErasedObject>, vtable: RErrorVTable_Ref, _sync_send: PhantomData<M> }`.
unsafe impl<M: StableAbi> StableAbi for RBoxError_<M> {
    type StaticEquivalent = RBoxError_<M::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RBoxError_", package: ABI_STABLE, mod_path: STD_ERROR_PATH, data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "value;vtable;_sync_send;", fields: [0, 1, 2], accessor: 4,
        types: [RBox<ErasedObject>, RErrorVTable_Ref, PhantomData<M>],
    };
}

// SAFETY: transparent over `PrefixRef<RErrorVTable>`.
unsafe impl StableAbi for RErrorVTable_Ref {
    type StaticEquivalent = RErrorVTable_Ref;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RErrorVTable_Ref", package: ABI_STABLE, mod_path: STD_ERROR_PATH, data: struct, generic: GenericTLData::STRUCT,
        repr: repr::TRANSPARENT, nonzero: true, blob: "0;", fields: [0], accessor: 0, types: [PrefixRef<RErrorVTable>],
    };
}

crate::impl_stable_abi! {
    type: RErrorVTable,
    name: "RErrorVTable",
    package: ABI_STABLE,
    mod_path: "abi_stable::std_types::std_error\0",
    data: prefix(4, 0b1111, [debug, display, as_debug_display, type_id]),
    repr: repr::C,
    nonzero: false,
    fields: [
        { "debug", 4, true, [unsafe extern "C" fn()], [{ [RRef<'_, ErasedObject>, FormattingMode, &mut RString], [RResult<(), ()>], Unnamed, true }] },
        { "display", 4, true, [unsafe extern "C" fn()], [{ [RRef<'_, ErasedObject>, FormattingMode, &mut RString], [RResult<(), ()>], Unnamed, true }] },
        { "as_debug_display", 4, true, [unsafe extern "C" fn()], [{ [RRef<'_, ErasedObject>], [ROption<DebugDisplayRef<'_>>], Unnamed, true }] },
        { "type_id", 4, true, [extern "C" fn()], [{ [], [UTypeId], Unnamed, false }] },
    ],
}

// SAFETY: `#[repr(C)] { debug: RStr<'a>, display: RStr<'a> }`.
unsafe impl<'a> StableAbi for DebugDisplayRef<'a> {
    type StaticEquivalent = DebugDisplayRef<'static>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "DebugDisplayRef", package: ABI_STABLE, mod_path: STD_ERROR_PATH, data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "debug;display;", fields: [0, 0], accessor: 0, types: [RStr<'a>], generics: ("'a,\0", 1, 0),
    };
}

// SAFETY: `#[repr(u8)]`, Default_ = 0, Alternate = 1.
unsafe impl StableAbi for FormattingMode {
    type StaticEquivalent = FormattingMode;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "FormattingMode", package: ABI_STABLE, mod_path: "abi_stable::erased_types\0", data: enum(&[0, 0], 19),
        generic: GenericTLData::enum_(repr::U8, [0u8, 1].as_ptr(), 2),
        repr: repr::int(repr::U8), nonzero: false, blob: "Default_;Alternate;", fields: [], accessor: 0, types: [],
    };
}

// SAFETY: `#[repr(C)] { executable_identity: *const AtomicUsize, type_id_array: [u8; 16] }`.
unsafe impl StableAbi for UTypeId {
    type StaticEquivalent = UTypeId;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "UTypeId", package: ABI_STABLE, mod_path: "abi_stable::std_types::utypeid\0", data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "executable_identity;type_id_array;", fields: [0, 1], accessor: 4,
        types: [*const AtomicUsize, [u8; 16]],
    };
}

opaque! {
    AtomicUsize => AtomicUsize, "AtomicUsize", STD, false;
}

// SAFETY: a zero-sized unit struct.
unsafe impl StableAbi for SyncSend {
    type StaticEquivalent = SyncSend;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "SyncSend", package: ABI_STABLE, mod_path: MARKER_PATH, data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "", fields: [], accessor: 0, types: [],
    };
}

macro_rules! monomorphic_markers {
    ($($t:ident $ignored:ty;)*) => {$(
        // SAFETY: zero-sized, one zero-sized private field.
        unsafe impl StableAbi for $t {
            type StaticEquivalent = $t;
            const LAYOUT: &'static TypeLayout = std_layout! {
                name: stringify!($t), package: ABI_STABLE, mod_path: MARKER_PATH, data: struct, generic: GenericTLData::STRUCT,
                repr: repr::C, nonzero: false, blob: "_marker;", fields: [0], accessor: 4,
                types: [UnsafeIgnoredType<$ignored>], refl: REFL_OPAQUE,
            };
        }
    )*};
}

monomorphic_markers! {
    UnsyncSend Cell<()>;
    UnsyncUnsend Rc<()>;
}

// SAFETY: zero-sized; `T` is ignored (its StaticEquivalent is `()`, as in abi_stable).
unsafe impl<T: ?Sized> StableAbi for UnsafeIgnoredType<T> {
    type StaticEquivalent = ();
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "UnsafeIgnoredType", package: ABI_STABLE, mod_path: MARKER_PATH, data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "", fields: [], accessor: 0, types: [],
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::RBoxError;

    /// The layout of the type of field `field` (its `type_layouts` entry).
    fn field_type(l: &TypeLayout, field: usize, prefix: bool) -> &'static TypeLayout {
        // SAFETY: a struct's payload is its CompTLFields, a prefix type's its MonoTLPrefixType.
        let fields = unsafe { if prefix { l.mono().data.payload.prefix_type.fields } else { l.mono().data.payload.fields } };
        assert!(field < fields.comp_fields_len as usize);
        // SAFETY: within `comp_fields_len`.
        let bits = unsafe { *fields.comp_fields.add(field) };
        let sv = l.shared_vars();
        let i = ((bits >> 50) & 0x3FF) as usize;
        assert!(i < sv.type_layouts_len as usize);
        // SAFETY: checked against `type_layouts_len`.
        unsafe { (*sv.type_layouts.add(i))() }
    }

    #[test]
    fn the_error_vtable_is_a_prefix_type_of_four_slots_with_signatures() {
        let error = <RBoxError as StableAbi>::LAYOUT;
        let vtable_ref = field_type(error, 1, false);
        assert_eq!((vtable_ref.mono().name(), vtable_ref.mono().repr_attr), ("RErrorVTable_Ref", repr::TRANSPARENT));
        let prefix_ref = field_type(vtable_ref, 0, false);
        assert_eq!(prefix_ref.mono().name(), "PrefixRef");
        // SAFETY: PrefixRef's type table holds the prefix type.
        let vt = unsafe { (*prefix_ref.shared_vars().type_layouts)() };
        assert_eq!((vt.mono().name(), vt.mono().data.tag, vt.data.word), ("RErrorVTable", MonoTLData::PREFIX_TYPE, 0b1111));
        assert_eq!(vt.mono().strings(), "debug;,,,display;,,,as_debug_display;,type_id;");
        // SAFETY: a prefix type's payload.
        let p = unsafe { vt.mono().data.payload.prefix_type };
        assert_eq!((p.first_suffix_field, p.fields.comp_fields_len), (4, 4));
        // SAFETY: the derive's TLFunctions, one function per field.
        let fns = unsafe { &*p.fields.functions };
        assert_eq!(fns.functions_len, 4);
        // SAFETY: `functions_len` entries.
        let f = unsafe { std::slice::from_raw_parts(fns.functions, 4) };
        let ret = |k: usize| {
            let sv = vt.shared_vars();
            // SAFETY: a return index the derive wrote into the type table.
            unsafe { (*sv.type_layouts.add(f[k].return_type_layout as usize))() }.mono().name()
        };
        assert_eq!([ret(0), ret(1), ret(2), ret(3)], ["RResult", "RResult", "ROption", "UTypeId"]);
        assert_eq!(f.iter().map(|x| (x.param_type_layouts[0] & 0x3FF, x.fn_qualifs)).collect::<Vec<_>>(), [(3, 1), (3, 1), (1, 1), (0, 0)]);
        assert_eq!(<UTypeId as StableAbi>::LAYOUT.size, 8 + 16);
    }
}
