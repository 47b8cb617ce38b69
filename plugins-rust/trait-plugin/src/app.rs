//! Calls a host-implemented App (test/trait/app.ts) with arguments of every size and class the
//! x86-64 System V convention knows: a 56-byte enum and an RString by value (in memory), float and
//! integer mixes, a pair that no longer fits the registers left, ten doubles, ROption<Value>, RVec
//! and a trait object by value; returns of a 56-byte enum, a mixed pair and a 20-byte struct. By-value
//! arguments move to the host, which drops them (tr_live_allocations tells).

use std::fmt::Write;
use std::thread;

use abi_stable_mirror::stable_abi::{repr, StableAbi, TypeLayout};
use abi_stable_mirror::{sabi_trait, ROption, RResult, RString, RVec, Tuple2, Value};

use crate::counter::tr_counter_new;
use crate::traits::Counter_TO;

/// A 56-byte enum passed by value (in memory), like abi_stable's example `WhichPlugin`.
#[repr(u8)]
#[derive(Debug)]
#[allow(dead_code)] // All and Many are made by the host (App::route)
pub enum Route {
    Id { name: RString, instance: u64, weight: u64 } = 0,
    All = 1,
    Many(RVec<u64>) = 2,
}

// SAFETY: `#[repr(u8)]` with these variants and fields, as declared above.
unsafe impl StableAbi for Route {
    type StaticEquivalent = Route;
    const LAYOUT: &'static TypeLayout = abi_stable_mirror::__derive_layout! {
        type: Route,
        name: "Route",
        package: "trait_plugin;0.1.0",
        mod_path: "trait_plugin::app\0",
        data: enum("Id;All;Many;", &[3, 0, 1], repr::U8, u8, [0, 1, 2]),
        repr: repr::int(repr::U8),
        nonzero: false,
        fields: [
            { "name", 0, false, [RString], [] },
            { "instance", 0, false, [u64], [] },
            { "weight", 0, false, [u64], [] },
            { "field_0", 0, false, [RVec<u64>], [] },
        ],
    };
}

/// Twenty bytes: returned through the hidden pointer.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct Five {
    pub a: u32,
    pub b: u32,
    pub c: u32,
    pub d: u32,
    pub e: u32,
}

// SAFETY: `#[repr(C)]` with these fields.
unsafe impl StableAbi for Five {
    type StaticEquivalent = Five;
    const LAYOUT: &'static TypeLayout = abi_stable_mirror::__derive_layout! {
        type: Five,
        name: "Five",
        package: "trait_plugin;0.1.0",
        mod_path: "trait_plugin::app\0",
        data: struct,
        repr: repr::C,
        nonzero: false,
        fields: [
            { "a", 0, false, [u32], [] },
            { "b", 0, false, [u32], [] },
            { "c", 0, false, [u32], [] },
            { "d", 0, false, [u32], [] },
            { "e", 0, false, [u32], [] },
        ],
    };
}

sabi_trait! {
    /// The application object a host hands to plugins.
    pub trait App [object = App_TO, vtable = AppVTable] {
        fn send(&self, route: Route, msg: RString) -> RResult<u64, RString>;
        fn post(&self, route: Route, msg: RString);
        fn mix(&self, a: f64, b: u32, c: Tuple2<f64, u64>, d: f32, e: Tuple2<u64, f32>) -> Tuple2<f64, u64>;
        #[allow(clippy::too_many_arguments)]
        fn spill(&self, a: u64, b: u64, c: u64, d: u64, pair: Tuple2<u64, u64>, e: u64, f: u64) -> u64;
        #[allow(clippy::too_many_arguments)]
        fn floats(&self, a: f64, b: f64, c: f64, d: f64, e: f64, f: f64, g: f64, h: f64, i: f64, j: f64) -> f64;
        fn values(&self, value: ROption<Value>, list: RVec<u32>, tail: RString) -> RString;
        fn take(&self, counter: Counter_TO) -> i64;
        fn route(&self, which: u64) -> Route;
        fn odd(&self, n: u32) -> Tuple2<u64, f64>;
        fn big(&self, n: u32) -> Five;
    }
}

fn id(name: &str, instance: u64, weight: u64) -> Route {
    Route::Id { name: name.into(), instance, weight }
}

fn describe(r: &Route) -> String {
    match r {
        Route::Id { name, instance, weight } => format!("id:{},{instance},{weight}", name.as_str()),
        Route::All => "all".into(),
        Route::Many(items) => format!("many:{}", items.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")),
    }
}

#[no_mangle]
pub extern "C" fn tr_app_run(app: &App_TO) -> RString {
    let mut out = String::new();
    match app.send(id("alpha", 7, 9), "hello".into()) {
        RResult::ROk(n) => write!(out, "send={n}"),
        RResult::RErr(e) => write!(out, "send=err:{}", e.as_str()),
    }
    .unwrap();
    app.post(id("beta", 1, 2), "posted".into());
    let Tuple2(x, y) = app.mix(1.5, 2, Tuple2(3.25, 4), 5.5, Tuple2(6, 7.75));
    write!(out, ";mix={x},{y}").unwrap();
    write!(out, ";spill={}", app.spill(1, 2, 3, 4, Tuple2(50, 60), 7, 8)).unwrap();
    write!(out, ";floats={}", app.floats(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.5)).unwrap();
    let list: RVec<u32> = vec![10, 20, 30].into();
    let v = app.values(ROption::RSome(Value::String("json".into())), list, "tail".into());
    write!(out, ";values={}", v.as_str()).unwrap();
    let v = app.values(ROption::RNone, RVec::new(), RString::new());
    write!(out, ";values={}", v.as_str()).unwrap();
    write!(out, ";take={}", app.take(tr_counter_new(41))).unwrap();
    write!(out, ";route={}", describe(&app.route(3))).unwrap();
    write!(out, ";route={}", describe(&app.route(4)).split(':').next().unwrap_or("")).unwrap();
    let Tuple2(a, b) = app.odd(5);
    write!(out, ";odd={a},{b}").unwrap();
    let f = app.big(100);
    write!(out, ";big={},{},{},{},{}", f.a, f.b, f.c, f.d, f.e).unwrap();
    out.into()
}

/// Posts `count` calls from a thread, then a `send` (refused); returns 1 when the send got RErr.
#[no_mangle]
pub extern "C" fn tr_app_post_on_thread(app: &App_TO, count: u32) -> u32 {
    thread::scope(|s| {
        let joined = s
            .spawn(|| {
                for i in 0..count as u64 {
                    app.post(id(&format!("n{i}"), i, 2 * i), format!("m{i}").into());
                }
                matches!(app.send(id("late", 1, 1), "refused".into()), RResult::RErr(_))
            })
            .join();
        match joined {
            Ok(refused) => refused as u32,
            Err(_) => std::process::abort(),
        }
    })
}
