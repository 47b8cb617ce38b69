//! A dependency-free mirror of `async-ffi` 0.5 (reference section 6): `FfiFuture<T>` and its
//! borrowing and local variants (all the same 24 bytes), `FfiPoll<T>` (`repr(C, u8)`),
//! `FfiContext` and the waker vtable, with the same semantics: a plugin turns any Rust future into
//! an `FfiFuture` (`FfiFuture::new`), awaits one the host made (`impl Future for FfiFuture`), and
//! can drive one on a thread of its own with `block_on` (no executor crate needed).
//!
//! Panics: a panic inside a polled future is caught and reported as `FfiPoll::Panicked`; awaiting
//! a future that reports `Panicked` panics ("FFI future panicked"). A panic in `drop_fn` or in a
//! waker function aborts the process, as async-ffi does.
//!
//! It also holds the plugin side of the host's event channels: `EventSender`.

use std::future::Future;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Wake, Waker};
use std::time::Duration;

use crate::value::Value;

/// `#[repr(C, u8)] enum FfiPoll<T> { Ready(T) = 0, Pending = 1, Panicked = 2 }`.
#[repr(C, u8)]
#[derive(Debug)]
pub enum FfiPoll<T> {
    Ready(T) = 0,
    Pending = 1,
    Panicked = 2,
}

/// The first field of every waker object; the rest is private to whoever made it.
#[repr(C)]
pub struct FfiWakerBase {
    pub vtable: &'static FfiWakerVTable,
}

/// The four waker functions (`std::task::RawWakerVTable`'s, over `FfiWakerBase` pointers).
#[repr(C)]
pub struct FfiWakerVTable {
    pub clone: unsafe extern "C" fn(*const FfiWakerBase) -> *const FfiWakerBase,
    pub wake: unsafe extern "C" fn(*const FfiWakerBase),
    pub wake_by_ref: unsafe extern "C" fn(*const FfiWakerBase),
    pub drop: unsafe extern "C" fn(*const FfiWakerBase),
}

/// What `poll_fn` receives: the poller's waker, borrowed for the call.
#[repr(C)]
pub struct FfiContext<'a> {
    waker: *const FfiWakerBase,
    _marker: PhantomData<&'a FfiWakerBase>,
}

/// `LocalBorrowingFfiFuture<'a, T>`: `{ fut_ptr, poll_fn, drop_fn }`.
#[repr(C)]
pub struct LocalBorrowingFfiFuture<'a, T> {
    fut_ptr: *mut (),
    poll_fn: unsafe extern "C" fn(*mut (), *mut FfiContext<'_>) -> FfiPoll<T>,
    drop_fn: unsafe extern "C" fn(*mut ()),
    _marker: PhantomData<&'a ()>,
}

/// `BorrowingFfiFuture<'a, T>`: the same bytes, Send.
#[repr(transparent)]
pub struct BorrowingFfiFuture<'a, T>(LocalBorrowingFfiFuture<'a, T>);
/// `FfiFuture<T>`: a `BorrowingFfiFuture<'static, T>`.
pub type FfiFuture<T> = BorrowingFfiFuture<'static, T>;
/// `LocalFfiFuture<T>`.
pub type LocalFfiFuture<T> = LocalBorrowingFfiFuture<'static, T>;

// SAFETY: a BorrowingFfiFuture is only made from Send futures (`new` requires it).
unsafe impl<T: Send> Send for BorrowingFfiFuture<'_, T> {}

fn abort_on_panic<R>(place: &str, f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => {
            eprintln!("async-ffi: abort due to panic across the FFI boundary in {place}");
            std::process::abort()
        }
    }
}

// ---- a std Waker over a foreign FfiWakerBase (what poll_fn gives the Rust future) ------------

static FOREIGN_RAW_VTABLE: RawWakerVTable = RawWakerVTable::new(foreign_clone, foreign_wake, foreign_wake_by_ref, foreign_drop);

unsafe fn foreign_clone(p: *const ()) -> RawWaker {
    let base = p as *const FfiWakerBase;
    // SAFETY: `p` is a live waker handle (borrowed or owned) of the poller.
    let cloned = unsafe { ((*base).vtable.clone)(base) };
    RawWaker::new(cloned as *const (), &FOREIGN_RAW_VTABLE)
}
unsafe fn foreign_wake(p: *const ()) {
    let base = p as *const FfiWakerBase;
    // SAFETY: an owned handle (std only wakes by value what it owns: clones).
    unsafe { ((*base).vtable.wake)(base) }
}
unsafe fn foreign_wake_by_ref(p: *const ()) {
    let base = p as *const FfiWakerBase;
    // SAFETY: a live handle.
    unsafe { ((*base).vtable.wake_by_ref)(base) }
}
unsafe fn foreign_drop(p: *const ()) {
    let base = p as *const FfiWakerBase;
    // SAFETY: an owned handle.
    unsafe { ((*base).vtable.drop)(base) }
}

