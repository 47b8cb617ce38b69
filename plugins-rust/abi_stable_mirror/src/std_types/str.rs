//! `RStr<'a>`: a borrowed `&str` as `{ data, length in bytes }`, read without UTF-8 validation.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use super::RSlice;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct RStr<'a> {
    pub(crate) inner: RSlice<'a, u8>,
}

impl<'a> RStr<'a> {
    pub const EMPTY: Self = Self { inner: RSlice::EMPTY };

    pub const fn from_str(s: &'a str) -> Self {
        Self { inner: RSlice::from_slice(s.as_bytes()) }
    }

    /// # Safety
    /// `length` bytes at `data` must be valid UTF-8 for `'a`.
    pub const unsafe fn from_raw_parts(data: *const u8, length: usize) -> Self {
        // SAFETY: forwarded to the caller.
        Self { inner: unsafe { RSlice::from_raw_parts(data, length) } }
    }

    /// The text; like abi_stable, the bytes are trusted to be UTF-8 (reference 1.1).
    pub fn as_str(&self) -> &'a str {
        // SAFETY: an RStr holds UTF-8 by contract (the creator's responsibility).
        unsafe { std::str::from_utf8_unchecked(self.inner.as_slice()) }
    }

    pub fn as_bytes(&self) -> &'a [u8] {
        self.inner.as_slice()
    }
    pub const fn as_ptr(&self) -> *const u8 {
        self.inner.as_ptr()
    }
    pub const fn len(&self) -> usize {
        self.inner.len()
    }
    pub const fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

impl<'a> From<&'a str> for RStr<'a> {
    fn from(s: &'a str) -> Self {
        Self::from_str(s)
    }
}

impl Deref for RStr<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for RStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}
impl fmt::Display for RStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}
impl PartialEq for RStr<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}
impl Eq for RStr<'_> {}
impl Hash for RStr<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<RStr<'static>>() == 16 && align_of::<RStr<'static>>() == 8);
    assert!(offset_of!(RStr<'static>, inner) == 0);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let s = RStr::from_str("héllo");
        assert_eq!(s.as_str(), "héllo");
        assert_eq!(s.len(), 6);
        assert_eq!(RStr::EMPTY.as_str(), "");
    }
}
