// The full TypeLayout check (type-layout-signatures) on the built plugins: the Rust mirror's
// abi_stable-encoded TypeLayouts (the example connector, the abi_stable-shaped fixture without
// our layout descriptor, and the wrong-on-purpose variants), and the same wrong declarations
// through the C plugin's layout-string path. Every wrong declaration is refused at its path.
import { describe, expect, it } from 'vitest'
import { ConnectorMod, CONNECTOR_VERSION } from '../../examples/connector/interface.ts'
import { LayoutMismatchError, loadLibrary, type PrefixDesc } from '../../src/index.ts'
import { plugins } from './plugins.ts'
import { findDifference, wrongDeclarations } from './wrong-declarations.ts'

const load = (path: string, Module: PrefixDesc = ConnectorMod) => loadLibrary(path, Module, { version: CONNECTOR_VERSION })
function refusal(path: string, Module: PrefixDesc): LayoutMismatchError {
  try {
    load(path, Module)
  } catch (e) {
    if (e instanceof LayoutMismatchError) return e
    throw e
  }
  throw new Error(`${path} loaded with a wrong declaration`)
}

describe('the wrong-on-purpose Rust plugins', () => {
  it('sum(RSlice<i32>) against sum(RSlice<i64>): refused at the slice element, both sides named', () => {
    const e = refusal(plugins().rust.connector_abi_stable_sum_i32, ConnectorMod)
    expect(e.check).toBe('type-layout-signatures')
    expect(e.differences).toContainEqual({ path: 'ConnectorMod.sum.args[0] (RSlice<i32>).data (*const T)', expected: 'i64', found: 'i32' })
    expect(e.message).toContain('ConnectorMod.sum.args[0] (RSlice<i32>).data (*const T): expected i64, found i32')
  })

  it('several differences: every one in the error, one line each', () => {
    const e = refusal(plugins().rust.connector_abi_stable_signatures, ConnectorMod)
    expect(e.check).toBe('type-layout-signatures')
    expect(e.differences).toEqual(
      expect.arrayContaining([
        { path: 'ConnectorMod.connector_type.returns', expected: 'RString', found: '()' },
        expect.objectContaining({ path: 'ConnectorMod.echo', expected: expect.stringMatching(/^1 parameter/), found: expect.stringMatching(/^2 /) }),
        { path: 'ConnectorMod.word_count.returns (RHashMap<RString, u64>)<V>', expected: 'u32', found: 'u64' },
      ]),
    )
    for (const d of e.differences) expect(e.message).toContain(`\n  ${d.path}: expected ${d.expected}, found ${d.found}`)
  })
})

describe('the good plugins run the check and load', () => {
  it.each([
    ['the Rust example connector', () => plugins().rust.example_connector],
    ['the abi_stable-shaped fixture (TypeLayout only)', () => plugins().rust.connector_abi_stable_shaped],
  ])('%s', (_, path) => {
    expect(load(path()).checks).toContain('type-layout-signatures')
  })
})

describe.each([
  ['Rust (abi_stable TypeLayout)', () => plugins().rust.connector_abi_stable_shaped, 'type-layout-signatures'],
  ['C (layout string)', () => plugins().c.example_connector_c, 'layout-string'],
] as const)('wrong declarations through %s', (_, lib, check) => {
  it.each(wrongDeclarations())('%s', (...c) => {
    const e = refusal(lib(), c[1])
    expect(e.check).toBe(check)
    if (check === 'type-layout-signatures') expect(findDifference(e.differences, c)).toBeUndefined()
    else {
      // The layout-string walk names paths its own way (`.args[0]<0>`): the same field, both sides.
      const field = /^ConnectorMod\.(\w+)/.exec(typeof c[2] === 'string' ? c[2] : 'ConnectorMod.from_config')![1]
      const inField = typeof c[2] === 'string' ? e.differences.some((d) => d.path.startsWith(`ConnectorMod.${field}`)) : e.differences.length > 0
      expect(inField, JSON.stringify(e.differences)).toBe(true)
    }
  })
})
