//! The entry API: `REntry` (`#[repr(C)]`, 4-byte tag: `Occupied` = 0, `Vacant` = 1, payload
//! `{ entry, vtable }` at 8; 24 bytes). The entry object lives in the map's single entry slot.
//! `OccupiedVTable` (bits `0x7F`) and `VacantVTable` (bits `0xF`) have no `last_prefix_field`,
//! so every accessor checks its bit first.

use std::collections::hash_map::{Entry, OccupiedEntry, VacantEntry};
use std::marker::PhantomData;
use std::mem::ManuallyDrop;

use super::map_key::MapKey;
use crate::guard::guard;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::read_prefix_field;
use crate::sabi_types::{RMut, RRef};

/// The std entry kept in the map's slot while an `REntry` views it.
pub(super) enum BoxedREntry<'a, K, V> {
    Occupied(ManuallyDrop<OccupiedEntry<'a, MapKey<K>, V>>),
    Vacant(ManuallyDrop<VacantEntry<'a, MapKey<K>, V>>),
}

impl<'a, K, V> From<Entry<'a, MapKey<K>, V>> for BoxedREntry<'a, K, V> {
    fn from(entry: Entry<'a, MapKey<K>, V>) -> Self {
        match entry {
            Entry::Occupied(e) => BoxedREntry::Occupied(ManuallyDrop::new(e)),
            Entry::Vacant(e) => BoxedREntry::Vacant(ManuallyDrop::new(e)),
        }
    }
}

#[repr(C)]
pub struct ErasedOccupiedEntry<K, V> {
    _marker: PhantomData<(K, V)>,
    _priv: [u8; 0],
}

#[repr(C)]
pub struct ErasedVacantEntry<K, V> {
    _marker: PhantomData<(K, V)>,
    _priv: [u8; 0],
}

type UnerasedOccupied<'a, K, V> = ManuallyDrop<OccupiedEntry<'a, MapKey<K>, V>>;
type UnerasedVacant<'a, K, V> = ManuallyDrop<VacantEntry<'a, MapKey<K>, V>>;

#[repr(C)]
pub enum REntry<'a, K, V> {
    Occupied(ROccupiedEntry<'a, K, V>),
    Vacant(RVacantEntry<'a, K, V>),
}

#[repr(C)]
pub struct ROccupiedEntry<'a, K, V> {
    entry: RMut<'a, ErasedOccupiedEntry<K, V>>,
    vtable: OccupiedVTable_Ref<K, V>,
    _marker: PhantomData<&'a mut (K, V)>,
}

#[repr(C)]
pub struct RVacantEntry<'a, K, V> {
    entry: RMut<'a, ErasedVacantEntry<K, V>>,
    vtable: VacantVTable_Ref<K, V>,
    _marker: PhantomData<&'a mut (K, V)>,
}

impl<'a, K, V> REntry<'a, K, V> {
    /// A view of the entry in `slot` with this library's entry vtables.
    pub(super) fn new(slot: &'a mut BoxedREntry<'a, K, V>) -> Self {
        match slot {
            BoxedREntry::Occupied(e) => REntry::Occupied(ROccupiedEntry {
                entry: RMut::new(e).cast(),
                vtable: OccupiedVTable::<K, V>::VTABLE_REF,
                _marker: PhantomData,
            }),
            BoxedREntry::Vacant(e) => REntry::Vacant(RVacantEntry {
                entry: RMut::new(e).cast(),
                vtable: VacantVTable::<K, V>::VTABLE_REF,
                _marker: PhantomData,
            }),
        }
    }

    pub fn key(&self) -> &K {
        match self {
            REntry::Occupied(e) => e.key(),
            REntry::Vacant(e) => e.key(),
        }
    }

    pub fn get(&self) -> Option<&V> {
        match self {
            REntry::Occupied(e) => Some(e.get()),
            REntry::Vacant(_) => None,
        }
    }

