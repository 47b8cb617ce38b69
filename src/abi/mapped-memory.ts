// What the process has mapped, from /proc/self/maps (Linux): used to check, before reading or
// calling through them, that the pointers a library's statics hold lie in readable memory (or,
// for functions, executable memory), and that a large buffer a value points at is mapped. A pointer that passes is not proven right (it may point at
// the wrong bytes); one that fails would have crashed the process when followed. Where the map
// cannot be read (other systems), every check passes: nothing is checked (docs/loading.md).
import fs from 'node:fs'

interface Mapping {
  readonly start: bigint
  readonly end: bigint
  readonly readable: boolean
  readonly executable: boolean
}

/** One snapshot of the process's mappings; take a new one after loading a library. */
export interface MemoryMap {
  /** Whether the map could be read at all (false: the checks below always pass). */
  readonly known: boolean
  /** Whether `length` bytes from `address` are all mapped readable. */
  readable(address: bigint, length: bigint | number): boolean
  /** Whether `address` is in executable memory. */
  executable(address: bigint): boolean
}

export function memoryMap(): MemoryMap {
  let text: string
  try {
    text = fs.readFileSync('/proc/self/maps', 'latin1')
  } catch {
    return { known: false, readable: () => true, executable: () => true }
  }
  const mappings: Mapping[] = []
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4})/.exec(line)
    if (m) mappings.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), readable: m[3][0] === 'r', executable: m[3][2] === 'x' })
  }
  const find = (address: bigint) => mappings.find((m) => address >= m.start && address < m.end)
  return {
    known: true,
    readable(address, length) {
      const end = address + BigInt(length)
      if (address <= 0n || end < address) return false
      // Adjacent readable mappings (a library's segments) count as one range.
      let at = address
      while (at < end) {
        const m = find(at)
        if (!m || !m.readable) return false
        at = m.end
      }
      return true
    },
    executable(address) {
      const m = address > 0n ? find(address) : undefined
      return m !== undefined && m.executable
    },
  }
}
