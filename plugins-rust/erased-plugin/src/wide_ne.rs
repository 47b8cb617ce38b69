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

/// A `#[repr(u16)]` enum with explicit discriminants: EnumInfo lists names in declaration order
/// only, so a host must match variants by position, not by discriminant.
#[repr(u16)]
#[derive(Debug, Clone, PartialEq)]
pub enum Gauge {
    Off = 0x100,
    On { level: u8 } = 0x200,
    Boost { by: u32 } = 0x300,
}

impl fmt::Display for Gauge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gauge::Off => f.write_str("off"),
            Gauge::On { level } => write!(f, "on at {level}"),
            Gauge::Boost { by } => write!(f, "boost by {by}"),
        }
    }
}

impl SerializeJson for Gauge {
    fn to_json(&self) -> Result<RawValueBox, RBoxError> {
        Err(RBoxError::new("Gauge_Interface does not implement Serialize"))
    }
}

impl GetEnumInfo for Gauge {
    type Discriminant = u16;
    const TYPE_NAME: &'static str = "erased_plugin::wide_ne::Gauge";
    const VARIANT_NAMES: &'static str = "Off;On;Boost;";
    fn is_valid_discriminant(discriminant: u16) -> bool {
        matches!(discriminant, 0x100 | 0x200 | 0x300)
    }
}

pub struct GaugeInterface;
pub type GaugeNe = NonExhaustive<Gauge, [u64; 2], GaugeInterface>;

/// 0 Off, 1 On { level: n }, else Boost { by: n }.
#[no_mangle]
pub extern "C" fn er_gauge(which: u32, n: u8) -> GaugeNe {
    GaugeNe::new(match which {
        0 => Gauge::Off,
        1 => Gauge::On { level: n },
        _ => Gauge::Boost { by: u32::from(n) },
    })
}

/// "discriminant=0xN display", through the value's own vtable.
#[no_mangle]
pub extern "C" fn er_gauge_take(ne: GaugeNe) -> RString {
    RString::from(format!("discriminant={:#x} {ne}", ne.discriminant()).as_str())
}
