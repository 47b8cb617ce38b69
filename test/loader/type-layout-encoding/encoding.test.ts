// The TypeLayout statics the Rust mirror crate emits for a root module, decoded with an
// independent reader (./decode.ts) and compared with the reference's facts (docs/abi-reference.md
// 5.1 and 5.3): struct offsets, bit layouts, the string blob, the fill order of type_layouts,
// function signatures reached through the std types' fields, and the wrong-on-purpose variants.
import { describe, expect, it } from 'vitest'
import { plugins } from '../plugins.ts'
import { field, functionsOf, inlineLifetimes, moduleOf, readLayout, render, rootLayout, signature, startLen, typeLayoutRange, u64, view, type Layout } from './decode.ts'

const connector = () => moduleOf(rootLayout(plugins().rust.example_connector))

describe('the root module (5.1, 5.3.10 step 1)', () => {
  it('RootModuleConsts.layout is PrefixRef<ConnectorMod>: no fields, phantom field "0" = type_layouts[0]', () => {
    const root = rootLayout(plugins().rust.example_connector)
    expect(root.name).toBe('PrefixRef')
    expect(root.packageAndVersion).toBe('abi_stable;0.11.3')
    expect(root.kind).toBe(2)
    expect(root.fields).toEqual([])
    expect(root.phantomFields.map((f) => [f.name, f.typeIndex, f.isFunction])).toEqual([['0', 0, false]])
    expect(root.isNonzero).toBe(true)
    expect(root.size).toBe(8)
  })

  it('the module: a PrefixType named ConnectorMod of connector_interface 0.1.0, every field a Method accessor and a bare fn', () => {
    const m = connector()
    expect(m.name).toBe('ConnectorMod')
    expect(m.packageAndVersion).toBe('connector_interface;0.1.0')
    expect(m.kind).toBe(5)
    expect(m.genericTag).toBe(5)
    expect(m.prefix).toEqual({ firstSuffixField: 2, conditional: 0n, accessible: 0x1fn })
    // Size and alignment cover the prefix only: connector_type and from_config (reference 10, item 2).
    expect(m.size).toBe(16)
    expect(m.align).toBe(8)
    expect(m.fields.map((f) => f.name)).toEqual(['connector_type', 'from_config', 'echo', 'sum', 'word_count'])
    for (const f of m.fields) {
      expect(f.accessor).toBe(1)
      expect(f.isFunction).toBe(true)
      expect(f.lifetimes).toBe(0)
      // The type of a bare fn field is the AFunctionPointer placeholder (Opaque, size 8, nonzero).
      const t = m.type(f.typeIndex)
      expect([t.name, t.packageAndVersion, t.kind, t.size, t.isNonzero]).toEqual(['AFunctionPointer', 'abi_stable;0.11.3', 1, 8, true])
    }
  })

  it('a derive-made layout: SharedVars.mono is the MonoSharedVars inside its MonoTypeLayout (5.3.1)', () => {
    const m = connector()
    expect(m.sharedVarsMono).toBe(m.mono)
  })
})

