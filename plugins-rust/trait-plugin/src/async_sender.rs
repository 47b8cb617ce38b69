//! The Tremor plugin channel: the host implements `SenderOpaque { send(&self, Reply) ->
//! BorrowingFfiFuture<'_, RResult<(), RBoxError>> }` and hands the plugin a
//! `SenderOpaque_TO<'static, RBox<()>>`; plugin tasks on threads of their own `send(reply).await`,
//! each thread driving its task with the small executor below (a counting waker, parked on a
//! condition variable between wakes). RErr results are counted, their Display text kept, and
//! dropped here. Also: a send on the main thread during a bound call, polled later, and a future
//! dropped before the host's promise settles. Mirrors plugins-c/trait-plugin/async_sender.c.

use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicI64, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;

use abi_stable_mirror::async_ffi::BorrowingFfiFuture;
use abi_stable_mirror::stable_abi::{repr, StableAbi, TypeLayout};
use abi_stable_mirror::{sabi_trait, RBoxError, RResult, RString};

/// 24 bytes, passed by value (in memory on x86-64).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Reply {
    pub thread: u64,
    pub seq: u64,
    pub value: u64,
}

// SAFETY: `#[repr(C)]` with these fields.
unsafe impl StableAbi for Reply {
    type StaticEquivalent = Reply;
    const LAYOUT: &'static TypeLayout = abi_stable_mirror::__derive_layout! {
        type: Reply,
        name: "Reply",
        package: "trait_plugin;0.1.0",
        mod_path: "trait_plugin::async_sender\0",
        data: struct,
        repr: repr::C,
        nonzero: false,
        fields: [
            { "thread", 0, false, [u64], [] },
            { "seq", 0, false, [u64], [] },
            { "value", 0, false, [u64], [] },
        ],
    };
}

pub type SendResult = RResult<(), RBoxError>;

sabi_trait! {
    pub trait SenderOpaque [object = SenderOpaque_TO, vtable = SenderOpaqueVTable] {
        fn send(&self, reply: Reply) -> BorrowingFfiFuture<'_, SendResult>;
    }
}

// ---- the executor: one task per thread, a waker that counts its wakes ------------------------

static WAKES: AtomicU64 = AtomicU64::new(0);
static LIVE_WAKERS: AtomicI64 = AtomicI64::new(0);

struct TaskWaker {
    woken: Mutex<bool>,
    cond: Condvar,
}

impl TaskWaker {
    fn new() -> Arc<TaskWaker> {
        LIVE_WAKERS.fetch_add(1, Ordering::SeqCst);
        Arc::new(TaskWaker { woken: Mutex::new(false), cond: Condvar::new() })
    }
}

impl Drop for TaskWaker {
    fn drop(&mut self) {
        LIVE_WAKERS.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }
    fn wake_by_ref(self: &Arc<Self>) {
        WAKES.fetch_add(1, Ordering::SeqCst);
        *self.woken.lock().unwrap() = true;
        self.cond.notify_one();
    }
}

/// Runs `task` to completion on this thread, parked between wakes.
fn run<F: Future>(task: F) -> F::Output {
    let mut task = pin!(task);
    let state = TaskWaker::new();
    let waker = Waker::from(state.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        *state.woken.lock().unwrap() = false;
        if let Poll::Ready(v) = task.as_mut().poll(&mut cx) {
            return v;
        }
        let mut woken = state.woken.lock().unwrap();
        while !*woken {
            woken = state.cond.wait(woken).unwrap();
        }
    }
}

// ---- results ---------------------------------------------------------------------------------

const OK: i32 = 0;
const PENDING: i32 = 1;
const ERR: i32 = 2;

static SENT_OK: AtomicU64 = AtomicU64::new(0);
static SENT_ERR: AtomicU64 = AtomicU64::new(0);
static SENT_PANICKED: AtomicU64 = AtomicU64::new(0);
static THREADS_DONE: AtomicU32 = AtomicU32::new(0);

/// The last error's Display text, in a fixed buffer (a static String would count as a live block).
static LAST_ERROR: Mutex<([u8; 256], usize)> = Mutex::new(([0; 256], 0));

/// Keeps the error's text, then drops the error (it is ours).
fn take_error(err: RBoxError) {
    let text = err.to_string();
    let bytes = text.as_bytes();
    let n = bytes.len().min(256);
    let mut last = LAST_ERROR.lock().unwrap();
    last.0[..n].copy_from_slice(&bytes[..n]);
    last.1 = n;
}

fn classify(r: SendResult) -> i32 {
    match r {
        RResult::ROk(()) => OK,
        RResult::RErr(e) => {
            take_error(e);
            ERR
        }
    }
}

// ---- plugin tasks on their own threads -------------------------------------------------------

async fn send_task(sender: Arc<SenderOpaque_TO>, thread: u64, count: u64) -> (u64, u64) {
    let (mut ok, mut err) = (0, 0);
    for seq in 0..count {
        let reply = Reply { thread, seq, value: thread * 1_000_000_000 + seq };
        match classify(sender.send(reply).await) {
            OK => ok += 1,
            _ => err += 1,
        }
    }
    (ok, err)
}

