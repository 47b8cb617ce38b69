//! `TypeInfo` (32 bytes): `{ size, alignment, uid() -> MaybeCmp<UTypeId>, type_name() -> RStr }`,
//! the first field of every `DynTrait` vtable.

use std::marker::PhantomData;

use crate::maybe_cmp::MaybeCmp;
use crate::std_types::RStr;
use crate::utypeid::{no_utypeid, UTypeId};

#[repr(C)]
pub struct TypeInfo {
    pub size: usize,
    pub alignment: usize,
    pub uid: extern "C" fn() -> MaybeCmp<UTypeId>,
    pub type_name: extern "C" fn() -> RStr<'static>,
}

extern "C" fn type_name_of<T>() -> RStr<'static> {
    RStr::from_str(std::any::type_name::<T>())
}

/// The `TypeInfo` of an opaque (not downcastable) `T`, as `DynTrait::from_borrowing_value` makes.
pub struct OpaqueTypeInfo<T>(PhantomData<T>);

impl<T> OpaqueTypeInfo<T> {
    pub const INFO: TypeInfo = TypeInfo {
        size: std::mem::size_of::<T>(),
        alignment: std::mem::align_of::<T>(),
        uid: no_utypeid,
        type_name: type_name_of::<T>,
    };
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<TypeInfo>() == 32);
    assert!(offset_of!(TypeInfo, size) == 0 && offset_of!(TypeInfo, alignment) == 8);
    assert!(offset_of!(TypeInfo, uid) == 16 && offset_of!(TypeInfo, type_name) == 24);
};
