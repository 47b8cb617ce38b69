//! Const builders for derive-shaped layouts: the string blob, `CompTLField`s, `TLFunctions` and the
//! deduplicated `type_layouts` of a non-generic type, from a list of fields (each with its
//! functions) and the list of type entries in abi_stable's fill order (reference 5.3.5): for each
//! field, its type (a bare fn pointer's is the `extern "C" fn()` placeholder), then for each of its
//! functions the parameters and then the return type.
//!
//! Decisions where the reference is silent: entries are deduplicated by their spelling
//! (`stringify!`), ignoring lifetimes and whitespace; a function's lifetime list is read from that
//! spelling (`'_` and an elided `&` are ANONYMOUS, `'static` STATIC, any other name ANONYMOUS),
//! stored inline up to 5 and as pairs in `lifetime_indices` beyond; a field that holds several functions pushes `fn_<k>;` before each
//! function's parameter names; enum variant names come first in the blob.

use super::{CompTLFunction, TypeLayoutFn};

/// How a function's parameter names are stored (reference 5.3.3).
#[derive(Copy, Clone)]
pub enum ParamNames {
    /// One `,` per parameter (a bare `extern "C" fn(A, B)`).
    Unnamed,
    /// `_self,param_0,param_1,…` (sabi_trait vtable methods; the first parameter is `_self`).
    SabiTrait,
}

/// One function of a field: `params` entries then, if `has_ret`, one return entry follow the
/// field's own entry (and the previous functions').
#[derive(Copy, Clone)]
pub struct FnSpec {
    pub params: usize,
    pub has_ret: bool,
    pub param_names: ParamNames,
    pub is_unsafe: bool,
}

/// One field: name, accessor kind (0 Direct, 1 Method, 4 Opaque), whether it is a bare fn pointer.
#[derive(Copy, Clone)]
pub struct FieldSpec {
    pub name: &'static str,
    pub accessor: u8,
    pub is_fn: bool,
    pub fns: &'static [FnSpec],
}

/// A type entry: its spelling and its layout constructor.
pub type Entry = (&'static str, TypeLayoutFn);

/// `StartLen`: start in bits 0-15, length in bits 16-31.
pub const fn start_len(start: usize, len: usize) -> u32 {
    assert!(start < 1 << 16 && len < 1 << 16);
    (start as u32) | ((len as u32) << 16)
}

/// One `CompTLField` (reference 5.3.2).
pub const fn comp_field(name_start: usize, name_len: usize, lifetimes: u32, accessor: u8, type_layout_index: usize, is_function: bool) -> u64 {
    assert!(name_start < 1 << 16 && name_len < 1 << 10 && type_layout_index < 1 << 10 && lifetimes < 1 << 21 && accessor < 8);
    (name_start as u64)
        | ((name_len as u64) << 16)
        | ((lifetimes as u64) << 26)
        | ((accessor as u64) << 47)
        | ((type_layout_index as u64) << 50)
        | ((is_function as u64) << 60)
}

/// The `CompTLField`s of a hand-written layout: names from a `;`-terminated blob, field `i` of type
/// `types[i]`, all with `accessor`.
pub const fn std_fields<const N: usize>(blob: &str, types: [usize; N], accessor: u8) -> [u64; N] {
    let b = blob.as_bytes();
    let mut out = [0u64; N];
    let (mut i, mut start, mut at) = (0, 0, 0);
    while i < N {
        while b[at] != b';' {
            at += 1;
        }
        out[i] = comp_field(start, at - start, 0, accessor, types[i], false);
        at += 1;
        start = at;
        i += 1;
    }
    out
}

const fn fn_name_len(k: usize) -> usize {
    if k < 10 {
        4
    } else {
        5
    }
}

const fn fn_params_len(f: &FnSpec) -> usize {
    match f.param_names {
        ParamNames::Unnamed => f.params,
        ParamNames::SabiTrait => {
            // `_self,` then `param_<k>,` for k in 0..params-1.
            let mut len = if f.params > 0 { 6 } else { 0 };
            let mut k = 0;
            while k + 1 < f.params {
                len += 7 + if k < 10 { 1 } else { 2 };
                k += 1;
            }
            len
        }
    }
}

/// Length of the blob: `pre`, then per field `name;` and per function `[fn_k;]` and its names.
pub const fn blob_len(pre: &str, fields: &[FieldSpec]) -> usize {
    let mut len = pre.len();
    let mut i = 0;
    while i < fields.len() {
        len += fields[i].name.len() + 1;
        let mut k = 0;
        while k < fields[i].fns.len() {
            if fields[i].fns.len() != 1 {
                len += fn_name_len(k) + 1;
            }
            len += fn_params_len(&fields[i].fns[k]);
            k += 1;
        }
        i += 1;
    }
    len
}

const fn put(out: &mut [u8], at: usize, s: &[u8]) -> usize {
    let mut j = 0;
    while j < s.len() {
        out[at + j] = s[j];
        j += 1;
    }
    at + s.len()
}

/// The blob (`L` = `blob_len(pre, fields)`).
pub const fn blob<const L: usize>(pre: &str, fields: &[FieldSpec]) -> [u8; L] {
    let mut out = [0u8; L];
    let mut at = put(&mut out, 0, pre.as_bytes());
    let mut i = 0;
    while i < fields.len() {
        at = put(&mut out, at, fields[i].name.as_bytes());
        at = put(&mut out, at, b";");
        let mut k = 0;
        while k < fields[i].fns.len() {
            if fields[i].fns.len() != 1 {
                at = put(&mut out, at, b"fn_");
                if k >= 10 {
                    at = put(&mut out, at, &[b'0' + (k / 10) as u8]);
                }
                at = put(&mut out, at, &[b'0' + (k % 10) as u8, b';']);
            }
            let f = &fields[i].fns[k];
            match f.param_names {
                ParamNames::Unnamed => {
                    let mut p = 0;
                    while p < f.params {
                        at = put(&mut out, at, b",");
                        p += 1;
                    }
                }
                ParamNames::SabiTrait => {
                    if f.params > 0 {
                        at = put(&mut out, at, b"_self,");
                    }
                    let mut p = 0;
                    while p + 1 < f.params {
                        at = put(&mut out, at, b"param_");
                        if p >= 10 {
                            at = put(&mut out, at, &[b'0' + (p / 10) as u8]);
                        }
                        at = put(&mut out, at, &[b'0' + (p % 10) as u8, b',']);
                        p += 1;
                    }
                }
            }
            k += 1;
        }
        i += 1;
    }
    assert!(at == L);
    out
}

const fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Entry spellings equal, ignoring whitespace and lifetimes.
pub const fn key_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        i = skip_ignored(a, i);
        j = skip_ignored(b, j);
        if i >= a.len() || j >= b.len() {
            return i >= a.len() && j >= b.len();
        }
        if a[i] != b[j] {
            return false;
        }
        i += 1;
        j += 1;
    }
}

