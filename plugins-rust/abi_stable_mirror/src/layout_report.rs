//! The crate's own layouts as JSON lines (`cargo run --example layouts`), so the host's
//! conformance tests compare them with the TypeScript declarations number by number.
//! Struct field offsets come from `offset_of!`; enum payload offsets are measured on real
//! values (stable Rust cannot name an enum variant's field in `offset_of!`).

use std::mem::{align_of, offset_of, size_of};

use crate::std_types::{
    RArc, RBox, RCmpOrdering, RCow, RDuration, RHashMap, RNone, ROption, RResult, RSlice, RSliceMut, RSome, RStr,
    RString, RVec, Tuple2, Tuple3,
};
use crate::value::Value;

struct Entry {
    name: &'static str,
    size: usize,
    align: usize,
    fields: Vec<(&'static str, usize)>,
    variants: Vec<(&'static str, Vec<(&'static str, usize)>)>,
}

fn entry<T>(name: &'static str) -> Entry {
    Entry { name, size: size_of::<T>(), align: align_of::<T>(), fields: Vec::new(), variants: Vec::new() }
}

/// Byte distance from `base` to `field`: where a variant's payload sits inside its enum.
fn at<E, F>(base: &E, field: &F) -> usize {
    field as *const F as usize - base as *const E as usize
}

fn variant<E, F>(value: &E, field: impl Fn(&E) -> Option<&F>) -> Vec<(&'static str, usize)> {
    vec![("0", at(value, field(value).expect("the variant just built")))]
}

fn option<T>(name: &'static str, some: T) -> Entry {
    let v = RSome(some);
    let mut e = entry::<ROption<T>>(name);
    e.variants = vec![("RSome", variant(&v, |x| match x { RSome(p) => Some(p), RNone => None })), ("RNone", vec![])];
    e
}

fn result<T, E>(name: &'static str, ok: T, err: E) -> Entry {
    let o: RResult<T, E> = RResult::ROk(ok);
    let r: RResult<T, E> = RResult::RErr(err);
    let mut e = entry::<RResult<T, E>>(name);
    e.variants = vec![
        ("ROk", variant(&o, |x| match x { RResult::ROk(p) => Some(p), RResult::RErr(_) => None })),
        ("RErr", variant(&r, |x| match x { RResult::RErr(p) => Some(p), RResult::ROk(_) => None })),
    ];
    e
}

