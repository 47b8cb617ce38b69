//! `Tuple1` .. `Tuple4`: `#[repr(C)]` tuple structs (C field order and padding).

macro_rules! declare_tuple {
    ($name:ident [$($param:ident $index:tt),*]) => {
        #[repr(C)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name<$($param),*>($(pub $param),*);

        impl<$($param),*> $name<$($param),*> {
            pub fn into_tuple(self) -> ($($param,)*) {
                ($(self.$index,)*)
            }
        }

        impl<$($param),*> From<($($param,)*)> for $name<$($param),*> {
            fn from(tuple: ($($param,)*)) -> Self {
                $name($(tuple.$index),*)
            }
        }
    };
}

declare_tuple!(Tuple1[A 0]);
declare_tuple!(Tuple2[A 0, B 1]);
declare_tuple!(Tuple3[A 0, B 1, C 2]);
declare_tuple!(Tuple4[A 0, B 1, C 2, D 3]);

#[cfg(target_pointer_width = "64")]
const _: () = {
    use crate::std_types::ROption;
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<Tuple2<u8, u64>>() == 16 && align_of::<Tuple2<u8, u64>>() == 8);
    assert!(offset_of!(Tuple2<u8, u64>, 0) == 0 && offset_of!(Tuple2<u8, u64>, 1) == 8);
    assert!(size_of::<Tuple3<u8, u16, u32>>() == 8 && align_of::<Tuple3<u8, u16, u32>>() == 4);
    assert!(offset_of!(Tuple3<u8, u16, u32>, 0) == 0);
    assert!(offset_of!(Tuple3<u8, u16, u32>, 1) == 2);
    assert!(offset_of!(Tuple3<u8, u16, u32>, 2) == 4);
    assert!(size_of::<Tuple2<usize, ROption<usize>>>() == 24);
    assert!(offset_of!(Tuple2<usize, ROption<usize>>, 1) == 8);
    assert!(size_of::<Tuple1<f64>>() == 8);
    assert!(size_of::<Tuple4<u8, u16, u32, u64>>() == 16);
    assert!(offset_of!(Tuple4<u8, u16, u32, u64>, 3) == 8);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(Tuple2::from((1u8, 2u64)).into_tuple(), (1, 2));
        assert_eq!(Tuple4(1u8, 2u16, 3u32, 4u64).into_tuple(), (1, 2, 3, 4));
    }
}
