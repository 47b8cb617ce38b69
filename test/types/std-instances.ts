// The std-type instantiations whose layouts were measured elsewhere (the real abi_stable
// crate's JSON, the Rust mirror crate's report), keyed by the names those reports use.
import { t, type CustomDesc, type Desc } from '../../src/index.ts'

export const measuredStdTypes: Record<string, Desc> = {
  RStr: t.RStr,
  'RSlice<u8>': t.RSlice(t.u8),
  'RSlice<i64>': t.RSlice(t.i64),
  'RSliceMut<u32>': t.RSliceMut(t.u32),
  RString: t.RString,
  'RVec<u8>': t.RVec(t.u8),
  'RVec<u32>': t.RVec(t.u32),
  'ROption<i32>': t.ROption(t.i32),
  'ROption<u64>': t.ROption(t.u64),
  'ROption<u32>': t.ROption(t.u32),
  'ROption<RString>': t.ROption(t.RString),
  'RResult<u64,RString>': t.RResult(t.u64, t.RString),
  'RResult<(),RString>': t.RResult(t.unit, t.RString),
  'RBox<u64>': t.RBox(t.u64),
  'Tuple2<u8,u64>': t.Tuple2(t.u8, t.u64),
  'Tuple3<u8,u16,u32>': t.Tuple3(t.u8, t.u16, t.u32),
  'RHashMap<RString,u32>': t.RHashMap(t.RString, t.u32),
  'RCow<RStr,RString>': t.RCowStr,
  RDuration: t.RDuration,
  RCmpOrdering: t.RCmpOrdering,
  'RArc<u64>': t.RArc(t.u64),
  Value: t.Value,
}

/** The descriptor whose members carry the offsets: a custom type's native representation. */
export const reprOf = (d: Desc): Desc => (d.kind === 'custom' ? reprOf((d as CustomDesc).repr) : d)
