//! Functions that take DynTraits the host makes (a JS value's Display and Debug, a JS iterable as
//! an iterator of RStrings): by value (then dropped through the value's own vtable), lent as RMut,
//! and used from a thread of the plugin's own.

use abi_stable_mirror::erased::IteratorInterface;
use abi_stable_mirror::sabi_types::RMut;
use abi_stable_mirror::{DynTrait, RBox, RString};

use crate::words::WordsInterface;

/// Display + Debug (+ Send, Sync).
pub struct ShowInterface;
impl IteratorInterface<'_> for ShowInterface {
    type Item = ();
}
pub type ShowBox = DynTrait<'static, RBox<()>, ShowInterface>;
pub type WordsBox = DynTrait<'static, RBox<()>, WordsInterface>;
pub type WordsMut<'a> = DynTrait<'a, RMut<'a, ()>, WordsInterface>;

/// "display|debug", then the value is dropped.
#[no_mangle]
pub extern "C" fn er_show(d: ShowBox) -> RString {
    RString::from(format!("{d}|{d:?}").as_str())
}

struct SendBox(ShowBox);
// SAFETY: the interface declares Send; the host's values are safe on any thread.
unsafe impl Send for SendBox {}

/// The same, formatted and dropped on a thread of the plugin's own.
#[no_mangle]
pub extern "C" fn er_show_on_thread(d: ShowBox) -> RString {
    let d = SendBox(d);
    let text = std::thread::spawn(move || {
        let d = d;
        format!("{}|{:?}", d.0, d.0)
    })
    .join()
    .expect("the formatting thread panicked");
    RString::from(text.as_str())
}

/// "n=<size_hint> back=<next_back>: item,item,..." then the iterator is dropped.
#[no_mangle]
pub extern "C" fn er_join(mut d: WordsBox) -> RString {
    let n = d.size_hint().0;
    let back = d.next_back().map(|s| s.into_string()).unwrap_or_default();
    let rest: Vec<String> = d.by_ref().map(|s| s.into_string()).collect();
    RString::from(format!("n={n} back={back}: {}", rest.join(",")).as_str())
}

/// Lent: takes two items; the owner keeps (and drops) the rest.
#[no_mangle]
pub extern "C" fn er_take_two(d: WordsMut<'_>) -> RString {
    let items: Vec<String> = d.take(2).map(|s| s.into_string()).collect();
    RString::from(items.join(",").as_str())
}

/// What a plugin does with two Texts whoever made them (JS-made ones too), each through the
/// first value's vtable: PartialEq, Ord, Hash (into this library's hasher), Serialize and Clone,
/// then every value is dropped through its vtable.
#[no_mangle]
pub extern "C" fn er_relate(a: crate::text::TextBox, b: crate::text::TextBox) -> RString {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let hash = |d: &crate::text::TextBox| {
        let mut h = DefaultHasher::new();
        d.hash(&mut h);
        h.finish()
    };
    let json = a.serialize_json().map(|j| j.as_str().to_string()).unwrap_or_else(|e| format!("error {e}"));
    let copy = a.clone();
    let out = format!(
        "eq={} cmp={:?} hash={} json={json} clone={copy} clone_eq={}",
        a == b,
        PartialOrd::partial_cmp(&a, &b).expect("Text is Ord"),
        if hash(&a) == hash(&b) { "same" } else { "different" },
        copy == a && hash(&copy) == hash(&a),
    );
    RString::from(out.as_str())
}
