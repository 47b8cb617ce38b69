//! The `TypeLayout` a root module exports: the types are `crate::stable_abi`'s (re-exported here),
//! and `export_root_module!` writes the module's layout with `crate::__derive_layout!` (every
//! function's signature in `TLFunctions`; reference 5.3).

pub use crate::stable_abi::{a_function_pointer, MonoSharedVars, SharedVars, TypeLayout, TypeLayoutFn};

/// `item_info.package_and_version` of the layouts this crate makes for its own types.
pub const PACKAGE_AND_VERSION: &str = concat!("abi_stable_mirror;", env!("CARGO_PKG_VERSION"));

/// Index of `name` in `names` (a compile error when absent).
pub const fn index_of(names: &[&str], name: &str) -> usize {
    let mut i = 0;
    while i < names.len() {
        if str_eq(names[i], name) {
            return i;
        }
        i += 1;
    }
    panic!("last_prefix_field is not one of the listed fields")
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