const fn skip_ignored(s: &[u8], mut i: usize) -> usize {
    loop {
        if i < s.len() && s[i] == b' ' {
            i += 1;
        } else if i < s.len() && s[i] == b'\'' {
            i += 1;
            while i < s.len() && is_ident_byte(s[i]) {
                i += 1;
            }
            // `'a ,` / `'a >`: a lifetime argument's comma goes with it.
            while i < s.len() && s[i] == b' ' {
                i += 1;
            }
            if i < s.len() && s[i] == b',' {
                i += 1;
            }
        } else {
            return i;
        }
    }
}

/// Whether entry `e` is a parameter 4.. of a function with more than 5 parameters: those are
/// appended contiguously and never deduplicated (reference 5.3.5).
const fn is_fresh(fields: &[FieldSpec], e: usize) -> bool {
    let mut at = 0;
    let mut i = 0;
    while i < fields.len() {
        at += 1;
        let mut k = 0;
        while k < fields[i].fns.len() {
            let f = &fields[i].fns[k];
            if f.params > 5 && e >= at + 4 && e < at + f.params {
                return true;
            }
            at += f.params + f.has_ret as usize;
            k += 1;
        }
        i += 1;
    }
    false
}

const fn first_of(fields: &[FieldSpec], entries: &[Entry], e: usize) -> usize {
    if is_fresh(fields, e) {
        return e;
    }
    let mut i = 0;
    while i < e {
        if !is_fresh(fields, i) && key_eq(entries[i].0, entries[e].0) {
            return i;
        }
        i += 1;
    }
    e
}

/// Index in the deduplicated list of entry `e`.
pub const fn entry_index(fields: &[FieldSpec], entries: &[Entry], e: usize) -> usize {
    let first = first_of(fields, entries, e);
    let mut index = 0;
    let mut i = 0;
    while i < first {
        if first_of(fields, entries, i) == i {
            index += 1;
        }
        i += 1;
    }
    index
}

