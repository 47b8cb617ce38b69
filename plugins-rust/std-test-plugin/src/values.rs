//! `Value`: `tp_value_sample`, `tp_value_echo` (plugin-made deep copy), `tp_value_identity`
//! (moved back unchanged), `tp_value_map` (a plugin-made `RHashMap<RString, Value>`), `tp_value_to_json`
//! (compact JSON, keys sorted by bytes, `Bytes` as numbers, `F64` with Rust's `{}`, strings
//! escaping `"`, `\` and control characters as lowercase `\u00xx`).

use std::fmt::Write;

use abi_stable_mirror::{RHashMap, RString, RVec, Tuple2, Value};

#[no_mangle]
pub extern "C" fn tp_value_sample() -> Value {
    let mut inner = RHashMap::new();
    inner.insert(RString::from("k"), Value::Null);
    let entries = [
        ("null", Value::Null),
        ("yes", Value::Bool(true)),
        ("i", Value::I64(-5)),
        ("u", Value::U64(u64::MAX)),
        ("f", Value::F64(1.5)),
        ("s", Value::String(RString::from("héllo"))),
        ("b", Value::Bytes(RVec::from(&[0u8, 1, 255][..]))),
        ("a", Value::Array(vec![Value::I64(1), Value::String(RString::from("two")), Value::Array(RVec::new())].into())),
        ("o", Value::Object(inner)),
    ];
    Value::Object(entries.into_iter().map(|(k, v)| (RString::from(k), v)).collect())
}

/// A deep copy made by the plugin (reading every level through its vtables); `v` is dropped.
#[no_mangle]
pub extern "C" fn tp_value_echo(v: Value) -> Value {
    v.clone()
}

/// Moves its argument back unchanged: a host-made value comes back host-made (conversion alone).
#[no_mangle]
pub extern "C" fn tp_value_identity(v: Value) -> Value {
    v
}

/// Edits an Object through its own vtable and moves it back: `hits` += 1 (entry API, inserted as
/// 0 first), `drop` removed, then `extra` entries `x<i>` -> I64(i) inserted (a host-made map grows
/// out of the room it was built with). Anything else comes back unchanged.
#[no_mangle]
pub extern "C" fn tp_value_edit(mut v: Value, extra: u32) -> Value {
    if let Value::Object(m) = &mut v {
        if let Value::I64(n) = m.entry(RString::from("hits")).or_insert(Value::I64(0)) {
            *n += 1;
        }
        m.remove("drop");
        for i in 0..extra {
            m.insert(RString::from(format!("x{i}")), Value::I64(i64::from(i)));
        }
    }
    v
}

/// Empties an Object through its vtable's clear (every entry dropped) and moves it back.
#[no_mangle]
pub extern "C" fn tp_value_clear(mut v: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.clear();
    }
    v
}

/// A plugin-made `RHashMap<RString, Value>` of `n` entries: `k<i>` -> `{"id": I64(i), "name": "v<i>"}`.
#[no_mangle]
pub extern "C" fn tp_value_map(n: u32) -> RHashMap<RString, Value> {
    (0..n)
        .map(|i| {
            let mut entry = RHashMap::new();
            entry.insert(RString::from("id"), Value::I64(i64::from(i)));
            entry.insert(RString::from("name"), Value::String(RString::from(format!("v{i}"))));
            (RString::from(format!("k{i}")), Value::Object(entry))
        })
        .collect()
}

#[no_mangle]
pub extern "C" fn tp_value_to_json(v: &Value) -> RString {
    let mut out = RString::new();
    write_json(v, &mut out);
    out
}

fn write_json(v: &Value, out: &mut RString) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::I64(x) => push_display(out, x),
        Value::U64(x) => push_display(out, x),
        Value::F64(x) => push_display(out, x),
        Value::String(s) => write_json_string(s.as_bytes(), out),
        Value::Bytes(bytes) => write_list(["[", "]"], bytes.iter(), out, |b, out| push_display(out, b)),
        Value::Array(items) => write_list(["[", "]"], items.iter(), out, write_json),
        Value::Object(map) => {
            let mut entries: Vec<Tuple2<&RString, &Value>> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            write_list(["{", "}"], entries.into_iter(), out, |Tuple2(key, value), out| {
                write_json_string(key.as_bytes(), out);
                out.push_str(":");
                write_json(value, out);
            });
        }
    }
}

fn push_display(out: &mut RString, value: impl std::fmt::Display) {
    // Writing into an RString cannot fail.
    let _ = write!(out, "{value}");
}

/// Writes `open item,item,... close`.
fn write_list<T>(
    brackets: [&str; 2],
    items: impl Iterator<Item = T>,
    out: &mut RString,
    mut write_item: impl FnMut(T, &mut RString),
) {
    out.push_str(brackets[0]);
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(",");
        }
        write_item(item, out);
    }
    out.push_str(brackets[1]);
}

/// Escapes byte by byte, so even text that is not valid UTF-8 is copied through unchanged.
fn write_json_string(bytes: &[u8], out: &mut RString) {
    let mut escaped = Vec::with_capacity(bytes.len() + 2);
    escaped.push(b'"');
    for &b in bytes {
        match b {
            b'"' => escaped.extend_from_slice(b"\\\""),
            b'\\' => escaped.extend_from_slice(b"\\\\"),
            0x00..=0x1f => escaped.extend_from_slice(format!("\\u{b:04x}").as_bytes()),
            _ => escaped.push(b),
        }
    }
    escaped.push(b'"');
    // SAFETY: the input bytes are copied unchanged apart from ASCII escapes, so the output is
    // UTF-8 exactly when the input was (an RString's contract).
    out.push_str(unsafe { std::str::from_utf8_unchecked(&escaped) });
}
