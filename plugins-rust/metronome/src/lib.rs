//! An example connector in Rust, like Tremor's metronome (plugins-c/metronome is the same in C).
//! Started from a config `{ interval_ms }`, it emits an event every interval_ms from its own thread
//! into the host's event channel until it is stopped:
//!
//! ```text
//! { "connector": <id>, "seq": <n>, "ingest_ns": <ns since the Unix epoch> }
//! ```
//!
//! Sending never waits for the host: a tick the channel refuses as full is skipped and counted
//! (`metronome_skipped`). Stopping wakes the thread, joins it and drops the sender, which ends the
//! host's iteration; the host waits in `metronome_stop` meanwhile, which cannot deadlock because the
//! thread never waits for the host. The handle is an `RBox<Metronome>`; dropping it stops it too.
#![deny(warnings)]

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use abi_stable_mirror::alloc_counter::{live_blocks, CountingAllocator};
use abi_stable_mirror::async_ffi::{EventSender, SendError};
use abi_stable_mirror::{RBox, RHashMap, ROption, RResult, RString, Value};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[derive(Default)]
struct State {
    stop: bool,
    sent: u64,
    skipped: u64,
}

pub struct Metronome {
    shared: Arc<(Mutex<State>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Metronome {
    fn stop(&mut self) -> u64 {
        {
            let (state, wake) = &*self.shared;
            state.lock().unwrap().stop = true;
            wake.notify_all();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.shared.0.lock().unwrap().sent
    }
}

impl Drop for Metronome {
    fn drop(&mut self) {
        self.stop();
    }
}

fn tick(id: &str, seq: u64) -> Value {
    let mut event = RHashMap::new();
    event.insert(RString::from("connector"), Value::String(RString::from(id)));
    event.insert(RString::from("seq"), Value::U64(seq));
    let ns = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
    event.insert(RString::from("ingest_ns"), Value::U64(ns));
    Value::Object(event)
}

fn run(id: String, interval: Duration, events: EventSender, shared: Arc<(Mutex<State>, Condvar)>) {
    let (state, wake) = &*shared;
    let mut next = Instant::now();
    for seq in 0.. {
        next += interval;
        let mut s = state.lock().unwrap();
        // Sleeps until the next beat, or until stop.
        while !s.stop {
            let now = Instant::now();
            if now >= next {
                break;
            }
            s = wake.wait_timeout(s, next - now).unwrap().0;
        }
        if s.stop {
            break;
        }
        drop(s);
        let result = events.send(tick(&id, seq));
        let mut s = state.lock().unwrap();
        match result {
            Ok(()) => s.sent += 1,
            Err(SendError::Full(_)) => s.skipped += 1,
            Err(SendError::Closed(_)) => break,
        }
    }
    // `events` drops here: the host's iteration ends when its last sender goes.
}

fn interval_of(config: &ROption<Value>) -> Result<u64, &'static str> {
    let ROption::RSome(config) = config else { return Err("a config { interval_ms } is required") };
    let Value::Object(map) = config else { return Err("the config must be an object") };
    match map.get("interval_ms") {
        Some(Value::I64(n)) if (1..=3_600_000).contains(n) => Ok(*n as u64),
        Some(Value::U64(n)) if (1..=3_600_000).contains(n) => Ok(*n),
        _ => Err("interval_ms must be an integer from 1 to 3600000"),
    }
}

/// Starts a metronome from `{ interval_ms: 1..=3600000 }`; its events go to `events`.
#[no_mangle]
pub extern "C" fn metronome_start(id: RString, config: ROption<Value>, events: EventSender) -> RResult<RBox<Metronome>, RString> {
    let interval = match interval_of(&config) {
        Ok(ms) => ms,
        Err(why) => return RResult::RErr(RString::from(format!("metronome '{}': {why}", id.as_str()))),
    };
    let shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
    let thread_shared = shared.clone();
    let name = id.as_str().to_owned();
    let thread = std::thread::spawn(move || run(name, Duration::from_millis(interval), events, thread_shared));
    RResult::ROk(RBox::new(Metronome { shared, thread: Some(thread) }))
}

/// Stops the metronome and joins its thread (the host waits here); returns the ticks it sent.
#[no_mangle]
pub extern "C" fn metronome_stop(m: &mut RBox<Metronome>) -> u64 {
    m.stop()
}

#[no_mangle]
pub extern "C" fn metronome_sent(m: &RBox<Metronome>) -> u64 {
    m.shared.0.lock().unwrap().sent
}

#[no_mangle]
pub extern "C" fn metronome_skipped(m: &RBox<Metronome>) -> u64 {
    m.shared.0.lock().unwrap().skipped
}

#[no_mangle]
pub extern "C" fn metronome_live_allocations() -> i64 {
    live_blocks()
}
