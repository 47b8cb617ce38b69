//! The `TypeLayout` statics abi_stable 0.11's `#[derive(StableAbi)]`, `#[sabi_trait]` and
//! `#[export_root_module]` emit (reference 5.1 and 5.3), and a mirror of its `StableAbi` trait:
//! `T::LAYOUT` is `T`'s layout, `get_type_layout::<T>` the constructor `SharedVars.type_layouts`
//! stores. The std types' impls are in `stable_abi/impls.rs`; `impl_stable_abi!` writes the impl of
//! a non-generic struct, enum, union or prefix type (what the generated module uses), with every
//! function pointer's signature in `TLFunctions`.
//!
//! Encoding decisions the reference leaves open are listed in `stable_abi/impls.rs` and at the
//! builders below.

use std::ptr::{self, NonNull};

use crate::std_types::RStr;
use crate::utypeid::{new_utypeid, UTypeId};

mod builder;
mod impls;

pub use self::builder::*;
pub use self::impls::{a_function_pointer, an_unsafe_function_pointer};
pub use self::impls::dyn_trait::{regular_traits, InterfaceTraits};

/// A type with a stable layout: `LAYOUT` describes it as abi_stable does.
///
/// # Safety
/// `LAYOUT` must describe `Self`'s real size, alignment and fields.
pub unsafe trait StableAbi {
    /// `Self` with every lifetime `'static` (for `UTypeId`).
    type StaticEquivalent: 'static;
    const LAYOUT: &'static TypeLayout;
}

/// What `SharedVars.type_layouts` stores: a function returning a layout (abi_stable stores
/// functions, not pointers, so recursive types work); the host must call it.
pub type TypeLayoutFn = extern "C" fn() -> &'static TypeLayout;

/// abi_stable's `get_type_layout::<T>`.
pub extern "C" fn get_type_layout<T: StableAbi>() -> &'static TypeLayout {
    T::LAYOUT
}

/// `MonoSharedVars` (24 bytes): the string blob and the lifetime-index pairs.
#[repr(C)]
#[derive(Copy, Clone)]
pub struct MonoSharedVars {
    pub strings: *const u8,
    pub lifetime_indices: *const u8,
    pub strings_len: u16,
    pub lifetime_indices_len: u16,
}

impl MonoSharedVars {
    pub const fn new(strings: &'static str) -> Self {
        Self::with_lifetimes(strings, &[])
    }
    pub const fn with_lifetimes(strings: &'static str, lifetime_indices: &'static [u8]) -> Self {
        assert!(strings.len() <= u16::MAX as usize && lifetime_indices.len() <= u16::MAX as usize);
        Self {
            strings: if strings.is_empty() { NonNull::<u8>::dangling().as_ptr() } else { strings.as_ptr() },
            lifetime_indices: if lifetime_indices.is_empty() { NonNull::<u8>::dangling().as_ptr() } else { lifetime_indices.as_ptr() },
            strings_len: strings.len() as u16,
            lifetime_indices_len: lifetime_indices.len() as u16,
        }
    }
}

/// `SharedVars` (32 bytes): the types (and constants) fields refer to by index.
#[repr(C)]
pub struct SharedVars {
    pub mono: *const MonoSharedVars,
    pub type_layouts: *const TypeLayoutFn,
    pub constants: *const u8,
    pub type_layouts_len: u16,
    pub constants_len: u16,
}

impl SharedVars {
    pub const fn new(mono: &'static MonoSharedVars, type_layouts: &'static [TypeLayoutFn]) -> Self {
        assert!(type_layouts.len() <= 1024);
        Self {
            mono,
            type_layouts: if type_layouts.is_empty() { NonNull::dangling().as_ptr() } else { type_layouts.as_ptr() },
            constants: NonNull::<u8>::dangling().as_ptr(),
            type_layouts_len: type_layouts.len() as u16,
            constants_len: 0,
        }
    }
}

/// `GenericTLData` (32 bytes): a C-int tag equal to the `MonoTLData` tag; for a prefix type the
/// creator's accessibility mask @8; for an enum `exhaustiveness` (NULL) @8 and `TLDiscriminants`
/// {u8 type @16, u16 count @18, pointer @24}.
#[repr(C)]
#[derive(Copy, Clone)]
pub struct GenericTLData {
    pub tag: u32,
    pub word: u64,
    pub discriminant_type: u8,
    pub discriminants_len: u16,
    pub discriminants: *const u8,
}

