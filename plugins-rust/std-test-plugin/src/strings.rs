//! Strings: `tp_string_new`, `tp_string_echo`, `tp_str_len`, `tp_string_invalid_utf8`,
//! `tp_string_drop`.

use abi_stable_mirror::{RStr, RString, RVec};

#[no_mangle]
pub extern "C" fn tp_string_new(s: RStr<'_>) -> RString {
    RString::from(s.as_str())
}

/// Appends "!" in place; a full host-made string grows through the host's `grow_capacity_to`.
#[no_mangle]
pub extern "C" fn tp_string_echo(mut s: RString) -> RString {
    s.push_str("!");
    s
}

#[no_mangle]
pub extern "C" fn tp_str_len(s: RStr<'_>) -> usize {
    s.len()
}

#[no_mangle]
pub extern "C" fn tp_string_invalid_utf8() -> RString {
    // SAFETY: deliberately invalid UTF-8 for the host's decoding tests; the plugin never reads it
    // as text.
    unsafe { RString::from_utf8_unchecked(RVec::from(&[0xffu8, 0xfe, 0x41][..])) }
}

#[no_mangle]
pub extern "C" fn tp_string_drop(s: RString) {
    drop(s);
}