/// Resets the counters, then `threads` tasks each send `count` replies, awaiting each. Returns at
/// once. The tasks share the sender; the last one to finish drops it. A panicked send (a host
/// future that reported Panicked) ends its task; it is counted.
#[no_mangle]
pub extern "C" fn tr_async_send_spawn(sender: SenderOpaque_TO, threads: u32, count: u64) {
    SENT_OK.store(0, Ordering::SeqCst);
    SENT_ERR.store(0, Ordering::SeqCst);
    SENT_PANICKED.store(0, Ordering::SeqCst);
    THREADS_DONE.store(0, Ordering::SeqCst);
    let sender = Arc::new(sender);
    for t in 0..threads {
        let sender = sender.clone();
        drop(thread::spawn(move || {
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(send_task(sender, t as u64, count)))) {
                Ok((ok, err)) => {
                    SENT_OK.fetch_add(ok, Ordering::SeqCst);
                    SENT_ERR.fetch_add(err, Ordering::SeqCst);
                }
                Err(_) => {
                    SENT_PANICKED.fetch_add(1, Ordering::SeqCst);
                }
            }
            THREADS_DONE.fetch_add(1, Ordering::SeqCst);
        }));
    }
}

#[no_mangle]
pub extern "C" fn tr_async_threads_done() -> u32 {
    THREADS_DONE.load(Ordering::SeqCst)
}
#[no_mangle]
pub extern "C" fn tr_async_sent_ok() -> u64 {
    SENT_OK.load(Ordering::SeqCst)
}
#[no_mangle]
pub extern "C" fn tr_async_sent_err() -> u64 {
    SENT_ERR.load(Ordering::SeqCst)
}
#[no_mangle]
pub extern "C" fn tr_async_sent_panicked() -> u64 {
    SENT_PANICKED.load(Ordering::SeqCst)
}
#[no_mangle]
pub extern "C" fn tr_async_wakes() -> u64 {
    WAKES.load(Ordering::SeqCst)
}
#[no_mangle]
pub extern "C" fn tr_async_live_wakers() -> i64 {
    LIVE_WAKERS.load(Ordering::SeqCst)
}

/// The Display text of the last RErr a send completed with.
#[no_mangle]
pub extern "C" fn tr_async_last_error() -> RString {
    let last = LAST_ERROR.lock().unwrap();
    RString::from(std::str::from_utf8(&last.0[..last.1]).unwrap_or("<not UTF-8>"))
}

// ---- on the main thread: send during a bound call, poll later --------------------------------

type Slot = Option<BorrowingFfiFuture<'static, SendResult>>;
const SLOTS: usize = 16;
static MAIN_SLOTS: Mutex<[Slot; SLOTS]> = Mutex::new([const { None }; SLOTS]);
static MAIN_WAKER: Mutex<Option<Arc<TaskWaker>>> = Mutex::new(None);

/// Calls send(reply) now (on the calling thread) and keeps the future; returns its slot, or -1.
#[no_mangle]
pub extern "C" fn tr_async_send_main(sender: &SenderOpaque_TO, thread: u64, seq: u64) -> i32 {
    let mut slots = MAIN_SLOTS.lock().unwrap();
    let Some(k) = slots.iter().position(Option::is_none) else { return -1 };
    let fut = sender.send(Reply { thread, seq, value: thread * 1_000_000_000 + seq });
    // SAFETY: the future is the host's (its state lives in the host runtime and is completed by
    // the host's promise); it holds no reference into the sender, which only this call borrows.
    // This test keeps it past the call on purpose: the host must not need the borrow either.
    let fut: BorrowingFfiFuture<'static, SendResult> = unsafe { std::mem::transmute(fut) };
    slots[k] = Some(fut);
    k as i32
}

/// Polls slot k once: OK/PENDING/ERR (the future is dropped unless Pending), 3 for Panicked; -1 for an empty slot.
#[no_mangle]
pub extern "C" fn tr_async_poll_main(k: i32) -> i32 {
    let mut slots = MAIN_SLOTS.lock().unwrap();
    let Some(slot) = usize::try_from(k).ok().and_then(|k| slots.get_mut(k)) else { return -1 };
    let Some(fut) = slot.as_mut() else { return -1 };
    let waker = Waker::from(MAIN_WAKER.lock().unwrap().get_or_insert_with(TaskWaker::new).clone());
    let mut cx = Context::from_waker(&waker);
    let r = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Pin::new(&mut *fut).poll(&mut cx))) {
        Ok(Poll::Pending) => PENDING,
        Ok(Poll::Ready(r)) => classify(r),
        Err(_) => 3,
    };
    if r != PENDING {
        *slot = None;
    }
    r
}

/// Drops slot k's future without awaiting it (its promise may settle later).
#[no_mangle]
pub extern "C" fn tr_async_drop_main(k: i32) -> i32 {
    let mut slots = MAIN_SLOTS.lock().unwrap();
    match usize::try_from(k).ok().and_then(|k| slots.get_mut(k)) {
        Some(slot @ Some(_)) => {
            *slot = None;
            0
        }
        _ => -1,
    }
}

/// Releases the main thread's waker (a clone a pending future holds stays valid).
#[no_mangle]
pub extern "C" fn tr_async_release_main_waker() {
    MAIN_WAKER.lock().unwrap().take();
}

// ---- a task that drops its future before the promise settles --------------------------------

/// On a thread: one send, polled once, its future dropped (pending, unless JS was quick), then the sender.
#[no_mangle]
pub extern "C" fn tr_async_send_drop_early(sender: SenderOpaque_TO) {
    THREADS_DONE.store(0, Ordering::SeqCst);
    drop(thread::spawn(move || {
        {
            let state = TaskWaker::new();
            let waker = Waker::from(state);
            let mut cx = Context::from_waker(&waker);
            let mut fut = sender.send(Reply { thread: 99, seq: 0, value: 0 });
            if let Poll::Ready(r) = Pin::new(&mut fut).poll(&mut cx) {
                match classify(r) {
                    OK => SENT_OK.fetch_add(1, Ordering::SeqCst),
                    _ => SENT_ERR.fetch_add(1, Ordering::SeqCst),
                };
            }
        }
        drop(sender);
        THREADS_DONE.fetch_add(1, Ordering::SeqCst);
    }));
}
