//! Marker and flag types shared by the vtables: the erased pointee and the drop flags of
//! `RBox`/`RArc` destructors (note the opposite orders: `CallReferentDrop::Yes` = 0,
//! `Deallocate::Yes` = 1).

/// The pointee of an erased pointer: only ever used behind `RRef`/`RMut`/raw pointers.
#[repr(C)]
pub struct ErasedObject {
    _priv: [u8; 0],
}

/// Whether a destructor drops the referent (`Yes` = 0) or only frees its storage (`No` = 1).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallReferentDrop {
    Yes = 0,
    No = 1,
}

/// Whether a destructor frees the allocation (`Yes` = 1) or keeps it (`No` = 0).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deallocate {
    No = 0,
    Yes = 1,
}

const _: () = {
    assert!(std::mem::size_of::<CallReferentDrop>() == 1);
    assert!(std::mem::size_of::<Deallocate>() == 1);
    assert!(CallReferentDrop::Yes as u8 == 0 && CallReferentDrop::No as u8 == 1);
    assert!(Deallocate::No as u8 == 0 && Deallocate::Yes as u8 == 1);
};
