//! The trait-object test plugin (its API is declared in test/trait/api.ts; the C plugin in
//! plugins-c/trait-plugin exports the same), built with the abi_stable mirror: trait objects it
//! makes (Counter, Connector), trait objects the host makes that it calls (Logger, Sender, Probe),
//! from the calling thread and from threads of its own, and an opaque handle (Bag).
#![deny(warnings)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod alloc_counter;
mod app;
mod async_sender;
mod bag;
mod channel;
mod callback;
mod connector;
mod consume;
mod counter;
mod error_results;
mod logger;
mod pointers;
mod probe;
mod sender;
mod signatures;
mod ticket;
pub mod traits;
