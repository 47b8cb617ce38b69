//! `LibHeader` (reference 4.2): the static behind `_1as_0lib_1header_0root_bmodule_bloader`, with
//! every part abi_stable's loader touches: the `AbiHeader` it compares, the `RootModuleConsts` it
//! reads (names, version, layout, C-ABI test functions it calls), `init_globals_with` it calls,
//! the `LateStaticRef` whose mutex it locks through the library's vtable and whose pointer it
//! stores, and the constructor it calls once.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use super::c_abi_testing::{CAbiTestingFns, C_ABI_TESTING_FNS};
use super::mutex::RMutexUnit;
use super::rbox_error::RBoxError;
use super::type_layout::TypeLayout;
use crate::marker::ErasedObject;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::std_types::{RErr, ROk, RResult, RStr};

/// abi_stable's mangling of `_as.lib_header.root module loader` (reference 4.1).
pub const ROOT_MODULE_LOADER_NAME: &str = "_1as_0lib_1header_0root_bmodule_bloader";

/// `"abi stable library for Rust"` padded with 5 spaces to 32 bytes, no NUL.
pub const ABI_MAGIC: [u8; 32] = *b"abi stable library for Rust     ";

#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbiHeader {
    pub magic_string: [u8; 32],
    pub abi_major: u32,
    pub abi_minor: u32,
    // abi_stable ends this struct (and RootModuleConsts) with a zero-sized `_priv: ()`, which
    // takes no bytes: left out here.
}

impl AbiHeader {
    /// What every abi_stable 0.11.x library carries.
    pub const VALUE: Self = Self::new(ABI_MAGIC, 0, 11);

    /// Any header; other values only make sense for testing a loader's rejections.
    pub const fn new(magic_string: [u8; 32], abi_major: u32, abi_minor: u32) -> Self {
        Self { magic_string, abi_major, abi_minor }
    }
}

