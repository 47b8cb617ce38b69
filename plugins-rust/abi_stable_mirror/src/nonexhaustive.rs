//! `NonExhaustive<E, S, I>` (reference 11.A): the enum `E` in a storage the size of `S`, then a
//! pointer to the creator's `NonExhaustiveVtable` (prefix type, bits always `0x7FF`, null slots
//! for traits the interface lacks). A reader that does not know a variant (an older build) still
//! formats, serializes, compares, clones and drops it through the vtable, which is the creator's
//! code compiled for its `E`.
//!
//! As in abi_stable, the enum has an integer repr (`#[repr(u8)]` … `#[repr(isize)]`, or
//! `#[repr(C, int)]`): its discriminant is that integer, stored first in the storage, and
//! `GetEnumInfo::Discriminant` names its type. `NonExhaustiveEnum` is the shorthand for
//! `#[repr(u8)]` enums.

use std::fmt::{self, Debug, Display};
use std::marker::PhantomData;
use std::mem::ManuallyDrop;

use crate::erased::dyn_vtable::{FmtFn, FormattingMode, OpaqueFn};
use crate::erased::{RawValueBox, SerializeJson};
use crate::guard::guard;
use crate::library::RBoxError;
use crate::marker::ErasedObject;
use crate::prefix::WithMetadata;
use crate::sabi_types::{RMut, RRef};
use crate::std_types::{RErr, ROk, RResult, RStr, RString};

/// The integer types abi_stable accepts as an enum's discriminant (its `ValidDiscriminant`).
pub trait ValidDiscriminant: sealed::Sealed + Copy + Eq + Ord + Debug + Send + Sync + 'static {}

mod sealed {
    pub trait Sealed {}
}

macro_rules! valid_discriminants {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl ValidDiscriminant for $t {}
    )*};
}
valid_discriminants!(u8, i8, u16, i16, u32, i32, u64, i64, usize, isize);

/// What an enum must provide to live in a NonExhaustive (the derive's `GetEnumInfo`).
pub trait GetEnumInfo: Sized + Clone + Debug + Display + PartialEq + SerializeJson {
    /// The enum's repr integer: its discriminant is one of these, first in the storage.
    type Discriminant: ValidDiscriminant;
    /// `std::any::type_name`-like name of the enum.
    const TYPE_NAME: &'static str;
    /// The variants' names, each followed by `;` (`"CreateItem;DeleteItem;"`), in declaration order.
    const VARIANT_NAMES: &'static str;
    /// Whether `discriminant` is one of this enum's.
    fn is_valid_discriminant(discriminant: Self::Discriminant) -> bool;
}

/// A `#[repr(u8)]` enum's `GetEnumInfo`, written without naming the discriminant type.
pub trait NonExhaustiveEnum: Sized + Clone + Debug + Display + PartialEq + SerializeJson {
    /// `std::any::type_name`-like name of the enum.
    const TYPE_NAME: &'static str;
    /// The variants' names, each followed by `;` (`"CreateItem;DeleteItem;"`), in declaration order.
    const VARIANT_NAMES: &'static str;
    /// Whether `discriminant` is one of this enum's (the derive's `is_valid_discriminant`).
    fn is_valid_discriminant(discriminant: u8) -> bool;
}

impl<E: NonExhaustiveEnum> GetEnumInfo for E {
    type Discriminant = u8;
    const TYPE_NAME: &'static str = <E as NonExhaustiveEnum>::TYPE_NAME;
    const VARIANT_NAMES: &'static str = <E as NonExhaustiveEnum>::VARIANT_NAMES;
    fn is_valid_discriminant(discriminant: u8) -> bool {
        <E as NonExhaustiveEnum>::is_valid_discriminant(discriminant)
    }
}

/// The discriminant at the start of a NonExhaustive's storage (where every integer repr puts it).
///
/// # Safety
/// `ne` must point at a NonExhaustive of an enum whose repr integer is `D`.
unsafe fn discriminant_at<D: ValidDiscriminant>(ne: *const ErasedObject) -> D {
    // SAFETY: the caller's promise; read unaligned, as the storage's alignment is the enum's.
    unsafe { std::ptr::read_unaligned(ne as *const D) }
}

