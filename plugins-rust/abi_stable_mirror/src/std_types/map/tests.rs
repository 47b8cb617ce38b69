//! Behaviour of `RHashMap`: operations, entries, iterators, drop counts, and lookups across
//! implementations (a linear-scan "foreign" map with its own FNV hasher, as a C runtime might
//! write one, and hand-made foreign `MapQuery`s).

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::erased::dyn_vtable::{CLONE_ITER_BITS, ITER_BITS};
use crate::erased::HasherObject;
use crate::marker::ErasedObject;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::sabi_types::{RMut, RRef};
use crate::std_types::{RNone, RSome, RString};
use crate::test_support::DropCounter;

fn words() -> RHashMap<RString, u32> {
    let mut map = RHashMap::new();
    for (i, word) in ["a", "bb", "ccc"].iter().enumerate() {
        map.insert(RString::from(*word), i as u32);
    }
    map
}

#[test]
fn insert_get_remove_len() {
    let mut map = words();
    assert_eq!(map.len(), 3);
    assert_eq!(map.get("bb"), Some(&1));
    assert_eq!(map.get("zz"), None);
    assert_eq!(map.insert("bb".into(), 7), RSome(1));
    *map.get_mut("a").unwrap() += 10;
    assert_eq!(map.get_p(&RString::from("a")), Some(&10));
    assert_eq!(map.remove("ccc"), RSome(2));
    assert_eq!(map.remove("ccc"), RNone);
    assert_eq!(map.remove_p(&RString::from("a")), RSome(10));
    assert_eq!(map.len(), 1);
    assert!(map.capacity() >= 1);
    map.clear();
    assert!(map.is_empty());
    assert_eq!(map.vtable().0.field_accessibility(), 0xFFFF);
}

#[test]
fn entries() {
    let mut map = words();
    *map.entry("a".into()).or_insert(100) += 1;
    *map.entry("new".into()).or_insert(5) += 1;
    assert_eq!(map.get("a"), Some(&1));
    assert_eq!(map.get("new"), Some(&6));
    match map.entry("bb".into()) {
        REntry::Occupied(mut e) => {
            assert_eq!(e.key().as_str(), "bb");
            assert_eq!(*e.get(), 1);
            assert_eq!(e.insert(9), 1);
            assert_eq!(e.remove(), 9);
        }
        REntry::Vacant(_) => unreachable!(),
    }
    match map.entry("zz".into()) {
        REntry::Vacant(e) => {
            assert_eq!(e.key().as_str(), "zz");
            assert_eq!(e.into_key().as_str(), "zz");
        }
        REntry::Occupied(_) => unreachable!(),
    }
    assert_eq!(map.entry("q".into()).get(), None);
    assert_eq!(*map.entry("q".into()).or_default(), 0);
    assert_eq!(map.entry("q".into()).and_modify(|v| *v += 3).get(), Some(&3));
    assert_eq!(map.len(), 4);
}

#[test]
fn entry_layout_and_bits() {
    let mut map = words();
    let entry = map.entry("a".into());
    let base = &entry as *const _ as usize;
    // SAFETY: reading the 4-byte tag of a live repr(C) enum.
    assert_eq!(unsafe { *(&entry as *const _ as *const u32) }, 0);
    if let REntry::Occupied(e) = &entry {
        assert_eq!(e as *const _ as usize - base, 8);
        assert_eq!(e.vtable().0.field_accessibility(), 0x7F);
    }
    drop(entry);
    let entry = map.entry("nope".into());
    // SAFETY: as above.
    assert_eq!(unsafe { *(&entry as *const _ as *const u32) }, 1);
    if let REntry::Vacant(e) = &entry {
        assert_eq!(e.vtable().0.field_accessibility(), 0xF);
    }
}

