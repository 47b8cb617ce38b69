//! `StableAbi` of `DynTrait<'borr, P, I>`, shaped as abi_stable 0.11's derive emits it
//! (`abi_stable::erased_types::dyn_trait`, reference 3.5, 5.3.8, 11.D):
//!
//! * a `#[repr(C)]` struct named `DynTrait`, module `abi_stable::erased_types::dyn_trait::priv_`,
//!   lifetime `'borr`, fields `object: ManuallyDrop<P>`, `vtable: VTable_Ref<'borr, P, I>`,
//!   `extra_value: EV` (`()` here), `_marker: NonOwningPhantom<(I, RStr<'borr>)>` (whose layout is
//!   `PhantomData<(I, RStr)>`, so the interface is its types[0]) and `_marker2:
//!   UnsafeIgnoredType<Rc<()>>`, all private (accessor 4). As for every derived type, `P` and `I`
//!   are not in `generics.types`: a host reaches `P` through `object` and `I` through `_marker`.
//! * `extra_checks = <I as MakeRequiredTraits>::MAKE`: an `ExtraChecks_CTO` over the interface's
//!   `RequiredTraits { auto_traits, regular_traits }` (reference 11.D D.1), which abi_stable's
//!   checker compares at load (auto traits equal, expected regular traits ⊆ found).
//!
//! The interface type says what it requires through `InterfaceTraits` (abi_stable's
//! `InterfaceType` + `impl_InterfaceType`): `required_traits!` builds its `extra_checks`.
//!
//! Not reproduced: `VTable_Ref` is an Opaque layout with the right name, size and alignment, like
//! the mirror's other std vtable references (so an iterator's item type is not in the layout).

use std::rc::Rc;

use super::*;
use crate::erased::dyn_vtable::DynVTable_Ref;
use crate::erased::{DynPointer, DynTrait, IteratorInterface};
use crate::library::rbox_error::UnsafeIgnoredType;

/// What an interface type declares (abi_stable's `InterfaceType`), read at load through
/// `DynTrait<_, _, Self>`'s `TypeLayout.extra_checks`.
pub trait InterfaceTraits: StableAbi {
    /// An `ExtraChecksCto` over the interface's `RequiredTraits` (`required_traits!`), or, in
    /// loader tests, anything.
    const EXTRA_CHECKS: *const u8;
}

/// `RequiredTraits.regular_traits` bits (reference 11.D D.1; `Eq` has none).
pub mod regular_traits {
    pub const ERROR: u64 = 1 << 0;
    pub const CLONE: u64 = 1 << 1;
    pub const DEFAULT: u64 = 1 << 2;
    pub const DISPLAY: u64 = 1 << 3;
    pub const DEBUG: u64 = 1 << 4;
    pub const SERIALIZE: u64 = 1 << 5;
    pub const PARTIAL_EQ: u64 = 1 << 6;
    pub const ORD: u64 = 1 << 7;
    pub const PARTIAL_ORD: u64 = 1 << 8;
    pub const HASH: u64 = 1 << 9;
    pub const ITERATOR: u64 = 1 << 10;
    pub const DOUBLE_ENDED_ITERATOR: u64 = 1 << 11;
    pub const FMT_WRITE: u64 = 1 << 12;
    pub const IO_WRITE: u64 = 1 << 13;
    pub const IO_READ: u64 = 1 << 14;
    pub const IO_BUF_READ: u64 = 1 << 15;
    pub const IO_SEEK: u64 = 1 << 16;
    pub const DESERIALIZE: u64 = 1 << 17;
}

/// The `extra_checks` pointer of an interface requiring `auto` (Send 1, Sync 2, Unpin 4) and the
/// `regular` traits (`regular_traits::*`, implied ones included as `impl_InterfaceType` adds them).
#[macro_export]
macro_rules! required_traits {
    ($auto:expr, $regular:expr) => {
        &$crate::sabi_trait::ExtraChecksCto {
            vtable: &$crate::sabi_trait::EXTRA_CHECKS_WM,
            data: &$crate::sabi_trait::RequiredTraits { auto_traits: $auto, regular_traits: $regular },
        } as *const $crate::sabi_trait::ExtraChecksCto as *const u8
    };
}

