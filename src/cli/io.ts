// Where a command writes, and how: colour only when the stream is a terminal (and NO_COLOR is
// unset, FORCE_COLOR forces it), so piped output and test snapshots stay plain text.
export interface Io {
  out(text: string): void
  err(text: string): void
  /** Whether to colour (decided once per run). */
  readonly colour: boolean
  /** The directory relative paths are resolved against. */
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
}

export function processIo(): Io {
  // `abi-stable ls | head`: a closed pipe ends the output, not the process with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e
    process.exit(process.exitCode ?? 0)
  })
  const env = process.env
  const colour = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' ? true : env.NO_COLOR === undefined && process.stdout.isTTY === true
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    colour,
    cwd: process.cwd(),
    env,
  }
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39] } as const
export type Style = keyof typeof CODES

export const paint = (io: Io, style: Style, text: string): string =>
  io.colour ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text

/** A plain-text table: columns padded to their widest cell (colour codes not counted). */
export function table(io: Io, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i] ?? ''))))
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - visible(c)))).join('  ').trimEnd()
  return [line(header.map((h) => paint(io, 'bold', h))), ...rows.map(line)].join('\n') + '\n'
}
