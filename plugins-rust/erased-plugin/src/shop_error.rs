//! The shop's errors as abi_stable's example has them: `NonExhaustiveFor<Error>` in a
//! `[usize; 6]` storage with Error_Interface (Send, Sync, Clone, Debug, Display, PartialEq). This
//! is the newer Error: InvalidName is a variant an older host does not know. InvalidCommand boxes
//! the command the shop could not run, which keeps its creator's vtable (a host's too).

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};

use abi_stable_mirror::erased::{RawValueBox, SerializeJson};
use abi_stable_mirror::nonexhaustive::{NonExhaustive, NonExhaustiveEnum};
use abi_stable_mirror::{RBox, RBoxError, RString};

use crate::shop::CommandNe;

/// Errors made (clones too) and dropped by this plugin.
static MADE: AtomicI64 = AtomicI64::new(0);
static DROPS: AtomicI64 = AtomicI64::new(0);

#[repr(u8)]
#[derive(Debug, PartialEq)]
pub enum Error {
    ItemAlreadyExists { id: u64, name: RString } = 0,
    ItemIdNotFound { id: u64 } = 1,
    InvalidCommand { cmd: RBox<CommandNe> } = 2,
    InvalidName { name: RString } = 3,
}

pub struct ErrorInterface;
pub type ErrorNe = NonExhaustive<Error, [usize; 6], ErrorInterface>;

impl Error {
    pub fn made(self) -> ErrorNe {
        MADE.fetch_add(1, Ordering::SeqCst);
        ErrorNe::new(self)
    }
}

impl Clone for Error {
    fn clone(&self) -> Self {
        MADE.fetch_add(1, Ordering::SeqCst);
        match self {
            Error::ItemAlreadyExists { id, name } => Error::ItemAlreadyExists { id: *id, name: name.clone() },
            Error::ItemIdNotFound { id } => Error::ItemIdNotFound { id: *id },
            Error::InvalidCommand { cmd } => Error::InvalidCommand { cmd: cmd.clone() },
            Error::InvalidName { name } => Error::InvalidName { name: name.clone() },
        }
    }
}

impl Drop for Error {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::ItemAlreadyExists { id, name } => write!(f, "item {name:?} already exists as #{id}"),
            Error::ItemIdNotFound { id } => write!(f, "no item #{id}"),
            Error::InvalidCommand { cmd } => write!(f, "invalid command: {:?}", **cmd),
            Error::InvalidName { name } => write!(f, "invalid name {name:?}"),
        }
    }
}

/// Error_Interface has no Serialize: the slot is there (this mirror always fills it) but says so.
impl SerializeJson for Error {
    fn to_json(&self) -> Result<RawValueBox, RBoxError> {
        Err(RBoxError::new("Error_Interface does not implement Serialize"))
    }
}

impl NonExhaustiveEnum for Error {
    const TYPE_NAME: &'static str = "erased_plugin::shop_error::Error";
    const VARIANT_NAMES: &'static str = "ItemAlreadyExists;ItemIdNotFound;InvalidCommand;InvalidName;";
    fn is_valid_discriminant(discriminant: u8) -> bool {
        discriminant <= 3
    }
}

/// Errors made (clones too) and not dropped yet.
#[no_mangle]
pub extern "C" fn sh_errors_live() -> i64 {
    MADE.load(Ordering::SeqCst) - DROPS.load(Ordering::SeqCst)
}
