//! The root-module layout descriptor of abi-stable for Node (not part of abi_stable): a static
//! exported as `abi_stable_node_root_layout` next to the `LibHeader`, holding the canonical layout
//! string of the host's TypeScript declaration of the root module (`layoutString(Module)`), so
//! the host can check every field's full type, which abi_stable's `TypeLayout` does not let a
//! non-Rust host do (function signatures, reference 10.3).
//!
//! `{ magic: u32 = 0x4C4E4241 ("ABNL"), version: u32 = 1, layout: RStr, fingerprint: u64 }`,
//! the fingerprint being FNV-1a 64 of the string's bytes (`layoutFingerprint` in TS).

use crate::std_types::RStr;

/// The symbol the host looks for.
pub const ROOT_LAYOUT_SYMBOL: &str = "abi_stable_node_root_layout";
pub const ROOT_LAYOUT_MAGIC: u32 = 0x4C4E_4241;
pub const ROOT_LAYOUT_VERSION: u32 = 1;

#[repr(C)]
pub struct RootLayoutDescriptor {
    pub magic: u32,
    pub version: u32,
    pub layout: RStr<'static>,
    pub fingerprint: u64,
}

impl RootLayoutDescriptor {
    pub const fn new(layout: &'static str) -> Self {
        Self { magic: ROOT_LAYOUT_MAGIC, version: ROOT_LAYOUT_VERSION, layout: RStr::from_str(layout), fingerprint: fnv1a64(layout) }
    }
}

// SAFETY: immutable static data.
unsafe impl Sync for RootLayoutDescriptor {}

/// FNV-1a, 64 bits, over the UTF-8 bytes.
pub const fn fnv1a64(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<RootLayoutDescriptor>() == 32);
    assert!(offset_of!(RootLayoutDescriptor, layout) == 8);
    assert!(offset_of!(RootLayoutDescriptor, fingerprint) == 24);
};

#[cfg(test)]
mod tests {
    #[test]
    fn fnv_matches_the_reference_values() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(super::fnv1a64(""), 0xcbf29ce484222325);
        assert_eq!(super::fnv1a64("a"), 0xaf63dc4c8601ec8c);
        assert_eq!(super::fnv1a64("foobar"), 0x85944171f73967e8);
    }
}
