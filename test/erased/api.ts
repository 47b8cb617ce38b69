// The erased-types test plugins' API (plugins-c/erased-plugin and plugins-rust/erased-plugin
// export the same functions), declared once and bound against a compiled plugin.
import koffi from 'koffi'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import { bindFunction, liveAllocations, pinLibrary, t, type BoundFn, type FnDesc } from '../../src/index.ts'

/** TextInterface: what the examples' TOString-like values implement. */
export const TextInterface = {
  name: 'TextInterface',
  Send: true,
  Sync: true,
  Clone: true,
  Display: true,
  Debug: true,
  Serialize: true,
  Ord: true,
  Hash: true,
} as const
export const Text = t.DynTrait('RBox', TextInterface)
export const TextRef = t.DynTrait('RRef', TextInterface)
export const TextMut = t.DynTrait('RMut', TextInterface)
/** WordsInterface: Iterator<Item = RString> + DoubleEndedIterator. */
export const WordsInterface = { name: 'WordsInterface', Send: true, Sync: true, Iterator: t.RString, DoubleEndedIterator: true } as const
export const Words = t.DynTrait('RBox', WordsInterface)
export const WordsMut = t.DynTrait('RMut', WordsInterface)
/** ShowInterface: Display + Debug, what a JS value can be for a plugin. */
export const Show = t.DynTrait('RBox', { name: 'ShowInterface', Send: true, Sync: true, Display: true, Debug: true })

/** SharedInterface: a Text behind an RArc (Send, Sync, Clone, Display, Debug). */
export const Shared = t.DynTrait('RArc', { name: 'SharedInterface', Send: true, Sync: true, Clone: true, Display: true, Debug: true })

export const api = {
  er_live: t.fn([], t.i64),
  er_live_allocations: t.fn([], t.i64),
  er_text_new: t.fn([t.RStr], Text),
  er_text_no_display: t.fn([t.RStr], Text),
  er_text_take: t.fn([Text], t.RString),
  er_text_len: t.fn([TextRef], t.usize),
  er_text_push: t.fn([TextMut, t.RStr], t.unit),
  er_text_replace: t.fn([t.refMut(Text), TextRef], t.unit),
  er_texts: t.fn([t.u32], t.RVec(Text)),
  er_text_maybe: t.fn([t.RStr, t.bool], t.ROption(Text)),
  er_words: t.fn([t.RStr], Words),
  er_words_count: t.fn([Words], t.usize),
  er_show: t.fn([Show], t.RString),
  er_show_on_thread: t.fn([Show], t.RString),
  er_join: t.fn([Words], t.RString),
  er_take_two: t.fn([WordsMut], t.RString),
  er_relate: t.fn([Text, Text], t.RString),
  er_shared_text: t.fn([t.RStr], Shared),
  er_shared_take: t.fn([Shared], t.RString),
} as const

export type Api = { [K in keyof typeof api]: BoundFn<(typeof api)[K]> }

/** The erased plugins the global setup built (test/setup/erased-plugins.ts), by language. */
export const erasedPlugins = (): [string, string][] => Object.entries(inject('erasedPlugins'))

export function loadErasedPlugin(path: string): Api {
  const lib = koffi.load(path)
  if (!pinLibrary(path)) throw new Error(`${path} was loaded but could not be pinned`)
  return Object.fromEntries(Object.entries(api).map(([name, f]) => [name, bindFunction(lib, name, f as FnDesc)])) as unknown as Api
}

/**
 * Call inside a `describe`, after the hook that loads the plugin: once the suite is done, the
 * plugin's and the runtime's allocations are back at their counts after that setup, and with
 * `noLiveValues` the plugin holds none of its values either.
 */
export function watchErasedSuite(plugin: () => Api, options: { noLiveValues?: boolean } = {}): void {
  let allocations = 0n
  let runtime = 0n
  beforeAll(() => {
    allocations = plugin().er_live_allocations()
    runtime = liveAllocations()
  })
  afterAll(() => {
    if (options.noLiveValues) expect(plugin().er_live()).toBe(0n)
    expect(plugin().er_live_allocations()).toBe(allocations)
    expect(liveAllocations()).toBe(runtime)
  })
}

