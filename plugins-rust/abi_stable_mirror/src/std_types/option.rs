//! `ROption<T>`: `#[repr(u8)]` with `RSome` = **0** and `RNone` = 1; the payload sits at
//! `round_up(1, align_of::<T>())` (not niche-optimised).

#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ROption<T> {
    RSome(T) = 0,
    #[default]
    RNone = 1,
}

pub use self::ROption::{RNone, RSome};

impl<T> ROption<T> {
    pub const fn is_some(&self) -> bool {
        matches!(self, RSome(_))
    }
    pub const fn is_none(&self) -> bool {
        matches!(self, RNone)
    }
    pub const fn as_ref(&self) -> ROption<&T> {
        match self {
            RSome(v) => RSome(v),
            RNone => RNone,
        }
    }
    pub fn as_mut(&mut self) -> ROption<&mut T> {
        match self {
            RSome(v) => RSome(v),
            RNone => RNone,
        }
    }
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ROption<U> {
        match self {
            RSome(v) => RSome(f(v)),
            RNone => RNone,
        }
    }
    #[track_caller]
    pub fn unwrap(self) -> T {
        match self {
            RSome(v) => v,
            RNone => panic!("called `ROption::unwrap()` on an `RNone` value"),
        }
    }
    pub fn unwrap_or(self, default: T) -> T {
        match self {
            RSome(v) => v,
            RNone => default,
        }
    }
    pub fn into_option(self) -> Option<T> {
        self.into()
    }
}

impl<T> From<Option<T>> for ROption<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => RSome(v),
            None => RNone,
        }
    }
}

impl<T> From<ROption<T>> for Option<T> {
    fn from(value: ROption<T>) -> Self {
        match value {
            RSome(v) => Some(v),
            RNone => None,
        }
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use crate::std_types::{RStr, RString, Tuple2};
    use std::mem::{align_of, size_of};
    assert!(size_of::<ROption<i32>>() == 8 && align_of::<ROption<i32>>() == 4);
    assert!(size_of::<ROption<u32>>() == 8 && align_of::<ROption<u32>>() == 4);
    assert!(size_of::<ROption<u64>>() == 16 && align_of::<ROption<u64>>() == 8);
    assert!(size_of::<ROption<RString>>() == 40 && align_of::<ROption<RString>>() == 8);
    assert!(size_of::<ROption<u8>>() == 2);
    assert!(size_of::<ROption<usize>>() == 16 && size_of::<ROption<&u8>>() == 16);
    assert!(size_of::<ROption<RStr<'static>>>() == 24);
    assert!(size_of::<ROption<Tuple2<u32, u32>>>() == 12);
    assert!(size_of::<ROption<Tuple2<&u8, &u8>>>() == 24);
};

/// Offset of the payload of `RSome` and the tag byte, measured on a live value.
#[cfg(test)]
pub(crate) fn some_layout<T>(value: &ROption<T>) -> (u8, usize) {
    let base = value as *const ROption<T> as usize;
    // SAFETY: reading the tag byte of a live repr(u8) enum.
    let tag = unsafe { *(value as *const ROption<T> as *const u8) };
    match value {
        RSome(payload) => (tag, payload as *const T as usize - base),
        RNone => (tag, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::std_types::{RString, Tuple2};

    #[test]
    fn tags_and_payload_offsets() {
        assert_eq!(some_layout(&RSome(1i32)), (0, 4));
        assert_eq!(some_layout(&RSome(1u32)), (0, 4));
        assert_eq!(some_layout(&RSome(1u64)), (0, 8));
        assert_eq!(some_layout(&RSome(1u8)), (0, 1));
        assert_eq!(some_layout(&RSome(RString::from("x"))), (0, 8));
        assert_eq!(some_layout(&RSome(Tuple2(1u32, 2u32))), (0, 4));
        assert_eq!(some_layout(&RNone::<u64>).0, 1);
        let (a, b) = (1u8, 2u8);
        let pair = RSome(Tuple2(&a, &b));
        let base = &pair as *const _ as usize;
        if let RSome(Tuple2(x, y)) = &pair {
            assert_eq!((x as *const _ as usize - base, y as *const _ as usize - base), (8, 16));
        }
        assert_eq!(Option::from(RSome(3)), Some(3));
    }
}