impl GenericTLData {
    const fn tagged(tag: u8) -> Self {
        Self { tag: tag as u32, word: 0, discriminant_type: 0, discriminants_len: 0, discriminants: ptr::null() }
    }
    pub const PRIMITIVE: Self = Self::tagged(MonoTLData::PRIMITIVE);
    pub const OPAQUE: Self = Self::tagged(MonoTLData::OPAQUE);
    pub const STRUCT: Self = Self::tagged(MonoTLData::STRUCT);
    pub const UNION: Self = Self::tagged(MonoTLData::UNION);
    pub const fn prefix_type(accessible_fields: u64) -> Self {
        Self { word: accessible_fields, ..Self::tagged(MonoTLData::PREFIX_TYPE) }
    }
    /// An exhaustive enum whose discriminants are `discriminants` (`len` values of type `ty`:
    /// U8 0 … Isize 9, reference 5.3.1).
    pub const fn enum_(ty: u8, discriminants: *const u8, len: usize) -> Self {
        Self { discriminant_type: ty, discriminants_len: len as u16, discriminants, ..Self::tagged(MonoTLData::ENUM) }
    }
}

/// `TypeLayout` (88 bytes, offsets of reference 5.1).
#[repr(C)]
pub struct TypeLayout {
    pub shared_vars: *const SharedVars,
    pub mono: *const MonoTypeLayout,
    pub is_nonzero: bool,
    pub alignment_power_of_two: u8,
    pub size: usize,
    pub tag: *const u8,
    pub data: GenericTLData,
    pub extra_checks: *const u8,
    pub type_id: extern "C" fn() -> UTypeId,
}

impl TypeLayout {
    /// The layout of `T` (size, alignment, `UTypeId` of `S`, its static equivalent).
    pub const fn new<T, S: 'static>(shared_vars: &'static SharedVars, mono: &'static MonoTypeLayout, is_nonzero: bool, data: GenericTLData) -> Self {
        Self {
            shared_vars,
            mono,
            is_nonzero,
            alignment_power_of_two: std::mem::align_of::<T>().trailing_zeros() as u8,
            size: std::mem::size_of::<T>(),
            tag: ptr::null(),
            data,
            extra_checks: ptr::null(),
            type_id: new_utypeid::<S>,
        }
    }
    pub fn mono(&self) -> &'static MonoTypeLayout {
        // SAFETY: every layout's `mono` is a static made by this module.
        unsafe { &*self.mono }
    }
    pub fn shared_vars(&self) -> &'static SharedVars {
        // SAFETY: as above.
        unsafe { &*self.shared_vars }
    }
}

/// `CompTLFields` (24 bytes).
#[repr(C)]
#[derive(Copy, Clone)]
pub struct CompTLFields {
    pub comp_fields: *const u64,
    pub functions: *const TLFunctions,
    pub comp_fields_len: u16,
}

impl CompTLFields {
    pub const EMPTY: Self = Self { comp_fields: NonNull::dangling().as_ptr(), functions: ptr::null(), comp_fields_len: 0 };
    pub const fn new(fields: &'static [u64], functions: Option<&'static TLFunctions>) -> Self {
        Self {
            comp_fields: if fields.is_empty() { NonNull::dangling().as_ptr() } else { fields.as_ptr() },
            functions: match functions {
                Some(f) => f,
                None => ptr::null(),
            },
            comp_fields_len: fields.len() as u16,
        }
    }
}

/// `TLFunctions` (24 bytes): the functions of a type's fields and one `StartLen` per field.
#[repr(C)]
pub struct TLFunctions {
    pub functions: *const CompTLFunction,
    pub field_fn_ranges: *const u32,
    pub functions_len: u16,
    pub field_fn_ranges_len: u16,
}

