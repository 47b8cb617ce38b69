//! `RBoxError` (reference 1.13): a boxed error `{ value: RBox<ErasedObject>, vtable }` whose
//! `RErrorVTable` is `{ debug, display, as_debug_display, #[last_prefix_field] type_id }`
//! (bits `0xF`). Root-module constructors return it; a host reads the text through
//! `as_debug_display` (or `display`) and drops the value through its box vtable.
//!
//! Like abi_stable's `RBoxError::from_fmt` (what `to_formatted_error` produces), the error keeps
//! its Debug and Display texts, so `as_debug_display` always answers `RSome`.
//!
//! As in abi_stable (reference 11.E), the type is `RBoxError_<M>`: `RBoxError` = `RBoxError_<SyncSend>`,
//! `SendRBoxError` = `RBoxError_<UnsyncSend>`, `UnsyncRBoxError` = `RBoxError_<UnsyncUnsend>`. The three
//! have the same bytes and vtable; the marker is a `PhantomData<M>` field its TypeLayout records
//! (`stable_abi/impls/rbox_error.rs`), so a signature names which of the three it means.

use std::cell::Cell;
use std::fmt::{self, Debug, Display};
use std::marker::PhantomData;
use std::rc::Rc;

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

/// abi_stable's `RErrorVTable_Ref`: the reference to the error's vtable (a transparent `PrefixRef`).
#[allow(non_camel_case_types)]
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct RErrorVTable_Ref(pub PrefixRef<RErrorVTable>);

/// abi_stable's `marker_type::SyncSend`: the error may be sent to and shared with other threads.
#[repr(C)]
pub struct SyncSend;

/// abi_stable's `marker_type::UnsyncSend`: the error may be sent, not shared.
#[repr(C)]
pub struct UnsyncSend {
    _marker: UnsafeIgnoredType<Cell<()>>,
}

/// abi_stable's `marker_type::UnsyncUnsend`: the error stays on its thread.
#[repr(C)]
pub struct UnsyncUnsend {
    _marker: UnsafeIgnoredType<Rc<()>>,
}

/// abi_stable's `marker_type::UnsafeIgnoredType<T>`: zero-sized; its layout ignores `T`.
#[repr(C)]
pub struct UnsafeIgnoredType<T: ?Sized> {
    pub _inner: PhantomData<T>,
}

/// What the box holds.
struct ErrorText {
    debug: String,
    display: String,
}

/// abi_stable's `RBoxError_<M>`: `{ value: RBox<ErasedObject>, vtable: RErrorVTable_Ref, _sync_send: PhantomData<M> }`.
#[repr(C)]
pub struct RBoxError_<M = SyncSend> {
    value: RBox<ErasedObject>,
    vtable: RErrorVTable_Ref,
    _sync_send: PhantomData<M>,
}

/// `Box<dyn Error + Send + Sync>`.
pub type RBoxError = RBoxError_<SyncSend>;
/// `Box<dyn Error + Send>`.
pub type SendRBoxError = RBoxError_<UnsyncSend>;
/// `Box<dyn Error>`.
pub type UnsyncRBoxError = RBoxError_<UnsyncUnsend>;

// SAFETY: errors this crate makes hold immutable owned Strings and a static vtable; an error made
// elsewhere is `SyncSend` only if its maker promised it (abi_stable's rule).
unsafe impl Send for RBoxError_<SyncSend> {}
// SAFETY: as above.
unsafe impl Sync for RBoxError_<SyncSend> {}
// SAFETY: `UnsyncSend` errors may be moved to another thread (not shared).
unsafe impl Send for RBoxError_<UnsyncSend> {}

impl<M> RBoxError_<M> {
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
            vtable: RErrorVTable_Ref(unsafe { PrefixRef::from_raw(&RERROR_VTABLE) }),
            _sync_send: PhantomData,
        }
    }

    /// The same error, marked `!Send + !Sync` (abi_stable's `into_unsync`: the bytes do not change).
    pub fn into_unsync(self) -> UnsyncRBoxError {
        RBoxError_ { value: self.value, vtable: self.vtable, _sync_send: PhantomData }
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
        unsafe { &*self.vtable.0.value_ptr() }
    }
}

impl RBoxError_<SyncSend> {
    /// The same error, marked `Send + !Sync` (abi_stable's `into_send`).
    pub fn into_send(self) -> SendRBoxError {
        RBoxError_ { value: self.value, vtable: self.vtable, _sync_send: PhantomData }
    }
}

impl<M> Display for RBoxError_<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.format_with(self.vtable().display, f)
    }
}

