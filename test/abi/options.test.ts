// Options the library does not know are refused by name, never ignored: `{ pointer: 'RMut' }` on a
// trait, `{ receiver: 'value' }` on a method or `{ missing_field }` on a module would otherwise be read
// as the default and misread the plugin's bytes or free a value twice.
import koffi from 'koffi'
import { describe, expect, it } from 'vitest'
import { bindFunction, callback, channel, DeclarationError, implement, t } from '../../src/index.ts'
import { libPath } from '../setup/paths.ts'

const refused = (f: () => unknown, message: string) => {
  expect(f).toThrow(DeclarationError)
  expect(f).toThrow(message)
}

describe('unknown options are a DeclarationError naming them', () => {
  it('t.trait', () => {
    refused(() => t.trait('App', { m: t.method([], t.u8) }, { ptr: 'RMut' } as never), "App: unknown option 'ptr'; the options are 'lastPrefixField', 'jsImplementable', 'pointer', 'send', 'sync'")
  })
  it('t.method', () => {
    refused(() => t.method([], t.unit, { receiver: 'value' } as never), "t.method: unknown option 'receiver'; the options are 'mut', 'fallback', 'self', 'offThread', 'timeoutMs'")
  })
  it('t.enum', () => {
    refused(() => t.enum('Cmd', { A: null }, { repr: 'u8', nonExhaustive: true } as never), "Cmd: unknown option 'nonExhaustive'")
  })
  it('t.prefixModule and t.prefix', () => {
    refused(() => t.prefixModule('Mod', { f: t.fn([], t.unit) }, { lastPrefixField: 'f', missing_field: 'panic' } as never), "Mod: unknown option 'missing_field'; the options are 'lastPrefixField', 'baseName', 'missingField', 'defaults'")
    refused(() => t.prefix('P', { a: t.u8 }, { lastPrefixfield: 'a' } as never), "P: unknown option 'lastPrefixfield'")
  })
  it('implement', () => {
    const T = t.trait('Tally', { n: t.method([], t.u32) })
    refused(() => implement(T, { n: () => 1 }, { keepalive: true } as never), "implement(Tally): unknown option 'keepalive'; the options are 'keepAlive'")
  })
  it('callback', () => {
    refused(() => callback((n: number) => n, t.fn([t.u32], t.u32), { keep: true } as never), "callback: unknown option 'keep'; the options are 'keepAlive', 'fallback', 'offThread', 'timeoutMs'")
  })
  it('bindFunction', () => {
    const lib = koffi.load(libPath('roundtrip'))
    refused(() => bindFunction(lib, 'rt_Arrays_size', t.fn([], t.usize), { returns: 'handle', keep: true } as never), "bindFunction(rt_Arrays_size): unknown option 'keep'")
  })
  it('channel', () => {
    refused(() => channel({ capacity: 4, bound: 4 } as never), "channel: unknown option 'bound'; the options are 'capacity', 'batch'")
  })
  it('an options argument that is not an object', () => {
    refused(() => t.method([], t.unit, 'mut' as never), 't.method: options must be an object, got string "mut"')
  })
  it('known options still work', () => {
    expect(t.method([], t.u8, { mut: true, fallback: 0 }).mutable).toBe(true)
    expect(t.enum('E', { A: null, B: null }, { repr: 'u8', discriminants: { B: 5 } }).kind).toBe('enum')
  })
})