    pub fn get_mut(&mut self) -> Option<&mut V> {
        match self {
            REntry::Occupied(e) => Some(e.get_mut()),
            REntry::Vacant(_) => None,
        }
    }

    pub fn or_insert(self, default: V) -> &'a mut V {
        match self {
            REntry::Occupied(e) => e.into_mut(),
            REntry::Vacant(e) => e.insert(default),
        }
    }

    pub fn or_insert_with(self, default: impl FnOnce() -> V) -> &'a mut V {
        match self {
            REntry::Occupied(e) => e.into_mut(),
            REntry::Vacant(e) => e.insert(default()),
        }
    }

    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    pub fn and_modify(self, f: impl FnOnce(&mut V)) -> Self {
        match self {
            REntry::Occupied(mut e) => {
                f(e.get_mut());
                REntry::Occupied(e)
            }
            vacant => vacant,
        }
    }
}

impl<'a, K, V> ROccupiedEntry<'a, K, V> {
    pub fn vtable(&self) -> OccupiedVTable_Ref<K, V> {
        self.vtable
    }

    fn erased(&self) -> RRef<'_, ErasedOccupiedEntry<K, V>> {
        // SAFETY: `entry` is valid while `self` lives.
        unsafe { RRef::from_raw(self.entry.as_ptr()) }
    }

    pub fn key(&self) -> &K {
        // SAFETY: the entry's own vtable, with its own object.
        unsafe { (self.vtable.key())(self.erased()) }
    }
    pub fn get(&self) -> &V {
        // SAFETY: as above.
        unsafe { (self.vtable.get_elem())(self.erased()) }
    }
    pub fn get_mut(&mut self) -> &mut V {
        // SAFETY: as above.
        unsafe { (self.vtable.get_mut_elem())(self.entry.reborrow()) }
    }
    pub fn insert(&mut self, value: V) -> V {
        // SAFETY: as above.
        unsafe { (self.vtable.insert_elem())(self.entry.reborrow(), value) }
    }
    pub fn into_mut(self) -> &'a mut V {
        let f = self.vtable.fn_into_mut_elem();
        // SAFETY: as above; the callee consumes the entry.
        unsafe { f(self) }
    }
    pub fn remove(self) -> V {
        let f = self.vtable.remove();
        // SAFETY: as above; the callee consumes the entry.
        unsafe { f(self) }
    }
}

impl<K, V> Drop for ROccupiedEntry<'_, K, V> {
    fn drop(&mut self) {
        // SAFETY: an unconsumed entry is released once, through its own vtable.
        unsafe { (self.vtable.drop_entry())(self.entry.reborrow()) }
    }
}

impl<'a, K, V> RVacantEntry<'a, K, V> {
    pub fn vtable(&self) -> VacantVTable_Ref<K, V> {
        self.vtable
    }

    pub fn key(&self) -> &K {
        // SAFETY: `entry` is valid while `self` lives; its own vtable.
        unsafe { (self.vtable.key())(RRef::from_raw(self.entry.as_ptr())) }
    }
    pub fn into_key(self) -> K {
        let f = self.vtable.fn_into_key();
        // SAFETY: as above; the callee consumes the entry.
        unsafe { f(self) }
    }
    pub fn insert(self, value: V) -> &'a mut V {
        let f = self.vtable.insert_elem();
        // SAFETY: as above; the callee consumes the entry.
        unsafe { f(self, value) }
    }
}

impl<K, V> Drop for RVacantEntry<'_, K, V> {
    fn drop(&mut self) {
        // SAFETY: an unconsumed entry (and its key) is released once, through its own vtable.
        unsafe { (self.vtable.drop_entry())(self.entry.reborrow()) }
    }
}

