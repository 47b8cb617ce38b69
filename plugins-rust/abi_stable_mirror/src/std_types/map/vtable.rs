//! The map `VTable<K, V>` (prefix type, 16 unconditional fields, bits `0xFFFF`): every function
//! takes the erased map (`RHashMap.map.data`), never the `RHashMap` itself.

use super::entry::REntry;
use super::extern_fns as f;
use super::iterators::{Drain, IntoIter, Iter, IterMut};
use super::map_query::MapQuery;
use super::ErasedMap;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::read_prefix_field;
use crate::sabi_types::{RMut, RRef};
use crate::std_types::{RBox, ROption, Tuple2};
use std::hash::Hash;

#[repr(C)]
pub struct MapVTable<K, V> {
    pub insert_elem: unsafe extern "C" fn(RMut<'_, ErasedMap<K, V>>, K, V) -> ROption<V>,
    pub get_elem: for<'a> unsafe extern "C" fn(RRef<'a, ErasedMap<K, V>>, MapQuery<'_, K>) -> Option<&'a V>,
    pub get_mut_elem: for<'a> unsafe extern "C" fn(RMut<'a, ErasedMap<K, V>>, MapQuery<'_, K>) -> Option<&'a mut V>,
    pub remove_entry: unsafe extern "C" fn(RMut<'_, ErasedMap<K, V>>, MapQuery<'_, K>) -> ROption<Tuple2<K, V>>,
    pub get_elem_p: for<'a> unsafe extern "C" fn(RRef<'a, ErasedMap<K, V>>, &K) -> Option<&'a V>,
    pub get_mut_elem_p: for<'a> unsafe extern "C" fn(RMut<'a, ErasedMap<K, V>>, &K) -> Option<&'a mut V>,
    pub remove_entry_p: unsafe extern "C" fn(RMut<'_, ErasedMap<K, V>>, &K) -> ROption<Tuple2<K, V>>,
    pub reserve: unsafe extern "C" fn(RMut<'_, ErasedMap<K, V>>, usize),
    pub clear_map: unsafe extern "C" fn(RMut<'_, ErasedMap<K, V>>),
    pub len: unsafe extern "C" fn(RRef<'_, ErasedMap<K, V>>) -> usize,
    pub capacity: unsafe extern "C" fn(RRef<'_, ErasedMap<K, V>>) -> usize,
    pub iter: for<'a> unsafe extern "C" fn(RRef<'a, ErasedMap<K, V>>) -> Iter<'a, K, V>,
    pub iter_mut: for<'a> unsafe extern "C" fn(RMut<'a, ErasedMap<K, V>>) -> IterMut<'a, K, V>,
    pub drain: for<'a> unsafe extern "C" fn(RMut<'a, ErasedMap<K, V>>) -> Drain<'a, K, V>,
    pub iter_val: unsafe extern "C" fn(RBox<ErasedMap<K, V>>) -> IntoIter<K, V>,
    pub entry: for<'a> unsafe extern "C" fn(RMut<'a, ErasedMap<K, V>>, K) -> REntry<'a, K, V>,
}

/// Pointer to the WM header of a map `VTable`.
#[allow(non_camel_case_types)]
#[repr(transparent)]
pub struct MapVTable_Ref<K, V>(pub PrefixRef<MapVTable<K, V>>);

impl<K, V> Clone for MapVTable_Ref<K, V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K, V> Copy for MapVTable_Ref<K, V> {}

macro_rules! getters {
    ($($name:ident: $ty:ty),* $(,)?) => {
        impl<K, V> MapVTable_Ref<K, V> {
            $(
                pub fn $name(self) -> $ty {
                    read_prefix_field!(self.0, $name)
                }
            )*
        }
    };
}

