// Host-made values must never claim a plugin's identity: abi_stable adopts a buffer into
// its own allocator when the vtable's type_id equals its own (reference, gotcha 11).
import { describe, expect, inject, it } from 'vitest'
import { Handle, bindPointer, encode, nativeView, t } from '../../src/index.ts'
import { loadTestPlugin } from './api.ts'

const UTypeId = t.struct('UTypeId', { executable_identity: t.ptr(), type_id_array: t.array(t.u8, 16) })
const typeIdFn = t.fn([], UTypeId)

/** Calls `type_id` of the VecVTable (WM + 16) of the vector whose header is at `header`. */
function vecTypeId(header: bigint) {
  const vtable = nativeView(header, 32).getBigUint64(24, true)
  const typeId = nativeView(vtable, 24).getBigUint64(16, true)
  return bindPointer(typeId, typeIdFn)()
}

describe.each(Object.entries(inject('stdTestPlugins')))('%s plugin', (_lang, path) => {
  it('the type_id of a host-made RVec is the runtime\'s own, never the plugin\'s', () => {
    const p = loadTestPlugin(path)
    using pluginVec = p.handle('tp_range_u32')(3)
    const Vec = t.RVec(t.u32)
    using hostVec = new Handle(Vec, new DataView(encode(Vec, [1, 2, 3]).buffer))
    const host = vecTypeId(hostVec.$address)
    const plugin = vecTypeId(pluginVec.$address)
    expect(host.executable_identity).not.toBe(0n)
    expect(plugin.executable_identity).not.toBe(0n)
    expect(host.executable_identity).not.toBe(plugin.executable_identity)
    // The same library answers the same for every element type.
    using hostStrings = new Handle(t.RVec(t.RString), new DataView(encode(t.RVec(t.RString), ['a']).buffer))
    expect(vecTypeId(hostStrings.$address)).toEqual(host)
  })
})
