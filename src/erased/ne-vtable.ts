// A plugin's NonExhaustiveVtable (reference 11.A), read once per address: its slots and the names
// of the creator's variants from its EnumInfo. Bits are always 0x7FF; a trait the interface lacks
// has a null slot.
import { InvalidValueError, readNative } from '../abi/index.ts'
import { readNativeBytes } from '../abi/index.ts'

const LE = true
const decoder = new TextDecoder()

export const NE_SLOTS = ['clone', 'debug', 'display', 'serialize', 'partial_eq', 'cmp', 'partial_cmp', 'hash'] as const
export type NeSlot = (typeof NE_SLOTS)[number]

export interface NeVTable {
  readonly address: bigint
  readonly drop: bigint
  readonly slots: Readonly<Record<NeSlot, bigint>>
  /** The enum's type name and its variants' names, in declaration order (the creator's enum). */
  readonly typeName: string
  readonly variants: readonly string[]
}

const seen = new Map<bigint, NeVTable>()

function rstr(view: DataView, offset: number, what: string): string {
  const ptr = view.getBigUint64(offset, LE)
  const len = Number(view.getBigUint64(offset + 8, LE))
  if (len === 0) return ''
  if (ptr === 0n || len > 1 << 20) throw new InvalidValueError(`${what} (an RStr)`, `pointer ${ptr}, length ${len}`)
  return decoder.decode(readNativeBytes(ptr, len))
}

/** The vtable at `address` (its WM header). */
export function neVTable(address: bigint, what: string): NeVTable {
  let vt = seen.get(address)
  if (vt) return vt
  const view = readNative(address, 96)
  const info = view.getBigUint64(16, LE)
  const slots = Object.fromEntries(NE_SLOTS.map((name, k) => [name, view.getBigUint64(32 + 8 * k, LE)])) as Record<NeSlot, bigint>
  let typeName = ''
  let variants: string[] = []
  if (info !== 0n) {
    const e = readNative(info, 40)
    typeName = rstr(e, 0, `${what} EnumInfo.type_name`)
    const strings = rstr(e, 16, `${what} EnumInfo.strings`)
    const startLen = e.getUint32(32, LE)
    const names = strings.slice(startLen & 0xffff, (startLen & 0xffff) + (startLen >>> 16))
    variants = names.split(';').filter((n) => n !== '')
  }
  vt = Object.freeze({ address, drop: view.getBigUint64(24, LE), slots, typeName, variants: Object.freeze(variants) })
  seen.set(address, vt)
  return vt
}