impl TLFunctions {
    pub const fn new(functions: &'static [CompTLFunction], field_fn_ranges: &'static [u32]) -> Self {
        Self {
            functions: if functions.is_empty() { NonNull::dangling().as_ptr() } else { functions.as_ptr() },
            field_fn_ranges: if field_fn_ranges.is_empty() { NonNull::dangling().as_ptr() } else { field_fn_ranges.as_ptr() },
            functions_len: functions.len() as u16,
            field_fn_ranges_len: field_fn_ranges.len() as u16,
        }
    }
}

/// `CompTLFunction` (28 bytes, align 4; reference 5.3.1).
#[repr(C)]
#[derive(Copy, Clone)]
pub struct CompTLFunction {
    pub name: u32,
    pub contiguous_strings_offset: u16,
    pub bound_lifetimes_len: u16,
    pub param_names_len: u16,
    pub return_type_layout: u16,
    pub paramret_lifetime_range: u32,
    pub param_type_layouts: [u32; 2],
    pub fn_qualifs: u16,
}

/// `MonoTLEnum` (40 bytes).
#[repr(C)]
#[derive(Copy, Clone)]
pub struct MonoTLEnum {
    pub field_count: *const u8,
    pub field_count_len: u16,
    pub variant_names: u32,
    pub fields: CompTLFields,
}

/// `MonoTLPrefixType` (40 bytes).
#[repr(C)]
#[derive(Copy, Clone)]
pub struct MonoTLPrefixType {
    pub first_suffix_field: u8,
    pub conditional_prefix_fields: u64,
    pub fields: CompTLFields,
}

#[repr(C)]
#[derive(Copy, Clone)]
pub union MonoTLPayload {
    pub fields: CompTLFields,
    pub enum_: MonoTLEnum,
    pub prefix_type: MonoTLPrefixType,
}

/// `MonoTLData` (48 bytes): u8 tag, a `TLPrimitive` u8 for primitives, the payload @8.
#[repr(C)]
#[derive(Copy, Clone)]
pub struct MonoTLData {
    pub tag: u8,
    pub primitive: u8,
    pub payload: MonoTLPayload,
}

impl MonoTLData {
    pub const PRIMITIVE: u8 = 0;
    pub const OPAQUE: u8 = 1;
    pub const STRUCT: u8 = 2;
    pub const UNION: u8 = 3;
    pub const ENUM: u8 = 4;
    pub const PREFIX_TYPE: u8 = 5;

    pub const fn primitive(p: u8) -> Self {
        Self { tag: Self::PRIMITIVE, primitive: p, payload: MonoTLPayload { fields: CompTLFields::EMPTY } }
    }
    pub const OPAQUE_DATA: Self = Self { tag: Self::OPAQUE, primitive: 0, payload: MonoTLPayload { fields: CompTLFields::EMPTY } };
    pub const fn struct_(fields: CompTLFields) -> Self {
        Self { tag: Self::STRUCT, primitive: 0, payload: MonoTLPayload { fields } }
    }
    pub const fn union_(fields: CompTLFields) -> Self {
        Self { tag: Self::UNION, primitive: 0, payload: MonoTLPayload { fields } }
    }
    pub const fn enum_(field_count: &'static [u8], variant_names: u32, fields: CompTLFields) -> Self {
        Self {
            tag: Self::ENUM,
            primitive: 0,
            payload: MonoTLPayload {
                enum_: MonoTLEnum {
                    field_count: if field_count.is_empty() { NonNull::dangling().as_ptr() } else { field_count.as_ptr() },
                    field_count_len: field_count.len() as u16,
                    variant_names,
                    fields,
                },
            },
        }
    }
    pub const fn prefix_type(first_suffix_field: u8, fields: CompTLFields) -> Self {
        Self {
            tag: Self::PREFIX_TYPE,
            primitive: 0,
            payload: MonoTLPayload { prefix_type: MonoTLPrefixType { first_suffix_field, conditional_prefix_fields: 0, fields } },
        }
    }
}

/// `CompGenericParams` (24 bytes).
#[repr(C)]
#[derive(Copy, Clone)]
pub struct CompGenericParams {
    /// NUL-terminated lifetime names, each followed by a comma: `"'a,"`.
    pub lifetime: *const u8,
    pub types: u32,
    pub consts: u32,
    pub lifetime_count: u8,
}

