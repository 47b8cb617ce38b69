//! PartialEq, PartialOrd/Ord, Hash and Serialize of any DynTrait through its vtable's slots
//! (bits 7-11), as abi_stable's own impls call them: values of different concrete types are never
//! equal and order by their vtables' addresses (`is_same_type`: the same vtable, or type infos
//! that say the same type).

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use super::dyn_trait::{DynPointer, DynTrait, IteratorInterface};
use super::dyn_vtable::field_index;
use super::hasher::HasherObject;
use super::RawValueBox;
use crate::library::RBoxError;
use crate::marker::ErasedObject;
use crate::read_prefix_field;
use crate::sabi_types::RRef;
use crate::std_types::{RErr, ROk, ROption, RResult};

impl<'borr, P: DynPointer, I: IteratorInterface<'borr>> DynTrait<'borr, P, I> {
    fn erased_ref(&self) -> RRef<'_, ErasedObject> {
        // SAFETY: the erased object is live while `self` is.
        unsafe { RRef::from_raw(self.erased_ptr() as *const ErasedObject) }
    }

    /// abi_stable's `sabi_is_same_type`: the same vtable, or type infos with the same size,
    /// alignment and a type id both know and agree on (`Nothing` equals nothing).
    pub fn is_same_type<P2: DynPointer>(&self, other: &DynTrait<'borr, P2, I>) -> bool {
        if self.vtable_ptr() as *const () == other.vtable_ptr() as *const () {
            return true;
        }
        let (a, b) = (read_prefix_field!(self.prefix(), type_info), read_prefix_field!(other.prefix(), type_info));
        a.size == b.size && a.alignment == b.alignment && (a.uid)() == (b.uid)()
    }

    fn cross_type_order<P2: DynPointer>(&self, other: &DynTrait<'borr, P2, I>) -> Ordering {
        (self.vtable_ptr() as usize).cmp(&(other.vtable_ptr() as usize))
    }

    /// Serialize through the `serialize` slot (bit 7): the RawValueBox's JSON, or the value's error.
    pub fn serialize_json(&self) -> Result<RawValueBox, RBoxError> {
        self.prefix().require(field_index::SERIALIZE, "serialize", "DynTrait VTable");
        let slot = read_prefix_field!(self.prefix(), serialize).ok_or_else(|| RBoxError::new("DynTrait serialize is null"))?;
        // SAFETY: a RawValueBox interface's serialize slot has this signature (reference 11.D).
        let serialize: unsafe extern "C" fn(RRef<'_, ErasedObject>) -> RResult<RawValueBox, RBoxError> = unsafe { std::mem::transmute(slot) };
        // SAFETY: the slot belongs to this object's vtable.
        match unsafe { serialize(self.erased_ref()) } {
            ROk(json) => Ok(json),
            RErr(e) => Err(e),
        }
    }
}

/// Panics when the interface has no PartialEq (bit 8).
impl<'borr, P: DynPointer, I: IteratorInterface<'borr>> PartialEq for DynTrait<'borr, P, I> {
    fn eq(&self, other: &Self) -> bool {
        self.prefix().require(field_index::PARTIAL_EQ, "partial_eq", "DynTrait VTable");
        let eq = read_prefix_field!(self.prefix(), partial_eq).expect("DynTrait partial_eq is null");
        // SAFETY: both objects are of the type the slot was made for (is_same_type).
        self.is_same_type(other) && unsafe { eq(self.erased_ref(), other.erased_ref()) }
    }
}

/// `cmp` (bit 9) when the vtable has it, else `partial_cmp` (bit 10).
impl<'borr, P: DynPointer, I: IteratorInterface<'borr>> PartialOrd for DynTrait<'borr, P, I> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        if !self.is_same_type(other) {
            return Some(self.cross_type_order(other));
        }
        let vtable = self.prefix();
        if vtable.field_accessibility() >> field_index::CMP & 1 == 1 {
            if let Some(cmp) = read_prefix_field!(vtable, cmp) {
                // SAFETY: both objects are of the slot's type.
                return Some(unsafe { cmp(self.erased_ref(), other.erased_ref()) }.into());
            }
        }
        vtable.require(field_index::PARTIAL_CMP, "partial_cmp", "DynTrait VTable");
        let partial_cmp = read_prefix_field!(vtable, partial_cmp).expect("DynTrait partial_cmp is null");
        // SAFETY: as above.
        match unsafe { partial_cmp(self.erased_ref(), other.erased_ref()) } {
            ROption::RSome(o) => Some(o.into()),
            ROption::RNone => None,
        }
    }
}

/// Panics when the interface has no Hash (bit 11).
impl<'borr, P: DynPointer, I: IteratorInterface<'borr>> Hash for DynTrait<'borr, P, I> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.prefix().require(field_index::HASH, "hash", "DynTrait VTable");
        let hash = read_prefix_field!(self.prefix(), hash).expect("DynTrait hash is null");
        // SAFETY: the slot belongs to this object's vtable; the hasher outlives the call.
        unsafe { hash(self.erased_ref(), HasherObject::new(state)) }
    }
}
