// An abandoned future releases the event loop at once, although a plugin thread still holds a
// clone of its waker and will wake it later: the script ends without waiting for that thread.
import { FutureAbortedError, withAbortSignal } from '../../../src/index.ts'
import { loadAsyncPlugin } from '../api.ts'

const p = loadAsyncPlugin(process.argv[2])
const controller = new AbortController()
const pending = withAbortSignal(controller.signal, () => p.ap_sleep_then(10_000n, 1n, 100n))
setTimeout(() => controller.abort(new Error('stop')), 20)
const error = await pending.catch((e: unknown) => e)
console.log(error instanceof FutureAbortedError ? 'aborted' : `unexpected: ${String(error)}`)
