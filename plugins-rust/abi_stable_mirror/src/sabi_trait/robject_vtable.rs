//! `RObjectVtable` (reference 3.3): the part of every trait vtable that is not the trait's own:
//! type id, drop, and the optional clone/debug/display. A prefix type whose fields are all prefix
//! fields (bits `0x3F`); objects made here are `TD_Opaque` (no downcasting) and not `Clone`.

use std::marker::PhantomData;
use std::ptr;

use crate::erased::dyn_vtable::FmtFn;
use crate::guard::guard;
use crate::marker::ErasedObject;
use crate::maybe_cmp::MaybeCmp;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::sabi_types::{RMut, RRef};
use crate::std_types::{RArc, RBox};
use crate::utypeid::{no_utypeid, UTypeId};

#[repr(C)]
pub struct RObjectVtable {
    pub _sabi_tys: PhantomData<extern "C" fn()>,
    pub _sabi_type_id: extern "C" fn() -> MaybeCmp<UTypeId>,
    /// Receives `&RObject.ptr` and drops that pointer (for `RBox<()>`, through its own vtable).
    pub _sabi_drop: unsafe extern "C" fn(RMut<'_, RBox<ErasedObject>>),
    pub _sabi_clone: Option<unsafe extern "C" fn(RRef<'_, RBox<ErasedObject>>) -> RBox<ErasedObject>>,
    pub _sabi_debug: Option<FmtFn>,
    pub _sabi_display: Option<FmtFn>,
}

/// Every field of a full `RObjectVtable`: `_sabi_tys` .. `_sabi_display`.
pub const ROBJECT_VTABLE_BITS: u64 = 0x3F;

/// Pointer to the WM header of an `RObjectVtable`.
#[allow(non_camel_case_types)]
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct RObjectVtable_Ref(pub PrefixRef<RObjectVtable>);

crate::declare_prefix_layout!(ROBJECT_VTABLE_LAYOUT = "RObjectVtable");

unsafe extern "C" fn drop_rbox(ptr: RMut<'_, RBox<ErasedObject>>) {
    guard(|| {
        // SAFETY: `ptr` is the object's own box field, dropped once (its destructor knows the type).
        unsafe { ptr::drop_in_place(ptr.as_ptr()) }
    })
}

unsafe extern "C" fn drop_rarc(ptr: RMut<'_, RBox<ErasedObject>>) {
    guard(|| {
        // SAFETY: `ptr` is the object's own RArc field (same layout as an RBox: data, vtable),
        // dropped once: one strong reference released through the Arc's own vtable.
        unsafe { ptr::drop_in_place(ptr.as_ptr() as *mut RArc<ErasedObject>) }
    })
}

unsafe extern "C" fn clone_rarc(ptr: RRef<'_, RBox<ErasedObject>>) -> RBox<ErasedObject> {
    guard(|| {
        // SAFETY: `ptr` is the object's own RArc field; the clone is one more strong reference,
        // returned as the 16 bytes `_sabi_clone` returns.
        unsafe {
            let arc = &*(ptr.as_ptr() as *const RArc<ErasedObject>);
            let clone = std::mem::ManuallyDrop::new(arc.clone());
            ptr::read(&*clone as *const RArc<ErasedObject> as *const RBox<ErasedObject>)
        }
    })
}

/// What a reference object's `_sabi_drop` is: never called (reference 11.B), but not null.
unsafe extern "C" fn drop_nothing(_ptr: RMut<'_, RBox<ErasedObject>>) {}

impl RObjectVtable {
    const WM: WithMetadata<RObjectVtable> = WithMetadata {
        field_accessibility: ROBJECT_VTABLE_BITS,
        type_layout: ROBJECT_VTABLE_LAYOUT,
        value: RObjectVtable {
            _sabi_tys: PhantomData,
            _sabi_type_id: no_utypeid,
            _sabi_drop: drop_rbox,
            _sabi_clone: None,
            _sabi_debug: None,
            _sabi_display: None,
        },
    };

    const WM_ARC: WithMetadata<RObjectVtable> = WithMetadata {
        field_accessibility: ROBJECT_VTABLE_BITS,
        type_layout: ROBJECT_VTABLE_LAYOUT,
        value: RObjectVtable {
            _sabi_tys: PhantomData,
            _sabi_type_id: no_utypeid,
            _sabi_drop: drop_rarc,
            _sabi_clone: Some(clone_rarc),
            _sabi_debug: None,
            _sabi_display: None,
        },
    };

    const WM_BORROWED: WithMetadata<RObjectVtable> = WithMetadata {
        field_accessibility: ROBJECT_VTABLE_BITS,
        type_layout: ROBJECT_VTABLE_LAYOUT,
        value: RObjectVtable {
            _sabi_tys: PhantomData,
            _sabi_type_id: no_utypeid,
            _sabi_drop: drop_nothing,
            _sabi_clone: None,
            _sabi_debug: None,
            _sabi_display: None,
        },
    };

    /// The common vtable of RBox objects made here: opaque (no downcasting), no clone/debug/display.
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const OPAQUE: RObjectVtable_Ref = RObjectVtable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });

    /// The common vtable of RArc objects made here: drop releases one reference, clone adds one.
    // SAFETY: as above.
    pub const ARC: RObjectVtable_Ref = RObjectVtable_Ref(unsafe { PrefixRef::from_raw(&Self::WM_ARC) });

    /// The common vtable of RMut/RRef objects made here: nothing to drop, no clone.
    // SAFETY: as above.
    pub const BORROWED: RObjectVtable_Ref = RObjectVtable_Ref(unsafe { PrefixRef::from_raw(&Self::WM_BORROWED) });
}

impl RObjectVtable_Ref {
    pub fn drop_fn(self) -> unsafe extern "C" fn(RMut<'_, RBox<ErasedObject>>) {
        crate::read_prefix_field!(self.0, _sabi_drop)
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::offset_of;
    assert!(offset_of!(WithMetadata<RObjectVtable>, value) + offset_of!(RObjectVtable, _sabi_type_id) == 16);
    assert!(offset_of!(WithMetadata<RObjectVtable>, value) + offset_of!(RObjectVtable, _sabi_drop) == 24);
    assert!(offset_of!(WithMetadata<RObjectVtable>, value) + offset_of!(RObjectVtable, _sabi_clone) == 32);
    assert!(offset_of!(WithMetadata<RObjectVtable>, value) + offset_of!(RObjectVtable, _sabi_debug) == 40);
    assert!(offset_of!(WithMetadata<RObjectVtable>, value) + offset_of!(RObjectVtable, _sabi_display) == 48);
};
