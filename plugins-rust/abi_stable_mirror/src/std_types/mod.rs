//! The FFI-safe std types, one file each (as abi_stable's `std_types`).

pub mod arc;
pub mod boxed;
pub mod cmp_ordering;
pub mod cow;
pub mod duration;
pub mod map;
pub mod option;
pub mod result;
pub mod slice_mut;
pub mod slices;
pub mod str;
pub mod string;
pub mod tuple;
pub mod vec;

pub use self::arc::RArc;
pub use self::boxed::RBox;
pub use self::cmp_ordering::RCmpOrdering;
pub use self::cow::{RCow, RCowSlice, RCowStr};
pub use self::duration::RDuration;
pub use self::map::{REntry, RHashMap};
pub use self::option::{ROption, RNone, RSome};
pub use self::result::{RErr, ROk, RResult};
pub use self::slice_mut::RSliceMut;
pub use self::slices::RSlice;
pub use self::str::RStr;
pub use self::string::RString;
pub use self::tuple::{Tuple1, Tuple2, Tuple3, Tuple4};
pub use self::vec::{Exactness, RVec};
