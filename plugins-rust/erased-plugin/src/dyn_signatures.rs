//! DynTraits in function signatures, gathered in prefix types whose TypeLayouts the host's
//! signature check reads (test/loader/dyn-trait-signature.test.ts). Each interface is a unit
//! struct with a layout (abi_stable's `#[derive(StableAbi)]` interface types) and its
//! RequiredTraits (what `impl_InterfaceType` records, implied traits included), which DynTrait's
//! `extra_checks` carries (reference 11.D D.1).
//!
//! `DynMod` holds the plugin's own Text and Shared functions, `DynIterMod` its Words (all also
//! exported as `er_*`); `DynBadMod` holds DynTraits whose `extra_checks` are NULL, wild or no
//! RequiredTraits, for the loader's hardening (never called, so that struct has no value).
//! A library has one root module, so these are reached through `er_dyn_*_layout`: the layouts of
//! `PrefixRef<..>` as `RootModuleConsts.layout` holds them.

use abi_stable_mirror::erased::IteratorInterface;
use abi_stable_mirror::prefix::PrefixRef;
use abi_stable_mirror::stable_abi::{regular_traits as rt, repr, InterfaceTraits, StableAbi};
use abi_stable_mirror::{DynTrait, RBox, RStr};

use crate::shared::{SharedArc, SharedInterface};
use crate::text::{TextBox, TextInterface, TextMut, TextRef};
use crate::words::{WordsBox, WordsInterface};

const PACKAGE: &str = "erased_plugin;0.1.0";

macro_rules! interfaces {
    ($($t:ident $path:literal $auto:expr, $regular:expr;)*) => {$(
        abi_stable_mirror::impl_stable_abi! {
            type: $t, name: stringify!($t), package: PACKAGE, mod_path: $path,
            data: struct, repr: repr::C, nonzero: false, fields: [],
        }
        impl InterfaceTraits for $t {
            const EXTRA_CHECKS: *const u8 = abi_stable_mirror::required_traits!($auto, $regular);
        }
    )*};
}

interfaces! {
    // Send + Sync; Clone, Display, Debug, Serialize, Ord, Hash (Ord brings PartialEq and PartialOrd).
    TextInterface "erased_plugin::text\0" 3, rt::CLONE | rt::DISPLAY | rt::DEBUG | rt::SERIALIZE | rt::PARTIAL_EQ | rt::ORD | rt::PARTIAL_ORD | rt::HASH;
    // Send + Sync; Iterator + DoubleEndedIterator.
    WordsInterface "erased_plugin::words\0" 3, rt::ITERATOR | rt::DOUBLE_ENDED_ITERATOR;
    // Send + Sync; Clone, Display, Debug.
    SharedInterface "erased_plugin::shared\0" 3, rt::CLONE | rt::DISPLAY | rt::DEBUG;
}

