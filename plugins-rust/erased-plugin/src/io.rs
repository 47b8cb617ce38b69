//! The io traits of DynTrait: Cursor, std's `Cursor<Vec<u8>>` with a write limit behind
//! `DynTrait<RBox<()>, CursorInterface>` (Read, Write, Seek, BufRead; a write past the limit fails
//! with an RIoError carrying a message), Builder, a String behind
//! `DynTrait<RBox<()>, BuilderInterface>` (fmt::Write, Display; NUL characters are a fmt::Error),
//! and functions using the readers and writers they are given (JS-made ones in the tests) through
//! `std::io` on the DynTrait, passing their errors back. The C plugin's io.c exports the same.

use std::fmt::{self, Write as _};
use std::io::{self, BufRead, ErrorKind, Read, Seek, SeekFrom, Write};

use abi_stable_mirror::erased::dyn_io::{CURSOR_BITS, IO_READ_BIT};
use abi_stable_mirror::erased::dyn_vtable::{DynVTable, DynVTable_Ref};
use abi_stable_mirror::erased::{IteratorInterface, MakeIoVTable, RIoError};
use abi_stable_mirror::prefix::{PrefixRef, WithMetadata};
use abi_stable_mirror::sabi_types::RRef;
use abi_stable_mirror::{DynTrait, RBox, RErr, ROk, RResult, RStr, RString};

use crate::{born, died};

/// An interface of the io functions (no iterator items).
macro_rules! interfaces {
    ($($name:ident),*) => {$(
        pub struct $name;
        impl IteratorInterface<'_> for $name {
            type Item = ();
        }
    )*};
}
interfaces!(CursorInterface, BuilderInterface, ReaderInterface, BufReaderInterface, WriterInterface, SeekInterface, FmtWriteInterface);

pub type CursorBox = DynTrait<'static, RBox<()>, CursorInterface>;
type Boxed<I> = DynTrait<'static, RBox<()>, I>;

pub struct Cursor {
    inner: io::Cursor<Vec<u8>>,
    limit: usize,
}

impl Cursor {
    fn new(initial: &str, limit: usize) -> Self {
        born();
        Cursor { inner: io::Cursor::new(initial.as_bytes().to_vec()), limit }
    }
}
impl Drop for Cursor {
    fn drop(&mut self) {
        died();
    }
}
impl Read for Cursor {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
    fn read_exact(&mut self, buf: &mut [u8]) -> io::Result<()> {
        self.inner.read_exact(buf)
    }
}
impl Write for Cursor {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.inner.position() as usize + buf.len() > self.limit {
            return Err(io::Error::new(ErrorKind::InvalidInput, format!("cursor limit of {} bytes reached", self.limit)));
        }
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
impl Seek for Cursor {
    fn seek(&mut self, from: SeekFrom) -> io::Result<u64> {
        self.inner.seek(from)
    }
}
impl BufRead for Cursor {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount)
    }
}

type IoVTable = WithMetadata<DynVTable<RBox<()>, ()>>;
static CURSOR_VTABLE: IoVTable = MakeIoVTable::<Cursor>::io(CURSOR_BITS);
static READ_ONLY_VTABLE: IoVTable = MakeIoVTable::<Cursor>::io(0b111 | IO_READ_BIT);

fn boxed<I: for<'a> IteratorInterface<'a, Item = ()>, T: 'static>(value: T, vtable: &'static IoVTable) -> Boxed<I> {
    // SAFETY: each vtable passed here is the MakeIoVTable of the value's type; statics live forever.
    unsafe { Boxed::<I>::from_value_with(value, DynVTable_Ref(PrefixRef::from_raw(vtable))) }
}

#[no_mangle]
pub extern "C" fn er_cursor_new(initial: RStr<'_>, limit: usize) -> CursorBox {
    boxed(Cursor::new(initial.as_str(), limit), &CURSOR_VTABLE)
}

/// The same cursor with only Read in its vtable.
#[no_mangle]
pub extern "C" fn er_cursor_read_only(initial: RStr<'_>) -> CursorBox {
    boxed(Cursor::new(initial.as_str(), 0), &READ_ONLY_VTABLE)
}

/// Lent (RRef): the cursor's bytes.
#[no_mangle]
pub extern "C" fn er_cursor_contents(d: DynTrait<'_, RRef<'_, ()>, CursorInterface>) -> RString {
    // SAFETY: every CursorInterface DynTrait reaching here holds a Cursor of this plugin.
    let cursor = unsafe { &*(d.erased_ptr() as *const Cursor) };
    RString::from(String::from_utf8_lossy(cursor.inner.get_ref()).as_ref())
}