describe('struct offsets (5.3.1)', () => {
  it('TypeLayout, MonoTypeLayout, SharedVars, CompTLFields and TLFunctions at the reference offsets', () => {
    const m = connector()
    const tl = view(m.address, 88)
    expect(tl.getBigUint64(0, true)).toBe(m.sharedVars) // shared_vars @0
    expect(tl.getBigUint64(8, true)).toBe(m.mono) // mono @8
    expect(tl.getUint8(17)).toBe(3) // alignment_power_of_two @17
    expect(tl.getBigUint64(24, true)).toBe(16n) // size @24 (the prefix's)
    expect(tl.getBigUint64(32, true)).toBe(0n) // tag @32 (none)
    expect(tl.getUint32(40, true)).toBe(5) // GenericTLData tag @40
    expect(tl.getBigUint64(48, true)).toBe(0x1fn) // accessibility mask @48
    expect(tl.getBigUint64(72, true)).toBe(0n) // extra_checks @72
    expect(tl.getBigUint64(80, true)).not.toBe(0n) // type_id @80
    const mono = view(m.mono, 152)
    expect(mono.getUint16(150, true)).toBe('ConnectorMod'.length) // name_len @150
    expect(mono.getBigUint64(40, true)).toBe(BigInt('connector_interface;0.1.0'.length)) // package_and_version.len @40
    expect(mono.getUint8(64)).toBe(5) // MonoTLData tag @64
    expect(mono.getUint8(72)).toBe(2) // first_suffix_field @72
    expect(mono.getUint16(104, true)).toBe(5) // comp_fields_len @104
    const tlFunctions = mono.getBigUint64(96, true) // CompTLFields.functions @96
    const tf = view(tlFunctions, 24)
    expect(tf.getUint16(16, true)).toBe(5) // functions_len @16
    expect(tf.getUint16(18, true)).toBe(5) // field_fn_ranges_len @18 = the number of fields
    const sv = view(m.sharedVars, 32)
    expect(sv.getUint16(24, true)).toBe(m.typeLayoutsLen) // type_layouts_len @24
    expect(sv.getUint16(26, true)).toBe(0) // constants_len @26
    // CompTLFunction: 28-byte elements; sum (function 3) has its parameter range @16/@20.
    const sumAt = tf.getBigUint64(0, true) + 3n * 28n
    const sum = view(sumAt, 28)
    expect(startLen(sum.getUint32(0, true))).toEqual({ start: m.strings.indexOf('sum;'), len: 3 })
    expect(sum.getUint16(10, true)).toBe(5) // return_type_layout: i64 is type_layouts[5]
    expect(sum.getUint32(16, true) & 0x3ff).toBe(1) // one parameter
  })

  it('a struct keeps its CompTLFields @72, an enum its MonoTLEnum @72..@88 (RSlice, ROption)', () => {
    const m = connector()
    const slice = m.type(functionsOf(m, 'sum')[0].paramIndices[0])
    expect(slice.kind).toBe(2)
    expect(view(slice.mono, 152).getUint16(88, true)).toBe(3) // comp_fields_len @88 (= 72 + 16)
    const option = m.type(functionsOf(m, 'from_config')[0].paramIndices[1])
    expect(option.kind).toBe(4)
    const mono = view(option.mono, 152)
    expect(mono.getUint16(80, true)).toBe(2) // field_count_len @80: two variants
    expect(startLen(mono.getUint32(84, true))).toEqual({ start: 0, len: 'RSome;RNone;'.length }) // variant_names @84
    expect(mono.getUint16(104, true)).toBe(1) // CompTLFields @88: one field (RSome's)
  })
})

describe('bit layouts (5.3.2)', () => {
  it('CompTLField: name start/len, lifetime range, accessor, type index and fn flag in their bits', () => {
    const m = connector()
    const f = m.fields[3] // sum
    expect(Number(f.raw & 0xffffn)).toBe(m.strings.indexOf('sum;'))
    expect(Number((f.raw >> 16n) & 0x3ffn)).toBe(3)
    expect(Number((f.raw >> 26n) & 0x1fffffn)).toBe(0)
    expect(Number((f.raw >> 47n) & 7n)).toBe(1)
    expect(Number((f.raw >> 50n) & 0x3ffn)).toBe(0)
    expect(Number((f.raw >> 60n) & 1n)).toBe(1)
    expect(f.raw >> 61n).toBe(0n)
  })

  it('StartLen: start in bits 0-15, length in 16-31 (names and field_fn_ranges)', () => {
    const m = connector()
    expect(m.fieldFnRanges).toEqual([0, 1, 2, 3, 4].map((start) => ({ start, len: 1 })))
    const tf = view(view(m.mono, 152).getBigUint64(96, true), 24)
    const ranges = view(tf.getBigUint64(8, true), 20)
    for (let i = 0; i < 5; i++) expect(ranges.getUint32(i * 4, true)).toBe(i | (1 << 16))
  })

  it('TypeLayoutRange: lo = count | idx0 << 10 | idx1 << 20, hi = idx2 | idx3 << 10 | idx4 << 20', () => {
    const m = connector()
    const fromConfig = functionsOf(m, 'from_config')[0]
    expect(fromConfig.lo).toBe(2 | (1 << 10) | (2 << 20)) // (RString = 1, ROption<Value> = 2)
    expect(fromConfig.hi).toBe(0)
    expect(typeLayoutRange(fromConfig.lo, fromConfig.hi)).toEqual([1, 2])
    expect(typeLayoutRange(3 | (7 << 10) | (8 << 20), 9 | (10 << 10) | (11 << 20))).toEqual([7, 8, 9])
  })

  it('lifetime ranges: inline nibbles (bit 20 clear); `RSlice<\'_, i64>` and `RStr<\'_>` record one ANONYMOUS', () => {
    const m = connector()
    expect(inlineLifetimes(functionsOf(m, 'sum')[0].lifetimeRange)).toEqual([1])
    expect(functionsOf(m, 'sum')[0].lifetimeRange).toBe(0x1)
    expect(inlineLifetimes(functionsOf(m, 'word_count')[0].lifetimeRange)).toEqual([1])
    expect(functionsOf(m, 'echo')[0].lifetimeRange).toBe(0)
    expect(functionsOf(m, 'from_config')[0].lifetimeRange).toBe(0)
  })
})

