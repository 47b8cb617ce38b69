//! Type-erased objects: `HasherObject` (a `&mut dyn Hasher` across the boundary) and `DynTrait`
//! (boxed object + prefix-type vtable), used here for the map iterators.

pub mod dyn_arc;
pub mod dyn_compare;
pub mod dyn_io;
pub mod dyn_trait;
pub mod dyn_value;
pub mod dyn_vtable;
pub mod hasher;
pub mod iterator_fns;
pub mod type_info;

pub use self::dyn_trait::{DynPointer, DynTrait, IteratorInterface};
pub use self::dyn_io::{MakeIoVTable, RIoError, RIoErrorKind, RSeekFrom};
pub use self::dyn_value::{MakeValueVTable, RawValueBox, SerializeJson};
pub use self::hasher::HasherObject;
