//! The async test plugin (its API is declared in test/async/api.ts; the C plugin in
//! plugins-c/async-plugin exports the same), written as a Rust plugin author would with the
//! mirror's `async_ffi`: futures are plain `async` blocks turned into `FfiFuture`s, completed by
//! timer threads that wake the host's waker from their own thread; futures the host made are
//! awaited inline or driven with `block_on` on a plugin thread; and event streams go into a host
//! channel through `EventSender`.
#![deny(warnings)]
#![deny(unsafe_op_in_unsafe_fn)]

mod channel;
mod delay;

use std::sync::atomic::{AtomicU64, Ordering};

use abi_stable_mirror::alloc_counter::{live_blocks, CountingAllocator};
use abi_stable_mirror::async_ffi::{block_on, BorrowingFfiFuture, FfiFuture};
use abi_stable_mirror::{RResult, RStr, RString};

use crate::delay::{Delay, Oneshot};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

static MADE: AtomicU64 = AtomicU64::new(0);
static DROPPED: AtomicU64 = AtomicU64::new(0);
static POLLS: AtomicU64 = AtomicU64::new(0);

/// Counts the futures made and dropped, and every poll, around the future it wraps.
struct Counted<F>(F);
impl<F> Counted<F> {
    fn new(f: F) -> Self {
        MADE.fetch_add(1, Ordering::SeqCst);
        Counted(f)
    }
}
impl<F> Drop for Counted<F> {
    fn drop(&mut self) {
        DROPPED.fetch_add(1, Ordering::SeqCst);
    }
}
impl<F: std::future::Future + Unpin> std::future::Future for Counted<F> {
    type Output = F::Output;
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<F::Output> {
        POLLS.fetch_add(1, Ordering::SeqCst);
        std::pin::Pin::new(&mut self.0).poll(cx)
    }
}

fn counted<T: Send + 'static>(f: impl std::future::Future<Output = T> + Send + 'static) -> FfiFuture<T> {
    BorrowingFfiFuture::new(Counted::new(Box::pin(f)))
}

#[no_mangle]
pub extern "C" fn ap_live_allocations() -> i64 {
    live_blocks()
}
#[no_mangle]
pub extern "C" fn ap_futures_made() -> u64 {
    MADE.load(Ordering::SeqCst)
}
#[no_mangle]
pub extern "C" fn ap_futures_dropped() -> u64 {
    DROPPED.load(Ordering::SeqCst)
}
#[no_mangle]
pub extern "C" fn ap_polls() -> u64 {
    POLLS.load(Ordering::SeqCst)
}

/// `value` after `delay_ms`; the timer thread wakes `extra_wakes` more times, and again 50 ms later.
#[no_mangle]
pub extern "C" fn ap_sleep_then(delay_ms: u64, value: u64, extra_wakes: u64) -> FfiFuture<u64> {
    counted(async move {
        Delay::new(delay_ms, extra_wakes).await;
        value
    })
}

#[no_mangle]
pub extern "C" fn ap_ready(value: u64) -> FfiFuture<u64> {
    counted(async move { value })
}

#[no_mangle]
pub extern "C" fn ap_panics() -> FfiFuture<u64> {
    counted(async move {
        if ap_polls() < u64::MAX {
            panic!("the async test plugin's ap_panics future panics on purpose");
        }
        0
    })
}

#[no_mangle]
pub extern "C" fn ap_text_later(delay_ms: u64, text: RStr<'_>) -> FfiFuture<RString> {
    let text = RString::from(text);
    counted(async move {
        Delay::new(delay_ms, 0).await;
        text
    })
}

/// The host's future plus `add`, awaited inline (polled whenever this one is).
#[no_mangle]
pub extern "C" fn ap_add_to_host(host: FfiFuture<u64>, add: u64) -> FfiFuture<u64> {
    counted(async move { host.await + add })
}

/// The host's future of `RResult<u64, RString>`, awaited as it is: what the host's promise settles
/// to (a rejection included) is what this one yields.
#[no_mangle]
pub extern "C" fn ap_forward_result(host: FfiFuture<RResult<u64, RString>>) -> FfiFuture<RResult<u64, RString>> {
    counted(async move { host.await })
}

/// A plugin thread drives the host's future with `block_on`; this one completes with its value plus `add`.
#[no_mangle]
pub extern "C" fn ap_await_host_on_thread(host: FfiFuture<u64>, add: u64) -> FfiFuture<u64> {
    let (tx, rx) = Oneshot::new();
    let mut host = Some(host);
    counted(async move {
        let host = host.take();
        std::thread::spawn(move || {
            if let Some(host) = host {
                tx.send(block_on(host) + add);
            }
        });
        rx.await
    })
}

/// A plugin thread awaits the host's future and drops it there.
#[no_mangle]
pub extern "C" fn ap_detach_host_future(host: FfiFuture<u64>) {
    std::thread::spawn(move || {
        let _ = block_on(host);
    });
}

#[no_mangle]
pub extern "C" fn ap_drop_host_future(host: FfiFuture<u64>) {
    drop(host);
}
