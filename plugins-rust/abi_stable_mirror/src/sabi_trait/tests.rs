//! The generated objects called through their vtables, dropped once, and an older vtable (fewer
//! methods) seen through a newer declaration.

use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::std_types::{RStr, RString};

crate::sabi_trait! {
    /// The current version.
    pub trait Counter [object = Counter_TO, vtable = CounterVTable] {
        fn incr(&mut self, by: i64) -> i64;
        fn get(&self) -> i64;
        fn label(&self, prefix: RStr<'_>) -> RString;
        fn reset(&mut self);
    }
}

crate::sabi_trait! {
    /// What an older library had: the first two methods only.
    pub trait CounterV1 [object = CounterV1_TO, vtable = CounterV1VTable] {
        fn incr(&mut self, by: i64) -> i64;
        fn get(&self) -> i64;
    }
}

static DROPS: AtomicUsize = AtomicUsize::new(0);

struct Mine(i64);
impl Drop for Mine {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::SeqCst);
    }
}
impl Counter for Mine {
    fn incr(&mut self, by: i64) -> i64 {
        self.0 += by;
        self.0
    }
    fn get(&self) -> i64 {
        self.0
    }
    fn label(&self, prefix: RStr<'_>) -> RString {
        format!("{}{}", prefix.as_str(), self.0).as_str().into()
    }
    fn reset(&mut self) {
        self.0 = 0;
    }
}
impl CounterV1 for Mine {
    fn incr(&mut self, by: i64) -> i64 {
        Counter::incr(self, by)
    }
    fn get(&self) -> i64 {
        self.0
    }
}

#[test]
fn calls_go_through_the_vtable_and_drop_runs_once() {
    let before = DROPS.load(Ordering::SeqCst);
    let mut c = Counter_TO::from_value(Mine(5));
    assert_eq!(c.incr(2), 7);
    assert_eq!(c.get(), 7);
    assert_eq!(c.label(RStr::from_str("n=")).as_str(), "n=7");
    c.reset();
    assert_eq!(c.get(), 0);
    assert_eq!(c.0.vtable().field_accessibility(), 0b11_1111);
    assert!(c.has_method("reset"));
    drop(c);
    assert_eq!(DROPS.load(Ordering::SeqCst), before + 1);
    assert_eq!(Counter_TO::METHODS, &["incr", "get", "label", "reset"]);
}

#[test]
fn an_older_vtable_lacks_the_newer_methods() {
    let old = CounterV1_TO::from_value(Mine(1));
    assert!(old.has_method("get") && !old.has_method("reset"));
    assert_eq!(CounterV1_TO::METHODS, &["incr", "get"]);
    // Seen through the newer declaration, as a newer host would see an older plugin's object.
    // SAFETY: both are RObject layouts; the newer reader checks bits before reading slots.
    let mut newer: Counter_TO = unsafe { std::mem::transmute::<CounterV1_TO, Counter_TO>(old) };
    assert!(newer.has_method("get"));
    assert!(!newer.has_method("label"));
    assert_eq!(newer.incr(1), 2);
    let missing = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| newer.get() + newer.label(RStr::from_str("")).len() as i64));
    assert!(missing.is_err());
    // Dropped through the common vtable, whichever declaration it is seen through.
    let before = DROPS.load(Ordering::SeqCst);
    drop(ManuallyDrop::into_inner(ManuallyDrop::new(newer)));
    assert_eq!(DROPS.load(Ordering::SeqCst), before + 1);
}
