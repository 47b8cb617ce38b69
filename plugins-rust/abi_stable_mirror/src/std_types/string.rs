//! `RString`: UTF-8 text in an `RVec<u8>` (same 32-byte layout); hashes, compares and borrows
//! as `str`, so `RHashMap<RString, _>` lookups by `&str` agree with every other implementation.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use super::{RStr, RVec};

#[repr(C)]
#[derive(Clone, Default)]
pub struct RString {
    pub(crate) inner: RVec<u8>,
}

impl RString {
    pub const fn new() -> Self {
        Self { inner: RVec::new() }
    }

    pub fn with_capacity(capacity: usize) -> Self {
        Self { inner: RVec::with_capacity(capacity) }
    }

    /// # Safety
    /// `bytes` should be UTF-8 (methods that read text trust it, as abi_stable does).
    pub const unsafe fn from_utf8_unchecked(bytes: RVec<u8>) -> Self {
        Self { inner: bytes }
    }

    pub fn from_utf8(bytes: RVec<u8>) -> Result<Self, RVec<u8>> {
        match std::str::from_utf8(&bytes) {
            Ok(_) => Ok(Self { inner: bytes }),
            Err(_) => Err(bytes),
        }
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: an RString holds UTF-8 by contract.
        unsafe { std::str::from_utf8_unchecked(self.inner.as_slice()) }
    }

    pub fn as_rstr(&self) -> RStr<'_> {
        // SAFETY: the bytes are UTF-8 by contract and borrowed from `self`.
        unsafe { RStr::from_raw_parts(self.inner.as_ptr(), self.inner.len()) }
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.inner.as_slice()
    }

    pub const fn len(&self) -> usize {
        self.inner.len()
    }
    pub const fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
    pub const fn capacity(&self) -> usize {
        self.inner.capacity()
    }

    /// Appends text, growing through the value's own vtable when full.
    pub fn push_str(&mut self, text: &str) {
        self.inner.extend_from_copy_slice(text.as_bytes());
    }

    pub fn push(&mut self, ch: char) {
        self.push_str(ch.encode_utf8(&mut [0; 4]));
    }

    pub fn reserve(&mut self, additional: usize) {
        self.inner.reserve(additional);
    }

    pub fn shrink_to_fit(&mut self) {
        self.inner.shrink_to_fit();
    }

    pub fn clear(&mut self) {
        self.inner.clear();
    }

    pub fn as_rvec(&self) -> &RVec<u8> {
        &self.inner
    }

    pub fn into_bytes(self) -> RVec<u8> {
        self.inner
    }

    /// A `String`, adopting the buffer only if it comes from this library (see `RVec::into_vec`).
    pub fn into_string(self) -> String {
        // SAFETY: the bytes are UTF-8 by contract.
        unsafe { String::from_utf8_unchecked(self.inner.into_vec()) }
    }
}

impl From<&str> for RString {
    fn from(text: &str) -> Self {
        Self { inner: RVec::from(text.as_bytes()) }
    }
}

impl From<String> for RString {
    fn from(text: String) -> Self {
        Self { inner: text.into_bytes().into() }
    }
}

impl From<RStr<'_>> for RString {
    fn from(text: RStr<'_>) -> Self {
        Self::from(text.as_str())
    }
}

impl Deref for RString {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for RString {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for RString {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for RString {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}
impl Eq for RString {}

impl PartialEq<str> for RString {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}
impl PartialEq<&str> for RString {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialOrd for RString {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for RString {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

/// Hashes exactly as `str` does (`write(bytes)` then `write_u8(0xff)`).
impl Hash for RString {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Display for RString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}
impl fmt::Debug for RString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&String::from_utf8_lossy(self.as_bytes()), f)
    }
}

impl fmt::Write for RString {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.push_str(text);
        Ok(())
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<RString>() == 32 && align_of::<RString>() == 8);
    assert!(offset_of!(RString, inner) == 0);
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{calls, foreign_string};
    use crate::test_tag;
    use std::hash::BuildHasher;

    #[test]
    fn push_str_and_clone() {
        let mut s = RString::from("hi");
        s.push_str("!");
        s.push('é');
        assert_eq!(s.as_str(), "hi!é");
        let c = s.clone();
        assert_eq!(c, s);
        assert_eq!(s.into_string(), "hi!é");
    }

    #[test]
    fn foreign_string_grows_through_its_vtable_and_is_copied_out() {
        test_tag!(StrTag);
        let mut s = foreign_string::<StrTag>("abc");
        assert_eq!(s.capacity(), 3);
        s.push_str("!");
        assert_eq!(calls::<StrTag>("grow"), 1);
        assert_eq!(s.as_str(), "abc!");
        assert_eq!(s.into_string(), "abc!");
        assert_eq!(calls::<StrTag>("destructor_empty"), 1);
    }

    #[test]
    fn hashes_like_str() {
        let state = std::collections::hash_map::RandomState::new();
        assert_eq!(state.hash_one(RString::from("key")), state.hash_one("key"));
    }
}
