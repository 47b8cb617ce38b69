//! The async plugin's use of a host event channel (`EventSender`): numbered streams from threads
//! (waiting when a bounded channel is full), strings sent on the calling thread, and a thread that
//! keeps sending whatever happens (for exit-while-sending).

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use abi_stable_mirror::async_ffi::{EventSender, SendError, SEND_CLOSED};
use abi_stable_mirror::{RString, Value};

static FULL_SEEN: AtomicU64 = AtomicU64::new(0);

#[no_mangle]
pub extern "C" fn ap_full_seen() -> u64 {
    FULL_SEEN.load(Ordering::SeqCst)
}

/// `threads` threads each sending `per_thread` events made by `event(thread, i)`, in order, waiting
/// while a bounded channel is full; each drops its sender when done or when the host closed.
fn spawn_streams(sender: EventSender, threads: u32, per_thread: u64, event: fn(u32, u64) -> Value) {
    for thread in 0..threads {
        let sender = sender.clone();
        std::thread::spawn(move || {
            'events: for i in 0..per_thread {
                let mut event = event(thread, i);
                loop {
                    match sender.send(event) {
                        Ok(()) => break,
                        Err(SendError::Full(back)) => {
                            FULL_SEEN.fetch_add(1, Ordering::SeqCst);
                            if sender.wait_ready(Duration::from_millis(100)) == SEND_CLOSED {
                                break 'events;
                            }
                            event = back;
                        }
                        Err(SendError::Closed(_)) => break 'events,
                    }
                }
            }
        });
    }
}

/// I64 events: the thread in the high 32 bits, the sequence in the low.
#[no_mangle]
pub extern "C" fn ap_spawn_streams(sender: EventSender, threads: u32, per_thread: u64) {
    spawn_streams(sender, threads, per_thread, |thread, i| Value::I64(((u64::from(thread) << 32) | i) as i64));
}

const DOTS: &str = "................................................................";

/// String events of 64 bytes: "<thread, 2 digits>:<sequence, 20 digits>:" padded with '.'.
#[no_mangle]
pub extern "C" fn ap_spawn_string_streams(sender: EventSender, threads: u32, per_thread: u64) {
    spawn_streams(sender, threads, per_thread, |thread, i| {
        // Made in place (format!'s padding writes one char at a time): the producer stays cheap.
        let mut text = String::with_capacity(64);
        let _ = write!(text, "{thread:02}:{i:020}:");
        text.push_str(&DOTS[text.len()..]);
        Value::String(RString::from(text))
    });
}

#[no_mangle]
pub extern "C" fn ap_send_strings(sender: EventSender, count: u64, close: u32) -> u64 {
    let mut accepted = 0;
    for i in 0..count {
        match sender.send(Value::String(RString::from(format!("event {i}")))) {
            Ok(()) => accepted += 1,
            Err(SendError::Full(_)) => {
                FULL_SEEN.fetch_add(1, Ordering::SeqCst);
            }
            Err(SendError::Closed(_)) => {}
        }
    }
    if close != 0 {
        sender.close();
    }
    accepted
}

#[no_mangle]
pub extern "C" fn ap_send_forever(sender: EventSender) {
    std::thread::spawn(move || loop {
        if sender.send(Value::String(RString::from("still sending"))).is_err() {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}
