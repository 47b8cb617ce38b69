// The native runtime's channel (src/native/abs_rchannel.h), bound on first use.
import { bindFunction, t } from '../abi/index.ts'
import { runtimeLibrary } from '../types/runtime.ts'

const p = t.ptr()

function bind() {
  const lib = runtimeLibrary()
  return {
    make: bindFunction(lib, 'abs_rchannel_new', t.fn([p, t.usize, t.u64, p, p], t.i32)),
    watch: bindFunction(lib, 'abs_rchannel_watch', t.fn([p], t.i32)),
    receiverBoxVtable: bindFunction(lib, 'abs_rchannel_receiver_box_vtable', t.fn([], p)),
    live: bindFunction(lib, 'abs_rchannels_live', t.fn([], t.i64)),
  }
}

let native: ReturnType<typeof bind> | undefined
export const channelNative = (): ReturnType<typeof bind> => (native ??= bind())

/** Host-made channels alive now (every end not yet dropped, by JS or a plugin): for tests. */
export const liveRChannels = (): number => Number(channelNative().live())
