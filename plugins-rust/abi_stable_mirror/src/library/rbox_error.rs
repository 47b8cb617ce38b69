//! `RBoxError` (reference 1.13): a boxed error `{ value: RBox<ErasedObject>, vtable }` whose
//! `RErrorVTable` is `{ debug, display, as_debug_display, #[last_prefix_field] type_id }`
//! (bits `0xF`). Root-module constructors return it; a host reads the text through
//! `as_debug_display` (or `display`) and drops the value through its box vtable.
//!
//! Like abi_stable's `RBoxError::from_fmt` (what `to_formatted_error` produces), the error keeps
//! its Debug and Display texts, so `as_debug_display` always answers `RSome`.

use std::fmt::{self, Debug, Display};

use crate::guard::guard;
use crate::marker::ErasedObject;
use crate::prefix::{PrefixRef, WithMetadata};
use crate::std_types::{RBox, RErr, RNone, ROk, ROption, RResult, RSome, RStr, RString};
use crate::utypeid::{new_utypeid, UTypeId};

/// abi_stable's `FormattingMode`: `Default_` = 0, `Alternate` = 1.
pub type FormattingMode = u8;

/// The two texts `as_debug_display` lends out.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct DebugDisplayRef<'a> {
    pub debug: RStr<'a>,
    pub display: RStr<'a>,
}

#[repr(C)]
pub struct RErrorVTable {
    pub debug: unsafe extern "C" fn(*const ErasedObject, FormattingMode, *mut RString) -> RResult<(), ()>,
    pub display: unsafe extern "C" fn(*const ErasedObject, FormattingMode, *mut RString) -> RResult<(), ()>,
    pub as_debug_display: unsafe extern "C" fn(*const ErasedObject) -> ROption<DebugDisplayRef<'static>>,
    pub type_id: extern "C" fn() -> UTypeId,
}

crate::declare_prefix_layout!(RERROR_VTABLE_LAYOUT = "RErrorVTable");

static RERROR_VTABLE: WithMetadata<RErrorVTable> = WithMetadata {
    field_accessibility: 0b1111,
    type_layout: RERROR_VTABLE_LAYOUT,
    value: RErrorVTable { debug, display, as_debug_display, type_id: new_utypeid::<RBoxError> },
};

/// What the box holds.
struct ErrorText {
    debug: String,
    display: String,
}

#[repr(C)]
pub struct RBoxError {
    value: RBox<ErasedObject>,
    vtable: PrefixRef<RErrorVTable>,
}

// SAFETY: the texts are immutable owned Strings; the vtable is static.
unsafe impl Send for RBoxError {}
// SAFETY: as above.
unsafe impl Sync for RBoxError {}

impl RBoxError {
    /// An error keeping `value`'s Debug and Display texts (abi_stable's `RBoxError::from_fmt`).
    pub fn from_fmt<T: Debug + Display + ?Sized>(value: &T) -> Self {
        Self::from_texts(format!("{value:?}"), value.to_string())
    }

    /// An error whose Display text is `message` (its Debug text is the quoted message).
    pub fn new(message: impl Into<String>) -> Self {
        let display = message.into();
        Self::from_texts(format!("{display:?}"), display)
    }

    fn from_texts(debug: String, display: String) -> Self {
        let boxed = RBox::new(ErrorText { debug, display });
        Self {
            // SAFETY: the erased box keeps ErrorText's vtable, which drops an ErrorText; the
            // functions below cast the data pointer back to ErrorText.
            value: unsafe { boxed.transmute_element::<ErasedObject>() },
            // SAFETY: a static header that lives forever, all four fields present.
            vtable: unsafe { PrefixRef::from_raw(&RERROR_VTABLE) },
        }
    }

    /// Formats through the error's own vtable: an error made by another library (the host, another
    /// plugin) holds data only its vtable understands.
    fn format_with(&self, slot: unsafe extern "C" fn(*const ErasedObject, FormattingMode, *mut RString) -> RResult<(), ()>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = RString::new();
        // SAFETY: the vtable's slots take this error's data pointer and a valid RString.
        match unsafe { slot(self.value.as_ptr(), u8::from(f.alternate()), &mut out) } {
            ROk(()) => f.write_str(out.as_str()),
            RErr(()) => Err(fmt::Error),
        }
    }

    /// Both texts when the error lends them (`as_debug_display`, through its own vtable).
    pub fn debug_display(&self) -> Option<DebugDisplayRef<'_>> {
        // SAFETY: the slot takes this error's data pointer; the texts live as long as the error.
        match unsafe { (self.vtable().as_debug_display)(self.value.as_ptr()) } {
            RSome(texts) => Some(texts),
            RNone => None,
        }
    }

    fn vtable(&self) -> &RErrorVTable {
        // SAFETY: every RBoxError has the four fields (bits 0xF), checked by whoever made it.
        unsafe { &*self.vtable.value_ptr() }
    }
}

impl Display for RBoxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.format_with(self.vtable().display, f)
    }
}

impl Debug for RBoxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.format_with(self.vtable().debug, f)
    }
}

/// # Safety
/// `err` must be the data pointer of an RBoxError made by this crate.
unsafe fn text_of<'a>(err: *const ErasedObject) -> &'a ErrorText {
    // SAFETY: forwarded to the caller.
    unsafe { &*(err as *const ErrorText) }
}

/// Appends to `out` through its own vtable, so a host-made RString grows in the host.
unsafe extern "C" fn debug(err: *const ErasedObject, _mode: FormattingMode, out: *mut RString) -> RResult<(), ()> {
    // SAFETY: abi_stable's contract: `err` is this error's data, `out` a valid RString.
    guard(|| unsafe {
        (*out).push_str(&text_of(err).debug);
        ROk(())
    })
}
unsafe extern "C" fn display(err: *const ErasedObject, _mode: FormattingMode, out: *mut RString) -> RResult<(), ()> {
    // SAFETY: as in `debug`.
    guard(|| unsafe {
        if out.is_null() {
            return RErr(());
        }
        (*out).push_str(&text_of(err).display);
        ROk(())
    })
}
unsafe extern "C" fn as_debug_display(err: *const ErasedObject) -> ROption<DebugDisplayRef<'static>> {
    guard(|| {
        if err.is_null() {
            return RNone;
        }
        // SAFETY: as in `debug`; the texts live as long as the error, which the caller holds.
        let text = unsafe { text_of(err) };
        RSome(DebugDisplayRef { debug: RStr::from_str(&text.debug), display: RStr::from_str(&text.display) })
    })
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<RBoxError>() == 24);
    assert!(offset_of!(RBoxError, vtable) == 16);
    assert!(size_of::<ROption<DebugDisplayRef<'static>>>() == 40);
    assert!(size_of::<RResult<(), ()>>() == 1);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_through_the_vtable() {
        let e = RBoxError::from_fmt(&"bad config");
        // SAFETY: reading the static header of a value this test made.
        let vt = unsafe { &*e.vtable.value_ptr() };
        // SAFETY: the data pointer of `e`.
        match unsafe { (vt.as_debug_display)(e.value.as_ptr()) } {
            RSome(t) => {
                assert_eq!(t.display.as_str(), "bad config");
                assert_eq!(t.debug.as_str(), "\"bad config\"");
            }
            RNone => panic!("expected RSome"),
        }
        let mut out = RString::from("error: ");
        // SAFETY: as above, with a valid RString.
        assert!(unsafe { (vt.display)(e.value.as_ptr(), 0, &mut out) }.is_ok());
        assert_eq!(out.as_str(), "error: bad config");
    }
}
