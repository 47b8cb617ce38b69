//! `RHashMap<K, V>`: `{ map: RBox<ErasedMap>, vtable: MapVTable_Ref }` (24 bytes) with a std
//! `HashMap` behind it. Every method calls the map's own vtable, so it works on maps made by any
//! implementation; lookups by borrowed keys send a `MapQuery` that hashes with `Q`'s Rust `Hash`
//! through the map's `HasherObject`. Dropping = `map.vtable.destructor(map.data, 0, 1)`.

mod entry;
mod extern_fns;
mod iterators;
mod map_key;
mod map_query;
#[cfg(test)]
mod tests;
mod vtable;

pub use self::entry::{OccupiedVTable, OccupiedVTable_Ref, REntry, ROccupiedEntry, RVacantEntry, VacantVTable, VacantVTable_Ref};
pub use self::iterators::{Drain, IntoIter, Iter, IterMut, MutIterInterface, RefIterInterface, ValIterInterface};
pub use self::map_query::MapQuery;
pub use self::vtable::{MapVTable, MapVTable_Ref, MAP_VTABLE_BITS};

use std::borrow::Borrow;
use std::fmt;
use std::hash::Hash;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ptr;

use self::extern_fns::BoxedHashMap;
use super::{RBox, ROption, Tuple2};

/// The erased pointee of `RHashMap.map` (each implementation has its own real type behind it).
#[repr(C)]
pub struct ErasedMap<K, V> {
    _marker: PhantomData<(K, V)>,
    _priv: [u8; 0],
}

#[repr(C)]
pub struct RHashMap<K, V> {
    pub(crate) map: RBox<ErasedMap<K, V>>,
    pub(crate) vtable: MapVTable_Ref<K, V>,
}

impl<K: Hash + Eq, V> RHashMap<K, V> {
    /// An empty map made by this library.
    pub fn new() -> Self {
        // SAFETY: the box holds a BoxedHashMap, which this library's map vtable expects.
        let map = unsafe { RBox::new(BoxedHashMap::<K, V>::new()).transmute_element::<ErasedMap<K, V>>() };
        Self { map, vtable: MapVTable::<K, V>::VTABLE_REF }
    }

    pub fn with_capacity(capacity: usize) -> Self {
        let mut map = Self::new();
        map.reserve(capacity);
        map
    }
}

impl<K, V> RHashMap<K, V> {
    /// Assembles a map from its parts (e.g. written by a host).
    ///
    /// # Safety
    /// `vtable`'s functions must accept `map`'s data pointer, and `map`'s box vtable must free it.
    pub unsafe fn from_raw_parts(map: RBox<ErasedMap<K, V>>, vtable: MapVTable_Ref<K, V>) -> Self {
        Self { map, vtable }
    }

    pub fn vtable(&self) -> MapVTable_Ref<K, V> {
        self.vtable
    }
    /// The erased map pointer the vtable functions take (`map.data`).
    pub fn map_data(&self) -> *const ErasedMap<K, V> {
        self.map.as_ptr()
    }
    pub fn box_vtable(&self) -> super::boxed::BoxVtable_Ref<ErasedMap<K, V>> {
        self.map.vtable()
    }

    pub fn len(&self) -> usize {
        // SAFETY: the map's own vtable with its own data (same for every call below).
        unsafe { (self.vtable.len())(self.map.as_rref()) }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn capacity(&self) -> usize {
        // SAFETY: see `len`.
        unsafe { (self.vtable.capacity())(self.map.as_rref()) }
    }
    pub fn reserve(&mut self, additional: usize) {
        // SAFETY: see `len`.
        unsafe { (self.vtable.reserve())(self.map.as_rmut(), additional) }
    }
    pub fn clear(&mut self) {
        // SAFETY: see `len`.
        unsafe { (self.vtable.clear_map())(self.map.as_rmut()) }
    }

    /// Inserts (moving `key` and `value` in); returns the previous value.
    pub fn insert(&mut self, key: K, value: V) -> ROption<V> {
        // SAFETY: see `len`.
        unsafe { (self.vtable.insert_elem())(self.map.as_rmut(), key, value) }
    }

    /// Looks `query` up with `get_elem` and a `MapQuery`, on a map made by anyone.
    pub fn get<Q>(&self, query: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // SAFETY: see `len`; the query lives for the call.
        unsafe { (self.vtable.get_elem())(self.map.as_rref(), MapQuery::new(&query)) }
    }

    pub fn get_mut<Q>(&mut self, query: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // SAFETY: see `get`.
        unsafe { (self.vtable.get_mut_elem())(self.map.as_rmut(), MapQuery::new(&query)) }
    }

    pub fn contains_key<Q>(&self, query: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get(query).is_some()
    }

    /// Removes with `remove_entry` and a `MapQuery`; the removed key is dropped.
    pub fn remove<Q>(&mut self, query: &Q) -> ROption<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.remove_entry(query).map(|Tuple2(_, value)| value)
    }

