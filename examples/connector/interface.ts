// The example connectors' interface, as the host declares it: the root module every example
// plugin (C and Rust, plugins-c/example-connector and plugins-rust/example-connector) exports,
// shaped like a Tremor connector plugin's. The plugins embed this declaration's layoutString
// (see `npx tsx examples/connector/interface.ts`), which the loader compares field by field.
//
// from_config builds a connector from its config and hands it to the host as a trait object,
// as Tremor's connector plugins do; the host calls it through the trait's vtable and drops it
// through the plugin's own drop.
import { fileURLToPath } from 'node:url'
import { layoutFingerprint, layoutString, t } from '../../src/index.ts'

/** The interface version the example plugins are built against. */
export const CONNECTOR_VERSION = '0.1.0'

/** A connector the plugin built: a `#[sabi_trait]` object owned by whoever holds it last. */
export const Connector = t.trait('Connector', {
  /** The id it was built with. */
  id: t.method([], t.RString),
  /** One line about its state. */
  describe: t.method([], t.RString),
  /** Takes one event; answers how many it has taken, or why it refused this one. */
  on_event: t.method([t.RStr], t.RResult(t.u64, t.RString), { mut: true }),
  /** How many events it has taken. */
  events: t.method([], t.u64),
})

export const ConnectorMod = t.prefixModule(
  'ConnectorMod',
  {
    connector_type: t.fn([], t.RString),
    from_config: t.fn([t.RString, t.ROption(t.Value)], t.RResult(Connector, t.RString)),
    echo: t.fn([t.RString], t.RString),
    sum: t.fn([t.RSlice(t.i64)], t.i64),
    word_count: t.fn([t.RStr], t.RHashMap(t.RString, t.u32)),
  },
  // The first published version had connector_type and from_config; the rest came later, so an
  // older plugin may lack them: it loads, and calling a field it lacks throws MissingFieldError
  // (abi_stable's default, missingField 'panic', would refuse it).
  { lastPrefixField: 'from_config', missingField: 'throw' },
)

// Printed for plugin authors: what to paste into ABS_EXPORT_ROOT_LAYOUT / export_root_module!.
// (Bundled into another program, import.meta.url is the bundle's: only this file itself prints.)
if (process.argv[1] === fileURLToPath(import.meta.url) && import.meta.url.endsWith('/interface.ts')) {
  console.log(layoutString(ConnectorMod))
  console.log(`0x${layoutFingerprint(ConnectorMod)}`)
}