/// How many distinct entries.
pub const fn unique_count(fields: &[FieldSpec], entries: &[Entry]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < entries.len() {
        if first_of(fields, entries, i) == i {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The deduplicated `type_layouts` (`N` = `unique_count(fields, entries)`).
pub const fn dedup<const N: usize>(fields: &[FieldSpec], entries: &[Entry]) -> [TypeLayoutFn; N] {
    let mut out = [super::impls::a_function_pointer as TypeLayoutFn; N];
    let mut n = 0;
    let mut i = 0;
    while i < entries.len() {
        if first_of(fields, entries, i) == i {
            out[n] = entries[i].1;
            n += 1;
        }
        i += 1;
    }
    assert!(n == N);
    out
}

/// Position of field `f`'s own entry.
const fn field_entry(fields: &[FieldSpec], f: usize) -> usize {
    let mut at = 0;
    let mut i = 0;
    while i < f {
        at += 1;
        let mut k = 0;
        while k < fields[i].fns.len() {
            at += fields[i].fns[k].params + fields[i].fns[k].has_ret as usize;
            k += 1;
        }
        i += 1;
    }
    at
}

/// The fields' `CompTLField`s (`N` = `fields.len()`).
pub const fn comp_fields<const N: usize>(pre: &str, fields: &[FieldSpec], entries: &[Entry]) -> [u64; N] {
    let mut out = [0u64; N];
    let mut start = pre.len();
    let mut i = 0;
    while i < N {
        let f = &fields[i];
        out[i] = comp_field(start, f.name.len(), 0, f.accessor, entry_index(fields, entries, field_entry(fields, i)), f.is_fn);
        start += f.name.len() + 1;
        let mut k = 0;
        while k < f.fns.len() {
            if f.fns.len() != 1 {
                start += fn_name_len(k) + 1;
            }
            start += fn_params_len(&f.fns[k]);
            k += 1;
        }
        i += 1;
    }
    out
}

/// How many functions the fields hold.
pub const fn fn_count(fields: &[FieldSpec]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < fields.len() {
        n += fields[i].fns.len();
        i += 1;
    }
    n
}

/// `field_fn_ranges` (`N` = `fields.len()`).
pub const fn fn_ranges<const N: usize>(fields: &[FieldSpec]) -> [u32; N] {
    let mut out = [0u32; N];
    let mut start = 0;
    let mut i = 0;
    while i < N {
        out[i] = start_len(start, fields[i].fns.len());
        start += fields[i].fns.len();
        i += 1;
    }
    out
}

/// The lifetimes written in `spelling`: `'_`/elided `&` 1 (ANONYMOUS), `'static` 2.
const fn lifetimes_in(s: &str, out: &mut [u8; MAX_LIFETIMES], mut n: usize) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'&' {
            let mut j = i + 1;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if j >= b.len() || b[j] != b'\'' {
                assert!(n < MAX_LIFETIMES, "too many lifetimes in one signature");
                out[n] = 1;
                n += 1;
            }
        } else if b[i] == b'\'' {
            let mut j = i + 1;
            while j < b.len() && is_ident_byte(b[j]) {
                j += 1;
            }
            assert!(n < MAX_LIFETIMES, "too many lifetimes in one signature");
            out[n] = if j - i == 7 && b[i + 1] == b's' && b[i + 2] == b't' { 2 } else { 1 };
            n += 1;
            i = j;
            continue;
        }
        i += 1;
    }
    n
}

/// The most lifetimes one signature may write.
const MAX_LIFETIMES: usize = 64;

/// The lifetimes of function `k` of field `i`: its parameters', then its return's.
const fn fn_lifetimes(fields: &[FieldSpec], entries: &[Entry], i: usize, k: usize) -> ([u8; MAX_LIFETIMES], usize) {
    let mut entry = field_entry(fields, i) + 1;
    let mut j = 0;
    while j < k {
        entry += fields[i].fns[j].params + fields[i].fns[j].has_ret as usize;
        j += 1;
    }
    let f = &fields[i].fns[k];
    let mut out = [0u8; MAX_LIFETIMES];
    let mut n = 0;
    let mut e = 0;
    while e < f.params + f.has_ret as usize {
        n = lifetimes_in(entries[entry + e].0, &mut out, n);
        e += 1;
    }
    (out, n)
}

/// How many bytes (pairs of `LifetimeIndex`es) the functions with more than five lifetimes need
/// in `MonoSharedVars.lifetime_indices`.
pub const fn lifetime_pairs_len(fields: &[FieldSpec], entries: &[Entry]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < fields.len() {
        let mut k = 0;
        while k < fields[i].fns.len() {
            let (_, n) = fn_lifetimes(fields, entries, i, k);
            if n > 5 {
                len += n.div_ceil(2);
            }
            k += 1;
        }
        i += 1;
    }
    len
}

/// `MonoSharedVars.lifetime_indices` (`L` = `lifetime_pairs_len`): each long list as pairs, low
/// nibble first, a trailing 0 padding an odd count (reference 5.3.2).
pub const fn lifetime_pairs<const L: usize>(fields: &[FieldSpec], entries: &[Entry]) -> [u8; L] {
    let mut out = [0u8; L];
    let mut at = 0;
    let mut i = 0;
    while i < fields.len() {
        let mut k = 0;
        while k < fields[i].fns.len() {
            let (l, n) = fn_lifetimes(fields, entries, i, k);
            if n > 5 {
                let mut p = 0;
                while p < n {
                    out[at + p / 2] |= l[p] << (4 * (p % 2));
                    p += 1;
                }
                at += n.div_ceil(2);
            }
            k += 1;
        }
        i += 1;
    }
    assert!(at == L);
    out
}

/// A range-form `LifetimeRange` (bit 20 set): `start` and `count` in pairs.
pub const fn range_lifetimes(start_pair: usize, pairs: usize) -> u32 {
    assert!(start_pair < 1 << 13 && pairs < 1 << 7, "too many lifetimes in one type");
    (1 << 20) | (start_pair as u32) | ((pairs as u32) << 13)
}

/// An inline `LifetimeRange` of up to five `LifetimeIndex`es (bit 20 clear).
pub const fn inline_lifetimes(l: &[u8]) -> u32 {
    assert!(l.len() <= 5);
    let mut v = 0u32;
    let mut i = 0;
    while i < l.len() {
        v |= (l[i] as u32) << (4 * i);
        i += 1;
    }
    v
}

/// A `TypeLayoutRange` of `count` parameters, the first (up to) five indices given: `[lo, hi]`;
/// parameters 5.. follow the fifth contiguously.
pub const fn type_layout_range(indices: &[usize], count: usize) -> [u32; 2] {
    assert!(indices.len() <= 5 && count < 1 << 10);
    let mut idx = [0u32; 5];
    let mut i = 0;
    while i < indices.len() {
        idx[i] = indices[i] as u32;
        i += 1;
    }
    [(count as u32) | (idx[0] << 10) | (idx[1] << 20), idx[2] | (idx[3] << 10) | (idx[4] << 20)]
}

/// The `CompTLFunction`s (`F` = `fn_count(fields)`).
pub const fn functions<const F: usize>(pre: &str, fields: &[FieldSpec], entries: &[Entry]) -> [CompTLFunction; F] {
    let empty = CompTLFunction {
        name: 0,
        contiguous_strings_offset: 0,
        bound_lifetimes_len: 0,
        param_names_len: 0,
        return_type_layout: 0xFFFF,
        paramret_lifetime_range: 0,
        param_type_layouts: [0; 2],
        fn_qualifs: 0,
    };
    let mut out = [empty; F];
    let mut n = 0;
    let mut pair_at = 0;
    let mut start = pre.len();
    let mut i = 0;
    while i < fields.len() {
        let f = &fields[i];
        let name_start = start;
        start += f.name.len() + 1;
        let mut entry = field_entry(fields, i) + 1;
        let mut k = 0;
        while k < f.fns.len() {
            let spec = &f.fns[k];
            let name = if f.fns.len() == 1 {
                start_len(name_start, f.name.len())
            } else {
                let s = start_len(start, fn_name_len(k));
                start += fn_name_len(k) + 1;
                s
            };
            let mut params = [0usize; 5];
            let mut lts = [0u8; MAX_LIFETIMES];
            let mut nl = 0;
            let mut p = 0;
            while p < spec.params {
                if p < 5 {
                    params[p] = entry_index(fields, entries, entry);
                }
                nl = lifetimes_in(entries[entry].0, &mut lts, nl);
                entry += 1;
                p += 1;
            }
            let ret = if spec.has_ret {
                nl = lifetimes_in(entries[entry].0, &mut lts, nl);
                entry += 1;
                entry_index(fields, entries, entry - 1) as u16
            } else {
                0xFFFF
            };
            let (lts_used, _) = lts.split_at(nl);
            let (params_used, _) = params.split_at(if spec.params < 5 { spec.params } else { 5 });
            out[n] = CompTLFunction {
                name,
                contiguous_strings_offset: start as u16,
                bound_lifetimes_len: 0,
                param_names_len: fn_params_len(spec) as u16,
                return_type_layout: ret,
                paramret_lifetime_range: if nl <= 5 {
                    inline_lifetimes(lts_used)
                } else {
                    let r = range_lifetimes(pair_at, nl.div_ceil(2));
                    pair_at += nl.div_ceil(2);
                    r
                },
                param_type_layouts: type_layout_range(params_used, spec.params),
                fn_qualifs: spec.is_unsafe as u16,
            };
            start += fn_params_len(spec);
            n += 1;
            k += 1;
        }
        i += 1;
    }
    out
}

/// A `&'static str` of bytes made by `blob` (a compile error if not UTF-8).
pub const fn utf8(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => panic!("names are not UTF-8"),
    }
}

