//! A host-implemented Sender used from a thread of the plugin: `count` messages, then
//! close(count), then the sender is dropped there.

use std::thread;

use abi_stable_mirror::RStr;

use crate::traits::{Sender, Sender_TO};

fn send_all(sender: Sender_TO, count: u64) {
    for i in 0..count {
        let msg = format!("message {i}");
        sender.send(i, RStr::from_str(&msg));
    }
    sender.close(count);
}

/// Returns at once; the thread runs on (detached).
#[no_mangle]
pub extern "C" fn tr_spawn_sender(sender: Sender_TO, count: u64) {
    drop(thread::spawn(move || send_all(sender, count)));
}

/// Waits for the thread before returning, while the JS main thread is blocked in this call.
#[no_mangle]
pub extern "C" fn tr_send_and_join(sender: Sender_TO, count: u64) {
    if thread::spawn(move || send_all(sender, count)).join().is_err() {
        std::process::abort();
    }
}

/// Returns at once; the detached thread sends `count` messages, spinning `spin` iterations in the
/// plugin's own code before each (if the library were unmapped under it, it would fault at once).
#[no_mangle]
pub extern "C" fn tr_spawn_paced_sender(sender: Sender_TO, count: u64, spin: u64) {
    drop(thread::spawn(move || {
        for i in 0..count {
            for k in 0..spin {
                std::hint::black_box(k);
            }
            sender.send(i, RStr::from_str("paced"));
        }
        sender.close(count);
    }));
}