describe('the string blob (5.3.3)', () => {
  it("one blob per type: each field's name and `;`, then each function's unnamed parameters as commas", () => {
    const m = connector()
    expect(m.strings).toBe('connector_type;from_config;,,echo;,sum;,word_count;,')
    const fns = m.functions!
    expect(fns.map((f) => f.name)).toEqual(['connector_type', 'from_config', 'echo', 'sum', 'word_count'])
    expect(fns.map((f) => f.paramNames)).toEqual(['', ',,', ',', ',', ','])
    expect(fns.map((f) => f.boundLifetimes)).toEqual(['', '', '', '', ''])
    // The parameter-name run starts right after the owning field's `name;`.
    expect(fns[3].cs).toBe(m.strings.indexOf('sum;') + 4)
  })

  it('std types: RSlice "data;length;_marker;", RString "inner;", ROption "RSome;RNone;field_0;"', () => {
    const m = connector()
    const slice = m.type(functionsOf(m, 'sum')[0].paramIndices[0])
    expect(slice.strings).toBe('data;length;_marker;')
    expect(slice.fields.map((f) => [f.name, f.accessor])).toEqual([['data', 4], ['length', 4], ['_marker', 4]])
    expect(slice.lifetimeNames).toBe("'a,")
    expect(slice.lifetimeCount).toBe(1)
    const rstring = m.type(functionsOf(m, 'echo')[0].returnIndex)
    expect([rstring.name, rstring.strings]).toEqual(['RString', 'inner;'])
    const option = m.type(functionsOf(m, 'from_config')[0].paramIndices[1])
    expect(option.strings).toBe('RSome;RNone;field_0;')
    expect(option.enum).toEqual({ variantNames: ['RSome', 'RNone'], fieldCounts: [1, 0], discriminantType: 0, discriminants: [0n, 1n], exhaustiveness: 0n })
    expect(option.repr).toEqual([5, 0])
  })
})

describe('SharedVars.type_layouts fill order (5.3.5)', () => {
  it('field type (the fn placeholder), then each parameter, then the return, deduplicated by spelling', () => {
    const m = connector()
    const names = Array.from({ length: m.typeLayoutsLen }, (_, i) => m.type(i).name)
    expect(names).toEqual(['AFunctionPointer', 'RString', 'ROption', 'RResult', 'RSlice', 'i64', 'RStr', 'RHashMap'])
    expect(m.fields.map((f) => f.typeIndex)).toEqual([0, 0, 0, 0, 0])
    expect(m.functions!.map((f) => [f.paramIndices, f.returnIndex])).toEqual([
      [[], 1],
      [[1, 2], 3],
      [[1], 1],
      [[4], 5],
      [[6], 7],
    ])
  })

  it("hand-written std layouts list their entries explicitly: NonNull<T> = [T, *const T], *const T = [T]", () => {
    const m = connector()
    const rstring = m.type(1)
    const rvec = field(rstring, 'inner').type
    const buffer = field(rvec, 'buffer').type
    expect(buffer.name).toBe('NonNull')
    expect([buffer.type(0).name, buffer.type(1).name]).toEqual(['u8', '*const'])
    expect(buffer.type(1).type(0).name).toBe('u8')
    expect(buffer.genericTypes).toEqual({ start: 0, len: 1 })
  })
})

