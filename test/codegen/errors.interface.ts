// RBoxError under its three aliases in one module: the fixture of test/codegen/rbox-errors.test.ts
// (the Rust plugin built from the generated module loads with this very declaration).
import { t } from '../../src/index.ts'

export const ERRORS_VERSION = '0.2.0'

export const ErrorsMod = t.prefixModule(
  'ErrorsMod',
  {
    parse: t.fn([t.RStr], t.RResult(t.u16, t.RBoxError)),
    parse_send: t.fn([t.RStr], t.RResult(t.u16, t.SendRBoxError)),
    parse_unsync: t.fn([t.RStr], t.RResult(t.u16, t.UnsyncRBoxError)),
  },
  { lastPrefixField: 'parse_unsync' },
)
