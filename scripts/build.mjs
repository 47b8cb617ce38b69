// `npm run build`: src/ to dist/ (ESM JavaScript and declarations) with tsc, from an
// empty dist/ so a renamed source leaves nothing stale behind. tsc rewrites the sources' `.ts`
// import specifiers to `.js` in the JavaScript it emits but not in declarations; they are
// rewritten here too, so the declarations read as ordinary ones to any TypeScript version.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(root, 'dist')

fs.rmSync(dist, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' })
if (r.status !== 0) process.exit(r.status ?? 1)

const RELATIVE_TS = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*?)\.ts(['"])/g
let rewritten = 0
for (const file of fs.readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.d.ts')) continue
  const full = path.join(dist, file)
  const text = fs.readFileSync(full, 'utf8')
  const next = text.replace(RELATIVE_TS, '$1$2.js$3')
  if (next !== text) {
    fs.writeFileSync(full, next)
    rewritten++
  }
}
console.log(`abi-stable: built dist/ (${rewritten} declaration files' imports rewritten to .js)`)