/// `EnumInfo` (40 bytes): `type_name`, `strings`, `variant_names: StartLen` (start in bits 0-15,
/// length in bits 16-31 of `strings`).
#[repr(C)]
pub struct EnumInfo {
    pub type_name: RStr<'static>,
    pub strings: RStr<'static>,
    pub variant_names: u32,
}

/// The NonExhaustiveVtable's fields after `_sabi_tys` (index 0, zero-sized).
#[repr(C)]
pub struct NeVTable {
    pub enum_info: &'static EnumInfo,
    pub drop: unsafe extern "C" fn(RMut<'_, ErasedObject>),
    /// `NE f(const NE *ne, vtable)`: erased; called through `clone_slot`.
    pub clone: Option<OpaqueFn>,
    pub debug: Option<FmtFn>,
    pub display: Option<FmtFn>,
    /// `RResult<RawValueBox, RBoxError> f(const NE *ne)`: erased.
    pub serialize: Option<OpaqueFn>,
    pub partial_eq: Option<unsafe extern "C" fn(RRef<'_, ErasedObject>, RRef<'_, ErasedObject>) -> bool>,
    pub cmp: Option<OpaqueFn>,
    pub partial_cmp: Option<OpaqueFn>,
    pub hash: Option<OpaqueFn>,
}

/// Bits of every NonExhaustiveVtable: `_sabi_tys` and the ten slots.
pub const NE_VTABLE_BITS: u64 = 0x7FF;

#[repr(C)]
union Fill<E, S> {
    value: ManuallyDrop<E>,
    _storage: ManuallyDrop<S>,
}

#[repr(C)]
pub struct NonExhaustive<E, S, I> {
    fill: Fill<E, S>,
    vtable: &'static WithMetadata<NeVTable>,
    _marker: PhantomData<I>,
}

crate::declare_prefix_layout!(NE_VTABLE_LAYOUT = "NonExhaustiveVtable");

/// The slots of `E` in storage `S` with interface `I`.
pub struct MakeNeVTable<E, S, I>(PhantomData<(E, S, I)>);

unsafe fn enum_of<'a, E>(ne: RRef<'a, ErasedObject>) -> &'a E {
    // SAFETY: the NonExhaustive's address is its fill's, which holds an `E` of this vtable's creator.
    unsafe { ne.cast::<E>().get() }
}

unsafe extern "C" fn drop_slot<E>(ne: RMut<'_, ErasedObject>) {
    // SAFETY: dropped in place, once; the storage is the caller's.
    guard(|| unsafe { std::ptr::drop_in_place(ne.cast::<E>().as_ptr()) })
}

unsafe extern "C" fn clone_slot<E: GetEnumInfo, S, I>(ne: RRef<'_, ErasedObject>, vtable: &'static WithMetadata<NeVTable>) -> NonExhaustive<E, S, I> {
    // SAFETY: see `enum_of`.
    guard(|| NonExhaustive::with_vtable(unsafe { enum_of::<E>(ne) }.clone(), vtable))
}

unsafe extern "C" fn debug_slot<E: Debug>(ne: RRef<'_, ErasedObject>, mode: FormattingMode, out: &mut RString) -> RResult<(), ()> {
    guard(|| {
        // SAFETY: see `enum_of`.
        let e = unsafe { enum_of::<E>(ne) };
        out.push_str(&if mode == FormattingMode::Alternate { format!("{e:#?}") } else { format!("{e:?}") });
        ROk(())
    })
}

unsafe extern "C" fn display_slot<E: Display>(ne: RRef<'_, ErasedObject>, mode: FormattingMode, out: &mut RString) -> RResult<(), ()> {
    guard(|| {
        // SAFETY: see `enum_of`.
        let e = unsafe { enum_of::<E>(ne) };
        out.push_str(&if mode == FormattingMode::Alternate { format!("{e:#}") } else { format!("{e}") });
        ROk(())
    })
}

unsafe extern "C" fn serialize_slot<E: SerializeJson>(ne: RRef<'_, ErasedObject>) -> RResult<RawValueBox, RBoxError> {
    // SAFETY: see `enum_of`.
    guard(|| match unsafe { enum_of::<E>(ne) }.to_json() {
        Ok(json) => ROk(json),
        Err(e) => RErr(e),
    })
}

