//! The panic guard around every vtable function: a panic must never unwind into foreign frames.
//!
//! Like abi_stable's `extern_fn_panic_handling!`, the panic hook prints the message, then the
//! guard prints where it was and exits the process with code 1 (not `abort`; reference section 7).

use std::panic::{catch_unwind, AssertUnwindSafe, Location};

/// Runs `f`; if it panics, reports the guarded call site and exits the process with code 1.
#[track_caller]
pub fn guard<R>(f: impl FnOnce() -> R) -> R {
    let location = Location::caller();
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(_) => {
            eprintln!(
                "file:{} line:{}\nAttempted to panic across the ffi boundary. Aborting to handle the panic...",
                location.file(),
                location.line()
            );
            std::process::exit(1)
        }
    }
}