pub struct Builder(String);
impl Drop for Builder {
    fn drop(&mut self) {
        died();
    }
}
impl fmt::Write for Builder {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.contains('\0') {
            return Err(fmt::Error);
        }
        self.0.push_str(s);
        Ok(())
    }
}
impl fmt::Display for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

static BUILDER_VTABLE: IoVTable = MakeIoVTable::<Builder>::fmt_write();

#[no_mangle]
pub extern "C" fn er_builder_new() -> Boxed<BuilderInterface> {
    born();
    boxed(Builder(String::new()), &BUILDER_VTABLE)
}

fn text(bytes: Vec<u8>) -> RString {
    RString::from(String::from_utf8_lossy(&bytes).as_ref())
}

fn rresult<T>(r: io::Result<T>) -> RResult<T, RIoError> {
    match r {
        Ok(v) => ROk(v),
        Err(e) => RErr(e.into()),
    }
}

/// read_exact(head bytes), then read() 5 bytes at a time to the end; the reader is dropped.
#[no_mangle]
pub extern "C" fn er_io_read_all(mut reader: Boxed<ReaderInterface>, head: usize) -> RResult<RString, RIoError> {
    rresult((|| {
        let mut out = vec![0u8; head.min(64)];
        reader.read_exact(&mut out)?;
        let mut chunk = [0u8; 5];
        loop {
            let n = reader.read(&mut chunk)?;
            if n == 0 {
                return Ok(text(out));
            }
            out.extend_from_slice(&chunk[..n]);
        }
    })())
}

/// Everything through fill_buf and consume (at most 4 bytes each).
#[no_mangle]
pub extern "C" fn er_io_buf_copy(mut reader: Boxed<BufReaderInterface>) -> RResult<RString, RIoError> {
    rresult((|| {
        let mut out = Vec::new();
        loop {
            let available = reader.fill_buf()?;
            if available.is_empty() {
                return Ok(text(out));
            }
            let k = available.len().min(4);
            out.extend_from_slice(&available[..k]);
            reader.consume(k);
        }
    })())
}

/// write(msg) once, write_all(the rest), flush: the bytes written.
#[no_mangle]
pub extern "C" fn er_io_write_message(mut writer: Boxed<WriterInterface>, msg: RStr<'_>) -> RResult<usize, RIoError> {
    let bytes = msg.as_bytes();
    rresult((|| {
        let n = writer.write(bytes)?;
        writer.write_all(&bytes[n..])?;
        writer.flush()?;
        Ok(bytes.len())
    })())
}

/// The same, the plugin reporting the error itself: "wrote N" or "error <kind>: <Display>".
#[no_mangle]
pub extern "C" fn er_io_try_write(writer: Boxed<WriterInterface>, msg: RStr<'_>) -> RString {
    let out = match er_io_write_message(writer, msg) {
        ROk(n) => format!("wrote {n}"),
        RErr(e) => format!("error {}: {e}", e.kind.value),
    };
    RString::from(out.as_str())
}

/// "<pos>:<bytes>" after seeking End(-3) and reading 3, Start(1) and reading 2, Current(-1) and reading 1.
#[no_mangle]
pub extern "C" fn er_io_seek_read(mut d: Boxed<SeekInterface>) -> RResult<RString, RIoError> {
    rresult((|| {
        let mut out = Vec::new();
        for (from, n) in [(SeekFrom::End(-3), 3), (SeekFrom::Start(1), 2), (SeekFrom::Current(-1), 1)] {
            let at = d.seek(from)?;
            let mut buf = vec![0u8; n];
            d.read_exact(&mut buf)?;
            out.push(format!("{at}:{}", String::from_utf8_lossy(&buf)));
        }
        Ok(RString::from(out.join(" ").as_str()))
    })())
}

/// Writes "hello, <name>!" in three pieces; false at the first fmt::Error.
#[no_mangle]
pub extern "C" fn er_fmt_greet(mut w: Boxed<FmtWriteInterface>, name: RStr<'_>) -> bool {
    ["hello, ", name.as_str(), "!"].iter().all(|part| w.write_str(part).is_ok())
}

struct SendReader(Boxed<ReaderInterface>);
// SAFETY: the interface declares Send; a host-made reader refuses calls from threads it cannot serve.
unsafe impl Send for SendReader {}

/// One read() of 4 bytes on a thread of the plugin's own, which then drops the reader.
#[no_mangle]
pub extern "C" fn er_io_read_on_thread(reader: Boxed<ReaderInterface>) -> RResult<usize, RIoError> {
    let reader = SendReader(reader);
    std::thread::spawn(move || {
        let mut reader = reader;
        rresult(reader.0.read(&mut [0u8; 4]))
    })
    .join()
    .expect("the reading thread panicked")
}