impl<'a, T> LocalBorrowingFfiFuture<'a, T> {
    /// Boxes `fut` behind the FFI future layout (no Send requirement: poll it where it was made).
    pub fn new_local<F: Future<Output = T> + 'a>(fut: F) -> Self {
        unsafe extern "C" fn poll_fn<F: Future>(fut_ptr: *mut (), cx: *mut FfiContext<'_>) -> FfiPoll<F::Output> {
            // SAFETY: `cx` is the poller's context for this call; its waker is borrowed, so the
            // std Waker over it is never dropped (only cloned or woken by reference).
            let waker = ManuallyDrop::new(unsafe { Waker::from_raw(RawWaker::new((*cx).waker as *const (), &FOREIGN_RAW_VTABLE)) });
            let mut std_cx = Context::from_waker(&waker);
            // SAFETY: fut_ptr is the Box<F> made in new_local, pinned there until drop_fn.
            let fut = unsafe { Pin::new_unchecked(&mut *(fut_ptr as *mut F)) };
            match catch_unwind(AssertUnwindSafe(|| fut.poll(&mut std_cx))) {
                Ok(Poll::Ready(v)) => FfiPoll::Ready(v),
                Ok(Poll::Pending) => FfiPoll::Pending,
                Err(payload) => {
                    abort_on_panic("poll_fn (dropping the panic payload)", move || drop(payload));
                    FfiPoll::Panicked
                }
            }
        }
        unsafe extern "C" fn drop_fn<F>(fut_ptr: *mut ()) {
            // SAFETY: the Box<F> made in new_local, dropped exactly once by contract.
            abort_on_panic("drop_fn", || drop(unsafe { Box::from_raw(fut_ptr as *mut F) }));
        }
        let ptr = Box::into_raw(Box::new(fut)) as *mut ();
        LocalBorrowingFfiFuture { fut_ptr: ptr, poll_fn: poll_fn::<F>, drop_fn: drop_fn::<F>, _marker: PhantomData }
    }

    /// Polls the FFI future with a std Context (any std waker: it is wrapped for the callee).
    pub fn poll_ffi(&mut self, cx: &mut Context<'_>) -> FfiPoll<T> {
        // A borrowed FfiWakerBase over the std waker: the callee may clone it (an owned box over a
        // clone of the std waker) or wake it by reference; wake and drop abort, as async-ffi's do.
        #[repr(C)]
        struct Borrowed<'w> {
            base: FfiWakerBase,
            waker: &'w Waker,
        }
        #[repr(C)]
        struct Owned {
            base: FfiWakerBase,
            waker: Waker,
        }
        unsafe extern "C" fn b_clone(p: *const FfiWakerBase) -> *const FfiWakerBase {
            // SAFETY: `p` is the Borrowed on poll_ffi's stack, alive during the call.
            let w = unsafe { (*(p as *const Borrowed<'_>)).waker.clone() };
            abort_on_panic("waker clone", || Box::into_raw(Box::new(Owned { base: FfiWakerBase { vtable: &OWNED_VTABLE }, waker: w })) as *const FfiWakerBase)
        }
        unsafe extern "C" fn b_wake_by_ref(p: *const FfiWakerBase) {
            // SAFETY: as in b_clone.
            abort_on_panic("waker wake_by_ref", || unsafe { (*(p as *const Borrowed<'_>)).waker.wake_by_ref() })
        }
        unsafe extern "C" fn b_forbidden(_: *const FfiWakerBase) {
            eprintln!("async-ffi: a borrowed waker was woken or dropped by value; only clone or wake_by_ref it");
            std::process::abort()
        }
        unsafe extern "C" fn o_clone(p: *const FfiWakerBase) -> *const FfiWakerBase {
            // SAFETY: an Owned box made by b_clone/o_clone, alive until its wake/drop.
            let w = unsafe { (*(p as *const Owned)).waker.clone() };
            Box::into_raw(Box::new(Owned { base: FfiWakerBase { vtable: &OWNED_VTABLE }, waker: w })) as *const FfiWakerBase
        }
        unsafe extern "C" fn o_wake(p: *const FfiWakerBase) {
            // SAFETY: consumes the Owned box (wake takes the handle).
            let b = unsafe { Box::from_raw(p as *mut Owned) };
            abort_on_panic("waker wake", move || b.waker.wake())
        }
        unsafe extern "C" fn o_wake_by_ref(p: *const FfiWakerBase) {
            // SAFETY: a live Owned box.
            abort_on_panic("waker wake_by_ref", || unsafe { (*(p as *const Owned)).waker.wake_by_ref() })
        }
        unsafe extern "C" fn o_drop(p: *const FfiWakerBase) {
            // SAFETY: releases the Owned box.
            abort_on_panic("waker drop", || drop(unsafe { Box::from_raw(p as *mut Owned) }))
        }
        static BORROWED_VTABLE: FfiWakerVTable = FfiWakerVTable { clone: b_clone, wake: b_forbidden, wake_by_ref: b_wake_by_ref, drop: b_forbidden };
        static OWNED_VTABLE: FfiWakerVTable = FfiWakerVTable { clone: o_clone, wake: o_wake, wake_by_ref: o_wake_by_ref, drop: o_drop };

        let borrowed = Borrowed { base: FfiWakerBase { vtable: &BORROWED_VTABLE }, waker: cx.waker() };
        let mut ffi_cx = FfiContext { waker: &borrowed.base, _marker: PhantomData };
        // SAFETY: poll_fn belongs to this future; never called after Ready/Panicked by our callers.
        unsafe { (self.poll_fn)(self.fut_ptr, &mut ffi_cx) }
    }
}

impl<T> Drop for LocalBorrowingFfiFuture<'_, T> {
    fn drop(&mut self) {
        // SAFETY: drop_fn is called exactly once, here.
        unsafe { (self.drop_fn)(self.fut_ptr) }
    }
}

impl<T> Future for LocalBorrowingFfiFuture<'_, T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match self.get_mut().poll_ffi(cx) {
            FfiPoll::Ready(v) => Poll::Ready(v),
            FfiPoll::Pending => Poll::Pending,
            FfiPoll::Panicked => panic!("FFI future panicked"),
        }
    }
}

impl<T> Unpin for LocalBorrowingFfiFuture<'_, T> {}

impl<'a, T> BorrowingFfiFuture<'a, T> {
    /// Boxes a Send future behind the FFI future layout.
    pub fn new<F: Future<Output = T> + Send + 'a>(fut: F) -> Self {
        BorrowingFfiFuture(LocalBorrowingFfiFuture::new_local(fut))
    }
}

