//! The map iterators handed out as `DynTrait`s: `iter` (items `Tuple2<&K, &V>`, Iterator + Clone,
//! bits `0x100F`), `iter_mut` (`Tuple2<&K, &mut V>`), `drain` and `iter_val` (`Tuple2<K, V>`),
//! the last three Iterator only (bits `0x1007`).

use std::collections::hash_map;
use std::marker::PhantomData;

use super::map_key::MapKey;
use crate::erased::{DynTrait, IteratorInterface};
use crate::std_types::{RBox, Tuple2};

pub struct RefIterInterface<K, V>(PhantomData<fn() -> (K, V)>);
pub struct MutIterInterface<K, V>(PhantomData<fn() -> (K, V)>);
pub struct ValIterInterface<K, V>(PhantomData<fn() -> (K, V)>);

impl<'a, K: 'a, V: 'a> IteratorInterface<'a> for RefIterInterface<K, V> {
    type Item = Tuple2<&'a K, &'a V>;
}
impl<'a, K: 'a, V: 'a> IteratorInterface<'a> for MutIterInterface<K, V> {
    type Item = Tuple2<&'a K, &'a mut V>;
}
impl<K, V> IteratorInterface<'_> for ValIterInterface<K, V> {
    type Item = Tuple2<K, V>;
}

pub type Iter<'a, K, V> = DynTrait<'a, RBox<()>, RefIterInterface<K, V>>;
pub type IterMut<'a, K, V> = DynTrait<'a, RBox<()>, MutIterInterface<K, V>>;
pub type Drain<'a, K, V> = DynTrait<'a, RBox<()>, ValIterInterface<K, V>>;
pub type IntoIter<K, V> = DynTrait<'static, RBox<()>, ValIterInterface<K, V>>;

pub(super) struct RefIter<'a, K, V>(pub(super) hash_map::Iter<'a, MapKey<K>, V>);

impl<K, V> Clone for RefIter<'_, K, V> {
    fn clone(&self) -> Self {
        RefIter(self.0.clone())
    }
}

impl<'a, K, V> Iterator for RefIter<'a, K, V> {
    type Item = Tuple2<&'a K, &'a V>;
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| Tuple2(k.as_key(), v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

pub(super) struct MutIter<'a, K, V>(pub(super) hash_map::IterMut<'a, MapKey<K>, V>);

impl<'a, K, V> Iterator for MutIter<'a, K, V> {
    type Item = Tuple2<&'a K, &'a mut V>;
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| Tuple2(k.as_key(), v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

pub(super) struct DrainIter<'a, K, V>(pub(super) hash_map::Drain<'a, MapKey<K>, V>);

impl<K, V> Iterator for DrainIter<'_, K, V> {
    type Item = Tuple2<K, V>;
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| Tuple2(k.into_inner(), v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

pub(super) struct ValIter<K, V>(pub(super) hash_map::IntoIter<MapKey<K>, V>);

impl<K, V> Iterator for ValIter<K, V> {
    type Item = Tuple2<K, V>;
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| Tuple2(k.into_inner(), v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}
