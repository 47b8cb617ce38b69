//! `HasherObject`: `{ this, write_fns, finish }` (24 bytes), an FFI-safe `&mut dyn Hasher`.
//! `write_fns` points at a static table of 11 `write*` functions (order of reference 1.11), so
//! typed writes keep the behaviour of the real hasher's overrides.

use std::hash::Hasher;
use std::marker::PhantomData;

use crate::guard::guard;
use crate::marker::ErasedObject;
use crate::sabi_types::{RMut, RRef};
use crate::std_types::RSlice;

#[repr(C)]
pub struct HasherObject<'a> {
    this: RMut<'a, ErasedObject>,
    write_fns: &'static WriteFns,
    finish: unsafe extern "C" fn(RRef<'_, ErasedObject>) -> u64,
}

/// The write functions of a `HasherObject`, in abi_stable's order.
#[repr(C)]
pub struct WriteFns {
    pub write: unsafe extern "C" fn(RMut<'_, ErasedObject>, RSlice<'_, u8>),
    pub write_i16: unsafe extern "C" fn(RMut<'_, ErasedObject>, i16),
    pub write_i32: unsafe extern "C" fn(RMut<'_, ErasedObject>, i32),
    pub write_i64: unsafe extern "C" fn(RMut<'_, ErasedObject>, i64),
    pub write_i8: unsafe extern "C" fn(RMut<'_, ErasedObject>, i8),
    pub write_isize: unsafe extern "C" fn(RMut<'_, ErasedObject>, isize),
    pub write_u16: unsafe extern "C" fn(RMut<'_, ErasedObject>, u16),
    pub write_u32: unsafe extern "C" fn(RMut<'_, ErasedObject>, u32),
    pub write_u64: unsafe extern "C" fn(RMut<'_, ErasedObject>, u64),
    pub write_u8: unsafe extern "C" fn(RMut<'_, ErasedObject>, u8),
    pub write_usize: unsafe extern "C" fn(RMut<'_, ErasedObject>, usize),
}

struct MakeWriteFns<H>(PhantomData<H>);

macro_rules! write_fn {
    ($name:ident, $ty:ty) => {
        unsafe extern "C" fn $name<H: Hasher>(this: RMut<'_, ErasedObject>, value: $ty) {
            guard(|| {
                // SAFETY: `this` was made from `&mut H` in `HasherObject::new`.
                unsafe { this.cast::<H>().get_mut() }.$name(value)
            })
        }
    };
}

unsafe extern "C" fn write<H: Hasher>(this: RMut<'_, ErasedObject>, bytes: RSlice<'_, u8>) {
    guard(|| {
        // SAFETY: `this` was made from `&mut H` in `HasherObject::new`.
        unsafe { this.cast::<H>().get_mut() }.write(bytes.as_slice())
    })
}
write_fn!(write_i16, i16);
write_fn!(write_i32, i32);
write_fn!(write_i64, i64);
write_fn!(write_i8, i8);
write_fn!(write_isize, isize);
write_fn!(write_u16, u16);
write_fn!(write_u32, u32);
write_fn!(write_u64, u64);
write_fn!(write_u8, u8);
write_fn!(write_usize, usize);

unsafe extern "C" fn finish<H: Hasher>(this: RRef<'_, ErasedObject>) -> u64 {
    guard(|| {
        // SAFETY: `this` was made from `&mut H` in `HasherObject::new`.
        unsafe { this.cast::<H>().get() }.finish()
    })
}

impl<H: Hasher> MakeWriteFns<H> {
    const V: &'static WriteFns = &WriteFns {
        write: write::<H>,
        write_i16: write_i16::<H>,
        write_i32: write_i32::<H>,
        write_i64: write_i64::<H>,
        write_i8: write_i8::<H>,
        write_isize: write_isize::<H>,
        write_u16: write_u16::<H>,
        write_u32: write_u32::<H>,
        write_u64: write_u64::<H>,
        write_u8: write_u8::<H>,
        write_usize: write_usize::<H>,
    };
}

impl<'a> HasherObject<'a> {
    pub fn new<H: Hasher + 'a>(hasher: &'a mut H) -> Self {
        Self { this: RMut::new(hasher).cast(), write_fns: MakeWriteFns::<H>::V, finish: finish::<H> }
    }
}

macro_rules! forward_write {
    ($($name:ident: $ty:ty),*) => {
        $(
            fn $name(&mut self, value: $ty) {
                // SAFETY: `this` and `write_fns` were made together by the hasher's owner.
                unsafe { (self.write_fns.$name)(self.this.reborrow(), value) }
            }
        )*
    };
}

/// Every write goes to the wrapped hasher; `write_str` keeps its default
/// (`write(bytes)` + `write_u8(0xff)`), which is what `str`'s `Hash` sends to any hasher.
impl Hasher for HasherObject<'_> {
    fn finish(&self) -> u64 {
        // SAFETY: as below.
        unsafe { (self.finish)(RRef::from_raw(self.this.as_ptr())) }
    }
    fn write(&mut self, bytes: &[u8]) {
        // SAFETY: `this` and `write_fns` were made together by the hasher's owner.
        unsafe { (self.write_fns.write)(self.this.reborrow(), RSlice::from_slice(bytes)) }
    }
    forward_write!(
        write_i16: i16, write_i32: i32, write_i64: i64, write_i8: i8, write_isize: isize,
        write_u16: u16, write_u32: u32, write_u64: u64, write_u8: u8, write_usize: usize
    );
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<HasherObject<'static>>() == 24);
    assert!(offset_of!(HasherObject<'static>, this) == 0);
    assert!(offset_of!(HasherObject<'static>, write_fns) == 8);
    assert!(offset_of!(HasherObject<'static>, finish) == 16);
    assert!(size_of::<WriteFns>() == 88);
    assert!(offset_of!(WriteFns, write_u8) == 72);
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;
    use std::hash::Hash;

    #[test]
    fn hashing_through_the_object_matches_direct_hashing() {
        let mut direct = DefaultHasher::new();
        ("key", 7u32, -3i64, 9usize).hash(&mut direct);
        let mut inner = DefaultHasher::new();
        {
            let mut object = HasherObject::new(&mut inner);
            ("key", 7u32, -3i64, 9usize).hash(&mut object);
            assert_eq!(object.finish(), direct.finish());
        }
        assert_eq!(inner.finish(), direct.finish());
    }
}
