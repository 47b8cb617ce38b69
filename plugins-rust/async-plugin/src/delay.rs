//! Two small futures completed from plugin threads: `Delay` (a timer thread started at the first
//! poll, which keeps a waker clone to wake again after completion) and `Oneshot` (a value handed
//! over by another thread).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

#[derive(Default)]
struct Shared {
    done: bool,
    waker: Option<Waker>,
}

pub struct Delay {
    ms: u64,
    extra_wakes: u64,
    shared: Option<Arc<Mutex<Shared>>>,
}

impl Delay {
    pub fn new(ms: u64, extra_wakes: u64) -> Self {
        Delay { ms, extra_wakes, shared: None }
    }
}

impl Future for Delay {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(shared) = &self.shared {
            let mut s = shared.lock().unwrap();
            if s.done {
                return Poll::Ready(());
            }
            s.waker = Some(cx.waker().clone());
            return Poll::Pending;
        }
        let shared = Arc::new(Mutex::new(Shared { done: false, waker: Some(cx.waker().clone()) }));
        let (ms, extra) = (self.ms, self.extra_wakes);
        let thread_shared = shared.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(ms));
            let waker = {
                let mut s = thread_shared.lock().unwrap();
                s.done = true;
                s.waker.take()
            };
            if let Some(w) = waker {
                // Keeps a clone to wake again after completion (and after the host may have dropped).
                let again = (extra > 0).then(|| w.clone());
                w.wake();
                if let Some(again) = again {
                    for _ in 0..extra {
                        again.wake_by_ref();
                    }
                    std::thread::sleep(Duration::from_millis(50));
                    again.wake_by_ref();
                    again.wake();
                }
            }
        });
        self.shared = Some(shared);
        Poll::Pending
    }
}

struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

pub struct Sender<T>(Arc<Mutex<Slot<T>>>);
pub struct Oneshot<T>(Arc<Mutex<Slot<T>>>);

impl<T> Oneshot<T> {
    pub fn new() -> (Sender<T>, Oneshot<T>) {
        let slot = Arc::new(Mutex::new(Slot { value: None, waker: None }));
        (Sender(slot.clone()), Oneshot(slot))
    }
}

impl<T> Sender<T> {
    pub fn send(self, value: T) {
        let waker = {
            let mut s = self.0.lock().unwrap();
            s.value = Some(value);
            s.waker.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }
}

impl<T> Future for Oneshot<T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut s = self.0.lock().unwrap();
        match s.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