#[repr(C)]
pub struct OccupiedVTable<K, V> {
    pub drop_entry: unsafe extern "C" fn(RMut<'_, ErasedOccupiedEntry<K, V>>),
    pub key: for<'a> unsafe extern "C" fn(RRef<'a, ErasedOccupiedEntry<K, V>>) -> &'a K,
    pub get_elem: for<'a> unsafe extern "C" fn(RRef<'a, ErasedOccupiedEntry<K, V>>) -> &'a V,
    pub get_mut_elem: for<'a> unsafe extern "C" fn(RMut<'a, ErasedOccupiedEntry<K, V>>) -> &'a mut V,
    pub fn_into_mut_elem: for<'a> unsafe extern "C" fn(ROccupiedEntry<'a, K, V>) -> &'a mut V,
    pub insert_elem: unsafe extern "C" fn(RMut<'_, ErasedOccupiedEntry<K, V>>, V) -> V,
    pub remove: unsafe extern "C" fn(ROccupiedEntry<'_, K, V>) -> V,
}

#[repr(C)]
pub struct VacantVTable<K, V> {
    pub drop_entry: unsafe extern "C" fn(RMut<'_, ErasedVacantEntry<K, V>>),
    pub key: for<'a> unsafe extern "C" fn(RRef<'a, ErasedVacantEntry<K, V>>) -> &'a K,
    pub fn_into_key: unsafe extern "C" fn(RVacantEntry<'_, K, V>) -> K,
    pub insert_elem: for<'a> unsafe extern "C" fn(RVacantEntry<'a, K, V>, V) -> &'a mut V,
}

macro_rules! checked_vtable_ref {
    ($ref_name:ident, $vtable:ident, $type_name:literal, [$($index:literal $name:ident: $ty:ty),* $(,)?]) => {
        /// Pointer to the WM header of the vtable; every getter checks the field's bit.
        #[allow(non_camel_case_types)]
        #[repr(transparent)]
        pub struct $ref_name<K, V>(pub PrefixRef<$vtable<K, V>>);

        impl<K, V> Clone for $ref_name<K, V> {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl<K, V> Copy for $ref_name<K, V> {}

        impl<K, V> $ref_name<K, V> {
            $(
                #[track_caller]
                pub fn $name(self) -> $ty {
                    self.0.require($index, stringify!($name), $type_name);
                    read_prefix_field!(self.0, $name)
                }
            )*
        }
    };
}

checked_vtable_ref!(OccupiedVTable_Ref, OccupiedVTable, "OccupiedVTable", [
    0 drop_entry: unsafe extern "C" fn(RMut<'_, ErasedOccupiedEntry<K, V>>),
    1 key: for<'a> unsafe extern "C" fn(RRef<'a, ErasedOccupiedEntry<K, V>>) -> &'a K,
    2 get_elem: for<'a> unsafe extern "C" fn(RRef<'a, ErasedOccupiedEntry<K, V>>) -> &'a V,
    3 get_mut_elem: for<'a> unsafe extern "C" fn(RMut<'a, ErasedOccupiedEntry<K, V>>) -> &'a mut V,
    4 fn_into_mut_elem: for<'a> unsafe extern "C" fn(ROccupiedEntry<'a, K, V>) -> &'a mut V,
    5 insert_elem: unsafe extern "C" fn(RMut<'_, ErasedOccupiedEntry<K, V>>, V) -> V,
    6 remove: unsafe extern "C" fn(ROccupiedEntry<'_, K, V>) -> V,
]);

checked_vtable_ref!(VacantVTable_Ref, VacantVTable, "VacantVTable", [
    0 drop_entry: unsafe extern "C" fn(RMut<'_, ErasedVacantEntry<K, V>>),
    1 key: for<'a> unsafe extern "C" fn(RRef<'a, ErasedVacantEntry<K, V>>) -> &'a K,
    2 fn_into_key: unsafe extern "C" fn(RVacantEntry<'_, K, V>) -> K,
    3 insert_elem: for<'a> unsafe extern "C" fn(RVacantEntry<'a, K, V>, V) -> &'a mut V,
]);

crate::declare_prefix_layout!(OCCUPIED_VTABLE_LAYOUT = "OccupiedVTable");
crate::declare_prefix_layout!(VACANT_VTABLE_LAYOUT = "VacantVTable");

pub const OCCUPIED_VTABLE_BITS: u64 = 0x7F;
pub const VACANT_VTABLE_BITS: u64 = 0xF;

impl<K, V> OccupiedVTable<K, V> {
    const WM: WithMetadata<OccupiedVTable<K, V>> = WithMetadata {
        field_accessibility: OCCUPIED_VTABLE_BITS,
        type_layout: OCCUPIED_VTABLE_LAYOUT,
        value: OccupiedVTable {
            drop_entry: occupied_drop_entry::<K, V>,
            key: occupied_key::<K, V>,
            get_elem: occupied_get_elem::<K, V>,
            get_mut_elem: occupied_get_mut_elem::<K, V>,
            fn_into_mut_elem: occupied_into_mut_elem::<K, V>,
            insert_elem: occupied_insert_elem::<K, V>,
            remove: occupied_remove::<K, V>,
        },
    };
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF: OccupiedVTable_Ref<K, V> = OccupiedVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

impl<K, V> VacantVTable<K, V> {
    const WM: WithMetadata<VacantVTable<K, V>> = WithMetadata {
        field_accessibility: VACANT_VTABLE_BITS,
        type_layout: VACANT_VTABLE_LAYOUT,
        value: VacantVTable {
            drop_entry: vacant_drop_entry::<K, V>,
            key: vacant_key::<K, V>,
            fn_into_key: vacant_into_key::<K, V>,
            insert_elem: vacant_insert_elem::<K, V>,
        },
    };
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF: VacantVTable_Ref<K, V> = VacantVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

// SAFETY (all functions below): these vtables are only attached to entries made by `REntry::new`,
// whose `entry` pointer is the `ManuallyDrop<std entry>` in the map's slot.

/// # Safety
/// See above.
unsafe fn occupied<'a, K, V>(this: RMut<'a, ErasedOccupiedEntry<K, V>>) -> &'a mut UnerasedOccupied<'a, K, V> {
    // SAFETY: see above.
    unsafe { this.cast::<UnerasedOccupied<'a, K, V>>().get_mut() }
}

/// # Safety
/// See above.
unsafe fn vacant<'a, K, V>(this: RMut<'a, ErasedVacantEntry<K, V>>) -> &'a mut UnerasedVacant<'a, K, V> {
    // SAFETY: see above.
    unsafe { this.cast::<UnerasedVacant<'a, K, V>>().get_mut() }
}

unsafe extern "C" fn occupied_drop_entry<K, V>(this: RMut<'_, ErasedOccupiedEntry<K, V>>) {
    // SAFETY: see above; dropped once (the REntry is gone).
    guard(|| unsafe { ManuallyDrop::drop(occupied(this)) })
}

unsafe extern "C" fn occupied_key<'a, K, V>(this: RRef<'a, ErasedOccupiedEntry<K, V>>) -> &'a K {
    // SAFETY: see above.
    guard(|| unsafe { this.cast::<UnerasedOccupied<'a, K, V>>().get() }.key().as_key())
}

unsafe extern "C" fn occupied_get_elem<'a, K, V>(this: RRef<'a, ErasedOccupiedEntry<K, V>>) -> &'a V {
    // SAFETY: see above.
    guard(|| unsafe { this.cast::<UnerasedOccupied<'a, K, V>>().get() }.get())
}

unsafe extern "C" fn occupied_get_mut_elem<'a, K, V>(this: RMut<'a, ErasedOccupiedEntry<K, V>>) -> &'a mut V {
    // SAFETY: see above.
    guard(|| unsafe { occupied(this) }.get_mut())
}

unsafe extern "C" fn occupied_into_mut_elem<'a, K, V>(this: ROccupiedEntry<'a, K, V>) -> &'a mut V {
    guard(|| {
        let this = ManuallyDrop::new(this);
        // SAFETY: see above; the std entry is moved out of its slot once (consumed).
        unsafe { ManuallyDrop::take(occupied(std::ptr::read(&this.entry))) }.into_mut()
    })
}

