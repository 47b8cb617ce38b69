//! Counter trait objects over every pointer kind (reference 11.B; test/trait/pointers.test.ts; the C
//! plugin's pointers.c exports the same): a shared counter over RArc (cloned and dropped through
//! its vtable), functions borrowing any Counter as RRef/RMut, a host Visitor lent as RMut and lent
//! a counter of the plugin's as RMut, and host-made RArc objects kept, cloned and dropped.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use abi_stable_mirror::sabi_trait;


sabi_trait! {
    /// `Counter` (as in traits.rs) with its RArc / RMut / RRef objects.
    pub trait PCounter [object = PCounter_TO, vtable = PCounterVTable, pointers = (CounterArc_TO, CounterMut_TO, CounterRef_TO)] {
        fn incr(&mut self, by: i64) -> i64;
        fn get(&self) -> i64;
        fn reset(&mut self);
    }
}

sabi_trait! {
    /// What the host implements: it is lent a counter for one call.
    pub trait Visitor [object = Visitor_TO, vtable = VisitorVTable, pointers = (VisitorArc_TO, VisitorMut_TO, VisitorRef_TO)] {
        fn visit(&mut self, counter: CounterMut_TO<'_>) -> i64;
    }
}

static SHARED_LIVE: AtomicI64 = AtomicI64::new(0);

/// The shared counter's value: an atomic, since RArc objects only get `&self`.
struct Shared(AtomicI64);

impl Drop for Shared {
    fn drop(&mut self) {
        SHARED_LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

impl PCounter for Shared {
    fn incr(&mut self, by: i64) -> i64 {
        self.0.fetch_add(by, Ordering::SeqCst) + by
    }
    fn get(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
    fn reset(&mut self) {
        self.0.store(0, Ordering::SeqCst)
    }
}

#[no_mangle]
pub extern "C" fn tr_shared_counter_new(start: i64) -> CounterArc_TO {
    SHARED_LIVE.fetch_add(1, Ordering::SeqCst);
    CounterArc_TO::from_value(Shared(AtomicI64::new(start)))
}

#[no_mangle]
pub extern "C" fn tr_shared_live() -> i64 {
    SHARED_LIVE.load(Ordering::SeqCst)
}

#[no_mangle]
pub extern "C" fn tr_arc_strong(o: &CounterArc_TO) -> u64 {
    o.strong_count() as u64
}

#[no_mangle]
pub extern "C" fn tr_shared_take(o: CounterArc_TO) -> i64 {
    let v = o.get();
    drop(o);
    v
}

/// A counter on the plugin's stack, lent to the host's visitor.
struct Local(i64);

impl PCounter for Local {
    fn incr(&mut self, by: i64) -> i64 {
        self.0 += by;
        self.0
    }
    fn get(&self) -> i64 {
        self.0
    }
    fn reset(&mut self) {
        self.0 = 0
    }
}

#[no_mangle]
pub extern "C" fn tr_counter_ref_get(o: CounterRef_TO<'_>) -> i64 {
    o.get()
}

#[no_mangle]
pub extern "C" fn tr_counter_mut_incr(mut o: CounterMut_TO<'_>, by: i64) -> i64 {
    o.incr(by)
}

#[no_mangle]
pub extern "C" fn tr_visit_counter(mut visitor: VisitorMut_TO<'_>, start: i64) -> i64 {
    let mut value = Local(start);
    let seen = visitor.visit(CounterMut_TO::from_ptr(&mut value));
    value.0 * 1000 + seen
}

static KEPT: Mutex<Vec<CounterArc_TO>> = Mutex::new(Vec::new());

#[no_mangle]
pub extern "C" fn tr_shared_keep(o: CounterArc_TO) -> u64 {
    // Through the Arc's vtable: a host object's trait is not Clone (no `_sabi_clone`).
    let clone = o.arc_clone();
    let strong = o.strong_count() as u64;
    let mut kept = KEPT.lock().unwrap();
    kept.push(o);
    kept.push(clone);
    strong
}

#[no_mangle]
pub extern "C" fn tr_shared_kept_get() -> i64 {
    KEPT.lock().unwrap().last().map_or(-1, |o| o.get())
}

#[no_mangle]
pub extern "C" fn tr_shared_drop_kept() {
    let kept = std::mem::take(&mut *KEPT.lock().unwrap());
    drop(kept);
}
