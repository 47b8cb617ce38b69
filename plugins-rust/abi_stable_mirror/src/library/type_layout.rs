//! The `TypeLayout` of a root module, shaped as `#[derive(StableAbi)]` and `#[export_root_module]`
//! emit it, as far as reference section 5 describes: `RootModuleConsts.layout` points at the
//! layout of `PrefixRef<Module>` (a struct named `PrefixRef`, no regular fields, one phantom field
//! `"0"` whose type is `type_layouts[0]`), and that is the module's own layout (`PrefixType`,
//! listing every field, the creator's accessibility mask in `GenericTLData`).
//!
//! Not reproduced (a host cannot read them from the reference either): function signatures
//! (`TLFunctions`, left NULL), lifetime ranges and field-accessor bits (0), `extra_checks` (NULL),
//! generic parameters. Every function-pointer field's type is the shared placeholder
//! `AFunctionPointer` (reference 10.3).

use std::ptr::{self, NonNull};

use crate::prefix::MonoTypeLayout;
use crate::std_types::RStr;
use crate::utypeid::{new_utypeid, UTypeId};

/// `GenericTLData`: a C-int tag (`Primitive` 0, `Struct` 2, `PrefixType` 5) and its payload;
/// for a prefix type the payload is the creator's accessibility mask.
#[repr(C)]
pub struct GenericTLData {
    tag: u32,
    payload: [u64; 3],
}

impl GenericTLData {
    pub const PRIMITIVE: Self = Self { tag: 0, payload: [0; 3] };
    pub const STRUCT: Self = Self { tag: 2, payload: [0; 3] };
    pub const fn prefix_type(accessible_fields: u64) -> Self {
        Self { tag: 5, payload: [accessible_fields, 0, 0] }
    }
}

/// `MonoSharedVars`: the string blob field names point into.
#[repr(C)]
pub struct MonoSharedVars {
    strings: *const u8,
    lifetime_indices: *const u8,
    strings_len: u16,
    lifetime_indices_len: u16,
}

impl MonoSharedVars {
    pub const fn new(strings: &'static str) -> Self {
        assert!(strings.len() <= u16::MAX as usize);
        Self {
            strings: strings.as_ptr(),
            lifetime_indices: NonNull::<u8>::dangling().as_ptr(),
            strings_len: strings.len() as u16,
            lifetime_indices_len: 0,
        }
    }
}

/// A field's type: a function returning its layout (abi_stable stores functions, not pointers,
/// so recursive types work); the host must call it.
pub type TypeLayoutFn = extern "C" fn() -> &'static TypeLayout;

/// `SharedVars` (32 bytes): the types and constants fields refer to by index.
#[repr(C)]
pub struct SharedVars {
    mono: &'static MonoSharedVars,
    type_layouts: *const TypeLayoutFn,
    constants: *const u8,
    type_layouts_len: u16,
    constants_len: u16,
}

impl SharedVars {
    pub const fn new(mono: &'static MonoSharedVars, type_layouts: &'static [TypeLayoutFn]) -> Self {
        assert!(type_layouts.len() <= u16::MAX as usize);
        Self {
            mono,
            type_layouts: if type_layouts.is_empty() { NonNull::dangling().as_ptr() } else { type_layouts.as_ptr() },
            constants: NonNull::<u8>::dangling().as_ptr(),
            type_layouts_len: type_layouts.len() as u16,
            constants_len: 0,
        }
    }
}

/// `TypeLayout` (88 bytes, offsets of reference 5.1).
#[repr(C)]
pub struct TypeLayout {
    shared_vars: &'static SharedVars,
    /// A `MonoTypeLayout` of either shape (prefix type, or struct/primitive).
    mono: *const u8,
    is_nonzero: bool,
    alignment_power_of_two: u8,
    size: usize,
    tag: *const u8,
    data: GenericTLData,
    extra_checks: *const u8,
    type_id: extern "C" fn() -> UTypeId,
}

