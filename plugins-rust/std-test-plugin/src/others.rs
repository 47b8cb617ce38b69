//! Other std types: `tp_cow`, `tp_cow_len`, `tp_duration_add`, `tp_compare`, `tp_arc_new`,
//! `tp_arc_strong_count`.

use abi_stable_mirror::{RArc, RCmpOrdering, RCow, RDuration, RStr, RString};

#[no_mangle]
pub extern "C" fn tp_cow(owned: bool) -> RCow<RStr<'static>, RString> {
    if owned {
        RCow::Owned(RString::from("owned"))
    } else {
        RCow::Borrowed(RStr::from_str("borrowed"))
    }
}

/// Byte length; an owned value is dropped (through its own vtable) on return.
#[no_mangle]
pub extern "C" fn tp_cow_len(c: RCow<RStr<'_>, RString>) -> usize {
    c.len()
}

#[no_mangle]
pub extern "C" fn tp_duration_add(a: RDuration, b: RDuration) -> RDuration {
    a.wrapping_add(b)
}

#[no_mangle]
pub extern "C" fn tp_compare(a: i64, b: i64) -> RCmpOrdering {
    a.cmp(&b).into()
}

#[no_mangle]
pub extern "C" fn tp_arc_new(x: u64) -> RArc<u64> {
    RArc::new(x)
}

#[no_mangle]
pub extern "C" fn tp_arc_strong_count(a: &RArc<u64>) -> usize {
    RArc::strong_count(a)
}
