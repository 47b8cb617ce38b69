//! Maps: `tp_word_count`, `tp_map_get`, `tp_map_sum`, `tp_map_insert`, `tp_map_remove`,
//! `tp_map_entry_incr`, `tp_map_of_vecs`. Every operation goes through the map's own vtable
//! (`get` = `get_elem` + `MapQuery`, sums = `iter` + `IteratorFns.next`).

use abi_stable_mirror::{RHashMap, ROption, RStr, RString, RVec};

#[no_mangle]
pub extern "C" fn tp_word_count(s: RStr<'_>) -> RHashMap<RString, u32> {
    let mut map = RHashMap::new();
    for word in s.as_str().split(' ').filter(|w| !w.is_empty()) {
        *map.entry(RString::from(word)).or_insert(0) += 1;
    }
    map
}

#[no_mangle]
pub extern "C" fn tp_map_get(m: &RHashMap<RString, u32>, key: RStr<'_>) -> ROption<u32> {
    m.get(key.as_str()).copied().into()
}

#[no_mangle]
pub extern "C" fn tp_map_sum(m: &RHashMap<RString, u32>) -> u64 {
    m.values().map(|v| u64::from(*v)).sum()
}

#[no_mangle]
pub extern "C" fn tp_map_insert(m: &mut RHashMap<RString, u32>, key: RStr<'_>, value: u32) -> ROption<u32> {
    m.insert(RString::from(key.as_str()), value)
}

/// Removes with `remove_entry` + `MapQuery`; the removed key is dropped through its vtable.
#[no_mangle]
pub extern "C" fn tp_map_remove(m: &mut RHashMap<RString, u32>, key: RStr<'_>) -> ROption<u32> {
    m.remove(key.as_str())
}

#[no_mangle]
pub extern "C" fn tp_map_entry_incr(m: &mut RHashMap<RString, u32>, key: RStr<'_>) -> u32 {
    let count = m.entry(RString::from(key.as_str())).or_insert(0);
    *count = count.wrapping_add(1);
    *count
}

#[no_mangle]
pub extern "C" fn tp_map_of_vecs(n: u32) -> RHashMap<RString, RVec<u32>> {
    (0..n).map(|i| (RString::from(format!("k{i}")), (0..i).collect())).collect()
}
