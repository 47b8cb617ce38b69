// Recognises the std types (and trait objects, opaque boxes, channel ends) among custom descriptors, with their
// generic arguments, so both generators can name them as abi_stable.h and the mirror crate do.
import type { CustomDesc, Desc, EnumDesc, StructDesc, PtrDesc } from '../abi/index.ts'
import type { TraitInfo } from '../trait/index.ts'
import { CodegenError } from './errors.ts'

export type StdName =
  | 'RString' | 'RStr' | 'Value' | 'RDuration' | 'RCmpOrdering' | 'EventSender' | 'RBoxError' | 'SendRBoxError' | 'UnsyncRBoxError'
  | 'RVec' | 'RSlice' | 'RSliceMut' | 'ROption' | 'RResult' | 'RHashMap' | 'RBox' | 'RArc' | 'RCow'
  | 'FfiFuture' | 'BorrowingFfiFuture' | 'LocalFfiFuture' | 'LocalBorrowingFfiFuture'
  | 'RSender' | 'RReceiver'

export type StdType =
  | { readonly std: StdName; readonly args: readonly Desc[] }
  | { readonly std: 'trait'; readonly args: readonly []; readonly trait: TraitInfo }
  | { readonly std: 'opaque'; readonly args: readonly []; readonly opaqueName: string }

const PLAIN: readonly StdName[] = ['RString', 'RStr', 'Value', 'RDuration', 'RCmpOrdering', 'EventSender', 'RBoxError', 'SendRBoxError', 'UnsyncRBoxError']
const FUTURES = ['FfiFuture', 'BorrowingFfiFuture', 'LocalFfiFuture', 'LocalBorrowingFfiFuture'] as const

const pointee = (repr: Desc, field: string): Desc => {
  const m = (repr as StructDesc).members.find((x) => x.name === field)
  const target = m && m.type.kind === 'ptr' ? (m.type as PtrDesc).target : null
  if (!target) throw new CodegenError(`${repr.name}: cannot find its element type`)
  return target
}
const variantArgs = (repr: Desc): Desc[] => (repr as EnumDesc).variants.filter((v) => v.members.length > 0).map((v) => v.members[0].type)

/** What a custom descriptor is, with its generic arguments; a CodegenError when it is none of the known ones. */
export function stdTypeOf(d: CustomDesc): StdType {
  const extra = d as CustomDesc & { trait?: TraitInfo; opaqueName?: string; output?: Desc }
  if (extra.trait) return { std: 'trait', args: [], trait: extra.trait }
  const flavour = FUTURES.find((f) => d.name.startsWith(`${f}<`))
  if (flavour && extra.output) return { std: flavour, args: [extra.output] }
  if (extra.opaqueName) return { std: 'opaque', args: [], opaqueName: extra.opaqueName }
  // t.RSender(T) / t.RReceiver(T): the element type is the descriptor's `elem`.
  const channel = /^(RSender|RReceiver)</.exec(d.name)?.[1] as 'RSender' | 'RReceiver' | undefined
  const elem = (d as CustomDesc & { elem?: Desc }).elem
  if (channel && elem) return { std: channel, args: [elem] }
  if ((PLAIN as readonly string[]).includes(d.name)) return { std: d.name as StdName, args: [] }
  const generic = /^([A-Za-z]+)</.exec(d.name)?.[1]
  switch (generic) {
    case 'RVec':
    case 'RBox':
    case 'RArc':
      return { std: generic, args: [pointee(d.repr, generic === 'RVec' ? 'buffer' : 'data')] }
    case 'RSlice':
    case 'RSliceMut':
      return { std: generic, args: [pointee(d.repr, 'data')] }
    case 'ROption':
    case 'RResult':
    case 'RCow':
      return { std: generic, args: variantArgs(d.repr) }
    case 'RHashMap':
      if (d.typeArgs?.length === 2) return { std: 'RHashMap', args: d.typeArgs }
  }
  throw new CodegenError(`${d.name}: no C or Rust spelling is known for this custom type (codegen knows the std types, t.trait and t.opaque)`)
}
