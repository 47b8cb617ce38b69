// Run by call-engine-kinds.test.ts in a child process: Node refuses to load the runtime as an
// addon (process.dlopen throws), so the call engine is unavailable; prints callEngineStatus(),
// the path a bound function takes and its result, as JSON. Argument: a std test plugin's path.
import koffi from 'koffi'
process.dlopen = () => {
  throw new Error('dlopen refused by the test')
}
const { bindFunction, callEngineStatus, t } = await import('../../src/index.ts')
const { callPathOf } = await import('../../src/abi/call.ts')
const f = bindFunction(koffi.load(process.argv[2]), 'tp_option_u64_or', t.fn([t.ROption(t.u64), t.u64], t.u64))
console.log(JSON.stringify({ status: callEngineStatus(), path: callPathOf(f), result: String(f(41n, 0n)) }))
