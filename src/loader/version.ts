// The interface-version rule, as abi_stable's loader really applies it (reference 10.1): the
// version strings must have the same major, and for 0.x also the same minor; the patch never
// matters. (`check_version` alone would accept a 0.x library with a newer minor, but the layout
// check that runs first compares every type's package version "loosely" and rejects it.)

import { DeclarationError } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'

export interface VersionNumber {
  readonly major: number
  readonly minor: number
  readonly patch: number
}

/**
 * Parses `major.minor.patch` as abi_stable does: major and minor are plain integers, the patch
 * is the first run of digits (`1-beta` is 1) and defaults to 0. Returns undefined when the
 * string does not parse.
 */
export function parseVersion(text: string): VersionNumber | undefined {
  const [major, minor, ...rest] = text.trim().split('.')
  if (minor === undefined || !/^\d+$/.test(major) || !/^\d+$/.test(minor)) return undefined
  const patch = /\d+/.exec(rest.join('.'))
  return { major: Number(major), minor: Number(minor), patch: patch ? Number(patch[0]) : 0 }
}

/** Why `found` cannot serve a host that expects `expected`, or undefined when it can. */
export function versionIncompatibility(expected: VersionNumber, found: VersionNumber): string | undefined {
  if (expected.major !== found.major) return `the major versions differ`
  if (expected.major === 0 && expected.minor !== found.minor) return `for 0.x versions the minor versions must be equal`
  return undefined
}

// The host's own version is written by the host, so it is held to the form it is documented in:
// exactly three numbers (a semver pre-release or build suffix allowed, as Cargo versions have).
const VERSION_OPTION = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/

/**
 * Reads the `version` option of `caller` (loadLibrary, findPlugins): the interface version the
 * host implements, a string `major.minor.patch`. Anything else (`'0.1'`, the number `0.1`,
 * `'v0.1.0'`, `''`, `'1.2.3.4'`, `null`) is refused with the same DeclarationError wherever it
 * is given, rather than read loosely as a library's own version string is (parseVersion).
 */
export function versionOption(value: unknown, caller: string): VersionNumber {
  const m = typeof value === 'string' ? VERSION_OPTION.exec(value) : null
  if (!m) throw new DeclarationError(`${caller}: version must be a string major.minor.patch, like '0.1.0'; got ${describeValue(value)}`)
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) }
}
