// The JS function of a bound function whose arguments are all primitives, compiled once per bound
// function. One shared closure for every signature would share V8's type feedback too: its calls
// of koffi functions, converters and readers turn megamorphic as soon as a few signatures are in
// use, and each call pays for it (the reason a bench row's result depended on the rows before
// it). Each bound function here has code of its own, with each argument's usual values accepted
// by an inline test and anything else handed to the argument's full check (which converts or
// throws the typed error naming the argument).
import type { Desc } from './descriptor.ts'
import { hostModel } from './model.ts'
import type { TransparentDesc } from './kinds/transparent.ts'

/** The primitive's name behind transparent wrappers, or undefined for another kind. */
function primName(d: Desc): string | undefined {
  while (d.kind === 'transparent') d = (d as TransparentDesc).inner
  return d.kind === 'prim' ? d.name : undefined
}

/**
 * An expression true only for values the primitive's check accepts and passes on unchanged (for
 * a number, a strict comparison with an integer operation's result is false for anything out of
 * range or fractional; a BigInt must not reach the operation, which would throw); null where no
 * quick test is worth it.
 */
function quickAccept(d: Desc, x: string): string | null {
  const name = primName(d)
  const wide = (signed: boolean) => `typeof ${x} === 'bigint' && BigInt.${signed ? 'asIntN' : 'asUintN'}(64, ${x}) === ${x}`
  const int = (op: string) => `typeof ${x} === 'number' && ${op} === ${x}`
  switch (name) {
    case 'bool':
      return `typeof ${x} === 'boolean'`
    case 'u8':
      return int(`(${x} & 255)`)
    case 'u16':
      return int(`(${x} & 65535)`)
    case 'u32':
      return int(`(${x} >>> 0)`)
    case 'i8':
      return int(`(${x} << 24 >> 24)`)
    case 'i16':
      return int(`(${x} << 16 >> 16)`)
    case 'i32':
      return int(`(${x} | 0)`)
    case 'f32':
    case 'f64':
      return `typeof ${x} === 'number'`
    case 'u64':
    case 'i64':
      return wide(name === 'i64')
    case 'usize':
    case 'isize':
      return hostModel.pointerSize === 8 ? wide(name === 'isize') : null
    default:
      return null
  }
}

export interface PrimitiveShim {
  args: readonly Desc[]
  /** Arguments taken as they are (a method's `self`, which the trait object supplies). */
  trusted: number
  /** The koffi function. */
  call: (...a: unknown[]) => unknown
  /** Converts koffi's result; 'itself' when it is the value, 'bigint' for a 64-bit integer (koffi gives a number when it fits). */
  result: ((k: unknown) => unknown) | 'itself' | 'bigint'
  /** The full check of argument `i`: the value koffi takes, or a thrown typed error. */
  arg: (i: number, v: unknown) => unknown
  /** The error for a call with `count` arguments. */
  arity: (count: number) => Error
  name: string
}

let compiled = 0

// koffi gives a 64-bit result as a number when it fits; BigInt(number) allocates (~25 ns, as much
// as the call itself). V8 keeps small numbers as immediates but has no such BigInts, so the
// common small results (counts, lengths, flags, ids) come from this table: BigInts are
// primitives compared by value, so a shared one cannot be told from a new one.
const SMALL_FIRST = -128
const SMALL_LAST = 1023
const SMALL_BIGINTS: readonly bigint[] = Object.freeze(Array.from({ length: SMALL_LAST - SMALL_FIRST + 1 }, (_, i) => BigInt(i + SMALL_FIRST)))

/** The bound function for `shim`, with code of its own. */
export function primitiveShim(shim: PrimitiveShim): (...a: unknown[]) => unknown {
  const n = shim.args.length
  const params = shim.args.map((_, i) => `a${i}`)
  const checks = shim.args
    .map((d, i) => {
      if (i < shim.trusted) return ''
      const quick = quickAccept(d, `a${i}`)
      return quick ? `  if (!(${quick})) a${i} = arg(${i}, a${i})\n` : `  a${i} = arg(${i}, a${i})\n`
    })
    .join('')
  const invoke = `call(${params.join(', ')})`
  // A distinct source per function: V8 never shares compiled code or feedback between them.
  const source = `// ${shim.name.replace(/[\r\n]/g, ' ')} #${compiled++}
return function (${params.join(', ')}) {
  'use strict'
  if (arguments.length !== ${n}) throw arity(arguments.length)
${checks}  ${shim.result === 'itself' ? `return ${invoke}` : shim.result === 'bigint' ? `const r = ${invoke}
  return typeof r !== 'number' ? r : r >= ${SMALL_FIRST} && r <= ${SMALL_LAST} ? SMALL[r - ${SMALL_FIRST}] : BigInt(r)` : `return result(${invoke})`}
}`
  const make = new Function('call', 'result', 'arg', 'arity', 'SMALL', source) as (...a: unknown[]) => (...a: unknown[]) => unknown
  return make(shim.call, typeof shim.result === 'function' ? shim.result : null, shim.arg, shim.arity, SMALL_BIGINTS)
}
