//! `StableAbi` of `RSender<T>` / `RReceiver<T>` and what they hold (reference 11.C), shaped as
//! abi_stable's derive emits them: `RSender { channel: RBox<ErasedSender<T>>, vtable: VTable_Ref<T> }`,
//! `VTable_Ref<T>` a transparent `PrefixRef<VTable<T>>`, and `VTable<T>` a prefix type of 16
//! `unsafe extern "C"` slots with their signatures in `TLFunctions`. As for every derived type, `T`
//! is not in `generics.types`: a host reaches it through `vtable.0` → `VTable.send`'s second
//! parameter (and the returns of `recv`/`try_recv`).
//!
//! Differences from the real crate's layout, none of them on the path above: the erased channel
//! is the mirror's `()` (abi_stable's `ErasedObject<Sender<T>>`), in `channel` and in every slot's
//! first parameter.

use super::*;
use crate::external_types::crossbeam_channel::{RReceiver, RRecvError, RRecvTimeoutError, RSendError, RSendTimeoutError, RSender, RTryRecvError, RTrySendError, VTable, VTable_Ref};

const CHANNEL_PATH: &str = "abi_stable::external_types::crossbeam_channel\0";

// SAFETY: transparent over `T`.
unsafe impl<T: StableAbi> StableAbi for RSendError<T> {
    type StaticEquivalent = RSendError<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RSendError", package: ABI_STABLE, mod_path: CHANNEL_PATH, data: struct, generic: GenericTLData::STRUCT,
        repr: repr::TRANSPARENT, nonzero: false, blob: "field_0;", fields: [0], accessor: 0, types: [T],
    };
}

// SAFETY: a zero-sized repr(C) struct.
unsafe impl StableAbi for RRecvError {
    type StaticEquivalent = RRecvError;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "RRecvError", package: ABI_STABLE, mod_path: CHANNEL_PATH, data: struct, generic: GenericTLData::STRUCT,
        repr: repr::C, nonzero: false, blob: "", fields: [], accessor: 0, types: [],
    };
}

macro_rules! two_variant_errors {
    ($($({$T:ident})? $t:ty => $st:ty, $name:literal, $blob:literal, $names_len:expr, [$($counts:expr),*], [$($f:expr),*], [$($ft:ty),*];)*) => {$(
        // SAFETY: `#[repr(u8)]`, discriminants 0 and 1 (reference 11.C).
        unsafe impl<$($T: StableAbi)?> StableAbi for $t {
            type StaticEquivalent = $st;
            const LAYOUT: &'static TypeLayout = std_layout! {
                name: $name, package: ABI_STABLE, mod_path: CHANNEL_PATH, data: enum(&[$($counts),*], $names_len),
                generic: GenericTLData::enum_(repr::U8, [0u8, 1].as_ptr(), 2),
                repr: repr::int(repr::U8), nonzero: false, blob: $blob, fields: [$($f),*], accessor: 0, types: [$($ft),*],
            };
        }
    )*};
}

two_variant_errors! {
    {T} RTrySendError<T> => RTrySendError<T::StaticEquivalent>, "RTrySendError", "Full;Disconnected;field_0;field_0;", 18, [1, 1], [0, 0], [T];
    {T} RSendTimeoutError<T> => RSendTimeoutError<T::StaticEquivalent>, "RSendTimeoutError", "Timeout;Disconnected;field_0;field_0;", 21, [1, 1], [0, 0], [T];
    RTryRecvError => RTryRecvError, "RTryRecvError", "Empty;Disconnected;", 19, [0, 0], [], [];
    RRecvTimeoutError => RRecvTimeoutError, "RRecvTimeoutError", "Timeout;Disconnected;", 21, [0, 0], [], [];
}

macro_rules! channel_end {
    ($($end:ident $name:literal;)*) => {$(
        // SAFETY: `{ channel: RBox<..>, vtable: VTable_Ref<T> }`, repr(C) (24 bytes).
        unsafe impl<T: StableAbi> StableAbi for $end<T> {
            type StaticEquivalent = $end<T::StaticEquivalent>;
            const LAYOUT: &'static TypeLayout = std_layout! {
                name: $name, package: ABI_STABLE, mod_path: CHANNEL_PATH, data: struct, generic: GenericTLData::STRUCT,
                repr: repr::C, nonzero: false, blob: "channel;vtable;", fields: [0, 1], accessor: 4,
                types: [RBox<ErasedObject>, VTable_Ref<T>],
            };
        }
    )*};
}

channel_end! {
    RSender "RSender";
    RReceiver "RReceiver";
}

// SAFETY: transparent over `PrefixRef<VTable<T>>` (the derive's `VTable_Ref`).
unsafe impl<T: StableAbi> StableAbi for VTable_Ref<T> {
    type StaticEquivalent = VTable_Ref<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = std_layout! {
        name: "VTable_Ref", package: ABI_STABLE, mod_path: CHANNEL_PATH, data: struct, generic: GenericTLData::STRUCT,
        repr: repr::TRANSPARENT, nonzero: true, blob: "0;", fields: [0], accessor: 0, types: [PrefixRef<VTable<T>>],
    };
}

/// The 16 slots: name, parameter type indices, return type index (indices into the table below,
/// in the derive's first-use order: 0 the fn placeholder, 1 the channel `RRef<'_, ()>`, 2 `T`, ...).
const SLOTS: [(&str, &[usize], usize); 16] = [
    ("send", &[1, 2], 3),
    ("try_send", &[1, 2], 4),
    ("send_timeout", &[1, 2, 5], 6),
    ("clone_sender", &[1], 7),
    ("sender_is_empty", &[1], 8),
    ("sender_is_full", &[1], 8),
    ("sender_len", &[1], 9),
    ("sender_capacity", &[1], 10),
    ("recv", &[1], 11),
    ("try_recv", &[1], 12),
    ("recv_timeout", &[1, 5], 13),
    ("clone_receiver", &[1], 7),
    ("receiver_is_empty", &[1], 8),
    ("receiver_is_full", &[1], 8),
    ("receiver_len", &[1], 9),
    ("receiver_capacity", &[1], 10),
];

