//! Proves the ABI from Rust's side: this test binary links its **own copy** of the mirror crate
//! (a different `UTypeId` identity and a different allocator counter than the plugin's), dlopens the
//! built `libstd_test_plugin.so` with hand-declared `dlopen`/`dlsym`, and calls the `tp_*` functions
//! with values it made itself, checking that each side grows and drops the other's values through
//! their own vtables and that no block leaks on either side.
#![deny(warnings)]
#![deny(clippy::undocumented_unsafe_blocks)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use abi_stable_mirror::{
    RArc, RBox, RCmpOrdering, RCow, RDuration, RErr, RHashMap, RNone, ROk, ROption, RResult, RSlice, RSliceMut,
    RSome, RStr, RString, RVec, Tuple1, Tuple2, Tuple3, Tuple4, Value,
};

extern "C" {
    fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn dlerror() -> *const c_char;
}
const RTLD_NOW: c_int = 2;

/// Counts live blocks of *this* binary of exactly `TRACKED_SIZE` bytes: host-made values given to
/// the plugin are made with that capacity, so their frees (by the plugin, maybe on its threads) are
/// seen without noise from the test harness's own allocations on other threads.
struct Counting;
const TRACKED_SIZE: usize = 4124;
static TRACKED_LIVE: AtomicI64 = AtomicI64::new(0);
fn track(size: usize, delta: i64) {
    if size == TRACKED_SIZE {
        TRACKED_LIVE.fetch_add(delta, Ordering::SeqCst);
    }
}
// SAFETY: forwards every call to System unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        track(layout.size(), 1);
        // SAFETY: forwarded contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(layout.size(), -1);
        // SAFETY: forwarded contract.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        track(layout.size(), -1);
        track(size, 1);
        // SAFETY: forwarded contract.
        unsafe { System.realloc(ptr, layout, size) }
    }
}
#[global_allocator]
static GLOBAL: Counting = Counting;

struct Plugin(*mut c_void);
// SAFETY: the handle is only passed to dlsym, which is thread-safe.
unsafe impl Send for Plugin {}
// SAFETY: as above.
unsafe impl Sync for Plugin {}

fn library_path() -> PathBuf {
    if let Some(path) = std::env::var_os("STD_TEST_PLUGIN") {
        return path.into();
    }
    // target/<profile>/deps/<this test> -> target/<profile>/libstd_test_plugin.so
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(|deps| deps.parent()).unwrap().join("libstd_test_plugin.so")
}

fn plugin() -> &'static Plugin {
    static PLUGIN: OnceLock<Plugin> = OnceLock::new();
    PLUGIN.get_or_init(|| {
        let path = CString::new(library_path().to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path; the library is never closed (reference 4.7).
        let handle = unsafe { dlopen(path.as_ptr(), RTLD_NOW) };
        if handle.is_null() {
            // SAFETY: dlerror returns a NUL-terminated message after a failure.
            panic!("dlopen {:?}: {:?}", path, unsafe { CStr::from_ptr(dlerror()) });
        }
        Plugin(handle)
    })
}

/// Looks up `name` as a function of type `F` (which must be the documented signature).
fn sym<F: Copy>(name: &str) -> F {
    assert_eq!(std::mem::size_of::<F>(), std::mem::size_of::<*mut c_void>());
    let cname = CString::new(name).unwrap();
    // SAFETY: valid handle and NUL-terminated name.
    let ptr = unsafe { dlsym(plugin().0, cname.as_ptr()) };
    assert!(!ptr.is_null(), "missing symbol {name}");
    // SAFETY: `F` is a function pointer type matching the exported function's signature.
    unsafe { std::mem::transmute_copy::<*mut c_void, F>(&ptr) }
}

/// Serialises the tests (allocation counters are process-wide) and checks both counters return to
/// their values at the start.
struct LeakCheck {
    plugin_live: i64,
    _lock: MutexGuard<'static, ()>,
}
fn leak_check() -> LeakCheck {
    static LOCK: Mutex<()> = Mutex::new(());
    let lock = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    LeakCheck { plugin_live: live(), _lock: lock }
}
fn live() -> i64 {
    sym::<extern "C" fn() -> i64>("tp_live_allocations")()
}
impl LeakCheck {
    fn assert_plugin_clean(&self) {
        assert_eq!(live(), self.plugin_live, "plugin blocks leaked or double-freed");
    }
}

