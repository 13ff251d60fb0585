/**
 * Expressions, with C precedence (lowest first):
 *
 *   ||   &&   |   ^   &   == !=   < <= > >=   << >>   + -   * / %   unary - + ~ !   ( ) HIGH() LOW()
 *
 * Comparisons and the logical operators give 1 or 0.
 * Operands: numbers and character constants (lexer.ts), symbols, `$` (the address of the
 * statement). Arithmetic is on 32-bit signed integers: `/` and `%` truncate toward zero,
 * `>>` is arithmetic. HIGH(x) = (x >> 8) & FFh, LOW(x) = x & FFh.
 *
 * A symbol the resolver does not know makes the value unknown (0 in arithmetic) in an early
 * pass; in the final pass it is an error.
 */
import { tokenize, type Token } from './lexer.js';
import { AsmError, type ExprValue } from './types.js';

export interface ExprEnv {
  /** Address of the current statement ($). */
  pc: number;
  /** Value of a symbol, or undefined when it is not defined (yet). */
  lookup(name: string): number | undefined;
  /** Undefined symbols are an error (the final pass). */
  strict: boolean;
}

const BINARY: { ops: string[] }[] = [
  { ops: ['||'] },
  { ops: ['&&'] },
  { ops: ['|'] },
  { ops: ['^'] },
  { ops: ['&'] },
  { ops: ['==', '!='] },
  { ops: ['<', '<=', '>', '>='] },
  { ops: ['<<', '>>'] },
  { ops: ['+', '-'] },
  { ops: ['*', '/', '%'] },
];

function apply(op: string, a: number, b: number, known: boolean): number {
  switch (op) {
    case '||': return a !== 0 || b !== 0 ? 1 : 0;
    case '&&': return a !== 0 && b !== 0 ? 1 : 0;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '<<': return b >= 32 || b < 0 ? 0 : a << b;
    case '>>': return b >= 32 || b < 0 ? (a < 0 ? -1 : 0) : a >> b;
    case '+': return (a + b) | 0;
    case '-': return (a - b) | 0;
    case '*': return Math.imul(a, b);
    case '/':
    case '%':
      if (b === 0) {
        if (known) throw new AsmError('division by zero');
        return 0;
      }
      return (op === '/' ? Math.trunc(a / b) : a % b) | 0;
  }
  throw new AsmError(`unknown operator ${op}`);
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[], private readonly env: ExprEnv, private readonly text: string) {}

  private peek(): Token {
    return this.toks[this.i];
  }

  private fail(what: string): never {
    throw new AsmError(`${what} in expression "${this.text.trim()}"`);
  }

  parse(): ExprValue {
    const v = this.binary(0);
    if (this.peek().kind !== 'end') this.fail(`unexpected "${this.peek().text}"`);
    return v;
  }

  private binary(level: number): ExprValue {
    if (level === BINARY.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !BINARY[level].ops.includes(t.text)) return left;
      this.i++;
      const right = this.binary(level + 1);
      const known = left.known && right.known;
      left = { value: apply(t.text, left.value, right.value, known), known };
    }
  }

  private unary(): ExprValue {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '~' || t.text === '!')) {
      this.i++;
      const v = this.unary();
      const value = t.text === '-' ? -v.value | 0 : t.text === '~' ? ~v.value : t.text === '!' ? (v.value === 0 ? 1 : 0) : v.value;
      return { value, known: v.known };
    }
    return this.primary();
  }

  private primary(): ExprValue {
    const t = this.toks[this.i++];
    switch (t.kind) {
      case 'num':
        return { value: t.value | 0, known: true };
      case 'str':
        if (t.text.length !== 1) this.fail(`a string ("${t.text}") is not a number (only one character is)`);
        return { value: t.text.charCodeAt(0) & 0xff, known: true };
      case 'op':
        if (t.text === '$') return { value: this.env.pc, known: true };
        if (t.text === '(') {
          const v = this.binary(0);
          this.expect(')');
          return v;
        }
        break;
      case 'name': {
        const up = t.text.toUpperCase();
        if ((up === 'HIGH' || up === 'LOW') && this.peek().text === '(') {
          this.i++;
          const v = this.binary(0);
          this.expect(')');
          return { value: up === 'HIGH' ? (v.value >> 8) & 0xff : v.value & 0xff, known: v.known };
        }
        const v = this.env.lookup(t.text);
        if (v !== undefined) return { value: v, known: true };
        if (this.env.strict) throw new AsmError(`undefined symbol "${t.text}"`);
        return { value: 0, known: false };
      }
      case 'end':
        this.fail(this.text.trim() === '' ? 'missing value' : 'missing value at the end');
    }
    this.fail(`unexpected "${t.text}"`);
  }

  private expect(op: string): void {
    const t = this.toks[this.i];
    if (t.kind !== 'op' || t.text !== op) this.fail(`expected "${op}"`);
    this.i++;
  }
}

export function evaluate(text: string, env: ExprEnv): ExprValue {
  if (text.trim() === '') throw new AsmError('missing expression');
  return new Parser(tokenize(text), env, text).parse();
}
