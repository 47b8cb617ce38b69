//! An opaque handle: a Bag (a std HashMap, which has no stable layout) behind `RBox<Bag>`, whose
//! box vtable carries this library's destructor. The host never looks inside.
#![allow(improper_ctypes_definitions)] // `Bag` is only ever behind a pointer the host does not read

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use abi_stable_mirror::{RBox, ROption, RStr};

static DROPPED: AtomicU64 = AtomicU64::new(0);

pub struct Bag(HashMap<String, u64>);

impl Drop for Bag {
    fn drop(&mut self) {
        DROPPED.fetch_add(1, Ordering::SeqCst);
    }
}

#[no_mangle]
pub extern "C" fn tr_bag_new() -> RBox<Bag> {
    RBox::new(Bag(HashMap::new()))
}

#[no_mangle]
pub extern "C" fn tr_bag_insert(bag: &mut RBox<Bag>, key: RStr<'_>, value: u64) {
    bag.0.insert(key.as_str().to_owned(), value);
}

#[no_mangle]
pub extern "C" fn tr_bag_get(bag: &RBox<Bag>, key: RStr<'_>) -> ROption<u64> {
    bag.0.get(key.as_str()).copied().into()
}

#[no_mangle]
pub extern "C" fn tr_bag_len(bag: &RBox<Bag>) -> usize {
    bag.0.len()
}

#[no_mangle]
pub extern "C" fn tr_bag_into_len(bag: RBox<Bag>) -> usize {
    bag.0.len()
}

#[no_mangle]
pub extern "C" fn tr_bags_dropped() -> u64 {
    DROPPED.load(Ordering::SeqCst)
}
