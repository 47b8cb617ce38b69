//! Library loading (reference section 4): the `LibHeader` an abi_stable 0.11 loader looks for,
//! and `export_root_module!`, which emits what `#[export_root_module]` emits.
//!
//! ```ignore
//! #[repr(C)]
//! pub struct ConnectorMod {
//!     pub connector_type: extern "C" fn() -> RString,
//!     pub echo: extern "C" fn(RString) -> RString,
//! }
//!
//! fn new_module() -> Result<ConnectorMod, RBoxError> {
//!     Ok(ConnectorMod { connector_type, echo })
//! }
//!
//! abi_stable_mirror::export_root_module! {
//!     module: ConnectorMod,
//!     base_name: "example_connector",
//!     name: "example_connector",
//!     version: "0.1.0",
//!     package: "connector_interface",
//!     last_prefix_field: echo,
//!     fields: [connector_type: fn() -> RString, echo: fn(RString) -> RString],
//!     constructor: new_module,
//!     // Optional, in this order:
//!     node_layout: "prefix ConnectorMod prefix_len=2{...}", // the host's layoutString(Module)
//!     layout_constant: true,  // false: like #[unsafe_no_layout_constant] (IsLayoutChecked::No)
//!     abi_header: AbiHeader::VALUE, // another value only to test a loader's rejections
//! }
//! ```
//!
//! Each field is `name: fn(Param, ...) -> Ret` (a function pointer and its signature, with every fn
//! pointer inside written `extern "C" fn()` and lifetimes as the struct spells them), `name: fn`
//! (a function pointer whose signature is left out of `TLFunctions`) or `name: data(Type)`.
//!
//! The export emits: the `LibHeader` static `_1as_0lib_1header_0root_bmodule_bloader` (magic,
//! ABI 0.11, names and version, the root module's `TypeLayout`: `PrefixRef<Module>` whose phantom
//! field is the module's prefix-type layout with every function's signature in `TLFunctions`, its
//! size and alignment those of the prefix (reference 5.3 and 10, item 2), abi_stable's C-ABI test
//! functions, `init_globals_with`, a `LateStaticRef` with a working lock and a NULL pointer, and a
//! constructor that leaks the module behind a `WithMetadata` header with one bit per listed
//! field, turning an `Err` into `RootModuleError::Returned` and a panic into `Unwound`); with
//! `node_layout`, also the `abi_stable_node_root_layout` descriptor.

pub mod c_abi_testing;
pub mod lib_header;
pub mod mutex;
pub mod node_layout;
pub mod rbox_error;
pub mod type_layout;

pub use self::lib_header::{
    call_root_module_loader, globals, leak_module, AbiHeader, IntoRootModuleResult, IsLayoutChecked, LateStaticRef, LibHeader,
    RootModuleConsts, RootModuleError, RootModuleResult, ABI_MAGIC, ROOT_MODULE_LOADER_NAME,
};
pub use self::node_layout::{fnv1a64, RootLayoutDescriptor, ROOT_LAYOUT_SYMBOL};
pub use self::rbox_error::{RBoxError, SendRBoxError, UnsyncRBoxError};

use crate::std_types::RResult;

/// What a constructor given to `export_root_module!` may return: the module, or the module or
/// an error.
pub trait IntoModule<M> {
    fn into_module(self) -> Result<M, RBoxError>;
}
impl<M> IntoModule<M> for Result<M, RBoxError> {
    fn into_module(self) -> Result<M, RBoxError> {
        self
    }
}
impl<M> IntoModule<M> for RResult<M, RBoxError> {
    fn into_module(self) -> Result<M, RBoxError> {
        self.into_result()
    }
}