/// An `other` whose discriminant this `E` does not have is never equal (reference 11.A).
unsafe extern "C" fn partial_eq_slot<E: GetEnumInfo>(ne: RRef<'_, ErasedObject>, other: RRef<'_, ErasedObject>) -> bool {
    guard(|| {
        // SAFETY: both point at a NonExhaustive's storage of an `E`, which starts with its discriminant.
        let d = unsafe { discriminant_at::<E::Discriminant>(other.as_ptr()) };
        // SAFETY: see `enum_of`; `other` holds a valid `E` once its discriminant is.
        E::is_valid_discriminant(d) && unsafe { enum_of::<E>(ne) == enum_of::<E>(other) }
    })
}

impl<E: GetEnumInfo, S, I> MakeNeVTable<E, S, I> {
    const INFO: EnumInfo = EnumInfo {
        type_name: RStr::from_str(E::TYPE_NAME),
        strings: RStr::from_str(E::VARIANT_NAMES),
        variant_names: (E::VARIANT_NAMES.len() as u32) << 16,
    };

    /// The vtable with every slot this crate makes, or (with `display: false`) without Display.
    pub const fn vtable(display: bool) -> WithMetadata<NeVTable> {
        // SAFETY: an `extern "C"` fn pointer erased to another fn pointer type, called only
        // through its real signature.
        let clone: OpaqueFn = unsafe {
            std::mem::transmute::<
                unsafe extern "C" fn(RRef<'_, ErasedObject>, &'static WithMetadata<NeVTable>) -> NonExhaustive<E, S, I>,
                OpaqueFn,
            >(clone_slot::<E, S, I>)
        };
        // SAFETY: as above.
        let serialize: OpaqueFn = unsafe {
            std::mem::transmute::<unsafe extern "C" fn(RRef<'_, ErasedObject>) -> RResult<RawValueBox, RBoxError>, OpaqueFn>(
                serialize_slot::<E>,
            )
        };
        WithMetadata {
            field_accessibility: NE_VTABLE_BITS,
            type_layout: NE_VTABLE_LAYOUT,
            value: NeVTable {
                enum_info: &Self::INFO,
                drop: drop_slot::<E>,
                clone: Some(clone),
                debug: Some(debug_slot::<E>),
                display: if display { Some(display_slot::<E>) } else { None },
                serialize: Some(serialize),
                partial_eq: Some(partial_eq_slot::<E>),
                cmp: None,
                partial_cmp: None,
                hash: None,
            },
        }
    }

    const WM: WithMetadata<NeVTable> = Self::vtable(true);
    pub const VTABLE: &'static WithMetadata<NeVTable> = &Self::WM;
}

impl<E: GetEnumInfo, S, I> NonExhaustive<E, S, I> {
    /// Wraps `value` with this library's vtable for `E`.
    pub fn new(value: E) -> Self {
        Self::with_vtable(value, MakeNeVTable::<E, S, I>::VTABLE)
    }

    const STORAGE_HOLDS_ENUM: () = assert!(
        std::mem::size_of::<E>() <= std::mem::size_of::<S>() && std::mem::align_of::<E>() <= std::mem::align_of::<S>(),
        "The size of the storage is smaller than the contained type"
    );

    fn with_vtable(value: E, vtable: &'static WithMetadata<NeVTable>) -> Self {
        #[allow(clippy::let_unit_value)]
        let () = Self::STORAGE_HOLDS_ENUM;
        // The storage past the enum is zeroed, not left uninitialised: readers copy all of it.
        let mut this = std::mem::MaybeUninit::<Self>::zeroed();
        let p = this.as_mut_ptr();
        // SAFETY: writing both fields of a zeroed, properly aligned Self makes it valid.
        unsafe {
            std::ptr::addr_of_mut!((*p).fill).cast::<E>().write(value);
            std::ptr::addr_of_mut!((*p).vtable).write(vtable);
            this.assume_init()
        }
    }

    /// The discriminant the creator wrote (abi_stable's `get_discriminant`).
    pub fn discriminant(&self) -> E::Discriminant {
        // SAFETY: the fill starts with the discriminant of an `E` (of this or another build).
        unsafe { discriminant_at::<E::Discriminant>(self as *const Self as *const ErasedObject) }
    }

