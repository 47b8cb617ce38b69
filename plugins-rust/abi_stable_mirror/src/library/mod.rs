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
//!     fields: [connector_type: fn, echo: fn],
//!     constructor: new_module,
//!     // Optional, in this order:
//!     node_layout: "prefix ConnectorMod prefix_len=2{...}", // the host's layoutString(Module)
//!     layout_constant: true,  // false: like #[unsafe_no_layout_constant] (IsLayoutChecked::No)
//!     abi_header: AbiHeader::VALUE, // another value only to test a loader's rejections
//! }
//! ```
//!
//! The export emits: the `LibHeader` static `_1as_0lib_1header_0root_bmodule_bloader` (magic,
//! ABI 0.11, names and version, the root module's `TypeLayout`, abi_stable's C-ABI test
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
pub use self::rbox_error::RBoxError;

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
        fields: [ $( $field:ident : $kind:ident $( ( $field_ty:ty ) )? ),+ $(,)? ],
        constructor: $constructor:path
        $(, node_layout: $node_layout:expr )?
        $(, layout_constant: $layout_constant:literal )?
        $(, abi_header: $abi_header:expr )?
        $(,)?
    ) => {
        const _: () = {
            use $crate::library as __lib;
            use $crate::library::type_layout as __tl;

            // Every listed field must exist in the struct (the list is what the layout reports).
            const _: fn(&$module) = |m| { $( let _ = &m.$field; )+ };

            const NAMES: &[&str] = &[$( stringify!($field) ),+];
            const IS_FN: &[bool] = &[$( $crate::export_root_module!(@is_fn $kind) ),+];
            const N: usize = NAMES.len();
            const STRINGS_BYTES: [u8; __tl::joined_len(NAMES)] = __tl::join(NAMES);
            const STRINGS: &str = match ::core::str::from_utf8(&STRINGS_BYTES) {
                Ok(s) => s,
                Err(_) => panic!("field names are not UTF-8"),
            };
            const FIRST_SUFFIX_FIELD: usize = __tl::index_of(NAMES, stringify!($last)) + 1;
            const MASK: u64 = if N >= 64 { u64::MAX } else { (1u64 << N) - 1 };

            static COMP_FIELDS: [u64; N] = __tl::comp_fields(NAMES, IS_FN);
            static MONO: $crate::prefix::MonoTypeLayout = $crate::prefix::MonoTypeLayout::prefix_type_with_fields(
                stringify!($module),
                STRINGS,
                &COMP_FIELDS,
                FIRST_SUFFIX_FIELD as u8,
                concat!($package, ";", $version),
            );
            static PT_LAYOUT: $crate::prefix::PTStructLayout = $crate::prefix::PTStructLayout::new(&MONO);
            static FIELD_TYPES: [__tl::TypeLayoutFn; N] = [$( $crate::export_root_module!(@type_of $kind $( ($field_ty) )?) ),+];
            static MONO_VARS: __tl::MonoSharedVars = __tl::MonoSharedVars::new(STRINGS);
            static SHARED: __tl::SharedVars = __tl::SharedVars::new(&MONO_VARS, &FIELD_TYPES);
            static MODULE_LAYOUT: __tl::TypeLayout = __tl::TypeLayout::prefix_module::<$module>(&SHARED, &MONO, MASK);
            extern "C" fn module_layout() -> &'static __tl::TypeLayout {
                &MODULE_LAYOUT
            }

            // The layout of `PrefixRef<Module>`, which RootModuleConsts.layout points at.
            static REF_PHANTOM: [u64; 1] = [__tl::comp_field(0, 1, 0, false)];
            static REF_MONO: __tl::OtherMonoLayout =
                __tl::OtherMonoLayout::new(__tl::OtherMonoLayout::STRUCT, "PrefixRef", "0", &REF_PHANTOM, __tl::PACKAGE_AND_VERSION);
            static REF_MONO_VARS: __tl::MonoSharedVars = __tl::MonoSharedVars::new("0");
            static REF_TYPES: [__tl::TypeLayoutFn; 1] = [module_layout];
            static REF_SHARED: __tl::SharedVars = __tl::SharedVars::new(&REF_MONO_VARS, &REF_TYPES);
            static ROOT_LAYOUT: __tl::TypeLayout =
                __tl::TypeLayout::other::<$crate::prefix::PrefixRef<$module>>(&REF_SHARED, &REF_MONO, true);

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
    (@is_fn fn) => { true };
    (@is_fn data) => { false };
    (@type_of fn) => { $crate::library::type_layout::a_function_pointer };
    (@type_of data ($ty:ty)) => {{
        extern "C" fn layout() -> &'static $crate::library::type_layout::TypeLayout {
            use $crate::library::type_layout as __tl;
            static VARS: __tl::MonoSharedVars = __tl::MonoSharedVars::new(stringify!($ty));
            static SHARED: __tl::SharedVars = __tl::SharedVars::new(&VARS, &[]);
            static MONO: __tl::OtherMonoLayout =
                __tl::OtherMonoLayout::new(__tl::OtherMonoLayout::PRIMITIVE, stringify!($ty), stringify!($ty), &[], __tl::PACKAGE_AND_VERSION);
            static LAYOUT: __tl::TypeLayout = __tl::TypeLayout::other::<$ty>(&SHARED, &MONO, false);
            &LAYOUT
        }
        layout
    }};
    (@abi_header) => { $crate::library::AbiHeader::VALUE };
    (@abi_header $e:expr) => { $e };
    (@layout_constant) => { true };
    (@layout_constant $b:literal) => { $b };
}
