/**
 * The debugger's expression language (breakpoint conditions, addresses, `set`, `dump`...).
 *
 *   numbers     hexadecimal by default, as in MAME's debugger: 1F00, 0x1F00, $1F00, 1F00h;
 *               #100 is decimal; 'A' is a character code. A word of hex digits that starts
 *               with a letter (FC00) is a number unless a register or symbol has that name.
 *   names       registers (case-insensitive; PC and SP always exist), then symbols
 *               (case-sensitive first, then case-insensitive); a name that is neither is an error
 *   memory      b@expr, w@expr, l@expr read 8, 16 or 32 bits in the CPU's byte order
 *               (through peek: no device side effects). They bind like unary operators:
 *               l@(a7+4), w@buf+2 = (w@buf)+2
 *   operators   C precedence: unary - ~ ! ; * / % ; + - ; << >> ; < <= > >= ; == != ; & ; ^ ; | ;
 *               && ; || ; parentheses. Arithmetic is on 32-bit unsigned values; comparisons give 1/0.
 */

export class ExprError extends Error {
  constructor(message: string, readonly pos: number) {
    super(message);
    this.name = 'ExprError';
  }
}

export interface ExprContext {
  /** Value of a register (name as typed), or undefined when there is no such register. */
  reg(name: string): number | undefined;
  /** Address of a symbol, or undefined. */
  sym(name: string): number | undefined;
  peek8(addr: number): number;
  peek16(addr: number): number;
  peek32(addr: number): number;
  /** Extra variables (e.g. wpaddr/wpdata in a watchpoint condition). */
  vars?: Record<string, number>;
}

type Tok =
  | { t: 'num'; v: number; pos: number }
  | { t: 'name'; v: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'mem'; v: 1 | 2 | 4; pos: number }
  | { t: 'end'; pos: number };

const OPS = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', '<', '>', '(', ')'];

