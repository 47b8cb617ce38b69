// Writing host-made containers (RVec, RString, RBox, RHashMap): their memory comes
// from the native runtime, so whoever ends up owning them (a plugin, on any thread)
// frees it through the runtime's vtables. If the call they were made for never
// happens, they are dropped again through the same glue.
import { activeScope, allocNative, copyToNative, dropRuntime, enterScope, exitScope, type Desc } from '../abi/index.ts'

/**
 * Runs `fill`, which writes parts that the container being built will own. On failure the
 * parts made so far are released; on success their release becomes the container's job.
 */
export function buildOwnedParts(fill: () => void, onFailure: () => void): void {
  const outer = activeScope()
  const inner = enterScope(outer?.allowsTemporaries ?? false)
  try {
    fill()
  } catch (e) {
    exitScope(inner)
    inner.end(false)
    onFailure()
    throw e
  }
  exitScope(inner)
  if (outer) inner.settleInto(outer)
  else inner.end(true)
}

/** If the call the value was written for does not happen, drop it through its glue. */
export function dropUnlessCalled(d: Desc, header: Uint8Array): void {
  const scope = activeScope()
  if (!scope) return
  const saved = header.slice()
  scope.undoUnlessCalled(() => {
    const block = allocNative(saved.length)
    try {
      copyToNative(block.address, saved)
      dropRuntime().dropInPlace(block.address, d)
    } finally {
      block.free()
    }
  })
}
