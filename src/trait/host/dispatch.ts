// The JS end of host trait objects: `invoke` runs a call a trampoline hands over on the main
// thread, `drainQueue` delivers the queue of calls made on plugin threads when the runtime's wake-up
// pipe says there is something (a libuv-watched socket: no native thread ever calls into JS).
// Every JS exception is caught here: the plugin gets the method's error value, the failure is
// reported and counted (report.ts).
import koffi from 'koffi'
import net from 'node:net'
import { allocNative, codecOf, copyToNative, dropRuntime, needsDrop, readNative, readNativeInto, readTaking, write, type Desc } from '../../abi/index.ts'
import { UnsupportedError } from '../../types/index.ts'
import { holdLoop, installBeforeExit, setWakeHandle, updateKeepAlive } from './keep-alive.ts'
import { traitNative } from './native.ts'
import { CallKind, Record, hostingSupported, type ArgPlan, type MethodPlan } from './plan.ts'
import { hostedTraits, objectOf, releaseObject, type HostedTrait } from './registry.ts'
import { reportFailure } from './report.ts'
import { lendingForCall } from '../lend.ts'
import { settleHostFuture } from '../../async/host-future.ts'
import type { FfiPollDesc } from '../../async/poll.ts'

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

/**
 * The record at `address`, copied into this depth's buffer (valid until the matching `done`). A
 * queued entry is only as long as its method's words: its header is read first to learn how many.
 */
function readRecord(address: bigint, queued = false): DataView {
  const bytes = (records[recordDepth] ??= new Uint8Array(Record.size))
  recordDepth++
  if (!queued) readNativeInto(bytes, address)
  else {
    const header = bytes.subarray(0, Record.words)
    readNativeInto(header, address)
    const view = new DataView(bytes.buffer, bytes.byteOffset, Record.size)
    const words = queuedWords(view)
    if (words > 0) readNativeInto(bytes.subarray(0, Record.words + 8 * words), address)
  }
  return new DataView(bytes.buffer, bytes.byteOffset, Record.size)
}

/** How many argument words a queued entry carries: its method's for a call or a refusal, else none. */
function queuedWords(view: DataView): number {
  const kind = view.getUint32(Record.kind, LE)
  if (kind !== CallKind.Call && kind !== CallKind.Refused) return 0
  const plan = hostedTraits.get(view.getUint32(Record.trait, LE))?.plan.methods[view.getUint32(Record.method, LE)]
  return plan ? plan.words : 0
}
const doneWithRecord = () => void recordDepth--

// Return values are encoded in reused buffers too (one per depth, grown to the largest return).
const returns: Uint8Array[] = []
let returnDepth = 0

/** Writes `value` as a `type` at `ret` (the trampoline's result buffer); host-made parts move with it. */
export function writeReturn(type: Desc, size: number, ret: bigint, value: unknown): void {
  if ((returns[returnDepth]?.length ?? 0) < size) returns[returnDepth] = new Uint8Array(Math.max(size, 128))
  const bytes = returns[returnDepth].subarray(0, size)
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
        const view = readRecord(entry, true)
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
      // Arguments passed by value are the callee's: the plugin gave them up with the call.
      dropArgs(address, view, plan.args, 0)
      reportFailure({
        trait: trait.name,
        method: plan.name,
        reason: 'refused',
        message: `${trait.name}.${plan.name} was called on a plugin thread, where JS cannot run, and was refused: ${plan.notQueued}; ` +
          (plan.error.kind === 'rerr' ? 'the plugin got RErr' : plan.error.kind === 'fallback' ? 'the plugin got the fallback value' : 'the call was dropped'),
      })
      return
    case CallKind.TimedOut:
      reportFailure({
        trait: trait.name,
        method: plan.name,
        reason: 'timed-out',
        message: `${trait.name}.${plan.name} was called on a plugin thread that waited ${plan.waitMs} ms for the main thread and gave up (the main thread was busy, or blocked in a native call waiting for that thread); ` +
          (plan.error.kind === 'rerr' ? 'the plugin got RErr' : 'the plugin got the fallback value'),
      })
      return
    case CallKind.Call:
      if (!direct && view.getUint32(Record.waiting, LE) === 1) return lendingForCall(() => answerWaiting(address, view, trait, plan, objectId))
      if (!direct && view.getUint32(Record.waiting, LE) === 2) return lendingForCall(() => completeFuture(address, view, trait, plan, objectId))
      // Borrowed objects (RMut/RRef arguments) read for the call expire when it returns.
      return void lendingForCall(() => call(address, view, trait, plan, objectId, direct ? view.getBigUint64(Record.ret, LE) : 0n))
  }
}

/** A plugin thread waits for this call (offThread: 'wait'): run it, then hand over the answer. */
function answerWaiting(address: bigint, view: DataView, trait: HostedTrait, plan: MethodPlan, objectId: number): void {
  const native = traitNative()
  // It gave up already (reported by its TimedOut entry): its arguments are still JS's to drop.
  if (native.waitPending(address) !== 1) return dropArgs(address, view, plan.args, 0)
  const ret = view.getBigUint64(Record.ret, LE)
  call(address, view, trait, plan, objectId, ret)
  // It gave up while JS ran: what JS wrote is nobody's but ours.
  if (native.answer(address) !== 0 && needsDrop(plan.method.ret)) dropRuntime().dropInPlace(ret, plan.method.ret)
}

/**
 * A plugin thread called a method returning an FfiFuture and already holds the host future the
 * trampoline made (the entry's `ret`): run the JS method and complete that future when its promise
 * settles. A throw, or an object JS no longer holds, completes it with the error as a rejection.
 */
