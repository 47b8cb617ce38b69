// What the full signature check (src/loader/signature-check.ts) costs on the example connector's
// module (Rust, mirror crate: its TypeLayout carries every signature): the first check of a library
// (decode its TypeLayout, compare with a declaration never seen) and every later one (memoized per
// declaration and layout). The baseline is the C plugins' check: comparing the declaration's layout
// string with the one the library embeds.
import fs from 'node:fs'
import { ConnectorMod, CONNECTOR_VERSION } from '../examples/connector/interface.ts'
import { layoutString, parseVersion, t } from '../src/index.ts'
import { memoryMap } from '../src/abi/mapped-memory.ts'
import { openLibrary, symbolAddress } from '../src/loader/cache.ts'
import { ROOT_MODULE_LOADER_SYMBOL } from '../src/loader/header.ts'
import { checkRootSignatures, signatureDifferences } from '../src/loader/signature-check.ts'
import { readLibraryHeader } from '../src/loader/statics-check.ts'
import { throughPrefixRef, TypeLayoutReader } from '../src/loader/tl-node.ts'
import type { Case, Setup } from './cases.ts'

export function checkCases({ connectorPluginPath }: Setup): Case[] {
  if (!connectorPluginPath) return []
  const path = fs.realpathSync(connectorPluginPath)
  const lib = openLibrary(path)
  const { consts } = readLibraryHeader(path, memoryMap(), symbolAddress(lib, ROOT_MODULE_LOADER_SYMBOL)!)
  if (consts.layout.tag !== 'Yes') throw new Error(`${path} carries no TypeLayout`)
  const layout = consts.layout[0]
  const version = parseVersion(CONNECTOR_VERSION)!
  const embedded = layoutString(ConnectorMod)
  const fresh = () => t.prefixModule('ConnectorMod', ConnectorMod.fields, { lastPrefixField: 'from_config', missingField: 'throw' })
  const functions = ConnectorMod.members.filter((m) => m.type.kind === 'fn').length
  return [
    {
      name: `signature check, first time: decode the example connector's TypeLayout, compare ${functions} functions with a new declaration`,
      run: () => signatureDifferences(fresh(), throughPrefixRef(new TypeLayoutReader().node(layout)), version).length,
      baseline: { name: "the C plugins' check: the declaration's layout string compared with the library's", run: () => (layoutString(fresh()) === embedded ? 0 : 1) },
      others: [{ name: 'signature check, memoized (every later load of the same library and declaration)', run: () => checkRootSignatures(layout, ConnectorMod, version).differences.length }],
      check: (r) => r === 0,
    },
  ]
}
