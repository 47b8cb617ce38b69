// The prefix types behind a trait object (reference 3.2, 3.3): the common RObjectVtable and the
// trait's own VTable (`_sabi_tys`, `_sabi_vtable`, then one function pointer per method in
// declaration order, each taking the erased object first).
import { t, type Desc, type FnDesc, type PrefixDesc } from '../abi/index.ts'
import { RResult } from '../types/index.ts'
import type { Methods } from './method.ts'

const MaybeCmpUTypeId = t.enum(
  'MaybeCmp<UTypeId>',
  { Just: [t.struct('UTypeId', { executable_identity: t.ptr(), type_id_array: t.array(t.u8, 16) })], Nothing: null },
  { repr: 'u8' },
)
const fmt = t.fn([t.ptr(), t.u8, t.mutPtr()], RResult(t.unit, t.unit))

/** `RObjectVtable` (every field up to `_sabi_display` is a prefix field). */
export const RObjectVtable = t.prefix(
  'RObjectVtable',
  {
    _sabi_tys: t.unit,
    _sabi_type_id: t.fn([], MaybeCmpUTypeId),
    _sabi_drop: t.fn([t.mutPtr()], t.unit),
    _sabi_clone: t.fn([t.ptr()], t.struct('RBox<()>', { data: t.mutPtr(), vtable: t.ptr() })),
    _sabi_debug: fmt,
    _sabi_display: fmt,
  },
  { lastPrefixField: '_sabi_display' },
)

/** The signature of method slot: the erased object (`&self`, `&mut self`, or `self` as `*mut ()`), then the arguments. */
export function slotSignature(args: readonly Desc[], ret: Desc, mutable: boolean, byValue = false): FnDesc {
  return t.fn([byValue ? t.mutPtr(t.unit) : mutable ? t.mutPtr() : t.ptr(), ...args], ret)
}

/** The trait's `VTable` prefix type; `lastPrefixMethod` is the method carrying `#[sabi(last_prefix_field)]`. */
export function traitVTable(name: string, methods: Methods, lastPrefixMethod: string | undefined): PrefixDesc {
  const fields: Record<string, Desc> = { _sabi_tys: t.unit, _sabi_vtable: RObjectVtable }
  for (const [methodName, m] of Object.entries(methods)) fields[methodName] = slotSignature(m.args, m.ret, m.mutable, m.byValue)
  return t.prefix(`${name}_VTable`, fields, lastPrefixMethod === undefined ? {} : { lastPrefixField: lastPrefixMethod })
}

/** Field index of method `k` in the trait VTable. */
export const methodField = (k: number): number => 2 + k