impl TypeLayout {
    /// The layout of a prefix-type module described by `mono`.
    pub const fn prefix_module<M: 'static>(
        shared_vars: &'static SharedVars,
        mono: &'static MonoTypeLayout,
        accessible_fields: u64,
    ) -> Self {
        Self::new::<M>(shared_vars, mono as *const MonoTypeLayout as *const u8, true, GenericTLData::prefix_type(accessible_fields))
    }

    /// The layout of a struct or primitive described by `mono`.
    pub const fn other<T: 'static>(shared_vars: &'static SharedVars, mono: &'static OtherMonoLayout, is_nonzero: bool) -> Self {
        let data = if mono.data_tag == OtherMonoLayout::STRUCT { GenericTLData::STRUCT } else { GenericTLData::PRIMITIVE };
        Self::new::<T>(shared_vars, mono as *const OtherMonoLayout as *const u8, is_nonzero, data)
    }

    const fn new<T: 'static>(shared_vars: &'static SharedVars, mono: *const u8, is_nonzero: bool, data: GenericTLData) -> Self {
        Self {
            shared_vars,
            mono,
            is_nonzero,
            alignment_power_of_two: std::mem::align_of::<T>().trailing_zeros() as u8,
            size: std::mem::size_of::<T>(),
            tag: ptr::null(),
            data,
            extra_checks: ptr::null(),
            type_id: new_utypeid::<T>,
        }
    }
}

/// `MonoTypeLayout` in the shape of a struct (`MonoTLData::Struct`, fields at 72) or a
/// primitive/opaque type (payload unused). The prefix-type shape is `prefix::MonoTypeLayout`.
#[repr(C)]
pub struct OtherMonoLayout {
    shared_vars: MonoSharedVars,
    name: *const u8,
    package_and_version: RStr<'static>,
    line: u32,
    mod_path: *const u8,
    data_tag: u8,
    comp_fields: *const u64,
    functions: *const u8,
    comp_fields_len: u16,
    /// The rest of the 48-byte `MonoTLData` union (its prefix-type variant is larger).
    _data_rest: [u8; 22],
    generics_lifetimes: *const u8,
    generics_counts: [u16; 8],
    phantom_fields: *const u64,
    phantom_fields_len: u8,
    repr_attr: [u8; 2],
    mod_refl_mode: [u8; 2],
    name_len: u16,
}

impl OtherMonoLayout {
    pub const PRIMITIVE: u8 = 0;
    pub const STRUCT: u8 = 2;

    /// `name` (a substring of `strings` or not), with `phantom_fields` naming into `strings`.
    pub const fn new(
        data_tag: u8,
        name: &'static str,
        strings: &'static str,
        phantom_fields: &'static [u64],
        package_and_version: &'static str,
    ) -> Self {
        assert!(name.len() <= u16::MAX as usize && phantom_fields.len() <= u8::MAX as usize);
        Self {
            shared_vars: MonoSharedVars::new(strings),
            name: name.as_ptr(),
            package_and_version: RStr::from_str(package_and_version),
            line: 0,
            mod_path: c"abi_stable_mirror".as_ptr().cast(),
            data_tag,
            comp_fields: NonNull::<u64>::dangling().as_ptr(),
            functions: ptr::null(),
            comp_fields_len: 0,
            _data_rest: [0; 22],
            generics_lifetimes: c"".as_ptr().cast(),
            generics_counts: [0; 8],
            phantom_fields: if phantom_fields.is_empty() { NonNull::dangling().as_ptr() } else { phantom_fields.as_ptr() },
            phantom_fields_len: phantom_fields.len() as u8,
            repr_attr: [2, 0],
            mod_refl_mode: [0; 2],
            name_len: name.len() as u16,
        }
    }
}

// SAFETY: all of these are immutable statics of static strings, arrays and functions.
unsafe impl Sync for TypeLayout {}
// SAFETY: as above.
unsafe impl Sync for SharedVars {}
// SAFETY: as above.
unsafe impl Sync for MonoSharedVars {}
// SAFETY: as above.
unsafe impl Sync for OtherMonoLayout {}

/// One `CompTLField`: name start and length in the string blob (bits 0-15, 16-25), type-layout
/// index (50-59), function-pointer flag (60); lifetime range and accessor kind left 0.
pub const fn comp_field(name_start: usize, name_len: usize, type_layout_index: usize, is_function: bool) -> u64 {
    assert!(name_start < 1 << 16 && name_len < 1 << 10 && type_layout_index < 1 << 10);
    (name_start as u64) | ((name_len as u64) << 16) | ((type_layout_index as u64) << 50) | ((is_function as u64) << 60)
}

/// Length of `names` joined with `;` (abi_stable's blobs are `;`-separated too).
pub const fn joined_len(names: &[&str]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < names.len() {
        len += names[i].len() + if i > 0 { 1 } else { 0 };
        i += 1;
    }
    len
}

