//! abi_stable's RSender<T> / RReceiver<T> used from plugin threads (reference 11.C;
//! test/trait/channels.test.ts; the C plugin's channel.c exports the same). Every call goes through
//! the end's own vtable, whoever made the channel (the host's runtime, or the mirror here).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;

use abi_stable_mirror::external_types::crossbeam_channel::{bounded, RReceiver, RSender};
use abi_stable_mirror::RString;

fn spawn_senders<T: Send + 'static>(sender: RSender<T>, threads: u32, make: fn(u32, u32) -> T, count: u32) {
    for t in 0..threads {
        let mine = sender.clone();
        thread::spawn(move || {
            for seq in 0..count {
                // Disconnected: the value comes back and is dropped here.
                if mine.send(make(t, seq)).is_err() {
                    break;
                }
            }
        });
    }
}

/// Threads that each clone the sender and send `thread << 32 | seq`.
#[no_mangle]
pub extern "C" fn ch_spawn_senders(sender: RSender<u64>, threads: u32, count: u32) {
    spawn_senders(sender, threads, |t, seq| ((t as u64) << 32) | seq as u64, count);
}

/// The same with owned RStrings `"thread-seq"`.
#[no_mangle]
pub extern "C" fn ch_spawn_string_senders(sender: RSender<RString>, threads: u32, count: u32) {
    spawn_senders(sender, threads, |t, seq| RString::from(format!("{t}-{seq}").as_str()), count);
}

static SUMMER_TOTAL: AtomicU64 = AtomicU64::new(0);
static SUMMER_COUNT: AtomicU64 = AtomicU64::new(0);
static SUMMER_DONE: AtomicBool = AtomicBool::new(false);

/// A bounded channel of the mirror's whose receiver a thread drains, summing; JS gets the sender.
#[no_mangle]
pub extern "C" fn ch_summer_new(capacity: u64) -> RSender<u64> {
    SUMMER_TOTAL.store(0, Ordering::SeqCst);
    SUMMER_COUNT.store(0, Ordering::SeqCst);
    SUMMER_DONE.store(false, Ordering::SeqCst);
    let (sender, receiver) = bounded::<u64>(capacity as usize);
    thread::spawn(move || {
        for v in receiver.iter() {
            SUMMER_TOTAL.fetch_add(v, Ordering::SeqCst);
            SUMMER_COUNT.fetch_add(1, Ordering::SeqCst);
        }
        drop(receiver);
        SUMMER_DONE.store(true, Ordering::SeqCst);
    });
    sender
}

#[no_mangle]
pub extern "C" fn ch_summer_total() -> u64 {
    SUMMER_TOTAL.load(Ordering::SeqCst)
}

#[no_mangle]
pub extern "C" fn ch_summer_count() -> u64 {
    SUMMER_COUNT.load(Ordering::SeqCst)
}

#[no_mangle]
pub extern "C" fn ch_summer_done() -> bool {
    SUMMER_DONE.load(Ordering::SeqCst)
}

/// A channel of capacity 4 a thread fills with 1..=n; JS gets the receiver.
#[no_mangle]
pub extern "C" fn ch_count_to(n: u64) -> RReceiver<u64> {
    let (sender, receiver) = bounded::<u64>(4);
    thread::spawn(move || {
        for i in 1..=n {
            if sender.send(i).is_err() {
                break;
            }
        }
    });
    receiver
}
