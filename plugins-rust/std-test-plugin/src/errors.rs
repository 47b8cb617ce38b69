//! RBoxError: `tp_error_new`, `tp_error_plain`, `tp_error_result`, `tp_error_boxed`,
//! `tp_error_option`, `tp_error_vec`, `tp_error_display`, `tp_error_debug` (docs/std-test-plugin.md).
//! The mirror's errors keep both texts (`as_debug_display` answers RSome); a host-made error is
//! formatted through its own vtable.

use abi_stable_mirror::{RBox, RBoxError, ROption, RResult, RStr, RString, RVec};
use abi_stable_mirror::{RErr, RNone, ROk, RSome};

/// `struct ErrHolder { code: u32, error: RBoxError }`.
#[repr(C)]
pub struct ErrHolder {
    pub code: u32,
    pub error: RBoxError,
}

/// A `{:?}`-able error value whose Debug differs from its Display, as Rust errors' do.
#[derive(Debug)]
struct Formatted<'a>(&'a str);
impl std::fmt::Display for Formatted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

fn formatted(text: &str) -> RBoxError {
    RBoxError::from_fmt(&Formatted(text))
}

#[derive(Debug)]
struct PlainError<'a>(&'a str);
impl std::fmt::Display for PlainError<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

fn plain(text: &str) -> RBoxError {
    RBoxError::from_fmt(&PlainError(text))
}

#[no_mangle]
pub extern "C" fn tp_error_new(message: RStr<'_>) -> RBoxError {
    formatted(message.as_str())
}

#[no_mangle]
pub extern "C" fn tp_error_plain(message: RStr<'_>) -> RBoxError {
    plain(message.as_str())
}

#[no_mangle]
pub extern "C" fn tp_error_result(x: u32) -> RResult<u32, RBoxError> {
    if x == 0 {
        RErr(plain("zero is not allowed"))
    } else {
        ROk(x * 2)
    }
}

#[no_mangle]
pub extern "C" fn tp_error_boxed(message: RStr<'_>) -> RBox<ErrHolder> {
    RBox::new(ErrHolder { code: 7, error: plain(message.as_str()) })
}

#[no_mangle]
pub extern "C" fn tp_error_option(some: bool) -> ROption<RBoxError> {
    if some {
        RSome(formatted("optional failure"))
    } else {
        RNone
    }
}

#[no_mangle]
pub extern "C" fn tp_error_vec(n: u32) -> RVec<RBoxError> {
    let mut v = RVec::new();
    for i in 0..n {
        let text = format!("error {i}");
        v.push(if i % 2 == 1 { plain(&text) } else { formatted(&text) });
    }
    v
}

/// Takes the error (host-made or not), formats it through its own vtable, and drops it.
#[no_mangle]
pub extern "C" fn tp_error_display(e: RBoxError) -> RString {
    RString::from(e.to_string())
}

/// Borrows the error: its Debug text, and `as_debug_display`'s Display text when it lends one.
#[no_mangle]
pub extern "C" fn tp_error_debug(e: &RBoxError) -> RString {
    match e.debug_display() {
        Some(texts) => RString::from(format!("{e:?} | {}", texts.display.as_str())),
        None => RString::from(format!("{e:?}")),
    }
}
