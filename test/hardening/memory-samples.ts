// RSS and V8 heap samples for the load runs, and the rule that says memory levelled off: from the
// third quarter of a phase's samples to the last, the median V8 heap (after a GC) grows by less
// than 4 MB and the median RSS by less than 16 MB. A leak per operation grows steadily and breaks
// it; a step (the allocator or the heap settling at a new size early on) does not. Native memory
// is judged exactly by the allocation counters each run checks as well.
export const HEAP_LIMIT_MB = 4
export const RSS_LIMIT_MB = 16

export interface Sample {
  rss: number
  heap: number
}

const mb = (bytes: number) => bytes / 2 ** 20
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** One sample after a full GC (the runs start Node with --expose-gc). */
export function sample(): Sample {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with --expose-gc')
  gc()
  const m = process.memoryUsage()
  return { rss: mb(m.rss), heap: mb(m.heapUsed) }
}

/** Whether the samples level off, and a report of them. */
export function judge(samples: Sample[]): { levels: boolean; text: string; series: string } {
  const q = Math.max(1, Math.floor(samples.length / 4))
  const third = samples.slice(samples.length - 2 * q, samples.length - q)
  const last = samples.slice(samples.length - q)
  const rssGrowth = median(last.map((s) => s.rss)) - median(third.map((s) => s.rss))
  const heapGrowth = median(last.map((s) => s.heap)) - median(third.map((s) => s.heap))
  const levels = rssGrowth < RSS_LIMIT_MB && heapGrowth < HEAP_LIMIT_MB
  const rss = samples.map((s) => s.rss)
  const sign = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`
  return {
    levels,
    text:
      `RSS MB start ${rss[0].toFixed(1)}, max ${Math.max(...rss).toFixed(1)}, end ${rss[rss.length - 1].toFixed(1)}; ` +
      `third to last quarter: RSS ${sign(rssGrowth)} MB, heap ${sign(heapGrowth)} MB (heap ${samples[0].heap.toFixed(1)} -> ${samples[samples.length - 1].heap.toFixed(1)} MB)`,
    series: `RSS samples: ${rss.map((x) => x.toFixed(0)).join(' ')}`,
  }
}