impl<M> Debug for RBoxError_<M> {
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
    assert!(size_of::<SendRBoxError>() == 24);
    assert!(size_of::<UnsyncRBoxError>() == 24);
    assert!(offset_of!(RBoxError, vtable) == 16);
    assert!(size_of::<SyncSend>() == 0 && size_of::<UnsyncSend>() == 0 && size_of::<UnsyncUnsend>() == 0);
    assert!(size_of::<ROption<DebugDisplayRef<'static>>>() == 40);
    assert!(size_of::<RResult<(), ()>>() == 1);
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stable_abi::TypeLayout;

    #[test]
    fn texts_through_the_vtable() {
        let e = RBoxError::from_fmt(&"bad config");
        // SAFETY: reading the static header of a value this test made.
        let vt = unsafe { &*e.vtable.0.value_ptr() };
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

    /// A layout's (name, package;version, mod_path, kind, size, align, nonzero), read from its statics.
    fn head(l: &TypeLayout) -> (&'static str, &'static str, String, u8, usize, usize, bool) {
        let m = l.mono();
        // SAFETY: mod_path is a NUL-terminated static.
        let path = unsafe { std::ffi::CStr::from_ptr(m.mod_path as *const std::ffi::c_char) }.to_str().unwrap().to_owned();
        (m.name(), m.package_and_version.as_str(), path, m.data.tag, l.size, 1 << l.alignment_power_of_two, l.is_nonzero)
    }

    /// A struct's fields as (name, accessor, is_function, field type's layout).
    fn fields(l: &TypeLayout) -> Vec<(String, u8, bool, &'static TypeLayout)> {
        let m = l.mono();
        assert_eq!(m.data.tag, 2, "{} is a struct", m.name());
        // SAFETY: tag 2 (Struct): the payload is the CompTLFields.
        let f = unsafe { m.data.payload.fields };
        // SAFETY: comp_fields_len words at comp_fields (a dangling pointer when empty).
        let words = unsafe { std::slice::from_raw_parts(f.comp_fields, f.comp_fields_len as usize) };
        let sv = l.shared_vars();
        // SAFETY: type_layouts_len constructors.
        let types = unsafe { std::slice::from_raw_parts(sv.type_layouts, sv.type_layouts_len as usize) };
        words
            .iter()
            .map(|&w| {
                let (start, len) = ((w & 0xFFFF) as usize, ((w >> 16) & 0x3FF) as usize);
                let name = m.strings()[start..start + len].to_owned();
                (name, ((w >> 47) & 7) as u8, (w >> 60) & 1 == 1, types[((w >> 50) & 0x3FF) as usize]())
            })
            .collect()
    }

    /// `PhantomData<M>`'s generics.types[0]: the marker.
    fn phantom_arg(l: &TypeLayout) -> &'static TypeLayout {
        let m = l.mono();
        assert_eq!(m.name(), "PhantomData");
        let range = m.generics.types;
        assert_eq!(range >> 16, 1, "one type argument");
        // SAFETY: the range is inside type_layouts.
        unsafe { (*l.shared_vars().type_layouts.add((range & 0xFFFF) as usize))() }
    }

    #[test]
    fn layout_is_abi_stables_rbox_error() {
        use crate::stable_abi::StableAbi;
        let l = <RBoxError as StableAbi>::LAYOUT;
        // Reference 1.13 / 11.E: repr(C), 24 bytes, align 8, named RBoxError_ in std_types::std_error.
        assert_eq!(
            head(l),
            ("RBoxError_", "abi_stable;0.11.3", "abi_stable::std_types::std_error".to_owned(), 2, 24, 8, false)
        );
        assert_eq!(l.mono().repr_attr, crate::stable_abi::repr::C);
        // A derived generic type: no generic type arguments recorded (reference 5.3.6), no phantom fields.
        assert_eq!(l.mono().generics.types >> 16, 0);
        assert_eq!(l.mono().phantom_fields_len, 0);
        let fs = fields(l);
        let shape: Vec<(&str, u8, bool, &str)> = fs.iter().map(|(n, a, f, t)| (n.as_str(), *a, *f, t.mono().name())).collect();
        assert_eq!(shape, [("value", 4, false, "RBox"), ("vtable", 4, false, "RErrorVTable_Ref"), ("_sync_send", 4, false, "PhantomData")]);
        // value: RBox { data @0, vtable @8 } (16 bytes); vtable @16 (8 bytes); the marker is zero-sized.
        assert_eq!((fs[0].3.size, fs[1].3.size, fs[2].3.size), (16, 8, 0));
        assert_eq!(head(phantom_arg(fs[2].3)).0, "SyncSend");
    }

    #[test]
    fn the_marker_tells_the_three_apart() {
        use crate::stable_abi::StableAbi;
        let marker = |l: &'static TypeLayout| {
            let fs = fields(l);
            let m = phantom_arg(fs[2].3);
            let inner: Vec<(String, &str)> = fields(m).into_iter().map(|(n, _, _, t)| (n, t.mono().name())).collect();
            (head(l).0, head(l).4, head(m).0, head(m).2, inner, m.mono().mod_refl_mode[0])
        };
        let path = || "abi_stable::marker_type".to_owned();
        assert_eq!(marker(<RBoxError as StableAbi>::LAYOUT), ("RBoxError_", 24, "SyncSend", path(), vec![], 0));
        let ignored = || vec![("_marker".to_owned(), "UnsafeIgnoredType")];
        assert_eq!(marker(<SendRBoxError as StableAbi>::LAYOUT), ("RBoxError_", 24, "UnsyncSend", path(), ignored(), 1));
        assert_eq!(marker(<UnsyncRBoxError as StableAbi>::LAYOUT), ("RBoxError_", 24, "UnsyncUnsend", path(), ignored(), 1));
        // Each instantiation is its own layout (its own type_layouts), with its own type id.
        assert!(!std::ptr::eq(<RBoxError as StableAbi>::LAYOUT, <SendRBoxError as StableAbi>::LAYOUT));
        assert!((<RBoxError as StableAbi>::LAYOUT.type_id)() != (<UnsyncRBoxError as StableAbi>::LAYOUT.type_id)());
    }

    #[test]
    fn markers_change_nothing_but_the_type() {
        let e = RBoxError::from_fmt(&"moved").into_send().into_unsync();
        assert_eq!(e.to_string(), "moved");
        assert_eq!(format!("{e:?}"), "\"moved\"");
    }
}
