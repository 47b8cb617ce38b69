// The native runtime (src/native; where its library is found: runtime-path.ts): the
// vtables of host-made values, their drop glue, and helpers that walk any map
// through its own vtable. Loaded on first use, so code that only lays out types
// never needs it.
import koffi from 'koffi'
import type { LibraryHandle } from 'koffi'
import { existsSync } from 'node:fs'
import { findRuntime, platformTag, runtimeCandidates } from './runtime-path.ts'
import {
  AbiError,
  allocNative,
  codecOf,
  dropOpsOf,
  floatUnitsOf,
  layoutOf,
  setDropRuntime,
  t,
  type Desc,
  type DropOp,
} from '../abi/index.ts'

/** Where the runtime is (runtime-path.ts says where it is looked for). */
export const runtimePath = findRuntime()

const BUILD_HINT = `build it for this machine with \`npx abi-stable build-runtime\` (needs a C compiler: ${
  process.platform === 'darwin' ? 'xcode-select --install' : 'gcc or clang, e.g. apt-get install gcc'
})`

/** The native runtime is missing (not prebuilt for this platform, not built) or could not be opened. */
export class RuntimeNotBuiltError extends AbiError {
  constructor(detail: string) {
    super('ERR_ABI_RUNTIME_MISSING', `the native runtime of abi-stable is not available on ${platformTag()}: ${detail}; ${BUILD_HINT}`)
  }
}

function missingRuntimeDetail(): string {
  if (process.env.ABI_STABLE_RUNTIME) return `ABI_STABLE_RUNTIME names ${runtimePath}, which does not exist`
  return `the package carries no prebuilt runtime for this platform and none was built at install (looked for ${runtimeCandidates()
    .map((c) => c.path)
    .join(' and ')})`
}

// Native mirrors of the runtime's type descriptions (src/native/abs_runtime.h).
const DropOpNative = t.struct('abs_drop_op', {
  kind: t.u32,
  tag_size: t.u32,
  tag_value: t.u64,
  offset: t.usize,
  count: t.usize,
  stride: t.usize,
  ops: t.ptr(),
  len: t.usize,
})
const TypeNative = t.struct('abs_type', {
  size: t.usize,
  align: t.usize,
  drop: t.ptr(DropOpNative),
  drop_len: t.usize,
  key_kind: t.u32,
  // Which 4-byte units hold only floats: how the runtime passes a map key or value by value.
  float_units: t.u32,
})

export const KeyKind = { Bytes: 0, Str: 1 } as const

// The runtime's entry points take and return only pointers and integers, so they are bound
// with plain koffi signatures: no descriptor conversion on these hot internal paths.
type Ptr = bigint
function bind(lib: LibraryHandle) {
  const f = <T>(signature: string) => lib.func(signature) as unknown as T
  return {
    dropInPlace: f<(value: Ptr, ops: Ptr, len: number) => void>('void abs_drop_in_place(void *value, void *ops, size_t len)'),
    alloc: f<(size: number, align: number) => Ptr>('void *abs_alloc(size_t size, size_t align)'),
    dealloc: f<(p: Ptr, size: number, align: number) => void>('void abs_dealloc(void *p, size_t size, size_t align)'),
    liveAllocations: f<() => number | bigint>('int64_t abs_live_allocations()'),
    vecVTable: f<(elem: Ptr) => Ptr>('void *abs_vec_vtable(void *elem)'),
    boxInit: f<(out: Ptr, type: Ptr) => void>('void abs_box_init(void *out, void *type)'),
    errorNew: f<(out: Ptr, display: Ptr, displayLen: number, debug: Ptr, debugLen: number) => void>(
      'void abs_error_new(void *out, void *display, size_t display_len, void *debug, size_t debug_len)',
    ),
    mapNew: f<(out: Ptr, key: Ptr, value: Ptr) => number>('int abs_map_new(void *out, void *key, void *value)'),
    mapLen: f<(map: Ptr) => number | bigint>('size_t abs_map_len(void *map)'),
    mapCollect: f<(map: Ptr, keys: Ptr, values: Ptr, cap: number) => number | bigint>('size_t abs_map_collect(void *map, void *keys, void *values, size_t cap)'),
    mapInsert: f<(map: Ptr, keyType: Ptr, valueType: Ptr, key: Ptr, value: Ptr, oldOut: Ptr) => number>(
      'int abs_map_insert(void *map, void *key_type, void *value_type, void *key, void *value, void *old_out)',
    ),
  }
}