impl<T> Future for BorrowingFfiFuture<'_, T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        Pin::new(&mut self.get_mut().0).poll(cx)
    }
}

/// Extension: `async { .. }.into_ffi()`.
pub trait FutureExt: Future + Sized {
    fn into_ffi<'a>(self) -> BorrowingFfiFuture<'a, Self::Output>
    where
        Self: Send + 'a,
    {
        BorrowingFfiFuture::new(self)
    }
}
impl<F: Future> FutureExt for F {}

// ---- block_on: drive a future on the current thread ------------------------------------------

struct ThreadWaker {
    woken: Mutex<bool>,
    cond: Condvar,
}
impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }
    fn wake_by_ref(self: &Arc<Self>) {
        *self.woken.lock().unwrap() = true;
        self.cond.notify_one();
    }
}

/// Runs `fut` to completion on this thread, sleeping between wakes. Never call it on the host's
/// JS thread with a future the host must complete (that thread would wait for itself).
pub fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let state = Arc::new(ThreadWaker { woken: Mutex::new(false), cond: Condvar::new() });
    let waker = Waker::from(state.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
        let mut woken = state.woken.lock().unwrap();
        while !*woken {
            woken = state.cond.wait(woken).unwrap();
        }
        *woken = false;
    }
}

// ---- the host's event channels ----------------------------------------------------------------

/// Status codes of `EventSenderVTable::send` / `wait_ready` (`ABS_SEND_*` in abi_stable.h).
pub const SEND_OK: i32 = 0;
pub const SEND_FULL: i32 = 1;
pub const SEND_CLOSED: i32 = 2;
pub const SEND_TIMEOUT: i32 = 3;

/// The host channel's functions (`AbsEventSenderVTable`).
#[repr(C)]
pub struct EventSenderVTable {
    pub send: unsafe extern "C" fn(*mut (), *mut Value) -> i32,
    pub wait_ready: unsafe extern "C" fn(*mut (), u64) -> i32,
    pub close: unsafe extern "C" fn(*mut ()),
    pub clone: unsafe extern "C" fn(*mut ()) -> *mut (),
    pub drop: unsafe extern "C" fn(*mut ()),
}

