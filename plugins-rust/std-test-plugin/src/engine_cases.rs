//! Arguments the host's call engine builds in one crossing: options, results, references and
//! vectors of strings or structs (`tp_option_u64_or`, `tp_pair_ref_sum`, `tp_pair_mut_double`,
//! `tp_pairs_sum`, `tp_pairs_slice_sum`, `tp_strings_join`, `tp_strs_total_len`,
//! `tp_result_strings_count`, `tp_option_pairs_sum`).

use abi_stable_mirror::{RErr, RNone, ROk, ROption, RResult, RSlice, RSome, RStr, RString, RVec};

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Pair {
    a: u32,
    b: u64,
}

impl Pair {
    fn sum(&self) -> u64 {
        (self.a as u64).wrapping_add(self.b)
    }
}

#[no_mangle]
pub extern "C" fn tp_option_u64_or(o: ROption<u64>, fallback: u64) -> u64 {
    match o {
        RSome(x) => x,
        RNone => fallback,
    }
}

#[no_mangle]
pub extern "C" fn tp_pair_ref_sum(p: &Pair) -> u64 {
    p.sum()
}

/// Doubles both fields where they are; returns their new sum.
#[no_mangle]
pub extern "C" fn tp_pair_mut_double(p: &mut Pair) -> u64 {
    p.a = p.a.wrapping_mul(2);
    p.b = p.b.wrapping_mul(2);
    p.sum()
}

#[no_mangle]
pub extern "C" fn tp_pairs_sum(v: RVec<Pair>) -> u64 {
    v.iter().fold(0u64, |s, p| s.wrapping_add(p.sum()))
}

#[no_mangle]
pub extern "C" fn tp_pairs_slice_sum(s: RSlice<'_, Pair>) -> u64 {
    s.iter().fold(0u64, |sum, p| sum.wrapping_add(p.sum()))
}

#[no_mangle]
pub extern "C" fn tp_strings_join(v: RVec<RString>) -> RString {
    let mut out = RString::new();
    for (i, s) in v.iter().enumerate() {
        if i > 0 {
            out.push_str(",");
        }
        out.push_str(s.as_str());
    }
    out
}

#[no_mangle]
pub extern "C" fn tp_strs_total_len(s: RSlice<'_, RStr<'_>>) -> u64 {
    s.iter().map(|x| x.len() as u64).sum()
}

/// `ROk(strings)`: how many strings there were plus their lengths; `RErr(n)`: n + 1000.
#[no_mangle]
pub extern "C" fn tp_result_strings_count(r: RResult<RVec<RString>, u32>) -> u64 {
    match r {
        ROk(v) => v.iter().fold(v.len() as u64, |n, s| n + s.len() as u64),
        RErr(n) => n as u64 + 1000,
    }
}

/// The sum over the `RSome` pairs, plus 1000 per `RNone`.
#[no_mangle]
pub extern "C" fn tp_option_pairs_sum(v: RVec<ROption<Pair>>) -> u64 {
    v.iter().fold(0u64, |s, o| {
        s.wrapping_add(match o {
            RSome(p) => p.sum(),
            RNone => 1000,
        })
    })
}
