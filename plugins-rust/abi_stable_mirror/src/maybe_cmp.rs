//! `MaybeCmp<T>`: an optional identity (`Just` = 0, `Nothing` = 1) where `Nothing` equals nothing,
//! returned by `TypeInfo::uid` of `DynTrait`s that cannot be downcast.

#[repr(u8)]
#[derive(Debug, Clone, Copy)]
pub enum MaybeCmp<T> {
    Just(T) = 0,
    Nothing = 1,
}

impl<T: PartialEq> PartialEq for MaybeCmp<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (MaybeCmp::Just(l), MaybeCmp::Just(r)) => l == r,
            _ => false,
        }
    }
}

impl<T> MaybeCmp<T> {
    pub fn is_just(&self) -> bool {
        matches!(self, MaybeCmp::Just(_))
    }
    pub fn is_nothing(&self) -> bool {
        !self.is_just()
    }
}
