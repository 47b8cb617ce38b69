//! A Text shared behind an RArc: `DynTrait<'static, RArc<()>, SharedInterface>` (Send, Sync,
//! Clone, Display, Debug). Clones are more strong references to one value, which is dropped with
//! the last of them (counted in `er_live`).

use std::fmt;

use abi_stable_mirror::erased::IteratorInterface;
use abi_stable_mirror::{DynTrait, RArc, RStr, RString};

use crate::{born, died};

pub struct SharedInterface;
impl IteratorInterface<'_> for SharedInterface {
    type Item = ();
}
pub type SharedArc = DynTrait<'static, RArc<()>, SharedInterface>;

#[derive(Debug)]
struct Shared(String);

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        died();
    }
}

#[no_mangle]
pub extern "C" fn er_shared_text(s: RStr<'_>) -> SharedArc {
    born();
    SharedArc::from_arc_value(Shared(s.as_str().to_string()))
}

/// "display|debug|strong=N" (N counted through the RArc's vtable, this reference included), then
/// this reference is released.
#[no_mangle]
pub extern "C" fn er_shared_take(d: SharedArc) -> RString {
    RString::from(format!("{d}|{d:?}|strong={}", RArc::strong_count(d.object())).as_str())
}