/// Writes the layout of a non-generic type the way `#[derive(StableAbi)]` does; see `impl_stable_abi!`.
#[doc(hidden)]
#[macro_export]
macro_rules! __derive_layout {
    (
        type: $T:ty,
        name: $name:expr,
        package: $pv:expr,
        mod_path: $mp:expr,
        data: $kind:ident $( ( $($kargs:tt)* ) )?,
        repr: $repr:expr,
        nonzero: $nz:expr,
        fields: [ $( { $fname:expr, $acc:expr, $is_fn:expr, [$fty:ty], [ $( { [$($p:ty),*], [$($r:ty)?], $pn:ident, $uns:expr } ),* ] } ),* $(,)? ]
        $(, generics: ($lts:expr, $lt_count:expr))? $(,)?
    ) => {{
        use $crate::stable_abi as __sa;
        const ENTRIES: &[__sa::Entry] = &[
            $(
                (stringify!($fty), __sa::get_type_layout::<$fty> as __sa::TypeLayoutFn),
                $(
                    $( (stringify!($p), __sa::get_type_layout::<$p> as __sa::TypeLayoutFn), )*
                    $( (stringify!($r), __sa::get_type_layout::<$r> as __sa::TypeLayoutFn), )?
                )*
            )*
        ];
        const FIELDS: &[__sa::FieldSpec] = &[
            $(
                __sa::FieldSpec {
                    name: $fname,
                    accessor: $acc,
                    is_fn: $is_fn,
                    fns: &[ $( __sa::FnSpec {
                        params: <[&str]>::len(&[$(stringify!($p)),*]),
                        has_ret: <[&str]>::len(&[$(stringify!($r)),*]) > 0,
                        param_names: __sa::ParamNames::$pn,
                        is_unsafe: $uns,
                    } ),* ],
                },
            )*
        ];
        const PRE: &str = $crate::__derive_layout!(@pre $kind $( ($($kargs)*) )?);
        const BLOB_LEN: usize = __sa::blob_len(PRE, FIELDS);
        static BLOB_BYTES: [u8; BLOB_LEN] = __sa::blob(PRE, FIELDS);
        const N_TL: usize = __sa::unique_count(FIELDS, ENTRIES);
        static TYPE_LAYOUTS: [__sa::TypeLayoutFn; N_TL] = __sa::dedup(FIELDS, ENTRIES);
        const NF: usize = FIELDS.len();
        static COMP: [u64; NF] = __sa::comp_fields(PRE, FIELDS, ENTRIES);
        const NFN: usize = __sa::fn_count(FIELDS);
        static FNS: [__sa::CompTLFunction; NFN] = __sa::functions(PRE, FIELDS, ENTRIES);
        static RANGES: [u32; NF] = __sa::fn_ranges(FIELDS);
        const N_PAIRS: usize = __sa::lifetime_pairs_len(FIELDS, ENTRIES);
        static LIFETIME_PAIRS: [u8; N_PAIRS] = __sa::lifetime_pairs(FIELDS, ENTRIES);
        static TLF: __sa::TLFunctions = __sa::TLFunctions::new(&FNS, &RANGES);
        static MONO: __sa::MonoTypeLayout = __sa::MonoTypeLayout::new(
            $name,
            $pv,
            $mp,
            __sa::utf8(&BLOB_BYTES),
            $crate::__derive_layout!(@mono $kind $( ($($kargs)*) )?, __sa::CompTLFields::new(&COMP, if NFN > 0 { Some(&TLF) } else { None }), PRE),
            $repr,
        )
        .lifetime_indices(&LIFETIME_PAIRS)
        $(.generics($lts, $lt_count, 0))?;
        static SHARED: __sa::SharedVars = __sa::SharedVars::new(&MONO.shared_vars, &TYPE_LAYOUTS);
        static LAYOUT: __sa::TypeLayout = __sa::TypeLayout {
            size: $crate::__derive_layout!(@size $T, $kind $( ($($kargs)*) )?),
            alignment_power_of_two: $crate::__derive_layout!(@align $T, $kind $( ($($kargs)*) )?).trailing_zeros() as u8,
            ..__sa::TypeLayout::new::<$T, $T>(&SHARED, &MONO, $nz, $crate::__derive_layout!(@generic $kind $( ($($kargs)*) )?))
        };
        &LAYOUT
    }};
    // A prefix type's size and alignment cover only the fields up to `last_prefix_field`
    // (reference 10, item 2): `prefix(first_suffix_field, mask, size, align)`.
    (@size $T:ty, prefix ($first:expr, $mask:expr, [$($f:ident),*])) => {
        $crate::__derive_layout!(@prefix_size_align $T, $first, [$($f),*]).0
    };
    (@size $T:ty, prefix ($first:expr, $mask:expr, $size:expr, $align:expr)) => { ($size) as usize };
    (@size $T:ty, $($other:tt)*) => { ::core::mem::size_of::<$T>() };
    (@align $T:ty, prefix ($first:expr, $mask:expr, [$($f:ident),*])) => {
        $crate::__derive_layout!(@prefix_size_align $T, $first, [$($f),*]).1
    };
    (@align $T:ty, prefix ($first:expr, $mask:expr, $size:expr, $align:expr)) => { (($align) as usize) };
    (@prefix_size_align $T:ty, $first:expr, [$($f:ident),*]) => {
        __sa::prefix_size_align(
            ($first) as usize,
            &[$( ::core::mem::offset_of!($T, $f) ),*],
            &[$( __sa::field_size(|v: &$T| &v.$f) ),*],
            &[$( __sa::field_align(|v: &$T| &v.$f) ),*],
        )
    };
    (@align $T:ty, $($other:tt)*) => { ::core::mem::align_of::<$T>() };
    (@pre struct) => { "" };
    (@pre union) => { "" };
    (@pre prefix ($($args:tt)*)) => { "" };
    (@pre enum ($variants:expr, $counts:expr, $dty:expr, $dt:ty, [$($d:expr),*])) => { $variants };
    (@mono struct, $f:expr, $pre:expr) => { __sa::MonoTLData::struct_($f) };
    (@mono union, $f:expr, $pre:expr) => { __sa::MonoTLData::union_($f) };
    (@mono prefix ($first:expr, $mask:expr, $($rest:tt)*), $f:expr, $pre:expr) => { __sa::MonoTLData::prefix_type($first, $f) };
    (@mono enum ($variants:expr, $counts:expr, $dty:expr, $dt:ty, [$($d:expr),*]), $f:expr, $pre:expr) => {
        __sa::MonoTLData::enum_($counts, __sa::start_len(0, $pre.len()), $f)
    };
    (@generic struct) => { __sa::GenericTLData::STRUCT };
    (@generic union) => { __sa::GenericTLData::UNION };
    (@generic prefix ($first:expr, $mask:expr, $($rest:tt)*)) => { __sa::GenericTLData::prefix_type($mask) };
    (@generic enum ($variants:expr, $counts:expr, $dty:expr, $dt:ty, [$($d:expr),*])) => {{
        static DISCRIMINANTS: &[$dt] = &[$($d),*];
        __sa::GenericTLData::enum_($dty, DISCRIMINANTS.as_ptr() as *const u8, DISCRIMINANTS.len())
    }};
}

