//! Prefix types (reference section 2): every vtable lives behind a `WithMetadata` header
//! (`field_accessibility` bits, `type_layout` pointer) and is reached through a `*_Ref` pointer
//! to that header, never to the first field.

mod type_layout;

pub use self::type_layout::{MonoTypeLayout, PTStructLayout};

use std::ptr::{addr_of, NonNull};

/// The header preceding every prefix-type value; `value` sits at 16 on 64-bit targets
/// (12 on i686 for pointer-aligned structs, 16 for DynTrait's `align(16)` vtable).
#[repr(C)]
pub struct WithMetadata<T> {
    /// Bit *i* set: field *i* is present (zero-sized fields count too).
    pub field_accessibility: u64,
    /// The creator's static description of the struct; only read in panic/debug paths.
    pub type_layout: &'static PTStructLayout,
    pub value: T,
}

/// A pointer to the `WithMetadata` header of a prefix-type value (abi_stable's `PrefixRef`).
#[repr(transparent)]
pub struct PrefixRef<T> {
    ptr: NonNull<WithMetadata<T>>,
}

impl<T> Clone for PrefixRef<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for PrefixRef<T> {}

// SAFETY: a prefix value is immutable data (function pointers, bits) that lives forever.
unsafe impl<T> Send for PrefixRef<T> {}
// SAFETY: as above.
unsafe impl<T> Sync for PrefixRef<T> {}

impl<T> PrefixRef<T> {
    /// # Safety
    /// `ptr` must point at a `WithMetadata<T>` header that lives (unchanged) forever, whose
    /// fields up to the last one with a set bit are valid.
    pub const unsafe fn from_raw(ptr: *const WithMetadata<T>) -> Self {
        // SAFETY: the caller promises a valid, hence non-null, pointer.
        Self { ptr: unsafe { NonNull::new_unchecked(ptr as *mut WithMetadata<T>) } }
    }

    pub const fn as_ptr(self) -> *const WithMetadata<T> {
        self.ptr.as_ptr()
    }

    /// The accessibility bits written by the creator of the value.
    pub fn field_accessibility(self) -> u64 {
        // SAFETY: every header starts with the bits (from_raw's contract).
        unsafe { addr_of!((*self.ptr.as_ptr()).field_accessibility).read() }
    }

    pub fn type_layout(self) -> *const PTStructLayout {
        // SAFETY: every header has the layout pointer at offset 8.
        unsafe { addr_of!((*self.ptr.as_ptr()).type_layout).read() }
    }

    pub fn is_accessible(self, field_index: u32) -> bool {
        field_index < 64 && self.field_accessibility() & (1u64 << field_index) != 0
    }

    /// Pointer to the struct after the header; read single fields through it.
    pub fn value_ptr(self) -> *const T {
        // SAFETY: computing a field address of a valid header, no read.
        unsafe { addr_of!((*self.ptr.as_ptr()).value) }
    }

    /// Panics (as abi_stable's `missing_field(panic)` getters do) unless field `index` is present.
    #[track_caller]
    pub fn require(self, field_index: u32, field: &str, type_name: &str) {
        if !self.is_accessible(field_index) {
            panic!(
                "field `{field}` (index {field_index}) of `{type_name}` is missing: the library that made \
                 this vtable set accessibility bits {:#x}",
                self.field_accessibility()
            );
        }
    }
}

/// Reads field `$field` of the prefix value behind `$prefix_ref` (a `PrefixRef`), by copy,
/// touching no other field (a shorter foreign vtable may end before the others).
#[macro_export]
#[doc(hidden)]
macro_rules! read_prefix_field {
    ($prefix_ref:expr, $field:ident) => {{
        let value_ptr = $prefix_ref.value_ptr();
        // SAFETY: the field exists: it is unconditional (up to `last_prefix_field`) or its bit was
        // checked by the caller; PrefixRef's contract makes the header valid.
        unsafe { ::std::ptr::addr_of!((*value_ptr).$field).read() }
    }};
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(offset_of!(WithMetadata<[usize; 4]>, field_accessibility) == 0);
    assert!(offset_of!(WithMetadata<[usize; 4]>, type_layout) == 8);
    assert!(offset_of!(WithMetadata<[usize; 4]>, value) == 16);
    assert!(size_of::<PrefixRef<[usize; 4]>>() == 8);
};
