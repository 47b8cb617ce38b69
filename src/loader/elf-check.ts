// Checks a file's ELF headers before the system loader maps it: the loader (glibc's dlopen)
// maps each loadable segment without checking that the file holds all of its bytes, so a
// truncated library "loads" and the process dies of SIGBUS on the first touch of a missing page.
// Checked here: the ELF identity, that the file's class (32/64-bit), byte order and machine
// are this process's, and that the program headers and every PT_LOAD segment lie inside the
// file. Files that are not ELF are left to the system loader, which refuses them cleanly.
import fs from 'node:fs'
import os from 'node:os'

const PT_LOAD = 1
/** e_machine of each Node architecture. */
const MACHINES: Record<string, number> = { x64: 62, ia32: 3, arm64: 183, arm: 40, riscv64: 243, ppc64: 21, s390x: 22, loong64: 258 }

/** Why the ELF file at `path` cannot be mapped by this process, or undefined when its headers are sound. */
export function elfProblem(path: string): string | undefined {
  let fd: number
  try {
    fd = fs.openSync(path, 'r')
  } catch {
    return undefined // the system loader reports it
  }
  try {
    const stat = fs.fstatSync(fd)
    if (!stat.isFile()) return undefined // a directory or a device: the system loader reports it
    const size = stat.size
    const head = Buffer.alloc(64)
    const got = fs.readSync(fd, head, 0, 64, 0)
    if (got < 4 || head.readUInt32BE(0) !== 0x7f454c46) return undefined // not ELF: dlopen says so
    if (got < 52) return `truncated ELF file: ${size} bytes, shorter than an ELF header`
    const is64 = head[4] === 2
    const little = head[5] === 1
    const want64 = process.arch === 'x64' || process.arch === 'arm64' || process.arch === 'riscv64' || process.arch === 'ppc64' || process.arch === 's390x' || process.arch === 'loong64'
    if (is64 !== want64) return `built for ${is64 ? '64' : '32'}-bit, this process is ${want64 ? '64' : '32'}-bit (wrong ELF class)`
    if (little !== (os.endianness() === 'LE')) return `built for ${little ? 'little' : 'big'}-endian machines (wrong byte order)`
    if (is64 && got < 64) return `truncated ELF file: ${size} bytes, shorter than an ELF header`
    const u16 = (o: number) => (little ? head.readUInt16LE(o) : head.readUInt16BE(o))
    const u32 = (b: Buffer, o: number) => (little ? b.readUInt32LE(o) : b.readUInt32BE(o))
    const word = (b: Buffer, o: number) => (is64 ? Number(little ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(b, o))
    const machine = u16(18)
    const ours = MACHINES[process.arch]
    if (ours !== undefined && machine !== ours) return `built for another architecture (ELF machine ${machine}, this process needs ${ours})`
    const phoff = word(head, is64 ? 32 : 28)
    const phentsize = u16(is64 ? 54 : 42)
    const phnum = u16(is64 ? 56 : 44)
    if (phnum === 0 || phentsize < (is64 ? 56 : 32)) return 'no program headers: not a loadable shared library'
    if (phoff + phnum * phentsize > size) return `truncated ELF file: its program headers end at byte ${phoff + phnum * phentsize}, the file has ${size}`
    const ph = Buffer.alloc(phnum * phentsize)
    fs.readSync(fd, ph, 0, ph.length, phoff)
    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize
      if (u32(ph, at) !== PT_LOAD) continue
      const offset = word(ph, at + (is64 ? 8 : 4))
      const fileSize = word(ph, at + (is64 ? 32 : 16))
      if (offset + fileSize > size) return `truncated ELF file: loadable segment ${i} ends at byte ${offset + fileSize}, the file has ${size}`
    }
    return undefined
  } finally {
    fs.closeSync(fd)
  }
}
