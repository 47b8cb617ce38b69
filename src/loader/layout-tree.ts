// Parses a canonical layout string (src/abi/layout-string.ts) back into a tree, so two of them
// can be walked side by side and their first difference named by a path
// (`ConnectorMod.sum.args[0]<0>`) instead of a character offset.
//
// The grammar is exactly what layoutString prints:
//   prefix NAME prefix_len=N{field:T,...}   struct NAME{...}   union NAME{...}
//   enum NAME repr(R){Variant=D{...},...}   transparent NAME(T,...)   fn(T,...)->T
//   &T   &mut T   *const P   *mut P   [T;N]   NAME   NAME<T,...>   ()   Trait_TO T   opaque NAME
// where a NAME may carry generic arguments (`Tuple2<u8, u64>`) and a pointee P is only named.

export type LayoutKind = 'prefix' | 'struct' | 'union' | 'enum' | 'variant' | 'transparent' | 'fn' | 'ref' | 'ptr' | 'array' | 'named'

export interface LayoutNode {
  readonly kind: LayoutKind
  /** What identifies the node besides its children: name, repr, discriminant, length, pointee. */
  readonly head: string
  readonly children: readonly LayoutChild[]
  /** The node's own text in the layout string. */
  readonly text: string
  /** Prefix types: how many fields every version has. */
  readonly prefixLen?: number
  /** Named types (struct, union, enum, prefix, variant): the bare name. */
  readonly name?: string
}

export interface LayoutChild {
  /** Field or variant name, or a position. */
  readonly label: string
  /** How the child extends a path: `.field`, `::Variant`, `.args[0]`, `.returns`, `<0>`, `[]`, `.*`. */
  readonly segment: string
  readonly node: LayoutNode
}

/** The layout string could not be parsed (it was not made by layoutString, or was edited by hand). */
export class LayoutParseError extends Error {
  readonly at: number
  constructor(message: string, at: number) {
    super(`${message} at character ${at}`)
    this.at = at
  }
}

