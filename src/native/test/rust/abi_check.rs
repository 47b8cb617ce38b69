// abi_check.rs: rustc-generated calls into host-map vtables for several by-value shapes (SSE
// keys, float-pair values, MEMORY and mixed-register returns, by-value entries), checking the
// runtime's x86-64 register-dump shim against the compiler the plugins are built with.
// Run with `node scripts/test-native.mjs --rust` (needs rustc; std only).
use std::ffi::c_void;
#[repr(C)] struct AbsType { size: usize, align: usize, drop: *const c_void, drop_len: usize, key_kind: u32, float_units: u32 }
#[repr(C)] struct Map { data: *mut c_void, box_vt: *const c_void, vtable: *const u8 }
#[repr(C)] #[derive(Clone, Copy, Debug, PartialEq)] struct Pair { a: f32, b: f32 }
#[repr(u8)] #[derive(Debug, PartialEq)] enum ROption<T> { RSome(T), RNone }
#[repr(C)] #[derive(Debug, PartialEq)] struct Tuple2<A, B>(A, B);
#[repr(C)] #[derive(Clone, Copy, Debug, PartialEq)] struct Dur { s: u64, n: u32 }
// ROccupiedEntry and RVacantEntry: the same two pointers.
#[repr(C)] struct EntryRef { entry: *mut c_void, vt: *const u8 }
#[repr(C)] struct REntry { tag: u32, entry: *mut c_void, vt: *const u8 }
extern "C" { fn abs_map_new(out: *mut Map, k: *const AbsType, v: *const AbsType) -> i32; }
unsafe fn slot(vt: *const u8, i: usize) -> usize { *(vt.add(16 + 8 * i) as *const usize) }
unsafe fn drop_map(m: &Map) { let d: extern "C" fn(*mut c_void, u8, u8) = std::mem::transmute(*((m.box_vt as *const u8).add(24) as *const usize)); d(m.data, 0, 1); }
macro_rules! check { ($k:ty, $v:ty, $kt:expr, $vt:expr, $k1:expr, $v1:expr, $v2:expr) => { unsafe {
    let mut m = Map { data: std::ptr::null_mut(), box_vt: std::ptr::null(), vtable: std::ptr::null() };
    assert_eq!(abs_map_new(&mut m, &$kt, &$vt), 0);
    let insert: extern "C" fn(*mut c_void, $k, $v) -> ROption<$v> = std::mem::transmute(slot(m.vtable, 0));
    assert_eq!(insert(m.data, $k1, $v1), ROption::RNone);
    assert_eq!(insert(m.data, $k1, $v2), ROption::RSome($v1));
    let entry: extern "C" fn(*mut c_void, $k) -> REntry = std::mem::transmute(slot(m.vtable, 15));
    let e = entry(m.data, $k1);
    assert_eq!(e.tag, 0);
    let occ_insert: extern "C" fn(*mut c_void, $v) -> $v = std::mem::transmute(*(e.vt.add(16 + 8 * 5) as *const usize));
    assert_eq!(occ_insert(e.entry, $v1), $v2);
    let drop_entry: extern "C" fn(*mut c_void) = std::mem::transmute(*(e.vt.add(16) as *const usize));
    drop_entry(e.entry);
    let remove_p: extern "C" fn(*mut c_void, *const $k) -> ROption<Tuple2<$k, $v>> = std::mem::transmute(slot(m.vtable, 6));
    let k: $k = $k1;
    assert_eq!(remove_p(m.data, &k), ROption::RSome(Tuple2($k1, $v1)));
    let e = entry(m.data, $k1);
    assert_eq!(e.tag, 1);
    let ve = EntryRef { entry: e.entry, vt: e.vt };
    let vac_insert: extern "C" fn(EntryRef, $v) -> *mut $v = std::mem::transmute(*(e.vt.add(16 + 8 * 3) as *const usize));
    assert_eq!(*vac_insert(ve, $v2), $v2);
    let e = entry(m.data, $k1);
    let remove: extern "C" fn(EntryRef) -> $v = std::mem::transmute(*(e.vt.add(16 + 8 * 6) as *const usize));
    assert_eq!(remove(EntryRef { entry: e.entry, vt: e.vt }), $v2);
    drop_map(&m);
    println!("ok {} -> {}", stringify!($k), stringify!($v));
}}}
fn main() {
    let u64t = AbsType { size: 8, align: 8, drop: std::ptr::null(), drop_len: 0, key_kind: 0, float_units: 0 };
    let i32t = AbsType { size: 4, align: 4, drop: std::ptr::null(), drop_len: 0, key_kind: 0, float_units: 0 };
    let u8t = AbsType { size: 1, align: 1, drop: std::ptr::null(), drop_len: 0, key_kind: 0, float_units: 0 };
    let f64t = AbsType { size: 8, align: 8, drop: std::ptr::null(), drop_len: 0, key_kind: 0, float_units: 3 };
    let pairt = AbsType { size: 8, align: 4, drop: std::ptr::null(), drop_len: 0, key_kind: 0, float_units: 3 };
    let durt = AbsType { size: 16, align: 8, drop: std::ptr::null(), drop_len: 0, key_kind: 0, float_units: 0 };
    check!(u64, f64, u64t, f64t, 7u64, 1.5f64, -2.5f64);
    check!(i32, Pair, i32t, pairt, -3i32, Pair { a: 1.0, b: 2.0 }, Pair { a: 3.0, b: 4.0 });
    check!(f64, u8, f64t, u8t, 0.25f64, 9u8, 200u8);
    check!(u8, Dur, u8t, durt, 5u8, Dur { s: 1, n: 2 }, Dur { s: 3, n: 4 });
    check!(f64, Pair, f64t, pairt, 1e300f64, Pair { a: -1.0, b: 0.5 }, Pair { a: 7.0, b: 8.0 });
}