#[test]
fn drops_keys_and_values_exactly_once() {
    let drops = AtomicUsize::new(0);
    {
        let mut map = RHashMap::new();
        for i in 0..10u32 {
            map.insert(i, DropCounter(&drops));
        }
        let old = map.insert(3, DropCounter(&drops));
        assert!(old.is_some());
        assert_eq!(drops.load(Ordering::SeqCst), 0, "the replaced value is returned, not dropped");
        drop(old);
        assert!(map.remove(&4).is_some());
        assert_eq!(drops.load(Ordering::SeqCst), 2);
        let vacant_key_drop = AtomicUsize::new(0);
        let mut keyed = RHashMap::<RString, DropCounter<'_>>::new();
        drop(keyed.entry("k".into()));
        assert!(keyed.is_empty());
        keyed.insert("x".into(), DropCounter(&vacant_key_drop));
        drop(keyed);
        assert_eq!(vacant_key_drop.load(Ordering::SeqCst), 1);
    }
    assert_eq!(drops.load(Ordering::SeqCst), 11);
}

#[test]
fn iterators_are_dyn_traits_with_the_right_bits() {
    let mut map = words();
    let mut it = map.iter();
    assert_eq!(it.vtable().0.field_accessibility(), CLONE_ITER_BITS);
    let first = it.next().unwrap();
    let copy = it.clone();
    assert_eq!(it.count(), 2);
    assert_eq!(copy.count(), 2);
    assert!(map.contains_key(first.0.as_str()));
    assert_eq!(map.values().sum::<u32>(), 3);
    let it = map.iter_mut();
    assert_eq!(it.vtable().0.field_accessibility(), ITER_BITS);
    for Tuple2(_, v) in it {
        *v *= 2;
    }
    assert_eq!(map.values().sum::<u32>(), 6);
    let mut copy = map.clone();
    let drained: Vec<_> = map.drain().map(|Tuple2(k, v)| (k.into_string(), v)).collect();
    assert_eq!(drained.len(), 3);
    assert!(map.is_empty());
    let mut pairs: Vec<_> = copy.drain().collect();
    pairs.sort();
    assert_eq!(pairs[0], Tuple2("a".into(), 0));
    copy.extend([(RString::from("x"), 1)]);
    let into: Vec<_> = copy.into_iter().collect();
    assert_eq!(into, vec![Tuple2(RString::from("x"), 1)]);
}

#[test]
fn into_iter_drops_remaining_items() {
    let drops = AtomicUsize::new(0);
    let map: RHashMap<u8, DropCounter<'_>> = (0..4).map(|i| (i, DropCounter(&drops))).collect();
    let mut it = map.into_iter();
    drop(it.next());
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    drop(it);
    assert_eq!(drops.load(Ordering::SeqCst), 4);
}

// ----- a foreign map: linear scan, FNV-1a hashing through MapQuery + HasherObject -----

struct Fnv(u64);
impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
fn fnv<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    value.hash(&mut h);
    h.0
}

struct ForeignMap<K, V> {
    entries: Vec<(K, V, u64)>,
}

unsafe fn foreign<'a, K, V>(this: RRef<'a, ErasedMap<K, V>>) -> &'a ForeignMap<K, V> {
    // SAFETY: foreign maps are made by `foreign_map` below.
    unsafe { this.cast().get() }
}
unsafe fn foreign_mut<'a, K, V>(this: RMut<'a, ErasedMap<K, V>>) -> &'a mut ForeignMap<K, V> {
    // SAFETY: as above.
    unsafe { this.cast().get_mut() }
}
fn query_hash<K>(query: &MapQuery<'_, K>) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    query.hash_into(&mut h);
    h.0
}

