//! Types abi_stable wraps from other crates: `crossbeam_channel`'s ends (reference 11.C).

pub mod crossbeam_channel;
