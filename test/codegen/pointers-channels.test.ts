// Codegen of trait objects over RArc/RMut/RRef, of auto traits and of channel ends
// (test/codegen/pointers.interface.ts): the generated Rust module builds a plugin (with the mirror
// crate) that loads with the very declaration it came from, layout string and TypeLayout checks
// passing, and is driven through every function; a declaration with other auto traits is refused
// by the TypeLayout check; `abi-stable declare` on that plugin gives the declaration back (both
// sources), which loads it again. The generated C header compiles with warnings as errors.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { pathToFileURL } from 'node:url'
import { LayoutMismatchError, layoutString, loadLibrary, rchannel, t, type PrefixDesc } from '../../src/index.ts'
import { declareLibrary } from '../../src/cli/declare.ts'
import { cHeader } from '../../src/codegen/c-header.ts'
import { rustModule } from '../../src/codegen/rust-module.ts'
import { repoRoot } from '../setup/paths.ts'
import { buildMirrorCrate } from './mirror-crate.ts'
import { POINTERS_VERSION, PointersMod } from './pointers.interface.ts'

const work = path.join(repoRoot, 'build', 'codegen')
const input = { source: 'test/codegen/pointers.interface.ts', guard: 'pointers', roots: [PointersMod], version: POINTERS_VERSION }
const M = 'abi_stable_mirror'

beforeAll(() => fs.mkdirSync(work, { recursive: true }))