/// Implements `StableAbi` for a non-generic struct, union, enum or prefix type, as
/// `#[derive(StableAbi)]` would (the generated interface module uses it):
///
/// ```ignore
/// abi_stable_mirror::impl_stable_abi! {
///     type: Point, name: "Point", package: "shapes;1.2.0", mod_path: "shapes\0",
///     data: struct, repr: abi_stable_mirror::stable_abi::repr::C, nonzero: false,
///     fields: [ { "x", 0, false, [f64], [] }, { "y", 0, false, [f64], [] } ],
/// }
/// ```
/// A field is `{ name, accessor, is_fn, [type], [functions] }`, its type with every fn pointer
/// written `extern "C" fn()`; a function is `{ [params], [return or nothing], Unnamed, unsafe }`.
/// `data` is `struct`, `union`, `prefix(first_suffix_field, mask, [every field's ident])` (or
/// `prefix(first_suffix_field, mask, prefix size, prefix alignment)`) or
/// `enum("A;B;", &[field counts], discriminant type code, elem type, [discriminants])`.
#[macro_export]
macro_rules! impl_stable_abi {
    (type: $T:ty, $($rest:tt)*) => {
        // SAFETY: the layout is written from the type's own declaration by the generator.
        unsafe impl $crate::stable_abi::StableAbi for $T {
            type StaticEquivalent = $T;
            const LAYOUT: &'static $crate::stable_abi::TypeLayout = $crate::__derive_layout!(type: $T, $($rest)*);
        }
    };
}