getters! {
    insert_elem: unsafe extern "C" fn(RMut<'_, ErasedMap<K, V>>, K, V) -> ROption<V>,
    get_elem: for<'a> unsafe extern "C" fn(RRef<'a, ErasedMap<K, V>>, MapQuery<'_, K>) -> Option<&'a V>,
    get_mut_elem: for<'a> unsafe extern "C" fn(RMut<'a, ErasedMap<K, V>>, MapQuery<'_, K>) -> Option<&'a mut V>,
    remove_entry: unsafe extern "C" fn(RMut<'_, ErasedMap<K, V>>, MapQuery<'_, K>) -> ROption<Tuple2<K, V>>,
    get_elem_p: for<'a> unsafe extern "C" fn(RRef<'a, ErasedMap<K, V>>, &K) -> Option<&'a V>,
    get_mut_elem_p: for<'a> unsafe extern "C" fn(RMut<'a, ErasedMap<K, V>>, &K) -> Option<&'a mut V>,
    remove_entry_p: unsafe extern "C" fn(RMut<'_, ErasedMap<K, V>>, &K) -> ROption<Tuple2<K, V>>,
    reserve: unsafe extern "C" fn(RMut<'_, ErasedMap<K, V>>, usize),
    clear_map: unsafe extern "C" fn(RMut<'_, ErasedMap<K, V>>),
    len: unsafe extern "C" fn(RRef<'_, ErasedMap<K, V>>) -> usize,
    capacity: unsafe extern "C" fn(RRef<'_, ErasedMap<K, V>>) -> usize,
    iter: for<'a> unsafe extern "C" fn(RRef<'a, ErasedMap<K, V>>) -> Iter<'a, K, V>,
    iter_mut: for<'a> unsafe extern "C" fn(RMut<'a, ErasedMap<K, V>>) -> IterMut<'a, K, V>,
    drain: for<'a> unsafe extern "C" fn(RMut<'a, ErasedMap<K, V>>) -> Drain<'a, K, V>,
    iter_val: unsafe extern "C" fn(RBox<ErasedMap<K, V>>) -> IntoIter<K, V>,
    entry: for<'a> unsafe extern "C" fn(RMut<'a, ErasedMap<K, V>>, K) -> REntry<'a, K, V>,
}

impl<K, V> MapVTable_Ref<K, V> {
    pub const fn as_ptr(self) -> *const WithMetadata<MapVTable<K, V>> {
        self.0.as_ptr()
    }
}

crate::declare_prefix_layout!(MAP_VTABLE_LAYOUT = "VTable");

/// Accessibility bits of a full map vtable (16 fields).
pub const MAP_VTABLE_BITS: u64 = 0xFFFF;

impl<K: Hash + Eq, V> MapVTable<K, V> {
    const WM: WithMetadata<MapVTable<K, V>> = WithMetadata {
        field_accessibility: MAP_VTABLE_BITS,
        type_layout: MAP_VTABLE_LAYOUT,
        value: MapVTable {
            insert_elem: f::insert_elem::<K, V>,
            get_elem: f::get_elem::<K, V>,
            get_mut_elem: f::get_mut_elem::<K, V>,
            remove_entry: f::remove_entry::<K, V>,
            get_elem_p: f::get_elem_p::<K, V>,
            get_mut_elem_p: f::get_mut_elem_p::<K, V>,
            remove_entry_p: f::remove_entry_p::<K, V>,
            reserve: f::reserve::<K, V>,
            clear_map: f::clear_map::<K, V>,
            len: f::len::<K, V>,
            capacity: f::capacity::<K, V>,
            iter: f::iter::<K, V>,
            iter_mut: f::iter_mut::<K, V>,
            drain: f::drain::<K, V>,
            iter_val: f::iter_val::<K, V>,
            entry: f::entry::<K, V>,
        },
    };

    /// This library's map vtable for `K`, `V`.
    // SAFETY: a promoted constant lives forever and is never mutated.
    pub const VTABLE_REF: MapVTable_Ref<K, V> = MapVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    type M = MapVTable<u32, u32>;
    let v = offset_of!(WithMetadata<M>, value);
    assert!(size_of::<M>() == 128);
    assert!(v + offset_of!(M, insert_elem) == 16);
    assert!(v + offset_of!(M, get_elem) == 24);
    assert!(v + offset_of!(M, get_mut_elem) == 32);
    assert!(v + offset_of!(M, remove_entry) == 40);
    assert!(v + offset_of!(M, get_elem_p) == 48);
    assert!(v + offset_of!(M, get_mut_elem_p) == 56);
    assert!(v + offset_of!(M, remove_entry_p) == 64);
    assert!(v + offset_of!(M, reserve) == 72);
    assert!(v + offset_of!(M, clear_map) == 80);
    assert!(v + offset_of!(M, len) == 88);
    assert!(v + offset_of!(M, capacity) == 96);
    assert!(v + offset_of!(M, iter) == 104);
    assert!(v + offset_of!(M, iter_mut) == 112);
    assert!(v + offset_of!(M, drain) == 120);
    assert!(v + offset_of!(M, iter_val) == 128);
    assert!(v + offset_of!(M, entry) == 136);
};
