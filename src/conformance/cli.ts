// `npm run conformance [-- --seed N --count N --no-peers]`: runs the layout conformance
// suite, prints the report, and exits non-zero on a mismatch or a missing compiler.
//
// The repository's runner, not part of the package's runtime: the only module that brings in
// the random cases (fast-check) and the peers (ref-struct-di), both devDependencies.
import { DEFAULT_SEED, randomCases } from './arbitrary.ts'
import { runPeers } from './peers.ts'
import { failed, formatReport } from './report.ts'
import { runConformance } from './run.ts'

const USAGE = 'usage: conformance [--seed N] [--count N] [--no-peers]'

function parseArgs(argv: string[]): { seed: number; count: number; peers: boolean } {
  const opts = { seed: DEFAULT_SEED, count: 2000, peers: true }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.split('=', 2)
    const value = (): number => {
      const text = inline ?? argv[++i]
      const n = Number(text)
      if (text === undefined || !Number.isSafeInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer, got ${text}\n${USAGE}`)
      return n
    }
    if (flag === '--seed') opts.seed = value()
    else if (flag === '--count') opts.count = value()
    else if (flag === '--no-peers') opts.peers = false
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE)
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`)
  }
  return opts
}

try {
  const opts = parseArgs(process.argv.slice(2))
  const result = await runConformance({ random: { seed: opts.seed, count: opts.count, generate: randomCases }, peers: opts.peers ? runPeers : undefined })
  for (const line of formatReport(result)) console.log(line)
  process.exitCode = failed(result) ? 1 : 0
} catch (e) {
  console.error(`conformance: ${(e as Error).message}`)
  process.exitCode = 2
}