describe('the Rust module', () => {
  const rust = rustModule(input)

  it('declares each trait once, with its auto traits as supertraits and the pointer object types it is used with', () => {
    expect(rust).toContain('pub trait Sink: Send + Sync [object = Sink_TO, vtable = SinkVTable, package = ABI_STABLE_INTERFACE_PACKAGE] {')
    expect(rust).toContain('pub trait Tally [object = Tally_TO, vtable = TallyVTable, package = ABI_STABLE_INTERFACE_PACKAGE, pointers = (TallyArc_TO, TallyMut_TO, TallyRef_TO)] {')
    expect(rust.match(/sabi_trait! \{/g)).toHaveLength(2)
    expect(rust).toContain("pub tally_add: extern \"C\" fn(TallyMut_TO<'_>, i64) -> i64,")
    expect(rust).toContain("pub tally_get: extern \"C\" fn(TallyRef_TO<'_>) -> i64,")
    expect(rust).toContain('pub tally_arc: extern "C" fn(i64) -> TallyArc_TO,')
    expect(rust).toContain(`pub count_to: extern "C" fn(u64) -> ${M}::external_types::crossbeam_channel::RReceiver<u64>,`)
    expect(rust).toContain(`pub send_all: extern "C" fn(${M}::external_types::crossbeam_channel::RSender<${M}::RString>, u32),`)
  })

  it('one trait declared with two sets of auto traits is refused, naming it', () => {
    const other = t.prefixModule('Two', { a: t.fn([], t.trait('Sink', { put: t.method([t.u64], t.u64, { mut: true }) })), b: t.fn([], PointersMod.fields.sink_new.ret) })
    expect(() => rustModule({ ...input, roots: [other] })).toThrow(/trait Sink is declared with different send\/sync options/)
  })

  const built = 'a plugin built from it loads with the declaration (every check) and works'
  it(built, async () => {
    const r = buildMirrorCrate(work, 'pointers-crate', 'pointers-codegen', { 'pointers.rs': rust, 'lib.rs': PLUGIN })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const lib = r.lib

    const loaded = loadLibrary(lib, PointersMod, { version: POINTERS_VERSION })
    expect(loaded.checks).toEqual(expect.arrayContaining(['layout-string', 'type-layout-field-names', 'type-layout-signatures']))
    const m = loaded.module as any
    const sink = m.sink_new()
    expect(sink.put(2n)).toBe(2n)
    expect(sink.put(3n)).toBe(5n)
    sink.drop()
    const arc = m.tally_arc(10n)
    expect(arc.get()).toBe(10n)
    const twin = arc.clone()
    arc.drop()
    expect(twin.get()).toBe(10n)
    twin.drop()
    // A JS Tally lent as RMut, then as RRef: the plugin calls it during the call only.
    let total = 100n
    const js = { add: (by: bigint) => (total += by), get: () => total }
    expect(m.tally_add(js, 5n)).toBe(105n)
    expect(m.tally_get(js)).toBe(105n)
    const got: bigint[] = []
    for await (const v of m.count_to(4n)) got.push(v)
    expect(got).toEqual([1n, 2n, 3n, 4n])
    const { sender, receiver } = rchannel(t.RString, { capacity: 4 })
    m.send_all(sender, 3)
    const texts: string[] = []
    for await (const s of receiver) texts.push(String(s))
    expect(texts).toEqual(['item-0', 'item-1', 'item-2'])

    // The same plugin against a declaration whose Sink has no auto traits: the layout string
    // (which records no auto traits) passes, the TypeLayout's RequiredTraits do not.
    const NoAuto = t.prefixModule('PointersMod', { ...PointersMod.fields, sink_new: t.fn([], t.trait('Sink', { put: t.method([t.u64], t.u64, { mut: true }) })) }, { lastPrefixField: 'send_all' })
    let refused: unknown
    try {
      loadLibrary(lib, NoAuto, { version: POINTERS_VERSION })
    } catch (e) {
      refused = e
    }
    expect(refused).toBeInstanceOf(LayoutMismatchError)
    expect((refused as LayoutMismatchError).check).toBe('type-layout-signatures')
    expect((refused as LayoutMismatchError).differences).toEqual([expect.objectContaining({ path: 'PointersMod.sink_new.returns (Sink_TO) auto traits of Sink' })])

    // `abi-stable declare` on the built plugin, from its layout string and from its TypeLayout:
    // pointers, auto traits and channel ends come back, and the printed file loads it.
    for (const source of ['layout-string', 'type-layout'] as const) {
      const d = declareLibrary(lib, path.relative(work, path.join(repoRoot, 'src', 'index.ts')), source)
      expect(d.warnings).toEqual([])
      expect(d.text).toContain("{ pointer: 'RArc' }")
      expect(d.text).toContain("{ pointer: 'RMut' }")
      expect(d.text).toContain("{ pointer: 'RRef' }")
      expect(d.text).toContain('{ send: true, sync: true }')
      expect(d.text).toContain('t.RReceiver(t.u64)')
      expect(d.text).toContain('t.RSender(t.RString)')
      const file = path.join(work, `pointers-declared-${source}.ts`)
      fs.writeFileSync(file, d.text)
      const declared = (await import(pathToFileURL(file).href)) as { PointersMod: PrefixDesc; VERSION: string }
      expect(layoutString(declared.PointersMod)).toBe(layoutString(PointersMod))
      const again = loadLibrary(lib, declared.PointersMod, { version: declared.VERSION })
      expect(again.checks).toEqual(expect.arrayContaining(['layout-string', 'type-layout-signatures']))
      expect((again.module as any).tally_get({ add: () => 0n, get: () => 7n })).toBe(7n)
    }
  }, 600_000)
})

describe('the C header', () => {
  it('spells borrowed objects AbsRObjectRef, owned ones AbsRObject, channel ends AbsRChannelEnd, and compiles (-Werror)', () => {
    const header = cHeader(input)
    expect(header).toContain('typedef struct AbsRObjectRef {')
    expect(header).toMatch(/int64_t \(\*tally_add\)\(AbsRObjectRef, int64_t\)/)
    expect(header).toMatch(/AbsRObject \(\*tally_arc\)\(int64_t\)/)
    expect(header).toMatch(/AbsRChannelEnd \(\*count_to\)\(uint64_t\)/)
    expect(header).toMatch(/void \(\*send_all\)\(AbsRChannelEnd, uint32_t\)/)
    const dir = path.join(work, 'pointers-c')
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'pointers.h'), header)
    const source = path.join(dir, 'use.c')
    fs.writeFileSync(
      source,
      `#include "pointers.h"\n` +
        `PointersMod_DEFINE_TYPE_LAYOUT(module_layout, "generated_test");\n` +
        `static const PointersMod_WM module = { PointersMod_ALL_FIELDS, &module_layout, { 0 } };\n` +
        `static AbsRootModuleResult constructor(void) { return abs_root_module_ok(&module); }\n` +
        `PointersMod_EXPORT_ROOT_MODULE("pointers", "pointers", constructor);\n`,
    )
    const r = spawnSync('gcc', ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-Werror', '-c', '-fPIC', '-I', path.join(repoRoot, 'plugins-c', 'include'), '-I', dir, source, '-o', path.join(dir, 'use.o')], { encoding: 'utf8' })
    if (r.error) throw new Error(`gcc is needed for the codegen tests: ${r.error.message}`)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})

/** The plugin's code, written against the generated module. */
const PLUGIN = `#![deny(warnings)]
#[macro_use]
mod pointers;
use pointers::*;
use abi_stable_mirror::external_types::crossbeam_channel::{bounded, RReceiver, RSender};
use abi_stable_mirror::RString;
use std::sync::atomic::{AtomicI64, Ordering};

struct Total(u64);
impl Sink for Total {
    fn put(&mut self, v: u64) -> u64 {
        self.0 += v;
        self.0
    }
}

struct Shared(AtomicI64);
impl Tally for Shared {
    fn add(&mut self, by: i64) -> i64 {
        self.0.fetch_add(by, Ordering::SeqCst) + by
    }
    fn get(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

extern "C" fn sink_new() -> Sink_TO {
    Sink_TO::from_value(Total(0))
}
extern "C" fn tally_arc(start: i64) -> TallyArc_TO {
    TallyArc_TO::from_value(Shared(AtomicI64::new(start)))
}
extern "C" fn tally_add(mut t: TallyMut_TO<'_>, by: i64) -> i64 {
    t.add(by)
}
extern "C" fn tally_get(t: TallyRef_TO<'_>) -> i64 {
    t.get()
}
extern "C" fn count_to(n: u64) -> RReceiver<u64> {
    let (sender, receiver) = bounded::<u64>(2);
    std::thread::spawn(move || {
        for i in 1..=n {
            if sender.send(i).is_err() {
                break;
            }
        }
    });
    receiver
}
extern "C" fn send_all(sender: RSender<RString>, n: u32) {
    std::thread::spawn(move || {
        for i in 0..n {
            if sender.send(RString::from(format!("item-{i}").as_str())).is_err() {
                break;
            }
        }
    });
}

fn new_module() -> Result<PointersMod, abi_stable_mirror::RBoxError> {
    Ok(PointersMod { sink_new, tally_arc, tally_add, tally_get, count_to, send_all })
}

export_pointers_mod!(base_name: "pointers_codegen", name: "pointers_codegen", package: "pointers_interface", constructor: new_module);
`
