//! `#[sabi_trait]` trait objects (reference section 3): `Trait_TO<'_, RBox<()>>` is an [`RObject`]
//! (vtable pointer first, then the `RBox<()>` holding the erased object), whose vtable is a prefix
//! type starting with `_sabi_tys` (index 0, zero-sized) and `_sabi_vtable` (index 1, the common
//! [`RObjectVtable`]), then one slot per method in declaration order, each taking the erased
//! object (`RRef` for `&self`, `RMut` for `&mut self`) first.
//!
//! [`sabi_trait!`](crate::sabi_trait!) declares a trait with its vtable and object type, so a
//! plugin can hand out objects of its own types and call objects made elsewhere (another plugin,
//! the JS host) through their vtables, checking each method's accessibility bit first (as abi_stable
//! does for traits without `#[sabi(last_prefix_field)]`: a missing method panics).

mod object;
mod pointer;
mod required_traits;
mod robject_vtable;

pub use self::object::{RObject, TraitVTableBase};
pub use self::pointer::{erase_arc, ObjectPointer, PointerKind};
pub use self::required_traits::{ExtraChecksCto, ExtraChecksVtable, ObjectInterface, RequiredTraits, EXTRA_CHECKS_WM, SEND, SYNC, UNPIN};
pub use self::robject_vtable::{RObjectVtable, RObjectVtable_Ref, ROBJECT_VTABLE_BITS};

#[doc(hidden)]
pub mod __private {
    pub use crate::guard::guard;
    pub use crate::marker::ErasedObject;
    pub use crate::prefix::{PrefixRef, WithMetadata};
    pub use crate::sabi_types::{RMut, RRef};
    pub use crate::std_types::RBox;
    pub use std::marker::PhantomData;
}

