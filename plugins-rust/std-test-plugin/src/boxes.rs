//! Box and tuples: `tp_box_new`, `tp_box_take`, `tp_box_string`, `tp_tuple1` .. `tp_tuple4`,
//! `tp_tuple_string`.

use abi_stable_mirror::{RBox, RString, Tuple1, Tuple2, Tuple3, Tuple4};

#[no_mangle]
pub extern "C" fn tp_box_new(x: u64) -> RBox<u64> {
    RBox::new(x)
}

/// Reads the value, then drops the box through its vtable: `destructor(data, 0, 1)`.
#[no_mangle]
pub extern "C" fn tp_box_take(b: RBox<u64>) -> u64 {
    let value = *b;
    drop(b);
    value
}

#[no_mangle]
pub extern "C" fn tp_box_string(mut b: RBox<RString>) -> RBox<RString> {
    b.push_str("#");
    b
}

#[no_mangle]
pub extern "C" fn tp_tuple1(t: Tuple1<f64>) -> Tuple1<f64> {
    Tuple1(t.0 * 2.0)
}

#[no_mangle]
pub extern "C" fn tp_tuple2(t: Tuple2<u8, u64>) -> Tuple2<u64, u8> {
    Tuple2(t.1.wrapping_add(1), t.0.wrapping_add(1))
}

#[no_mangle]
pub extern "C" fn tp_tuple3(t: Tuple3<u8, u16, u32>) -> Tuple3<u8, u16, u32> {
    Tuple3(t.0.wrapping_add(1), t.1.wrapping_add(1), t.2.wrapping_add(1))
}

#[no_mangle]
pub extern "C" fn tp_tuple4(t: Tuple4<u8, u16, u32, u64>) -> Tuple4<u8, u16, u32, u64> {
    Tuple4(t.0.wrapping_add(1), t.1.wrapping_add(1), t.2.wrapping_add(1), t.3.wrapping_add(1))
}

#[no_mangle]
pub extern "C" fn tp_tuple_string(s: RString) -> Tuple2<RString, u64> {
    let len = s.len() as u64;
    Tuple2(s, len)
}
