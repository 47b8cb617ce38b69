//! The io traits and `fmt::Write` of `DynTrait` (abi_stable's erased_types/c_functions.rs and
//! std_types/std_io.rs): `RIoErrorKind` (a u8, 0 = Other), `RIoError` `{ kind @0, error:
//! ROption<RBoxError> @8 }` (40 bytes), `RSeekFrom` (`repr(u8)`: Start(u64), End(i64), Current(i64)),
//! the slot functions a vtable gets for a `T: Read/Write/Seek/BufRead/fmt::Write` (made by
//! `MakeIoVTable`), and `std::io::{Read, Write, Seek, BufRead}` and `fmt::Write` for DynTraits over
//! RBox and RMut, calling the slots (whoever made the value: this library, another, or the host).
//!
//! The vtable keeps the io blocks as `OpaqueFn` arrays (dyn_vtable.rs); the typed signatures are
//! here, and a slot is only ever called through them.

use std::fmt::{self, Display};
use std::io::{self, BufRead, ErrorKind, Read, Seek, SeekFrom, Write};
use std::marker::PhantomData;
use std::ptr::addr_of;

use super::dyn_trait::{DynPointer, DynTrait, IteratorInterface};
use super::dyn_value::display;
use super::dyn_vtable::{drop_box_ptr, DynVTable, IoBufReadFns, IoReadFns, IoWriteFns, OpaqueFn};
use super::type_info::{OpaqueTypeInfo, TypeInfo};
use crate::guard::guard;
use crate::library::RBoxError;
use crate::marker::ErasedObject;
use crate::prefix::WithMetadata;
use crate::sabi_types::RMut;
use crate::std_types::{RBox, RErr, RNone, ROk, ROption, RResult, RSlice, RSliceMut, RSome, RStr};

/// `RIoErrorKind`: std::io::ErrorKind as a u8; kinds 0.11 does not list are `Other` (0).
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RIoErrorKind {
    pub value: u8,
}

/// The kinds by discriminant (1..=17; 0 is Other).
const KINDS: [ErrorKind; 18] = [
    ErrorKind::Other,
    ErrorKind::NotFound,
    ErrorKind::PermissionDenied,
    ErrorKind::ConnectionRefused,
    ErrorKind::ConnectionReset,
    ErrorKind::ConnectionAborted,
    ErrorKind::NotConnected,
    ErrorKind::AddrInUse,
    ErrorKind::AddrNotAvailable,
    ErrorKind::BrokenPipe,
    ErrorKind::AlreadyExists,
    ErrorKind::WouldBlock,
    ErrorKind::InvalidInput,
    ErrorKind::InvalidData,
    ErrorKind::TimedOut,
    ErrorKind::WriteZero,
    ErrorKind::Interrupted,
    ErrorKind::UnexpectedEof,
];

impl From<ErrorKind> for RIoErrorKind {
    fn from(kind: ErrorKind) -> Self {
        RIoErrorKind { value: KINDS.iter().position(|k| *k == kind).unwrap_or(0) as u8 }
    }
}

impl From<RIoErrorKind> for ErrorKind {
    fn from(kind: RIoErrorKind) -> Self {
        KINDS.get(usize::from(kind.value)).copied().unwrap_or(ErrorKind::Other)
    }
}

/// `RIoError`: the kind and, unless made from a kind alone, the inner error.
#[repr(C)]
pub struct RIoError {
    pub kind: RIoErrorKind,
    pub error: ROption<RBoxError>,
}

/// An RBoxError as the inner error of an `io::Error`, so it goes back into an RIoError unchanged.
#[derive(Debug)]
struct Inner(RBoxError);
impl Display for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(&self.0, f)
    }
}
impl std::error::Error for Inner {}

impl From<io::Error> for RIoError {
    fn from(e: io::Error) -> Self {
        let kind = RIoErrorKind::from(e.kind());
        let error = match e.into_inner() {
            None => RNone,
            Some(inner) => match inner.downcast::<Inner>() {
                Ok(mine) => RSome(mine.0),
                Err(other) => RSome(RBoxError::from_fmt(&*other)),
            },
        };
        RIoError { kind, error }
    }
}

impl From<RIoError> for io::Error {
    fn from(e: RIoError) -> Self {
        let kind = ErrorKind::from(e.kind);
        match e.error {
            RSome(inner) => io::Error::new(kind, Inner(inner)),
            RNone => io::Error::from(kind),
        }
    }
}

