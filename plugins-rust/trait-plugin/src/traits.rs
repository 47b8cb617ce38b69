//! The traits of the plugin's API, declared with the mirror's `sabi_trait!` (the host declares the
//! same in test/trait/api.ts). `CounterV1` is what a plugin built against the first version of
//! `Counter` (before `reset`) hands out.

use abi_stable_mirror::{sabi_trait, RResult, RStr, RString, Tuple2};

sabi_trait! {
    pub trait Counter [object = Counter_TO, vtable = CounterVTable] {
        fn incr(&mut self, by: i64) -> i64;
        fn get(&self) -> i64;
        fn reset(&mut self);
    }
}

sabi_trait! {
    pub trait CounterV1 [object = CounterV1_TO, vtable = CounterV1VTable] {
        fn incr(&mut self, by: i64) -> i64;
        fn get(&self) -> i64;
    }
}

sabi_trait! {
    pub trait Logger [object = Logger_TO, vtable = LoggerVTable] {
        fn log(&self, level: u8, msg: RStr<'_>) -> RResult<(), RString>;
        fn name(&self) -> RString;
        fn level(&self) -> u8;
        fn flush(&mut self);
    }
}

sabi_trait! {
    pub trait Sender [object = Sender_TO, vtable = SenderVTable] {
        fn send(&self, seq: u64, msg: RStr<'_>);
        fn close(&self, count: u64);
    }
}

sabi_trait! {
    pub trait Connector [object = Connector_TO, vtable = ConnectorVTable] {
        fn id(&self) -> RString;
        fn describe(&self) -> RString;
        fn on_event(&mut self, event: RStr<'_>) -> RResult<u64, RString>;
        fn events(&self) -> u64;
    }
}

sabi_trait! {
    pub trait Probe [object = Probe_TO, vtable = ProbeVTable] {
        #[allow(clippy::too_many_arguments)]
        fn mixed(&self, a: u64, b: u64, c: u64, d: u64, text: RStr<'_>, x: f32, y: f64, flag: bool) -> u64;
        #[allow(clippy::too_many_arguments)]
        fn note(&self, a: u64, b: u64, c: u64, d: u64, text: RStr<'_>, x: f32, y: f64, flag: bool);
        fn floats(&self, a: f64, b: f32) -> f64;
        fn single(&self, x: f32) -> f32;
        fn pair(&self, p: Tuple2<u32, u64>) -> Tuple2<u64, u64>;
        fn wide(&self, a: u64, b: u64, c: u64, d: u64, e: u64) -> RString;
        fn narrow(&self, a: i8, b: u16, c: i32, flag: bool) -> i32;
    }
}

sabi_trait! {
    /// A ticket redeemed once: `redeem` takes it by value (reference 11.B).
    pub trait Ticket [object = Ticket_TO, vtable = TicketVTable] {
        fn id(&self) -> u64;
        fn redeem(self, note: RStr<'_>) -> RString;
    }
}
