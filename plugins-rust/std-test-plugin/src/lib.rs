//! The std-types test plugin (docs/std-test-plugin.md), built with the abi_stable mirror crate.
//! Exports plain `extern "C"` functions `tp_*` with exactly the documented signatures; each module
//! holds one group of the table. Values made elsewhere are only touched through their vtables.
#![deny(warnings)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod alloc_counter;
mod boxes;
mod errors;
mod maps;
mod memory;
mod options;
mod others;
mod strings;
mod threads;
mod values;
mod vectors;
mod engine_cases;