/// `names` joined with `;`, as bytes (`L` = `joined_len(names)`).
pub const fn join<const L: usize>(names: &[&str]) -> [u8; L] {
    let mut out = [0u8; L];
    let mut at = 0;
    let mut i = 0;
    while i < names.len() {
        if i > 0 {
            out[at] = b';';
            at += 1;
        }
        let bytes = names[i].as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            out[at] = bytes[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(at == L);
    out
}

/// The `CompTLField`s of `names` in a blob made by `join`; field *i*'s type is `type_layouts[i]`.
pub const fn comp_fields<const N: usize>(names: &[&str], is_function: &[bool]) -> [u64; N] {
    assert!(names.len() == N && is_function.len() == N);
    let mut out = [0u64; N];
    let mut start = 0;
    let mut i = 0;
    while i < N {
        out[i] = comp_field(start, names[i].len(), i, is_function[i]);
        start += names[i].len() + 1;
        i += 1;
    }
    out
}

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

/// The placeholder type of every function-pointer field (reference 10.3).
pub extern "C" fn a_function_pointer() -> &'static TypeLayout {
    static MONO_VARS: MonoSharedVars = MonoSharedVars::new("AFunctionPointer");
    static SHARED: SharedVars = SharedVars::new(&MONO_VARS, &[]);
    static MONO: OtherMonoLayout =
        OtherMonoLayout::new(OtherMonoLayout::PRIMITIVE, "AFunctionPointer", "AFunctionPointer", &[], PACKAGE_AND_VERSION);
    static LAYOUT: TypeLayout = TypeLayout::other::<extern "C" fn()>(&SHARED, &MONO, true);
    &LAYOUT
}

/// `item_info.package_and_version` of the layouts this crate makes itself.
pub const PACKAGE_AND_VERSION: &str = concat!("abi_stable_mirror;", env!("CARGO_PKG_VERSION"));

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<GenericTLData>() == 32);
    assert!(size_of::<SharedVars>() == 32);
    assert!(offset_of!(SharedVars, type_layouts) == 8);
    assert!(offset_of!(SharedVars, type_layouts_len) == 24);
    assert!(size_of::<TypeLayout>() == 88);
    assert!(offset_of!(TypeLayout, mono) == 8);
    assert!(offset_of!(TypeLayout, alignment_power_of_two) == 17);
    assert!(offset_of!(TypeLayout, size) == 24);
    assert!(offset_of!(TypeLayout, tag) == 32);
    assert!(offset_of!(TypeLayout, data) == 40);
    assert!(offset_of!(TypeLayout, extra_checks) == 72);
    assert!(offset_of!(TypeLayout, type_id) == 80);
    assert!(size_of::<OtherMonoLayout>() == 152);
    assert!(offset_of!(OtherMonoLayout, name) == 24);
    assert!(offset_of!(OtherMonoLayout, package_and_version) == 32);
    assert!(offset_of!(OtherMonoLayout, data_tag) == 64);
    assert!(offset_of!(OtherMonoLayout, comp_fields) == 72);
    assert!(offset_of!(OtherMonoLayout, comp_fields_len) == 88);
    assert!(offset_of!(OtherMonoLayout, generics_lifetimes) == 112);
    assert!(offset_of!(OtherMonoLayout, phantom_fields) == 136);
    assert!(offset_of!(OtherMonoLayout, phantom_fields_len) == 144);
    assert!(offset_of!(OtherMonoLayout, name_len) == 150);
};

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &["alpha", "be", "gamma"];
    const BLOB: [u8; joined_len(NAMES)] = join(NAMES);
    const FIELDS: [u64; 3] = comp_fields(NAMES, &[true, false, true]);

    #[test]
    fn fields_name_into_the_blob() {
        assert_eq!(&BLOB, b"alpha;be;gamma");
        let name = |f: u64| {
            let start = (f & 0xFFFF) as usize;
            let len = ((f >> 16) & 0x3FF) as usize;
            std::str::from_utf8(&BLOB[start..start + len]).unwrap().to_owned()
        };
        assert_eq!(FIELDS.map(name), ["alpha", "be", "gamma"]);
        assert_eq!(FIELDS.map(|f| (f >> 50) & 0x3FF), [0, 1, 2]);
        assert_eq!(FIELDS.map(|f| (f >> 60) & 1), [1, 0, 1]);
        assert_eq!(index_of(NAMES, "gamma"), 2);
    }

    #[test]
    fn function_pointer_placeholder() {
        let l = a_function_pointer();
        assert_eq!(l.size, std::mem::size_of::<usize>());
        assert_eq!(1usize << l.alignment_power_of_two, std::mem::align_of::<usize>());
    }
}
