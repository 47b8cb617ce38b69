//! The 16 functions of this library's map vtable, operating on the erased `BoxedHashMap`
//! (a std `HashMap<MapKey<K>, V>` plus the one entry slot). All are panic-guarded.

use std::collections::HashMap;
use std::hash::Hash;

use super::entry::{BoxedREntry, REntry};
use super::iterators::{Drain, DrainIter, IntoIter, Iter, IterMut, MutIter, RefIter, ValIter};
use super::map_key::MapKey;
use super::map_query::MapQuery;
use super::ErasedMap;
use crate::erased::DynTrait;
use crate::guard::guard;
use crate::sabi_types::{RMut, RRef};
use crate::std_types::{RBox, RNone, ROption, RSome, Tuple2};

/// What an `RHashMap` made by this library points at.
pub(super) struct BoxedHashMap<'a, K, V> {
    pub(super) map: HashMap<MapKey<K>, V>,
    /// The entry handed out by the last `entry` call (reset by the next one).
    pub(super) entry: Option<BoxedREntry<'a, K, V>>,
}

impl<K, V> BoxedHashMap<'_, K, V> {
    pub(super) fn new() -> Self {
        Self { map: HashMap::new(), entry: None }
    }
}

/// # Safety
/// `this` must be the data pointer of an `RHashMap` made by this library.
unsafe fn map_ref<'a, K, V>(this: RRef<'a, ErasedMap<K, V>>) -> &'a BoxedHashMap<'a, K, V> {
    // SAFETY: forwarded to the caller.
    unsafe { this.cast::<BoxedHashMap<'a, K, V>>().get() }
}

/// # Safety
/// As `map_ref`, uniquely borrowed.
unsafe fn map_mut<'a, K, V>(this: RMut<'a, ErasedMap<K, V>>) -> &'a mut BoxedHashMap<'a, K, V> {
    // SAFETY: forwarded to the caller.
    unsafe { this.cast::<BoxedHashMap<'a, K, V>>().get_mut() }
}

fn split<K, V>(entry: Option<(MapKey<K>, V)>) -> ROption<Tuple2<K, V>> {
    match entry {
        Some((key, value)) => RSome(Tuple2(key.into_inner(), value)),
        None => RNone,
    }
}

// SAFETY (all functions below): the map vtable holding them is only attached to maps made by
// `RHashMap::new` of this library, so the erased pointer is a `BoxedHashMap<K, V>`.

pub(super) unsafe extern "C" fn insert_elem<K: Hash + Eq, V>(this: RMut<'_, ErasedMap<K, V>>, key: K, value: V) -> ROption<V> {
    // SAFETY: see above.
    guard(|| unsafe { map_mut(this) }.map.insert(MapKey::Value(key), value).into())
}

pub(super) unsafe extern "C" fn get_elem<'a, K: Hash + Eq, V>(this: RRef<'a, ErasedMap<K, V>>, query: MapQuery<'_, K>) -> Option<&'a V> {
    guard(|| {
        let key = MapKey::Query(query.as_static_ptr());
        // SAFETY: see above.
        unsafe { map_ref(this) }.map.get(&key)
    })
}

pub(super) unsafe extern "C" fn get_mut_elem<'a, K: Hash + Eq, V>(
    this: RMut<'a, ErasedMap<K, V>>,
    query: MapQuery<'_, K>,
) -> Option<&'a mut V> {
    guard(|| {
        let key = MapKey::Query(query.as_static_ptr());
        // SAFETY: see above.
        unsafe { map_mut(this) }.map.get_mut(&key)
    })
}

pub(super) unsafe extern "C" fn remove_entry<K: Hash + Eq, V>(
    this: RMut<'_, ErasedMap<K, V>>,
    query: MapQuery<'_, K>,
) -> ROption<Tuple2<K, V>> {
    guard(|| {
        let key = MapKey::Query(query.as_static_ptr());
        // SAFETY: see above.
        split(unsafe { map_mut(this) }.map.remove_entry(&key))
    })
}