    /// The enum, when its variant is one this build knows.
    pub fn as_enum(&self) -> Option<&E> {
        // SAFETY: a valid discriminant means the fill holds an `E` this build can read.
        E::is_valid_discriminant(self.discriminant()).then(|| unsafe { &*self.fill.value })
    }

    /// The enum moved out when its variant is one this build knows (no drop through the vtable
    /// then: the enum's own drop runs), else the NonExhaustive back.
    pub fn into_enum(self) -> Result<E, Self> {
        if !E::is_valid_discriminant(self.discriminant()) {
            return Err(self);
        }
        let this = ManuallyDrop::new(self);
        // SAFETY: a valid discriminant means the fill holds an `E`; `this` is never dropped.
        Ok(unsafe { std::ptr::read(&*this.fill.value) })
    }

    /// Serialize through the creator's slot: the RawValueBox's JSON, or the creator's error.
    pub fn serialize_json(&self) -> Result<RawValueBox, RBoxError> {
        let slot = self.vtable.value.serialize.ok_or_else(|| RBoxError::new("the NonExhaustive's vtable has no serialize slot"))?;
        // SAFETY: the creator's serialize slot has this signature (MakeNeVTable, or a host's).
        let serialize: unsafe extern "C" fn(RRef<'_, ErasedObject>) -> RResult<RawValueBox, RBoxError> = unsafe { std::mem::transmute(slot) };
        // SAFETY: the slot belongs to this value's vtable.
        match unsafe { serialize(self.erased()) } {
            ROk(json) => Ok(json),
            RErr(e) => Err(e),
        }
    }

    fn erased(&self) -> RRef<'_, ErasedObject> {
        // SAFETY: the NonExhaustive's own address, as every slot takes it.
        unsafe { RRef::from_raw(self as *const Self as *const ErasedObject) }
    }

    fn format(&self, slot: Option<FmtFn>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let slot = slot.ok_or(fmt::Error)?;
        let mut out = RString::new();
        let mode = if f.alternate() { FormattingMode::Alternate } else { FormattingMode::Default_ };
        // SAFETY: the creator's slot for this value.
        if unsafe { slot(self.erased(), mode, &mut out) }.is_err() {
            return Err(fmt::Error);
        }
        f.write_str(out.as_str())
    }
}

/// Clone through the creator's slot (with this value's vtable, as abi_stable passes it).
impl<E: GetEnumInfo, S, I> Clone for NonExhaustive<E, S, I> {
    fn clone(&self) -> Self {
        let slot = self.vtable.value.clone.expect("the NonExhaustive's vtable has no clone slot");
        // SAFETY: the creator's clone slot has this signature (MakeNeVTable, or a host's vtable
        // for the same E, S, I).
        let clone: unsafe extern "C" fn(RRef<'_, ErasedObject>, &'static WithMetadata<NeVTable>) -> Self = unsafe { std::mem::transmute(slot) };
        // SAFETY: the slot belongs to this value's vtable.
        unsafe { clone(self.erased(), self.vtable) }
    }
}

/// PartialEq through the creator's slot (false for a variant it does not have).
impl<E: GetEnumInfo, S, I> PartialEq for NonExhaustive<E, S, I> {
    fn eq(&self, other: &Self) -> bool {
        let eq = self.vtable.value.partial_eq.expect("the NonExhaustive's vtable has no partial_eq slot");
        // SAFETY: both are NonExhaustives of the same E; the slot is this value's creator's.
        unsafe { eq(self.erased(), other.erased()) }
    }
}

/// Display and Debug go through the vtable: they work for variants this build does not know.
impl<E: GetEnumInfo, S, I> Display for NonExhaustive<E, S, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.format(self.vtable.value.display, f)
    }
}

impl<E: GetEnumInfo, S, I> Debug for NonExhaustive<E, S, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.format(self.vtable.value.debug, f)
    }
}

