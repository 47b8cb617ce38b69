// Data models: the few platform facts that C and Rust layout rules depend on.
// Layout is always computed from one of these, never assumed, so 32-bit layouts
// can be computed and checked on a 64-bit machine.

export interface DataModel {
  /** A target-like name, e.g. `x86_64`, `i686-linux`. */
  readonly name: string
  /** Size and alignment of pointers, `usize` and `isize`. */
  readonly pointerSize: 4 | 8
  /** Alignment of `u64`/`i64` inside structs (4 on i686 Linux, 8 elsewhere). */
  readonly int64Align: 4 | 8
  /** Alignment of `f64` inside structs (4 on i686 Linux, 8 elsewhere). */
  readonly f64Align: 4 | 8
  /** Size of a C `int`, the tag of `repr(C)` enums. */
  readonly cIntSize: 4
  /** The `gcc` flag that compiles for this model on an x86_64 host, when there is one. */
  readonly gccFlag?: string
}

export const models = {
  x86_64: { name: 'x86_64', pointerSize: 8, int64Align: 8, f64Align: 8, cIntSize: 4, gccFlag: '-m64' },
  aarch64: { name: 'aarch64', pointerSize: 8, int64Align: 8, f64Align: 8, cIntSize: 4 },
  'i686-linux': { name: 'i686-linux', pointerSize: 4, int64Align: 4, f64Align: 4, cIntSize: 4, gccFlag: '-m32' },
  'i686-windows': { name: 'i686-windows', pointerSize: 4, int64Align: 8, f64Align: 8, cIntSize: 4 },
  armv7: { name: 'armv7', pointerSize: 4, int64Align: 8, f64Align: 8, cIntSize: 4 },
} as const satisfies Record<string, DataModel>

export type ModelName = keyof typeof models

function detectHostModel(): DataModel {
  switch (process.arch) {
    case 'x64':
      return models.x86_64
    case 'arm64':
      return models.aarch64
    case 'ia32':
      return process.platform === 'win32' ? models['i686-windows'] : models['i686-linux']
    case 'arm':
      return models.armv7
    default:
      throw new Error(`abi-stable: no data model for architecture ${process.arch}`)
  }
}

/** The data model of the running process: the one values are read and written with. */
export const hostModel: DataModel = detectHostModel()