fn entries() -> Vec<Entry> {
    let mut out = Vec::new();
    let mut e = entry::<RStr<'static>>("RStr");
    e.fields = vec![("inner", offset_of!(RStr<'static>, inner))];
    out.push(e);
    macro_rules! slice {
        ($name:literal, $ty:ty) => {{
            let mut e = entry::<$ty>($name);
            e.fields = vec![("data", offset_of!($ty, data)), ("length", offset_of!($ty, length)), ("_marker", offset_of!($ty, _marker))];
            out.push(e);
        }};
    }
    slice!("RSlice<u8>", RSlice<'static, u8>);
    slice!("RSlice<i64>", RSlice<'static, i64>);
    slice!("RSliceMut<u32>", RSliceMut<'static, u32>);
    macro_rules! vec_ {
        ($name:literal, $ty:ty) => {{
            let mut e = entry::<$ty>($name);
            e.fields = vec![
                ("buffer", offset_of!($ty, buffer)),
                ("length", offset_of!($ty, length)),
                ("capacity", offset_of!($ty, capacity)),
                ("vtable", offset_of!($ty, vtable)),
                ("_marker", offset_of!($ty, _marker)),
            ];
            out.push(e);
        }};
    }
    vec_!("RVec<u8>", RVec<u8>);
    vec_!("RVec<u32>", RVec<u32>);
    let mut e = entry::<RString>("RString");
    e.fields = vec![("inner", offset_of!(RString, inner))];
    out.push(e);
    out.push(option("ROption<i32>", 0i32));
    out.push(option("ROption<u64>", 0u64));
    out.push(option("ROption<u32>", 0u32));
    out.push(option("ROption<RString>", RString::new()));
    out.push(result("RResult<u64,RString>", 0u64, RString::new()));
    out.push(result("RResult<(),RString>", (), RString::new()));
    let mut e = entry::<RBox<u64>>("RBox<u64>");
    e.fields = vec![("data", offset_of!(RBox<u64>, data)), ("vtable", offset_of!(RBox<u64>, vtable)), ("_marker", offset_of!(RBox<u64>, _marker))];
    out.push(e);
    let mut e = entry::<Tuple2<u8, u64>>("Tuple2<u8,u64>");
    e.fields = vec![("0", offset_of!(Tuple2<u8, u64>, 0)), ("1", offset_of!(Tuple2<u8, u64>, 1))];
    out.push(e);
    let mut e = entry::<Tuple3<u8, u16, u32>>("Tuple3<u8,u16,u32>");
    e.fields = vec![("0", offset_of!(Tuple3<u8, u16, u32>, 0)), ("1", offset_of!(Tuple3<u8, u16, u32>, 1)), ("2", offset_of!(Tuple3<u8, u16, u32>, 2))];
    out.push(e);
    let mut e = entry::<RHashMap<RString, u32>>("RHashMap<RString,u32>");
    e.fields = vec![("map", offset_of!(RHashMap<RString, u32>, map)), ("vtable", offset_of!(RHashMap<RString, u32>, vtable))];
    out.push(e);
    let borrowed: RCow<RStr<'static>, RString> = RCow::Borrowed(RStr::from(""));
    let owned: RCow<RStr<'static>, RString> = RCow::Owned(RString::new());
    let mut e = entry::<RCow<RStr<'static>, RString>>("RCow<RStr,RString>");
    e.variants = vec![
        ("Borrowed", variant(&borrowed, |x| match x { RCow::Borrowed(p) => Some(p), RCow::Owned(_) => None })),
        ("Owned", variant(&owned, |x| match x { RCow::Owned(p) => Some(p), RCow::Borrowed(_) => None })),
    ];
    out.push(e);
    let mut e = entry::<RDuration>("RDuration");
    e.fields = vec![("seconds", offset_of!(RDuration, seconds)), ("subsec_nanos", offset_of!(RDuration, subsec_nanos))];
    out.push(e);
    out.push(entry::<RCmpOrdering>("RCmpOrdering"));
    let mut e = entry::<RArc<u64>>("RArc<u64>");
    e.fields = vec![("data", offset_of!(RArc<u64>, data)), ("vtable", offset_of!(RArc<u64>, vtable)), ("_marker", offset_of!(RArc<u64>, _marker))];
    out.push(e);
    let mut e = entry::<Value>("Value");
    let samples = [
        ("Bool", Value::Bool(false)),
        ("I64", Value::I64(0)),
        ("U64", Value::U64(0)),
        ("F64", Value::F64(0.0)),
        ("String", Value::String(RString::new())),
        ("Bytes", Value::Bytes(RVec::new())),
        ("Array", Value::Array(RVec::new())),
        ("Object", Value::Object(RHashMap::new())),
    ];
    for (name, v) in samples.iter() {
        let offset = match v {
            Value::Bool(p) => at(v, p),
            Value::I64(p) => at(v, p),
            Value::U64(p) => at(v, p),
            Value::F64(p) => at(v, p),
            Value::String(p) => at(v, p),
            Value::Bytes(p) => at(v, p),
            Value::Array(p) => at(v, p),
            Value::Object(p) => at(v, p),
            Value::Null => unreachable!("no Null sample"),
        };
        e.variants.push((name, vec![("0", offset)]));
    }
    out.push(e);
    out
}

/// One JSON object per line: `{"name","size","align","fields":{..},"variants":{..}}`.
pub fn layout_report() -> String {
    let object = |pairs: &[(&str, usize)]| pairs.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(",");
    entries()
        .iter()
        .map(|e| {
            let variants = e.variants.iter().map(|(n, f)| format!("\"{n}\":{{{}}}", object(f))).collect::<Vec<_>>().join(",");
            format!(
                "{{\"name\":\"{}\",\"size\":{},\"align\":{},\"fields\":{{{}}},\"variants\":{{{}}}}}\n",
                e.name,
                e.size,
                e.align,
                object(&e.fields),
                variants
            )
        })
        .collect()
}
