// The JS end of host trait objects: `invoke` runs a call a trampoline hands over on the main
// thread, `drainQueue` delivers the queue of calls made on plugin threads when the runtime's wake-up
// pipe says there is something (a libuv-watched socket: no native thread ever calls into JS).
// Every JS exception is caught here: the plugin gets the method's error value, the failure is
// reported and counted (report.ts).
import koffi from 'koffi'
import net from 'node:net'
import { codecOf, copyToNative, dropRuntime, needsDrop, readNative, readNativeInto, readTaking, write, type Desc } from '../../abi/index.ts'
import { UnsupportedError } from '../../types/index.ts'
import { holdLoop, installBeforeExit, setWakeHandle, updateKeepAlive } from './keep-alive.ts'
import { traitNative } from './native.ts'
import { CallKind, Record, hostingSupported, type ArgPlan, type MethodPlan } from './plan.ts'
import { hostedTraits, objectOf, releaseObject, type HostedTrait } from './registry.ts'
import { reportFailure } from './report.ts'

const LE = true
let started = false
// Registered once for the life of the process: native code may call them at any time.
let callbacks: bigint[] = []

/** Starts the native side (main-thread id, wake-up pipe) with this module's callback. */
export function startHosting(): void {
  if (started) return
  if (!hostingSupported()) {
    throw new UnsupportedError(
      `JS objects can be handed to plugins as trait objects on x86-64 Linux and macOS only (the trampolines follow the System V calling convention); this is ${process.platform}/${process.arch}`,
    )
  }
  const invoke = koffi.register(onInvoke, koffi.pointer(koffi.proto('void abs_trait_invoke_cb(void *call)')))
  callbacks = [invoke]
  const fd = traitNative().start(invoke)
  if (fd < 0) throw new UnsupportedError('the native runtime could not make its wake-up pipe for trait objects')
  // The pipe carries no data, only "the queue is not empty"; reading it drains the queue.
  const wake = new net.Socket({ fd, readable: true, writable: false })
  wake.on('data', onWake)
  wake.on('error', (e) => console.error('abi-stable: the wake-up pipe of trait-object calls failed:', e))
  setWakeHandle(wake)
  installBeforeExit(drainQueue)
  started = true
}

export const hostingStarted = (): boolean => started

// Call records are read into reused buffers, one per nesting depth (a JS method may call into a
// plugin that calls JS again): a fresh typed array per call costs more than the copy itself.
const records: Uint8Array[] = []
let recordDepth = 0

/** The record at `address`, copied into this depth's buffer (valid until the matching `done`). */
function readRecord(address: bigint): DataView {
  const bytes = (records[recordDepth] ??= new Uint8Array(Record.size))
  recordDepth++
  readNativeInto(bytes, address)
  return new DataView(bytes.buffer, bytes.byteOffset, Record.size)
}
const doneWithRecord = () => void recordDepth--

// Return values are encoded in reused buffers too (one per depth; the largest return is 128 bytes).
const returns: Uint8Array[] = []
let returnDepth = 0

/** Writes `value` as a `type` at `ret` (the trampoline's result buffer); host-made parts move with it. */
function writeReturn(type: Desc, size: number, ret: bigint, value: unknown): void {
  const bytes = (returns[returnDepth] ??= new Uint8Array(128)).subarray(0, size)
  bytes.fill(0)
  returnDepth++
  try {
    write(type, new DataView(bytes.buffer, bytes.byteOffset, size), 0, value as never)
    copyToNative(ret, bytes)
  } finally {
    returnDepth--
  }
}

function onInvoke(call: bigint): void {
  try {
    const view = readRecord(call)
    try {
      deliver(call, view, true)
    } finally {
      doneWithRecord()
    }
  } catch (e) {
    // deliver catches what the implementation throws; this is a bug of ours, never the plugin's.
    console.error('abi-stable: internal error while delivering a call to a JS trait object:', e)
  }
}

function onWake(): void {
  try {
    drainQueue()
  } catch (e) {
    console.error('abi-stable: internal error while delivering queued calls to JS trait objects:', e)
  }
}

/** Delivers every queued call (one batch, oldest first), on the main thread. */
export function drainQueue(): void {
  const native = traitNative()
  updateKeepAlive()
  const head = native.take()
  if (head !== 0n) {
    try {
      for (let entry = head; entry !== 0n; ) {
        const view = readRecord(entry)
        const next = view.getBigUint64(Record.next, LE)
        try {
          deliver(entry, view, false)
        } catch (e) {
          console.error('abi-stable: internal error while delivering a queued call to a JS trait object:', e)
        } finally {
          doneWithRecord()
        }
        entry = next
      }
    } finally {
      native.free(head)
    }
  }
  updateKeepAlive()
}

