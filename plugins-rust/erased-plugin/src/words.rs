//! The words of a text as `DynTrait<RBox<()>, WordsInterface>` (Iterator<Item = RString>,
//! DoubleEndedIterator), like the examples' `split_words`; items are moved out.

use abi_stable_mirror::erased::IteratorInterface;
use abi_stable_mirror::{DynTrait, RBox, RStr, RString};

use crate::{born, died};

pub struct WordsInterface;
impl IteratorInterface<'_> for WordsInterface {
    type Item = RString;
}

pub type WordsBox = DynTrait<'static, RBox<()>, WordsInterface>;

struct Words(std::vec::IntoIter<RString>);

impl Iterator for Words {
    type Item = RString;
    fn next(&mut self) -> Option<RString> {
        self.0.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Words {
    fn next_back(&mut self) -> Option<RString> {
        self.0.next_back()
    }
}

impl Drop for Words {
    fn drop(&mut self) {
        died();
    }
}

#[no_mangle]
pub extern "C" fn er_words(s: RStr<'_>) -> WordsBox {
    born();
    let words: Vec<RString> = s.as_str().split(' ').filter(|w| !w.is_empty()).map(RString::from).collect();
    WordsBox::from_double_ended_iterator(Words(words.into_iter()))
}

/// Consumes a words iterator (moved in): how many words were left.
#[no_mangle]
pub extern "C" fn er_words_count(d: WordsBox) -> usize {
    d.count()
}