fn rstr(s: &str) -> RStr<'_> {
    RStr::from_str(s)
}

#[test]
fn strings_cross_both_ways() {
    let check = leak_check();
    {
        let made = sym::<extern "C" fn(RStr<'_>) -> RString>("tp_string_new")(rstr("héllo"));
        assert_eq!(made.as_str(), "héllo");
        assert!(!made.as_rvec().is_from_this_library(), "a plugin-made string has the plugin's identity");
        assert_eq!(live(), check.plugin_live + 1);

        let ours = RString::from("hi");
        assert_eq!(ours.capacity(), ours.len(), "no spare capacity: the plugin must grow through our vtable");
        let echoed = sym::<extern "C" fn(RString) -> RString>("tp_string_echo")(ours);
        assert_eq!(echoed.as_str(), "hi!");
        assert!(echoed.as_rvec().is_from_this_library(), "still ours: grown through our vtable");

        let plugin_echoed = sym::<extern "C" fn(RString) -> RString>("tp_string_echo")(made);
        assert_eq!(plugin_echoed.into_string(), "héllo!", "copied out, plugin buffer freed by its destructor");

        assert_eq!(sym::<extern "C" fn(RStr<'_>) -> usize>("tp_str_len")(rstr("héllo")), 6);
        let bad = sym::<extern "C" fn() -> RString>("tp_string_invalid_utf8")();
        assert_eq!(bad.as_bytes(), &[0xff, 0xfe, 0x41]);
        sym::<extern "C" fn(RString)>("tp_string_drop")(bad);
        let mut tracked = RString::with_capacity(TRACKED_SIZE);
        tracked.push_str("ours, dropped by the plugin");
        assert_eq!(TRACKED_LIVE.load(Ordering::SeqCst), 1);
        sym::<extern "C" fn(RString)>("tp_string_drop")(tracked);
        drop(echoed);
    }
    check.assert_plugin_clean();
    assert_eq!(TRACKED_LIVE.load(Ordering::SeqCst), 0, "the plugin freed our string through our vtable");
}

#[test]
fn slices_and_vectors() {
    let check = leak_check();
    {
        let numbers = [1i64, 2, i64::MAX];
        let sum = sym::<extern "C" fn(RSlice<'_, i64>) -> i64>("tp_sum_i64")(RSlice::from_slice(&numbers));
        assert_eq!(sum, i64::MIN + 2, "wrapping sum");
        assert_eq!(sym::<extern "C" fn(RSlice<'_, i64>) -> i64>("tp_sum_i64")(RSlice::EMPTY), 0);

        let mut slots = [0u32; 4];
        sym::<extern "C" fn(RSliceMut<'_, u32>, u32)>("tp_fill_u32")(RSliceMut::from_mut_slice(&mut slots), u32::MAX);
        assert_eq!(slots, [u32::MAX, 0, 1, 2]);

        let range = sym::<extern "C" fn(u32) -> RVec<u32>>("tp_range_u32")(5);
        assert_eq!(range.as_slice(), &[0, 1, 2, 3, 4]);
        assert!(!range.is_from_this_library());
        let pushed_on_plugin_vec = sym::<extern "C" fn(RVec<u32>, u32) -> RVec<u32>>("tp_vec_push_u32")(range, 3);
        assert_eq!(pushed_on_plugin_vec.as_slice(), &[0, 1, 2, 3, 4, 0, 1, 2]);
        assert_eq!(pushed_on_plugin_vec.into_vec(), vec![0, 1, 2, 3, 4, 0, 1, 2], "adoption rule: copied");

        let ours: RVec<u32> = vec![7].into();
        let ours = sym::<extern "C" fn(RVec<u32>, u32) -> RVec<u32>>("tp_vec_push_u32")(ours, 100);
        assert_eq!(ours.len(), 101);
        assert_eq!(ours[100], 99);
        assert!(ours.is_from_this_library());

        let mut roomy = RVec::<u32>::with_capacity(64);
        roomy.push(1);
        let shrunk = sym::<extern "C" fn(RVec<u32>) -> RVec<u32>>("tp_vec_shrink")(roomy);
        assert_eq!(shrunk.capacity(), 1, "shrunk through our vtable");

        let strings: RVec<RString> = vec![RString::from("host")].into();
        let strings = sym::<extern "C" fn(RVec<RString>) -> RVec<RString>>("tp_vec_push_strings")(strings);
        assert_eq!(strings[1].as_str(), "plugin");
        assert!(strings[0].as_rvec().is_from_this_library() && !strings[1].as_rvec().is_from_this_library());
        sym::<extern "C" fn(RVec<RString>)>("tp_vec_drop_strings")(strings.clone());
        drop(strings); // our destructor drops the plugin string through the plugin's vtable

        let words = sym::<extern "C" fn(RStr<'_>) -> RVec<RString>>("tp_split_words")(rstr("  a bb  c "));
        let words: Vec<String> = words.into_iter().map(RString::into_string).collect();
        assert_eq!(words, ["a", "bb", "c"]);

        let mut on_thread: RVec<u32> = RVec::new();
        sym::<extern "C" fn(&mut RVec<u32>, u32)>("tp_vec_push_on_thread")(&mut on_thread, 1000);
        assert_eq!(on_thread.len(), 1000);
        assert_eq!(on_thread.iter().map(|x| u64::from(*x)).sum::<u64>(), 499_500);
    }
    check.assert_plugin_clean();
}

#[test]
fn options_results_boxes_tuples() {
    let check = leak_check();
    {
        let double = sym::<extern "C" fn(ROption<u32>) -> ROption<u32>>("tp_option_double");
        assert_eq!(double(RSome(21)), RSome(42));
        assert_eq!(double(RSome(u32::MAX)), RSome(u32::MAX - 1));
        assert_eq!(double(RNone), RNone);
        let question = sym::<extern "C" fn(ROption<RString>) -> ROption<RString>>("tp_option_string");
        assert_eq!(question(RSome("why".into())), RSome(RString::from("why?")));
        assert_eq!(question(RNone), RNone);

        let div = sym::<extern "C" fn(u64, u64) -> RResult<u64, RString>>("tp_checked_div");
        assert_eq!(div(7, 2), ROk(3));
        assert_eq!(div(1, 0), RErr(RString::from("division by zero")));
        let echo = sym::<extern "C" fn(RResult<RString, u32>) -> RResult<RString, u32>>("tp_result_echo");
        assert_eq!(echo(ROk("ok".into())), ROk(RString::from("ok!")));
        assert_eq!(echo(RErr(41)), RErr(42));

        let boxed = sym::<extern "C" fn(u64) -> RBox<u64>>("tp_box_new")(5);
        assert_eq!(*boxed, 5);
        assert!(!boxed.is_from_this_library());
        assert_eq!(boxed.into_inner(), 5, "storage freed through the plugin's destructor(data, 1, 1)");
        assert_eq!(sym::<extern "C" fn(RBox<u64>) -> u64>("tp_box_take")(RBox::new(9)), 9);
        let text = sym::<extern "C" fn(RBox<RString>) -> RBox<RString>>("tp_box_string")(RBox::new("x".into()));
        assert_eq!(text.as_str(), "x#");

        assert_eq!(sym::<extern "C" fn(Tuple1<f64>) -> Tuple1<f64>>("tp_tuple1")(Tuple1(1.25)), Tuple1(2.5));
        let t2 = sym::<extern "C" fn(Tuple2<u8, u64>) -> Tuple2<u64, u8>>("tp_tuple2")(Tuple2(255, 7));
        assert_eq!(t2, Tuple2(8, 0));
        let t3 = sym::<extern "C" fn(Tuple3<u8, u16, u32>) -> Tuple3<u8, u16, u32>>("tp_tuple3")(Tuple3(255, 1, 2));
        assert_eq!(t3, Tuple3(0, 2, 3));
        type T4 = Tuple4<u8, u16, u32, u64>;
        let t4 = sym::<extern "C" fn(T4) -> T4>("tp_tuple4")(Tuple4(1, u16::MAX, 3, u64::MAX));
        assert_eq!(t4, Tuple4(2, 0, 4, 0));
        let ts = sym::<extern "C" fn(RString) -> Tuple2<RString, u64>>("tp_tuple_string")("héllo".into());
        assert_eq!((ts.0.as_str(), ts.1), ("héllo", 6));
    }
    check.assert_plugin_clean();
}

#[test]
fn maps_across_identities() {
    let check = leak_check();
    {
        // A plugin-made map, used through the plugin's vtables with our MapQuery callbacks.
        let mut counts = sym::<extern "C" fn(RStr<'_>) -> RHashMap<RString, u32>>("tp_word_count")(rstr("a b a c a"));
        assert_eq!(counts.len(), 3);
        assert_eq!(counts.get("a"), Some(&3), "our MapQuery hashed through the plugin's HasherObject");
        assert_eq!(counts.values().sum::<u32>(), 5);
        assert_eq!(counts.insert("d".into(), 1), RNone);
        *counts.entry("b".into()).or_insert(0) += 10;
        assert_eq!(counts.remove("c"), RSome(1));
        assert_eq!(counts.get("b"), Some(&11));

        // Our map, used by the plugin through our vtables with its MapQuery callbacks.
        let mut ours: RHashMap<RString, u32> = [("x".into(), 1), ("y".into(), 2)].into_iter().collect();
        let get = sym::<extern "C" fn(&RHashMap<RString, u32>, RStr<'_>) -> ROption<u32>>("tp_map_get");
        assert_eq!(get(&ours, rstr("y")), RSome(2));
        assert_eq!(get(&ours, rstr("zz")), RNone);
        assert_eq!(get(&counts, rstr("a")), RSome(3));
        assert_eq!(sym::<extern "C" fn(&RHashMap<RString, u32>) -> u64>("tp_map_sum")(&ours), 3);
        let insert = sym::<extern "C" fn(&mut RHashMap<RString, u32>, RStr<'_>, u32) -> ROption<u32>>("tp_map_insert");
        assert_eq!(insert(&mut ours, rstr("x"), 10), RSome(1));
        assert_eq!(insert(&mut ours, rstr("w"), 4), RNone);
        let remove = sym::<extern "C" fn(&mut RHashMap<RString, u32>, RStr<'_>) -> ROption<u32>>("tp_map_remove");
        assert_eq!(remove(&mut ours, rstr("y")), RSome(2));
        assert_eq!(remove(&mut ours, rstr("y")), RNone);
        let incr = sym::<extern "C" fn(&mut RHashMap<RString, u32>, RStr<'_>) -> u32>("tp_map_entry_incr");
        assert_eq!(incr(&mut ours, rstr("w")), 5);
        assert_eq!(incr(&mut ours, rstr("new")), 1);
        assert_eq!(incr(&mut counts, rstr("a")), 4);
        assert_eq!(ours.get("x"), Some(&10));
        let plugin_keys = ours.keys().filter(|k| !k.as_rvec().is_from_this_library()).count();
        assert_eq!(plugin_keys, 2, "keys inserted by the plugin are plugin-made");

        let vecs = sym::<extern "C" fn(u32) -> RHashMap<RString, RVec<u32>>>("tp_map_of_vecs")(4);
        assert_eq!(vecs.get("k3").map(|v| v.as_slice()), Some(&[0, 1, 2][..]));
        assert_eq!(vecs.get("k0").map(|v| v.len()), Some(0));
        let mut pairs: Vec<(String, usize)> = vecs.into_iter().map(|Tuple2(k, v)| (k.into_string(), v.len())).collect();
        pairs.sort();
        assert_eq!(pairs, [("k0".into(), 0), ("k1".into(), 1), ("k2".into(), 2), ("k3".into(), 3)]);

        let host_map: RHashMap<RString, RVec<u32>> = (0..50)
            .map(|i| {
                let mut values = RVec::with_capacity(TRACKED_SIZE / 4);
                values.extend_from_slice(&[i; 3]);
                (RString::from(format!("h{i}")), values)
            })
            .collect();
        assert_eq!(TRACKED_LIVE.load(Ordering::SeqCst), 50);
        sym::<extern "C" fn(RHashMap<RString, RVec<u32>>)>("tp_map_drop_on_thread")(host_map);
        let plugin_map = sym::<extern "C" fn(u32) -> RHashMap<RString, RVec<u32>>>("tp_map_of_vecs")(20);
        sym::<extern "C" fn(RHashMap<RString, RVec<u32>>)>("tp_map_drop_on_thread")(plugin_map);
    }
    check.assert_plugin_clean();
    assert_eq!(TRACKED_LIVE.load(Ordering::SeqCst), 0, "our map was dropped (through our vtables) on the plugin's thread");
}

#[test]
fn other_std_types() {
    let check = leak_check();
    {
        let cow = sym::<extern "C" fn(bool) -> RCow<RStr<'static>, RString>>("tp_cow");
        let borrowed = cow(false);
        assert!(matches!(&borrowed, RCow::Borrowed(s) if s.as_str() == "borrowed"));
        let owned = cow(true);
        assert!(matches!(&owned, RCow::Owned(s) if s.as_str() == "owned"));
        let cow_len = sym::<extern "C" fn(RCow<RStr<'_>, RString>) -> usize>("tp_cow_len");
        assert_eq!(cow_len(owned), 5);
        assert_eq!(cow_len(borrowed), 8);
        assert_eq!(cow_len(RCow::Owned(RString::from("host!!"))), 6);

        let add = sym::<extern "C" fn(RDuration, RDuration) -> RDuration>("tp_duration_add");
        assert_eq!(add(RDuration::new(1, 999_999_999), RDuration::new(2, 2)), RDuration::new(4, 1));
        let compare = sym::<extern "C" fn(i64, i64) -> RCmpOrdering>("tp_compare");
        assert_eq!((compare(1, 2), compare(2, 2), compare(-1, -2)), (RCmpOrdering::Less, RCmpOrdering::Equal, RCmpOrdering::Greater));

        let arc = sym::<extern "C" fn(u64) -> RArc<u64>>("tp_arc_new")(77);
        let strong = sym::<extern "C" fn(&RArc<u64>) -> usize>("tp_arc_strong_count");
        assert_eq!(strong(&arc), 1);
        let copy = arc.clone();
        assert_eq!((strong(&arc), RArc::strong_count(&copy), *copy), (2, 2, 77));
        drop(copy);
        assert_eq!(*RArc::into_arc(arc), 77, "copied out of a foreign arc");
        let ours = RArc::new(5u64);
        let _second = ours.clone();
        assert_eq!(strong(&ours), 2, "the plugin reads our arc through our vtable");
    }
    check.assert_plugin_clean();
}

#[test]
fn values_round_trip() {
    let check = leak_check();
    {
        let to_json = sym::<extern "C" fn(&Value) -> RString>("tp_value_to_json");
        let sample = sym::<extern "C" fn() -> Value>("tp_value_sample")();
        let expected = r#"{"a":[1,"two",[]],"b":[0,1,255],"f":1.5,"i":-5,"null":null,"o":{"k":null},"s":"héllo","u":18446744073709551615,"yes":true}"#;
        assert_eq!(to_json(&sample).as_str(), expected);

        let mut object = RHashMap::new();
        object.insert(RString::from("q\"\\\n"), Value::F64(1.0));
        object.insert(RString::from("arr"), Value::Array(vec![Value::Bool(false), Value::U64(3)].into()));
        let ours = Value::Object(object);
        assert_eq!(to_json(&ours).as_str(), r#"{"arr":[false,3],"q\"\\\u000a":1}"#);

        let echo = sym::<extern "C" fn(Value) -> Value>("tp_value_echo");
        let copy = echo(ours.clone());
        assert_eq!(copy, ours);
        let Value::Object(map) = &copy else { panic!("not an object") };
        assert!(!map.keys().next().unwrap().as_rvec().is_from_this_library(), "a plugin-made deep copy");
        assert_eq!(echo(sample.clone()), sample);
        drop((copy, sample));
    }
    check.assert_plugin_clean();
}
