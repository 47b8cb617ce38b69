// A script whose only work is a plugin future: the pending future keeps Node alive (a pending
// Promise alone would not), and once it resolves the script exits by itself.
import { loadAsyncPlugin } from '../api.ts'

const p = loadAsyncPlugin(process.argv[2])
const value = await p.ap_sleep_then(200n, 5n, 0n)
console.log(`resolved ${value}`)