/// `MonoTypeLayout` (152 bytes, reference 5.3.1).
#[repr(C)]
pub struct MonoTypeLayout {
    pub shared_vars: MonoSharedVars,
    pub name: *const u8,
    pub package_and_version: RStr<'static>,
    pub line: u32,
    pub mod_path: *const u8,
    pub data: MonoTLData,
    pub generics: CompGenericParams,
    pub phantom_fields: *const u64,
    pub phantom_fields_len: u8,
    pub repr_attr: [u8; 2],
    pub mod_refl_mode: [u8; 2],
    pub name_len: u16,
}

impl MonoTypeLayout {
    /// `mod_path` must end with a NUL; `strings` is the blob field names point into.
    pub const fn new(name: &'static str, package_and_version: &'static str, mod_path: &'static str, strings: &'static str, data: MonoTLData, repr_attr: [u8; 2]) -> Self {
        assert!(!mod_path.is_empty() && mod_path.as_bytes()[mod_path.len() - 1] == 0, "mod_path must end with a NUL");
        Self {
            shared_vars: MonoSharedVars::new(strings),
            name: name.as_ptr(),
            package_and_version: RStr::from_str(package_and_version),
            line: 0,
            mod_path: mod_path.as_ptr(),
            data,
            generics: CompGenericParams { lifetime: c"".as_ptr().cast(), types: 0, consts: 0, lifetime_count: 0 },
            phantom_fields: NonNull::dangling().as_ptr(),
            phantom_fields_len: 0,
            repr_attr,
            mod_refl_mode: [0; 2],
            name_len: name.len() as u16,
        }
    }
    /// Lifetime parameters (`"'a,\0"`, count) and the generic type range (`StartLen`).
    pub const fn generics(mut self, lifetimes: &'static str, lifetime_count: u8, types: u32) -> Self {
        assert!(!lifetimes.is_empty() && lifetimes.as_bytes()[lifetimes.len() - 1] == 0);
        self.generics = CompGenericParams { lifetime: lifetimes.as_ptr(), types, consts: 0, lifetime_count };
        self
    }
    pub const fn phantom(mut self, fields: &'static [u64]) -> Self {
        self.phantom_fields = if fields.is_empty() { NonNull::dangling().as_ptr() } else { fields.as_ptr() };
        self.phantom_fields_len = fields.len() as u8;
        self
    }
    pub const fn lifetime_indices(mut self, indices: &'static [u8]) -> Self {
        self.shared_vars.lifetime_indices = if indices.is_empty() { NonNull::dangling().as_ptr() } else { indices.as_ptr() };
        self.shared_vars.lifetime_indices_len = indices.len() as u16;
        self
    }
    pub const fn mod_refl_mode(mut self, mode: [u8; 2]) -> Self {
        self.mod_refl_mode = mode;
        self
    }

    pub fn name(&self) -> &'static str {
        // SAFETY: `name`/`name_len` come from a `&'static str`.
        unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.name, self.name_len as usize)) }
    }
    pub fn strings(&self) -> &'static str {
        // SAFETY: as above, the blob is a `&'static str`.
        unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.shared_vars.strings, self.shared_vars.strings_len as usize)) }
    }
}

// SAFETY: all of these are immutable statics of static strings, arrays and functions.
unsafe impl Sync for TypeLayout {}
// SAFETY: as above.
unsafe impl Sync for SharedVars {}
// SAFETY: as above.
unsafe impl Sync for MonoSharedVars {}
// SAFETY: as above.
unsafe impl Sync for MonoTypeLayout {}
// SAFETY: as above.
unsafe impl Sync for TLFunctions {}
// SAFETY: as above.
unsafe impl Sync for CompTLFields {}

/// `package_and_version` of std/core/primitive types.
pub const STD: &str = "std;1.0.0";
/// `package_and_version` of abi_stable's own types.
pub const ABI_STABLE: &str = "abi_stable;0.11.3";
/// `package_and_version` of async-ffi's types.
pub const ASYNC_FFI: &str = "async-ffi;0.5.1";

