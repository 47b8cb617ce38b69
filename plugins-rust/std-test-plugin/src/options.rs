//! Option and result: `tp_option_double`, `tp_option_string`, `tp_checked_div`, `tp_result_echo`.

use abi_stable_mirror::{RErr, RNone, ROk, ROption, RResult, RSome, RString};

#[no_mangle]
pub extern "C" fn tp_option_double(o: ROption<u32>) -> ROption<u32> {
    o.map(|x| x.wrapping_mul(2))
}

#[no_mangle]
pub extern "C" fn tp_option_string(o: ROption<RString>) -> ROption<RString> {
    match o {
        RSome(mut s) => {
            s.push_str("?");
            RSome(s)
        }
        RNone => RNone,
    }
}

#[no_mangle]
pub extern "C" fn tp_checked_div(a: u64, b: u64) -> RResult<u64, RString> {
    match a.checked_div(b) {
        Some(q) => ROk(q),
        None => RErr(RString::from("division by zero")),
    }
}

#[no_mangle]
pub extern "C" fn tp_result_echo(r: RResult<RString, u32>) -> RResult<RString, u32> {
    match r {
        ROk(mut s) => {
            s.push_str("!");
            ROk(s)
        }
        RErr(n) => RErr(n.wrapping_add(1)),
    }
}
