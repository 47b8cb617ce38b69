// The io part of the erased test plugins (plugins-c/erased-plugin/io.c, plugins-rust/erased-plugin/src/io.rs):
// a Cursor (Read, Write, Seek, BufRead), a Builder (fmt::Write, Display), and functions using the
// readers and writers they are given.
import { RIoError, t } from '../../src/index.ts'

const io = { Send: true, Sync: true } as const
export const CursorInterface = { name: 'CursorInterface', ...io, IoRead: true, IoWrite: true, IoSeek: true, IoBufRead: true } as const
export const Cursor = t.DynTrait('RBox', CursorInterface)
export const CursorRef = t.DynTrait('RRef', CursorInterface)
export const Builder = t.DynTrait('RBox', { name: 'BuilderInterface', ...io, FmtWrite: true, Display: true })
export const Reader = t.DynTrait('RBox', { name: 'ReaderInterface', ...io, IoRead: true })
export const BufReader = t.DynTrait('RBox', { name: 'BufReaderInterface', ...io, IoBufRead: true })
export const Writer = t.DynTrait('RBox', { name: 'WriterInterface', ...io, IoWrite: true })
export const SeekReader = t.DynTrait('RBox', { name: 'SeekInterface', ...io, IoRead: true, IoSeek: true })
export const FmtWriter = t.DynTrait('RBox', { name: 'FmtWriteInterface', ...io, FmtWrite: true })

export const ioApi = {
  er_live: t.fn([], t.i64),
  er_cursor_new: t.fn([t.RStr, t.usize], Cursor),
  er_cursor_read_only: t.fn([t.RStr], Cursor),
  er_cursor_contents: t.fn([CursorRef], t.RString),
  er_builder_new: t.fn([], Builder),
  er_io_read_all: t.fn([Reader, t.usize], t.RResult(t.RString, RIoError)),
  er_io_buf_copy: t.fn([BufReader], t.RResult(t.RString, RIoError)),
  er_io_write_message: t.fn([Writer, t.RStr], t.RResult(t.usize, RIoError)),
  er_io_try_write: t.fn([Writer, t.RStr], t.RString),
  er_io_seek_read: t.fn([SeekReader], t.RResult(t.RString, RIoError)),
  er_fmt_greet: t.fn([FmtWriter, t.RStr], t.bool),
  er_io_read_on_thread: t.fn([Reader], t.RResult(t.usize, RIoError)),
} as const