impl Display for RIoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            RSome(e) => Display::fmt(e, f),
            RNone => Display::fmt(&io::Error::from(ErrorKind::from(self.kind)), f),
        }
    }
}

/// `RSeekFrom`.
#[repr(u8)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RSeekFrom {
    Start(u64),
    End(i64),
    Current(i64),
}

impl From<SeekFrom> for RSeekFrom {
    fn from(s: SeekFrom) -> Self {
        match s {
            SeekFrom::Start(n) => RSeekFrom::Start(n),
            SeekFrom::End(n) => RSeekFrom::End(n),
            SeekFrom::Current(n) => RSeekFrom::Current(n),
        }
    }
}

impl From<RSeekFrom> for SeekFrom {
    fn from(s: RSeekFrom) -> Self {
        match s {
            RSeekFrom::Start(n) => SeekFrom::Start(n),
            RSeekFrom::End(n) => SeekFrom::End(n),
            RSeekFrom::Current(n) => SeekFrom::Current(n),
        }
    }
}

pub type ReadFn = unsafe extern "C" fn(RMut<'_, ErasedObject>, RSliceMut<'_, u8>) -> RResult<usize, RIoError>;
pub type ReadExactFn = unsafe extern "C" fn(RMut<'_, ErasedObject>, RSliceMut<'_, u8>) -> RResult<(), RIoError>;
pub type WriteFn = unsafe extern "C" fn(RMut<'_, ErasedObject>, RSlice<'_, u8>) -> RResult<usize, RIoError>;
pub type WriteAllFn = unsafe extern "C" fn(RMut<'_, ErasedObject>, RSlice<'_, u8>) -> RResult<(), RIoError>;
pub type FlushFn = unsafe extern "C" fn(RMut<'_, ErasedObject>) -> RResult<(), RIoError>;
pub type FillBufFn = for<'a> unsafe extern "C" fn(RMut<'a, ErasedObject>) -> RResult<RSlice<'a, u8>, RIoError>;
pub type ConsumeFn = unsafe extern "C" fn(RMut<'_, ErasedObject>, usize);
pub type SeekFn = unsafe extern "C" fn(RMut<'_, ErasedObject>, RSeekFrom) -> RResult<u64, RIoError>;
pub type WriteStrFn = unsafe extern "C" fn(RMut<'_, ErasedObject>, RStr<'_>) -> RResult<(), ()>;

/// # Safety (of every slot) `this` is the erased `T` of a DynTrait made with this `T`'s vtable.
unsafe fn object<'a, T>(this: RMut<'a, ErasedObject>) -> &'a mut T {
    // SAFETY: as above.
    unsafe { this.cast::<T>().get_mut() }
}

fn rresult<T, U: From<T>>(r: io::Result<T>) -> RResult<U, RIoError> {
    match r {
        Ok(v) => ROk(v.into()),
        Err(e) => RErr(e.into()),
    }
}

unsafe extern "C" fn read<T: Read>(this: RMut<'_, ErasedObject>, mut buf: RSliceMut<'_, u8>) -> RResult<usize, RIoError> {
    // SAFETY: see `object`.
    guard(|| rresult(unsafe { object::<T>(this) }.read(buf.as_mut_slice())))
}
unsafe extern "C" fn read_exact<T: Read>(this: RMut<'_, ErasedObject>, mut buf: RSliceMut<'_, u8>) -> RResult<(), RIoError> {
    // SAFETY: see `object`.
    guard(|| rresult(unsafe { object::<T>(this) }.read_exact(buf.as_mut_slice())))
}
unsafe extern "C" fn write<T: Write>(this: RMut<'_, ErasedObject>, buf: RSlice<'_, u8>) -> RResult<usize, RIoError> {
    // SAFETY: see `object`.
    guard(|| rresult(unsafe { object::<T>(this) }.write(buf.as_slice())))
}
unsafe extern "C" fn write_all<T: Write>(this: RMut<'_, ErasedObject>, buf: RSlice<'_, u8>) -> RResult<(), RIoError> {
    // SAFETY: see `object`.
    guard(|| rresult(unsafe { object::<T>(this) }.write_all(buf.as_slice())))
}
unsafe extern "C" fn flush<T: Write>(this: RMut<'_, ErasedObject>) -> RResult<(), RIoError> {
    // SAFETY: see `object`.
    guard(|| rresult(unsafe { object::<T>(this) }.flush()))
}
unsafe extern "C" fn fill_buf<'a, T: BufRead>(this: RMut<'a, ErasedObject>) -> RResult<RSlice<'a, u8>, RIoError> {
    let obj = this.as_ptr().cast::<T>();
    guard(|| {
        // SAFETY: see `object` (through a raw pointer: `T` need not outlive 'a, as in abi_stable).
        match unsafe { (*obj).fill_buf() } {
            // SAFETY: the bytes are the object's, borrowed for as long as the caller's loan ('a).
            Ok(s) => ROk(unsafe { RSlice::from_raw_parts(s.as_ptr(), s.len()) }),
            Err(e) => RErr(e.into()),
        }
    })
}
unsafe extern "C" fn consume<T: BufRead>(this: RMut<'_, ErasedObject>, amount: usize) {
    // SAFETY: see `object`.
    guard(|| unsafe { object::<T>(this) }.consume(amount))
}
unsafe extern "C" fn seek<T: Seek>(this: RMut<'_, ErasedObject>, from: RSeekFrom) -> RResult<u64, RIoError> {
    // SAFETY: see `object`.
    guard(|| rresult(unsafe { object::<T>(this) }.seek(from.into())))
}
unsafe extern "C" fn write_str<T: fmt::Write>(this: RMut<'_, ErasedObject>, s: RStr<'_>) -> RResult<(), ()> {
    // SAFETY: see `object`.
    guard(|| match unsafe { object::<T>(this) }.write_str(s.as_str()) {
        Ok(()) => ROk(()),
        Err(fmt::Error) => RErr(()),
    })
}