    pub fn remove_entry<Q>(&mut self, query: &Q) -> ROption<Tuple2<K, V>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // SAFETY: see `get`.
        unsafe { (self.vtable.remove_entry())(self.map.as_rmut(), MapQuery::new(&query)) }
    }

    /// Lookup by `&K` (`get_elem_p`): the map compares with its own knowledge of `K`.
    pub fn get_p(&self, key: &K) -> Option<&V> {
        // SAFETY: see `len`.
        unsafe { (self.vtable.get_elem_p())(self.map.as_rref(), key) }
    }
    pub fn get_mut_p(&mut self, key: &K) -> Option<&mut V> {
        // SAFETY: see `len`.
        unsafe { (self.vtable.get_mut_elem_p())(self.map.as_rmut(), key) }
    }
    pub fn remove_p(&mut self, key: &K) -> ROption<V> {
        self.remove_entry_p(key).map(|Tuple2(_, value)| value)
    }
    pub fn remove_entry_p(&mut self, key: &K) -> ROption<Tuple2<K, V>> {
        // SAFETY: see `len`.
        unsafe { (self.vtable.remove_entry_p())(self.map.as_rmut(), key) }
    }

    /// Iterates `Tuple2<&K, &V>` through the vtable's `iter` and `IteratorFns.next`.
    pub fn iter(&self) -> Iter<'_, K, V> {
        // SAFETY: see `len`.
        unsafe { (self.vtable.iter())(self.map.as_rref()) }
    }
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        // SAFETY: see `len`.
        unsafe { (self.vtable.iter_mut())(self.map.as_rmut()) }
    }
    /// Empties the map, yielding owned pairs.
    pub fn drain(&mut self) -> Drain<'_, K, V> {
        // SAFETY: see `len`.
        unsafe { (self.vtable.drain())(self.map.as_rmut()) }
    }
    pub fn keys(&self) -> impl Iterator<Item = &K> + '_ {
        self.iter().map(|Tuple2(key, _)| key)
    }
    pub fn values(&self) -> impl Iterator<Item = &V> + '_ {
        self.iter().map(|Tuple2(_, value)| value)
    }

    /// The entry for `key` (only one entry may exist at a time).
    pub fn entry(&mut self, key: K) -> REntry<'_, K, V> {
        // SAFETY: see `len`.
        unsafe { (self.vtable.entry())(self.map.as_rmut(), key) }
    }
}

/// Consumes the map through `iter_val` (which takes the map's box by value).
impl<K, V> IntoIterator for RHashMap<K, V> {
    type Item = Tuple2<K, V>;
    type IntoIter = IntoIter<K, V>;
    fn into_iter(self) -> IntoIter<K, V> {
        let this = ManuallyDrop::new(self);
        // SAFETY: the box is moved out exactly once and the RHashMap is forgotten.
        let map = unsafe { ptr::read(&this.map) };
        // SAFETY: see `len`.
        unsafe { (this.vtable.iter_val())(map) }
    }
}

impl<'a, K, V> IntoIterator for &'a RHashMap<K, V> {
    type Item = Tuple2<&'a K, &'a V>;
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Hash + Eq, V> Default for RHashMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

/// A copy made by this library, read through `self`'s vtable.
impl<K: Hash + Eq + Clone, V: Clone> Clone for RHashMap<K, V> {
    fn clone(&self) -> Self {
        let mut copy = Self::with_capacity(self.len());
        for Tuple2(key, value) in self.iter() {
            copy.insert(key.clone(), value.clone());
        }
        copy
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for RHashMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter().map(Tuple2::into_tuple)).finish()
    }
}

impl<K: Hash + Eq, V: PartialEq> PartialEq for RHashMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|Tuple2(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Hash + Eq, V> FromIterator<(K, V)> for RHashMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Self::new();
        map.extend(iter);
        map
    }
}

impl<K, V> Extend<(K, V)> for RHashMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        self.reserve(iter.size_hint().0);
        for (key, value) in iter {
            self.insert(key, value);
        }
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use crate::std_types::RString;
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<RHashMap<RString, u32>>() == 24 && align_of::<RHashMap<RString, u32>>() == 8);
    assert!(offset_of!(RHashMap<RString, u32>, map) == 0);
    assert!(size_of::<RBox<ErasedMap<RString, u32>>>() == 16);
    assert!(offset_of!(RHashMap<RString, u32>, vtable) == 16);
};
