//! `RSender<T>` / `RReceiver<T>` (abi_stable's `external_types::crossbeam_channel`, reference 11.C):
//! each end is `{ channel: RBox<ErasedSender<T>>, vtable: VTable_Ref<T> }` (24 bytes), both ends
//! of a channel pointing at one `VTable<T>`: a prefix type of 16 unconditional slots (bits
//! `0xFFFF`). There is no drop slot: an end drops through its RBox. Every call goes through the
//! end's own vtable, so ends made elsewhere (the JS host's runtime, another plugin) work the same.
//!
//! [`bounded`] / [`unbounded`] make a channel here: crossbeam's semantics over a mutex and two
//! condition variables (send blocks while full, recv while empty; the last end of one side
//! disconnects the other).

// RRecvError is a zero-sized repr(C) struct in abi_stable too (reference 11.C); Rust calls such a
// struct not FFI-safe, but it only ever travels inside RResult, whose layout it does not change.
#![allow(improper_ctypes_definitions)]

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::guard::guard;
use crate::marker::ErasedObject;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::sabi_types::RRef;
use crate::std_types::{RBox, RDuration, ROption, RResult};

/// The unsent value, given back (transparent over `T`).
#[repr(transparent)]
pub struct RSendError<T>(pub T);

/// Every sender is gone and the channel is empty (zero-sized).
#[repr(C)]
pub struct RRecvError;

#[repr(u8)]
pub enum RTrySendError<T> {
    Full(T),
    Disconnected(T),
}

#[repr(u8)]
pub enum RSendTimeoutError<T> {
    Timeout(T),
    Disconnected(T),
}

#[repr(u8)]
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum RTryRecvError {
    Empty,
    Disconnected,
}

#[repr(u8)]
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum RRecvTimeoutError {
    Timeout,
    Disconnected,
}

type Chan<'a> = RRef<'a, ErasedObject>;

