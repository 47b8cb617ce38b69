// Borrowed trait objects a plugin lends to a JS method (an `RMut`/`RRef` argument) live for that
// call only: the host dispatch marks where a call's arguments start and expires, when the method
// returns, every borrowed object read since. Used later, they throw ExpiredBorrowError instead of
// reaching memory the plugin may have freed.
import type { NativeOwner } from './owner.ts'

const lent: NativeOwner[] = []
let depth = 0

/** Runs a JS method's call (reading its arguments included): what it was lent expires after it. */
export function lendingForCall<T>(call: () => T): T {
  const mark = lent.length
  depth++
  try {
    return call()
  } finally {
    depth--
    while (lent.length > mark) lent.pop()!.$expire()
  }
}

/** Records a borrowed object read as an argument of the current JS method call (if any). */
export function expiresWithCall(object: NativeOwner): void {
  if (depth > 0) lent.push(object)
}
