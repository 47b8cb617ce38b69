// Calling a plugin's vtable slot: each slot address is bound once per signature (plugin code is
// never unloaded), and the formatting slots append to a host RString that can grow.
import { allocNative, bindPointer, dropRuntime, layoutOf, readAt, t, writeAt, type FnDesc } from '../abi/index.ts'
import { RResult } from '../types/option-result.ts'
import { RString } from '../types/vec.ts'

type Call = (...args: unknown[]) => unknown
const bound = new WeakMap<FnDesc, Map<bigint, Call>>()

/** `address` called as `signature`; `name` is what its errors say. */
export function slotCall(address: bigint, signature: FnDesc, name: string): Call {
  let bySig = bound.get(signature)
  if (!bySig) bound.set(signature, (bySig = new Map()))
  let f = bySig.get(address)
  if (!f) bySig.set(address, (f = bindPointer(address, signature, { name }) as unknown as Call))
  return f
}

/** `RResult<(),()> f(const void *obj, FormattingMode mode, RString *out)` (reference 11.D.3). */
export const fmtSignature = t.fn([t.usize, t.u8, t.usize], RResult(t.unit, t.unit))

/** Display/Debug text through `slot`, or undefined when the plugin reports a formatting error. */
export function formatThrough(slot: bigint, obj: bigint, alternate: boolean, name: string): string | undefined {
  const out = allocNative(layoutOf(RString).size)
  try {
    writeAt(RString, out.address, '')
    try {
      const r = slotCall(slot, fmtSignature, name)(obj, alternate ? 1 : 0, out.address) as { ok: boolean }
      return r.ok ? readAt(RString, out.address) : undefined
    } finally {
      dropRuntime().dropInPlace(out.address, RString)
    }
  } finally {
    out.free()
  }
}
