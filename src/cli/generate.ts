// `abi-stable header` and `abi-stable rust`: generated C header / Rust module from an interface
// file, to stdout or --out FILE.
import fs from 'node:fs'
import path from 'node:path'
import { cHeader } from '../codegen/c-header.ts'
import type { CodegenInput } from '../codegen/common.ts'
import { CodegenError } from '../codegen/errors.ts'
import { rustModule } from '../codegen/rust-module.ts'
import { parse } from './args.ts'
import type { Command } from './command.ts'
import { EXIT, InterfaceFileError } from './errors.ts'
import { loadInterface, pickDeclarations } from './interface-file.ts'

function generator(name: 'header' | 'rust', generate: (input: CodegenInput) => string, what: string, help: string): Command {
  const usage = `abi-stable ${name} <interface.ts> [--export Name] [--out FILE]`
  return {
    name,
    summary: `Write ${what} generated from an interface file's declarations.`,
    usage,
    help: `${help.trim()}

options:
  --export Name  generate only this export (and the types it uses); default: every declaration
  --out FILE     write to FILE (only when its content changes) instead of stdout
  -h, --help     this help

exit codes: 0 written, 2 bad arguments, an unreadable interface file, or a declaration the
language cannot spell with the same layout (the message names it).`,
    async run(argv, io) {
      const { values, positionals } = parse(name, argv, { export: { type: 'string' }, out: { type: 'string' } }, 1, 1, usage)
      const file = positionals[0]
      const iface = await loadInterface(file, io.cwd)
      const roots = pickDeclarations(iface, values.export as string | undefined)
      let text: string
      try {
        text = generate({ source: file.split(path.sep).join('/'), guard: path.basename(file).replace(/\.[^.]*$/, ''), roots, version: iface.version?.value })
      } catch (e) {
        if (e instanceof CodegenError) throw new InterfaceFileError(`${file}: ${e.message}`)
        throw e
      }
      if (values.out === undefined) io.out(text)
      else {
        const out = path.resolve(io.cwd, values.out as string)
        // Unchanged output keeps its mtime, so builds that depend on it do not rerun.
        if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== text) {
          fs.mkdirSync(path.dirname(out), { recursive: true })
          fs.writeFileSync(out, text)
        }
      }
      return EXIT.ok
    },
  }
}

export const header = generator(
  'header',
  cHeader,
  'a C11 header',
  `
The header includes abi_stable_runtime.h (plugins-c/include: the runtime a plugin compiles in
with abi_stable_runtime.c, over abi_stable.h) and declares, in dependency order: the
generic std instantiations the declarations use (ROption_Value via ABS_DECLARE_ROPTION, ...),
the user's structs, unions and enums (tag constants Name_Variant), each trait's vtable
(Name_VTable, Name_VTable_WM), and each prefix module (Name, Name_WM, Name_Ref, field indices,
Name_ALL_FIELDS), and the abs_type record (abs_type_Name) of every owned type it uses, for
making RVec, RBox and RHashMap values. A root module also gets Name_LAYOUT and Name_FINGERPRINT, and, when the file
exports a *VERSION string, Name_VERSION, Name_DEFINE_TYPE_LAYOUT and Name_EXPORT_ROOT_MODULE.
_Static_asserts check every size the host computes for x86_64. It compiles with
gcc -std=c11 -Wall -Wextra -pedantic -Werror.`,
)

export const rust = generator(
  'rust',
  rustModule,
  'a Rust module for the abi_stable_mirror crate',
  `
The module uses the mirror's std types (abi_stable_mirror::RString, ROption<Value>, ...), declares
each trait with sabi_trait! (object Name_TO, vtable NameVTable), the user's #[repr(C)] types, and
each prefix module as a #[repr(C)] struct. A root module gets LAYOUT and FINGERPRINT (and VERSION)
associated constants and, when the file exports a *VERSION string, an export_<module>! macro
around the mirror's export_root_module!. Const asserts check every size the host computes for
x86_64. Include it with include!(...) (or #[macro_use] mod) in a crate built with warnings denied.`,
)