type Bound = ReturnType<typeof bind>
let bound: Bound | undefined
// koffi unloads a library once its handle is garbage-collected; host-made values point at the
// runtime's code and vtables for the life of the process, so the handle is kept forever.
let library: LibraryHandle | undefined

/** The runtime's library, loaded on first use (the trait and async parts bind more of its functions). */
export function runtimeLibrary(): LibraryHandle {
  runtime()
  return library!
}

/** The runtime's functions, loading the library on first use. */
export function runtime(): Bound {
  if (bound) return bound
  if (!existsSync(runtimePath)) throw new RuntimeNotBuiltError(missingRuntimeDetail())
  let lib: LibraryHandle
  try {
    lib = koffi.load(runtimePath)
  } catch (e) {
    throw new RuntimeNotBuiltError(`${runtimePath} does not load here (${(e as Error).message})`)
  }
  library = lib
  bound = bind(library)
  return bound
}

// Type descriptions, built once per descriptor and kept for the life of the process
// (host vtables point at them, and a plugin may hold a host value forever).
const typeCache = [new WeakMap<Desc, bigint>(), new WeakMap<Desc, bigint>()] // by key kind
const opsCache = new WeakMap<Desc, { address: bigint; len: number }>()

function writeOps(ops: readonly DropOp[]): { address: bigint; len: number } {
  if (ops.length === 0) return { address: 0n, len: 0 }
  const size = layoutOf(DropOpNative).size
  const block = allocNative(size * ops.length)
  const values = ops.map((op) => {
    const inner = op.ops ? writeOps(op.ops) : { address: 0n, len: 0 }
    const value = {
      kind: op.kind,
      tag_size: op.tagSize ?? 0,
      tag_value: op.tagValue === undefined ? 0n : BigInt.asUintN(64, op.tagValue),
      offset: op.offset,
      count: op.count ?? 0,
      stride: op.stride ?? 0,
      ops: inner.address,
      len: inner.len,
    }
    return value
  })
  block.write((view) => values.forEach((value, i) => writeInto(DropOpNative, view, i * size, value)))
  return { address: block.address, len: ops.length }
}

const writeInto = <D extends Desc>(d: D, view: DataView, offset: number, value: unknown) => codecOf(d).write(view, offset, value as never)

function opsOf(d: Desc): { address: bigint; len: number } {
  let ops = opsCache.get(d)
  if (!ops) {
    ops = writeOps(dropOpsOf(d))
    opsCache.set(d, ops)
  }
  return ops
}

/** The runtime's `abs_type` for `d` (size, alignment, drop glue, how a map compares it as a key). */
export function nativeTypeOf(d: Desc, keyKind: number = KeyKind.Bytes): bigint {
  let address = typeCache[keyKind].get(d)
  if (address === undefined) {
    const { size, align } = layoutOf(d)
    const ops = opsOf(d)
    const block = allocNative(layoutOf(TypeNative).size)
    block.write((view) => writeInto(TypeNative, view, 0, { size, align, drop: ops.address, drop_len: ops.len, key_kind: keyKind, float_units: floatUnitsOf(d) }))
    address = block.address
    typeCache[keyKind].set(d, address)
  }
  return address
}

/** Drops the value of type `d` at `address` through its own vtables (one native call). */
export function dropInPlace(address: bigint, d: Desc): void {
  const ops = opsOf(d)
  if (ops.len > 0) runtime().dropInPlace(address, ops.address, ops.len)
}

setDropRuntime({ dropInPlace })

/** Live allocations made by the runtime (host-made buffers, boxes, maps): 0 when nothing leaked. */
export const liveAllocations = (): bigint => BigInt(runtime().liveAllocations())

