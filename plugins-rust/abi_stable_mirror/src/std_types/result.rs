//! `RResult<T, E>`: `#[repr(u8)]` with `ROk` = 0 and `RErr` = 1; each variant's payload is
//! aligned on its own (`RResult<u8, u64>`: Ok payload at 1, Err payload at 8).

#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RResult<T, E> {
    ROk(T) = 0,
    RErr(E) = 1,
}

pub use self::RResult::{RErr, ROk};

impl<T, E> RResult<T, E> {
    pub const fn is_ok(&self) -> bool {
        matches!(self, ROk(_))
    }
    pub const fn is_err(&self) -> bool {
        matches!(self, RErr(_))
    }
    pub fn into_result(self) -> Result<T, E> {
        self.into()
    }
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> RResult<U, E> {
        match self {
            ROk(v) => ROk(f(v)),
            RErr(e) => RErr(e),
        }
    }
    #[track_caller]
    pub fn unwrap(self) -> T
    where
        E: std::fmt::Debug,
    {
        match self {
            ROk(v) => v,
            RErr(e) => panic!("called `RResult::unwrap()` on an `RErr` value: {e:?}"),
        }
    }
}

impl<T, E> From<Result<T, E>> for RResult<T, E> {
    fn from(value: Result<T, E>) -> Self {
        match value {
            Ok(v) => ROk(v),
            Err(e) => RErr(e),
        }
    }
}

impl<T, E> From<RResult<T, E>> for Result<T, E> {
    fn from(value: RResult<T, E>) -> Self {
        match value {
            ROk(v) => Ok(v),
            RErr(e) => Err(e),
        }
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use crate::std_types::RString;
    use std::mem::{align_of, size_of};
    assert!(size_of::<RResult<u64, RString>>() == 40 && align_of::<RResult<u64, RString>>() == 8);
    assert!(size_of::<RResult<(), RString>>() == 40 && align_of::<RResult<(), RString>>() == 8);
    assert!(size_of::<RResult<(), ()>>() == 1);
    assert!(size_of::<RResult<u8, u64>>() == 16);
    assert!(size_of::<RResult<u32, RString>>() == 40);
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::std_types::RString;

    fn layout<T, E>(value: &RResult<T, E>) -> (u8, usize) {
        let base = value as *const _ as usize;
        // SAFETY: reading the tag byte of a live repr(u8) enum.
        let tag = unsafe { *(value as *const _ as *const u8) };
        match value {
            ROk(v) => (tag, v as *const T as usize - base),
            RErr(e) => (tag, e as *const E as usize - base),
        }
    }

    #[test]
    fn tags_and_per_variant_offsets() {
        assert_eq!(layout(&ROk::<u8, u64>(1)), (0, 1));
        assert_eq!(layout(&RErr::<u8, u64>(1)), (1, 8));
        assert_eq!(layout(&ROk::<u64, RString>(1)), (0, 8));
        assert_eq!(layout(&RErr::<u64, RString>(RString::new())), (1, 8));
        assert_eq!(layout(&ROk::<(), RString>(())), (0, 1));
        assert_eq!(layout(&ROk::<u32, RString>(1)), (0, 4));
        assert_eq!(Result::from(ROk::<u8, ()>(3)), Ok(3));
    }
}