#[repr(C)]
pub struct VTable<T> {
    pub send: unsafe extern "C" fn(Chan<'_>, T) -> RResult<(), RSendError<T>>,
    pub try_send: unsafe extern "C" fn(Chan<'_>, T) -> RResult<(), RTrySendError<T>>,
    pub send_timeout: unsafe extern "C" fn(Chan<'_>, T, RDuration) -> RResult<(), RSendTimeoutError<T>>,
    pub clone_sender: unsafe extern "C" fn(Chan<'_>) -> RBox<ErasedObject>,
    pub sender_is_empty: unsafe extern "C" fn(Chan<'_>) -> bool,
    pub sender_is_full: unsafe extern "C" fn(Chan<'_>) -> bool,
    pub sender_len: unsafe extern "C" fn(Chan<'_>) -> usize,
    pub sender_capacity: unsafe extern "C" fn(Chan<'_>) -> ROption<usize>,
    pub recv: unsafe extern "C" fn(Chan<'_>) -> RResult<T, RRecvError>,
    pub try_recv: unsafe extern "C" fn(Chan<'_>) -> RResult<T, RTryRecvError>,
    pub recv_timeout: unsafe extern "C" fn(Chan<'_>, RDuration) -> RResult<T, RRecvTimeoutError>,
    pub clone_receiver: unsafe extern "C" fn(Chan<'_>) -> RBox<ErasedObject>,
    pub receiver_is_empty: unsafe extern "C" fn(Chan<'_>) -> bool,
    pub receiver_is_full: unsafe extern "C" fn(Chan<'_>) -> bool,
    pub receiver_len: unsafe extern "C" fn(Chan<'_>) -> usize,
    pub receiver_capacity: unsafe extern "C" fn(Chan<'_>) -> ROption<usize>,
}

/// Every field of `VTable<T>` (`last_prefix_field` = `receiver_capacity`).
pub const CHANNEL_VTABLE_BITS: u64 = 0xFFFF;

/// Pointer to the WM header of a `VTable<T>`.
#[allow(non_camel_case_types)]
#[repr(transparent)]
pub struct VTable_Ref<T>(pub PrefixRef<VTable<T>>);

impl<T> Clone for VTable_Ref<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for VTable_Ref<T> {}

macro_rules! slot {
    ($vt:expr, $field:ident) => {
        crate::read_prefix_field!($vt.0, $field)
    };
}

/// The sending end.
#[repr(C)]
pub struct RSender<T> {
    channel: RBox<ErasedObject>,
    vtable: VTable_Ref<T>,
}

/// The receiving end.
#[repr(C)]
pub struct RReceiver<T> {
    channel: RBox<ErasedObject>,
    vtable: VTable_Ref<T>,
}

// SAFETY: abi_stable's ends are Send + Sync when T: Send (crossbeam_channel.rs:392-394); every slot
// is thread-safe by the VTable's contract.
unsafe impl<T: Send> Send for RSender<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for RSender<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Send for RReceiver<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for RReceiver<T> {}

impl<T> RSender<T> {
    /// Sends, blocking while the channel is full; `Err(value)` when every receiver is gone.
    pub fn send(&self, value: T) -> Result<(), T> {
        // SAFETY: the slot takes this end's own channel.
        { let f = slot!(self.vtable, send); unsafe { f(self.channel.as_rref(), value) } }.into_result().map_err(|e| e.0)
    }
    /// Sends without blocking.
    pub fn try_send(&self, value: T) -> Result<(), RTrySendError<T>> {
        // SAFETY: as above.
        { let f = slot!(self.vtable, try_send); unsafe { f(self.channel.as_rref(), value) } }.into_result()
    }
    /// Sends, blocking at most `timeout` while the channel is full.
    pub fn send_timeout(&self, value: T, timeout: Duration) -> Result<(), RSendTimeoutError<T>> {
        // SAFETY: as above.
        { let f = slot!(self.vtable, send_timeout); unsafe { f(self.channel.as_rref(), value, timeout.into()) } }.into_result()
    }
    pub fn len(&self) -> usize {
        // SAFETY: as above.
        { let f = slot!(self.vtable, sender_len); unsafe { f(self.channel.as_rref()) } }
    }
    pub fn is_empty(&self) -> bool {
        // SAFETY: as above.
        { let f = slot!(self.vtable, sender_is_empty); unsafe { f(self.channel.as_rref()) } }
    }
    /// `None` for an unbounded channel.
    pub fn capacity(&self) -> Option<usize> {
        // SAFETY: as above.
        { let f = slot!(self.vtable, sender_capacity); unsafe { f(self.channel.as_rref()) } }.into_option()
    }
}

impl<T> Clone for RSender<T> {
    fn clone(&self) -> Self {
        // SAFETY: as above; the new end is counted by the channel that made it.
        Self { channel: { let f = slot!(self.vtable, clone_sender); unsafe { f(self.channel.as_rref()) } }, vtable: self.vtable }
    }
}

impl<T> RReceiver<T> {
    /// Receives, blocking while the channel is empty; `Err` when it is empty and every sender is gone.
    pub fn recv(&self) -> Result<T, RRecvError> {
        // SAFETY: the slot takes this end's own channel.
        { let f = slot!(self.vtable, recv); unsafe { f(self.channel.as_rref()) } }.into_result()
    }
    pub fn try_recv(&self) -> Result<T, RTryRecvError> {
        // SAFETY: as above.
        { let f = slot!(self.vtable, try_recv); unsafe { f(self.channel.as_rref()) } }.into_result()
    }
    pub fn recv_timeout(&self, timeout: Duration) -> Result<T, RRecvTimeoutError> {
        // SAFETY: as above.
        { let f = slot!(self.vtable, recv_timeout); unsafe { f(self.channel.as_rref(), timeout.into()) } }.into_result()
    }
    pub fn len(&self) -> usize {
        // SAFETY: as above.
        { let f = slot!(self.vtable, receiver_len); unsafe { f(self.channel.as_rref()) } }
    }
    pub fn is_empty(&self) -> bool {
        // SAFETY: as above.
        { let f = slot!(self.vtable, receiver_is_empty); unsafe { f(self.channel.as_rref()) } }
    }
    /// Values until every sender is gone.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        std::iter::from_fn(move || self.recv().ok())
    }
}

impl<T> Clone for RReceiver<T> {
    fn clone(&self) -> Self {
        // SAFETY: as above.
        Self { channel: { let f = slot!(self.vtable, clone_receiver); unsafe { f(self.channel.as_rref()) } }, vtable: self.vtable }
    }
}

// ---- a channel made here ---------------------------------------------------------------------

struct State<T> {
    queue: VecDeque<T>,
    senders: usize,
    receivers: usize,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    not_empty: Condvar,
    not_full: Condvar,
    /// 0: unbounded.
    capacity: usize,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn full(&self, s: &State<T>) -> bool {
        self.capacity != 0 && s.queue.len() >= self.capacity
    }
}

/// What an end's RBox holds.
struct End<T> {
    shared: Arc<Shared<T>>,
    sender: bool,
}

impl<T> Drop for End<T> {
    fn drop(&mut self) {
        let mut s = self.shared.lock();
        if self.sender {
            s.senders -= 1;
            if s.senders == 0 {
                self.shared.not_empty.notify_all();
            }
        } else {
            s.receivers -= 1;
            if s.receivers == 0 {
                self.shared.not_full.notify_all();
            }
        }
    }
}

enum Wait {
    No,
    Forever,
    Until(Instant),
}

enum PushError<T> {
    NotNow(T),
    Disconnected(T),
}

fn push<T>(sh: &Shared<T>, value: T, wait: Wait) -> Result<(), PushError<T>> {
    let mut s = sh.lock();
    loop {
        if s.receivers == 0 {
            return Err(PushError::Disconnected(value));
        }
        if !sh.full(&s) {
            s.queue.push_back(value);
            sh.not_empty.notify_one();
            return Ok(());
        }
        s = match wait {
            Wait::No => return Err(PushError::NotNow(value)),
            Wait::Forever => sh.not_full.wait(s).unwrap_or_else(|e| e.into_inner()),
            Wait::Until(t) => {
                let now = Instant::now();
                if now >= t {
                    return Err(PushError::NotNow(value));
                }
                sh.not_full.wait_timeout(s, t - now).unwrap_or_else(|e| e.into_inner()).0
            }
        };
    }
}

/// `Err(true)`: disconnected; `Err(false)`: empty or timed out.
fn pop<T>(sh: &Shared<T>, wait: Wait) -> Result<T, bool> {
    let mut s = sh.lock();
    loop {
        if let Some(v) = s.queue.pop_front() {
            sh.not_full.notify_one();
            return Ok(v);
        }
        if s.senders == 0 {
            return Err(true);
        }
        s = match wait {
            Wait::No => return Err(false),
            Wait::Forever => sh.not_empty.wait(s).unwrap_or_else(|e| e.into_inner()),
            Wait::Until(t) => {
                let now = Instant::now();
                if now >= t {
                    return Err(false);
                }
                sh.not_empty.wait_timeout(s, t - now).unwrap_or_else(|e| e.into_inner()).0
            }
        };
    }
}

/// # Safety
/// `chan` must be the RBox data of an end made by this module for this `T`.
unsafe fn shared<'a, T>(chan: Chan<'a>) -> &'a Shared<T> {
    // SAFETY: guaranteed by the caller.
    unsafe { &chan.cast::<End<T>>().get().shared }
}

fn new_end<T: Send + 'static>(shared: Arc<Shared<T>>, sender: bool) -> RBox<ErasedObject> {
    {
        let mut s = shared.lock();
        if sender {
            s.senders += 1;
        } else {
            s.receivers += 1;
        }
    }
    // SAFETY: the box's vtable drops an `End<T>`; the slots cast back to it.
    unsafe { RBox::new(End { shared, sender }).transmute_element() }
}

fn deadline(d: RDuration) -> Wait {
    Wait::Until(Instant::now() + Duration::from(d))
}

unsafe extern "C" fn send_<T>(chan: Chan<'_>, value: T) -> RResult<(), RSendError<T>> {
    // SAFETY: the vtable is only ever paired with ends of this module for `T`.
    guard(move || match push(unsafe { shared::<T>(chan) }, value, Wait::Forever) {
        Ok(()) => RResult::ROk(()),
        Err(PushError::NotNow(v) | PushError::Disconnected(v)) => RResult::RErr(RSendError(v)),
    })
}
unsafe extern "C" fn try_send_<T>(chan: Chan<'_>, value: T) -> RResult<(), RTrySendError<T>> {
    // SAFETY: as above.
    guard(move || match push(unsafe { shared::<T>(chan) }, value, Wait::No) {
        Ok(()) => RResult::ROk(()),
        Err(PushError::NotNow(v)) => RResult::RErr(RTrySendError::Full(v)),
        Err(PushError::Disconnected(v)) => RResult::RErr(RTrySendError::Disconnected(v)),
    })
}
unsafe extern "C" fn send_timeout_<T>(chan: Chan<'_>, value: T, timeout: RDuration) -> RResult<(), RSendTimeoutError<T>> {
    // SAFETY: as above.
    guard(move || match push(unsafe { shared::<T>(chan) }, value, deadline(timeout)) {
        Ok(()) => RResult::ROk(()),
        Err(PushError::NotNow(v)) => RResult::RErr(RSendTimeoutError::Timeout(v)),
        Err(PushError::Disconnected(v)) => RResult::RErr(RSendTimeoutError::Disconnected(v)),
    })
}
unsafe extern "C" fn recv_<T>(chan: Chan<'_>) -> RResult<T, RRecvError> {
    // SAFETY: as above.
    guard(move || pop(unsafe { shared::<T>(chan) }, Wait::Forever).map_err(|_| RRecvError).into())
}
unsafe extern "C" fn try_recv_<T>(chan: Chan<'_>) -> RResult<T, RTryRecvError> {
    // SAFETY: as above.
    guard(move || {
        // SAFETY: as above.
        pop(unsafe { shared::<T>(chan) }, Wait::No)
            .map_err(|gone| if gone { RTryRecvError::Disconnected } else { RTryRecvError::Empty })
            .into()
    })
}
unsafe extern "C" fn recv_timeout_<T>(chan: Chan<'_>, timeout: RDuration) -> RResult<T, RRecvTimeoutError> {
    // SAFETY: as above.
    guard(move || {
        // SAFETY: as above.
        pop(unsafe { shared::<T>(chan) }, deadline(timeout))
            .map_err(|gone| if gone { RRecvTimeoutError::Disconnected } else { RRecvTimeoutError::Timeout })
            .into()
    })
}
unsafe extern "C" fn clone_sender_<T: Send + 'static>(chan: Chan<'_>) -> RBox<ErasedObject> {
    // SAFETY: as above.
    guard(move || new_end(Arc::clone(&unsafe { chan.cast::<End<T>>().get() }.shared), true))
}
unsafe extern "C" fn clone_receiver_<T: Send + 'static>(chan: Chan<'_>) -> RBox<ErasedObject> {
    // SAFETY: as above.
    guard(move || new_end(Arc::clone(&unsafe { chan.cast::<End<T>>().get() }.shared), false))
}
unsafe extern "C" fn is_empty_<T>(chan: Chan<'_>) -> bool {
    // SAFETY: as above.
    guard(move || unsafe { shared::<T>(chan) }.lock().queue.is_empty())
}
unsafe extern "C" fn is_full_<T>(chan: Chan<'_>) -> bool {
    // SAFETY: as above.
    guard(move || {
        // SAFETY: as above.
        let sh = unsafe { shared::<T>(chan) };
        let s = sh.lock();
        sh.full(&s)
    })
}
unsafe extern "C" fn len_<T>(chan: Chan<'_>) -> usize {
    // SAFETY: as above.
    guard(move || unsafe { shared::<T>(chan) }.lock().queue.len())
}
unsafe extern "C" fn capacity_<T>(chan: Chan<'_>) -> ROption<usize> {
    // SAFETY: as above.
    guard(move || match unsafe { shared::<T>(chan) }.capacity {
        0 => ROption::RNone,
        n => ROption::RSome(n),
    })
}

crate::declare_prefix_layout!(CHANNEL_VTABLE_LAYOUT = "VTable");

impl<T: Send + 'static> VTable<T> {
    const WM: WithMetadata<VTable<T>> = WithMetadata {
        field_accessibility: CHANNEL_VTABLE_BITS,
        type_layout: CHANNEL_VTABLE_LAYOUT,
        value: VTable {
            send: send_::<T>,
            try_send: try_send_::<T>,
            send_timeout: send_timeout_::<T>,
            clone_sender: clone_sender_::<T>,
            sender_is_empty: is_empty_::<T>,
            sender_is_full: is_full_::<T>,
            sender_len: len_::<T>,
            sender_capacity: capacity_::<T>,
            recv: recv_::<T>,
            try_recv: try_recv_::<T>,
            recv_timeout: recv_timeout_::<T>,
            clone_receiver: clone_receiver_::<T>,
            receiver_is_empty: is_empty_::<T>,
            receiver_is_full: is_full_::<T>,
            receiver_len: len_::<T>,
            receiver_capacity: capacity_::<T>,
        },
    };
    // SAFETY: a promoted constant lives forever and is never mutated.
    const VTABLE_REF: VTable_Ref<T> = VTable_Ref(unsafe { PrefixRef::from_raw(&Self::WM) });
}

fn channel<T: Send + 'static>(capacity: usize) -> (RSender<T>, RReceiver<T>) {
    let shared = Arc::new(Shared { state: Mutex::new(State { queue: VecDeque::<T>::new(), senders: 0, receivers: 0 }), not_empty: Condvar::new(), not_full: Condvar::new(), capacity });
    let vtable = VTable::<T>::VTABLE_REF;
    let sender = RSender { channel: new_end(Arc::clone(&shared), true), vtable };
    let receiver = RReceiver { channel: new_end(shared, false), vtable };
    (sender, receiver)
}

/// A channel holding at most `capacity` values (at least 1: crossbeam's zero-capacity rendezvous
/// channel is not mirrored).
pub fn bounded<T: Send + 'static>(capacity: usize) -> (RSender<T>, RReceiver<T>) {
    assert!(capacity > 0, "bounded(0) (a rendezvous channel) is not mirrored");
    channel(capacity)
}

/// A channel without a bound.
pub fn unbounded<T: Send + 'static>() -> (RSender<T>, RReceiver<T>) {
    channel(0)
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<RSender<u64>>() == 24);
    assert!(size_of::<RReceiver<u64>>() == 24);
    assert!(offset_of!(RSender<u64>, vtable) == 16);
    assert!(offset_of!(WithMetadata<VTable<u64>>, value) + offset_of!(VTable<u64>, send) == 16);
    assert!(offset_of!(WithMetadata<VTable<u64>>, value) + offset_of!(VTable<u64>, recv) == 80);
    assert!(offset_of!(WithMetadata<VTable<u64>>, value) + offset_of!(VTable<u64>, receiver_capacity) == 136);
    assert!(size_of::<RResult<(), RTrySendError<u64>>>() == 24);
    assert!(size_of::<RResult<u64, RRecvError>>() == 16);
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::std_types::RString;

    #[test]
    fn bounded_blocks_refuses_when_full_and_disconnects() {
        let (tx, rx) = bounded::<u64>(2);
        assert!(tx.try_send(1).is_ok());
        assert!(tx.try_send(2).is_ok());
        assert!(matches!(tx.try_send(3), Err(RTrySendError::Full(3))));
        assert_eq!(tx.capacity(), Some(2));
        assert_eq!(rx.len(), 2);
        assert!(matches!(tx.send_timeout(3, Duration::from_millis(5)), Err(RSendTimeoutError::Timeout(3))));
        assert_eq!(rx.recv().ok(), Some(1));
        drop(rx);
        assert!(matches!(tx.try_send(4), Err(RTrySendError::Disconnected(4))));
    }

    #[test]
    fn four_threads_send_on_clones_and_the_receiver_sees_the_end() {
        let (tx, rx) = bounded::<u64>(4);
        let handles: Vec<_> = (0..4u64)
            .map(|t| {
                let tx = tx.clone();
                std::thread::spawn(move || (0..100u64).for_each(|i| tx.send(t << 32 | i).unwrap_or_else(|_| panic!("disconnected"))))
            })
            .collect();
        drop(tx);
        let mut next = [0u64; 4];
        for v in rx.iter() {
            let t = (v >> 32) as usize;
            assert_eq!(v & 0xffff_ffff, next[t]);
            next[t] += 1;
        }
        handles.into_iter().for_each(|h| h.join().unwrap());
        assert_eq!(next, [100; 4]);
        assert_eq!(rx.try_recv().err(), Some(RTryRecvError::Disconnected));
        assert_eq!(rx.recv_timeout(Duration::from_millis(1)).err(), Some(RRecvTimeoutError::Disconnected));
    }

    #[test]
    fn values_left_in_the_channel_are_dropped_once() {
        let (tx, rx) = unbounded::<RString>();
        tx.send(RString::from("a")).ok().unwrap();
        tx.send(RString::from("b")).ok().unwrap();
        assert_eq!(tx.capacity(), None);
        assert_eq!(rx.try_recv().ok().map(|s| s.as_str().to_owned()), Some("a".to_owned()));
        drop(tx);
        drop(rx); // "b" is dropped with the channel
    }
}