/** Splits an expression into tokens; throws ExprError at the first bad character. */
export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const start = i;
    const memm = /^([bwl])@/i.exec(text.slice(i));
    if (memm) {
      const k = memm[1].toLowerCase();
      out.push({ t: 'mem', v: k === 'b' ? 1 : k === 'w' ? 2 : 4, pos: start });
      i += 2;
      continue;
    }
    if (c === '#') {
      const m = /^#([0-9]+)/.exec(text.slice(i));
      if (!m) throw new ExprError(`"#" must be followed by decimal digits`, i);
      out.push({ t: 'num', v: Number(m[1]) >>> 0, pos: start });
      i += m[0].length;
      continue;
    }
    if (c === '$' && /^\$[0-9a-fA-F]/.test(text.slice(i))) {
      const m = /^\$([0-9a-fA-F]+)(?![\w$.])/.exec(text.slice(i));
      if (m) {
        out.push({ t: 'num', v: hexValue(m[1], start), pos: start });
        i += m[0].length;
        continue;
      }
    }
    if (c === "'") {
      const m = /^'(\\?.)'/.exec(text.slice(i));
      if (!m) throw new ExprError(`bad character constant`, i);
      const ch = m[1].length === 2 ? ({ n: 10, r: 13, t: 9, '0': 0 } as Record<string, number>)[m[1][1]] ?? m[1].charCodeAt(1) : m[1].charCodeAt(0);
      out.push({ t: 'num', v: ch, pos: start });
      i += m[0].length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(0x[0-9a-fA-F]+|[0-9][0-9a-fA-F]*[hH]?)(?![\w$.])/.exec(text.slice(i));
      if (!m) throw new ExprError(`bad number "${/^[\w$.]+/.exec(text.slice(i))![0]}" (numbers are hex: 1F00, 0x1F00, $1F00; #12 is decimal)`, i);
      let s = m[1];
      if (/^0x/i.test(s)) s = s.slice(2);
      else if (/h$/i.test(s)) s = s.slice(0, -1);
      out.push({ t: 'num', v: hexValue(s, start), pos: start });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_.$]/.test(c)) {
      const m = /^[A-Za-z_.$][\w.$@?]*/.exec(text.slice(i))!;
      out.push({ t: 'name', v: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw new ExprError(`unexpected "${c}"`, i);
    out.push({ t: 'op', v: op, pos: start });
    i += op.length;
  }
  out.push({ t: 'end', pos: text.length });
  return out;
}

function hexValue(s: string, pos: number): number {
  const t = s.replace(/^0+(?=.)/, '');
  if (t.length > 8) throw new ExprError(`number ${s} is wider than 32 bits`, pos);
  return parseInt(t, 16) >>> 0;
}

/** Binary operators by precedence level, lowest first. */
const LEVELS: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

/** A parsed expression: evaluate it many times (breakpoint conditions) without re-parsing. */
export type Compiled = (ctx: ExprContext) => number;

/** Parses an expression into a function; throws ExprError on syntax errors. Names are resolved at evaluation. */
export function compile(text: string): Compiled {
  const toks = tokenize(text);
  let k = 0;
  const peek = (): Tok => toks[k];
  const isOp = (v: string): boolean => {
    const t = toks[k];
    return t.t === 'op' && t.v === v;
  };

  function binary(level: number): Compiled {
    if (level >= LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const t = peek();
      if (t.t !== 'op' || !LEVELS[level].includes(t.v)) return left;
      k++;
      const right = binary(level + 1);
      left = makeBinary(t.v, left, right, t.pos);
    }
  }

  function unary(): Compiled {
    const t = peek();
    if (t.t === 'op' && (t.v === '-' || t.v === '~' || t.v === '!' || t.v === '+')) {
      k++;
      const a = unary();
      if (t.v === '-') return (c) => (-a(c)) >>> 0;
      if (t.v === '~') return (c) => ~a(c) >>> 0;
      if (t.v === '!') return (c) => (a(c) === 0 ? 1 : 0);
      return a;
    }
    if (t.t === 'mem') {
      k++;
      const a = unary();
      const size = t.v;
      if (size === 1) return (c) => c.peek8(a(c)) & 0xff;
      if (size === 2) return (c) => c.peek16(a(c)) & 0xffff;
      return (c) => c.peek32(a(c)) >>> 0;
    }
    return primary();
  }

  function primary(): Compiled {
    const t = peek();
    if (t.t === 'num') {
      k++;
      const v = t.v;
      return () => v;
    }
    if (t.t === 'name') {
      k++;
      const name = t.v;
      const pos = t.pos;
      return (c) => {
        const v = lookupName(c, name);
        if (v === undefined) throw new ExprError(`unknown register or symbol "${name}"`, pos);
        return v;
      };
    }
    if (t.t === 'op' && t.v === '(') {
      k++;
      const e = binary(0);
      if (!isOp(')')) throw new ExprError(`")" expected`, peek().pos);
      k++;
      return e;
    }
    if (t.t === 'end') throw new ExprError(text.trim() === '' ? 'empty expression' : 'expression ends too early', t.pos);
    throw new ExprError(`unexpected "${t.t === 'op' ? t.v : t.t === 'mem' ? 'memory read' : ''}"`, t.pos);
  }

  const e = binary(0);
  if (peek().t !== 'end') {
    const t = peek();
    throw new ExprError(`unexpected ${t.t === 'name' ? `"${t.v}"` : t.t === 'num' ? 'number' : t.t === 'op' ? `"${t.v}"` : 'token'} (missing operator?)`, t.pos);
  }
  return e;
}

function lookupName(c: ExprContext, name: string): number | undefined {
  if (c.vars && Object.prototype.hasOwnProperty.call(c.vars, name.toLowerCase())) return c.vars[name.toLowerCase()] >>> 0;
  const r = c.reg(name);
  if (r !== undefined) return r >>> 0;
  const s = c.sym(name);
  if (s !== undefined) return s >>> 0;
  // MAME-style: a name made of hex digits that is no register or symbol is a number (FC00, BEEFh).
  const h = /^([0-9a-f]{1,8})h?$/i.exec(name);
  if (h) return parseInt(h[1], 16) >>> 0;
  return undefined;
}

function makeBinary(op: string, a: Compiled, b: Compiled, pos: number): Compiled {
  switch (op) {
    case '+': return (c) => (a(c) + b(c)) >>> 0;
    case '-': return (c) => (a(c) - b(c)) >>> 0;
    case '*': return (c) => Math.imul(a(c), b(c)) >>> 0;
    case '/': return (c) => {
      const x = a(c);
      const y = b(c);
      if (y === 0) throw new ExprError('division by zero', pos);
      return Math.floor(x / y) >>> 0;
    };
    case '%': return (c) => {
      const x = a(c);
      const y = b(c);
      if (y === 0) throw new ExprError('division by zero', pos);
      return x % y >>> 0;
    };
    case '<<': return (c) => {
      const s = b(c);
      return s >= 32 ? 0 : (a(c) << s) >>> 0;
    };
    case '>>': return (c) => {
      const s = b(c);
      return s >= 32 ? 0 : a(c) >>> s;
    };
    case '&': return (c) => (a(c) & b(c)) >>> 0;
    case '|': return (c) => (a(c) | b(c)) >>> 0;
    case '^': return (c) => (a(c) ^ b(c)) >>> 0;
    case '==': return (c) => (a(c) === b(c) ? 1 : 0);
    case '!=': return (c) => (a(c) !== b(c) ? 1 : 0);
    case '<': return (c) => (a(c) < b(c) ? 1 : 0);
    case '<=': return (c) => (a(c) <= b(c) ? 1 : 0);
    case '>': return (c) => (a(c) > b(c) ? 1 : 0);
    case '>=': return (c) => (a(c) >= b(c) ? 1 : 0);
    case '&&': return (c) => (a(c) !== 0 && b(c) !== 0 ? 1 : 0);
    case '||': return (c) => (a(c) !== 0 || b(c) !== 0 ? 1 : 0);
  }
  throw new ExprError(`unknown operator ${op}`, pos);
}

/** Parse and evaluate once. */
export function evaluate(text: string, ctx: ExprContext): number {
  return compile(text)(ctx);
}