const fn blob_len() -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < SLOTS.len() {
        len += SLOTS[i].0.len() + 1 + SLOTS[i].1.len();
        i += 1;
    }
    len
}

/// `name;` then one `,` per (unnamed) parameter, for each slot.
const fn blob() -> [u8; blob_len()] {
    let mut out = [0u8; blob_len()];
    let (mut at, mut i) = (0, 0);
    while i < SLOTS.len() {
        let name = SLOTS[i].0.as_bytes();
        let mut k = 0;
        while k < name.len() {
            out[at] = name[k];
            at += 1;
            k += 1;
        }
        out[at] = b';';
        at += 1;
        k = 0;
        while k < SLOTS[i].1.len() {
            out[at] = b',';
            at += 1;
            k += 1;
        }
        i += 1;
    }
    out
}

static BLOB: [u8; blob_len()] = blob();

/// Field `i` starts where the names and parameter runs before it end.
const fn name_start(i: usize) -> usize {
    let (mut at, mut k) = (0, 0);
    while k < i {
        at += SLOTS[k].0.len() + 1 + SLOTS[k].1.len();
        k += 1;
    }
    at
}

const fn fields() -> [u64; 16] {
    let mut out = [0u64; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = comp_field(name_start(i), SLOTS[i].0.len(), 0, 1, 0, true);
        i += 1;
    }
    out
}

const fn functions() -> [CompTLFunction; 16] {
    let empty = CompTLFunction {
        name: 0,
        contiguous_strings_offset: 0,
        bound_lifetimes_len: 0,
        param_names_len: 0,
        return_type_layout: 0,
        paramret_lifetime_range: 0,
        param_type_layouts: [0, 0],
        fn_qualifs: 0,
    };
    let mut out = [empty; 16];
    let mut i = 0;
    while i < 16 {
        let (name, params, ret) = SLOTS[i];
        let start = name_start(i);
        out[i] = CompTLFunction {
            name: start_len(start, name.len()),
            contiguous_strings_offset: (start + name.len() + 1) as u16,
            bound_lifetimes_len: 0,
            param_names_len: params.len() as u16,
            return_type_layout: ret as u16,
            // The channel's `RRef<'_, ..>`: one anonymous lifetime.
            paramret_lifetime_range: inline_lifetimes(&[1]),
            param_type_layouts: type_layout_range(params, params.len()),
            fn_qualifs: 1,
        };
        i += 1;
    }
    out
}

static VTABLE_FIELDS: [u64; 16] = fields();
static VTABLE_FNS: [CompTLFunction; 16] = functions();
static VTABLE_RANGES: [u32; 16] = {
    let mut out = [0u32; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = start_len(i, 1);
        i += 1;
    }
    out
};
static VTABLE_TLF: TLFunctions = TLFunctions::new(&VTABLE_FNS, &VTABLE_RANGES);
static VTABLE_MONO: MonoTypeLayout = MonoTypeLayout::new(
    "VTable",
    ABI_STABLE,
    CHANNEL_PATH,
    crate::stable_abi::utf8(&BLOB),
    // Every slot is a prefix field (`last_prefix_field` = receiver_capacity).
    MonoTLData::prefix_type(16, CompTLFields::new(&VTABLE_FIELDS, Some(&VTABLE_TLF))),
    repr::C,
);

// SAFETY: a prefix type of 16 fn pointers (crossbeam_channel.rs `VTable<T>`).
unsafe impl<T: StableAbi> StableAbi for VTable<T> {
    type StaticEquivalent = VTable<T::StaticEquivalent>;
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        shared_vars: &SharedVars {
            mono: &VTABLE_MONO.shared_vars,
            type_layouts: &[
                get_type_layout::<unsafe extern "C" fn()> as TypeLayoutFn,
                get_type_layout::<RRef<'static, ErasedObject>>,
                get_type_layout::<T>,
                get_type_layout::<RResult<(), RSendError<T>>>,
                get_type_layout::<RResult<(), RTrySendError<T>>>,
                get_type_layout::<RDuration>,
                get_type_layout::<RResult<(), RSendTimeoutError<T>>>,
                get_type_layout::<RBox<ErasedObject>>,
                get_type_layout::<bool>,
                get_type_layout::<usize>,
                get_type_layout::<ROption<usize>>,
                get_type_layout::<RResult<T, RRecvError>>,
                get_type_layout::<RResult<T, RTryRecvError>>,
                get_type_layout::<RResult<T, RRecvTimeoutError>>,
            ] as *const [TypeLayoutFn] as *const TypeLayoutFn,
            constants: NonNull::<u8>::dangling().as_ptr(),
            type_layouts_len: 14,
            constants_len: 0,
        },
        mono: &VTABLE_MONO,
        is_nonzero: false,
        alignment_power_of_two: std::mem::align_of::<Self>().trailing_zeros() as u8,
        size: std::mem::size_of::<Self>(),
        tag: std::ptr::null(),
        data: GenericTLData::prefix_type(0xFFFF),
        extra_checks: std::ptr::null(),
        type_id: crate::utypeid::new_utypeid::<<Self as StableAbi>::StaticEquivalent>,
    };
}
