// `abi-stable declare` from a layout string keeps what the bytes alone do not say: each trait
// method's receiver (&self, &mut self, self by value) and RBoxError; the declaration it writes has
// the same layout string as the one it was made from.
import { expect, it } from 'vitest'
import { layoutString, t } from '../../src/index.ts'
import { declareFromLayoutString } from '../../src/cli/declare.ts'

it('receivers and RBoxError survive a declare round trip', () => {
  const Ticket = t.trait('Ticket', {
    id: t.method([], t.u64),
    redeem: t.method([t.RStr], t.RString, { self: 'value' }),
    bump: t.method([], t.unit, { mut: true }),
  })
  const M = t.prefixModule('M', { mk: t.fn([], Ticket), err: t.fn([], t.RResult(t.u32, t.RBoxError)) })
  const declared = declareFromLayoutString(layoutString(M))
  const code = declared.module.consts.map((c) => c.code).join('\n')
  expect(code).toContain("redeem: t.method([t.RStr], t.RString, { self: 'value' })")
  expect(code).toContain('bump: t.method([], t.unit, { mut: true })')
  expect(code).toContain('id: t.method([], t.u64)')
  expect(layoutString(declared.root.desc)).toBe(layoutString(M))
})
