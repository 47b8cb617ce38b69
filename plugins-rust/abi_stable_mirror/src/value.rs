//! `Value` (docs/std-test-plugin.md): `#[repr(u8)]` with explicit discriminants, 40 bytes on
//! 64-bit, payload at 8 except `Bool` at 1. Dropping drops each part through its own vtable;
//! `Clone` makes a deep copy owned by this library, reading every level through its vtables.

use crate::std_types::{RHashMap, RString, RVec};

#[repr(u8)]
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null = 0,
    Bool(bool) = 1,
    I64(i64) = 2,
    U64(u64) = 3,
    F64(f64) = 4,
    String(RString) = 5,
    Bytes(RVec<u8>) = 6,
    Array(RVec<Value>) = 7,
    Object(RHashMap<RString, Value>) = 8,
}

impl Value {
    /// The discriminant byte.
    pub fn tag(&self) -> u8 {
        // SAFETY: a repr(u8) enum starts with its tag byte.
        unsafe { *(self as *const Value as *const u8) }
    }
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(std::mem::size_of::<Value>() == 40);
    assert!(std::mem::align_of::<Value>() == 8);
};

#[cfg(test)]
mod tests {
    use super::*;

    fn payload_offset(v: &Value) -> usize {
        let base = v as *const Value as usize;
        let p = match v {
            Value::Null => return 0,
            Value::Bool(b) => b as *const _ as usize,
            Value::I64(x) => x as *const _ as usize,
            Value::U64(x) => x as *const _ as usize,
            Value::F64(x) => x as *const _ as usize,
            Value::String(x) => x as *const _ as usize,
            Value::Bytes(x) => x as *const _ as usize,
            Value::Array(x) => x as *const _ as usize,
            Value::Object(x) => x as *const _ as usize,
        };
        p - base
    }

    #[test]
    fn tags_and_payload_offsets() {
        let values = [
            Value::Null,
            Value::Bool(true),
            Value::I64(-1),
            Value::U64(1),
            Value::F64(1.5),
            Value::String("s".into()),
            Value::Bytes(RVec::from(&[1u8][..])),
            Value::Array(RVec::new()),
            Value::Object(RHashMap::new()),
        ];
        for (i, v) in values.iter().enumerate() {
            assert_eq!(v.tag() as usize, i);
            let expected = match v {
                Value::Null => 0,
                Value::Bool(_) => 1,
                _ => 8,
            };
            assert_eq!(payload_offset(v), expected, "{v:?}");
        }
    }

    #[test]
    fn deep_clone_is_equal_and_independent() {
        let mut inner = RHashMap::new();
        inner.insert(RString::from("k"), Value::Array(vec![Value::I64(1), Value::String("two".into())].into()));
        let original = Value::Object(inner);
        let mut copy = original.clone();
        assert_eq!(copy, original);
        if let Value::Object(map) = &mut copy {
            map.insert("extra".into(), Value::Null);
        }
        assert_ne!(copy, original);
    }
}