/// Field bits of the io entries: fmt_write_str (14), io_write (15), io_read (16), io_bufread (17), io_seek (18).
pub const FMT_WRITE_BIT: u64 = 1 << 14;
pub const IO_WRITE_BIT: u64 = 1 << 15;
pub const IO_READ_BIT: u64 = 1 << 16;
pub const IO_BUFREAD_BIT: u64 = 1 << 17;
pub const IO_SEEK_BIT: u64 = 1 << 18;
/// Read, Write, BufRead and Seek (with type_info, _marker, drop_ptr).
pub const CURSOR_BITS: u64 = 0b111 | IO_WRITE_BIT | IO_READ_BIT | IO_BUFREAD_BIT | IO_SEEK_BIT;

type IoVTable = DynVTable<RBox<()>, ()>;
crate::declare_prefix_layout!(IO_VTABLE_LAYOUT = "VTable");

macro_rules! opaque {
    ($f:expr, $ty:ty) => {
        // SAFETY: an `extern "C"` fn pointer erased to another fn pointer type; the DynTrait impls
        // below call it only through its real signature `$ty`.
        unsafe { std::mem::transmute::<$ty, OpaqueFn>($f) }
    };
}

/// Vtables of a value `T` boxed in a DynTrait with io traits or fmt::Write (and Display).
pub struct MakeIoVTable<T>(PhantomData<T>);

impl<T> MakeIoVTable<T> {
    const INFO: TypeInfo = OpaqueTypeInfo::<T>::INFO;

    const fn empty(bits: u64) -> WithMetadata<IoVTable> {
        WithMetadata {
            field_accessibility: bits,
            type_layout: IO_VTABLE_LAYOUT,
            value: DynVTable {
                type_info: &Self::INFO,
                _marker: PhantomData,
                drop_ptr: drop_box_ptr::<T>,
                clone_ptr: None,
                default_ptr: None,
                display: None,
                debug: None,
                serialize: None,
                partial_eq: None,
                cmp: None,
                partial_cmp: None,
                hash: None,
                iter: RNone,
                back_iter: RNone,
                fmt_write_str: None,
                io_write: RNone,
                io_read: RNone,
                io_bufread: RNone,
                io_seek: None,
            },
        }
    }
}

impl<T: Read + Write + BufRead + Seek> MakeIoVTable<T> {
    /// The vtable with the io entries `bits` asks for (CURSOR_BITS, or fewer).
    pub const fn io(bits: u64) -> WithMetadata<IoVTable> {
        let mut wm = Self::empty(bits);
        if bits & IO_WRITE_BIT != 0 {
            wm.value.io_write = RSome(IoWriteFns([opaque!(write::<T>, WriteFn), opaque!(write_all::<T>, WriteAllFn), opaque!(flush::<T>, FlushFn)]));
        }
        if bits & IO_READ_BIT != 0 {
            wm.value.io_read = RSome(IoReadFns([opaque!(read::<T>, ReadFn), opaque!(read_exact::<T>, ReadExactFn)]));
        }
        if bits & IO_BUFREAD_BIT != 0 {
            wm.value.io_bufread = RSome(IoBufReadFns([opaque!(fill_buf::<T>, FillBufFn), opaque!(consume::<T>, ConsumeFn)]));
        }
        if bits & IO_SEEK_BIT != 0 {
            wm.value.io_seek = Some(opaque!(seek::<T>, SeekFn));
        }
        wm
    }
}

