// Value: the JSON-like value of connector configs and events, built from the R*
// types as Tremor's PdkValue was. Its layout is defined here once and mirrored in
// plugins-c/include/abi_stable.h and the Rust mirror crate:
//   #[repr(u8)] enum Value { Null = 0, Bool(bool) = 1, I64(i64) = 2, U64(u64) = 3, F64(f64) = 4,
//     String(RString) = 5, Bytes(RVec<u8>) = 6, Array(RVec<Value>) = 7, Object(RHashMap<RString, Value>) = 8 }
// In JS: null, boolean, number (bigint when an integer does not fit a double exactly),
// string, Uint8Array, arrays and plain objects.
import { InvalidValueError, codecOf, custom, dropOpsOf, layoutString, lazy, shiftOps, t, type CustomDesc, type Desc } from '../abi/index.ts'
import { RHashMap } from './hashmap.ts'
import { RString, RVec } from './vec.ts'
import { NOT_TAKEN, readValue, registerValueType, writeValue } from './value-codec.ts'

export type JsonValue = null | boolean | number | bigint | string | Uint8Array | JsonValue[] | { [key: string]: JsonValue }

const ValueRef = lazy('Value', (): Desc => Value)

export const ValueRepr = t.enum(
  'Value',
  {
    Null: null,
    Bool: [t.bool],
    I64: [t.i64],
    U64: [t.u64],
    F64: [t.f64],
    String: [RString],
    Bytes: [RVec(t.u8)],
    Array: [RVec(ValueRef)],
    Object: [RHashMap(RString, ValueRef)],
  },
  { repr: 'u8' },
)

const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n
const U64_MAX = 2n ** 64n - 1n

/** A string a Value can hold: well-formed UTF-16 (a lone surrogate has no UTF-8). */
function checkText(s: string, what: string): void {
  if (!(s as string & { isWellFormed(): boolean }).isWellFormed()) throw new InvalidValueError(`${what} of well-formed UTF-16`, 'a string with a lone surrogate')
}

function toRepr(value: unknown): unknown {
  if (value === null || value === undefined) return { tag: 'Null' }
  switch (typeof value) {
    case 'boolean':
      return { tag: 'Bool', 0: value }
    case 'number':
      return Number.isSafeInteger(value) ? { tag: 'I64', 0: value } : { tag: 'F64', 0: value }
    case 'bigint':
      if (value >= I64_MIN && value <= I64_MAX) return { tag: 'I64', 0: value }
      if (value > I64_MAX && value <= U64_MAX) return { tag: 'U64', 0: value }
      throw new InvalidValueError('a Value integer within i64 or u64', `bigint ${value}n`)
    case 'string':
      checkText(value, 'a Value string')
      return { tag: 'String', 0: value }
    case 'object':
      if (value instanceof Uint8Array) return { tag: 'Bytes', 0: value }
      if (Array.isArray(value)) return { tag: 'Array', 0: value }
      if (value instanceof Map) {
        for (const k of value.keys()) if (typeof k === 'string') checkText(k, 'a Value key')
        return { tag: 'Object', 0: value }
      }
      if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
        for (const k in value) checkText(k, 'a Value key')
        return { tag: 'Object', 0: value }
      }
      throw new InvalidValueError('a Value (null, boolean, number, bigint, string, Uint8Array, array or plain object)', (value as object).constructor?.name ?? 'object')
    default:
      throw new InvalidValueError('a Value (null, boolean, number, bigint, string, Uint8Array, array or plain object)', typeof value)
  }
}

const narrow = (n: bigint): number | bigint => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n)

function fromRepr(r: { tag: string; 0?: unknown }): JsonValue {
  switch (r.tag) {
    case 'Null':
      return null
    case 'I64':
    case 'U64':
      return narrow(r[0] as bigint)
    case 'Object':
      return Object.fromEntries(r[0] as Map<string, JsonValue>)
    default:
      return r[0] as JsonValue
  }
}

const reprCodec = () => codecOf(ValueRepr)
const writing = new Set<object>()

// Above 0 while the per-node codec converts a Value: its nested Values do not try the one-buffer path again.
let perNode = 0

export const Value: CustomDesc<JsonValue, JsonValue | undefined | Map<string, JsonValue>> = custom({
  name: 'Value',
  repr: ValueRepr,
  layoutText: () => layoutString(ValueRepr),
  read(view, offset) {
    if (perNode === 0) {
      const v = readValue(Value, view, offset)
      if (v !== NOT_TAKEN) return v as JsonValue
    }
    perNode++
    try {
      return fromRepr(reprCodec().read(view, offset) as { tag: string })
    } finally {
      perNode--
    }
  },
  write(view, offset, value) {
    if (perNode === 0 && writeValue(Value, view, offset, value)) return
    perNode++
    try {
      writePerNode(view, offset, value)
    } finally {
      perNode--
    }
  },
  dropOps: (offset) => shiftOps(dropOpsOf(ValueRepr), offset),
})

registerValueType(Value)

function writePerNode(view: DataView, offset: number, value: unknown): void {
  const repr = toRepr(value)
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return reprCodec().write(view, offset, repr as never)
  // Arrays and objects being written: one met again inside itself is a cycle.
  if (writing.has(value)) throw new InvalidValueError('a Value without cycles', 'an array or object that contains itself')
  writing.add(value)
  try {
    reprCodec().write(view, offset, repr as never)
  } finally {
    writing.delete(value)
  }
}