/// Declares a `#[sabi_trait]`-compatible trait, its vtable and its object type:
///
/// ```
/// abi_stable_mirror::sabi_trait! {
///     /// A counter.
///     pub trait Counter [object = Counter_TO, vtable = CounterVTable] {
///         fn incr(&mut self, by: i64) -> i64;
///         fn get(&self) -> i64;
///     }
/// }
/// struct Mine(i64);
/// impl Counter for Mine {
///     fn incr(&mut self, by: i64) -> i64 { self.0 += by; self.0 }
///     fn get(&self) -> i64 { self.0 }
/// }
/// let mut c = Counter_TO::from_value(Mine(1));
/// assert_eq!(c.incr(2), 3);
/// ```
///
/// Methods take `&self` or `&mut self` and FFI-safe parameters. The object type is `repr(C)` over
/// [`RObject`], implements the trait by calling through its vtable, is `Send + Sync` (`from_value`
/// requires both of the value) and drops through `_sabi_drop`. Generated: the trait (as written),
/// `$VT` (the vtable struct), `$TO` with `from_value`, `has_method` and `METHODS`.
///
/// Supertraits may be the auto traits `Send`, `Sync` and `Unpin` (`pub trait Sink: Send + Sync [..]`):
/// as in abi_stable they become the objects' RequiredTraits (the `extra_checks` of their RObject
/// layout, reference 5.3.8), which a host compares with its declaration.
#[macro_export]
macro_rules! sabi_trait {
    (
        $(#[$attr:meta])*
        $vis:vis trait $Trait:ident $(: $Auto:ident $(+ $Autos:ident)*)? [object = $TO:ident, vtable = $VT:ident $(, package = $package:expr)? $(, pointers = ($ATO:ident, $MTO:ident, $RTO:ident))? $(, extra_checks = $extra:expr)?] {
            $($body:tt)*
        }
    ) => {
        $(#[$attr])*
        $vis trait $Trait $(: $Auto $(+ $Autos)*)? {
            $($body)*
        }
        // The objects' auto traits are the trait's Send/Sync/Unpin supertraits (reference 5.3.8).
        impl $crate::sabi_trait::ObjectInterface for $VT {
            const EXTRA_CHECKS: *const u8 = $crate::sabi_trait!(@extra_checks [$($extra)?] (0u16 $(| $crate::sabi_trait!(@auto $Auto) $(| $crate::sabi_trait!(@auto $Autos))*)?));
        }
        $crate::sabi_trait!(@munch [$vis $Trait $TO $VT [$($package)?] [$($ATO $MTO $RTO)?]] idx [2] names [] fields [] inits [] shims [] calls [] sigs [] rest [$($body)*]);
    };

    // `&mut self`: the slot takes RMut.
    (@munch [$vis:vis $Trait:ident $TO:ident $VT:ident $pkg:tt $ptrs:tt] idx [$($idx:tt)*] names [$($names:tt)*] fields [$($fields:tt)*] inits [$($inits:tt)*]
        shims [$($shims:tt)*] calls [$($calls:tt)*] sigs [$($sigs:tt)*]
        rest [$(#[$mattr:meta])* fn $m:ident(&mut self $(, $a:ident : $t:ty)* $(,)?) $(-> $r:ty)?; $($rest:tt)*]
    ) => {
        $crate::sabi_trait!(@munch [$vis $Trait $TO $VT $pkg $ptrs] idx [$($idx)* + 1] names [$($names)* stringify!($m),]
            fields [$($fields)*
                pub $m: unsafe extern "C" fn($crate::sabi_trait::__private::RMut<'_, $crate::sabi_trait::__private::ErasedObject> $(, $t)*) $(-> $r)?,
            ]
            inits [$($inits)* $m: Self::$m,]
            shims [$($shims)*
                $(#[$mattr])*
                unsafe extern "C" fn $m(this: $crate::sabi_trait::__private::RMut<'_, $crate::sabi_trait::__private::ErasedObject> $(, $a: $t)*) $(-> $r)? {
                    $crate::sabi_trait::__private::guard(move || {
                        // SAFETY: objects with this vtable were made by `from_value` from a `T`, and
                        // `&mut self` gives the slot unique access to it.
                        let this = unsafe { this.cast::<T>().get_mut() };
                        <T as $Trait>::$m(this $(, $a)*)
                    })
                }
            ]
            calls [$($calls)*
                $(#[$mattr])*
                fn $m(&mut self $(, $a: $t)*) $(-> $r)? {
                    let vtable = self.0.vtable();
                    vtable.require($($idx)*, stringify!($m), stringify!($Trait));
                    let slot = $crate::read_prefix_field!(vtable, $m);
                    // SAFETY: the slot exists (bit checked) and takes the erased object this vtable came with.
                    unsafe { slot(self.0.data_mut() $(, $a)*) }
                }
            ]
            sigs [$($sigs)*
                { stringify!($m), 1, true, [unsafe extern "C" fn()], [{ [$crate::sabi_trait::__private::RMut<'_, $crate::sabi_trait::__private::ErasedObject> $(, $t)*], [$($r)?], SabiTrait, true }] },
            ]
            rest [$($rest)*]
        );
    };

    // `self`: the slot takes `*mut ()` and moves the value out; the caller frees the storage only.
    (@munch [$vis:vis $Trait:ident $TO:ident $VT:ident $pkg:tt $ptrs:tt] idx [$($idx:tt)*] names [$($names:tt)*] fields [$($fields:tt)*] inits [$($inits:tt)*]
        shims [$($shims:tt)*] calls [$($calls:tt)*] sigs [$($sigs:tt)*]
        rest [$(#[$mattr:meta])* fn $m:ident(self $(, $a:ident : $t:ty)* $(,)?) $(-> $r:ty)?; $($rest:tt)*]
    ) => {
        $crate::sabi_trait!(@munch [$vis $Trait $TO $VT $pkg $ptrs] idx [$($idx)* + 1] names [$($names)* stringify!($m),]
            fields [$($fields)*
                pub $m: unsafe extern "C" fn(*mut () $(, $t)*) $(-> $r)?,
            ]
            inits [$($inits)* $m: Self::$m,]
            shims [$($shims)*
                $(#[$mattr])*
                unsafe extern "C" fn $m(this: *mut () $(, $a: $t)*) $(-> $r)? {
                    $crate::sabi_trait::__private::guard(move || {
                        // SAFETY: objects with this vtable hold a `T`; the caller frees the
                        // storage only (`destructor(data, No, Yes)`), so moving it out is the one read.
                        let this: T = unsafe { (this as *mut T).read() };
                        <T as $Trait>::$m(this $(, $a)*)
                    })
                }
            ]
            calls [$($calls)*
                $(#[$mattr])*
                fn $m(self $(, $a: $t)*) $(-> $r)? {
                    let vtable = self.0.vtable();
                    vtable.require($($idx)*, stringify!($m), stringify!($Trait));
                    let slot = $crate::read_prefix_field!(vtable, $m);
                    // SAFETY: the slot exists (bit checked), takes the erased object this vtable came
                    // with and moves it out; `consume` then frees the storage only.
                    self.0.consume(|data| unsafe { slot(data $(, $a)*) })
                }
            ]
            sigs [$($sigs)*
                { stringify!($m), 1, true, [unsafe extern "C" fn()], [{ [*mut () $(, $t)*], [$($r)?], SabiTrait, true }] },
            ]
            rest [$($rest)*]
        );
    };

    // `&self`: the slot takes RRef.
    (@munch [$vis:vis $Trait:ident $TO:ident $VT:ident $pkg:tt $ptrs:tt] idx [$($idx:tt)*] names [$($names:tt)*] fields [$($fields:tt)*] inits [$($inits:tt)*]
        shims [$($shims:tt)*] calls [$($calls:tt)*] sigs [$($sigs:tt)*]
        rest [$(#[$mattr:meta])* fn $m:ident(&self $(, $a:ident : $t:ty)* $(,)?) $(-> $r:ty)?; $($rest:tt)*]
    ) => {
        $crate::sabi_trait!(@munch [$vis $Trait $TO $VT $pkg $ptrs] idx [$($idx)* + 1] names [$($names)* stringify!($m),]
            fields [$($fields)*
                pub $m: unsafe extern "C" fn($crate::sabi_trait::__private::RRef<'_, $crate::sabi_trait::__private::ErasedObject> $(, $t)*) $(-> $r)?,
            ]
            inits [$($inits)* $m: Self::$m,]
            shims [$($shims)*
                $(#[$mattr])*
                unsafe extern "C" fn $m(this: $crate::sabi_trait::__private::RRef<'_, $crate::sabi_trait::__private::ErasedObject> $(, $a: $t)*) $(-> $r)? {
                    $crate::sabi_trait::__private::guard(move || {
                        // SAFETY: objects with this vtable were made by `from_value` from a `T`.
                        let this = unsafe { this.cast::<T>().get() };
                        <T as $Trait>::$m(this $(, $a)*)
                    })
                }
            ]
            calls [$($calls)*
                $(#[$mattr])*
                fn $m(&self $(, $a: $t)*) $(-> $r)? {
                    let vtable = self.0.vtable();
                    vtable.require($($idx)*, stringify!($m), stringify!($Trait));
                    let slot = $crate::read_prefix_field!(vtable, $m);
                    // SAFETY: the slot exists (bit checked) and takes the erased object this vtable came with.
                    unsafe { slot(self.0.data_ref() $(, $a)*) }
                }
            ]
            sigs [$($sigs)*
                { stringify!($m), 1, true, [unsafe extern "C" fn()], [{ [$crate::sabi_trait::__private::RRef<'_, $crate::sabi_trait::__private::ErasedObject> $(, $t)*], [$($r)?], SabiTrait, true }] },
            ]
            rest [$($rest)*]
        );
    };

    // Every method munched: emit the vtable, the object type and the impls.
    (@munch [$vis:vis $Trait:ident $TO:ident $VT:ident $pkg:tt $ptrs:tt] idx [$($idx:tt)*] names [$($names:tt)*] fields [$($fields:tt)*] inits [$($inits:tt)*]
        shims [$($shims:tt)*] calls [$($calls:tt)*] sigs [$($sigs:tt)*] rest []
    ) => {
        #[doc = concat!("The vtable of `", stringify!($Trait), "` objects (a prefix type; reference 3.2).")]
        #[repr(C)]
        $vis struct $VT {
            pub _sabi_tys: $crate::sabi_trait::__private::PhantomData<extern "C" fn()>,
            pub _sabi_vtable: $crate::sabi_trait::RObjectVtable_Ref,
            $($fields)*
        }

        #[doc = concat!("`", stringify!($Trait), "_TO<'static, RBox<()>>`: a `", stringify!($Trait), "` object made here or elsewhere.")]
        #[allow(non_camel_case_types)] // abi_stable's own name for it: `Trait_TO`
        #[repr(transparent)]
        $vis struct $TO($crate::sabi_trait::RObject<$VT>);

        // SAFETY: the vtable's layout lists its fields as declared above (a prefix type without
        // `last_prefix_field`: first_suffix_field 0, so its size is 0; reference 5.3.8).
        unsafe impl $crate::stable_abi::StableAbi for $VT {
            type StaticEquivalent = $VT;
            const LAYOUT: &'static $crate::stable_abi::TypeLayout = $crate::__derive_layout! {
                type: $VT,
                name: "VTable",
                package: $crate::sabi_trait!(@package $pkg),
                mod_path: concat!(module_path!(), "::", stringify!($Trait), "_trait\0"),
                data: prefix(0, (1u64 << ($($idx)*)) - 1, 0, 1),
                repr: $crate::stable_abi::repr::C,
                nonzero: false,
                fields: [
                    { "_sabi_tys", 1, false, [$crate::sabi_trait::__private::PhantomData<extern "C" fn()>], [] },
                    { "_sabi_vtable", 1, false, [$crate::sabi_trait::RObjectVtable_Ref], [] },
                    $($sigs)*
                ],
            };
        }

        // SAFETY: `$TO` is a transparent `RObject<$VT>` (reference 5.3.8: fields `obj`, `_marker`).
        unsafe impl $crate::stable_abi::StableAbi for $TO {
            type StaticEquivalent = $TO;
            const LAYOUT: &'static $crate::stable_abi::TypeLayout = $crate::__derive_layout! {
                type: $TO,
                name: stringify!($TO),
                package: $crate::sabi_trait!(@package $pkg),
                mod_path: concat!(module_path!(), "::", stringify!($Trait), "_trait\0"),
                data: struct,
                repr: $crate::stable_abi::repr::C,
                nonzero: false,
                fields: [
                    { "obj", 0, false, [$crate::sabi_trait::RObject<$VT>], [] },
                    { "_marker", 4, false, [$crate::sabi_trait::__private::PhantomData<()>], [] },
                ],
                generics: ("'lt,\0", 1),
            };
        }

        $crate::sabi_trait!(@pointer_types $ptrs $vis $Trait $TO $VT $pkg);

        // SAFETY: `from_value` requires `Send + Sync` of the value; objects made elsewhere (the JS
        // host's) are callable from any thread by their contract.
        unsafe impl Send for $TO {}
        // SAFETY: as above.
        unsafe impl Sync for $TO {}

        const _: () = {
            struct VTableFor<T>($crate::sabi_trait::__private::PhantomData<T>);

            #[allow(non_snake_case)]
            impl<T: $Trait + Send + Sync + 'static> VTableFor<T> {
                $($shims)*

                const WM: $crate::sabi_trait::__private::WithMetadata<$VT> = $crate::sabi_trait::__private::WithMetadata {
                    field_accessibility: (1u64 << ($($idx)*)) - 1,
                    type_layout: LAYOUT,
                    value: $VT {
                        _sabi_tys: $crate::sabi_trait::__private::PhantomData,
                        _sabi_vtable: $crate::sabi_trait::RObjectVtable::OPAQUE,
                        $($inits)*
                    },
                };

                // SAFETY: a promoted constant lives forever and is never mutated.
                const VTABLE: $crate::sabi_trait::__private::PrefixRef<$VT> = unsafe { $crate::sabi_trait::__private::PrefixRef::from_raw(&Self::WM) };

                // One vtable per (type, pointer), as abi_stable makes them: the slots are the same,
                // the common part drops and clones the pointer the object is over (reference 11.B).
                const WM_ARC: $crate::sabi_trait::__private::WithMetadata<$VT> = $crate::sabi_trait::__private::WithMetadata {
                    field_accessibility: (1u64 << ($($idx)*)) - 1,
                    type_layout: LAYOUT,
                    value: $VT {
                        _sabi_tys: $crate::sabi_trait::__private::PhantomData,
                        _sabi_vtable: $crate::sabi_trait::RObjectVtable::ARC,
                        $($inits)*
                    },
                };
                const WM_BORROWED: $crate::sabi_trait::__private::WithMetadata<$VT> = $crate::sabi_trait::__private::WithMetadata {
                    field_accessibility: (1u64 << ($($idx)*)) - 1,
                    type_layout: LAYOUT,
                    value: $VT {
                        _sabi_tys: $crate::sabi_trait::__private::PhantomData,
                        _sabi_vtable: $crate::sabi_trait::RObjectVtable::BORROWED,
                        $($inits)*
                    },
                };
                #[allow(dead_code)]
                // SAFETY: as above.
                const VTABLE_ARC: $crate::sabi_trait::__private::PrefixRef<$VT> = unsafe { $crate::sabi_trait::__private::PrefixRef::from_raw(&Self::WM_ARC) };
                #[allow(dead_code)]
                // SAFETY: as above.
                const VTABLE_BORROWED: $crate::sabi_trait::__private::PrefixRef<$VT> = unsafe { $crate::sabi_trait::__private::PrefixRef::from_raw(&Self::WM_BORROWED) };
            }

            $crate::sabi_trait!(@pointer_impls $ptrs $Trait $TO $VT [$($calls)*]);

            $crate::declare_prefix_layout!(LAYOUT = "VTable");

            impl $TO {
                /// The method names, in vtable order (method k is field 2 + k).
                pub const METHODS: &'static [&'static str] = &[$($names)*];

                /// Boxes `value` in this library, with a vtable made for its type.
                pub fn from_value<T: $Trait + Send + Sync + 'static>(value: T) -> Self {
                    let boxed = $crate::sabi_trait::__private::RBox::new(value);
                    // SAFETY: the vtable's slots and the box's destructor were made for `T`, the
                    // type the erased pointer really has.
                    unsafe { Self($crate::sabi_trait::RObject::from_raw_parts(VTableFor::<T>::VTABLE, boxed.transmute_element())) }
                }

                /// Whether this object's vtable has method `name` (an older library's may not).
                pub fn has_method(&self, name: &str) -> bool {
                    Self::METHODS.iter().position(|m| *m == name).is_some_and(|k| self.0.vtable().is_accessible(2 + k as u32))
                }
            }

            impl $Trait for $TO {
                $($calls)*
            }
        };
    };
    // Objects over RArc / RMut / RRef (`pointers = (ArcTO, MutTO, RefTO)`): constructors, reborrows
    // and the trait through their vtables (inside the block that sees `VTableFor`).
    (@pointer_impls [] $Trait:ident $TO:ident $VT:ident [$($calls:tt)*]) => {};
    (@pointer_impls [$ATO:ident $MTO:ident $RTO:ident] $Trait:ident $TO:ident $VT:ident [$($calls:tt)*]) => {
        impl $ATO {
            /// Shares `value` behind an RArc made in this library, with a vtable made for its type.
            pub fn from_value<T: $Trait + Send + Sync + 'static>(value: T) -> Self {
                let arc = $crate::sabi_trait::erase_arc($crate::std_types::RArc::new(value));
                // SAFETY: the vtable's slots and the Arc's vtable were made for `T`.
                unsafe { Self($crate::sabi_trait::RObject::from_raw_parts(VTableFor::<T>::VTABLE_ARC, arc)) }
            }
            /// The strong count, through the Arc's own vtable.
            pub fn strong_count(&self) -> usize {
                self.0.strong_count()
            }
            /// One more strong reference through the Arc's vtable, whether or not the trait is Clone.
            pub fn arc_clone(&self) -> Self {
                Self(self.0.arc_clone())
            }
        }
        impl Clone for $ATO {
            /// One more strong reference, through `_sabi_clone`.
            fn clone(&self) -> Self {
                Self(self.0.sabi_clone().expect(concat!(stringify!($ATO), ": this object's vtable has no _sabi_clone")))
            }
        }
        impl<'a> $MTO<'a> {
            /// Lends `value` as an RMut object (never dropped through it).
            pub fn from_ptr<T: $Trait + Send + Sync + 'static>(value: &'a mut T) -> Self {
                let data = $crate::sabi_trait::__private::RMut::new(value).cast();
                // SAFETY: the vtable's slots were made for `T`, the erased pointer's real type.
                unsafe { Self($crate::sabi_trait::RObject::from_raw_parts(VTableFor::<T>::VTABLE_BORROWED, data)) }
            }
        }
        impl<'a> $RTO<'a> {
            /// Lends `value` as an RRef object (never dropped through it).
            pub fn from_ptr<T: $Trait + Send + Sync + 'static>(value: &'a T) -> Self {
                let data = $crate::sabi_trait::__private::RRef::new(value).cast();
                // SAFETY: as above.
                unsafe { Self($crate::sabi_trait::RObject::from_raw_parts(VTableFor::<T>::VTABLE_BORROWED, data)) }
            }
            /// Another RRef object over the same value (Rust copies the pointer).
            pub fn sabi_clone(&self) -> Self {
                Self(self.0.sabi_clone().expect("an RRef object always clones"))
            }
        }
        impl $TO {
            /// An RMut object over this one's value, with this one's vtable (`sabi_reborrow_mut`).
            pub fn sabi_reborrow_mut(&mut self) -> $MTO<'_> {
                $MTO(self.0.reborrow_mut())
            }
            /// An RRef object over this one's value, with this one's vtable (`sabi_reborrow`).
            pub fn sabi_reborrow(&self) -> $RTO<'_> {
                $RTO(self.0.reborrow())
            }
        }
        impl $Trait for $ATO {
            $($calls)*
        }
        impl $Trait for $MTO<'_> {
            $($calls)*
        }
        impl $Trait for $RTO<'_> {
            $($calls)*
        }
    };
    // The object types over RArc / RMut / RRef, with their layouts (module level).
    (@pointer_types [] $vis:vis $Trait:ident $TO:ident $VT:ident $pkg:tt) => {};
    (@pointer_types [$ATO:ident $MTO:ident $RTO:ident] $vis:vis $Trait:ident $TO:ident $VT:ident $pkg:tt) => {
        #[doc = concat!("`", stringify!($Trait), "_TO<'static, RArc<()>>`: a shared `", stringify!($Trait), "` object (24 bytes).")]
        #[allow(non_camel_case_types)] // abi_stable's own naming: `Trait_TO`
        #[repr(transparent)]
        $vis struct $ATO($crate::sabi_trait::RObject<$VT, $crate::std_types::RArc<$crate::sabi_trait::__private::ErasedObject>>);
        #[doc = concat!("`", stringify!($Trait), "_TO<'a, RMut<'a, ()>>`: a `", stringify!($Trait), "` object lent uniquely (16 bytes, never dropped).")]
        #[allow(non_camel_case_types)] // abi_stable's own naming: `Trait_TO`
        #[repr(transparent)]
        $vis struct $MTO<'a>($crate::sabi_trait::RObject<$VT, $crate::sabi_trait::__private::RMut<'a, $crate::sabi_trait::__private::ErasedObject>>);
        #[doc = concat!("`", stringify!($Trait), "_TO<'a, RRef<'a, ()>>`: a `", stringify!($Trait), "` object lent shared (16 bytes, never dropped).")]
        #[allow(non_camel_case_types)] // abi_stable's own naming: `Trait_TO`
        #[repr(transparent)]
        $vis struct $RTO<'a>($crate::sabi_trait::RObject<$VT, $crate::sabi_trait::__private::RRef<'a, $crate::sabi_trait::__private::ErasedObject>>);

        // SAFETY: as `$TO` (the value is Send + Sync by `from_value`/`from_ptr`'s bounds).
        unsafe impl Send for $ATO {}
        // SAFETY: as above.
        unsafe impl Sync for $ATO {}
        // SAFETY: as above.
        unsafe impl Send for $MTO<'_> {}
        // SAFETY: as above (`from_ptr` requires Send + Sync of the value; `&mut` access is unique).
        unsafe impl Sync for $MTO<'_> {}
        // SAFETY: as above.
        unsafe impl Send for $RTO<'_> {}
        // SAFETY: as above.
        unsafe impl Sync for $RTO<'_> {}

        $crate::sabi_trait!(@pointer_layout $ATO, $ATO, [$crate::std_types::RArc<$crate::sabi_trait::__private::ErasedObject>], $Trait $TO $VT $pkg);
        $crate::sabi_trait!(@pointer_layout $MTO<'a>, $MTO<'static>, [$crate::sabi_trait::__private::RMut<'static, $crate::sabi_trait::__private::ErasedObject>], $Trait $TO $VT $pkg);
        $crate::sabi_trait!(@pointer_layout $RTO<'a>, $RTO<'static>, [$crate::sabi_trait::__private::RRef<'static, $crate::sabi_trait::__private::ErasedObject>], $Trait $TO $VT $pkg);
    };
    // `Trait_TO<'lt, P>`'s layout: named like the RBox one (abi_stable's name does not change with P).
    (@pointer_layout $Ty:ty, $Static:ty, [$P:ty], $Trait:ident $TO:ident $VT:ident $pkg:tt) => {
        // SAFETY: a transparent `RObject<$VT, P>` (reference 5.3.8: fields `obj`, `_marker`).
        unsafe impl<'a> $crate::stable_abi::StableAbi for $Ty {
            type StaticEquivalent = $Static;
            const LAYOUT: &'static $crate::stable_abi::TypeLayout = $crate::__derive_layout! {
                type: $Static,
                name: stringify!($TO),
                package: $crate::sabi_trait!(@package $pkg),
                mod_path: concat!(module_path!(), "::", stringify!($Trait), "_trait\0"),
                data: struct,
                repr: $crate::stable_abi::repr::C,
                nonzero: false,
                fields: [
                    { "obj", 0, false, [$crate::sabi_trait::RObject<$VT, $P>], [] },
                    { "_marker", 4, false, [$crate::sabi_trait::__private::PhantomData<()>], [] },
                ],
                generics: ("'lt,\0", 1),
            };
        }
    };
    // Supertraits: only the auto traits, as RequiredTraits bits.
    (@auto Send) => { $crate::sabi_trait::SEND };
    (@auto Sync) => { $crate::sabi_trait::SYNC };
    (@auto Unpin) => { $crate::sabi_trait::UNPIN };
    // `extra_checks = expr` replaces the RequiredTraits pointer (a loader's rejection tests only).
    (@extra_checks [] ($auto:expr)) => { $crate::__required_traits_extra_checks!($auto) };
    (@extra_checks [$extra:expr] ($auto:expr)) => { $extra };
    // `item_info` of the object and vtable: the given `package = "name;version"`, else the crate's.
    (@package []) => { concat!(env!("CARGO_PKG_NAME"), ";", env!("CARGO_PKG_VERSION")) };
    (@package [$package:expr]) => { $package };
}

#[cfg(test)]
mod tests;