/// `TLPrimitive` codes (reference 5.3.1).
pub mod prim {
    pub const U8: u8 = 0;
    pub const I8: u8 = 1;
    pub const U16: u8 = 2;
    pub const I16: u8 = 3;
    pub const U32: u8 = 4;
    pub const I32: u8 = 5;
    pub const U64: u8 = 6;
    pub const I64: u8 = 7;
    pub const USIZE: u8 = 8;
    pub const ISIZE: u8 = 9;
    pub const F32: u8 = 10;
    pub const F64: u8 = 11;
    pub const BOOL: u8 = 12;
    pub const SHARED_REF: u8 = 13;
    pub const MUT_REF: u8 = 14;
    pub const CONST_PTR: u8 = 15;
    pub const MUT_PTR: u8 = 16;
    pub const ARRAY: u8 = 17;
}

/// `ReprAttr` values: `[tag, payload]`.
pub mod repr {
    pub const OPTION_NON_ZERO: [u8; 2] = [0, 0];
    pub const PRIMITIVE: [u8; 2] = [1, 0];
    pub const C: [u8; 2] = [2, 0];
    pub const fn c_and_int(d: u8) -> [u8; 2] {
        [3, d]
    }
    pub const TRANSPARENT: [u8; 2] = [4, 0];
    pub const fn int(d: u8) -> [u8; 2] {
        [5, d]
    }
    /// `DiscriminantRepr`/`TLDiscriminants` codes.
    pub const U8: u8 = 0;
    pub const I8: u8 = 1;
    pub const U16: u8 = 2;
    pub const I16: u8 = 3;
    pub const U32: u8 = 4;
    pub const I32: u8 = 5;
    pub const U64: u8 = 6;
    pub const I64: u8 = 7;
    /// `DiscriminantRepr::Usize`/`Isize` are 10/11, `TLDiscriminants`' 8/9.
    pub const REPR_ISIZE: u8 = 11;
    pub const DISC_ISIZE: u8 = 9;
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<GenericTLData>() == 32);
    assert!(offset_of!(GenericTLData, discriminant_type) == 16 && offset_of!(GenericTLData, discriminants_len) == 18);
    assert!(offset_of!(GenericTLData, discriminants) == 24);
    assert!(size_of::<SharedVars>() == 32 && size_of::<MonoSharedVars>() == 24);
    assert!(size_of::<TypeLayout>() == 88);
    assert!(offset_of!(TypeLayout, size) == 24 && offset_of!(TypeLayout, data) == 40 && offset_of!(TypeLayout, type_id) == 80);
    assert!(size_of::<CompTLFields>() == 24 && size_of::<TLFunctions>() == 24);
    assert!(size_of::<CompTLFunction>() == 28 && align_of::<CompTLFunction>() == 4);
    assert!(offset_of!(CompTLFunction, return_type_layout) == 10 && offset_of!(CompTLFunction, param_type_layouts) == 16);
    assert!(offset_of!(CompTLFunction, fn_qualifs) == 24);
    assert!(size_of::<MonoTLData>() == 48 && offset_of!(MonoTLData, payload) == 8);
    assert!(size_of::<MonoTLEnum>() == 40 && offset_of!(MonoTLEnum, variant_names) == 12 && offset_of!(MonoTLEnum, fields) == 16);
    assert!(offset_of!(MonoTLPrefixType, fields) == 16);
    assert!(size_of::<CompGenericParams>() == 24);
    assert!(size_of::<MonoTypeLayout>() == 152);
    assert!(offset_of!(MonoTypeLayout, name) == 24 && offset_of!(MonoTypeLayout, package_and_version) == 32);
    assert!(offset_of!(MonoTypeLayout, line) == 48 && offset_of!(MonoTypeLayout, mod_path) == 56);
    assert!(offset_of!(MonoTypeLayout, data) == 64 && offset_of!(MonoTypeLayout, generics) == 112);
    assert!(offset_of!(MonoTypeLayout, phantom_fields) == 136 && offset_of!(MonoTypeLayout, phantom_fields_len) == 144);
    assert!(offset_of!(MonoTypeLayout, repr_attr) == 145 && offset_of!(MonoTypeLayout, mod_refl_mode) == 147);
    assert!(offset_of!(MonoTypeLayout, name_len) == 150);
};