impl<T: fmt::Write + Display> MakeIoVTable<T> {
    /// fmt::Write and Display (bits 14 and 5).
    pub const fn fmt_write() -> WithMetadata<IoVTable> {
        let mut wm = Self::empty(0b111 | FMT_WRITE_BIT | 1 << 5);
        wm.value.fmt_write_str = Some(write_str::<T>);
        wm.value.display = Some(display::<T>);
        wm
    }
}

// ---- the slots called through a DynTrait --------------------------------------------------------

fn missing(what: &str) -> io::Error {
    io::Error::new(ErrorKind::Other, format!("this DynTrait's vtable has no {what}"))
}

impl<'borr, P: DynPointer, I: IteratorInterface<'borr>> DynTrait<'borr, P, I> {
    fn io_object(&mut self) -> RMut<'_, ErasedObject> {
        // SAFETY: `&mut self` over an owning pointer or a mutable loan: exclusive access.
        unsafe { RMut::from_raw(self.erased_ptr() as *mut ErasedObject) }
    }

    fn io_block<F: Copy>(&self, bit: u32, field: impl FnOnce(*const DynVTable<P, I::Item>) -> ROption<F>) -> Option<F> {
        let vtable = self.prefix();
        if vtable.field_accessibility() & 1 << bit == 0 {
            return None;
        }
        field(vtable.value_ptr()).into_option()
    }

    fn read_fns(&self) -> io::Result<[OpaqueFn; 2]> {
        // SAFETY: bit 16 is set, so the field exists; it is Copy.
        self.io_block(16, |v| unsafe { addr_of!((*v).io_read).read() }).map(|f| f.0).ok_or_else(|| missing("io::Read"))
    }
    fn write_fns(&self) -> io::Result<[OpaqueFn; 3]> {
        // SAFETY: bit 15 is set, so the field exists; it is Copy.
        self.io_block(15, |v| unsafe { addr_of!((*v).io_write).read() }).map(|f| f.0).ok_or_else(|| missing("io::Write"))
    }
    fn bufread_fns(&self) -> io::Result<[OpaqueFn; 2]> {
        // SAFETY: bit 17 is set, so the field exists; it is Copy.
        self.io_block(17, |v| unsafe { addr_of!((*v).io_bufread).read() }).map(|f| f.0).ok_or_else(|| missing("io::BufRead"))
    }
}

fn io_result<T>(r: RResult<T, RIoError>) -> io::Result<T> {
    r.into_result().map_err(io::Error::from)
}

