// What the process has mapped, from /proc/self/maps (Linux): used to check, before reading or
// calling through them, that the pointers a library's statics hold lie in readable memory (or,
// for functions, executable memory), and, where the runtime cannot (src/native/mem_readable.c),
// that a large buffer a value points at is. A pointer that passes is not proven right (it may
// point at the wrong bytes); one that fails would have crashed the process when followed. Where
// the map cannot be read (other systems), every check passes: nothing is checked (docs/loading.md).
import fs from 'node:fs'

interface Mapping {
  readonly start: bigint
  readonly end: bigint
  readonly readable: boolean
  readonly executable: boolean
}

/** Whether a range can be read: every byte can; some byte is not mapped; or some byte is mapped without read access. */
export type MemoryAccess = 'readable' | 'unmapped' | 'unreadable'

/** One snapshot of the process's mappings; take a new one after loading a library. */
export interface MemoryMap {
  /** Whether the map could be read at all (false: the checks below always pass). */
  readonly known: boolean
  /** Whether `length` bytes from `address` are all mapped readable. */
  readable(address: bigint, length: bigint | number): boolean
  /** Whether `address` is in executable memory. */
  executable(address: bigint): boolean
}

/** A map read from /proc/self/maps, which can also say why a range cannot be read. */
export interface ProcessMemoryMap extends MemoryMap {
  access(address: bigint, length: bigint | number): MemoryAccess
}

export function memoryMap(): ProcessMemoryMap {
  let text: string
  try {
    text = fs.readFileSync('/proc/self/maps', 'latin1')
  } catch {
    return { known: false, readable: () => true, access: () => 'readable', executable: () => true }
  }
  const mappings: Mapping[] = []
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4})/.exec(line)
    if (m) mappings.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), readable: m[3][0] === 'r', executable: m[3][2] === 'x' })
  }
  const find = (address: bigint) => mappings.find((m) => address >= m.start && address < m.end)
  const access = (address: bigint, length: bigint | number): MemoryAccess => {
    const end = address + BigInt(length)
    if (address <= 0n || end < address) return 'unmapped'
    // Adjacent readable mappings (a library's segments) count as one range.
    let at = address
    while (at < end) {
      const m = find(at)
      if (!m) return 'unmapped'
      if (!m.readable) return 'unreadable'
      at = m.end
    }
    return 'readable'
  }
  return {
    known: true,
    readable: (address, length) => access(address, length) === 'readable',
    access,
    executable(address) {
      const m = address > 0n ? find(address) : undefined
      return m !== undefined && m.executable
    },
  }
}
