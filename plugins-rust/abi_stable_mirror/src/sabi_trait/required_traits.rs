//! The auto traits of a trait object, where abi_stable records them (reference 5.3.8, 11.D D.1):
//! not in the vtable but in RObject's `TypeLayout.extra_checks`, which points at an
//! `ExtraChecks_CTO` `{ vtable @0, RRef<RequiredTraits> @8 }`. `RequiredTraits` is
//! `{ auto_traits: u16 @0 (Send 1, Sync 2, Unpin 4), regular_traits: u64 @8 }`; for a
//! `#[sabi_trait]` object the auto traits are the trait's `Send`/`Sync`/`Unpin` supertraits.
//!
//! abi_stable's checker requires equal auto traits (and expected regular traits ⊆ found). It runs
//! that check by calling the ExtraChecks trait object; this mirror fills only the vtable's
//! `type_layout` slot (WM+24, what a host calls to confirm the concrete type), so a host reads
//! RequiredTraits as data. The `check_compatibility`, `nested_type_layouts` and `combine` slots
//! are absent (their accessibility bits clear): a Rust loader would report them missing.

use std::marker::PhantomData;

use crate::marker::ErasedObject;
use crate::prefix::WithMetadata;
use crate::sabi_trait::{RObjectVtable, RObjectVtable_Ref};
use crate::sabi_types::RRef;
use crate::stable_abi::{StableAbi, TypeLayout};

/// `RequiredTraits` (16 bytes).
#[repr(C)]
pub struct RequiredTraits {
    pub auto_traits: u16,
    pub regular_traits: u64,
}

/// `auto_traits` bits.
pub const SEND: u16 = 1;
pub const SYNC: u16 = 2;
pub const UNPIN: u16 = 4;

/// `ExtraChecks_CTO<'static, 'static>` over `RRef<'static, ()>` (16 bytes): vtable, then the data.
#[repr(C)]
pub struct ExtraChecksCto {
    pub vtable: *const WithMetadata<ExtraChecksVtable>,
    pub data: *const RequiredTraits,
}

// SAFETY: immutable statics.
unsafe impl Sync for ExtraChecksCto {}

/// The ExtraChecks vtable as far as the mirror fills it: the sabi_trait vtable start, then
/// `type_layout(&self) -> &'static TypeLayout` (index 2, WM+24).
#[repr(C)]
pub struct ExtraChecksVtable {
    pub _sabi_tys: PhantomData<extern "C" fn()>,
    pub _sabi_vtable: RObjectVtable_Ref,
    pub type_layout: unsafe extern "C" fn(RRef<'_, ErasedObject>) -> &'static TypeLayout,
}

unsafe extern "C" fn required_traits_layout(_: RRef<'_, ErasedObject>) -> &'static TypeLayout {
    <RequiredTraits as StableAbi>::LAYOUT
}

crate::declare_prefix_layout!(EXTRA_CHECKS_VTABLE_LAYOUT = "ExtraChecksVtable");

/// The vtable's WM: `_sabi_tys`, `_sabi_vtable` and `type_layout` present (bits 0-2).
pub const EXTRA_CHECKS_WM: WithMetadata<ExtraChecksVtable> = WithMetadata {
    field_accessibility: 0b111,
    type_layout: EXTRA_CHECKS_VTABLE_LAYOUT,
    value: ExtraChecksVtable { _sabi_tys: PhantomData, _sabi_vtable: RObjectVtable::BORROWED, type_layout: required_traits_layout },
};

/// What a trait vtable says about its objects' `extra_checks`: the `sabi_trait!` macro implements
/// it from the trait's supertraits.
pub trait ObjectInterface {
    /// `TypeLayout.extra_checks` of `RObject<Self, _>`: an `ExtraChecksCto` (or, in loader tests, anything).
    const EXTRA_CHECKS: *const u8;
}

/// The `extra_checks` pointer of objects whose auto traits are `auto` (an `ExtraChecksCto`).
#[macro_export]
#[doc(hidden)]
macro_rules! __required_traits_extra_checks {
    ($auto:expr) => {
        &$crate::sabi_trait::ExtraChecksCto {
            vtable: &$crate::sabi_trait::EXTRA_CHECKS_WM,
            data: &$crate::sabi_trait::RequiredTraits { auto_traits: $auto, regular_traits: 0 },
        } as *const $crate::sabi_trait::ExtraChecksCto as *const u8
    };
}

// SAFETY: `{ auto_traits: u16, regular_traits: u64 }`, repr(C).
unsafe impl StableAbi for RequiredTraits {
    type StaticEquivalent = RequiredTraits;
    const LAYOUT: &'static TypeLayout = crate::__derive_layout! {
        type: RequiredTraits,
        name: "RequiredTraits",
        package: crate::stable_abi::ABI_STABLE,
        mod_path: "abi_stable::erased_types::enabled_traits\0",
        data: struct,
        repr: crate::stable_abi::repr::C,
        nonzero: false,
        fields: [
            { "auto_traits", 0, false, [u16], [] },
            { "regular_traits", 0, false, [u64], [] },
        ],
    };
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<RequiredTraits>() == 16 && offset_of!(RequiredTraits, regular_traits) == 8);
    assert!(size_of::<ExtraChecksCto>() == 16 && offset_of!(ExtraChecksCto, data) == 8);
    // type_layout at value offset 8: WM+24.
    assert!(offset_of!(ExtraChecksVtable, type_layout) == 8);
};