/// Emits a root module the way abi_stable's `#[export_root_module]` does; see the module docs.
#[macro_export]
macro_rules! export_root_module {
    (
        module: $module:ident,
        base_name: $base_name:literal,
        name: $name:literal,
        version: $version:literal,
        package: $package:literal,
        last_prefix_field: $last:ident,
        fields: [ $($fields:tt)* ],
        constructor: $constructor:path
        $(, node_layout: $node_layout:expr )?
        $(, layout_constant: $layout_constant:literal )?
        $(, abi_header: $abi_header:expr )?
        $(,)?
    ) => {
        $crate::export_root_module!(@munch
            [$module, $base_name, $name, $version, $package, $last, $constructor,
             [$( $node_layout )?], [$( $layout_constant )?], [$( $abi_header )?]]
            names [] specs [] rest [$($fields)* ,]
        );
    };
    (@munch $h:tt names [$($n:tt)*] specs [$($s:tt)*] rest [ $(,)? ]) => {
        $crate::export_root_module!(@emit $h names [$($n)*] specs [$($s)*]);
    };
    // `name: fn`: a function-pointer field without its signature (no TLFunctions entry).
    (@munch $h:tt names [$($n:tt)*] specs [$($s:tt)*] rest [ $f:ident : fn , $($rest:tt)* ]) => {
        $crate::export_root_module!(@munch $h names [$($n)* $f] specs [$($s)*
            { stringify!($f), 1, true, [extern "C" fn()], [] },
        ] rest [$($rest)*]);
    };
    // `name: data(T)`: a field of type T.
    (@munch $h:tt names [$($n:tt)*] specs [$($s:tt)*] rest [ $f:ident : data ( $t:ty ) , $($rest:tt)* ]) => {
        $crate::export_root_module!(@munch $h names [$($n)* $f] specs [$($s)*
            { stringify!($f), 1, false, [$t], [] },
        ] rest [$($rest)*]);
    };
    // `name: fn(P, ...) -> R`: a function pointer and its signature (fn pointers inside written
    // `extern "C" fn()`, lifetimes as the field's type spells them).
    (@munch $h:tt names [$($n:tt)*] specs [$($s:tt)*] rest [ $f:ident : fn ( $($p:ty),* $(,)? ) $(-> $r:ty)? , $($rest:tt)* ]) => {
        $crate::export_root_module!(@munch $h names [$($n)* $f] specs [$($s)*
            { stringify!($f), 1, true, [extern "C" fn()], [ { [$($p),*], [$($r)?], Unnamed, false } ] },
        ] rest [$($rest)*]);
    };
    (@emit [$module:ident, $base_name:literal, $name:literal, $version:literal, $package:literal, $last:ident, $constructor:path,
            [$( $node_layout:expr )?], [$( $layout_constant:literal )?], [$( $abi_header:expr )?]]
        names [$($field:ident)+] specs [$($spec:tt)*]
    ) => {
        const _: () = {
            use $crate::library as __lib;
            use $crate::stable_abi as __sa;

            // Every listed field must exist in the struct (the list is what the layout reports).
            const _: fn(&$module) = |m| { $( let _ = &m.$field; )+ };

            const NAMES: &[&str] = &[$( stringify!($field) ),+];
            const N: usize = NAMES.len();
            const FIRST_SUFFIX_FIELD: usize = $crate::library::type_layout::index_of(NAMES, stringify!($last)) + 1;
            const MASK: u64 = if N >= 64 { u64::MAX } else { (1u64 << N) - 1 };
            const PREFIX: (usize, usize) = __sa::prefix_size_align(
                FIRST_SUFFIX_FIELD,
                &[$( ::core::mem::offset_of!($module, $field) ),+],
                &[$( __sa::field_size(|m: &$module| &m.$field) ),+],
                &[$( __sa::field_align(|m: &$module| &m.$field) ),+],
            );

            // The module's own layout, as the derive emits it for `#[sabi(kind(Prefix))]`.
            const MODULE_LAYOUT: &'static __sa::TypeLayout = $crate::__derive_layout! {
                type: $module,
                name: stringify!($module),
                package: concat!($package, ";", $version),
                mod_path: concat!($package, "\0"),
                data: prefix(FIRST_SUFFIX_FIELD as u8, MASK, PREFIX.0, PREFIX.1),
                repr: __sa::repr::C,
                nonzero: false,
                fields: [$($spec)*],
            };
            extern "C" fn module_layout() -> &'static __sa::TypeLayout {
                MODULE_LAYOUT
            }
            // The WM header's `PTStructLayout` names the same MonoTypeLayout.
            static PT_LAYOUT: $crate::prefix::PTStructLayout = $crate::prefix::PTStructLayout::from_mono(MODULE_LAYOUT.mono as *const u8);

            // The layout of `PrefixRef<Module>`, which RootModuleConsts.layout points at.
            static REF_PHANTOM: [u64; 1] = [__sa::comp_field(0, 1, 0, 0, 0, false)];
            static REF_MONO: __sa::MonoTypeLayout = __sa::MonoTypeLayout::new(
                "PrefixRef", __sa::ABI_STABLE, "abi_stable::prefix_type\0", "0;", __sa::MonoTLData::struct_(__sa::CompTLFields::EMPTY), __sa::repr::C,
            ).phantom(&REF_PHANTOM);
            static REF_TYPES: [__sa::TypeLayoutFn; 1] = [module_layout];
            static REF_SHARED: __sa::SharedVars = __sa::SharedVars::new(&REF_MONO.shared_vars, &REF_TYPES);
            static ROOT_LAYOUT: __sa::TypeLayout =
                __sa::TypeLayout::new::<$crate::prefix::PrefixRef<$module>, $crate::prefix::PrefixRef<$module>>(&REF_SHARED, &REF_MONO, true, __sa::GenericTLData::STRUCT);

            extern "C" fn constructor() -> __lib::RootModuleResult {
                __lib::call_root_module_loader(|| -> ::core::result::Result<$crate::prefix::PrefixRef<$module>, __lib::RBoxError> {
                    let value = __lib::IntoModule::<$module>::into_module($constructor())?;
                    Ok(__lib::leak_module(value, MASK, &PT_LAYOUT))
                })
            }

            #[no_mangle]
            #[allow(non_upper_case_globals)]
            pub static _1as_0lib_1header_0root_bmodule_bloader: __lib::LibHeader = __lib::LibHeader::new(
                $crate::export_root_module!(@abi_header $( $abi_header )?),
                __lib::RootModuleConsts::new(
                    $base_name,
                    $name,
                    $version,
                    if $crate::export_root_module!(@layout_constant $( $layout_constant )?) { Some(&ROOT_LAYOUT) } else { None },
                ),
                constructor,
            );

            $(
                #[no_mangle]
                #[allow(non_upper_case_globals)]
                pub static abi_stable_node_root_layout: __lib::RootLayoutDescriptor = __lib::RootLayoutDescriptor::new($node_layout);
            )?
        };
    };
    (@abi_header) => { $crate::library::AbiHeader::VALUE };
    (@abi_header $e:expr) => { $e };
    (@layout_constant) => { true };
    (@layout_constant $b:literal) => { $b };
}
