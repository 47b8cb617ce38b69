//! `RCmpOrdering`: `#[repr(u8)]` `Less` = 0, `Equal` = 1, `Greater` = 2 (not -1/0/1).

use std::cmp::Ordering;

#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RCmpOrdering {
    Less = 0,
    Equal = 1,
    Greater = 2,
}

impl From<Ordering> for RCmpOrdering {
    fn from(o: Ordering) -> Self {
        match o {
            Ordering::Less => RCmpOrdering::Less,
            Ordering::Equal => RCmpOrdering::Equal,
            Ordering::Greater => RCmpOrdering::Greater,
        }
    }
}

impl From<RCmpOrdering> for Ordering {
    fn from(o: RCmpOrdering) -> Self {
        match o {
            RCmpOrdering::Less => Ordering::Less,
            RCmpOrdering::Equal => Ordering::Equal,
            RCmpOrdering::Greater => Ordering::Greater,
        }
    }
}

const _: () = {
    assert!(std::mem::size_of::<RCmpOrdering>() == 1);
    assert!(RCmpOrdering::Less as u8 == 0 && RCmpOrdering::Equal as u8 == 1 && RCmpOrdering::Greater as u8 == 2);
};