/// A handle to a host event channel (`AbsEventSender`): usable from any thread; `send` never
/// waits for the host. Cloning makes another handle; dropping releases this one (the channel
/// ends when the last handle goes, or when either side closes it).
#[repr(C)]
pub struct EventSender {
    channel: *mut (),
    vtable: &'static EventSenderVTable,
}

// SAFETY: the host's channel functions are thread-safe (a mutex inside), by contract.
unsafe impl Send for EventSender {}
// SAFETY: as above; every function takes the channel by shared pointer.
unsafe impl Sync for EventSender {}

/// Why an event was not taken; the event comes back to the caller.
#[derive(Debug)]
pub enum SendError {
    /// A bounded channel is full (backpressure): retry later, wait_ready, or drop the event.
    Full(Value),
    /// The channel was closed by the host or a plugin.
    Closed(Value),
}

impl EventSender {
    /// Moves `event` into the channel, or gives it back with the reason.
    pub fn send(&self, event: Value) -> Result<(), SendError> {
        let mut event = ManuallyDrop::new(event);
        // SAFETY: the channel takes the Value on SEND_OK (and zeroes our copy); otherwise it is ours again.
        match unsafe { (self.vtable.send)(self.channel, &mut *event) } {
            SEND_OK => Ok(()),
            SEND_FULL => Err(SendError::Full(ManuallyDrop::into_inner(event))),
            _ => Err(SendError::Closed(ManuallyDrop::into_inner(event))),
        }
    }
    /// Blocks this (plugin) thread until there is room, the channel closes, or `timeout` passes.
    pub fn wait_ready(&self, timeout: Duration) -> i32 {
        // SAFETY: a live handle.
        unsafe { (self.vtable.wait_ready)(self.channel, timeout.as_millis().min(u64::MAX as u128) as u64) }
    }
    /// Ends the host's iteration (after the events already sent).
    pub fn close(&self) {
        // SAFETY: a live handle.
        unsafe { (self.vtable.close)(self.channel) }
    }
}

impl Clone for EventSender {
    fn clone(&self) -> Self {
        // SAFETY: a live handle; clone returns another one.
        EventSender { channel: unsafe { (self.vtable.clone)(self.channel) }, vtable: self.vtable }
    }
}

impl Drop for EventSender {
    fn drop(&mut self) {
        // SAFETY: each handle is dropped exactly once, here.
        unsafe { (self.vtable.drop)(self.channel) }
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<FfiFuture<u64>>() == 24);
    assert!(size_of::<LocalFfiFuture<Value>>() == 24);
    assert!(offset_of!(LocalBorrowingFfiFuture<'static, u64>, poll_fn) == 8);
    assert!(offset_of!(LocalBorrowingFfiFuture<'static, u64>, drop_fn) == 16);
    assert!(size_of::<FfiPoll<()>>() == 1);
    assert!(size_of::<FfiPoll<u8>>() == 2);
    assert!(size_of::<FfiPoll<u32>>() == 8);
    assert!(size_of::<FfiPoll<u64>>() == 16);
    assert!(size_of::<FfiPoll<crate::RString>>() == 40);
    assert!(size_of::<FfiPoll<Value>>() == 48);
    assert!(size_of::<FfiWakerVTable>() == 32);
    assert!(offset_of!(FfiWakerVTable, wake_by_ref) == 16);
    assert!(size_of::<FfiContext<'static>>() == 8);
    assert!(size_of::<EventSender>() == 16 && align_of::<EventSender>() == 8);
    assert!(size_of::<EventSenderVTable>() == 40);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ffi_future_round_trip_through_block_on() {
        let f: FfiFuture<u64> = BorrowingFfiFuture::new(async { 41 + 1 });
        assert_eq!(block_on(f), 42);
    }

    #[test]
    fn nested_ffi_futures_share_wakers() {
        let inner: FfiFuture<u64> = BorrowingFfiFuture::new(async {
            std::thread::sleep(Duration::from_millis(1));
            5
        });
        let outer: FfiFuture<u64> = BorrowingFfiFuture::new(async move { inner.await * 2 });
        assert_eq!(block_on(outer), 10);
    }

    #[test]
    fn panics_are_reported_as_panicked() {
        let mut f: FfiFuture<u64> = BorrowingFfiFuture::new(async { panic!("boom") });
        let waker = Waker::from(Arc::new(ThreadWaker { woken: Mutex::new(false), cond: Condvar::new() }));
        let mut cx = Context::from_waker(&waker);
        assert!(matches!(f.0.poll_ffi(&mut cx), FfiPoll::Panicked));
    }
}