unsafe extern "C" fn occupied_insert_elem<K, V>(this: RMut<'_, ErasedOccupiedEntry<K, V>>, value: V) -> V {
    // SAFETY: see above.
    guard(|| unsafe { occupied(this) }.insert(value))
}

unsafe extern "C" fn occupied_remove<K, V>(this: ROccupiedEntry<'_, K, V>) -> V {
    guard(|| {
        let this = ManuallyDrop::new(this);
        // SAFETY: as in `occupied_into_mut_elem`.
        unsafe { ManuallyDrop::take(occupied(std::ptr::read(&this.entry))) }.remove()
    })
}

unsafe extern "C" fn vacant_drop_entry<K, V>(this: RMut<'_, ErasedVacantEntry<K, V>>) {
    // SAFETY: see above; dropping the std entry drops its key.
    guard(|| unsafe { ManuallyDrop::drop(vacant(this)) })
}

unsafe extern "C" fn vacant_key<'a, K, V>(this: RRef<'a, ErasedVacantEntry<K, V>>) -> &'a K {
    // SAFETY: see above.
    guard(|| unsafe { this.cast::<UnerasedVacant<'a, K, V>>().get() }.key().as_key())
}

unsafe extern "C" fn vacant_into_key<K, V>(this: RVacantEntry<'_, K, V>) -> K {
    guard(|| {
        let this = ManuallyDrop::new(this);
        // SAFETY: as in `occupied_into_mut_elem`.
        unsafe { ManuallyDrop::take(vacant(std::ptr::read(&this.entry))) }.into_key().into_inner()
    })
}

unsafe extern "C" fn vacant_insert_elem<'a, K, V>(this: RVacantEntry<'a, K, V>, value: V) -> &'a mut V {
    guard(|| {
        let this = ManuallyDrop::new(this);
        // SAFETY: as in `occupied_into_mut_elem`.
        unsafe { ManuallyDrop::take(vacant(std::ptr::read(&this.entry))) }.insert(value)
    })
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<REntry<'static, u8, u8>>() == 24);
    assert!(size_of::<ROccupiedEntry<'static, u8, u8>>() == 16);
    assert!(size_of::<RVacantEntry<'static, u8, u8>>() == 16);
    let v = offset_of!(WithMetadata<OccupiedVTable<u8, u8>>, value);
    assert!(v + offset_of!(OccupiedVTable<u8, u8>, drop_entry) == 16);
    assert!(v + offset_of!(OccupiedVTable<u8, u8>, key) == 24);
    assert!(v + offset_of!(OccupiedVTable<u8, u8>, get_elem) == 32);
    assert!(v + offset_of!(OccupiedVTable<u8, u8>, get_mut_elem) == 40);
    assert!(v + offset_of!(OccupiedVTable<u8, u8>, fn_into_mut_elem) == 48);
    assert!(v + offset_of!(OccupiedVTable<u8, u8>, insert_elem) == 56);
    assert!(v + offset_of!(OccupiedVTable<u8, u8>, remove) == 64);
    let v = offset_of!(WithMetadata<VacantVTable<u8, u8>>, value);
    assert!(v + offset_of!(VacantVTable<u8, u8>, drop_entry) == 16);
    assert!(v + offset_of!(VacantVTable<u8, u8>, key) == 24);
    assert!(v + offset_of!(VacantVTable<u8, u8>, fn_into_key) == 32);
    assert!(v + offset_of!(VacantVTable<u8, u8>, insert_elem) == 40);
};
