//! `MapKey<K>`: the key type of the std `HashMap` behind an `RHashMap`: a stored key, or (only
//! during a lookup) a foreign `MapQuery` that hashes and compares through its own callbacks.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};
use std::ptr::NonNull;

use super::map_query::MapQuery;

pub(super) enum MapKey<K> {
    Value(K),
    /// Lives only for the duration of one `get_elem`/`get_mut_elem`/`remove_entry` call.
    Query(NonNull<MapQuery<'static, K>>),
}

impl<K> MapKey<K> {
    pub(super) fn into_inner(self) -> K {
        match self {
            MapKey::Value(key) => key,
            MapKey::Query(_) => unreachable!("a MapQuery is never stored in the map"),
        }
    }

    pub(super) fn as_key(&self) -> &K {
        match self {
            MapKey::Value(key) => key,
            MapKey::Query(_) => unreachable!("a MapQuery is never stored in the map"),
        }
    }
}

/// `get_elem_p` and friends look keys up as `&K`; stored keys hash as `K` does.
impl<K> Borrow<K> for MapKey<K> {
    fn borrow(&self) -> &K {
        self.as_key()
    }
}

impl<K: Eq> PartialEq for MapKey<K> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (MapKey::Value(lhs), MapKey::Value(rhs)) => lhs == rhs,
            (MapKey::Value(key), MapKey::Query(query)) | (MapKey::Query(query), MapKey::Value(key)) => {
                // SAFETY: the query outlives the lookup that put this MapKey on the stack.
                unsafe { query.as_ref() }.is_equal(key)
            }
            (MapKey::Query(_), MapKey::Query(_)) => unreachable!("two queries are never compared"),
        }
    }
}
impl<K: Eq> Eq for MapKey<K> {}

impl<K: Hash> Hash for MapKey<K> {
    fn hash<H: Hasher>(&self, hasher: &mut H) {
        match self {
            MapKey::Value(key) => key.hash(hasher),
            // SAFETY: as in `eq`.
            MapKey::Query(query) => unsafe { query.as_ref() }.hash_into(hasher),
        }
    }
}
