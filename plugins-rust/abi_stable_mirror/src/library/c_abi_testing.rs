//! `CAbiTestingFns` (reference 4.4): the 15 functions abi_stable's loader calls to check that the
//! library's compiler passes zero-sized values in `extern "C"` calls as the loader's does. They are
//! abi_stable's own, value for value, so its loader's round trips succeed against a mirror plugin.

// Zero-sized values in `extern "C"` signatures are the point of these functions (rustc warns
// that C has no such types).
#![allow(improper_ctypes_definitions)]

use crate::std_types::{Tuple2, Tuple3};

/// abi_stable's private `MyUnit`: a zero-sized `repr(C)` struct passed between `u16`s.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MyUnit;

#[repr(C)]
pub struct CAbiTestingFns {
    pub take_pair_a: extern "C" fn(Tuple2<u16, ()>) -> u32,
    pub take_pair_b: extern "C" fn(Tuple2<(), u16>) -> u32,
    pub ret_pair_a: extern "C" fn(u32) -> Tuple2<u16, ()>,
    pub ret_pair_b: extern "C" fn(u32) -> Tuple2<(), u16>,
    pub take_triple_a: extern "C" fn(Tuple3<(), u16, u16>) -> u64,
    pub take_triple_b: extern "C" fn(Tuple3<u16, (), u16>) -> u64,
    pub take_triple_c: extern "C" fn(Tuple3<u16, u16, ()>) -> u64,
    pub ret_triple_a: extern "C" fn(u64) -> Tuple3<(), u16, u16>,
    pub ret_triple_b: extern "C" fn(u64) -> Tuple3<u16, (), u16>,
    pub ret_triple_c: extern "C" fn(u64) -> Tuple3<u16, u16, ()>,
    pub take_2_pairs_a: extern "C" fn(Tuple2<(), u16>, Tuple2<(), u16>) -> u64,
    pub take_2_pairs_b: extern "C" fn(Tuple2<u16, ()>, Tuple2<u16, ()>) -> u64,
    pub ret_2_pairs_a: extern "C" fn(u64) -> Tuple2<Tuple2<(), u16>, Tuple2<(), u16>>,
    pub ret_2_pairs_b: extern "C" fn(u64) -> Tuple2<Tuple2<u16, ()>, Tuple2<u16, ()>>,
    pub mixed_units: extern "C" fn(u16, MyUnit, u16, MyUnit, u16, MyUnit, u16) -> u64,
}

pub static C_ABI_TESTING_FNS: CAbiTestingFns = CAbiTestingFns {
    take_pair_a,
    take_pair_b,
    ret_pair_a,
    ret_pair_b,
    take_triple_a,
    take_triple_b,
    take_triple_c,
    ret_triple_a,
    ret_triple_b,
    ret_triple_c,
    take_2_pairs_a,
    take_2_pairs_b,
    ret_2_pairs_a,
    ret_2_pairs_b,
    mixed_units,
};

extern "C" fn take_pair_a(pair: Tuple2<u16, ()>) -> u32 {
    pair.0 as u32
}
extern "C" fn take_pair_b(pair: Tuple2<(), u16>) -> u32 {
    (pair.1 as u32) << 16
}
extern "C" fn ret_pair_a(n: u32) -> Tuple2<u16, ()> {
    Tuple2(n as u16, ())
}
extern "C" fn ret_pair_b(n: u32) -> Tuple2<(), u16> {
    Tuple2((), (n >> 16) as u16)
}
extern "C" fn take_triple_a(triple: Tuple3<(), u16, u16>) -> u64 {
    ((triple.1 as u64) << 16) + ((triple.2 as u64) << 32)
}
extern "C" fn take_triple_b(triple: Tuple3<u16, (), u16>) -> u64 {
    (triple.0 as u64) + ((triple.2 as u64) << 32)
}
extern "C" fn take_triple_c(triple: Tuple3<u16, u16, ()>) -> u64 {
    (triple.0 as u64) + ((triple.1 as u64) << 16)
}
extern "C" fn ret_triple_a(n: u64) -> Tuple3<(), u16, u16> {
    Tuple3((), (n >> 16) as u16, (n >> 32) as u16)
}
extern "C" fn ret_triple_b(n: u64) -> Tuple3<u16, (), u16> {
    Tuple3(n as u16, (), (n >> 32) as u16)
}
extern "C" fn ret_triple_c(n: u64) -> Tuple3<u16, u16, ()> {
    Tuple3(n as u16, (n >> 16) as u16, ())
}
extern "C" fn take_2_pairs_a(a: Tuple2<(), u16>, b: Tuple2<(), u16>) -> u64 {
    ((a.1 as u64) << 16) + ((b.1 as u64) << 48)
}
extern "C" fn take_2_pairs_b(a: Tuple2<u16, ()>, b: Tuple2<u16, ()>) -> u64 {
    (a.0 as u64) + ((b.0 as u64) << 32)
}
extern "C" fn ret_2_pairs_a(n: u64) -> Tuple2<Tuple2<(), u16>, Tuple2<(), u16>> {
    Tuple2(Tuple2((), (n >> 16) as u16), Tuple2((), (n >> 48) as u16))
}
extern "C" fn ret_2_pairs_b(n: u64) -> Tuple2<Tuple2<u16, ()>, Tuple2<u16, ()>> {
    Tuple2(Tuple2(n as u16, ()), Tuple2((n >> 32) as u16, ()))
}
extern "C" fn mixed_units(a: u16, _: MyUnit, b: u16, _: MyUnit, c: u16, _: MyUnit, d: u16) -> u64 {
    (a as u64) | ((b as u64) << 16) | ((c as u64) << 32) | ((d as u64) << 48)
}

#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<CAbiTestingFns>() == 120);