/// The size and alignment a prefix type's layout reports: those of its fields before
/// `first_suffix` (`offsets`, `sizes`, `aligns` of every field), rounded up; 0 and 1 when none.
pub const fn prefix_size_align(first_suffix: usize, offsets: &[usize], sizes: &[usize], aligns: &[usize]) -> (usize, usize) {
    if first_suffix == 0 {
        return (0, 1);
    }
    let mut align = 1;
    let mut i = 0;
    while i < first_suffix {
        if aligns[i] > align {
            align = aligns[i];
        }
        i += 1;
    }
    let end = offsets[first_suffix - 1] + sizes[first_suffix - 1];
    (end.div_ceil(align) * align, align)
}

/// `size_of` the field a projection closure names (never called).
pub const fn field_size<T, F>(_: fn(&T) -> &F) -> usize {
    std::mem::size_of::<F>()
}
/// `align_of` the field a projection closure names (never called).
pub const fn field_align<T, F>(_: fn(&T) -> &F) -> usize {
    std::mem::align_of::<F>()
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use crate::std_types::{RStr, RString};

    #[repr(C)]
    struct Wide {
        seven: extern "C" fn(u8, u16, u32, u64, u8, u8, RStr<'_>) -> RString,
        two: Tuple2Fns,
    }
    #[repr(C)]
    struct Tuple2Fns(extern "C" fn(), extern "C" fn());

    crate::impl_stable_abi! {
        type: Wide,
        name: "Wide",
        package: "mirror_tests;0.1.0",
        mod_path: "mirror_tests\0",
        data: struct,
        repr: repr::C,
        nonzero: false,
        fields: [
            { "seven", 0, true, [extern "C" fn()], [{ [u8, u16, u32, u64, u8, u8, RStr<'_>], [RString], Unnamed, false }] },
            { "two", 0, false, [u64], [{ [u8], [], SabiTrait, true }, { [], [u16], Unnamed, false }] },
        ],
    }

    fn names(l: &TypeLayout) -> Vec<&'static str> {
        let sv = l.shared_vars();
        (0..sv.type_layouts_len as usize)
            // SAFETY: `type_layouts` has `type_layouts_len` constructors.
            .map(|i| unsafe { (*sv.type_layouts.add(i))() }.mono().name())
            .collect()
    }

    #[test]
    fn parameters_after_the_fourth_of_a_long_function_are_contiguous_and_not_deduplicated() {
        let l = <Wide as StableAbi>::LAYOUT;
        // Fill order: the placeholder, u8 u16 u32 u64, then u8 u8 RStr appended afresh, RString,
        // then `two`'s u64 (deduplicated with seven's), u8, u16.
        assert_eq!(names(l), ["AFunctionPointer", "u8", "u16", "u32", "u64", "u8", "u8", "RStr", "RString"]);
        // SAFETY: a struct's MonoTLData payload is its CompTLFields, with functions here.
        let fns = unsafe { &*l.mono().data.payload.fields.functions };
        // SAFETY: `functions_len` entries.
        let f = unsafe { std::slice::from_raw_parts(fns.functions, fns.functions_len as usize) };
        assert_eq!(f.len(), 3);
        let [lo, hi] = f[0].param_type_layouts;
        assert_eq!(lo & 0x3FF, 7);
        assert_eq!([(lo >> 10) & 0x3FF, (lo >> 20) & 0x3FF, hi & 0x3FF, (hi >> 10) & 0x3FF, (hi >> 20) & 0x3FF], [1, 2, 3, 4, 5]);
        assert_eq!(f[0].return_type_layout, 8);
        assert_eq!(f[0].paramret_lifetime_range, 0x1); // RStr<'_>
        // Two functions in one field: named fn_0 and fn_1, the first `unsafe` with sabi names.
        let blob = l.mono().strings();
        let text = |sl: u32| &blob[(sl & 0xFFFF) as usize..][..(sl >> 16) as usize];
        assert_eq!(blob, "seven;,,,,,,,two;fn_0;_self,fn_1;");
        assert_eq!([text(f[1].name), text(f[2].name)], ["fn_0", "fn_1"]);
        assert_eq!((f[1].fn_qualifs, f[1].param_names_len, f[1].return_type_layout), (1, 6, 0xFFFF));
        assert_eq!(f[2].return_type_layout, 2);
        // SAFETY: two fields.
        let ranges = unsafe { std::slice::from_raw_parts(fns.field_fn_ranges, 2) };
        assert_eq!(ranges, [1 << 16, 1 | (2 << 16)]);
    }

    fn type_at(l: &TypeLayout, i: usize) -> &'static TypeLayout {
        let sv = l.shared_vars();
        assert!(i < sv.type_layouts_len as usize);
        // SAFETY: checked against `type_layouts_len`.
        unsafe { (*sv.type_layouts.add(i))() }
    }

    fn fields(l: &TypeLayout) -> (&'static [u64], Option<&'static TLFunctions>) {
        // SAFETY: a struct's payload is its CompTLFields.
        let f = unsafe { l.mono().data.payload.fields };
        // SAFETY: `comp_fields_len` fields; `functions` NULL or a static.
        unsafe { (std::slice::from_raw_parts(f.comp_fields, f.comp_fields_len as usize), f.functions.as_ref()) }
    }

    #[test]
    fn ffi_future_reaches_its_output_through_poll_fn() {
        // Reference 5.3.6: field_0 (LocalBorrowingFfiFuture), then the function of field poll_fn,
        // whose return is FfiPoll<T>, whose field_0 is T.
        let fut = <crate::async_ffi::FfiFuture<RString> as StableAbi>::LAYOUT;
        assert_eq!((fut.mono().name(), fut.mono().strings()), ("BorrowingFfiFuture", "field_0;"));
        let local = type_at(fut, ((fields(fut).0[0] >> 50) & 0x3FF) as usize);
        assert_eq!(local.mono().name(), "LocalBorrowingFfiFuture");
        assert_eq!(local.size, 3 * std::mem::size_of::<usize>());
        let (comp, fns) = fields(local);
        assert_eq!(comp.iter().map(|f| (f >> 60) & 1).collect::<Vec<_>>(), [0, 1, 1, 0]);
        let fns = fns.unwrap();
        // SAFETY: `functions_len` entries.
        let f = unsafe { std::slice::from_raw_parts(fns.functions, fns.functions_len as usize) };
        let poll = type_at(local, f[0].return_type_layout as usize);
        assert_eq!((poll.mono().name(), poll.mono().repr_attr, f[0].fn_qualifs), ("FfiPoll", [3, 0], 1));
        assert_eq!(f[0].param_type_layouts[0] & 0x3FF, 2);
        assert_eq!(f[1].return_type_layout, 0xFFFF);
        // SAFETY: an enum's payload is its MonoTLEnum.
        let poll_fields = unsafe { poll.mono().data.payload.enum_.fields };
        // SAFETY: one field (Ready's).
        let ready = unsafe { *poll_fields.comp_fields };
        assert_eq!(type_at(poll, ((ready >> 50) & 0x3FF) as usize).mono().name(), "RString");
    }

    #[repr(C)]
    struct ManyLifetimes {
        f: extern "C" fn(RStr<'_>, RStr<'_>, &u8, RStr<'static>, RStr<'_>, &u16) -> RStr<'static>,
    }
    crate::impl_stable_abi! {
        type: ManyLifetimes, name: "ManyLifetimes", package: "mirror_tests;0.1.0", mod_path: "mirror_tests\0",
        data: struct, repr: repr::C, nonzero: false,
        fields: [{ "f", 0, true, [extern "C" fn()], [{ [RStr<'_>, RStr<'_>, &u8, RStr<'static>, RStr<'_>, &u16], [RStr<'static>], Unnamed, false }] }],
    }

    #[test]
    fn more_than_five_lifetimes_use_the_range_form() {
        let l = <ManyLifetimes as StableAbi>::LAYOUT;
        let (_, fns) = fields(l);
        // SAFETY: one function.
        let f = unsafe { *fns.unwrap().functions };
        // 7 lifetimes: ['_, '_, '_, 'static, '_, '_, 'static] = [1,1,1,2,1,1,2] in 4 pairs from 0.
        assert_eq!(f.paramret_lifetime_range, (1 << 20) | (4 << 13));
        let sv = l.mono().shared_vars;
        // SAFETY: `lifetime_indices_len` bytes.
        let bytes = unsafe { std::slice::from_raw_parts(sv.lifetime_indices, sv.lifetime_indices_len as usize) };
        assert_eq!(bytes, [0x11, 0x21, 0x11, 0x02]);
    }

    #[test]
    fn spellings_compare_without_lifetimes_or_whitespace() {
        assert!(key_eq("RStr<'_>", "RStr < 'static >"));
        assert!(key_eq("RSlice<'_, i64>", "RSlice<i64>"));
        assert!(!key_eq("RSlice<'_, i64>", "RSlice<'_, i32>"));
        assert_eq!(inline_lifetimes(&[1, 2, 3]), 0x321);
        assert_eq!(type_layout_range(&[1, 2], 2), [2 | (1 << 10) | (2 << 20), 0]);
    }
}
