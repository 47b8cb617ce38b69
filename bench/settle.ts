// Runs between benchmark rows: lets what one row left for later be released before the next
// row is timed. Node frees an external ArrayBuffer (a `koffi.view`, the Node-API floor's
// external buffer) in two steps: a GC frees the backing store, and the release callback
// (Node's bookkeeping, and the floor's drop of the plugin's vector) then waits for the event
// loop. A `benchmark` row runs synchronously and never yields, so without this the leftovers of
// the view rows stayed allocated through the rows after them and scattered the C heap those
// rows allocate from (bench/notes.md, the order effect of issue 17).

/** One round: a full GC, then one turn of the event loop (its immediates run the release callbacks). */
async function round(gc: () => void): Promise<void> {
  gc()
  await new Promise((resolve) => setImmediate(resolve))
}

/** The rounds `settle` ran last, for the bench log. */
export let lastSettleRounds = 0

/**
 * Full GCs and event-loop turns until V8's external memory (Node's per-buffer bookkeeping
 * included) stops falling (by less than 64 KiB a round): at least two rounds (the second GC finishes the first one's
 * concurrent ArrayBuffer sweep, whose releases the second turn runs), at most `maxRounds`.
 */
export async function settle(maxRounds = 8): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (typeof gc !== 'function') throw new Error('bench/settle.ts: global gc() is missing; run node with --expose-gc (bench/run.ts does)')
  const external = () => process.memoryUsage().external
  let before = external()
  let rounds = 0
  while (rounds < maxRounds) {
    await round(gc)
    rounds++
    const now = external()
    if (rounds >= 2 && before - now < 1 << 16) break
    before = now
  }
  lastSettleRounds = rounds
}