declare module 'vitest' {
  export interface ProvidedContext {
    erasedPlugins: Record<string, string>
  }
}

/** The shop's Command as the newer plugin has it (RenameItem is new) and as an older host knows it. */
const commandV1 = {
  CreateItem: { name: t.RString, price: t.u32 },
  DeleteItem: { id: t.u64 },
  AddItem: { id: t.u64, count: t.u32 },
} as const
export const CommandV1 = t.enum('Command', commandV1, { repr: 'u8' })
export const CommandV2 = t.enum('Command', { ...commandV1, RenameItem: { id: t.u64, name: t.RString } }, { repr: 'u8' })
/** Command_Interface: Send, Sync, Clone, Debug, Display, PartialEq, Serialize. */
export const CommandInterface = { name: 'Command_Interface', Send: true, Sync: true, Clone: true, Debug: true, Display: true, PartialEq: true, Serialize: true } as const
/** Display templates for JS-made commands under the host's vtable (the plugins' Display). */
export const CommandDisplay = {
  CreateItem: 'create {name} for {price}',
  DeleteItem: 'delete #{id}',
  AddItem: 'add {count} of #{id}',
  RenameItem: 'rename #{id} to {name}',
} as const
/** `[usize; 8]`: 64 bytes of storage. */
export const CommandStorage = t.array(t.usize, 8)

export function shopApi<D extends import('../../src/index.ts').Desc>(commandNe: D) {
  return {
    sh_command_create: t.fn([t.RStr, t.u32], commandNe),
    sh_command_delete: t.fn([t.u64], commandNe),
    sh_command_add: t.fn([t.u64, t.u32], commandNe),
    sh_command_rename: t.fn([t.u64, t.RStr], commandNe),
    sh_run: t.fn([commandNe], t.RString),
    sh_describe: t.fn([commandNe, commandNe], t.RString),
    sh_commands: t.fn([], t.RVec(commandNe)),
    sh_bad_command: t.fn([], commandNe),
    sh_made: t.fn([], t.i64),
    sh_drops: t.fn([], t.i64),
  } as const
}

export function bindAll<A extends Record<string, FnDesc>>(path: string, fns: A): { [K in keyof A]: BoundFn<A[K]> } {
  const lib = koffi.load(path)
  return Object.fromEntries(Object.entries(fns).map(([name, f]) => [name, bindFunction(lib, name, f)])) as never
}

/** Error_Interface: Send, Sync, Clone, Debug, Display, PartialEq (the example's, plus Display). */
export const ErrorInterface = { name: 'Error_Interface', Send: true, Sync: true, Clone: true, Debug: true, Display: true, PartialEq: true } as const
/** `[usize; 6]`: 48 bytes of storage. */
export const ErrorStorage = t.array(t.usize, 6)

/**
 * The shop's Error as an older host knows it (ItemAlreadyExists, ItemIdNotFound, InvalidCommand)
 * and as the plugins have it (InvalidName is new), boxing the given Command_NE declaration.
 */
export function shopErrors<D extends import('../../src/index.ts').Desc>(commandNe: D) {
  const v1 = { ItemAlreadyExists: { id: t.u64, name: t.RString }, ItemIdNotFound: { id: t.u64 }, InvalidCommand: { cmd: t.RBox(commandNe) } } as const
  const ErrorV1 = t.enum('Error', v1, { repr: 'u8' })
  const ErrorV2 = t.enum('Error', { ...v1, InvalidName: { name: t.RString } }, { repr: 'u8' })
  return { ErrorV1, ErrorV2 }
}

/** The stateful shop: `Shop::run_command` as a function of an opaque shop pointer. */
export function shopStateApi<C extends import('../../src/index.ts').Desc, E extends import('../../src/index.ts').Desc>(commandNe: C, errorNe: E) {
  return {
    sh_shop_new: t.fn([], t.usize),
    sh_shop_free: t.fn([t.usize], t.unit),
    sh_shop_run: t.fn([t.usize, commandNe], t.RResult(t.RString, errorNe)),
    sh_errors_live: t.fn([], t.i64),
  } as const
}
