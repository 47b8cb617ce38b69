//! Dependency-free mirror of `abi_stable` 0.11's binary layouts and behaviour for the std types.
//!
//! A plugin built with this crate is binary-compatible with `abi_stable` 0.11 plugins and hosts:
//! every type has the same size, alignment, field offsets and discriminants (asserted at compile
//! time beside each type, x86_64 numbers from `abi_stable-0.11.3-layouts.json` and the reference),
//! and every vtable has the same prefix-type header, fields and accessibility bits.
//!
//! The rule everything here follows: a value made elsewhere (another plugin, the JS host's C
//! runtime) is only ever grown, shrunk, looked into or dropped through **its own** vtable.
#![deny(warnings)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod alloc_counter;
pub mod async_ffi;
pub mod erased;
pub mod external_types;
pub mod guard;
pub mod library;
pub mod layout_report;
pub mod marker;
pub mod maybe_cmp;
pub mod nonexhaustive;
pub mod prefix;
pub mod sabi_trait;
pub mod sabi_types;
pub mod stable_abi;
pub mod std_types;
pub mod utypeid;
pub mod value;

#[cfg(test)]
mod test_support;

pub use crate::erased::{DynTrait, HasherObject};
pub use crate::library::{RBoxError, SendRBoxError, UnsyncRBoxError};
pub use crate::maybe_cmp::MaybeCmp;
pub use crate::std_types::*;
pub use crate::utypeid::UTypeId;
pub use crate::value::Value;
