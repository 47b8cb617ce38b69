// Codegen of RBoxError, SendRBoxError and UnsyncRBoxError (test/codegen/errors.interface.ts): the
// generated Rust module names each alias of the mirror's RBoxError_<M>, a plugin built from it
// loads with the declaration it came from (layout string and TypeLayout signatures, which compare
// the marker M), its errors read as BoxedErrors, and a declaration naming another alias is refused.
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { BoxedError, LayoutMismatchError, loadLibrary, t } from '../../src/index.ts'
import { rustModule } from '../../src/codegen/rust-module.ts'
import { repoRoot } from '../setup/paths.ts'
import { buildMirrorCrate } from './mirror-crate.ts'
import { ERRORS_VERSION, ErrorsMod } from './errors.interface.ts'

const work = path.join(repoRoot, 'build', 'codegen')
const input = { source: 'test/codegen/errors.interface.ts', guard: 'errors', roots: [ErrorsMod], version: ERRORS_VERSION }
const M = 'abi_stable_mirror'

beforeAll(() => fs.mkdirSync(work, { recursive: true }))

describe('RBoxError aliases in the Rust module', () => {
  const rust = rustModule(input)

  it('spells each alias as the mirror exports it', () => {
    expect(rust).toContain(`pub parse: extern "C" fn(${M}::RStr<'_>) -> ${M}::RResult<u16, ${M}::RBoxError>,`)
    expect(rust).toContain(`pub parse_send: extern "C" fn(${M}::RStr<'_>) -> ${M}::RResult<u16, ${M}::SendRBoxError>,`)
    expect(rust).toContain(`pub parse_unsync: extern "C" fn(${M}::RStr<'_>) -> ${M}::RResult<u16, ${M}::UnsyncRBoxError>,`)
  })

  it('a plugin built from it loads with the same declaration, and another marker is refused', () => {
    const r = buildMirrorCrate(work, 'errors-crate', 'errors-codegen', { 'errors.rs': rust, 'lib.rs': PLUGIN })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const lib = r.lib

    const loaded = loadLibrary(lib, ErrorsMod, { version: ERRORS_VERSION })
    expect(loaded.checks).toEqual(expect.arrayContaining(['layout-string', 'type-layout-field-names', 'type-layout-signatures']))
    const m = loaded.module as unknown as Record<string, (s: string) => { ok: boolean; value?: number; error?: BoxedError }>
    for (const name of ['parse', 'parse_send', 'parse_unsync']) {
      expect(m[name]('8080')).toEqual({ ok: true, value: 8080 })
      const bad = m[name]('80a')
      expect(bad.ok).toBe(false)
      expect(bad.error).toBeInstanceOf(BoxedError)
      expect(bad.error!.message).toBe(`${name}: not a port: "80a"`)
    }

    // SendRBoxError declared where the plugin returns RBoxError: the same bytes, another marker.
    const Swapped = t.prefixModule('ErrorsMod', { ...ErrorsMod.fields, parse: t.fn([t.RStr], t.RResult(t.u16, t.SendRBoxError)) }, { lastPrefixField: 'parse_unsync' })
    let refused: unknown
    try {
      loadLibrary(lib, Swapped, { version: ERRORS_VERSION })
    } catch (e) {
      refused = e
    }
    expect(refused).toBeInstanceOf(LayoutMismatchError)
    // The layout string, checked first, already names the alias (the TypeLayout's marker check is
    // test/loader/rbox-error-signature.test.ts).
    expect((refused as LayoutMismatchError).check).toBe('layout-string')
    expect((refused as LayoutMismatchError).differences).toEqual([{ path: 'ErrorsMod.parse.returns<1>', expected: 'SendRBoxError', found: 'RBoxError' }])
  }, 600_000)
})

/** The plugin's code, written against the generated module. */
const PLUGIN = `#![deny(warnings)]
#[macro_use]
mod errors;
use errors::*;
use abi_stable_mirror::{RBoxError, RErr, ROk, RResult, RStr, SendRBoxError, UnsyncRBoxError};

fn port(name: &str, text: RStr<'_>) -> Result<u16, RBoxError> {
    let s = text.as_str();
    match s.parse::<u16>() {
        Ok(p) if s.bytes().all(|b| b.is_ascii_digit()) => Ok(p),
        _ => Err(RBoxError::new(format!("{name}: not a port: {s:?}"))),
    }
}

extern "C" fn parse(text: RStr<'_>) -> RResult<u16, RBoxError> {
    port("parse", text).into()
}
extern "C" fn parse_send(text: RStr<'_>) -> RResult<u16, SendRBoxError> {
    match port("parse_send", text) {
        Ok(p) => ROk(p),
        Err(e) => RErr(e.into_send()),
    }
}
extern "C" fn parse_unsync(text: RStr<'_>) -> RResult<u16, UnsyncRBoxError> {
    match port("parse_unsync", text) {
        Ok(p) => ROk(p),
        Err(e) => RErr(e.into_unsync()),
    }
}

fn new_module() -> Result<ErrorsMod, RBoxError> {
    Ok(ErrorsMod { parse, parse_send, parse_unsync })
}

export_errors_mod!(base_name: "errors_codegen", name: "errors_codegen", package: "errors_interface", constructor: new_module);
`
