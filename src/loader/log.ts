// A tiny debug logger: silent unless asked. `DEBUG=abi-stable` (or `abi-stable:*`, or `*`, as
// the `debug` package reads it) turns it on for the process; a `log` option overrides it per call.
export type Logger = (message: string) => void

function enabledByEnv(): boolean {
  const spec = process.env.DEBUG ?? ''
  return spec.split(/[\s,]+/).some((s) => s === '*' || s === 'abi-stable' || s === 'abi-stable:*' || s === 'abi-stable:loader')
}

const stderrLogger: Logger = (message) => process.stderr.write(`abi-stable:loader ${message}\n`)
const silent: Logger = () => {}

/** The logger to use: the caller's (`false` silences), else stderr when DEBUG enables us. */
export function debugLogger(option?: Logger | boolean): Logger {
  if (typeof option === 'function') return option
  if (option === false) return silent
  if (option === true || enabledByEnv()) return stderrLogger
  return silent
}
