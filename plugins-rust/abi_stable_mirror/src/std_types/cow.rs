//! `RCow<B, O>`: a `#[repr(C)]` enum with a **4-byte** tag (`Borrowed` = 0, `Owned` = 1) and the
//! payload at `round_up(4, max(align B, align O))`; only `Owned` owns (and drops) anything.

use super::{RSlice, RStr, RString, RVec};

#[repr(C)]
#[derive(Debug, Clone, PartialEq)]
pub enum RCow<B, O> {
    Borrowed(B),
    Owned(O),
}

/// `RCow<RStr, RString>`.
pub type RCowStr<'a> = RCow<RStr<'a>, RString>;
/// `RCow<RSlice<T>, RVec<T>>`.
pub type RCowSlice<'a, T> = RCow<RSlice<'a, T>, RVec<T>>;

impl<B, O> RCow<B, O> {
    pub const fn is_owned(&self) -> bool {
        matches!(self, RCow::Owned(_))
    }
}

impl<'a> RCowStr<'a> {
    pub fn as_str(&self) -> &str {
        match self {
            RCow::Borrowed(s) => s.as_str(),
            RCow::Owned(s) => s.as_str(),
        }
    }
    pub fn len(&self) -> usize {
        self.as_str().len()
    }
    pub fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
    pub fn into_owned(self) -> RString {
        match self {
            RCow::Borrowed(s) => RString::from(s),
            RCow::Owned(s) => s,
        }
    }
}

impl<'a, T> RCowSlice<'a, T> {
    pub fn as_slice(&self) -> &[T] {
        match self {
            RCow::Borrowed(s) => s.as_slice(),
            RCow::Owned(v) => v.as_slice(),
        }
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::size_of;
    assert!(size_of::<RCowStr<'static>>() == 40);
    assert!(size_of::<RCowSlice<'static, u32>>() == 40);
    assert!(size_of::<RCow<&'static u8, u8>>() == 16);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_is_four_bytes_and_payload_at_8() {
        let cow: RCowStr<'_> = RCow::Owned(RString::from("owned"));
        let base = &cow as *const _ as usize;
        // SAFETY: reading the 4-byte tag of a live repr(C) enum.
        assert_eq!(unsafe { *(&cow as *const _ as *const u32) }, 1);
        if let RCow::Owned(s) = &cow {
            assert_eq!(s as *const _ as usize - base, 8);
        }
        let borrowed: RCowStr<'_> = RCow::Borrowed(RStr::from("b"));
        // SAFETY: as above.
        assert_eq!(unsafe { *(&borrowed as *const _ as *const u32) }, 0);
        assert_eq!(cow.len() + borrowed.len(), 6);
        let val: RCow<&u8, u8> = RCow::Borrowed(&3);
        let base = &val as *const _ as usize;
        if let RCow::Borrowed(r) = &val {
            assert_eq!(r as *const _ as usize - base, 8);
        }
    }
}
