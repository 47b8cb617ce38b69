//! The shop of abi_stable's examples/2_nonexhaustive, in its newer version: Command is a
//! `NonExhaustive<Command, [usize; 8], Command_Interface>` whose RenameItem variant an older host
//! does not know. `sh_bad_command` hands out an unknown discriminant with a null vtable.

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};

use abi_stable_mirror::erased::{RawValueBox, SerializeJson};
use abi_stable_mirror::nonexhaustive::{NonExhaustive, NonExhaustiveEnum};
use abi_stable_mirror::{RBoxError, RStr, RString, RVec};

/// Commands made (clones too) and dropped by this plugin (host-made ones it drops too).
static MADE: AtomicI64 = AtomicI64::new(0);
static DROPS: AtomicI64 = AtomicI64::new(0);

/// The variant names are the example's (CreateItem, DeleteItem, ...).
#[allow(clippy::enum_variant_names)]
#[repr(u8)]
#[derive(Debug, PartialEq)]
pub enum Command {
    CreateItem { name: RString, price: u32 } = 0,
    DeleteItem { id: u64 } = 1,
    AddItem { id: u64, count: u32 } = 2,
    RenameItem { id: u64, name: RString } = 3,
}

pub struct CommandInterface;
pub type CommandNe = NonExhaustive<Command, [usize; 8], CommandInterface>;

impl Command {
    fn made(self) -> CommandNe {
        MADE.fetch_add(1, Ordering::SeqCst);
        CommandNe::new(self)
    }
}

impl Clone for Command {
    fn clone(&self) -> Self {
        MADE.fetch_add(1, Ordering::SeqCst);
        match self {
            Command::CreateItem { name, price } => Command::CreateItem { name: name.clone(), price: *price },
            Command::DeleteItem { id } => Command::DeleteItem { id: *id },
            Command::AddItem { id, count } => Command::AddItem { id: *id, count: *count },
            Command::RenameItem { id, name } => Command::RenameItem { id: *id, name: name.clone() },
        }
    }
}

impl Drop for Command {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::CreateItem { name, price } => write!(f, "create {name} for {price}"),
            Command::DeleteItem { id } => write!(f, "delete #{id}"),
            Command::AddItem { id, count } => write!(f, "add {count} of #{id}"),
            Command::RenameItem { id, name } => write!(f, "rename #{id} to {name}"),
        }
    }
}

/// serde's externally tagged form.
impl SerializeJson for Command {
    fn to_json(&self) -> Result<RawValueBox, RBoxError> {
        let json = match self {
            Command::CreateItem { name, price } => format!(r#"{{"CreateItem":{{"name":"{name}","price":{price}}}}}"#),
            Command::DeleteItem { id } => format!(r#"{{"DeleteItem":{{"id":{id}}}}}"#),
            Command::AddItem { id, count } => format!(r#"{{"AddItem":{{"id":{id},"count":{count}}}}}"#),
            Command::RenameItem { id, name } => format!(r#"{{"RenameItem":{{"id":{id},"name":"{name}"}}}}"#),
        };
        Ok(RString::from(json.as_str()))
    }
}

impl NonExhaustiveEnum for Command {
    const TYPE_NAME: &'static str = "erased_plugin::shop::Command";
    const VARIANT_NAMES: &'static str = "CreateItem;DeleteItem;AddItem;RenameItem;";
    fn is_valid_discriminant(discriminant: u8) -> bool {
        discriminant <= 3
    }
}

#[no_mangle]
pub extern "C" fn sh_command_create(name: RStr<'_>, price: u32) -> CommandNe {
    Command::CreateItem { name: RString::from(name.as_str()), price }.made()
}

#[no_mangle]
pub extern "C" fn sh_command_delete(id: u64) -> CommandNe {
    Command::DeleteItem { id }.made()
}

#[no_mangle]
pub extern "C" fn sh_command_add(id: u64, count: u32) -> CommandNe {
    Command::AddItem { id, count }.made()
}

#[no_mangle]
pub extern "C" fn sh_command_rename(id: u64, name: RStr<'_>) -> CommandNe {
    Command::RenameItem { id, name: RString::from(name.as_str()) }.made()
}

/// Runs a command (moved in): what it did; then it is dropped through its vtable.
#[no_mangle]
pub extern "C" fn sh_run(cmd: CommandNe) -> RString {
    match cmd.as_enum() {
        Some(c) => RString::from(format!("ran: {c}").as_str()),
        None => RString::from("unsupported command"),
    }
}

#[no_mangle]
pub extern "C" fn sh_commands() -> RVec<CommandNe> {
    vec![sh_command_add(7, 3), sh_command_rename(8, RStr::from_str("eight"))].into()
}

/// A broken value: a discriminant no version has, and no vtable (same bytes as a CommandNe).
#[repr(C)]
pub struct BrokenNe {
    fill: [u64; 8],
    vtable: *const (),
}

#[no_mangle]
pub extern "C" fn sh_bad_command() -> BrokenNe {
    let mut fill = [0u64; 8];
    fill[0] = 9;
    BrokenNe { fill, vtable: std::ptr::null() }
}

#[no_mangle]
pub extern "C" fn sh_made() -> i64 {
    MADE.load(Ordering::SeqCst)
}

#[no_mangle]
pub extern "C" fn sh_drops() -> i64 {
    DROPS.load(Ordering::SeqCst)
}

/// Equal through each value's own vtable: `a`'s partial_eq slot, then `b`'s (they may differ).
fn both_ways(a: &CommandNe, b: &CommandNe) -> bool {
    a.eq(b) && b.eq(a)
}

/// What a plugin does with a command whoever made it (a host's vtable too), all through the
/// command's vtable: Debug, Display, Serialize, PartialEq against `other` and against the
/// plugin's own copy (both ways), Clone; then every value is dropped through its vtable.
#[no_mangle]
pub extern "C" fn sh_describe(cmd: CommandNe, other: CommandNe) -> RString {
    let json = match cmd.serialize_json() {
        Ok(json) => json.as_str().to_string(),
        Err(_) => "serialize failed".to_string(),
    };
    let copy = cmd.clone();
    let mut out = format!(
        "{cmd:?} | {cmd} | {json} | {} | {} | {copy:#?}",
        if cmd == other { "eq other" } else { "ne other" },
        if both_ways(&cmd, &copy) { "eq clone" } else { "ne clone" },
    );
    if let Some(c) = cmd.as_enum() {
        let own = CommandNe::new(c.clone());
        out.push_str(if both_ways(&own, &cmd) { " | eq own" } else { " | ne own" });
    }
    RString::from(out.as_str())
}
