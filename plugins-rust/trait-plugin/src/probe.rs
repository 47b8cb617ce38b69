//! Calls a host-implemented Probe with every argument and return shape the host's trampolines
//! support, and the same wide call from a thread of the plugin (queued, with the RStr copied).

use std::thread;

use abi_stable_mirror::{RStr, RString, Tuple2};

use crate::traits::{Probe, Probe_TO};

#[no_mangle]
pub extern "C" fn tr_probe(probe: &Probe_TO) -> RString {
    let mixed = probe.mixed(1, 2, 3, 4, RStr::from_str("five"), 6.5, 7.25, true);
    let floats = probe.floats(1.5, 2.25);
    let single = probe.single(0.5);
    let Tuple2(a, b) = probe.pair(Tuple2(7, 1 << 40));
    let wide = probe.wide(10, 20, 30, 40, 50);
    let narrow = probe.narrow(-5, 65535, -100000, true);
    format!("mixed={mixed};floats={floats};single={single};pair={a},{b};wide={};narrow={narrow}", wide.as_str()).into()
}

#[no_mangle]
pub extern "C" fn tr_probe_on_thread(probe: &Probe_TO) {
    thread::scope(|s| {
        let joined = s
            .spawn(|| {
                // The text lives on this thread's stack: a queued call must carry a copy.
                let mut text = String::from("from a thread");
                probe.note(11, 12, 13, 14, RStr::from_str(&text), -1.5, 1e300, false);
                text.replace_range(.., "xxxxxxxxxxxxx");
                drop(text);
            })
            .join();
        if joined.is_err() {
            std::process::abort();
        }
    });
}
