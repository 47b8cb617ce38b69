//! Calling a host-implemented Logger from the calling thread and from threads of the plugin's
//! own, and keeping one (dropped later, possibly on another thread).

use std::sync::Mutex;
use std::thread;

use abi_stable_mirror::{RErr, ROk, RResult, RStr, RString};

use crate::traits::{Logger, Logger_TO};

#[no_mangle]
pub extern "C" fn tr_log_lines(logger: &Logger_TO, count: u32) -> RResult<u32, RString> {
    for i in 0..count {
        let line = format!("line {i}");
        if let RErr(e) = logger.log((i % 3) as u8, RStr::from_str(&line)) {
            return RErr(format!("log failed at line {i}: {}", e.as_str()).into());
        }
    }
    ROk(count)
}

/// name() + "!", appended through the returned (host-made) string's own vtable.
#[no_mangle]
pub extern "C" fn tr_logger_name(logger: &Logger_TO) -> RString {
    let mut name = logger.name();
    name.push_str("!");
    name
}

#[no_mangle]
pub extern "C" fn tr_logger_level(logger: &Logger_TO) -> u8 {
    logger.level()
}

#[no_mangle]
pub extern "C" fn tr_logger_echo(logger: Logger_TO) -> Logger_TO {
    logger
}

static KEPT: Mutex<Option<Logger_TO>> = Mutex::new(None);

fn kept() -> std::sync::MutexGuard<'static, Option<Logger_TO>> {
    KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[no_mangle]
pub extern "C" fn tr_logger_keep(logger: Logger_TO) {
    let previous = kept().replace(logger);
    drop(previous);
}

#[no_mangle]
pub extern "C" fn tr_logger_drop_kept() {
    let taken = kept().take();
    drop(taken);
}

#[no_mangle]
pub extern "C" fn tr_logger_drop_kept_on_thread() {
    let taken = kept().take();
    join(thread::spawn(move || drop(taken)));
}

fn join<T>(handle: thread::JoinHandle<T>) -> T {
    handle.join().unwrap_or_else(|_| std::process::abort())
}

#[no_mangle]
pub extern "C" fn tr_log_on_thread(logger: &mut Logger_TO) -> RResult<(), RString> {
    let logger = &*logger;
    thread::scope(|s| join_scoped(s.spawn(|| logger.log(1, RStr::from_str("from a plugin thread")))))
}

#[no_mangle]
pub extern "C" fn tr_level_on_thread(logger: &mut Logger_TO) -> u8 {
    let logger = &*logger;
    thread::scope(|s| join_scoped(s.spawn(|| logger.level())))
}

#[no_mangle]
pub extern "C" fn tr_flush_on_thread(logger: &mut Logger_TO) {
    thread::scope(|s| join_scoped(s.spawn(|| logger.flush())))
}

fn join_scoped<T>(handle: thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|_| std::process::abort())
}
