//! Behaviour of `RVec`: growth through the value's own vtable, adoption rule, drop counts.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::test_support::{calls, foreign_type_id, DropCounter, ForeignVec};
use crate::test_tag;

#[test]
fn push_pop_and_growth_use_our_vtable() {
    let mut v = RVec::new();
    assert_eq!(v.capacity(), 0);
    for i in 0..100u32 {
        v.push(i);
    }
    assert_eq!(v.len(), 100);
    assert!(v.capacity() >= 100);
    assert_eq!(v.pop(), Some(99));
    assert_eq!(&v[..3], &[0, 1, 2]);
    v.shrink_to_fit();
    assert_eq!(v.capacity(), 99);
    v.reserve_exact(10);
    assert_eq!(v.capacity(), 109);
    assert!(v.is_from_this_library());
}

#[test]
fn zero_sized_capacity_is_max() {
    let mut v = RVec::<()>::new();
    assert_eq!(v.capacity(), usize::MAX);
    v.push(());
    assert_eq!(v.len(), 1);
}

#[test]
fn pushes_onto_a_foreign_vector_grow_through_its_vtable() {
    test_tag!(GrowTag);
    let mut v = ForeignVec::<u32, GrowTag>::from_vec(vec![1, 2]);
    assert_eq!(v.capacity(), 2);
    v.push(3);
    v.push(4);
    assert_eq!(calls::<GrowTag>("grow"), 2, "the foreign grow reserves exactly, so each push grows");
    assert_eq!(v.as_slice(), &[1, 2, 3, 4]);
    v.shrink_to_fit();
    assert_eq!(calls::<GrowTag>("shrink"), 1);
    drop(v);
    assert_eq!(calls::<GrowTag>("destructor"), 1);
}

#[test]
fn into_vec_adopts_own_buffers() {
    let v: RVec<u8> = vec![1, 2, 3].into();
    let ptr = v.as_ptr();
    let adopted = v.into_vec();
    assert_eq!(adopted.as_ptr(), ptr);
}

#[test]
fn into_vec_copies_foreign_buffers_and_calls_their_destructor_with_length_zero() {
    test_tag!(CopyTag);
    let drops = AtomicUsize::new(0);
    let items = vec![DropCounter(&drops), DropCounter(&drops)];
    let v = ForeignVec::<_, CopyTag>::from_vec(items);
    assert!(!v.is_from_this_library());
    assert_eq!((v.vtable().type_id())(), foreign_type_id());
    assert_ne!((v.vtable().type_id())(), crate::utypeid::UTypeId::new::<RVec<()>>());
    let ptr = v.as_ptr();
    let copied = v.into_vec();
    assert_ne!(copied.as_ptr(), ptr);
    assert_eq!(calls::<CopyTag>("destructor_empty"), 1);
    assert_eq!(drops.load(Ordering::SeqCst), 0, "elements were moved, not dropped");
    drop(copied);
    assert_eq!(drops.load(Ordering::SeqCst), 2);
}

#[test]
fn drop_runs_element_destructors_once() {
    let drops = AtomicUsize::new(0);
    let mut v = RVec::new();
    for _ in 0..5 {
        v.push(DropCounter(&drops));
    }
    v.truncate(3);
    assert_eq!(drops.load(Ordering::SeqCst), 2);
    let c = v.clone();
    drop(v);
    assert_eq!(drops.load(Ordering::SeqCst), 5);
    drop(c);
    assert_eq!(drops.load(Ordering::SeqCst), 8);
}

#[test]
fn clone_of_foreign_vector_is_ours() {
    test_tag!(CloneTag);
    let v = ForeignVec::<u64, CloneTag>::from_vec(vec![7, 8]);
    let c = v.clone();
    assert!(c.is_from_this_library());
    assert_eq!(c, v);
}

#[test]
fn extend_and_collect() {
    let mut v: RVec<u16> = (0..4).collect();
    v.extend_from_slice(&[9, 9]);
    v.extend_from_copy_slice(&[1]);
    v.extend(5..7);
    assert_eq!(v.as_slice(), &[0, 1, 2, 3, 9, 9, 1, 5, 6]);
    assert_eq!(v.into_iter().map(u32::from).sum::<u32>(), 36);
}

#[test]
fn vtable_header_bits_and_type_id() {
    let vt = VecVTable::<u32>::VTABLE_REF;
    assert_eq!(vt.0.field_accessibility(), 0xF);
    assert!(!vt.0.type_layout().is_null());
    assert_eq!((vt.type_id())(), crate::utypeid::UTypeId::new::<RVec<()>>());
    assert_eq!((VecVTable::<u8>::VTABLE_REF.type_id())(), (vt.type_id())(), "type_id is RVec<()> for every T");
}