/// `IsLayoutChecked`: `Yes(&TypeLayout)` = 0, `No` = 1 (`#[unsafe_no_layout_constant]`).
#[repr(u8)]
#[derive(Clone, Copy)]
pub enum IsLayoutChecked {
    Yes(&'static TypeLayout) = 0,
    No = 1,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct RootModuleConsts {
    pub base_name: RStr<'static>,
    pub name: RStr<'static>,
    /// `VersionStrings`: transparent over the interface crate's `"x.y.z"`.
    pub version_strings: RStr<'static>,
    pub layout: IsLayoutChecked,
    pub c_abi_testing_fns: &'static CAbiTestingFns,
}

impl RootModuleConsts {
    pub const fn new(
        base_name: &'static str,
        name: &'static str,
        version: &'static str,
        layout: Option<&'static TypeLayout>,
    ) -> Self {
        Self {
            base_name: RStr::from_str(base_name),
            name: RStr::from_str(name),
            version_strings: RStr::from_str(version),
            layout: match layout {
                Some(l) => IsLayoutChecked::Yes(l),
                None => IsLayoutChecked::No,
            },
            c_abi_testing_fns: &C_ABI_TESTING_FNS,
        }
    }
}

/// `LateStaticRef<PrefixRef<ErasedPrefix>>`: NULL until a Rust loader stores the module.
#[repr(C)]
pub struct LateStaticRef {
    pointer: AtomicPtr<ErasedObject>,
    lock: RMutexUnit,
}

impl LateStaticRef {
    pub const fn new() -> Self {
        Self { pointer: AtomicPtr::new(ptr::null_mut()), lock: RMutexUnit::new() }
    }

    /// abi_stable's `try_init`, as its loader runs it on a library's header.
    pub fn try_init<E>(&self, init: impl FnOnce() -> Result<*const ErasedObject, E>) -> Result<*const ErasedObject, E> {
        let get = || self.pointer.load(Ordering::Acquire) as *const ErasedObject;
        if !get().is_null() {
            return Ok(get());
        }
        self.lock.with_lock(|| {
            if !get().is_null() {
                return Ok(get());
            }
            let module = init()?;
            self.pointer.store(module as *mut ErasedObject, Ordering::Release);
            Ok(module)
        })
    }

    pub fn get(&self) -> *const ErasedObject {
        self.pointer.load(Ordering::Acquire)
    }
}

impl Default for LateStaticRef {
    fn default() -> Self {
        Self::new()
    }
}

/// `RootModuleError`: `Returned(RBoxError)` = 0, `Unwound` = 1.
#[repr(u8)]
pub enum RootModuleError {
    Returned(RBoxError) = 0,
    Unwound = 1,
}

/// What the constructor returns: the module's `PrefixRef` (to its WM header), erased.
pub type RootModuleResult = RResult<*const ErasedObject, RootModuleError>;

#[repr(C)]
pub struct LibHeader {
    pub header: AbiHeader,
    pub root_mod_consts: RootModuleConsts,
    pub init_globals_with: extern "C" fn(*const Globals),
    pub module: LateStaticRef,
    pub constructor: extern "C" fn() -> RootModuleResult,
}

// SAFETY: the header is immutable except `module`, which is atomics and a lock.
unsafe impl Sync for LibHeader {}

impl LibHeader {
    pub const fn new(header: AbiHeader, root_mod_consts: RootModuleConsts, constructor: extern "C" fn() -> RootModuleResult) -> Self {
        Self { header, root_mod_consts, init_globals_with, module: LateStaticRef::new(), constructor }
    }
}

/// abi_stable's `Globals`: opaque here. This crate never loads libraries itself, so it never
/// uses them; it only keeps the first pointer it is given, as abi_stable does.
#[repr(C)]
pub struct Globals {
    _opaque: [u8; 0],
}

static GLOBALS: AtomicPtr<Globals> = AtomicPtr::new(ptr::null_mut());

/// Stores `globals` if nothing was stored yet (first writer wins, reference 4.5).
extern "C" fn init_globals_with(globals: *const Globals) {
    let _ = GLOBALS.compare_exchange(ptr::null_mut(), globals as *mut Globals, Ordering::AcqRel, Ordering::Acquire);
}

/// The `Globals` a loader passed in, if any.
pub fn globals() -> *const Globals {
    GLOBALS.load(Ordering::Acquire)
}

/// What a root-module export function may return (abi_stable's `IntoRootModuleResult`).
pub trait IntoRootModuleResult<M> {
    fn into_root_module_result(self) -> Result<PrefixRef<M>, RBoxError>;
}
impl<M> IntoRootModuleResult<M> for PrefixRef<M> {
    fn into_root_module_result(self) -> Result<PrefixRef<M>, RBoxError> {
        Ok(self)
    }
}
impl<M> IntoRootModuleResult<M> for Result<PrefixRef<M>, RBoxError> {
    fn into_root_module_result(self) -> Result<PrefixRef<M>, RBoxError> {
        self
    }
}
impl<M> IntoRootModuleResult<M> for RResult<PrefixRef<M>, RBoxError> {
    fn into_root_module_result(self) -> Result<PrefixRef<M>, RBoxError> {
        self.into_result()
    }
}

/// abi_stable's `__call_root_module_loader`: runs the export function, turning a returned error
/// into `Returned` and a panic into `Unwound` (never letting it unwind into the loader).
pub fn call_root_module_loader<M, R: IntoRootModuleResult<M>>(export: impl FnOnce() -> R) -> RootModuleResult {
    match catch_unwind(AssertUnwindSafe(|| export().into_root_module_result())) {
        Ok(Ok(module)) => ROk(module.as_ptr() as *const ErasedObject),
        Ok(Err(error)) => RErr(RootModuleError::Returned(error)),
        Err(_) => RErr(RootModuleError::Unwound),
    }
}

/// Addresses of every module `leak_module` built.
static LEAKED_MODULES: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());

/// Leaks `value` behind a `WithMetadata` header with the given bits: the module lives forever.
pub fn leak_module<M>(value: M, field_accessibility: u64, type_layout: &'static crate::prefix::PTStructLayout) -> PrefixRef<M> {
    let header = Box::leak(Box::new(WithMetadata { field_accessibility, type_layout, value }));
    // Kept reachable from a static for the life of the process, as abi_stable's plugin-side
    // `RootModuleStatics` keeps it: leaked on purpose, not lost (leak checkers can tell).
    LEAKED_MODULES.lock().unwrap_or_else(|e| e.into_inner()).push(header as *const _ as usize);
    // SAFETY: a leaked header never moves or dies; the bits are the caller's word for its fields.
    unsafe { PrefixRef::from_raw(header) }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<AbiHeader>() == 40);
    assert!(offset_of!(AbiHeader, abi_major) == 32 && offset_of!(AbiHeader, abi_minor) == 36);
    assert!(size_of::<RootModuleConsts>() == 72);
    assert!(offset_of!(RootModuleConsts, name) == 16);
    assert!(offset_of!(RootModuleConsts, version_strings) == 32);
    assert!(offset_of!(RootModuleConsts, layout) == 48);
    assert!(offset_of!(RootModuleConsts, c_abi_testing_fns) == 64);
    assert!(size_of::<IsLayoutChecked>() == 16);
    assert!(size_of::<LateStaticRef>() == 24);
    assert!(size_of::<RootModuleError>() == 32);
    assert!(size_of::<RootModuleResult>() == 40);
    assert!(size_of::<LibHeader>() == 152);
    assert!(offset_of!(LibHeader, root_mod_consts) == 40);
    assert!(offset_of!(LibHeader, init_globals_with) == 112);
    assert!(offset_of!(LibHeader, module) == 120);
    assert!(offset_of!(LibHeader, constructor) == 144);
};