const DYN_TRAIT_PATH: &str = "abi_stable::erased_types::dyn_trait::priv_\0";

/// What `DynTrait`'s `UTypeId` is made from (its pointer and interface, lifetimes erased).
pub struct DynTraitStatic<P, I>(std::marker::PhantomData<(P, I)>);

// SAFETY: `#[repr(C)] { object: ManuallyDrop<P>, vtable }` plus zero-sized markers (dyn_trait.rs
// asserts the offsets); the zero-sized `extra_value`, `_marker` and `_marker2` are described as
// abi_stable has them.
unsafe impl<'borr, P, I> StableAbi for DynTrait<'borr, P, I>
where
    P: DynPointer + StableAbi,
    I: IteratorInterface<'borr> + InterfaceTraits,
{
    type StaticEquivalent = DynTraitStatic<P::StaticEquivalent, I::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "DynTrait", package: ABI_STABLE, mod_path: DYN_TRAIT_PATH, data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "object;vtable;extra_value;_marker;_marker2;", fields: [0, 1, 2, 3, 4], accessor: 4,
        types: [ManuallyDrop<P>, DynVTable_Ref<P, I::Item>, (), PhantomData<(I, RStr<'borr>)>, UnsafeIgnoredType<Rc<()>>],
        generics: ("'borr,\0", 1, 0),
        extra_checks: <I as InterfaceTraits>::EXTRA_CHECKS,
    };
}

opaque! {
    {P, Item} DynVTable_Ref<P, Item> => DynVTable_Ref<(), ()>, "VTable_Ref", ABI_STABLE, true;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sabi_trait::{ExtraChecksCto, RequiredTraits};

    struct Numbers;
    impl IteratorInterface<'_> for Numbers {
        type Item = u32;
    }
    crate::impl_stable_abi! {
        type: Numbers, name: "Numbers", package: "mirror_tests;0.1.0", mod_path: "mirror_tests\0",
        data: struct, repr: repr::C, nonzero: false, fields: [],
    }
    impl InterfaceTraits for Numbers {
        const EXTRA_CHECKS: *const u8 = crate::required_traits!(1, regular_traits::ITERATOR | regular_traits::CLONE);
    }

    fn type_at(l: &TypeLayout, field: usize) -> &'static TypeLayout {
        // SAFETY: a struct's payload is its CompTLFields; `field` is within them.
        let bits = unsafe { *l.mono().data.payload.fields.comp_fields.add(field) };
        let sv = l.shared_vars();
        let i = ((bits >> 50) & 0x3FF) as usize;
        assert!(i < sv.type_layouts_len as usize);
        // SAFETY: checked against `type_layouts_len`.
        unsafe { (*sv.type_layouts.add(i))() }
    }

    #[test]
    fn names_fields_pointer_interface_and_required_traits() {
        let l = <DynTrait<'static, crate::sabi_types::RRef<'static, ()>, Numbers> as StableAbi>::LAYOUT;
        assert_eq!((l.mono().name(), l.mono().strings()), ("DynTrait", "object;vtable;extra_value;_marker;_marker2;"));
        assert_eq!((l.size, l.alignment_power_of_two), (16, 3));
        let object = type_at(l, 0);
        assert_eq!(object.mono().name(), "ManuallyDrop");
        assert_eq!(type_at(object, 0).mono().name(), "RRef");
        assert_eq!(type_at(l, 1).mono().name(), "VTable_Ref");
        let marker = type_at(l, 3);
        assert_eq!(marker.mono().name(), "PhantomData");
        // SAFETY: PhantomData<(A, B)>'s type table holds A then B.
        let iface = unsafe { (*marker.shared_vars().type_layouts)() };
        assert_eq!(iface.mono().name(), "Numbers");
        // SAFETY: `required_traits!` made an ExtraChecksCto over a RequiredTraits.
        let rt: &RequiredTraits = unsafe { &*(*(l.extra_checks as *const ExtraChecksCto)).data };
        assert_eq!((rt.auto_traits, rt.regular_traits), (1, 0x402));
        let boxed = <DynTrait<'static, RBox<()>, Numbers> as StableAbi>::LAYOUT;
        assert_eq!(boxed.size, 24);
        assert_eq!(type_at(type_at(boxed, 0), 0).mono().name(), "RBox");
    }
}
