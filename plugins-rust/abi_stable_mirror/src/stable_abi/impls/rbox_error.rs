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
//! Not reproduced: `RErrorVTable_Ref` is an Opaque layout with the right name, size and alignment,
//! like the mirror's other std vtable references (`impls.rs`).

use std::cell::Cell;
use std::rc::Rc;

use super::*;
use crate::library::rbox_error::{RBoxError_, RErrorVTable_Ref, SyncSend, UnsafeIgnoredType, UnsyncSend, UnsyncUnsend};

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

opaque! {
    RErrorVTable_Ref => RErrorVTable_Ref, "RErrorVTable_Ref", ABI_STABLE, true;
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