unsafe extern "C" fn f_insert<K: Hash + Eq, V>(this: RMut<'_, ErasedMap<K, V>>, key: K, value: V) -> ROption<V> {
    // SAFETY: see `foreign`.
    let map = unsafe { foreign_mut(this) };
    let hash = fnv(&key);
    match map.entries.iter_mut().find(|e| e.2 == hash && e.0 == key) {
        Some(e) => RSome(std::mem::replace(&mut e.1, value)),
        None => {
            map.entries.push((key, value, hash));
            RNone
        }
    }
}
unsafe extern "C" fn f_get<'a, K, V>(this: RRef<'a, ErasedMap<K, V>>, q: MapQuery<'_, K>) -> Option<&'a V> {
    let hash = query_hash(&q);
    // SAFETY: see `foreign`.
    unsafe { foreign(this) }.entries.iter().find(|e| e.2 == hash && q.is_equal(&e.0)).map(|e| &e.1)
}
unsafe extern "C" fn f_get_mut<'a, K, V>(this: RMut<'a, ErasedMap<K, V>>, q: MapQuery<'_, K>) -> Option<&'a mut V> {
    let hash = query_hash(&q);
    // SAFETY: see `foreign`.
    unsafe { foreign_mut(this) }.entries.iter_mut().find(|e| e.2 == hash && q.is_equal(&e.0)).map(|e| &mut e.1)
}
unsafe extern "C" fn f_remove<K, V>(this: RMut<'_, ErasedMap<K, V>>, q: MapQuery<'_, K>) -> ROption<Tuple2<K, V>> {
    let hash = query_hash(&q);
    // SAFETY: see `foreign`.
    let map = unsafe { foreign_mut(this) };
    match map.entries.iter().position(|e| e.2 == hash && q.is_equal(&e.0)) {
        Some(i) => {
            let (k, v, _) = map.entries.swap_remove(i);
            RSome(Tuple2(k, v))
        }
        None => RNone,
    }
}
unsafe extern "C" fn f_len<K, V>(this: RRef<'_, ErasedMap<K, V>>) -> usize {
    // SAFETY: see `foreign`.
    unsafe { foreign(this) }.entries.len()
}
type Pair<'a, K, V> = &'a (K, V, u64);
fn as_items<'a, K, V>(e: Pair<'a, K, V>) -> Tuple2<&'a K, &'a V> {
    Tuple2(&e.0, &e.1)
}
unsafe extern "C" fn f_iter<'a, K, V>(this: RRef<'a, ErasedMap<K, V>>) -> Iter<'a, K, V> {
    // SAFETY: see `foreign`.
    let items = unsafe { foreign(this) }.entries.iter().map(as_items::<K, V> as fn(Pair<'a, K, V>) -> _);
    crate::erased::DynTrait::from_clone_iterator(items)
}
unsafe extern "C" fn f_get_p<'a, K, V>(_: RRef<'a, ErasedMap<K, V>>, _: &K) -> Option<&'a V> {
    unimplemented!()
}
unsafe extern "C" fn f_get_mut_p<'a, K, V>(_: RMut<'a, ErasedMap<K, V>>, _: &K) -> Option<&'a mut V> {
    unimplemented!()
}
unsafe extern "C" fn f_remove_p<K, V>(_: RMut<'_, ErasedMap<K, V>>, _: &K) -> ROption<Tuple2<K, V>> {
    unimplemented!()
}
unsafe extern "C" fn f_reserve<K, V>(_: RMut<'_, ErasedMap<K, V>>, _: usize) {}
unsafe extern "C" fn f_clear<K, V>(_: RMut<'_, ErasedMap<K, V>>) {
    unimplemented!()
}
unsafe extern "C" fn f_iter_mut<'a, K, V>(_: RMut<'a, ErasedMap<K, V>>) -> IterMut<'a, K, V> {
    unimplemented!()
}
unsafe extern "C" fn f_drain<'a, K, V>(_: RMut<'a, ErasedMap<K, V>>) -> Drain<'a, K, V> {
    unimplemented!()
}
unsafe extern "C" fn f_iter_val<K, V>(_: RBox<ErasedMap<K, V>>) -> IntoIter<K, V> {
    unimplemented!()
}
unsafe extern "C" fn f_entry<'a, K, V>(_: RMut<'a, ErasedMap<K, V>>, _: K) -> REntry<'a, K, V> {
    unimplemented!()
}