function completeFuture(address: bigint, view: DataView, trait: HostedTrait, plan: MethodPlan, objectId: number): void {
  if (plan.error.kind !== 'future') throw new Error(`abi-stable internal error: ${trait.name}.${plan.name} got a future call but returns ${plan.method.ret.name}`)
  const future = plan.error.future
  const f = view.getBigUint64(Record.ret, LE)
  settleHostFuture(future.poll as FfiPollDesc<any>, future.name, f, call(address, view, trait, plan, objectId, 0n) ?? Promise.reject(new Error(`${trait.name}.${plan.name} failed`)))
}

/** A method's result as a promise when it returns a future (JS may return a promise or a plain value). */
const asPromise = (value: unknown): PromiseLike<unknown> => (isThenable(value) ? value : Promise.resolve(value))

/**
 * Runs a call. For a method returning a future: the promise the plugin's future settles with (a
 * rejected one for a throw or an unknown object), written at `ret` when there is one.
 */
function call(address: bigint, view: DataView, trait: HostedTrait, plan: MethodPlan, objectId: number, ret: bigint): PromiseLike<unknown> | undefined {
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
    if (plan.error.kind === 'future') {
      const rejected = Promise.reject(error instanceof Error ? error : new Error(message))
      if (ret !== 0n) writeErrorValue(trait, plan, ret, message, rejected)
      return rejected
    }
    if (ret !== 0n && plan.retSize > 0) writeErrorValue(trait, plan, ret, message)
    return undefined
  }
  if (!entry) {
    dropArgs(address, view, plan.args, 0)
    return fail('unknown-object', new Error(`${trait.name}.${plan.name} was called on object #${objectId}, which JS no longer holds`))
  }
  const args: unknown[] = []
  try {
    for (const a of plan.args) args.push(readArg(address, view, a))
  } catch (e) {
    dropArgs(address, view, plan.args, args.length + 1)
    return fail('threw', e)
  }
  try {
    const result = entry.impl[plan.name].apply(entry.impl, args)
    if (plan.error.kind === 'future') {
      const promise = asPromise(result)
      if (ret !== 0n) writeReturn(plan.method.ret, plan.retSize, ret, promise)
      return promise
    }
    if (plan.retSize === 0) {
      if (isThenable(result)) result.then(undefined, (e: unknown) => fail('threw', e))
      return
    }
    // A value for a plugin thread's call cannot exist (those are refused natively).
    if (ret !== 0n) writeReturn(plan.method.ret, plan.retSize, ret, result)
  } catch (e) {
    return fail('threw', e)
  }
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function'

/** An argument as a JS value; one passed by value that owns memory is now the method's, and dropped. */
export function readArg(address: bigint, view: DataView, a: ArgPlan): unknown {
  if (a.recordOffset < 0) return readSplitArg(view, a)
  if (!needsDrop(a.type)) return codecOf(a.type).read(view, a.recordOffset)
  const at = address + BigInt(a.recordOffset)
  try {
    // Parts that stay native in JS (trait objects, opaque boxes) move out before the drop.
    return readTaking(() => codecOf(a.type).read(readNative(at, a.size), 0))
  } finally {
    dropRuntime().dropInPlace(at, a.type)
  }
}

/** The bytes of an argument whose eightbytes are spread over float registers and words. */
function gather(view: DataView, a: ArgPlan): Uint8Array {
  const bytes = new Uint8Array(a.parts.length * 8)
  a.parts.forEach((p, e) => bytes.set(new Uint8Array(view.buffer, view.byteOffset + p, 8), e * 8))
  return bytes
}

/** Reads (and, owning memory, drops) an argument gathered into one native block. */
function readSplitArg(view: DataView, a: ArgPlan): unknown {
  const bytes = gather(view, a)
  if (!needsDrop(a.type)) return codecOf(a.type).read(new DataView(bytes.buffer), 0)
  const block = allocNative(bytes.length)
  try {
    copyToNative(block.address, bytes)
    try {
      return readTaking(() => codecOf(a.type).read(readNative(block.address, a.size), 0))
    } finally {
      dropRuntime().dropInPlace(block.address, a.type)
    }
  } finally {
    block.free()
  }
}

/** Drops the owned arguments from index `from` on (not read because an earlier one failed). */
export function dropArgs(address: bigint, view: DataView, args: readonly ArgPlan[], from: number): void {
  for (const a of args.slice(from)) {
    if (!needsDrop(a.type)) continue
    if (a.recordOffset >= 0) {
      dropRuntime().dropInPlace(address + BigInt(a.recordOffset), a.type)
      continue
    }
    const block = allocNative(a.parts.length * 8)
    try {
      copyToNative(block.address, gather(view, a))
      dropRuntime().dropInPlace(block.address, a.type)
    } finally {
      block.free()
    }
  }
}

function writeErrorValue(trait: HostedTrait, plan: MethodPlan, ret: bigint, message: string, rejected?: PromiseLike<unknown>): void {
  try {
    if (plan.error.kind === 'future') writeReturn(plan.method.ret, plan.retSize, ret, rejected ?? Promise.reject(new Error(message)))
    else if (plan.error.kind === 'rerr') writeReturn(plan.method.ret, plan.retSize, ret, { ok: false, error: message })
    else if (plan.error.kind === 'fallback') copyToNative(ret, trait.errorBytes[trait.plan.methods.indexOf(plan)]!)
  } catch (e) {
    console.error(`abi-stable: could not write the error value of ${trait.name}.${plan.name}:`, e)
  }
}
