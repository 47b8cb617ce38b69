//! Host-implemented objects consumed and shared by the plugin (test/trait/consume.test.ts; the C
//! plugin's consume.c exports the same): by-value `self` (reference 11.B) on JS implementations of
//! Ticket and Session, from the calling thread and from threads of the plugin's own, and a host
//! Tally over RArc cloned through `_sabi_clone` (the mirror's `Clone`), the clone used on a thread.

use std::sync::Mutex;
use std::thread;

use abi_stable_mirror::{sabi_trait, RStr, RString};

use crate::traits::{Ticket, Ticket_TO};

sabi_trait! {
    /// A session the host implements: `close` takes it by value.
    pub trait Session [object = Session_TO, vtable = SessionVTable] {
        fn touch(&self, seq: u64);
        fn close(self, code: u64);
    }
}

sabi_trait! {
    /// A tally the host implements and shares behind an RArc.
    pub trait Tally [object = Tally_TO, vtable = TallyVTable, pointers = (TallyArc_TO, TallyMut_TO, TallyRef_TO)] {
        fn add(&self, n: u64);
        fn total(&self) -> u64;
    }
}

/// Redeems the ticket on a thread of the plugin (joined before returning) and returns what it got.
#[no_mangle]
pub extern "C" fn tr_ticket_redeem_on_thread(ticket: Ticket_TO, note: RStr<'_>) -> RString {
    let note = note.as_str().to_owned();
    match thread::spawn(move || ticket.redeem(RStr::from_str(&note))).join() {
        Ok(result) => result,
        Err(_) => std::process::abort(),
    }
}

#[no_mangle]
pub extern "C" fn tr_ticket_echo(ticket: Ticket_TO) -> Ticket_TO {
    ticket
}

static REDEEMED: Mutex<Option<RString>> = Mutex::new(None);

fn redeemed() -> std::sync::MutexGuard<'static, Option<RString>> {
    REDEEMED.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Redeemed on a detached thread (the JS main thread stays free to answer a method declared
/// `offThread: 'wait'`); the result waits for `tr_ticket_redeemed_take`.
#[no_mangle]
pub extern "C" fn tr_ticket_redeem_detached(ticket: Ticket_TO, note: RStr<'_>) {
    let note = note.as_str().to_owned();
    drop(thread::spawn(move || {
        let result = ticket.redeem(RStr::from_str(&note));
        *redeemed() = Some(result);
    }));
}

#[no_mangle]
pub extern "C" fn tr_ticket_redeemed_ready() -> bool {
    redeemed().is_some()
}

/// The detached redemption's result (moved out to the caller), or "" before it is there.
#[no_mangle]
pub extern "C" fn tr_ticket_redeemed_take() -> RString {
    redeemed().take().unwrap_or_default()
}

#[no_mangle]
pub extern "C" fn tr_session_close(session: Session_TO, code: u64) {
    session.close(code);
}

/// Returns at once; a detached thread touches the session `touches` times, then closes it.
#[no_mangle]
pub extern "C" fn tr_session_close_on_thread(session: Session_TO, touches: u64) {
    drop(thread::spawn(move || {
        for i in 0..touches {
            session.touch(i);
        }
        session.close(touches);
    }));
}

/// Clones the tally through `_sabi_clone`, hands the clone to a detached thread (adds 1..=adds,
/// then drops it), adds 1000 through the original here and drops it. Returns the strong count
/// right after the clone (2).
#[no_mangle]
pub extern "C" fn tr_tally_share(tally: TallyArc_TO, adds: u64) -> u64 {
    let clone = tally.clone();
    let strong = tally.strong_count() as u64;
    drop(thread::spawn(move || {
        for i in 1..=adds {
            clone.add(i);
        }
    }));
    tally.add(1000);
    strong
}

#[no_mangle]
pub extern "C" fn tr_tally_echo(tally: TallyArc_TO) -> TallyArc_TO {
    tally
}

/// Clones it twice, reads the total through the last clone, drops all three; returns
/// total * 10 + the strong count seen before the drops (3).
#[no_mangle]
pub extern "C" fn tr_tally_clones(tally: TallyArc_TO) -> u64 {
    let a = tally.clone();
    let b = a.clone();
    let strong = b.strong_count() as u64;
    let total = b.total();
    drop(tally);
    drop(a);
    drop(b);
    total * 10 + strong
}
