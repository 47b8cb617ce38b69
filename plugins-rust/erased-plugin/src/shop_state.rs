//! The shop that runs commands, as abi_stable's example's `Shop::run_command` does: each command
//! is moved in and answered with `RResult<RString, NonExhaustiveFor<Error>>`. A command whose
//! variant this build does not know (a newer host's, under the host's own vtable) comes back
//! inside `Error::InvalidCommand`.

use abi_stable_mirror::std_types::{RErr, ROk, RResult};
use abi_stable_mirror::{RBox, RString};

use crate::shop::{Command, CommandNe};
use crate::shop_error::{Error, ErrorNe};

struct Item {
    name: RString,
    count: u64,
}

/// Items by id; a deleted item leaves its id empty.
pub struct Shop {
    items: Vec<Option<Item>>,
}

impl Shop {
    fn id_of(&self, name: &RString) -> Option<u64> {
        self.items.iter().position(|i| i.as_ref().is_some_and(|i| i.name == *name)).map(|k| k as u64)
    }

    fn item(&mut self, id: u64) -> Result<&mut Item, ErrorNe> {
        self.items.get_mut(id as usize).and_then(Option::as_mut).ok_or_else(|| Error::ItemIdNotFound { id }.made())
    }

    fn run(&mut self, cmd: &Command) -> Result<String, ErrorNe> {
        match cmd {
            Command::CreateItem { name, .. } => {
                if name.as_str().is_empty() {
                    return Err(Error::InvalidName { name: name.clone() }.made());
                }
                if let Some(id) = self.id_of(name) {
                    return Err(Error::ItemAlreadyExists { id, name: name.clone() }.made());
                }
                self.items.push(Some(Item { name: name.clone(), count: 0 }));
                Ok(format!("created #{} {name}", self.items.len() - 1))
            }
            Command::DeleteItem { id } => {
                self.item(*id)?;
                self.items[*id as usize] = None;
                Ok(format!("deleted #{id}"))
            }
            Command::AddItem { id, count } => {
                let item = self.item(*id)?;
                item.count += u64::from(*count);
                Ok(format!("#{id} has {}", item.count))
            }
            Command::RenameItem { id, name } => {
                self.item(*id)?;
                if name.as_str().is_empty() {
                    return Err(Error::InvalidName { name: name.clone() }.made());
                }
                match self.id_of(name) {
                    Some(holder) if holder != *id => Err(Error::ItemAlreadyExists { id: holder, name: name.clone() }.made()),
                    _ => {
                        self.item(*id)?.name = name.clone();
                        Ok(format!("renamed #{id} to {name}"))
                    }
                }
            }
        }
    }
}

#[no_mangle]
pub extern "C" fn sh_shop_new() -> *mut Shop {
    Box::into_raw(Box::new(Shop { items: Vec::new() }))
}

/// # Safety
/// `shop` is one `sh_shop_new` returned, freed once.
#[no_mangle]
pub unsafe extern "C" fn sh_shop_free(shop: *mut Shop) {
    // SAFETY: the caller passes a shop from sh_shop_new, once.
    drop(unsafe { Box::from_raw(shop) })
}

/// `Shop::run_command`: `cmd` is moved in and dropped through its vtable once it ran.
///
/// # Safety
/// `shop` is a live shop from `sh_shop_new`.
#[no_mangle]
pub unsafe extern "C" fn sh_shop_run(shop: *mut Shop, cmd: CommandNe) -> RResult<RString, ErrorNe> {
    // SAFETY: the caller passes a live shop.
    let shop = unsafe { &mut *shop };
    let Some(c) = cmd.as_enum() else { return RErr(Error::InvalidCommand { cmd: RBox::new(cmd) }.made()) };
    match shop.run(c) {
        Ok(text) => ROk(RString::from(text.as_str())),
        Err(e) => RErr(e),
    }
}