impl<E, S, I> Drop for NonExhaustive<E, S, I> {
    fn drop(&mut self) {
        // SAFETY: the creator's drop for this value, once; the storage stays ours.
        unsafe { (self.vtable.value.drop)(RMut::from_raw(self as *mut Self as *mut ErasedObject)) }
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<EnumInfo>() == 40);
    assert!(size_of::<WithMetadata<NeVTable>>() == 96);
    assert!(offset_of!(WithMetadata<NeVTable>, value) == 16);
    assert!(offset_of!(NeVTable, drop) == 8);
    assert!(offset_of!(NeVTable, clone) == 16);
    assert!(offset_of!(NeVTable, serialize) == 40);
    assert!(offset_of!(NeVTable, hash) == 72);
    assert!(size_of::<NonExhaustive<u8, [usize; 8], ()>>() == 72);
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static DROPS: AtomicUsize = AtomicUsize::new(0);

    #[repr(u8)]
    #[derive(Debug, Clone, PartialEq)]
    enum Op {
        Add(u32) = 0,
        Clear = 1,
    }
    impl Drop for Op {
        fn drop(&mut self) {
            DROPS.fetch_add(1, Ordering::SeqCst);
        }
    }
    impl Display for Op {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                Op::Add(n) => write!(f, "add {n}"),
                Op::Clear => f.write_str("clear"),
            }
        }
    }
    impl SerializeJson for Op {
        fn to_json(&self) -> Result<RawValueBox, RBoxError> {
            Ok(RString::from("{}"))
        }
    }
    impl NonExhaustiveEnum for Op {
        const TYPE_NAME: &'static str = "Op";
        const VARIANT_NAMES: &'static str = "Add;Clear;";
        fn is_valid_discriminant(d: u8) -> bool {
            d <= 1
        }
    }
    type OpNe = NonExhaustive<Op, [usize; 2], ()>;

    #[test]
    fn formats_compares_clones_and_drops_through_the_vtable() {
        let before = DROPS.load(Ordering::SeqCst);
        let a = OpNe::new(Op::Add(3));
        assert_eq!(a.discriminant(), 0);
        assert!(matches!(a.as_enum(), Some(Op::Add(3))));
        assert_eq!(format!("{a} / {a:?}"), "add 3 / Add(3)");
        assert_eq!(a.vtable.field_accessibility, NE_VTABLE_BITS);
        let info = a.vtable.value.enum_info;
        assert_eq!(info.strings.as_str(), "Add;Clear;");
        assert_eq!(info.variant_names >> 16, 10);
        let clone = a.vtable.value.clone.expect("clone slot");
        // SAFETY: the clone slot's real signature, as MakeNeVTable erased it.
        let clone: unsafe extern "C" fn(RRef<'_, ErasedObject>, &'static WithMetadata<NeVTable>) -> OpNe =
            unsafe { std::mem::transmute(clone) };
        // SAFETY: the slot belongs to `a`'s vtable.
        let b = unsafe { clone(a.erased(), a.vtable) };
        let eq = a.vtable.value.partial_eq.expect("partial_eq slot");
        // SAFETY: both values are Ops of this vtable.
        assert!(unsafe { eq(a.erased(), b.erased()) });
        let c = OpNe::new(Op::Clear);
        assert_eq!(c.to_string(), "clear");
        drop(a);
        drop(b);
        drop(c);
        assert_eq!(DROPS.load(Ordering::SeqCst) - before, 3);
    }

    /// Version 1 and 2 of a `#[repr(u16)]` enum (2 adds `Resize`), and a `#[repr(i32)]` and a
    /// `#[repr(C, usize)]` one: the discriminant is the repr integer, first in the storage.
    macro_rules! wide_enum {
        ($name:ident $repr:ident [$($v:ident $(($f:ty))? = $d:expr),*] $names:literal) => {
            #[repr($repr)]
            #[derive(Debug, Clone, PartialEq)]
            #[allow(dead_code)]
            enum $name {
                $($v $(($f))? = $d),*
            }
            impl Display for $name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write!(f, "{} {self:?}", stringify!($name))
                }
            }
            impl SerializeJson for $name {
                fn to_json(&self) -> Result<RawValueBox, RBoxError> {
                    Ok(RString::from("{}"))
                }
            }
            impl GetEnumInfo for $name {
                type Discriminant = $repr;
                const TYPE_NAME: &'static str = stringify!($name);
                const VARIANT_NAMES: &'static str = $names;
                fn is_valid_discriminant(d: $repr) -> bool {
                    [$($d),*].contains(&d)
                }
            }
        };
    }
    wide_enum!(ShapeV1 u16 [Square(u32) = 0x0100, Circle(u32) = 0x0200] "Square;Circle;");
    wide_enum!(ShapeV2 u16 [Square(u32) = 0x0100, Circle(u32) = 0x0200, Resize(u64) = 0x0300] "Square;Circle;Resize;");
    wide_enum!(Signal i32 [Low = -70000, High = 70000] "Low;High;");

    #[repr(C, usize)]
    #[derive(Debug, Clone, PartialEq)]
    enum Wide {
        Small(u8) = 7,
        Big(u8) = 0x7FFF_FFFE,
    }
    impl Display for Wide {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{self:?}")
        }
    }
    impl SerializeJson for Wide {
        fn to_json(&self) -> Result<RawValueBox, RBoxError> {
            Ok(RString::from("{}"))
        }
    }
    impl GetEnumInfo for Wide {
        type Discriminant = usize;
        const TYPE_NAME: &'static str = "Wide";
        const VARIANT_NAMES: &'static str = "Small;Big;";
        fn is_valid_discriminant(d: usize) -> bool {
            d == 7 || d == 0x7FFF_FFFE
        }
    }

    #[test]
    fn wider_discriminants_are_read_as_their_repr_integer() {
        let s = NonExhaustive::<ShapeV1, [u64; 2], ()>::new(ShapeV1::Circle(5));
        assert_eq!(s.discriminant(), 0x0200u16);
        // The bytes: the u16 discriminant first (little-endian on the platforms here), then the field.
        // SAFETY: reading the first two bytes of a live value.
        let first = unsafe { std::slice::from_raw_parts(&s as *const _ as *const u8, 2) };
        assert_eq!(u16::from_ne_bytes([first[0], first[1]]), 0x0200);
        assert_eq!(s.as_enum(), Some(&ShapeV1::Circle(5)));
        assert_eq!(s.to_string(), "ShapeV1 Circle(5)");

        let low = NonExhaustive::<Signal, [u64; 1], ()>::new(Signal::Low);
        assert_eq!(low.discriminant(), -70000i32);
        assert_eq!(low.clone(), low);
        assert!(low != NonExhaustive::new(Signal::High));
        assert_eq!(low.into_enum().ok(), Some(Signal::Low));

        let big = NonExhaustive::<Wide, [usize; 2], ()>::new(Wide::Big(3));
        assert_eq!(big.discriminant(), 0x7FFF_FFFE);
        assert_eq!(big.as_enum(), Some(&Wide::Big(3)));
        assert_eq!(NonExhaustive::<Wide, [usize; 2], ()>::new(Wide::Small(1)).discriminant(), 7);
    }

    #[test]
    fn a_wider_variant_this_build_lacks_is_unknown_but_works_through_the_vtable() {
        type ShapeNe<E> = NonExhaustive<E, [u64; 2], ()>;
        let resize = ShapeNe::new(ShapeV2::Resize(9));
        let square = ShapeNe::new(ShapeV2::Square(2));
        // SAFETY: the same layout (storage and vtable pointer); what an older reader receives.
        let old = unsafe { std::mem::transmute::<ShapeNe<ShapeV2>, ShapeNe<ShapeV1>>(resize) };
        // SAFETY: as above.
        let old_square = unsafe { std::mem::transmute::<ShapeNe<ShapeV2>, ShapeNe<ShapeV1>>(square) };
        assert_eq!(old.discriminant(), 0x0300);
        assert!(old.as_enum().is_none());
        // Formatting, comparing and dropping run the creator's (version 2) slots.
        assert_eq!(format!("{old} / {old:?}"), "ShapeV2 Resize(9) / Resize(9)");
        assert!(old != old_square);
        assert_eq!(old_square.as_enum(), Some(&ShapeV1::Square(2)));
        let old = old.into_enum().expect_err("an unknown variant stays a NonExhaustive");
        assert_eq!(old.clone().to_string(), "ShapeV2 Resize(9)");
    }
}
