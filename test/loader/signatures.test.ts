// The full TypeLayout check (type-layout-signatures) on synthetic statics: TypeLayouts built in
// native memory exactly as reference 5.1/5.3 lay them out (tl-builder.ts), decoded by
// TypeLayoutReader and compared with host declarations by signatureDifferences. Each wrong
// declaration must be refused at the right path; correct ones of every std shape must pass.
import { describe, expect, it } from 'vitest'
import { ConnectorMod } from '../../examples/connector/interface.ts'
import { layoutOf, t, type Desc, type PrefixDesc } from '../../src/index.ts'
import { signatureDifferences, type Difference } from '../../src/loader/signature-check.ts'
import { throughPrefixRef, TypeLayoutReader, typeText } from '../../src/loader/tl-node.ts'
import { parseVersion } from '../../src/loader/version.ts'
import * as B from './tl-builder.ts'
import { connectorWith, findDifference, wrongDeclarations } from './wrong-declarations.ts'

const PKG = 'connector_interface;0.1.0'
const sized = (spec: B.TySpec, d: Desc): B.TySpec => Object.assign(spec, { size: layoutOf(d).size, align: layoutOf(d).align })

// Value: a recursive enum of the interface's package, repr(u8).
const Value: B.TySpec = { name: 'Value', pkg: PKG, size: 0, align: 1, kind: 'enum', repr: [5, 0], discType: 0 }
{
  const payloads: [string, B.TySpec | null][] = [
    ['Null', null], ['Bool', B.prim('bool')], ['I64', B.prim('i64')], ['U64', B.prim('u64')], ['F64', B.prim('f64')],
    ['String', B.RString], ['Bytes', B.RVec(B.prim('u8'))], ['Array', B.RVec(Value)], ['Object', B.RHashMap(B.RString, Value)],
  ]
  Value.variants = payloads.map(([name, p]) => ({ name, fields: p ? 1 : 0 }))
  Value.discs = payloads.map((_, i) => BigInt(i))
  Value.fields = payloads.filter(([, p]) => p).map(([, p]) => ({ name: 'field_0', type: p! }))
  sized(Value, t.Value)
}
const Connector = sized(
  B.traitObject('Connector', PKG, [
    { name: 'id', params: [], returns: B.RString },
    { name: 'describe', params: [], returns: B.RString },
    { name: 'on_event', mut: true, params: [B.RStr], returns: sized(B.RResult(B.prim('u64'), B.RString), t.RResult(t.u64, t.RString)) },
    { name: 'events', params: [], returns: B.prim('u64') },
  ]),
  ConnectorMod.fields.from_config.ret.repr as Desc,
)
Connector.size = 24
Connector.align = 8
const fromConfigRet = sized(B.RResult(Connector, B.RString), ConnectorMod.fields.from_config.ret)
const optValue = sized(B.ROption(Value), t.ROption(t.Value))

function connectorModule(overrides: Partial<Record<string, B.FieldSpec>> = {}, pkg = PKG, firstSuffix = 2): B.TySpec {
  const fields: B.FieldSpec[] = [
    B.fnField('connector_type', [], B.RString),
    B.fnField('from_config', [B.RString, optValue], fromConfigRet),
    B.fnField('echo', [B.RString], B.RString),
    B.fnField('sum', [B.RSlice(B.prim('i64'))], B.prim('i64')),
    B.fnField('word_count', [B.RStr], B.RHashMap(B.RString, B.prim('u32'))),
  ].map((f) => overrides[f.name] ?? f)
  return B.prefixRef(B.prefixType('ConnectorMod', pkg, fields, firstSuffix))
}

const reader = new TypeLayoutReader()
const moduleNode = (spec: B.TySpec) => throughPrefixRef(reader.node(B.build(spec)))
const good = connectorModule()
function differences(Module: PrefixDesc, spec: B.TySpec = good, version = '0.1.0'): Difference[] {
  return signatureDifferences(Module, moduleNode(spec), parseVersion(version)!)
}