describe('function signatures, generic arguments reached through the fields (5.3.4, 5.3.6)', () => {
  it('ConnectorMod.sum: one parameter, RSlice<i64> whose data: *const T reaches i64; returns i64', () => {
    const m = connector()
    const [sum] = functionsOf(m, 'sum')
    expect(sum.paramCount).toBe(1)
    expect(sum.qualifiers).toBe(0)
    const slice = m.type(sum.paramIndices[0])
    expect([slice.name, slice.packageAndVersion, slice.size, slice.align]).toEqual(['RSlice', 'abi_stable;0.11.3', 16, 8])
    const data = field(slice, 'data').type
    expect([data.name, data.kind, data.primitive]).toEqual(['*const', 0, 15])
    const element = data.type(data.genericTypes.start)
    expect([element.name, element.packageAndVersion, element.kind, element.primitive, element.size]).toEqual(['i64', 'std;1.0.0', 0, 7, 8])
    const ret = m.type(sum.returnIndex)
    expect([ret.name, ret.primitive]).toEqual(['i64', 7])
  })

  it('every function of the module, rendered', () => {
    const m = connector()
    expect(m.functions!.map((f) => `${f.name}: ${signature(m, f)}`)).toEqual([
      'connector_type: fn()->RString',
      'from_config: fn(RString,ROption<Value>)->RResult<Connector_TO,RString>',
      'echo: fn(RString)->RString',
      'sum: fn(RSlice<i64>)->i64',
      'word_count: fn(RStr)->RHashMap<RString,u32>',
    ])
  })

  it('Value: a repr(u8) enum with its variants, discriminants and fields flattened', () => {
    const m = connector()
    const value = m.type(functionsOf(m, 'from_config')[0].paramIndices[1]).type(0)
    expect(value.name).toBe('Value')
    expect(value.enum!.variantNames).toEqual(['Null', 'Bool', 'I64', 'U64', 'F64', 'String', 'Bytes', 'Array', 'Object'])
    expect(value.enum!.fieldCounts).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1])
    expect(value.enum!.discriminants).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n])
    expect(value.fields.map((f) => render(value.type(f.typeIndex)))).toEqual(['bool', 'i64', 'u64', 'f64', 'RString', 'RVec<u8>', 'RVec<Value>', 'RHashMap<RString,Value>'])
    expect([value.size, value.align]).toEqual([40, 8])
  })

  it('a function returning nothing stores 0xFFFF', () => {
    const m = moduleOf(rootLayout(plugins().rust.connector_abi_stable_signatures))
    expect(functionsOf(m, 'connector_type')[0].returnIndex).toBe(0xffff)
  })
})

