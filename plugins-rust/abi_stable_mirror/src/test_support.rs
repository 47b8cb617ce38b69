//! Test-only "foreign library" vtables: the same layouts with another identity and call counters,
//! so tests can check that values made elsewhere are grown and dropped through their own vtables.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;
use std::sync::atomic::AtomicUsize;
use std::sync::Mutex;

use crate::prefix::{PrefixRef, WithMetadata};
use crate::std_types::vec::{Exactness, VecVTable, VecVTable_Ref};
use crate::std_types::{RString, RVec};
use crate::utypeid::UTypeId;

/// The identity of the emulated foreign library.
pub static FOREIGN_IDENTITY: AtomicUsize = AtomicUsize::new(2);

pub extern "C" fn foreign_type_id() -> UTypeId {
    UTypeId::from_raw_parts(&FOREIGN_IDENTITY, [0xAB; 16])
}

/// Names a test's counters (tests run in parallel; each uses its own tag type).
pub trait Tag {
    const NAME: &'static str;
}

#[macro_export]
#[doc(hidden)]
macro_rules! test_tag {
    ($name:ident) => {
        struct $name;
        impl $crate::test_support::Tag for $name {
            const NAME: &'static str = stringify!($name);
        }
    };
}

static CALLS: Mutex<Option<HashMap<String, usize>>> = Mutex::new(None);

fn count<G: Tag>(what: &str) {
    let mut calls = CALLS.lock().unwrap();
    *calls.get_or_insert_with(HashMap::new).entry(format!("{}.{what}", G::NAME)).or_insert(0) += 1;
}

/// How many times the foreign function `what` ran for tag `G`.
pub fn calls<G: Tag>(what: &str) -> usize {
    let calls = CALLS.lock().unwrap();
    calls.as_ref().and_then(|m| m.get(&format!("{}.{what}", G::NAME)).copied()).unwrap_or(0)
}

crate::declare_prefix_layout!(FOREIGN_LAYOUT = "ForeignVecVTable");

/// A foreign `VecVTable<T>`: grows exactly (ignores `Above`), counts calls under `G`.
pub struct ForeignVec<T, G>(PhantomData<(T, G)>);

impl<T, G: Tag> ForeignVec<T, G> {
    const WM: WithMetadata<VecVTable<T>> = WithMetadata {
        field_accessibility: 0xF,
        type_layout: FOREIGN_LAYOUT,
        value: VecVTable {
            type_id: foreign_type_id,
            destructor: foreign_destructor::<T, G>,
            grow_capacity_to: foreign_grow::<T, G>,
            shrink_to_fit: foreign_shrink::<T, G>,
        },
    };
    // SAFETY: promoted constant, lives forever.
    pub const VTABLE: VecVTable_Ref<T> = VecVTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });

    /// A foreign vector holding `items` with no spare capacity.
    pub fn from_vec(items: Vec<T>) -> RVec<T> {
        let mut items = ManuallyDrop::new(items);
        items.shrink_to_fit();
        // SAFETY: the parts come from a Vec of the global allocator, which the foreign functions
        // below also use; ownership moves into the RVec.
        unsafe {
            RVec::from_raw_parts(NonNull::new_unchecked(items.as_mut_ptr()), items.len(), items.capacity(), Self::VTABLE)
        }
    }
}

/// A foreign `RString` with no spare capacity.
pub fn foreign_string<G: Tag>(text: &str) -> RString {
    // SAFETY: `text` is UTF-8.
    unsafe { RString::from_utf8_unchecked(ForeignVec::<u8, G>::from_vec(text.as_bytes().to_vec())) }
}

unsafe extern "C" fn foreign_destructor<T, G: Tag>(this: &mut RVec<T>) {
    count::<G>("destructor");
    if this.is_empty() {
        count::<G>("destructor_empty");
    }
    // SAFETY: foreign vectors are built from Vec<T> parts in `from_vec` and grown with Vec.
    unsafe { drop(Vec::from_raw_parts(this.as_mut_ptr(), this.len(), this.capacity())) }
}

unsafe extern "C" fn foreign_grow<T, G: Tag>(this: &mut RVec<T>, to: usize, _: Exactness) {
    count::<G>("grow");
    // SAFETY: as in `foreign_destructor`.
    unsafe { this.with_vec(|v| v.reserve_exact(to.saturating_sub(v.len()))) }
}

unsafe extern "C" fn foreign_shrink<T, G: Tag>(this: &mut RVec<T>) {
    count::<G>("shrink");
    // SAFETY: as in `foreign_destructor`.
    unsafe { this.with_vec(|v| v.shrink_to_fit()) }
}

/// Counts drops of values of this type, per instance tag.
#[derive(Debug)]
pub struct DropCounter<'a>(pub &'a std::sync::atomic::AtomicUsize);

impl Drop for DropCounter<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clone for DropCounter<'_> {
    fn clone(&self) -> Self {
        DropCounter(self.0)
    }
}
