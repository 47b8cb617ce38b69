//! A NonExhaustive of a `#[repr(u16)]` enum: abi_stable's discriminant is the repr integer, first
//! in the storage, so `Small`'s byte sits after two discriminant bytes (test/erased/
//! wide-discriminant.test.ts reads it as `repr: 'u16'`). This is the newer Level: `Max` is a
//! variant an older host does not know. Values made and dropped are counted (`er_level_drops`).

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};

use abi_stable_mirror::erased::{RawValueBox, SerializeJson};
use abi_stable_mirror::nonexhaustive::{GetEnumInfo, NonExhaustive};
use abi_stable_mirror::{RBoxError, RString};

static DROPS: AtomicI64 = AtomicI64::new(0);

#[repr(u16)]
#[derive(Debug, Clone, PartialEq)]
pub enum Level {
    Low = 0,
    Small { n: u8 } = 1,
    Max { limit: u64 } = 2,
}

impl Drop for Level {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Low => f.write_str("low"),
            Level::Small { n } => write!(f, "small {n}"),
            Level::Max { limit } => write!(f, "max {limit}"),
        }
    }
}

impl SerializeJson for Level {
    fn to_json(&self) -> Result<RawValueBox, RBoxError> {
        Err(RBoxError::new("Level_Interface does not implement Serialize"))
    }
}

impl GetEnumInfo for Level {
    type Discriminant = u16;
    const TYPE_NAME: &'static str = "erased_plugin::wide_ne::Level";
    const VARIANT_NAMES: &'static str = "Low;Small;Max;";
    fn is_valid_discriminant(discriminant: u16) -> bool {
        discriminant <= 2
    }
}

pub struct LevelInterface;
pub type LevelNe = NonExhaustive<Level, [u64; 2], LevelInterface>;

/// 0 Low, 1 Small { n }, else Max { limit: n * 1000 }.
#[no_mangle]
pub extern "C" fn er_level(which: u32, n: u8) -> LevelNe {
    LevelNe::new(match which {
        0 => Level::Low,
        1 => Level::Small { n },
        _ => Level::Max { limit: u64::from(n) * 1000 },
    })
}

/// "discriminant=N display", read through the value's own vtable, then dropped through it.
#[no_mangle]
pub extern "C" fn er_level_take(ne: LevelNe) -> RString {
    RString::from(format!("discriminant={} {ne}", ne.discriminant()).as_str())
}

#[no_mangle]
pub extern "C" fn er_level_drops() -> i64 {
    DROPS.load(Ordering::SeqCst)
}
