//! Text: a string behind `DynTrait<RBox<()>, TextInterface>` (Send, Sync, Clone, Display, Debug,
//! Serialize, Eq, Ord, Hash), and functions taking Texts back: by value, as RRef/RMut loans, as
//! `&mut DynTrait`, and in an RVec or ROption. `er_text_no_display` hands out one whose vtable
//! lacks the Display slot.

use std::fmt;

use abi_stable_mirror::erased::dyn_value::{MakeValueVTable, VALUE_BITS, DISPLAY_BIT};
use abi_stable_mirror::erased::{IteratorInterface, RawValueBox, SerializeJson};
use abi_stable_mirror::prefix::{PrefixRef, WithMetadata};
use abi_stable_mirror::erased::dyn_vtable::{DynVTable, DynVTable_Ref};
use abi_stable_mirror::sabi_types::{RMut, RRef};
use abi_stable_mirror::{DynTrait, RBox, RBoxError, RNone, ROption, RSome, RStr, RString, RVec};

use crate::{born, died};

/// The interface (abi_stable's `InterfaceType`); a value interface has no iterator items.
pub struct TextInterface;
impl IteratorInterface<'_> for TextInterface {
    type Item = ();
}

pub type TextBox = DynTrait<'static, RBox<()>, TextInterface>;
pub type TextRef<'a> = DynTrait<'a, RRef<'a, ()>, TextInterface>;
pub type TextMut<'a> = DynTrait<'a, RMut<'a, ()>, TextInterface>;

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(String);

impl Text {
    fn new(s: &str) -> Self {
        born();
        Text(s.to_owned())
    }
}

impl Clone for Text {
    fn clone(&self) -> Self {
        Text::new(&self.0)
    }
}

impl Drop for Text {
    fn drop(&mut self) {
        died();
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            write!(f, "<<{}>>", self.0)
        } else {
            f.write_str(&self.0)
        }
    }
}

impl SerializeJson for Text {
    fn to_json(&self) -> Result<RawValueBox, RBoxError> {
        if self.0.starts_with('!') {
            return Err(RBoxError::new("texts starting with ! are not serializable"));
        }
        Ok(RString::from(format!("{{\"text\":\"{}\"}}", self.0).as_str()))
    }
}

static NO_DISPLAY: WithMetadata<DynVTable<RBox<()>, ()>> = MakeValueVTable::<Text>::with_bits(VALUE_BITS & !DISPLAY_BIT);

/// The erased Text of a loan (abi_stable would downcast; only this plugin's Texts reach here).
fn text_of<'a, P: abi_stable_mirror::erased::DynPointer>(d: &'a DynTrait<'_, P, TextInterface>) -> &'a Text {
    // SAFETY: every TextInterface DynTrait holds a Text of this plugin.
    unsafe { &*(d.erased_ptr() as *const Text) }
}

#[no_mangle]
pub extern "C" fn er_text_new(s: RStr<'_>) -> TextBox {
    TextBox::from_value(Text::new(s.as_str()))
}

#[no_mangle]
pub extern "C" fn er_text_no_display(s: RStr<'_>) -> TextBox {
    // SAFETY: NO_DISPLAY is a MakeValueVTable::<Text> vtable; statics live forever.
    unsafe { TextBox::from_value_with(Text::new(s.as_str()), DynVTable_Ref(PrefixRef::from_raw(&NO_DISPLAY))) }
}

/// Takes a Text by value: its Display, then it is dropped through its own vtable.
#[no_mangle]
pub extern "C" fn er_text_take(d: TextBox) -> RString {
    RString::from(d.to_string().as_str())
}

#[no_mangle]
pub extern "C" fn er_text_len(d: TextRef<'_>) -> usize {
    text_of(&d).0.len()
}

#[no_mangle]
pub extern "C" fn er_text_push(d: TextMut<'_>, s: RStr<'_>) {
    // SAFETY: a loan of this plugin's Text, exclusive for the call.
    let text = unsafe { &mut *(d.erased_ptr() as *mut Text) };
    text.0.push_str(s.as_str());
}

/// `&mut DynTrait<RBox<()>>`: replaces the text with a copy of `with` (the old one is dropped).
#[no_mangle]
pub extern "C" fn er_text_replace(d: &mut TextBox, with: TextRef<'_>) {
    *d = TextBox::from_value(text_of(&with).clone());
}

#[no_mangle]
pub extern "C" fn er_texts(n: u32) -> RVec<TextBox> {
    (0..n).map(|i| TextBox::from_value(Text::new(&format!("t{i}")))).collect::<Vec<_>>().into()
}

#[no_mangle]
pub extern "C" fn er_text_maybe(s: RStr<'_>, some: bool) -> ROption<TextBox> {
    if some {
        RSome(er_text_new(s))
    } else {
        RNone
    }
}