#[repr(C)]
pub struct DynMod {
    pub text_new: extern "C" fn(RStr<'_>) -> TextBox,
    pub text_len: extern "C" fn(TextRef<'_>) -> usize,
    pub text_push: extern "C" fn(TextMut<'_>, RStr<'_>),
    pub shared_text: extern "C" fn(RStr<'_>) -> SharedArc,
}

abi_stable_mirror::impl_stable_abi! {
    type: DynMod,
    name: "DynMod",
    package: PACKAGE,
    mod_path: "erased_plugin::dyn_signatures\0",
    data: prefix(4, 0b1111, [text_new, text_len, text_push, shared_text]),
    repr: repr::C,
    nonzero: false,
    fields: [
        { "text_new", 1, true, [extern "C" fn()], [{ [RStr<'_>], [TextBox], Unnamed, false }] },
        { "text_len", 1, true, [extern "C" fn()], [{ [TextRef<'_>], [usize], Unnamed, false }] },
        { "text_push", 1, true, [extern "C" fn()], [{ [TextMut<'_>, RStr<'_>], [], Unnamed, false }] },
        { "shared_text", 1, true, [extern "C" fn()], [{ [RStr<'_>], [SharedArc], Unnamed, false }] },
    ],
}

/// The functions `DynMod` describes (the exported `er_*` ones).
pub static DYN_MOD: DynMod = DynMod {
    text_new: crate::text::er_text_new,
    text_len: crate::text::er_text_len,
    text_push: crate::text::er_text_push,
    shared_text: crate::shared::er_shared_text,
};

/// The layout of `PrefixRef<DynMod>`.
#[no_mangle]
pub extern "C" fn er_dyn_mod_layout() -> usize {
    <PrefixRef<DynMod> as StableAbi>::LAYOUT as *const _ as usize
}

/// `DynMod` itself, so a test calls the very functions the layout describes.
#[no_mangle]
pub extern "C" fn er_dyn_mod() -> &'static DynMod {
    &DYN_MOD
}

/// An iterator DynTrait, apart: its item type is not in the mirror's layout (the vtable is opaque).
#[repr(C)]
pub struct DynIterMod {
    pub words: extern "C" fn(RStr<'_>) -> WordsBox,
}

abi_stable_mirror::impl_stable_abi! {
    type: DynIterMod,
    name: "DynIterMod",
    package: PACKAGE,
    mod_path: "erased_plugin::dyn_signatures\0",
    data: prefix(1, 0b1, [words]),
    repr: repr::C,
    nonzero: false,
    fields: [{ "words", 1, true, [extern "C" fn()], [{ [RStr<'_>], [WordsBox], Unnamed, false }] }],
}

/// The functions `DynIterMod` describes.
pub static DYN_ITER_MOD: DynIterMod = DynIterMod { words: crate::words::er_words };

/// The layout of `PrefixRef<DynIterMod>`.
#[no_mangle]
pub extern "C" fn er_dyn_iter_mod_layout() -> usize {
    <PrefixRef<DynIterMod> as StableAbi>::LAYOUT as *const _ as usize
}

/// `DynIterMod` itself.
#[no_mangle]
pub extern "C" fn er_dyn_iter_mod() -> &'static DynIterMod {
    &DYN_ITER_MOD
}

/// Interfaces whose `extra_checks` is not what abi_stable writes.
pub struct NoChecks;
pub struct WildChecks;
pub struct GarbledChecks;
impl<'a> IteratorInterface<'a> for NoChecks {
    type Item = ();
}
impl<'a> IteratorInterface<'a> for WildChecks {
    type Item = ();
}
impl<'a> IteratorInterface<'a> for GarbledChecks {
    type Item = ();
}

macro_rules! bad_interfaces {
    ($($t:ident $checks:expr;)*) => {$(
        abi_stable_mirror::impl_stable_abi! {
            type: $t, name: stringify!($t), package: PACKAGE, mod_path: "erased_plugin::dyn_signatures\0",
            data: struct, repr: repr::C, nonzero: false, fields: [],
        }
        impl InterfaceTraits for $t {
            const EXTRA_CHECKS: *const u8 = $checks;
        }
    )*};
}

bad_interfaces! {
    NoChecks std::ptr::null();
    // An address no process maps (the first page).
    WildChecks 0x18 as *const u8;
    // A CTO whose vtable is readable but whose "RequiredTraits" is not one.
    GarbledChecks abi_stable_mirror::required_traits!(0xFF00, u64::MAX);
}

#[repr(C)]
#[allow(dead_code)]
pub struct DynBadMod {
    pub no_checks: extern "C" fn() -> DynTrait<'static, RBox<()>, NoChecks>,
    pub wild_checks: extern "C" fn() -> DynTrait<'static, RBox<()>, WildChecks>,
    pub garbled_checks: extern "C" fn() -> DynTrait<'static, RBox<()>, GarbledChecks>,
}

abi_stable_mirror::impl_stable_abi! {
    type: DynBadMod,
    name: "DynBadMod",
    package: PACKAGE,
    mod_path: "erased_plugin::dyn_signatures\0",
    data: prefix(3, 0b111, [no_checks, wild_checks, garbled_checks]),
    repr: repr::C,
    nonzero: false,
    fields: [
        { "no_checks", 1, true, [extern "C" fn()], [{ [], [DynTrait<'static, RBox<()>, NoChecks>], Unnamed, false }] },
        { "wild_checks", 1, true, [extern "C" fn()], [{ [], [DynTrait<'static, RBox<()>, WildChecks>], Unnamed, false }] },
        { "garbled_checks", 1, true, [extern "C" fn()], [{ [], [DynTrait<'static, RBox<()>, GarbledChecks>], Unnamed, false }] },
    ],
}

/// The layout of `PrefixRef<DynBadMod>`.
#[no_mangle]
pub extern "C" fn er_dyn_bad_mod_layout() -> usize {
    <PrefixRef<DynBadMod> as StableAbi>::LAYOUT as *const _ as usize
}
