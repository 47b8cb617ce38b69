//! Minimal, valid `PTStructLayout` + `MonoTypeLayout` blocks for the `type_layout` pointer of the
//! WM headers this crate creates (reference 2.6, option 2): a named prefix type with an empty field
//! list, dangling non-null pointers for empty arrays and NUL-terminated strings for `NulStr`s.
//! abi_stable only reads them in Debug output and "missing field" panics.

use std::ptr::NonNull;

use crate::std_types::RStr;

/// `PTStructLayout { generics: RStr @0, mono_layout: &MonoTypeLayout @16 }` (24 bytes).
#[repr(C)]
pub struct PTStructLayout {
    pub generics: RStr<'static>,
    pub mono_layout: &'static MonoTypeLayout,
}

// SAFETY: immutable data (static strings and pointers into the binary).
unsafe impl Sync for PTStructLayout {}

#[repr(C)]
struct MonoSharedVars {
    strings: *const u8,
    lifetime_indices: *const u8,
    strings_len: u16,
    lifetime_indices_len: u16,
}

#[repr(C)]
struct ItemInfo {
    package_and_version: RStr<'static>,
    line: u32,
    mod_path: *const u8,
}

#[repr(C)]
struct CompTLFields {
    comp_fields: *const u64,
    functions: *const u8,
    comp_fields_len: u16,
}

#[repr(C)]
struct MonoTLPrefixType {
    first_suffix_field: u8,
    conditional_prefix_fields: u64,
    fields: CompTLFields,
}

/// `MonoTLData` shaped as its `PrefixType` variant (u8 tag 5, payload at 8).
#[repr(C)]
struct MonoTLData {
    tag: u8,
    prefix_type: MonoTLPrefixType,
}

#[repr(C)]
struct CompGenericParams {
    lifetimes: *const u8,
    counts_and_ranges: [u16; 8],
}

/// The 152-byte `MonoTypeLayout` (offsets of reference 5.1).
#[repr(C)]
pub struct MonoTypeLayout {
    shared_vars: MonoSharedVars,
    name: *const u8,
    item_info: ItemInfo,
    data: MonoTLData,
    generics: CompGenericParams,
    phantom_fields: *const u64,
    phantom_fields_len: u8,
    repr_attr: [u8; 2],
    mod_refl_mode: [u8; 2],
    name_len: u16,
}

// SAFETY: immutable data (static strings and pointers into the binary).
unsafe impl Sync for MonoTypeLayout {}

const MONO_TL_DATA_PREFIX_TYPE: u8 = 5;
const PACKAGE_AND_VERSION: &str = concat!("abi_stable_mirror;", env!("CARGO_PKG_VERSION"));

impl MonoTypeLayout {
    /// The layout of a prefix type called `name` (listed without fields).
    pub const fn prefix_type(name: &'static str) -> Self {
        assert!(name.len() <= u16::MAX as usize);
        Self {
            shared_vars: MonoSharedVars {
                strings: name.as_ptr(),
                lifetime_indices: NonNull::<u8>::dangling().as_ptr(),
                strings_len: name.len() as u16,
                lifetime_indices_len: 0,
            },
            name: name.as_ptr(),
            item_info: ItemInfo {
                package_and_version: RStr::from_str(PACKAGE_AND_VERSION),
                line: 0,
                mod_path: c"abi_stable_mirror".as_ptr().cast(),
            },
            data: MonoTLData {
                tag: MONO_TL_DATA_PREFIX_TYPE,
                prefix_type: MonoTLPrefixType {
                    first_suffix_field: 0,
                    conditional_prefix_fields: 0,
                    fields: CompTLFields {
                        comp_fields: NonNull::<u64>::dangling().as_ptr(),
                        functions: std::ptr::null(),
                        comp_fields_len: 0,
                    },
                },
            },
            generics: CompGenericParams { lifetimes: c"".as_ptr().cast(), counts_and_ranges: [0; 8] },
            phantom_fields: NonNull::<u64>::dangling().as_ptr(),
            phantom_fields_len: 0,
            repr_attr: [0; 2],
            mod_refl_mode: [0; 2],
            name_len: name.len() as u16,
        }
    }

    /// The type name this layout describes.
    pub fn name(&self) -> &'static str {
        // SAFETY: `name`/`name_len` were built from a `&'static str` in `prefix_type`.
        unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.name, self.name_len as usize))
        }
    }
}

impl PTStructLayout {
    pub const fn new(mono_layout: &'static MonoTypeLayout) -> Self {
        Self { generics: RStr::from_str(""), mono_layout }
    }
    /// Over a `crate::stable_abi::MonoTypeLayout` (the same 152 bytes).
    pub const fn from_mono(mono: *const u8) -> Self {
        // SAFETY: both are the `repr(C)` 152-byte MonoTypeLayout (asserted in both modules).
        Self { generics: RStr::from_str(""), mono_layout: unsafe { &*(mono as *const MonoTypeLayout) } }
    }
}

/// Declares `const $name: PTStructLayout` describing the prefix type `$type_name`.
#[macro_export]
#[doc(hidden)]
macro_rules! declare_prefix_layout {
    ($vis:vis $name:ident = $type_name:literal) => {
        $vis const $name: &'static $crate::prefix::PTStructLayout = {
            const MONO: $crate::prefix::MonoTypeLayout = $crate::prefix::MonoTypeLayout::prefix_type($type_name);
            &$crate::prefix::PTStructLayout::new(&MONO)
        };
    };
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<PTStructLayout>() == 24);
    assert!(offset_of!(PTStructLayout, generics) == 0);
    assert!(offset_of!(PTStructLayout, mono_layout) == 16);
    assert!(size_of::<MonoSharedVars>() == 24);
    assert!(size_of::<MonoTypeLayout>() == 152);
    assert!(offset_of!(MonoTypeLayout, name) == 24);
    assert!(offset_of!(MonoTypeLayout, item_info) == 32);
    assert!(offset_of!(MonoTypeLayout, item_info) + offset_of!(ItemInfo, line) == 48);
    assert!(offset_of!(MonoTypeLayout, item_info) + offset_of!(ItemInfo, mod_path) == 56);
    assert!(offset_of!(MonoTypeLayout, data) == 64);
    assert!(offset_of!(MonoTypeLayout, data) + offset_of!(MonoTLData, prefix_type) == 72);
    assert!(72 + offset_of!(MonoTLPrefixType, conditional_prefix_fields) == 80);
    assert!(72 + offset_of!(MonoTLPrefixType, fields) == 88);
    assert!(88 + offset_of!(CompTLFields, functions) == 96);
    assert!(88 + offset_of!(CompTLFields, comp_fields_len) == 104);
    assert!(offset_of!(MonoTypeLayout, generics) == 112);
    assert!(offset_of!(MonoTypeLayout, phantom_fields) == 136);
    assert!(offset_of!(MonoTypeLayout, phantom_fields_len) == 144);
    assert!(offset_of!(MonoTypeLayout, repr_attr) == 145);
    assert!(offset_of!(MonoTypeLayout, mod_refl_mode) == 147);
    assert!(offset_of!(MonoTypeLayout, name_len) == 150);
};

#[cfg(test)]
mod tests {
    declare_prefix_layout!(TEST_LAYOUT = "TestVTable");

    #[test]
    fn layout_names_the_type() {
        assert_eq!(TEST_LAYOUT.mono_layout.name(), "TestVTable");
        assert!(TEST_LAYOUT.generics.as_str().is_empty());
    }
}