describe('trait objects and their vtables (5.3.8)', () => {
  const objectOf = () => {
    const m = connector()
    const result = m.type(functionsOf(m, 'from_config')[0].returnIndex)
    return result.type(result.fields[0].typeIndex) // ROk's field_0: Connector_TO
  }

  it('Connector_TO: a struct with obj (RObject), then _marker; RObject: vtable, ptr = ManuallyDrop<RBox<()>>, _marker', () => {
    const to = objectOf()
    expect([to.name, to.packageAndVersion, to.kind, to.size, to.align]).toEqual(['Connector_TO', 'example-connector;0.1.0', 2, 24, 8])
    expect(to.fields.map((f) => f.name)).toEqual(['obj', '_marker'])
    expect([to.lifetimeNames, to.lifetimeCount]).toEqual(["'lt,", 1])
    const obj = field(to, 'obj').type
    expect([obj.name, obj.packageAndVersion]).toEqual(['RObject', 'abi_stable;0.11.3'])
    expect(obj.fields.map((f) => f.name)).toEqual(['vtable', 'ptr', '_marker'])
    const ptr = field(obj, 'ptr').type
    expect(ptr.name).toBe('ManuallyDrop')
    expect(render(ptr.type(ptr.genericTypes.start))).toBe('RBox<()>')
  })

  it('the VTable: a prefix type with no prefix (size 0), _sabi_tys, _sabi_vtable, then one unsafe method per field', () => {
    const vtableRef = field(field(objectOf(), 'obj').type, 'vtable').type
    expect(vtableRef.name).toBe('PrefixRef')
    const vt = vtableRef.type(vtableRef.phantomFields[0].typeIndex)
    expect([vt.name, vt.kind, vt.size, vt.align]).toEqual(['VTable', 5, 0, 1])
    expect(vt.prefix).toEqual({ firstSuffixField: 0, conditional: 0n, accessible: 0x3fn })
    expect(vt.fields.map((f) => [f.name, f.isFunction])).toEqual([
      ['_sabi_tys', false],
      ['_sabi_vtable', false],
      ['id', true],
      ['describe', true],
      ['on_event', true],
      ['events', true],
    ])
    expect(vt.fieldFnRanges.map((r) => r.len)).toEqual([0, 0, 1, 1, 1, 1])
    const methods = vt.functions!
    expect(methods.map((f) => [f.name, f.paramNames, f.qualifiers])).toEqual([
      ['id', '_self,', 1],
      ['describe', '_self,', 1],
      ['on_event', '_self,param_0,', 1],
      ['events', '_self,', 1],
    ])
    expect(methods.map((f) => signature(vt, f))).toEqual([
      'unsafe fn(RRef)->RString',
      'unsafe fn(RRef)->RString',
      'unsafe fn(RMut,RStr)->RResult<u64,RString>',
      'unsafe fn(RRef)->u64',
    ])
    // `&self` is RRef<'_, ()>: its ref_ field reaches ().
    const self = vt.type(methods[0].paramIndices[0])
    expect(field(self, 'ref_').type.type(0).name).toBe('()')
    expect(inlineLifetimes(methods[2].lifetimeRange)).toEqual([1, 1])
    // The method fields' type is the unsafe AFunctionPointer twin.
    expect(vt.type(vt.fields[2].typeIndex).name).toBe('AFunctionPointer')
  })
})

describe('the wrong-on-purpose variants', () => {
  const signatures = (path: string) => {
    const m = moduleOf(rootLayout(path))
    return Object.fromEntries(m.functions!.map((f) => [f.name, signature(m, f)]))
  }
  const good = () => signatures(plugins().rust.example_connector)

  it('connector_abi_stable_sum_i32: only sum differs, RSlice<i32>; names, prefix and sizes match', () => {
    const path = plugins().rust.connector_abi_stable_sum_i32
    expect(signatures(path)).toEqual({ ...good(), sum: 'fn(RSlice<i32>)->i64' })
    const [g, v] = [connector(), moduleOf(rootLayout(path))]
    expect(v.fields.map((f) => f.name)).toEqual(g.fields.map((f) => f.name))
    expect([v.prefix, v.size]).toEqual([g.prefix, g.size])
  })

  it('connector_abi_stable_signatures: connector_type returns nothing, echo takes a u32 more, word_count maps to u64', () => {
    expect(signatures(plugins().rust.connector_abi_stable_signatures)).toEqual({
      ...good(),
      connector_type: 'fn()',
      echo: 'fn(RString,u32)->RString',
      word_count: 'fn(RStr)->RHashMap<RString,u64>',
    })
  })

  it('connector_layout_drift (with its layout descriptor) carries the same sum(RSlice<i32>) encoding', () => {
    expect(signatures(plugins().rust.connector_layout_drift).sum).toBe('fn(RSlice<i32>)->i64')
  })

  it('every other connector fixture that checks its layout encodes the interface exactly', () => {
    for (const name of ['connector_abi_stable_shaped', 'connector_version_0_2_0', 'connector_constructor_error', 'connector_renamed_field']) {
      const s = signatures(plugins().rust[name])
      if (name === 'connector_renamed_field') expect(s).toEqual({ ...Object.fromEntries(Object.entries(good()).filter(([k]) => k !== 'word_count')), count_words: good().word_count })
      else expect(s).toEqual(good())
    }
  })
})

void u64
void readLayout
export type { Layout }
