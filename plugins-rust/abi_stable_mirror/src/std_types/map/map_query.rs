//! `MapQuery<'a, K>` (24 bytes, by value): `{ is_equal, hash, query }` — how a caller looks up a key
//! by a borrowed form (`&str` for `RString` keys) in a map made by anyone. `query` points at a
//! `&Q` (double indirection, since `Q` may be unsized); only the two callbacks ever read it.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use crate::erased::HasherObject;
use crate::guard::guard;
use crate::marker::ErasedObject;
use crate::sabi_types::RRef;

#[repr(C)]
pub struct MapQuery<'a, K> {
    _marker: PhantomData<fn(&K)>,
    pub is_equal: extern "C" fn(&K, RRef<'_, ErasedObject>) -> bool,
    pub hash: extern "C" fn(RRef<'_, ErasedObject>, HasherObject<'_>),
    pub query: RRef<'a, ErasedObject>,
}

impl<'a, K> MapQuery<'a, K> {
    /// A query for `*query`, comparing with `K: Borrow<Q>` and hashing with `Q`'s `Hash`.
    pub fn new<Q>(query: &'a &'a Q) -> Self
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        Self {
            _marker: PhantomData,
            is_equal: is_equal::<K, Q>,
            hash: hash::<Q>,
            query: RRef::new(query).cast(),
        }
    }

    /// Whether the stored `key` equals the query (through the query's own callback).
    pub fn is_equal(&self, key: &K) -> bool {
        (self.is_equal)(key, self.query)
    }

    /// Feeds the query's hash into `hasher` (through the query's own callback).
    pub fn hash_into<H: Hasher>(&self, hasher: &mut H) {
        (self.hash)(self.query, HasherObject::new(hasher))
    }

    /// Reborrow with an unbounded lifetime, to sit in a `MapKey::Query` during one lookup.
    pub(super) fn as_static_ptr(&self) -> std::ptr::NonNull<MapQuery<'static, K>> {
        std::ptr::NonNull::from(self).cast()
    }
}

extern "C" fn is_equal<K: Borrow<Q>, Q: Eq + ?Sized>(key: &K, query: RRef<'_, ErasedObject>) -> bool {
    guard(|| {
        // SAFETY: `query` was made from `&&Q` in `MapQuery::new`.
        let query = unsafe { query.cast::<&Q>().get() };
        key.borrow() == *query
    })
}

extern "C" fn hash<Q: Hash + ?Sized>(query: RRef<'_, ErasedObject>, mut hasher: HasherObject<'_>) {
    guard(|| {
        // SAFETY: `query` was made from `&&Q` in `MapQuery::new`.
        let query = unsafe { query.cast::<&Q>().get() };
        query.hash(&mut hasher)
    })
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<MapQuery<'static, u8>>() == 24);
    assert!(offset_of!(MapQuery<'static, u8>, is_equal) == 0);
    assert!(offset_of!(MapQuery<'static, u8>, hash) == 8);
    assert!(offset_of!(MapQuery<'static, u8>, query) == 16);
};