export function parseLayout(text: string): LayoutNode {
  const p = new Parser(text)
  const node = p.type()
  if (p.i !== text.length) p.fail('expected the end of the layout')
  return node
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y
const INT = /-?\d+/y
// Field names: identifiers, or positions for tuple structs and tuple variants.
const FIELD = /[A-Za-z0-9_]+/y

class Parser {
  i = 0
  constructor(readonly s: string) {}

  fail(message: string): never {
    throw new LayoutParseError(message, this.i)
  }
  peek(word: string): boolean {
    return this.s.startsWith(word, this.i)
  }
  eat(word: string): boolean {
    if (!this.peek(word)) return false
    this.i += word.length
    return true
  }
  expect(word: string): void {
    if (!this.eat(word)) this.fail(`expected '${word}'`)
  }
  match(re: RegExp, what: string): string {
    re.lastIndex = this.i
    const m = re.exec(this.s)
    if (!m) this.fail(`expected ${what}`)
    this.i += m[0].length
    return m[0]
  }
  /** An identifier with optional generic arguments kept as text (a declared type's name). */
  name(): string {
    const start = this.i
    this.match(IDENT, 'a name')
    if (this.peek('<')) this.skip(true)
    return this.s.slice(start, this.i)
  }
  /**
   * Skips a bracketed group (`group`), or text up to a top-level `,` `)` `}` `>` `]` `;` (a
   * pointee's name), tracking brackets; the `>` of `->` is not a bracket.
   */
  skip(group: boolean): void {
    let depth = 0
    while (this.i < this.s.length) {
      const c = this.s[this.i]
      if (c === '-' && this.s[this.i + 1] === '>') {
        this.i += 2
        continue
      }
      if ('(<[{'.includes(c)) depth++
      else if (')>]}'.includes(c)) {
        if (depth === 0) break
        depth--
        if (depth === 0 && group) {
          this.i++
          return
        }
      } else if ((c === ',' || c === ';') && depth === 0) break
      this.i++
    }
    if (depth !== 0 || group) this.fail('unbalanced brackets')
  }
  node(start: number, kind: LayoutKind, head: string, children: LayoutChild[], extra: Partial<LayoutNode> = {}): LayoutNode {
    return { kind, head, children, text: this.s.slice(start, this.i), ...extra }
  }
  fields(): LayoutChild[] {
    this.expect('{')
    const out: LayoutChild[] = []
    if (this.eat('}')) return out
    do {
      const label = this.match(FIELD, 'a field name')
      this.expect(':')
      out.push({ label, segment: `.${label}`, node: this.type() })
    } while (this.eat(','))
    this.expect('}')
    return out
  }
  list(close: string, segment: (i: number) => string): LayoutChild[] {
    const out: LayoutChild[] = []
    if (this.eat(close)) return out
    do out.push({ label: String(out.length), segment: segment(out.length), node: this.type() })
    while (this.eat(','))
    this.expect(close)
    return out
  }
  type(): LayoutNode {
    const start = this.i
    if (this.eat('prefix ')) {
      const name = this.name()
      this.expect(' prefix_len=')
      const prefixLen = Number(this.match(INT, 'a prefix length'))
      const children = this.fields()
      return this.node(start, 'prefix', `prefix ${name}`, children, { prefixLen, name })
    }
    for (const kw of ['struct', 'union'] as const) {
      if (this.eat(`${kw} `)) {
        const name = this.name()
        return this.node(start, kw, `${kw} ${name}`, this.fields(), { name })
      }
    }
    if (this.eat('enum ')) {
      const name = this.name()
      this.expect(' repr(')
      const repr = this.match(/[A-Za-z0-9_,]+/y, 'a repr')
      this.expect(')')
      this.expect('{')
      const variants: LayoutChild[] = []
      if (!this.eat('}')) {
        do {
          const vStart = this.i
          const vName = this.match(IDENT, 'a variant name')
          this.expect('=')
          const disc = this.match(INT, 'a discriminant')
          const fields = this.peek('{') ? this.fields() : []
          variants.push({ label: vName, segment: `::${vName}`, node: this.node(vStart, 'variant', `${vName}=${disc}`, fields, { name: vName }) })
        } while (this.eat(','))
        this.expect('}')
      }
      return this.node(start, 'enum', `enum ${name} repr(${repr})`, variants, { name })
    }
    if (this.eat('transparent ')) {
      const name = this.name()
      this.expect('(')
      return this.node(start, 'transparent', `transparent ${name}`, this.list(')', (i) => `.${i}`), { name })
    }
    if (this.eat('fn(')) {
      const args = this.list(')', (i) => `.args[${i}]`)
      this.expect('->')
      const ret = this.type()
      return this.node(start, 'fn', `fn/${args.length}`, [...args, { label: 'returns', segment: '.returns', node: ret }])
    }
    if (this.eat('&')) {
      const mut = this.eat('mut ')
      return this.node(start, 'ref', mut ? '&mut' : '&', [{ label: '*', segment: '.*', node: this.type() }])
    }
    if (this.peek('*const ') || this.peek('*mut ')) {
      this.i += this.peek('*const ') ? 7 : 5
      this.skip(false)
      return this.node(start, 'ptr', this.s.slice(start, this.i), [])
    }
    if (this.eat('[')) {
      const element = this.type()
      this.expect(';')
      const length = this.match(INT, 'an array length')
      this.expect(']')
      return this.node(start, 'array', `[;${length}]`, [{ label: 'element', segment: '[]', node: element }])
    }
    if (this.eat('()')) return this.node(start, 'named', '()', [])
    // A type only the plugin knows (t.opaque): its name is all there is to compare.
    if (this.eat('opaque ')) return this.node(start, 'named', `opaque ${this.match(IDENT, 'an opaque type name')}`, [])
    const ident = this.match(IDENT, 'a type')
    // A trait object: `Trait_TO` (over RBox) or `Trait_TO<RArc|RMut|RRef>`, then its vtable's layout.
    if (ident === 'Trait_TO') {
      const at = this.i
      if (this.peek('<')) this.skip(true)
      const head = this.s.slice(start, this.i)
      if (this.eat(' ')) return this.node(start, 'named', head, [{ label: 'vtable', segment: '.vtable', node: this.type() }])
      this.i = at
    }
    if (!this.eat('<')) return this.node(start, 'named', ident, [])
    const args = this.list('>', (i) => `<${i}>`)
    return this.node(start, 'named', ident, args)
  }
}