crate::declare_prefix_layout!(FOREIGN_MAP_LAYOUT = "ForeignMapVTable");

struct ForeignMapVTable<K, V>(PhantomData<(K, V)>);
impl<K: Hash + Eq, V> ForeignMapVTable<K, V> {
    const WM: WithMetadata<MapVTable<K, V>> = WithMetadata {
        field_accessibility: 0xFFFF,
        type_layout: FOREIGN_MAP_LAYOUT,
        value: MapVTable {
            insert_elem: f_insert::<K, V>,
            get_elem: f_get::<K, V>,
            get_mut_elem: f_get_mut::<K, V>,
            remove_entry: f_remove::<K, V>,
            get_elem_p: f_get_p::<K, V>,
            get_mut_elem_p: f_get_mut_p::<K, V>,
            remove_entry_p: f_remove_p::<K, V>,
            reserve: f_reserve::<K, V>,
            clear_map: f_clear::<K, V>,
            len: f_len::<K, V>,
            capacity: f_len::<K, V>,
            iter: f_iter::<K, V>,
            iter_mut: f_iter_mut::<K, V>,
            drain: f_drain::<K, V>,
            iter_val: f_iter_val::<K, V>,
            entry: f_entry::<K, V>,
        },
    };
    // SAFETY: promoted constant.
    const VTABLE_REF: MapVTable_Ref<K, V> = MapVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

fn foreign_map<K: Hash + Eq, V>() -> RHashMap<K, V> {
    // SAFETY: the box holds a ForeignMap, which the foreign vtable expects.
    unsafe {
        let data = RBox::new(ForeignMap::<K, V> { entries: Vec::new() }).transmute_element::<ErasedMap<K, V>>();
        RHashMap::from_raw_parts(data, ForeignMapVTable::<K, V>::VTABLE_REF)
    }
}

#[test]
fn lookups_on_a_foreign_map_hash_through_its_hasher() {
    let mut map = foreign_map::<RString, u32>();
    assert_eq!(map.insert("héllo".into(), 1), RNone);
    assert_eq!(map.insert("world".into(), 2), RNone);
    assert_eq!(map.insert("world".into(), 3), RSome(2));
    assert_eq!(map.get("héllo"), Some(&1), "MapQuery<str> must hash like the stored RString");
    assert_eq!(map.get("hello"), None);
    *map.get_mut("world").unwrap() += 1;
    assert_eq!(map.values().copied().sum::<u32>(), 5);
    assert_eq!(map.remove("héllo"), RSome(1));
    assert_eq!(map.len(), 1);
    let copy = map.clone();
    assert!(copy.vtable().as_ptr() != map.vtable().as_ptr());
    assert_eq!(copy, map);
}

/// A query as a C host would build one: compare bytes, hash as `write(bytes)` + `write_u8(0xff)`.
extern "C" fn c_is_equal(key: &RString, query: RRef<'_, ErasedObject>) -> bool {
    // SAFETY: the query is a `&&str` built in the test below.
    key.as_str() == *unsafe { query.cast::<&str>().get() }
}
extern "C" fn c_hash(query: RRef<'_, ErasedObject>, mut hasher: HasherObject<'_>) {
    // SAFETY: as above.
    let text: &str = unsafe { query.cast::<&str>().get() };
    hasher.write(text.as_bytes());
    hasher.write_u8(0xff);
}

#[test]
fn our_map_answers_foreign_queries() {
    let map = words();
    let text: &str = "ccc";
    let query_target: &&str = &text;
    let mut q = MapQuery::new::<str>(query_target);
    q.is_equal = c_is_equal;
    q.hash = c_hash;
    q.query = RRef::new(query_target).cast();
    // SAFETY: our map with our vtable; the query lives for the call.
    let found = unsafe { (map.vtable().get_elem())(RRef::from_raw(map.map_data()), q) };
    assert_eq!(found, Some(&2));
}
