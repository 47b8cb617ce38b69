// A plugin's DynTrait vtable (reference 3.5, 11.D), read once per address: its accessibility bits
// and the slot of each trait, 0n where the bit is clear or the slot null. The vtable is a prefix
// type whose value starts at WM+16 (it is align(16)); every field is in the prefix, so the whole
// 288-byte value is there even when most bits are clear.
import { readNative } from '../abi/index.ts'

const LE = true
const VALUE = 16

/** Value offsets (64-bit) and field indices (= bits) of the slots the host calls. */
const SLOTS = {
  type_info: [0, 0],
  drop_ptr: [8, 2],
  clone_ptr: [16, 3],
  default_ptr: [24, 4],
  display: [32, 5],
  debug: [40, 6],
  serialize: [48, 7],
  partial_eq: [56, 8],
  cmp: [64, 9],
  partial_cmp: [72, 10],
  hash: [80, 11],
  fmt_write_str: [184, 14],
  io_seek: [272, 18],
} as const
/** ROption blocks: tag offset, first function's offset, field index. */
const BLOCKS = {
  iter: [88, 96, 12],
  back_iter: [152, 160, 13],
  io_write: [192, 200, 15],
  io_read: [224, 232, 16],
  io_bufread: [248, 256, 17],
} as const

export type SlotName = keyof typeof SLOTS
export interface DynVTable {
  readonly address: bigint
  readonly bits: bigint
  readonly slots: Readonly<Record<SlotName, bigint>>
  /** IteratorFns (next, extending_rvec, size_hint, count, last, nth, skip_eager), or null. */
  readonly iter: readonly bigint[] | null
  /** DoubleEndedIteratorFns (next_back, extending_rvec_back, nth_back), or null. */
  readonly backIter: readonly bigint[] | null
  /** IoWriteFns (write, write_all, flush), IoReadFns (read, read_exact), IoBufReadFns (fill_buf, consume), or null. */
  readonly ioWrite: readonly bigint[] | null
  readonly ioRead: readonly bigint[] | null
  readonly ioBufRead: readonly bigint[] | null
}

const seen = new Map<bigint, DynVTable>()

/** The vtable at `address` (the WM header), read once: plugin vtables are statics. */
export function dynVTable(address: bigint): DynVTable {
  let vt = seen.get(address)
  if (vt) return vt
  const view = readNative(address, VALUE + 288)
  const bits = view.getBigUint64(0, LE)
  const has = (index: number) => ((bits >> BigInt(index)) & 1n) === 1n
  const slots = Object.fromEntries(
    Object.entries(SLOTS).map(([name, [offset, index]]) => [name, index < 3 || has(index) ? view.getBigUint64(VALUE + offset, LE) : 0n]),
  ) as Record<SlotName, bigint>
  const block = ([tag, first, index]: readonly [number, number, number], count: number) =>
    has(index) && view.getUint8(VALUE + tag) === 0 ? Array.from({ length: count }, (_, k) => view.getBigUint64(VALUE + first + 8 * k, LE)) : null
  vt = Object.freeze({
    address,
    bits,
    slots,
    iter: block(BLOCKS.iter, 7),
    backIter: block(BLOCKS.back_iter, 3),
    ioWrite: block(BLOCKS.io_write, 3),
    ioRead: block(BLOCKS.io_read, 2),
    ioBufRead: block(BLOCKS.io_bufread, 2),
  })
  seen.set(address, vt)
  return vt
}
