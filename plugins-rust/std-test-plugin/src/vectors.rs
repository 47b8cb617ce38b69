//! Slices and vectors: `tp_sum_i64`, `tp_fill_u32`, `tp_range_u32`, `tp_vec_push_u32`,
//! `tp_vec_push_strings`, `tp_vec_drop_strings`, `tp_split_words`, `tp_vec_shrink`.

use abi_stable_mirror::{RSlice, RSliceMut, RStr, RString, RVec};

#[no_mangle]
pub extern "C" fn tp_sum_i64(s: RSlice<'_, i64>) -> i64 {
    s.iter().fold(0i64, |sum, x| sum.wrapping_add(*x))
}

#[no_mangle]
pub extern "C" fn tp_fill_u32(mut s: RSliceMut<'_, u32>, start: u32) {
    for (i, slot) in s.iter_mut().enumerate() {
        *slot = start.wrapping_add(i as u32);
    }
}

#[no_mangle]
pub extern "C" fn tp_range_u32(n: u32) -> RVec<u32> {
    (0..n).collect()
}

/// Pushes one at a time: a full vector grows with `grow_capacity_to(&v, len + 1, Above)`.
#[no_mangle]
pub extern "C" fn tp_vec_push_u32(mut v: RVec<u32>, count: u32) -> RVec<u32> {
    for i in 0..count {
        v.push(i);
    }
    v
}

#[no_mangle]
pub extern "C" fn tp_vec_push_strings(mut v: RVec<RString>) -> RVec<RString> {
    v.push(RString::from("plugin"));
    v
}

#[no_mangle]
pub extern "C" fn tp_vec_drop_strings(v: RVec<RString>) {
    drop(v);
}

#[no_mangle]
pub extern "C" fn tp_split_words(s: RStr<'_>) -> RVec<RString> {
    s.as_str().split(' ').filter(|w| !w.is_empty()).map(RString::from).collect()
}

#[no_mangle]
pub extern "C" fn tp_vec_shrink(mut v: RVec<u32>) -> RVec<u32> {
    v.shrink_to_fit();
    v
}
