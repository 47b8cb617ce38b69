//! Tickets the plugin makes: `redeem(self, note)` consumes one (its value is dropped inside the
//! method; the caller frees only the storage), so each ticket is dropped exactly once, redeemed or not.

use std::sync::atomic::{AtomicU64, Ordering};

use abi_stable_mirror::{RStr, RString};

use crate::traits::{Ticket, Ticket_TO};

static DROPS: AtomicU64 = AtomicU64::new(0);

struct TicketState(u64);

impl Drop for TicketState {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

impl Ticket for TicketState {
    fn id(&self) -> u64 {
        self.0
    }
    fn redeem(self, note: RStr<'_>) -> RString {
        RString::from(format!("ticket {} redeemed: {}", self.0, note.as_str()))
    }
}

#[no_mangle]
pub extern "C" fn tr_ticket_new(id: u64) -> Ticket_TO {
    Ticket_TO::from_value(TicketState(id))
}

/// How many tickets were dropped: once each, whether redeemed or dropped whole.
#[no_mangle]
pub extern "C" fn tr_ticket_drops() -> u64 {
    DROPS.load(Ordering::SeqCst)
}

/// Redeems any Ticket through its vtable: the object is consumed.
#[no_mangle]
pub extern "C" fn tr_ticket_redeem(ticket: Ticket_TO, note: RStr<'_>) -> RString {
    ticket.redeem(note)
}