/// `std::io` and `fmt::Write` for a DynTrait over `$p`, through the vtable's slots.
macro_rules! impl_io {
    ($($p:ty),*) => {$(
        impl<'borr, I: IteratorInterface<'borr>> Read for DynTrait<'borr, $p, I> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let f = self.read_fns()?;
                // SAFETY: the block's first function is `read` of this object.
                io_result(unsafe { std::mem::transmute::<OpaqueFn, ReadFn>(f[0])(self.io_object(), RSliceMut::from_mut_slice(buf)) })
            }
            fn read_exact(&mut self, buf: &mut [u8]) -> io::Result<()> {
                let f = self.read_fns()?;
                // SAFETY: the block's second function is `read_exact` of this object.
                io_result(unsafe { std::mem::transmute::<OpaqueFn, ReadExactFn>(f[1])(self.io_object(), RSliceMut::from_mut_slice(buf)) })
            }
        }

        impl<'borr, I: IteratorInterface<'borr>> Write for DynTrait<'borr, $p, I> {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                let f = self.write_fns()?;
                // SAFETY: the block's functions are `write`, `write_all`, `flush` of this object.
                io_result(unsafe { std::mem::transmute::<OpaqueFn, WriteFn>(f[0])(self.io_object(), RSlice::from_slice(buf)) })
            }
            fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
                let f = self.write_fns()?;
                // SAFETY: as in `write`.
                io_result(unsafe { std::mem::transmute::<OpaqueFn, WriteAllFn>(f[1])(self.io_object(), RSlice::from_slice(buf)) })
            }
            fn flush(&mut self) -> io::Result<()> {
                let f = self.write_fns()?;
                // SAFETY: as in `write`.
                io_result(unsafe { std::mem::transmute::<OpaqueFn, FlushFn>(f[2])(self.io_object()) })
            }
        }

        impl<'borr, I: IteratorInterface<'borr>> BufRead for DynTrait<'borr, $p, I> {
            fn fill_buf(&mut self) -> io::Result<&[u8]> {
                let f = self.bufread_fns()?;
                // SAFETY: the block's functions are `fill_buf`, `consume` of this object; the slice
                // borrows the object for as long as `self` is borrowed.
                let r = unsafe { std::mem::transmute::<OpaqueFn, FillBufFn>(f[0])(self.io_object()) };
                io_result(r).map(|s| s.as_slice())
            }
            fn consume(&mut self, amount: usize) {
                if let Ok(f) = self.bufread_fns() {
                    // SAFETY: as in `fill_buf`.
                    unsafe { std::mem::transmute::<OpaqueFn, ConsumeFn>(f[1])(self.io_object(), amount) }
                }
            }
        }

        impl<'borr, I: IteratorInterface<'borr>> Seek for DynTrait<'borr, $p, I> {
            fn seek(&mut self, from: SeekFrom) -> io::Result<u64> {
                let seek = self.io_block(18, |v| {
                    // SAFETY: bit 18 is set, so the field exists.
                    match unsafe { addr_of!((*v).io_seek).read() } { Some(f) => RSome(f), None => RNone }
                }).ok_or_else(|| missing("io::Seek"))?;
                // SAFETY: `io_seek` of this object, called through its signature.
                io_result(unsafe { std::mem::transmute::<OpaqueFn, SeekFn>(seek)(self.io_object(), from.into()) })
            }
        }

        impl<'borr, I: IteratorInterface<'borr>> fmt::Write for DynTrait<'borr, $p, I> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                let f = self.io_block(14, |v| {
                    // SAFETY: bit 14 is set, so the field exists.
                    match unsafe { addr_of!((*v).fmt_write_str).read() } { Some(f) => RSome(f), None => RNone }
                }).ok_or(fmt::Error)?;
                // SAFETY: `fmt_write_str` of this object.
                match unsafe { f(self.io_object(), RStr::from_str(s)) } {
                    ROk(()) => Ok(()),
                    RErr(()) => Err(fmt::Error),
                }
            }
        }
    )*};
}

impl_io!(RBox<()>, RMut<'_, ()>);

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<RIoErrorKind>() == 1);
    assert!(size_of::<RIoError>() == 40 && offset_of!(RIoError, error) == 8);
    assert!(size_of::<RSeekFrom>() == 16);
    assert!(size_of::<RResult<usize, RIoError>>() == 48);
};

#[cfg(test)]
mod tests {
    use super::*;

    struct Bytes;
    impl IteratorInterface<'_> for Bytes {
        type Item = ();
    }

    #[test]
    fn a_cursor_through_the_vtable() {
        static VT: WithMetadata<IoVTable> = MakeIoVTable::<io::Cursor<Vec<u8>>>::io(CURSOR_BITS);
        // SAFETY: VT is a MakeIoVTable vtable for the cursor; statics live forever.
        let mut d = unsafe {
            DynTrait::<'_, RBox<()>, Bytes>::from_value_with(io::Cursor::new(b"abcdef".to_vec()), super::super::dyn_vtable::DynVTable_Ref(crate::prefix::PrefixRef::from_raw(&VT)))
        };
        let mut buf = [0u8; 2];
        d.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"ab");
        assert_eq!(d.seek(SeekFrom::End(-1)).unwrap(), 5);
        assert_eq!(d.fill_buf().unwrap(), b"f");
        d.consume(1);
        let e = d.read_exact(&mut buf).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnexpectedEof);
        d.write_all(b"gh").unwrap();
        assert_eq!(d.seek(SeekFrom::Current(-10)).unwrap_err().kind(), ErrorKind::InvalidInput);
        let inner: RIoError = io::Error::new(ErrorKind::NotFound, "gone").into();
        assert_eq!(inner.kind.value, 1);
        assert_eq!(inner.to_string(), "gone");
        assert_eq!(io::Error::from(inner).to_string(), "gone");
    }
}
