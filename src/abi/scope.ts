// The lifetime of one native call's arguments. Borrowed views (an `RStr` of a JS
// string, a `&T` of a JS value) live until the call returns; host-made containers
// moved into the call are released again if the call never happens (a later
// argument was invalid); handles passed by value are consumed only once it did.
import { AbiError } from './errors.ts'

export class CallScope {
  /** False for scopes that build values to keep (encode): nothing in them may be temporary. */
  readonly allowsTemporaries: boolean
  constructor(allowsTemporaries = true) {
    this.allowsTemporaries = allowsTemporaries
  }
  private readonly atEnd: (() => void)[] = []
  private readonly ifNotCalled: (() => void)[] = []
  private readonly ifCalled: (() => void)[] = []
  private readonly kept: unknown[] = []

  /** Runs `release` when the scope ends, whatever happened (temporary memory). */
  temporary(release: () => void): void {
    this.atEnd.push(release)
  }
  /** Runs `undo` only if the call did not happen (memory that would have been moved). */
  undoUnlessCalled(undo: () => void): void {
    this.ifNotCalled.push(undo)
  }
  /** Runs `commit` only once the call happened (e.g. marking a handle as moved). */
  onCalled(commit: () => void): void {
    this.ifCalled.push(commit)
  }
  /** Keeps a JS object (a Buffer whose memory is lent to native code) alive until the scope ends. */
  keep(value: unknown): void {
    this.kept.push(value)
  }

  /**
   * Ends a nested scope whose values now belong to something the outer scope releases
   * (a `&T` built in temporary memory and dropped by its glue): undo steps are dropped,
   * commits run now, temporaries move out to `outer`.
   */
  settleInto(outer: CallScope): void {
    this.ifNotCalled.length = 0
    for (let i = this.ifCalled.length - 1; i >= 0; i--) this.ifCalled[i]()
    this.ifCalled.length = 0
    const temps = this.atEnd.splice(0)
    outer.temporary(() => {
      for (let i = temps.length - 1; i >= 0; i--) temps[i]()
    })
    for (const k of this.kept.splice(0)) outer.keep(k)
  }

  end(called: boolean): void {
    const run = (fns: (() => void)[]) => {
      for (let i = fns.length - 1; i >= 0; i--) fns[i]()
      fns.length = 0
    }
    run(called ? this.ifCalled : this.ifNotCalled)
    run(this.atEnd)
    this.kept.length = 0
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
export function enterScope(allowsTemporaries = true): { scope: CallScope; exit(): void } {
  const outer = active
  const scope = new CallScope(allowsTemporaries)
  active = scope
  return { scope, exit: () => void (active = outer) }
}
