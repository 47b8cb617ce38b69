// The lifetime of one native call's arguments. Borrowed views (an `RStr` of a JS
// string, a `&T` of a JS value) live until the call returns; host-made containers
// moved into the call are released again if the call never happens (a later
// argument was invalid); handles passed by value are consumed only once it did.
import { AbiError } from './errors.ts'

type Step = () => void

/** Runs steps last-first and empties the list. */
function runSteps(steps: Step[] | null): void {
  if (!steps) return
  for (let i = steps.length - 1; i >= 0; i--) steps[i]()
  steps.length = 0
}

export class CallScope {
  /** False for scopes that build values to keep (encode): nothing in them may be temporary. */
  readonly allowsTemporaries: boolean
  /** The scope that was active before this one (restored by exitScope). */
  readonly outer: CallScope | null
  // Lists are made on first use: most calls lend nothing and move nothing.
  private atEnd: Step[] | null = null
  private ifNotCalled: Step[] | null = null
  private ifCalled: Step[] | null = null
  private kept: unknown[] | null = null

  constructor(allowsTemporaries = true, outer: CallScope | null = null) {
    this.allowsTemporaries = allowsTemporaries
    this.outer = outer
  }

  /** Runs `release` when the scope ends, whatever happened (temporary memory). */
  temporary(release: Step): void {
    ;(this.atEnd ??= []).push(release)
  }
  /** Runs `undo` only if the call did not happen (memory that would have been moved). */
  undoUnlessCalled(undo: Step): void {
    ;(this.ifNotCalled ??= []).push(undo)
  }
  /** Runs `commit` only once the call happened (e.g. marking a handle as moved). */
  onCalled(commit: Step): void {
    ;(this.ifCalled ??= []).push(commit)
  }
  /** Keeps a JS object (a Buffer whose memory is lent to native code) alive until the scope ends. */
  keep(value: unknown): void {
    ;(this.kept ??= []).push(value)
  }

  /**
   * Ends a nested scope whose values now belong to something the outer scope releases
   * (a `&T` built in temporary memory and dropped by its glue): undo steps are dropped,
   * commits run now, temporaries move out to `outer`.
   */
  settleInto(outer: CallScope): void {
    this.ifNotCalled = null
    runSteps(this.ifCalled)
    const temps = this.atEnd
    this.atEnd = null
    if (temps) outer.temporary(() => runSteps(temps))
    if (this.kept) for (const k of this.kept) outer.keep(k)
    this.kept = null
  }

  end(called: boolean): void {
    runSteps(called ? this.ifCalled : this.ifNotCalled)
    runSteps(this.atEnd)
    this.kept = null
  }
}

let active: CallScope | null = null

/** The scope of the call whose arguments are being written, if any. */
export const activeScope = (): CallScope | null => active

/** The active scope, or a clear error for a value that cannot outlive a call. */
export function requireScope(what: string): CallScope {
  if (!active || !active.allowsTemporaries) {
    throw new AbiError(
      'ERR_ABI_NO_SCOPE',
      `${what} borrows memory for the length of a call; write it as a call argument, or inside withScope(() => ...)`,
    )
  }
  return active
}

/**
 * Runs `fn` with a fresh scope: temporaries made inside live until it returns; if it
 * throws, values prepared for moving are released again.
 */
export function withScope<T>(fn: (scope: CallScope) => T, allowsTemporaries = true): T {
  const outer = active
  const scope = new CallScope(allowsTemporaries)
  active = scope
  let ok = false
  try {
    const result = fn(scope)
    ok = true
    return result
  } finally {
    active = outer
    scope.end(ok)
  }
}

/** Enters a scope for manual control (the call path, where conversion and call are separate steps). */
export function enterScope(allowsTemporaries = true): CallScope {
  const scope = new CallScope(allowsTemporaries, active)
  active = scope
  return scope
}

/** Leaves `scope` (entered with enterScope), making its outer scope active again. */
export function exitScope(scope: CallScope): void {
  active = scope.outer
}
