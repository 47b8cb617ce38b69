//! A root module whose TypeLayout the host's signature check reads (test/loader/trait-signatures.test.ts):
//! trait objects with and without the Send/Sync auto traits (RequiredTraits in their RObject's
//! `extra_checks`, reference 5.3.8), objects over RArc/RMut/RRef (reference 11.B) and channel
//! ends (reference 11.C). The fields after `last_prefix_field` carry deliberately broken
//! `extra_checks` (NULL, a wild pointer, words that are no RequiredTraits) for the loader's
//! hardening tests; they are never called.

use abi_stable_mirror::external_types::crossbeam_channel::{bounded, RReceiver, RSender};
use abi_stable_mirror::library::RBoxError;
use abi_stable_mirror::sabi_trait;

use crate::pointers::{CounterArc_TO, CounterMut_TO, CounterRef_TO, PCounter};

sabi_trait! {
    /// Objects usable from any thread: RequiredTraits auto_traits 3.
    pub trait Sink: Send + Sync [object = Sink_TO, vtable = SinkVTable] {
        fn put(&mut self, v: u64) -> u64;
    }
}

sabi_trait! {
    /// No auto traits: auto_traits 0.
    pub trait Tally [object = Tally_TO, vtable = TallyVTable] {
        fn count(&self) -> u64;
    }
}

sabi_trait! {
    /// `extra_checks` NULL (abi_stable: the found side has no extra checks).
    pub trait GarbledNull [object = GarbledNull_TO, vtable = GarbledNullVTable, extra_checks = std::ptr::null()] {
        fn count(&self) -> u64;
    }
}

sabi_trait! {
    /// `extra_checks` pointing into the first page (never mapped).
    pub trait GarbledWild [object = GarbledWild_TO, vtable = GarbledWildVTable, extra_checks = 0x18 as *const u8] {
        fn count(&self) -> u64;
    }
}

/// An ExtraChecks_CTO whose data are no RequiredTraits (every bit set).
static NOT_REQUIRED_TRAITS: [u64; 2] = [u64::MAX, u64::MAX];

/// A static of raw pointers to statics (read-only).
#[repr(transparent)]
struct SyncPtrs([*const u64; 2]);
// SAFETY: immutable.
unsafe impl Sync for SyncPtrs {}
static GARBLED: SyncPtrs = SyncPtrs([NOT_REQUIRED_TRAITS.as_ptr(), NOT_REQUIRED_TRAITS.as_ptr()]);

sabi_trait! {
    /// `extra_checks` whose RequiredTraits words are out of range.
    pub trait GarbledBits [object = GarbledBits_TO, vtable = GarbledBitsVTable, extra_checks = &GARBLED as *const SyncPtrs as *const u8] {
        fn count(&self) -> u64;
    }
}

struct Total(u64);

impl Sink for Total {
    fn put(&mut self, v: u64) -> u64 {
        self.0 += v;
        self.0
    }
}

struct Fixed(u64);

impl Tally for Fixed {
    fn count(&self) -> u64 {
        self.0
    }
}
impl GarbledNull for Fixed {
    fn count(&self) -> u64 {
        self.0
    }
}
impl GarbledWild for Fixed {
    fn count(&self) -> u64 {
        self.0
    }
}
impl GarbledBits for Fixed {
    fn count(&self) -> u64 {
        self.0
    }
}

struct Shared(std::sync::atomic::AtomicI64);

impl PCounter for Shared {
    fn incr(&mut self, by: i64) -> i64 {
        self.0.fetch_add(by, std::sync::atomic::Ordering::SeqCst) + by
    }
    fn get(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
    fn reset(&mut self) {
        self.0.store(0, std::sync::atomic::Ordering::SeqCst)
    }
}

/// The module (every field a function).
#[repr(C)]
pub struct SignaturesMod {
    pub sink_new: extern "C" fn() -> Sink_TO,
    pub tally_new: extern "C" fn(u64) -> Tally_TO,
    pub counter_arc_new: extern "C" fn(i64) -> CounterArc_TO,
    pub counter_mut_incr: extern "C" fn(CounterMut_TO<'_>, i64) -> i64,
    pub counter_ref_get: extern "C" fn(CounterRef_TO<'_>) -> i64,
    pub count_to: extern "C" fn(u64) -> RReceiver<u64>,
    pub spawn_senders: extern "C" fn(RSender<u64>, u32, u32),
    pub garbled_null: extern "C" fn() -> GarbledNull_TO,
    pub garbled_wild: extern "C" fn() -> GarbledWild_TO,
    pub garbled_bits: extern "C" fn() -> GarbledBits_TO,
}

extern "C" fn sink_new() -> Sink_TO {
    Sink_TO::from_value(Total(0))
}
extern "C" fn tally_new(n: u64) -> Tally_TO {
    Tally_TO::from_value(Fixed(n))
}
extern "C" fn counter_arc_new(start: i64) -> CounterArc_TO {
    CounterArc_TO::from_value(Shared(std::sync::atomic::AtomicI64::new(start)))
}
extern "C" fn counter_mut_incr(mut o: CounterMut_TO<'_>, by: i64) -> i64 {
    o.incr(by)
}
extern "C" fn counter_ref_get(o: CounterRef_TO<'_>) -> i64 {
    o.get()
}
extern "C" fn count_to(n: u64) -> RReceiver<u64> {
    let (sender, receiver) = bounded::<u64>(4);
    std::thread::spawn(move || {
        for i in 1..=n {
            if sender.send(i).is_err() {
                break;
            }
        }
    });
    receiver
}
extern "C" fn spawn_senders(sender: RSender<u64>, threads: u32, count: u32) {
    for t in 0..threads {
        let mine = sender.clone();
        std::thread::spawn(move || {
            for seq in 0..count {
                if mine.send(((t as u64) << 32) | seq as u64).is_err() {
                    break;
                }
            }
        });
    }
}
extern "C" fn garbled_null() -> GarbledNull_TO {
    GarbledNull_TO::from_value(Fixed(0))
}
extern "C" fn garbled_wild() -> GarbledWild_TO {
    GarbledWild_TO::from_value(Fixed(0))
}
extern "C" fn garbled_bits() -> GarbledBits_TO {
    GarbledBits_TO::from_value(Fixed(0))
}

fn new_module() -> Result<SignaturesMod, RBoxError> {
    Ok(SignaturesMod {
        sink_new,
        tally_new,
        counter_arc_new,
        counter_mut_incr,
        counter_ref_get,
        count_to,
        spawn_senders,
        garbled_null,
        garbled_wild,
        garbled_bits,
    })
}

abi_stable_mirror::export_root_module! {
    module: SignaturesMod,
    base_name: "trait_signatures",
    name: "trait_signatures",
    version: "0.1.0",
    package: "trait_signatures",
    last_prefix_field: spawn_senders,
    fields: [
        sink_new: fn() -> Sink_TO,
        tally_new: fn(u64) -> Tally_TO,
        counter_arc_new: fn(i64) -> CounterArc_TO,
        counter_mut_incr: fn(CounterMut_TO<'_>, i64) -> i64,
        counter_ref_get: fn(CounterRef_TO<'_>) -> i64,
        count_to: fn(u64) -> RReceiver<u64>,
        spawn_senders: fn(RSender<u64>, u32, u32),
        garbled_null: fn() -> GarbledNull_TO,
        garbled_wild: fn() -> GarbledWild_TO,
        garbled_bits: fn() -> GarbledBits_TO,
    ],
    constructor: new_module,
}