/** Resolves once every call queued by plugin threads so far has been delivered. */
export async function deliveries(): Promise<void> {
  if (!started) return
  for (;;) {
    drainQueue()
    if (traitNative().pending() === 0n) return
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

function deliver(address: bigint, view: DataView, direct: boolean): void {
  const kind = view.getUint32(Record.kind, LE)
  const k = view.getUint32(Record.method, LE)
  const objectId = Number(view.getBigUint64(Record.object, LE))
  const trait = hostedTraits.get(view.getUint32(Record.trait, LE))
  if (!trait) {
    reportFailure({ trait: '?', method: '?', reason: 'unknown-object', message: `a call arrived for trait id ${view.getUint32(Record.trait, LE)}, which this host never made` })
    return
  }
  const plan = trait.plan.methods[k]
  switch (kind) {
    case CallKind.Release: {
      const entry = releaseObject(objectId)
      if (!entry) {
        reportFailure({ trait: trait.name, method: 'drop', reason: 'unknown-object', message: `a plugin dropped ${trait.name} object #${objectId}, which JS had already let go of` })
      } else if (entry.keepAlive) holdLoop(-1)
      return
    }
    case CallKind.Refused:
      reportFailure({
        trait: trait.name,
        method: plan.name,
        reason: 'refused',
        message: `${trait.name}.${plan.name} was called on a plugin thread, where JS cannot run, and was refused: ${plan.notQueued}; ` +
          (plan.error.kind === 'rerr' ? 'the plugin got RErr' : plan.error.kind === 'fallback' ? 'the plugin got the fallback value' : 'the call was dropped'),
      })
      return
    case CallKind.Call:
      return call(address, view, trait, plan, objectId, direct ? view.getBigUint64(Record.ret, LE) : 0n)
  }
}

function call(address: bigint, view: DataView, trait: HostedTrait, plan: MethodPlan, objectId: number, ret: bigint): void {
  const entry = objectOf(objectId)
  const fail = (reason: 'threw' | 'unknown-object', error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    reportFailure({
      trait: trait.name,
      method: plan.name,
      reason,
      error,
      message: reason === 'threw' ? `${trait.name}.${plan.name} threw: ${message}` : `${trait.name}.${plan.name} was called on object #${objectId}, which JS no longer holds`,
    })
    if (ret !== 0n && plan.retSize > 0) writeErrorValue(trait, plan, ret, message)
  }
  if (!entry) {
    dropArgs(address, plan.args, 0)
    return fail('unknown-object', new Error('unknown object'))
  }
  const args: unknown[] = []
  try {
    for (const a of plan.args) args.push(readArg(address, view, a))
  } catch (e) {
    dropArgs(address, plan.args, args.length + 1)
    return fail('threw', e)
  }
  try {
    const result = entry.impl[plan.name].apply(entry.impl, args)
    if (plan.retSize === 0) {
      if (isThenable(result)) result.then(undefined, (e: unknown) => fail('threw', e))
      return
    }
    // A value for a plugin thread's call cannot exist (those are refused natively).
    if (ret !== 0n) writeReturn(plan.method.ret, plan.retSize, ret, result)
  } catch (e) {
    fail('threw', e)
  }
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function'

/** An argument as a JS value; one passed by value that owns memory is now the method's, and dropped. */
function readArg(address: bigint, view: DataView, a: ArgPlan): unknown {
  if (!needsDrop(a.type)) return codecOf(a.type).read(view, a.recordOffset)
  const at = address + BigInt(a.recordOffset)
  try {
    // Parts that stay native in JS (trait objects, opaque boxes) move out before the drop.
    return readTaking(() => codecOf(a.type).read(readNative(at, a.size), 0))
  } finally {
    dropRuntime().dropInPlace(at, a.type)
  }
}

/** Drops the owned arguments from index `from` on (not read because an earlier one failed). */
function dropArgs(address: bigint, args: readonly ArgPlan[], from: number): void {
  for (const a of args.slice(from)) if (needsDrop(a.type)) dropRuntime().dropInPlace(address + BigInt(a.recordOffset), a.type)
}

function writeErrorValue(trait: HostedTrait, plan: MethodPlan, ret: bigint, message: string): void {
  try {
    if (plan.error.kind === 'rerr') writeReturn(plan.method.ret, plan.retSize, ret, { ok: false, error: message })
    else if (plan.error.kind === 'fallback') copyToNative(ret, trait.errorBytes[trait.plan.methods.indexOf(plan)]!)
  } catch (e) {
    console.error(`abi-stable: could not write the error value of ${trait.name}.${plan.name}:`, e)
  }
}