describe('TypeLayoutReader on synthetic statics', () => {
  it('decodes the module, its fields and every function signature', () => {
    const m = moduleNode(good)
    expect(m).toMatchObject({ name: 'ConnectorMod', package: 'connector_interface', version: '0.1.0', kind: 'prefix', prefix: { firstSuffixField: 2 } })
    expect(m.fields.map((f) => [f.name, f.isFunction, f.functions.length])).toEqual([
      ['connector_type', true, 1], ['from_config', true, 1], ['echo', true, 1], ['sum', true, 1], ['word_count', true, 1],
    ])
    const sum = m.fields[3].functions[0]
    expect(sum.paramCount).toBe(1)
    expect(sum.paramNames).toBe(',')
    expect(typeText(sum.params[0])).toBe('RSlice<i64>')
    expect(typeText(sum.returns)).toBe('i64')
    expect(typeText(m.fields[0].functions[0].params[0])).toBe('()')
    expect(m.fields[0].functions[0].params).toEqual([])
    expect(typeText(m.fields[4].functions[0].returns)).toBe('RHashMap<RString, u32>')
    expect(typeText(m.fields[1].functions[0].params[1])).toBe('ROption<Value>')
    expect(typeText(m.fields[1].functions[0].returns)).toBe('RResult<Connector_TO, RString>')
    const value = m.fields[1].functions[0].params[1].enum!.variants[0].fields[0].type
    expect(value.enum!.variants.map((v) => `${v.name}=${v.discriminant}/${v.fields.length}`).join(' ')).toBe(
      'Null=0/0 Bool=1/1 I64=2/1 U64=3/1 F64=4/1 String=5/1 Bytes=6/1 Array=7/1 Object=8/1',
    )
  })

  it('decodes more than five parameters (TypeLayoutRange) and unit returns (0xFFFF)', () => {
    const many = B.prefixRef(B.prefixType('Many', PKG, [B.fnField('seven', ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64'].map((p) => B.prim(p as 'u8')))], 1))
    const fn = moduleNode(many).fields[0].functions[0]
    expect(fn.params.map((p) => p.name)).toEqual(['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64'])
    expect(fn.returns).toBeUndefined()
    const Many = t.prefixModule('Many', { seven: t.fn([t.u8, t.i8, t.u16, t.i16, t.u32, t.i32, t.u64], t.unit) }, { lastPrefixField: 'seven' })
    expect(differences(Many, many)).toEqual([])
    const Wrong = t.prefixModule('Many', { seven: t.fn([t.u8, t.i8, t.u16, t.i16, t.u32, t.i32, t.i64], t.unit) }, { lastPrefixField: 'seven' })
    expect(differences(Wrong, many)).toEqual([{ path: 'Many.seven.args[6]', expected: 'i64', found: 'u64' }])
  })
})

describe('corrupt TypeLayouts: a TypeLayoutReadError naming what could not be read, not a crash', () => {
  it('NULL pointers, type indices past the table, unknown tags', async () => {
    const { allocNative, writeNative } = await import('../../src/index.ts')
    const { TypeLayoutReadError } = await import('../../src/loader/type-layout.ts')
    const zeros = allocNative(88)
    writeNative(zeros.address, 88, () => {})
    expect(() => new TypeLayoutReader().node(zeros.address)).toThrow(TypeLayoutReadError)
    expect(() => new TypeLayoutReader().node(0x10n)).toThrow(/not in readable memory|NULL/)
    // A field whose type index is past its type table.
    const spec = B.prefixType('Bad', PKG, [B.fnField('f', [B.prim('u8')])], 1)
    const tl = B.build(spec)
    const mono = new DataView(new ArrayBuffer(8))
    const monoAt = (await import('../../src/index.ts')).readNative(tl + 8n, 8).getBigUint64(0, true)
    const fieldsAt = (await import('../../src/index.ts')).readNative(monoAt + 88n, 8).getBigUint64(0, true)
    const word = (await import('../../src/index.ts')).readNative(fieldsAt, 8).getBigUint64(0, true)
    mono.setBigUint64(0, (word & ~(0x3ffn << 50n)) | (1000n << 50n), true)
    writeNative(fieldsAt, 8, (v) => v.setBigUint64(0, mono.getBigUint64(0, true), true))
    const node = new TypeLayoutReader().node(tl)
    expect(() => node.fields[0].type).toThrow(/Bad: type index 1000 is past its type table/)
    // An unknown MonoTLData tag.
    const odd = B.build({ name: 'Odd', size: 1, align: 1, kind: 'struct', fields: [] })
    const oddMono = (await import('../../src/index.ts')).readNative(odd + 8n, 8).getBigUint64(0, true)
    writeNative(oddMono + 64n, 1, (v) => v.setUint8(0, 9))
    expect(() => new TypeLayoutReader().node(odd)).toThrow(/Odd: unknown MonoTLData tag 9/)
  })
})

describe('type-layout-signatures: the declaration matches', () => {
  it('accepts the example connector declaration', () => {
    expect(differences(ConnectorMod)).toEqual([])
  })

  it('accepts correct declarations of every std shape', () => {
    const specs: [string, Desc, B.TySpec][] = [
      ['slice', t.RSlice(t.u8), B.RSlice(B.prim('u8'))],
      ['sliceMut', t.RSliceMut(t.f64), B.RSliceMut(B.prim('f64'))],
      ['vec', t.RVec(t.RString), B.RVec(B.RString)],
      ['box', t.RBox(t.u32), B.RBox(B.prim('u32'))],
      ['option', t.ROption(t.u16), sized(B.ROption(B.prim('u16')), t.ROption(t.u16))],
      ['result', t.RResult(t.u8, t.RStr), sized(B.RResult(B.prim('u8'), B.RStr), t.RResult(t.u8, t.RStr))],
      ['map', t.RHashMap(t.u64, t.RVec(t.u8)), B.RHashMap(B.prim('u64'), B.RVec(B.prim('u8')))],
      ['tuple', t.Tuple2(t.u8, t.u64), B.Tuple2(B.prim('u8'), B.prim('u64'), 16, 8)],
      ['ptr', t.ptr(t.i32), B.constPtr(B.prim('i32'))],
      ['mutPtr', t.mutPtr(t.u8), B.mutPtr(B.prim('u8'))],
      ['ref', t.ref(t.u64), B.ref(B.prim('u64'))],
      ['array', t.array(t.u16, 4), B.array(B.prim('u16'), 4)],
      ['future', t.FfiFuture(t.u32), B.FfiFuture(B.prim('u32'))],
      ['floats', t.f32, B.prim('f32')],
      ['bool', t.bool, B.prim('bool')],
    ]
    const plugin = B.prefixRef(B.prefixType('Shapes', PKG, specs.map(([n, , s]) => B.fnField(n, [s], s)), specs.length))
    const Shapes = t.prefixModule('Shapes', Object.fromEntries(specs.map(([n, d]) => [n, t.fn([d], d)])), { lastPrefixField: specs[specs.length - 1][0] })
    expect(differences(Shapes, plugin)).toEqual([])
  })

  it('accepts user structs by field names and types, tuple fields as field_<n>', () => {
    const Point = t.struct('Point', { x: t.i32, y: t.i32 })
    const Pair = t.struct('Pair', [t.u8, t.u32])
    const plugin = B.prefixRef(
      B.prefixType('M', PKG, [
        B.fnField('p', [{ name: 'Point', pkg: PKG, size: 8, align: 4, kind: 'struct', fields: [{ name: 'x', type: B.prim('i32') }, { name: 'y', type: B.prim('i32') }] }]),
        B.fnField('q', [{ name: 'Pair', pkg: PKG, size: 8, align: 4, kind: 'struct', fields: [{ name: 'field_0', type: B.prim('u8') }, { name: 'field_1', type: B.prim('u32') }] }]),
      ], 2),
    )
    expect(differences(t.prefixModule('M', { p: t.fn([Point], t.unit), q: t.fn([Pair], t.unit) }, { lastPrefixField: 'q' }), plugin)).toEqual([])
  })
})

describe('type-layout-signatures: wrong declarations are refused at the right path', () => {
  it.each(wrongDeclarations())('%s', (...c) => {
    const ds = differences(c[1])
    expect(ds.length).toBeGreaterThan(0)
    expect(findDifference(ds, c)).toBeUndefined()
  })

  it('a nested type of the interface whose version is incompatible', () => {
    const ds = differences(ConnectorMod, good, '0.2.0')
    expect(ds[0]).toMatchObject({ path: 'ConnectorMod', found: expect.stringMatching(/0\.1\.0.*minor/) })
    const oldValue = { ...Value, pkg: 'connector_interface;0.0.9' }
    const plugin = connectorModule({ from_config: B.fnField('from_config', [B.RString, sized(B.ROption(oldValue), t.ROption(t.Value))], fromConfigRet) })
    const nested = differences(ConnectorMod, plugin)
    expect(nested.map((d) => d.path)).toContain('ConnectorMod.from_config.args[1] (ROption<Value>)::RSome.field_0')
  })

  it('a value for a unit return, and an unsafe/named plugin function', () => {
    const plugin = connectorModule({ connector_type: B.fnField('connector_type', []) })
    expect(differences(ConnectorMod, plugin)).toEqual([{ path: 'ConnectorMod.connector_type.returns', expected: 'RString', found: '()' }])
  })

  it('a std type from another abi_stable', () => {
    const odd: B.TySpec = { ...B.RString, pkg: 'abi_stable;0.10.0' }
    const plugin = connectorModule({ echo: B.fnField('echo', [odd], B.RString) })
    expect(differences(ConnectorMod, plugin)).toEqual([{ path: 'ConnectorMod.echo.args[0]', expected: 'RString of abi_stable compatible with abi_stable 0.11.0', found: expect.stringContaining('0.10.0') }])
  })

  it('reports every difference, not only the first', () => {
    const ds = differences(connectorWith({ sum: t.fn([t.RSlice(t.i32)], t.u64), echo: t.fn([t.RStr], t.unit) }))
    expect(ds.map((d) => d.path)).toEqual(['ConnectorMod.echo.args[0]', 'ConnectorMod.echo.returns', 'ConnectorMod.sum.args[0] (RSlice<i64>).data (*const T)', 'ConnectorMod.sum.returns'])
  })

  it('is lenient on parameter names and unsafe, which do not change the bytes', () => {
    const named = connectorModule({ sum: { ...B.fnField('sum', [B.RSlice(B.prim('i64'))], B.prim('i64'), 'xs,'), functions: [{ params: [B.RSlice(B.prim('i64'))], returns: B.prim('i64'), paramNames: 'xs,', unsafe: true }] } })
    expect(differences(ConnectorMod, named)).toEqual([])
  })

  it('checks a module field past the plugin module only when the plugin has it', () => {
    // An older plugin: word_count inaccessible.
    const fields = [B.fnField('connector_type', [], B.RString), B.fnField('from_config', [B.RString, optValue], fromConfigRet)]
    const older = B.prefixRef(B.prefixType('ConnectorMod', PKG, fields, 2))
    expect(differences(ConnectorMod, older)).toEqual([])
  })

  it('memoizes: the second check of a module is fast', () => {
    const m = moduleNode(good)
    const version = parseVersion('0.1.0')!
    signatureDifferences(ConnectorMod, m, version)
    const t0 = performance.now()
    for (let i = 0; i < 100; i++) signatureDifferences(ConnectorMod, m, version)
    const perFunction = (performance.now() - t0) / 100 / ConnectorMod.members.length
    expect(perFunction).toBeLessThan(0.2)
  })
})

describe('type-layout-signatures: user structs, pointers, arrays and nested prefix types', () => {
  const I = (n: 'i32' | 'u32' | 'u8' | 'i64' | 'f32') => B.prim(n)
  const point: B.TySpec = { name: 'Point', pkg: PKG, size: 8, align: 4, kind: 'struct', fields: [{ name: 'x', type: I('i32') }, { name: 'y', type: I('i32') }] }
  const inner = B.prefixType('Inner', PKG, [B.fnField('get', [], I('u32')), B.fnField('set', [I('u32')])], 1)
  const plugin = B.prefixRef(
    B.prefixType('M', PKG, [
      B.fnField('p', [point], point),
      B.fnField('ptr', [B.constPtr(I('i32')), B.mutPtr(I('u8'))], B.ref(point)),
      B.fnField('arr', [B.array(I('u8'), 16)], B.array(I('f32'), 4)),
      { name: 'inner', type: B.prefixRef(inner), accessor: 1 },
    ], 4),
  )
  const Point = t.struct('Point', { x: t.i32, y: t.i32 })
  const Inner = t.prefix('Inner', { get: t.fn([], t.u32), set: t.fn([t.u32], t.unit) }, { lastPrefixField: 'get' })
  const base = { p: t.fn([Point], Point), ptr: t.fn([t.ptr(t.i32), t.mutPtr(t.u8)], t.ref(Point)), arr: t.fn([t.array(t.u8, 16)], t.array(t.f32, 4)), inner: Inner }
  const M = (fields: Record<string, Desc>) => t.prefixModule('M', { ...base, ...fields }, { lastPrefixField: 'inner' })

  it('the right declaration passes', () => {
    expect(differences(M({}), plugin)).toEqual([])
  })

  it.each<[string, Record<string, Desc>, string, string, string]>([
    ['struct field name', { p: t.fn([t.struct('Point', { x: t.i32, z: t.i32 })], Point) }, 'M.p.args[0] (Point).z', 'field 1 named z', 'field 1 named y'],
    ['struct field type', { p: t.fn([t.struct('Point', { x: t.i32, y: t.u32 })], Point) }, 'M.p.args[0] (Point).y', 'u32', 'i32'],
    ['struct field order', { p: t.fn([t.struct('Point', { y: t.i32, x: t.i32 })], Point) }, 'M.p.args[0] (Point).y', 'field 0 named y', 'field 0 named x'],
    ['struct field count', { p: t.fn([Point], t.struct('Point', { x: t.i32, y: t.i32, z: t.i32 })) }, 'M.p.returns (Point)', '3 fields (x, y, z)', '2 (x, y)'],
    ['struct name', { p: t.fn([t.struct('Pt', { x: t.i32, y: t.i32 })], Point) }, 'M.p.args[0]', 'Pt', 'Point'],
    ['pointer pointee', { ptr: t.fn([t.ptr(t.u32), t.mutPtr(t.u8)], t.ref(Point)) }, 'M.ptr.args[0] (*const T)', 'u32', 'i32'],
    ['pointer mutability', { ptr: t.fn([t.mutPtr(t.i32), t.mutPtr(t.u8)], t.ref(Point)) }, 'M.ptr.args[0]', '*mut i32', '*const i32'],
    ['reference pointee', { ptr: t.fn([t.ptr(t.i32), t.mutPtr(t.u8)], t.ref(t.struct('Point', { x: t.f32, y: t.i32 }))) }, 'M.ptr.returns (& T) (Point).x', 'f32', 'i32'],
    ['& vs &mut', { ptr: t.fn([t.ptr(t.i32), t.mutPtr(t.u8)], t.refMut(Point)) }, 'M.ptr.returns', '&mut Point', '&Point'],
    ['array length', { arr: t.fn([t.array(t.u8, 8)], t.array(t.f32, 4)) }, 'M.arr.args[0]', '[u8; 8] (8 bytes, align 1)', '[u8; 16] (16 bytes, align 1)'],
    ['array element', { arr: t.fn([t.array(t.u8, 16)], t.array(t.i32, 4)) }, 'M.arr.returns ([f32; 4])[]', 'i32', 'f32'],
    ['nested prefix length', { inner: t.prefix('Inner', Inner.fields, { lastPrefixField: 'set' }) }, 'M.inner (Inner)', '2 prefix fields (up to set)', '1 (up to get)'],
    ['nested prefix function', { inner: t.prefix('Inner', { get: t.fn([], t.i64), set: t.fn([t.u32], t.unit) }, { lastPrefixField: 'get' }) }, 'M.inner (Inner).get.returns', 'i64', 'u32'],
    ['nested prefix with more fields than the plugin', { inner: t.prefix('Inner', { ...Inner.fields, more: t.fn([], t.unit) }, { lastPrefixField: 'get' }) }, 'M.inner (Inner)', '3 fields (get, set, more)', '2 (get, set)'],
  ])('%s', (_, fields, path, expected, found) => {
    expect(differences(M(fields), plugin)).toContainEqual({ path, expected, found })
  })
})

describe('declare from a TypeLayout (abi-stable declare on a plugin built with the real crate)', () => {
  it('reconstructs the example connector declaration, which passes the check', async () => {
    const { declareFromTypeLayout } = await import('../../src/cli/declare.ts')
    const { layoutString } = await import('../../src/index.ts')
    const { module, root } = declareFromTypeLayout(B.build(good))
    expect(layoutString(root.desc)).toBe(layoutString(ConnectorMod))
    expect(differences(root.desc as PrefixDesc)).toEqual([])
    const text = module.text('// header', 'abi-stable', '0.1.0', root)
    expect(text).toContain("export const Connector = t.trait('Connector', {")
    expect(text).toContain("on_event: t.method([t.RStr], t.RResult(t.u64, t.RString), { mut: true }),")
    expect(text).toContain('from_config: t.fn([t.RString, t.ROption(t.Value)], t.RResult(Connector, t.RString)),')
    expect(text).toContain("}, { lastPrefixField: 'from_config' })")
    const shapes = declareFromTypeLayout(
      B.build(B.prefixRef(B.prefixType('Shapes', PKG, [
        B.fnField('a', [B.RSlice(B.prim('u8')), B.RVec(B.RString), B.RBox(B.prim('u32')), B.constPtr(B.prim('i32')), B.array(B.prim('u16'), 4)], B.FfiFuture(B.prim('u32'))),
        B.fnField('b', [B.RHashMap(B.prim('u64'), B.RStr), B.Tuple2(B.prim('u8'), B.prim('u64'), 16, 8)], sized(B.ROption(B.prim('u16')), t.ROption(t.u16))),
        B.fnField('c', [{ name: 'Point', pkg: PKG, size: 8, align: 4, kind: 'struct', fields: [{ name: 'x', type: B.prim('i32') }, { name: 'y', type: B.prim('i32') }] }]),
      ], 3))),
    )
    expect(shapes.root.code).toBe(
      "t.prefixModule('Shapes', {\n" +
        '  a: t.fn([t.RSlice(t.u8), t.RVec(t.RString), t.RBox(t.u32), t.ptr(t.i32), t.array(t.u16, 4)], t.FfiFuture(t.u32)),\n' +
        '  b: t.fn([t.RHashMap(t.u64, t.RStr), t.Tuple2(t.u8, t.u64)], t.ROption(t.u16)),\n' +
        '  c: t.fn([Point], t.unit),\n' +
        "}, { lastPrefixField: 'c' })",
    )
    expect(shapes.module.consts).toEqual([{ name: 'Point', code: "t.struct('Point', { x: t.i32, y: t.i32 })" }])
  })
})

describe('auto traits of trait objects (RequiredTraits in RObject.extra_checks, reference 5.3.8)', () => {
  const methods: B.MethodSpec[] = [
    { name: 'id', params: [], returns: B.RString },
    { name: 'describe', params: [], returns: B.RString },
    { name: 'on_event', mut: true, params: [B.RStr], returns: sized(B.RResult(B.prim('u64'), B.RString), t.RResult(t.u64, t.RString)) },
    { name: 'events', params: [], returns: B.prim('u64') },
  ]
  const withAuto = (auto: number, raw?: bigint): B.TySpec => {
    const to = Object.assign(B.traitObject('Connector', PKG, methods, 0, auto, raw), { size: 24, align: 8 })
    return connectorModule({ from_config: B.fnField('from_config', [B.RString, optValue], sized(B.RResult(to, B.RString), ConnectorMod.fields.from_config.ret)) })
  }

  it('Send + Sync (3) against a declaration without: one difference naming the trait and both bit sets', () => {
    expect(differences(ConnectorMod, withAuto(3))).toEqual([
      {
        path: 'ConnectorMod.from_config.returns (RResult<Connector_TO, RString>)::ROk.field_0 (Connector_TO) auto traits of Connector',
        expected: 'no auto traits (auto_traits 0), as declared { send: false, sync: false }',
        found: "Send + Sync (auto_traits 3): declare t.trait('Connector', ..., { send: true, sync: true })",
      },
    ])
  })

  it('Unpin alone (4) is not compared: JS declares no Unpin', () => {
    expect(differences(ConnectorMod, withAuto(4))).toEqual([])
  })

  it.each([
    ['NULL', 0n, /^no extra_checks/],
    ['misaligned', 0x1003n, /RObject's extra_checks \(0x1003\) is not 8-byte aligned/],
    ['unmapped', 0x10n, /RObject's extra_checks \(0x10, 16 bytes\) is not in readable memory/],
    // An ExtraChecks_CTO whose vtable word is NULL: 16 zero bytes.
    ['a CTO with a NULL vtable', B.zeroes(16), /its vtable pointer \(0x0\) is not readable/],
  ])('extra_checks %s: a difference with the reason, never a crash', (_, raw, found) => {
    const [d] = differences(ConnectorMod, withAuto(0, raw))
    expect(d.path).toBe('ConnectorMod.from_config.returns (RResult<Connector_TO, RString>)::ROk.field_0 (Connector_TO) auto traits of Connector')
    expect(d.found).toMatch(found)
  })
})