pub(super) unsafe extern "C" fn get_elem_p<'a, K: Hash + Eq, V>(this: RRef<'a, ErasedMap<K, V>>, key: &K) -> Option<&'a V> {
    // SAFETY: see above.
    guard(|| unsafe { map_ref(this) }.map.get(key))
}

pub(super) unsafe extern "C" fn get_mut_elem_p<'a, K: Hash + Eq, V>(this: RMut<'a, ErasedMap<K, V>>, key: &K) -> Option<&'a mut V> {
    // SAFETY: see above.
    guard(|| unsafe { map_mut(this) }.map.get_mut(key))
}

pub(super) unsafe extern "C" fn remove_entry_p<K: Hash + Eq, V>(this: RMut<'_, ErasedMap<K, V>>, key: &K) -> ROption<Tuple2<K, V>> {
    // SAFETY: see above.
    guard(|| split(unsafe { map_mut(this) }.map.remove_entry(key)))
}

pub(super) unsafe extern "C" fn reserve<K: Hash + Eq, V>(this: RMut<'_, ErasedMap<K, V>>, additional: usize) {
    // SAFETY: see above.
    guard(|| unsafe { map_mut(this) }.map.reserve(additional))
}

pub(super) unsafe extern "C" fn clear_map<K: Hash + Eq, V>(this: RMut<'_, ErasedMap<K, V>>) {
    // SAFETY: see above.
    guard(|| unsafe { map_mut(this) }.map.clear())
}

pub(super) unsafe extern "C" fn len<K: Hash + Eq, V>(this: RRef<'_, ErasedMap<K, V>>) -> usize {
    // SAFETY: see above.
    guard(|| unsafe { map_ref(this) }.map.len())
}

pub(super) unsafe extern "C" fn capacity<K: Hash + Eq, V>(this: RRef<'_, ErasedMap<K, V>>) -> usize {
    // SAFETY: see above.
    guard(|| unsafe { map_ref(this) }.map.capacity())
}

pub(super) unsafe extern "C" fn iter<'a, K: Hash + Eq, V>(this: RRef<'a, ErasedMap<K, V>>) -> Iter<'a, K, V> {
    // SAFETY: see above.
    guard(|| DynTrait::from_clone_iterator(RefIter(unsafe { map_ref(this) }.map.iter())))
}

pub(super) unsafe extern "C" fn iter_mut<'a, K: Hash + Eq, V>(this: RMut<'a, ErasedMap<K, V>>) -> IterMut<'a, K, V> {
    // SAFETY: see above.
    guard(|| DynTrait::from_iterator(MutIter(unsafe { map_mut(this) }.map.iter_mut())))
}

pub(super) unsafe extern "C" fn drain<'a, K: Hash + Eq, V>(this: RMut<'a, ErasedMap<K, V>>) -> Drain<'a, K, V> {
    // SAFETY: see above.
    guard(|| DynTrait::from_iterator(DrainIter(unsafe { map_mut(this) }.map.drain())))
}

/// Consumes the map's box: moves the map out, frees the box with `destructor(data, No, Yes)`.
pub(super) unsafe extern "C" fn iter_val<K: Hash + Eq, V>(this: RBox<ErasedMap<K, V>>) -> IntoIter<K, V> {
    guard(|| {
        // SAFETY: see above: the box holds a BoxedHashMap.
        let boxed = unsafe { this.transmute_element::<BoxedHashMap<'_, K, V>>() };
        let map = boxed.into_inner().map;
        // SAFETY: the iterator owns the map; it borrows nothing, whatever lifetime it is given.
        unsafe { DynTrait::from_iterator_unbounded(ValIter(map.into_iter())) }
    })
}

/// Resets the map's entry slot, fills it with the entry for `key` and hands out a view of it.
pub(super) unsafe extern "C" fn entry<'a, K: Hash + Eq, V>(this: RMut<'a, ErasedMap<K, V>>, key: K) -> REntry<'a, K, V> {
    guard(|| {
        // SAFETY: see above.
        let BoxedHashMap { map, entry } = unsafe { map_mut(this) };
        *entry = None;
        let slot = entry.insert(BoxedREntry::from(map.entry(MapKey::Value(key))));
        REntry::new(slot)
    })
}
