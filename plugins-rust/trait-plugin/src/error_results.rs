//! Functions returning `RResult<u16, RBoxError>` and its Send / Unsync variants, gathered in a
//! prefix type `ErrorsMod` whose TypeLayout the host's signature check reads
//! (test/loader/rbox-error-signature.test.ts): the error's layout is abi_stable's `RBoxError_<M>`,
//! the marker `M` telling the three apart (reference 11.E). A library has one root module (the
//! trait plugin's is `SignaturesMod`), so this one is reached through `tr_errors_mod_layout`, the
//! layout of `PrefixRef<ErrorsMod>` as `RootModuleConsts.layout` would hold it. Its functions are
//! also exported, called through the same module value.

use abi_stable_mirror::library::rbox_error::{SendRBoxError, UnsyncRBoxError};
use abi_stable_mirror::prefix::PrefixRef;
use abi_stable_mirror::stable_abi::{repr, StableAbi};
use abi_stable_mirror::{RBoxError, RErr, ROk, RResult, RStr};

#[repr(C)]
pub struct ErrorsMod {
    pub parse_port: extern "C" fn(RStr<'_>) -> RResult<u16, RBoxError>,
    pub parse_port_send: extern "C" fn(RStr<'_>) -> RResult<u16, SendRBoxError>,
    pub parse_port_unsync: extern "C" fn(RStr<'_>) -> RResult<u16, UnsyncRBoxError>,
}

abi_stable_mirror::impl_stable_abi! {
    type: ErrorsMod,
    name: "ErrorsMod",
    package: "trait_plugin;0.1.0",
    mod_path: "trait_plugin::error_results\0",
    data: prefix(3, 0b111, [parse_port, parse_port_send, parse_port_unsync]),
    repr: repr::C,
    nonzero: false,
    fields: [
        { "parse_port", 1, true, [extern "C" fn()], [{ [RStr<'_>], [RResult<u16, RBoxError>], Unnamed, false }] },
        { "parse_port_send", 1, true, [extern "C" fn()], [{ [RStr<'_>], [RResult<u16, SendRBoxError>], Unnamed, false }] },
        { "parse_port_unsync", 1, true, [extern "C" fn()], [{ [RStr<'_>], [RResult<u16, UnsyncRBoxError>], Unnamed, false }] },
    ],
}

/// A TCP port: digits only, 1..=65535; anything else is an error naming the text.
fn port(text: RStr<'_>) -> Result<u16, String> {
    let s = text.as_str();
    match s.parse::<u16>() {
        Ok(0) => Err("port 0 is reserved".to_owned()),
        Ok(p) if s.bytes().all(|b| b.is_ascii_digit()) => Ok(p),
        _ => Err(format!("not a port: {s:?}")),
    }
}

extern "C" fn parse_port(text: RStr<'_>) -> RResult<u16, RBoxError> {
    match port(text) {
        Ok(p) => ROk(p),
        Err(e) => RErr(RBoxError::new(e)),
    }
}
extern "C" fn parse_port_send(text: RStr<'_>) -> RResult<u16, SendRBoxError> {
    match port(text) {
        Ok(p) => ROk(p),
        Err(e) => RErr(RBoxError::new(e).into_send()),
    }
}
extern "C" fn parse_port_unsync(text: RStr<'_>) -> RResult<u16, UnsyncRBoxError> {
    match port(text) {
        Ok(p) => ROk(p),
        Err(e) => RErr(RBoxError::new(e).into_unsync()),
    }
}

static ERRORS: ErrorsMod = ErrorsMod { parse_port, parse_port_send, parse_port_unsync };

/// The layout of `PrefixRef<ErrorsMod>` (what `RootModuleConsts.layout` points at for a root module).
#[no_mangle]
pub extern "C" fn tr_errors_mod_layout() -> usize {
    <PrefixRef<ErrorsMod> as StableAbi>::LAYOUT as *const _ as usize
}

#[no_mangle]
pub extern "C" fn tr_errors_parse_port(text: RStr<'_>) -> RResult<u16, RBoxError> {
    (ERRORS.parse_port)(text)
}
#[no_mangle]
pub extern "C" fn tr_errors_parse_port_send(text: RStr<'_>) -> RResult<u16, SendRBoxError> {
    (ERRORS.parse_port_send)(text)
}
#[no_mangle]
pub extern "C" fn tr_errors_parse_port_unsync(text: RStr<'_>) -> RResult<u16, UnsyncRBoxError> {
    (ERRORS.parse_port_unsync)(text)
}
